#!/usr/bin/env bash
# Command line, bad input and bare-metal behaviour of xrun-system-arm,
# checked against qemu-system-arm where the two behave the same (see
# tests/system/README.md).
#
#   bash tests/system/cli.sh [--emu xrun|qemu]
#
# 1. Bad input: each case must end within a few seconds with a non-zero
#    status, exactly one "xrun-system-arm: ..." line on stderr naming the
#    thing and the problem, nothing on stdout, and (run again under
#    `script`, on a terminal) the terminal's settings as they were. Cases
#    qemu-system-arm refuses too are also run there.
# 2. Lists: -cpu help, -device help, -netdev help, -M help, -help and
#    -version print and exit 0 without a machine or kernel.
# 3. Bare-metal programs (tests/system/baremetal/*.S, built here) under
#    both emulators: same console output, status 0, and the values the
#    architecture defines.
#
# Prints one PASS/FAIL line per assertion and "system: N passed, N
# failed" last; the exit status is non-zero on any failure. --emu is
# accepted for check-system's loop: every case needs both emulators.
set -u

XRUN=${XRUN_SYSTEM:-$(pwd)/${BUILD:-build}/xrun-system-arm}
QEMU=${QEMU:-qemu-system-arm}
CROSS=${CROSS:-arm-linux-gnueabihf-}
SRC=$(cd "$(dirname "$0")" && pwd)/baremetal
LIMIT=5 # seconds a refusal may take
RUN_LIMIT=20

while [ $# -gt 0 ]; do
    case $1 in
    --emu) shift ;;
    *) echo "usage: $0 [--emu xrun|qemu]" >&2; exit 2 ;;
    esac
    shift
done

pass=0
fail=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

ok() { pass=$((pass + 1)); echo "PASS $1"; }
bad() { fail=$((fail + 1)); echo "FAIL $1: $2"; }

finish() {
    echo "system: $pass passed, $fail failed"
    [ "$fail" = 0 ]
    exit
}

# -- Tools ---------------------------------------------------------------------

missing=0
for tool in "$XRUN" "$QEMU" "${CROSS}gcc" "${CROSS}objcopy" qemu-img script stty timeout; do
    if ! command -v "$tool" >/dev/null 2>&1; then
        bad "tools" "$tool is missing (build xrun-system-arm with make; other tools come from tools/deps.sh)"
        missing=1
    fi
done
[ "$missing" = 0 ] || finish

# -- Fixtures ------------------------------------------------------------------

# build_prog NAME: tests/system/baremetal/NAME.S and lib.S, linked at the
# address both emulators load a raw kernel image to, as a flat binary.
build_prog() {
    if "${CROSS}gcc" -nostdlib -Wl,-Ttext=0x40010000 -Wl,--build-id=none \
        "$SRC/$1.S" "$SRC/lib.S" -o "$tmp/$1.elf" 2>"$tmp/build.err" &&
        "${CROSS}objcopy" -O binary -j .text "$tmp/$1.elf" "$tmp/$1.bin" 2>>"$tmp/build.err"; then
        return 0
    fi
    bad "build $1" "$(head -c 400 "$tmp/build.err")"
    return 1
}

for prog in hello reset exceptions smc timer smp; do
    build_prog $prog
done
[ -s "$tmp/hello.bin" ] || finish
K=$tmp/hello.bin

printf 'just some text\n' >"$tmp/text"
: >"$tmp/empty"
mkdir "$tmp/dir"
# Device trees: text where the magic should be, and qemu's own tree for
# virt cut in half.
for _ in 1 2 3 4; do printf 'not a device tree blob, only text\n'; done >"$tmp/bad.dtb"
timeout 10 "$QEMU" -M virt,dumpdtb="$tmp/virt.dtb" -net none -nographic >/dev/null 2>&1 </dev/null
head -c $(($(stat -c %s "$tmp/virt.dtb" 2>/dev/null || echo 0) / 2)) "$tmp/virt.dtb" >"$tmp/half.dtb" 2>/dev/null
qemu-img create -q -f qcow2 "$tmp/good.qcow2" 1M
cp "$tmp/good.qcow2" "$tmp/flipped.qcow2"
printf 'QFJ\373' | dd of="$tmp/flipped.qcow2" conv=notrunc status=none # "QFI\xfb" -> "QFJ\xfb"
head -c 40 "$tmp/good.qcow2" >"$tmp/short.qcow2"

# -- Bad input -----------------------------------------------------------------

