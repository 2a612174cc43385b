/*
 * ARMv8.2 half-precision VFP arithmetic (decoder generated from
 * vfp-fp16.decode, run by arm_decode_v8_fp), for cpu models with
 * ARM_FEATURE_FP16.  A half lives in bits 15:0 of an S register and a half
 * result writes zeros to bits 31:16.  "vadd.f16 s0, s1, s2" becomes
 *
 *     ld_i32 t1, env, $vfp_d[0]+4      ld_i32 t2, env, $vfp_d[1]
 *     call helper_vfp_hop, t3 <- env, t1, t2, $HOP_ADD
 *     st_i32 t3, env, $vfp_d[0]
 *
 * (helpers in vfp_fp16_helper.c take the low 16 bits of their operands and
 * return a zero-extended half).  Negation and absolute value are plain IR.
 * The F16 forms of VSEL, VMAXNM/VMINNM, VRINT* and VCVT{A,N,P,M} are here
 * too; the Advanced SIMD .F16 insns are in translate-neon-fp16.c.
 */
#include <stddef.h>

#include "frontends/arm/translate.h"
#include "frontends/arm/vfp_helper.h"

#include "decode-vfp-fp16.c.inc"

#define FP16_CALL_FLAGS (IR_CALL_NO_READ_GLOBALS | IR_CALL_NO_WRITE_GLOBALS)

static int sreg_offset(int reg) { return ENV_OFS(vfp_d[reg >> 1]) + (reg & 1) * 4; }

static IRTemp sload(DisasContext *s, int reg)
{
    IRTemp t = ir_new_i32(s->ir);
    ir_ld(s->ir, IR_I32, t, IR_ENV, sreg_offset(reg), MO_UL);
    return t;
}

static void sstore(DisasContext *s, int reg, IRTemp v)
{
    ir_st(s->ir, IR_I32, v, IR_ENV, sreg_offset(reg), MO_UL);
}

/* Zero-extends the half in the low bits of v and stores it to Sd. */
static void hstore(DisasContext *s, int reg, IRTemp v)
{
    IRTemp t = ir_new_i32(s->ir);
    ir_andi(s->ir, IR_I32, t, v, 0xffff);
    sstore(s, reg, t);
}

/* Feature, FPSCR.LEN = 0, and no unconditional (cond = 1111) form. */
static bool fp16_ok(DisasContext *s)
{
    return arm_feature(s, ARM_FEATURE_FP16) && s->vec_len == 0 && s->vec_stride == 0 && (s->insn >> 28) != 0xf;
}

static IRTemp hop(DisasContext *s, int op, IRTemp a, IRTemp b)
{
    IRTemp r = ir_new_i32(s->ir);
    ir_call(s->ir, helper_vfp_hop, FP16_CALL_FLAGS, r, 4, (IRTemp[]){IR_ENV, a, b, ir_const_i32(s->ir, op)});
    return r;
}

static IRTemp hneg(DisasContext *s, IRTemp v)
{
    IRTemp t = ir_new_i32(s->ir);
    ir_xori(s->ir, IR_I32, t, v, 0x8000);
    return t;
}

/* -- Arithmetic -- */

static bool do_arith(DisasContext *s, arg_vrrr *a, int op, bool negate)
{
    if (!fp16_ok(s)) {
        return false;
    }
    IRTemp r = hop(s, op, sload(s, a->vn), sload(s, a->vm));
    hstore(s, a->vd, negate ? hneg(s, r) : r);
    return true;
}

static bool trans_VADD_hp(DisasContext *s, arg_vrrr *a) { return do_arith(s, a, HOP_ADD, false); }
static bool trans_VSUB_hp(DisasContext *s, arg_vrrr *a) { return do_arith(s, a, HOP_SUB, false); }
static bool trans_VMUL_hp(DisasContext *s, arg_vrrr *a) { return do_arith(s, a, HOP_MUL, false); }
static bool trans_VNMUL_hp(DisasContext *s, arg_vrrr *a) { return do_arith(s, a, HOP_MUL, true); }
static bool trans_VDIV_hp(DisasContext *s, arg_vrrr *a) { return do_arith(s, a, HOP_DIV, false); }

