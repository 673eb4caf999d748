"""Suite-wide pytest options.

``--update-goldens`` rewrites ``tests/golden/*.txt`` from what the composer produces now.
Without it (always, in CI) the golden tests compare, so a wording change shows up as a
failing diff that someone must read before regenerating.
"""

from __future__ import annotations

import pytest


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-goldens",
        action="store_true",
        default=False,
        help="Rewrite tests/golden/*.txt from the current output instead of comparing.",
    )


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "slow: takes more than ~10 s (still runs in CI; deselect with -m 'not slow')"
    )


@pytest.fixture
def update_goldens(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-goldens"))
