#!/usr/bin/env bash
# tests/system/images.sh — builds the system-test images into
# tests/cache/system/ (`make system-images`; SYSTEM_IMAGES names another
# place):
#
#   vmlinuz-FLAVOUR              Debian bookworm's armhf kernel, from
#                                linux-image-<abi>-FLAVOUR's /boot
#   initrd-FLAVOUR.cpio.gz       busybox-static and its applet links, the
#                                virtio and ext4 modules of that same kernel
#                                package, the smc test program, /init
#   modules-FLAVOUR.txt          what is built in and what is loaded, from
#                                the package's config-* and modules.dep
#   disk.raw                     ext4 holding payload.bin (random bytes)
#   disk.qcow2                   the same, qemu-img convert, 40 MiB virtual
#   disk-z.qcow2                 the same, zlib-compressed clusters, 56 MiB
#   disk-overlay.qcow2           empty qcow2 over backing file disk.raw, 48 MiB
#   scratch.raw, scratch.qcow2   24 / 16 MiB, a header sector, then zeros
#   payload.sha256               sha256 of payload.bin
# for FLAVOUR in armmp and armmp-lpae. Each disk has its own size, which is
# how the guest's reports are matched to drives.
#
# The kernel ABI (the 50 in linux-image-6.1.0-50-armmp) is the one the
# linux-image-FLAVOUR metapackage depends on today; tools/fetch-deb.sh
# downloads the packages into tests/cache/deb/ and unpacks them into
# tests/cache/root-armhf/. Nothing here needs root: modules.dep comes from
# depmod run on a private tree, the images from mke2fs -d and cpio -R 0:0.
#
# The functions it shares with tests/system/kvm/images.sh (keys, module
# lists, cpio packing, the disks) are in lib-images.sh.
#
# Outputs are rebuilt only when an input changed: each group records a key
# (package versions, hashes of the sources here, tool versions) in
# tests/cache/system/.key-GROUP. Fixed time stamps, UUIDs, hash seeds and a
# seeded payload make the same inputs give the same bytes.
set -euo pipefail
umask 022

root_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
src=$root_dir/tests/system
out=${SYSTEM_IMAGES:-$root_dir/tests/cache/system}
PKGROOT=$root_dir/tests/cache/root-armhf
PKGARCH=armhf
FLAVOURS="armmp armmp-lpae"
# The modules the checks need; each is loaded with its dependencies unless
# the kernel has it built in. virtio_pci is there because qemu-system-arm's
# virt board puts `-drive if=virtio` disks on PCIe (virtio-blk-pci), while
# the -device ...-device models sit on virtio-mmio. crc32c_generic satisfies
# ext4's and jbd2's "softdep pre: crypto-crc32c" (metadata checksums),
# which modules.dep does not list.
WANT_MODULES="virtio_mmio virtio_pci virtio_blk virtio_net virtio-rng virtio_console
    crc32c_generic ext4"
# The config symbols behind them (and the built-in parts they rely on),
# recorded in modules-FLAVOUR.txt.
CONFIG_SYMBOLS="VIRTIO VIRTIO_MMIO PCI_HOST_GENERIC VIRTIO_PCI VIRTIO_BLK VIRTIO_NET HW_RANDOM HW_RANDOM_VIRTIO
    VIRTIO_CONSOLE EXT4_FS JBD2 CRYPTO_CRC32C DEVTMPFS BLK_DEV_INITRD
    SERIAL_AMBA_PL011 RTC_DRV_PL031 ARM_GIC ARM_PSCI"
. "$src/lib-images.sh"

# -- initramfs ---------------------------------------------------------------

# applets BUSYBOX: the applet paths busybox installs itself under, asked of
# the armhf binary itself through qemu-arm-static.
applets() {
    qemu-arm-static "$1" --list-full || die "cannot list the applets of $1"
}

