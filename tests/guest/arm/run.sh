#!/usr/bin/env bash
# tests/guest/arm/run.sh — the ARM guest program suite.
#
# Every tests/guest/arm/<name>.c is a self-checking program with deterministic
# output. It is cross-compiled static for armhf in four variants
#   a32-O0  a32-O2  t32-O0  t32-O2     (-marm / -mthumb, -O0 / -O2)
# and run under $XRUN (default build/xrun-arm). Its stdout plus its exit code
# is compared with the expected output, which is
#   - tests/guest/arm/<name>.ref when that file exists (ARM-specific output:
#     inline asm, VFP/NEON corner cases; generated with qemu-arm and checked
#     by reasoning), or
#   - the output of the same source built natively with the host gcc.
#
# Directives, read from comment lines of the source:
#   XRUN-LIBS: -lm           extra link flags (ARM and native)
#   XRUN-CFLAGS: -O3 ...     extra compile flags (ARM and native)
#   XRUN-ARM-CFLAGS: ...     extra compile flags for ARM only
#   XRUN-SRCS: foo.S         extra source files (in this directory)
#   XRUN-ARGS: a b c         command-line arguments
#   XRUN-CPU: max            run under -cpu MODEL (xrun, and qemu-arm for
#                            --mkref and XRUN=qemu-arm checks); ARM only
#   XRUN-XFAIL-QEMU: why     a known difference of qemu-arm (used to check this
#                            suite): under XRUN=qemu-arm* a mismatch prints
#                            XFAIL and counts as passed; under xrun it fails
#
# Builds are cached under $BUILD/tests/guest/<variant>/ and redone when the
# source, an extra source, a shared header (xt.h, asmops.h) or this script
# is newer than the binary (built under a temporary name, then renamed).
# Outputs of one invocation go to a private $BUILD/tests/guest/run.XXXXXX/,
# removed at the end unless KEEP=1, so concurrent runs do not mix results.
# Usage: run.sh [name...]      (default: every test)
#        XRUN=qemu-arm run.sh  (check the suite itself against QEMU)
# Output: one PASS/FAIL line per (test, variant), a diff on failure, then
# "guest: N passed, N failed"; the exit code is non-zero on any failure.
set -u
set -f # no globbing: directive values are split on spaces only

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../../.." && pwd)
BUILD=${BUILD:-build}
case $BUILD in /*) ;; *) BUILD=$ROOT/$BUILD ;; esac
# GUEST_OUT: where the programs are built (the sanitizer run reuses the
# ordinary build's programs: they do not depend on how xrun was built).
OUT=${GUEST_OUT:-$BUILD/tests/guest}
XRUN=${XRUN:-$BUILD/xrun-arm}
JOBS=${JOBS:-2}
TIMEOUT=${TIMEOUT:-20}
VARIANTS=${VARIANTS:-"a32-O0 a32-O2 t32-O0 t32-O2"}
ARM_CC=${ARM_CC:-arm-linux-gnueabihf-gcc}
HOST_CC=${HOST_CC:-gcc}
# -ffp-contract=off on both sides: a fused multiply-add on one side only would
# change the last bit of float results that we compare exactly.
ARM_BASE="-static -march=armv7-a -mfpu=neon-vfpv4 -mfloat-abi=hard -ffp-contract=off -fno-strict-aliasing -w"
HOST_BASE="-O2 -ffp-contract=off -fno-strict-aliasing -w"
export BUILD OUT XRUN TIMEOUT ARM_CC HOST_CC ARM_BASE HOST_BASE HERE

directive() { # directive FILE KEY -> value of "KEY:" (empty if absent)
    sed -n "s/.*$2: *\\(.*\\)\$/\\1/p" "$1" | head -n 1 | sed 's| *\*/ *$||'
}

# needs_build BIN SRC... : true when BIN is missing or older than a source.
needs_build() {
    local bin=$1 s
    shift
    [ -e "$bin" ] || return 0
    for s in "$@" "$HERE/run.sh" "$HERE/xt.h" "$HERE/asmops.h"; do
        [ "$s" -nt "$bin" ] && return 0
    done
    return 1
}

extra_srcs() { # extra_srcs NAME -> absolute paths of XRUN-SRCS
    local s
    for s in $(directive "$HERE/$1.c" XRUN-SRCS); do echo "$HERE/$s"; done
}

