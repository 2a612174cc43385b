@ timer: the virtual timer's PPI (interrupt 27) enabled in the GIC
@ distributor and CPU interface, CNTV_TVAL set, WFI until the IRQ. The
@ handler prints the IAR value, CNTV_CTL (enabled, condition met) and what
@ the IAR reads after EOI (1023, spurious).
    .arch armv7-a
    .syntax unified
    .arm
    .text
    .equ GICD, 0x08000000
    .equ GICC, 0x08010000
    .equ GICD_CTLR, 0x000
    .equ GICD_ISENABLER0, 0x100
    .equ GICD_IPRIORITYR, 0x400
    .equ GICC_CTLR, 0x000
    .equ GICC_PMR, 0x004
    .equ GICC_IAR, 0x00c
    .equ GICC_EOIR, 0x010
    .equ VTIMER_IRQ, 27
    .equ FLAG, 0x40300000
    .global _start
_start:
    cps #0x12                       @ IRQ mode
    ldr sp, =0x400d0000
    cps #0x13
    ldr sp, =0x40100000
    ldr r0, =vectors
    mcr p15, 0, r0, c12, c0, 0      @ VBAR
    ldr r0, =FLAG
    mov r1, #0
    str r1, [r0]

    ldr r0, =GICD
    mov r1, #0x80
    strb r1, [r0, #GICD_IPRIORITYR + VTIMER_IRQ]
    mov r1, #1 << VTIMER_IRQ
    str r1, [r0, #GICD_ISENABLER0]
    mov r1, #1
    str r1, [r0, #GICD_CTLR]
    ldr r0, =GICC
    mov r1, #0xf0
    str r1, [r0, #GICC_PMR]
    mov r1, #1
    str r1, [r0, #GICC_CTLR]

    ldr r0, =k_start
    bl puts
    mrc p15, 0, r1, c14, c0, 0      @ CNTFRQ
    ldr r0, =k_frq
    bl putkv
    bl newline

    ldr r0, =62500                  @ 1 ms at 62.5 MHz
    mcr p15, 0, r0, c14, c3, 0      @ CNTV_TVAL
    mov r0, #1
    mcr p15, 0, r0, c14, c3, 1      @ CNTV_CTL: enabled, not masked
    isb
    cpsie i
    ldr r4, =FLAG
1:  wfi
    ldr r0, [r4]
    cmp r0, #0
    beq 1b
    cpsid i
    ldr r0, =k_back
    bl puts
    b poweroff

    .align 5
vectors:
    b .
    b .
    b .
    b .
    b .
    b .
    b on_irq
    b .

on_irq:
    sub lr, lr, #4
    push {r0-r6, r12, lr}
    ldr r6, =GICC
    ldr r4, [r6, #GICC_IAR]
    mrc p15, 0, r5, c14, c3, 1      @ CNTV_CTL
    mov r0, #0
    mcr p15, 0, r0, c14, c3, 1      @ timer off: its line drops
    isb
    ldr r0, =k_irq
    bl puts
    ldr r0, =k_iar
    mov r1, r4
    bl putkv
    ldr r0, =k_ctl
    mov r1, r5
    bl putkv
    mrs r1, cpsr
    and r1, r1, #0x1f
    ldr r0, =k_mode
    bl putkv
    str r4, [r6, #GICC_EOIR]
    ldr r1, [r6, #GICC_IAR]
    ldr r0, =k_iar2
    bl putkv
    bl newline
    ldr r0, =FLAG
    mov r1, #1
    str r1, [r0]
    ldm sp!, {r0-r6, r12, pc}^

k_start: .asciz "timer: start"
k_frq:   .asciz "cntfrq"
k_back:  .asciz "timer: back from wfi\n"
k_irq:   .asciz "irq:"
k_iar:   .asciz "iar"
k_ctl:   .asciz "cntv_ctl"
k_mode:  .asciz "mode"
k_iar2:  .asciz "iar_after_eoi"
    .align 2
    .ltorg
