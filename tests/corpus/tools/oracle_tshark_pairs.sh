#!/usr/bin/env bash
# tshark's query/response pairs over every capture in captures/MANIFEST.tsv: the oracle for
# the pairs `dnslens read --format list` shows (`[response in N, X ms]`, `[answer to N]`).
# Usage: oracle_tshark_pairs.sh [OUT]   (default: oracle-out/PAIRS.tshark.tsv)
# Two passes (-2), so that a query knows its response. One row per DNS message tshark
# links: file, frame, dns.response_in, dns.response_to, dns.time (s). The MANIFEST
# oracle_args column adds ports and out-of-order reassembly as in run_oracles.sh.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
cap="$here/../captures"
out="${1:-$here/../oracle-out/PAIRS.tshark.tsv}"
{
  printf '# %s\n' "$(tshark --version | head -1)"
  printf 'file\tframe\tresponse_in\tresponse_to\ttime\n'
  tail -n +2 "$cap/MANIFEST.tsv" | while IFS=$'\t' read -r f _ _ _ _ _ _ _ args; do
    tsa=()
    for a in ${args//,/ }; do
      case "$a" in
        udp:*) tsa+=(-d "udp.port==${a#udp:},dns");;
        tcp:*) tsa+=(-d "tcp.port==${a#tcp:},dns");;
        ooo)   tsa+=(-o tcp.reassemble_out_of_order:TRUE);;
      esac
    done
    tshark -2 -n -r "$cap/$f" "${tsa[@]}" -Y 'dns.response_in || dns.response_to' -T fields \
      -e frame.number -e dns.response_in -e dns.response_to -e dns.time 2>/dev/null \
      | sed "s/^/$f\t/"
  done
} > "$out"
