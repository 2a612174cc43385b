/*
 * VFP (VFPv3-D32 / VFPv4) translation for A32 and T32.
 *
 * arm_decode_vfp runs the decoder generated from vfp.decode on an A32
 * encoding (T32 passes its coprocessor-space insns unchanged: 1110 stands
 * where the condition would be).  Registers live in env->vfp_d[]; the
 * handlers load them with ir_ld, hand the raw bits to a helper in
 * vfp_helper.c when rounding or exception flags are involved, and store
 * the result with ir_st.  For example "vadd.f32 s0, s1, s2" becomes
 *
 *     ld_i32 t1, env, $vfp_d[0]+4
 *     ld_i32 t2, env, $vfp_d[1]
 *     call helper_vfp_adds, t3 <- env, t1, t2
 *     st_i32 t3, env, $vfp_d[0]
 *
 * Moves, VNEG/VABS and loads/stores are plain IR.  Short vectors
 * (FPSCR.LEN != 0) are deprecated and unused by Linux programs: the data
 * processing insns are UNDEFINED while LEN is non-zero.
 */
#include <stddef.h>

#include "frontends/arm/translate.h"
#include "frontends/arm/vfp_helper.h"

#include "decode-vfp.c.inc"


/* Helpers read env->fpscr and write fp_status_flags, never IR globals. */
#define VFP_CALL_FLAGS (IR_CALL_NO_READ_GLOBALS | IR_CALL_NO_WRITE_GLOBALS)

/* -- Registers -- */

/* s(2n) is the low half of d(n): the host is little-endian like the guest. */
static int vfp_reg_offset(bool dp, int reg)
{
    if (dp) {
        return ENV_OFS(vfp_d[reg]);
    }
    return ENV_OFS(vfp_d[reg >> 1]) + (reg & 1) * 4;
}

static IRTemp vfp_load(DisasContext *s, bool dp, int reg)
{
    IRTemp t = ir_new(s->ir, dp ? IR_I64 : IR_I32);
    ir_ld(s->ir, dp ? IR_I64 : IR_I32, t, IR_ENV, vfp_reg_offset(dp, reg), dp ? MO_UQ : MO_UL);
    return t;
}

static void vfp_store(DisasContext *s, bool dp, int reg, IRTemp v)
{
    ir_st(s->ir, dp ? IR_I64 : IR_I32, v, IR_ENV, vfp_reg_offset(dp, reg), dp ? MO_UQ : MO_UL);
}

static IRType vfp_type(bool dp)
{
    return dp ? IR_I64 : IR_I32;
}

/* A new temp holding v with the sign bit flipped (FPNeg). */
static IRTemp vfp_neg(DisasContext *s, bool dp, IRTemp v)
{
    IRTemp t = ir_new(s->ir, vfp_type(dp));
    ir_xori(s->ir, vfp_type(dp), t, v, dp ? INT64_MIN : INT32_MIN);
    return t;
}

/* Data-processing insns are UNDEFINED with short vectors enabled. */
static bool vfp_dp_ok(DisasContext *s)
{
    return s->vec_len == 0 && s->vec_stride == 0;
}

/* -- Helper calls -- */

static IRTemp vfp_call2(DisasContext *s, bool dp, void *fn, IRTemp a, IRTemp b)
{
    IRTemp r = ir_new(s->ir, vfp_type(dp));
    ir_call(s->ir, fn, VFP_CALL_FLAGS, r, 3, (IRTemp[]){IR_ENV, a, b});
    return r;
}

static IRTemp vfp_call1(DisasContext *s, IRType rt, void *fn, IRTemp a)
{
    IRTemp r = ir_new(s->ir, rt);
    ir_call(s->ir, fn, VFP_CALL_FLAGS, r, 2, (IRTemp[]){IR_ENV, a});
    return r;
}

/* -- Three-operand arithmetic -- */

typedef enum VfpArith { VA_ADD, VA_SUB, VA_MUL, VA_DIV } VfpArith;

