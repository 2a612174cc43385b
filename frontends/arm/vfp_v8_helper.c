/*
 * ARMv8 AArch32 floating-point helpers: round to integral (VRINT*), convert
 * to integer with an explicit rounding mode (VCVT{A,N,P,M}), IEEE 754-2008
 * maxNum/minNum (VMAXNM/VMINNM) and half <-> double (VCVTB/VCVTT.F64),
 * bit-exact to FPRoundInt, FPToFixed, FPMaxNum/FPMinNum and FPConvert.
 *
 * The work is done on the integer bits, so no host exception flag is
 * raised behind the guest's back (the lazy MXCSR flags of vfp_helper.c
 * stay the guest's); the ARM flags go straight into env->fp_status_flags.
 * A single operand is widened to a double first (exactly), after FZ has
 * looked at it as a single.  desc selects the rounding mode and, for the
 * Advanced SIMD forms, the Standard FPSCR value (FZ = 1, DN = 1).
 */
#include <stdbool.h>
#include <stdint.h>

#include "frontends/arm/vfp_helper.h"

#define ENV(p) ((CPUARMState *)(p))
#define ARM_ST(p) (&(VfpStatus){ENV(p)->fpscr, &ENV(p)->fp_status_flags})

#define S_SIGN 0x80000000u
#define S_EXP 0x7f800000u
#define S_QUIET 0x00400000u
#define S_DEFAULT_NAN 0x7fc00000u
#define D_SIGN 0x8000000000000000ull
#define D_EXP 0x7ff0000000000000ull
#define D_FRAC 0x000fffffffffffffull
#define D_QUIET 0x0008000000000000ull
#define D_DEFAULT_NAN 0x7ff8000000000000ull

/* One operand: its width and the FPSCR bits that govern it. */
typedef struct FpArg {
    bool dp;
    bool fz, dn;
} FpArg;

static FpArg fp_arg(const VfpStatus *st, bool dp, uint32_t desc)
{
    uint32_t fpscr = (desc & V8FP_STANDARD) ? (FPSCR_FZ | FPSCR_DN) : st->fpscr;
    return (FpArg){dp, (fpscr & FPSCR_FZ) != 0, (fpscr & FPSCR_DN) != 0};
}

static int fp_rmode(const VfpStatus *st, uint32_t desc)
{
    int rm = (int)(desc & V8FP_RMODE_MASK);
    if (rm == V8FP_RMODE_FPSCR) {
        return (desc & V8FP_STANDARD) ? FPROUND_RN : (int)((st->fpscr >> FPSCR_RMODE_SHIFT) & 3);
    }
    return rm;
}

static bool is_nan(const FpArg *f, uint64_t a)
{
    return f->dp ? (a & ~D_SIGN) > D_EXP : (a & ~(uint64_t)S_SIGN & 0xffffffffu) > S_EXP;
}

static bool is_snan(const FpArg *f, uint64_t a)
{
    return is_nan(f, a) && !(a & (f->dp ? D_QUIET : S_QUIET));
}

static bool is_denormal(const FpArg *f, uint64_t a)
{
    return f->dp ? (a & D_EXP) == 0 && (a & ~D_SIGN) != 0 : (a & S_EXP) == 0 && (a & ~(uint64_t)S_SIGN) != 0;
}

static uint64_t sign_of(const FpArg *f, uint64_t a) { return a & (f->dp ? D_SIGN : S_SIGN); }

/* FPProcessNaN: quiet a signalling NaN (IOC); DN gives the default NaN. */
static uint64_t process_nan(const FpArg *f, uint64_t a, uint32_t *flags)
{
    if (is_snan(f, a)) {
        *flags |= FPSCR_IOC;
    }
    if (f->dn) {
        return f->dp ? D_DEFAULT_NAN : S_DEFAULT_NAN;
    }
    return a | (f->dp ? D_QUIET : S_QUIET);
}

/* FZ: a denormal input reads as a zero of its sign and sets IDC. */
static uint64_t flush_input(const FpArg *f, uint64_t a, uint32_t *flags)
{
    if (f->fz && is_denormal(f, a)) {
        *flags |= FPSCR_IDC;
        return sign_of(f, a);
    }
    return a;
}

/* The double with the value of a (exact for a single). */
static uint64_t widen(const FpArg *f, uint64_t a)
{
    if (f->dp) {
        return a;
    }
    uint64_t sign = (a & S_SIGN) ? D_SIGN : 0;
    uint32_t exp = (uint32_t)(a >> 23) & 0xff, frac = (uint32_t)a & 0x7fffffu;
    if (exp == 0xff) {
        return sign | D_EXP | (uint64_t)frac << 29;
    }
    if (exp == 0) {
        if (frac == 0) {
            return sign;
        }
        int e = 1023 - 126; /* 0.frac * 2^-126: normalise */
        while (!(frac & 0x800000u)) {
            frac <<= 1;
            e--;
        }
        return sign | (uint64_t)e << 52 | (uint64_t)(frac & 0x7fffffu) << 29;
    }
    return sign | (uint64_t)(exp + 1023 - 127) << 52 | (uint64_t)frac << 29;
}