/* Chained: d = FPAdd(neg_d ? -d : d, neg_p ? -p : p), p = FPMul(n, m). */
static bool do_vmla(DisasContext *s, arg_vrrr *a, bool neg_d, bool neg_p)
{
    if (!fp16_ok(s)) {
        return false;
    }
    IRTemp p = hop(s, HOP_MUL, sload(s, a->vn), sload(s, a->vm));
    IRTemp d = sload(s, a->vd);
    hstore(s, a->vd, hop(s, HOP_ADD, neg_d ? hneg(s, d) : d, neg_p ? hneg(s, p) : p));
    return true;
}

static bool trans_VMLA_hp(DisasContext *s, arg_vrrr *a) { return do_vmla(s, a, false, false); }
static bool trans_VMLS_hp(DisasContext *s, arg_vrrr *a) { return do_vmla(s, a, false, true); }
static bool trans_VNMLA_hp(DisasContext *s, arg_vrrr *a) { return do_vmla(s, a, true, true); }
static bool trans_VNMLS_hp(DisasContext *s, arg_vrrr *a) { return do_vmla(s, a, true, false); }

/* Fused: d = FPMulAdd(neg_d ? -d : d, neg_n ? -n : n, m). */
static bool do_vfma(DisasContext *s, arg_vrrr *a, bool neg_d, bool neg_n)
{
    if (!fp16_ok(s)) {
        return false;
    }
    IRTemp n = sload(s, a->vn), m = sload(s, a->vm), d = sload(s, a->vd), r = ir_new_i32(s->ir);
    ir_call(s->ir, helper_vfp_hmuladd, FP16_CALL_FLAGS, r, 4,
            (IRTemp[]){IR_ENV, neg_n ? hneg(s, n) : n, m, neg_d ? hneg(s, d) : d});
    hstore(s, a->vd, r);
    return true;
}

static bool trans_VFMA_hp(DisasContext *s, arg_vrrr *a) { return do_vfma(s, a, false, false); }
static bool trans_VFMS_hp(DisasContext *s, arg_vrrr *a) { return do_vfma(s, a, false, true); }
static bool trans_VFNMA_hp(DisasContext *s, arg_vrrr *a) { return do_vfma(s, a, true, true); }
static bool trans_VFNMS_hp(DisasContext *s, arg_vrrr *a) { return do_vfma(s, a, true, false); }

/* -- One operand -- */

static bool trans_VABS_hp(DisasContext *s, arg_vrr *a)
{
    if (!fp16_ok(s)) {
        return false;
    }
    IRTemp t = ir_new_i32(s->ir);
    ir_andi(s->ir, IR_I32, t, sload(s, a->vm), 0x7fff);
    sstore(s, a->vd, t);
    return true;
}

static bool trans_VNEG_hp(DisasContext *s, arg_vrr *a)
{
    if (!fp16_ok(s)) {
        return false;
    }
    hstore(s, a->vd, hneg(s, sload(s, a->vm)));
    return true;
}

static bool trans_VSQRT_hp(DisasContext *s, arg_vrr *a)
{
    if (!fp16_ok(s)) {
        return false;
    }
    IRTemp m = sload(s, a->vm);
    hstore(s, a->vd, hop(s, HOP_SQRT, m, m));
    return true;
}

/* VFPExpandImm for N = 16: sign imm<7>, exponent NOT(b):b:b:imm<5:4> with
 * b = imm<6>, fraction imm<3:0> followed by six zeros. */
static bool trans_VMOV_imm_hp(DisasContext *s, arg_vri *a)
{
    if (!fp16_ok(s)) {
        return false;
    }
    uint32_t i = (uint32_t)a->imm, b6 = (i >> 6) & 1;
    uint32_t exp = (b6 ^ 1) << 4 | (b6 ? 0xcu : 0) | ((i >> 4) & 3);
    uint32_t h = (i >> 7) << 15 | exp << 10 | (i & 0xf) << 6;
    sstore(s, a->vd, ir_const_i32(s->ir, (int32_t)h));
    return true;
}

static bool trans_VCMP_hp(DisasContext *s, arg_vcmp *a)
{
    if (!fp16_ok(s)) {
        return false;
    }
    IRTemp m = a->z ? ir_const_i32(s->ir, 0) : sload(s, a->vm);
    ir_call(s->ir, helper_vfp_cmph, FP16_CALL_FLAGS, IR_NO_TEMP, 4,
            (IRTemp[]){IR_ENV, sload(s, a->vd), m, ir_const_i32(s->ir, a->e)});
    return true;
}

