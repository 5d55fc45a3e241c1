#!/usr/bin/env bash
# Builds PingScope and runs every test (unit, integration against a real mosquitto,
# layering). Installs missing Debian packages first. Exits non-zero on any failure.
#
#   ./packaging/test.sh [extra ctest arguments, e.g. -R codec or -L unit]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

ensure_debian_packages
build_pingscope
log "Running the tests"
cd "$PINGSCOPE_ROOT"
ctest --preset dev "$@"
