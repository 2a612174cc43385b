/*
 * A64 Advanced SIMD: the decoder entry, V register access, and the
 * integer vector instructions that map onto the vector IR.
 *
 * Each class handler first tries an IR form ("cmeq v0.16b, v1.16b, v2.16b"
 * is one cmp_vec EQ on V128 temps loaded from env and stored back); any
 * other allocated encoding of the class becomes one call of
 * helper_a64_simd, which runs it element by element in C
 * (a64-simd-helper.c). Whether an encoding is allocated is decided by
 * running that same C code at translate time on a scratch state, so the
 * UNDEF verdict and the executed behaviour cannot disagree.
 *
 * A 64-bit vector (Q = 0) is computed as IR_V64 and written back with the
 * high half zeroed; Q = 1 with 64-bit elements is the only 2D form.
 */
#include <string.h>

#include "frontends/arm/a64-simd-perm.h"
#include "frontends/arm/vfp_helper.h"

#include "decode-a64-simd.c.inc"

bool a64_simd_translate(DisasA64 *s, uint32_t insn)
{
    return a64_simd_decode(s, insn);
}

/* -- V registers -- */

IRTemp a64_read_vec(DisasA64 *s, int n)
{
    IRTemp v = ir_new(s->ir, IR_V128);
    ir_ld_vec(s->ir, IR_V128, v, IR_ENV, a64_vofs(n, 0));
    return v;
}

void a64_write_vec(DisasA64 *s, int d, IRTemp v, bool q)
{
    if (q) {
        ir_st_vec(s->ir, IR_V128, v, IR_ENV, a64_vofs(d, 0));
    } else {
        ir_st_vec(s->ir, IR_V64, v, IR_ENV, a64_vofs(d, 0));
        ir_st(s->ir, IR_I64, ir_const_i64(s->ir, 0), IR_ENV, a64_vofs(d, 8), MO_64);
    }
}

IRTemp a64_read_elem(DisasA64 *s, int n, int idx, unsigned memop)
{
    IRTemp t = a64_tmp(s);
    ir_ld(s->ir, IR_I64, t, IR_ENV, a64_vofs(n, idx << (memop & MO_SIZE)), memop);
    return t;
}

void a64_write_elem(DisasA64 *s, int d, int idx, IRTemp val, unsigned memop)
{
    ir_st(s->ir, IR_I64, val, IR_ENV, a64_vofs(d, idx << (memop & MO_SIZE)), memop & MO_SIZE);
}

void a64_write_vec_scalar(DisasA64 *s, int d, IRTemp val, unsigned memop)
{
    IRContext *ir = s->ir;
    unsigned size = memop & MO_SIZE;
    IRTemp t = val;
    if (size < MO_64) {
        t = a64_tmp(s);
        ir_andi(ir, IR_I64, t, val, (int64_t)((1ull << (8u << size)) - 1));
    }
    ir_st(ir, IR_I64, t, IR_ENV, a64_vofs(d, 0), MO_64);
    ir_st(ir, IR_I64, ir_const_i64(ir, 0), IR_ENV, a64_vofs(d, 8), MO_64);
}

/* -- The C fallback -- */

/* Emits the helper call for insn of class cls, or returns false when the
 * C implementation calls it unallocated. */
static bool gen_simd_helper(DisasA64 *s, int cls)
{
    CPUA64State scratch;
    memset(&scratch, 0, sizeof(scratch));
    scratch.features = s->features;
    /* The trial run must neither raise flags for the guest nor take the
     * ones pending in MXCSR (a64-fp-helper.c) into the scratch FPSR. */
    uint32_t host = vfp_host_status_save();
    bool ok = a64_simd_exec(&scratch, s->insn, cls);
    vfp_host_status_restore(host);
    if (!ok) {
        return false;
    }
    IRContext *ir = s->ir;
    ir_callN(ir, helper_a64_simd, IR_CALL_NO_READ_GLOBALS | IR_CALL_NO_WRITE_GLOBALS, IR_NO_TEMP, IR_ENV,
             ir_const_i64(ir, s->insn), ir_const_i64(ir, cls));
    return true;
}

