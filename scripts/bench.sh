#!/usr/bin/env bash
# Speed and size, side by side, from one command:
#   1. builds target/bench/big.pcap (1,000,000 DNS messages) with tests/corpus/tools/make_big_pcap.py,
#      and target/bench/answered.pcap, the same with each response answering an earlier query
#      (in big.pcap IDs and clients are random, so no query is ever answered: pairing's worst case)
#   2. cargo bench: dnslens's summary pass and full decode beside hickory-proto, domain and
#      simple-dns on the same messages (bench/, its own workspace)
#   3. tshark / dpkt / dnspython through tests/corpus/tools/bench_reference.sh, where installed
#   4. the CLI's output formats beside tshark (scripts/bench-cli.sh), and dig and text beside the
#      build issue 12 was measured on (e63ddf0)
#   5. the browser: the release build in headless Chromium — time to the list, memory, first render
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/env.sh
big=target/bench/big.pcap
mkdir -p target/bench
python3 -c 'import dns' 2>/dev/null || pip install --quiet dnspython dpkt
scripts/setup.sh bench >/dev/null
[ -f "$big" ] || python3 tests/corpus/tools/make_big_pcap.py "$big"
answered=target/bench/answered.pcap
[ -f "$answered" ] || python3 tests/corpus/tools/make_big_pcap.py --answered "$answered"
echo "== machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
echo "== cargo bench (bench/)"
(cd bench && DNSLENS_BIG="../$big" cargo bench --quiet 2>/dev/null | grep -v '^$\|^running\|^test result')
if command -v tshark >/dev/null && command -v capinfos >/dev/null; then
  echo "== reference decoders"
  tests/corpus/tools/bench_reference.sh "$big" || echo "(reference run failed)"
fi
echo "== the command line's output formats"
scripts/bench-cli.sh "$big" e63ddf0 || echo "(CLI run failed)"
echo "== the same, on the capture whose queries are answered"
scripts/bench-cli.sh "$answered" || echo "(CLI run failed)"
echo "== browser"
scripts/setup.sh web >/dev/null
[ -f dist/index.html ] || trunk build --release --offline
node tests/size-check.mjs
node tests/bench-browser.mjs "$big"
