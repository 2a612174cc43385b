# shellcheck shell=bash
# tests/system/lib.sh — what run.sh and kill9.sh share: options, the images,
# the per-run copies of the disks, the emulator command line (the same for
# qemu-system-arm and xrun-system-arm), starting and waiting for the
# emulator, the host HTTP server, reading XTEST lines, PASS/FAIL counting.
# Sourced, never run; the caller sets SUITE (the last line's name) first.
#
# The machine every suite boots:
#
#   EMU -M virt -m 512 -nographic [-cpu CPU] [-smp SMP]
#       -kernel vmlinuz-K -initrd initrd-K.cpio.gz
#       -append "console=ttyAMA0 xtest.disks=6 xtest.port=PORT ..."
#       DRIVES (six disks, below)
#       -netdev user,id=n0 -device virtio-net-device,netdev=n0
#       -device virtio-rng-device
#       -device virtio-serial-device
#       -chardev file,id=hvc0,path=WORK/hvc0.out -device virtconsole,chardev=hvc0
#
# DRIVES with --drives mmio (the default), per disk N:
#       -drive file=F,if=none,id=dN,format=FMT -device virtio-blk-device,drive=dN
# and with --drives pci:
#       -drive file=F,if=virtio,format=FMT
# qemu-system-arm's virt board makes if=virtio a virtio-blk-pci on PCIe;
# qemu 7.2 puts that bus's ECAM above 4 GiB, which the non-LPAE armmp kernel
# cannot reach, so its disks only appear with the -device form (virtio-mmio).
#
# The KVM suite (tests/system/kvm/guest.sh) boots the same machine on
# x86_64: it sets ST_ARCH=x86_64 before sourcing, which makes the emulators
# qemu-system-x86_64 and xrun-system-x86_64, the board "-M microvm -accel
# kvm", the console ttyS0 and the images vmlinuz, inner.cpio.gz and
# modules.txt of tests/cache/kvm.

set -u

