#!/usr/bin/env bash
# tests/acpi/linux.sh — Debian's amd64 kernel boots on the microvm board's
# ACPI tables (`make check-acpi-linux`).
#
# qemu-system-x86_64's microvm stands in for the board: the tables that
# acpi_build_tables makes (written by build/tests/acpi/acpi_window) are
# loaded at 0x50000 and handed to the kernel with acpi_rsdp=, in place of
# qemu's own. The kernel, its virtio modules and busybox come from Debian's
# packages (tools/fetch-deb.sh, cached in tests/cache/). Under TCG the
# kernel cannot calibrate the TSC on a hardware-reduced platform (no PIT or
# PM timer reference): tsc_early_khz gives it a frequency.
#
# Checks: the tables are read without complaint, both MADT CPUs come up,
# COM1 is ttyS0 on GSI 4 edge, the GED's interrupt is taken, the eight
# LNRO0005 transports are platform devices, a virtio-blk in the last one
# is found through them with its interrupt level-triggered, and a guest
# `poweroff`, following our FADT and \_S5 to qemu's GED (whose registers
# have our byte layout and values), ends qemu.
# Last line: "acpi-linux: N passed, N failed".
set -uo pipefail

root_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
BUILD=${BUILD:-build}
window_tool=$root_dir/$BUILD/tests/acpi/acpi_window
pass=0
fail=0

ok() { echo "PASS acpi-linux: $1"; pass=$((pass + 1)); }
bad() { echo "FAIL acpi-linux: $1"; fail=$((fail + 1)); }
finish() {
    echo "acpi-linux: $pass passed, $fail failed"
    [ "$fail" = 0 ]
    exit
}

for tool in qemu-system-x86_64 cpio gzip apt-cache timeout truncate; do
    command -v "$tool" >/dev/null 2>&1 || { bad "$tool not found (bash tools/deps.sh installs it)"; finish; }
done
[ -x "$window_tool" ] || { bad "$window_tool not built (make $BUILD/tests/acpi/acpi_window)"; finish; }

# The kernel the linux-image-amd64 metapackage depends on today.
kpkg=$(apt-cache depends linux-image-amd64 2>/dev/null |
    sed -n 's/^ *Depends: \(linux-image-[0-9.]*-[0-9]*-amd64\)$/\1/p' | head -n 1)
[ -n "$kpkg" ] || { bad "cannot resolve linux-image-amd64 to a kernel package"; finish; }
for pkg in "$kpkg" busybox-static; do
    bash "$root_dir/tools/fetch-deb.sh" "$pkg" amd64 >/dev/null 2>&1 ||
        { bad "tools/fetch-deb.sh $pkg amd64 failed"; finish; }
