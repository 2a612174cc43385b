@ reset: a line, then PSCI SYSTEM_RESET. With -no-reboot the run ends
@ (status 0); without it the machine restarts and prints the line again.
    .arch armv7-a
    .arch_extension virt
    .syntax unified
    .arm
    .text
    .equ PSCI_SYSTEM_RESET, 0x84000009
    .global _start
_start:
    ldr sp, =0x40100000
    adr r0, msg
    bl puts
    ldr r0, =PSCI_SYSTEM_RESET
    hvc #0
    adr r0, fail
    bl puts
    b poweroff
msg:
    .asciz "reset: up\n"
fail:
    .asciz "reset: SYSTEM_RESET returned\n"
    .align 2
    .ltorg
