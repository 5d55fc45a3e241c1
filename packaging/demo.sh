#!/usr/bin/env bash
# Builds PingScope and opens it on a real local broker: PingScope starts the system's
# mosquitto on a free 127.0.0.1 port and stops it when the window closes.
# Installs missing Debian packages first.
#
#   ./packaging/demo.sh [pingscope arguments, e.g. --screenshot window.png]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

# Said before anything is installed or built.
if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ] && [ -z "${QT_QPA_PLATFORM:-}" ]; then
    echo "error: no display. Run this from a desktop session, or without one:" >&2
    echo "  xvfb-run -a ./packaging/demo.sh --screenshot pingscope.png" >&2
    exit 1
fi
ensure_debian_packages
build_pingscope --target pingscope
log "Opening PingScope with a local mosquitto"
# Two sessions on the local broker: the first subscribes to "#" and shows what the second
# publishes; both ping, so the liveness columns fill in.
exec "$PINGSCOPE_ROOT/build/app/pingscope" --local-broker --sessions 2 --demo-traffic "$@"
