#!/usr/bin/env bash
# Build the web app (release) and serve it on http://127.0.0.1:8080/ — installs what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh web
. scripts/env.sh
exec trunk serve --release --offline --address 127.0.0.1 --port "${PORT:-8080}"