# refuse NAME WANT [q] -- ARGS...: xrun-system-arm ARGS must fail fast with
# one stderr line holding WANT, silent stdout, and the terminal restored;
# with q, qemu-system-arm must refuse ARGS too.
refuse() {
    local name=$1 want=$2 qemu_too=0
    shift 2
    if [ "$1" = q ]; then qemu_too=1; shift; fi
    [ "$1" = -- ] && shift
    local start=$SECONDS rc lines
    timeout 10 "$XRUN" "$@" </dev/null >"$tmp/out" 2>"$tmp/err"
    rc=$?
    lines=$(wc -l <"$tmp/err")
    if [ "$rc" = 0 ] || [ "$rc" = 124 ]; then
        bad "$name" "exit status $rc, expected a refusal (stderr: $(head -c 300 "$tmp/err"))"
    elif [ $((SECONDS - start)) -gt $LIMIT ]; then
        bad "$name" "took $((SECONDS - start)) s"
    elif [ "$lines" != 1 ]; then
        bad "$name" "$lines stderr lines, expected 1: $(head -c 300 "$tmp/err")"
    elif ! grep -qF -- "$want" "$tmp/err"; then
        bad "$name" "stderr '$(cat "$tmp/err")' lacks '$want'"
    elif ! grep -q '^xrun-system-arm: ' "$tmp/err"; then
        bad "$name" "stderr does not start with 'xrun-system-arm: '"
    elif [ -s "$tmp/out" ]; then
        bad "$name" "unexpected stdout: $(head -c 200 "$tmp/out")"
    else
        ok "$name: $(cat "$tmp/err")"
    fi
    tty_unchanged "$name" "$@"
    if [ "$qemu_too" = 1 ]; then
        timeout 10 "$QEMU" -nographic -net none "$@" </dev/null >"$tmp/qout" 2>"$tmp/qerr"
        rc=$?
        if [ "$rc" = 0 ] || [ "$rc" = 124 ]; then
            bad "$name (qemu)" "qemu-system-arm exit status $rc: the case is no refusal there"
        else
            ok "$name (qemu refuses too)"
        fi
    fi
}

# tty_unchanged NAME ARGS...: runs xrun-system-arm ARGS on a terminal
# (script's pseudo-terminal) and compares `stty -g` before and after.
tty_unchanged() {
    local name=$1 cmd q
    shift
    cmd="stty -g >'$tmp/tty.before'; timeout --foreground 10 '$XRUN'"
    for q in "$@"; do cmd+=" $(printf '%q' "$q")"; done
    cmd+=" >/dev/null 2>&1; stty -g >'$tmp/tty.after'"
    rm -f "$tmp/tty.before" "$tmp/tty.after"
    timeout -s KILL 30 script -qec "$cmd" /dev/null </dev/null >/dev/null 2>&1
    if [ ! -s "$tmp/tty.before" ] || [ ! -s "$tmp/tty.after" ]; then
        bad "$name (tty)" "script gave no terminal settings"
    elif ! cmp -s "$tmp/tty.before" "$tmp/tty.after"; then
        bad "$name (tty)" "terminal left changed: $(cat "$tmp/tty.before") -> $(cat "$tmp/tty.after")"
    else
        ok "$name (tty restored)"
    fi
}

refuse "no -M" "no machine given" q -- -kernel "$K"
refuse "-M foo" "-M foo: unknown machine" q -- -M foo -kernel "$K"
refuse "no -kernel" "no kernel given" -- -M virt
refuse "-kernel missing" "kernel $tmp/nope: No such file or directory" q -- -M virt -kernel "$tmp/nope"
refuse "-kernel directory" "kernel $tmp/dir: is a directory" -- -M virt -kernel "$tmp/dir"
refuse "-kernel ELF" "kernel $tmp/hello.elf: an ELF file" -- -M virt -kernel "$tmp/hello.elf"
refuse "-kernel empty" "kernel $tmp/empty: empty file" -- -M virt -kernel "$tmp/empty"
refuse "-initrd missing" "initrd $tmp/nope: No such file or directory" q -- -M virt -kernel "$K" -initrd "$tmp/nope"
refuse "-dtb corrupt" "dtb $tmp/bad.dtb: not a valid device tree blob" -- -M virt -kernel "$K" -dtb "$tmp/bad.dtb"
if [ -s "$tmp/half.dtb" ]; then
    refuse "-dtb truncated" "dtb $tmp/half.dtb: truncated device tree" -- -M virt -kernel "$K" -dtb "$tmp/half.dtb"
else
    bad "-dtb truncated" "qemu-system-arm -M virt,dumpdtb= gave no device tree"
