/*
 * A64 Advanced SIMD floating point in C, element by element on the VFP
 * cores (vfp_helper.c, vfp_v8_helper.c) with FPCR and FPSR, as the scalar
 * FP helpers do: the three-same FP ops (FADD .. FDIV, FMLA/FMLS, the
 * compares, FABD, FMULX, FRECPS, FRSQRTS, the pairwise forms), the two-register ones
 * (FABS, FNEG, FSQRT, FRINT*, FCVT{N,M,A,P,Z}{S,U}, SCVTF/UCVTF, FCVTN,
 * FCVTL, FCVTXN, compares with zero, FRECPE, FRSQRTE, FRECPX, URECPE,
 * URSQRTE), FMAXV/FMINV(NM), the scalar
 * pairwise FADDP/FMAXP/.., the fixed-point shifts, and FMLA/FMLS/FMUL/
 * FMULX by element. An element is a single (sz = 0) or a double (sz = 1).
 *
 * a64_simd_fp_exec is called by a64_simd_exec for the encodings the
 * integer code does not take; it returns false, changing nothing, when
 * the encoding is not an allocated FP one.
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

typedef struct FpCtx {
    CPUA64State *env;
    VfpStatus st;
    bool dp;
} FpCtx;

static uint64_t sign_bit(const FpCtx *c) { return c->dp ? 1ull << 63 : 1ull << 31; }

static uint64_t get(const uint64_t *v, int i, bool dp)
{
    return dp ? v[i] : (uint32_t)(v[i / 2] >> (32 * (i & 1)));
}

static void put(uint64_t *v, int i, bool dp, uint64_t x)
{
    if (dp) {
        v[i] = x;
    } else {
        int sh = 32 * (i & 1);
        v[i / 2] = (v[i / 2] & ~(0xffffffffull << sh)) | (x & 0xffffffffull) << sh;
    }
}

static uint64_t arith(FpCtx *c, VfpOp op, uint64_t a, uint64_t b, uint64_t d)
{
    return c->dp ? vfp_d_arith(&c->st, op, a, b, d) : vfp_s_arith(&c->st, op, (uint32_t)a, (uint32_t)b, (uint32_t)d);
}

static uint32_t compare(FpCtx *c, uint64_t a, uint64_t b, bool signal)
{
    return c->dp ? vfp_d_compare(&c->st, a, b, signal) : vfp_s_compare(&c->st, (uint32_t)a, (uint32_t)b, signal);
}

static bool is_inf_zero(const FpCtx *c, uint64_t a, uint64_t b)
{
    uint64_t inf = c->dp ? 0x7ff0000000000000ull : 0x7f800000ull, ma = a & ~sign_bit(c), mb = b & ~sign_bit(c);
    if (c->st.fpscr & (1u << 24)) { /* FZ: a denormal is a zero here */
        ma = (ma & inf) ? ma : 0;
        mb = (mb & inf) ? mb : 0;
    }
    return (ma == inf && mb == 0) || (ma == 0 && mb == inf);
}

