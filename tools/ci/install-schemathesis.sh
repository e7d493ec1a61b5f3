#!/usr/bin/env bash
# Installs schemathesis (PyPI) into .cache/schemathesis-venv unless it is there
# already; test/openapi-contract.e2e-spec.ts runs it against the registry and
# ingest APIs. Pinned, so a run is reproducible with its fixed seed.
set -euo pipefail
cd "$(dirname "$0")/../.."
VERSION=4.32.5
VENV=.cache/schemathesis-venv
if [ -x "$VENV/bin/schemathesis" ] && "$VENV/bin/schemathesis" --version 2>/dev/null | grep -q "$VERSION"; then
  exit 0
fi
echo "installing schemathesis $VERSION (pip) into $VENV"
python3 -m venv "$VENV"
"$VENV/bin/pip" install --quiet --disable-pip-version-check "schemathesis==$VERSION"
