#!/usr/bin/env bash
# tests/system/images.sh — builds the system-test images into
# tests/cache/system/ (`make system-images`):
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
# Outputs are rebuilt only when an input changed: each group records a key
# (package versions, hashes of the sources here, tool versions) in
# tests/cache/system/.key-GROUP. Fixed time stamps, UUIDs, hash seeds and a
# seeded payload make the same inputs give the same bytes.
set -euo pipefail
umask 022

root_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
src=$root_dir/tests/system
out=$root_dir/tests/cache/system
armroot=$root_dir/tests/cache/root-armhf
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
# Reproducible file-system images: every time stamp and random seed fixed.
FIXED_TIME=1700000000
FIXED_UUID=5e7e57ed-0000-4000-8000-000000000001
FIXED_SEED=5e7e57ed-0000-4000-8000-000000000002
PAYLOAD_BYTES=$((4 * 1024 * 1024))

die() {
    echo "images: $*" >&2
    exit 1
}

need_tools() {
    local t
    for t in "$@"; do
        command -v "$t" >/dev/null 2>&1 ||
            die "'$t' not found; 'bash tools/deps.sh' (make deps) installs it"
    done
}

# -- Up-to-date keys ---------------------------------------------------------

# fresh GROUP KEY FILE...: true when every FILE exists and GROUP was last
# built from KEY.
fresh() {
    local group=$1 key=$2 f
    shift 2
    [ "$(cat "$out/.key-$group" 2>/dev/null)" = "$key" ] || return 1
    for f in "$@"; do
        [ -s "$out/$f" ] || return 1
    done
}

built() {
    echo "$2" >"$out/.key-$1"
    echo "images: $1 built"
}

hash_files() {
    cat "$@" | sha256sum | cut -d' ' -f1
}

# -- Packages ----------------------------------------------------------------

# kernel_package FLAVOUR: linux-image-<abi>-FLAVOUR, the package the
# metapackage linux-image-FLAVOUR:armhf depends on.
kernel_package() {
    local dep
    dep=$(apt-cache depends "linux-image-$1:armhf" 2>/dev/null |
        sed -n "s/^ *Depends: \(linux-image-[0-9.]*-[0-9]*-$1\)\(:armhf\)\{0,1\}$/\1/p" | head -n 1)
    [ -n "$dep" ] ||
        die "cannot resolve linux-image-$1:armhf to a kernel package (is armhf in the apt lists? run 'make deps')"
    echo "$dep"
}

# unpacked PKG: PKG=VERSION as unpacked into tests/cache/root-armhf (the
# stamp tools/fetch-deb.sh leaves); the version makes it part of the keys.
unpacked() {
    local f
    f=$(find "$armroot/.fetched" -maxdepth 1 -name "$1=*" -printf '%f\n' | head -n 1)
    [ -n "$f" ] || die "tools/fetch-deb.sh left no stamp for $1 in tests/cache/root-armhf"
    echo "$f"
}

# -- Kernel modules ----------------------------------------------------------

# run_depmod KVER DIR: modules.dep for the unpacked KVER, generated in DIR
# (a tree whose kernel/ links to the package's) so the shared unpacked root
# stays as the package left it.
run_depmod() {
    local kver=$1 dir=$2 mods=$armroot/lib/modules/$1
    rm -rf "$dir"
    mkdir -p "$dir/lib/modules/$kver"
    ln -s "$mods/kernel" "$dir/lib/modules/$kver/kernel"
    cp "$mods/modules.order" "$mods/modules.builtin" "$mods/modules.builtin.modinfo" \
        "$dir/lib/modules/$kver/"
    depmod -b "$dir" "$kver" || die "depmod failed for $kver"
}

