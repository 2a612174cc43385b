#!/usr/bin/env bash
# The GDB stub of system mode, end to end: xrun-system-arm with -S/-gdb/-s
# driven by gdb-multiarch in batch mode.
#
#   1. tests/gdb/system_prog.S, a bare-metal program (raw image at
#      0x40010000 on the virt board, -smp 2): registers at reset, threads,
#      breakpoints, stepi, memory read and write, Ctrl-C of a running loop,
#      the run to PSCI SYSTEM_OFF; detach; kill; attaching to a machine
#      that already runs, twice.
#   2. Debian's armmp kernel (tests/cache/system, `make system-images`)
#      on two CPUs: interrupt, threads, a breakpoint on the IRQ vector (a privileged mode), a
#      kernel string read through the MMU and again as physical memory
#      (maintenance packet Qqemu.PhysMemMode:1), kill.
#   3. Command-line errors.
#
# gdb's Ctrl-C is a SIGINT sent to gdb, which sends 0x03 to the stub. Each
# check prints PASS/FAIL; the last line is "gdb-system: N passed, N failed".
# Every run has a timeout, so a hang fails.
#
#   make check-gdb-system        or        bash tests/gdb/system.sh
set -u

BUILD=${BUILD:-build}
XRUN=${XRUN_SYSTEM:-$(pwd)/$BUILD/xrun-system-arm}
CROSS=${CROSS:-arm-linux-gnueabihf-}
GDB=${GDB:-gdb-multiarch}
IMG=${SYSTEM_IMAGES:-tests/cache/system}
OUT=$BUILD/tests/gdb
T=30 # seconds for any one run

SUITE=gdb-system
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

for tool in "${CROSS}gcc" "${CROSS}objcopy" "$GDB" python3; do
    command -v "$tool" >/dev/null || { bad "tools" "$tool not found (install it with tools/deps.sh)"; finish; }
done
[ -x "$XRUN" ] || { bad "xrun" "$XRUN missing (run make)"; finish; }

mkdir -p "$OUT"
ELF=$OUT/system_prog.elf
BIN=$OUT/system_prog.bin
if ! "${CROSS}gcc" -nostdlib -static -Wl,-Ttext=0x40010000 -Wl,--build-id=none -o "$ELF" tests/gdb/system_prog.S \
    2>"$tmp/cc.err" || ! "${CROSS}objcopy" -O binary -j .text "$ELF" "$BIN" 2>>"$tmp/cc.err"; then
    bad "build system_prog" "$(head -c 400 "$tmp/cc.err")"
    finish
fi

# start_xrun NAME ARGS...: xrun-system-arm on the virt board in the
# background, as start_stub does. The caller puts the gdb option (on
# $PORT) in ARGS.
start_xrun() {
    local name=$1
    shift
    start_stub "$name" "$XRUN" -M virt -m 256 -nographic "$@"
}

# run_gdb NAME INTERRUPT_AFTER gdb-args...: gdb-multiarch in batch mode on
# $PORT (output in $tmp/NAME.gdb). INTERRUPT_AFTER > 0: gdb gets a SIGINT
# (Ctrl-C) that many seconds after it started.
run_gdb() {
    local name=$1 after=$2
    shift 2
    # --foreground: timeout passes a signal to gdb alone, once (without it,
    # to its whole process group as well, and gdb would see two Ctrl-Cs).
    timeout --foreground $T "$GDB" -batch -nx -ex 'set architecture arm' -ex "target remote :$PORT" "$@" \
        >"$tmp/$name.gdb" 2>&1 </dev/null &
    local gp=$!
    if [ "$after" != 0 ]; then
        sleep "$after"
        kill -INT "$gp" 2>/dev/null
    fi
    wait "$gp"
}

# -- 1. The bare-metal program --

