#!/usr/bin/env bash
# Installs the pinned schemathesis into a virtualenv outside the repository (idempotent) and
# prints the path of its executable. Needs python3 with venv (.ci/run installs it if missing).
set -euo pipefail
VERSION=4.32.5
VENV="${SCHEMATHESIS_VENV:-${XDG_CACHE_HOME:-$HOME/.cache}/edu-platform/schemathesis-$VERSION}"
if ! "$VENV/bin/schemathesis" --version 2>/dev/null | grep -q "$VERSION"; then
  rm -rf "$VENV"
  python3 -m venv "$VENV" >&2
  "$VENV/bin/pip" install --quiet --disable-pip-version-check "schemathesis==$VERSION" >&2
fi
echo "$VENV/bin/schemathesis"
