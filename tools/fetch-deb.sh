#!/usr/bin/env bash
# tools/fetch-deb.sh PKG ARCH [VERSION] — fetch one Debian package of another
# architecture and unpack it for the tests.
#
#   tools/fetch-deb.sh busybox-static armhf
#
# downloads busybox-static_<ver>_armhf.deb into tests/cache/deb/ with
# `apt-get download` and extracts it (dpkg-deb -x, no maintainer scripts)
# into tests/cache/root-armhf/. tests/cache/ is git-ignored.
#
# VERSION defaults to the version of PKG installed for the host
# architecture, so the foreign binary and the native one compared against it
# are built from the same source (the debian suite needs that); when PKG is
# not installed natively, the candidate version is used.
#
# A package of Architecture: all (perl-modules-5.36) is fetched as such and
# unpacked into the root of ARCH. FETCH_ROOT overrides the destination
# (default tests/cache/root-ARCH), for a root that must hold only what one
# suite put there.
#
# Needs ARCH enabled in dpkg (tools/deps.sh runs `dpkg --add-architecture
# armhf`) and its package lists; when the download fails and we are root,
# the lists are refreshed once and the download retried. Idempotent: a
# stamp file records what is already unpacked.
set -eu

if [ $# -lt 2 ] || [ $# -gt 3 ]; then
    echo "usage: $0 PKG ARCH [VERSION]" >&2
    exit 2
fi
pkg=$1
arch=$2
ver=${3:-}

root_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
deb_dir=$root_dir/tests/cache/deb
dest=${FETCH_ROOT:-$root_dir/tests/cache/root-$arch}
stamps=$dest/.fetched

die() {
    echo "fetch-deb: $*" >&2
    exit 1
}

for tool in apt-get dpkg dpkg-deb dpkg-query; do
    command -v "$tool" >/dev/null 2>&1 || die "'$tool' not found: this script needs a Debian system"
done

host_arch=$(dpkg --print-architecture)
if [ "$arch" != "$host_arch" ] && ! dpkg --print-foreign-architectures | grep -qx "$arch"; then
    die "architecture '$arch' is not enabled; run 'make deps' (or: dpkg --add-architecture $arch && apt-get update)"
fi

# What apt calls the package: PKG:ARCH, or PKG:all for an arch-independent one.
spec=$pkg:$arch
deb_arch=$arch
if ! apt-cache show "$spec" 2>/dev/null | grep -qx "Architecture: $arch" &&
    apt-cache show "$pkg:all" 2>/dev/null | grep -qx 'Architecture: all'; then
    spec=$pkg:all
    deb_arch=all
fi

if [ -z "$ver" ]; then
    ver=$(dpkg-query -W -f='${Version}' "$pkg:$host_arch" 2>/dev/null || true)
    [ -n "$ver" ] && echo "fetch-deb: matching the installed $pkg:$host_arch version $ver" >&2
fi
if [ -z "$ver" ]; then
    ver=$(apt-cache policy "$spec" 2>/dev/null | sed -n 's/^ *Candidate: *//p')
    { [ -n "$ver" ] && [ "$ver" != "(none)" ]; } ||
        die "no candidate version of $pkg:$arch (is '$arch' in the apt lists? run 'apt-get update')"
fi

stamp=$stamps/$pkg=$ver
if [ -e "$stamp" ]; then
    exit 0
fi
# Already unpacked from a binary-only rebuild of the same source (see below).
for s in "$stamps/$pkg=${ver%+b[0-9]*}"+b*; do
    [ -e "$s" ] && exit 0
done

mkdir -p "$deb_dir" "$dest" "$stamps"
# apt-get download writes into the current directory; the file name escapes
# the epoch colon as %3a.
file_ver=${ver/:/%3a}
deb=$deb_dir/${pkg}_${file_ver}_${deb_arch}.deb
if [ ! -s "$deb" ]; then
    sandbox=""
    [ "$(id -u)" = 0 ] && sandbox="-o APT::Sandbox::User=root" # silence the _apt warning
    # shellcheck disable=SC2086
    download() { (cd "$deb_dir" && apt-get download -q $sandbox "$spec=$ver"); }
    # A binary-only rebuild (+bN) of the same source may have replaced the
    # installed version in the archive: take the candidate when its version
    # differs from ours only in that suffix.
    same_source_candidate() {
        local cand
        cand=$(apt-cache policy "$spec" 2>/dev/null | sed -n 's/^ *Candidate: *//p')
        [ -n "$cand" ] && [ "$cand" != "(none)" ] && [ "${cand%+b[0-9]*}" = "${ver%+b[0-9]*}" ] || return 1
        echo "fetch-deb: $pkg:$arch=$ver is gone from the archive; taking $cand (same source)" >&2
        ver=$cand
        file_ver=${ver/:/%3a}
        deb=$deb_dir/${pkg}_${file_ver}_${deb_arch}.deb
        stamp=$stamps/$pkg=$ver
    }
    if ! download; then
        if [ "$(id -u)" = 0 ]; then
            echo "fetch-deb: refreshing the package lists and retrying" >&2
            # shellcheck disable=SC2086
            apt-get update -qq $sandbox || true
        fi
        if ! download; then
            same_source_candidate && { [ -s "$deb" ] || download; } ||
                die "cannot download $spec=$ver (not in the archive for '$arch'?)"
        fi
    fi
fi
[ -s "$deb" ] || die "expected $deb after the download"

dpkg-deb -x "$deb" "$dest" || die "cannot extract $deb"
# Forget older versions of the same package so a stale stamp cannot match.
rm -f "$stamps/$pkg="*
touch "$stamp"
echo "fetch-deb: $spec $ver unpacked into ${dest#"$root_dir"/}" >&2
