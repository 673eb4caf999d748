#!/usr/bin/env bash
# The main job: compose the bundled example order (DOCX and PDF) and validate both.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
. .venv/bin/activate
orderdraft compose examples/dvpp-direction.yaml -o out --overwrite --pdf
orderdraft validate out/dvpp-direction.docx out/dvpp-direction.pdf
