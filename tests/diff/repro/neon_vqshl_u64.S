@ tests/diff/repro/neon_vqshl_u64.S — xrun bug: VQSHL.U64 / VQRSHL.U64
@ (register shift) return 0 instead of saturating to 0xffffffffffffffff
@ when the element has bit 63 set and the shift count is >= 64.
@
@   vqshl.u64 d0, d1, d2   d1 = 0xd0c68c6b00007ffe, d2 = 0x...5a (shift +90)
@   qemu-arm (and the ARM ARM: UnsignedSatQ(value << 90) saturates):
@       d0 = ffffffff ffffffff, FPSCR.QC = 1
@   xrun:  d0 = 00000000 00000000, FPSCR.QC = 1
@
@ Cause (frontends/arm/neon_helper.h): neon_shift() clamps the count to 64
@ and neon_shl128() computes v * 2^64 in a signed __int128, which overflows
@ for v >= 2^63 (the product wraps negative, so neon_sat() clamps to 0).
@ For sh >= 64 it should return a value of v's sign beyond every element
@ range (0 for v == 0) instead of multiplying.
@
@ Build and compare:
@   arm-linux-gnueabihf-as -o /tmp/r.o neon_vqshl_u64.S
@   arm-linux-gnueabihf-ld -static -o /tmp/r /tmp/r.o
@   qemu-arm /tmp/r | od -An -tx4 -w12; build/xrun-arm /tmp/r | od -An -tx4 -w12
@ Each output line is d0 (low word first) and FPSCR for one (value, shift)
@ pair of the table; lines 2 and 5 differ today.
.syntax unified
.arm
.fpu neon
.global _start
_start:
    ldr r4, =vals
    mov r5, #5
1:  vldmia r4!, {d1-d2}
    mov r0, #0
    vmsr fpscr, r0
    vqshl.u64 d0, d1, d2
    vmrs r0, fpscr
    sub sp, sp, #16
    vstr d0, [sp]
    str r0, [sp, #8]
    mov r0, #1
    mov r1, sp
    mov r2, #12
    mov r7, #4
    svc #0
    add sp, sp, #16
    subs r5, r5, #1
    bne 1b
    mov r0, #0
    mov r7, #1
    svc #0
.data
vals:
    .quad 1, 90                                     @ ok: saturates
    .quad 0xd0c68c6b00007ffe, 0x0000001f4159655a    @ bug: shift 0x5a = 90
    .quad 1, 0x100                                  @ ok: shift byte 0 -> 1
    .quad 0x4000000000000000, 64                    @ ok: saturates
    .quad 0x8000000000000000, 64                    @ bug
