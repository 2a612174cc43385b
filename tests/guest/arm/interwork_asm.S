@ interwork_asm.S — hand-written ARM and Thumb routines for interwork_asm.c.
@ Every way of changing instruction set state that AAPCS code meets:
@ bx/blx through a register, blx to a label (which always switches), pop
@ {pc} and ldr pc from the stack (both interwork on ARMv5T and later),
@ mov pc, lr (does NOT interwork in A32: stays in ARM), plus Thumb-only
@ cbz/cbnz and an IT block whose last instruction is a branch.
    .syntax unified
    .arch armv7-a
    .text

@ int iw_arm_add(int a, int b): ARM code, returns with bx lr
    .arm
    .globl iw_arm_add
    .type iw_arm_add, %function
iw_arm_add:
    add r0, r0, r1
    bx lr
    .size iw_arm_add, . - iw_arm_add

@ int iw_thumb_mul3(int a): Thumb code, returns with bx lr
    .thumb
    .thumb_func
    .globl iw_thumb_mul3
    .type iw_thumb_mul3, %function
iw_thumb_mul3:
    add r0, r0, r0, lsl #1
    bx lr
    .size iw_thumb_mul3, . - iw_thumb_mul3

@ int iw_chain(int x): ARM -> (blx label) Thumb -> (blx reg) ARM -> back,
@ returning through pop {pc} in each state: ((x*3)+7)*3 + 1
    .arm
    .globl iw_chain
    .type iw_chain, %function
iw_chain:
    push {r4, lr}
    blx 1f                  @ immediate blx: ARM -> Thumb
    add r0, r0, #1
    pop {r4, pc}
    .thumb
    .thumb_func
1:  push {r4, lr}
    bl iw_thumb_mul3        @ Thumb -> Thumb
    adds r0, r0, #7
    ldr r4, =iw_arm_mul3_plain
    blx r4                  @ register blx: Thumb -> ARM (bit 0 clear)
    pop {r4, pc}            @ back to ARM: lr has bit 0 clear
    .size iw_chain, . - iw_chain

@ ARM leaf called from Thumb (blx r4 sets lr bit 0): must return with bx lr
    .arm
    .type iw_arm_mul3_plain, %function
iw_arm_mul3_plain:
    add r0, r0, r0, lsl #1
    bx lr
    .size iw_arm_mul3_plain, . - iw_arm_mul3_plain

@ int iw_mov_pc(int x): ARM calls an ARM leaf that returns with mov pc, lr
    .arm
    .globl iw_mov_pc
    .type iw_mov_pc, %function
iw_mov_pc:
    push {r4, lr}
    bl 2f
    add r0, r0, #100
    pop {r4, pc}
2:  rsb r0, r0, #0
    mov pc, lr
    .size iw_mov_pc, . - iw_mov_pc

@ int iw_ldr_pc(int x): Thumb code that returns by loading pc from the
@ stack with ldr (interworking load) after a call into ARM through bx.
    .thumb
    .thumb_func
    .globl iw_ldr_pc
    .type iw_ldr_pc, %function
iw_ldr_pc:
    str lr, [sp, #-8]!
    movs r1, #5
    ldr r2, =iw_arm_add
    blx r2
    ldr pc, [sp], #8
    .size iw_ldr_pc, . - iw_ldr_pc

@ int iw_count_nonzero(const int *p, int n): cbz/cbnz loop in Thumb
    .thumb
    .thumb_func
    .globl iw_count_nonzero
    .type iw_count_nonzero, %function
iw_count_nonzero:
    movs r2, #0
    cbz r1, 3f
4:  ldr r3, [r0], #4
    cbz r3, 5f              @ cbz/cbnz only branch forward
    adds r2, r2, #1
5:  subs r1, r1, #1
    cbnz r1, 6f
    b 3f
6:  b 4b
3:  mov r0, r2
    bx lr
    .size iw_count_nonzero, . - iw_count_nonzero

@ int iw_it_branch(int x): IT block ending in a branch; x<0 -> 1, x==0 -> 2, else 3
    .thumb
    .thumb_func
    .globl iw_it_branch
    .type iw_it_branch, %function
iw_it_branch:
    cmp r0, #0
    itt lt
    movlt r0, #1
    bxlt lr
    ite eq
    moveq r0, #2
    movne r0, #3
    bx lr
    .size iw_it_branch, . - iw_it_branch

    .ltorg
    .section .note.GNU-stack, "", %progbits