static uint64_t fp_op(FpCtx *c, int op, uint64_t a, uint64_t b, uint64_t d)
{
    uint64_t ones = c->dp ? ~0ull : 0xffffffffull, sb = sign_bit(c);
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
        if (is_inf_zero(c, a, b) && !((a & ~sb) > (c->dp ? 0x7ff0000000000000ull : 0x7f800000ull)) &&
            !((b & ~sb) > (c->dp ? 0x7ff0000000000000ull : 0x7f800000ull))) {
            return ((a ^ b) & sb) | (c->dp ? 0x4000000000000000ull : 0x40000000ull); /* +-2.0 */
        }
        return arith(c, VOP_MUL, a, b, 0);
    case F_RECPS: case F_RSQRTS: {
        /* FPRecipStepFused: 2 - a * b; FPRSqrtStepFused: (3 - a * b) / 2,
         * one rounding; inf * 0 gives exactly 2 or 1.5. */
        uint64_t inf = c->dp ? 0x7ff0000000000000ull : 0x7f800000ull;
        bool nan = (a & ~sb) > inf || (b & ~sb) > inf;
        if (!nan && is_inf_zero(c, a, b)) {
            return op == F_RECPS ? (c->dp ? 0x4000000000000000ull : 0x40000000ull)
                                 : (c->dp ? 0x3ff8000000000000ull : 0x3fc00000ull);
        }
        if (op == F_RECPS) {
            return arith(c, VOP_FMA, a ^ sb, b, c->dp ? 0x4000000000000000ull : 0x40000000ull);
        }
        /* 1.5 - (x / 2) * y with the larger operand halved, which is exact
         * for a normal above the smallest binade and keeps one rounding
         * even where 3 - a * b would overflow. Two tiny operands: 3 - a * b
         * is near 3, and halving it afterwards is exact. */
        int fb = c->dp ? 52 : 23;
        uint64_t emax = c->dp ? 0x7ff : 0xff, ea = (a >> fb) & emax, eb = (b >> fb) & emax;
        uint64_t one = 1ull << fb, k15 = c->dp ? 0x3ff8000000000000ull : 0x3fc00000ull;
        if (ea >= 2 && ea < emax && ea >= eb) {
            return arith(c, VOP_FMA, (a - one) ^ sb, b, k15);
        }
        if (eb >= 2 && eb < emax) {
            return arith(c, VOP_FMA, a ^ sb, b - one, k15);
        }
        uint64_t r = arith(c, VOP_FMA, a ^ sb, b, c->dp ? 0x4008000000000000ull : 0x40400000ull);
        return (r & ~sb) <= inf ? arith(c, VOP_MUL, r, c->dp ? 0x3fe0000000000000ull : 0x3f000000ull, 0) : r;
    }
    case F_MLA: return arith(c, VOP_FMA, a, b, d);
    case F_MLS: return arith(c, VOP_FMA, a ^ sb, b, d);
    case F_MAX: case F_MIN: case F_MAXNM: case F_MINNM: {
        uint32_t desc = V8FP_RMODE_FPSCR | (op == F_MIN || op == F_MINNM ? V8FP_MIN : 0) |
                        (op == F_MAX || op == F_MIN ? V8FP_PROPAGATE : 0);
        return vfp_max_min(&c->st, c->dp, a, b, desc);
    }
    case F_CMEQ: return compare(c, a, b, false) == 0x6 ? ones : 0;
    case F_CMGE: { uint32_t f = compare(c, a, b, true); return f == 0x6 || f == 0x2 ? ones : 0; }
    case F_CMGT: return compare(c, a, b, true) == 0x2 ? ones : 0;
    case F_ACGE: { uint32_t f = compare(c, a & ~sb, b & ~sb, true); return f == 0x6 || f == 0x2 ? ones : 0; }
    default: return compare(c, a & ~sb, b & ~sb, true) == 0x2 ? ones : 0; /* F_ACGT */
    }
}

/* -- Three same -- */

/* The operation of a three-same FP opcode (bits 15:11 = 11xxx), or -1. */
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

static bool exec_3same(FpCtx *c, uint32_t insn, uint64_t *r)
{
    int u = (insn >> 29) & 1, a = (insn >> 23) & 1, low3 = (insn >> 11) & 7, q = (insn >> 30) & 1;
    bool scalar = (insn >> 28) & 1;
    int op = op_3same(u, a, low3);
    bool pairwise = u && !a && (low3 == 0 || low3 == 2 || low3 == 6);
    pairwise |= u && a && (low3 == 0 || low3 == 6);
    if (((insn >> 11) & 0x18) != 0x18 || op < 0 || (c->dp && !q && !scalar)) {
        return false;
    }
    if (scalar && (pairwise || op == F_MLA || op == F_MLS || op == F_ADD || op == F_SUB || op == F_MUL ||
                   op == F_DIV || op == F_MAX || op == F_MIN || op == F_MAXNM || op == F_MINNM)) {
        return false;
    }
    CPUA64State *env = c->env;
    const uint64_t *n = env->vregs[(insn >> 5) & 31], *m = env->vregs[(insn >> 16) & 31];
    const uint64_t *d = env->vregs[insn & 31];
    int ne = scalar ? 1 : (q ? 16 : 8) >> (c->dp ? 3 : 2);
    if (pairwise) {
        uint64_t cat[4] = {n[0], q ? n[1] : m[0], m[0], m[1]};
        for (int i = 0; i < ne; i++) {
            put(r, i, c->dp, fp_op(c, op, get(cat, 2 * i, c->dp), get(cat, 2 * i + 1, c->dp), 0));
        }
        return true;
    }
    for (int i = 0; i < ne; i++) {
        put(r, i, c->dp, fp_op(c, op, get(n, i, c->dp), get(m, i, c->dp), get(d, i, c->dp)));
    }
    return true;
}

