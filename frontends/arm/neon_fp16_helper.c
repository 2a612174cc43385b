/*
 * ARMv8.2 half-precision Advanced SIMD helper: every NEON .F16 insn of
 * translate-neon-fp16.c, lane by lane, under the Standard FPSCR value
 * (ARM DDI 0487 "StandardFPSCRValue"): default NaN, round to nearest, FZ
 * set (which halves ignore) and FPSCR.FZ16 and AHP as the guest set them.
 *
 * The arithmetic and the conversions to and from 16-bit integers and
 * fixed point reuse the half-precision cores of vfp_fp16_helper.c, which
 * read FPSCR from env: env->fpscr holds the Standard value while the
 * lanes are computed and is put back after. Exception flags accumulate
 * in env->fp_status_flags as for VFP. Compares, max/min and the
 * estimates are computed here.
 */
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "frontends/arm/neon_fp16.h"
#include "frontends/arm/neon_helper.h"

#define H_SIGN 0x8000u
#define H_INF 0x7c00u
#define H_QUIET 0x0200u
#define H_DEFAULT_NAN 0x7e00u
#define H_ONE 0x3c00u
#define H_TWO 0x4000u
#define H_THREE 0x4200u
#define H_MAX_NORMAL 0x7bffu

static bool h_nan(uint32_t h)
{
    return (h & 0x7fffu) > H_INF;
}
static bool h_snan(uint32_t h)
{
    return h_nan(h) && !(h & H_QUIET);
}
static bool h_inf(uint32_t h)
{
    return (h & 0x7fffu) == H_INF;
}
static bool h_zero(uint32_t h)
{
    return (h & 0x7fffu) == 0;
}

/* FZ16: a denormal input reads as a zero of its sign (no IDC). */
static uint32_t h_in(const CPUARMState *env, uint32_t h)
{
    if ((env->fpscr & FPSCR_FZ16) && (h & H_INF) == 0) {
        return h & H_SIGN;
    }
    return h;
}

/* The exact value of the finite or infinite half h. */
static double h_value(uint32_t h)
{
    int exp = (int)((h >> 10) & 0x1f);
    double v;
    if (exp == 31) {
        v = INFINITY;
    } else if (exp == 0) {
        v = ldexp((double)(h & 0x3ffu), -24);
    } else {
        v = ldexp((double)((h & 0x3ffu) | 0x400u), exp - 25);
    }
    return (h & H_SIGN) ? -v : v;
}

/* A NaN operand of the two: default NaN, IOC for a signalling one. */
static bool h_nan2(CPUARMState *env, uint32_t a, uint32_t b, uint32_t *r)
{
    if (!h_nan(a) && !h_nan(b)) {
        return false;
    }
    if (h_snan(a) || h_snan(b)) {
        env->fp_status_flags |= FPSCR_IOC;
    }
    *r = H_DEFAULT_NAN;
    return true;
}

static uint32_t h_op(CPUARMState *env, int op, uint32_t a, uint32_t b)
{
    return helper_vfp_hop(env, a, b, (uint32_t)op);
}

/* -- Compare, max and min -- */

enum { CMP_EQ, CMP_GE, CMP_GT };

/* FPCompareEQ/GE/GT: a NaN compares false; GE and GT signal on any NaN. */
static uint32_t h_cmp(CPUARMState *env, int kind, uint32_t a, uint32_t b)
{
    a = h_in(env, a);
    b = h_in(env, b);
    if (h_nan(a) || h_nan(b)) {
        if (kind != CMP_EQ || h_snan(a) || h_snan(b)) {
            env->fp_status_flags |= FPSCR_IOC;
        }
        return 0;
    }
    double x = h_value(a), y = h_value(b);
    bool t = kind == CMP_EQ ? x == y : kind == CMP_GE ? x >= y : x > y;
    return t ? 0xffffu : 0;
}

