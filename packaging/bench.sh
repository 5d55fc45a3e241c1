#!/usr/bin/env bash
# The benchmarks of the performance targets (CPU per message received, ping lateness, 1,000
# sessions, decoding), each with its reference measured in the same run. Builds Release into
# build-bench/ (reused when up to date), starts its own mosquitto on a free 127.0.0.1 port for
# each benchmark, and prints a table. Not part of test.sh or CI: run
# it on a quiet machine. Installs missing Debian packages first.
#
#   ./packaging/bench.sh [receive|keepalive|scale|decode|gui|all]...    (default: all)
#
#   receive    1,000,000 QoS 0 messages x 100 B through mosquitto: CPU time (user + sys) per
#              message of pingscope-cli --subscribe and of mosquitto_sub, median of 3 runs each
#   keepalive  idle sessions for 60 s: PINGREQ lateness p50/p99 and RTT of pingscope-cli at
#              keep-alive 2 s (the target) and 5 s, and of mosquitto_sub -k 5 -d (its minimum)
#              as the reference, all on one broker at the same time
#   scale      1,000 sessions, keep-alive 5 s, 60 s: all connected, ping lateness p99, CPU
#   decode     tests/bench/bench_decode: the stream decoder alone
#   gui        tests/bench/bench_gui_ingest: the real main window (offscreen) with a session
#              (keep-alive 2 s) subscribed to a 1,000,000-message burst: UI thread stalls
#              (a 10 ms timer) p50/p99/max, peak RSS, ping lateness, messages seen in the
#              window; the time to take the burst against mosquitto_sub's in the same run
#
# Environment (for quick runs): BENCH_MESSAGES (1000000), BENCH_PAYLOAD (100), BENCH_RUNS (3),
# BENCH_KEEPALIVE_SECONDS (60), BENCH_SESSIONS (1000), BENCH_SCALE_SECONDS (60),
# PINGSCOPE_BENCH_BUILD (build directory, default build-bench). BENCH_PIN=1 pins, in the receive
# benchmark, mosquitto and the publisher to CPU 0 and the subscriber to CPU 1 (taskset): the
# figures then vary less from run to run, because how many messages each of the subscriber's
# reads finds (and so its cost per message) depends on how the three processes are scheduled.
# Exit status: 0 every benchmark ran (a missed target is shown in the table, not an error);
# 1 a benchmark could not run or its run failed.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

MESSAGES=${BENCH_MESSAGES:-1000000}
PAYLOAD=${BENCH_PAYLOAD:-100}
RUNS=${BENCH_RUNS:-3}
PIN=${BENCH_PIN:-}
KEEPALIVE_SECONDS=${BENCH_KEEPALIVE_SECONDS:-60}
SESSIONS=${BENCH_SESSIONS:-1000}
SCALE_SECONDS=${BENCH_SCALE_SECONDS:-60}
BUILD_DIR=${PINGSCOPE_BENCH_BUILD:-$PINGSCOPE_ROOT/build-bench}

usage() {
    sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed -e '$d' -e 's/^# \{0,1\}//' >&2
    exit 2
}

SELECTED=()
for argument in "${@:-all}"; do
    case "$argument" in
        receive | keepalive | scale | decode | gui) SELECTED+=("$argument") ;;
        all) SELECTED+=(receive keepalive scale decode gui) ;;
        -h | --help) usage ;;
        *) echo "bench.sh: unknown benchmark '$argument'" >&2; usage ;;
    esac
done

