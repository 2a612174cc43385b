#!/usr/bin/env bash
# tests/system/kvm/images.sh — builds the images of the KVM suite into
# tests/cache/kvm/ (`make kvm-images`; KVM_IMAGES names another place):
#
#   vmlinuz              Debian bookworm's amd64 bzImage, from the package
#                        linux-image-amd64 depends on today
#   config               that kernel's config-*
#   outer.cpio.gz        initramfs of the OUTER VM (qemu-system-x86_64 TCG
#                        with SVM): busybox, irqbypass, ccp, kvm, kvm-amd
#                        and their dependencies, /init = outer-init
#   outer-modules.txt    the config symbols behind them, the load order
#   inner.cpio.gz        initramfs of the INNER guest (run under KVM): the
#                        same initramfs the arm suites boot (tests/system/
#                        init and its files), with the virtio and ext4
#                        modules of the same kernel package
#   modules.txt          the inner initramfs's config symbols and modules
#   disk.raw ... scratch.qcow2, payload.sha256
#                        the disks of tests/system/images.sh, made by the
#                        same functions (tests/system/lib-images.sh)
#
# The same kernel runs both VMs. Everything is fetched with
# tools/fetch-deb.sh into tests/cache/root-amd64; nothing needs root. Each
# group is rebuilt only when its key (package versions, source hashes, tool
# versions) in tests/cache/kvm/.key-GROUP changes, and the same inputs give
# the same bytes.
set -euo pipefail
umask 022

root_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)
src=$root_dir/tests/system
kvmsrc=$src/kvm
out=${KVM_IMAGES:-$root_dir/tests/cache/kvm}
PKGROOT=$root_dir/tests/cache/root-amd64
PKGARCH=amd64
FLAVOUR=amd64
# The outer VM only has to offer /dev/kvm: kvm-amd (the nested CPU is
# qemu64 with SVM) and what it needs (kvm, irqbypass, ccp for SEV).
OUTER_MODULES="irqbypass ccp kvm kvm-amd"
OUTER_SYMBOLS="KVM KVM_AMD KVM_INTEL IRQ_BYPASS_MANAGER CRYPTO_DEV_CCP_DD CRYPTO_DEV_SP_PSP
    DEVTMPFS BLK_DEV_INITRD RD_GZIP SERIAL_8250 SERIAL_8250_CONSOLE"
# The inner guest's devices: the virtio-mmio transport (found through the
# board's ACPI tables), disks, network, entropy, console, ext4 (and the
# crc32c ext4 and jbd2 ask for with a softdep modules.dep does not list).
INNER_MODULES="virtio_mmio virtio_blk virtio_net virtio-rng virtio_console crc32c_generic ext4"
INNER_SYMBOLS="VIRTIO VIRTIO_MMIO VIRTIO_MMIO_CMDLINE_DEVICES VIRTIO_BLK VIRTIO_NET HW_RANDOM
    HW_RANDOM_VIRTIO VIRTIO_CONSOLE EXT4_FS JBD2 CRYPTO_CRC32C DEVTMPFS BLK_DEV_INITRD ACPI
    SERIAL_8250 SERIAL_8250_CONSOLE"

. "$src/lib-images.sh"

# build_initrd NAME KVER KEY MODULES SYMBOLS: NAME.cpio.gz and its module
# report (modules.txt for the inner one, NAME-modules.txt otherwise).
build_initrd() {
    local name=$1 kver=$2 key=$3
    local stage=$out/work/$name depdir=$out/work/depmod-$name list report=$1-modules.txt
    [ "$name" = inner ] && report=modules.txt
    fresh "$name" "$key" "$name.cpio.gz" "$report" && return 0

    WANT_MODULES=$4
    CONFIG_SYMBOLS=$5
    run_depmod "$kver" "$depdir"
    list=$(module_list "$kver" "$depdir")
    module_report "$kver" "$PKGROOT/boot/config-$kver" "$list" >"$out/$report"

    rm -rf "$stage"
    mkdir -p "$stage"/{etc/xtest,proc,sys,dev,tmp,mnt,root}
    # shellcheck disable=SC2046
    stage_busybox "$stage" "$PKGROOT/bin/busybox" $("$PKGROOT/bin/busybox" --list-full)
    stage_modules "$stage" "$kver" "$list"
    if [ "$name" = inner ]; then
        install -m 755 "$src/init" "$stage/init"
        install -m 755 "$src/udhcpc.script" "$stage/etc/xtest/udhcpc.script"
        cp "$src/compute.sh" "$src/records.sh" "$stage/etc/xtest/"
    else
        install -m 755 "$kvmsrc/outer-init" "$stage/init"
    fi
    pack_cpio "$stage" "$out/$name.cpio.gz"
    rm -rf "$stage" "$depdir"
    built "$name" "$key"
}

build_kernel() {
    local pkg kver deb bbdeb key common
    pkg=$(kernel_package "$FLAVOUR")
    kver=${pkg#linux-image-}
    bash "$root_dir/tools/fetch-deb.sh" "$pkg" "$PKGARCH" || die "cannot fetch $pkg:$PKGARCH"
    deb=$(unpacked "$pkg")
    bbdeb=$(unpacked busybox-static)
    [ -s "$PKGROOT/boot/vmlinuz-$kver" ] || die "$pkg has no /boot/vmlinuz-$kver"
    [ -s "$PKGROOT/boot/config-$kver" ] || die "$pkg has no /boot/config-$kver"
    [ -d "$PKGROOT/lib/modules/$kver/kernel" ] || die "$pkg has no /lib/modules/$kver"

    key="vmlinuz $deb"
    if ! fresh vmlinuz "$key" vmlinuz config; then
        cp "$PKGROOT/boot/vmlinuz-$kver" "$out/vmlinuz.tmp"
        cp "$PKGROOT/boot/config-$kver" "$out/config"
        mv "$out/vmlinuz.tmp" "$out/vmlinuz"
        built vmlinuz "$key"
    fi

    common="$deb $bbdeb $(hash_files "$kvmsrc/images.sh" "$LIB_IMAGES")"
    build_initrd outer "$kver" "outer $common $(hash_files "$kvmsrc/outer-init")" \
        "$OUTER_MODULES" "$OUTER_SYMBOLS"
    build_initrd inner "$kver" "inner $common $(hash_files "$src/init" "$src/udhcpc.script" \
        "$src/compute.sh" "$src/records.sh")" "$INNER_MODULES" "$INNER_SYMBOLS"
}

# -- Main --------------------------------------------------------------------

[ ! -L "$root_dir/tests/cache" ] || [ -d "$root_dir/tests/cache/" ] ||
    die "tests/cache is a symlink that leads to no directory ($(readlink "$root_dir/tests/cache"))"
need_tools apt-cache dpkg-deb depmod cpio gzip mke2fs debugfs qemu-img python3 sha256sum truncate
mkdir -p "$out/work"
bash "$root_dir/tools/fetch-deb.sh" busybox-static "$PKGARCH" ||
    die "cannot fetch busybox-static:$PKGARCH"
build_kernel
build_disks
rmdir "$out/work" 2>/dev/null || true
echo "images: ${out#"$root_dir"/} is up to date"
