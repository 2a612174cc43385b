/*
 * A64 Advanced SIMD floating point in C, element by element on the VFP
 * cores (vfp_helper.c, vfp_v8_helper.c, vfp_fp16_helper.c) with FPCR and
 * FPSR, as the scalar FP helpers do: the three-same FP ops (FADD .. FDIV,
 * FMLA/FMLS, the compares, FABD, FMULX, FRECPS, FRSQRTS, the pairwise
 * forms), the two-register ones (FABS, FNEG, FSQRT, FRINT*, FRINT32/64,
 * FCVT{N,M,A,P,Z}{S,U}, SCVTF/UCVTF, FCVTN, FCVTL, FCVTXN, compares with
 * zero, FRECPE, FRSQRTE, FRECPX, URECPE, URSQRTE), FMAXV/FMINV(NM), the
 * scalar pairwise FADDP/FMAXP/.., the fixed-point shifts, and FMLA/FMLS/
 * FMUL/FMULX by element, and the ARMv8.3 complex FCMLA (vector, by
 * element) and FCADD.
 *
 * An element is a half (FpCtx.esz MO_16: the ARMv8.2 FP16 classes, and
 * size 00 or immh 001x in the shared ones), a single or a double:
 *
 *     fadd v0.8h, v1.8h, v2.8h    A64_SIMD_3SAME_H: 8 lanes of vfp_h_arith
 *     fmaxv h0, v1.4h             A64_SIMD_ACROSS, U = 0: halves
 *
 * a64_simd_fp_exec is called by a64_simd_exec for the encodings the
 * integer code does not take; it returns false, changing nothing, when
 * the encoding is not an allocated FP one (or needs a feature the cpu
 * lacks).
 */
#include <string.h>

#include "frontends/arm/a64-fp.h"
#include "frontends/arm/a64-simd.h"
#include "frontends/arm/neon_helper.h"
#include "frontends/arm/vfp_helper.h"

/* The FP operations of this file, per element. */
enum {
    F_ADD, F_SUB, F_MUL, F_DIV, F_MAX, F_MIN, F_MAXNM, F_MINNM, F_ABD, F_MULX,
    F_MLA, F_MLS, F_CMEQ, F_CMGE, F_CMGT, F_ACGE, F_ACGT, F_RECPS, F_RSQRTS,
};

/* esz: the element's memop size, MO_16 (half), MO_32 or MO_64. */
typedef struct FpCtx {
    CPUA64State *env;
    VfpStatus st;
    int esz;
} FpCtx;

/* -- The element format: fraction bits, exponent, constants -- */

static int frac_bits(const FpCtx *c) { return c->esz == MO_16 ? 10 : c->esz == MO_32 ? 23 : 52; }
static uint64_t exp_max(const FpCtx *c) { return c->esz == MO_16 ? 0x1f : c->esz == MO_32 ? 0xff : 0x7ff; }
static uint64_t sign_bit(const FpCtx *c) { return 1ull << ((8 << c->esz) - 1); }
static uint64_t inf_of(const FpCtx *c) { return exp_max(c) << frac_bits(c); }
static bool is_nan(const FpCtx *c, uint64_t x) { return (x & ~sign_bit(c)) > inf_of(c); }

/* The value 1.m * 2^e, m the top fraction bits m1:m0 (1.5 = 1.1b). */
static uint64_t constant(const FpCtx *c, int e, int m)
{
    return (uint64_t)((int64_t)(exp_max(c) >> 1) + e) << frac_bits(c) | (uint64_t)m << (frac_bits(c) - 2);
}

/* The flush-to-zero bit of the format: FZ16 for halves, which flush
 * without IDC, else FZ. */
static bool flushes(const FpCtx *c) { return c->st.fpscr & (c->esz == MO_16 ? FPSCR_FZ16 : FPSCR_FZ); }

/* Element i of esz in a 128-bit value: word i >> (3 - esz), shifted by
 * the element's place in it. */
static inline __attribute__((always_inline)) uint64_t get(const uint64_t *v, int i, int esz)
{
    int lg_per_word = 3 - esz, sh = (i & ((1 << lg_per_word) - 1)) << (3 + esz);
    uint64_t x = v[i >> lg_per_word] >> sh;
    return esz == MO_64 ? x : x & ((1ull << (8 << esz)) - 1);
}

static inline __attribute__((always_inline)) void put(uint64_t *v, int i, int esz, uint64_t x)
{
    int lg_per_word = 3 - esz, sh = (i & ((1 << lg_per_word) - 1)) << (3 + esz);
    uint64_t mask = esz == MO_64 ? ~0ull : ((1ull << (8 << esz)) - 1) << sh;
    v[i >> lg_per_word] = (v[i >> lg_per_word] & ~mask) | ((x << sh) & mask);
}

/* -- The VFP cores by format -- */

