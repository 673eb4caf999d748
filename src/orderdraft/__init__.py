"""orderdraft: draft family-court orders with compliant DVPP wording, and check drafts.

The public Python API mirrors the CLI so a document pipeline written in Python gets the
same findings as one that shells out to ``orderdraft validate``:

    import orderdraft
    report = orderdraft.validate(["orders/"])          # same settings discovery as the CLI
    case = orderdraft.load_case("case.yaml")
    library = orderdraft.load_library()
    composed = orderdraft.compose("case.yaml", "out/")
    bundled = orderdraft.bundle("case.yaml", "out/", reports=["referral"])  # needs LibreOffice

The names are imported on first use (module ``__getattr__``), so ``import orderdraft`` —
and ``orderdraft --version`` — stay fast. ``validate``, ``compose`` and ``bundle`` are also
the names of the modules that hold them; those modules are callable (see ``callmodule``).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:
    from .bundle import bundle as bundle
    from .case import load_case as load_case
    from .compose import compose as compose
    from .library import load_library as load_library
    from .validate import validate as validate

# name -> (module, attribute; None for the callable module itself)
_API: dict[str, tuple[str, str | None]] = {
    "validate": ("orderdraft.validate", None),
    "compose": ("orderdraft.compose", None),
    "bundle": ("orderdraft.bundle", None),
    "load_case": ("orderdraft.case", "load_case"),
    "load_library": ("orderdraft.library", "load_library"),
}

__all__ = ["__version__", "bundle", "compose", "load_case", "load_library", "validate"]


def __getattr__(name: str) -> Any:
    if name not in _API:
        raise AttributeError(f"module 'orderdraft' has no attribute {name!r}")
    module_name, attribute = _API[name]
    module = importlib.import_module(module_name)
    return module if attribute is None else getattr(module, attribute)


def __dir__() -> list[str]:
    return sorted({*globals(), *_API})