/* -- Conversions -- */

static bool trans_VCVT_int_hp(DisasContext *s, arg_vcvt_i *a)
{
    if (!fp16_ok(s)) {
        return false;
    }
    IRTemp r = ir_new_i32(s->ir);
    ir_call(s->ir, helper_vfp_int_to_h, FP16_CALL_FLAGS, r, 3,
            (IRTemp[]){IR_ENV, sload(s, a->vm), ir_const_i32(s->ir, a->s)});
    sstore(s, a->vd, r);
    return true;
}

static bool trans_VCVT_hp_int(DisasContext *s, arg_vcvt_i *a)
{
    if (!fp16_ok(s)) {
        return false;
    }
    uint32_t desc = (a->rz ? FPROUND_RZ : V8FP_RMODE_FPSCR) | (a->s ? V8FP_SIGNED : 0);
    IRTemp r = ir_new_i32(s->ir);
    ir_call(s->ir, helper_vfp_h_to_int, FP16_CALL_FLAGS, r, 3,
            (IRTemp[]){IR_ENV, sload(s, a->vm), ir_const_i32(s->ir, (int32_t)desc)});
    sstore(s, a->vd, r);
    return true;
}

/* In place in Sd; a 16-bit fixed result is sign/zero-extended to 32 bits,
 * a half result zero-extended. */
static bool trans_VCVT_fix_hp(DisasContext *s, arg_vcvt_fix *a)
{
    int size = a->sx ? 32 : 16, fbits = size - a->imm;
    if (!fp16_ok(s) || fbits < 0) {
        return false;
    }
    uint32_t desc = (uint32_t)fbits | (a->u ? 0 : VFP_CVT_SIGNED) | (a->sx ? 0 : VFP_CVT_16);
    IRTemp r = ir_new_i32(s->ir);
    if (a->op) {
        ir_call(s->ir, helper_vfp_h_to_fix, FP16_CALL_FLAGS, r, 3,
                (IRTemp[]){IR_ENV, sload(s, a->vd), ir_const_i32(s->ir, (int32_t)(desc | VFP_CVT_RZ))});
    } else {
        ir_call(s->ir, helper_vfp_fix_to_h, FP16_CALL_FLAGS, r, 3,
                (IRTemp[]){IR_ENV, sload(s, a->vd), ir_const_i32(s->ir, (int32_t)(desc | VFP_CVT_RN))});
    }
    sstore(s, a->vd, r);
    return true;
}

/* -- Moves, loads and stores -- */

static bool trans_VMOV_hp_core(DisasContext *s, arg_vmov_s *a)
{
    if (!fp16_ok(s) || a->rt == 15 || a->rt == 13) {
        return false;
    }
    IRTemp t = ir_new_i32(s->ir);
    if (a->l) {
        ir_andi(s->ir, IR_I32, t, sload(s, a->vn), 0xffff);
        store_reg(s, a->rt, t);
    } else {
        ir_andi(s->ir, IR_I32, t, cpu_R[a->rt], 0xffff);
        sstore(s, a->vn, t);
    }
    return true;
}

/* Halfword aligned; the offset is imm8 * 2. */
static bool trans_VLDR_VSTR_hp(DisasContext *s, arg_vldr *a)
{
    if (!fp16_ok(s)) {
        return false;
    }
    int ofs = a->imm * 2;
    IRTemp addr = add_reg_for_lit(s, a->rn, a->u ? ofs : -ofs);
    if (a->l) {
        IRTemp v = ir_new_i32(s->ir);
        gen_aa32_ld(s, v, addr, MO_UW | MO_ALIGN);
        sstore(s, a->vd, v);
    } else {
        gen_aa32_st(s, sload(s, a->vd), addr, MO_UW | MO_ALIGN);
    }
    return true;
}

static bool trans_VMOVX(DisasContext *s, arg_vrr *a)
{
    if (!arm_feature(s, ARM_FEATURE_FP16)) {
        return false;
    }
    IRTemp t = ir_new_i32(s->ir);
    ir_shri(s->ir, IR_I32, t, sload(s, a->vm), 16);
    sstore(s, a->vd, t);
    return true;
}

