@ hello: a line through the PL011, then PSCI SYSTEM_OFF (exit status 0).
    .arch armv7-a
    .syntax unified
    .arm
    .text
    .global _start
_start:
    ldr sp, =0x40100000
    adr r0, msg
    bl puts
    b poweroff
msg:
    .asciz "hello from bare metal\n"
    .align 2
    .ltorg
