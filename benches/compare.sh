#!/usr/bin/env bash
# cloudspec beside progenitor on the same REST API, in one run, printed as one markdown table
# with ratios (issue #19).
#
#   bash benches/compare.sh           100 and 1,000 operations (2 cores shared with other
#                                     builds: 35 minutes, most of it `cargo check` at 1,000;
#                                     a fresh clone first installs progenitor, ~20 minutes)
#   bash benches/compare.sh --quick   100 operations only
#
# The API: a synthetic spec tree (`cargo xtask synth`) cut to its REST services (oci_rest,
# huawei_rest, pds_roa: each operation has its own method and path, so OpenAPI describes it as
# itself; Tencent's and Alibaba RPC's actions share one URL) and to exactly N operations.
# cloudspec generates its clients from the specs; progenitor (a pinned registry version of
# `cargo-progenitor`, installed under the target folder, never committed) from the OpenAPI 3.0
# export of the same specs (`cloudspec export openapi --openapi-version 3.0`; progenitor reads
# OpenAPI 3.0 only).
#
# One document per service: progenitor makes one client per document, and the services cannot
# share one document faithfully (each has its own server, security scheme and component
# schemas of the same names, such as `ErrorBody`). So each service is one crate for progenitor,
# as it is one crate for cloudspec; progenitor's generation time is the sum of its runs, one per
# document, and its peak RSS the largest of them. The export that feeds it is timed on its own
# row and not charged to either tool.
#
# Printed per tool and as ratios (progenitor ÷ cloudspec): generation wall time, CPU time and
# peak RSS (median of REPEAT runs) at 100 and 1,000 operations; generated Rust lines per
# operation; `cargo check` of the generated crates (dependencies compiled beforehand, outside
# the timing) at 100 and 1,000 operations, progenitor's under a 15-minute limit.
#
# Progress goes to stderr, the table to stdout. Work files live under
# ${CARGO_TARGET_DIR:-target}/compare (the work trees are rebuilt on every run; the installed
# progenitor and the two compile target folders are kept). Environment:
#   SEED     synth seed (default 1)
#   REPEAT   runs per generation timing; the median is reported (default 3)
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

PROGENITOR_VERSION=0.15.1

QUICK=0
for arg in "$@"; do
  case $arg in
    --quick) QUICK=1 ;;
    -h | --help)
      sed -n '2,/^set -euo/p' "$0" | grep '^#' | sed 's/^# \{0,1\}//'
      exit 0
      ;;
    *)
      echo "compare.sh: unknown argument $arg (try --help)" >&2
      exit 2
      ;;
  esac
done