ROOT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
SRC_DIR=$ROOT_DIR/tests/system
IMG_DIR=${SYSTEM_IMAGES:-$ROOT_DIR/tests/cache/system}
BUILD=${BUILD:-build}
case $BUILD in /*) ;; *) BUILD=$ROOT_DIR/$BUILD ;; esac
TIMEOUT=${TIMEOUT:-600}
EMU=qemu
KERNEL=armmp
DRIVES=mmio
CPU=${CPU:-}
SMP=${SMP:-}
KEEP=${KEEP:-0}
ST_ARCH=${ST_ARCH:-arm}
if [ "$ST_ARCH" = x86_64 ]; then
    ST_QEMU=qemu-system-x86_64
    ST_MACHINE=(-M microvm -accel kvm)
    ST_CONSOLE=ttyS0
else
    ST_QEMU=qemu-system-arm
    ST_MACHINE=(-M virt)
    ST_CONSOLE=ttyAMA0
fi
ST_XRUN=xrun-system-$ST_ARCH

. "$SRC_DIR/records.sh"

# The disks of every boot: role, image in IMG_DIR, format, virtual size in
# 512-byte sectors. The sizes differ so the guest's lines (which name a
# device and its size) say which drive they are about, whatever order the
# board gives the devices.
DISK_TABLE="qcow2 disk.qcow2 qcow2 81920
raw disk.raw raw 65536
overlay disk-overlay.qcow2 qcow2 98304
zlib disk-z.qcow2 qcow2 114688
scratch-raw scratch.raw raw 49152
scratch-qcow2 scratch.qcow2 qcow2 32768"

pass=0
fail=0
pass() {
    pass=$((pass + 1))
    echo "PASS $1"
}
fail() {
    fail=$((fail + 1))
    echo "FAIL $1: $2"
}
# check NAME WANT GOT: PASS when equal.
check() {
    if [ "$2" = "$3" ]; then
        pass "$1"
    else
        fail "$1" "expected '$2', got '$3'"
    fi
}

# st_finish: the last line, and the exit status.
st_finish() {
    echo "$SUITE: $pass passed, $fail failed"
    [ "$fail" = 0 ]
}

# -- Options -----------------------------------------------------------------

# st_parse_args USAGE MORE ARGS...: sets EMU, KERNEL and DRIVES from the
# options in ARGS and leaves the other words in ST_ARGS. --help prints the
# usage (USAGE: the suite's own arguments; MORE: a line about them) and
# exits.
st_parse_args() {
    local usage=$1 more=$2
    shift 2
    ST_ARGS=()
    while [ $# -gt 0 ]; do
        case $1 in
        --emu | --kernel | --drives)
            [ $# -ge 2 ] || st_die "$1 needs a value"
            case "$1=$2" in
            --emu=qemu | --emu=xrun) EMU=$2 ;;
            --kernel=armmp | --kernel=armmp-lpae) KERNEL=$2 ;;
            --drives=mmio | --drives=pci) DRIVES=$2 ;;
            *) st_die "bad value '$2' for $1" ;;
            esac
            shift 2
            ;;
        -h | --help)
            cat <<EOF
usage: $0 [--emu qemu|xrun] [--kernel armmp|armmp-lpae] [--drives mmio|pci]$usage
  --emu      qemu-system-arm (default) or \$BUILD/xrun-system-arm (BUILD=$BUILD)
  --kernel   Debian's armmp (default) or armmp-lpae kernel
  --drives   disks as -device virtio-blk-device (mmio, default) or -drive if=virtio (pci)
environment: TIMEOUT (s, default 600), CPU (-cpu), SMP (-smp), KEEP=1 keeps the work
directory, SYSTEM_IMAGES (default tests/cache/system)
$more
EOF
            exit 0
            ;;
        -*) st_die "unknown option '$1'" ;;
        *)
            ST_ARGS+=("$1")
            shift
            ;;
        esac
    done
}

# st_select_checks ALL: sets the array checks to the CHECKs st_parse_args
# left in ST_ARGS, or to every check of ALL when there are none; st_die on a
# name ALL does not hold.
st_select_checks() {
    local c
    checks=()
    for c in ${ST_ARGS[@]+"${ST_ARGS[@]}"}; do
        case " $1 " in
        *" $c "*) checks+=("$c") ;;
        *) st_die "unknown check '$c' (checks: $1)" ;;
        esac
    done
    [ ${#checks[@]} -gt 0 ] || read -r -a checks <<<"$1"
}

st_die() {
    echo "$SUITE: $*" >&2
    exit 2
}

# -- Setup and cleanup -------------------------------------------------------

HTTP_PID=""
EMU_PID=""
RUNNER_PID=""
WORK=""

st_cleanup() {
    [ -n "$EMU_PID" ] && kill -9 "$EMU_PID" 2>/dev/null
    [ -n "$RUNNER_PID" ] && wait "$RUNNER_PID" 2>/dev/null
    [ -n "$HTTP_PID" ] && kill "$HTTP_PID" 2>/dev/null && wait "$HTTP_PID" 2>/dev/null
    if [ -n "$WORK" ]; then
        if [ "$KEEP" = 1 ] || [ "$fail" != 0 ]; then
            echo "$SUITE: work directory kept: $WORK" >&2
        else
            rm -rf "$WORK"
        fi
    fi
}

# st_need TOOL...: a FAIL naming each missing tool; false if any is.
st_need() {
    local t ok=0
    for t in "$@"; do
        if ! command -v "${t%% *}" >/dev/null 2>&1; then
            fail "tool $t" "not found on PATH (bash tools/deps.sh installs it)"
            ok=1
        fi
    done
    return $ok
}

# st_images: sets KERNEL_FILE, INITRD_FILE and MODULES_FILE, the names in
# IMG_DIR of the kernel, the initramfs and the module report (per KERNEL on
# arm; one set on x86_64).
st_images() {
    if [ "$ST_ARCH" = x86_64 ]; then
        KERNEL_FILE=vmlinuz INITRD_FILE=inner.cpio.gz MODULES_FILE=modules.txt
    else
        KERNEL_FILE=vmlinuz-$KERNEL INITRD_FILE=initrd-$KERNEL.cpio.gz MODULES_FILE=modules-$KERNEL.txt
    fi
}

# st_setup: checks the emulator and the images, makes the work directory
# and fresh copies of the disks (the overlay re-pointed at the pristine
# disk.raw of IMG_DIR, which the emulator only reads). False, with FAILs
# said, when something is missing.
st_setup() {
    local f role file fmt sectors
    case $EMU in
    qemu) EMU_BIN=$(command -v $ST_QEMU || true) ;;
    xrun) EMU_BIN=$BUILD/$ST_XRUN ;;
    esac
    if [ -z "$EMU_BIN" ] || [ ! -x "$EMU_BIN" ]; then
        fail "emulator" "${EMU_BIN:-$ST_QEMU} not found (EMU=$EMU)"
        return 1
    fi
    st_need qemu-img debugfs e2fsck sha256sum || return 1
    st_images
    for f in "$KERNEL_FILE" "$INITRD_FILE" "$MODULES_FILE" payload.sha256 \
        $(echo "$DISK_TABLE" | cut -d' ' -f2); do
        if [ ! -s "$IMG_DIR/$f" ]; then
            fail "images" "$IMG_DIR/$f is missing; run 'make system-images'"
            return 1
        fi
    done
    WORK=$(mktemp -d "${TMPDIR:-/tmp}/xrun-system.XXXXXX")
    trap st_cleanup EXIT
    trap 'exit 1' INT TERM HUP
    while read -r role file fmt sectors; do
        cp "$IMG_DIR/$file" "$WORK/$file"
    done <<<"$DISK_TABLE"
    qemu-img rebase -u -f qcow2 -b "$IMG_DIR/disk.raw" -F raw "$WORK/disk-overlay.qcow2" || {
        fail "images" "cannot point the overlay at $IMG_DIR/disk.raw"
        return 1
    }
    BACKING_SHA=$(sha256sum <"$IMG_DIR/disk.raw" | cut -d' ' -f1)
}

# st_start_http: serves WORK/www on 127.0.0.1 on a port the kernel picks
# (the guest reaches it as 10.0.2.2:PORT through user networking); sets
# HTTP_PORT. False with a FAIL when it does not come up. Where there is no
# python3 (the KVM suite's outer VM), busybox httpd serves on ST_HTTP_PORT.
st_start_http() {
    local i
    mkdir -p "$WORK/www"
    if ! command -v python3 >/dev/null 2>&1 && [ -n "${ST_HTTP_PORT:-}" ]; then
        st_need busybox || return 1
        busybox httpd -f -p "127.0.0.1:$ST_HTTP_PORT" -h "$WORK/www" >"$WORK/http.log" 2>&1 </dev/null &
        HTTP_PID=$!
        HTTP_PORT=$ST_HTTP_PORT
        sleep 0.2
        kill -0 "$HTTP_PID" 2>/dev/null && return 0
        fail "http server" "busybox httpd did not start (see $WORK/http.log)"
        return 1
    fi
    st_need python3 || return 1
    python3 -u -m http.server --bind 127.0.0.1 --directory "$WORK/www" 0 \
        >"$WORK/http.log" 2>&1 </dev/null &
    HTTP_PID=$!
    for i in $(seq 50); do
        HTTP_PORT=$(sed -n 's/^Serving HTTP on [0-9.]* port \([0-9]*\).*/\1/p' "$WORK/http.log")
        [ -n "$HTTP_PORT" ] && return 0
        kill -0 "$HTTP_PID" 2>/dev/null || break
        sleep 0.2
    done
    fail "http server" "python3 -m http.server did not start (see $WORK/http.log)"
    return 1
}

