/*
 * VFP arithmetic, compare and conversion helpers, bit-exact to the ARM ARM
 * pseudocode (FPAdd, FPMulAdd, FPProcessNaNs, FPRound, FPToFixed, ...).
 *
 * The host's SSE unit does the rounding where it agrees with ARM, which is
 * almost always.  The fast path of an op (FPSCR.RMode = RN, FZ = 0; DN is
 * free) is one SSE instruction and two checks on the result:
 *
 *     r = a + b               addss (its flags stay in MXCSR, see below)
 *     NaN result?             x86 picks NaN operands differently and its
 *                             default NaN is negative: redo in the slow path
 *     |r| == min normal?      ARM detects tininess before rounding, x86
 *                             after: redo in the slow path
 *
 * With FZ = 1 the fast path takes only normal inputs and normal results.
 * The slow path flushes denormal inputs (FZ, setting IDC), picks NaNs as
 * FPProcessNaNs does, computes with the host rounding mode set from
 * FPSCR.RMode, decides tininess by recomputing towards zero (the exact
 * result is below the smallest normal iff its round-towards-zero is), and
 * flushes tiny results to zero (FZ: UFC and no IXC).
 *
 * Exception flags are lazy.  Where x86 and ARM agree (everything the fast
 * path lets through), the host's sticky MXCSR flags are the guest's, so
 * the guest's cumulative flags are env->fp_status_flags | MXCSR flags.
 * They are folded into env only where MXCSR is rewritten (the slow paths)
 * and read where FPSCR is read (VMRS, signal frames); an FPSCR write
 * clears both.  stmxcsr waits for every FP op in flight, so keeping it
 * off the fast path matters.  Host FP work inside helpers is exact, and
 * classification (NaN, denormal, compare) is done on the integer bits:
 * ucomiss would raise the invalid flag on a signalling NaN.
 */
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "frontends/arm/vfp_helper.h"

#define ENV(p) ((CPUARMState *)(p))
/* The status an AArch32 helper works on: FPSCR and the cumulative flags. */
#define ARM_ST(p) (&(VfpStatus){ENV(p)->fpscr, &ENV(p)->fp_status_flags})
/* The same as the two arguments of the inline cores (s_op, d_op, the
 * compares), which take them apart so a helper's fast path builds no
 * VfpStatus. */
#define ARM_FP(p) ENV(p)->fpscr, &ENV(p)->fp_status_flags
#define unlikely(x) __builtin_expect(!!(x), 0)

/* -- Host MXCSR -- */

enum { MX_IE = 1, MX_DE = 2, MX_ZE = 4, MX_OE = 8, MX_UE = 16, MX_PE = 32 };
#define MXCSR_DEFAULT 0x1f80u /* all exceptions masked, RN, no FTZ/DAZ */
#define MXCSR_RZ (MXCSR_DEFAULT | 3u << 13)

static inline uint32_t mxcsr_get(void)
{
    uint32_t m;
    __asm__ volatile("stmxcsr %0" : "=m"(m));
    return m;
}

static inline void mxcsr_set(uint32_t m)
{
    __asm__ volatile("ldmxcsr %0" : : "m"(m));
}

/* IE->IOC, ZE->DZC, OE->OFC, UE->UFC, PE->IXC; DE has no ARM meaning. */
static inline uint32_t mxcsr_to_fpscr(uint32_t m)
{
    return (m & 1) | ((m >> 1) & 0x1e);
}

/* Moves the guest flags pending in MXCSR into env before MXCSR changes. */
static inline void fold_host_flags(VfpStatus *env)
{
    *env->flags |= mxcsr_to_fpscr(mxcsr_get());
}

/* ARM RMode RN, RP, RM, RZ -> x86 RC 0 (nearest), 2 (up), 1 (down), 3. */
static inline uint32_t mxcsr_for(uint32_t fpscr)
{
    static const uint32_t rc[4] = {0, 2u << 13, 1u << 13, 3u << 13};
    return MXCSR_DEFAULT | rc[(fpscr >> FPSCR_RMODE_SHIFT) & 3];
}

#define VFP_SLOW_BITS (FPSCR_FZ | FPSCR_DN | 3u << FPSCR_RMODE_SHIFT)
#define VFP_RMODE_BITS (3u << FPSCR_RMODE_SHIFT)

/* -- Bits <-> host values -- */

static inline float sf(uint32_t b) { float f; memcpy(&f, &b, 4); return f; }
static inline uint32_t sb(float f) { uint32_t b; memcpy(&b, &f, 4); return b; }
static inline double df(uint64_t b) { double f; memcpy(&f, &b, 8); return f; }
static inline uint64_t db(double f) { uint64_t b; memcpy(&b, &f, 8); return b; }

/* -- Classification on bits -- */

#define S_SIGN 0x80000000u
#define S_INF 0x7f800000u
#define S_QUIET 0x00400000u
#define S_MIN_NORMAL 0x00800000u
#define S_DEFAULT_NAN 0x7fc00000u
#define D_SIGN 0x8000000000000000ull
#define D_INF 0x7ff0000000000000ull
#define D_QUIET 0x0008000000000000ull
#define D_MIN_NORMAL 0x0010000000000000ull
#define D_DEFAULT_NAN 0x7ff8000000000000ull

