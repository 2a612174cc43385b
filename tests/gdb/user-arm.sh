# shellcheck shell=bash
# tests/gdb/user-arm.sh — the armhf guest of tests/gdb/run.sh (GUEST=arm,
# `make check-gdb`): its tools and programs (tests/gdb/prog.c in ARM and
# in Thumb), the register checks of the main session, a Thumb session,
# and the code the patch case writes. Sourced by run.sh, never run.

XRUN=${XRUN:-$(pwd)/$BUILD/xrun-arm}
CROSS=${CROSS:-arm-linux-gnueabihf-gcc}
GDB_ARCH=arm
SYSROOT=/usr/arm-linux-gnueabihf
PROG=$OUT/prog-arm
# The dynamic program finds its ld.so in the default sysroot (no -L).
DYN_OPTS=()
# twice becomes "mov r0, #100; bx lr".
PATCH_WORDS=(0xe3a00064 0xe12fff1e)
# The main session also reads the NEON registers (q0 as set by vld1).
REG_CMDS=(-ex 'p/x $q0' -ex 'p/x $d1')

guest_build() {
    local isa
    for isa in arm thumb; do
        build_prog "$OUT/prog-$isa" -m$isa -mfpu=neon || return 1
    done
}

# guest_check_regs FILE: the main session's register reads, at func's
# first line.
guest_check_regs() {
    local G=$1
    check "arm: r0 holds the first argument" "$G" '^r0 +0x1234 '
    check "arm: r1 holds the second argument" "$G" '^r1 +0x5678 '
    check "arm: pc is in func" "$G" '^pc +0x[0-9a-f]+ +0x[0-9a-f]+ <func\+[0-9]+>'
    check "arm: cpsr in ARM state, user mode" "$G" '^cpsr +0x[0-9a-f]*[0-9a-f][13579bdf]0 '
    check "arm: q0 as set by vld1" "$G" 'u32 = \{0x10203040, 0x50607080, 0x90a0b0c0, 0xd0e0f001\}'
    check "arm: d1 is the top of q0" "$G" '^\$[0-9]+ = 0xd0e0f00190a0b0c0'
}

# Thumb: the same program in T32; run to the end (W packet).
guest_sessions() {
    start_xrun thumb "$OUT/prog-thumb" || return
    run_gdb thumb "$OUT/prog-thumb" -ex 'break func' -ex continue -ex 'p/x $cpsr & 0x20' -ex 'p/x $r0' \
        -ex step -ex next -ex finish -ex 'break thread_func' -ex continue -ex 'info threads' -ex continue
    local G=$tmp/thumb.gdb
    check "thumb: breakpoint at func" "$G" "^Breakpoint 1, func \(a=4660, b=22136\) at .*prog.c:$L_FIRST"
    check "thumb: cpsr.T is set" "$G" '^\$1 = 0x20$'
    check "thumb: r0 holds the first argument" "$G" '^\$2 = 0x1234$'
    check "thumb: step" "$G" "^$L_CALL[[:space:]]+s = twice"
    check "thumb: next" "$G" "^$L_AFTER[[:space:]]+s \+= 1;"
    check "thumb: finish" "$G" 'Value returned is \$[0-9]+ = 53593'
    check "thumb: second thread in thread_func" "$G" "hit Breakpoint 2, thread_func \(arg=0x5\)"
    check "thumb: exit reported" "$G" 'exited normally'
    guest_ends "thumb: guest ran to its end" "$tmp/thumb.out" '^counter: 5$'
}
