#!/usr/bin/env bash
# Sets up what is missing, then runs every check and test of Kafka Lab, as CI does:
# formatting, clippy (native and wasm32), the native tests (model, runner, conformance against
# real librdkafka, view models), component tests in headless Chromium, the benchmarks (model
# throughput, the view model's cost per frame; they print figures), a release build of the
# static site (with its one-file offline copy), its size report, the performance report against an
# empty Yew app built the same way, and end-to-end tests that click through the built page.
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
run test-native cargo test --workspace --locked
run test-browser cargo test -p kafka-lab --target wasm32-unknown-unknown --locked
run bench cargo bench -p kafka-sim --bench producer_throughput --locked
run bench-consumer cargo bench -p kafka-sim --bench consumer_throughput --locked
run bench-frame cargo bench -p kafka-lab --bench frame_model --locked
run build trunk build --release --offline
run size node tests/e2e/size-report.mjs dist
run build-empty trunk --config benches/empty-app/Trunk.toml build --release --offline
run perf node tests/e2e/perf-report.mjs dist target/empty-app/dist
run test-e2e node --test --test-concurrency=1 tests/e2e/*.test.mjs

printf '\n\033[1mPerformance\033[0m\n'
node tests/e2e/perf-report.mjs --summary

printf '\n\033[1mTimings\033[0m\n'
printf '  %s\n' "${timings[@]}"
printf '  %-16s %4d s\n' "total" $(($(date +%s) - started))