# run_guarded OUTFILE CMD... : run with a timeout and a fixed environment,
# write stdout followed by "[exit N]" into OUTFILE, stderr into OUTFILE.err.
run_guarded() {
    local out=$1 rc
    shift
    (cd "$(dirname "$out")" &&
        env -i PATH=/usr/bin:/bin HOME=/tmp LANG=C LC_ALL=C TZ=UTC XRUN_TEST=guest \
            timeout -k 5 "$TIMEOUT" "$@" </dev/null >"$out" 2>"$out.err")
    rc=$?
    [ $rc = 124 ] && echo "(timeout after ${TIMEOUT}s)" >>"$out.err"
    echo "[exit $rc]" >>"$out"
}

# build BIN CC ARGS...: compile into a temporary name, then rename, so a
# concurrent run of this suite never executes a half-written binary.
# The compiler log goes to BIN.log.
build() {
    local bin=$1 tmp="$1.tmp.$$"
    shift
    if "$@" -o "$tmp" >"$bin.log" 2>&1; then
        mv -f "$tmp" "$bin"
    else
        rm -f "$tmp"
        return 1
    fi
}

# One native build + run: produces $RUN_DIR/native/NAME.out (or NAME.fail).
job_native() {
    local name=$1 src=$HERE/$1.c bin=$OUT/native/$1 res=$RUN_DIR/native/$1
    mkdir -p "$OUT/native" "$RUN_DIR/native"
    if needs_build "$bin" "$src"; then
        # shellcheck disable=SC2046
        if ! build "$bin" $HOST_CC $HOST_BASE $(directive "$src" XRUN-CFLAGS) "$src" \
            $(directive "$src" XRUN-LIBS); then
            cp "$bin.log" "$res.fail"
            return
        fi
    fi
    # shellcheck disable=SC2046
    run_guarded "$res.out" "$bin" $(directive "$src" XRUN-ARGS)
}

variant_flags() {
    case $1 in
    a32-O0) echo "-marm -O0" ;;
    a32-O2) echo "-marm -O2" ;;
    t32-O0) echo "-mthumb -O0" ;;
    t32-O2) echo "-mthumb -O2" ;;
    *) echo "unknown-variant-$1" ;;
    esac
}

# cpu_opt NAME -> "-cpu MODEL" when the test has an XRUN-CPU directive.
cpu_opt() {
    local m
    m=$(directive "$HERE/$1.c" XRUN-CPU)
    [ -n "$m" ] && echo "-cpu $m"
}

# One (test, variant): build if needed, run under $XRUN, compare, report.
# The binary is cached in $OUT/VARIANT/; outputs go to $RUN_DIR/VARIANT/.
job_arm() {
    local name=$1 v=$2 src=$HERE/$1.c exp res out
    local bin=$OUT/$v/$name
    mkdir -p "$OUT/$v" "$RUN_DIR/$v"
    res=$RUN_DIR/$v/$name.res
    out=$RUN_DIR/$v/$name.out
    ( # a subshell, so that its early returns still reach the cat below
        # shellcheck disable=SC2046 # one word per extra source
        if needs_build "$bin" "$src" $(extra_srcs "$name"); then
            # shellcheck disable=SC2046
            if ! build "$bin" $ARM_CC $ARM_BASE $(variant_flags "$v") \
                $(directive "$src" XRUN-CFLAGS) $(directive "$src" XRUN-ARM-CFLAGS) "$src" \
                $(extra_srcs "$name") $(directive "$src" XRUN-LIBS); then
                echo "FAIL $name [$v]: ARM build failed"
                head -n 30 "$bin.log"
                return
            fi
        fi
        if [ -f "$HERE/$name.ref" ]; then
            exp=$HERE/$name.ref
        elif [ -f "$RUN_DIR/native/$name.out" ]; then
            exp=$RUN_DIR/native/$name.out
        else
            echo "FAIL $name [$v]: no expected output (native build failed, no .ref)"
            [ -f "$RUN_DIR/native/$name.fail" ] && head -n 30 "$RUN_DIR/native/$name.fail"
            return
        fi
        # shellcheck disable=SC2046
        run_guarded "$out" $XRUN $(cpu_opt "$name") "$bin" $(directive "$src" XRUN-ARGS)
        if cmp -s "$exp" "$out"; then
            echo "PASS $name [$v]"
        elif [ -n "$(directive "$src" XRUN-XFAIL-QEMU)" ] &&
            case $(basename "${XRUN%% *}") in qemu-arm*) true ;; *) false ;; esac then
            echo "XFAIL $name [$v]: $(directive "$src" XRUN-XFAIL-QEMU)"
        else
            echo "FAIL $name [$v]: output differs (- expected, + got)"
            diff -u "$exp" "$out" | sed -n '3,42p'
            if [ -s "$out.err" ]; then
                echo "  stderr:"
                head -n 10 "$out.err" | sed 's/^/  | /'
            fi
        fi
    ) >"$res" 2>&1
    cat "$res"
}

