/*
 * ARMv8.2 half-precision arithmetic, bit-exact to FPAdd, FPMul, FPDiv,
 * FPSqrt, FPMulAdd, FPCompare, FPRoundInt, FPMaxNum/FPMinNum, FPToFixed
 * and FixedToFP at N = 16: the vfp_h_* cores on a VfpStatus, which A64
 * (FPCR, FPSR) and AArch32 (FPSCR; the helper_vfp_* wrappers below for
 * VADD.F16 ... VSQRT.F16, VFMA.F16, VCMP.F16, VCVT, VRINT, VMAXNM) share.
 *
 * Half operands are exact doubles.  The host computes in double with
 * round-towards-zero and its inexact flag turns the truncated result into
 * a round-to-odd one (last bit set), from which a single FPRound to half
 * in the guest's mode is correctly rounded: the products of halves are
 * exact in double, and a sum, quotient or root rounded to odd at 53 bits
 * keeps every decision an 11-bit rounding needs (ties, stickiness, and
 * whether the exact value is below 2^-14: tininess before rounding).
 * MXCSR is saved around the host operation and restored, so its lazy guest
 * flags (vfp_helper.c) are untouched; the ARM flags go to *st->flags.
 *
 * FZ16 (bit 19 of FPSCR and FPCR) flushes half denormal inputs to zero
 * (without IDC) and tiny results to zero (UFC, no IXC); AHP never applies
 * to arithmetic.
 */
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "frontends/arm/vfp_helper.h"

#define ENV(p) ((CPUARMState *)(p))
#define ARM_ST(p) (&(VfpStatus){ENV(p)->fpscr, &ENV(p)->fp_status_flags})

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
static double host_op(VfpOp op, const double *o, uint32_t rc, uint32_t *mx)
{
    uint32_t saved = mx_get();
    double a = o[0], b = o[1], c = o[2];
    mx_set(MXCSR_MASKED | rc);
    switch (op) {
    case VOP_ADD: __asm__ volatile("addsd %1, %0" : "+x"(a) : "x"(b)); break;
    case VOP_SUB: __asm__ volatile("subsd %1, %0" : "+x"(a) : "x"(b)); break;
    case VOP_MUL: __asm__ volatile("mulsd %1, %0" : "+x"(a) : "x"(b)); break;
    case VOP_DIV: __asm__ volatile("divsd %1, %0" : "+x"(a) : "x"(b)); break;
    case VOP_SQRT: __asm__ volatile("sqrtsd %0, %0" : "+x"(a)); break;
    default: /* the product of two halves is exact */
        __asm__ volatile("mulsd %1, %0\n\taddsd %2, %0" : "+x"(a) : "x"(b), "x"(c));
        break;
    }
    *mx = mx_get();
    mx_set(saved);
    return a;
}

/* -- Arithmetic -- */

_Static_assert(HOP_ADD == (int)VOP_ADD && HOP_SUB == (int)VOP_SUB && HOP_MUL == (int)VOP_MUL &&
                   HOP_DIV == (int)VOP_DIV && HOP_SQRT == (int)VOP_SQRT && HOP_FMA == (int)VOP_FMA,
               "the AArch32 half ops are the VfpOp numbers");

/* The double d (finite, nonzero, rounded to odd at 53 bits) as a half in
 * rmode: FZ16 flushes a result below 2^-14 to a zero with UFC. */
static uint32_t h_round(uint64_t d, uint32_t fpscr, int rmode, uint32_t *flags)
{
    if ((fpscr & FPSCR_FZ16) && ((d >> 52) & 0x7ff) < 1023 - 14) {
        *flags |= FPSCR_UFC;
        return (uint32_t)(d >> 48) & H_SIGN;
    }
    return vfp_round_double_to_half(d, rmode, false, flags);
}

