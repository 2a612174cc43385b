#!/usr/bin/env bash
# tests/guest/run.sh — the guest program suite, for every user-mode guest.
#
# Programs live in two kinds of directory:
#   tests/guest/common/   portable C, run on every guest; the expected output
#                         is the same source built and run natively
#   tests/guest/<guest>/  ISA tests of one guest (inline asm, intrinsics,
#                         architectural corner cases) with NAME.ref files,
#                         plus guest.conf: compiler, base flags, variants,
#                         default translator and the QEMU used for checks
# For GUEST=arm the suite is common/*.c + arm/*.c. Each program is
# cross-compiled static once per variant of the guest (arm: a32-O0 a32-O2
# t32-O0 t32-O2; aarch64: O0 O2), plus the guest's -O3 variants for programs
# that declare vectorizable loops, and run under $XRUN. Its stdout plus its
# exit code is compared with <guest>/NAME.ref when that file exists (it may
# also hold the expectation of a common program whose output differs on that
# guest), else with the native output.
#
# Directives, read from comment lines of the source:
#   XRUN-LIBS: -lm           extra link flags (guest and native)
#   XRUN-CFLAGS: ...         extra compile flags (guest and native)
#   XRUN-ARM-CFLAGS: ...     extra compile flags for one guest only; the key
#   XRUN-AARCH64-CFLAGS: ... is GUEST_KEY of its guest.conf
#   XRUN-SRCS: foo.S         extra source files (in the program's directory)
#   XRUN-ARGS: a b c         command-line arguments
#   XRUN-O3: yes             also build the guest's -O3 variants
#   XRUN-ONLY: arm           run on these guests only (space-separated)
#   XRUN-CPU: max            run under -cpu MODEL (xrun, and the guest's qemu
#                            for --mkref and XRUN=qemu-* checks)
#   XRUN-XFAIL-QEMU: why     a known difference of qemu (used to check this
#                            suite): under XRUN=qemu-* a mismatch prints
#                            XFAIL and counts as passed; under xrun it fails
#
# Builds are cached under $BUILD/tests/guest/<guest>/<variant>/ (native ones
# under .../native/) and redone when the source, an extra source, a header
# of common/ or of the guest's directory, guest.conf or this script is newer
# than the binary (built under a temporary name, then renamed). Outputs of
# one invocation go to a private $BUILD/tests/guest/run.XXXXXX/, removed at
# the end unless KEEP=1, so concurrent runs do not mix results.
#
# Usage: GUEST=arm run.sh [name...]       (default GUEST=arm, every test)
#        GUEST="arm aarch64" run.sh       (several guests, one total)
#        XRUN=qemu-aarch64 GUEST=aarch64 run.sh   (check the suite itself)
#        VARIANTS=t32-O2 O3_VARIANTS= run.sh      (a subset of variants)
#        GUEST=aarch64 run.sh --mkref NAME        (write aarch64/NAME.ref)
# Output: one PASS/FAIL line per (test, variant), a diff on failure, then
# "guest-<guest>: N passed, N failed" per guest and "guest: N passed,
# N failed"; the exit code is non-zero on any failure.
set -u
set -f # no globbing: directive values are split on spaces only

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
COMMON=$HERE/common
BUILD=${BUILD:-build}
case $BUILD in /*) ;; *) BUILD=$ROOT/$BUILD ;; esac
# GUEST_OUT: where the programs are built (the sanitizer run reuses the
# ordinary build's programs: they do not depend on how xrun was built).
OUT=${GUEST_OUT:-$BUILD/tests/guest}
JOBS=${JOBS:-2}
TIMEOUT=${TIMEOUT:-20}
HOST_CC=${HOST_CC:-gcc}
HOST_BASE="-O2 -ffp-contract=off -fno-strict-aliasing -w"
COMMON_HDRS=${COMMON_HDRS-$(find "$COMMON" -maxdepth 1 -name '*.h' | tr '\n' ' ')}
export BUILD OUT TIMEOUT HOST_CC COMMON_HDRS

# load_guest G: source G's guest.conf and set GDIR, G_XRUN, G_VARIANTS and
# G_O3_VARIANTS (XRUN, VARIANTS and O3_VARIANTS from the environment win).
load_guest() {
    GNAME=$1
    GDIR=$HERE/$1
    [ -f "$GDIR/guest.conf" ] || return 1
    # shellcheck source=/dev/null
    . "$GDIR/guest.conf"
    G_XRUN=${XRUN:-$BUILD/$GUEST_XRUN}
    G_VARIANTS=${VARIANTS-$GUEST_VARIANTS}
    G_O3_VARIANTS=${O3_VARIANTS-$GUEST_O3_VARIANTS}
    # Listed once by the main process; its jobs inherit the list.
    if [ "${HDRS_OF:-}" != "$1" ]; then
        GUEST_HDRS=$(find "$GDIR" -maxdepth 1 -name '*.h' | tr '\n' ' ')
        HDRS_OF=$1
        export GUEST_HDRS HDRS_OF
    fi
}

# The directives of one source are parsed once per process (every job is a
# process of its own), as "KEY<tab>value" lines in DIRS: a job asks for
# about ten of them, and a sed per question would cost more than the run.
DIRS_SRC=""
DIRS=""
load_directives() { # load_directives SRC
    DIRS=$(sed -n 's/.*\(XRUN-[A-Z0-9-]*\): *\(.*\)$/\1\t\2/p' "$1" | sed 's| *\*/ *$||')
    DIRS_SRC=$1
}