static inline __attribute__((always_inline)) uint64_t arith(FpCtx *c, VfpOp op, uint64_t a, uint64_t b,
                                                          uint64_t d)
{
    switch (c->esz) {
    case MO_16: return vfp_h_arith(&c->st, op, (uint32_t)a, (uint32_t)b, (uint32_t)d);
    case MO_32: return vfp_s_arith(&c->st, op, (uint32_t)a, (uint32_t)b, (uint32_t)d);
    default: return vfp_d_arith(&c->st, op, a, b, d);
    }
}

static uint32_t compare(FpCtx *c, uint64_t a, uint64_t b, bool signal)
{
    switch (c->esz) {
    case MO_16: return vfp_h_compare(&c->st, (uint32_t)a, (uint32_t)b, signal);
    case MO_32: return vfp_s_compare(&c->st, (uint32_t)a, (uint32_t)b, signal);
    default: return vfp_d_compare(&c->st, a, b, signal);
    }
}

static uint64_t max_min(FpCtx *c, uint64_t a, uint64_t b, uint32_t desc)
{
    return c->esz == MO_16 ? vfp_h_max_min(&c->st, (uint32_t)a, (uint32_t)b, desc)
                           : vfp_max_min(&c->st, c->esz == MO_64, a, b, desc);
}

static uint64_t round_int(FpCtx *c, uint64_t x, uint32_t desc)
{
    return c->esz == MO_16 ? vfp_h_rint(&c->st, (uint32_t)x, desc) : vfp_rint(&c->st, c->esz == MO_64, x, desc);
}

static bool is_inf_zero(const FpCtx *c, uint64_t a, uint64_t b)
{
    uint64_t inf = inf_of(c), ma = a & ~sign_bit(c), mb = b & ~sign_bit(c);
    if (flushes(c)) { /* a denormal is a zero here */
        ma = (ma & inf) ? ma : 0;
        mb = (mb & inf) ? mb : 0;
    }
    return (ma == inf && mb == 0) || (ma == 0 && mb == inf);
}

static uint64_t fp_op(FpCtx *c, int op, uint64_t a, uint64_t b, uint64_t d)
{
    uint64_t ones = c->esz == MO_64 ? ~0ull : (1ull << (8 << c->esz)) - 1, sb = sign_bit(c);
    switch (op) {
    case F_ADD: return arith(c, VOP_ADD, a, b, 0);
    case F_SUB: return arith(c, VOP_SUB, a, b, 0);
    case F_MUL: return arith(c, VOP_MUL, a, b, 0);
    case F_DIV: return arith(c, VOP_DIV, a, b, 0);
    case F_ABD: {
        uint64_t r = arith(c, VOP_SUB, a, b, 0);
        return r & ~sb;
    }
    case F_MULX:
        if (is_inf_zero(c, a, b) && !is_nan(c, a) && !is_nan(c, b)) {
            return ((a ^ b) & sb) | constant(c, 1, 0); /* +-2.0 */
        }
        return arith(c, VOP_MUL, a, b, 0);
    case F_RECPS: case F_RSQRTS: {
        /* FPRecipStepFused: 2 - a * b; FPRSqrtStepFused: (3 - a * b) / 2,
         * one rounding; inf * 0 gives exactly 2 or 1.5. */
        if (!is_nan(c, a) && !is_nan(c, b) && is_inf_zero(c, a, b)) {
            return op == F_RECPS ? constant(c, 1, 0) : constant(c, 0, 2);
        }
        if (op == F_RECPS) {
            return arith(c, VOP_FMA, a ^ sb, b, constant(c, 1, 0));
        }
        /* 1.5 - (x / 2) * y with the larger operand halved, which is exact
         * for a normal above the smallest binade and keeps one rounding
         * even where 3 - a * b would overflow. Two tiny operands: 3 - a * b
         * is near 3, and halving it afterwards is exact. */
        int fb = frac_bits(c);
        uint64_t emax = exp_max(c), ea = (a >> fb) & emax, eb = (b >> fb) & emax;
        uint64_t one = 1ull << fb, k15 = constant(c, 0, 2);
        if (ea >= 2 && ea < emax && ea >= eb) {
            return arith(c, VOP_FMA, (a - one) ^ sb, b, k15);
        }
        if (eb >= 2 && eb < emax) {
            return arith(c, VOP_FMA, a ^ sb, b - one, k15);
        }
        uint64_t r = arith(c, VOP_FMA, a ^ sb, b, constant(c, 1, 2));
        return !is_nan(c, r) ? arith(c, VOP_MUL, r, constant(c, -1, 0), 0) : r;
    }
    case F_MLA: return arith(c, VOP_FMA, a, b, d);
    case F_MLS: return arith(c, VOP_FMA, a ^ sb, b, d);
    case F_MAX: case F_MIN: case F_MAXNM: case F_MINNM: {
        uint32_t desc = V8FP_RMODE_FPSCR | (op == F_MIN || op == F_MINNM ? V8FP_MIN : 0) |
                        (op == F_MAX || op == F_MIN ? V8FP_PROPAGATE : 0);
        return max_min(c, a, b, desc);
    }
    case F_CMEQ: return compare(c, a, b, false) == 0x6 ? ones : 0;
    case F_CMGE: { uint32_t f = compare(c, a, b, true); return f == 0x6 || f == 0x2 ? ones : 0; }
    case F_CMGT: return compare(c, a, b, true) == 0x2 ? ones : 0;
    case F_ACGE: { uint32_t f = compare(c, a & ~sb, b & ~sb, true); return f == 0x6 || f == 0x2 ? ones : 0; }
    default: return compare(c, a & ~sb, b & ~sb, true) == 0x2 ? ones : 0; /* F_ACGT */
    }
}