done
amd64=$root_dir/tests/cache/root-amd64
kernel=$amd64/boot/vmlinuz-${kpkg#linux-image-}
[ -f "$kernel" ] || { bad "$kernel missing after fetching $kpkg"; finish; }

tmp=$(mktemp -d /tmp/acpi-linux.XXXXXX)
mkdir -p "$tmp/root/bin" "$tmp/root/mod" "$tmp/root/proc" "$tmp/root/sys" "$tmp/root/dev"
cp "$amd64/bin/busybox" "$tmp/root/bin/"
moddir=$amd64/lib/modules/${kpkg#linux-image-}/kernel/drivers
for ko in virtio/virtio_ring virtio/virtio virtio/virtio_mmio block/virtio_blk; do
    cp "$moddir/$ko.ko" "$tmp/root/mod/" || { bad "$moddir/$ko.ko missing"; finish; }
done
cat >"$tmp/root/init" <<'INIT'
#!/bin/busybox sh
/bin/busybox --install -s /bin
mount -t proc proc /proc
mount -t sysfs sys /sys
for m in virtio_ring virtio virtio_mmio virtio_blk; do insmod /mod/$m.ko; done
echo "== platform devices"
ls -1 /sys/bus/platform/devices
echo "== block devices"
ls -1 /sys/block
echo "== interrupts"
cat /proc/interrupts
poweroff -f
INIT
chmod 755 "$tmp/root/init"
(cd "$tmp/root" && find . | cpio -o -H newc -R 0:0 2>/dev/null | gzip >"$tmp/initrd.gz")

# boot NAME MACHINE GED_BASE VIRTIO_GSI0 [qemu options]: boots on our
# tables (GED on GSI 9, a line qemu's microvm leaves free) into
# $tmp/NAME.log, CRs stripped; the exit status is qemu's.
boot() {
    local name=$1 machine=$2 ged=$3 gsi0=$4 rc
    shift 4
    "$window_tool" "$tmp/$name.bin" 0x50000 2 "$ged" 9 "$gsi0" || return 99
    timeout 180 qemu-system-x86_64 -M "$machine" -smp 2 -m 256 -nographic -no-reboot \
        -kernel "$kernel" -initrd "$tmp/initrd.gz" \
        -append "console=ttyS0 rdinit=/init acpi_rsdp=0x50000 memmap=64K\$0x50000 tsc_early_khz=2000000" \
        -device loader,file="$tmp/$name.bin",addr=0x50000,force-raw=on "$@" \
        >"$tmp/$name.serial" 2>&1 </dev/null
    rc=$?
    tr -d '\r' <"$tmp/$name.serial" >"$tmp/$name.log"
    return $rc
}
# expect LOG NAME PATTERN: $tmp/LOG.log holds PATTERN (an extended regex).
expect() {
    if grep -aqE "$3" "$tmp/$1.log"; then ok "$2"; else bad "$2 (no /$3/ in $tmp/$1.log)"; fi
}

# qemu's microvm with its GED (registers at 0xfea00200, the same byte
# layout and values as ours), one IOAPIC and eight virtio-mmio transports
# on GSI 16..23, a virtio-blk in the last one.
truncate -s 4M "$tmp/disk.raw"
boot vm microvm,acpi=on,ioapic2=off 0xfea00200 16 \
    -drive id=d,file="$tmp/disk.raw",if=none,format=raw -device virtio-blk-device,drive=d
rc=$?
expect vm "tables read" "ACPI: FACP 0x0000000000050[0-9A-F]{3} 000114 \(v06 XRUN   XRUNMVM  00000001 XRUN 00000001\)"
expect vm "S5 supported" "ACPI: PM: \(supports S0 S5\)"
expect vm "both MADT CPUs up" "smp: Brought up 1 node, 2 CPUs"
expect vm "COM1 is ttyS0" "ttyS0 at I/O 0x3f8"
expect vm "ttyS0 on GSI 4, edge" "IO-APIC +4-edge +ttyS0"
expect vm "GED interrupt taken" "IO-APIC +9-edge +ACPI:Ged"
n=$(grep -acE '^LNRO0005:0[0-7]$' "$tmp/vm.log")
if [ "$n" = 8 ]; then ok "eight LNRO0005 platform devices"; else bad "$n LNRO0005 platform devices, want 8"; fi
# Debian's kernel takes no virtio-mmio devices from its command line: the
# disk is found through our LNRO0005 entry or not at all.
expect vm "virtio-blk found through the DSDT" "virtio_blk virtio0: \[vda\]"
expect vm "virtio on GSI 23, level-triggered" "IO-APIC +23-fasteoi +virtio0"
if grep -aiqE "ACPI (BIOS )?(Error|Warning)|acpi-ged.*fail|unable to parse" "$tmp/vm.log"; then
    bad "the kernel complains about the tables (see $tmp/vm.log)"
else
    ok "no ACPI errors or warnings"
fi
if [ "$rc" = 0 ] && grep -aq "reboot: Power down" "$tmp/vm.log"; then
    ok "poweroff through the FADT sleep register ends the run"
else
    bad "poweroff: qemu exit status $rc (124: timed out; see $tmp/vm.log)"
fi

[ "$fail" = 0 ] && rm -rf "$tmp"
finish
