#!/usr/bin/env bash
# Install the system packages the test-suite needs, only when missing (idempotent, quiet).
#   PostgreSQL server (ledger tests), Chromium + driver and a CJK font (dashboard tests),
#   Java 17 (Spark tests), gcc (compiled extractors).
set -euo pipefail
need=()
[ -x /usr/lib/postgresql/15/bin/initdb ] || ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql)
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v chromedriver >/dev/null 2>&1 || need+=(chromium-driver)
command -v java >/dev/null 2>&1 || need+=(openjdk-17-jre-headless)
# a C compiler, for the mypyc-compiled extractors (make native)
command -v cc >/dev/null 2>&1 || need+=(gcc)
# a CJK font, so that browser-test screenshots show Chinese instead of boxes
[ -e /usr/share/fonts/truetype/wqy/wqy-zenhei.ttc ] || need+=(fonts-wqy-zenhei)
if [ ${#need[@]} -eq 0 ]; then
  exit 0
fi
if [ "$(id -u)" != "0" ]; then
  echo "system-deps: missing ${need[*]}; run as root or install them: apt-get install ${need[*]}" >&2
  exit 1
fi
echo "system-deps: installing ${need[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
