#!/usr/bin/env bash
# tests/acpi/linux.sh — Debian's amd64 kernel boots on the microvm board's
# ACPI tables (`make check-acpi-linux`).
#
# qemu-system-x86_64's microvm stands in for the board: the tables that
# acpi_build_tables makes (written by build/tests/acpi/acpi_window) are
# loaded at 0x50000 and handed to the kernel with acpi_rsdp=, replacing
# qemu's own. Their generic event device registers are qemu's GED (at
# 0xfea00200, the same byte layout and values), so a guest `poweroff` that
# follows our FADT and \_S5 ends qemu. The kernel and busybox come from
# Debian's packages (tools/fetch-deb.sh, cached in tests/cache/). Under
# TCG the kernel cannot calibrate the TSC on a hardware-reduced platform
# (no PIT or PM timer reference): tsc_early_khz gives it a frequency.
#
# Checks: the tables are read (FACP with our OEM ids, S5 supported, no ACPI
# errors), both CPUs of the MADT come up, COM1 is ttyS0 on GSI 4 edge, the
# GED's interrupt is taken, the eight LNRO0005 transports are platform
# devices, and poweroff ends the run. Last line: "acpi-linux: N passed, N
# failed".
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
# expect NAME PATTERN: the boot log holds PATTERN (an extended regex).
expect() {
    if grep -aqE "$2" "$tmp/boot.log"; then ok "$1"; else bad "$1 (no /$2/ in $tmp/boot.log)"; fi
}

for tool in qemu-system-x86_64 cpio gzip apt-cache timeout; do
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
mkdir -p "$tmp/root/bin" "$tmp/root/proc" "$tmp/root/sys" "$tmp/root/dev"
cp "$amd64/bin/busybox" "$tmp/root/bin/"
cat >"$tmp/root/init" <<'INIT'
#!/bin/busybox sh
/bin/busybox --install -s /bin
mount -t proc proc /proc
mount -t sysfs sys /sys
echo "== platform devices"
ls -1 /sys/bus/platform/devices
echo "== interrupts"
cat /proc/interrupts
echo "== poweroff"
poweroff -f
INIT
chmod 755 "$tmp/root/init"
(cd "$tmp/root" && find . | cpio -o -H newc -R 0:0 2>/dev/null | gzip >"$tmp/initrd.gz")

# GED GSI 9 and virtio GSIs from 16: lines qemu's microvm leaves free.
"$window_tool" "$tmp/win.bin" 0x50000 2 0xfea00200 9 16 || { bad "acpi_window failed"; finish; }

timeout 180 qemu-system-x86_64 -M microvm,acpi=on -smp 2 -m 256 -nographic -no-reboot \
    -kernel "$kernel" -initrd "$tmp/initrd.gz" \
    -append 'console=ttyS0 rdinit=/init acpi_rsdp=0x50000 memmap=64K$0x50000 tsc_early_khz=2000000' \
    -device loader,file="$tmp/win.bin",addr=0x50000,force-raw=on >"$tmp/serial.log" 2>&1 </dev/null
rc=$?
tr -d '\r' <"$tmp/serial.log" >"$tmp/boot.log"

expect "tables read" "ACPI: FACP 0x0000000000050[0-9A-F]{3} 000114 \(v06 XRUN   XRUNMVM  00000001 XRUN 00000001\)"
expect "S5 supported" "ACPI: PM: \(supports S0 S5\)"
expect "both MADT CPUs up" "smp: Brought up 1 node, 2 CPUs"
expect "COM1 is ttyS0" "ttyS0 at I/O 0x3f8"
expect "ttyS0 on GSI 4, edge" "IO-APIC +4-edge +ttyS0"
expect "GED interrupt taken" "IO-APIC +9-edge +ACPI:Ged"
n=$(grep -acE '^LNRO0005:0[0-7]$' "$tmp/boot.log")
if [ "$n" = 8 ]; then ok "eight LNRO0005 platform devices"; else bad "$n LNRO0005 platform devices, want 8"; fi
if grep -aiqE "ACPI (BIOS )?(Error|Warning)|acpi-ged.*fail|unable to parse" "$tmp/boot.log"; then
    bad "the kernel complains about the tables (see $tmp/boot.log)"
else
    ok "no ACPI errors or warnings"
fi
if [ "$rc" = 0 ] && grep -aq "reboot: Power down" "$tmp/boot.log"; then
    ok "poweroff through the FADT sleep register ends the run"
else
    bad "poweroff: qemu exit status $rc (124: timed out; see $tmp/boot.log)"
fi
[ "$fail" = 0 ] && rm -rf "$tmp"
finish
