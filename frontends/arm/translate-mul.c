/*
 * AArch32 multiplies and divides: MUL/MLA/MLS, the 64-bit long multiplies
 * (UMULL/UMLAL/SMULL/SMLAL/UMAAL), the DSP halfword multiplies (SMLAxy,
 * SMULxy, SMLAWy, SMULWy, SMLALxy), the dual multiplies (SMUAD/SMLAD,
 * SMUSD/SMLSD, SMLALD/SMLSLD), most-significant-word multiplies
 * (SMMUL/SMMLA/SMMLS with optional rounding) and SDIV/UDIV.
 *
 * Register roles follow the A32 encodings: rd = 19:16, ra = 15:12,
 * rm = 11:8, rn = 3:0; the long forms put RdHi in rd and RdLo in ra.
 * Accumulations that can overflow into Q go through one helper that adds
 * in 64 bits, so the Q rule ("the infinitely precise sum does not fit")
 * holds even when an intermediate sum would overflow.
 */
#include "frontends/arm/translate.h"
#include "decode-a32.h"

#define PURE (IR_CALL_NO_READ_GLOBALS | IR_CALL_NO_WRITE_GLOBALS | IR_CALL_NO_SIDE_EFFECTS)

/* -- 32-bit -- */

static bool op_mla(DisasContext *s, arg_s_rrrr *a, bool add)
{
    IRTemp t = ir_new_i32(s->ir);
    ir_mul(s->ir, IR_I32, t, load_reg(s, a->rn), load_reg(s, a->rm));
    if (add) {
        ir_add(s->ir, IR_I32, t, t, load_reg(s, a->ra));
    }
    if (a->s) {
        gen_set_nz(s, t);
    }
    store_reg(s, a->rd, t);
    return true;
}

bool trans_MUL(DisasContext *s, arg_s_rrrr *a) { return op_mla(s, a, false); }
bool trans_MLA(DisasContext *s, arg_s_rrrr *a) { return op_mla(s, a, true); }

bool trans_MLS(DisasContext *s, arg_rrrr *a)
{
    IRTemp t = ir_new_i32(s->ir);
    ir_mul(s->ir, IR_I32, t, load_reg(s, a->rn), load_reg(s, a->rm));
    ir_sub(s->ir, IR_I32, t, load_reg(s, a->ra), t);
    store_reg(s, a->rd, t);
    return true;
}

/* -- 64-bit results: lo -> ra (RdLo), hi -> rd (RdHi) -- */

static void store_long(DisasContext *s, int rdlo, int rdhi, IRTemp lo, IRTemp hi, bool set_flags)
{
    if (set_flags) {
        ir_mov(s->ir, IR_I32, cpu_NF, hi);
        ir_or(s->ir, IR_I32, cpu_ZF, lo, hi);
    }
    store_reg(s, rdlo, lo);
    store_reg(s, rdhi, hi);
}

static bool op_mull(DisasContext *s, arg_s_rrrr *a, bool sign, bool acc)
{
    IRContext *ir = s->ir;
    IRTemp lo = ir_new_i32(ir), hi = ir_new_i32(ir);
    if (sign) {
        ir_muls2(ir, IR_I32, lo, hi, load_reg(s, a->rn), load_reg(s, a->rm));
    } else {
        ir_mulu2(ir, IR_I32, lo, hi, load_reg(s, a->rn), load_reg(s, a->rm));
    }
    if (acc) {
        ir_add2(ir, IR_I32, lo, hi, lo, hi, load_reg(s, a->ra), load_reg(s, a->rd));
    }
    store_long(s, a->ra, a->rd, lo, hi, a->s);
    return true;
}

bool trans_UMULL(DisasContext *s, arg_s_rrrr *a) { return op_mull(s, a, false, false); }
bool trans_UMLAL(DisasContext *s, arg_s_rrrr *a) { return op_mull(s, a, false, true); }
bool trans_SMULL(DisasContext *s, arg_s_rrrr *a) { return op_mull(s, a, true, false); }
bool trans_SMLAL(DisasContext *s, arg_s_rrrr *a) { return op_mull(s, a, true, true); }

bool trans_UMAAL(DisasContext *s, arg_rrrr *a)
{
    /* rn * rm + RdLo + RdHi never overflows 64 bits. */
    IRContext *ir = s->ir;
    IRTemp lo = ir_new_i32(ir), hi = ir_new_i32(ir), zero = ir_const_i32(ir, 0);
    ir_mulu2(ir, IR_I32, lo, hi, load_reg(s, a->rn), load_reg(s, a->rm));
    ir_add2(ir, IR_I32, lo, hi, lo, hi, load_reg(s, a->ra), zero);
    ir_add2(ir, IR_I32, lo, hi, lo, hi, load_reg(s, a->rd), zero);
    store_long(s, a->ra, a->rd, lo, hi, false);
    return true;
}