# module_list KVER DEPDIR: the .ko paths (relative to lib/modules/KVER) of
# WANT_MODULES and their dependencies, each after what it needs. Built-in
# modules are left out.
module_list() {
    local kver=$1 dep=$2/lib/modules/$1/modules.dep builtin=$2/lib/modules/$1/modules.builtin
    local name line deps i
    for name in $WANT_MODULES; do
        if grep -q "/$name\.ko\$" "$builtin"; then
            continue
        fi
        line=$(grep "/$name\.ko:" "$dep" | head -n 1)
        [ -n "$line" ] || die "module $name is neither built into $kver nor in its modules.dep"
        # modules.dep lists a module's dependencies so that the last one is
        # loaded first.
        read -r -a deps <<<"${line#*:}"
        for ((i = ${#deps[@]} - 1; i >= 0; i--)); do
            echo "${deps[i]}"
        done
        echo "${line%%:*}"
    done | awk '!seen[$0]++'
}

# module_report KVER CONFIG LIST: modules-FLAVOUR.txt.
module_report() {
    local kver=$1 config=$2 list=$3 sym val
    echo "# $kver: the config symbols of the devices the system tests use"
    for sym in $CONFIG_SYMBOLS; do
        val=$(sed -n "s/^CONFIG_$sym=\(.*\)/\1/p" "$config")
        echo "CONFIG_$sym=${val:-not set}"
    done
    echo "# loaded by /init, in this order"
    printf '%s\n' "$list"
}

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
    local list a m

    run_depmod "$kver" "$depdir"
    list=$(module_list "$kver" "$depdir")
    module_report "$kver" "$armroot/boot/config-$kver" "$list" >"$out/modules-$flavour.txt"

    rm -rf "$stage"
    mkdir -p "$stage"/{bin,sbin,usr/bin,usr/sbin,etc/xtest,proc,sys,dev,tmp,mnt,root}
    cp "$armroot/bin/busybox" "$stage/bin/busybox"
    for a in $(applets "$armroot/bin/busybox"); do
        [ "$a" = bin/busybox ] && continue
        [ -e "$stage/$a" ] || ln -s /bin/busybox "$stage/$a"
    done
    while read -r m; do
        [ -n "$m" ] || continue
        mkdir -p "$stage/lib/modules/$kver/$(dirname "$m")"
        cp "$armroot/lib/modules/$kver/$m" "$stage/lib/modules/$kver/$m"
    done <<<"$list"
    printf '%s\n' "$list" | sed '/^$/d' >"$stage/etc/xtest/modules"
    cp "$out/smc" "$stage/bin/smc"
    install -m 755 "$src/init" "$stage/init"
    install -m 755 "$src/udhcpc.script" "$stage/etc/xtest/udhcpc.script"
    cp "$src/compute.sh" "$src/records.sh" "$stage/etc/xtest/"

    # Same bytes for the same inputs: sorted names, owner 0:0, fixed times,
    # inode and device numbers renumbered (--reproducible), no gzip name or
    # time stamp.
    find "$stage" -exec touch -h -d "@$FIXED_TIME" {} +
    (cd "$stage" && find . -mindepth 1 | LC_ALL=C sort |
        cpio -o -H newc -R 0:0 --reproducible --quiet) | gzip -9 -n >"$out/initrd-$flavour.cpio.gz.tmp" ||
        die "cannot pack the initramfs of $flavour"
    mv "$out/initrd-$flavour.cpio.gz.tmp" "$out/initrd-$flavour.cpio.gz"
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
    [ -s "$armroot/boot/vmlinuz-$kver" ] || die "$pkg has no /boot/vmlinuz-$kver"
    [ -d "$armroot/lib/modules/$kver/kernel" ] || die "$pkg has no /lib/modules/$kver"

    key="vmlinuz $deb"
    if ! fresh "vmlinuz-$flavour" "$key" "vmlinuz-$flavour"; then
        cp "$armroot/boot/vmlinuz-$kver" "$out/vmlinuz-$flavour.tmp"
        mv "$out/vmlinuz-$flavour.tmp" "$out/vmlinuz-$flavour"
        built "vmlinuz-$flavour" "$key"
    fi

    key="initrd $deb $bbdeb $(hash_files "$out/smc" "$src/init" "$src/udhcpc.script" \
        "$src/compute.sh" "$src/records.sh" "$src/images.sh")"
    fresh "initrd-$flavour" "$key" "initrd-$flavour.cpio.gz" "modules-$flavour.txt" ||
        build_initrd "$flavour" "$kver" "$key"
}

# -- Disk images -------------------------------------------------------------

# A seeded generator: random-looking bytes, the same on every host.
make_payload() {
    python3 -c 'import random, sys
sys.stdout.buffer.write(random.Random(int(sys.argv[1])).randbytes(int(sys.argv[2])))' \
        20260101 "$PAYLOAD_BYTES" >"$1" || die "cannot generate the payload (python3 >= 3.9)"
}

# make_scratch FILE FORMAT MIB: a header sector "XTEST-SCRATCH FORMAT",
# zeros after it.
make_scratch() {
    local file=$1 format=$2 mib=$3 tmp=$out/work/scratch.tmp
    rm -f "$tmp"
    printf 'XTEST-SCRATCH %s\n' "$format" >"$tmp"
    truncate -s "${mib}M" "$tmp"
    if [ "$format" = raw ]; then
        mv "$tmp" "$file"
    else
        qemu-img convert -q -f raw -O qcow2 "$tmp" "$file" || die "cannot convert $file"
        rm -f "$tmp"
    fi
}

# make_qcow2 NAME SIZE [-c]: NAME.tmp, disk.raw converted to qcow2 (-c:
# zlib-compressed clusters) and grown to SIZE.
make_qcow2() {
    if ! qemu-img convert -q ${3:-} -f raw -O qcow2 "$out/disk.raw" "$out/$1.tmp" ||
        ! qemu-img resize -q -f qcow2 "$out/$1.tmp" "$2"; then
        die "cannot make $1"
    fi
}

build_disks() {
    local key dir=$out/work/fs
    key="disks $(hash_files "$src/images.sh") $(mke2fs -V 2>&1 | head -n 1) $(qemu-img --version | head -n 1)"
    fresh disks "$key" disk.raw disk.qcow2 disk-z.qcow2 disk-overlay.qcow2 \
        scratch.raw scratch.qcow2 payload.sha256 && return 0

    rm -rf "$dir" "$out"/disk*.tmp
    mkdir -p "$dir"
    make_payload "$dir/payload.bin"
    echo "xtest data disk: payload.bin holds $PAYLOAD_BYTES seeded random bytes" >"$dir/README"
    find "$dir" -exec touch -h -d "@$FIXED_TIME" {} +
    truncate -s 32M "$out/disk.raw.tmp"
    E2FSPROGS_FAKE_TIME=$FIXED_TIME mke2fs -q -F -t ext4 -L xtest -U "$FIXED_UUID" \
        -E "hash_seed=$FIXED_SEED,root_owner=0:0" -d "$dir" "$out/disk.raw.tmp" ||
        die "mke2fs failed"
    # mke2fs -d copies each source's owner and its access and change times,
    # which no touch can pin (reading the tree moves one, touch itself the
    # other): the same image for every user and every day.
    for f in / /lost+found /payload.bin /README; do
        for field in atime ctime mtime crtime; do
            echo "sif $f $field @$FIXED_TIME"
        done
        echo "sif $f uid 0"
        echo "sif $f gid 0"
    done | E2FSPROGS_FAKE_TIME=$FIXED_TIME debugfs -w -f - "$out/disk.raw.tmp" >/dev/null 2>&1 ||
        die "debugfs cannot set the owners and time stamps of disk.raw"
    sha256sum <"$dir/payload.bin" | cut -d' ' -f1 >"$out/payload.sha256"
    mv "$out/disk.raw.tmp" "$out/disk.raw"

    make_qcow2 disk.qcow2 40M
    make_qcow2 disk-z.qcow2 56M -c
    # The backing file is named relative to the overlay, so the tree can move.
    (cd "$out" && qemu-img create -q -f qcow2 -b disk.raw -F raw disk-overlay.qcow2.tmp 48M) ||
        die "cannot make disk-overlay.qcow2"
    for f in disk.qcow2 disk-z.qcow2 disk-overlay.qcow2; do
        mv "$out/$f.tmp" "$out/$f"
    done
    make_scratch "$out/scratch.raw" raw 24
    make_scratch "$out/scratch.qcow2" qcow2 16
    rm -rf "$dir"
    built disks "$key"
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
