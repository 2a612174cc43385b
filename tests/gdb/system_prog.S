/*
 * A bare-metal program for the system-mode GDB stub test (tests/gdb/system.sh):
 * loaded as a raw image at 0x40010000 on the virt board, it prints through
 * the PL011 data register, stops at labels the test puts breakpoints on,
 * waits in a loop until the debugger sets `flag`, and powers the machine
 * off with PSCI SYSTEM_OFF. With a second CPU, that one counts in `ticks`
 * meanwhile (the test sees whether it runs).
 *
 * Printed when nobody interferes (the loop never ends then):
 *     hello
 *     msg=A
 * With the test's writes (msg[4] = 'Z', flag = 1):
 *     hello
 *     msg=Z
 *     done
 */
    .arch armv7-a
    .arch_extension virt    /* hvc */
    .syntax unified
    .arm
    .text
    .global _start
_start:
    ldr     sp, =0x40200000
    ldr     r4, =0x09000000         /* PL011 UARTDR */
    ldr     r0, =0x84000003         /* PSCI CPU_ON: CPU 1 counts in ticker */
    mov     r1, #1                  /* its MPIDR affinity */
    adr     r2, ticker
    mov     r3, #0
    hvc     #0                      /* fails harmlessly with one CPU */
    adr     r0, hello
    bl      puts
    .global checkpoint
checkpoint:
    mov     r5, #0x11               /* the test steps over these two */
    mov     r6, #0x22
    adr     r0, msg
    bl      puts
    .global spin
spin:
    ldr     r1, flag
    cmp     r1, #0
    beq     spin
    adr     r0, done
    bl      puts
    ldr     r0, =0x84000008         /* PSCI SYSTEM_OFF */
    hvc     #0
1:  b       1b

/* CPU 1, from PSCI CPU_ON: counts in `ticks` for ever. */
ticker:
    ldr     r1, =ticks
1:  ldr     r0, [r1]
    add     r0, r0, #1
    str     r0, [r1]
    b       1b

/* Writes the NUL-terminated string at r0 to the UART. */
puts:
    ldrb    r1, [r0], #1
    cmp     r1, #0
    bxeq    lr
    str     r1, [r4]
    b       puts

    .ltorg
    .balign 4
    .global data
data:
    .word   0x11223344, 0x55667788, 0x99aabbcc, 0xddeeff00
    .global flag
flag:
    .word   0
    .global msg
msg:
    .asciz  "msg=A\n"
hello:
    .asciz  "hello\n"
done:
    .asciz  "done\n"

/* On a page of its own: stores there do not touch translated code. */
    .balign 4096
    .global ticks
ticks:
    .word   0
