/*
 * ARMv8.2 half-precision arithmetic helpers (VADD.F16 ... VSQRT.F16, VFMA.F16,
 * VCMP.F16, VCVT between F16 and integers), bit-exact to FPAdd, FPMul,
 * FPDiv, FPSqrt, FPMulAdd, FPCompare, FPToFixed and FixedToFP at N = 16.
 *
 * Half operands are exact doubles.  The host computes in double with
 * round-towards-zero and its inexact flag turns the truncated result into
 * a round-to-odd one (last bit set), from which a single FPRound to half
 * in the guest's mode is correctly rounded: the products of halves are
 * exact in double, and a sum, quotient or root rounded to odd at 53 bits
 * keeps every decision an 11-bit rounding needs (ties, stickiness, and
 * whether the exact value is below 2^-14: tininess before rounding).
 * MXCSR is saved around the host operation and restored, so its lazy guest
 * flags (vfp_helper.c) are untouched; the ARM flags go to fp_status_flags.
 *
 * FPSCR.FZ16 flushes half denormal inputs to zero (without IDC) and tiny
 * results to zero (UFC, no IXC); AHP never applies to arithmetic.
 */
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "frontends/arm/vfp_helper.h"

#define ENV(p) ((CPUARMState *)(p))

#define H_SIGN 0x8000u
#define H_INF 0x7c00u
#define H_QUIET 0x0200u
#define H_DEFAULT_NAN 0x7e00u

static bool h_nan(uint32_t h) { return (h & 0x7fffu) > H_INF; }
static bool h_snan(uint32_t h) { return h_nan(h) && !(h & H_QUIET); }
static bool h_inf(uint32_t h) { return (h & 0x7fffu) == H_INF; }

/* FZ16: a denormal half reads as a zero of its sign (no IDC). */
static uint32_t h_input(uint32_t h, uint32_t fpscr)
{
    h &= 0xffffu;
    if ((fpscr & FPSCR_FZ16) && (h & H_INF) == 0) {
        return h & H_SIGN;
    }
    return h;
}

/* The double with the value of the IEEE half h. */
static double h_to_double(uint32_t h)
{
    uint64_t sign = (uint64_t)(h & H_SIGN) << 48, b;
    uint32_t exp = (h >> 10) & 0x1f, frac = h & 0x3ff;
    if (exp == 31) {
        b = sign | 0x7ff0000000000000ull | (uint64_t)frac << 42;
    } else if (exp == 0) {
        double v = (double)frac * 0x1p-24;
        memcpy(&b, &v, 8);
        b |= sign;
    } else {
        b = sign | (uint64_t)(exp - 15 + 1023) << 52 | (uint64_t)frac << 42;
    }
    double d;
    memcpy(&d, &b, 8);
    return d;
}

/* FPProcessNaNs over n operands: signalling first, then quiet, in order. */
static bool h_pick_nan(const uint32_t *o, int n, uint32_t fpscr, uint32_t *flags, uint32_t *r)
{
    for (int pass = 0; pass < 2; pass++) {
        for (int i = 0; i < n; i++) {
            if (pass == 0 ? h_snan(o[i]) : h_nan(o[i])) {
                if (pass == 0) {
                    *flags |= FPSCR_IOC;
                }
                *r = (fpscr & FPSCR_DN) ? H_DEFAULT_NAN : o[i] | H_QUIET;
                return true;
            }
        }
    }
    return false;
}

/* -- Host arithmetic under a chosen MXCSR -- */

enum { MX_IE = 1, MX_ZE = 4, MX_PE = 32 };
#define MXCSR_MASKED 0x1f80u

static inline uint32_t mx_get(void)
{
    uint32_t m;
    __asm__ volatile("stmxcsr %0" : "=m"(m));
    return m;
}

static inline void mx_set(uint32_t m) { __asm__ volatile("ldmxcsr %0" : : "m"(m)); }

/* x86 RC for ARM RMode RN, RP, RM, RZ. */
static uint32_t mx_rc(int rmode)
{
    static const uint32_t rc[4] = {0, 2u << 13, 1u << 13, 3u << 13};
    return rc[rmode & 3];
}

/* o[0] op o[1] (FMA: o[0] * o[1] + o[2]) in double under rounding rc;
 * *mx receives the host flags it raised. */