static inline bool s_nan(uint32_t a) { return (a & ~S_SIGN) > S_INF; }
static inline bool s_snan(uint32_t a) { return s_nan(a) && !(a & S_QUIET); }
static inline bool s_denormal(uint32_t a) { return (a & S_INF) == 0 && (a & ~S_SIGN) != 0; }
static inline bool d_nan(uint64_t a) { return (a & ~D_SIGN) > D_INF; }
static inline bool d_snan(uint64_t a) { return d_nan(a) && !(a & D_QUIET); }
static inline bool d_denormal(uint64_t a) { return (a & D_INF) == 0 && (a & ~D_SIGN) != 0; }

/* -- Host operations -- */


static inline int vop_nargs(VfpOp op)
{
    return op == VOP_FMA ? 3 : (op == VOP_SQRT || op == VOP_CVT) ? 1 : 2;
}

static bool host_has_fma(void)
{
    static int have = -1;
    if (unlikely(have < 0)) {
        __builtin_cpu_init();
        have = __builtin_cpu_supports("fma") ? 1 : 0;
    }
    return have;
}

/*
 * Each op is a volatile asm so that it stays between the ldmxcsr/stmxcsr
 * around it.  VOP_CVT rounds the double d to single.  Without host FMA,
 * glibc's fmaf/fma are correctly rounded and raise the right flags.
 */
static inline float hs_op(VfpOp op, float a, float b, float c, double d)
{
    switch (op) {
    case VOP_ADD: __asm__ volatile("addss %1, %0" : "+x"(a) : "x"(b)); return a;
    case VOP_SUB: __asm__ volatile("subss %1, %0" : "+x"(a) : "x"(b)); return a;
    case VOP_MUL: __asm__ volatile("mulss %1, %0" : "+x"(a) : "x"(b)); return a;
    case VOP_DIV: __asm__ volatile("divss %1, %0" : "+x"(a) : "x"(b)); return a;
    case VOP_SQRT: __asm__ volatile("sqrtss %0, %0" : "+x"(a)); return a;
    case VOP_CVT: __asm__ volatile("cvtsd2ss %1, %0" : "=x"(a) : "x"(d)); return a;
    case VOP_FMA:
        if (host_has_fma()) {
            __asm__ volatile("vfmadd231ss %2, %1, %0" : "+x"(c) : "x"(a), "x"(b));
            return c;
        }
        return fmaf(a, b, c);
    }
    return a;
}

static inline double hd_op(VfpOp op, double a, double b, double c)
{
    switch (op) {
    case VOP_ADD: __asm__ volatile("addsd %1, %0" : "+x"(a) : "x"(b)); return a;
    case VOP_SUB: __asm__ volatile("subsd %1, %0" : "+x"(a) : "x"(b)); return a;
    case VOP_MUL: __asm__ volatile("mulsd %1, %0" : "+x"(a) : "x"(b)); return a;
    case VOP_DIV: __asm__ volatile("divsd %1, %0" : "+x"(a) : "x"(b)); return a;
    case VOP_SQRT: __asm__ volatile("sqrtsd %0, %0" : "+x"(a)); return a;
    case VOP_FMA:
        if (host_has_fma()) {
            __asm__ volatile("vfmadd231sd %2, %1, %0" : "+x"(c) : "x"(a), "x"(b));
            return c;
        }
        return fma(a, b, c);
    case VOP_CVT: break;
    }
    return a;
}

/* -- NaN selection (FPProcessNaN, FPProcessNaNs, FPProcessNaNs3) -- */

/* ops[] in the architecture's order; at least one is a NaN. */
static uint32_t s_pick_nan(uint32_t fpscr, uint32_t *flags, const uint32_t *ops, int n)
{
    uint32_t r = S_DEFAULT_NAN;
    int i;
    for (i = 0; i < n && !s_snan(ops[i]); i++) {
    }
    if (i < n) {
        *flags |= FPSCR_IOC;
        r = ops[i] | S_QUIET;
    } else {
        for (i = 0; i < n && !s_nan(ops[i]); i++) {
        }
        r = ops[i];
    }
    return (fpscr & FPSCR_DN) ? S_DEFAULT_NAN : r;
}

static uint64_t d_pick_nan(uint32_t fpscr, uint32_t *flags, const uint64_t *ops, int n)
{
    uint64_t r = D_DEFAULT_NAN;
    int i;
    for (i = 0; i < n && !d_snan(ops[i]); i++) {
    }
    if (i < n) {
        *flags |= FPSCR_IOC;
        r = ops[i] | D_QUIET;
    } else {
        for (i = 0; i < n && !d_nan(ops[i]); i++) {
        }
        r = ops[i];
    }
    return (fpscr & FPSCR_DN) ? D_DEFAULT_NAN : r;
}

/* FPMulAdd: a quiet-NaN addend does not hide the invalid inf * 0. */
static bool mul_is_inf_times_zero(bool a_inf, bool a_zero, bool b_inf, bool b_zero)
{
    return (a_inf && b_zero) || (a_zero && b_inf);
}

/* -- Single precision core -- */

/*
 * Computes op on already flushed, non-NaN inputs under fpscr's rounding
 * mode and applies the ARM underflow rules.  Leaves MXCSR at its default.
 */
