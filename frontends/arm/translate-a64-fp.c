/*
 * A64 scalar floating point: moves (FMOV between general and FP
 * registers, immediate, register), FABS/FNEG as bit operations, and the
 * rest (arithmetic, fused multiply-add, compares, conversions, rounding)
 * as calls of the a64-fp-helper.c helpers, which run the VFP cores with
 * FPCR and FPSR.
 *
 * ftype 00 is single precision, 01 double, 11 half (the ARMv8.2
 * half-precision arithmetic, UNDEFINED without A64_FEATURE_FP16; its
 * helpers take A64_FP_HALF). Writing an H, S or D register zeroes the
 * rest of the V register:
 *
 *     fmov s0, w1          v0[0] = zext32(w1); v0[1] = 0
 *     fmov h0, w1          v0[0] = zext16(w1); v0[1] = 0
 *     fmov v0.d[1], x1     v0[1] = x1 (the low half kept)
 */
#include "frontends/arm/a64-fp.h"
#include "frontends/arm/a64-simd.h"
#include "frontends/arm/vfp_helper.h"
#include "decode-a64-simd.h"

enum { FP_CALL = IR_CALL_NO_READ_GLOBALS | IR_CALL_NO_WRITE_GLOBALS };

/* The memop size of an S, D or H register, or -1 for ftype 10 and for
 * 11 on a cpu without half-precision arithmetic. */
static int fp_size(const DisasA64 *s, int ftype)
{
    static const int size[4] = {MO_32, MO_64, -1, MO_16};
    return ftype == 3 && !a64_feature(s, A64_FEATURE_FP16) ? -1 : size[ftype];
}

/* The FP register's value (H, S or D) as an i64: the temp the last FP insn
 * read or wrote it in, when it is cached at this size. The temp is only
 * ever read. */
static IRTemp read_fp(DisasA64 *s, int n, int ftype)
{
    unsigned size = (unsigned)fp_size(s, ftype);
    IRTemp v = a64_fp_cache_get(s, n, size);
    if (v == IR_NO_TEMP) {
        v = a64_read_elem(s, n, 0, size);
        s->fp_cache[n] = v; /* no write: the keep flag is the writers' */
        s->fp_cache_size[n] = (uint8_t)size;
    }
    return v;
}

/* Writes Vd as an H, S or D register (the rest zeroed); v of a single is
 * zero-extended, as every producer in this file leaves it. An insn that
 * writes V registers through here only, with no label, keeps the cache
 * for the next insn. */
static void write_fp(DisasA64 *s, int d, IRTemp v, int ftype)
{
    unsigned size = (unsigned)fp_size(s, ftype);
    a64_write_vec_scalar(s, d, v, size);
    if (size != MO_16) { /* a half's producers need not zero-extend it */
        a64_fp_cache_put(s, d, v, size);
    }
}

/* The precision bits of a helper's desc. */
static uint64_t dp_bit(int ftype)
{
    return ftype == 1 ? A64_FP_DOUBLE : ftype == 3 ? A64_FP_HALF : 0;
}

/* The IR_FP_* operation of an A64_F* one that fp_arith covers. */
_Static_assert((int)A64_FADD == (int)IR_FP_ADD && (int)A64_FSUB == (int)IR_FP_SUB &&
                   (int)A64_FMUL == (int)IR_FP_MUL && (int)A64_FDIV == (int)IR_FP_DIV &&
                   (int)A64_FSQRT == (int)IR_FP_SQRT,
               "fp_arith takes the A64_F* arithmetic numbers");

/* Whether an S or D insn of this TB may use the inline host arithmetic
 * (fp_arith, fp_cmp, fp_muladd); halves always take the helpers. */
static bool fp_inline(const DisasA64 *s, int ftype)
{
    return s->fp_nearest && ftype != 3;
}

/* r = n op m for FADD FSUB FMUL FDIV FSQRT (m unused): inline host SSE
 * arithmetic when FPCR lets it give the guest's answer, with the helper
 * as its fallback; the helper alone otherwise. */
static void gen_farith(DisasA64 *s, IRTemp r, int op, int ftype, IRTemp n, IRTemp m)
{
    uint64_t desc = (uint64_t)op | dp_bit(ftype);
    if (fp_inline(s, ftype)) {
        ir_fp_arith(s->ir, (unsigned)op | (ftype == 0 ? IR_FP_F32 : 0), r, n, m, helper_a64_farith2, desc);
    } else {
        ir_callN(s->ir, helper_a64_farith, FP_CALL, r, IR_ENV, n, m, n, ir_const_i64(s->ir, (int64_t)desc));
    }
}