SEED=${SEED:-1}
REPEAT=${REPEAT:-3}
TARGET=${CARGO_TARGET_DIR:-$ROOT/target}
case $TARGET in /*) ;; *) TARGET=$ROOT/$TARGET ;; esac
WORK=$TARGET/compare
export CARGO_TERM_COLOR=never CARGO_INCREMENTAL=0

log() { echo "compare.sh: $*" >&2; }
die() {
  echo "compare.sh: $*" >&2
  exit 1
}

# The tools, each named in one place.
CLI=$TARGET/release/cloudspec
HELPER=$TARGET/release/examples/bench_helper
PROGENITOR=$WORK/progenitor/bin/cargo-progenitor
build_cloudspec() {
  cargo build -q --release --locked -p cloudspec-cli --bin cloudspec -p cloudspec-xtask --example bench_helper
}
# synth OUT OPS: the synthetic spec tree.
synth() { "$HELPER" synth "$1" "$2" "$SEED" >&2; }

SIZES=(100 1000)
if [[ $QUICK == 1 ]]; then SIZES=(100); fi

# measure LOG CMD...: sets WALL (s), RSS_KB, CPU (s), CODE.
measure() {
  local log=$1
  shift
  read -r WALL RSS_KB CPU CODE < <("$HELPER" measure "$log" -- "$@")
}
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
fmt_s() { awk -v s="$1" 'BEGIN { if (s < 1) printf "%.0f ms", s * 1000; else printf "%.2f s", s }'; }
fmt_mb() { awk -v k="$1" 'BEGIN { printf "%.0f MB", k / 1024 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.1f×", a / b; else print "n/a" }'; }
met() { awk -v r="$1" -v t="$2" 'BEGIN { print (r >= t) ? "yes" : "**no**" }'; }

# ---------------------------------------------------------------------------------------------
log "building the release CLI and the bench helper"
build_cloudspec
if ! grep -qs "cargo-progenitor $PROGENITOR_VERSION " "$WORK/progenitor/.crates.toml"; then
  log "installing cargo-progenitor $PROGENITOR_VERSION under $WORK/progenitor (once)"
  cargo install -q --locked --version "$PROGENITOR_VERSION" cargo-progenitor \
    --root "$WORK/progenitor" --target-dir "$WORK/progenitor-build"
fi
rm -rf "$WORK/run"
mkdir -p "$WORK/run"
RUN=$WORK/run

ROWS=()
# row MEASURE N CLOUDSPEC PROGENITOR RATIO TARGET MET: one table row, also logged as it is made.
row() {
  ROWS+=("| $1 | $2 | $3 | $4 | $5 | $6 | $7 |")
  log "${ROWS[-1]}"
}

# rest_tree SRC DST N: the REST services of SRC, in name order, cut to their first N operations.
rest_tree() {
  local src=$1 dst=$2 left=$3 service protocol op
  mkdir -p "$dst"
  for service in $(cd "$src" && find . -mindepth 2 -maxdepth 2 -type d | sed 's|^\./||' | sort); do
    ((left > 0)) || break
    protocol=$(sed -n 's/^protocol: *//p' "$src/$service/service.yaml")
    case $protocol in oci_rest | huawei_rest | pds_roa) ;; *) continue ;; esac
    mkdir -p "$dst/$service"
    cp "$src/$service/service.yaml" "$dst/$service/"
    for op in $(cd "$src/$service" && ls | grep -v '^service\.yaml$' | sort | head -n "$left"); do
      cp "$src/$service/$op" "$dst/$service/"
      left=$((left - 1))
    done
  done
  ((left == 0)) || die "the synthetic tree has too few REST operations"
}

rust_lines() { find "$@" -name '*.rs' -exec cat {} + | wc -l; }

