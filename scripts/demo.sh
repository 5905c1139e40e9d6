#!/usr/bin/env bash
# The main job on the bundled example pages: clean them, extract facts, build a fresh
# SQLite ledger, print the project ledger (项目台账).
set -euo pipefail
cd "$(dirname "$0")/.."
X=.venv/bin/xietong
OUT=${XIETONG_DEMO_DIR:-demo-out}
rm -rf "$OUT"; mkdir -p "$OUT"
DB="sqlite:///$(cd "$OUT" && pwd)/ledger.db"

echo "== 1. xietong clean examples/pages/ (first documents) =="
$X clean --json examples/pages/ > "$OUT/clean.jsonl" || true
.venv/bin/python - "$OUT/clean.jsonl" <<'PY'
import json, sys
for line in open(sys.argv[1], encoding="utf-8"):
    d = json.loads(line)
    print(f"  {d['id']:<28} {d['published'] or '':<19} {d['source'] or '-':<10} {d['title'] or ''}")
PY

echo; echo "== 2. xietong extract examples/pages/ --out $OUT/facts =="
$X extract examples/pages/ --out "$OUT/facts" || true
echo "  $(ls "$OUT/facts" | wc -l) fact files written to $OUT/facts/"

echo; echo "== 3. xietong ingest examples/pages/ into a fresh SQLite ledger ($OUT/ledger.db) =="
$X ingest examples/pages/ --db "$DB" || true

echo; echo "== 4. xietong projects (项目台账) =="
$X projects --db "$DB"
echo; $X stats --db "$DB"

echo; echo "== 5. xietong rates (落地率) =="
$X rates --db "$DB" || true

if [ -n "${XIETONG_DEMO_NO_SERVE:-}" ]; then
  exit 0
fi
echo
echo "== 6. xietong serve: the dashboard over this ledger =="
echo "   open http://127.0.0.1:${XIETONG_DEMO_PORT:-8000}/  (JSON API at /api, documented at /api/docs; Ctrl-C stops)"
exec $X serve --db "$DB" --host 127.0.0.1 --port "${XIETONG_DEMO_PORT:-8000}"
