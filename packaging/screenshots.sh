#!/usr/bin/env bash
# Refreshes the README's pictures, docs/screenshots/*.png: PingScope runs under Xvfb on a
# private mosquitto (--local-broker), stages a demo and saves its window. Installs missing
# Debian packages first. Each picture comes from a fresh, empty configuration, so that the
# user's own sessions, profiles and window size never show up in it.
#
#   ./packaging/screenshots.sh [--build-dir DIR]
#
# --build-dir takes the app from another build tree, configured already; the default is the
# dev build (build/).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

parse_build_dir_option "$@"

ensure_debian_packages
build_dev_or_given_tree --target pingscope

out=$PINGSCOPE_ROOT/docs/screenshots
mkdir -p "$out"
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

# shoot NAME PINGSCOPE-ARGUMENTS...: docs/screenshots/NAME.png
shoot() {
    local name=$1 config=$scratch/$1
    shift
    mkdir -p "$config/config" "$config/runtime"
    chmod 700 "$config/runtime"
    log "docs/screenshots/$name.png"
    # A screen larger than the window (1200 x 760 by default), so nothing is cut off.
    XDG_CONFIG_HOME=$config/config XDG_RUNTIME_DIR=$config/runtime \
        xvfb-run -a -s "-screen 0 1600x1000x24" \
        "$build_dir/app/pingscope" --screenshot "$out/$name.png" "$@"
}
demo=(--local-broker --sessions 2 --keep-alive 2 --demo-traffic)

# The timeline of the subscriber, with pings and the demo messages on it.
# Twenty seconds of 2 s keep-alive: ten ping cycles on the 60 s axis.
shoot timeline "${demo[@]}" --tab Timeline --colour-scheme light --screenshot-delay 20000
# A take-over: session 1 duplicated; the broker closes the first with "taken over".
shoot take-over "${demo[@]}" --take-over --colour-scheme dark
# The Lessons window after the heartbeat lesson ran (it takes about 8 s) on its own mosquitto.
shoot lessons --lessons heartbeat --run-lesson --colour-scheme light --screenshot-delay 10000
log "Done: $out/timeline.png, $out/take-over.png, $out/lessons.png"
