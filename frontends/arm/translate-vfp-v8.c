/*
 * ARMv8 AArch32 floating point: VSEL, VMAXNM/VMINNM, VRINT{A,N,P,M,R,X,Z},
 * VCVT{A,N,P,M}, VCVTB/VCVTT between half and double, and the Advanced
 * SIMD VRINT, VCVT{A,N,P,M} and VMAXNM/VMINNM (decoder generated from
 * vfp-v8.decode).  arm_decode_vfp and arm_decode_neon try this decoder
 * first; without ARM_FEATURE_V8 every handler returns false.
 *
 * VSEL is plain IR on the integer flags; the rest are one helper call per
 * element (vfp_v8_helper.c), e.g. "vrinta.f64 d0, d1" becomes
 *
 *     ld_i64 t0, env, $vfp_d[1]
 *     call helper_vfp_rintd, t1 <- env, t0, $V8FP_RMODE_TIEAWAY
 *     st_i64 t1, env, $vfp_d[0]
 *
 * The Advanced SIMD forms use the Standard FPSCR value (V8FP_STANDARD).
 */
#include <stddef.h>

#include "frontends/arm/neon.h"
#include "frontends/arm/translate.h"
#include "frontends/arm/vfp_helper.h"

#include "decode-vfp-v8.c.inc"

/* Helpers read env->fpscr and write fp_status_flags, never IR globals. */
#define V8FP_CALL_FLAGS (IR_CALL_NO_READ_GLOBALS | IR_CALL_NO_WRITE_GLOBALS)

/* -- Registers (s(2n) is the low half of d(n)) -- */

static int reg_offset(bool dp, int reg)
{
    return dp ? ENV_OFS(vfp_d[reg]) : ENV_OFS(vfp_d[reg >> 1]) + (reg & 1) * 4;
}

static IRType fp_type(bool dp) { return dp ? IR_I64 : IR_I32; }

static void load_to(DisasContext *s, IRTemp t, bool dp, int reg)
{
    ir_ld(s->ir, fp_type(dp), t, IR_ENV, reg_offset(dp, reg), dp ? MO_UQ : MO_UL);
}

static IRTemp load(DisasContext *s, bool dp, int reg)
{
    IRTemp t = ir_new(s->ir, fp_type(dp));
    load_to(s, t, dp, reg);
    return t;
}

static void store(DisasContext *s, bool dp, int reg, IRTemp v)
{
    ir_st(s->ir, fp_type(dp), v, IR_ENV, reg_offset(dp, reg), dp ? MO_UQ : MO_UL);
}

static IRTemp call2(DisasContext *s, IRType rt, void *fn, IRTemp a, uint32_t desc)
{
    IRTemp r = ir_new(s->ir, rt);
    ir_call(s->ir, fn, V8FP_CALL_FLAGS, r, 3, (IRTemp[]){IR_ENV, a, ir_const_i32(s->ir, (int32_t)desc)});
    return r;
}

static IRTemp call3(DisasContext *s, IRType rt, void *fn, IRTemp a, IRTemp b, uint32_t desc)
{
    IRTemp r = ir_new(s->ir, rt);
    ir_call(s->ir, fn, V8FP_CALL_FLAGS, r, 4, (IRTemp[]){IR_ENV, a, b, ir_const_i32(s->ir, (int32_t)desc)});
    return r;
}

/* The VFP data-processing forms, like vfp.decode's, need FPSCR.LEN = 0. */
static bool v8_vfp_ok(DisasContext *s)
{
    return arm_feature(s, ARM_FEATURE_V8) && s->vec_len == 0 && s->vec_stride == 0;
}

/* The conditional forms have no unconditional (cond = 1111) encoding. */
static bool v8_cond_ok(DisasContext *s)
{
    return v8_vfp_ok(s) && (s->insn >> 28) != 0xf;
}

/* The instruction's rm field (A, N, P, M) as a helper rounding mode. */
static const uint32_t rm_mode[4] = {V8FP_RMODE_TIEAWAY, FPROUND_RN, FPROUND_RP, FPROUND_RM};

