@ smp (-smp 2): PSCI CPU_ON starts cpu 1 at `secondary` with a context
@ id; it prints its MPIDR and r0, sets a flag in RAM and waits. cpu 0
@ waits for the flag, then checks PSCI's answers for a cpu that is already
@ on, a cpu that does not exist and AFFINITY_INFO, and powers off.
    .arch armv7-a
    .arch_extension virt
    .syntax unified
    .arm
    .text
    .equ PSCI_CPU_ON, 0x84000003
    .equ PSCI_AFFINITY_INFO, 0x84000004
    .equ FLAG, 0x40300000
    .equ CONTEXT, 0x5eed
    .global _start
_start:
    ldr sp, =0x40100000
    ldr r4, =FLAG
    mov r0, #0
    str r0, [r4]
    dsb
    ldr r0, =k_cpu0
    bl puts
    mrc p15, 0, r1, c0, c0, 5       @ MPIDR
    ldr r0, =k_mpidr
    bl putkv
    bl newline

    mov r1, #1
    bl cpu_on
    mov r5, r1
1:  ldr r0, [r4]                    @ cpu 1 prints first: no mixed lines
    cmp r0, #0
    beq 1b
    dmb
    ldr r0, =k_smp
    bl puts
    ldr r0, =k_on
    mov r1, r5
    bl putkv

    mov r1, #1
    bl cpu_on
    ldr r0, =k_again
    bl putkv
    mov r1, #7
    bl cpu_on
    ldr r0, =k_none
    bl putkv
    ldr r0, =PSCI_AFFINITY_INFO
    mov r1, #1
    mov r2, #0
    hvc #0
    mov r1, r0
    ldr r0, =k_aff
    bl putkv
    bl newline
    b poweroff

@ cpu_on(r1 = target MPIDR): returns PSCI's answer in r1.
cpu_on:
    ldr r0, =PSCI_CPU_ON
    ldr r2, =secondary
    ldr r3, =CONTEXT
    hvc #0
    mov r1, r0
    bx lr

secondary:
    ldr sp, =0x400c0000
    mov r4, r0
    ldr r0, =k_cpu1
    bl puts
    mrc p15, 0, r1, c0, c0, 5
    ldr r0, =k_mpidr
    bl putkv
    ldr r0, =k_ctx
    mov r1, r4
    bl putkv
    bl newline
    dsb
    ldr r0, =FLAG
    mov r1, #1
    str r1, [r0]
    dsb
    sev
2:  wfi
    b 2b

k_smp:   .asciz "smp:"
k_cpu0:  .asciz "smp: cpu0"
k_mpidr: .asciz "mpidr"
k_on:    .asciz "cpu_on(1)"
k_cpu1:  .asciz "smp: cpu1"
k_ctx:   .asciz "r0"
k_again: .asciz "cpu_on(1) again"
k_none:  .asciz "cpu_on(7)"
k_aff:   .asciz "affinity_info(1)"
    .align 2
    .ltorg
