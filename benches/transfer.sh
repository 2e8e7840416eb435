#!/usr/bin/env bash
# Streaming transfers (issue 16): a 256 MiB upload and download through the runtime and through
# generated clients (Huawei ShowFileRaw; a PDS presigned part PUT) beside a hand-written reqwest
# call, against a loopback server; throughput, CPU time and peak RSS per case, each case in a
# child process of its own, the cases interleaved round by round (see tests/benches/transfer.rs).
#
#   bash benches/transfer.sh      TRANSFER_MIB (default 256) and TRANSFER_RUNS (default 3)
set -euo pipefail
case "${1:-}" in
  -h | --help)
    sed -n '2,7p' "$0" | sed 's/^# \{0,1\}//'
    exit 0
    ;;
  "") ;;
  *)
    echo "transfer.sh takes no arguments (see --help)" >&2
    exit 2
    ;;
esac
cd "$(dirname "$0")/.."
cargo bench -q --locked -p cloudspec-tests --bench transfer