static uint32_t s_compute(uint32_t fpscr, uint32_t *flags, VfpOp op, const uint32_t *o, double d)
{
    mxcsr_set(mxcsr_for(fpscr));
    uint32_t r = sb(hs_op(op, sf(o[0]), sf(o[1]), sf(o[2]), d));
    uint32_t m = mxcsr_get();
    uint32_t f = mxcsr_to_fpscr(m);
    uint32_t mag = r & ~S_SIGN;
    if (s_nan(r)) {
        r = S_DEFAULT_NAN; /* an invalid op: x86's default NaN is negative */
    } else if (mag <= S_MIN_NORMAL && (mag != 0 || (m & MX_PE))) {
        bool inexact = m & MX_PE, tiny = mag < S_MIN_NORMAL;
        if (mag == S_MIN_NORMAL && inexact) {
            mxcsr_set(MXCSR_RZ);
            tiny = (sb(hs_op(op, sf(o[0]), sf(o[1]), sf(o[2]), d)) & ~S_SIGN) < S_MIN_NORMAL;
        }
        if (tiny && (fpscr & FPSCR_FZ)) {
            r &= S_SIGN;
            f = (f & ~(FPSCR_IXC | FPSCR_UFC)) | FPSCR_UFC;
        } else if (tiny && inexact) {
            f |= FPSCR_UFC;
        }
    }
    mxcsr_set(MXCSR_DEFAULT);
    *flags |= f;
    return r;
}

/*
 * FZ fast path: a tiny result must be flushed without IXC, but the host op
 * would already have left PE in MXCSR, mixed with earlier guest flags.  So
 * ops that can round to a tiny result go slow before computing: a product
 * of normals below 2^emin needs ea + eb < bias + 1, a quotient needs
 * eb > ea + bias - 3 (biased exponents).  A tiny sum or difference of
 * floats is exact and sqrt of a normal is normal.  a * b + c is exact
 * to a grain of min(ulp(a * b), ulp(c)) = 2^min(ea + eb - 2 bias - 2p + 2,
 * ec - bias - p + 1) for precision p, so when that grain is at least
 * 2^(1 - bias) no nonzero result is tiny: ea + eb >= bias + 2p - 1 and
 * ec >= p (ec_min below).
 */
static inline bool fz_may_flush(VfpOp op, int ea, int eb, int ec, int bias, int ec_min)
{
    switch (op) {
    case VOP_MUL: return ea + eb < bias + 1;
    case VOP_DIV: return eb > ea + bias - 3;
    case VOP_FMA: return ea + eb < bias + 2 * ec_min - 1 || ec < ec_min;
    default: return false;
    }
}

static uint32_t s_op_slow(uint32_t fpscr_in, uint32_t *fpsr, VfpOp op, uint32_t a, uint32_t b, uint32_t c)
{
    VfpStatus st = {fpscr_in, fpsr}, *env = &st;
    uint32_t fpscr = env->fpscr, flags = 0, r;
    fold_host_flags(env);
    uint32_t o[3] = {a, b, c};
    int n = vop_nargs(op);
    for (int i = 0; i < n; i++) {
        if ((fpscr & FPSCR_FZ) && s_denormal(o[i])) {
            o[i] &= S_SIGN;
            flags |= FPSCR_IDC;
        }
    }
    if (s_nan(o[0]) || (n > 1 && s_nan(o[1])) || (n > 2 && s_nan(o[2]))) {
        if (op == VOP_FMA) {
            uint32_t ord[3] = {o[2], o[0], o[1]};
            r = s_pick_nan(fpscr, &flags, ord, 3);
            uint32_t ma = o[0] & ~S_SIGN, mb = o[1] & ~S_SIGN;
            if (s_nan(o[2]) && !s_snan(o[2]) &&
                mul_is_inf_times_zero(ma == S_INF, ma == 0, mb == S_INF, mb == 0)) {
                r = S_DEFAULT_NAN;
                flags |= FPSCR_IOC;
            }
        } else {
            r = s_pick_nan(fpscr, &flags, o, n);
        }
    } else {
        r = s_compute(fpscr, &flags, op, o, 0);
    }
    *env->flags |= flags;
    return r;
}

static inline __attribute__((always_inline)) uint32_t s_op(uint32_t fpscr, uint32_t *flags, VfpOp op, uint32_t a,
                                                            uint32_t b, uint32_t c)
{
    int n = vop_nargs(op);
    if (unlikely(fpscr & VFP_RMODE_BITS)) {
        return s_op_slow(fpscr, flags, op, a, b, c);
    }
    if (unlikely(fpscr & FPSCR_FZ)) {
        /* Normal in, normal out: flushing changes nothing (-ffast-math). */
        if (s_denormal(a) || (n > 1 && s_denormal(b)) || (n > 2 && s_denormal(c)) ||
            fz_may_flush(op, a >> 23 & 0xff, b >> 23 & 0xff, c >> 23 & 0xff, 127, 24)) {
            return s_op_slow(fpscr, flags, op, a, b, c);
        }
        uint32_t r = sb(hs_op(op, sf(a), sf(b), sf(c), 0));
        uint32_t mag = r & ~S_SIGN;
        if (unlikely(mag > S_INF || mag <= S_MIN_NORMAL)) {
            return s_op_slow(fpscr, flags, op, a, b, c);
        }
        return r;
    }
    /* DN only matters for NaN results, which take the slow path. */
    uint32_t r = sb(hs_op(op, sf(a), sf(b), sf(c), 0));
    uint32_t mag = r & ~S_SIGN;
    if (unlikely(mag > S_INF || mag == S_MIN_NORMAL)) {
        return s_op_slow(fpscr, flags, op, a, b, c);
    }
    return r;
}