static void *const vfp_arith_fn[2][4] = {
    {helper_vfp_adds, helper_vfp_subs, helper_vfp_muls, helper_vfp_divs},
    {helper_vfp_addd, helper_vfp_subd, helper_vfp_muld, helper_vfp_divd},
};

static bool do_vfp_arith(DisasContext *s, bool dp, arg_vrrr *a, VfpArith op)
{
    if (!vfp_dp_ok(s)) {
        return false;
    }
    IRTemp n = vfp_load(s, dp, a->vn), m = vfp_load(s, dp, a->vm);
    vfp_store(s, dp, a->vd, vfp_call2(s, dp, vfp_arith_fn[dp][op], n, m));
    return true;
}

static bool trans_VADD_sp(DisasContext *s, arg_vrrr *a) { return do_vfp_arith(s, false, a, VA_ADD); }
static bool trans_VADD_dp(DisasContext *s, arg_vrrr *a) { return do_vfp_arith(s, true, a, VA_ADD); }
static bool trans_VSUB_sp(DisasContext *s, arg_vrrr *a) { return do_vfp_arith(s, false, a, VA_SUB); }
static bool trans_VSUB_dp(DisasContext *s, arg_vrrr *a) { return do_vfp_arith(s, true, a, VA_SUB); }
static bool trans_VMUL_sp(DisasContext *s, arg_vrrr *a) { return do_vfp_arith(s, false, a, VA_MUL); }
static bool trans_VMUL_dp(DisasContext *s, arg_vrrr *a) { return do_vfp_arith(s, true, a, VA_MUL); }
static bool trans_VDIV_sp(DisasContext *s, arg_vrrr *a) { return do_vfp_arith(s, false, a, VA_DIV); }
static bool trans_VDIV_dp(DisasContext *s, arg_vrrr *a) { return do_vfp_arith(s, true, a, VA_DIV); }

/* VNMUL: FPNeg(FPMul(n, m)), so a NaN product has its sign flipped too. */
static bool do_vnmul(DisasContext *s, bool dp, arg_vrrr *a)
{
    if (!vfp_dp_ok(s)) {
        return false;
    }
    IRTemp n = vfp_load(s, dp, a->vn), m = vfp_load(s, dp, a->vm);
    IRTemp p = vfp_call2(s, dp, vfp_arith_fn[dp][VA_MUL], n, m);
    vfp_store(s, dp, a->vd, vfp_neg(s, dp, p));
    return true;
}

static bool trans_VNMUL_sp(DisasContext *s, arg_vrrr *a) { return do_vnmul(s, false, a); }
static bool trans_VNMUL_dp(DisasContext *s, arg_vrrr *a) { return do_vnmul(s, true, a); }

/*
 * Chained multiply-accumulate, two roundings:
 *     VMLA  d = FPAdd(d, p)          VMLS  d = FPAdd(d, FPNeg(p))
 *     VNMLA d = FPAdd(FPNeg(d), FPNeg(p))
 *     VNMLS d = FPAdd(FPNeg(d), p)   where p = FPMul(n, m)
 * The addend comes first, which decides which NaN wins.
 */
static bool do_vmla(DisasContext *s, bool dp, arg_vrrr *a, bool neg_d, bool neg_p)
{
    if (!vfp_dp_ok(s)) {
        return false;
    }
    IRTemp n = vfp_load(s, dp, a->vn), m = vfp_load(s, dp, a->vm);
    IRTemp p = vfp_call2(s, dp, vfp_arith_fn[dp][VA_MUL], n, m);
    IRTemp d = vfp_load(s, dp, a->vd);
    if (neg_d) {
        d = vfp_neg(s, dp, d);
    }
    if (neg_p) {
        p = vfp_neg(s, dp, p);
    }
    vfp_store(s, dp, a->vd, vfp_call2(s, dp, vfp_arith_fn[dp][VA_ADD], d, p));
    return true;
}