# -- The emulator ------------------------------------------------------------

# st_cmdline APPEND: sets EMU_CMD to the whole command line.
st_cmdline() {
    local role file fmt sectors n=0
    EMU_CMD=("$EMU_BIN" "${ST_MACHINE[@]}" -m 512 -nographic)
    [ -n "$CPU" ] && EMU_CMD+=(-cpu "$CPU")
    [ -n "$SMP" ] && EMU_CMD+=(-smp "$SMP")
    EMU_CMD+=(-kernel "$IMG_DIR/$KERNEL_FILE" -initrd "$IMG_DIR/$INITRD_FILE")
    EMU_CMD+=(-append "console=$ST_CONSOLE xtest.disks=$(echo "$DISK_TABLE" | wc -l) $1")
    while read -r role file fmt sectors; do
        if [ "$DRIVES" = pci ]; then
            EMU_CMD+=(-drive "file=$WORK/$file,if=virtio,format=$fmt")
        else
            EMU_CMD+=(-drive "file=$WORK/$file,if=none,id=d$n,format=$fmt"
                -device "virtio-blk-device,drive=d$n")
        fi
        n=$((n + 1))
    done <<<"$DISK_TABLE"
    EMU_CMD+=(-netdev user,id=n0 -device virtio-net-device,netdev=n0
        -device virtio-rng-device
        -device virtio-serial-device
        -chardev "file,id=hvc0,path=$WORK/hvc0.out" -device virtconsole,chardev=hvc0)
}