uint32_t helper_vfp_adds(void *env, uint32_t a, uint32_t b) { return s_op(ARM_FP(env), VOP_ADD, a, b, 0); }
uint32_t helper_vfp_subs(void *env, uint32_t a, uint32_t b) { return s_op(ARM_FP(env), VOP_SUB, a, b, 0); }
uint32_t helper_vfp_muls(void *env, uint32_t a, uint32_t b) { return s_op(ARM_FP(env), VOP_MUL, a, b, 0); }
uint32_t helper_vfp_divs(void *env, uint32_t a, uint32_t b) { return s_op(ARM_FP(env), VOP_DIV, a, b, 0); }
uint32_t helper_vfp_sqrts(void *env, uint32_t a) { return s_op(ARM_FP(env), VOP_SQRT, a, 0, 0); }
uint32_t helper_vfp_muladds(void *env, uint32_t a, uint32_t b, uint32_t c)
{
    return s_op(ARM_FP(env), VOP_FMA, a, b, c);
}

uint32_t vfp_s_arith(VfpStatus *st, VfpOp op, uint32_t a, uint32_t b, uint32_t c)
{
    return s_op(st->fpscr, st->flags, op, a, b, c);
}

/* -- Double precision core (the same rules) -- */

static uint64_t d_compute(uint32_t fpscr, uint32_t *flags, VfpOp op, const uint64_t *o)
{
    mxcsr_set(mxcsr_for(fpscr));
    uint64_t r = db(hd_op(op, df(o[0]), df(o[1]), df(o[2])));
    uint32_t m = mxcsr_get();
    uint32_t f = mxcsr_to_fpscr(m);
    uint64_t mag = r & ~D_SIGN;
    if (d_nan(r)) {
        r = D_DEFAULT_NAN;
    } else if (mag <= D_MIN_NORMAL && (mag != 0 || (m & MX_PE))) {
        bool inexact = m & MX_PE, tiny = mag < D_MIN_NORMAL;
        if (mag == D_MIN_NORMAL && inexact) {
            mxcsr_set(MXCSR_RZ);
            tiny = (db(hd_op(op, df(o[0]), df(o[1]), df(o[2]))) & ~D_SIGN) < D_MIN_NORMAL;
        }
        if (tiny && (fpscr & FPSCR_FZ)) {
            r &= D_SIGN;
            f = (f & ~(FPSCR_IXC | FPSCR_UFC)) | FPSCR_UFC;
        } else if (tiny && inexact) {
            f |= FPSCR_UFC;
        }
    }
    mxcsr_set(MXCSR_DEFAULT);
    *flags |= f;
    return r;
}

static uint64_t d_op_slow(uint32_t fpscr_in, uint32_t *fpsr, VfpOp op, uint64_t a, uint64_t b, uint64_t c)
{
    VfpStatus st = {fpscr_in, fpsr}, *env = &st;
    uint32_t fpscr = env->fpscr, flags = 0;
    fold_host_flags(env);
    uint64_t o[3] = {a, b, c}, r;
    int n = vop_nargs(op);
    for (int i = 0; i < n; i++) {
        if ((fpscr & FPSCR_FZ) && d_denormal(o[i])) {
            o[i] &= D_SIGN;
            flags |= FPSCR_IDC;
        }
    }
    if (d_nan(o[0]) || (n > 1 && d_nan(o[1])) || (n > 2 && d_nan(o[2]))) {
        if (op == VOP_FMA) {
            uint64_t ord[3] = {o[2], o[0], o[1]};
            r = d_pick_nan(fpscr, &flags, ord, 3);
            uint64_t ma = o[0] & ~D_SIGN, mb = o[1] & ~D_SIGN;
            if (d_nan(o[2]) && !d_snan(o[2]) &&
                mul_is_inf_times_zero(ma == D_INF, ma == 0, mb == D_INF, mb == 0)) {
                r = D_DEFAULT_NAN;
                flags |= FPSCR_IOC;
            }
        } else {
            r = d_pick_nan(fpscr, &flags, o, n);
        }
    } else {
        r = d_compute(fpscr, &flags, op, o);
    }
    *env->flags |= flags;
    return r;
}

static inline __attribute__((always_inline)) uint64_t d_op(uint32_t fpscr, uint32_t *flags, VfpOp op, uint64_t a,
                                                            uint64_t b, uint64_t c)
{
    int n = vop_nargs(op);
    if (unlikely(fpscr & VFP_RMODE_BITS)) {
        return d_op_slow(fpscr, flags, op, a, b, c);
    }
    if (unlikely(fpscr & FPSCR_FZ)) {
        if (d_denormal(a) || (n > 1 && d_denormal(b)) || (n > 2 && d_denormal(c)) ||
            fz_may_flush(op, (int)(a >> 52 & 0x7ff), (int)(b >> 52 & 0x7ff), (int)(c >> 52 & 0x7ff), 1023,
                         53)) {
            return d_op_slow(fpscr, flags, op, a, b, c);
        }
        uint64_t r = db(hd_op(op, df(a), df(b), df(c)));
        uint64_t mag = r & ~D_SIGN;
        if (unlikely(mag > D_INF || mag <= D_MIN_NORMAL)) {
            return d_op_slow(fpscr, flags, op, a, b, c);
        }
        return r;
    }
    uint64_t r = db(hd_op(op, df(a), df(b), df(c)));
    uint64_t mag = r & ~D_SIGN;
    if (unlikely(mag > D_INF || mag == D_MIN_NORMAL)) {
        return d_op_slow(fpscr, flags, op, a, b, c);
    }
    return r;
}

