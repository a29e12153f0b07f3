#!/usr/bin/env bash
# The engine forbids unsafe code, so targets run without a sanitizer (3x the executions).
# Run every fuzz target for SECONDS (default 60) each, seeded from tests/corpus and the
# project's fixtures. A crash stops the run; copy its input into tests/fuzz-regressions/<target>/
# so the normal test run keeps checking it.
#   scripts/fuzz.sh [SECONDS] [TARGET...]
set -euo pipefail
cd "$(dirname "$0")/.."
secs="${1:-60}"; shift || true
targets=("$@"); [ ${#targets[@]} -gt 0 ] || targets=(dns text capture tcp permalink)
command -v cargo-fuzz >/dev/null || cargo install --locked cargo-fuzz
shared=tests/corpus
seed() {  # seed/<target>/ from the corpus, once
  local t=$1 d=fuzz/seeds/$1
  [ -d "$d" ] && return
  mkdir -p "$d"
  case $t in
    dns) python3 - "$shared" "$d" <<'PY'
import json, glob, sys, os
shared, out = sys.argv[1], sys.argv[2]
for f in glob.glob(os.path.join(shared, 'oracle-out', '*.dnspython.jsonl')):
    for i, l in enumerate(open(f)):
        h = json.loads(l).get('hex') or ''
        open(os.path.join(out, os.path.basename(f).split('.pcap')[0] + f'-{i}'), 'wb').write(bytes.fromhex(h))
PY
    ;;
    capture|tcp) cp "$shared"/captures/*.pcap "$shared"/captures/*.pcapng "$d"/ ;;
    text) cp tests/fixtures/dumps/*.txt tests/fixtures/seeds/* "$d"/ ;;
    permalink) printf 'v1.AYkAdv8AAACCAUUAAILZ6wAAOhH4c8CoAcjAqAFkADUCaABuukHqGoGDAAEAAAABAAABMwI0N' > "$d/seed-link"; printf 'embed.v1.' > "$d/embed" ;;
  esac
}
for t in "${targets[@]}"; do
  seed "$t"
  mkdir -p "fuzz/corpus/$t"
  echo "== fuzzing $t for ${secs}s"
  case $t in dns) max=4096 ;; text) max=16384 ;; permalink) max=8192 ;; *) max=70000 ;; esac
  log="fuzz/last-$t.log"
  if ! (cd fuzz && cargo +nightly fuzz run --sanitizer none "$t" "corpus/$t" "seeds/$t" -- -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 -max_len=$max) > "$log" 2>&1; then
    grep -E "panicked|ERROR|crash-|Test unit" "$log" | head -n 8
    echo "fuzz target $t failed: see $log; keep the crash input in tests/fuzz-regressions/$t/"
    exit 1
  fi
  grep -E "^Done" "$log" || true
done
echo "all fuzz targets ran clean for ${secs}s each"