/* -- Halfword multiplies -- */

/* The signed top (top = 1) or bottom halfword of register reg. */
static IRTemp load_half(DisasContext *s, int reg, int top)
{
    IRTemp t = load_reg(s, reg);
    if (top) {
        ir_sari(s->ir, IR_I32, t, t, 16);
    } else {
        ir_ext16s(s->ir, IR_I32, t, t);
    }
    return t;
}

/* d = a + b + c with Q set when the exact sum does not fit. */
static void gen_add3_setq(DisasContext *s, IRTemp d, IRTemp a, IRTemp b, IRTemp c)
{
    ir_callN(s->ir, helper_arm_add3_setq, 0, d, IR_ENV, a, b, c);
}

static bool op_smlaxy(DisasContext *s, arg_smla_xy *a, bool acc)
{
    IRTemp p = ir_new_i32(s->ir);
    ir_mul(s->ir, IR_I32, p, load_half(s, a->rn, a->nt), load_half(s, a->rm, a->mt));
    if (acc) {
        gen_add3_setq(s, p, p, load_reg(s, a->ra), ir_const_i32(s->ir, 0));
    }
    store_reg(s, a->rd, p);
    return true;
}

bool trans_SMLAxy(DisasContext *s, arg_smla_xy *a) { return op_smlaxy(s, a, true); }
bool trans_SMULxy(DisasContext *s, arg_smla_xy *a) { return op_smlaxy(s, a, false); }

/* (rn * half(rm)) >> 16: the top 32 of the 48-bit product. */
static bool op_smlawy(DisasContext *s, arg_smla_xy *a, bool acc)
{
    IRContext *ir = s->ir;
    IRTemp n64 = ir_new_i64(ir), m64 = ir_new_i64(ir), p = ir_new_i32(ir);
    ir_exts_i32_i64(ir, n64, load_reg(s, a->rn));
    ir_exts_i32_i64(ir, m64, load_half(s, a->rm, a->mt));
    ir_mul(ir, IR_I64, n64, n64, m64);
    ir_sari(ir, IR_I64, n64, n64, 16);
    ir_extrl_i64_i32(ir, p, n64);
    if (acc) {
        gen_add3_setq(s, p, p, load_reg(s, a->ra), ir_const_i32(ir, 0));
    }
    store_reg(s, a->rd, p);
    return true;
}

bool trans_SMLAWy(DisasContext *s, arg_smla_xy *a) { return op_smlawy(s, a, true); }
bool trans_SMULWy(DisasContext *s, arg_smla_xy *a) { return op_smlawy(s, a, false); }

bool trans_SMLALxy(DisasContext *s, arg_smlal_xy *a)
{
    IRContext *ir = s->ir;
    IRTemp p = ir_new_i32(ir), ph = ir_new_i32(ir), lo = load_reg(s, a->rdlo), hi = load_reg(s, a->rdhi);
    ir_mul(ir, IR_I32, p, load_half(s, a->rn, a->nt), load_half(s, a->rm, a->mt));
    ir_sari(ir, IR_I32, ph, p, 31);
    ir_add2(ir, IR_I32, lo, hi, lo, hi, p, ph);
    store_long(s, a->rdlo, a->rdhi, lo, hi, false);
    return true;
}

/* -- Dual multiplies: mt swaps rm's halfwords -- */

/* p1 = bottom(rn) * bottom(rm'), p2 = top(rn) * top(rm'). */
static void gen_dual_products(DisasContext *s, int rn, int rm, int swap, IRTemp p1, IRTemp p2)
{
    IRContext *ir = s->ir;
    IRTemp n = load_reg(s, rn), m = load_reg(s, rm), nl = ir_new_i32(ir), ml = ir_new_i32(ir);
    if (swap) {
        ir_binopi(ir, IR_OP_rotr, IR_I32, m, m, 16);
    }
    ir_ext16s(ir, IR_I32, nl, n);
    ir_ext16s(ir, IR_I32, ml, m);
    ir_mul(ir, IR_I32, p1, nl, ml);
    ir_sari(ir, IR_I32, n, n, 16);
    ir_sari(ir, IR_I32, m, m, 16);
    ir_mul(ir, IR_I32, p2, n, m);
}

