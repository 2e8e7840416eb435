#!/usr/bin/env bash
# Runs a command several times while CPU burners (`yes > /dev/null`) keep every core busy, to
# show that tests do not depend on an idle machine. The burners are stopped when the script
# ends, however it ends, and each one is also capped by `timeout` so none can outlive it.
#
#   tests/load.sh [-b BURNERS] [-r RUNS] [-m MAX_SECONDS] -- COMMAND [ARGS...]
#
#   -b  burners beside the command (default: twice the cores)
#   -r  how many times to run the command (default: 3); every run is made, failures counted
#   -m  hard cap on each burner's life in seconds (default: 3600)
#
# Example: tests/load.sh -r 3 -- cargo test -p cloudspec-tests --test fault_matrix
# Exit status: 0 when every run passed, 1 otherwise.
set -euo pipefail

cores=$(nproc 2>/dev/null || getconf _NPROCESSORS_ONLN)
burners=$((2 * cores))
runs=3
max_seconds=3600

usage() {
    sed -n '2,13s/^# \{0,1\}//p' "$0" >&2
    exit 2
}

while getopts "b:r:m:" option; do
    case "$option" in
        b) burners=$OPTARG ;;
        r) runs=$OPTARG ;;
        m) max_seconds=$OPTARG ;;
        *) usage ;;
    esac
done
shift $((OPTIND - 1))
[[ "${1:-}" == "--" ]] && shift
[[ $# -gt 0 ]] || usage

burner_pids=()
command_pid=
stop_all() {
    # Only what this script started, by process id: the command (when interrupted) and the burners.
    [[ -n "$command_pid" ]] && kill "$command_pid" 2>/dev/null
    for pid in "${burner_pids[@]}"; do
        kill "$pid" 2>/dev/null || true
    done
    for pid in "${burner_pids[@]}"; do
        wait "$pid" 2>/dev/null || true
    done
    burner_pids=()
}
trap stop_all EXIT
trap 'exit 130' INT TERM

for _ in $(seq "$burners"); do
    timeout "$max_seconds" yes >/dev/null &
    burner_pids+=("$!")
done
echo "load.sh: $burners burners on $cores cores; $runs run(s) of: $*" >&2

failed=0
for run in $(seq "$runs"); do
    started=$(date +%s)
    # In the background, so that a signal to this script is handled at once, not after the run.
    "$@" &
    command_pid=$!
    if wait "$command_pid"; then
        verdict=pass
    else
        verdict=FAIL
        failed=$((failed + 1))
    fi
    command_pid=
    echo "load.sh: run $run/$runs: $verdict in $(($(date +%s) - started)) s" >&2
done
echo "load.sh: $((runs - failed))/$runs passed under load" >&2
[[ $failed -eq 0 ]]
