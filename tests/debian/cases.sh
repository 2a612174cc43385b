# tests/debian/cases.sh — the case runner of the suites that compare Debian
# programs of the guest with their amd64 builds (tests/debian/run.sh,
# tests/debpkg/run.sh); sourced, never run.
#
# The sourcing suite sets NAME (the suite's name in its messages), WORK
# (its temporary directory), JOBS and TIMEOUT, registers cases with
#   t CASE-NAME SNIPPET [WHY-XFAIL]
# and defines run_one I, which runs case I and writes its verdict to
# $WORK/cI/res: a first line starting with PASS, XFAIL or FAIL, then the
# details. run_cases then does the rest:
#
#   t sum 'run awk "{ s += \$1 } END { print s }" in/nums.txt'
#   run_one() { ... run_case "$dir" "${SNIPS[$1]}" "$prelude" "$dir/got" RUNNER=... ... }
#   run_cases "$@"       # prints "NAME: N passed, N failed", returns 1 on failure

NAMES=()
SNIPS=()
XFAIL=()
t() { NAMES+=("$1"); SNIPS+=("$2"); XFAIL+=("${3:-}"); }

fail_setup() {
    echo "$NAME: FAIL: $*" >&2
    echo "$NAME: 0 passed, 1 failed"
    exit 1
}

# run_case DIR SNIPPET PRELUDE OUTFILE [VAR=VALUE...]: run PRELUDE (the
# suite's shell functions) then SNIPPET in DIR, in an environment holding
# only a fixed PATH, HOME, locale and time zone plus the VAR=VALUEs; stdout
# then "[exit N]" go to OUTFILE, stderr to OUTFILE.err.
run_case() {
    local dir=$1 snippet=$2 prelude=$3 out=$4 rc
    shift 4
    (cd "$dir" && env -i PATH=/usr/bin:/bin HOME=/tmp LC_ALL=C TZ=UTC "$@" \
        timeout -k 5 "$TIMEOUT" bash -c "$prelude$snippet" </dev/null >"$out" 2>"$out.err")
    rc=$?
    [ $rc = 124 ] && echo "(timeout after ${TIMEOUT}s)" >>"$out.err"
    echo "[exit $rc]" >>"$out"
}

# run_cases [CASE-NAME...]: the named cases (default all), JOBS at a time,
# each verdict printed as it comes, then the totals line.
run_cases() {
    local want="" i pass=0 fail=0 selected=()
    [ $# -gt 0 ] && want=" $* "
    for i in "${!NAMES[@]}"; do
        [ -n "$want" ] && [ "${want#* "${NAMES[$i]}" }" = "$want" ] && continue
        selected+=("$i")
    done
    [ ${#selected[@]} -gt 0 ] || fail_setup "no case named: $*"
    for i in "${selected[@]}"; do
        run_one "$i" &
        while [ "$(jobs -rp | wc -l)" -ge "$JOBS" ]; do
            wait -n
        done
    done
    wait
    for i in "${selected[@]}"; do
        if grep -q -E '^(PASS|XFAIL) ' "$WORK/c$i/res" 2>/dev/null; then
            pass=$((pass + 1))
        else
            fail=$((fail + 1))
        fi
    done
    echo "$NAME: $pass passed, $fail failed"
    [ $fail = 0 ]
}