static bool trans_VMLA_sp(DisasContext *s, arg_vrrr *a) { return do_vmla(s, false, a, false, false); }
static bool trans_VMLA_dp(DisasContext *s, arg_vrrr *a) { return do_vmla(s, true, a, false, false); }
static bool trans_VMLS_sp(DisasContext *s, arg_vrrr *a) { return do_vmla(s, false, a, false, true); }
static bool trans_VMLS_dp(DisasContext *s, arg_vrrr *a) { return do_vmla(s, true, a, false, true); }
static bool trans_VNMLA_sp(DisasContext *s, arg_vrrr *a) { return do_vmla(s, false, a, true, true); }
static bool trans_VNMLA_dp(DisasContext *s, arg_vrrr *a) { return do_vmla(s, true, a, true, true); }
static bool trans_VNMLS_sp(DisasContext *s, arg_vrrr *a) { return do_vmla(s, false, a, true, false); }
static bool trans_VNMLS_dp(DisasContext *s, arg_vrrr *a) { return do_vmla(s, true, a, true, false); }

/*
 * Fused: FPMulAdd(addend, op1, op2) with one rounding.
 *     VFMA  d + n*m      VFMS  d + (-n)*m
 *     VFNMA -d + (-n)*m  VFNMS -d + n*m
 */
static bool do_vfm(DisasContext *s, bool dp, arg_vrrr *a, bool neg_d, bool neg_n)
{
    if (!vfp_dp_ok(s)) {
        return false;
    }
    IRTemp n = vfp_load(s, dp, a->vn), m = vfp_load(s, dp, a->vm), d = vfp_load(s, dp, a->vd);
    if (neg_n) {
        n = vfp_neg(s, dp, n);
    }
    if (neg_d) {
        d = vfp_neg(s, dp, d);
    }
    IRTemp r = ir_new(s->ir, vfp_type(dp));
    ir_call(s->ir, dp ? (void *)helper_vfp_muladdd : (void *)helper_vfp_muladds, VFP_CALL_FLAGS, r, 4,
            (IRTemp[]){IR_ENV, n, m, d});
    vfp_store(s, dp, a->vd, r);
    return true;
}

static bool trans_VFMA_sp(DisasContext *s, arg_vrrr *a) { return do_vfm(s, false, a, false, false); }
static bool trans_VFMA_dp(DisasContext *s, arg_vrrr *a) { return do_vfm(s, true, a, false, false); }
static bool trans_VFMS_sp(DisasContext *s, arg_vrrr *a) { return do_vfm(s, false, a, false, true); }
static bool trans_VFMS_dp(DisasContext *s, arg_vrrr *a) { return do_vfm(s, true, a, false, true); }
static bool trans_VFNMA_sp(DisasContext *s, arg_vrrr *a) { return do_vfm(s, false, a, true, true); }
static bool trans_VFNMA_dp(DisasContext *s, arg_vrrr *a) { return do_vfm(s, true, a, true, true); }
static bool trans_VFNMS_sp(DisasContext *s, arg_vrrr *a) { return do_vfm(s, false, a, true, false); }
static bool trans_VFNMS_dp(DisasContext *s, arg_vrrr *a) { return do_vfm(s, true, a, true, false); }

/* -- Two-operand: moves, sign ops, square root -- */

static bool trans_VMOV_reg_sp(DisasContext *s, arg_vrr *a)
{
    if (!vfp_dp_ok(s)) {
        return false;
    }
    vfp_store(s, false, a->vd, vfp_load(s, false, a->vm));
    return true;
}

static bool trans_VMOV_reg_dp(DisasContext *s, arg_vrr *a)
{
    if (!vfp_dp_ok(s)) {
        return false;
    }
    vfp_store(s, true, a->vd, vfp_load(s, true, a->vm));
    return true;
}

/* VABS and VNEG touch only the sign bit: no NaN processing, no flags. */
static bool do_sign_op(DisasContext *s, bool dp, arg_vrr *a, bool is_abs)
{
    if (!vfp_dp_ok(s)) {
        return false;
    }
    IRType t = vfp_type(dp);
    IRTemp v = vfp_load(s, dp, a->vm);
    if (is_abs) {
        ir_andi(s->ir, t, v, v, dp ? INT64_MAX : INT32_MAX);
    } else {
        v = vfp_neg(s, dp, v);
    }
    vfp_store(s, dp, a->vd, v);
    return true;
}