/* -- Three same -- */

/* The vector IR form of a three-same integer op, or false. */
static bool gen_3same_ir(DisasA64 *s, arg_simd3 *a)
{
    IRContext *ir = s->ir;
    IRType t = a->q ? IR_V128 : IR_V64;
    unsigned vece = (unsigned)a->size;
    if (a->scalar || (a->size == 3 && !a->q && a->opc != 3)) {
        return false;
    }
    IRTemp n = a64_read_vec(s, a->rn), m = a64_read_vec(s, a->rm), d = ir_new(ir, IR_V128);
    switch (a->opc | (a->u << 5)) {
    case 0x03: /* AND BIC ORR ORN */
        ir_vec_logic(ir, (IROpcode[]){IR_OP_and_vec, IR_OP_andc_vec, IR_OP_or_vec, IR_OP_orc_vec}[a->size], t, d,
                     n, m);
        break;
    case 0x23: /* EOR BSL BIT BIF */
        if (a->size == 0) {
            ir_xor_vec(ir, t, d, n, m);
        } else {
            IRTemp old = a64_read_vec(s, a->rd);
            if (a->size == 1) {
                ir_bitsel_vec(ir, t, d, old, n, m);
            } else if (a->size == 2) {
                ir_bitsel_vec(ir, t, d, m, n, old);
            } else {
                ir_bitsel_vec(ir, t, d, m, old, n);
            }
        }
        break;
    case 0x06: ir_cmp_vec(ir, t, vece, d, n, m, IR_COND_GT); break;
    case 0x26: ir_cmp_vec(ir, t, vece, d, n, m, IR_COND_GTU); break;
    case 0x07: ir_cmp_vec(ir, t, vece, d, n, m, IR_COND_GE); break;
    case 0x27: ir_cmp_vec(ir, t, vece, d, n, m, IR_COND_GEU); break;
    case 0x31: ir_cmp_vec(ir, t, vece, d, n, m, IR_COND_EQ); break;
    case 0x11: {
        IRTemp z = ir_new(ir, IR_V128);
        ir_and_vec(ir, t, d, n, m);
        ir_dupi_vec(ir, t, vece, z, 0);
        ir_cmp_vec(ir, t, vece, d, d, z, IR_COND_NE);
        break;
    }
    case 0x10: ir_add_vec(ir, t, vece, d, n, m); break;
    case 0x30: ir_sub_vec(ir, t, vece, d, n, m); break;
    case 0x0c: case 0x2c: case 0x0d: case 0x2d:
        if (a->size == 3) {
            return false;
        }
        ir_vec_binop(ir, (IROpcode[]){IR_OP_smax_vec, IR_OP_smin_vec, IR_OP_umax_vec, IR_OP_umin_vec}
                         [(a->opc & 1) | (a->u << 1)], t, vece, d, n, m);
        break;
    case 0x13:
        if (a->size == 3) {
            return false;
        }
        ir_mul_vec(ir, t, vece, d, n, m);
        break;
    default:
        return false;
    }
    a64_write_vec(s, a->rd, d, a->q);
    return true;
}

bool a64_simd_trans_SIMD_3SAME(DisasA64 *s, arg_simd3 *a)
{
    return gen_3same_ir(s, a) || a64_gen_3same_pairwise(s, a) || gen_simd_helper(s, A64_SIMD_3SAME);
}

bool a64_simd_trans_SIMD_3SAME_S(DisasA64 *s, arg_simd3 *a) { return gen_simd_helper(s, A64_SIMD_3SAME); }
bool a64_simd_trans_SIMD_3DIFF(DisasA64 *s, arg_simd3 *a)
{
    if (a->size == 3 && a->opc == 0xe && !a->u) { /* PMULL .1Q; the .8H form is in the C fallback */
        return a64_crypto_gen_pmull64(s, a->q, a->rd, a->rn, a->rm);
    }
    return a64_gen_3diff_widen(s, a) || gen_simd_helper(s, A64_SIMD_3DIFF);
}
bool a64_simd_trans_SIMD_3DIFF_S(DisasA64 *s, arg_simd3 *a) { return gen_simd_helper(s, A64_SIMD_3DIFF); }
bool a64_simd_trans_SIMD_3EXT(DisasA64 *s, arg_simd3 *a) { return gen_simd_helper(s, A64_SIMD_3EXT); }
bool a64_simd_trans_SIMD_3EXT_S(DisasA64 *s, arg_simd3 *a) { return gen_simd_helper(s, A64_SIMD_3EXT); }

