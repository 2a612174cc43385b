/*
 * A64 scalar floating point in C: the arithmetic, compares, precision
 * and integer conversions and round-to-integral of the FP data-processing
 * classes, on raw bits (single in the low 32 bits, double in 64).
 *
 * The work is done by the VFP cores (vfp_helper.c, vfp_v8_helper.c), the
 * same code AArch32 runs, given FPCR as the control bits and FPSR as the
 * cumulative flags word: FPCR.{AHP, DN, FZ, RMode} sit where FPSCR keeps
 * them, and FPSR.{IDC, IXC, UFC, OFC, DZC, IOC} too.
 *
 * The flags are lazy, as on AArch32: where the host raises exactly the
 * guest's flags (the cores' fast paths), they stay in MXCSR's sticky bits,
 * so the guest's FPSR is env->fpsr | the MXCSR flags. a64_fpsr_read folds
 * them into env->fpsr and a64_fpsr_write discards them; MRS/MSR FPSR,
 * signal frames and the debugger go through those two. Leaving the
 * flags in MXCSR saves an stmxcsr/ldmxcsr pair per operation, which costs
 * more than the operation itself (stmxcsr waits for every FP op in flight).
 *
 *     fmadd d0, d1, d2, d3    d0 = FPMulAdd(d3, d1, d2): one rounding,
 *                             NaNs chosen in the order d3, d1, d2
 */
#include <string.h>

#include "frontends/arm/a64-fp.h"
#include "frontends/arm/vfp_helper.h"

#define A64ENV(p) ((CPUA64State *)(p))

static VfpStatus status_of(void *env)
{
    return (VfpStatus){A64ENV(env)->fpcr, &A64ENV(env)->fpsr};
}

/* FPNeg: the sign flips, NaNs included. */
static uint64_t neg(bool dp, uint64_t x)
{
    return x ^ (dp ? 1ull << 63 : 1ull << 31);
}

/* helper_a64_farith of halves (desc has A64_FP_HALF). */
static uint64_t farith_half(VfpStatus *st, int op, uint32_t a, uint32_t b, uint32_t c)
{
    static const VfpOp basic[] = {[A64_FADD] = VOP_ADD, [A64_FSUB] = VOP_SUB, [A64_FMUL] = VOP_MUL,
                                  [A64_FDIV] = VOP_DIV, [A64_FSQRT] = VOP_SQRT};
    const uint32_t sign = 0x8000u;
    switch (op) {
    case A64_FADD: case A64_FSUB: case A64_FMUL: case A64_FDIV: case A64_FSQRT:
        return vfp_h_arith(st, basic[op], a, b, 0);
    case A64_FNMUL:
        return vfp_h_arith(st, VOP_MUL, a, b, 0) ^ sign;
    case A64_FMAX: case A64_FMIN: case A64_FMAXNM: case A64_FMINNM:
        return vfp_h_max_min(st, a, b,
                             V8FP_RMODE_FPSCR | (op == A64_FMIN || op == A64_FMINNM ? V8FP_MIN : 0) |
                                 (op == A64_FMAX || op == A64_FMIN ? V8FP_PROPAGATE : 0));
    default: /* FMADD FMSUB FNMADD FNMSUB: c is the addend */
        a ^= op == A64_FMSUB || op == A64_FNMADD ? sign : 0;
        c ^= op == A64_FNMADD || op == A64_FNMSUB ? sign : 0;
        return vfp_h_arith(st, VOP_FMA, a, b, c);
    }
}

uint64_t helper_a64_farith(void *env, uint64_t a, uint64_t b, uint64_t c, uint64_t desc)
{
    VfpStatus st = status_of(env);
    if (desc & A64_FP_HALF) {
        return farith_half(&st, (int)(desc & 0xff), (uint32_t)a, (uint32_t)b, (uint32_t)c);
    }
    bool dp = desc & A64_FP_DOUBLE;
    int op = (int)(desc & 0xff);
    uint64_t r;
    static const VfpOp basic[] = {[A64_FADD] = VOP_ADD, [A64_FSUB] = VOP_SUB, [A64_FMUL] = VOP_MUL,
                                  [A64_FDIV] = VOP_DIV, [A64_FSQRT] = VOP_SQRT};
    switch (op) {
    case A64_FADD: case A64_FSUB: case A64_FMUL: case A64_FDIV: case A64_FSQRT:
        r = dp ? vfp_d_arith(&st, basic[op], a, b, 0) : vfp_s_arith(&st, basic[op], (uint32_t)a, (uint32_t)b, 0);
        break;
    case A64_FNMUL:
        r = neg(dp, dp ? vfp_d_arith(&st, VOP_MUL, a, b, 0) : vfp_s_arith(&st, VOP_MUL, (uint32_t)a, (uint32_t)b, 0));
        break;
    case A64_FMAX: case A64_FMIN: case A64_FMAXNM: case A64_FMINNM: {
        uint32_t d = V8FP_RMODE_FPSCR | (op == A64_FMIN || op == A64_FMINNM ? V8FP_MIN : 0) |
                     (op == A64_FMAX || op == A64_FMIN ? V8FP_PROPAGATE : 0);
        r = vfp_max_min(&st, dp, a, b, d);
        break;
    }
    default: { /* FMADD FMSUB FNMADD FNMSUB: c is the addend */
        if (op == A64_FMSUB || op == A64_FNMADD) {
            a = neg(dp, a);
        }
        if (op == A64_FNMADD || op == A64_FNMSUB) {
            c = neg(dp, c);
        }
        r = dp ? vfp_d_arith(&st, VOP_FMA, a, b, c)
               : vfp_s_arith(&st, VOP_FMA, (uint32_t)a, (uint32_t)b, (uint32_t)c);
        break;
    }
    }
    return r;
}