static bool trans_VABS_sp(DisasContext *s, arg_vrr *a) { return do_sign_op(s, false, a, true); }
static bool trans_VABS_dp(DisasContext *s, arg_vrr *a) { return do_sign_op(s, true, a, true); }
static bool trans_VNEG_sp(DisasContext *s, arg_vrr *a) { return do_sign_op(s, false, a, false); }
static bool trans_VNEG_dp(DisasContext *s, arg_vrr *a) { return do_sign_op(s, true, a, false); }

static bool do_vsqrt(DisasContext *s, bool dp, arg_vrr *a)
{
    if (!vfp_dp_ok(s)) {
        return false;
    }
    IRTemp m = vfp_load(s, dp, a->vm);
    vfp_store(s, dp, a->vd,
              vfp_call1(s, vfp_type(dp), dp ? (void *)helper_vfp_sqrtd : (void *)helper_vfp_sqrts, m));
    return true;
}

static bool trans_VSQRT_sp(DisasContext *s, arg_vrr *a) { return do_vsqrt(s, false, a); }
static bool trans_VSQRT_dp(DisasContext *s, arg_vrr *a) { return do_vsqrt(s, true, a); }

/*
 * VFPExpandImm: imm8 = a:b:cdefgh becomes
 *     single  a : NOT(b) : bbbbb : cd : efgh : 0 x19
 *     double  a : NOT(b) : bbbbbbbb : cd : efgh : 0 x48
 */
static uint64_t vfp_expand_imm(bool dp, int imm8)
{
    uint64_t sign = (imm8 >> 7) & 1, b = (imm8 >> 6) & 1, low = imm8 & 0x3f;
    if (dp) {
        return sign << 63 | (b ? 0x3fc0000000000000ull : 0x4000000000000000ull) | low << 48;
    }
    return sign << 31 | (b ? 0x3e000000u : 0x40000000u) | low << 19;
}

static bool trans_VMOV_imm_sp(DisasContext *s, arg_vri *a)
{
    if (!vfp_dp_ok(s)) {
        return false;
    }
    vfp_store(s, false, a->vd, ir_const_i32(s->ir, (int32_t)vfp_expand_imm(false, a->imm)));
    return true;
}

static bool trans_VMOV_imm_dp(DisasContext *s, arg_vri *a)
{
    if (!vfp_dp_ok(s)) {
        return false;
    }
    vfp_store(s, true, a->vd, ir_const_i64(s->ir, (int64_t)vfp_expand_imm(true, a->imm)));
    return true;
}

/* -- Compare -- */

/* VCMP{E} Vd, Vm / #0.0: sets FPSCR.NZCV; VMRS APSR_nzcv copies them out. */
static bool do_vcmp(DisasContext *s, bool dp, arg_vcmp *a)
{
    if (!vfp_dp_ok(s)) {
        return false;
    }
    IRTemp d = vfp_load(s, dp, a->vd);
    IRTemp m = a->z ? ir_const(s->ir, vfp_type(dp), 0) : vfp_load(s, dp, a->vm);
    ir_call(s->ir, dp ? (void *)helper_vfp_cmpd : (void *)helper_vfp_cmps, VFP_CALL_FLAGS, IR_NO_TEMP, 4,
            (IRTemp[]){IR_ENV, d, m, ir_const_i32(s->ir, a->e)});
    return true;
}

static bool trans_VCMP_sp(DisasContext *s, arg_vcmp *a) { return do_vcmp(s, false, a); }
static bool trans_VCMP_dp(DisasContext *s, arg_vcmp *a) { return do_vcmp(s, true, a); }

/* -- Conversions -- */

static bool trans_VCVT_f64_f32(DisasContext *s, arg_vrr *a)
{
    if (!vfp_dp_ok(s)) {
        return false;
    }
    IRTemp m = vfp_load(s, false, a->vm);
    vfp_store(s, true, a->vd, vfp_call1(s, IR_I64, helper_vfp_fcvt_s_to_d, m));
    return true;
}