/* -- Two-register misc -- */

static bool gen_2misc_ir(DisasA64 *s, arg_simd2 *a)
{
    IRContext *ir = s->ir;
    IRType t = a->q ? IR_V128 : IR_V64;
    unsigned vece = (unsigned)a->size;
    if (a->scalar || (a->size == 3 && !a->q)) {
        return false;
    }
    IRTemp n = a64_read_vec(s, a->rn), d = ir_new(ir, IR_V128), z = ir_new(ir, IR_V128);
    ir_dupi_vec(ir, t, vece, z, 0);
    switch (a->opc | (a->u << 5)) {
    case 0x25:
        if (a->size != 0) {
            return false;
        }
        ir_not_vec(ir, t, d, n); /* NOT */
        break;
    case 0x08: ir_cmp_vec(ir, t, vece, d, n, z, IR_COND_GT); break;
    case 0x28: ir_cmp_vec(ir, t, vece, d, n, z, IR_COND_GE); break;
    case 0x09: ir_cmp_vec(ir, t, vece, d, n, z, IR_COND_EQ); break;
    case 0x29: ir_cmp_vec(ir, t, vece, d, n, z, IR_COND_LE); break;
    case 0x0a: ir_cmp_vec(ir, t, vece, d, n, z, IR_COND_LT); break;
    case 0x0b: ir_abs_vec(ir, t, vece, d, n); break;
    case 0x2b: ir_neg_vec(ir, t, vece, d, n); break;
    default:
        return false;
    }
    a64_write_vec(s, a->rd, d, a->q);
    return true;
}

bool a64_simd_trans_SIMD_2MISC(DisasA64 *s, arg_simd2 *a)
{
    return a64_gen_2misc_width(s, a) || gen_2misc_ir(s, a) || gen_simd_helper(s, A64_SIMD_2MISC);
}

bool a64_simd_trans_SIMD_2MISC_S(DisasA64 *s, arg_simd2 *a) { return gen_simd_helper(s, A64_SIMD_2MISC); }
bool a64_simd_trans_SIMD_ACROSS(DisasA64 *s, arg_simd2 *a) { return gen_simd_helper(s, A64_SIMD_ACROSS); }
bool a64_simd_trans_SIMD_PAIR_S(DisasA64 *s, arg_simd2 *a)
{
    return a64_gen_pair_scalar(s, a) || gen_simd_helper(s, A64_SIMD_PAIR);
}

bool a64_simd_trans_SIMD_ELEM(DisasA64 *s, arg_elem *a) { return gen_simd_helper(s, A64_SIMD_ELEM); }
bool a64_simd_trans_SIMD_ELEM_S(DisasA64 *s, arg_elem *a) { return gen_simd_helper(s, A64_SIMD_ELEM); }
bool a64_simd_trans_SIMD_EXT(DisasA64 *s, arg_SIMD_EXT *a) { return gen_simd_helper(s, A64_SIMD_EXT); }
bool a64_simd_trans_SIMD_TBL(DisasA64 *s, arg_SIMD_TBL *a) { return gen_simd_helper(s, A64_SIMD_TBL); }
bool a64_simd_trans_SIMD_3SAME_H(DisasA64 *s, arg_simd3 *a) { return gen_simd_helper(s, A64_SIMD_3SAME_H); }
bool a64_simd_trans_SIMD_3SAME_HS(DisasA64 *s, arg_simd3 *a) { return gen_simd_helper(s, A64_SIMD_3SAME_H); }
bool a64_simd_trans_SIMD_2MISC_H(DisasA64 *s, arg_simd2 *a) { return gen_simd_helper(s, A64_SIMD_2MISC_H); }
bool a64_simd_trans_SIMD_2MISC_HS(DisasA64 *s, arg_simd2 *a) { return gen_simd_helper(s, A64_SIMD_2MISC_H); }

