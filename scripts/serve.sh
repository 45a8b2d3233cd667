#!/usr/bin/env bash
# Sets up what is missing, then serves Kafka Lab with Trunk's dev server (it prints the URL and
# rebuilds on every change).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
exec trunk serve --offline "$@"