/*
 * The finite nonzero double a rounded to an integer: magnitude in *q
 * (saturated at 2^63), and whether bits were dropped.
 */
static void round_to_integer(uint64_t a, int rmode, uint64_t *q, bool *inexact)
{
    bool neg = a >> 63;
    int exp = (int)((a >> 52) & 0x7ff);
    uint64_t m = (a & D_FRAC) | (exp ? D_FRAC + 1 : 0);
    int sh = 1075 - (exp ? exp : 1);     /* value = m * 2^-sh */
    if (sh <= 0) {
        *q = -sh >= 12 ? UINT64_MAX : m << -sh; /* exact below 2^64 */
        *inexact = false;
        return;
    }
    uint64_t iq = sh >= 64 ? 0 : m >> sh;
    uint64_t rem = sh >= 64 ? m : m & ((UINT64_C(1) << sh) - 1);
    /* Compare rem with one half (1 << (sh - 1)); past 64 bits it is below. */
    int cmp_half = sh > 64 ? -1 : sh == 64 ? (rem > (UINT64_C(1) << 63)) - (rem < (UINT64_C(1) << 63))
                                           : (rem > (UINT64_C(1) << (sh - 1))) - (rem < (UINT64_C(1) << (sh - 1)));
    bool up = false;
    switch (rmode) {
    case FPROUND_RN: up = cmp_half > 0 || (cmp_half == 0 && (iq & 1)); break;
    case FPROUND_RP: up = rem != 0 && !neg; break;
    case FPROUND_RM: up = rem != 0 && neg; break;
    case V8FP_RMODE_TIEAWAY: up = cmp_half >= 0; break;
    default: break; /* RZ */
    }
    *q = iq + up;
    *inexact = rem != 0;
}

/* The integral value q (exact in the format: an integer at most 2^64
 * that came from a value of the format) as a single or double. */
static uint64_t from_integral(const FpArg *f, uint64_t q)
{
    uint64_t r;
    if (f->dp) {
        double v = (double)q;
        __builtin_memcpy(&r, &v, 8);
    } else {
        float v = (float)q;
        uint32_t b;
        __builtin_memcpy(&b, &v, 4);
        r = b;
    }
    return r;
}

/* -- VRINT: FPRoundInt -- */

uint64_t vfp_rint(VfpStatus *env, bool dp, uint64_t a, uint32_t desc)
{
    FpArg f = fp_arg(env, dp, desc);
    uint32_t flags = 0;
    uint64_t r;
    a = flush_input(&f, a, &flags);
    if (is_nan(&f, a)) {
        r = process_nan(&f, a, &flags);
    } else if ((a & ~(f.dp ? D_SIGN : S_SIGN)) == 0 ||
               ((a >> (f.dp ? 52 : 23)) & (f.dp ? 0x7ff : 0xff)) >= (f.dp ? 1075u : 150u)) {
        r = a; /* zeros, infinities and values too large to have a fraction */
    } else {
        uint64_t q;
        bool inexact;
        round_to_integer(widen(&f, a), fp_rmode(env, desc), &q, &inexact);
        /* |a| < 2^52 or already integral, so q fits in the format exactly. */
        r = from_integral(&f, q) | sign_of(&f, a);
        if (inexact && (desc & V8FP_EXACT)) {
            flags |= FPSCR_IXC;
        }
    }
    *env->flags |= flags;
    return r;
}

uint64_t vfp_rint_n(VfpStatus *env, bool dp, uint64_t a, uint32_t desc, int bits)
{
    FpArg f = fp_arg(env, dp, desc);
    uint32_t flags = 0;
    uint64_t r, sign, mag;
    /* -2^(bits-1): sign, exponent bias + bits - 1, no fraction. */
    uint64_t most_negative = dp ? D_SIGN | (uint64_t)(1022 + bits) << 52 : S_SIGN | (uint64_t)(126 + bits) << 23;
    a = flush_input(&f, a, &flags);
    sign = sign_of(&f, a);
    mag = a & ~sign;
    if (mag >= (dp ? D_EXP : S_EXP)) { /* NaN or infinity */
        flags |= FPSCR_IOC;
        r = most_negative;
    } else if (mag == 0) {
        r = a;
    } else {
        uint64_t q;
        bool inexact;
        round_to_integer(widen(&f, a), fp_rmode(env, desc), &q, &inexact);
        uint64_t limit = (UINT64_C(1) << (bits - 1)) - (sign ? 0 : 1);
        if (q > limit) {
            flags |= FPSCR_IOC; /* and no IXC */
            r = most_negative;
        } else {
            r = (q ? from_integral(&f, q) : 0) | sign;
            if (inexact) {
                flags |= FPSCR_IXC;
            }
        }
    }
    *env->flags |= flags;
    return r;
}

uint32_t helper_vfp_rints(void *env, uint32_t a, uint32_t desc) { return (uint32_t)vfp_rint(ARM_ST(env), false, a, desc); }
uint64_t helper_vfp_rintd(void *env, uint64_t a, uint32_t desc) { return vfp_rint(ARM_ST(env), true, a, desc); }