/* -- VSEL: Vd = cond ? Vn : Vm on the integer NZCV flags -- */

static bool do_vsel(DisasContext *s, bool dp, arg_vsel *a)
{
    static const int cond[4] = {0 /* eq */, 6 /* vs */, 10 /* ge */, 12 /* gt */};
    if (!arm_feature(s, ARM_FEATURE_V8)) {
        return false;
    }
    IRContext *ir = s->ir;
    IRTemp n = load(s, dp, a->vn), m = ir_new_tb(ir, fp_type(dp));
    int done = ir_new_label(ir);
    load_to(s, m, dp, a->vm);
    store(s, dp, a->vd, n);
    arm_gen_cond_branch(s, cond[a->cc], done);
    store(s, dp, a->vd, m);
    ir_set_label(ir, done);
    return true;
}

static bool trans_VSEL_sp(DisasContext *s, arg_vsel *a) { return do_vsel(s, false, a); }
static bool trans_VSEL_dp(DisasContext *s, arg_vsel *a) { return do_vsel(s, true, a); }

/* -- VMAXNM / VMINNM -- */

static bool do_vmaxnm(DisasContext *s, bool dp, arg_vrrr_op *a)
{
    if (!arm_feature(s, ARM_FEATURE_V8)) {
        return false;
    }
    IRTemp n = load(s, dp, a->vn), m = load(s, dp, a->vm);
    store(s, dp, a->vd, call3(s, fp_type(dp), dp ? (void *)helper_vfp_maxnmd : (void *)helper_vfp_maxnms, n, m,
                              a->op ? V8FP_MIN : 0));
    return true;
}

static bool trans_VMAXNM_sp(DisasContext *s, arg_vrrr_op *a) { return do_vmaxnm(s, false, a); }
static bool trans_VMAXNM_dp(DisasContext *s, arg_vrrr_op *a) { return do_vmaxnm(s, true, a); }

/* -- VRINT -- */

static void gen_vrint(DisasContext *s, bool dp, int vd, int vm, uint32_t desc)
{
    IRTemp m = load(s, dp, vm);
    store(s, dp, vd, call2(s, fp_type(dp), dp ? (void *)helper_vfp_rintd : (void *)helper_vfp_rints, m, desc));
}

static bool do_vrint_rm(DisasContext *s, bool dp, arg_vrint *a)
{
    if (!arm_feature(s, ARM_FEATURE_V8)) {
        return false;
    }
    gen_vrint(s, dp, a->vd, a->vm, rm_mode[a->rm]);
    return true;
}

static bool trans_VRINT_rm_sp(DisasContext *s, arg_vrint *a) { return do_vrint_rm(s, false, a); }
static bool trans_VRINT_rm_dp(DisasContext *s, arg_vrint *a) { return do_vrint_rm(s, true, a); }

/* op = 0: VRINTR (FPSCR.RMode), op = 1: VRINTZ. */
static bool do_vrint_rz(DisasContext *s, bool dp, arg_vrrr_op *a)
{
    if (!v8_cond_ok(s)) {
        return false;
    }
    gen_vrint(s, dp, a->vd, a->vm, a->op ? FPROUND_RZ : V8FP_RMODE_FPSCR);
    return true;
}

static bool trans_VRINT_rz_sp(DisasContext *s, arg_vrrr_op *a) { return do_vrint_rz(s, false, a); }
static bool trans_VRINT_rz_dp(DisasContext *s, arg_vrrr_op *a) { return do_vrint_rz(s, true, a); }

static bool do_vrintx(DisasContext *s, bool dp, arg_vrrr_op *a)
{
    if (!v8_cond_ok(s)) {
        return false;
    }
    gen_vrint(s, dp, a->vd, a->vm, V8FP_RMODE_FPSCR | V8FP_EXACT);
    return true;
}

