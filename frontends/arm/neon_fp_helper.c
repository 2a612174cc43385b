/*
 * NEON single-precision arithmetic with the "Standard FPSCR value" (ARM
 * DDI 0406C A2.7.4): default NaN, flush-to-zero of denormal inputs and
 * outputs, round to nearest, no traps.  The host's SSE arithmetic rounds
 * to nearest (MXCSR default, see vfp_helper.c), so each op flushes its
 * inputs, computes natively and fixes up NaNs and denormal results.
 * VRECPE/VRSQRTE follow the ARMv7 estimate algorithms bit for bit.
 */
#include <fenv.h>
#include <math.h>

#include "frontends/arm/neon_helper.h"

#define NFP_DEFAULT_NAN 0x7fc00000u

static inline float fb(uint32_t b) { float f; memcpy(&f, &b, 4); return f; }
static inline uint32_t bf(float f) { uint32_t b; memcpy(&b, &f, 4); return b; }

static bool nfp_is_nan(uint32_t a) { return (a & 0x7fffffffu) > 0x7f800000u; }
static bool nfp_is_snan(uint32_t a) { return nfp_is_nan(a) && !(a & 0x00400000u); }

/* Denormals read as signed zero (FZ). */
static uint32_t nfp_ftz(uint32_t a)
{
    return (a & 0x7f800000u) == 0 ? a & 0x80000000u : a;
}

/* An input operand under FZ: a denormal reads as zero and sets IDC. */
static uint32_t nfp_in(CPUARMState *env, uint32_t a)
{
    if ((a & 0x7f800000u) == 0 && (a & 0x7fffffu) != 0) {
        env->fp_status_flags |= 0x80u;
        return a & 0x80000000u;
    }
    return a;
}

/* Any NaN becomes the default NaN; a denormal result becomes zero. */
static uint32_t nfp_result(float r)
{
    uint32_t b = bf(r);
    if (nfp_is_nan(b)) {
        return NFP_DEFAULT_NAN;
    }
    return nfp_ftz(b);
}

/*
 * One host operation under the Standard FPSCR value.  A result that is
 * tiny (below 2^-126 before rounding) is flushed to zero with only UFC raised, as FZ asks; the
 * host would have raised UE/PE instead, so its flags are put back.  The
 * operands go through volatile so the compiler keeps the op between the
 * flag save and restore.
 */
enum { NFP_OP_ADD, NFP_OP_SUB, NFP_OP_MUL, NFP_OP_FMA };

/* The host FP status that holds guest flags: MXCSR alone on x86_64 (the
 * fenv functions would mix in the x87 flags), the fenv flags elsewhere. */
#if defined(__x86_64__)
typedef uint32_t NfpHostFlags;
static inline NfpHostFlags nfp_flags_save(void)
{
    uint32_t m;
    __asm__ volatile("stmxcsr %0" : "=m"(m));
    return m;
}
static inline void nfp_flags_restore(NfpHostFlags m)
{
    __asm__ volatile("ldmxcsr %0" : : "m"(m));
}
#else
typedef fexcept_t NfpHostFlags;
static inline NfpHostFlags nfp_flags_save(void)
{
    fexcept_t f;
    fegetexceptflag(&f, FE_ALL_EXCEPT);
    return f;
}
static inline void nfp_flags_restore(NfpHostFlags f)
{
    fesetexceptflag(&f, FE_ALL_EXCEPT);
}
#endif