# A whole session from reset to SYSTEM_OFF on two vCPUs: the second one is
# off at reset, then counts in `ticks` (PSCI CPU_ON from the first).
PORT=$(free_port)
if start_xrun main -smp 2 -S -gdb "tcp::$PORT" -kernel "$BIN"; then
    TICKS='p *(unsigned int *)&ticks'
    run_gdb main 4 "$ELF" -ex 'info registers' -ex 'p/x $cpsr & 0x1f' -ex 'info threads' \
        -ex 'break checkpoint' -ex continue -ex 'set scheduler-locking step' -ex 'thread 1' -ex "$TICKS" \
        -ex stepi -ex 'p $pc' -ex stepi -ex 'p/x $r5' -ex "$TICKS" \
        -ex 'x/4wx &data' -ex 'set var *((char *)&msg + 4) = 90' -ex 'x/s &msg' -ex 'set var $r6 = 0x77' \
        -ex 'p/x $r6' -ex delete -ex continue -ex 'thread 1' -ex 'p $pc' -ex "$TICKS" -ex 'info threads' \
        -ex 'set var *(int *)&flag = 1' -ex continue
    G=$tmp/main.gdb
    val() { sed -n "s/^\\\$$1 = //p" "$G"; } # gdb's value history entry $N
    check "reset: pc at the image's entry" "$G" '^pc +0x40010000 +0x40010000 <_start>'
    check "reset: cpsr in SVC mode" "$G" '^\$1 = 0x13$'
    if [ "$(grep -cE '^\*? +[0-9]+ +Thread [0-9]+' "$G")" -ge 2 ] && grep -qE '^\* +1 +Thread 1 .*_start' "$G"; then
        ok "info threads: two vCPUs, thread 1 at _start"
    else
        bad "info threads" "$(grep -A3 'Target Id' "$G")"
    fi
    check "info threads: the second CPU is off at reset" "$G" '^ +2 +Thread 2 \(CPU#1 \[off\]\) +0x0+ in'
    check "break + continue stops at the label" "$G" 'hit Breakpoint 1, 0x[0-9a-f]+ in checkpoint \(\)'
    check "stepi advances by one insn" "$G" '^\$3 = .*0x[0-9a-f]+ <checkpoint\+4>'
    check "the stepped insn ran (r5 = 0x11)" "$G" '^\$4 = 0x11$'
    t1=$(val 2) t2=$(val 5) t3=$(val 8)
    if [ -n "$t1" ] && [ "$t1" = "$t2" ]; then
        ok "all-stop: CPU 1 stays stopped while CPU 0 steps ($t1 ticks)"
    else
        bad "all-stop: ticks" "before the steps '$t1', after '$t2'"
    fi
    if [ -n "$t3" ] && [ -n "$t2" ] && [ "$t3" -gt "$t2" ]; then
        ok "CPU 1 runs on continue ($t3 ticks)"
    else
        bad "CPU 1 after continue" "ticks '$t2' then '$t3'"
    fi
    check "CPU 1 is a running thread in ticker" "$G" '^ +2 +Thread 2 \(CPU#1 \[running\]\) +0x[0-9a-f]+ in ticker'
    check "x/4wx of the program's data" "$G" '<data>:[[:space:]]+0x11223344[[:space:]]+0x55667788[[:space:]]+0x99aabbcc[[:space:]]+0xddeeff00'
    check "memory write read back" "$G" '<msg>:[[:space:]]+"msg=Z\\n"'
    check "register write read back" "$G" '^\$6 = 0x77$'
    check "Ctrl-C stops the running loop" "$G" 'received signal SIGINT'
    check "CPU 0 stopped in the loop" "$G" '^\$7 = .*<spin(\+[0-9]+)?>'
    check "continue runs to PSCI SYSTEM_OFF (W00)" "$G" 'exited normally'
    wait_xrun
    if [ "$XRC" = 0 ]; then ok "xrun-system-arm exits 0 after SYSTEM_OFF"; else bad "exit status" "$XRC"; fi
    if grep -q '^msg=Z' "$tmp/main.out" && grep -q '^done' "$tmp/main.out"; then
        ok "the guest printed what gdb wrote"
    else
        bad "guest output" "$(cat "$tmp/main.out")"
    fi
fi

