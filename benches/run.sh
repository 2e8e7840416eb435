#!/usr/bin/env bash
# The performance benchmarks of docs/performance.md, end to end, printed as one markdown table.
#
#   bash benches/run.sh           everything (2 cores: about 20 minutes from a fresh clone,
#                                 8 once the release and bench builds exist)
#   bash benches/run.sh --quick   no 10,000-operation tree, no `cargo build` rows, short
#                                 criterion runs (about 5 minutes once built)
#
# What it measures (targets from the design's budgets):
#   - `cloudspec generate` (release) on synthetic trees of 100, 1,000 and 10,000 operations:
#     wall time, CPU time and peak RSS of a full generation, a no-op regeneration and a
#     regeneration after one spec changed (with the files it wrote);
#   - generated lines per operation;
#   - `cargo check` / `cargo build` of the generated crate, all features and one service, per
#     100 operations, in a throwaway workspace whose `cloudspec-runtime` is this checkout's;
#   - criterion benchmarks: generation phases in-process, request signing per scheme, and
#     serialization/validation/deserialization of each seed operation.
#
# Progress goes to stderr, the table to stdout. Work files live under
# ${CARGO_TARGET_DIR:-target}/bench-run (rebuilt on every run; the previous run's are deleted
# at the end, after the timings, and a run started within 6 minutes of that times the
# 10,000-operation row slower: see below). Environment:
#   SEED     synth seed (default 1)
#   REPEAT   runs per generation timing; the median is reported (default 3)
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

QUICK=0
for arg in "$@"; do
  case $arg in
    --quick) QUICK=1 ;;
    -h | --help)
      sed -n '2,/^set -euo/p' "$0" | grep '^#' | sed 's/^# \{0,1\}//'
      exit 0
      ;;
    *)
      echo "run.sh: unknown argument $arg (try --help)" >&2
      exit 2
      ;;
  esac
done

SEED=${SEED:-1}
REPEAT=${REPEAT:-3}
TARGET=${CARGO_TARGET_DIR:-$ROOT/target}
case $TARGET in /*) ;; *) TARGET=$ROOT/$TARGET ;; esac
WORK=$TARGET/bench-run
export CARGO_TERM_COLOR=never

log() { echo "run.sh: $*" >&2; }
die() {
  echo "run.sh: $*" >&2
  exit 1
}

SIZES=(100 1000 10000)
if [[ $QUICK == 1 ]]; then SIZES=(100 1000); fi

# ---------------------------------------------------------------------------------------------
log "building the release CLI and the bench helper"
cargo build -q --release --locked -p cloudspec-cli --bin cloudspec -p cloudspec-xtask --example bench_helper
CLI=$TARGET/release/cloudspec
HELPER=$TARGET/release/examples/bench_helper
# Nothing is deleted until the timings are done: on ext4 without a journal (this project's
# benchmark machine), the inode allocator passes over every inode freed in the last 60 s (6 min
# while its inode table block is still dirty) -- `recently_deleted` in fs/ext4/ialloc.c. After a
# previous run's tens of thousands of files are deleted, creating 10,000 files costs seconds of
# system time, billed to whatever creates them next. So the previous run's files are moved aside
# here and deleted at the end, and a run started within minutes of deleting many files (such as
# another run's end) times slower at 10,000 operations.
if [[ -e $WORK ]]; then mv "$WORK" "$(mktemp -d "$WORK.old.XXXXXX")/"; fi
mkdir -p "$WORK"

ROWS=()
row() { ROWS+=("| $1 | $2 | $3 | $4 | $5 |"); }

# measure LOG CMD...: sets WALL, RSS_KB, CPU, CODE.
measure() {
  local log=$1
  shift
  read -r WALL RSS_KB CPU CODE < <("$HELPER" measure "$log" -- "$@")
}

median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
fmt_s() { awk -v s="$1" 'BEGIN { if (s < 1) printf "%.0f ms", s * 1000; else printf "%.2f s", s }'; }
fmt_mb() { awk -v k="$1" 'BEGIN { printf "%.0f MB", k / 1024 }'; }
ok() { awk -v v="$1" -v t="$2" 'BEGIN { print (v <= t) ? "yes" : "**no**" }'; }

# The numbers of the CLI's summary line: "W U R" (written, unchanged, removed).
summary_counts() {
  sed -nE 's/.*; ([0-9]+) files written, ([0-9]+) unchanged, ([0-9]+) removed.*/\1 \2 \3/p' "$1" | tail -1
}

