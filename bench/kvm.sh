#!/usr/bin/env bash
# bench/kvm.sh — x86_64 under KVM: xrun-system-x86_64 vs
# qemu-system-x86_64 -M microvm -accel kvm.
#
#   start-up  CPU time from exec to the first KVM_RUN (xrun's -d accel),
#             as Firecracker measures it; on this host's /dev/kvm when it
#             opens (the guest need not get far: the time is spent before
#             it runs), else inside the outer VM (tests/system/kvm), where
#             it is emulated time
#   boot      boot to poweroff of Debian's amd64 kernel with the test
#             initramfs doing nothing but start and stop, wall time
#             measured inside the outer VM; the two emulators interleaved
#             (each repetition runs qemu, then xrun). Only the ratio
#             means something: the outer VM is emulated.
#
# Output: a table on stdout and in $BUILD/bench/kvm.md. Variables: REPS
# (default 3), KVM_MODE (see tests/system/kvm/outer.sh).
set -u

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
BUILD=${BUILD:-build}
case $BUILD in /*) ;; *) BUILD=$ROOT/$BUILD ;; esac
OUT=$BUILD/bench
REPS=${REPS:-3}
XRUN=$BUILD/xrun-system-x86_64
IMAGES=$ROOT/tests/cache/kvm
# shellcheck source=../tests/system/kvm/payload.sh
. "$ROOT/tests/system/kvm/payload.sh"

die() {
    echo "bench: FAIL: $*" >&2
    exit 1
}

[ -x "$XRUN" ] || die "$XRUN not found (run 'make')"
command -v qemu-system-x86_64 >/dev/null || die "qemu-system-x86_64 not found (run 'make deps')"
bash "$ROOT/tests/system/kvm/images.sh" >/dev/null || die "cannot build the KVM images (tests/system/kvm/images.sh)"
mkdir -p "$OUT"

median() {
    sort -n | awk '{v[NR] = $1} END {if (NR) print v[int((NR + 1) / 2)]}'
}

# -- start-up on the host ----------------------------------------------------
startup=""
where="host /dev/kvm"
for i in $(seq 1 "$REPS"); do
    ms=$(timeout 3 "$XRUN" -M microvm -m 512 -nographic -serial null -kernel "$IMAGES/vmlinuz" \
        -initrd "$IMAGES/inner.cpio.gz" -d accel </dev/null 2>&1 |
        sed -n 's/^kvm: first KVM_RUN after \([0-9.]*\) ms.*/\1/p')
    [ -n "$ms" ] && startup="$startup $ms"
done

# -- boot to poweroff, nested ------------------------------------------------
WORK=$(mktemp -d "${TMPDIR:-/tmp}/xrun-kvm-bench.XXXXXX") || die "no work directory"
trap '[ -n "${KEEP:-}" ] || rm -rf "$WORK"' EXIT
KP_DIR=$WORK/tree
kp_init "$KP_DIR" || die "cannot make the payload"
kp_add_exec "$XRUN" || die "payload: $XRUN"
kp_add_exec "$(command -v qemu-system-x86_64)" || die "payload: qemu-system-x86_64"
for f in bios-microvm.bin linuxboot_dma.bin; do
    kp_add_file "/usr/share/qemu/$f" "payload/share/qemu/$f" || die "payload: $f"
done
kp_add_file "$IMAGES/vmlinuz" payload/vmlinuz || die "payload: vmlinuz"
kp_add_file "$IMAGES/inner.cpio.gz" payload/inner.cpio.gz || die "payload: initrd"
kp_add_run "cd \"\$KVM_PAYLOAD\" || exit 1
for rep in \$(seq 1 $REPS); do
    for emu in qemu-system-x86_64 xrun-system-x86_64; do
        t0=\$(cut -d' ' -f1 /proc/uptime)
        bin/\$emu -M microvm -accel kvm -m 512 -nographic -no-reboot -kernel vmlinuz -initrd inner.cpio.gz \\
            -append 'console=ttyS0 quiet xtest.mode=boot xtest.checks=' </dev/null >/tmp/boot.log 2>&1
        rc=\$?
        t1=\$(cut -d' ' -f1 /proc/uptime)
        grep -q 'XTEST done' /tmp/boot.log && echo \"XBENCH \$emu \$(awk -v a=\$t0 -v b=\$t1 'BEGIN {printf \"%d\", (b - a) * 1000}') \$rc\"
    done
    if [ -z \"\$startup_done\" ]; then
        startup_done=1
        bin/xrun-system-x86_64 -M microvm -accel kvm -m 512 -nographic -serial null -kernel vmlinuz \\
            -initrd inner.cpio.gz -d accel -no-reboot </dev/null 2>&1 | sed -n 's/^kvm: first KVM_RUN after \\([0-9.]*\\) ms.*/XSTART \\1/p' &
        sleep 20; kill \$! 2>/dev/null
    fi
done
exit 0"
bash "$ROOT/tests/system/kvm/outer.sh" "$KP_DIR" "$WORK/console.log" >"$WORK/outer.out" 2>&1 ||
    echo "bench: the outer run failed (see $WORK/console.log)" >&2
qemu_ms=$(awk '$1 == "XBENCH" && $2 == "qemu-system-x86_64" {print $3}' "$WORK/console.log" | median)
xrun_ms=$(awk '$1 == "XBENCH" && $2 == "xrun-system-x86_64" {print $3}' "$WORK/console.log" | median)
if [ -z "$startup" ]; then
    startup=$(awk '$1 == "XSTART" {print $2}' "$WORK/console.log")
    where="outer VM (emulated CPU time)"
fi
start_ms=$(echo "$startup" | tr ' ' '\n' | grep . | median)

{
    echo "| x86_64 under KVM | qemu-system-x86_64 | xrun-system-x86_64 | xrun/qemu |"
    echo "|---|---:|---:|---:|"
    if [ -n "$qemu_ms" ] && [ -n "$xrun_ms" ]; then
        echo "| boot to poweroff (nested, median of $REPS) | $qemu_ms ms | $xrun_ms ms | $(awk -v a="$xrun_ms" -v b="$qemu_ms" 'BEGIN {printf "%.2fx", a / b}') |"
    else
        echo "| boot to poweroff | failed | failed | |"
    fi
    echo "| CPU time from exec to the first KVM_RUN ($where) | | ${start_ms:-failed} ms | |"
} | tee "$OUT/kvm.md"
[ -n "$qemu_ms" ] && [ -n "$xrun_ms" ] && [ -n "$start_ms" ]