uint32_t vfp_h_arith(VfpStatus *st, VfpOp op, uint32_t a, uint32_t b, uint32_t c)
{
    uint32_t fpscr = st->fpscr, flags = 0, r;
    int rmode = (int)((fpscr >> FPSCR_RMODE_SHIFT) & 3);
    int n = op == VOP_SQRT ? 1 : op == VOP_FMA ? 3 : 2;
    /* NaN order of FPMulAdd is addend first. */
    uint32_t o[3] = {h_input(a, fpscr), h_input(b, fpscr), h_input(c, fpscr)};
    uint32_t nan_order[3] = {o[2], o[0], o[1]};
    if (h_pick_nan(op == VOP_FMA ? nan_order : o, n, fpscr, &flags, &r)) {
        /* Infinity times zero is invalid even when the addend is a quiet
         * NaN, and gives the default NaN instead of that addend. */
        if (op == VOP_FMA && !h_snan(o[2]) &&
            ((h_inf(o[0]) && (o[1] & 0x7fffu) == 0) || ((o[0] & 0x7fffu) == 0 && h_inf(o[1])))) {
            flags |= FPSCR_IOC;
            r = H_DEFAULT_NAN;
        }
        *st->flags |= flags;
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
        r = h_round(bits, fpscr, rmode, &flags);
    }
    *st->flags |= flags;
    return r;
}

uint32_t helper_vfp_hop(void *env, uint32_t a, uint32_t b, uint32_t op)
{
    return vfp_h_arith(ARM_ST(env), (VfpOp)op, a, b, 0);
}

