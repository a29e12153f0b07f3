#!/usr/bin/env bash
# The command line's output formats on the big capture, one core, beside tshark's own output
# in the same run: messages per second for `read --format list|json|dig|text`, instructions per
# message (where valgrind is), and the ratio to tshark's default list and `-T json` (on the
# first 100,000 packets, where tshark is slow), from runs alternating with tshark's. Each time
# is the best of three runs: this kind of VM's clock wanders ±20% from run to run, and the best
# is the least disturbed.
# With a commit as the second argument (issue 12's round start, e63ddf0), also times dig and text
# of that build beside this one, alternating, best of three each, and prints the ratio: the
# issue's "5x today's rate" targets.
#   scripts/bench-cli.sh target/bench/big.pcap [e63ddf0]
set -euo pipefail
cd "$(dirname "$0")/.."
big="${1:-target/bench/big.pcap}"
against="${2:-}"
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
  # The ratios from runs that alternate, dnslens on the whole capture and tshark on its first
  # 100,000 packets (where tshark is slow), so that the VM's drift falls on both; the best of
  # three of each.
  for f in list json; do
    targs=(); [ "$f" = json ] && targs=(-T json)
    best_d=; best_t=
    for _ in 1 2 3; do
      d=$(once taskset -c 0 $bin read -q "$big" --format $f)
      t=$(once taskset -c 0 tshark -n -r "$small" "${targs[@]}")
      best_d=$(printf '%s\n%s\n' "$d" "${best_d:-$d}" | sort -n | head -1)
      best_t=$(printf '%s\n%s\n' "$t" "${best_t:-$t}" | sort -n | head -1)
    done
    r_d=$(rate "$n" "$best_d"); r_t=$(rate 100000 "$best_t")
    printf 'dnslens --format %-5s %9s msgs/s  tshark %-10s %7s msgs/s  (alternating): %sx\n' \
      "$f" "$r_d" "$([ "$f" = json ] && echo '-T json' || echo '(list)')" "$r_t" "$(echo "$r_d / $r_t" | bc)"
  done
else
  echo "(no tshark here: scripts/setup.sh bench installs it for the ratios)"
fi
if [ -n "$against" ] && git cat-file -e "$against^{commit}" 2>/dev/null; then
  # The round start's build, in a worktree of its own under target/ (kept for the next run).
  wt=target/bench/round-start-$against
  [ -d "$wt" ] || git worktree add --detach "$wt" "$against" >/dev/null 2>&1
  (cd "$wt" && CARGO_TARGET_DIR="$PWD/../round-start-target" cargo build --release -q -p dnslens-cli)
  old=target/bench/round-start-target/release/dnslens
  for f in dig text; do
    # Alternating, so that the VM's drift falls on both; the best of three of each.
    best_old=; best_new=
    for _ in 1 2 3; do
      o=$(once taskset -c 0 $old read -q "$big" --format $f)
      m=$(once taskset -c 0 $bin read -q "$big" --format $f)
      best_old=$(printf '%s\n%s\n' "$o" "${best_old:-$o}" | sort -n | head -1)
      best_new=$(printf '%s\n%s\n' "$m" "${best_new:-$m}" | sort -n | head -1)
    done
    printf 'dnslens read --format %-5s %.2f s; %s: %.2f s; %.1fx the round start\n' \
      "$f" "$best_new" "$against" "$best_old" "$(echo "$best_old / $best_new" | bc -l)"
  done
fi