fi
refuse "-m 0" "-m 0: invalid RAM size" -- -M virt -kernel "$K" -m 0
refuse "-m 10G" "virt takes 16 MiB to 3 GiB" -- -M virt -kernel "$K" -m 10G
refuse "-m abc" "-m abc: invalid RAM size" q -- -M virt -kernel "$K" -m abc
refuse "-smp 0" "-smp 0: the number of CPUs must be a positive integer" -- -M virt -kernel "$K" -smp 0
refuse "-smp 9" "-smp 9: virt takes at most 4 CPUs" q -- -M virt -kernel "$K" -smp 9
refuse "-cpu foo" "-cpu foo: unknown CPU model" q -- -M virt -kernel "$K" -cpu foo
refuse "-drive missing file" "$tmp/nope: No such file or directory" q -- -M virt -kernel "$K" \
    -drive "file=$tmp/nope,if=none,id=d0" -device virtio-blk-device,drive=d0
refuse "-drive flipped qcow2 magic" "not a qcow2 image" q -- -M virt -kernel "$K" \
    -drive "file=$tmp/flipped.qcow2,format=qcow2,if=none,id=d0" -device virtio-blk-device,drive=d0
refuse "-drive truncated qcow2 header" "too short for a qcow2 header" -- -M virt -kernel "$K" \
    -drive "file=$tmp/short.qcow2,if=none,id=d0" -device virtio-blk-device,drive=d0
refuse "-drive format=vmdk" "unknown format 'vmdk'" -- -M virt -kernel "$K" \
    -drive "file=$tmp/good.qcow2,format=vmdk,if=none,id=d0" -device virtio-blk-device,drive=d0
refuse "-drive unknown key" "-drive: unknown option 'bogus'" q -- -M virt -kernel "$K" \
    -drive "file=$tmp/good.qcow2,bogus=1,if=none,id=d0" -device virtio-blk-device,drive=d0
refuse "-device foo" "-device foo: unknown device 'foo'" q -- -M virt -kernel "$K" -device foo
refuse "-device virtio-blk-device without drive=" "drive= is required" q -- -M virt -kernel "$K" \
    -device virtio-blk-device
refuse "-netdev foo" "type 'foo' is not supported" q -- -M virt -kernel "$K" -netdev foo,id=n0
refuse "-netdev user,hostfwd=bad" "hostfwd=bad" q -- -M virt -kernel "$K" -netdev user,id=n0,hostfwd=bad
refuse "-serial bogus" "-serial bogus: unknown character backend" q -- -M virt -kernel "$K" -serial bogus
refuse "unknown option" "-bogus: unknown option" q -- -M virt -kernel "$K" -bogus
refuse "option without its argument" "-kernel needs an argument" q -- -M virt -kernel
refuse "-accel kvm" "-accel kvm: this machine runs by translation only" q -- -M virt -kernel "$K" -accel kvm

# -- Lists ---------------------------------------------------------------------

# lists NAME WANT [q] -- ARGS...: status 0 and WANT on stdout (with q, on
# qemu-system-arm too, whose lists are longer).
lists() {
    local name=$1 want=$2 qemu_too=0 rc
    shift 2
    if [ "$1" = q ]; then qemu_too=1; shift; fi
    [ "$1" = -- ] && shift
    timeout 10 "$XRUN" "$@" </dev/null >"$tmp/out" 2>"$tmp/err"
    rc=$?
    if [ "$rc" != 0 ]; then
        bad "$name" "exit status $rc (stderr: $(head -c 300 "$tmp/err"))"
    elif ! grep -qF -- "$want" "$tmp/out"; then
        bad "$name" "stdout lacks '$want': $(head -c 300 "$tmp/out")"
    else
        ok "$name"
    fi
    if [ "$qemu_too" = 1 ]; then
        timeout 10 "$QEMU" "$@" </dev/null >"$tmp/qout" 2>&1
        rc=$?
        if [ "$rc" = 0 ] && grep -qF -- "$want" "$tmp/qout"; then
            ok "$name (qemu the same)"
        else
            bad "$name (qemu)" "exit status $rc, or '$want' missing: $(head -c 200 "$tmp/qout")"
        fi
    fi
}

lists "-cpu help" "cortex-a7" q -- -cpu help
lists "-M virt -cpu help" "cortex-a15" q -- -M virt -cpu help
lists "-device help" "virtio-blk-device" q -- -device help
lists "-netdev help" "user" -- -netdev help
lists "-M virt -netdev help" "user" q -- -M virt -netdev help
lists "-M help" "virt " q -- -M help
lists "-help" "usage:" -- -help
lists "-version" "version" -- -version

# -- Bare-metal programs -------------------------------------------------------

