#!/usr/bin/env bash
# Makes sure the Debian packages the tests need are there: Chromium for Playwright (which never downloads its own
# browser here) and libfaketime for the faked-date run (npm run test:dates). Installs what is missing when root.
set -euo pipefail
CHROMIUM="${CHROMIUM_PATH:-/usr/bin/chromium}"
missing=()
[ -x "$CHROMIUM" ] || missing+=(chromium)
compgen -G "/usr/lib/*/faketime/libfaketime.so.1" >/dev/null || missing+=(faketime)
if [ ${#missing[@]} -eq 0 ]; then exit 0; fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing Debian's ${missing[*]} for the tests…"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  exit 0
fi
echo "Missing for the tests: ${missing[*]}. Install them (sudo apt-get install ${missing[*]}) or set CHROMIUM_PATH." >&2
exit 1
