# tests/diff/driver.sh — what a differential-test driver does whatever the
# instruction set; sourced by tests/diff/run.sh (AArch32) and
# tests/diff/a64/run.sh (AArch64), never run.
#
# The driver sets NAME (its name in the totals line), BUILD, FIRST, BATCH,
# JOBS, and exports HERE (where its decode.py is), AS, LD, QEMU, XRUN and
# TIMEOUT. It defines and exports job MODE FIRST COUNT, which generates one
# program of COUNT cases and hands it to diff_program; a job writes
# $WORK/MODE-FIRST.count ("pass N fail N", written first as all failed so a
# job that stops early counts its cases as failures) and .res (its report,
# empty when all passed). Then:
#
#   diff_require "$AS" "$LD" python3 ...   # a missing tool fails the suite
#   diff_workdir                            # $WORK, removed at exit unless KEEP=1
#   { diff_batches a32 300; diff_batches t32 300; } | diff_run
#   diff_tally                              # the reports; DIFF_PASS, DIFF_FAIL
#   echo "$NAME: $DIFF_PASS passed, $DIFF_FAIL failed"

# diff_program P MODE FIRST COUNT [ARG...]: the part of a job after the
# generator: assemble and link P.S, run P under $QEMU and under $XRUN (each
# followed by the ARGs, e.g. -cpu max), compare the record streams with
# $HERE/decode.py, write P.count, and print the report of a failure (or
# remove the program's files when all passed).
diff_program() {
    local p=$1 mode=$2 first=$3 count=$4 rc
    shift 4
    if ! "$AS" -o "$p.o" "$p.S" 2>"$p.log" || ! "$LD" -static -o "$p" "$p.o" 2>>"$p.log"; then
        echo "FAIL $mode $first: assembler failed"; head -n 5 "$p.log"; return
    fi
    timeout -k 5 "$TIMEOUT" $QEMU "$@" "$p" >"$p.qemu" 2>"$p.qemu.err"
    timeout -k 5 "$TIMEOUT" $XRUN "$@" "$p" >"$p.xrun" 2>"$p.xrun.err"
    rc=$?
    python3 "$HERE/decode.py" "$p.qemu" "$p.xrun" "$p.S" "$mode" >"$p.diff"
    head -n 1 "$p.diff" | grep -x 'pass [0-9]* fail [0-9]*' >"$p.count" || echo "pass 0 fail $count" >"$p.count"
    if grep -q ' fail 0$' "$p.count"; then
        rm -f "$p" "$p.o" "$p.S" "$p.qemu" "$p.xrun" "$p.diff" "$p.log" "$p.qemu.err" "$p.xrun.err"
    else
        echo "FAIL $mode cases $first..$((first + count - 1)) (xrun exit $rc)"
        tail -n +2 "$p.diff" | head -n 80
        [ -s "$p.xrun.err" ] && head -n 5 "$p.xrun.err" | sed 's/^/  xrun stderr: /'
        [ -s "$p.qemu.err" ] && head -n 5 "$p.qemu.err" | sed 's/^/  qemu stderr: /'
    fi
}
export -f diff_program

# diff_require TOOL...: every TOOL is a command, or the suite fails now.
diff_require() {
    local tool
    for tool in "$@"; do
        if ! command -v "$tool" >/dev/null 2>&1; then
            echo "$NAME: required tool '$tool' not found (run 'make deps' / 'make'; XRUN selects the translator)" >&2
            echo "$NAME: 0 passed, 1 failed"
            exit 1
        fi
    done
}

# diff_workdir: a fresh $WORK under $BUILD/tests/diff, exported for the jobs.
diff_workdir() {
    mkdir -p "$BUILD/tests/diff"
    WORK=$(mktemp -d "$BUILD/tests/diff/$NAME.XXXXXX")
    export WORK
    [ "${KEEP:-0}" = 1 ] || trap 'rm -rf "$WORK"' EXIT
}

# diff_batches MODE N: the job arguments for cases FIRST .. FIRST+N-1 of
# MODE, BATCH cases a program.
diff_batches() {
    local n=0 c
    while [ $n -lt "$2" ]; do
        c=$(( $2 - n < BATCH ? $2 - n : BATCH ))
        echo "$1 $((FIRST + n)) $c"
        n=$((n + c))
    done
}

# diff_run: runs the jobs read from stdin, JOBS at a time.
diff_run() {
    xargs -r -P "$JOBS" -n 3 bash -c 'job "$@"' _
}

# diff_tally: prints every program's report; sets DIFF_PASS and DIFF_FAIL
# (cases) and returns 1 when a case failed.
diff_tally() {
    local r
    DIFF_PASS=0
    DIFF_FAIL=0
    for r in "$WORK"/*.count; do
        [ -e "$r" ] || continue
        set -- $(cat "$r")
        DIFF_PASS=$((DIFF_PASS + $2))
        DIFF_FAIL=$((DIFF_FAIL + $4))
        cat "${r%.count}.res" 2>/dev/null
    done
    [ "$DIFF_FAIL" = 0 ]
}
