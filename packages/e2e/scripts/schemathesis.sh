#!/usr/bin/env bash
# Schemathesis (PyPI, pinned) in its own virtualenv under ~/.cache/linkage; prints the path of `st`.
# Idempotent: a second run only checks the version. Needs python3 (>= 3.9) with the venv module.
set -euo pipefail
VERSION="${SCHEMATHESIS_VERSION:-4.32.5}"
VENV="${LINKAGE_CACHE:-$HOME/.cache/linkage}/schemathesis-$VERSION"
if ! "$VENV/bin/st" --version 2>/dev/null | grep -q "$VERSION"; then
  echo "[schemathesis] installing schemathesis==$VERSION into $VENV" >&2
  rm -rf "$VENV"
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install --quiet --disable-pip-version-check "schemathesis==$VERSION" >&2
fi
echo "$VENV/bin/st"
