#!/usr/bin/env bash
# Install what orderdraft needs on a fresh Debian machine: LibreOffice (PDF rendering),
# poppler-utils (pdftoppm/pdftotext for the tests), fonts, and a virtualenv with the package.
# Safe to run again: it skips what is already there.
set -euo pipefail
cd "$(dirname "$0")/.."

need_apt=()
command -v soffice >/dev/null 2>&1 || need_apt+=(libreoffice-writer-nogui)
command -v pdftoppm >/dev/null 2>&1 || need_apt+=(poppler-utils)
[ -e /usr/share/fonts/truetype/liberation2 ] || need_apt+=(fonts-liberation2)
python3 -c "import ensurepip, venv" 2>/dev/null || need_apt+=(python3-venv)
if [ ${#need_apt[@]} -gt 0 ]; then
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need_apt[@]}"
fi

if [ ! -x .venv/bin/python ]; then
  python3 -m venv .venv
fi
.venv/bin/python -m pip install -q --upgrade pip
.venv/bin/python -m pip install -q -e '.[test]'
