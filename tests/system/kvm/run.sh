#!/usr/bin/env bash
# tests/system/kvm/run.sh — the KVM suite: Debian's amd64 kernel and the
# system-test initramfs booted under KVM by qemu-system-x86_64 -M microvm
# or by xrun-system-x86_64, checked as tests/system/run.sh checks the arm
# boards.
#
#   bash tests/system/kvm/run.sh --emu qemu|xrun [--smp N] [--suite] [CHECK...]
#
# This host may have no /dev/kvm, so the work happens in a payload
# (payload.sh) that outer.sh runs in the outer VM (qemu-system-x86_64 TCG
# with SVM, where kvm-amd gives /dev/kvm) or, on a host whose /dev/kvm
# works, directly. The payload holds guest.sh and the scripts it sources,
# kvmprobe, the emulator and the tools the host-side checks use (bash and
# coreutils, qemu-img, debugfs, e2fsck: host programs with their shared
# libraries), qemu's microvm firmware, the kernel, inner.cpio.gz and the
# disks. guest.sh prints kvmprobe's steps and the boot's assertions as
# PASS/FAIL lines; this script counts them, adds its own, and prints
# "kvm: N passed, N failed" last (non-zero exit status on any failure).
#
# Without CHECKs, --suite runs them all (cpu memory hwrng compute disk
# write hvc0 net); without either, the cheap ones (cpu memory).
#
# Environment: BUILD (where xrun-system-x86_64 and tests/kvmprobe are,
# default build), KVM_IMAGES (default tests/cache/kvm), TIMEOUT (seconds
# for the inner boot, default 300: a whole --suite boot takes 60-110 s
# nested; the outer VM gets 120 s more), KVM_MODE (auto, nested, direct: see
# outer.sh), KEEP=1 keeps the work directory.
set -u

SUITE=kvm
TIMEOUT=${TIMEOUT:-300}
. "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"
KVM_SRC=$SRC_DIR/kvm
. "$KVM_SRC/payload.sh"
KVM_IMAGES=${KVM_IMAGES:-$ROOT_DIR/tests/cache/kvm}
EMU=""
SMP=1
QUICK_CHECKS="cpu memory"
ALL_CHECKS="cpu memory hwrng compute disk write hvc0 net"
# What guest.sh and the checks it sources run, besides busybox (which the
# outer VM has): bash, and the host's own versions of the tools whose
# options busybox lacks (grep -a, date +%N, ...).
TOOLS="bash grep sed awk date sha256sum cmp dd od tr cut head tail sort uniq wc cat cp mv rm
    mkdir mktemp seq sleep timeout tee truncate stat env dirname basename ls
    qemu-img debugfs e2fsck"
# The files of qemu's microvm firmware (qboot) and the option ROM it boots
# the kernel with.
QEMU_FIRMWARE="bios-microvm.bin linuxboot_dma.bin"
IMAGES="vmlinuz inner.cpio.gz modules.txt payload.sha256 disk.raw disk.qcow2 disk-z.qcow2
    disk-overlay.qcow2 scratch.raw scratch.qcow2"
SCRIPTS="lib.sh checks.sh compute.sh records.sh kvm/guest.sh"

# finish: the last line and the exit status; lib.sh's st_cleanup (on exit)
# keeps the work directory when something failed.
finish() {
    st_finish
    exit
}

usage() {
    cat <<EOF2
usage: $0 --emu qemu|xrun [--smp N] [--suite] [CHECK...]
  --emu     qemu-system-x86_64 -M microvm -accel kvm, or \$BUILD/xrun-system-x86_64
  --smp     vCPUs of the inner guest (default 1)
  --suite   every check ($ALL_CHECKS); default: $QUICK_CHECKS
environment: BUILD, KVM_IMAGES, TIMEOUT, KVM_MODE (auto|nested|direct), KEEP=1
EOF2
}

# stage_payload EMU_BIN CHECKS: the payload tree in WORK/tree; false with a
# FAIL when a part is missing.
stage_payload() {
    local emu_bin=$1 checks=$2 t f
    kp_init "$WORK/tree" || return 1
    kp_add_exec "$BUILD/tests/kvmprobe" kvmprobe || return 1
    if [ "$EMU" = xrun ]; then
        kp_add_exec "$BUILD/tests/kvmaccel" kvmaccel || return 1
    fi
    for t in $TOOLS; do
        kp_add_exec "$t" || return 1
    done
    for f in $IMAGES; do
        kp_add_file "$KVM_IMAGES/$f" "payload/images/$f" || return 1
    done
    for f in $SCRIPTS; do
        kp_add_file "$ROOT_DIR/tests/system/$f" "payload/tests/system/$f" || return 1
    done
    if [ -n "$emu_bin" ]; then
        kp_add_exec "$emu_bin" || return 1
    fi
    if [ "$EMU" = qemu ]; then
        for f in $QEMU_FIRMWARE; do
            kp_add_file "/usr/share/qemu/$f" "payload/share/qemu/$f" || return 1
        done
    fi
    # guest.sh finds the emulator as lib.sh does: qemu on PATH, xrun in
    # BUILD. Without an emulator only kvmprobe runs.
    kp_add_run "cd \"\${TMPDIR:-/tmp}\" || exit 1
export SYSTEM_IMAGES=\"\$KVM_PAYLOAD/images\" BUILD=\"\$KVM_PAYLOAD/bin\" SMP=$SMP TIMEOUT=$TIMEOUT
exec bash \"\$KVM_PAYLOAD/tests/system/kvm/guest.sh\" --emu $EMU $checks${emu_bin:+}"
}

