#!/usr/bin/env bash
# Sets up what is missing, then builds the static site into dist/ (release, size-optimised),
# with the home view prerendered into index.html and the one-file offline copy
# dist/kafka-lab-offline.html (Trunk.toml's post_build hook, scripts/post-build.mjs).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
exec trunk build --release --offline "$@"