static bool gen_int_to_fp(DisasA64 *s, int rd, int rn, int ftype, bool sf, bool is_signed, int fbits)
{
    IRContext *ir = s->ir;
    IRTemp r = a64_tmp(s);
    uint64_t desc = dp_bit(ftype) | (is_signed ? A64_CVT_SIGNED : 0) | (uint64_t)fbits << A64_FP_FBITS_SHIFT |
                    (uint64_t)(sf ? 64 : 32) << A64_FP_WIDTH_SHIFT;
    ir_callN(ir, helper_a64_i2f, FP_CALL, r, IR_ENV, a64_read_x(s, rn), ir_const_i64(ir, (int64_t)desc));
    write_fp(s, rd, r, ftype);
    return true;
}

static bool gen_fp_to_int(DisasA64 *s, int rd, int rn, int ftype, bool sf, bool is_signed, int rmode, int fbits)
{
    IRContext *ir = s->ir;
    IRTemp r = a64_tmp(s);
    uint64_t desc = dp_bit(ftype) | (uint64_t)rmode | (is_signed ? V8FP_SIGNED : 0) |
                    (uint64_t)fbits << A64_FP_FBITS_SHIFT | (uint64_t)(sf ? 64 : 32) << A64_FP_WIDTH_SHIFT;
    ir_callN(ir, helper_a64_f2i, FP_CALL, r, IR_ENV, read_fp(s, rn, ftype), ir_const_i64(ir, (int64_t)desc));
    a64_write_x(s, rd, r, sf);
    return true;
}

/* FMOV (general): opc 110 to a general register, 111 from one. */
static bool gen_fmov_general(DisasA64 *s, arg_FP_INT *a)
{
    bool to_fp = a->opc & 1;
    if (a->sf && a->ftype == 2 && a->rmode == 1) { /* the top half, Vn.D[1] */
        if (to_fp) {
            a64_write_elem(s, a->rd, 1, a64_read_x(s, a->rn), MO_64);
        } else {
            a64_write_x(s, a->rd, a64_read_elem(s, a->rn, 1, MO_64), true);
        }
        return true;
    }
    int size = fp_size(s, a->ftype);
    if (a->rmode != 0 || size < 0 || (size != MO_16 && size != (a->sf ? MO_64 : MO_32))) {
        return false; /* H moves to and from W and X alike */
    }
    if (to_fp) {
        a64_write_vec_scalar(s, a->rd, a64_read_x(s, a->rn), (unsigned)size);
    } else {
        a64_write_x(s, a->rd, a64_read_elem(s, a->rn, 0, (unsigned)size), true);
    }
    return true;
}

/* FJCVTZS (ARMv8.3): the JavaScript conversion of Dn to Wd, NZCV = 0Z00
 * with Z set when it was exact and in range. */
static bool gen_fjcvtzs(DisasA64 *s, arg_FP_INT *a)
{
    if (!a64_feature(s, A64_FEATURE_JSCVT)) {
        return false;
    }
    IRContext *ir = s->ir;
    IRTemp r = a64_tmp(s);
    ir_callN(ir, helper_a64_fjcvtzs, FP_CALL, r, IR_ENV, read_fp(s, a->rn, 1));
    a64_write_x(s, a->rd, r, false);
    ir_movi(ir, IR_I64, a64_cpu_NF, 0);
    ir_movi(ir, IR_I64, a64_cpu_CF, 0);
    ir_movi(ir, IR_I64, a64_cpu_VF, 0);
    ir_shri(ir, IR_I64, a64_cpu_ZF, r, 32); /* bit 32: 1 when not exact (Z clear) */
    return true;
}

bool a64_simd_trans_FP_INT(DisasA64 *s, arg_FP_INT *a)
{
    if (a->s) {
        return false;
    }
    if (!a->sf && a->ftype == 1 && a->rmode == 3 && a->opc == 6) {
        return gen_fjcvtzs(s, a);
    }
    if (a->opc >= 6) {
        return gen_fmov_general(s, a);
    }
    /* opc 000/001 FCVT{N,P,M,Z}{S,U} (rmode), 100/101 FCVTA{S,U},
     * 010/011 SCVTF/UCVTF; rmode must be 00 for the last two. */
    if ((a->opc >= 2 && a->rmode != 0) || fp_size(s, a->ftype) < 0) {
        return false;
    }
    if (a->opc == 2 || a->opc == 3) {
        return gen_int_to_fp(s, a->rd, a->rn, a->ftype, a->sf, !(a->opc & 1), 0);
    }
    static const int rmodes[4] = {FPROUND_RN, FPROUND_RP, FPROUND_RM, FPROUND_RZ};
    int rmode = a->opc >= 4 ? V8FP_RMODE_TIEAWAY : rmodes[a->rmode];
    return gen_fp_to_int(s, a->rd, a->rn, a->ftype, a->sf, !(a->opc & 1), rmode, 0);
}