WORK=$(mktemp -d "${TMPDIR:-/tmp}/pingscope-bench.XXXXXX")
# Processes this script started and has not reaped yet: only those are stopped on exit.
declare -A LIVE_PIDS=()
started() { LIVE_PIDS[$1]=1; }
reaped() { unset "LIVE_PIDS[$1]"; }
cleanup() {
    local pid
    for pid in "${!LIVE_PIDS[@]}"; do
        kill "$pid" 2>/dev/null || true
    done
    for pid in "${!LIVE_PIDS[@]}"; do
        wait "$pid" 2>/dev/null || true
    done
    rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

BROKER_WRAP=() # a command prefix for mosquitto (taskset)
TABLE=() # rows: benchmark|figure|reference|target|verdict
row() { TABLE+=("$1|$2|$3|$4|$5"); }
fail() { echo "bench.sh: $*" >&2; exit 1; }

# --- helpers ----------------------------------------------------------------------------

# Is anything listening on 127.0.0.1:PORT (or on all addresses)? From /proc/net/tcp: no ss
# or netstat needed. State 0A is LISTEN.
listening() {
    local hex
    hex=$(printf '%04X' "$1")
    awk -v port="$hex" 'NR > 1 && $4 == "0A" { split($2, a, ":"); if (a[2] == port) found = 1 }
                        END { exit !found }' /proc/net/tcp
}

# Client-side sockets in ESTABLISHED (01) to 127.0.0.1:PORT.
established_to() {
    local hex
    hex=$(printf '%04X' "$1")
    awk -v port="$hex" 'NR > 1 && $4 == "01" { split($3, a, ":"); if (a[2] == port) n++ }
                        END { print n + 0 }' /proc/net/tcp
}

# Polls until FILE contains the fixed string TEXT; fails after SECONDS.
wait_for_text() {
    local file=$1 text=$2 seconds=$3 deadline
    deadline=$((SECONDS + seconds))
    until grep -qF -- "$text" "$file" 2>/dev/null; do
        ((SECONDS < deadline)) || return 1
        sleep 0.02
    done
}

# Starts mosquitto on a free 127.0.0.1 port with the extra configuration lines given;
# sets BROKER_PORT, BROKER_PID, BROKER_LOG. Logs to a file (never a pipe that could fill).
start_broker() {
    local name=$1 port conf
    shift
    for _ in $(seq 1 20); do
        port=$((20000 + (RANDOM * 32768 + RANDOM) % 40000))
        listening "$port" && continue
        conf="$WORK/$name.conf"
        BROKER_LOG="$WORK/$name.log"
        {
            echo "listener $port 127.0.0.1"
            echo "allow_anonymous true"
            echo "persistence false"
            echo "log_dest stderr"
            echo "log_type error"
            echo "log_type warning"
            echo "log_type notice"
            echo "log_type information" # "mosquitto version X running"
            echo "connection_messages false"
            # Started as root, mosquitto would switch to its own user.
            if [ "$(id -u)" -eq 0 ]; then echo "user root"; fi
            printf '%s\n' "$@"
        } >"$conf"
        "${BROKER_WRAP[@]}" mosquitto -c "$conf" 2>"$BROKER_LOG" &
        BROKER_PID=$!
        started "$BROKER_PID"
        local deadline=$((SECONDS + 5))
        while ((SECONDS < deadline)); do
            if grep -qs "mosquitto version .* running" "$BROKER_LOG"; then
                BROKER_PORT=$port
                log "mosquitto for '$name' on 127.0.0.1:$port (pid $BROKER_PID)"
                return 0
            fi
            kill -0 "$BROKER_PID" 2>/dev/null || break
            sleep 0.05
        done
        kill "$BROKER_PID" 2>/dev/null || true
        wait "$BROKER_PID" 2>/dev/null || true
        reaped "$BROKER_PID"
        grep -qs "Address already in use" "$BROKER_LOG" && continue
        cat "$BROKER_LOG" >&2
        fail "mosquitto did not start"
    done
    fail "found no free port for mosquitto"
}

stop_broker() {
    kill "$BROKER_PID" 2>/dev/null || true
    wait "$BROKER_PID" 2>/dev/null || true
    reaped "$BROKER_PID"
}

# Runs a command in the background in a subshell that reports the command's CPU time when
# it ends. Sets RUN_PID (the command itself, for /proc). Files: PREFIX.out, PREFIX.err,
# PREFIX.cpu ("user sys" in seconds), PREFIX.rc; PREFIX.pid and PREFIX.shell for wait_measured.
run_measured() {
    local prefix=$1
    shift
    rm -f "$prefix.pid" "$prefix.shell" "$prefix.cpu" "$prefix.rc"
    (
        "$@" >"$prefix.out" 2>"$prefix.err" &
        echo $! >"$prefix.pid"
        rc=0
        wait $! || rc=$?
        # The second line of `times`: this subshell's children, i.e. the command alone.
        # `times` itself must not run in a pipeline: a forked copy of the shell has no children.
        times >"$prefix.times"
        sed -n 2p "$prefix.times" | awk '{ gsub(/s/, "", $1); gsub(/s/, "", $2); split($1, u, "m");
                                   split($2, s, "m"); printf "%.3f %.3f\n",
                                   u[1] * 60 + u[2], s[1] * 60 + s[2] }' >"$prefix.cpu"
        echo "$rc" >"$prefix.rc"
    ) &
    echo $! >"$prefix.shell"
    started "$!"
    until [ -s "$prefix.pid" ]; do sleep 0.005; done
    RUN_PID=$(cat "$prefix.pid")
    started "$RUN_PID"
}

