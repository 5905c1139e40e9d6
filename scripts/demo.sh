#!/usr/bin/env bash
# The main job on the bundled example pages.
set -euo pipefail
cd "$(dirname "$0")/.."
X=.venv/bin/xietong
echo "== xietong clean examples/pages/ =="
$X clean examples/pages/ || true
