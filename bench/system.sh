#!/usr/bin/env bash
# bench/system.sh — system mode: xrun-system-arm vs qemu-system-arm.
#
# Both boot Debian's armmp kernel with the test initramfs of tests/system
# (make system-images) on the same command line:
#   boot:   boot to poweroff, the initramfs doing nothing but start and stop
#           (wall time of the emulator process, measured on the host)
#   sha256, gzip: a CPU-bound job inside the guest, sha256sum and gzip -c of
#           a 15 MB file in RAM, timed by the guest's own clock
# The runs are interleaved (each repetition runs qemu then xrun), the median
# of REPS is reported, and a run whose guest output differs between the two
# emulators (the sha256 and the gzip size) is reported as a failure.
#
# Output: a table on stdout and in $BUILD/bench/system.md; raw numbers in
# $BUILD/bench/system.tsv. Variables: REPS (default 3), SYSTEM_XRUN,
# SYSTEM_QEMU, RUN_TIMEOUT (seconds per boot, default 300).
set -u

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
BUILD=${BUILD:-build}
case $BUILD in /*) ;; *) BUILD=$ROOT/$BUILD ;; esac
OUT=$BUILD/bench
REPS=${REPS:-3}
XRUN_SYS=${SYSTEM_XRUN:-$BUILD/xrun-system-arm}
QEMU_SYS=${SYSTEM_QEMU:-qemu-system-arm}
RUN_TIMEOUT=${RUN_TIMEOUT:-300}
IMAGES=$ROOT/tests/cache/system

die() {
    echo "bench: FAIL: $*" >&2
    exit 1
}

[ -x "$XRUN_SYS" ] || die "$XRUN_SYS not found (run 'make')"
command -v "$QEMU_SYS" >/dev/null 2>&1 || die "$QEMU_SYS not found (install qemu-system-arm: run 'make deps')"
bash "$ROOT/tests/system/images.sh" >/dev/null || die "cannot build the system images (tests/system/images.sh)"
KERNEL=$IMAGES/vmlinuz-armmp
INITRD=$IMAGES/initrd-armmp.cpio.gz
[ -f "$KERNEL" ] && [ -f "$INITRD" ] || die "missing $KERNEL or $INITRD"
mkdir -p "$OUT"
TSV=$OUT/system.tsv
: >"$TSV"

# run RUNNER MODE LOG: one boot; prints the wall time in ms, or nothing.
run() {
    local runner=$1 mode=$2 log=$3 emu
    case $runner in
    qemu) emu=$QEMU_SYS ;;
    xrun) emu=$XRUN_SYS ;;
    esac
    local t0 t1
    t0=$(date +%s%N)
    timeout "$RUN_TIMEOUT" "$emu" -M virt -m 512 -nographic -net none -kernel "$KERNEL" -initrd "$INITRD" \
        -append "console=ttyAMA0 quiet xtest.mode=$mode xtest.checks=" </dev/null >"$log" 2>&1 || return
    t1=$(date +%s%N)
    grep -q '^XTEST done' "$log" || return
    echo $(((t1 - t0) / 1000000))
}

median() {
    sort -n | awk '{v[NR] = $1} END {if (NR) print v[int((NR + 1) / 2)]}'
}

fails=0
for rep in $(seq 1 "$REPS"); do
    for runner in qemu xrun; do
        log=$OUT/system-$runner-boot-$rep.log
        ms=$(run "$runner" boot "$log")
        if [ -n "$ms" ]; then
            printf '%s\tboot\t%s\n' "$runner" "$ms" >>"$TSV"
        else
            echo "bench: $runner boot run $rep failed (log: $log)" >&2
            fails=$((fails + 1))
        fi
        log=$OUT/system-$runner-bench-$rep.log
        if [ -n "$(run "$runner" bench "$log")" ]; then
            line=$(grep '^XTEST bench ' "$log" | tr -d '\r')
            # XTEST bench sha256 CS gzip CS SUM BYTES
            set -- $line
            printf '%s\tsha256\t%s\n%s\tgzip\t%s\n%s\tresult\t%s %s\n' "$runner" "$(($4 * 10))" \
                "$runner" "$(($6 * 10))" "$runner" "$7" "$8" >>"$TSV"
        else
            echo "bench: $runner bench run $rep failed (log: $log)" >&2
            fails=$((fails + 1))
        fi
    done
done

results=$(awk -F'\t' '$2 == "result" {print $3}' "$TSV" | sort -u | wc -l)
[ "$results" -le 1 ] || {
    echo "bench: the guest's job gave different results under qemu and xrun:" >&2
    awk -F'\t' '$2 == "result"' "$TSV" >&2
    fails=$((fails + 1))
}

{
    echo "| system mode ($REPS runs, median) | qemu-system-arm | xrun-system-arm | xrun/qemu |"
    echo "|---|---:|---:|---:|"
    for w in boot sha256 gzip; do
        q=$(awk -F'\t' -v w=$w '$1 == "qemu" && $2 == w {print $3}' "$TSV" | median)
        x=$(awk -F'\t' -v w=$w '$1 == "xrun" && $2 == w {print $3}' "$TSV" | median)
        case $w in
        boot) what="boot to poweroff, wall ms" ;;
        sha256) what="sha256sum of 15 MB in the guest, ms" ;;
        gzip) what="gzip of 15 MB in the guest, ms" ;;
        esac
        ratio=$([ -n "$q" ] && [ -n "$x" ] && [ "$q" -gt 0 ] && awk -v a="$x" -v b="$q" 'BEGIN {printf "%.2fx", a / b}')
        echo "| $what | ${q:-failed} | ${x:-failed} | ${ratio:-—} |"
    done
} | tee "$OUT/system.md"
[ $fails = 0 ] || die "$fails system runs failed"
