#!/usr/bin/env bash
# Install the Node dependencies when they are missing or older than the lock file.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "[install] npm ci" >&2
  npm ci --no-audit --no-fund --loglevel=error
fi

# The console's browser tests (services/console, npm test) drive Debian's chromium, and Chinese
# needs CJK fonts to render; installed with apt when missing (a browser download is not possible here).
have_pkg() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "ok installed"; }
if ! command -v chromium >/dev/null 2>&1 || ! have_pkg fonts-noto-cjk; then
  (source infra/local/lib.sh && apt_install chromium fonts-noto-cjk) ||
    echo "[install] WARNING: could not install chromium and fonts-noto-cjk; the console's browser tests need them (apt-get install chromium fonts-noto-cjk)" >&2
fi