# Waits for a run_measured command; after SECONDS it is killed. Returns its exit status.
wait_measured() {
    local prefix=$1 seconds=$2 deadline pid shell
    pid=$(cat "$prefix.pid")
    shell=$(cat "$prefix.shell")
    deadline=$((SECONDS + seconds))
    while kill -0 "$pid" 2>/dev/null && ((SECONDS < deadline)); do
        sleep 0.02
    done
    if kill -0 "$pid" 2>/dev/null; then
        echo "bench.sh: '$prefix' still running after $seconds s: stopped" >&2
        kill "$pid" 2>/dev/null || true
    fi
    wait "$shell" 2>/dev/null || true
    reaped "$shell"
    reaped "$pid"
    return "$(cat "$prefix.rc" 2>/dev/null || echo 1)"
}

# CPU seconds (user + sys) a live process has used so far, from /proc/PID/stat.
process_cpu() {
    local ticks
    ticks=$(sed -e 's/^.*) //' "/proc/$1/stat" | awk '{ print $12 + $13 }')
    awk -v t="$ticks" -v hz="$(getconf CLK_TCK)" 'BEGIN { printf "%.3f", t / hz }'
}

median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
calc() { awk "BEGIN { printf \"$1\", $2 }"; }
# Sleeps until the wall-clock time EPOCH (seconds, as $EPOCHREALTIME), if it is ahead; in short
# steps, so that an interrupt is handled at once.
sleep_until() {
    local left
    while left=$(awk -v t="$1" -v now="$EPOCHREALTIME" 'BEGIN { d = t - now; if (d <= 0) exit 1
                                                              printf "%.3f", (d < 0.2 ? d : 0.2) }'); do
        sleep "$left"
    done
}
# A field of a one-line JSON object (numbers and plain strings only).
json_field() { { grep -o "\"$2\":[^,}]*" "$1" || true; } | head -n1 | cut -d: -f2- | tr -d '"'; }

# Raises this shell's (and so its children's) open-file limit to `wanted`, or to the hard
# limit if that is lower.
raise_fd_limit() {
    local wanted=$1 hard
    hard=$(ulimit -Hn)
    if [ "$hard" != unlimited ] && [ "$hard" -lt "$wanted" ]; then
        wanted=$hard
    fi
    [ "$(ulimit -Sn)" != unlimited ] && [ "$(ulimit -Sn)" -lt "$wanted" ] && ulimit -n "$wanted"
    return 0
}

# --- benchmarks -------------------------------------------------------------------------

