#!/usr/bin/env bash
# Install what building, serving and testing dnslens needs. Idempotent and quick when everything
# is already present; safe on a fresh machine (only the package registries are reachable).
#   scripts/setup.sh          everything (build + browser tests)
#   scripts/setup.sh web      only what building the web app needs
#   scripts/setup.sh bench    everything, and tshark and valgrind for scripts/bench.sh (tests need none)
set -euo pipefail
cd "$(dirname "$0")/.."
what="${1:-all}"
log() { printf '[setup] %s\n' "$*" >&2; }

TRUNK_VERSION=0.21.14
# wasm-bindgen-cli must equal the wasm-bindgen in Cargo.lock, or Trunk refuses it.
WBG_VERSION=$(awk '/^name = "wasm-bindgen"$/ {getline; gsub(/version = |"/, ""); print; exit}' Cargo.lock)

# The toolchain and its targets come from rust-toolchain.toml; make sure the targets are there.
rustup target add wasm32-unknown-unknown thumbv7em-none-eabihf >/dev/null 2>&1 || log "rustup target add failed (offline?)"

if [ "$(trunk --version 2>/dev/null || true)" != "trunk $TRUNK_VERSION" ]; then
  log "installing trunk $TRUNK_VERSION (about 15 minutes on 2 cores)"
  cargo install --locked trunk --version "$TRUNK_VERSION"
fi
if [ "$(wasm-bindgen --version 2>/dev/null || true)" != "wasm-bindgen $WBG_VERSION" ]; then
  log "installing wasm-bindgen-cli $WBG_VERSION (about 5 minutes)"
  # Not --locked: its lockfile names a crate version this registry lacks.
  cargo install --force wasm-bindgen-cli --version "$WBG_VERSION"
fi

# wasm-opt (binaryen 132 from npm), terser, playwright-core and axe-core, pinned by
# tests/package-lock.json.
if [ ! -x tests/node_modules/.bin/wasm-opt ] || [ ! -d tests/node_modules/playwright-core ] \
  || [ ! -d tests/node_modules/terser ] || [ ! -d tests/node_modules/axe-core ]; then
  log "installing npm packages in tests/"
  (cd tests && npm ci --no-audit --no-fund --loglevel=error)
fi

if [ "$what" = all ] || [ "$what" = bench ]; then
  # Chromium for the browser tests; dig (BIND 9.18) as the oracle of the dig text; script
  # (bsdutils, essential on Debian) runs the CLI on a terminal in its tests.
  if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ] || ! command -v dig >/dev/null \
    || ! command -v script >/dev/null; then
    log "installing chromium, chromium-driver, bind9-dnsutils and bsdutils"
    SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver bind9-dnsutils bsdutils >/dev/null
  fi
fi
if [ "$what" = bench ]; then
  # tshark (Wireshark 4.0) and editcap: the speed reference the benchmarks measure beside;
  # valgrind: instructions per message, a count the VM's noisy clock cannot blur.
  if ! command -v tshark >/dev/null || ! command -v editcap >/dev/null || ! command -v valgrind >/dev/null; then
    log "installing tshark and valgrind"
    SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq tshark valgrind >/dev/null
  fi
fi
log "ready"