uint64_t helper_vfp_addd(void *env, uint64_t a, uint64_t b) { return d_op(ARM_FP(env), VOP_ADD, a, b, 0); }
uint64_t helper_vfp_subd(void *env, uint64_t a, uint64_t b) { return d_op(ARM_FP(env), VOP_SUB, a, b, 0); }
uint64_t helper_vfp_muld(void *env, uint64_t a, uint64_t b) { return d_op(ARM_FP(env), VOP_MUL, a, b, 0); }
uint64_t helper_vfp_divd(void *env, uint64_t a, uint64_t b) { return d_op(ARM_FP(env), VOP_DIV, a, b, 0); }
uint64_t helper_vfp_sqrtd(void *env, uint64_t a) { return d_op(ARM_FP(env), VOP_SQRT, a, 0, 0); }
uint64_t helper_vfp_muladdd(void *env, uint64_t a, uint64_t b, uint64_t c)
{
    return d_op(ARM_FP(env), VOP_FMA, a, b, c);
}

uint64_t vfp_d_arith(VfpStatus *st, VfpOp op, uint64_t a, uint64_t b, uint64_t c)
{
    return d_op(st->fpscr, st->flags, op, a, b, c);
}

/* -- Compare (FPCompare) -- */

static void set_fpscr_nzcv(CPUARMState *env, uint32_t nzcv)
{
    env->fpscr = (env->fpscr & 0x0fffffffu) | nzcv << 28;
}

/* NZCV for a < b, a == b, a > b, unordered. */
enum { CMP_LT = 0x8, CMP_EQ = 0x6, CMP_GT = 0x2, CMP_UN = 0x3 };

/* Orders non-NaN floats as integers (sign-magnitude to two's complement). */
static inline int64_t s_key(uint32_t a)
{
    int64_t m = a & ~S_SIGN;
    return (a & S_SIGN) ? -m : m;
}

static inline int64_t d_key(uint64_t a)
{
    int64_t m = (int64_t)(a & ~D_SIGN);
    return (a & D_SIGN) ? -m : m;
}

static inline __attribute__((always_inline)) uint32_t s_compare(uint32_t fpscr, uint32_t *fpsr, uint32_t a, uint32_t b,
                                                                 uint32_t e)
{
    uint32_t flags = 0, nzcv;
    if (fpscr & FPSCR_FZ) {
        if (s_denormal(a)) { a &= S_SIGN; flags |= FPSCR_IDC; }
        if (s_denormal(b)) { b &= S_SIGN; flags |= FPSCR_IDC; }
    }
    if (s_nan(a) || s_nan(b)) {
        nzcv = CMP_UN;
        if (e || s_snan(a) || s_snan(b)) {
            flags |= FPSCR_IOC;
        }
    } else {
        int64_t ka = s_key(a), kb = s_key(b);
        nzcv = ka == kb ? CMP_EQ : ka < kb ? CMP_LT : CMP_GT;
    }
    *fpsr |= flags;
    return nzcv;
}

uint32_t vfp_s_compare(VfpStatus *st, uint32_t a, uint32_t b, uint32_t e)
{
    return s_compare(st->fpscr, st->flags, a, b, e);
}

void helper_vfp_cmps(void *env, uint32_t a, uint32_t b, uint32_t e)
{
    set_fpscr_nzcv(ENV(env), s_compare(ARM_FP(env), a, b, e));
}

static inline __attribute__((always_inline)) uint32_t d_compare(uint32_t fpscr, uint32_t *fpsr, uint64_t a, uint64_t b,
                                                                 uint32_t e)
{
    uint32_t flags = 0, nzcv;
    if (fpscr & FPSCR_FZ) {
        if (d_denormal(a)) { a &= D_SIGN; flags |= FPSCR_IDC; }
        if (d_denormal(b)) { b &= D_SIGN; flags |= FPSCR_IDC; }
    }
    if (d_nan(a) || d_nan(b)) {
        nzcv = CMP_UN;
        if (e || d_snan(a) || d_snan(b)) {
            flags |= FPSCR_IOC;
        }
    } else {
        int64_t ka = d_key(a), kb = d_key(b);
        nzcv = ka == kb ? CMP_EQ : ka < kb ? CMP_LT : CMP_GT;
    }
    *fpsr |= flags;
    return nzcv;
}

uint32_t vfp_d_compare(VfpStatus *st, uint64_t a, uint64_t b, uint32_t e)
{
    return d_compare(st->fpscr, st->flags, a, b, e);
}

void helper_vfp_cmpd(void *env, uint64_t a, uint64_t b, uint32_t e)
{
    set_fpscr_nzcv(ENV(env), d_compare(ARM_FP(env), a, b, e));
}

/* -- Precision conversions (FPConvert) -- */

uint64_t vfp_s_to_d(VfpStatus *env, uint32_t a)
{
    uint32_t fpscr = env->fpscr;
    if ((fpscr & FPSCR_FZ) && s_denormal(a)) {
        a &= S_SIGN;
        *env->flags |= FPSCR_IDC;
    }
    if (s_nan(a)) {
        if (s_snan(a)) {
            *env->flags |= FPSCR_IOC;
        }
        if (fpscr & FPSCR_DN) {
            return D_DEFAULT_NAN;
        }
        return (uint64_t)(a & S_SIGN) << 32 | D_DEFAULT_NAN | (uint64_t)(a & 0x3fffffu) << 29;
    }
    return db((double)sf(a)); /* exact: only the ignored DE flag can rise */
}

uint64_t helper_vfp_fcvt_s_to_d(void *env, uint32_t a) { return vfp_s_to_d(ARM_ST(env), a); }

