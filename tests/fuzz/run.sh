#!/usr/bin/env bash
# Fuzzes the stream decoder of each MQTT version for a bounded time: configures build-fuzz/
# with clang (CMake preset "fuzz"), builds the fuzz targets and their seed corpus (from the
# codec's test vectors), then runs each target for SECONDS. Exits non-zero on any finding and
# prints the reproducer's path and the command that replays it.
#
#   tests/fuzz/run.sh SECONDS [3.1|3.1.1|5.0]...      (default: all three versions)
#
# The corpus each run grows is kept in build-fuzz/tests/fuzz/corpus/<version>, so that later
# runs start where earlier ones stopped; findings go to build-fuzz/tests/fuzz/findings/<version>
# and the full log of each run next to them (<version>.log).
# Environment: FUZZ_MAX_LEN (4096 bytes), FUZZ_RSS_LIMIT_MB (2048), FUZZ_TIMEOUT (10 s per input).
# Exit status: 0 no finding; 1 a finding (crash, sanitizer report, broken invariant, leak,
# timeout, out of memory); 2 usage or build error.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
FUZZ_DIR=$ROOT/build-fuzz/tests/fuzz

usage() {
    sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed -e '$d' -e 's/^# \{0,1\}//' >&2
    exit 2
}

[ $# -ge 1 ] && [[ $1 =~ ^[1-9][0-9]*$ ]] || usage
SECONDS_PER_VERSION=$1
shift
VERSIONS=("$@")
[ ${#VERSIONS[@]} -gt 0 ] || VERSIONS=(3.1 3.1.1 5.0)

target_of() {
    case $1 in
    3.1) echo fuzz_stream_decoder_v3_1 ;;
    3.1.1) echo fuzz_stream_decoder_v3_1_1 ;;
    5.0) echo fuzz_stream_decoder_v5 ;;
    *) echo "run.sh: unknown version '$1' (3.1, 3.1.1 or 5.0)" >&2; exit 2 ;;
    esac
}
for version in "${VERSIONS[@]}"; do target_of "$version" >/dev/null; done

command -v clang++ >/dev/null || {
    echo "run.sh: clang++ is missing (Debian: apt-get install clang libclang-rt-14-dev)" >&2
    exit 2
}

cd "$ROOT"
echo "==> Building the fuzz targets (preset fuzz, build-fuzz/)" >&2
cmake --preset fuzz >/dev/null || exit 2
cmake --build --preset fuzz || exit 2

status=0
for version in "${VERSIONS[@]}"; do
    target=$(target_of "$version")
    corpus=$FUZZ_DIR/corpus/$version
    findings=$FUZZ_DIR/findings/$version
    log=$FUZZ_DIR/findings/$version.log
    mkdir -p "$corpus" "$findings"
    # Only what this run finds is reported; reproducers of earlier runs stay where they are.
    started=$findings/.started
    touch "$started"
    echo "==> Fuzzing MQTT $version for $SECONDS_PER_VERSION s ($target)" >&2
    # New inputs go to the first directory (the kept corpus); the seeds are only read.
    # -error_exitcode and -timeout_exitcode: a finding of any kind exits non-zero.
    set +e
    "$FUZZ_DIR/$target" -max_total_time="$SECONDS_PER_VERSION" \
        -max_len="${FUZZ_MAX_LEN:-4096}" -rss_limit_mb="${FUZZ_RSS_LIMIT_MB:-2048}" \
        -timeout="${FUZZ_TIMEOUT:-10}" -error_exitcode=77 -timeout_exitcode=77 \
        -dict="$ROOT/tests/fuzz/mqtt.dict" -artifact_prefix="$findings/" \
        -print_final_stats=1 "$corpus" "$FUZZ_DIR/seeds/$version" >"$log" 2>&1
    result=$?
    set -e
    # The last status line: executions, coverage (cov: edges, ft: features) and corpus.
    grep -E '^#[0-9]+' "$log" | tail -1 >&2 || true
    grep -E 'stat::(number_of_executed_units|average_exec_per_sec|peak_rss_mb)' "$log" >&2 || true
    echo "    corpus: $(find "$corpus" -type f | wc -l) files in $corpus" >&2
    if [ $result -ne 0 ]; then
        status=1
        echo "FINDING in MQTT $version (exit $result); the end of $log:" >&2
        tail -40 "$log" >&2
        find "$findings" -type f -newer "$started" ! -name .started | while read -r artifact; do
            echo "reproducer: $artifact" >&2
            echo "  replay:   $FUZZ_DIR/$target $artifact" >&2
        done
    fi
done
exit $status
