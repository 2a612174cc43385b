#!/usr/bin/env bash
# tests/system/kvm/outer.sh — runs a payload (payload.sh's tree) where
# /dev/kvm works, and returns the payload's exit status.
#
#   bash tests/system/kvm/outer.sh DIR LOG
#
# DIR is the tree kp_init made; LOG receives everything the run printed.
# Two ways to run it, chosen by KVM_MODE (auto, the default, takes direct
# when the host's CPU has svm or vmx and its /dev/kvm passes kvmprobe,
# nested otherwise):
#
#   nested   the OUTER VM: Debian's qemu-system-x86_64 in TCG mode with an
#            SVM-capable CPU (-cpu qemu64,+svm,+npt), Debian's amd64 kernel
#            and tests/cache/kvm/outer.cpio.gz with the payload appended as
#            a second cpio archive. outer-init loads kvm-amd, checks
#            /dev/kvm, runs payload/run.sh and prints "XKVM-OUTER-EXIT N".
#   direct   payload/run.sh on the host, with payload/bin first on PATH.
#
# The console is kept whole in LOG (carriage returns removed); the payload's
# lines are echoed as they come, kernel messages and firmware noise are
# not. The first line says which way it ran:
#
#   kvm: nested (qemu-system-x86_64 TCG, SVM)     or     kvm: direct (/dev/kvm)
#
# and the last how long it took. Exit status: the payload's; 2 when the run
# could not start or ended without a status (a message says why).
#
# A nested run that prints nothing for STALL seconds (default 240) is
# killed and reported as stalled (exit status 3): Debian's qemu 7.2 now and
# then stops running the outer guest once a nested guest runs (seen with
# qemu as the inner VMM as well as with xrun), and a stall costs the
# whole TIMEOUT otherwise. run.sh runs a stalled suite once more.
#
# Environment: TIMEOUT (seconds for the payload, default 1800), STALL, KVM_MODE,
# KVM_IMAGES (default tests/cache/kvm), KVMPROBE (default
# build/tests/kvmprobe), OUTER_MEM (MiB, default 3072).
set -u

root_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)
. "$root_dir/tests/system/kvm/payload.sh"
TIMEOUT=${TIMEOUT:-1800}
KVM_MODE=${KVM_MODE:-auto}
KVM_IMAGES=${KVM_IMAGES:-$root_dir/tests/cache/kvm}
KVMPROBE=${KVMPROBE:-$root_dir/build/tests/kvmprobe}
OUTER_MEM=${OUTER_MEM:-3072}
# The outer VM boots in about ten seconds; the payload has TIMEOUT on top.
OUTER_SLACK=180
STALL=${STALL:-240}

die() {
    echo "outer: $*" >&2
    exit 2
}

# host_kvm_usable: true when this host's CPU has hardware virtualization
# (svm or vmx in /proc/cpuinfo) and its /dev/kvm runs kvmprobe's code. The
# flag matters: a /dev/kvm offered without it (a sandbox's) can pass
# kvmprobe's real-mode steps and still never boot a Linux guest.
host_kvm_usable() {
    grep -qw -e svm -e vmx /proc/cpuinfo && [ -c /dev/kvm ] && [ -x "$KVMPROBE" ] &&
        "$KVMPROBE" >/dev/null 2>&1
}

# payload_lines: the console minus kernel messages ("[    1.234] ...") and
# the firmware's screen control sequences.
payload_lines() {
    sed -u -n -e '/^\[ *[0-9]*\.[0-9]*\]/d' -e "/$(printf '\033')/d" -e '/^$/d' -e p
}

run_direct() {
    echo "kvm: direct (/dev/kvm)"
    (
        cd "$DIR" || exit 2
        KVM_PAYLOAD=$DIR/payload PATH=$DIR/payload/bin:$PATH \
            timeout "$TIMEOUT" "$DIR/payload/run.sh" </dev/null 2>&1
        echo "XKVM-OUTER-EXIT $?"
    ) | tee "$LOG"
}