static float nfp_arith(CPUARMState *env, int kind, float x, float y, float z)
{
    NfpHostFlags saved = nfp_flags_save();
    volatile float vx = x, vy = y, vz = z, vr;
    switch (kind) {
    case NFP_OP_ADD: vr = vx + vy; break;
    case NFP_OP_SUB: vr = vx - vy; break;
    case NFP_OP_MUL: vr = vx * vy; break;
    default: vr = fmaf(vx, vy, vz); break;
    }
    float r = vr;
    uint32_t b = bf(r);
    bool tiny = false;
    if ((b & 0x7fffffffu) <= 0x00800000u) {
        /* Tininess is judged on the exact result: a zero may be a tiny
         * product rounded down, the smallest normal a tiny value rounded
         * up.  Doubles hold these results exactly (fma: nearly). */
        NfpHostFlags after = nfp_flags_save();
        volatile double dx = x, dy = y, dz = z, dr;
        switch (kind) {
        case NFP_OP_ADD: dr = dx + dy; break;
        case NFP_OP_SUB: dr = dx - dy; break;
        case NFP_OP_MUL: dr = dx * dy; break;
        default: dr = fma(dx, dy, dz); break;
        }
        tiny = dr != 0 && fabs(dr) < 0x1p-126;
        nfp_flags_restore(after);
    }
    if (tiny) {
        nfp_flags_restore(saved);
        env->fp_status_flags |= 0x8u; /* UFC */
        return fb(b & 0x80000000u);
    }
    return r;
}

/* IOC for a signalling NaN operand (the host raises its own for the op). */
static void nfp_check_snan(CPUARMState *env, uint32_t a, uint32_t b)
{
    if (nfp_is_snan(a) || nfp_is_snan(b)) {
        env->fp_status_flags |= 1u;
    }
}

static uint32_t nfp_max_min(uint32_t a, uint32_t b, bool max)
{
    if (nfp_is_nan(a) || nfp_is_nan(b)) {
        return NFP_DEFAULT_NAN;
    }
    float x = fb(a), y = fb(b);
    if (x == y) {
        /* +0 vs -0: max is +0, min is -0. */
        return max ? a & b : a | b;
    }
    return (x > y) == max ? a : b;
}

uint32_t neon_fp_binop(CPUARMState *env, int op, uint32_t a, uint32_t b)
{
    a = nfp_in(env, a);
    b = nfp_in(env, b);
    float x = fb(a), y = fb(b);
    switch (op) {
    case NFP_ADD: return nfp_result(nfp_arith(env, NFP_OP_ADD, x, y, 0));
    case NFP_SUB: return nfp_result(nfp_arith(env, NFP_OP_SUB, x, y, 0));
    case NFP_MUL: return nfp_result(nfp_arith(env, NFP_OP_MUL, x, y, 0));
    case NFP_ABD: return nfp_result(fabsf(nfp_arith(env, NFP_OP_SUB, x, y, 0)));
    case NFP_MAX: nfp_check_snan(env, a, b); return nfp_max_min(a, b, true);
    case NFP_MIN: nfp_check_snan(env, a, b); return nfp_max_min(a, b, false);
    case NFP_CEQ: nfp_check_snan(env, a, b); return x == y ? ~0u : 0;
    case NFP_CGE: return x >= y ? ~0u : 0;
    case NFP_CGT: return x > y ? ~0u : 0;
    case NFP_CLE: return x <= y ? ~0u : 0;
    case NFP_CLT: return x < y ? ~0u : 0;
    case NFP_ACGE: return fabsf(x) >= fabsf(y) ? ~0u : 0;
    case NFP_ACGT: return fabsf(x) > fabsf(y) ? ~0u : 0;
    case NFP_RECPS:
    case NFP_RSQRTS: {
        /* ARMv7: unfused 2 - a*b and (3 - a*b) / 2; inf * 0 gives 2 / 1.5. */
        bool rs = op == NFP_RSQRTS;
        if (nfp_is_nan(a) || nfp_is_nan(b)) {
            nfp_check_snan(env, a, b);
            return NFP_DEFAULT_NAN;
        }
        if ((isinf(x) && y == 0) || (x == 0 && isinf(y))) {
            return rs ? 0x3fc00000u : 0x40000000u;
        }
        float p = fb(nfp_result(nfp_arith(env, NFP_OP_MUL, x, y, 0)));
        if (rs) {
            return nfp_result(nfp_arith(env, NFP_OP_MUL, nfp_arith(env, NFP_OP_SUB, 3.0f, p, 0), 0.5f, 0));
        }
        return nfp_result(nfp_arith(env, NFP_OP_SUB, 2.0f, p, 0));
    }
    default: return 0;
    }
}

