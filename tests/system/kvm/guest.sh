#!/usr/bin/env bash
# tests/system/kvm/guest.sh — the part of the KVM suite that runs where
# /dev/kvm works (in the outer VM, or on the host): kvmprobe, then one boot
# of Debian's amd64 kernel with the test initramfs under KVM and the same
# assertions tests/system/run.sh makes on arm (tests/system/checks.sh).
#
#   SMP=N bash guest.sh --emu qemu|xrun [CHECK...]
#
# run.sh stages this script with lib.sh, checks.sh, compute.sh and
# records.sh in the same layout as the source tree, the images in
# $KVM_PAYLOAD/images and the programs in $KVM_PAYLOAD/bin. The machine is
# lib.sh's with ST_ARCH=x86_64:
#
#   EMU -M microvm -accel kvm -m 512 -nographic [-smp N]
#       -kernel vmlinuz -initrd inner.cpio.gz -append "console=ttyS0 ..."
#       the six disks, virtio-net, virtio-rng, virtio-serial with hvc0
#
# One PASS/FAIL line per assertion; the last is "kvm-guest: N passed, N
# failed" (run.sh adds these to its own count).
SUITE=kvm-guest
ST_ARCH=x86_64
# No python3 in the outer VM: busybox httpd serves the net check here.
ST_HTTP_PORT=8080
. "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"
. "$SRC_DIR/compute.sh"
. "$SRC_DIR/checks.sh"
KERNEL=amd64

# The arm suite's checks but smc (an ARM program).
ALL_CHECKS="cpu memory hwrng compute disk write hvc0 net"

# probe PROG: the steps PROG prints ("PROG: STEP ok", "PROG: STEP FAIL: why")
# as PASS/FAIL lines. kvmprobe: does /dev/kvm run guest code; kvmaccel:
# xrun's KVM accelerator through its interface (vCPU create, run, pause,
# resume, memory regions added and removed, reset).
probe() {
    local prog=$1 out rc line
    if ! command -v "$prog" >/dev/null 2>&1; then
        fail "$prog" "not found on PATH"
        return 1
    fi
    out=$("$prog" 2>&1)
    rc=$?
    while read -r line; do
        case $line in
        "$prog: all steps ok" | "$prog: FAIL") ;;
        "$prog: "*" ok"*) pass "${line/: / }" ;;
        "$prog: "*" FAIL: "*) line=${line#"$prog": } && fail "$prog ${line%% FAIL: *}" "${line#* FAIL: }" ;;
        *) echo "$line" ;;
        esac
    done <<<"$out"
    check "$prog exit status" 0 "$rc"
    [ "$rc" = 0 ]
}

st_parse_args " [CHECK...]" "CHECKs: $ALL_CHECKS" "$@"
st_select_checks "$ALL_CHECKS"

# reboot_checks: the guest reboots once (init's reboot mode). Without
# -no-reboot the machine restarts and its second boot powers off; with it
# the run ends at the guest's reset.
reboot_checks() {
    local flags log n
    for flags in restart -no-reboot; do
        cp "$IMG_DIR/scratch.raw" "$WORK/scratch.raw"
        st_cmdline "xtest.mode=reboot xtest.markdev=vde"
        [ "$flags" = -no-reboot ] && EMU_CMD+=(-no-reboot)
        log=$WORK/reboot-$flags.log
        st_start "$log"
        st_wait 300
        n=$(tr -d '\r' <"$log" | grep -c '^XTEST boot ')
        check "reboot ($flags): exit status" 0 "$EMU_STATUS"
        check "reboot ($flags): first boot reset the machine" 1 "$(tr -d '\r' <"$log" | grep -c 'XTEST reboot first-boot')"
        if [ "$flags" = restart ]; then
            check "reboot ($flags): the machine booted again" 2 "$n"
            check "reboot ($flags): second boot" 1 "$(tr -d '\r' <"$log" | grep -c 'XTEST reboot second-boot')"
        else
            check "reboot ($flags): the run ended at the reset" 1 "$n"
        fi
    done
}

# bad_input NAME WANT ARGS...: the emulator with ARGS must exit non-zero
# with one line on stderr that contains WANT.
bad_input() {
    local name=$1 want=$2 err rc
    shift 2
    err=$("$@" </dev/null 2>&1 >/dev/null)
    rc=$?
    if [ $rc != 0 ] && [ "$(printf '%s\n' "$err" | wc -l)" = 1 ] && [[ $err == *"$want"* ]]; then
        pass "bad input: $name: $err"
    else
        fail "bad input: $name" "exit $rc, stderr: $err"
    fi
}

bad_input_checks() {
    local k=$IMG_DIR/$KERNEL_FILE i=$IMG_DIR/$INITRD_FILE
    head -c 4096 /dev/urandom >"$WORK/notakernel"
    printf 'QFI\373\0\0\0\3garbage' >"$WORK/corrupt.qcow2"
    bad_input "no /dev/kvm" "/dev/kvm" busybox unshare -m sh -c \
        'mount -t tmpfs none /dev && exec "$@"' sh "$EMU_BIN" -M microvm -accel kvm -m 512 -nographic -kernel "$k"
    bad_input "not a kernel" "notakernel" "$EMU_BIN" -M microvm -accel kvm -m 512 -nographic -kernel "$WORK/notakernel"
    bad_input "too little memory" "-m" "$EMU_BIN" -M microvm -accel kvm -m 8 -nographic -kernel "$k"
    bad_input "corrupt image" "corrupt.qcow2" "$EMU_BIN" -M microvm -accel kvm -m 512 -nographic -kernel "$k" \
        -initrd "$i" -drive "file=$WORK/corrupt.qcow2,if=none,id=d0,format=qcow2" -device virtio-blk-device,drive=d0
}

if probe kvmprobe; then
    if [ "$EMU" = xrun ]; then
        probe kvmaccel
    fi
    st_boot_and_check "${checks[@]}"
fi
# Once per suite (with one vCPU): the guest's reset, and bad command lines.
if [ "${SMP:-1}" = 1 ] && [ -n "${WORK:-}" ] && [ -d "$WORK" ]; then
    reboot_checks
    [ "$EMU" = xrun ] && bad_input_checks
fi
# In the outer VM the work directory goes down with it: show what the
# inner guest said.
if [ "$fail" != 0 ] && [ -s "${WORK:-}/console.log" ]; then
    echo "$SUITE: $(cat "$WORK/cmdline")"
    tr -d '\r' <"$WORK/console.log" | tail -n 40 | sed "s/^/$SUITE: console: /"
fi
st_finish
