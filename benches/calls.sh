#!/usr/bin/env bash
# The cost of a call (docs/performance.md, "The cost of a call"): runs the two call benchmarks
# of cloudspec-tests and prints their tables.
#
#   bash benches/calls.sh           criterion wall times, CPU and allocation table, load run
#   bash benches/calls.sh --quick   the CPU and allocation table on 500 calls and the load run,
#                                   with criterion's shortest settings
#
# Environment: CALLS_CPU_N (calls per side for the CPU table, default 2000), CALLS_LOAD_OP,
# CALLS_LOAD_N, CALLS_LOAD_IN_FLIGHT (see tests/benches/calls_load.rs). Logs are kept in
# ${CARGO_TARGET_DIR:-target}/bench-calls. Exit status: non-zero when a benchmark fails, which
# includes the generated and hand-written requests differing on the wire, or connections or
# memory growing across the load run.
set -euo pipefail
cd "$(dirname "$0")/.."
quick=false
[[ "${1:-}" == "--quick" ]] && quick=true
target=${CARGO_TARGET_DIR:-target}
logs=$target/bench-calls
mkdir -p "$logs"

criterion_args=()
if $quick; then
    export CALLS_CPU_N=${CALLS_CPU_N:-500}
    criterion_args=(--warm-up-time 0.2 --measurement-time 0.5 --sample-size 10)
fi

echo "== one call per seed operation: generated client vs hand-written reqwest"
cargo bench -q --locked -p cloudspec-tests --bench calls -- "${criterion_args[@]}" >"$logs/calls.log" 2>&1 || {
    cat "$logs/calls.log" >&2
    exit 1
}
grep -E '^\||same on the wire' "$logs/calls.log"
echo
echo "criterion wall time per call (median estimate):"
awk '/^call\// { name = $1 } /time:/ && name { print "  " name ": " $4 " " $5; name = "" }' "$logs/calls.log"

echo
echo "== 10,000 calls, 256 in flight, one loopback server"
cargo bench -q --locked -p cloudspec-tests --bench calls_load >"$logs/calls_load.log" 2>&1 || {
    cat "$logs/calls_load.log" >&2
    exit 1
}
grep -vE '^(warning|\s+(-->|\||=)|$)' "$logs/calls_load.log" | sed -n '/calls, .* in flight/,$p'