/* -- Three same -- */

/* The operation of a three-same FP opcode (bits 15:11 = 11xxx, or the
 * FP16 class's bits 13:11), or -1. */
static int op_3same(int u, int a, int low3)
{
    static const signed char t[4][8] = {
        {F_MAXNM, F_MLA, F_ADD, F_MULX, F_CMEQ, -1, F_MAX, F_RECPS},  /* U0 a0 */
        {F_MINNM, F_MLS, F_SUB, -1, -1, -1, F_MIN, F_RSQRTS},         /* U0 a1 */
        {F_MAXNM, -1, F_ADD, F_MUL, F_CMGE, F_ACGE, F_MAX, F_DIV}, /* U1 a0: pairwise MAXNMP ADDP MAXP */
        {F_MINNM, -1, F_ABD, -1, F_CMGT, F_ACGT, F_MIN, -1},     /* U1 a1 */
    };
    return t[u * 2 + a][low3];
}

/* The number of elements a vector (or scalar) insn works on. */
static int lanes(const FpCtx *c, uint32_t insn)
{
    return (insn >> 28) & 1 ? 1 : (insn >> 30 & 1 ? 16 : 8) >> c->esz;
}

/* r = n op m lane by lane (d the old destination; m NULL: the element x
 * for every lane), esz a constant where this is inlined, so that lanes
 * are found by fixed shifts. */
static inline __attribute__((always_inline)) void lanes_op(FpCtx *c, int op, const uint64_t *n, const uint64_t *m,
                                                           uint64_t x, const uint64_t *d, uint64_t *r, int ne, int esz)
{
    for (int i = 0; i < ne; i++) {
        put(r, i, esz, fp_op(c, op, get(n, i, esz), m ? get(m, i, esz) : x, get(d, i, esz)));
    }
}

/* lanes_op with c->esz made a constant. */
static void lanes_by_size(FpCtx *c, int op, const uint64_t *n, const uint64_t *m, uint64_t x, const uint64_t *d,
                          uint64_t *r, int ne)
{
    switch (c->esz) {
    case MO_16: lanes_op(c, op, n, m, x, d, r, ne, MO_16); break;
    case MO_32: lanes_op(c, op, n, m, x, d, r, ne, MO_32); break;
    default: lanes_op(c, op, n, m, x, d, r, ne, MO_64); break;
    }
}

static bool exec_3same(FpCtx *c, uint32_t insn, uint64_t *r)
{
    int u = (insn >> 29) & 1, a = (insn >> 23) & 1, low3 = (insn >> 11) & 7, q = (insn >> 30) & 1;
    bool scalar = (insn >> 28) & 1;
    int op = op_3same(u, a, low3);
    bool pairwise = u && !a && (low3 == 0 || low3 == 2 || low3 == 6);
    pairwise |= u && a && (low3 == 0 || low3 == 6);
    if ((c->esz != MO_16 && ((insn >> 11) & 0x18) != 0x18) || op < 0 || (c->esz == MO_64 && !q && !scalar)) {
        return false;
    }
    if (scalar && (pairwise || op == F_MLA || op == F_MLS || op == F_ADD || op == F_SUB || op == F_MUL ||
                   op == F_DIV || op == F_MAX || op == F_MIN || op == F_MAXNM || op == F_MINNM)) {
        return false;
    }
    CPUA64State *env = c->env;
    const uint64_t *n = env->vregs[(insn >> 5) & 31], *m = env->vregs[(insn >> 16) & 31];
    const uint64_t *d = env->vregs[insn & 31];
    int ne = lanes(c, insn);
    if (pairwise) {
        uint64_t cat[4] = {n[0], q ? n[1] : m[0], m[0], m[1]};
        for (int i = 0; i < ne; i++) {
            put(r, i, c->esz, fp_op(c, op, get(cat, 2 * i, c->esz), get(cat, 2 * i + 1, c->esz), 0));
        }
        return true;
    }
    lanes_by_size(c, op, n, m, 0, d, r, ne);
    return true;
}

/* -- Estimates: FPRecipEstimate, FPRSqrtEstimate, FPRecpX --
 *
 * The 8-bit estimates are AArch32's (neon_recpe_u32, neon_rsqrte_u32 on
 * the 9-bit scaled significand in bits 31:23); around them, A64 handles
 * denormals, the three formats and the FPCR rounding of out-of-range
 * results. */