/* -- Shift by immediate -- */

static bool gen_shifti_ir(DisasA64 *s, arg_shifti *a)
{
    IRContext *ir = s->ir;
    IRType t = a->q ? IR_V128 : IR_V64;
    int size = 31 - __builtin_clz((unsigned)a->immh), esize = 8 << size;
    int immhb = (a->immh << 3) | a->immb, rshift = 2 * esize - immhb, lshift = immhb - esize;
    if (a->scalar || (size == 3 && !a->q)) {
        return false;
    }
    unsigned vece = (unsigned)size;
    IRTemp n = a64_read_vec(s, a->rn), d = ir_new(ir, IR_V128);
    switch (a->opc | (a->u << 5)) {
    case 0x00: case 0x02: /* SSHR SSRA: a shift by esize is one by esize - 1 */
        ir_sari_vec(ir, t, vece, d, n, rshift == esize ? esize - 1 : rshift);
        break;
    case 0x20: case 0x22: /* USHR USRA: by esize gives 0 */
        if (rshift == esize) {
            ir_dupi_vec(ir, t, vece, d, 0);
        } else {
            ir_shri_vec(ir, t, vece, d, n, rshift);
        }
        break;
    case 0x0a: /* SHL */
        ir_shli_vec(ir, t, vece, d, n, lshift);
        break;
    default:
        return false;
    }
    if (a->opc == 2) {
        ir_add_vec(ir, t, vece, d, d, a64_read_vec(s, a->rd));
    }
    a64_write_vec(s, a->rd, d, a->q);
    return true;
}

bool a64_simd_trans_SIMD_SHIFTI(DisasA64 *s, arg_shifti *a)
{
    return gen_shifti_ir(s, a) || a64_gen_shifti_width(s, a) || gen_simd_helper(s, A64_SIMD_SHIFTI);
}

bool a64_simd_trans_SIMD_SHIFTI_S(DisasA64 *s, arg_shifti *a) { return gen_simd_helper(s, A64_SIMD_SHIFTI); }

/* -- Modified immediate: MOVI, MVNI, ORR, BIC, FMOV (vector) -- */

uint64_t a64_simd_expand_imm(int op, int cmode, int imm8)
{
    uint64_t i = (uint64_t)imm8, r = 0;
    switch (cmode >> 1) {
    case 0: case 1: case 2: case 3:
        r = i << (8 * (cmode >> 1));
        return r | r << 32;
    case 4: case 5:
        r = i << (8 * ((cmode >> 1) & 1));
        return r * 0x0001000100010001ull;
    case 6:
        r = cmode & 1 ? (i << 16) | 0xffff : (i << 8) | 0xff;
        return r | r << 32;
    default:
        break;
    }
    if (!(cmode & 1) && !op) {
        return i * 0x0101010101010101ull;
    }
    if (!(cmode & 1)) {
        for (int b = 0; b < 8; b++) {
            r |= (i >> b & 1) ? 0xffull << (8 * b) : 0;
        }
        return r;
    }
    uint64_t a = i >> 7, nb = ((i >> 6) & 1) ^ 1, b = (i >> 6) & 1, low = i & 0x3f;
    if (!op) { /* single: a:NOT(b):bbbbb:cdefgh:Zeros(19) */
        r = (a << 31) | (nb << 30) | ((b ? 0x1full : 0) << 25) | (low << 19);
        return r | r << 32;
    }
    /* double: a:NOT(b):bbbbbbbb:cdefgh:Zeros(48) */
    return (a << 63) | (nb << 62) | ((b ? 0xffull : 0) << 54) | (low << 48);
}