# -- Main --------------------------------------------------------------------

suite=0
checks=()
while [ $# -gt 0 ]; do
    case $1 in
    --emu)
        [ $# -ge 2 ] && [[ $2 == @(qemu|xrun) ]] || { usage >&2; exit 2; }
        EMU=$2
        shift 2
        ;;
    --smp)
        [ $# -ge 2 ] && [[ $2 =~ ^[1-8]$ ]] || { echo "kvm: --smp needs 1..8" >&2; exit 2; }
        SMP=$2
        shift 2
        ;;
    --suite) suite=1 && shift ;;
    -h | --help) usage && exit 0 ;;
    -*) echo "kvm: unknown option '$1'" >&2 && usage >&2 && exit 2 ;;
    *)
        [[ " $ALL_CHECKS " == *" $1 "* ]] || { echo "kvm: unknown check '$1' (checks: $ALL_CHECKS)" >&2; exit 2; }
        checks+=("$1")
        shift
        ;;
    esac
done
[ -n "$EMU" ] || { usage >&2; exit 2; }
if [ ${#checks[@]} = 0 ]; then
    if [ $suite = 1 ]; then read -r -a checks <<<"$ALL_CHECKS"; else read -r -a checks <<<"$QUICK_CHECKS"; fi
fi

WORK=$(mktemp -d "${TMPDIR:-/tmp}/xrun-kvm.XXXXXX") || st_die "cannot make a work directory"
trap st_cleanup EXIT
trap 'exit 1' INT TERM HUP

for f in vmlinuz outer.cpio.gz $IMAGES; do
    if [ ! -s "$KVM_IMAGES/$f" ]; then
        fail "images" "$KVM_IMAGES/$f is missing; run 'make kvm-images'"
        finish
    fi
done
for t in kvmprobe kvmaccel; do
    if [ ! -x "$BUILD/tests/$t" ]; then
        fail "$t" "$BUILD/tests/$t is missing; run 'make $BUILD/tests/$t'"
        finish
    fi
done
case $EMU in
qemu) emu_bin=$(command -v qemu-system-x86_64) ||
    { fail "emulator" "qemu-system-x86_64 not found (bash tools/deps.sh installs qemu-system-x86)"; finish; } ;;
xrun) emu_bin=$BUILD/xrun-system-x86_64 ;;
esac
if [ ! -x "$emu_bin" ]; then
    # The outer run still proves /dev/kvm with kvmprobe; guest.sh reports
    # the missing emulator as well.
    fail "emulator" "$emu_bin not found (EMU=$EMU)"
    emu_bin=""
fi
echo "kvm: $EMU, $SMP vCPU(s), checks: ${checks[*]}"
if ! stage_payload "$emu_bin" "${checks[*]}" 2>"$WORK/stage.log"; then
    fail "payload" "$(tail -n 1 "$WORK/stage.log")"
    finish
fi

# A stalled outer VM (outer.sh's status 3) is run once more.
for attempt in 1 2; do
    TIMEOUT=$((TIMEOUT + 120)) bash "$KVM_SRC/outer.sh" "$WORK/tree" "$WORK/console.log" 2>&1 |
        tee "$WORK/outer.out"
    status=${PIPESTATUS[0]}
    [ "$status" = 3 ] && [ $attempt = 1 ] || break
    echo "kvm: the outer VM stalled (qemu's nested SVM); running the suite once more"
done
if grep -q '^kvm: direct' "$WORK/outer.out"; then
    : # the host's /dev/kvm: kvmprobe's lines speak for it
elif grep -q '^XKVM-OUTER kvm ok$' "$WORK/console.log"; then
    pass "outer: /dev/kvm opens"
else
    fail "outer" "no 'XKVM-OUTER kvm ok' (see $WORK/console.log)"
fi
check "outer: payload exit status" 0 "$status"
summary=$(grep -E '^kvm-guest: [0-9]+ passed, [0-9]+ failed$' "$WORK/outer.out" | tail -n 1)
if [ -n "$summary" ]; then
    pass=$((pass + $(grep -c '^PASS ' "$WORK/outer.out")))
    fail=$((fail + $(grep -c '^FAIL ' "$WORK/outer.out")))
else
    fail "guest" "guest.sh printed no summary (see $WORK/console.log)"
fi
finish
