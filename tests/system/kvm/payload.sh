# shellcheck shell=bash
# tests/system/kvm/payload.sh — builds the PAYLOAD of the KVM suite: a tree
# that outer.sh either appends to the outer VM's initramfs (as a second,
# uncompressed cpio archive: Linux unpacks every archive of a concatenated
# initrd into the same root) or, on a host with a usable /dev/kvm, runs in
# place. Sourced, never run.
#
#   kp_init DIR                 start an empty tree in DIR
#   kp_add_exec PROG [NAME]     a host program into payload/bin/, with every
#                               shared library ldd lists and the dynamic
#                               loader at their own absolute paths
#   kp_add_file SRC DEST        a file at DEST (relative to the tree's root)
#   kp_add_run SCRIPT           payload/run.sh, which outer-init runs
#   kp_pack FILE                the tree as an uncompressed newc cpio
#
# The tree's layout:
#
#   payload/run.sh              what runs, with KVM_PAYLOAD=/payload (in the
#                               outer VM) or the tree's payload/ (directly)
#   payload/bin/                host programs; first on PATH
#   payload/...                 images, scripts, whatever the run needs
#   lib/..., lib64/...          the programs' libraries and loader (needed in
#                               the outer VM only; the host has its own)
#   payload/share/qemu/...      firmware: qemu looks for it in ../share/qemu
#                               beside its own binary

KP_DIR=""

# kp_fail MESSAGE: says what went wrong; the callers return non-zero.
kp_fail() {
    echo "payload: $*" >&2
    return 1
}

kp_init() {
    KP_DIR=$1
    rm -rf "$KP_DIR"
    mkdir -p "$KP_DIR/payload/bin" || kp_fail "cannot make $KP_DIR"
}

# kp_add_file SRC DEST: SRC (symlinks followed) at KP_DIR/DEST.
kp_add_file() {
    mkdir -p "$KP_DIR/$(dirname "$2")" && cp -L "$1" "$KP_DIR/$2" ||
        kp_fail "cannot add $1 as $2"
}

# kp_libs PROG: the absolute paths of PROG's shared libraries and of its
# dynamic loader, one a line; nothing for a static program.
kp_libs() {
    local out
    # ldd exits non-zero on a static program ("not a dynamic executable").
    out=$(ldd "$1" 2>/dev/null) || return 0
    # "libz.so.1 => /lib/x86_64-linux-gnu/libz.so.1 (0x...)" and
    # "/lib64/ld-linux-x86-64.so.2 (0x...)"; the vDSO has no file.
    awk '$2 == "=>" && $3 ~ /^\// { print $3 } $1 ~ /^\// { print $1 }' <<<"$out"
}

kp_add_exec() {
    local prog name lib
    prog=$(command -v "$1") || {
        kp_fail "program '$1' not found on PATH (bash tools/deps.sh installs it)"
        return 1
    }
    name=${2:-${1##*/}}
    kp_add_file "$prog" "payload/bin/$name" || return 1
    chmod 755 "$KP_DIR/payload/bin/$name"
    while read -r lib; do
        [ -n "$lib" ] || continue
        [ -e "$KP_DIR/$lib" ] || kp_add_file "$lib" "$lib" || return 1
    done < <(kp_libs "$prog")
}

# kp_add_run SCRIPT: payload/run.sh holding SCRIPT (sh, run by outer-init
# or by outer.sh on the host).
kp_add_run() {
    printf '#!/bin/sh\n%s\n' "$1" >"$KP_DIR/payload/run.sh" &&
        chmod 755 "$KP_DIR/payload/run.sh" || kp_fail "cannot write payload/run.sh"
}

# kp_pack FILE: the tree as an uncompressed newc archive (the kernel would
# only spend TCG time on decompressing it), owner 0:0.
kp_pack() {
    (cd "$KP_DIR" && find . -mindepth 1 | LC_ALL=C sort |
        cpio -o -H newc -R 0:0 --quiet) >"$1" || kp_fail "cannot pack the payload into $1"
}