enum { E_IOC = 1, E_DZC = 2, E_OFC = 4, E_UFC = 8, E_IXC = 16, E_IDC = 128 };

/* FPUnpack's flush and FPProcessNaN; true when x is a NaN (*out set). */
static bool estimate_in(FpCtx *c, uint64_t *x, uint64_t *out)
{
    int fb = frac_bits(c);
    uint64_t sb = sign_bit(c), mag = *x & ~sb, inf = inf_of(c), quiet = 1ull << (fb - 1);
    if (flushes(c) && mag && mag < (1ull << fb)) {
        *c->st.flags |= c->esz == MO_16 ? 0 : E_IDC;
        *x &= sb;
        return false;
    }
    if (mag <= inf) {
        return false;
    }
    if (!(*x & quiet)) {
        *c->st.flags |= E_IOC;
    }
    *out = (c->st.fpscr & FPSCR_DN) ? inf | quiet : *x | quiet;
    return true;
}

static uint64_t recip_estimate(FpCtx *c, uint64_t x)
{
    int fb = frac_bits(c);
    uint64_t sb = sign_bit(c), r, emax = exp_max(c), inf = inf_of(c);
    if (estimate_in(c, &x, &r)) {
        return r;
    }
    uint64_t sign = x & sb, mag = x & ~sb, frac = mag & ((1ull << fb) - 1);
    int rmode = (int)(c->st.fpscr >> 22) & 3, exp = (int)(mag >> fb);
    if (mag == inf) {
        return sign;
    }
    if (mag == 0) {
        *c->st.flags |= E_DZC;
        return sign | inf;
    }
    if (mag < (1ull << (fb - 2))) { /* below 2^-(bias+1): the reciprocal overflows */
        bool to_inf = rmode == FPROUND_RN || (rmode == FPROUND_RP && !sign) || (rmode == FPROUND_RM && sign);
        *c->st.flags |= E_OFC | E_IXC;
        return sign | (to_inf ? inf : inf - 1);
    }
    if (flushes(c) && (uint64_t)exp >= emax - 2) { /* the reciprocal is tiny */
        *c->st.flags |= E_UFC;
        return sign;
    }
    if (exp == 0) { /* a denormal: normalise by one or two places */
        if (!(frac >> (fb - 1))) {
            exp = -1;
            frac <<= 2;
        } else {
            frac <<= 1;
        }
        frac &= (1ull << fb) - 1;
    }
    uint32_t scaled = 256 + (uint32_t)(frac >> (fb - 8));
    uint64_t est = neon_recpe_u32(scaled << 23) >> 23;
    int rexp = (int)(emax - 2) - exp; /* 2 * bias - 1 - exp */
    uint64_t f = (est & 0xff) << (fb - 8);
    if (rexp == 0) {
        f = (1ull << (fb - 1)) | (f >> 1);
    } else if (rexp == -1) {
        f = (1ull << (fb - 2)) | (f >> 2);
        rexp = 0;
    }
    return sign | (uint64_t)rexp << fb | f;
}

static uint64_t rsqrt_estimate(FpCtx *c, uint64_t x)
{
    int fb = frac_bits(c);
    uint64_t sb = sign_bit(c), r, inf = inf_of(c);
    if (estimate_in(c, &x, &r)) {
        return r;
    }
    uint64_t sign = x & sb, mag = x & ~sb, frac = mag & ((1ull << fb) - 1);
    int exp = (int)(mag >> fb);
    if (mag == 0) {
        *c->st.flags |= E_DZC;
        return sign | inf;
    }
    if (sign) {
        *c->st.flags |= E_IOC;
        return inf | (1ull << (fb - 1));
    }
    if (mag == inf) {
        return 0;
    }
    if (exp == 0) {
        while (!(frac >> (fb - 1))) {
            frac <<= 1;
            exp--;
        }
        frac = (frac << 1) & ((1ull << fb) - 1);
    }
    uint32_t scaled = (exp & 1) ? 128 + (uint32_t)(frac >> (fb - 7)) : 256 + (uint32_t)(frac >> (fb - 8));
    uint64_t est = neon_rsqrte_u32(scaled << 23) >> 23;
    int rexp = ((int)(exp_max(c) >> 1) * 3 - 1 - exp) / 2; /* (3 * bias - 1 - exp) / 2 */
    return (uint64_t)rexp << fb | (est & 0xff) << (fb - 8);
}

static uint64_t recpx(FpCtx *c, uint64_t x)
{
    int fb = frac_bits(c);
    uint64_t r, emax = exp_max(c);
    if (estimate_in(c, &x, &r)) {
        return r;
    }
    uint64_t exp = (x >> fb) & emax;
    return (x & sign_bit(c)) | (exp ? ~exp & emax : emax - 1) << fb;
}

/* -- Two-register misc -- */