static bool op_smlad(DisasContext *s, arg_smla_xy *a, bool sub)
{
    IRContext *ir = s->ir;
    IRTemp p1 = ir_new_i32(ir), p2 = ir_new_i32(ir);
    gen_dual_products(s, a->rn, a->rm, a->mt, p1, p2);
    if (sub) {
        /* |p2| <= 2^30, so negating it cannot overflow. */
        ir_neg(ir, IR_I32, p2, p2);
    }
    IRTemp acc = a->ra == 15 ? ir_const_i32(ir, 0) : load_reg(s, a->ra);
    gen_add3_setq(s, p1, p1, p2, acc);
    store_reg(s, a->rd, p1);
    return true;
}

bool trans_SMLAD(DisasContext *s, arg_smla_xy *a) { return op_smlad(s, a, false); }
bool trans_SMLSD(DisasContext *s, arg_smla_xy *a) { return op_smlad(s, a, true); }

static bool op_smlald(DisasContext *s, arg_smlal_xy *a, bool sub)
{
    IRContext *ir = s->ir;
    IRTemp p1 = ir_new_i32(ir), p2 = ir_new_i32(ir);
    IRTemp a64 = ir_new_i64(ir), b64 = ir_new_i64(ir), acc = ir_new_i64(ir);
    IRTemp lo = ir_new_i32(ir), hi = ir_new_i32(ir);
    gen_dual_products(s, a->rn, a->rm, a->mt, p1, p2);
    ir_exts_i32_i64(ir, a64, p1);
    ir_exts_i32_i64(ir, b64, p2);
    ir_binop(ir, sub ? IR_OP_sub : IR_OP_add, IR_I64, a64, a64, b64);
    ir_concat_i32_i64(ir, acc, load_reg(s, a->rdlo), load_reg(s, a->rdhi));
    ir_add(ir, IR_I64, a64, a64, acc);
    ir_extrl_i64_i32(ir, lo, a64);
    ir_extrh_i64_i32(ir, hi, a64);
    store_long(s, a->rdlo, a->rdhi, lo, hi, false);
    return true;
}

bool trans_SMLALD(DisasContext *s, arg_smlal_xy *a) { return op_smlald(s, a, false); }
bool trans_SMLSLD(DisasContext *s, arg_smlal_xy *a) { return op_smlald(s, a, true); }

/* -- Most significant word: (ra << 32 +/- rn * rm [+ 0x80000000]) >> 32; mt = round -- */

static bool op_smmla(DisasContext *s, arg_smla_xy *a, int acc_op)
{
    IRContext *ir = s->ir;
    IRTemp n = ir_new_i64(ir), m = ir_new_i64(ir), d = ir_new_i32(ir);
    ir_exts_i32_i64(ir, n, load_reg(s, a->rn));
    ir_exts_i32_i64(ir, m, load_reg(s, a->rm));
    ir_mul(ir, IR_I64, n, n, m);
    if (a->ra != 15 || acc_op == IR_OP_sub) {
        /* SMMLS with ra = 15 is UNPREDICTABLE; treat it as ra = 0. */
        IRTemp acc = ir_new_i64(ir);
        IRTemp ra = a->ra == 15 ? ir_const_i32(ir, 0) : load_reg(s, a->ra);
        ir_concat_i32_i64(ir, acc, ir_const_i32(ir, 0), ra);
        ir_binop(ir, (IROpcode)acc_op, IR_I64, n, acc, n);
    }
    if (a->mt) {
        ir_addi(ir, IR_I64, n, n, 0x80000000ll);
    }
    ir_extrh_i64_i32(ir, d, n);
    store_reg(s, a->rd, d);
    return true;
}

bool trans_SMMLA(DisasContext *s, arg_smla_xy *a) { return op_smmla(s, a, IR_OP_add); }
bool trans_SMMLS(DisasContext *s, arg_smla_xy *a) { return op_smmla(s, a, IR_OP_sub); }

/* -- Divide: x / 0 = 0 and INT_MIN / -1 = INT_MIN, done in the helper -- */

bool trans_SDIV(DisasContext *s, arg_rrrr *a)
{
    IRTemp d = ir_new_i32(s->ir);
    ir_callN(s->ir, helper_arm_sdiv, PURE, d, load_reg(s, a->rn), load_reg(s, a->rm));
    store_reg(s, a->rd, d);
    return true;
}

bool trans_UDIV(DisasContext *s, arg_rrrr *a)
{
    IRTemp d = ir_new_i32(s->ir);
    ir_callN(s->ir, helper_arm_udiv, PURE, d, load_reg(s, a->rn), load_reg(s, a->rm));
    store_reg(s, a->rd, d);
    return true;
}