uint64_t helper_a64_farith2(void *env, uint64_t a, uint64_t b, uint64_t desc)
{
    return helper_a64_farith(env, a, b, a, desc);
}

uint64_t helper_a64_fcmp(void *env, uint64_t a, uint64_t b, uint64_t desc)
{
    VfpStatus st = status_of(env);
    uint32_t e = desc & A64_FCMP_SIGNAL;
    uint32_t nzcv = desc & A64_FP_DOUBLE ? vfp_d_compare(&st, a, b, e)
                    : desc & A64_FP_HALF ? vfp_h_compare(&st, (uint32_t)a, (uint32_t)b, e)
                                         : vfp_s_compare(&st, (uint32_t)a, (uint32_t)b, e);
    return nzcv;
}

/* FCVT between precisions: desc holds the source and destination types
 * (0 single, 1 double, 3 half). A half goes through a single exactly. */
uint64_t helper_a64_fcvt(void *env, uint64_t a, uint64_t desc)
{
    VfpStatus st = status_of(env);
    int from = (int)(desc & 3), to = (int)(desc >> 2) & 3;
    uint64_t r;
    if (from == 3 && to == 0) {
        r = vfp_h_to_s(&st, (uint32_t)a & 0xffff);
    } else if (from == 3) {
        r = vfp_s_to_d(&st, vfp_h_to_s(&st, (uint32_t)a & 0xffff));
    } else if (from == 0 && to == 1) {
        r = vfp_s_to_d(&st, (uint32_t)a);
    } else if (from == 0) {
        r = vfp_s_to_h(&st, (uint32_t)a);
    } else if (to == 0) {
        r = vfp_d_to_s(&st, a);
    } else {
        r = vfp_d_to_h(&st, a);
    }
    return r;
}

uint64_t helper_a64_frint(void *env, uint64_t a, uint64_t desc)
{
    VfpStatus st = status_of(env);
    int width = (int)(desc >> A64_FP_WIDTH_SHIFT) & 0xff;
    if (desc & A64_FP_HALF) {
        return vfp_h_rint(&st, (uint32_t)a, (uint32_t)desc & 0xff);
    }
    if (width) {
        return vfp_rint_n(&st, desc & A64_FP_DOUBLE, a, (uint32_t)desc & 0xff, width);
    }
    return vfp_rint(&st, desc & A64_FP_DOUBLE, a, (uint32_t)desc & 0xff);
}

uint64_t helper_a64_f2i(void *env, uint64_t a, uint64_t desc)
{
    VfpStatus st = status_of(env);
    if (desc & A64_FP_HALF) {
        return vfp_h_to_fixed(&st, (uint32_t)a, (uint32_t)desc & 0xff, (int)(desc >> A64_FP_FBITS_SHIFT) & 0xff,
                                        (int)(desc >> A64_FP_WIDTH_SHIFT) & 0xff);
    }
    return vfp_to_fixed(&st, desc & A64_FP_DOUBLE, a, (uint32_t)desc & 0xff,
                                  (int)(desc >> A64_FP_FBITS_SHIFT) & 0xff, (int)(desc >> A64_FP_WIDTH_SHIFT) & 0xff);
}

/* Integer -> FP under FPCR.RMode. The host converts with MXCSR's
 * rounding set from RMode (one rounding; only IXC can rise), then the
 * result is scaled by 2^-fbits, which is exact: a nonzero integer over at
 * most 2^64 stays normal. */