/* Integer results of FCVT*, as wide as the element. */
static uint64_t to_int(FpCtx *c, uint64_t x, int rmode, bool is_signed, int fbits)
{
    uint32_t desc = (uint32_t)rmode | (is_signed ? V8FP_SIGNED : 0);
    if (c->esz == MO_16) {
        return vfp_h_to_fixed(&c->st, (uint32_t)x, desc, fbits, 16);
    }
    return vfp_to_fixed(&c->st, c->esz == MO_64, x, desc, fbits, 8 << c->esz);
}

static uint64_t from_int(FpCtx *c, uint64_t x, bool is_signed, int fbits)
{
    if (c->esz == MO_16) {
        return vfp_fixed_to_h(&c->st, x, V8FP_RMODE_FPSCR | (is_signed ? V8FP_SIGNED : 0), fbits, 16);
    }
    uint64_t desc = (c->esz == MO_64 ? A64_FP_DOUBLE : 0) | (is_signed ? A64_CVT_SIGNED : 0) |
                    (uint64_t)fbits << A64_FP_FBITS_SHIFT | (uint64_t)(8 << c->esz) << A64_FP_WIDTH_SHIFT;
    return helper_a64_i2f(c->env, x, desc);
}

/* FCVTN, FCVTXN, FCVTL: sz = 1 (esz MO_64) narrows doubles to singles,
 * sz = 0 singles to halves. */
static bool exec_cvt_narrow_widen(FpCtx *c, uint32_t insn, int key, uint64_t *r)
{
    CPUA64State *env = c->env;
    const uint64_t *n = env->vregs[(insn >> 5) & 31], *d = env->vregs[insn & 31];
    int q = (insn >> 30) & 1;
    bool scalar = (insn >> 28) & 1, dp = c->esz == MO_64;
    if (key == 0x16 || key == 0x36) { /* FCVTN, FCVTXN (U=1, sz=1 only) */
        if (key == 0x36 && !dp) {
            return false;
        }
        int nn = scalar ? 1 : dp ? 2 : 4, half = scalar ? 0 : q;
        uint64_t src[2] = {n[0], n[1]};
        r[0] = half ? d[0] : 0;
        r[1] = 0;
        for (int i = 0; i < nn; i++) {
            uint64_t x;
            if (dp && key == 0x36) { /* round to odd: RZ, then set the lsb when inexact */
                uint32_t fl = 0;
                VfpStatus rz = {c->st.fpscr | (3u << 22), &fl};
                vfp_take_host_flags(c->st.flags); /* fl must see this op's flags alone */
                x = vfp_d_to_s(&rz, src[i]);
                if (fl & (1u << 4)) {
                    x |= 1;
                }
                *c->st.flags |= fl;
            } else {
                x = dp ? vfp_d_to_s(&c->st, src[i]) : vfp_s_to_h(&c->st, (uint32_t)get(src, i, MO_32));
            }
            put(r, i + half * nn, dp ? MO_32 : MO_16, x);
        }
        return !scalar || key == 0x36;
    }
    if (scalar) { /* FCVTL */
        return false;
    }
    for (int i = 0; i < (dp ? 2 : 4); i++) {
        uint64_t x = dp ? vfp_s_to_d(&c->st, (uint32_t)get(n, i + q * 2, MO_32))
                        : vfp_h_to_s(&c->st, (uint32_t)get(n, i + q * 4, MO_16));
        put(r, i, dp ? MO_64 : MO_32, x);
    }
    return true;
}

/* Opcode keys (opcode | U << 5 | a << 6) no FP16 two-register form has. */
static bool half_lacks(int key)
{
    return key == 0x16 || key == 0x17 || key == 0x36 || key == 0x5c || key == 0x7c || (key & 0x5e) == 0x1e;
}