uint32_t neon_fp_fma(CPUARMState *env, uint32_t d, uint32_t a, uint32_t b)
{
    return nfp_result(nfp_arith(env, NFP_OP_FMA, fb(nfp_in(env, a)), fb(nfp_in(env, b)), fb(nfp_in(env, d))));
}

/* -- Estimates (ARM DDI 0406C A2.7 "Reciprocal estimate and step") -- */

/*
 * The pseudocode computes the estimates in doubles; the same values come
 * from exact integer arithmetic, which also keeps host FP flags (the
 * guest's cumulative flags, see vfp_helper.c) untouched.
 */

/* RecipEstimate of a = q / 512, q in [256, 511]: s of the result s / 256,
 * s = round-half-up(256 / ((q + 0.5) / 512)). */
static int nfp_recip_estimate(int q)
{
    return (524288 + 2 * q + 1) / (4 * q + 2);
}

/* RecipSqrtEstimate: for a < 0.5, q = a * 512 and r = 1 / sqrt((q + 0.5) / 512);
 * else q = a * 256 and r = 1 / sqrt((q + 0.5) / 256); q in [128, 255].
 * s = round-half-up(256 r) is the largest s with (2s - 1)^2 (2q + 1) <= lim. */
static int nfp_rsqrt_estimate(int q, bool low)
{
    int64_t lim = low ? (int64_t)1 << 28 : (int64_t)1 << 27;
    int lo = 256, hi = 512;
    while (lo < hi) {
        int m = (lo + hi + 1) / 2;
        if ((int64_t)(2 * m - 1) * (2 * m - 1) * (2 * q + 1) <= lim) {
            lo = m;
        } else {
            hi = m - 1;
        }
    }
    return lo;
}

uint32_t neon_recpe_u32(uint32_t a)
{
    if (!(a & 0x80000000u)) {
        return 0xffffffffu;
    }
    return (uint32_t)nfp_recip_estimate((int)(a >> 23)) << 23;
}

uint32_t neon_rsqrte_u32(uint32_t a)
{
    if ((a >> 30) == 0) {
        return 0xffffffffu;
    }
    int s = (a >> 31) ? nfp_rsqrt_estimate((int)(a >> 24), false) : nfp_rsqrt_estimate((int)(a >> 23), true);
    return (uint32_t)s << 23;
}

static uint32_t nfp_recpe(CPUARMState *env, uint32_t a)
{
    uint32_t sign = a & 0x80000000u;
    int e = (int)((a >> 23) & 0xff);
    if (nfp_is_nan(a)) {
        nfp_check_snan(env, a, 0);
        return NFP_DEFAULT_NAN;
    }
    if (e == 0) {
        env->fp_status_flags |= (a & 0x7fffffu) ? 0x82u : 0x2u; /* IDC + DZC, DZC */
        return sign | 0x7f800000u;
    }
    if (e == 0xff) {
        return sign;
    }
    if (e >= 253) {
        env->fp_status_flags |= 0x8u; /* UFC */
        return sign;
    }
    int s = nfp_recip_estimate(256 + (int)((a & 0x7fffffu) >> 15));
    return sign | (uint32_t)(253 - e) << 23 | ((uint32_t)s & 0xff) << 15;
}

static uint32_t nfp_rsqrte(CPUARMState *env, uint32_t a)
{
    int e = (int)((a >> 23) & 0xff);
    if (nfp_is_nan(a)) {
        nfp_check_snan(env, a, 0);
        return NFP_DEFAULT_NAN;
    }
    if (e == 0) {
        env->fp_status_flags |= (a & 0x7fffffu) ? 0x82u : 0x2u;
        return (a & 0x80000000u) | 0x7f800000u;
    }
    if (a & 0x80000000u) {
        env->fp_status_flags |= 1u;
        return NFP_DEFAULT_NAN;
    }
    if (e == 0xff) {
        return 0;
    }
    /* Odd biased exponent: the mantissa scales into [0.25, 0.5), even: [0.5, 1). */
    int s = nfp_rsqrt_estimate(128 + (int)((a & 0x7fffffu) >> 16), e & 1);
    return (uint32_t)((380 - e) / 2) << 23 | ((uint32_t)s & 0xff) << 15;
}