static bool trans_VCVT_f32_f64(DisasContext *s, arg_vrr *a)
{
    if (!vfp_dp_ok(s)) {
        return false;
    }
    IRTemp m = vfp_load(s, true, a->vm);
    vfp_store(s, false, a->vd, vfp_call1(s, IR_I32, helper_vfp_fcvt_d_to_s, m));
    return true;
}

/* A helper of shape fn(env, value, desc) -> result of type rt. */
static IRTemp vfp_call_desc(DisasContext *s, IRType rt, void *fn, IRTemp v, uint32_t desc)
{
    IRTemp r = ir_new(s->ir, rt);
    ir_call(s->ir, fn, VFP_CALL_FLAGS, r, 3, (IRTemp[]){IR_ENV, v, ir_const_i32(s->ir, (int32_t)desc)});
    return r;
}

/* VCVT.F32/F64.S32/U32: the source is always a single register. */
static bool do_vcvt_from_int(DisasContext *s, bool dp, arg_vcvt_i *a)
{
    if (!vfp_dp_ok(s)) {
        return false;
    }
    uint32_t desc = a->s ? VFP_CVT_SIGNED : 0;
    IRTemp m = vfp_load(s, false, a->vm);
    IRTemp r = dp ? vfp_call_desc(s, IR_I64, helper_vfp_fix_to_d, m, desc)
                  : vfp_call_desc(s, IR_I32, helper_vfp_fix_to_s, m, desc);
    vfp_store(s, dp, a->vd, r);
    return true;
}

static bool trans_VCVT_int_sp(DisasContext *s, arg_vcvt_i *a) { return do_vcvt_from_int(s, false, a); }
static bool trans_VCVT_int_dp(DisasContext *s, arg_vcvt_i *a) { return do_vcvt_from_int(s, true, a); }

/* VCVT{R}.S32/U32.F32/F64: saturating, NaN -> 0; the result is a single. */
static bool do_vcvt_to_int(DisasContext *s, bool dp, arg_vcvt_i *a)
{
    if (!vfp_dp_ok(s)) {
        return false;
    }
    uint32_t desc = (a->s ? VFP_CVT_SIGNED : 0) | (a->rz ? VFP_CVT_RZ : 0);
    IRTemp m = vfp_load(s, dp, a->vm);
    vfp_store(s, false, a->vd,
              vfp_call_desc(s, IR_I32, dp ? (void *)helper_vfp_d_to_fix : (void *)helper_vfp_s_to_fix, m, desc));
    return true;
}

static bool trans_VCVT_fint_sp(DisasContext *s, arg_vcvt_i *a) { return do_vcvt_to_int(s, false, a); }
static bool trans_VCVT_fint_dp(DisasContext *s, arg_vcvt_i *a) { return do_vcvt_to_int(s, true, a); }

/*
 * VCVT between floating point and fixed point, in place in Vd.  To fixed
 * rounds towards zero, from fixed to nearest (FPSCR.RMode is ignored).  The fixed value is
 * sign/zero-extended to the register width.
 */
static bool do_vcvt_fix(DisasContext *s, bool dp, arg_vcvt_fix *a)
{
    int size = a->sx ? 32 : 16, fbits = size - a->imm;
    if (!vfp_dp_ok(s) || fbits < 0) {
        return false;
    }
    uint32_t desc = (uint32_t)fbits | (a->u ? 0 : VFP_CVT_SIGNED) | (a->sx ? 0 : VFP_CVT_16);
    IRTemp v = vfp_load(s, dp, a->vd), r;
    if (a->op) {
        desc |= VFP_CVT_RZ;
        r = vfp_call_desc(s, IR_I32, dp ? (void *)helper_vfp_d_to_fix : (void *)helper_vfp_s_to_fix, v, desc);
        if (dp) {
            IRTemp r64 = ir_new_i64(s->ir);
            if (a->u) {
                ir_extu_i32_i64(s->ir, r64, r);
            } else {
                ir_exts_i32_i64(s->ir, r64, r);
            }
            r = r64;
        }
    } else if (dp) {
        desc |= VFP_CVT_RN;
        IRTemp lo = ir_new_i32(s->ir);
        ir_extrl_i64_i32(s->ir, lo, v);
        r = vfp_call_desc(s, IR_I64, helper_vfp_fix_to_d, lo, desc);
    } else {
        desc |= VFP_CVT_RN;
        r = vfp_call_desc(s, IR_I32, helper_vfp_fix_to_s, v, desc);
    }
    vfp_store(s, dp, a->vd, r);
    return true;
}

