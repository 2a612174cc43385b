/*
 * ARMv8.2 half-precision Advanced SIMD (the NEON .F16 insns), for cpu
 * models with ARM_FEATURE_ASIMDHP; decoder generated from neon-fp16.decode
 * and run by arm_decode_neon before the other NEON decoders.
 *
 * Every insn is one call of helper_neon_fp16 (neon_fp16_helper.c) with a
 * neon_desc naming the registers, Q and an NHP_* op, e.g.
 * "vadd.f16 q0, q1, q2" becomes
 *
 *     call helper_neon_fp16, env, $desc(d0, d2, d4, q=1, NHP_ADD)
 *
 * The helper works on all lanes under the Standard FPSCR value.
 */
#include "frontends/arm/neon.h"
#include "frontends/arm/neon_fp16.h"
#include "frontends/arm/translate.h"

#include "decode-neon-fp16.c.inc"

/* The helper touches only env->vfp_d and the FP status, never IR globals. */
#define NHP_CALL_FLAGS (IR_CALL_NO_READ_GLOBALS | IR_CALL_NO_WRITE_GLOBALS)

static void nhp_call(DisasContext *s, int vd, int vn, int vm, int q, int op, int extra)
{
    uint32_t desc = neon_desc(vd, vn, vm, 1, q, op, extra);
    ir_call(s->ir, helper_neon_fp16, NHP_CALL_FLAGS, IR_NO_TEMP, 2,
            (IRTemp[]){IR_ENV, ir_const_i32(s->ir, (int32_t)desc)});
}

/* A Q operand must name an even D register. */
static bool nhp_regs_ok(int q, int vd, int vn, int vm)
{
    return !q || !((vd | vn | vm) & 1);
}

/* op of NEON_hp_3same: U, bit 21, opc<1:0> (opcode 11:8 = 11 opc), B. */
#define HP3(u, c, opc, b) ((u) << 4 | (c) << 3 | (opc) << 1 | (b))

static int nhp_3same_op(int key)
{
    switch (key) {
    case HP3(0, 0, 0, 1):
        return NHP_FMA;
    case HP3(0, 1, 0, 1):
        return NHP_FMS;
    case HP3(0, 0, 1, 0):
        return NHP_ADD;
    case HP3(0, 1, 1, 0):
        return NHP_SUB;
    case HP3(1, 0, 1, 0):
        return NHP_PADD;
    case HP3(1, 1, 1, 0):
        return NHP_ABD;
    case HP3(0, 0, 1, 1):
        return NHP_MLA;
    case HP3(0, 1, 1, 1):
        return NHP_MLS;
    case HP3(1, 0, 1, 1):
        return NHP_MUL;
    case HP3(0, 0, 2, 0):
        return NHP_CEQ;
    case HP3(1, 0, 2, 0):
        return NHP_CGE;
    case HP3(1, 1, 2, 0):
        return NHP_CGT;
    case HP3(1, 0, 2, 1):
        return NHP_ACGE;
    case HP3(1, 1, 2, 1):
        return NHP_ACGT;
    case HP3(0, 0, 3, 0):
        return NHP_MAX;
    case HP3(0, 1, 3, 0):
        return NHP_MIN;
    case HP3(1, 0, 3, 0):
        return NHP_PMAX;
    case HP3(1, 1, 3, 0):
        return NHP_PMIN;
    case HP3(0, 0, 3, 1):
        return NHP_RECPS;
    case HP3(0, 1, 3, 1):
        return NHP_RSQRTS;
    case HP3(1, 0, 3, 1):
        return NHP_MAXNM;
    case HP3(1, 1, 3, 1):
        return NHP_MINNM;
    default:
        return -1;
    }
}

/* Other encodings of this space (SHA-1/SHA-256, integer ops) fall through
 * to the next decoder. */
static bool trans_NEON_hp_3same(DisasContext *s, arg_NEON_hp_3same *a)
{
    int op = nhp_3same_op(HP3(a->u, a->c, a->opc, a->b));
    if (!arm_feature(s, ARM_FEATURE_ASIMDHP) || op < 0) {
        return false;
    }
    bool pairwise = op == NHP_PADD || op == NHP_PMAX || op == NHP_PMIN;
    if (!nhp_regs_ok(a->q, a->vd, a->vn, a->vm) || (pairwise && a->q)) {
        return unallocated_encoding(s);
    }
    nhp_call(s, a->vd, a->vn, a->vm, a->q, op, 0);
    return true;
}

