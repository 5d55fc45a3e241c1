#!/usr/bin/env bash
# The hardening checks CI runs after test.sh: bounded fuzzing of the stream decoder of each
# MQTT version (tests/fuzz/run.sh, clang + libFuzzer, build-fuzz/), then the tests built with
# AddressSanitizer + UndefinedBehaviorSanitizer (CMake preset "asan", build-asan/); any
# sanitizer report, leaks included, fails its test. Installs missing Debian packages first
# (debian-packages.txt and debian-packages-hardening.txt). Both parts always run.
#
#   ./packaging/hardening.sh [extra ctest arguments for the asan suite, e.g. -R codec]
#
# Environment:
#   HARDENING_FUZZ_SECONDS  seconds per MQTT version (60; 0 skips fuzzing)
#   HARDENING_ASAN_SCOPE    core: the unit and integration tests, without the widget tests
#                           and the packaging checks (they need the GUI binary)
#                           (the default: it keeps CI under 30 minutes, and builds neither
#                           pingscope_ui nor the app); all: every test, as `ctest --preset asan`
# Exit status: 0 all clean; 1 a fuzzing finding or a failed asan test; 2 setup failure.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

FUZZ_SECONDS=${HARDENING_FUZZ_SECONDS:-60}
ASAN_SCOPE=${HARDENING_ASAN_SCOPE:-core}
case $ASAN_SCOPE in
core) asan_targets=(--target tests/unit/all tests/integration/all); asan_tests=(-LE 'ui|packaging') ;;
all) asan_targets=(); asan_tests=() ;;
*) echo "hardening.sh: HARDENING_ASAN_SCOPE must be core or all, not '$ASAN_SCOPE'" >&2; exit 2 ;;
esac

ensure_debian_packages || exit 2
PINGSCOPE_PACKAGES_FILE=$PINGSCOPE_ROOT/packaging/debian-packages-hardening.txt \
    ensure_debian_packages || exit 2
cd "$PINGSCOPE_ROOT"

# Runs a step and says how long it took, so that CI logs show where the time goes.
timed() {
    local started=$SECONDS status=0
    "$@" || status=$?
    log "$1 took $((SECONDS - started)) s (exit $status)"
    return $status
}

fuzz_status=0
if [ "$FUZZ_SECONDS" -gt 0 ]; then
    log "Fuzzing the stream decoder, $FUZZ_SECONDS s per MQTT version"
    timed tests/fuzz/run.sh "$FUZZ_SECONDS" || fuzz_status=$?
fi

asan_build() {
    log "Configuring and building with ASan + UBSan (preset asan, scope $ASAN_SCOPE)"
    cmake --preset asan >/dev/null && cmake --build --preset asan "${asan_targets[@]}"
}
asan_tests() {
    log "Running the tests under ASan + UBSan (scope $ASAN_SCOPE)"
    ctest --preset asan "${asan_tests[@]}" "$@"
}
asan_status=0
if ! timed asan_build; then
    asan_status=2
else
    timed asan_tests "$@" || asan_status=1
fi

if [ $fuzz_status -ne 0 ] || [ $asan_status -ne 0 ]; then
    log "Hardening FAILED: fuzzing exit $fuzz_status, asan exit $asan_status"
    if [ $fuzz_status -eq 2 ] || [ $asan_status -eq 2 ]; then
        exit 2
    fi
    exit 1
fi
log "Hardening passed: no fuzzing finding, no sanitizer report, every test green"