# run_one EMU NAME OUT ARGS...: the program under EMU with a time limit;
# sets rc.
run_one() {
    local emu=$1 name=$2 out=$3
    shift 3
    timeout $RUN_LIMIT "$emu" -M virt -nographic -net none -kernel "$tmp/$name.bin" "$@" \
        </dev/null >"$out" 2>"$out.err"
    rc=$?
}

# both NAME [ARGS...]: the program under both emulators; status 0 on both,
# the same console output. Leaves xrun's output in $tmp/NAME.xrun.
both() {
    local name=$1 xrc
    shift
    [ -s "$tmp/$name.bin" ] || { bad "$name" "not built"; return 1; }
    run_one "$XRUN" "$name" "$tmp/$name.xrun" "$@"
    xrc=$rc
    run_one "$QEMU" "$name" "$tmp/$name.qemu" "$@"
    if [ "$xrc" != 0 ]; then
        bad "$name: xrun exit status" "$xrc (stderr: $(head -c 300 "$tmp/$name.xrun.err"))"
    else
        ok "$name: xrun exit status 0"
    fi
    if [ "$rc" != 0 ]; then
        bad "$name: qemu exit status" "$rc (stderr: $(head -c 300 "$tmp/$name.qemu.err"))"
    elif cmp -s "$tmp/$name.xrun" "$tmp/$name.qemu"; then
        ok "$name: output equals qemu's"
    else
        bad "$name: output differs from qemu's" "$(diff "$tmp/$name.qemu" "$tmp/$name.xrun" | head -20)"
    fi
}

# has NAME TEXT: xrun's output of NAME holds the line TEXT.
has() {
    if grep -qxF -- "$2" "$tmp/$1.xrun"; then
        ok "$1: $2"
    else
        bad "$1" "no line '$2' in: $(head -c 400 "$tmp/$1.xrun")"
    fi
}

both hello
has hello "hello from bare metal"

both reset -no-reboot
n=$(grep -c '^reset: up$' "$tmp/reset.xrun")
[ "$n" = 1 ] && ok "reset -no-reboot: one boot" || bad "reset -no-reboot" "$n boots, expected 1"

# Without -no-reboot the machine starts again: two boots within the limit.
timeout $RUN_LIMIT "$XRUN" -M virt -nographic -net none -kernel "$tmp/reset.bin" \
    </dev/null >"$tmp/reboot.out" 2>"$tmp/reboot.err" &
pid=$!
n=0
for _ in $(seq 100); do
    n=$(grep -c '^reset: up$' "$tmp/reboot.out")
    [ "$n" -ge 2 ] && break
    kill -0 $pid 2>/dev/null || break
    sleep 0.1
done
kill $pid 2>/dev/null
wait $pid 2>/dev/null
[ "$n" -ge 2 ] && ok "reset: the machine restarts ($n boots seen)" ||
    bad "reset without -no-reboot" "$n boots seen: $(head -c 300 "$tmp/reboot.err")"

# Addresses are the programs' own (nm), so a change of layout stays right.
addr() { printf '0x%08x' $((0x$("${CROSS}nm" "$tmp/$1.elf" | awk -v s="$2" '$3 == s {print $1}') + $3)); }
both exceptions
has exceptions "undef mode=0x0000001b lr=$(addr exceptions insn_udf 4)"
has exceptions "svc mode=0x00000013 lr=$(addr exceptions insn_svc 4) imm=0x00000042"
# An access nothing answers: a synchronous external abort (DFSR 0x008).
has exceptions "dabt mode=0x00000017 lr=$(addr exceptions insn_ext 8) fsr=0x00000008 far=0x0f000000"
# A write to an unmapped section: translation fault (5), WnR (bit 11).
has exceptions "dabt mode=0x00000017 lr=$(addr exceptions insn_dabt 8) fsr=0x00000805 far=0x50000010"
has exceptions "pabt mode=0x00000017 lr=0x50100004 fsr=0x00000005 far=0x50100000"
has exceptions "exceptions: done"

both smc
has smc "smc: sctlr&0x1805=0x00001805"
has smc "smc: first=0x0000002a second=0x00000063"

both timer
has timer "timer: start cntfrq=0x03b9aca0"
has timer "irq: iar=0x0000001b cntv_ctl=0x00000005 mode=0x00000012 iar_after_eoi=0x000003ff"
has timer "timer: back from wfi"

both smp -smp 2
has smp "smp: cpu0 mpidr=0x80000000"
has smp "smp: cpu1 mpidr=0x80000001 r0=0x00005eed"
# SUCCESS, then ALREADY_ON (-4), INVALID_PARAMETERS (-2), ON (0).
has smp "smp: cpu_on(1)=0x00000000 cpu_on(1) again=0xfffffffc cpu_on(7)=0xfffffffe affinity_info(1)=0x00000000"

finish