static bool trans_VRINTX_sp(DisasContext *s, arg_vrrr_op *a) { return do_vrintx(s, false, a); }
static bool trans_VRINTX_dp(DisasContext *s, arg_vrrr_op *a) { return do_vrintx(s, true, a); }

/* -- VCVT{A,N,P,M} to a 32-bit integer in a single register -- */

static bool do_vcvt_rm(DisasContext *s, bool dp, arg_vcvt_rm *a)
{
    if (!arm_feature(s, ARM_FEATURE_V8)) {
        return false;
    }
    IRTemp m = load(s, dp, a->vm);
    uint32_t desc = rm_mode[a->rm] | (a->op ? V8FP_SIGNED : 0);
    store(s, false, a->vd,
          call2(s, IR_I32, dp ? (void *)helper_vfp_cvt_rm_d : (void *)helper_vfp_cvt_rm_s, m, desc));
    return true;
}

static bool trans_VCVT_rm_sp(DisasContext *s, arg_vcvt_rm *a) { return do_vcvt_rm(s, false, a); }
static bool trans_VCVT_rm_dp(DisasContext *s, arg_vcvt_rm *a) { return do_vcvt_rm(s, true, a); }

/* -- VCVTB/VCVTT between half and double (t: the top half of the S reg) -- */

static bool trans_VCVT_f64_f16(DisasContext *s, arg_vcvt_h *a)
{
    if (!v8_cond_ok(s)) {
        return false;
    }
    IRTemp m = load(s, false, a->vm), h = ir_new_i32(s->ir), d = ir_new_i64(s->ir);
    ir_extract(s->ir, IR_I32, h, m, a->t ? 16 : 0, 16);
    ir_call(s->ir, helper_vfp_h_to_d, V8FP_CALL_FLAGS, d, 2, (IRTemp[]){IR_ENV, h});
    store(s, true, a->vd, d);
    return true;
}

static bool trans_VCVT_f16_f64(DisasContext *s, arg_vcvt_h *a)
{
    if (!v8_cond_ok(s)) {
        return false;
    }
    IRTemp m = load(s, true, a->vm), h = ir_new_i32(s->ir);
    ir_call(s->ir, helper_vfp_d_to_h, V8FP_CALL_FLAGS, h, 2, (IRTemp[]){IR_ENV, m});
    IRTemp d = load(s, false, a->vd);
    ir_deposit(s->ir, IR_I32, d, d, h, a->t ? 16 : 0, 16);
    store(s, false, a->vd, d);
    return true;
}

/* -- Advanced SIMD: one helper call per 32-bit lane, Standard FPSCR -- */

static bool neon_v8_ok(DisasContext *s, int q, int size, int vd, int vn, int vm)
{
    return arm_feature(s, ARM_FEATURE_V8) && size == 2 && !(q && ((vd | vn | vm) & 1));
}

static IRTemp lane_ld(DisasContext *s, int dreg, int lane)
{
    IRTemp t = ir_new_i32(s->ir);
    ir_ld(s->ir, IR_I32, t, IR_ENV, NEON_DOFS(dreg) + 4 * lane, MO_UL);
    return t;
}

static void lane_st(DisasContext *s, int dreg, int lane, IRTemp v)
{
    ir_st(s->ir, IR_I32, v, IR_ENV, NEON_DOFS(dreg) + 4 * lane, MO_UL);
}

/* Every input lane is read before any output lane is written (vd may be vm). */
static void neon_unary(DisasContext *s, arg_neon_2 *a, void *fn, uint32_t desc)
{
    int lanes = a->q ? 4 : 2;
    IRTemp in[4];
    for (int i = 0; i < lanes; i++) {
        in[i] = lane_ld(s, a->vm, i);
    }
    for (int i = 0; i < lanes; i++) {
        lane_st(s, a->vd, i, call2(s, IR_I32, fn, in[i], desc));
    }
}

