#!/usr/bin/env bash
# tests/stress/run.sh — the stress suite: threads, atomics, self-modifying
# code, flushes and fork/exec under load.
#
# Every tests/stress/<name>.c is a self-checking ARM program: it is built
# static with arm-linux-gnueabihf-gcc -O2 -pthread, run under $XRUN with a
# timeout, and passes when it exits 0 and the last line of its stdout starts
# with "ok". Programs assert exact totals themselves and print what went
# wrong otherwise.
#
# Directives, read from comment lines of the source:
#   XRUN-ARM-CFLAGS: ...   extra compile flags (e.g. -march=armv8-a)
#   XRUN-CPU: model        run with -cpu model (e.g. max for ARMv8 insns)
#   XRUN-OPTS: ...         more xrun options before the program (e.g.
#                          -tb-size 1); dropped when XRUN is qemu-arm*,
#                          which has none of them
#   XRUN-ARGS: ...         arguments of the program
#
# Usage: run.sh [name...]          (default: every program)
#   RUNS=N      run the whole set N times in a row (default 1); every run of
#               every program counts, one failure fails the suite
#   TIMEOUT=S   seconds per program run (default 60)
# Binaries are cached under $BUILD/tests/stress/ and rebuilt when the source
# or this script is newer. Output: one PASS/FAIL line per program and run,
# details on failure, then "stress: N passed, N failed".
set -u
set -f # no globbing: directive values are split on spaces only

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
BUILD=${BUILD:-build}
case $BUILD in /*) ;; *) BUILD=$ROOT/$BUILD ;; esac
OUT=$BUILD/tests/stress
XRUN=${XRUN:-$BUILD/xrun-arm}
RUNS=${RUNS:-1}
TIMEOUT=${TIMEOUT:-60}
ARM_CC=${ARM_CC:-arm-linux-gnueabihf-gcc}
ARM_BASE="-static -O2 -pthread -march=armv7-a -mfpu=neon-vfpv4 -mfloat-abi=hard -Wall"

pass=0
fail=0
finish() {
    echo "stress: $pass passed, $fail failed"
    [ "$fail" = 0 ]
    exit
}

directive() { # directive FILE KEY -> value of "KEY:" (empty if absent)
    sed -n "s/.*$2: *\\(.*\\)\$/\\1/p" "$1" | head -n 1 | sed 's| *\*/ *$||'
}

case $RUNS in '' | *[!0-9]* | 0)
    echo "FAIL stress: RUNS must be a positive number, not '$RUNS'"
    fail=1
    finish
    ;;
esac
if ! command -v "$ARM_CC" >/dev/null 2>&1; then
    echo "FAIL stress: $ARM_CC not found (install gcc-arm-linux-gnueabihf: make deps)"
    fail=1
    finish
fi
if ! command -v "${XRUN%% *}" >/dev/null 2>&1 && [ ! -x "${XRUN%% *}" ]; then
    echo "FAIL stress: translator '$XRUN' not found (run make first)"
    fail=1
    finish
fi
case $(basename "${XRUN%% *}") in qemu-arm*) under_qemu=1 ;; *) under_qemu=0 ;; esac

names=()
if [ $# -gt 0 ]; then
    for n in "$@"; do names+=("${n%.c}"); done
else
    set +f
    for f in "$HERE"/*.c; do [ -f "$f" ] && names+=("$(basename "${f%.c}")"); done
    set -f
fi
if [ ${#names[@]} = 0 ]; then
    echo "FAIL stress: no programs in $HERE"
    fail=1
    finish
fi

mkdir -p "$OUT"
RUN_DIR=$(mktemp -d "$OUT/run.XXXXXX")
trap 'rm -rf "$RUN_DIR"' EXIT

# Build every program once; a program that does not build fails each run.
declare -A broken
for name in "${names[@]}"; do
    src=$HERE/$name.c bin=$OUT/$name
    if [ ! -f "$src" ]; then
        broken[$name]="no such program $src"
        continue
    fi
    if [ ! -x "$bin" ] || [ "$src" -nt "$bin" ] || [ "$HERE/run.sh" -nt "$bin" ]; then
        # shellcheck disable=SC2046 # directive values are word lists
        if $ARM_CC $ARM_BASE $(directive "$src" XRUN-ARM-CFLAGS) "$src" -o "$bin.tmp.$$" >"$bin.log" 2>&1; then
            mv -f "$bin.tmp.$$" "$bin"
        else
            rm -f "$bin.tmp.$$"
            broken[$name]="ARM build failed: $(head -n 5 "$bin.log" | tr '\n' ' ')"
        fi
    fi
done

# run_one NAME RUN: one run of one program, with a PASS/FAIL line.
run_one() {
    local name=$1 r=$2 src=$HERE/$1.c bin=$OUT/$1 out=$RUN_DIR/$1.$2 rc last
    local opts=() cpu
    if [ -n "${broken[$name]:-}" ]; then
        echo "FAIL $name [run $r]: ${broken[$name]}"
        fail=$((fail + 1))
        return
    fi
    cpu=$(directive "$src" XRUN-CPU)
    [ -n "$cpu" ] && opts+=(-cpu "$cpu")
    # shellcheck disable=SC2206 # a word list
    [ $under_qemu = 0 ] && opts+=($(directive "$src" XRUN-OPTS))
    # shellcheck disable=SC2046
    (cd "$RUN_DIR" && env -i PATH=/usr/bin:/bin HOME=/tmp LANG=C LC_ALL=C TZ=UTC XRUN_TEST=stress \
        timeout -k 5 "$TIMEOUT" $XRUN "${opts[@]}" "$bin" $(directive "$src" XRUN-ARGS) \
        </dev/null >"$out" 2>"$out.err") 2>/dev/null # no "Illegal instruction" from bash itself
    rc=$?
    last=$(tail -n 1 "$out")
    if [ $rc = 0 ] && [ "${last#ok}" != "$last" ]; then
        echo "PASS $name [run $r]: $last"
        pass=$((pass + 1))
        return
    fi
    if [ $rc = 124 ] || [ $rc = 137 ]; then
        echo "FAIL $name [run $r]: timeout after ${TIMEOUT}s"
    elif [ $rc -gt 128 ] && kill -l $((rc - 128)) >/dev/null 2>&1; then
        echo "FAIL $name [run $r]: killed by SIG$(kill -l $((rc - 128)))"
    elif [ $rc != 0 ]; then
        echo "FAIL $name [run $r]: exit status $rc"
    else
        echo "FAIL $name [run $r]: last line is not ok: $last"
    fi
    tail -n 10 "$out" | sed 's/^/  out | /'
    head -n 10 "$out.err" | sed 's/^/  err | /'
    fail=$((fail + 1))
}

for ((r = 1; r <= RUNS; r++)); do
    for name in "${names[@]}"; do
        run_one "$name" "$r"
    done
done
finish