static bool exec_2misc(FpCtx *c, uint32_t insn, uint64_t *r)
{
    int u = (insn >> 29) & 1, a = (insn >> 23) & 1, opc = (insn >> 12) & 31, q = (insn >> 30) & 1;
    bool scalar = (insn >> 28) & 1;
    int key = opc | u << 5 | a << 6;
    if (c->esz == MO_16 && half_lacks(key)) {
        return false;
    }
    if (key == 0x16 || key == 0x17 || key == 0x36) {
        return exec_cvt_narrow_widen(c, insn, key, r);
    }
    if (c->esz == MO_64 && !q && !scalar) {
        return false;
    }
    static const int rm[4] = {FPROUND_RN, FPROUND_RM, FPROUND_RP, FPROUND_RZ};
    int ne = lanes(c, insn);
    const uint64_t *n = c->env->vregs[(insn >> 5) & 31];
    uint64_t sb = sign_bit(c);
    for (int i = 0; i < ne; i++) {
        uint64_t x = get(n, i, c->esz), v;
        switch (key) {
        case 0x18: case 0x19: case 0x58: case 0x59: /* FRINTN M P Z */
            if (scalar) {
                return false;
            }
            v = round_int(c, x, (uint32_t)rm[(opc & 1) | a << 1]);
            break;
        case 0x38: v = scalar ? 0 : round_int(c, x, V8FP_RMODE_TIEAWAY); break;
        case 0x39: v = scalar ? 0 : round_int(c, x, V8FP_RMODE_FPSCR | V8FP_EXACT); break;
        case 0x79: v = scalar ? 0 : round_int(c, x, V8FP_RMODE_FPSCR); break;
        case 0x1e: case 0x1f: case 0x3e: case 0x3f: /* FRINT32Z FRINT64Z FRINT32X FRINT64X */
            if (scalar || !(c->env->features & A64_FEATURE_FRINTTS)) {
                return false;
            }
            v = vfp_rint_n(&c->st, c->esz == MO_64, x, u ? V8FP_RMODE_FPSCR : FPROUND_RZ, opc & 1 ? 64 : 32);
            break;
        case 0x1a: case 0x1b: case 0x5a: case 0x5b: case 0x3a: case 0x3b: case 0x7a: case 0x7b:
            v = to_int(c, x, rm[(opc & 1) | a << 1], !u, 0); /* FCVT{N,M,P,Z}{S,U} */
            break;
        case 0x1c: case 0x3c: v = to_int(c, x, V8FP_RMODE_TIEAWAY, !u, 0); break; /* FCVTA{S,U} */
        case 0x1d: case 0x3d: v = from_int(c, x, !u, 0); break;                  /* SCVTF UCVTF */
        case 0x4c: v = fp_op(c, F_CMGT, x, 0, 0); break;
        case 0x4d: v = fp_op(c, F_CMEQ, x, 0, 0); break;
        case 0x4e: v = fp_op(c, F_CMGT, 0, x, 0); break;                       /* FCMLT: 0 > x */
        case 0x6c: v = fp_op(c, F_CMGE, x, 0, 0); break;
        case 0x6d: v = fp_op(c, F_CMGE, 0, x, 0); break;                       /* FCMLE: 0 >= x */
        case 0x4f: v = scalar ? 0 : x & ~sb; break;                           /* FABS */
        case 0x6f: v = scalar ? 0 : x ^ sb; break;                            /* FNEG */
        case 0x7f: v = scalar ? 0 : arith(c, VOP_SQRT, x, 0, 0); break;       /* FSQRT */
        case 0x5d: v = recip_estimate(c, x); break;                           /* FRECPE */
        case 0x7d: v = rsqrt_estimate(c, x); break;                           /* FRSQRTE */
        case 0x5f: /* FRECPX: scalar only */
            if (!scalar) {
                return false;
            }
            v = recpx(c, x);
            break;
        case 0x5c: case 0x7c: /* URECPE URSQRTE: 32-bit lanes, vector only */
            if (scalar || c->esz == MO_64) {
                return false;
            }
            v = key == 0x5c ? neon_recpe_u32((uint32_t)x) : neon_rsqrte_u32((uint32_t)x);
            break;
        default:
            return false;
        }
        if (scalar && (key == 0x38 || key == 0x39 || key == 0x79 || key == 0x4f || key == 0x6f || key == 0x7f)) {
            return false;
        }
        put(r, i, c->esz, v);
    }
    return true;
}

/* -- Reductions -- */

/* The architecture's Reduce: op of the two halves' reductions. */
static uint64_t reduce(FpCtx *c, int op, const uint64_t *n, int first, int count)
{
    if (count == 1) {
        return get(n, first, c->esz);
    }
    int h = count / 2;
    return fp_op(c, op, reduce(c, op, n, first, h), reduce(c, op, n, first + h, h), 0);
}

/* FMAXNMV FMINNMV FMAXV FMINV of .4S (U = 1, sz = 0) or of .4H/.8H (U = 0,
 * sz = 0, FP16). */
static bool exec_across(FpCtx *c, uint32_t insn, uint64_t *r)
{
    int u = (insn >> 29) & 1, a = (insn >> 23) & 1, opc = (insn >> 12) & 31, q = (insn >> 30) & 1;
    c->esz = u ? MO_32 : MO_16;
    if (((insn >> 22) & 1) || (u && !q) || (opc != 0x0c && opc != 0x0f)) {
        return false;
    }
    int op = opc == 0x0c ? (a ? F_MINNM : F_MAXNM) : (a ? F_MIN : F_MAX);
    put(r, 0, c->esz, reduce(c, op, c->env->vregs[(insn >> 5) & 31], 0, (q ? 16 : 8) >> c->esz));
    return true;
}

/* Scalar pairwise: FMAXNMP, FADDP, FMAXP (a = 0), FMINNMP, FMINP (a = 1);
 * U = 1 for S and D (sz), U = 0 and sz = 0 for H. */