/* op: 000 N, 001 X, 010 A, 011 Z, 101 M, 111 P; 100 and 110 are unallocated. */
static bool trans_NEON_VRINT(DisasContext *s, arg_neon_2 *a)
{
    static const int mode[8] = {FPROUND_RN, FPROUND_RN, V8FP_RMODE_TIEAWAY, FPROUND_RZ, -1, FPROUND_RM, -1, FPROUND_RP};
    if (!neon_v8_ok(s, a->q, a->size, a->vd, 0, a->vm) || mode[a->op] < 0) {
        return false;
    }
    neon_unary(s, a, helper_vfp_rints, (uint32_t)mode[a->op] | V8FP_STANDARD | (a->op == 1 ? V8FP_EXACT : 0));
    return true;
}

/* op = 1: unsigned (the opposite of the VFP encoding). */
static bool trans_NEON_VCVT_rm(DisasContext *s, arg_neon_2 *a)
{
    if (!neon_v8_ok(s, a->q, a->size, a->vd, 0, a->vm)) {
        return false;
    }
    neon_unary(s, a, helper_vfp_cvt_rm_s, rm_mode[a->rm] | V8FP_STANDARD | (a->op ? 0 : V8FP_SIGNED));
    return true;
}

static bool trans_NEON_VMAXNM(DisasContext *s, arg_neon_3 *a)
{
    if (!neon_v8_ok(s, a->q, a->size + 2, a->vd, a->vn, a->vm)) {
        return false;
    }
    int lanes = a->q ? 4 : 2;
    IRTemp n[4], m[4];
    for (int i = 0; i < lanes; i++) {
        n[i] = lane_ld(s, a->vn, i);
        m[i] = lane_ld(s, a->vm, i);
    }
    for (int i = 0; i < lanes; i++) {
        lane_st(s, a->vd, i,
                call3(s, IR_I32, helper_vfp_maxnms, n[i], m[i], V8FP_STANDARD | (a->op ? V8FP_MIN : 0)));
    }
    return true;
}

/*
 * VCVT between four singles in Qm and four halves in Dd (or back), an
 * ARMv7 half-precision extension insn kept beside its scalar ARMv8 kin.
 * size must be 01; the Q operand must be even.
 */
bool neon_gen_vcvt_half(DisasContext *s, int vd, int vm, int size, bool to_half)
{
    if (size != 1 || (to_half ? (vm & 1) : (vd & 1))) {
        return unallocated_encoding(s);
    }
    IRContext *ir = s->ir;
    IRTemp in[4];
    if (to_half) {
        for (int i = 0; i < 4; i++) {
            in[i] = lane_ld(s, vm, i);
        }
        for (int i = 0; i < 2; i++) {
            IRTemp lo = ir_new_i32(ir), hi = ir_new_i32(ir);
            ir_call(ir, helper_neon_s_to_h, V8FP_CALL_FLAGS, lo, 2, (IRTemp[]){IR_ENV, in[2 * i]});
            ir_call(ir, helper_neon_s_to_h, V8FP_CALL_FLAGS, hi, 2, (IRTemp[]){IR_ENV, in[2 * i + 1]});
            ir_deposit(ir, IR_I32, lo, lo, hi, 16, 16);
            lane_st(s, vd, i, lo);
        }
    } else {
        IRTemp w[2] = {lane_ld(s, vm, 0), lane_ld(s, vm, 1)};
        for (int i = 0; i < 4; i++) {
            in[i] = ir_new_i32(ir);
            ir_extract(ir, IR_I32, in[i], w[i >> 1], (i & 1) * 16, 16);
        }
        for (int i = 0; i < 4; i++) {
            IRTemp r = ir_new_i32(ir);
            ir_call(ir, helper_neon_h_to_s, V8FP_CALL_FLAGS, r, 2, (IRTemp[]){IR_ENV, in[i]});
            lane_st(s, vd, i, r);
        }
    }
    return true;
}

bool arm_decode_v8_fp(DisasContext *s, uint32_t insn)
{
    return s->features != 0 && (decode_vfp_v8(s, insn) || arm_decode_fp16(s, insn));
}
