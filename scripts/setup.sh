#!/usr/bin/env bash
# Installs what Kafka Lab needs and is missing, and skips what is already there. Everything
# comes from the package registries (crates.io, Debian, npm): no step downloads a binary from
# anywhere else. Sourced by serve.sh and test.sh; safe to run again and again.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

TRUNK_VERSION=0.21.14
step() { printf '\033[1;34m[setup]\033[0m %s\n' "$*"; }
as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

# The browser target of the pinned toolchain (rust-toolchain.toml names it too).
if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  step "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

# Trunk at the version that builds on this toolchain.
if [ "$(trunk --version 2>/dev/null)" != "trunk $TRUNK_VERSION" ]; then
  step "installing trunk $TRUNK_VERSION"
  cargo install trunk --version "$TRUNK_VERSION" --locked
fi

# wasm-bindgen-cli must equal the wasm-bindgen in Cargo.lock; it also brings the test runner.
# (Installed without --locked: the registry lacks one of its locked dependencies.)
WASM_BINDGEN_VERSION=$(awk '$0 == "name = \"wasm-bindgen\"" { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
if [ "$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $WASM_BINDGEN_VERSION" ]; then
  step "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION"
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" --force
fi

# Debian packages: the browser and its driver for the tests, Node.js for the end-to-end
# runner, and what librdkafka's build (the conformance tests) needs.
missing=()
command -v chromium >/dev/null || missing+=(chromium)
command -v chromedriver >/dev/null || missing+=(chromium-driver)
command -v node >/dev/null || missing+=(nodejs)
command -v npm >/dev/null || missing+=(npm)
for tool in make gcc g++ perl python3; do
  command -v "$tool" >/dev/null || missing+=("$tool")
done
# python3-venv (Debian splits ensurepip off) for kafka-python's virtual environment.
python3 -c 'import ensurepip' 2>/dev/null || missing+=(python3-venv)
# A Traditional Chinese font, so that the tests' screenshots show the zh-TW interface.
[ -n "$(fc-list :lang=zh-tw family 2>/dev/null)" ] || missing+=(fonts-noto-cjk)
if [ ${#missing[@]} -gt 0 ]; then
  step "installing Debian packages: ${missing[*]}"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"
fi

# kafka-python at the pinned version, in a virtual environment of its own, for the differential
# test of the model's kafka-python profile (conformance/kafka-python). From PyPI, with pip.
KAFKA_PYTHON_VENV=target/kafka-python-venv
KAFKA_PYTHON_VERSION=$(sed -n 's/^kafka-python==//p' conformance/kafka-python/requirements.txt)
if [ "$("$KAFKA_PYTHON_VENV/bin/python" -c 'import kafka; print(kafka.__version__)' 2>/dev/null)" != "$KAFKA_PYTHON_VERSION" ]; then
  step "installing kafka-python $KAFKA_PYTHON_VERSION into $KAFKA_PYTHON_VENV"
  python3 -m venv "$KAFKA_PYTHON_VENV"
  "$KAFKA_PYTHON_VENV/bin/pip" install --quiet --disable-pip-version-check -r conformance/kafka-python/requirements.txt
fi

# wasm-opt for the release build: binaryen from the npm registry (Debian's binaryen cannot read
# what rustc 1.95 writes). Trunk finds it on PATH.
if [ ! -d tools/node_modules ] || [ tools/package-lock.json -nt tools/node_modules ]; then
  step "installing the build tools' npm packages (binaryen's wasm-opt)"
  npm ci --prefix tools --no-audit --no-fund --loglevel=error
  touch tools/node_modules
fi
export PATH="$PWD/tools/node_modules/.bin:$PATH"

# The end-to-end tests' one npm dependency (playwright-core drives Debian's Chromium; it never
# downloads a browser of its own).
if [ ! -d tests/e2e/node_modules ] || [ tests/e2e/package-lock.json -nt tests/e2e/node_modules ]; then
  step "installing the end-to-end tests' npm packages"
  npm ci --prefix tests/e2e --no-audit --no-fund --loglevel=error
  touch tests/e2e/node_modules
fi