/* FPMax/FPMin: NaNs propagate (as the default NaN); max(+0, -0) = +0. */
static uint32_t h_maxmin(CPUARMState *env, uint32_t a, uint32_t b, bool max)
{
    uint32_t r;
    a = h_in(env, a);
    b = h_in(env, b);
    if (h_nan2(env, a, b, &r)) {
        return r;
    }
    if (h_zero(a) && h_zero(b)) {
        return max ? (a & b) : (a | b);
    }
    double x = h_value(a), y = h_value(b);
    return (max ? x > y : x < y) ? a : b;
}

/* -- Steps and estimates -- */

/* VRECPS: 2 - a * b, and 2 for infinity times zero. */
static uint32_t h_recps(CPUARMState *env, uint32_t a, uint32_t b)
{
    a = h_in(env, a);
    b = h_in(env, b);
    if ((h_inf(a) && h_zero(b)) || (h_zero(a) && h_inf(b))) {
        return H_TWO;
    }
    return h_op(env, HOP_SUB, H_TWO, h_op(env, HOP_MUL, a, b));
}

/* VRSQRTS: (3 - a * b) / 2, and 1.5 for infinity times zero. */
static uint32_t h_rsqrts(CPUARMState *env, uint32_t a, uint32_t b)
{
    a = h_in(env, a);
    b = h_in(env, b);
    if ((h_inf(a) && h_zero(b)) || (h_zero(a) && h_inf(b))) {
        return 0x3e00u;
    }
    return h_op(env, HOP_DIV, h_op(env, HOP_SUB, H_THREE, h_op(env, HOP_MUL, a, b)), H_TWO);
}

/* RecipEstimate: a in [256, 512) is 512 * x for x in [0.5, 1); the
 * result in [256, 512) is 256 / x to 8 fraction bits. */
static int recip_estimate(int a)
{
    a = a * 2 + 1;
    int b = (1 << 19) / a;
    return (b + 1) / 2;
}

/* RecipSqrtEstimate: a in [128, 256) is 512 * x for x in [0.25, 0.5), a in
 * [256, 512) is 256 * x for x in [0.5, 1); the result is 256 / sqrt(x). */
static int rsqrt_estimate(int a)
{
    if (a < 256) {
        a = a * 2 + 1;
    } else {
        a = (a >> 1) << 1;
        a = (a + 1) * 2;
    }
    int b = 512;
    while (a * (b + 1) * (b + 1) < (1 << 28)) {
        b++;
    }
    return (b + 1) / 2;
}

/* FPRecipEstimate at N = 16 (round to nearest: overflow gives infinity). */
static uint32_t h_recpe(CPUARMState *env, uint32_t h)
{
    uint32_t sign = h & H_SIGN, r;
    h = h_in(env, h);
    if (h_nan2(env, h, 0, &r)) {
        return r;
    }
    if (h_inf(h)) {
        return sign;
    }
    if (h_zero(h)) {
        env->fp_status_flags |= FPSCR_DZC;
        return sign | H_INF;
    }
    if ((h & 0x7fffu) < 0x100u) { /* below 2^-16: the reciprocal overflows */
        env->fp_status_flags |= FPSCR_OFC | FPSCR_IXC;
        return sign | H_INF;
    }
    int exp = (int)((h >> 10) & 0x1f);
    uint32_t frac = h & 0x3ffu;                   /* the fraction, 10 bits */
    if (exp >= 29 && (env->fpscr & FPSCR_FZ16)) { /* 2^14 and up: the result is tiny */
        env->fp_status_flags |= FPSCR_UFC;
        return sign;
    }
    if (exp == 0) { /* normalise the denormal into 0.5 <= x < 1 */
        if (!(frac & 0x200u)) {
            exp = -1;
            frac <<= 2;
        } else {
            frac <<= 1;
        }
    }
    int est = recip_estimate(256 | (int)((frac >> 2) & 0xff));
    int rexp = 29 - exp;
    uint32_t rfrac = (uint32_t)(est & 0xff) << 2; /* 10 fraction bits */
    if (rexp == 0) {
        rfrac = 0x200u | rfrac >> 1;
    } else if (rexp == -1) {
        rfrac = 0x100u | rfrac >> 2;
        rexp = 0;
    }
    return sign | (uint32_t)rexp << 10 | rfrac;
}