/* -- VCVT{A,N,P,M} and A64 FCVT*: FPToFixed with an explicit rounding -- */

uint64_t vfp_to_fixed(VfpStatus *env, bool dp, uint64_t a, uint32_t desc, int fbits, int bits)
{
    FpArg f = fp_arg(env, dp, desc);
    uint32_t flags = 0;
    uint64_t r;
    bool sgn = desc & V8FP_SIGNED;
    a = flush_input(&f, a, &flags);
    if (is_nan(&f, a)) {
        flags |= FPSCR_IOC;
        r = 0;
    } else {
        uint64_t d = widen(&f, a), q = 0;
        bool inexact = false, neg = d >> 63, huge = false;
        int exp = (int)((d >> 52) & 0x7ff);
        if (exp == 0x7ff || (exp && exp - 1023 + fbits >= 64)) {
            huge = true; /* infinity or at least 2^64: saturates */
        } else if (d & ~D_SIGN) {
            /* Scaling by 2^fbits moves the exponent (below 0x7ff, checked
             * above). A denormal times 2^fbits stays below 2^-958, which
             * rounds to an integer exactly as the denormal itself does. */
            if (exp) {
                d += (uint64_t)fbits << 52;
            }
            round_to_integer(d, fp_rmode(env, desc), &q, &inexact);
        }
        uint64_t half = UINT64_C(1) << (bits - 1);
        uint64_t lim = sgn ? (neg ? half : half - 1) : (neg ? 0 : half + (half - 1));
        if (huge || q > lim) {
            flags |= FPSCR_IOC;
            q = lim;
        } else if (inexact) {
            flags |= FPSCR_IXC;
        }
        r = neg ? -q : q;
        if (bits == 32) {
            r = (uint32_t)r;
        }
    }
    *env->flags |= flags;
    return r;
}

uint32_t helper_vfp_cvt_rm_s(void *env, uint32_t a, uint32_t desc)
{
    return (uint32_t)vfp_to_fixed(ARM_ST(env), false, a, desc, 0, 32);
}

uint32_t helper_vfp_cvt_rm_d(void *env, uint64_t a, uint32_t desc)
{
    return (uint32_t)vfp_to_fixed(ARM_ST(env), true, a, desc, 0, 32);
}

/* -- VMAXNM / VMINNM: FPMaxNum / FPMinNum -- */

/* A total order key for non-NaN bits: -0 and +0 compare equal. */
static int64_t order_key(const FpArg *f, uint64_t a)
{
    uint64_t mag = a & ~(f->dp ? D_SIGN : S_SIGN);
    return sign_of(f, a) ? -(int64_t)mag : (int64_t)mag;
}

uint64_t vfp_max_min(VfpStatus *env, bool dp, uint64_t a, uint64_t b, uint32_t desc)
{
    FpArg f = fp_arg(env, dp, desc);
    uint32_t flags = 0;
    uint64_t r;
    bool min = desc & V8FP_MIN;
    a = flush_input(&f, a, &flags);
    b = flush_input(&f, b, &flags);
    bool an = is_nan(&f, a), bn = is_nan(&f, b);
    /* One quiet NaN against a number: the number wins (not for FPMax). */
    if (desc & V8FP_PROPAGATE) {
        if (an || bn) {
            uint64_t pick = is_snan(&f, a) ? a : is_snan(&f, b) ? b : an ? a : b;
            *env->flags |= flags;
            return process_nan(&f, pick, env->flags);
        }
    }
    if (an && !bn && !is_snan(&f, a)) {
        r = b;
    } else if (bn && !an && !is_snan(&f, b)) {
        r = a;
    } else if (an || bn) {
        /* FPProcessNaNs: signalling first, then the first operand. */
        uint64_t pick = is_snan(&f, a) ? a : is_snan(&f, b) ? b : an ? a : b;
        r = process_nan(&f, pick, &flags);
    } else {
        int64_t ka = order_key(&f, a), kb = order_key(&f, b);
        if (ka == kb) {
            /* Equal values differ only for zeros: max(+0, -0) = +0, min = -0. */
            r = min ? (a | b) : (a & b);
        } else {
            r = (ka > kb) != min ? a : b;
        }
    }
    *env->flags |= flags;
    return r;
}

uint32_t helper_vfp_maxnms(void *env, uint32_t a, uint32_t b, uint32_t desc)
{
    return (uint32_t)vfp_max_min(ARM_ST(env), false, a, b, desc);
}

uint64_t helper_vfp_maxnmd(void *env, uint64_t a, uint64_t b, uint32_t desc)
{
    return vfp_max_min(ARM_ST(env), true, a, b, desc);
}

/* -- Half <-> double (VCVTB/VCVTT with sz = 1) -- */

/* Exact: every half is a single, every single a double. */
uint64_t helper_vfp_h_to_d(void *env, uint32_t h)
{
    FpArg f = {false, false, false};
    return widen(&f, helper_vfp_h_to_s(env, h));
}