bench_receive() {
    log "receive: $RUNS x $MESSAGES messages x $PAYLOAD B per subscriber${PIN:+ (pinned: broker and publisher on CPU 0, subscriber on CPU 1)}"
    local -a on_broker_cpu=() on_subscriber_cpu=() wakeups_of=()
    if [ -n "$PIN" ]; then
        on_broker_cpu=(taskset -c 0)
        on_subscriber_cpu=(taskset -c 1)
    fi
    BROKER_WRAP=("${on_broker_cpu[@]}")
    start_broker receive "max_queued_messages 0" "log_type subscribe"
    BROKER_WRAP=()
    local tool run id prefix cpu us rc wakeups
    local -a pingscope_us=() mosquitto_us=() pingscope_detail=() mosquitto_detail=() publish_rates=()
    for run in $(seq 1 "$RUNS"); do
        for tool in pingscope mosquitto_sub; do
            id="bench-$tool-$run-$RANDOM"
            prefix="$WORK/receive-$tool-$run"
            # GNU time, where installed, counts the subscriber's wake-ups (voluntary context
            # switches): how many messages each read found decides much of the cost.
            wakeups_of=()
            if /usr/bin/time --version 2>&1 | grep -q GNU; then
                wakeups_of=(/usr/bin/time -o "$prefix.time" -f "%w")
            fi
            if [ "$tool" = pingscope ]; then
                run_measured "$prefix" "${on_subscriber_cpu[@]}" "${wakeups_of[@]}" "$CLI" \
                    --port "$BROKER_PORT" --client-id "$id" --subscribe bench \
                    --count "$MESSAGES" --quiet
            else
                run_measured "$prefix" "${on_subscriber_cpu[@]}" "${wakeups_of[@]}" mosquitto_sub \
                    -p "$BROKER_PORT" -i "$id" -C "$MESSAGES" -t bench
            fi
            # Subscribed before the first message: mosquitto logs "<client id> <qos> <filter>".
            wait_for_text "$BROKER_LOG" "$id 0 bench" 10 ||
                fail "$tool did not subscribe within 10 s (log: $BROKER_LOG)"
            timeout 300 "${on_broker_cpu[@]}" "$PUBLISHER" --port "$BROKER_PORT" \
                --client-id "pub-$id" --count "$MESSAGES" --size "$PAYLOAD" >"$prefix.pub" ||
                fail "the publisher failed: $(cat "$prefix.pub")"
            # A dropped message would leave the subscriber waiting: bounded.
            rc=0
            wait_measured "$prefix" 120 || rc=$?
            if [ "$rc" -ne 0 ]; then
                cat "$prefix.err" >&2
                fail "$tool did not receive its $MESSAGES messages (exit status $rc)"
            fi
            if [ "$tool" = pingscope ] && ! grep -qE "messages +$MESSAGES received" "$prefix.out"; then
                cat "$prefix.out" >&2
                fail "pingscope-cli did not report $MESSAGES messages received"
            fi
            cpu=$(cat "$prefix.cpu")
            us=$(calc "%.3f" "($(echo "$cpu" | tr ' ' '+')) * 1e6 / $MESSAGES")
            wakeups=$(tail -n1 "$prefix.time" 2>/dev/null || echo "?")
            if [ "$tool" = pingscope ]; then
                pingscope_us+=("$us")
                pingscope_detail+=("${cpu/ /+} s/$wakeups")
            else
                mosquitto_us+=("$us")
                mosquitto_detail+=("${cpu/ /+} s/$wakeups")
            fi
            publish_rates+=("$(sed -e 's/.*: \([0-9]*\) msgs\/s/\1/' "$prefix.pub")")
            log "  run $run $tool: user $cpu sys s, $us us/msg, $wakeups wake-ups; $(cat "$prefix.pub")"
        done
    done
    if grep -q "being dropped" "$BROKER_LOG"; then
        fail "mosquitto dropped messages: $(grep "being dropped" "$BROKER_LOG" | head -n1)"
    fi
    stop_broker
    local p m ratio verdict
    p=$(median "${pingscope_us[@]}")
    m=$(median "${mosquitto_us[@]}")
    ratio=$(calc "%.2f" "$p / $m")
    verdict=$(awk -v p="$p" -v m="$m" 'BEGIN { print ((p < m) ? "met" : "MISSED") }')
    row "receive: CPU per message (user+sys), median of $RUNS" "$p us/msg" \
        "mosquitto_sub $m us/msg; ratio $ratio" "< mosquitto_sub" "$verdict"
    row "  pingscope-cli runs, us/msg" "${pingscope_us[*]}" \
        "user+sys/wake-ups: ${pingscope_detail[*]}" "" ""
    row "  mosquitto_sub runs, us/msg" "${mosquitto_us[*]}" \
        "user+sys/wake-ups: ${mosquitto_detail[*]}" "" ""
    row "  publisher through the broker, median" "$(median "${publish_rates[@]}") msgs/s" \
        "${PIN:+pinned to CPUs }" "" ""
}