/* Fixed point: SCVTF/UCVTF (opc 01x, rmode 00) and FCVTZS/FCVTZU (opc
 * 00x, rmode 11) with 64 - scale fraction bits; a W form needs scale >= 32. */
bool a64_simd_trans_FP_FIXED(DisasA64 *s, arg_FP_FIXED *a)
{
    int fbits = 64 - a->scale;
    if (a->s || fp_size(s, a->ftype) < 0 || (!a->sf && a->scale < 32)) {
        return false;
    }
    if ((a->opc == 2 || a->opc == 3) && a->rmode == 0) {
        return gen_int_to_fp(s, a->rd, a->rn, a->ftype, a->sf, !(a->opc & 1), fbits);
    }
    if (a->opc < 2 && a->rmode == 3) {
        return gen_fp_to_int(s, a->rd, a->rn, a->ftype, a->sf, !(a->opc & 1), FPROUND_RZ, fbits);
    }
    return false;
}

/* VFPExpandImm at N = 16: sign a, exponent NOT(b):b:b:c:d, fraction
 * e:f:g:h and six zeroes. */
uint64_t a64_fp16_expand_imm(int imm8)
{
    uint64_t i = (uint64_t)imm8, b = (i >> 6) & 1;
    return (i >> 7) << 15 | (b ^ 1) << 14 | (b ? 3ull : 0) << 12 | (i & 0x3f) << 6;
}

bool a64_simd_trans_FP_IMM(DisasA64 *s, arg_FP_IMM *a)
{
    int size = fp_size(s, a->ftype);
    if (a->m || a->s || a->imm5 || size < 0) {
        return false;
    }
    /* VFPExpandImm is AdvSIMDExpandImm's FMOV form: one element of it
     * (the single form repeats it in both words: keep the low one). */
    uint64_t imm = size == MO_16 ? a64_fp16_expand_imm(a->imm8) : a64_simd_expand_imm(size == MO_64, 15, a->imm8);
    if (size == MO_32) {
        imm = (uint32_t)imm;
    }
    write_fp(s, a->rd, ir_const_i64(s->ir, (int64_t)imm), a->ftype);
    return true;
}

/* FCVT between precisions: opcode 0001 + the destination type; the
 * source is ftype (half precision allowed here: ARMv8.0 converts it). */
static bool gen_fcvt(DisasA64 *s, arg_FP_DP1 *a)
{
    int to = a->opc & 3, from = a->ftype;
    if (to == 2 || from == 2 || to == from) {
        return false;
    }
    IRContext *ir = s->ir;
    static const unsigned size_of[4] = {MO_32, MO_64, 0, MO_16};
    IRTemp r = a64_tmp(s);
    ir_callN(ir, helper_a64_fcvt, FP_CALL, r, IR_ENV, a64_read_elem(s, a->rn, 0, size_of[from]),
             ir_const_i64(ir, from | to << 2));
    a64_write_vec_scalar(s, a->rd, r, size_of[to]);
    return true;
}

/* FRINT32Z, FRINT32X, FRINT64Z, FRINT64X (ARMv8.5; opcode 0100xx, S and
 * D only): Z rounds toward zero, X in FPCR's mode. */
static bool gen_frint_n(DisasA64 *s, arg_FP_DP1 *a)
{
    if (a->ftype > 1 || !a64_feature(s, A64_FEATURE_FRINTTS)) {
        return false;
    }
    IRContext *ir = s->ir;
    IRTemp r = a64_tmp(s);
    uint64_t desc = dp_bit(a->ftype) | (a->opc & 1 ? V8FP_RMODE_FPSCR : FPROUND_RZ) |
                    (uint64_t)(a->opc & 2 ? 64 : 32) << A64_FP_WIDTH_SHIFT;
    ir_callN(ir, helper_a64_frint, FP_CALL, r, IR_ENV, read_fp(s, a->rn, a->ftype), ir_const_i64(ir, (int64_t)desc));
    write_fp(s, a->rd, r, a->ftype);
    return true;
}