static double host_op(int op, const double *o, uint32_t rc, uint32_t *mx)
{
    uint32_t saved = mx_get();
    double a = o[0], b = o[1], c = o[2];
    mx_set(MXCSR_MASKED | rc);
    switch (op) {
    case HOP_ADD: __asm__ volatile("addsd %1, %0" : "+x"(a) : "x"(b)); break;
    case HOP_SUB: __asm__ volatile("subsd %1, %0" : "+x"(a) : "x"(b)); break;
    case HOP_MUL: __asm__ volatile("mulsd %1, %0" : "+x"(a) : "x"(b)); break;
    case HOP_DIV: __asm__ volatile("divsd %1, %0" : "+x"(a) : "x"(b)); break;
    case HOP_SQRT: __asm__ volatile("sqrtsd %0, %0" : "+x"(a)); break;
    default: /* the product of two halves is exact */
        __asm__ volatile("mulsd %1, %0\n\taddsd %2, %0" : "+x"(a) : "x"(b), "x"(c));
        break;
    }
    *mx = mx_get();
    mx_set(saved);
    return a;
}

/* -- Arithmetic -- */

static uint32_t h_arith(CPUARMState *env, int op, uint32_t a, uint32_t b, uint32_t c)
{
    uint32_t fpscr = env->fpscr, flags = 0, r;
    int rmode = (int)((fpscr >> FPSCR_RMODE_SHIFT) & 3);
    int n = op == HOP_SQRT ? 1 : op == HOP_FMA ? 3 : 2;
    /* NaN order of FPMulAdd is addend first. */
    uint32_t o[3] = {h_input(a, fpscr), h_input(b, fpscr), h_input(c, fpscr)};
    uint32_t nan_order[3] = {o[2], o[0], o[1]};
    /* Infinity times zero is invalid even when the addend is a quiet NaN. */
    if (op == HOP_FMA && h_nan(o[2]) &&
        ((h_inf(o[0]) && (o[1] & 0x7fffu) == 0) || ((o[0] & 0x7fffu) == 0 && h_inf(o[1])))) {
        flags |= FPSCR_IOC;
    }
    if (h_pick_nan(op == HOP_FMA ? nan_order : o, n, fpscr, &flags, &r)) {
        env->fp_status_flags |= flags;
        return r;
    }
    double d[3] = {h_to_double(o[0]), h_to_double(o[1]), h_to_double(o[2])};
    uint32_t mx;
    double v = host_op(op, d, mx_rc(FPROUND_RZ), &mx);
    uint64_t bits;
    memcpy(&bits, &v, 8);
    if (mx & MX_IE) {
        flags |= FPSCR_IOC;
        r = H_DEFAULT_NAN;
    } else if ((bits & 0x7fffffffffffffffull) == 0x7ff0000000000000ull) {
        if (mx & MX_ZE) {
            flags |= FPSCR_DZC;
        }
        r = (uint32_t)(bits >> 48) & H_SIGN ? H_SIGN | H_INF : H_INF; /* exact infinity */
    } else if ((bits & 0x7fffffffffffffffull) == 0) {
        /* An exact zero: its sign follows the guest's rounding mode. */
        v = host_op(op, d, mx_rc(rmode), &mx);
        memcpy(&bits, &v, 8);
        r = (uint32_t)(bits >> 48) & H_SIGN;
    } else {
        if (mx & MX_PE) {
            bits |= 1; /* round to odd */
        }
        if ((fpscr & FPSCR_FZ16) && ((bits >> 52) & 0x7ff) < 1023 - 14) {
            flags |= FPSCR_UFC;
            r = (uint32_t)(bits >> 48) & H_SIGN;
        } else {
            r = vfp_round_double_to_half(bits, rmode, false, &flags);
        }
    }
    env->fp_status_flags |= flags;
    return r;
}

uint32_t helper_vfp_hop(void *env, uint32_t a, uint32_t b, uint32_t op) { return h_arith(ENV(env), (int)op, a, b, 0); }

uint32_t helper_vfp_hmuladd(void *env, uint32_t a, uint32_t b, uint32_t c)
{
    return h_arith(ENV(env), HOP_FMA, a, b, c);
}

/* -- Compare and convert -- */

/* The single with the value of half h (exact). */
static uint32_t h_to_single_bits(uint32_t h)
{
    if (h_nan(h)) { /* the payload and the quiet bit where they were; no host op on a NaN */
        return (uint32_t)(h & H_SIGN) << 16 | 0x7f800000u | (h & 0x3ffu) << 13;
    }
    float f = (float)h_to_double(h);
    uint32_t b;
    memcpy(&b, &f, 4);
    return b;
}

void helper_vfp_cmph(void *env, uint32_t a, uint32_t b, uint32_t e)
{
    uint32_t fpscr = ENV(env)->fpscr;
    helper_vfp_cmps(env, h_to_single_bits(h_input(a, fpscr)), h_to_single_bits(h_input(b, fpscr)), e);
}