bool a64_simd_trans_SIMD_MODIMM(DisasA64 *s, arg_SIMD_MODIMM *a)
{
    /* o2 = 1 is FMOV .4H/.8H (ARMv8.2 half precision: op 0, cmode 1111);
     * the 64-bit FMOV form needs Q = 1. */
    if ((a->o2 && (a->op || a->cmode != 15 || !a64_feature(s, A64_FEATURE_FP16))) ||
        (a->cmode == 15 && a->op && !a->q)) {
        return false;
    }
    IRContext *ir = s->ir;
    IRType t = a->q ? IR_V128 : IR_V64;
    uint64_t imm = a->o2 ? a64_fp16_expand_imm((a->abc << 5) | a->defgh) * 0x0001000100010001ull
                         : a64_simd_expand_imm(a->op, a->cmode, (a->abc << 5) | a->defgh);
    bool orr_bic = (a->cmode & 1) && a->cmode < 12;
    bool invert = a->op && a->cmode < 14;
    IRTemp d = ir_new(ir, IR_V128), k = ir_new(ir, IR_V128);
    ir_dupi_vec(ir, t, MO_64, k, (int64_t)(invert && !orr_bic ? ~imm : imm));
    if (!orr_bic) {
        d = k;
    } else if (a->op) {
        ir_andc_vec(ir, t, d, a64_read_vec(s, a->rd), k);
    } else {
        ir_or_vec(ir, t, d, a64_read_vec(s, a->rd), k);
    }
    a64_write_vec(s, a->rd, d, a->q);
    return true;
}

/* -- Copy: DUP, INS, UMOV, SMOV -- */

/* The element size of imm5 (its lowest set bit), or -1 for xx000. */
static int copy_size(int imm5)
{
    return imm5 & 15 ? __builtin_ctz((unsigned)imm5) : -1;
}

bool a64_simd_trans_SIMD_COPY(DisasA64 *s, arg_SIMD_COPY *a)
{
    IRContext *ir = s->ir;
    int size = copy_size(a->imm5);
    if (size < 0) {
        return false;
    }
    int idx = a->imm5 >> (size + 1);
    IRType t = a->q ? IR_V128 : IR_V64;
    if (a->op) { /* INS (element): Vd[idx] = Vn[imm4 >> size] */
        if (!a->q) {
            return false;
        }
        a64_write_elem(s, a->rd, idx, a64_read_elem(s, a->rn, a->imm4 >> size, (unsigned)size), (unsigned)size);
        return true;
    }
    switch (a->imm4) {
    case 0: /* DUP (element) */
    case 1: { /* DUP (general) */
        if (size == 3 && !a->q) {
            return false;
        }
        IRTemp v = ir_new(ir, IR_V128);
        IRTemp x = a->imm4 ? a64_read_x(s, a->rn) : a64_read_elem(s, a->rn, idx, (unsigned)size);
        ir_dup_vec(ir, t, (unsigned)size, v, x);
        a64_write_vec(s, a->rd, v, a->q);
        return true;
    }
    case 3: /* INS (general) */
        if (!a->q) {
            return false;
        }
        a64_write_elem(s, a->rd, idx, a64_read_x(s, a->rn), (unsigned)size);
        return true;
    case 5: /* SMOV: W from B/H, X from B/H/S */
        if (size >= 2 + a->q) {
            return false;
        }
        a64_write_x(s, a->rd, a64_read_elem(s, a->rn, idx, (unsigned)size | MO_SIGN), a->q);
        return true;
    case 7: /* UMOV: W from B/H/S, X from D */
        if (a->q ? size != 3 : size == 3) {
            return false;
        }
        a64_write_x(s, a->rd, a64_read_elem(s, a->rn, idx, (unsigned)size), true);
        return true;
    default:
        return false;
    }
}

/* DUP (element, scalar), "mov b0, v1.b[3]": the element, zero-extended. */
bool a64_simd_trans_SIMD_COPY_S(DisasA64 *s, arg_SIMD_COPY_S *a)
{
    int size = copy_size(a->imm5);
    if (size < 0) {
        return false;
    }
    a64_write_vec_scalar(s, a->rd, a64_read_elem(s, a->rn, a->imm5 >> (size + 1), (unsigned)size), (unsigned)size);
    return true;
}
