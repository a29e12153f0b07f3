#!/usr/bin/env bash
# Run every test: formatting, clippy, the API docs' links, the engine on no_std targets,
# unit/golden/corpus tests, the release web build with its size check, and the browser tests in
# headless Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh all
. scripts/env.sh
step() { printf '\n== %s\n' "$*"; }

step "format"
cargo fmt --all -- --check
step "sizes: no engine or web file over 600 lines, no function over 150"
python3 scripts/sizes.py
step "clippy"
cargo clippy --workspace --all-targets -- -D warnings
step "docs: no broken or private links in the public API's documentation"
RUSTDOCFLAGS="-D warnings" cargo doc --workspace --no-deps --quiet
step "engine without std: wasm32 and bare-metal thumbv7em"
cargo build -p dnslens --no-default-features --target wasm32-unknown-unknown
cargo build -p dnslens --no-default-features --target thumbv7em-none-eabihf
cargo build -p dnslens --features serde --target thumbv7em-none-eabihf
step "unit, golden, corpus and dig tests"
# The dig comparison must run here: a missing dig fails instead of skipping.
DNSLENS_REQUIRE_DIG=1 cargo test --workspace
step "web app: release build"
trunk build --release --offline
node tests/size-check.mjs
step "browser tests (headless Chromium)"
node tests/browser.mjs
node tests/page.mjs
echo "all tests passed"