uint32_t helper_vfp_int_to_h(void *penv, uint32_t x, uint32_t is_signed)
{
    CPUARMState *env = ENV(penv);
    double d = is_signed ? (double)(int32_t)x : (double)x;
    uint64_t bits;
    uint32_t flags = 0, r;
    memcpy(&bits, &d, 8);
    if (x == 0) {
        return 0;
    }
    r = vfp_round_double_to_half(bits, (int)((env->fpscr >> FPSCR_RMODE_SHIFT) & 3), false, &flags);
    env->fp_status_flags |= flags;
    return r;
}

/* desc as for helper_vfp_cvt_rm_d (V8FP_SIGNED, a rounding mode). */
uint32_t helper_vfp_h_to_int(void *env, uint32_t h, uint32_t desc)
{
    double d = h_to_double(h_input(h, ENV(env)->fpscr));
    uint64_t bits;
    memcpy(&bits, &d, 8);
    return helper_vfp_cvt_rm_d(env, bits, desc);
}

/* -- Fixed point: desc as for helper_vfp_d_to_fix / helper_vfp_fix_to_d -- */

/* To fixed rounds towards zero (VFP_CVT_RZ in desc). */
uint32_t helper_vfp_h_to_fix(void *env, uint32_t h, uint32_t desc)
{
    double d = h_to_double(h_input(h, ENV(env)->fpscr));
    uint64_t bits;
    memcpy(&bits, &d, 8);
    return helper_vfp_d_to_fix(env, bits, desc);
}

/* From fixed: the exact value rounded to nearest, FZ16 flushing tiny ones. */
uint32_t helper_vfp_fix_to_h(void *penv, uint32_t x, uint32_t desc)
{
    CPUARMState *env = ENV(penv);
    uint64_t bits = helper_vfp_fix_to_d(env, x, desc);
    uint32_t flags = 0, r;
    if ((bits & 0x7fffffffffffffffull) == 0) {
        return 0;
    }
    if ((env->fpscr & FPSCR_FZ16) && ((bits >> 52) & 0x7ff) < 1023 - 14) {
        flags |= FPSCR_UFC;
        r = (uint32_t)(bits >> 48) & H_SIGN;
    } else {
        r = vfp_round_double_to_half(bits, FPROUND_RN, false, &flags);
    }
    env->fp_status_flags |= flags;
    return r;
}

/* -- The ARMv8 insns in F16 form: VRINT, VMAXNM/VMINNM -- */

/* The half with the value of the single s, which is exact as a half (a
 * NaN keeps its sign, quiet bit and top payload bits). */
static uint32_t single_to_half_exact(uint32_t s)
{
    uint32_t sign = (s >> 16) & H_SIGN, flags = 0;
    if ((s & 0x7fffffffu) > 0x7f800000u) {
        return sign | H_INF | ((s >> 13) & 0x3ffu);
    }
    if ((s & 0x7fffffffu) == 0) {
        return sign;
    }
    float f;
    double d;
    uint64_t bits;
    memcpy(&f, &s, 4);
    d = f;
    memcpy(&bits, &d, 8);
    return vfp_round_double_to_half(bits, FPROUND_RN, false, &flags);
}

/* desc as for helper_vfp_rintd (a rounding mode, V8FP_EXACT). */
uint32_t helper_vfp_rinth(void *penv, uint32_t h, uint32_t desc)
{
    CPUARMState *env = ENV(penv);
    uint32_t fpscr = env->fpscr, flags = 0, r;
    h = h_input(h, fpscr);
    if (h_pick_nan(&h, 1, fpscr, &flags, &r)) {
        env->fp_status_flags |= flags;
        return r;
    }
    if ((h & 0x7fffu) == 0 || (h & H_INF) == H_INF) {
        return h;
    }
    double d = h_to_double(h);
    uint64_t bits;
    memcpy(&bits, &d, 8);
    bits = helper_vfp_rintd(env, bits, desc);   /* an integer: exact as a half */
    if ((bits & 0x7fffffffffffffffull) == 0) {
        return h & H_SIGN;
    }
    return vfp_round_double_to_half(bits, FPROUND_RN, false, &flags);
}

/* desc as for helper_vfp_maxnms (V8FP_MIN); halves widen exactly to
 * singles, NaN payloads included, and the single result narrows back. */
uint32_t helper_vfp_maxnmh(void *env, uint32_t a, uint32_t b, uint32_t desc)
{
    uint32_t fpscr = ENV(env)->fpscr;
    uint32_t r = helper_vfp_maxnms(env, h_to_single_bits(h_input(a, fpscr)), h_to_single_bits(h_input(b, fpscr)),
                                   desc);
    return single_to_half_exact(r);
}
