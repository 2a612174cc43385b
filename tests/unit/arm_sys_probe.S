/*
 * A bare-metal ARMv7 program for arm_sys_qemu_test: it takes exceptions
 * from several modes and states and runs the privileged insns, recording
 * what it sees (CPSR, SPSR, LR, fault status, banked registers, ...) as
 * words in a results buffer, then prints the buffer through virt's PL011
 * (one hex word a line) and powers off with PSCI SYSTEM_OFF.
 *
 * Run by qemu-system-arm -M virt (loaded as a raw image at 0x40010000) and
 * by xrun's frontend in the test's own small system-mode loop; the two
 * buffers must be equal. r11 is the buffer cursor throughout (never
 * recorded in FIQ mode, whose r11 is its own); the handlers record and
 * return.
 */
    .syntax unified
    .arm
    .text
    .global _start

#define RESULTS 0x40080000
#define UART 0x09000000

/* Appends register reg to the buffer. */
.macro rec reg
    str \reg, [r11], #4
.endm

_start:
    msr cpsr_f, #0                      @ flags as the loader left them: cleared
    ldr sp, =0x40070000
    ldr r11, =RESULTS
    adr r0, vectors
    mcr p15, 0, r0, c12, c0, 0          @ VBAR
    isb

    /* 1. UDF, SVC and BKPT from SVC mode (ARM). */
    udf #1
    svc #2
    bkpt #3

    /* 2. The same from Thumb. */
    adr r0, thumb_part + 1
    bx r0
    .thumb
thumb_part:
    udf #4
    udf.w #7                            @ 32-bit: LR is still insn + 2
    svc #5
    mrs r2, spsr
    str r2, [r11], #4
    cpsid i, #0x1b                      @ T32 CPS: Undefined mode
    mrs r2, cpsr
    str r2, [r11], #4
    ldr r1, =0x000001d3                 @ SPSR_und: SVC, ARM
    msr spsr_fsxc, r1
    ldr r1, =0x40066000
    mov sp, r1
    adr r0, arm_part
    mov lr, r0
    srsdb sp!, #0x1b                    @ T32 SRS and RFE round trip
    rfeia sp!
    nop
    .align 2
    .align 2
    .arm
arm_part:

    /* 3. Modes: banked sp/lr, SPSR, CPS, MSR. */
    mov r0, sp
    cps #0x12                           @ IRQ
    mov sp, #0x100
    mov lr, #0x200
    ldr r1, =0x600001d2
    msr spsr_fsxc, r1
    cps #0x11                           @ FIQ: r8-r12 banked too
    mov r8, #0x88
    mov sp, #0x300
    cps #0x13                           @ SVC
    mrs r2, cpsr
    rec r2
    rec r8
    cps #0x12
    rec sp
    rec lr
    mrs r2, spsr
    rec r2
    cps #0x11                           @ FIQ's r11 is not the cursor
    mov r3, r8
    mov r4, sp
    cps #0x13
    rec r3
    rec r4
    cpsid aif, #0x13
    mrs r2, cpsr
    rec r2
    cpsie if
    mrs r2, cpsr
    rec r2
    msr cpsr_c, #0xd3
    mrs r2, cpsr
    rec r2
    cmp sp, r0                          @ SVC's sp survived the trip
    moveq r2, #1
    movne r2, #0
    rec r2
    cps #0x11                           @ UNDEFINED in FIQ mode: back to FIQ
    udf #8
    mov r3, r8
    cps #0x13
    rec r3

    /* 4. To User mode with MOVS pc, lr; back with SVC. */
    ldr r12, =0x40068000
    msr cpsr_c, #0xdf                   @ SYS: set the User sp
    mov sp, r12
    msr cpsr_c, #0xd3
    mov r1, #0x10                       @ User, interrupts enabled
    msr spsr_fsxc, r1
    adr lr, user_code
    movs pc, lr