static bool exec_pair(FpCtx *c, uint32_t insn, uint64_t *r)
{
    int u = (insn >> 29) & 1, a = (insn >> 23) & 1, opc = (insn >> 12) & 31;
    static const signed char ops[2][4] = {{F_MAXNM, F_ADD, -1, F_MAX}, {F_MINNM, -1, -1, F_MIN}};
    if (!u) {
        if ((insn >> 22) & 1) {
            return false;
        }
        c->esz = MO_16;
    }
    if (opc < 0x0c || opc > 0x0f || ops[a][opc - 0x0c] < 0) {
        return false;
    }
    const uint64_t *n = c->env->vregs[(insn >> 5) & 31];
    put(r, 0, c->esz, fp_op(c, ops[a][opc - 0x0c], get(n, 0, c->esz), get(n, 1, c->esz), 0));
    return true;
}

/* -- Fixed point (shift by immediate) and by element -- */

/* SCVTF, UCVTF, FCVTZS, FCVTZU: immh 001x half, 01xx single, 1xxx double. */
static bool exec_shifti(FpCtx *c, uint32_t insn, uint64_t *r)
{
    int immh = (insn >> 19) & 15, immhb = (insn >> 16) & 127, opc = (insn >> 11) & 31, u = (insn >> 29) & 1;
    int q = (insn >> 30) & 1;
    bool scalar = (insn >> 28) & 1;
    if ((opc != 0x1c && opc != 0x1f) || immh < 2 || ((immh & 8) && !q && !scalar)) {
        return false;
    }
    c->esz = 31 - __builtin_clz((unsigned)immh);
    int fbits = (16 << c->esz) - immhb, ne = lanes(c, insn);
    const uint64_t *n = c->env->vregs[(insn >> 5) & 31];
    for (int i = 0; i < ne; i++) {
        uint64_t x = get(n, i, c->esz);
        put(r, i, c->esz, opc == 0x1c ? from_int(c, x, !u, fbits) : to_int(c, x, FPROUND_RZ, !u, fbits));
    }
    return true;
}

/* FMLA FMLS FMUL FMULX by element: size 00 half (index H:L:M, Vm of
 * V0-V15), 10 single (H:L), 11 double (H). */
static bool exec_elem(FpCtx *c, uint32_t insn, uint64_t *r)
{
    int opc = (insn >> 12) & 15, u = (insn >> 29) & 1, size = (insn >> 22) & 3, q = (insn >> 30) & 1;
    int h = (insn >> 11) & 1, l = (insn >> 21) & 1, m = (insn >> 20) & 1, rm = (insn >> 16) & 31;
    bool scalar = (insn >> 28) & 1;
    int op = opc == 1 && !u ? F_MLA : opc == 5 && !u ? F_MLS : opc == 9 ? (u ? F_MULX : F_MUL) : -1;
    if (op < 0 || size == 1 || (size == 3 && (l || (!q && !scalar)))) {
        return false;
    }
    c->esz = size ? size : MO_16;
    int idx = size == 3 ? h : size == 2 ? (h << 1 | l) : (h << 2 | l << 1 | m);
    uint64_t x = get(c->env->vregs[size ? rm : rm & 15], idx, c->esz);
    const uint64_t *n = c->env->vregs[(insn >> 5) & 31], *d = c->env->vregs[insn & 31];
    lanes_by_size(c, op, n, NULL, x, d, r, lanes(c, insn));
    return true;
}

/* -- Complex numbers: FCMLA, FCADD (ARMv8.3 FCMA) --
 *
 * A pair of elements is one complex number, the real part in the even
 * element. FCMLA rotates the Vm number by rot * 90 degrees and adds its
 * product with the real (rot 0, 180) or imaginary (90, 270) part of the Vn
 * number to Vd, two fused multiply-adds:
 *
 *     fcmla #90:  d.re += n.im * -m.im     d.im += n.im * m.re
 *
 * FCADD adds the Vm number rotated by 90 or 270 degrees to the Vn one.
 * The negations are FPNeg: sign flips, NaNs included, before the
 * arithmetic sees them. */

/* Pairs of a complex op (size 01 half, 10 single, 11 double, the last
 * only with Q = 1); 0 for an encoding that does not exist or lacks FCMA.
 * A half pair also needs FP16, which a64_simd_fp_exec checks. */
static int complex_elems(FpCtx *c, uint32_t insn, int size)
{
    int q = (insn >> 30) & 1;
    if (!(c->env->features & A64_FEATURE_FCMA) || ((insn >> 28) & 1) || size == 0 || (size == 3 && !q)) {
        return 0;
    }
    c->esz = size;
    return (q ? 16 : 8) >> (size + 1);
}

/* FCMLA of pair e: Vd's pair plus Vn's pair times (re, im) rotated. */
static void cmla_pair(FpCtx *c, uint64_t *r, uint32_t insn, int e, uint64_t re, uint64_t im, int rot)
{
    const uint64_t *n = c->env->vregs[(insn >> 5) & 31], *d = c->env->vregs[insn & 31];
    uint64_t sb = sign_bit(c), x = get(n, 2 * e + (rot & 1), c->esz);
    uint64_t m0 = (rot & 1 ? im : re) ^ (rot == 1 || rot == 2 ? sb : 0);
    uint64_t m1 = (rot & 1 ? re : im) ^ (rot >= 2 ? sb : 0);
    put(r, 2 * e, c->esz, fp_op(c, F_MLA, x, m0, get(d, 2 * e, c->esz)));
    put(r, 2 * e + 1, c->esz, fp_op(c, F_MLA, x, m1, get(d, 2 * e + 1, c->esz)));
}