# Detach: the machine runs on by itself (a hardware breakpoint, Z1, here).
PORT=$(free_port)
if start_xrun detach -S -gdb "tcp::$PORT" -kernel "$BIN"; then
    run_gdb detach 0 "$ELF" -ex 'hbreak spin' -ex continue -ex 'set var *(int *)&flag = 1' -ex detach
    check "hbreak stops at its label" "$tmp/detach.gdb" 'Breakpoint 1, 0x[0-9a-f]+ in spin \(\)'
    wait_xrun
    if [ "$XRC" = 0 ] && grep -q '^done' "$tmp/detach.out"; then
        ok "after detach the guest finishes"
    else
        bad "detach" "status $XRC, output '$(cat "$tmp/detach.out")'"
    fi
fi

# kill at reset: nothing ran, xrun ends with status 0 (as qemu).
PORT=$(free_port)
if start_xrun kill -S -gdb "tcp::$PORT" -kernel "$BIN"; then
    run_gdb kill 0 "$ELF" -ex kill
    wait_xrun
    if [ "$XRC" = 0 ] && ! grep -q hello "$tmp/kill.out"; then
        ok "kill at reset ends xrun (status 0, no guest output)"
    else
        bad "kill" "status $XRC, output '$(cat "$tmp/kill.out")'"
    fi
fi

# Without -S the machine runs until gdb connects; connecting stops it.
# After a detach it runs on, and the next gdb may connect.
PORT=$(free_port)
if start_xrun attach -gdb "tcp:localhost:$PORT" -kernel "$BIN"; then
    for _ in $(seq 100); do
        grep -qs '^msg=A' "$tmp/attach.out" && break
        sleep 0.05
    done
    run_gdb attach 0 "$ELF" -ex 'p $pc' -ex detach
    check "attach to a running machine stops it in the loop" "$tmp/attach.gdb" '^\$1 = .*<spin(\+[0-9]+)?>'
    run_gdb attach2 0 "$ELF" -ex 'p $pc' -ex 'set var *(int *)&flag = 1' -ex continue
    check "a second gdb connects after the first detached" "$tmp/attach2.gdb" '^\$1 = .*<spin(\+[0-9]+)?>'
    wait_xrun
    if [ "$XRC" = 0 ] && grep -q '^done' "$tmp/attach.out"; then ok "attach: the guest then finishes"; else bad "attach" "status $XRC"; fi
fi

# -- 2. Debian's kernel --

KERNEL=$IMG/vmlinuz-armmp
INITRD=$IMG/initrd-armmp.cpio.gz
if [ ! -f "$KERNEL" ] || [ ! -f "$INITRD" ]; then
    bad "kernel session" "$KERNEL or $INITRD missing (make system-images)"