bool a64_simd_trans_FP_DP1(DisasA64 *s, arg_FP_DP1 *a)
{
    if (a->m || a->s) {
        return false;
    }
    if ((a->opc & 0x3c) == 0x04) {
        return gen_fcvt(s, a);
    }
    if (fp_size(s, a->ftype) < 0) {
        return false;
    }
    if (a->opc >= 0x10 && a->opc <= 0x13) {
        return gen_frint_n(s, a);
    }
    IRContext *ir = s->ir;
    IRTemp n = read_fp(s, a->rn, a->ftype), r = a64_tmp(s);
    uint64_t sign = 1ull << ((8u << fp_size(s, a->ftype)) - 1);
    switch (a->opc) {
    case 0x00: /* FMOV (register) */
        write_fp(s, a->rd, n, a->ftype);
        return true;
    case 0x01: /* FABS, FNEG: the sign bit alone, NaNs included */
        ir_andi(ir, IR_I64, r, n, (int64_t)(sign - 1));
        break;
    case 0x02:
        ir_binopi(ir, IR_OP_xor, IR_I64, r, n, (int64_t)sign);
        break;
    case 0x03:
        gen_farith(s, r, A64_FSQRT, a->ftype, n, n);
        break;
    case 0x08: case 0x09: case 0x0a: case 0x0b: case 0x0c: case 0x0e: case 0x0f: {
        /* FRINTN P M Z A, X (current mode, exact), I (current mode) */
        static const int rm[8] = {FPROUND_RN, FPROUND_RP, FPROUND_RM, FPROUND_RZ, V8FP_RMODE_TIEAWAY, 0,
                                  V8FP_RMODE_FPSCR | V8FP_EXACT, V8FP_RMODE_FPSCR};
        uint64_t desc = dp_bit(a->ftype) | (uint64_t)rm[a->opc & 7];
        ir_callN(ir, helper_a64_frint, FP_CALL, r, IR_ENV, n, ir_const_i64(ir, (int64_t)desc));
        break;
    }
    default:
        return false;
    }
    write_fp(s, a->rd, r, a->ftype);
    return true;
}

/* Two sources: opcode 0000 FMUL, 0001 FDIV, 0010 FADD, 0011 FSUB,
 * 0100 FMAX, 0101 FMIN, 0110 FMAXNM, 0111 FMINNM, 1000 FNMUL. */
bool a64_simd_trans_FP_DP2(DisasA64 *s, arg_FP_DP2 *a)
{
    static const int ops[9] = {A64_FMUL, A64_FDIV, A64_FADD, A64_FSUB, A64_FMAX,
                               A64_FMIN, A64_FMAXNM, A64_FMINNM, A64_FNMUL};
    if (a->m || a->s || fp_size(s, a->ftype) < 0 || a->opc > 8) {
        return false;
    }
    IRContext *ir = s->ir;
    IRTemp r = a64_tmp(s), n = read_fp(s, a->rn, a->ftype), m = read_fp(s, a->rm, a->ftype);
    if (ops[a->opc] <= A64_FDIV) {
        gen_farith(s, r, ops[a->opc], a->ftype, n, m);
    } else {
        ir_callN(ir, helper_a64_farith, FP_CALL, r, IR_ENV, n, m, n,
                 ir_const_i64(ir, (int64_t)(ops[a->opc] | dp_bit(a->ftype))));
    }
    write_fp(s, a->rd, r, a->ftype);
    return true;
}

/* Three sources: o1:o0 00 FMADD, 01 FMSUB, 10 FNMADD, 11 FNMSUB. */
bool a64_simd_trans_FP_DP3(DisasA64 *s, arg_FP_DP3 *a)
{
    if (a->m || a->s || fp_size(s, a->ftype) < 0) {
        return false;
    }
    IRContext *ir = s->ir;
    IRTemp r = a64_tmp(s);
    int op = A64_FMADD + (a->o1 << 1 | a->o0);
    IRTemp n = read_fp(s, a->rn, a->ftype), m = read_fp(s, a->rm, a->ftype), addend = read_fp(s, a->ra, a->ftype);
    uint64_t desc = (uint64_t)op | dp_bit(a->ftype);
    if (fp_inline(s, a->ftype)) {
        /* FMADD a + n*m, FMSUB a - n*m, FNMADD -a - n*m, FNMSUB -a + n*m */
        static const unsigned neg[4] = {0, IR_FP_NEG_PRODUCT, IR_FP_NEG_PRODUCT | IR_FP_NEG_ADDEND, IR_FP_NEG_ADDEND};
        ir_fp_muladd(ir, neg[a->o1 << 1 | a->o0] | (a->ftype == 0 ? IR_FP_F32 : 0), r, n, m, addend,
                     helper_a64_farith, desc);
    } else {
        ir_callN(ir, helper_a64_farith, FP_CALL, r, IR_ENV, n, m, addend, ir_const_i64(ir, (int64_t)desc));
    }
    write_fp(s, a->rd, r, a->ftype);
    return true;
}

