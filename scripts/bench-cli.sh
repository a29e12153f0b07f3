#!/usr/bin/env bash
# The command line's output formats on the big capture, one core, beside tshark's own output
# in the same run: messages per second for `read --format list|json|dig|text`, instructions per
# message (where valgrind is), and the ratio to tshark's default list and `-T json` (on the
# first 100,000 packets, where tshark is slow). Each time is the best of three runs: this kind
# of VM's clock wanders ±20% from run to run, and the best is the least disturbed.
#   scripts/bench-cli.sh target/bench/big.pcap
set -euo pipefail
cd "$(dirname "$0")/.."
big="${1:-target/bench/big.pcap}"
cargo build --release -q -p dnslens-cli
bin=target/release/dnslens
n=$($bin read -q "$big" --format list | wc -l)
once() { local s e; s=$(date +%s.%N); "$@" > /dev/null 2>&1; e=$(date +%s.%N); echo "$e - $s" | bc -l; }
secs() { for _ in 1 2 3; do once "$@"; done | sort -n | head -1; }
rate() { echo "$1 / $2" | bc; }
echo "# $big: $n DNS messages; $(nproc) cores; one process at a time"
for f in list json dig text; do
  s=$(secs taskset -c 0 $bin read -q "$big" --format $f)
  printf 'dnslens read --format %-5s %9s msgs/s  (%.2f s)\n' "$f" "$(rate "$n" "$s")" "$s"
  eval "r_$f=$(rate "$n" "$s")"
done
# Instructions per message (callgrind, first 10,000 messages): the same count from run to run,
# which this kind of VM's clock (±20% between runs) is not.
if command -v valgrind >/dev/null; then
  first="${big%.pcap}-10k.pcap"
  [ -f "$first" ] || python3 - "$big" "$first" <<'PY'
import struct, sys
d = open(sys.argv[1], 'rb').read()
off, n = 24, 0
while n < 10000 and off + 16 <= len(d):
    off += 16 + struct.unpack('<I', d[off + 8:off + 12])[0]
    n += 1
open(sys.argv[2], 'wb').write(d[:off])
PY
  for f in list json dig text; do
    ir=$(valgrind --tool=callgrind --callgrind-out-file=/dev/null $bin read -q "$first" --format $f 2>&1 >/dev/null \
      | sed -n 's/.*Collected : //p')
    printf 'dnslens read --format %-5s %9s instructions per message (callgrind, first 10,000)\n' "$f" "$((ir / 10000))"
  done
fi
if command -v tshark >/dev/null && command -v editcap >/dev/null; then
  small="${big%.pcap}-100k.pcap"
  [ -f "$small" ] || editcap -r "$big" "$small" 1-100000 >/dev/null 2>&1
  s=$(secs taskset -c 0 tshark -n -r "$small")
  t_list=$(rate 100000 "$s")
  s=$(secs taskset -c 0 tshark -n -r "$small" -T json)
  t_json=$(rate 100000 "$s")
  echo "tshark (default list)         $t_list msgs/s   dnslens list is $(echo "$r_list / $t_list" | bc)x"
  echo "tshark -T json                $t_json msgs/s   dnslens json is $(echo "$r_json / $t_json" | bc)x"
else
  echo "(no tshark here: scripts/setup.sh bench installs it for the ratios)"
fi
