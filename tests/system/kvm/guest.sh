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

# probe: kvmprobe's steps as PASS/FAIL lines.
probe() {
    local out rc line
    if ! command -v kvmprobe >/dev/null 2>&1; then
        fail "kvmprobe" "not found on PATH"
        return 1
    fi
    out=$(kvmprobe 2>&1)
    rc=$?
    while read -r line; do
        case $line in
        "kvmprobe: all steps ok" | "kvmprobe: FAIL") ;;
        "kvmprobe: "*" ok"*) pass "${line/: / }" ;;
        "kvmprobe: "*" FAIL: "*) line=${line#kvmprobe: } && fail "kvmprobe ${line%% FAIL: *}" "${line#* FAIL: }" ;;
        *) echo "$line" ;;
        esac
    done <<<"$out"
    check "kvmprobe exit status" 0 "$rc"
    [ "$rc" = 0 ]
}

st_parse_args " [CHECK...]" "CHECKs: $ALL_CHECKS" "$@"
st_select_checks "$ALL_CHECKS"

probe && st_boot_and_check "${checks[@]}"
# In the outer VM the work directory goes down with it: show what the
# inner guest said.
if [ "$fail" != 0 ] && [ -s "${WORK:-}/console.log" ]; then
    echo "$SUITE: $(cat "$WORK/cmdline")"
    tr -d '\r' <"$WORK/console.log" | tail -n 40 | sed "s/^/$SUITE: console: /"
fi
st_finish