static bool trans_VINS(DisasContext *s, arg_vrr *a)
{
    if (!arm_feature(s, ARM_FEATURE_FP16)) {
        return false;
    }
    IRTemp d = sload(s, a->vd);
    ir_deposit(s->ir, IR_I32, d, d, sload(s, a->vm), 16, 16);
    sstore(s, a->vd, d);
    return true;
}

/* -- The ARMv8 insns in F16 form -- */

static bool fp16_uncond_ok(DisasContext *s)
{
    return arm_feature(s, ARM_FEATURE_FP16 | ARM_FEATURE_V8);
}

/* eq, vs, ge, gt on the integer flags; the selected half is zero-extended. */
static bool trans_VSEL_hp(DisasContext *s, arg_vsel *a)
{
    static const int cond[4] = {0, 6, 10, 12};
    if (!fp16_uncond_ok(s)) {
        return false;
    }
    IRContext *ir = s->ir;
    IRTemp n = sload(s, a->vn), m = ir_new_tb(ir, IR_I32);
    int done = ir_new_label(ir);
    ir_ld(ir, IR_I32, m, IR_ENV, sreg_offset(a->vm), MO_UL);
    hstore(s, a->vd, n);
    arm_gen_cond_branch(s, cond[a->cc], done);
    hstore(s, a->vd, m);
    ir_set_label(ir, done);
    return true;
}

static bool trans_VMAXNM_hp(DisasContext *s, arg_vrrr_op *a)
{
    if (!fp16_uncond_ok(s)) {
        return false;
    }
    IRTemp r = ir_new_i32(s->ir);
    ir_call(s->ir, helper_vfp_maxnmh, FP16_CALL_FLAGS, r, 4,
            (IRTemp[]){IR_ENV, sload(s, a->vn), sload(s, a->vm), ir_const_i32(s->ir, a->op ? V8FP_MIN : 0)});
    sstore(s, a->vd, r);
    return true;
}

static void gen_rinth(DisasContext *s, int vd, int vm, uint32_t desc)
{
    IRTemp r = ir_new_i32(s->ir);
    ir_call(s->ir, helper_vfp_rinth, FP16_CALL_FLAGS, r, 3,
            (IRTemp[]){IR_ENV, sload(s, vm), ir_const_i32(s->ir, (int32_t)desc)});
    sstore(s, vd, r);
}

/* rm: A (ties away), N, P, M. */
static const uint32_t hp_rm_mode[4] = {V8FP_RMODE_TIEAWAY, FPROUND_RN, FPROUND_RP, FPROUND_RM};

static bool trans_VRINT_rm_hp(DisasContext *s, arg_vrint *a)
{
    if (!fp16_uncond_ok(s)) {
        return false;
    }
    gen_rinth(s, a->vd, a->vm, hp_rm_mode[a->rm]);
    return true;
}

static bool trans_VRINT_rz_hp(DisasContext *s, arg_vrrr_op *a)
{
    if (!fp16_ok(s)) {
        return false;
    }
    gen_rinth(s, a->vd, a->vm, a->op ? FPROUND_RZ : V8FP_RMODE_FPSCR);
    return true;
}

static bool trans_VRINTX_hp(DisasContext *s, arg_vrrr_op *a)
{
    if (!fp16_ok(s)) {
        return false;
    }
    gen_rinth(s, a->vd, a->vm, V8FP_RMODE_FPSCR | V8FP_EXACT);
    return true;
}

/* op (bit 7) = 1: signed. */
static bool trans_VCVT_rm_hp(DisasContext *s, arg_vcvt_rm *a)
{
    if (!fp16_uncond_ok(s)) {
        return false;
    }
    IRTemp r = ir_new_i32(s->ir);
    uint32_t desc = hp_rm_mode[a->rm] | (a->op ? V8FP_SIGNED : 0);
    ir_call(s->ir, helper_vfp_h_to_int, FP16_CALL_FLAGS, r, 3,
            (IRTemp[]){IR_ENV, sload(s, a->vm), ir_const_i32(s->ir, (int32_t)desc)});
    sstore(s, a->vd, r);
    return true;
}

bool arm_decode_fp16(DisasContext *s, uint32_t insn)
{
    return decode_vfp_fp16(s, insn);
}