# --mkref NAME: write NAME.ref from the four variants run under qemu-arm,
# refusing when they disagree. Review the result by reasoning before
# committing it: the reference is only as right as QEMU.
make_ref() {
    local name=$1 v first="" tmp
    tmp=$(mktemp -d)
    for v in $VARIANTS; do
        # shellcheck disable=SC2046
        $ARM_CC $ARM_BASE $(variant_flags "$v") $(directive "$HERE/$name.c" XRUN-CFLAGS) \
            $(directive "$HERE/$name.c" XRUN-ARM-CFLAGS) -o "$tmp/$v" "$HERE/$name.c" \
            $(extra_srcs "$name") $(directive "$HERE/$name.c" XRUN-LIBS) || return 1
        # shellcheck disable=SC2046
        run_guarded "$tmp/$v.out" qemu-arm $(cpu_opt "$name") "$tmp/$v" $(directive "$HERE/$name.c" XRUN-ARGS)
        if [ -z "$first" ]; then
            first=$tmp/$v.out
        elif ! cmp -s "$first" "$tmp/$v.out"; then
            echo "mkref: $name: variants disagree:" >&2
            diff -u "$first" "$tmp/$v.out" | head -n 20 >&2
            return 1
        fi
    done
    cp "$first" "$HERE/$name.ref"
    rm -rf "$tmp"
    echo "wrote $HERE/$name.ref"
}

case ${1:-} in
--native) job_native "$2"; exit 0 ;;
--arm) job_arm "$2" "$3"; exit 0 ;;
--mkref) make_ref "$2"; exit $? ;;
esac

# -- Main: check tools, then run the native and the ARM jobs in parallel. --

missing=0
for tool in "$ARM_CC" "$HOST_CC" timeout diff xargs cmp; do
    if ! command -v "$tool" >/dev/null 2>&1; then
        echo "guest: FAIL: required tool '$tool' not found (run 'make deps')" >&2
        missing=1
    fi
done
xrun_cmd=${XRUN%% *}
if ! command -v "$xrun_cmd" >/dev/null 2>&1; then
    echo "guest: FAIL: translator '$xrun_cmd' not found or not executable (set XRUN or run 'make')" >&2
    missing=1
fi
if [ $missing = 1 ]; then
    echo "guest: 0 passed, 1 failed"
    exit 1
fi

if [ $# -gt 0 ]; then
    tests="$*"
else
    tests=$(find "$HERE" -maxdepth 1 -name '*.c' -printf '%f\n' | sed 's/\.c$//' | LC_ALL=C sort)
fi
for t in $tests; do
    if [ ! -f "$HERE/$t.c" ]; then
        echo "guest: FAIL: no test named '$t'" >&2
        exit 1
    fi
done

# Outputs of this invocation live in their own directory, so several runs
# of the suite (different XRUNs, different engineers) can share the build
# cache without mixing their results. Kept with KEEP=1.
mkdir -p "$OUT"
RUN_DIR=$(mktemp -d "$OUT/run.XXXXXX")
export RUN_DIR
[ "${KEEP:-0}" = 1 ] || trap 'rm -rf "$RUN_DIR"' EXIT
for t in $tests; do
    [ -f "$HERE/$t.ref" ] || echo "$t"
done | xargs -r -P "$JOBS" -n 1 bash "$HERE/run.sh" --native

for t in $tests; do
    for v in $VARIANTS; do
        echo "$t $v"
    done
done | xargs -r -P "$JOBS" -n 2 bash "$HERE/run.sh" --arm

pass=0
fail=0
for t in $tests; do
    for v in $VARIANTS; do
        if grep -q -E "^(PASS|XFAIL) " "$RUN_DIR/$v/$t.res" 2>/dev/null; then
            pass=$((pass + 1))
        else
            fail=$((fail + 1))
        fi
    done
done
echo "guest: $pass passed, $fail failed"
[ $fail = 0 ]