/* Float to (fixed-point) integer, rounding toward zero and saturating;
 * NaN is 0.  Integer arithmetic on the bits: host conversions would leave
 * inexact flags of their own in the guest's cumulative flags. */
static uint32_t nfp_to_int(CPUARMState *env, uint32_t a, int fbits, bool is_unsigned)
{
    a = nfp_in(env, a);
    if (nfp_is_nan(a)) {
        env->fp_status_flags |= 1u;
        return 0;
    }
    int e = (int)((a >> 23) & 0xff);
    bool neg = a >> 31;
    if (e == 0) {
        return 0;
    }
    uint64_t m = (a & 0x7fffffu) | 0x800000u, ip;
    int sh = e - 150 + fbits; /* |value| = m * 2^sh */
    bool inexact = false, overflow = e == 0xff || sh > 40;
    if (overflow) {
        ip = 0;
    } else if (sh >= 0) {
        ip = m << sh;
    } else if (sh <= -32) {
        ip = 0;
        inexact = true;
    } else {
        ip = m >> -sh;
        inexact = (m & ((1ull << -sh) - 1)) != 0;
    }
    if (is_unsigned) {
        overflow = overflow || (neg && ip != 0) || ip > 0xffffffffull;
    } else {
        overflow = overflow || ip > (neg ? 0x80000000ull : 0x7fffffffull);
    }
    if (overflow) {
        env->fp_status_flags |= 1u; /* IOC, and no IXC */
        if (is_unsigned) {
            return neg ? 0 : 0xffffffffu;
        }
        return neg ? 0x80000000u : 0x7fffffffu;
    }
    if (inexact) {
        env->fp_status_flags |= 0x10u; /* IXC */
    }
    return neg ? (uint32_t)-ip : (uint32_t)ip;
}

uint32_t neon_fp_unop(CPUARMState *env, int op, uint32_t a, int arg)
{
    switch (op) {
    case NFP_ABS: return a & 0x7fffffffu;
    case NFP_NEG: return a ^ 0x80000000u;
    case NFP_RECPE: return nfp_recpe(env, a);
    case NFP_RSQRTE: return nfp_rsqrte(env, a);
    case NFP_CVT_FROM_S: return nfp_result((float)((double)(int32_t)a / ldexp(1.0, arg)));
    case NFP_CVT_FROM_U: return nfp_result((float)((double)a / ldexp(1.0, arg)));
    case NFP_CVT_TO_S: return nfp_to_int(env, a, arg, false);
    default: return nfp_to_int(env, a, arg, true);
    }
}

/* -- Fast paths for VADD/VSUB/VMUL/VMLA/VMLS.F32 -- */

/* Normal or zero inputs: the host computes these exactly as the Standard
 * FPSCR value asks, except that a denormal result must become zero. */
typedef uint32_t nfp_v4u __attribute__((vector_size(16)));
typedef int32_t nfp_v4i __attribute__((vector_size(16)));
typedef float nfp_v4f __attribute__((vector_size(16)));

typedef uint64_t nfp_v2d __attribute__((vector_size(16)));

/* D register reg (and reg + 1 when n == 4) as one vector; read as two
 * 64-bit halves because generated code wrote them that way (a 128-bit
 * load of two fresh 64-bit stores would stall store forwarding). */
static inline nfp_v4u nfp_v_load(CPUARMState *env, int reg, int n)
{
    nfp_v2d v = {env->vfp_d[reg], n == 4 ? env->vfp_d[reg + 1] : 0};
    return (nfp_v4u)v;
}

/* All four lanes normal or zero. */
static inline bool nfp_v_plain(nfp_v4u a)
{
    nfp_v4u e = (a >> 23) & 0xff;
    nfp_v4i ok = (e != 0xff) & ((e != 0) | ((a & 0x7fffff) == 0));
    return (ok[0] & ok[1] & ok[2] & ok[3]) != 0;
}