directive() { # directive FILE KEY -> value of the first "KEY:" (empty if absent)
    local line IFS=$'\n'
    [ "$DIRS_SRC" = "$1" ] || load_directives "$1"
    for line in $DIRS; do
        if [ "${line%%$'\t'*}" = "$2" ]; then
            echo "${line#*$'\t'}"
            return
        fi
    done
}

src_of() { # src_of NAME -> the guest's NAME.c, else common's
    if [ -f "$GDIR/$1.c" ]; then echo "$GDIR/$1.c"; else echo "$COMMON/$1.c"; fi
}

# needs_build BIN SRC... : true when BIN is missing or older than a source,
# a header of common/ or this script (guest builds pass their guest.conf
# and headers among the sources: see guest_deps).
needs_build() {
    local bin=$1 s
    shift
    [ -e "$bin" ] || return 0
    for s in "$@" "$HERE/run.sh" $COMMON_HDRS; do
        [ "$s" -nt "$bin" ] && return 0
    done
    return 1
}

guest_deps() { # guest_deps SRC -> its extra sources, guest.conf, guest headers
    extra_srcs "$1"
    echo "$GDIR/guest.conf" $GUEST_HDRS
}

extra_srcs() { # extra_srcs SRC -> absolute paths of its XRUN-SRCS
    local s
    for s in $(directive "$1" XRUN-SRCS); do echo "$(dirname "$1")/$s"; done
}

# variants_of SRC -> the variants this program is built in.
variants_of() {
    echo $G_VARIANTS
    [ "$(directive "$1" XRUN-O3)" = yes ] && echo $G_O3_VARIANTS
}

# runs_here SRC: false when an XRUN-ONLY directive leaves this guest out.
runs_here() {
    local only g
    only=$(directive "$1" XRUN-ONLY)
    [ -z "$only" ] && return 0
    for g in $only; do [ "$g" = "$GNAME" ] && return 0; done
    return 1
}