/* FPRSqrtEstimate at N = 16. */
static uint32_t h_rsqrte(CPUARMState *env, uint32_t h)
{
    uint32_t r;
    h = h_in(env, h);
    if (h_nan2(env, h, 0, &r)) {
        return r;
    }
    if (h_zero(h)) {
        env->fp_status_flags |= FPSCR_DZC;
        return (h & H_SIGN) | H_INF;
    }
    if (h & H_SIGN) {
        env->fp_status_flags |= FPSCR_IOC;
        return H_DEFAULT_NAN;
    }
    if (h_inf(h)) {
        return 0;
    }
    int exp = (int)((h >> 10) & 0x1f);
    uint32_t frac = h & 0x3ffu;
    if (exp == 0) {
        while (!(frac & 0x200u)) {
            frac <<= 1;
            exp--;
        }
        frac = (frac << 1) & 0x3ffu;
    }
    int scaled = (exp & 1) ? (128 | (int)(frac >> 3)) : (256 | (int)(frac >> 2));
    int est = rsqrt_estimate(scaled);
    return (uint32_t)((44 - exp) / 2) << 10 | (uint32_t)(est & 0xff) << 2;
}

/* -- Conversions -- */

/* FPToFixed to 16 bits with fbits fraction bits in rounding mode rm
 * (NHP_RM_*, the V8FP modes): NaN gives 0, out of range saturates; both
 * raise IOC. */
static uint32_t h_to_fixed(CPUARMState *env, uint32_t h, int fbits, bool is_unsigned, int rm)
{
    VfpStatus st = {env->fpscr, &env->fp_status_flags};
    return (uint32_t)vfp_h_to_fixed(&st, h, (uint32_t)rm | (is_unsigned ? 0 : V8FP_SIGNED), fbits, 16);
}

/* FixedToFP from 16 bits, rounding to nearest; FZ16 flushes tiny results. */
static uint32_t h_from_fixed(CPUARMState *env, uint32_t x, int fbits, bool is_unsigned)
{
    VfpStatus st = {env->fpscr, &env->fp_status_flags};
    return vfp_fixed_to_h(&st, x, FPROUND_RN | (is_unsigned ? 0 : V8FP_SIGNED), fbits, 16);
}

/* -- Dispatch -- */

/* One lane of a three-register op: d is the old destination lane. */
static uint32_t h_lane3(CPUARMState *env, int op, uint32_t n, uint32_t m, uint32_t d)
{
    switch (op) {
    case NHP_ADD:
    case NHP_PADD:
        return h_op(env, HOP_ADD, n, m);
    case NHP_SUB:
        return h_op(env, HOP_SUB, n, m);
    case NHP_MUL:
    case NHP_MUL_S:
        return h_op(env, HOP_MUL, n, m);
    case NHP_ABD:
        return h_op(env, HOP_SUB, n, m) & 0x7fffu;
    case NHP_MLA:
    case NHP_MLA_S:
        return h_op(env, HOP_ADD, d, h_op(env, HOP_MUL, n, m));
    case NHP_MLS:
    case NHP_MLS_S:
        return h_op(env, HOP_SUB, d, h_op(env, HOP_MUL, n, m));
    case NHP_FMA:
        return helper_vfp_hmuladd(env, n, m, d);
    case NHP_FMS:
        return helper_vfp_hmuladd(env, n ^ H_SIGN, m, d);
    case NHP_CEQ:
        return h_cmp(env, CMP_EQ, n, m);
    case NHP_CGE:
        return h_cmp(env, CMP_GE, n, m);
    case NHP_CGT:
        return h_cmp(env, CMP_GT, n, m);
    case NHP_ACGE:
        return h_cmp(env, CMP_GE, n & 0x7fffu, m & 0x7fffu);
    case NHP_ACGT:
        return h_cmp(env, CMP_GT, n & 0x7fffu, m & 0x7fffu);
    case NHP_MAX:
    case NHP_PMAX:
        return h_maxmin(env, n, m, true);
    case NHP_MIN:
    case NHP_PMIN:
        return h_maxmin(env, n, m, false);
    case NHP_RECPS:
        return h_recps(env, n, m);
    case NHP_RSQRTS:
        return h_rsqrts(env, n, m);
    case NHP_MAXNM:
        return helper_vfp_maxnmh(env, n, m, 0);
    default:
        return helper_vfp_maxnmh(env, n, m, V8FP_MIN);
    }
}

