#!/usr/bin/env bash
# tests/diff/a64/run.sh — differential test of xrun-aarch64 against qemu-aarch64.
#
# Generates random A64 test cases with gen.py (BATCH cases per program),
# assembles and links each program (static, -nostdlib), runs it under $XRUN
# and under $QEMU, and compares the record streams with decode.py. Case
# numbers are seeds, so a failure is rebuilt alone with
#   python3 tests/diff/a64/gen.py --mode a64simd --first 1234 --count 1 > x.S
# Afterwards it prints, per mode, how many distinct mnemonics the cases used;
# in a run of at least the default counts a mode below its floor (MIN_*
# below) fails, so a generator that silently stops emitting a class is seen.
#
# Environment:
#   XRUN        translator under test   (default: $BUILD/xrun-aarch64)
#   QEMU        reference               (default: qemu-aarch64 -cpu max)
#   DIFF_COUNT  cases per mode; overrides the per-mode counts below
#   DIFF_A64 / DIFF_A64FP / DIFF_A64SIMD / DIFF_A64CRYPTO
#               (defaults 400 / 250 / 300 / 100)
#   DIFF_MODES  modes to run (default: a64 a64fp a64simd a64crypto)
#   FIRST       number of the first case (default 0: fixed seeds)
#   BATCH       cases per program (default 50), JOBS parallel jobs (2)
#   LEN         instructions per case (default: per mode, see gen.py)
#   KEEP=1      keep the work directory
# Output: one block per failing program with the failing cases decoded, the
# mnemonic counts, then "diff-a64: N passed, N failed" (cases); non-zero
# exit on any failure.
set -u
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../../.." && pwd)
BUILD=${BUILD:-build}
case $BUILD in /*) ;; *) BUILD=$ROOT/$BUILD ;; esac
XRUN=${XRUN:-$BUILD/xrun-aarch64}
QEMU=${QEMU:-qemu-aarch64 -cpu max}
MODES=${DIFF_MODES:-a64 a64fp a64simd a64crypto}
FIRST=${FIRST:-0}
BATCH=${BATCH:-50}
LEN=${LEN:-0}
JOBS=${JOBS:-2}
TIMEOUT=${TIMEOUT:-30}
AS=${AS:-aarch64-linux-gnu-as}
LD=${LD:-aarch64-linux-gnu-ld}
export HERE XRUN QEMU TIMEOUT AS LD LEN

# count MODE: the number of cases of MODE, and its mnemonic floor.
count() {
    local n
    case $1 in
        a64) n=${DIFF_A64:-400} ;;
        a64fp) n=${DIFF_A64FP:-250} ;;
        a64simd) n=${DIFF_A64SIMD:-300} ;;
        a64crypto) n=${DIFF_A64CRYPTO:-100} ;;
        *) echo "diff-a64: unknown mode '$1'" >&2; n=0 ;;
    esac
    echo "${DIFF_COUNT:-$n}"
}
MIN_a64=180
MIN_a64fp=60
MIN_a64simd=200
MIN_a64crypto=20
DEFAULT_a64=400
DEFAULT_a64fp=250
DEFAULT_a64simd=300
DEFAULT_a64crypto=100

NAME=diff-a64
. "$HERE/../driver.sh"     # diff_require, diff_workdir, diff_batches, diff_run, diff_tally

# job MODE FIRST COUNT: one program; writes "pass N fail N" to
# $WORK/MODE-FIRST.count, the report of its failures to .res (with whatever
# the shell says about an emulator killed by a signal) and the mnemonics of
# its cases to .mn.
job() {
    local mode=$1 first=$2 count=$3 p=$WORK/$1-$2
    echo "pass 0 fail $count" >"$p.count"
    {
        if ! python3 "$HERE/gen.py" --mode "$mode" --first "$first" --count "$count" --len "$LEN" >"$p.S"; then
            echo "FAIL $mode $first: generator failed"; return
        fi
        sed -n '/^\/\/ body$/,/^\/\/ dump$/p' "$p.S" | grep -v -e '^//' -e ':$' | awk '{print $1}' |
            sort -u >"$WORK/$mode.$first.mn"
        diff_program "$p" "$mode" "$first" "$count"
    } >"$p.res" 2>&1
}
export -f job

diff_require "$AS" "$LD" python3 timeout "${QEMU%% *}" "${XRUN%% *}"
diff_workdir

for mode in $MODES; do
    diff_batches "$mode" "$(count "$mode")"
done | diff_run

diff_tally
pass=$DIFF_PASS
fail=$DIFF_FAIL
for mode in $MODES; do
    distinct=$(cat "$WORK/$mode".*.mn 2>/dev/null | sort -u | wc -l)
    floor=MIN_$mode
    dflt=DEFAULT_$mode
    if [ "$(count "$mode")" -ge "${!dflt:-0}" ] && [ "$distinct" -lt "${!floor:-0}" ]; then
        echo "FAIL $mode: only $distinct distinct mnemonics generated (at least ${!floor} expected)"
        fail=$((fail + 1))
    else
        echo "$mode: $(count "$mode") cases, $distinct distinct mnemonics"
    fi
done
echo "diff-a64: $pass passed, $fail failed"
[ $fail = 0 ]
