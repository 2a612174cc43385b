@ Shared routines of the bare-metal test programs (see README.md in
@ tests/system): PL011 output, hex numbers, PSCI calls and a 1 MiB-section
@ identity map for the MMU. Linked after each program, so the program's
@ _start comes first at the load address 0x40010000.
@
@ Calls follow the AAPCS: r0-r3 and r12 are clobbered, r4-r11 kept.

    .arch armv7-a
    .arch_extension virt
    .syntax unified
    .arm
    .text

    .equ UART_DR, 0x09000000
    .equ UART_FR, 0x09000018
    .equ UART_FR_TXFF, 1 << 5
    .equ PSCI_SYSTEM_OFF, 0x84000008

@ putc(r0 = character)
    .global putc
putc:
    ldr r1, =UART_FR
1:  ldr r2, [r1]
    tst r2, #UART_FR_TXFF
    bne 1b
    ldr r1, =UART_DR
    str r0, [r1]
    bx lr

@ puts(r0 = NUL-terminated string)
    .global puts
puts:
    push {r4, lr}
    mov r4, r0
1:  ldrb r0, [r4], #1
    cmp r0, #0
    beq 2f
    bl putc
    b 1b
2:  pop {r4, pc}

@ puthex(r0 = value): "0x" and eight hex digits
    .global puthex
puthex:
    push {r4, r5, lr}
    mov r4, r0
    mov r0, #'0'
    bl putc
    mov r0, #'x'
    bl putc
    mov r5, #28
1:  lsr r0, r4, r5
    and r0, r0, #15
    cmp r0, #10
    addlo r0, r0, #'0'
    addhs r0, r0, #'a' - 10
    bl putc
    subs r5, r5, #4
    bpl 1b
    pop {r4, r5, pc}

@ putkv(r0 = label, r1 = value): " label=0x........"
    .global putkv
putkv:
    push {r4, lr}
    mov r4, r1
    push {r0}
    mov r0, #' '
    bl putc
    pop {r0}
    bl puts
    mov r0, #'='
    bl putc
    mov r0, r4
    bl puthex
    pop {r4, pc}

@ newline()
    .global newline
newline:
    mov r0, #'\n'
    b putc

@ poweroff(): PSCI SYSTEM_OFF; never returns
    .global poweroff
poweroff:
    ldr r0, =PSCI_SYSTEM_OFF
    hvc #0
1:  wfi
    b 1b

@ mmu_on(r0 = 16 KiB-aligned table address): identity map with 1 MiB
@ sections: 0x08000000-0x0bffffff device memory (GIC, UART, virtio), the
@ first 128 MiB of RAM at 0x40000000 normal write-back memory, everything
@ else a translation fault. Then the MMU, data and instruction caches and
@ branch prediction on.
    .equ SECT_DEVICE, 0x00000c16   @ AP=11, XN, B (shared device), section
    .equ SECT_NORMAL, 0x00005c0e   @ AP=11, TEX=001 C B (write-back), section
    .global mmu_on
mmu_on:
    push {r4, lr}
    mov r4, r0
    mov r1, #0
    mov r2, #0
1:  str r2, [r0, r1, lsl #2]       @ every entry a fault
    add r1, r1, #1
    cmp r1, #4096
    blo 1b
    mov r1, #0x080
    mov r2, #0x0c0
    ldr r3, =SECT_DEVICE
    bl map_sections
    mov r0, r4
    mov r1, #0x400
    mov r2, #0x480
    ldr r3, =SECT_NORMAL
    bl map_sections
    dsb
    mov r1, #0
    mcr p15, 0, r1, c2, c0, 2      @ TTBCR: short descriptors, TTBR0 only
    mcr p15, 0, r4, c2, c0, 0      @ TTBR0
    mov r1, #1
    mcr p15, 0, r1, c3, c0, 0      @ DACR: domain 0 client
    mov r1, #0
    mcr p15, 0, r1, c8, c7, 0      @ TLBIALL
    mcr p15, 0, r1, c7, c5, 0      @ ICIALLU
    dsb
    isb
    mrc p15, 0, r1, c1, c0, 0
    ldr r2, =(1 << 0) | (1 << 2) | (1 << 11) | (1 << 12)   @ M, C, Z, I
    orr r1, r1, r2
    mcr p15, 0, r1, c1, c0, 0
    isb
    pop {r4, pc}

@ map_sections(r0 = table, r1 = first MiB, r2 = end MiB, r3 = descriptor
@ bits): identity-maps MiB r1 up to r2 with sections of the given kind.
map_sections:
    orr r12, r3, r1, lsl #20
    str r12, [r0, r1, lsl #2]
    add r1, r1, #1
    cmp r1, r2
    blo map_sections
    bx lr

    .ltorg