/* FPConvert double -> single under the given FPSCR value. */
static uint32_t d_to_s(VfpStatus *env, uint64_t a, uint32_t fpscr)
{
    uint32_t flags = 0, r;
    /* Under FZ only inputs of at least 2^-126 (or zero) are safe to round
     * on the host: nothing below could need flushing without IXC. */
    uint32_t exp = (uint32_t)(a >> 52) & 0x7ff;
    if (!(fpscr & VFP_RMODE_BITS) && !d_nan(a) &&
        (!(fpscr & FPSCR_FZ) || exp >= 1023 - 126 || (a & ~D_SIGN) == 0)) {
        r = sb(hs_op(VOP_CVT, 0, 0, 0, df(a)));
        if ((r & ~S_SIGN) != S_MIN_NORMAL) {
            return r;
        }
    }
    fold_host_flags(env);
    if ((fpscr & FPSCR_FZ) && d_denormal(a)) {
        a &= D_SIGN;
        flags |= FPSCR_IDC;
    }
    if (d_nan(a)) {
        if (d_snan(a)) {
            flags |= FPSCR_IOC;
        }
        r = (fpscr & FPSCR_DN) ? S_DEFAULT_NAN
                               : ((uint32_t)(a >> 32) & S_SIGN) | S_DEFAULT_NAN | ((uint32_t)(a >> 29) & 0x3fffffu);
    } else {
        static const uint32_t none[3];
        r = s_compute(fpscr, &flags, VOP_CVT, none, df(a));
    }
    *env->flags |= flags;
    return r;
}

uint32_t helper_vfp_fcvt_d_to_s(void *env, uint64_t a)
{
    return d_to_s(ARM_ST(env), a, ENV(env)->fpscr);
}

/*
 * Half precision.  FZ never applies to half values (only to the single
 * input of VCVTB/T.F16.F32).  FPSCR.AHP selects the alternative format.
 */
static uint32_t h_to_s(VfpStatus *env, uint32_t h, uint32_t fpscr)
{
    uint32_t sign = (h & 0x8000u) << 16, exp = (h >> 10) & 0x1f, frac = h & 0x3ff;
    if (exp == 31 && !(fpscr & FPSCR_AHP)) {
        if (frac == 0) {
            return sign | S_INF;
        }
        if (!(frac & 0x200)) {
            *env->flags |= FPSCR_IOC;
        }
        return (fpscr & FPSCR_DN) ? S_DEFAULT_NAN : sign | S_DEFAULT_NAN | frac << 13;
    }
    if (exp == 0) {
        if (frac == 0) {
            return sign;
        }
        uint32_t e = 113; /* 2^-14 * 0.frac, normalised */
        while (!(frac & 0x400)) {
            frac <<= 1;
            e--;
        }
        return sign | e << 23 | (frac & 0x3ff) << 13;
    }
    return sign | (exp + 112) << 23 | frac << 13;
}

/*
 * FPRound to half precision of a finite nonzero single, in software (no
 * dependence on the host's F16C).  The value is m * 2^e; the result is
 * q * 2^k with an 11-bit q, k >= -24 (the subnormal grain).  AHP has no
 * infinities: its largest exponent is a normal one, and overflow is an
 * invalid operation that saturates.
 */
static uint32_t round_to_half(uint32_t a, int rmode, bool ahp, uint32_t *flags)
{
    uint32_t sign = (a >> 16) & 0x8000u, exp = (a >> 23) & 0xff;
    uint32_t m = (a & 0x7fffffu) | (exp ? 0x800000u : 0);
    int e = (int)(exp ? exp : 1) - 150;
    int top = 31 - __builtin_clz(m);          /* value in [2^(e+top), 2^(e+top+1)) */
    int k = e + top - 10 < -24 ? -24 : e + top - 10;
    int sh = k - e;                           /* >= 13: bits dropped from m */
    uint32_t q = sh >= 32 ? 0 : m >> sh;
    uint32_t rem = sh >= 32 ? m : m & ((1u << sh) - 1);
    uint32_t half = sh >= 33 ? UINT32_MAX : 1u << (sh - 1);
    bool inexact = rem != 0, up = false;
    switch (rmode) {
    case FPROUND_RN: up = rem > half || (rem == half && (q & 1)); break;
    case FPROUND_RP: up = inexact && !sign; break;
    case FPROUND_RM: up = inexact && sign; break;
    default: break;
    }
    q += up;
    if (q == 2048) {
        q = 1024;
        k++;
    }
    if (inexact && e + top < -14) {
        *flags |= FPSCR_UFC;              /* tiny before rounding */
    }
    int eh = q >= 1024 ? k + 25 : 0;          /* biased exponent of the result */
    if (!ahp && eh >= 31) {
        bool to_inf = rmode == FPROUND_RN || (rmode == FPROUND_RP && !sign) || (rmode == FPROUND_RM && sign);
        *flags |= FPSCR_OFC | FPSCR_IXC;
        return sign | (to_inf ? 0x7c00u : 0x7bffu);
    }
    if (ahp && eh >= 32) {
        *flags |= FPSCR_IOC;
        return sign | 0x7fffu;
    }
    if (inexact) {
        *flags |= FPSCR_IXC;
    }
    return sign | (q >= 1024 ? (uint32_t)eh << 10 | (q - 1024) : q);
}

