# shellcheck shell=bash
# tests/gdb/user-aarch64.sh — the AArch64 guest of tests/gdb/run.sh
# (GUEST=aarch64, `make check-gdb-aarch64`): its tools and program
# (tests/gdb/prog.c in A64), the register checks of the main session, a
# session that writes every kind of register, and the code the patch case
# writes. Sourced by run.sh, never run.

XRUN=${XRUN:-$(pwd)/$BUILD/xrun-aarch64}
CROSS=${CROSS:-aarch64-linux-gnu-gcc}
GDB_ARCH=aarch64
SYSROOT=/usr/aarch64-linux-gnu
PROG=$OUT/prog-aarch64
# The dynamic program gets its ld.so and libc from -L.
DYN_OPTS=(-L "$SYSROOT")
# twice becomes "mov w0, #100; ret".
PATCH_WORDS=(0x52800c80 0xd65f03c0)
# v0 as set by ld1, in gdb's views: the whole union, the q/d/s pseudo
# registers of its low bits, one lane view; sp == fp after func's prologue.
REG_CMDS=(-ex 'p/x $v0' -ex 'p/x $q0' -ex 'p/x $d0' -ex 'p/x $s0' -ex 'p/x $v0.h.u' -ex 'p $sp == $x29 ? 111 : 222')

guest_build() {
    build_prog "$PROG"
}

guest_check_regs() {
    local G=$1
    check "aarch64: x0 holds the first argument" "$G" '^x0 +0x1234 '
    check "aarch64: x1 holds the second argument" "$G" '^x1 +0x5678 '
    check "aarch64: x30 returns into main" "$G" '^x30 +0x[0-9a-f]+ +[0-9]+$'
    check "aarch64: pc is in func" "$G" '^pc +0x[0-9a-f]+ +0x[0-9a-f]+ <func\+[0-9]+>'
    check "aarch64: sp is a stack address" "$G" '^sp +0x[0-9a-f]+ +0x[0-9a-f]+$'
    check "aarch64: sp is the frame pointer" "$G" '^\$[0-9]+ = 111$'
    check "aarch64: cpsr shows EL0 and NZCV by name" "$G" '^cpsr +0x[0-9a-f]0000000 +\[ EL=0( [VCZN])* \]$'
    check "aarch64: fpsr and fpcr are read" "$G" '^fpcr +0x0 +0$'
    check "aarch64: v0 as a union of lane views" "$G" \
        's = \{f = \{0x10203040, 0x50607080, 0x90a0b0c0, 0xd0e0f001\}, u = \{0x10203040, 0x50607080, 0x90a0b0c0, 0xd0e0f001\}'
    check "aarch64: v0.d and v0.q views" "$G" 'd = \{f = \{0x5060708010203040, 0xd0e0f00190a0b0c0\}.*q = \{u = \{0xd0e0f00190a0b0c05060708010203040\}'
    check "aarch64: q0 is all of v0" "$G" '^\$[0-9]+ = \{u = 0xd0e0f00190a0b0c05060708010203040, s = '
    check "aarch64: d0 is its low 64 bits" "$G" '^\$[0-9]+ = \{f = 0x5060708010203040, u = 0x5060708010203040, s = '
    check "aarch64: s0 is its low 32 bits" "$G" '^\$[0-9]+ = \{f = 0x10203040, u = 0x10203040, s = 0x10203040\}'
    check "aarch64: v0.h.u lanes" "$G" '^\$[0-9]+ = \{0x3040, 0x1020, 0x7080, 0x5060, 0xb0c0, 0x90a0, 0xf001, 0xd0e0\}'
}

# Register writes: each kind written at twice's first instruction, gdb's
# register cache dropped so that the values are read back from the stub;
# then x0 and pc written so that twice returns 21 at once (func: 22).
guest_sessions() {
    start_xrun regs "$PROG" || return
    run_gdb regs "$PROG" -ex 'break *twice' -ex continue -ex 'p $pc' \
        -ex 'set var $x5 = 0x1122334455667788' -ex 'set $old_sp = (long)$sp' -ex 'set var $sp = $sp - 16' \
        -ex 'set var $cpsr = 0x90000000' -ex 'set var $fpsr = 0x08000010' -ex 'set var $fpcr = 0x00c00000' \
        -ex 'set var $v1.d.f[0] = 2.5' -ex 'set var $v1.s.u[3] = 0xfeedface' -ex 'set var $v2.q.u[0] = 7' \
        -ex 'maint flush register-cache' \
        -ex 'p/x $x5' -ex 'p $old_sp - (long)$sp' -ex 'info registers cpsr fpsr fpcr' -ex 'p $v1.d.f[0]' \
        -ex 'p/x $v1.s.u[3]' -ex 'p $d1.f' -ex 'p/x $v2.d.u' \
        -ex 'set var $sp = $old_sp' -ex 'set var $x0 = 21' -ex 'set var $pc = $x30' \
        -ex 'maint flush register-cache' -ex 'p $pc' -ex 'p $x0' -ex delete -ex continue
    local G=$tmp/regs.gdb
    check "regs: stop at twice's first instruction" "$G" '^\$1 = \(void \(\*\)\(\)\) 0x[0-9a-f]+ <twice>$'
    check "regs: x5 written" "$G" '^\$2 = 0x1122334455667788$'
    check "regs: sp written" "$G" '^\$3 = 16$'
    check "regs: cpsr written (N and V)" "$G" '^cpsr +0x90000000 +\[ EL=0 V N \]$'
    check "regs: fpsr written (QC, IXC)" "$G" '^fpsr +0x8000010 +134217744$'
    check "regs: fpcr written (RMode: towards zero)" "$G" '^fpcr +0xc00000 +12582912$'
    check "regs: v1.d.f[0] written" "$G" '^\$4 = 2.5$'
    check "regs: v1.s.u[3] written" "$G" '^\$5 = 0xfeedface$'
    check "regs: d1 is the low half of v1" "$G" '^\$6 = 2.5$'
    check "regs: v2 written as one 128-bit value" "$G" '^\$7 = \{0x7, 0x0\}$'
    check "regs: pc written" "$G" '^\$8 = \(void \(\*\)\(\)\) 0x[0-9a-f]+ <func\+[0-9]+>$'
    check "regs: x0 written" "$G" '^\$9 = 21$'
    check "regs: exit reported" "$G" 'exited normally'
    guest_ends "regs: the guest ran on with the written x0 and pc" "$tmp/regs.out" '^func: 22$'
}
