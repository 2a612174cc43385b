@ smc: self-modifying code with the MMU and caches on. An instruction is
@ written to a buffer, made visible to instruction fetch (DCCMVAU, DSB,
@ ICIALLU, DSB, ISB) and called; then rewritten, synchronised and called
@ again. Both results are printed.
    .arch armv7-a
    .syntax unified
    .arm
    .text
    .equ TABLE, 0x40200000
    .equ BUF, 0x40400000
    .equ MOV_R0_42, 0xe3a0002a
    .equ MOV_R0_99, 0xe3a00063
    .equ BX_LR, 0xe12fff1e
    .global _start
_start:
    ldr sp, =0x40100000
    ldr r0, =TABLE
    bl mmu_on
    ldr r0, =k_smc
    bl puts
    mrc p15, 0, r1, c1, c0, 0
    ldr r2, =0x1805                 @ I, Z, C, M
    and r1, r1, r2
    ldr r0, =k_sctlr
    bl putkv
    bl newline

    ldr r0, =k_smc
    bl puts
    ldr r5, =BUF
    ldr r0, =BX_LR
    str r0, [r5, #4]
    ldr r0, =MOV_R0_42
    bl patch_and_call
    mov r1, r0
    ldr r0, =k_first
    bl putkv
    ldr r0, =MOV_R0_99
    bl patch_and_call
    mov r1, r0
    ldr r0, =k_second
    bl putkv
    bl newline
    b poweroff

@ patch_and_call(r0 = instruction): writes it at BUF, synchronises the
@ caches and calls BUF; returns what the code there leaves in r0.
patch_and_call:
    push {r4, lr}
    ldr r4, =BUF
    str r0, [r4]
    mcr p15, 0, r4, c7, c11, 1      @ DCCMVAU: clean to the point of unification
    dsb
    mov r0, #0
    mcr p15, 0, r0, c7, c5, 0       @ ICIALLU
    mcr p15, 0, r0, c7, c5, 6       @ BPIALL
    dsb
    isb
    blx r4
    pop {r4, pc}

k_smc:    .asciz "smc:"
k_sctlr:  .asciz "sctlr&0x1805"
k_first:  .asciz "first"
k_second: .asciz "second"
    .align 2
    .ltorg