static bool nhp_unary(DisasContext *s, int q, int vd, int vm, int op, int extra)
{
    if (!arm_feature(s, ARM_FEATURE_ASIMDHP)) {
        return false;
    }
    if (!nhp_regs_ok(q, vd, 0, vm)) {
        return unallocated_encoding(s);
    }
    nhp_call(s, vd, 0, vm, q, op, extra);
    return true;
}

static bool trans_NEON_hp_cmp0(DisasContext *s, arg_NEON_hp_cmp0 *a)
{
    static const int ops[8] = {NHP_CGT0, NHP_CGE0, NHP_CEQ0, NHP_CLE0,
                               NHP_CLT0, -1,       NHP_ABS,  NHP_NEG};
    if (ops[a->op] < 0) {
        return false;
    }
    return nhp_unary(s, a->q, a->vd, a->vm, ops[a->op], 0);
}

static bool trans_NEON_hp_recpe(DisasContext *s, arg_NEON_hp_recpe *a)
{
    return nhp_unary(s, a->q, a->vd, a->vm, a->op ? NHP_RSQRTE : NHP_RECPE, 0);
}

/* The integer forms are the fixed-point ones with no fraction bits. */
static bool trans_NEON_hp_cvt(DisasContext *s, arg_NEON_hp_cvt *a)
{
    static const int ops[4] = {NHP_FIX_TO_H, NHP_UFIX_TO_H, NHP_H_TO_FIX, NHP_H_TO_UFIX};
    return nhp_unary(s, a->q, a->vd, a->vm, ops[a->op], 0);
}

static bool trans_NEON_hp_vrint(DisasContext *s, arg_NEON_hp_vrint *a)
{
    static const int mode[8] = {NHP_RM_N, NHP_RM_N, NHP_RM_A, NHP_RM_Z, -1, NHP_RM_M, -1, NHP_RM_P};
    if (mode[a->op] < 0) {
        return false;
    }
    return nhp_unary(s, a->q, a->vd, a->vm, a->op == 1 ? NHP_RINTX : NHP_RINT, mode[a->op]);
}

static bool trans_NEON_hp_cvt_rm(DisasContext *s, arg_NEON_hp_cvt_rm *a)
{
    static const int mode[4] = {NHP_RM_A, NHP_RM_N, NHP_RM_P, NHP_RM_M};
    return nhp_unary(s, a->q, a->vd, a->vm, a->op ? NHP_H_TO_UINT_RM : NHP_H_TO_INT_RM,
                     mode[a->rm]);
}

/* Fraction bits 64 - imm6 = 32 - imm5, from 1 to 32. */
static bool trans_NEON_hp_fix(DisasContext *s, arg_NEON_hp_fix *a)
{
    int op = a->op ? (a->u ? NHP_H_TO_UFIX : NHP_H_TO_FIX) : (a->u ? NHP_UFIX_TO_H : NHP_FIX_TO_H);
    return nhp_unary(s, a->q, a->vd, a->vm, op, 32 - a->imm5);
}

static bool trans_NEON_hp_scalar(DisasContext *s, arg_NEON_hp_scalar *a)
{
    int op = a->opc == 1 ? NHP_MLA_S : a->opc == 5 ? NHP_MLS_S : a->opc == 9 ? NHP_MUL_S : -1;
    if (!arm_feature(s, ARM_FEATURE_ASIMDHP) || op < 0) {
        return false;
    }
    if (!nhp_regs_ok(a->q, a->vd, a->vn, 0)) {
        return unallocated_encoding(s);
    }
    nhp_call(s, a->vd, a->vn, a->vm & 7, a->q, op, a->vm >> 3);
    return true;
}

bool arm_decode_neon_fp16(DisasContext *s, uint32_t insn)
{
    return s->features != 0 && decode_neon_fp16(s, insn);
}