static bool trans_VCVT_fix_sp(DisasContext *s, arg_vcvt_fix *a) { return do_vcvt_fix(s, false, a); }
static bool trans_VCVT_fix_dp(DisasContext *s, arg_vcvt_fix *a) { return do_vcvt_fix(s, true, a); }

/* VCVTB/VCVTT: t selects bits 31:16 (else 15:0) of the half operand. */
static bool trans_VCVT_f16(DisasContext *s, arg_vcvt_h *a)
{
    if (!vfp_dp_ok(s)) {
        return false;
    }
    IRTemp m = vfp_load(s, false, a->vm);
    if (a->op) {
        IRTemp h = vfp_call1(s, IR_I32, helper_vfp_s_to_h, m);
        IRTemp d = vfp_load(s, false, a->vd);
        ir_deposit(s->ir, IR_I32, d, d, h, a->t ? 16 : 0, 16);
        vfp_store(s, false, a->vd, d);
    } else {
        IRTemp h = ir_new_i32(s->ir);
        ir_extract(s->ir, IR_I32, h, m, a->t ? 16 : 0, 16);
        vfp_store(s, false, a->vd, vfp_call1(s, IR_I32, helper_vfp_h_to_s, h));
    }
    return true;
}

/* -- Loads and stores -- */

/*
 * Extension register transfers need word alignment, whatever SCTLR.A says.
 * MO_ALIGN means natural alignment, which would be too strict for a
 * double, so doubles go unchecked.
 */
static unsigned vfp_memop(bool dp)
{
    return dp ? MO_UQ : MO_UL | MO_ALIGN;
}

static void vfp_guest_ld(DisasContext *s, bool dp, int reg, IRTemp addr)
{
    IRTemp v = ir_new(s->ir, vfp_type(dp));
    ir_guest_ld(s->ir, vfp_type(dp), v, addr, vfp_memop(dp), s->mmu_idx);
    vfp_store(s, dp, reg, v);
}

static void vfp_guest_st(DisasContext *s, bool dp, int reg, IRTemp addr)
{
    ir_guest_st(s->ir, vfp_type(dp), vfp_load(s, dp, reg), addr, vfp_memop(dp), s->mmu_idx);
}

/* VLDR/VSTR: [Rn, #+/-imm8*4]; Rn = pc reads Align(pc, 4). */
static bool do_vldr_vstr(DisasContext *s, bool dp, arg_vldr *a)
{
    int ofs = a->imm * 4;
    IRTemp addr = add_reg_for_lit(s, a->rn, a->u ? ofs : -ofs);
    if (a->l) {
        vfp_guest_ld(s, dp, a->vd, addr);
    } else {
        vfp_guest_st(s, dp, a->vd, addr);
    }
    return true;
}

static bool trans_VLDR_VSTR_sp(DisasContext *s, arg_vldr *a) { return do_vldr_vstr(s, false, a); }
static bool trans_VLDR_VSTR_dp(DisasContext *s, arg_vldr *a) { return do_vldr_vstr(s, true, a); }

/*
 * VLDM/VSTM (VPUSH/VPOP): increment after (P=0 U=1) or decrement before
 * (P=1 U=0, writeback required).  For doubles an odd imm8 is the old
 * FLDMX/FSTMX form: imm8 / 2 registers, writeback still by imm8 words.
 * The base is written last, so a faulting access leaves it intact.
 */
