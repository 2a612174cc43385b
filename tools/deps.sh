#!/usr/bin/env bash
# Installs the Debian 12 packages xrun needs to build, test and benchmark.
# Idempotent: does nothing when every package is already present. Called by
# `make demo`, `make check` and `make bench` before they build anything.
set -eu

pkgs="gcc make python3 pkg-config libelf-dev libcapstone-dev libcriterion-dev
      libfdt-dev zlib1g-dev libzstd-dev gcc-arm-linux-gnueabihf libc6-dev-armhf-cross
      gcc-aarch64-linux-gnu libc6-dev-arm64-cross
      qemu-user qemu-user-static busybox-static time file debootstrap gdb-multiarch
      libslirp-dev qemu-system-arm qemu-system-x86 qemu-utils e2fsprogs cpio kmod
      acpica-tools"

missing=""
for p in $pkgs; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
        missing="$missing $p"
done
# Foreign architectures whose Debian packages the tests fetch.
foreign=""
for a in armhf arm64; do
    dpkg --print-foreign-architectures | grep -qx "$a" || foreign="$foreign $a"
done

if [ -z "$missing" ] && [ -z "$foreign" ]; then
    exit 0
fi

if [ "$(id -u)" != 0 ]; then
    SUDO=sudo
else
    SUDO=
fi
echo "deps: installing:$missing" >&2
for a in $foreign; do
    $SUDO dpkg --add-architecture "$a"
done
export DEBIAN_FRONTEND=noninteractive
# A mirror caught mid-sync fails one index; retry, and go on with what we have.
for try in 1 2 3; do
    # As root, apt's download sandbox user may not be able to write where
    # apt needs it; root itself can.
    $SUDO apt-get update -qq -o APT::Sandbox::User=root && break
    sleep 5
done
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
echo "deps: done" >&2
