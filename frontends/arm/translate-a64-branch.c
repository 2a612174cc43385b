/*
 * A64 branches: B and BL, the conditional ones (B.cond, CBZ/CBNZ,
 * TBZ/TBNZ), the register ones (BR, BLR, RET), and the exception
 * generating SVC and BRK.
 *
 * A conditional branch ends the TB with two chained exits:
 *
 *     cbnz x3, L        ->  brcond_i64 x3, $0, eq, Lnot
 *                           goto_tb 0; pc = L; exit_tb tb|0
 *                           Lnot: goto_tb 1; pc = next; exit_tb tb|1
 */
#include "frontends/arm/a64-translate.h"
#include "decode-a64.h"

/* Ends the TB: taken goes to dest, not taken falls through to the next
 * insn. The condition is "v cond 0" for taken. */
static void gen_cond_branch(DisasA64 *s, IRTemp v, IRCond cond, uint64_t dest)
{
    IRContext *ir = s->ir;
    int not_taken = ir_new_label(ir);
    ir_brcondi(ir, IR_I64, v, 0, ir_cond_invert(cond), not_taken);
    a64_gen_goto_tb(s, 0, dest);
    ir_set_label(ir, not_taken);
    a64_gen_goto_tb(s, 1, s->base.pc_next);
    s->base.is_jmp = DISAS_NORETURN;
}

bool a64_trans_B(DisasA64 *s, arg_B *a)
{
    if (a->op) { /* BL */
        a64_write_x(s, 30, ir_const_i64(s->ir, (int64_t)s->base.pc_next), true);
    }
    a64_gen_goto_tb(s, 0, s->pc_curr + (uint64_t)((int64_t)a->imm * 4));
    s->base.is_jmp = DISAS_NORETURN;
    return true;
}

bool a64_trans_B_cond(DisasA64 *s, arg_B_cond *a)
{
    uint64_t dest = s->pc_curr + (uint64_t)((int64_t)a->imm * 4);
    A64Cmp c = a64_gen_cond(s, a->cond);
    if (c.cond == IR_COND_ALWAYS) {
        a64_gen_goto_tb(s, 0, dest);
        s->base.is_jmp = DISAS_NORETURN;
    } else {
        gen_cond_branch(s, c.v, c.cond, dest);
    }
    return true;
}

bool a64_trans_CBZ(DisasA64 *s, arg_CBZ *a)
{
    IRTemp v = a64_read_x(s, a->rt);
    if (!a->sf) {
        IRTemp w = a64_tmp(s);
        ir_ext32u(s->ir, IR_I64, w, v);
        v = w;
    }
    gen_cond_branch(s, v, a->nz ? IR_COND_NE : IR_COND_EQ, s->pc_curr + (uint64_t)((int64_t)a->imm * 4));
    return true;
}

bool a64_trans_TBZ(DisasA64 *s, arg_TBZ *a)
{
    IRTemp bit = a64_tmp(s);
    ir_andi(s->ir, IR_I64, bit, a64_read_x(s, a->rt), (int64_t)(1ull << (a->b5 << 5 | a->b40)));
    gen_cond_branch(s, bit, a->nz ? IR_COND_NE : IR_COND_EQ, s->pc_curr + (uint64_t)((int64_t)a->imm * 4));
    return true;
}

/* BR (opc 0), BLR (1), RET (2); the pointer-authenticating forms and
 * ERET/DRPS have other op3/op4 values or opc and are UNDEFINED at EL0. */
bool a64_trans_BR(DisasA64 *s, arg_BR *a)
{
    if (a->opc > 2) {
        return false;
    }
    /* BLR x30 branches to the old x30: read it before the link. */
    ir_mov(s->ir, IR_I64, a64_cpu_pc, a64_read_x(s, a->rn));
    if (a->opc == 1) {
        a64_write_x(s, 30, ir_const_i64(s->ir, (int64_t)s->base.pc_next), true);
    }
    s->base.is_jmp = A64_DISAS_JUMP;
    return true;
}

bool a64_trans_SVC(DisasA64 *s, arg_SVC *a)
{
    ir_st(s->ir, IR_I32, ir_const_i32(s->ir, a->imm), IR_ENV, A64_ENV_OFS(svc_imm), MO_32);
    /* The syscall returns to the next insn: that is the pc the loop sees. */
    a64_gen_exception(s, EXCP_SWI, s->base.pc_next);
    return true;
}

bool a64_trans_BRK(DisasA64 *s, arg_BRK *a)
{
    a64_gen_exception(s, EXCP_BKPT, s->pc_curr);
    return true;
}