else
    # -s is port 1234; another run may hold it, then a free port stands in.
    if python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 1234))' 2>/dev/null; then
        PORT=1234
        GDBOPT=(-s)
    else
        PORT=$(free_port)
        GDBOPT=(-gdb "tcp::$PORT")
        echo "note: port 1234 is busy: the kernel session uses -gdb tcp::$PORT instead of -s"
    fi
    if start_xrun kernel "${GDBOPT[@]}" -smp 2 -kernel "$KERNEL" -initrd "$INITRD" -append "console=ttyAMA0"; then
        for _ in $(seq 200); do
            grep -qs 'Linux version' "$tmp/kernel.out" && break
            sleep 0.1
        done
        # Stopped in the IRQ vector of a kernel without symbols, gdb's
        # unwinder may follow a user frame pointer into unmapped memory and
        # refuse commands that need frames (stepi, set var): the step is a
        # raw packet, and addresses are literal or $_.
        run_gdb kernel 3 -ex continue -ex 'info threads' -ex 'break *0xffff0018' -ex continue -ex 'info registers' \
            -ex 'p/x $cpsr & 0x1f' -ex 'maintenance packet s' -ex 'maintenance flush register-cache' \
            -ex 'p/x $pc' -ex delete \
            -ex 'find /b 0xc0008000, +0x1400000, 0x4c, 0x69, 0x6e, 0x75, 0x78, 0x20, 0x76, 0x65, 0x72' \
            -ex 'x/s $_' -ex 'maintenance packet Qqemu.PhysMemMode:1' -ex 'x/s $_ - 0xc0000000 + 0x40000000' \
            -ex 'x/4wx 0x40100000' -ex 'maintenance packet Qqemu.PhysMemMode:0' -ex 'x/4wx 0xc0100000' \
            -ex 'x/wx 0x0' -ex kill
        G=$tmp/kernel.gdb
        check "kernel: Ctrl-C stops the running kernel" "$G" 'received signal SIGINT'
        if [ "$(grep -cE '^\*? +[0-9]+ +Thread [0-9]+ \(CPU#[01] \[(running|halted)\]\)' "$G")" = 2 ]; then
            ok "kernel: both CPUs are threads, and both are on"
        else
            bad "kernel: info threads" "$(grep -A3 'Target Id' "$G")"
        fi
        check "kernel: breakpoint on the IRQ vector (virtual 0xffff0018)" "$G" 'Breakpoint 1, 0xffff0018 in'
        check "kernel: cpsr in IRQ mode there" "$G" '^\$1 = 0x12$'
        # The vector is a branch to the stubs on the next page.
        check "kernel: a step reports a stop" "$G" 'received: "T05thread:0*[12];"'
        check "kernel: the step followed the branch" "$G" '^\$2 = 0xffff1[0-9a-f]{3}$'
        vstr=$(grep -E '^0xc[0-9a-f]+:[[:space:]]+"Linux version ' "$G" | head -n 1 | sed 's/^[^:]*://')
        pstr=$(grep -E '^0x4[0-9a-f]+:[[:space:]]+"Linux version ' "$G" | head -n 1 | sed 's/^[^:]*://')
        if [ -n "$vstr" ]; then ok "kernel: x/s of the banner at a kernel virtual address"; else bad "kernel: banner" "not read"; sed 's/^/    | /' "$G" | tail -n 30; fi
        if [ -n "$vstr" ] && [ "$vstr" = "$pstr" ]; then
            ok "kernel: the same string read as physical memory (PhysMemMode)"
        else
            bad "kernel: physical read" "virtual '$vstr', physical '$pstr'"
        fi
        vw=$(grep -E '^0xc0100000:' "$G" | sed 's/^[^:]*://')
        pw=$(grep -E '^0x40100000:' "$G" | sed 's/^[^:]*://')
        if [ -n "$vw" ] && [ "$vw" = "$pw" ]; then ok "kernel: lowmem words agree with physical memory"; else bad "kernel: lowmem" "'$vw' vs '$pw'"; fi
        check "kernel: PhysMemMode packet accepted" "$G" 'received: "OK"'
        check "kernel: unmapped address is an error, not a crash" "$G" 'Cannot access memory at address 0x0'
        wait_xrun
        if [ "$XRC" = 0 ]; then ok "kernel: kill ends xrun with status 0"; else bad "kernel: kill" "status $XRC"; fi
    fi
fi

# -- 3. Command-line errors: one line, status 1 --

# expect_error NAME PATTERN ARGS...
expect_error() {
    local name=$1 pat=$2
    shift 2
    timeout $T "$XRUN" -M virt -nographic "$@" >"$tmp/err.out" 2>"$tmp/err.err" </dev/null
    local rc=$?
    if [ "$rc" = 1 ] && [ "$(wc -l <"$tmp/err.err")" = 1 ] && grep -qE -- "$pat" "$tmp/err.err"; then
        ok "$name"
    else
        bad "$name" "status $rc, stderr '$(cat "$tmp/err.err")'"
    fi
}
expect_error "-S without a stub is refused" '-S: .*no monitor' -S -kernel "$BIN"
expect_error "-gdb with a bad device" '-gdb udp::5: expected tcp::PORT' -gdb udp::5 -kernel "$BIN"
expect_error "-gdb with a bad port" "-gdb tcp::99999: bad port" -gdb tcp::99999 -kernel "$BIN"
hold_port
busy=$BUSY
expect_error "-gdb on a port in use" "cannot listen on localhost:$busy" -gdb "tcp::$busy" -kernel "$BIN"
kill "$HOLDER" 2>/dev/null

finish