/* FCMLA and FCADD (three same extra: U = 1, opcode 10 rot, 11 rot 0). */
static bool exec_complex(FpCtx *c, uint32_t insn, uint64_t *r)
{
    int opc = (insn >> 11) & 15, pairs = complex_elems(c, insn, (insn >> 22) & 3);
    if (!((insn >> 29) & 1) || opc < 8 || (opc >= 12 && (opc & 1)) || !pairs) {
        return false;
    }
    const uint64_t *n = c->env->vregs[(insn >> 5) & 31], *m = c->env->vregs[(insn >> 16) & 31];
    uint64_t sb = sign_bit(c);
    for (int e = 0; e < pairs; e++) {
        uint64_t re = get(m, 2 * e, c->esz), im = get(m, 2 * e + 1, c->esz);
        if (opc < 12) {
            cmla_pair(c, r, insn, e, re, im, opc & 3);
            continue;
        }
        bool r270 = opc & 2; /* #90: n + (-im, re); #270: n + (im, -re) */
        put(r, 2 * e, c->esz, fp_op(c, F_ADD, get(n, 2 * e, c->esz), im ^ (r270 ? 0 : sb), 0));
        put(r, 2 * e + 1, c->esz, fp_op(c, F_ADD, get(n, 2 * e + 1, c->esz), re ^ (r270 ? sb : 0), 0));
    }
    return true;
}

/* FCMLA by element: every pair of Vm replaced by pair H:L of halves or
 * pair H of singles (which need Q = 1 and L = 0). */
static bool exec_complex_elem(FpCtx *c, uint32_t insn, uint64_t *r)
{
    int size = (insn >> 22) & 3, pairs = complex_elems(c, insn, size), h = (insn >> 11) & 1, l = (insn >> 21) & 1;
    if (!pairs || size == 3 || (size == 2 && (!((insn >> 30) & 1) || l))) {
        return false;
    }
    int idx = size == 1 ? h << 1 | l : h;
    const uint64_t *m = c->env->vregs[(insn >> 16) & 31];
    for (int e = 0; e < pairs; e++) {
        cmla_pair(c, r, insn, e, get(m, 2 * idx, c->esz), get(m, 2 * idx + 1, c->esz), (insn >> 13) & 3);
    }
    return true;
}

bool a64_simd_fp_exec(CPUA64State *env, uint32_t insn, int cls, uint64_t res[2])
{
    bool half_class = cls == A64_SIMD_3SAME_H || cls == A64_SIMD_2MISC_H;
    FpCtx c = {env, {env->fpcr, &env->fpsr}, half_class ? MO_16 : MO_32 + (int)((insn >> 22) & 1)};
    uint64_t r[2] = {0, 0};
    /* An encoding found unallocated part way leaves FPSR as it was. The
     * verdict depends on the encoding alone, so only the translator's
     * trial run meets it, and that run restores MXCSR itself; a real
     * run leaves its flags pending there (a64-fp-helper.c). */
    uint32_t saved = env->fpsr;
    bool ok;
    switch (cls) {
    case A64_SIMD_3SAME: case A64_SIMD_3SAME_H: ok = exec_3same(&c, insn, r); break;
    case A64_SIMD_2MISC: case A64_SIMD_2MISC_H: ok = exec_2misc(&c, insn, r); break;
    case A64_SIMD_ACROSS: ok = exec_across(&c, insn, r); break;
    case A64_SIMD_PAIR: ok = exec_pair(&c, insn, r); break;
    case A64_SIMD_SHIFTI: ok = exec_shifti(&c, insn, r); break;
    case A64_SIMD_ELEM: /* U = 1, opcode 0 rot 1: FCMLA */
        ok = ((insn >> 29) & 1) && (insn & 0x9000) == 0x1000 ? exec_complex_elem(&c, insn, r)
                                                              : exec_elem(&c, insn, r);
        break;
    case A64_SIMD_3EXT: ok = exec_complex(&c, insn, r); break;
    default: ok = false; break;
    }
    if (!ok || (c.esz == MO_16 && !(env->features & A64_FEATURE_FP16))) {
        env->fpsr = saved;
        return false;
    }
    if (!((insn >> 30) & 1) || ((insn >> 28) & 1)) {
        if (cls != A64_SIMD_2MISC || (((insn >> 12) & 31) != 0x16 && ((insn >> 12) & 31) != 0x17)) {
            r[1] = 0;
        }
    }
    res[0] = r[0];
    res[1] = r[1];
    return true;
}