declare -A LINES
for n in "${SIZES[@]}"; do
  log "N=$n: synthetic REST tree, OpenAPI 3.0 export"
  # Two of the five protocols are cut, so twice N is always enough.
  synth "$RUN/synth-$n" $((2 * n))
  rest_tree "$RUN/synth-$n" "$RUN/specs-$n" "$n"
  "$CLI" lint --specs "$RUN/specs-$n" >"$RUN/lint-$n.log" 2>&1 || die "the cut tree does not lint, see $RUN/lint-$n.log"
  measure "$RUN/export-$n.log" "$CLI" export openapi --openapi-version 3.0 --specs "$RUN/specs-$n" --out "$RUN/openapi-$n"
  [[ $CODE == 0 ]] || die "export failed, see $RUN/export-$n.log"
  services=$(find "$RUN/openapi-$n" -name '*.openapi.json' | wc -l)
  row "OpenAPI 3.0 export (progenitor's input; charged to neither)" "$n ($services services)" \
    "$(fmt_s "$WALL"), $(fmt_mb "$RSS_KB")" "—" "—" "—" "—"

  log "N=$n: cloudspec generate ×$REPEAT"
  walls=() cpus=() peak=0
  for ((i = 0; i < REPEAT; i++)); do
    rm -rf "$RUN/cloudspec-$n"
    sync
    measure "$RUN/cloudspec-gen-$n.log" "$CLI" generate --specs "$RUN/specs-$n" --out "$RUN/cloudspec-$n"
    [[ $CODE == 0 ]] || die "cloudspec generate failed, see $RUN/cloudspec-gen-$n.log"
    walls+=("$WALL") cpus+=("$CPU")
    if ((RSS_KB > peak)); then peak=$RSS_KB; fi
  done
  cs_wall=$(median "${walls[@]}") cs_cpu=$(median "${cpus[@]}") cs_rss=$peak

  log "N=$n: progenitor, one run per document ×$REPEAT"
  walls=() cpus=() peak=0
  for ((i = 0; i < REPEAT; i++)); do
    rm -rf "$RUN/progenitor-$n"
    mkdir -p "$RUN/progenitor-$n"
    sync
    wall=0 cpu=0
    for doc in "$RUN/openapi-$n"/*.openapi.json; do
      name=$(basename "$doc" .openapi.json)
      measure "$RUN/progenitor-gen-$n-$name.log" \
        "$PROGENITOR" progenitor -i "$doc" -o "$RUN/progenitor-$n/$name" -n "pg-$name" -v 0.1.0
      [[ $CODE == 0 ]] || die "progenitor failed on $doc, see $RUN/progenitor-gen-$n-$name.log"
      wall=$(awk -v a="$wall" -v b="$WALL" 'BEGIN { print a + b }')
      cpu=$(awk -v a="$cpu" -v b="$CPU" 'BEGIN { print a + b }')
      if ((RSS_KB > peak)); then peak=$RSS_KB; fi
    done
    walls+=("$wall") cpus+=("$cpu")
  done
  pg_wall=$(median "${walls[@]}") pg_cpu=$(median "${cpus[@]}") pg_rss=$peak

  speed=$(ratio "$pg_wall" "$cs_wall") memory=$(ratio "$pg_rss" "$cs_rss")
  row "generation: wall (CPU)" "$n" "$(fmt_s "$cs_wall") ($(fmt_s "$cs_cpu"))" "$(fmt_s "$pg_wall") ($(fmt_s "$pg_cpu"))" \
    "$speed faster (CPU $(ratio "$pg_cpu" "$cs_cpu"))" "≥ 30× faster" "$(met "${speed%×}" 30)"
  row "generation: peak RSS" "$n" "$(fmt_mb "$cs_rss")" "$(fmt_mb "$pg_rss")" "$memory less" "≥ 10× less" "$(met "${memory%×}" 10)"

  cs_lines=$(rust_lines "$RUN/cloudspec-$n/src" "$RUN/cloudspec-$n/services")
  pg_lines=$(rust_lines "$RUN/progenitor-$n")
  LINES[$n]="$cs_lines $pg_lines"
  row "generated Rust lines per operation" "$n" "$((cs_lines / n)) ($cs_lines lines)" "$((pg_lines / n)) ($pg_lines lines)" \
    "$(ratio "$pg_lines" "$cs_lines")" "—" "—"
done

# ---------------------------------------------------------------------------------------------
# `cargo check` of the generated crates, each tool in its own throwaway workspace with its own
# target folder (kept between runs); dependencies are compiled first, outside the timing, and
# the generated crates are cleaned before each timed check.
CS_WS=$WORK/cloudspec-ws
PG_WS=$WORK/progenitor-ws
mkdir -p "$CS_WS" "$PG_WS"
cat >"$CS_WS/Cargo.toml" <<EOF
# Throwaway workspace of benches/compare.sh: cloudspec's generated crates against this checkout's runtime.
[workspace]
resolver = "3"
members = ["clients", "clients/services/*"]

[workspace.dependencies]
cloudspec-runtime = { path = "$ROOT/runtime" }
serde = { version = "1.0.229", features = ["derive"] }
serde_json = { version = "1.0.154", features = ["preserve_order"] }
EOF
cp "$ROOT/Cargo.lock" "$CS_WS/Cargo.lock"
cat >"$PG_WS/Cargo.toml" <<EOF
# Throwaway workspace of benches/compare.sh: progenitor's generated crates.
[workspace]
resolver = "3"
members = ["crates/*"]
EOF

# place_generated N: both tools' crates for N operations into their workspaces.
place_generated() {
  rm -rf "$CS_WS/clients" "$PG_WS/crates"
  cp -r "$RUN/cloudspec-$1" "$CS_WS/clients"
  cp -r "$RUN/progenitor-$1" "$PG_WS/crates"
}
cs_packages() {
  echo -p cloudspec-clients
  for dir in "$CS_WS"/clients/services/*/; do echo -p "cloudspec-$(basename "$dir")"; done
}
pg_packages() { for dir in "$PG_WS"/crates/*/; do echo -p "pg-$(basename "$dir")"; done; }
cs_check() { cargo check --manifest-path "$CS_WS/Cargo.toml" -p cloudspec-clients --features full "$@"; }
pg_check() { cargo check --manifest-path "$PG_WS/Cargo.toml" --workspace "$@"; }

log "compiling the generated crates' dependencies (not timed)"
place_generated 100
CARGO_TARGET_DIR=$WORK/cloudspec-target cs_check -q >"$RUN/warmup-cloudspec.log" 2>&1 ||
  die "cargo check of cloudspec's crates failed, see $RUN/warmup-cloudspec.log"
CARGO_TARGET_DIR=$WORK/progenitor-target pg_check -q >"$RUN/warmup-progenitor.log" 2>&1 ||
  die "cargo check of progenitor's crates failed, see $RUN/warmup-progenitor.log"

LIMIT=900
for n in "${SIZES[@]}"; do
  place_generated "$n"
  log "N=$n: cargo check of cloudspec's crates"
  # shellcheck disable=SC2046 # one word per argument
  (cd "$CS_WS" && CARGO_TARGET_DIR=$WORK/cloudspec-target cargo clean -q $(cs_packages))
  measure "$RUN/check-cloudspec-$n.log" env CARGO_TARGET_DIR="$WORK/cloudspec-target" \
    cargo check --manifest-path "$CS_WS/Cargo.toml" -p cloudspec-clients --features full
  [[ $CODE == 0 ]] || die "cargo check of cloudspec's crates failed, see $RUN/check-cloudspec-$n.log"
  cs_wall=$WALL cs_cpu=$CPU cs_rss=$RSS_KB

  log "N=$n: cargo check of progenitor's crates (limit ${LIMIT}s)"
  # shellcheck disable=SC2046
  (cd "$PG_WS" && CARGO_TARGET_DIR=$WORK/progenitor-target cargo clean -q $(pg_packages))
  measure "$RUN/check-progenitor-$n.log" env CARGO_TARGET_DIR="$WORK/progenitor-target" \
    timeout "$LIMIT" cargo check --manifest-path "$PG_WS/Cargo.toml" --workspace
  if [[ $CODE == 124 ]]; then
    row "\`cargo check\` of the generated crates: wall (CPU)" "$n" "$(fmt_s "$cs_wall") ($(fmt_s "$cs_cpu"))" \
      "not finished in ${LIMIT} s" "> $(ratio "$LIMIT" "$cs_wall") faster" "≥ 15× faster" "$(met "$(ratio "$LIMIT" "$cs_wall" | tr -d '×')" 15)"
    continue
  fi
  [[ $CODE == 0 ]] || die "cargo check of progenitor's crates failed, see $RUN/check-progenitor-$n.log"
  speed=$(ratio "$WALL" "$cs_wall") memory=$(ratio "$RSS_KB" "$cs_rss")
  row "\`cargo check\` of the generated crates: wall (CPU)" "$n" "$(fmt_s "$cs_wall") ($(fmt_s "$cs_cpu"))" \
    "$(fmt_s "$WALL") ($(fmt_s "$CPU"))" "$speed faster (CPU $(ratio "$CPU" "$cs_cpu"))" "≥ 15× faster" "$(met "${speed%×}" 15)"
  row "\`cargo check\` of the generated crates: peak RSS" "$n" "$(fmt_mb "$cs_rss")" "$(fmt_mb "$RSS_KB")" \
    "$memory less" "≥ 10× less" "$(met "${memory%×}" 10)"
done

# ---------------------------------------------------------------------------------------------
rev=$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)
dirty=$(git -C "$ROOT" status --porcelain 2>/dev/null | grep -q . && echo ", uncommitted changes" || true)
mem=$(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1024 / 1024 }' /proc/meminfo 2>/dev/null || echo "?")
load=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo "?")
echo
echo "cloudspec beside progenitor: $(nproc) cores, $mem, $(rustc --version | cut -d' ' -f2), cloudspec commit $rev$dirty," \
  "cargo-progenitor $PROGENITOR_VERSION, seed $SEED, REST services only, one document per service, load average at the end $load$([[ $QUICK == 1 ]] && echo ", --quick")"
echo
echo "| measure | N (ops) | cloudspec | progenitor | ratio | target | met |"
echo "|---|---|---|---|---|---|---|"
printf '%s\n' "${ROWS[@]}"