# watch_stall PIDFILE: kills the outer qemu when LOG has not grown for
# STALL seconds, leaving LOG.stalled behind.
watch_stall() {
    local pid="" size last=-1 idle=0
    while sleep 10; do
        [ -n "$pid" ] || pid=$(cat "$1" 2>/dev/null) || continue
        kill -0 "$pid" 2>/dev/null || return 0
        size=$(stat -c %s "$LOG" 2>/dev/null || echo 0)
        if [ "$size" = "$last" ]; then
            idle=$((idle + 10))
        else
            idle=0
            last=$size
        fi
        if [ $idle -ge "$STALL" ]; then
            echo "$idle" >"$LOG.stalled"
            kill -9 "$pid"
            return 0
        fi
    done
}

run_nested() {
    local qemu initrd f pidfile watcher
    echo "kvm: nested (qemu-system-x86_64 TCG, SVM)"
    qemu=$(command -v qemu-system-x86_64) ||
        die "qemu-system-x86_64 not found (bash tools/deps.sh installs qemu-system-x86)"
    for f in vmlinuz outer.cpio.gz; do
        [ -s "$KVM_IMAGES/$f" ] || die "$KVM_IMAGES/$f is missing; run 'make kvm-images'"
    done
    initrd=$(mktemp "${TMPDIR:-/tmp}/xrun-kvm-initrd.XXXXXX") || die "cannot make a temporary file"
    # The payload goes first: the kernel reads an uncompressed archive to
    # its exact end (cpio pads it to 512 bytes), then finds the gzipped one;
    # behind a gzip stream it may not find the next archive's header.
    kp_pack "$initrd" || die "cannot pack the payload"
    cat "$KVM_IMAGES/outer.cpio.gz" >>"$initrd"
    pidfile=$initrd.pid
    rm -f "$LOG.stalled"
    watch_stall "$pidfile" &
    watcher=$!
    timeout -s KILL $((TIMEOUT + OUTER_SLACK)) "$qemu" -accel tcg -cpu qemu64,+svm,+npt \
        -m "$OUTER_MEM" -smp 1 -nographic -no-reboot -nic none -pidfile "$pidfile" \
        -kernel "$KVM_IMAGES/vmlinuz" -initrd "$initrd" \
        -append "console=ttyS0 panic=-1 xkvm.timeout=$TIMEOUT" </dev/null 2>&1 |
        sed -u 's/\r//g' | tee "$LOG" | payload_lines
    OUTER_QEMU_STATUS=${PIPESTATUS[0]}
    kill "$watcher" 2>/dev/null
    wait "$watcher" 2>/dev/null
    rm -f "$initrd" "$pidfile"
}

[ $# = 2 ] || die "usage: $0 PAYLOAD-DIR LOG"
DIR=$(cd "$1" 2>/dev/null && pwd) || die "no payload directory '$1'"
KP_DIR=$DIR
LOG=$2
[ -x "$DIR/payload/run.sh" ] || die "$DIR/payload/run.sh is missing"
start=$(date +%s.%N)
OUTER_QEMU_STATUS=0
case $KVM_MODE in
direct) run_direct ;;
nested) run_nested ;;
auto) if host_kvm_usable; then run_direct; else run_nested; fi ;;
*) die "KVM_MODE must be auto, nested or direct, not '$KVM_MODE'" ;;
esac
secs=$(echo "$(date +%s.%N) $start" | awk '{ printf "%.1f", $1 - $2 }')
status=$(sed -n 's/^XKVM-OUTER-EXIT \([0-9]*\)$/\1/p' "$LOG" | tail -n 1)
boot=$(sed -n 's/^XKVM-OUTER payload start uptime \([0-9.]*\)$/\1/p' "$LOG")
echo "kvm: outer run ${secs}s${boot:+ (outer VM boot to payload ${boot}s)}"
if [ -s "$LOG.stalled" ]; then
    echo "outer: the outer VM stalled: no console output for $(cat "$LOG.stalled") s (see $LOG)" >&2
    exit 3
fi
if [ -z "$status" ]; then
    echo "outer: the run ended without a status line (qemu exit $OUTER_QEMU_STATUS; see $LOG)" >&2
    exit 2
fi
exit "$status"
