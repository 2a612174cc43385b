# shellcheck shell=bash
# tests/system/lib-images.sh — what the image builders share: the arm
# images (tests/system/images.sh) and the x86_64 KVM images
# (tests/system/kvm/images.sh). Sourced, never run. The caller sets
#
#   out             the output directory (tests/cache/system, tests/cache/kvm)
#   PKGROOT         where tools/fetch-deb.sh unpacked the packages
#                   (tests/cache/root-ARCH)
#   PKGARCH         their Debian architecture (armhf, amd64)
#   WANT_MODULES    the modules an initramfs loads (with dependencies)
#   CONFIG_SYMBOLS  the config symbols recorded in the module report
#
# and gets: up-to-date keys (fresh, built), package lookups
# (kernel_package, unpacked), module lists from a private depmod run,
# reproducible cpio packing, and the ext4 and scratch disk images every
# system suite attaches.

# Reproducible file-system images: every time stamp and random seed fixed.
FIXED_TIME=1700000000
FIXED_UUID=5e7e57ed-0000-4000-8000-000000000001
FIXED_SEED=5e7e57ed-0000-4000-8000-000000000002
PAYLOAD_BYTES=$((4 * 1024 * 1024))
LIB_IMAGES=${BASH_SOURCE[0]}

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
# metapackage linux-image-FLAVOUR:PKGARCH depends on.
kernel_package() {
    local dep
    dep=$(apt-cache depends "linux-image-$1:$PKGARCH" 2>/dev/null |
        sed -n "s/^ *Depends: \(linux-image-[0-9.]*-[0-9]*-$1\)\(:$PKGARCH\)\{0,1\}$/\1/p" | head -n 1)
    [ -n "$dep" ] ||
        die "cannot resolve linux-image-$1:$PKGARCH to a kernel package (is $PKGARCH in the apt lists? run 'make deps')"
    echo "$dep"
}

# unpacked PKG: PKG=VERSION as unpacked into PKGROOT (the stamp
# tools/fetch-deb.sh leaves); the version makes it part of the keys.
unpacked() {
    local f
    f=$(find "$PKGROOT/.fetched" -maxdepth 1 -name "$1=*" -printf '%f\n' | head -n 1)
    [ -n "$f" ] || die "tools/fetch-deb.sh left no stamp for $1 in ${PKGROOT#"$root_dir"/}"
    echo "$f"
}

# -- Kernel modules ----------------------------------------------------------

# run_depmod KVER DIR: modules.dep for the unpacked KVER, generated in DIR
# (a tree whose kernel/ links to the package's) so the shared unpacked root
# stays as the package left it.
run_depmod() {
    local kver=$1 dir=$2 mods=$PKGROOT/lib/modules/$1
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


# stage_modules STAGE KVER LIST: the .ko files of LIST (module_list's
# output) copied from the package into STAGE/lib/modules/KVER, and the list
# itself into STAGE/etc/xtest/modules, the order /init loads them in.
stage_modules() {
    local stage=$1 kver=$2 list=$3 m
    while read -r m; do
        [ -n "$m" ] || continue
        mkdir -p "$stage/lib/modules/$kver/$(dirname "$m")"
        cp "$PKGROOT/lib/modules/$kver/$m" "$stage/lib/modules/$kver/$m"
    done <<<"$list"
    mkdir -p "$stage/etc/xtest"
    printf '%s\n' "$list" | sed '/^$/d' >"$stage/etc/xtest/modules"
}

# -- initramfs ---------------------------------------------------------------

# stage_busybox STAGE BUSYBOX APPLET...: busybox as STAGE/bin/busybox and a
# symlink to it for every applet path (bin/ls, usr/sbin/httpd, ...).
stage_busybox() {
    local stage=$1 bb=$2 a
    shift 2
    mkdir -p "$stage"/{bin,sbin,usr/bin,usr/sbin}
    cp "$bb" "$stage/bin/busybox"
    for a in "$@"; do
        [ "$a" = bin/busybox ] && continue
        [ -e "$stage/$a" ] || ln -s /bin/busybox "$stage/$a"
    done
}

# pack_cpio STAGE OUT: STAGE as a gzipped newc cpio archive. Same bytes for
# the same inputs: sorted names, owner 0:0, fixed times, inode and device
# numbers renumbered (--reproducible), no gzip name or time stamp.
pack_cpio() {
    local stage=$1 file=$2
    find "$stage" -exec touch -h -d "@$FIXED_TIME" {} +
    (cd "$stage" && find . -mindepth 1 | LC_ALL=C sort |
        cpio -o -H newc -R 0:0 --reproducible --quiet) | gzip -9 -n >"$file.tmp" ||
        die "cannot pack ${file##*/}"
    mv "$file.tmp" "$file"
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
    key="disks $(hash_files "$LIB_IMAGES") $(mke2fs -V 2>&1 | head -n 1) $(qemu-img --version | head -n 1)"
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