/* No lane of x + y or x - y can be tiny: each operand is zero or has a
 * biased exponent >= 25, so a non-zero result is at least 2^-125. */
static inline bool nfp_v_add_safe(nfp_v4u x, nfp_v4u y)
{
    nfp_v4u ex = (x >> 23) & 0xff, ey = (y >> 23) & 0xff;
    nfp_v4i ok = ((ex >= 25) | (ex == 0)) & ((ey >= 25) | (ey == 0));
    return (ok[0] & ok[1] & ok[2] & ok[3]) != 0;
}

/* No lane of x * y can be tiny: a zero operand, or exponents summing
 * to >= 130 (the product is then at least 2^-124). */
static inline bool nfp_v_mul_safe(nfp_v4u x, nfp_v4u y)
{
    nfp_v4u ex = (x >> 23) & 0xff, ey = (y >> 23) & 0xff;
    nfp_v4i ok = (ex + ey >= 130) | (ex == 0) | (ey == 0);
    return (ok[0] & ok[1] & ok[2] & ok[3]) != 0;
}

/* desc as helper_neon_3same_fp with op NFP_ADD, NFP_SUB, NFP_MUL, -1 (VMLA)
 * or -2 (VMLS), plus 8.  Four lanes at once on the host when every input
 * is normal or zero and no result can be tiny (then the host's result and
 * flags are the guest's), one lane at a time through nfp_arith otherwise. */
void helper_neon_fp_arith(void *envp, uint32_t desc)
{
    CPUARMState *env = envp;
    int op = NEON_D_OP(desc) - 8, n = 2 << NEON_D_Q(desc);
    nfp_v4u x = nfp_v_load(env, NEON_D_VN(desc), n), y = nfp_v_load(env, NEON_D_VM(desc), n);
    nfp_v4u d = nfp_v_load(env, NEON_D_VD(desc), n), r;
    bool fast = nfp_v_plain(x) && nfp_v_plain(y);
    nfp_v4f fx, fy, fd;
    memcpy(&fx, &x, 16);
    memcpy(&fy, &y, 16);
    memcpy(&fd, &d, 16);
    if (op == NFP_ADD || op == NFP_SUB) {
        fast = fast && nfp_v_add_safe(x, y);
    } else if (op == NFP_MUL) {
        fast = fast && nfp_v_mul_safe(x, y);
    } else if (fast && nfp_v_plain(d) && nfp_v_mul_safe(x, y)) {
        /* The product is exact to compute here (flags included); it may be
         * inf, never NaN or tiny.  The sum needs the same check. */
        nfp_v4f fp = fx * fy;
        nfp_v4u p;
        memcpy(&p, &fp, 16);
        nfp_v4u ep = (p >> 23) & 0xff;
        nfp_v4i pinf = ep == 0xff;
        nfp_v4u pchk = p & ~(nfp_v4u)pinf; /* inf + finite is safe */
        fast = nfp_v_add_safe(d, pchk);
        if (fast) {
            memcpy(&r, (nfp_v4f[]){op == -1 ? fd + fp : fd - fp}, 16);
        }
    } else {
        fast = false;
    }
    if (fast && op >= 0) {
        nfp_v4f fr = op == NFP_ADD ? fx + fy : op == NFP_SUB ? fx - fy : fx * fy;
        memcpy(&r, &fr, 16);
    }
    if (!fast) {
        for (int i = 0; i < n; i++) {
            if (op >= 0) {
                r[i] = neon_fp_binop(env, op, x[i], y[i]);
            } else {
                uint32_t p = neon_fp_binop(env, NFP_MUL, x[i], y[i]);
                r[i] = neon_fp_binop(env, op == -1 ? NFP_ADD : NFP_SUB, d[i], p);
            }
        }
    }
    memcpy(&env->vfp_d[NEON_D_VD(desc)], &r, (size_t)n * 4);
}
