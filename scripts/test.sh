#!/usr/bin/env bash
# Sets up what is missing, then runs every check and test of Kafka Lab, as CI does:
# formatting, clippy (native and wasm32), the native tests (model, runner, conformance against
# real librdkafka, view models), the differential test against kafka-python's own partitioner and
# assignors, component tests in headless Chromium, the benchmarks (model
# throughput, the view model's cost per frame; they print figures), a release build of the
# static site (with its one-file offline copy), its size report, the performance report against an
# empty Yew app built the same way (with the engine alone's weight), and end-to-end tests that click
# through the built page.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"

export CHROMEDRIVER="${CHROMEDRIVER:-$(command -v chromedriver)}"
export CHROMIUM="${CHROMIUM:-$(command -v chromium)}"
export WASM_BINDGEN_TEST_WEBDRIVER_JSON="$PWD/tests/webdriver.json"

started=$(date +%s)
timings=()
run() {
  local name=$1 t0
  shift
  printf '\n\033[1;34m==> %s\033[0m: %s\n' "$name" "$*"
  t0=$(date +%s)
  "$@"
  timings+=("$(printf '%-16s %4d s' "$name" $(($(date +%s) - t0)))")
}

run fmt cargo fmt --all --check
run clippy-native cargo clippy --workspace --all-targets --locked -- -D warnings
# In the browser build: the app with its component tests, and the model's library.
run clippy-wasm-app cargo clippy -p kafka-lab --all-targets --target wasm32-unknown-unknown --locked -- -D warnings
run clippy-wasm-sim cargo clippy -p kafka-sim --lib --target wasm32-unknown-unknown --locked -- -D warnings
run test-native cargo test --workspace --locked --exclude kafka-lab-conformance
# kafka-python's own partitioner and assignors (pure Python, no broker) against the model's, on
# thousands of seeded random cases through the runner; prints a summary line.
kafka_python_differential() {
  cargo build -q -p kafka-sim --bin kafka-sim --locked
  "$KAFKA_PYTHON_VENV/bin/python" conformance/kafka-python/differential.py target/debug/kafka-sim
}
run test-kafka-python kafka_python_differential
# The conformance suite (about 4 minutes, nearly all of it waiting on librdkafka's mock cluster's
# timers) runs in the background beside the CPU-bound steps below: its test binaries (from the
# workspace's build, so nothing compiles twice) one after another, as `cargo test` runs them. Its
# output is printed, and its result checked, before the performance report and the end-to-end
# tests, which want a quiet machine.
run build-conformance cargo test --workspace --locked --no-run
conformance_log=target/conformance.log
(
  cargo test --workspace --locked --no-run --message-format=json 2>/dev/null |
    node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{for(const l of s.split("\n")){if(!l)continue;const m=JSON.parse(l);if(m.reason==="compiler-artifact"&&m.profile.test&&m.executable&&m.package_id.includes("#kafka-lab-conformance@"))console.log(m.executable)}})' |
    sort | while read -r binary; do "$binary" || exit 1; done
) >"$conformance_log" 2>&1 &
conformance_pid=$!
trap 'kill "$conformance_pid" 2>/dev/null || true' EXIT
conformance_started=$(date +%s)
wait_conformance() {
  local status=0
  wait "$conformance_pid" || status=$?
  cat "$conformance_log"
  return "$status"
}
run test-browser cargo test -p kafka-lab --target wasm32-unknown-unknown --locked
# The benchmarks are built now and run once the conformance suite is done: their wall-clock
# figures are only worth reading on a quiet machine. Each is built by the command that runs it
# (packages selected together build the model with other features: it would compile again).
cargo_bench() { cargo bench -p "$1" --bench "$2" --locked "${@:3}"; }
build_benches() {
  cargo_bench kafka-sim producer_throughput --no-run
  cargo_bench kafka-sim consumer_throughput --no-run
  cargo_bench kafka-lab frame_model --no-run
}
run build-bench build_benches
run build trunk build --release --offline
run size node tests/e2e/size-report.mjs dist
run build-empty trunk --config benches/empty-app/Trunk.toml build --release --offline
run build-engine trunk --config benches/engine-only/Trunk.toml build --release --offline
run test-conformance wait_conformance
timings+=("$(printf '%-16s %4d s (in the background, from its start)' conformance-wall $(($(date +%s) - conformance_started)))")
run bench cargo_bench kafka-sim producer_throughput
run bench-consumer cargo_bench kafka-sim consumer_throughput
run bench-frame cargo_bench kafka-lab frame_model
run perf node tests/e2e/perf-report.mjs dist target/empty-app/dist target/engine-only/dist
run test-e2e node --test --test-concurrency=1 tests/e2e/*.test.mjs

printf '\n\033[1mPerformance\033[0m\n'
node tests/e2e/perf-report.mjs --summary

printf '\n\033[1mTimings\033[0m\n'
printf '  %s\n' "${timings[@]}"
printf '  %-16s %4d s\n' "total" $(($(date +%s) - started))