# generate SPECS OUT LOG: one CLI run, measured; fails loudly if the CLI fails.
generate() {
  measure "$3" "$CLI" generate --specs "$1" --out "$2"
  [[ $CODE == 0 ]] || die "cloudspec generate failed, see $3"
}

# ---------------------------------------------------------------------------------------------
# Full generation: a fresh output folder each run.
declare -A PER_OP
for n in "${SIZES[@]}"; do
  log "synth + full generation at N=$n"
  "$HELPER" synth "$WORK/specs-$n" "$n" "$SEED" >&2
  walls=() cpus=() peak=0
  for ((i = 0; i < REPEAT; i++)); do
    # A folder that never existed, and no deletion (see the top of this script).
    sync
    generate "$WORK/specs-$n" "$WORK/out-$n-run$i" "$WORK/gen-$n.log"
    walls+=("$WALL") cpus+=("$CPU")
    if ((RSS_KB > peak)); then peak=$RSS_KB; fi
  done
  mv "$WORK/out-$n-run0" "$WORK/out-$n"
  wall=$(median "${walls[@]}") cpu=$(median "${cpus[@]}")
  read -r written _ _ <<<"$(summary_counts "$WORK/gen-$n.log")"
  PER_OP[$n]=$(awk -v w="$wall" -v n="$n" 'BEGIN { printf "%.3f", w * 1000 / n }')
  target="—" met="—"
  if [[ $n == 10000 ]]; then target="≤ 3 s" met=$(ok "$wall" 3); fi
  row "full generation (\`cloudspec generate\`, release)" "$n" \
    "$(fmt_s "$wall") wall ($(fmt_s "$cpu") CPU), $(fmt_mb "$peak") peak RSS; ${PER_OP[$n]} ms/op; $written files" \
    "$target" "$met"
done
if [[ -n ${PER_OP[10000]:-} ]]; then
  ratio=$(awk -v a="${PER_OP[1000]}" -v b="${PER_OP[10000]}" 'BEGIN { printf "%.2f", b / a }')
  row "scaling: ms/op at 10,000 ÷ ms/op at 1,000" "—" "$ratio" "close to 1 (linear)" \
    "$(awk -v r="$ratio" 'BEGIN { print (r <= 1.25) ? "yes" : "**no**" }')"
fi

lines=$(find "$WORK/out-1000/src" "$WORK/out-1000/services" -name '*.rs' -exec cat {} + | wc -l)
docs=$(find "$WORK/out-1000/src" "$WORK/out-1000/services" -name '*.rs' -exec cat {} + | grep -cE '^\s*//[/!]')
per_op=$((lines / 1000))
row "generated Rust lines per operation" 1000 \
  "$per_op ($lines lines; rustdoc $((docs / 1000))/op, code $(((lines - docs) / 1000))/op)" \
  "≤ 150 of code (rustdoc not counted)" "$(ok $(((lines - docs) / 1000)) 150)"

# ---------------------------------------------------------------------------------------------
# No-op regeneration: the output is up to date.
log "no-op regeneration at N=1000"
walls=() cpus=()
for ((i = 0; i < 5; i++)); do
  generate "$WORK/specs-1000" "$WORK/out-1000" "$WORK/noop.log"
  walls+=("$WALL") cpus+=("$CPU")
done
wall=$(median "${walls[@]}") cpu=$(median "${cpus[@]}")
read -r written unchanged _ <<<"$(summary_counts "$WORK/noop.log")"
met=$(awk -v w="$wall" -v f="$written" 'BEGIN { print (w <= 0.1 && f == 0) ? "yes" : "**no**" }')
row "no-op regeneration" 1000 "$(fmt_s "$wall") wall ($(fmt_s "$cpu") CPU), $(fmt_mb "$RSS_KB") peak RSS; $written written, $unchanged unchanged" \
  "≤ 100 ms, 0 files written" "$met"