/* NZCV (bits 3:0 of nzcv) into the split flags. */
static void gen_set_nzcv(DisasA64 *s, IRTemp nzcv)
{
    IRContext *ir = s->ir;
    ir_shli(ir, IR_I64, a64_cpu_NF, nzcv, 60);
    ir_andi(ir, IR_I64, a64_cpu_ZF, nzcv, 4);
    ir_binopi(ir, IR_OP_xor, IR_I64, a64_cpu_ZF, a64_cpu_ZF, 4);
    ir_shri(ir, IR_I64, a64_cpu_CF, nzcv, 1);
    ir_andi(ir, IR_I64, a64_cpu_CF, a64_cpu_CF, 1);
    ir_shli(ir, IR_I64, a64_cpu_VF, nzcv, 63);
}

static IRTemp gen_fcmp(DisasA64 *s, int ftype, int rn, IRTemp m, bool signal)
{
    IRContext *ir = s->ir;
    IRTemp r = ir_new_tb(ir, IR_I64);
    if (fp_inline(s, ftype)) { /* FZ = 0: x86's (u)comisd is FPCompare, flags included */
        ir_fp_cmp(ir, (ftype == 0 ? IR_FP_F32 : 0) | (signal ? IR_FP_SIGNAL : 0), r, read_fp(s, rn, ftype), m);
        return r;
    }
    ir_callN(ir, helper_a64_fcmp, FP_CALL, r, IR_ENV, read_fp(s, rn, ftype), m,
             ir_const_i64(ir, (int64_t)(dp_bit(ftype) | (signal ? A64_FCMP_SIGNAL : 0))));
    return r;
}

/* FCMP/FCMPE: opcode2 bit 4 signals, bit 3 compares with +0.0. */
bool a64_simd_trans_FP_CMP(DisasA64 *s, arg_FP_CMP *a)
{
    if (a->m || a->s || a->op || fp_size(s, a->ftype) < 0 || (a->opc2 & 7)) {
        return false;
    }
    IRTemp m = a->opc2 & 8 ? ir_const_i64(s->ir, 0) : read_fp(s, a->rm, a->ftype);
    gen_set_nzcv(s, gen_fcmp(s, a->ftype, a->rn, m, a->opc2 & 16));
    s->fp_keep = true; /* no V register written, no label */
    return true;
}

/* FCCMP/FCCMPE: the compare when cond holds, else NZCV = nzcv. */
bool a64_simd_trans_FP_CCMP(DisasA64 *s, arg_FP_CCMP *a)
{
    if (a->m || a->s || fp_size(s, a->ftype) < 0) {
        return false;
    }
    IRContext *ir = s->ir;
    IRTemp r = ir_new_tb(ir, IR_I64), holds = a64_tmp(s);
    a64_fp_cache_clear(s); /* its temps die at the branch below */
    A64Cmp c = a64_gen_cond(s, a->cond);
    int skip = ir_new_label(ir), end = ir_new_label(ir);
    ir_setcond(ir, IR_I64, holds, c.v, ir_const_i64(ir, 0), c.cond);
    ir_brcondi(ir, IR_I64, holds, 0, IR_COND_EQ, skip);
    ir_mov(ir, IR_I64, r, gen_fcmp(s, a->ftype, a->rn, read_fp(s, a->rm, a->ftype), a->op));
    ir_br(ir, end);
    ir_set_label(ir, skip);
    ir_movi(ir, IR_I64, r, a->nzcv);
    ir_set_label(ir, end);
    gen_set_nzcv(s, r);
    return true;
}

bool a64_simd_trans_FP_CSEL(DisasA64 *s, arg_FP_CSEL *a)
{
    if (a->m || a->s || fp_size(s, a->ftype) < 0) {
        return false;
    }
    IRContext *ir = s->ir;
    A64Cmp c = a64_gen_cond(s, a->cond);
    IRTemp r = a64_tmp(s);
    ir_movcond(ir, IR_I64, r, c.v, ir_const_i64(ir, 0), read_fp(s, a->rn, a->ftype), read_fp(s, a->rm, a->ftype),
               c.cond);
    write_fp(s, a->rd, r, a->ftype);
    return true;
}

