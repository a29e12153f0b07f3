# Sourced by the scripts: puts the project's wasm-opt (binaryen 132) and cargo's bin first on PATH.
_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export PATH="$_root/tests/node_modules/.bin:$HOME/.cargo/bin:$PATH"