# One spec changed: only the files generated from it may be written.
log "one spec changed at N=1000"
spec=$(cd "$WORK/specs-1000" && find . -name '*.yaml' ! -name service.yaml | sort | sed -n 1p)
spec=${spec#./}
"$HELPER" touch-doc "$WORK/specs-1000/$spec"
touch "$WORK/marker"
sleep 1 # mtime granularity: anything written from here on is newer than the marker
generate "$WORK/specs-1000" "$WORK/out-1000" "$WORK/one.log"
read -r written _ _ <<<"$(summary_counts "$WORK/one.log")"
# The manifest (the generator's record of the run, crates/codegen/src/manifest.rs) is rewritten too.
changed=$(cd "$WORK/out-1000" && find . -type f ! -name .cloudspec-manifest -newer "$WORK/marker" | sed 's|^\./||' | sort | paste -sd, -)
# `<provider>/<service>/<operation>.yaml` → `services/<provider>-<service>/src/<operation>.rs`
provider=${spec%%/*} rest=${spec#*/}
expected="services/$provider-${rest%%/*}/src/${rest#*/}"
expected=${expected%.yaml}.rs
met=$([[ $changed == "$expected" ]] && echo yes || echo "**no**")
row "one spec changed (\`$spec\`)" 1000 "$(fmt_s "$WALL") wall ($(fmt_s "$CPU") CPU); $written written: \`$changed\`" \
  "only \`$expected\`" "$met"

# ---------------------------------------------------------------------------------------------
# The generated crate in a throwaway workspace: its root names this checkout's runtime, and it
# shares one target folder across sizes so dependencies compile once (outside the timings).
CRATE_WS=$WORK/crate-ws
CRATE_TARGET=$TARGET/bench-crate
mkdir -p "$CRATE_WS"
cat >"$CRATE_WS/Cargo.toml" <<EOF
# Throwaway workspace of benches/run.sh: builds a generated crate against this checkout's runtime.
[workspace]
resolver = "3"
members = ["clients", "clients/services/*"]

[workspace.dependencies]
cloudspec-runtime = { path = "$ROOT/runtime" }
serde = { version = "1.0.229", features = ["derive"] }
serde_json = { version = "1.0.154", features = ["preserve_order"] }
EOF
# The checkout's lock file pins the same dependency versions the runtime is tested with.
cp "$ROOT/Cargo.lock" "$CRATE_WS/Cargo.lock"

crate_cargo() {
  (cd "$CRATE_WS" && CARGO_TARGET_DIR=$CRATE_TARGET CARGO_INCREMENTAL=0 cargo "$@")
}
MODES=(check build)
if [[ $QUICK == 1 ]]; then MODES=(check); fi

log "compiling the generated crate's dependencies (not timed)"
"$CLI" generate --specs "$WORK/specs-100" --out "$CRATE_WS/clients" >/dev/null
for mode in "${MODES[@]}"; do
  crate_cargo "$mode" -p cloudspec-clients --features full >"$WORK/warmup-$mode.log" 2>&1 ||
    die "cargo $mode of the generated crate failed, see $WORK/warmup-$mode.log"
done

for n in 100 1000; do
  "$CLI" generate --specs "$WORK/specs-$n" --out "$CRATE_WS/clients" >/dev/null
  # One service: the first feature (`<provider>-<service>`; synthetic names hold no `-`), and
  # how many operations it has.
  feature=$(sed -n 's/^\([a-z0-9-]*\) = \["dep:.*$/\1/p' "$CRATE_WS/clients/Cargo.toml" | sed -n 1p)
  service_ops=$(find "$CRATE_WS/clients/services/$feature/src" -name '*.rs' ! -name lib.rs | wc -l)
  for mode in "${MODES[@]}"; do
    for scope in full one; do
      if [[ $scope == full ]]; then
        features=(--features full) ops=$n label="all features"
      else
        features=(--no-default-features --features "$feature") ops=$service_ops label="one service (\`$feature\`, $service_ops ops)"
      fi
      log "cargo $mode of the generated crate at N=$n, $label"
      # The facade and every service crate: each is compiled afresh in the timing.
      packages=(-p cloudspec-clients)
      for dir in "$CRATE_WS"/clients/services/*/; do packages+=(-p "cloudspec-$(basename "$dir")"); done
      crate_cargo clean -q "${packages[@]}"
      measure "$WORK/cargo-$mode-$n-$scope.log" env CARGO_TARGET_DIR="$CRATE_TARGET" CARGO_INCREMENTAL=0 \
        cargo "$mode" --manifest-path "$CRATE_WS/Cargo.toml" -p cloudspec-clients "${features[@]}"
      [[ $CODE == 0 ]] || die "cargo $mode failed, see $WORK/cargo-$mode-$n-$scope.log"
      warnings=$(grep -c '^warning: ' "$WORK/cargo-$mode-$n-$scope.log" || true)
      per100=$(awk -v w="$WALL" -v n="$ops" 'BEGIN { printf "%.1f s", w * 100 / n }')
      target="—" met="—"
      if [[ $mode == check && $scope == full && $n == 1000 ]]; then
        target="≤ 30 s and ≤ 2 GB for 1,000 ops"
        met=$(awk -v w="$WALL" -v k="$RSS_KB" 'BEGIN { print (w <= 30 && k <= 2 * 1024 * 1024) ? "yes" : "**no**" }')
      fi
      row "\`cargo $mode\` of the generated crate, $label" "$n" \
        "$(fmt_s "$WALL") wall ($(fmt_s "$CPU") CPU), $(fmt_mb "$RSS_KB") peak RSS; $per100 per 100 ops; $warnings warnings" \
        "$target" "$met"
    done
  done
done

# ---------------------------------------------------------------------------------------------
# Criterion benchmarks.
CRITERION_ARGS=()
if [[ $QUICK == 1 ]]; then CRITERION_ARGS=(--quick); fi
for bench in "cloudspec-xtask generate" "cloudspec-runtime sign" "cloudspec-tests serde"; do
  read -r package name <<<"$bench"
  log "criterion: $package/$name"
  cargo bench -q --locked -p "$package" --bench "$name" -- "${CRITERION_ARGS[@]}" >"$WORK/criterion-$name.log" 2>&1 ||
    die "cargo bench -p $package --bench $name failed, see $WORK/criterion-$name.log"
done
CRITERION=$TARGET/criterion
estimate() { "$HELPER" criterion "$CRITERION" "$1" | cut -f2; }
fmt_ns() {
  awk -v ns="$1" 'BEGIN {
    if (ns == "n/a") print "n/a"; else if (ns >= 1e6) printf "%.1f ms", ns / 1e6;
    else if (ns >= 1e3) printf "%.2f µs", ns / 1e3; else printf "%.0f ns", ns }'
}

for phase in load lower emit emit_sequential staleness render; do
  ns=$(estimate "generate_300/$phase")
  per_op=$(awk -v ns="$ns" 'BEGIN { if (ns == "n/a") print "n/a"; else printf "%.3f ms/op", ns / 300 / 1e6 }')
  row "in-process phase \`$phase\` (criterion)" 300 "$(fmt_ns "$ns") ($per_op)" "—" "—"
done

for scheme in tc3 acs3 apig oci_rsa2048; do
  ns=$(estimate "sign/$scheme")
  if [[ $scheme == oci_rsa2048 ]]; then
    target="reported" met="—"
  else
    target="≤ 5 µs" met=$(awk -v ns="$ns" 'BEGIN { print (ns != "n/a" && ns <= 5000) ? "yes" : "**no**" }')
  fi
  row "sign a typical request: \`$scheme\`" "—" "$(fmt_ns "$ns")" "$target" "$met"
done

for op in tencent_create_code_file oci_create_content huawei_create_file pds_create_file dataworks_create_resource; do
  ser=$(estimate "serde_$op/serialize_request")
  val=$(estimate "serde_$op/validate_request")
  de=$(estimate "serde_$op/deserialize_response")
  row "seed \`$op\`: serialize request / validate request / deserialize response" "—" \
    "$(fmt_ns "$ser") / $(fmt_ns "$val") / $(fmt_ns "$de")" "—" "—"
done

# ---------------------------------------------------------------------------------------------
log "deleting the previous run's work files and the extra generation runs"
rm -rf "$WORK".old.* "$WORK"/out-*-run*

rev=$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)
dirty=$(git -C "$ROOT" status --porcelain 2>/dev/null | grep -q . && echo ", uncommitted changes" || true)
mem=$(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1024 / 1024 }' /proc/meminfo 2>/dev/null || echo "?")
load=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo "?")
echo
echo "cloudspec benchmarks: $(nproc) cores, $mem, $(rustc --version | cut -d' ' -f2), commit $rev$dirty, seed $SEED, load average at the end $load$([[ $QUICK == 1 ]] && echo ", --quick")"
echo
echo "| benchmark | N (ops) | result | target | met |"
echo "|---|---|---|---|---|"
printf '%s\n' "${ROWS[@]}"