uint32_t helper_vfp_hmuladd(void *env, uint32_t a, uint32_t b, uint32_t c)
{
    return vfp_h_arith(ARM_ST(env), VOP_FMA, a, b, c);
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

/* The double bits of half h after FZ16 (exact; never a double denormal,
 * so the FZ of the double cores leaves it alone). */
static uint64_t h_to_double_bits(uint32_t h, uint32_t fpscr)
{
    double d = h_to_double(h_input(h, fpscr));
    uint64_t bits;
    memcpy(&bits, &d, 8);
    return bits;
}

/* Halves widen exactly to singles, whose denormals FZ never sees here. */
uint32_t vfp_h_compare(VfpStatus *st, uint32_t a, uint32_t b, uint32_t e)
{
    return vfp_s_compare(st, h_to_single_bits(h_input(a, st->fpscr)), h_to_single_bits(h_input(b, st->fpscr)), e);
}

void helper_vfp_cmph(void *env, uint32_t a, uint32_t b, uint32_t e)
{
    uint32_t nzcv = vfp_h_compare(ARM_ST(env), a, b, e);
    ENV(env)->fpscr = (ENV(env)->fpscr & 0x0fffffffu) | nzcv << 28;
}

uint64_t vfp_h_to_fixed(VfpStatus *st, uint32_t h, uint32_t desc, int fbits, int bits)
{
    uint64_t r = vfp_to_fixed(st, true, h_to_double_bits(h, st->fpscr), desc, fbits, bits);
    return bits == 16 ? r & 0xffffu : r;
}

/*
 * FixedToFP to half: x (bits wide, V8FP_SIGNED for two's complement) times
 * 2^-fbits, rounded as desc says.  The magnitude becomes a double rounded
 * to odd at 53 bits (its dropped bits OR-ed into the last one), which the
 * one rounding to 11 bits then treats as the exact value.
 */
uint32_t vfp_fixed_to_h(VfpStatus *st, uint64_t x, uint32_t desc, int fbits, int bits)
{
    bool neg = false;
    if (bits < 64) {
        x &= (UINT64_C(1) << bits) - 1;
        if ((desc & V8FP_SIGNED) && (x >> (bits - 1))) {
            x |= ~UINT64_C(0) << bits;
        }
    }
    if ((desc & V8FP_SIGNED) && (int64_t)x < 0) {
        neg = true;
        x = -x;
    }
    if (x == 0) {
        return 0;
    }
    int top = 63 - __builtin_clzll(x);
    uint64_t m = top > 52 ? (x >> (top - 52)) | ((x & ((UINT64_C(1) << (top - 52)) - 1)) != 0) : x << (52 - top);
    uint64_t d = (neg ? UINT64_C(1) << 63 : 0) | (uint64_t)(1023 + top - fbits) << 52 | (m & ((UINT64_C(1) << 52) - 1));
    int rm = (int)(desc & V8FP_RMODE_MASK);
    uint32_t flags = 0;
    uint32_t r = h_round(d, st->fpscr, rm == V8FP_RMODE_FPSCR ? (int)((st->fpscr >> FPSCR_RMODE_SHIFT) & 3) : rm,
                         &flags);
    *st->flags |= flags;
    return r;
}

uint32_t helper_vfp_int_to_h(void *env, uint32_t x, uint32_t is_signed)
{
    return vfp_fixed_to_h(ARM_ST(env), x, V8FP_RMODE_FPSCR | (is_signed ? V8FP_SIGNED : 0), 0, 32);
}

/* desc as for helper_vfp_cvt_rm_d (V8FP_SIGNED, a rounding mode). */
uint32_t helper_vfp_h_to_int(void *env, uint32_t h, uint32_t desc)
{
    return (uint32_t)vfp_h_to_fixed(ARM_ST(env), h, desc, 0, 32);
}

/* -- Fixed point: desc as for helper_vfp_d_to_fix / helper_vfp_fix_to_d -- */

/* To fixed rounds towards zero (VFP_CVT_RZ in desc). */
uint32_t helper_vfp_h_to_fix(void *env, uint32_t h, uint32_t desc)
{
    return helper_vfp_d_to_fix(env, h_to_double_bits(h, ENV(env)->fpscr), desc);
}

/* From fixed: the exact value rounded to nearest, FZ16 flushing tiny ones. */
uint32_t helper_vfp_fix_to_h(void *env, uint32_t x, uint32_t desc)
{
    uint32_t d = FPROUND_RN | ((desc & VFP_CVT_SIGNED) ? V8FP_SIGNED : 0);
    return vfp_fixed_to_h(ARM_ST(env), x, d, (int)(desc & 0xff), (desc & VFP_CVT_16) ? 16 : 32);
}

/* -- The ARMv8 insns in F16 form: FRINT/VRINT, FMAXNM/VMAXNM, FMAX -- */

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

/* desc as for vfp_rint (a rounding mode, V8FP_EXACT). */
uint32_t vfp_h_rint(VfpStatus *st, uint32_t h, uint32_t desc)
{
    uint32_t fpscr = st->fpscr, flags = 0, r;
    h = h_input(h, fpscr);
    if (h_pick_nan(&h, 1, fpscr, &flags, &r)) {
        *st->flags |= flags;
        return r;
    }
    if ((h & 0x7fffu) == 0 || (h & H_INF) == H_INF) {
        return h;
    }
    uint64_t bits = vfp_rint(st, true, h_to_double_bits(h, fpscr), desc); /* an integer: exact as a half */
    if ((bits & 0x7fffffffffffffffull) == 0) {
        return h & H_SIGN;
    }
    return vfp_round_double_to_half(bits, FPROUND_RN, false, &flags);
}

uint32_t helper_vfp_rinth(void *env, uint32_t h, uint32_t desc) { return vfp_h_rint(ARM_ST(env), h, desc); }

/* desc as for vfp_max_min (V8FP_MIN, V8FP_PROPAGATE); halves widen
 * exactly to singles, NaN payloads included, and the single result
 * narrows back. */
uint32_t vfp_h_max_min(VfpStatus *st, uint32_t a, uint32_t b, uint32_t desc)
{
    uint32_t fpscr = st->fpscr;
    uint64_t r = vfp_max_min(st, false, h_to_single_bits(h_input(a, fpscr)), h_to_single_bits(h_input(b, fpscr)),
                             desc);
    return single_to_half_exact((uint32_t)r);
}

uint32_t helper_vfp_maxnmh(void *env, uint32_t a, uint32_t b, uint32_t desc)
{
    return vfp_h_max_min(ARM_ST(env), a, b, desc);
}