build_smc() {
    local key
    key="smc $(hash_files "$src/smc.c") $(arm-linux-gnueabihf-gcc -dumpfullversion)"
    fresh smc "$key" smc && return 0
    arm-linux-gnueabihf-gcc -static -O2 -Wall -Wextra -Werror -o "$out/smc.tmp" "$src/smc.c" ||
        die "cannot build tests/system/smc.c"
    mv "$out/smc.tmp" "$out/smc"
    built smc "$key"
}

# build_initrd FLAVOUR KVER KEY
build_initrd() {
    local flavour=$1 kver=$2 key=$3
    local stage=$out/work/initrd-$flavour depdir=$out/work/depmod-$flavour
    local list

    run_depmod "$kver" "$depdir"
    list=$(module_list "$kver" "$depdir")
    module_report "$kver" "$PKGROOT/boot/config-$kver" "$list" >"$out/modules-$flavour.txt"

    rm -rf "$stage"
    mkdir -p "$stage"/{etc/xtest,proc,sys,dev,tmp,mnt,root}
    # shellcheck disable=SC2046
    stage_busybox "$stage" "$PKGROOT/bin/busybox" $(applets "$PKGROOT/bin/busybox")
    stage_modules "$stage" "$kver" "$list"
    cp "$out/smc" "$stage/bin/smc"
    install -m 755 "$src/init" "$stage/init"
    install -m 755 "$src/udhcpc.script" "$stage/etc/xtest/udhcpc.script"
    cp "$src/compute.sh" "$src/records.sh" "$stage/etc/xtest/"
    pack_cpio "$stage" "$out/initrd-$flavour.cpio.gz"
    rm -rf "$stage" "$depdir"
    built "initrd-$flavour" "$key"
}

build_kernel() {
    local flavour=$1 pkg kver deb bbdeb key
    pkg=$(kernel_package "$flavour")
    kver=${pkg#linux-image-}
    bash "$root_dir/tools/fetch-deb.sh" "$pkg" armhf || die "cannot fetch $pkg:armhf"
    deb=$(unpacked "$pkg")
    bbdeb=$(unpacked busybox-static)
    [ -s "$PKGROOT/boot/vmlinuz-$kver" ] || die "$pkg has no /boot/vmlinuz-$kver"
    [ -d "$PKGROOT/lib/modules/$kver/kernel" ] || die "$pkg has no /lib/modules/$kver"

    key="vmlinuz $deb"
    if ! fresh "vmlinuz-$flavour" "$key" "vmlinuz-$flavour"; then
        cp "$PKGROOT/boot/vmlinuz-$kver" "$out/vmlinuz-$flavour.tmp"
        mv "$out/vmlinuz-$flavour.tmp" "$out/vmlinuz-$flavour"
        built "vmlinuz-$flavour" "$key"
    fi

    key="initrd $deb $bbdeb $(hash_files "$out/smc" "$src/init" "$src/udhcpc.script" \
        "$src/compute.sh" "$src/records.sh" "$src/images.sh" "$LIB_IMAGES")"
    fresh "initrd-$flavour" "$key" "initrd-$flavour.cpio.gz" "modules-$flavour.txt" ||
        build_initrd "$flavour" "$kver" "$key"
}

# -- Main --------------------------------------------------------------------

[ ! -L "$root_dir/tests/cache" ] || [ -d "$root_dir/tests/cache/" ] ||
    die "tests/cache is a symlink that leads to no directory ($(readlink "$root_dir/tests/cache"))"
need_tools apt-cache dpkg-deb depmod cpio gzip mke2fs debugfs qemu-img qemu-arm-static \
    arm-linux-gnueabihf-gcc python3 sha256sum truncate
mkdir -p "$out/work"
bash "$root_dir/tools/fetch-deb.sh" busybox-static armhf || die "cannot fetch busybox-static:armhf"
build_smc
for flavour in $FLAVOURS; do
    build_kernel "$flavour"
done
build_disks
rmdir "$out/work" 2>/dev/null || true
echo "images: tests/cache/system is up to date"
