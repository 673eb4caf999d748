#!/usr/bin/env bash
# The whole test suite: lint, types, the clause library linted by the tool itself, pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
. .venv/bin/activate
ruff check src tests bench tools
mypy
orderdraft clauses lint
# CI=1: the property tests draw fixed examples, so a failure here can be rerun; unset CI
# locally for fresh random ones.
CI="${CI:-1}" ORDERDRAFT_REQUIRE_LIBREOFFICE=1 pytest "$@"