uint64_t helper_a64_i2f(void *env, uint64_t x, uint64_t desc)
{
    bool dp = desc & A64_FP_DOUBLE, sgn = desc & A64_CVT_SIGNED;
    int bits = (int)(desc >> A64_FP_WIDTH_SHIFT) & 0xff, fbits = (int)(desc >> A64_FP_FBITS_SHIFT) & 0xff;
    if (desc & A64_FP_HALF) { /* exactly, in integers: no host conversion */
        VfpStatus st = status_of(env);
        return vfp_fixed_to_h(&st, x, V8FP_RMODE_FPSCR | (sgn ? V8FP_SIGNED : 0), fbits, bits);
    }
    int rmode = (int)(A64ENV(env)->fpcr >> 22) & 3;
    static const uint32_t rc[4] = {0, 2u << 13, 1u << 13, 3u << 13};
    uint32_t mx = 0x1f80u | rc[rmode], after, dflt = 0x1f80u;
    vfp_take_host_flags(&A64ENV(env)->fpsr);
    __asm__ volatile("ldmxcsr %0" : : "m"(mx));
    if (bits == 32) {
        x = sgn ? (uint64_t)(int64_t)(int32_t)x : (uint32_t)x;
    }
    /* An unsigned value of 2^63 or more is halved with its lost bit kept
     * sticky (round to odd), converted, then doubled: the same rounding. */
    bool halve = !sgn && bits == 64 && (x >> 63);
    int64_t v = halve ? (int64_t)((x >> 1) | (x & 1)) : (int64_t)x;
    uint64_t r;
    if (dp) {
        double d;
        __asm__ volatile("cvtsi2sdq %1, %0" : "=x"(d) : "r"(v));
        d = halve ? d + d : d;
        memcpy(&r, &d, 8);
    } else {
        float f;
        uint32_t b;
        __asm__ volatile("cvtsi2ssq %1, %0" : "=x"(f) : "r"(v));
        f = halve ? f + f : f;
        memcpy(&b, &f, 4);
        r = b;
    }
    if (fbits && (r << (dp ? 1 : 33))) { /* nonzero: scale the exponent */
        r -= (uint64_t)fbits << (dp ? 52 : 23);
    }
    __asm__ volatile("stmxcsr %0" : "=m"(after));
    if (after & 0x20) {
        A64ENV(env)->fpsr |= 1u << 4; /* IXC */
    }
    __asm__ volatile("ldmxcsr %0" : : "m"(dflt));
    return r;
}

/*
 * FJCVTZS, FPToFixedJS: Dn truncated toward zero, modulo 2^32. Z (bit 32
 * clear here) says the value was an exact int32: not a NaN or infinity,
 * in range, no fraction, not -0, and not a denormal FZ flushed.
 */
uint64_t helper_a64_fjcvtzs(void *env, uint64_t a)
{
    uint32_t *flags = &A64ENV(env)->fpsr;
    const uint64_t not_exact = 1ull << 32;
    int exp = (int)(a >> 52) & 0x7ff;
    uint64_t frac = a & ((1ull << 52) - 1), mag;
    bool neg = a >> 63, fraction;
    if (exp == 0x7ff) { /* NaN or infinity: 0 */
        *flags |= FPSCR_IOC;
        return not_exact;
    }
    if (exp == 0) { /* a zero (-0 is not exact), or a denormal: 0, flushed or inexact */
        *flags |= !frac ? 0 : A64ENV(env)->fpcr & FPSCR_FZ ? FPSCR_IDC : FPSCR_IXC;
        return neg || frac ? not_exact : 0;
    }
    uint64_t m = frac | 1ull << 52;
    int sh = exp - 1075; /* the value is m * 2^sh */
    if (sh >= 0) {       /* at least 2^52: out of range, the low bits kept */
        mag = sh >= 64 ? 0 : m << sh;
        fraction = false;
    } else {
        mag = sh <= -64 ? 0 : m >> -sh;
        fraction = sh <= -64 || (m & ((1ull << -sh) - 1));
    }
    bool in_range = sh < 0 && mag <= (1ull << 31) - (neg ? 0 : 1);
    *flags |= !in_range ? FPSCR_IOC : fraction ? FPSCR_IXC : 0;
    return (uint32_t)(neg ? -mag : mag) | (in_range && !fraction ? 0 : not_exact);
}

/* -- FPSR -- */

uint32_t a64_fpsr_read(CPUA64State *env)
{
    vfp_take_host_flags(&env->fpsr);
    return env->fpsr;
}

void a64_fpsr_write(CPUA64State *env, uint32_t val)
{
    uint32_t pending = 0;
    vfp_take_host_flags(&pending); /* overwritten, not merged */
    env->fpsr = val & A64_FPSR_MASK;
}

uint64_t helper_a64_get_fpsr(void *env)
{
    return a64_fpsr_read(env);
}

void helper_a64_set_fpsr(void *env, uint64_t val)
{
    a64_fpsr_write(env, (uint32_t)val);
}