/* -- Estimates: FPRecipEstimate, FPRSqrtEstimate, FPRecpX --
 *
 * The 8-bit estimates are AArch32's (neon_recpe_u32, neon_rsqrte_u32 on
 * the 9-bit scaled significand in bits 31:23); around them, A64 handles
 * denormals, doubles and the FPCR rounding of out-of-range results. */

enum { E_IOC = 1, E_DZC = 2, E_OFC = 4, E_UFC = 8, E_IXC = 16, E_IDC = 128 };

/* FPUnpack's flush and FPProcessNaN; true when x is a NaN (*out set). */
static bool estimate_in(FpCtx *c, uint64_t *x, uint64_t *out)
{
    int fb = c->dp ? 52 : 23;
    uint64_t sb = sign_bit(c), mag = *x & ~sb, inf = (c->dp ? 0x7ffull : 0xffull) << fb, quiet = 1ull << (fb - 1);
    if ((c->st.fpscr & (1u << 24)) && mag && mag < (1ull << fb)) {
        *c->st.flags |= E_IDC;
        *x &= sb;
        return false;
    }
    if (mag <= inf) {
        return false;
    }
    if (!(*x & quiet)) {
        *c->st.flags |= E_IOC;
    }
    *out = (c->st.fpscr & (1u << 25)) ? inf | quiet : *x | quiet;
    return true;
}