static uint32_t s_to_h(VfpStatus *env, uint32_t a, uint32_t fpscr)
{
    uint32_t flags = 0, r;
    uint32_t sign = (a >> 16) & 0x8000u;
    bool ahp = fpscr & FPSCR_AHP;
    if ((fpscr & FPSCR_FZ) && s_denormal(a)) {
        a &= S_SIGN;
        flags |= FPSCR_IDC;
    }
    if (s_nan(a)) {
        if (s_snan(a) || ahp) {
            flags |= FPSCR_IOC;
        }
        r = ahp ? sign : (fpscr & FPSCR_DN) ? 0x7e00u : sign | 0x7e00u | ((a >> 13) & 0x1ffu);
    } else if ((a & ~S_SIGN) == S_INF) {
        if (ahp) {
            flags |= FPSCR_IOC;
        }
        r = sign | (ahp ? 0x7fffu : 0x7c00u);
    } else if ((a & ~S_SIGN) == 0) {
        r = sign;
    } else {
        r = round_to_half(a, (int)((fpscr >> FPSCR_RMODE_SHIFT) & 3), ahp, &flags);
    }
    *env->flags |= flags;
    return r;
}

uint32_t helper_vfp_d_to_h(void *env, uint64_t a) { return vfp_d_to_h(ARM_ST(env), a); }
uint32_t vfp_d_to_s(VfpStatus *st, uint64_t a) { return d_to_s(st, a, st->fpscr); }
uint32_t vfp_h_to_s(VfpStatus *st, uint32_t h) { return h_to_s(st, h, st->fpscr); }
uint32_t vfp_s_to_h(VfpStatus *st, uint32_t a) { return s_to_h(st, a, st->fpscr); }
uint32_t helper_vfp_h_to_s(void *env, uint32_t h) { return h_to_s(ARM_ST(env), h, ENV(env)->fpscr); }
uint32_t helper_vfp_s_to_h(void *env, uint32_t a) { return s_to_h(ARM_ST(env), a, ENV(env)->fpscr); }

/* The Advanced SIMD forms: Standard FPSCR value, but FPSCR.AHP still counts. */
#define FPSCR_STANDARD_HALF(fpscr) (FPSCR_FZ | FPSCR_DN | ((fpscr) & FPSCR_AHP))
uint32_t helper_neon_h_to_s(void *env, uint32_t h) { return h_to_s(ARM_ST(env), h, FPSCR_STANDARD_HALF(ENV(env)->fpscr)); }
uint32_t helper_neon_s_to_h(void *env, uint32_t a) { return s_to_h(ARM_ST(env), a, FPSCR_STANDARD_HALF(ENV(env)->fpscr)); }

uint32_t vfp_round_double_to_half(uint64_t a, int rmode, bool ahp, uint32_t *flags)
{
    uint32_t sign = (uint32_t)(a >> 48) & 0x8000u, s;
    int exp = (int)((a >> 52) & 0x7ff) - 1023;
    if (exp < -60) {
        s = 3u << 23; /* 2^-124: below half the smallest half denormal */
    } else if (exp > 60) {
        s = 0xfdu << 23; /* 2^126: overflows like a */
    } else {
        uint64_t frac = a & (D_MIN_NORMAL - 1);
        s = (uint32_t)(exp + 127) << 23 | (uint32_t)(frac >> 29) | ((frac & ((1u << 29) - 1)) != 0);
    }
    return round_to_half(sign << 16 | s, rmode, ahp, flags);
}

/*
 * FPConvert double -> half.  The double is first narrowed to a single
 * with round-to-odd (dropped bits OR-ed into the last one), which keeps
 * every rounding to the 11-bit half significand correct; magnitudes far
 * outside the half range become singles far outside it too.
 */
uint32_t vfp_d_to_h(VfpStatus *env, uint64_t a)
{
    uint32_t fpscr = env->fpscr, flags = 0, r;
    uint32_t sign = (uint32_t)(a >> 48) & 0x8000u;
    bool ahp = fpscr & FPSCR_AHP;
    if ((fpscr & FPSCR_FZ) && d_denormal(a)) {
        a &= D_SIGN;
        flags |= FPSCR_IDC;
    }
    if (d_nan(a)) {
        if (d_snan(a) || ahp) {
            flags |= FPSCR_IOC;
        }
        r = ahp ? sign : (fpscr & FPSCR_DN) ? 0x7e00u : sign | 0x7e00u | (uint32_t)((a >> 42) & 0x1ffu);
    } else if ((a & ~D_SIGN) == D_INF) {
        if (ahp) {
            flags |= FPSCR_IOC;
        }
        r = sign | (ahp ? 0x7fffu : 0x7c00u);
    } else if ((a & ~D_SIGN) == 0) {
        r = sign;
    } else {
        r = vfp_round_double_to_half(a, (int)((fpscr >> FPSCR_RMODE_SHIFT) & 3), ahp, &flags);
    }
    *env->flags |= flags;
    return r;
}

/* -- Integer and fixed point (FPToFixed, FixedToFP) -- */

static inline int cvt_rmode(uint32_t fpscr, uint32_t desc)
{
    return (desc & VFP_CVT_RZ) ? FPROUND_RZ : (int)((fpscr >> FPSCR_RMODE_SHIFT) & 3);
}