cpu_opt() { # cpu_opt SRC -> "-cpu MODEL" when it has an XRUN-CPU directive
    local m
    m=$(directive "$1" XRUN-CPU)
    [ -n "$m" ] && echo "-cpu $m"
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

# guest_compile V SRC -> the guest compiler command for variant V (no -o).
guest_compile() {
    local v=$1 src=$2
    # shellcheck disable=SC2046
    echo "$GUEST_CC" $GUEST_BASE $(guest_variant_flags "$v") -I"$COMMON" \
        $(directive "$src" XRUN-CFLAGS) $(directive "$src" "XRUN-$GUEST_KEY-CFLAGS") "$src" \
        $(extra_srcs "$src") $(directive "$src" XRUN-LIBS)
}

# One native build + run: produces $RUN_DIR/native/NAME.out (or NAME.fail).
job_native() {
    local name=$1 src=$COMMON/$1.c bin=$OUT/native/$1 res=$RUN_DIR/native/$1
    mkdir -p "$OUT/native" "$RUN_DIR/native"
    load_directives "$src"
    if needs_build "$bin" "$src"; then
        # shellcheck disable=SC2046
        if ! build "$bin" $HOST_CC $HOST_BASE -I"$COMMON" $(directive "$src" XRUN-CFLAGS) "$src" \
            $(directive "$src" XRUN-LIBS); then
            cp "$bin.log" "$res.fail"
            return
        fi
    fi
    # shellcheck disable=SC2046
    run_guarded "$res.out" "$bin" $(directive "$src" XRUN-ARGS)
}

# One (test, variant) of guest $GNAME: build if needed, run under $G_XRUN,
# compare, report. The binary is cached in $OUT/GUEST/VARIANT/; outputs go
# to $RUN_DIR/GUEST/VARIANT/.
job_guest() {
    local name=$1 v=$2 src exp res out bin=$OUT/$GNAME/$2/$1
    src=$(src_of "$name")
    load_directives "$src"
    mkdir -p "$OUT/$GNAME/$v" "$RUN_DIR/$GNAME/$v"
    res=$RUN_DIR/$GNAME/$v/$name.res
    out=$RUN_DIR/$GNAME/$v/$name.out
    ( # a subshell, so that its early returns still reach the cat below
        # shellcheck disable=SC2046 # one word per file
        if needs_build "$bin" "$src" $(guest_deps "$src"); then
            # shellcheck disable=SC2046
            if ! build "$bin" $(guest_compile "$v" "$src"); then
                echo "FAIL $name [$GNAME $v]: build failed"
                head -n 30 "$bin.log"
                return
            fi
        fi
        if [ -f "$GDIR/$name.ref" ]; then
            exp=$GDIR/$name.ref
        elif [ -f "$RUN_DIR/native/$name.out" ]; then
            exp=$RUN_DIR/native/$name.out
        else
            echo "FAIL $name [$GNAME $v]: no expected output (native build failed, no .ref)"
            [ -f "$RUN_DIR/native/$name.fail" ] && head -n 30 "$RUN_DIR/native/$name.fail"
            return
        fi
        # shellcheck disable=SC2046
        run_guarded "$out" $G_XRUN $(cpu_opt "$src") "$bin" $(directive "$src" XRUN-ARGS)
        if cmp -s "$exp" "$out"; then
            echo "PASS $name [$GNAME $v]"
        elif [ -n "$(directive "$src" XRUN-XFAIL-QEMU)" ] &&
            case $(basename "${G_XRUN%% *}") in qemu-*) true ;; *) false ;; esac then
            echo "XFAIL $name [$GNAME $v]: $(directive "$src" XRUN-XFAIL-QEMU)"
        else
            echo "FAIL $name [$GNAME $v]: output differs (- expected, + got)"
            diff -u "$exp" "$out" | sed -n '3,42p'
            if [ -s "$out.err" ]; then
                echo "  stderr:"
                head -n 10 "$out.err" | sed 's/^/  | /'
            fi
        fi
    ) >"$res" 2>&1
    cat "$res"
}

# --mkref NAME: write GUEST/NAME.ref from every variant run under the guest's
# qemu, refusing when they disagree. Review the result by reasoning before
# committing it: the reference is only as right as QEMU.
make_ref() {
    local name=$1 src v first="" tmp
    src=$(src_of "$name")
    [ -f "$src" ] || { echo "mkref: no test named '$name' for $GNAME" >&2; return 1; }
    load_directives "$src"
    tmp=$(mktemp -d)
    for v in $(variants_of "$src"); do
        # shellcheck disable=SC2046
        $(guest_compile "$v" "$src") -o "$tmp/$v" || return 1
        # shellcheck disable=SC2046
        run_guarded "$tmp/$v.out" "$GUEST_QEMU" $(cpu_opt "$src") "$tmp/$v" $(directive "$src" XRUN-ARGS)
        if [ -z "$first" ]; then
            first=$tmp/$v.out
        elif ! cmp -s "$first" "$tmp/$v.out"; then
            echo "mkref: $name: variants disagree:" >&2
            diff -u "$first" "$tmp/$v.out" | head -n 20 >&2
            return 1
        fi
    done
    cp "$first" "$GDIR/$name.ref"
    rm -rf "$tmp"
    echo "wrote $GDIR/$name.ref"
}