static uint64_t recip_estimate(FpCtx *c, uint64_t x)
{
    int fb = c->dp ? 52 : 23;
    uint64_t sb = sign_bit(c), r, emax = c->dp ? 0x7ff : 0xff, inf = emax << fb;
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
    if (mag < (1ull << (fb - 2))) { /* below 2^-128 (2^-1024): the reciprocal overflows */
        bool to_inf = rmode == FPROUND_RN || (rmode == FPROUND_RP && !sign) || (rmode == FPROUND_RM && sign);
        *c->st.flags |= E_OFC | E_IXC;
        return sign | (to_inf ? inf : inf - 1);
    }
    if ((c->st.fpscr & (1u << 24)) && (uint64_t)exp >= emax - 2) { /* FZ: the reciprocal is tiny */
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
    int rexp = (c->dp ? 2045 : 253) - exp;
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
    int fb = c->dp ? 52 : 23;
    uint64_t sb = sign_bit(c), r, inf = (c->dp ? 0x7ffull : 0xffull) << fb;
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
    int rexp = ((c->dp ? 3068 : 380) - exp) / 2;
    return (uint64_t)rexp << fb | (est & 0xff) << (fb - 8);
}

static uint64_t recpx(FpCtx *c, uint64_t x)
{
    int fb = c->dp ? 52 : 23;
    uint64_t r, emax = c->dp ? 0x7ff : 0xff;
    if (estimate_in(c, &x, &r)) {
        return r;
    }
    uint64_t exp = (x >> fb) & emax;
    return (x & sign_bit(c)) | (exp ? ~exp & emax : emax - 1) << fb;
}

/* -- Two-register misc -- */

/* Integer results of FCVT*: the V8FP rounding of opcode 1101x/11100. */
static uint64_t to_int(FpCtx *c, uint64_t x, int rmode, bool is_signed, int fbits)
{
    return vfp_to_fixed(&c->st, c->dp, x, (uint32_t)rmode | (is_signed ? V8FP_SIGNED : 0), fbits, c->dp ? 64 : 32);
}

static uint64_t from_int(FpCtx *c, uint64_t x, bool is_signed, int fbits)
{
    uint64_t desc = (c->dp ? A64_FP_DOUBLE : 0) | (is_signed ? A64_CVT_SIGNED : 0) |
                    (uint64_t)fbits << A64_FP_FBITS_SHIFT | (uint64_t)(c->dp ? 64 : 32) << A64_FP_WIDTH_SHIFT;
    return helper_a64_i2f(c->env, x, desc);
}

static bool exec_cvt_narrow_widen(FpCtx *c, uint32_t insn, int key, uint64_t *r)
{
    CPUA64State *env = c->env;
    const uint64_t *n = env->vregs[(insn >> 5) & 31], *d = env->vregs[insn & 31];
    int q = (insn >> 30) & 1;
    bool scalar = (insn >> 28) & 1;
    if (key == 0x16 || key == 0x36) { /* FCVTN, FCVTXN (U=1, sz=1 only) */
        if (key == 0x36 && !c->dp) {
            return false;
        }
        int nn = scalar ? 1 : c->dp ? 2 : 4, half = scalar ? 0 : q;
        uint64_t src[2] = {n[0], n[1]};
        r[0] = half ? d[0] : 0;
        r[1] = 0;
        for (int i = 0; i < nn; i++) {
            uint64_t x;
            if (c->dp && key == 0x36) { /* round to odd: RZ, then set the lsb when inexact */
                uint32_t fl = 0;
                VfpStatus rz = {c->st.fpscr | (3u << 22), &fl};
                vfp_take_host_flags(c->st.flags); /* fl must see this op's flags alone */
                x = vfp_d_to_s(&rz, src[i]);
                if (fl & (1u << 4)) {
                    x |= 1;
                }
                *c->st.flags |= fl;
            } else {
                x = c->dp ? vfp_d_to_s(&c->st, src[i]) : vfp_s_to_h(&c->st, (uint32_t)get(src, i, false));
            }
            if (c->dp) {
                put(r, i + half * 2, false, x);
            } else {
                memcpy((uint8_t *)r + 2 * (i + half * 4), &x, 2);
            }
        }
        return !scalar || key == 0x36;
    }
    if (scalar) { /* FCVTL */
        return false;
    }
    for (int i = 0; i < (c->dp ? 2 : 4); i++) {
        uint64_t x;
        if (c->dp) {
            x = vfp_s_to_d(&c->st, (uint32_t)get(n, i + q * 2, false));
        } else {
            uint16_t h;
            memcpy(&h, (const uint8_t *)n + 2 * (i + q * 4), 2);
            x = vfp_h_to_s(&c->st, h);
        }
        put(r, i, c->dp, x);
    }
    return true;
}

static bool exec_2misc(FpCtx *c, uint32_t insn, uint64_t *r)
{
    int u = (insn >> 29) & 1, a = (insn >> 23) & 1, opc = (insn >> 12) & 31, q = (insn >> 30) & 1;
    bool scalar = (insn >> 28) & 1;
    int key = opc | u << 5 | a << 6;
    if (key == 0x16 || key == 0x17 || key == 0x36) {
        return exec_cvt_narrow_widen(c, insn, key, r);
    }
    if (c->dp && !q && !scalar) {
        return false;
    }
    static const int rm[4] = {FPROUND_RN, FPROUND_RM, FPROUND_RP, FPROUND_RZ};
    int ne = scalar ? 1 : (q ? 16 : 8) >> (c->dp ? 3 : 2);
    const uint64_t *n = c->env->vregs[(insn >> 5) & 31];
    uint64_t sb = sign_bit(c);
    for (int i = 0; i < ne; i++) {
        uint64_t x = get(n, i, c->dp), v;
        switch (key) {
        case 0x18: case 0x19: case 0x58: case 0x59: /* FRINTN M P Z */
            if (scalar) {
                return false;
            }
            v = vfp_rint(&c->st, c->dp, x, (uint32_t)rm[(opc & 1) | a << 1]);
            break;
        case 0x38: v = scalar ? 0 : vfp_rint(&c->st, c->dp, x, V8FP_RMODE_TIEAWAY); break;
        case 0x39: v = scalar ? 0 : vfp_rint(&c->st, c->dp, x, V8FP_RMODE_FPSCR | V8FP_EXACT); break;
        case 0x79: v = scalar ? 0 : vfp_rint(&c->st, c->dp, x, V8FP_RMODE_FPSCR); break;
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
            if (scalar || c->dp) {
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
        put(r, i, c->dp, v);
    }
    return true;
}

/* -- Reductions -- */

/* FMAXNMV FMINNMV FMAXV FMINV of .4s: the architecture's halving order,
 * op(op(e0, e1), op(e2, e3)). */
static bool exec_across(FpCtx *c, uint32_t insn, uint64_t *r)
{
    int u = (insn >> 29) & 1, a = (insn >> 23) & 1, opc = (insn >> 12) & 31, q = (insn >> 30) & 1;
    if (!u || c->dp || !q || (opc != 0x0c && opc != 0x0f)) {
        return false;
    }
    int op = opc == 0x0c ? (a ? F_MINNM : F_MAXNM) : (a ? F_MIN : F_MAX);
    const uint64_t *n = c->env->vregs[(insn >> 5) & 31];
    uint64_t lo = fp_op(c, op, get(n, 0, false), get(n, 1, false), 0);
    uint64_t hi = fp_op(c, op, get(n, 2, false), get(n, 3, false), 0);
    put(r, 0, false, fp_op(c, op, lo, hi, 0));
    return true;
}

/* Scalar pairwise: FMAXNMP, FADDP, FMAXP (a = 0), FMINNMP, FMINP (a = 1). */
static bool exec_pair(FpCtx *c, uint32_t insn, uint64_t *r)
{
    int u = (insn >> 29) & 1, a = (insn >> 23) & 1, opc = (insn >> 12) & 31;
    static const signed char ops[2][4] = {{F_MAXNM, F_ADD, -1, F_MAX}, {F_MINNM, -1, -1, F_MIN}};
    if (!u || opc < 0x0c || opc > 0x0f || ops[a][opc - 0x0c] < 0) {
        return false;
    }
    const uint64_t *n = c->env->vregs[(insn >> 5) & 31];
    put(r, 0, c->dp, fp_op(c, ops[a][opc - 0x0c], get(n, 0, c->dp), get(n, 1, c->dp), 0));
    return true;
}

/* -- Fixed point (shift by immediate) and by element -- */

static bool exec_shifti(FpCtx *c, uint32_t insn, uint64_t *r)
{
    int immh = (insn >> 19) & 15, immhb = (insn >> 16) & 127, opc = (insn >> 11) & 31, u = (insn >> 29) & 1;
    int q = (insn >> 30) & 1;
    bool scalar = (insn >> 28) & 1;
    if ((opc != 0x1c && opc != 0x1f) || immh < 4 || ((immh & 8) && !q && !scalar)) {
        return false;
    }
    c->dp = immh & 8;
    int fbits = (c->dp ? 128 : 64) - immhb, ne = scalar ? 1 : (q ? 16 : 8) >> (c->dp ? 3 : 2);
    const uint64_t *n = c->env->vregs[(insn >> 5) & 31];
    for (int i = 0; i < ne; i++) {
        uint64_t x = get(n, i, c->dp);
        put(r, i, c->dp, opc == 0x1c ? from_int(c, x, !u, fbits) : to_int(c, x, FPROUND_RZ, !u, fbits));
    }
    return true;
}

static bool exec_elem(FpCtx *c, uint32_t insn, uint64_t *r)
{
    int opc = (insn >> 12) & 15, u = (insn >> 29) & 1, size = (insn >> 22) & 3, q = (insn >> 30) & 1;
    int h = (insn >> 11) & 1, l = (insn >> 21) & 1, rm = (insn >> 16) & 31;
    bool scalar = (insn >> 28) & 1;
    int op = opc == 1 && !u ? F_MLA : opc == 5 && !u ? F_MLS : opc == 9 ? (u ? F_MULX : F_MUL) : -1;
    if (op < 0 || size < 2 || (size == 3 && (l || (!q && !scalar)))) {
        return false;
    }
    c->dp = size == 3;
    int idx = c->dp ? h : (h << 1 | l), ne = scalar ? 1 : (q ? 16 : 8) >> (c->dp ? 3 : 2);
    uint64_t x = get(c->env->vregs[rm], idx, c->dp);
    const uint64_t *n = c->env->vregs[(insn >> 5) & 31], *d = c->env->vregs[insn & 31];
    for (int i = 0; i < ne; i++) {
        put(r, i, c->dp, fp_op(c, op, get(n, i, c->dp), x, get(d, i, c->dp)));
    }
    return true;
}

bool a64_simd_fp_exec(CPUA64State *env, uint32_t insn, int cls, uint64_t res[2])
{
    FpCtx c = {env, {env->fpcr, &env->fpsr}, (insn >> 22) & 1};
    uint64_t r[2] = {0, 0};
    /* An encoding found unallocated part way leaves FPSR as it was. The
     * verdict depends on the encoding alone, so only the translator's
     * trial run meets it, and that run restores MXCSR itself; a real
     * run leaves its flags pending there (a64-fp-helper.c). */
    uint32_t saved = env->fpsr;
    bool ok;
    switch (cls) {
    case A64_SIMD_3SAME: ok = exec_3same(&c, insn, r); break;
    case A64_SIMD_2MISC: ok = exec_2misc(&c, insn, r); break;
    case A64_SIMD_ACROSS: ok = exec_across(&c, insn, r); break;
    case A64_SIMD_PAIR: ok = exec_pair(&c, insn, r); break;
    case A64_SIMD_SHIFTI: ok = exec_shifti(&c, insn, r); break;
    case A64_SIMD_ELEM: ok = exec_elem(&c, insn, r); break;
    default: ok = false; break;
    }
    if (!ok) {
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
