# shellcheck shell=bash
# tests/gdb/lib.sh — what the GDB stub suites share (run.sh for user mode,
# system.sh for system mode): PASS/FAIL counting, the last line
# "SUITE: N passed, N failed", a scratch directory, background processes
# killed on exit, free ports. Sourced, never run; the caller sets SUITE.

pass=0
fail=0
tmp=$(mktemp -d)
pids=()
cleanup() {
    for p in "${pids[@]}"; do kill -9 "$p" 2>/dev/null; done
    rm -rf "$tmp"
}
trap cleanup EXIT

ok() { pass=$((pass + 1)); echo "PASS $1"; }
bad() { fail=$((fail + 1)); echo "FAIL $1: $2"; }
finish() {
    echo "$SUITE: $pass passed, $fail failed"
    [ "$fail" = 0 ]
    exit $?
}

# check NAME FILE REGEX: FILE has a line matching the extended regex.
check() {
    if grep -qE -- "$3" "$2"; then ok "$1"; else bad "$1" "no line matching '$3' (see below)"; sed 's/^/    | /' "$2" | tail -n 40; fi
}

free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# start_stub NAME CMD...: runs CMD in the background with a timeout of $T
# seconds (stdout in $tmp/NAME.out, stderr in $tmp/NAME.err), sets XPID,
# and waits until its stub says it listens.
start_stub() {
    local name=$1
    shift
    # The subshell reports a death by signal as status 128+N, quietly.
    (timeout $T "$@" >"$tmp/$name.out" 2>"$tmp/$name.err" </dev/null; exit $?) 2>/dev/null &
    XPID=$!
    pids+=("$XPID")
    for _ in $(seq 100); do
        grep -qs "waiting for gdb" "$tmp/$name.err" && return 0
        sleep 0.05
    done
    bad "$name" "$1 did not start listening: $(head -c 300 "$tmp/$name.err")"
    return 1
}

# wait_xrun: waits for the process of start_stub; sets XRC (124 = timeout).
wait_xrun() {
    wait "$XPID"
    XRC=$?
}

# guest_ends NAME FILE REGEX: waits for xrun, which must exit 0 with a line
# of its output FILE matching the extended regex.
guest_ends() {
    wait_xrun
    if [ "$XRC" = 0 ] && grep -qE -- "$3" "$2"; then
        ok "$1"
    else
        bad "$1" "status $XRC, output '$(head -c 300 "$2")'"
    fi
}

# hold_port: someone else listens on a free port, BUSY, for ten seconds
# (HOLDER is its pid).
hold_port() {
    BUSY=$(free_port)
    python3 -c 'import socket, sys, time
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", int(sys.argv[1]))); s.listen(1)
open(sys.argv[3], "w").close(); time.sleep(float(sys.argv[2]))' "$BUSY" 10 "$tmp/holder.ready" &
    HOLDER=$!
    pids+=("$HOLDER")
    for _ in $(seq 100); do
        [ -e "$tmp/holder.ready" ] && break
        sleep 0.05
    done
}