# mosquitto_sub -d prints "Client ID sending PINGREQ": stamped as the lines arrive.
stamp_lines() {
    local line
    while IFS= read -r line; do
        printf '%s %s\n' "$EPOCHREALTIME" "$line"
    done
}

bench_keepalive() {
    log "keepalive: idle sessions for $KEEPALIVE_SECONDS s: pingscope-cli at keep-alive 2 s" \
        "(the target) and 5 s, mosquitto_sub at 5 s (its minimum), on one broker at once"
    start_broker keepalive
    local prefix="$WORK/keepalive" id="bench-keepalive-$RANDOM"
    timeout $((KEEPALIVE_SECONDS + 1)) stdbuf -oL mosquitto_sub -p "$BROKER_PORT" -k 5 -d \
        -t bench/idle -i "$id-mosquitto" 2>&1 | stamp_lines >"$prefix.mosquitto" &
    local reference=$!
    started "$reference"
    run_measured "$prefix-5" "$CLI" --port "$BROKER_PORT" --client-id "$id-5" --keep-alive 5 \
        --duration "$KEEPALIVE_SECONDS" --json --quiet
    run_measured "$prefix-2" "$CLI" --port "$BROKER_PORT" --client-id "$id-2" --keep-alive 2 \
        --duration "$KEEPALIVE_SECONDS" --json --quiet
    local rc=0 keepalive
    for keepalive in 2 5; do
        wait_measured "$prefix-$keepalive" $((KEEPALIVE_SECONDS + 30)) || rc=$?
        [ "$rc" -eq 0 ] || {
            cat "$prefix-$keepalive.err" "$prefix-$keepalive.out" >&2
            fail "pingscope-cli --keep-alive $keepalive exited with $rc"
        }
    done
    wait "$reference" 2>/dev/null || true
    reaped "$reference"
    stop_broker

    local summary late50 late99 latemax rtt50 rtt99 pings verdict reference_text
    for keepalive in 2 5; do
        summary="$prefix-$keepalive.out"
        late50=$(json_field "$summary" late_p50_ms)
        late99=$(json_field "$summary" late_p99_ms)
        latemax=$(json_field "$summary" late_max_ms)
        rtt50=$(json_field "$summary" rtt_p50_ms)
        rtt99=$(json_field "$summary" rtt_p99_ms)
        pings="$(json_field "$summary" pings_sent) sent, $(json_field "$summary" pings_answered) answered"
        [ -n "$late99" ] || { cat "$summary" >&2; fail "no ping lateness in the summary"; }
        if [ "$keepalive" = 2 ]; then
            verdict=$(awk -v v="$late99" 'BEGIN { print ((v < 5) ? "met" : "MISSED") }')
            row "keep-alive 2 s idle: PINGREQ lateness p50/p99/max" \
                "$late50 / $late99 / $latemax ms" "pings: $pings" "p99 < 5 ms" "$verdict"
            row "  PINGREQ -> PINGRESP RTT p50 / p99" "$rtt50 / $rtt99 ms" "" "" ""
        else
            # libmosquitto sends a PINGREQ when keep-alive seconds have passed since the last
            # packet it sent: its lateness is the excess over that. RTT: PINGREQ to PINGRESP
            # as the lines arrived through a pipe (an upper bound).
            reference_text=$(awk '
                / sending PINGREQ/ { if (last) late[++n] = ($1 - last - 5) * 1000; ping = $1 }
                / received PINGRESP/ { if (ping) rtt[++m] = ($1 - ping) * 1000; ping = 0 }
                / sending / { last = $1 }
                function sort(a, k,   i, j, t) { for (i = 2; i <= k; i++) for (j = i; j > 1 && a[j - 1] > a[j]; j--) { t = a[j]; a[j] = a[j - 1]; a[j - 1] = t } }
                END {
                    if (n == 0) { print "no PINGREQ seen"; exit }
                    sort(late, n); sort(rtt, m)
                    printf "lateness %.2f / %.2f ms (p50/max of %d), RTT p50 %.2f ms", late[int((n + 1) / 2)], late[n], n, rtt[int((m + 1) / 2)]
                }' "$prefix.mosquitto")
            row "keep-alive 5 s idle: lateness p50/p99/max, RTT p50" \
                "$late50 / $late99 / $latemax; $rtt50 ms" "mosquitto_sub -k 5: $reference_text" "" ""
        fi
    done
}

bench_scale() {
    log "scale: $SESSIONS sessions, keep-alive 5 s, for $SCALE_SECONDS s"
    # One descriptor per connection on both sides, and some to spare.
    raise_fd_limit 4096
    if [ "$(ulimit -Sn)" != unlimited ] && [ "$(ulimit -Sn)" -lt $((SESSIONS + 64)) ]; then
        fail "the open-file limit ($(ulimit -Sn), hard $(ulimit -Hn)) is too low for $SESSIONS sessions"
    fi
    start_broker scale "max_connections -1"
    local prefix="$WORK/scale" t0 connected_s="" count=0
    t0=$EPOCHREALTIME
    run_measured "$prefix" "$CLI" --port "$BROKER_PORT" --client-id "bench-scale-$RANDOM" \
        --sessions "$SESSIONS" --keep-alive 5 --duration "$SCALE_SECONDS" --quiet --json
    # Connect time: until every session has its TCP connection to the broker.
    local deadline=$((SECONDS + SCALE_SECONDS))
    while kill -0 "$RUN_PID" 2>/dev/null && ((SECONDS < deadline)); do
        count=$(established_to "$BROKER_PORT")
        if [ "$count" -ge "$SESSIONS" ]; then
            connected_s=$(calc "%.2f" "$EPOCHREALTIME - $t0")
            break
        fi
        sleep 0.05
    done
    # Idle CPU: from 5 s after the last connection to 2 s before the end.
    local warm_from warm_to cpu_from cpu_to t_from t_to idle="" rss="" fds=""
    warm_from=$(calc "%.3f" "${connected_s:-0} + 5")
    warm_to=$((SCALE_SECONDS - 2))
    if [ -n "$connected_s" ] && awk -v a="$warm_from" -v b="$warm_to" 'BEGIN { exit !(b - a >= 5) }'; then
        sleep_until "$(calc "%.6f" "$t0 + $warm_from")"
        t_from=$EPOCHREALTIME
        cpu_from=$(process_cpu "$RUN_PID")
        sleep_until "$(calc "%.6f" "$t0 + $warm_to")"
        t_to=$EPOCHREALTIME
        cpu_to=$(process_cpu "$RUN_PID")
        idle=$(calc "%.2f" "($cpu_to - $cpu_from) * 100 / ($t_to - $t_from)")
        rss=$(awk '/VmRSS/ { printf "%.0f MiB", $2 / 1024 }' "/proc/$RUN_PID/status")
        fds=$(find "/proc/$RUN_PID/fd" -mindepth 1 -maxdepth 1 | wc -l)
    fi
    local rc=0
    wait_measured "$prefix" $((SCALE_SECONDS + 60)) || rc=$?
    local errors
    errors=$(grep -ciE "error|too many|unable" "$BROKER_LOG" || true)
    stop_broker
    local summary="$prefix.out" total connected connections late99 rtt99 timeouts
    total=$(calc "%.2f" "($(tr ' ' '+' <"$prefix.cpu")) * 100 / $SCALE_SECONDS")
    connected=$(json_field "$summary" connected_at_end)
    connections=$(json_field "$summary" connections)
    late99=$(json_field "$summary" late_p99_ms)
    rtt99=$(json_field "$summary" rtt_p99_ms)
    timeouts=$(json_field "$summary" ping_timeouts)
    [ -n "$connected" ] || { cat "$prefix.err" "$summary" >&2; fail "pingscope-cli printed no summary (exit status $rc)"; }
    local verdict
    verdict=$([ "$connected" = "$SESSIONS" ] && [ "$connections" = "$SESSIONS" ] && [ "$rc" -eq 0 ] &&
        echo met || echo MISSED)
    row "$SESSIONS sessions: connected at the end / connections" "$connected / $connections" \
        "all TCP-connected after ${connected_s:-"(never; $count)"} s; exit status $rc; broker log errors $errors" \
        "all $SESSIONS" "$verdict"
    verdict=$(awk -v v="${late99:-999}" 'BEGIN { print ((v < 50) ? "met" : "MISSED") }')
    row "  ping lateness p99 / RTT p99 ($timeouts ping timeouts)" "${late99:-?} / ${rtt99:-?} ms" "" \
        "p99 < 50 ms" "$verdict"
    if [ -n "$idle" ]; then
        verdict=$(awk -v v="$idle" 'BEGIN { print ((v < 10) ? "met" : "MISSED") }')
        row "  CLI CPU after warm-up (idle), % of a core" "$idle %" \
            "whole run incl. connecting: $total %; RSS $rss; $fds fds" "< 10 %" "$verdict"
    else
        verdict=$(awk -v v="$total" 'BEGIN { print ((v < 10) ? "met" : "MISSED") }')
        row "  CLI CPU over the whole run, % of a core" "$total %" "(run too short for a warm window)" \
            "< 10 %" "$verdict"
    fi
}

bench_decode() {
    log "decode: bench_decode"
    local output="$WORK/decode.out" line
    "$BUILD_DIR/tests/bench/bench_decode" "$MESSAGES" 5 >"$output" || fail "bench_decode failed"
    while IFS= read -r line; do
        row "decode: $(echo "$line" | sed -E 's/ +[0-9]+ msgs x.*//; s/  +/ /g')" \
            "$(echo "$line" | grep -o 'median *[0-9.]* ns/msg' | sed 's/median *//')" \
            "$(echo "$line" | grep -o '[0-9]* msgs/s' | head -n1)" "" ""
    done <"$output"
}

bench_gui() {
    log "gui: the main window offscreen under a burst of $MESSAGES messages x $PAYLOAD B"
    local output="$WORK/gui.out" json="$WORK/gui.json"
    # Its own mosquitto (LocalBroker) on a free port; mosquitto_sub runs the same burst after.
    QT_QPA_PLATFORM=offscreen timeout 900 "$BUILD_DIR/tests/bench/bench_gui_ingest" \
        --messages "$MESSAGES" --size "$PAYLOAD" --publisher "$PUBLISHER" >"$output" \
        2>"$WORK/gui.err" || { cat "$WORK/gui.err" "$output" >&2; fail "bench_gui_ingest failed"; }
    grep -v '^{' "$output" | sed 's/^/  /' >&2
    tail -n1 "$output" >"$json"
    local f
    f() { json_field "$json" "$1"; }
    local verdict
    verdict=$(awk -v v="$(f stall_p99_ms)" 'BEGIN { print ((v < 50) ? "met" : "MISSED") }')
    row "gui: UI stall p50 / p99 / max (10 ms timer)" \
        "$(f stall_p50_ms) / $(f stall_p99_ms) / $(f stall_max_ms) ms" \
        "window idle: $(f idle_p50_ms) / $(f idle_p99_ms) / $(f idle_max_ms) ms; UI thread ran $(calc "%.0f" "$(f running_share_over_50ms) * 100") % of the $(f stalls_over_50ms) ticks over 50 ms" \
        "p99 < 50 ms" "$verdict"
    row "  window's time per batch p99 / max" "$(f batch_p99_ms) / $(f batch_max_ms) ms" \
        "$(f batches) batches, largest $(f largest_batch) events" "" ""
    row "  CPU per message: UI thread / network thread" \
        "$(f ui_cpu_us_per_msg) / $(f network_cpu_us_per_msg) us" "" "" ""
    row "  time to take the burst" "$(f ingest_s) s" \
        "mosquitto_sub $(f reference_s) s; ratio $(calc "%.2f" "$(f ingest_s) / $(f reference_s)")" "" ""
    verdict=$([ "$(f seen)" = "$MESSAGES" ] && echo met || echo MISSED)
    row "  messages seen in the window" "$(f seen)" \
        "$(f rows) rows + $(f model_dropped) dropped by the model + $(f host_dropped) before the UI" \
        "= $MESSAGES" "$verdict"
    row "  peak RSS (VmHWM)" "$(f peak_rss_mib) MiB" \
        "$(f rss_before_mib) MiB before the burst; 100,000 rows kept per session" "bounded" ""
    verdict=$([ "$(f late_ping)" = false ] && echo met || echo MISSED)
    row "  PINGREQ lateness max during the burst" "$(f ping_late_max_ms) ms" \
        "$(f pings_sent) pings, $(f ping_timeouts) timeouts" "< 50 ms" "$verdict"
}

# --- main -------------------------------------------------------------------------------

ensure_debian_packages
log "Building Release into $BUILD_DIR"
cmake -S "$PINGSCOPE_ROOT" -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=Release \
    -DPINGSCOPE_BUILD_BENCHMARKS=ON >/dev/null
cmake --build "$BUILD_DIR" --target pingscope-cli bench_publisher bench_decode bench_gui_ingest
CLI="$BUILD_DIR/app/pingscope-cli"
PUBLISHER="$BUILD_DIR/tests/bench/bench_publisher"
command -v mosquitto >/dev/null || PATH="$PATH:/usr/sbin"

for benchmark in "${SELECTED[@]}"; do
    "bench_$benchmark"
done

echo
# The table: columns as wide as their widest cell; "target" carries the verdict.
printf '%s\n' "${TABLE[@]}" | awk -F'|' '
    { n++; a[n] = $1; b[n] = $2; c[n] = $4 ($5 != "" ? " (" $5 ")" : ""); d[n] = $3 }
    END {
        a[0] = "benchmark"; b[0] = "PingScope"; c[0] = "target"; d[0] = "reference / notes"
        for (i = 0; i <= n; i++) {
            if (length(a[i]) > wa) wa = length(a[i])
            if (length(b[i]) > wb) wb = length(b[i])
            if (length(c[i]) > wc) wc = length(c[i])
        }
        for (i = 0; i <= n; i++) {
            printf "%-*s | %-*s | %-*s | %s\n", wa, a[i], wb, b[i], wc, c[i], d[i]
            if (i == 0) {
                line = sprintf("%*s", wa + wb + wc + 30, ""); gsub(/ /, "-", line); print line
            }
        }
    }'