static uint32_t h_lane2(CPUARMState *env, int op, uint32_t m, int extra)
{
    switch (op) {
    case NHP_ABS:
        return m & 0x7fffu;
    case NHP_NEG:
        return m ^ H_SIGN;
    case NHP_CGT0:
        return h_cmp(env, CMP_GT, m, 0);
    case NHP_CGE0:
        return h_cmp(env, CMP_GE, m, 0);
    case NHP_CEQ0:
        return h_cmp(env, CMP_EQ, m, 0);
    case NHP_CLE0:
        return h_cmp(env, CMP_GE, 0, m);
    case NHP_CLT0:
        return h_cmp(env, CMP_GT, 0, m);
    case NHP_RECPE:
        return h_recpe(env, m);
    case NHP_RSQRTE:
        return h_rsqrte(env, m);
    case NHP_RINT:
        return helper_vfp_rinth(env, m, (uint32_t)extra);
    case NHP_RINTX:
        return helper_vfp_rinth(env, m, (uint32_t)extra | V8FP_EXACT);
    case NHP_FIX_TO_H:
        return h_from_fixed(env, m, extra, false);
    case NHP_UFIX_TO_H:
        return h_from_fixed(env, m, extra, true);
    case NHP_H_TO_FIX:
        return h_to_fixed(env, m, extra, false, NHP_RM_Z);
    case NHP_H_TO_UFIX:
        return h_to_fixed(env, m, extra, true, NHP_RM_Z);
    case NHP_H_TO_INT_RM:
        return h_to_fixed(env, m, 0, false, extra);
    default:
        return h_to_fixed(env, m, 0, true, extra);
    }
}

void helper_neon_fp16(void *penv, uint32_t desc)
{
    CPUARMState *env = penv;
    int op = NEON_D_OP(desc), extra = NEON_D_EXTRA(desc);
    int lanes = 4 << NEON_D_Q(desc);
    uint8_t *d = neon_reg(env, NEON_D_VD(desc));
    const uint8_t *n = neon_reg(env, NEON_D_VN(desc)), *m = neon_reg(env, NEON_D_VM(desc));
    uint32_t saved = env->fpscr, r[8];
    env->fpscr = (saved & (FPSCR_AHP | FPSCR_FZ16)) | FPSCR_DN | FPSCR_FZ;
    if (op == NHP_PADD || op == NHP_PMAX || op == NHP_PMIN) {
        for (int i = 0; i < 4; i++) {
            const uint8_t *src = i < 2 ? n : m;
            int j = (i & 1) * 2;
            r[i] = h_lane3(env, op, (uint32_t)neon_get(src, j, 1),
                           (uint32_t)neon_get(src, j + 1, 1), 0);
        }
    } else if (op < NHP_PADD) {
        for (int i = 0; i < lanes; i++) {
            r[i] = h_lane3(env, op, (uint32_t)neon_get(n, i, 1), (uint32_t)neon_get(m, i, 1),
                           (uint32_t)neon_get(d, i, 1));
        }
    } else if (op <= NHP_MLS_S) {
        uint32_t s = (uint32_t)neon_get(m, extra, 1);
        for (int i = 0; i < lanes; i++) {
            r[i] = h_lane3(env, op, (uint32_t)neon_get(n, i, 1), s, (uint32_t)neon_get(d, i, 1));
        }
    } else {
        for (int i = 0; i < lanes; i++) {
            r[i] = h_lane2(env, op, (uint32_t)neon_get(m, i, 1), extra);
        }
    }
    env->fpscr = saved;
    for (int i = 0; i < lanes; i++) {
        neon_set(d, i, 1, r[i]);
    }
}