case ${1:-} in
--native) job_native "$2"; exit 0 ;;
--job) load_guest "$2" && job_guest "$3" "$4"; exit 0 ;;
--mkref)
    load_guest "${GUEST:-arm}" || { echo "mkref: no guest '${GUEST:-arm}'" >&2; exit 1; }
    make_ref "$2"
    exit $?
    ;;
esac

# -- Main: per guest, check tools, then run native and guest jobs in parallel. --

GUESTS=${GUEST:-arm}
for g in $GUESTS; do
    if [ ! -f "$HERE/$g/guest.conf" ]; then
        echo "guest: FAIL: no guest '$g' (no tests/guest/$g/guest.conf)" >&2
        echo "guest: 0 passed, 1 failed"
        exit 1
    fi
done
for t in "$@"; do
    found=0
    for g in $GUESTS; do
        [ -f "$HERE/$g/$t.c" ] && found=1
    done
    [ -f "$COMMON/$t.c" ] && found=1
    if [ $found = 0 ]; then
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

# run_one_guest G NAME...: every test of G (or the named ones); prints the
# per-guest summary and sets PASS and FAIL.
run_one_guest() {
    local g=$1 tool t v src missing=0 names jobs=$RUN_DIR/$1.jobs others=""
    shift
    load_guest "$g"
    for tool in "$GUEST_CC" "$HOST_CC" timeout diff xargs cmp find; do
        if ! command -v "$tool" >/dev/null 2>&1; then
            echo "guest-$g: FAIL: required tool '$tool' not found (run 'make deps')" >&2
            missing=1
        fi
    done
    if ! command -v "${G_XRUN%% *}" >/dev/null 2>&1; then
        echo "guest-$g: FAIL: translator '${G_XRUN%% *}' not found or not executable (set XRUN or run 'make')" >&2
        missing=1
    fi
    if [ $missing = 1 ]; then
        echo "guest-$g: 0 passed, 1 failed"
        PASS=0 FAIL=1
        return
    fi
    if [ $# -gt 0 ]; then
        names="$*"
    else
        names=$(find "$COMMON" "$GDIR" -maxdepth 1 -name '*.c' -printf '%f\n' | sed 's/\.c$//' |
            LC_ALL=C sort -u)
    fi
    : >"$jobs"
    for t in $names; do
        src=$(src_of "$t")
        [ -f "$src" ] || continue # named, but a test of another guest
        load_directives "$src"
        if ! runs_here "$src"; then
            others="$others $t"
            continue
        fi
        for v in $(variants_of "$src"); do echo "$t $v" >>"$jobs"; done
    done
    [ -n "$others" ] && echo "guest-$g: not built for this guest (XRUN-ONLY):$others"
    # Native runs: common programs without this guest's .ref, once per
    # invocation (several guests share them).
    cut -d' ' -f1 "$jobs" | uniq | while read -r t; do
        [ -f "$GDIR/$t.ref" ] || [ ! -f "$COMMON/$t.c" ] || [ -e "$RUN_DIR/native/$t.out" ] ||
            [ -e "$RUN_DIR/native/$t.fail" ] || echo "$t"
    done | xargs -r -P "$JOBS" -n 1 bash "$HERE/run.sh" --native
    sed "s/^/$g /" "$jobs" | xargs -r -P "$JOBS" -n 3 bash "$HERE/run.sh" --job
    PASS=0 FAIL=0
    while read -r t v; do
        if grep -q -E "^(PASS|XFAIL) " "$RUN_DIR/$g/$v/$t.res" 2>/dev/null; then
            PASS=$((PASS + 1))
        else
            FAIL=$((FAIL + 1))
        fi
    done <"$jobs"
    echo "guest-$g: $PASS passed, $FAIL failed"
}

total_pass=0
total_fail=0
for g in $GUESTS; do
    run_one_guest "$g" "$@"
    total_pass=$((total_pass + PASS))
    total_fail=$((total_fail + FAIL))
done
echo "guest: $total_pass passed, $total_fail failed"
[ $total_fail = 0 ]