static bool do_vldm_vstm(DisasContext *s, bool dp, arg_vldm *a)
{
    int n = dp ? a->imm / 2 : a->imm;
    if (a->p == a->u || (a->p && !a->w) || n == 0 || a->vd + n > 32 || (dp && n > 16) ||
        (a->w && a->rn == 15)) {
        return false;
    }
    IRTemp base = load_reg(s, a->rn), addr = ir_new_i32(s->ir);
    ir_addi(s->ir, IR_I32, addr, base, a->p ? -a->imm * 4 : 0);
    for (int i = 0; i < n; i++) {
        if (i) {
            ir_addi(s->ir, IR_I32, addr, addr, dp ? 8 : 4);
        }
        if (a->l) {
            vfp_guest_ld(s, dp, a->vd + i, addr);
        } else {
            vfp_guest_st(s, dp, a->vd + i, addr);
        }
    }
    if (a->w) {
        IRTemp nb = ir_new_i32(s->ir);
        ir_addi(s->ir, IR_I32, nb, base, a->u ? a->imm * 4 : -a->imm * 4);
        store_reg(s, a->rn, nb);
    }
    return true;
}

static bool trans_VLDM_VSTM_sp(DisasContext *s, arg_vldm *a) { return do_vldm_vstm(s, false, a); }
static bool trans_VLDM_VSTM_dp(DisasContext *s, arg_vldm *a) { return do_vldm_vstm(s, true, a); }

/* -- Core register transfers -- */

/* Two core registers <-> Sm, Sm+1 or Dm (Rt = low word, Rt2 = high word). */
static bool do_vmov_64(DisasContext *s, int ofs_lo, int ofs_hi, arg_vmov64 *a)
{
    if (a->rt == 15 || a->rt2 == 15 || (a->op && a->rt == a->rt2)) {
        return false;
    }
    if (a->op) {
        IRTemp lo = ir_new_i32(s->ir), hi = ir_new_i32(s->ir);
        ir_ld(s->ir, IR_I32, lo, IR_ENV, ofs_lo, MO_UL);
        ir_ld(s->ir, IR_I32, hi, IR_ENV, ofs_hi, MO_UL);
        store_reg(s, a->rt, lo);
        store_reg(s, a->rt2, hi);
    } else {
        ir_st(s->ir, IR_I32, cpu_R[a->rt], IR_ENV, ofs_lo, MO_UL);
        ir_st(s->ir, IR_I32, cpu_R[a->rt2], IR_ENV, ofs_hi, MO_UL);
    }
    return true;
}

static bool trans_VMOV_64_sp(DisasContext *s, arg_vmov64 *a)
{
    if (a->vm == 31) {
        return false;
    }
    return do_vmov_64(s, vfp_reg_offset(false, a->vm), vfp_reg_offset(false, a->vm + 1), a);
}

static bool trans_VMOV_64_dp(DisasContext *s, arg_vmov64 *a)
{
    int ofs = vfp_reg_offset(true, a->vm);
    return do_vmov_64(s, ofs, ofs + 4, a);
}

static bool trans_VMOV_single(DisasContext *s, arg_vmov_s *a)
{
    if (a->rt == 15) {
        return false;
    }
    if (a->l) {
        store_reg(s, a->rt, vfp_load(s, false, a->vn));
    } else {
        vfp_store(s, false, a->vn, cpu_R[a->rt]);
    }
    return true;
}

/*
 * Scalar <-> core (VMOV.8/16/32 Dn[x], Rt), with opc1:opc2 giving size
 * and index: 1xxx byte x = opc1<0>:opc2, 0xx1 half x = opc1<0>:opc2<1>,
 * 0x00 word x = opc1<0>, 0x10 UNDEFINED.  Returns the byte offset in env
 * and the size as a MO_ value, or -1.
 */
static int vfp_scalar_offset(arg_vscalar *a, unsigned *mo)
{
    int base = vfp_reg_offset(true, a->vn);
    if (a->opc1 & 2) {
        *mo = MO_8;
        return base + ((a->opc1 & 1) << 2 | a->opc2);
    }
    if (a->opc2 & 1) {
        *mo = MO_16;
        return base + 2 * ((a->opc1 & 1) << 1 | a->opc2 >> 1);
    }
    if (a->opc2 == 0 && !a->u) {
        *mo = MO_32;
        return base + 4 * (a->opc1 & 1);
    }
    return -1;
}

