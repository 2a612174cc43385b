#!/usr/bin/env bash
# tests/system/run.sh — boots Debian's armhf kernel with the test initramfs
# under qemu-system-arm or xrun-system-arm (the same command line, see
# lib.sh) and checks what the guest reports.
#
#   bash tests/system/run.sh [--emu qemu|xrun] [--kernel armmp|armmp-lpae]
#                            [--drives mmio|pci] [CHECK...]
#
# CHECKs (default: all): cpu memory hwrng smc compute disk write hvc0 net.
# One boot runs them all: the guest's /init (tests/system/init) prints an
# "XTEST name value" line per check; this script asserts each value on its
# own against what the host computes or what the command line asked for,
# one PASS/FAIL line each, and always checks the boot itself (exit status
# 0, the kernel's power-down message, the modules loaded) and prints the
# boot-to-poweroff time. Six disks are attached in one boot: the ext4 image
# as raw, qcow2, zlib-compressed qcow2 and a qcow2 overlay over the raw
# file, and a raw and a qcow2 scratch disk; all are copies made for this
# run. The last line is "system: N passed, N failed"; the exit status is
# non-zero on any failure (the work directory is then kept).
#
# Images come from `make system-images` (tests/system/images.sh).
SUITE=system
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
. "$SRC_DIR/compute.sh"
. "$SRC_DIR/checks.sh"

ALL_CHECKS="cpu memory hwrng smc compute disk write hvc0 net"
# -- Main --------------------------------------------------------------------

st_parse_args " [CHECK...]" "CHECKs: $ALL_CHECKS" "$@"
st_select_checks "$ALL_CHECKS"

st_boot_and_check "${checks[@]}"
st_finish