/* Rounds the non-NaN double a * 2^fbits to an integer and saturates it. */
static uint32_t d_bits_to_fixed(uint64_t a, uint32_t desc, int rmode, uint32_t *flags)
{
    int width = (desc & VFP_CVT_16) ? 16 : 32, fbits = desc & 0xff;
    int64_t lo = (desc & VFP_CVT_SIGNED) ? -(INT64_C(1) << (width - 1)) : 0;
    int64_t hi = (desc & VFP_CVT_SIGNED) ? (INT64_C(1) << (width - 1)) - 1 : (INT64_C(1) << width) - 1;
    bool neg = a >> 63, inexact = false;
    int exp = (int)((a >> 52) & 0x7ff);
    uint64_t mant = a & (D_MIN_NORMAL - 1), ip;
    if (exp == 0 && mant == 0) {
        return 0;
    }
    if (exp == 0x7ff) {
        ip = UINT64_MAX; /* infinity saturates */
    } else {
        mant |= exp ? D_MIN_NORMAL : 0;
        int e = (exp ? exp : 1) - 1075 + fbits; /* value = mant * 2^e */
        if (e > 10) {
            ip = UINT64_MAX;
        } else if (e >= 0) {
            ip = mant << e;
        } else {
            int sh = -e;
            uint64_t rem = sh >= 64 ? mant : mant & ((UINT64_C(1) << sh) - 1);
            uint64_t half = sh >= 64 ? UINT64_MAX : UINT64_C(1) << (sh - 1);
            ip = sh >= 64 ? 0 : mant >> sh;
            inexact = rem != 0;
            bool up = false;
            switch (rmode) {
            case FPROUND_RN: up = rem > half || (rem == half && sh < 64 && (ip & 1)); break;
            case FPROUND_RP: up = inexact && !neg; break;
            case FPROUND_RM: up = inexact && neg; break;
            default: break;
            }
            ip += up;
        }
    }
    int64_t v;
    if (ip > (UINT64_C(1) << 40)) {
        v = neg ? lo - 1 : hi + 1;
    } else {
        v = neg ? -(int64_t)ip : (int64_t)ip;
    }
    if (v < lo || v > hi) {
        *flags |= FPSCR_IOC;
        v = v < lo ? lo : hi;
    } else if (inexact) {
        *flags |= FPSCR_IXC;
    }
    return (uint32_t)(int32_t)v;
}

uint32_t helper_vfp_s_to_fix(void *penv, uint32_t a, uint32_t desc)
{
    VfpStatus *env = ARM_ST(penv);
    uint32_t fpscr = env->fpscr, flags = 0, r;
    if ((fpscr & FPSCR_FZ) && s_denormal(a)) {
        a &= S_SIGN;
        flags |= FPSCR_IDC;
    }
    if (s_nan(a)) {
        flags |= FPSCR_IOC;
        r = 0;
    } else {
        r = d_bits_to_fixed(db((double)sf(a)), desc, cvt_rmode(fpscr, desc), &flags);
    }
    *env->flags |= flags;
    return r;
}

uint32_t helper_vfp_d_to_fix(void *penv, uint64_t a, uint32_t desc)
{
    VfpStatus *env = ARM_ST(penv);
    uint32_t fpscr = env->fpscr, flags = 0, r;
    if ((fpscr & FPSCR_FZ) && d_denormal(a)) {
        a &= D_SIGN;
        flags |= FPSCR_IDC;
    }
    if (d_nan(a)) {
        flags |= FPSCR_IOC;
        r = 0;
    } else {
        r = d_bits_to_fixed(a, desc, cvt_rmode(fpscr, desc), &flags);
    }
    *env->flags |= flags;
    return r;
}

/* The exact value of a fixed-point operand, as a double. */
static double fixed_value(uint32_t x, uint32_t desc)
{
    int64_t v;
    if (desc & VFP_CVT_16) {
        v = (desc & VFP_CVT_SIGNED) ? (int16_t)x : (uint16_t)x;
    } else {
        v = (desc & VFP_CVT_SIGNED) ? (int64_t)(int32_t)x : (int64_t)x;
    }
    return (double)v * df((uint64_t)(1023 - (desc & 0xff)) << 52);
}

uint32_t helper_vfp_fix_to_s(void *env, uint32_t x, uint32_t desc)
{
    uint32_t fpscr = ENV(env)->fpscr;
    if (desc & VFP_CVT_RN) {
        fpscr &= ~(3u << FPSCR_RMODE_SHIFT);
    }
    /* Exact as a double, so one rounding to single: never tiny, never NaN. */
    return d_to_s(ARM_ST(env), db(fixed_value(x, desc)), fpscr);
}

uint64_t helper_vfp_fix_to_d(void *env, uint32_t x, uint32_t desc)
{
    return db(fixed_value(x, desc));
}

/* -- FPSCR -- */

void vfp_take_host_flags(uint32_t *flags)
{
    uint32_t m = mxcsr_get();
    if (m & 0x3f) {
        *flags |= mxcsr_to_fpscr(m);
        mxcsr_set(m & ~0x3fu);
    }
}

uint32_t vfp_host_status_save(void)
{
    return mxcsr_get();
}

void vfp_host_status_restore(uint32_t saved)
{
    mxcsr_set(saved);
}

/* Includes the flags still pending in MXCSR (this must be env's thread). */
uint32_t arm_fpscr_read(const CPUARMState *env)
{
    uint32_t flags = env->fp_status_flags | mxcsr_to_fpscr(mxcsr_get());
    return (env->fpscr & ~FPSCR_CUMULATIVE) | (flags & FPSCR_CUMULATIVE);
}

void arm_fpscr_write(CPUARMState *env, uint32_t val)
{
    /* FZ16 exists with the ARMv8.2 half-precision arithmetic only. */
    uint32_t writable = FPSCR_WRITABLE | ((env->features & ARM_FEATURE_FP16) ? FPSCR_FZ16 : 0);
    env->fpscr = val & writable & ~FPSCR_CUMULATIVE;
    env->fp_status_flags = val & FPSCR_CUMULATIVE;
    mxcsr_set(MXCSR_DEFAULT);
}

uint32_t helper_vfp_get_fpscr(void *env)
{
    return arm_fpscr_read(ENV(env));
}

void helper_vfp_set_fpscr(void *env, uint32_t val)
{
    arm_fpscr_write(ENV(env), val);
}