static bool trans_VMOV_to_scalar(DisasContext *s, arg_vscalar *a)
{
    unsigned mo;
    int ofs = vfp_scalar_offset(a, &mo);
    if (ofs < 0 || a->rt == 15) {
        return false;
    }
    ir_st(s->ir, IR_I32, cpu_R[a->rt], IR_ENV, ofs, mo);
    return true;
}

static bool trans_VMOV_from_scalar(DisasContext *s, arg_vscalar *a)
{
    unsigned mo;
    int ofs = vfp_scalar_offset(a, &mo);
    if (ofs < 0 || a->rt == 15) {
        return false;
    }
    IRTemp t = ir_new_i32(s->ir);
    ir_ld(s->ir, IR_I32, t, IR_ENV, ofs, mo | (a->u || mo == MO_32 ? 0 : MO_SIGN));
    store_reg(s, a->rt, t);
    return true;
}

/* -- System registers -- */

enum { VFP_REG_FPSID = 0, VFP_REG_FPSCR = 1, VFP_REG_MVFR1 = 6, VFP_REG_MVFR0 = 7, VFP_REG_FPEXC = 8 };

/*
 * Only FPSCR is accessible at PL0 with VFPv3 and later; the ID registers
 * and FPEXC are UNDEFINED there.  A write may change FPSCR.LEN/STRIDE,
 * which are part of the TB flags, so it ends the TB.
 */
static bool trans_VMSR(DisasContext *s, arg_vsys *a)
{
    if (a->reg != VFP_REG_FPSCR || a->rt == 15) {
        return false;
    }
    ir_call(s->ir, (void *)helper_vfp_set_fpscr, VFP_CALL_FLAGS, IR_NO_TEMP, 2,
            (IRTemp[]){IR_ENV, cpu_R[a->rt]});
    s->base.is_jmp = DISAS_UPDATE_NOCHAIN;
    return true;
}

/* FPSCR as read: the control bits | the cumulative flags, some of which
 * are still pending in the host's MXCSR. */
static IRTemp vfp_read_fpscr(DisasContext *s)
{
    IRTemp v = ir_new_i32(s->ir);
    ir_call(s->ir, (void *)helper_vfp_get_fpscr, VFP_CALL_FLAGS, v, 1, (IRTemp[]){IR_ENV});
    return v;
}

/* VMRS APSR_nzcv, fpscr: FPSCR[31:28] into the split NF/ZF/CF/VF. */
static void vfp_copy_nzcv(DisasContext *s)
{
    IRTemp v = ir_new_i32(s->ir);
    ir_ld(s->ir, IR_I32, v, IR_ENV, ENV_OFS(fpscr), MO_UL);
    ir_mov(s->ir, IR_I32, cpu_NF, v);                 /* N is bit 31 */
    ir_andi(s->ir, IR_I32, cpu_ZF, v, 1 << 30);
    ir_xori(s->ir, IR_I32, cpu_ZF, cpu_ZF, 1 << 30);  /* zero when Z is set */
    ir_extract(s->ir, IR_I32, cpu_CF, v, 29, 1);
    ir_shli(s->ir, IR_I32, cpu_VF, v, 3);             /* V to bit 31 */
}

static bool trans_VMRS(DisasContext *s, arg_vsys *a)
{
    if (a->reg != VFP_REG_FPSCR) {
        return false;
    }
    if (a->rt == 15) {
        vfp_copy_nzcv(s);
    } else {
        store_reg(s, a->rt, vfp_read_fpscr(s));
    }
    return true;
}

/* -- Entry point -- */

bool arm_decode_vfp(DisasContext *s, uint32_t insn)
{
    if (arm_decode_v8_fp(s, insn)) {
        return true;
    }
    /* cond == 1111 is the unconditional space (VSEL, VRINT, ...: ARMv8). */
    if ((insn >> 28) == 0xf) {
        return false;
    }
    return decode_vfp(s, insn);
}
