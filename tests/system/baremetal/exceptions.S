@ exceptions: a vector table at VBAR, then an undefined instruction, an
@ SVC, a data abort on an unassigned physical address (MMU off), and with
@ the MMU on a data abort and a prefetch abort on unmapped addresses. Each
@ handler prints the exception, the mode it runs in, its return address
@ (lr) and the fault status and address registers.
    .arch armv7-a
    .syntax unified
    .arm
    .text
    .equ TABLE, 0x40200000
    .equ UNASSIGNED, 0x0f000000      @ no device there on virt
    .equ UNMAPPED_D, 0x50000010      @ past RAM: a section fault
    .equ UNMAPPED_I, 0x50100000
    .global _start
_start:
    cps #0x1b                       @ undefined mode
    ldr sp, =0x400f0000
    cps #0x17                       @ abort mode
    ldr sp, =0x400e0000
    cps #0x13                       @ supervisor mode
    ldr sp, =0x40100000
    ldr r0, =vectors
    mcr p15, 0, r0, c12, c0, 0      @ VBAR
    isb
    ldr r0, =s_start
    bl puts

    .global insn_udf
insn_udf:
    .inst 0xe7f000f0                @ udf #0
    .global insn_svc
insn_svc:
    svc #0x42
    ldr r1, =UNASSIGNED
    .global insn_ext
insn_ext:
    ldr r0, [r1]
    ldr r0, =TABLE
    bl mmu_on
    ldr r0, =s_mmu
    bl puts
    ldr r1, =UNMAPPED_D
    .global insn_dabt
insn_dabt:
    str r0, [r1]
    adr r4, after_pabt
    ldr r0, =UNMAPPED_I
    bx r0
after_pabt:
    ldr r0, =s_done
    bl puts
    b poweroff

@ report(r0 = name, r1 = return address): "name mode=0x.. lr=0x..",
@ no newline.
report:
    push {r4, lr}
    mov r4, r1
    bl puts
    mrs r1, cpsr
    and r1, r1, #0x1f
    ldr r0, =k_mode
    bl putkv
    ldr r0, =k_lr
    mov r1, r4
    bl putkv
    pop {r4, pc}

@ report_fault(r0 = name, r1 = return address, r2 = status, r3 = address):
@ the report line with "fsr=0x.. far=0x..".
report_fault:
    push {r4-r6, lr}
    mov r5, r2
    mov r6, r3
    bl report
    ldr r0, =k_fsr
    mov r1, r5
    bl putkv
    ldr r0, =k_far
    mov r1, r6
    bl putkv
    pop {r4-r6, lr}
    b newline

    .align 5
vectors:
    b .                             @ reset
    b on_undef
    b on_svc
    b on_pabt
    b on_dabt
    b .
    b .
    b .

on_undef:
    push {r0-r3, r12, lr}
    ldr r0, =s_undef
    mov r1, lr
    bl report
    bl newline
    pop {r0-r3, r12, lr}
    movs pc, lr                     @ lr is the next instruction

on_svc:
    push {r0-r3, r12, lr}
    ldr r0, =s_svc
    mov r1, lr
    bl report
    ldr r1, [sp, #20]
    ldr r1, [r1, #-4]
    bic r1, r1, #0xff000000
    ldr r0, =k_imm
    bl putkv
    bl newline
    pop {r0-r3, r12, lr}
    movs pc, lr

on_dabt:
    push {r0-r3, r12, lr}
    ldr r0, =s_dabt
    mov r1, lr
    mrc p15, 0, r2, c5, c0, 0       @ DFSR
    mrc p15, 0, r3, c6, c0, 0       @ DFAR
    bl report_fault
    pop {r0-r3, r12, lr}
    subs pc, lr, #4                 @ lr is the faulting instruction + 8

on_pabt:
    ldr r0, =s_pabt
    mov r1, lr
    mrc p15, 0, r2, c5, c0, 1       @ IFSR
    mrc p15, 0, r3, c6, c0, 2       @ IFAR
    bl report_fault
    mov lr, r4                      @ nothing to return to: go on at after_pabt
    movs pc, lr

s_start: .asciz "exceptions: start\n"
s_mmu:   .asciz "exceptions: mmu on\n"
s_done:  .asciz "exceptions: done\n"
s_undef: .asciz "undef"
s_svc:   .asciz "svc"
s_dabt:  .asciz "dabt"
s_pabt:  .asciz "pabt"
k_mode:  .asciz "mode"
k_lr:    .asciz "lr"
k_imm:   .asciz "imm"
k_fsr:   .asciz "fsr"
k_far:   .asciz "far"
    .align 2
    .ltorg