# st_start LOG: starts EMU_CMD in the background, console to LOG; sets
# EMU_PID. A runner subshell waits for it and leaves its exit status in
# WORK/emu.status; the runner's stderr is dropped, so the emulator's death
# by the harness's SIGKILL is no "Killed" job report in the suite's output.
st_start() {
    local i
    printf '%q ' "${EMU_CMD[@]}" >"$WORK/cmdline"
    echo >>"$WORK/cmdline"
    rm -f "$WORK/emu.pid" "$WORK/emu.status"
    EMU_START=$(date +%s.%N)
    (
        "${EMU_CMD[@]}" </dev/null >"$1" 2>&1 &
        echo $! >"$WORK/emu.pid"
        wait $!
        echo $? >"$WORK/emu.status"
    ) 2>/dev/null &
    RUNNER_PID=$!
    for i in $(seq 100); do
        [ -s "$WORK/emu.pid" ] && break
        sleep 0.02
    done
    EMU_PID=$(cat "$WORK/emu.pid")
}

# st_wait SECONDS: waits for the emulator to exit; sets EMU_STATUS (124
# when it had to be killed at the time limit) and EMU_SECONDS.
# The limit is counted on bash's SECONDS, not in polls: on a slow machine
# (the KVM suite's outer VM) each poll's fork takes longer than its sleep.
st_wait() {
    local deadline=$((SECONDS + $1)) timed_out=0
    while kill -0 "$EMU_PID" 2>/dev/null && [ $SECONDS -lt "$deadline" ]; do
        sleep 0.1
    done
    if kill -0 "$EMU_PID" 2>/dev/null; then
        kill -9 "$EMU_PID" 2>/dev/null
        timed_out=1
    fi
    wait "$RUNNER_PID"
    EMU_STATUS=$(cat "$WORK/emu.status" 2>/dev/null || echo "unknown")
    [ $timed_out = 1 ] && EMU_STATUS=124
    EMU_PID=""
    RUNNER_PID=""
    EMU_SECONDS=$(echo "$(date +%s.%N) $EMU_START" | awk '{ printf "%.1f", $1 - $2 }')
}

# -- Reading the results -----------------------------------------------------

# st_results LOG OUT: the XTEST lines of console LOG, without the serial
# line's carriage returns, into OUT.
st_results() {
    tr -d '\r' <"$1" | grep -ao 'XTEST .*' >"$2" || true
}

# xtest NAME [FIELD1]: the value of the first "XTEST NAME ..." line of
# RESULTS, or of the first whose first field is FIELD1 (without it).
xtest() {
    if [ $# -ge 2 ]; then
        awk -v n="$1" -v f="$2" '$2 == n && $3 == f { $1 = $2 = $3 = ""; sub(/^ +/, ""); print; exit }' "$RESULTS"
    else
        awk -v n="$1" '$2 == n { $1 = $2 = ""; sub(/^ +/, ""); print; exit }' "$RESULTS"
    fi
}

# disk_line NAME SECTORS: "DEV VALUE" of the guest's line about the drive of
# SECTORS in the NAME check (disk, write, fswrite).
disk_line() {
    awk -v n="$1" -v s="$2" '$2 == n && $4 == s { print $3, $5, $6; exit }' "$RESULTS"
}

# raw_view FILE FMT: prints the name of a raw file holding the guest's view
# of image FILE (FILE itself when raw; a qemu-img convert of it otherwise:
# qemu-img dd of qemu 7.2 refuses skip= on qcow2 input).
raw_view() {
    if [ "$2" = raw ]; then
        echo "$1"
    else
        qemu-img convert -f qcow2 -O raw "$1" "$1.view" && echo "$1.view"
    fi
}

# image_block FILE FMT BLOCK OUT: the 4 KiB block BLOCK of the guest's view
# of image FILE.
image_block() {
    local view
    view=$(raw_view "$1" "$2") &&
        dd if="$view" of="$4" bs=$XT_RECORD_SIZE skip="$3" count=1 status=none
}

# qcow2_check NAME FILE [leaks-ok]: qemu-img check of a qcow2 image, PASS
# when clean. With leaks-ok, exit status 3 passes too: qemu-img's "leaked
# clusters were found, no corruption", the expected trace of a process
# killed between allocating a cluster and using it.
qcow2_check() {
    local out rc
    out=$(qemu-img check -f qcow2 "$2" 2>&1)
    rc=$?
    if [ $rc = 0 ]; then
        pass "$1"
    elif [ $rc = 3 ] && [ "${3:-}" = leaks-ok ]; then
        pass "$1 (leaked clusters only: $(echo "$out" | sed -n 's/^\([0-9]*\) leaked clusters.*/\1/p'))"
    else
        fail "$1" "qemu-img check exit $rc: $(echo "$out" | tr '\n' ' ' | cut -c1-300)"
    fi
}
