#!/usr/bin/env bash
# tests/diff/run.sh — differential test of xrun against qemu-arm.
#
# Generates random A32, T32, VFP (in A32 and T32), NEON and ARMv8 (in A32
# and T32, run with -cpu max on both sides) test cases with gen.py (BATCH cases per
# program, to save process starts), assembles and links each program
# (-nostdlib, static), runs it under $XRUN and under $QEMU, and compares the
# record streams with decode.py. Cases are numbered from FIRST; a case's
# number is its seed, so any failure can be rebuilt alone:
#   python3 tests/diff/gen.py --mode t32 --first 1234 --count 1 > x.S
#
# Environment:
#   XRUN        translator under test   (default: $BUILD/xrun-arm)
#   QEMU        reference               (default: qemu-arm -cpu cortex-a15)
#   DIFF_COUNT  cases per mode; overrides the three below
#   DIFF_A32 / DIFF_T32 / DIFF_VFP / DIFF_NEON / DIFF_V8
#               (defaults 300 / 300 / 200 / 100 / 200)
#   FIRST       number of the first case (default 0: fixed seeds)
#   BATCH       cases per program (default 50), JOBS parallel jobs (2)
#   LEN         instructions per case (default: 24, VFP 16)
#   KEEP=1      keep the work directory
# Output: one line per failing program with the failing cases decoded,
# then "diff: N passed, N failed" (cases); non-zero exit on any failure.
set -u
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
BUILD=${BUILD:-build}
case $BUILD in /*) ;; *) BUILD=$ROOT/$BUILD ;; esac
XRUN=${XRUN:-$BUILD/xrun-arm}
QEMU=${QEMU:-qemu-arm -cpu cortex-a15}
A32=${DIFF_A32:-${DIFF_COUNT:-300}}
T32=${DIFF_T32:-${DIFF_COUNT:-300}}
VFP=${DIFF_VFP:-$(( ${DIFF_COUNT:-300} * 2 / 3 ))}
NEON=${DIFF_NEON:-$(( ${DIFF_COUNT:-300} / 3 ))}
V8=${DIFF_V8:-$(( ${DIFF_COUNT:-300} * 2 / 3 ))}
FIRST=${FIRST:-0}
BATCH=${BATCH:-50}
LEN=${LEN:-0}          # instructions per case (0: the generator default)
JOBS=${JOBS:-2}
TIMEOUT=${TIMEOUT:-30}
AS=${AS:-arm-linux-gnueabihf-as}
LD=${LD:-arm-linux-gnueabihf-ld}
export HERE XRUN QEMU TIMEOUT AS LD LEN

NAME=diff
. "$HERE/driver.sh"     # diff_require, diff_workdir, diff_batches, diff_run, diff_tally

# job MODE FIRST COUNT: one program; writes "pass N fail N" to
# $WORK/MODE-FIRST.count and its report to .res (see driver.sh).
job() {
    local mode=$1 first=$2 count=$3 p=$WORK/$1-$2 cpu=""
    case $mode in v8*) cpu="-cpu max" ;; esac
    echo "pass 0 fail $count" >"$p.count"
    {
        if ! python3 "$HERE/gen.py" --mode "$mode" --first "$first" --count "$count" --len "$LEN" >"$p.S"; then
            echo "FAIL $mode $first: generator failed"; return
        fi
        # A later -cpu wins over the one in $QEMU.
        diff_program "$p" "$mode" "$first" "$count" $cpu
    } >"$p.res" 2>&1
}
export -f job

diff_require "$AS" "$LD" python3 timeout "${QEMU%% *}" "${XRUN%% *}"
diff_workdir

# Case numbers: mode m's cases are FIRST .. FIRST+N-1 (seeds differ per mode
# through the mode name in the seed string).
# VFP and NEON cases are split between A32 (vfp, neon) and T32 (vfpt, neont)
# programs.
for spec in "a32 $A32" "t32 $T32" "vfp $((VFP - VFP / 2))" "vfpt $((VFP / 2))" "neon $((NEON - NEON / 2))" "neont $((NEON / 2))" \
    "v8 $((V8 - V8 / 2))" "v8t $((V8 / 2))"; do
    diff_batches $spec
done | diff_run

diff_tally
echo "diff: $DIFF_PASS passed, $DIFF_FAIL failed"
[ "$DIFF_FAIL" = 0 ]
