#!/usr/bin/env bash
# tshark's query/response pairs in one capture: the oracle for the pairs
# `dnslens read --format list` shows (`[response in N, X ms]`, `[answer to N]`).
# Usage:  oracle_tshark_pairs.sh FILE.pcap[ng] [extra tshark args...]
# run_oracles.sh calls it for every capture, with the MANIFEST's ports and reassembly
# options, into oracle-out/PAIRS.tshark.tsv. Two passes (-2), so that a query knows its
# response. One row per DNS message tshark links: file, frame, dns.response_in,
# dns.response_to, dns.time (s).
set -euo pipefail
f="$1"; shift
tshark -2 -n -r "$f" "$@" -Y 'dns.response_in || dns.response_to' -T fields \
  -e frame.number -e dns.response_in -e dns.response_to -e dns.time 2>/dev/null \
  | sed "s/^/$(basename "$f")\t/"