user_code:
    msr cpsr_fc, #0xdf                  @ PL0: only the flags change
    mrs r2, cpsr
    rec r2
    msr cpsr_f, #0
    mrc p15, 0, r3, c1, c0, 0           @ UNDEFINED at PL0
    mrc p15, 0, r3, c13, c0, 3          @ TPIDRURO: allowed
    rec r3
    mov r8, #0x1234
    mov lr, #0x5678
    svc #6                              @ back to SVC (handler records)
    /* the SVC handler returns here in SVC mode (see svc_handler) */

    /* 5. STM/LDM of User registers, SRS/RFE. */
    ldr r4, =0x40060000
    stmia r4, {r8, sp, lr}^
    ldr r2, [r4]
    rec r2
    ldr r2, [r4, #4]
    rec r2
    ldr r2, [r4, #8]
    rec r2
    mov r2, #0x1000
    str r2, [r4, #4]
    ldmia r4, {r8, sp}^
    msr cpsr_c, #0xdf
    rec sp
    msr cpsr_c, #0xd3
    ldr r1, =0x200001d7                 @ SPSR: Abort mode, C set
    msr spsr_fsxc, r1
    adr lr, after_rfe
    mov r5, sp
    srsdb sp!, #0x13
    sub r2, r5, sp
    rec r2
    rfeia sp!
after_rfe:
    mrs r2, cpsr
    rec r2
    cps #0x13

    /* 6. LDM with pc and ^: an exception return into Thumb. */
    adr r1, thumb_ret + 1
    ldr r2, =0x800001f3                 @ SVC, Thumb, N
    msr spsr_fsxc, r2
    push {r1}
    ldmia sp!, {pc}^
    .thumb
thumb_ret:
    mrs r2, cpsr
    str r2, [r11], #4
    adr r0, arm_part2
    bx r0
    .align 2
    .arm
arm_part2:

    /* 7. Alignment fault with SCTLR.A, and the VFP enable trap. */
    mrc p15, 0, r4, c1, c0, 0
    orr r2, r4, #2
    mcr p15, 0, r2, c1, c0, 0
    isb
    ldr r1, =0x40060001
    ldr r2, [r1]                        @ data abort: alignment
    mcr p15, 0, r4, c1, c0, 0
    isb
    vmrs r2, fpexc                      @ UNDEFINED: CPACR denies cp10
    ldr r2, =0x00f00000
    mcr p15, 0, r2, c1, c0, 2
    isb
    vmrs r2, fpexc
    rec r2
    vadd.f32 s0, s0, s0                 @ UNDEFINED: FPEXC.EN clear
    mov r2, #0x40000000
    vmsr fpexc, r2
    vmov.f32 s0, #1.0
    vadd.f32 s0, s0, s0
    vmov r2, s0
    rec r2
    vmrs r2, fpexc
    rec r2
    vmrs r2, fpsid
    rec r2
    vmrs r2, mvfr0
    rec r2
    vmrs r2, mvfr1
    rec r2
    ldr r2, =0x90000000                 @ DBGDSCR: N and V ...
    mcr p14, 0, r2, c0, c2, 2
    msr cpsr_f, #0x08000000             @ ... with Q kept
    mrc p14, 0, APSR_nzcv, c0, c1, 0
    mrs r2, cpsr
    rec r2
    mov r2, #0
    mcr p14, 0, r2, c0, c2, 2

    /* 8. Timer and PSCI. */
    mrc p15, 0, r2, c14, c0, 0          @ CNTFRQ
    rec r2
    mov r2, #3
    mcr p15, 0, r2, c14, c3, 1          @ CNTV_CTL: enable, mask
    mrc p15, 0, r2, c14, c3, 1
    bic r2, r2, #4                      @ ISTATUS depends on the counter
    rec r2
    ldr r0, =0x84000000                 @ PSCI_VERSION
    hvc #0
    rec r0
    ldr r0, =0x84000006                 @ MIGRATE_INFO_TYPE
    hvc #0
    rec r0
    ldr r0, =0x84000004                 @ AFFINITY_INFO of cpu 0
    mov r1, #0
    mov r2, #0
    hvc #0
    rec r0

    /* Print the buffer, power off. */
    ldr r0, =0xffffffff
    rec r0
    ldr r4, =RESULTS
    ldr r1, =UART
1:  ldr r0, [r4], #4
    bl puthex
    cmp r4, r11
    blo 1b
    ldr r0, =0x84000008                 @ SYSTEM_OFF
    hvc #0
    b .

/* r0 as 8 hex digits and a newline to the UART at r1. */
puthex:
    mov r2, #28
2:  lsr r3, r0, r2
    and r3, r3, #15
    cmp r3, #10
    addlt r3, r3, #'0'
    addge r3, r3, #'a' - 10
    str r3, [r1]
    subs r2, r2, #4
    bge 2b
    mov r3, #10
    str r3, [r1]
    bx lr

    .ltorg

    .balign 32
vectors:
    b .
    b und_handler
    b svc_handler
    b pabt_handler
    b dabt_handler
    b .
    b .
    b .

/* Each records CPSR, SPSR and LR, then returns to the next insn. */
und_handler:
    mrs r9, cpsr
    rec r9
    mrs r9, spsr
    rec r9
    rec lr
    movs pc, lr

svc_handler:
    mrs r9, cpsr
    rec r9
    mrs r9, spsr
    rec r9
    rec lr
    and r9, r9, #0x1f
    cmp r9, #0x10
    bne 3f
    /* From User: record its r8, then continue in SVC after the svc. */
    rec r8
    mov r9, #0xd3
    msr spsr_fsxc, r9
3:  movs pc, lr

pabt_handler:
    mrs r9, cpsr
    rec r9
    mrs r9, spsr
    rec r9
    rec lr
    mrc p15, 0, r9, c5, c0, 1           @ IFSR
    movw r10, #0x40f                    @ the status (FS) bits
    and r9, r9, r10
    rec r9
    subs pc, lr, #0                     @ BKPT: resume after it

dabt_handler:
    mrs r9, cpsr
    rec r9
    mrs r9, spsr
    rec r9
    rec lr
    mrc p15, 0, r9, c5, c0, 0           @ DFSR
    movw r10, #0x40f
    and r9, r9, r10
    rec r9
    mrc p15, 0, r9, c6, c0, 0           @ DFAR
    rec r9
    subs pc, lr, #4                     @ skip the faulting insn
