/*
 * A64 AdvSIMD instructions that move elements between lanes or change
 * their width, as vector IR: the permutes (ZIP, UZP, TRN), the widening
 * ones (SSHLL/USHLL with their aliases SXTL/UXTL, SHLL, and the "2" forms
 * that read the high half), the narrowing ones (XTN, SHRN, RSHRN and "2"
 * forms that write the high half), the widening arithmetic of the
 * three-different class (SADDL .. UMLSL) and the integer pairwise ops
 * (ADDP, SMAXP, SMINP, UMAXP, UMINP, scalar ADDP).
 *
 * They all rest on the four IR permutes. Widening is an interleave with
 * the bits that make up the high half of each wide element:
 *
 *     uxtl2 v0.8h, v1.16b      zip2_vec e8 v0, v1, zero
 *     sxtl  v0.4s, v1.4h       m = (v1 < 0) per halfword (all ones or 0)
 *                              zip1_vec e16 v0, v1, m
 *     shll  v0.8h, v1.8b, #8   zip1_vec e8 v0, zero, v1
 *
 * narrowing keeps the even elements (uzp1_vec of the wide vector with
 * itself gives them in the low half), and a pairwise op is the op of the
 * even and the odd elements of the pair of sources:
 *
 *     addp v0.4s, v1.4s, v2.4s   add_vec e32 v0, uzp1(v1, v2), uzp2(v1, v2)
 *
 * Each gen function returns false, emitting nothing, for an encoding it
 * does not cover; the caller then goes on to the C fallback, which also
 * decides which encodings are unallocated.
 */
#include "frontends/arm/a64-simd-perm.h"

/* A V128 temp of zeroes. */
static IRTemp vec_zero(DisasA64 *s)
{
    IRTemp z = ir_new(s->ir, IR_V128);
    ir_dupi_vec(s->ir, IR_V128, MO_64, z, 0);
    return z;
}

/* A V128 temp with the result of a permute, vece elements. */
static IRTemp vec_permute(DisasA64 *s, IROpcode opc, IRType t, unsigned vece, IRTemp a, IRTemp b)
{
    IRTemp r = ir_new(s->ir, IR_V128);
    ir_vec_binop(s->ir, opc, t, vece, r, a, b);
    return r;
}

/* -- Widening -- */

/* The low (high when q) half of n, elements of vece bits zero- or
 * sign-extended to twice that. */
static IRTemp widen(DisasA64 *s, bool q, bool sign, unsigned vece, IRTemp n)
{
    IRTemp hi = vec_zero(s);
    if (sign) {
        IRTemp m = ir_new(s->ir, IR_V128);
        ir_cmp_vec(s->ir, IR_V128, vece, m, n, hi, IR_COND_LT);
        hi = m;
    }
    return vec_permute(s, q ? IR_OP_zip2_vec : IR_OP_zip1_vec, IR_V128, vece, n, hi);
}

/* Vd = Vn widened as widen() does, then shifted left by shift. */
static void gen_widen(DisasA64 *s, bool q, bool sign, unsigned vece, int rd, int rn, unsigned shift)
{
    IRTemp w = widen(s, q, sign, vece, a64_read_vec(s, rn));
    if (shift) {
        IRTemp r = ir_new(s->ir, IR_V128);
        ir_shli_vec(s->ir, IR_V128, vece + 1, r, w, shift);
        w = r;
    }
    a64_write_vec(s, rd, w, true);
}

/*
 * Three-different widening arithmetic: SADDL/UADDL, SSUBL/USUBL (both
 * sources widened), SADDW/UADDW, SSUBW/USUBW (Vn already wide), SMULL/
 * UMULL, SMLAL/UMLAL, SMLSL/UMLSL (products added to or subtracted from
 * the wide Vd), and their "2" forms reading the high halves.
 */
bool a64_gen_3diff_widen(DisasA64 *s, arg_simd3 *a)
{
    bool wide_n = a->opc == 1 || a->opc == 3;
    IROpcode opc;
    switch (a->opc) {
    case 0: case 1: opc = IR_OP_add_vec; break;
    case 2: case 3: opc = IR_OP_sub_vec; break;
    case 8: case 10: case 12: opc = IR_OP_mul_vec; break;
    default: return false;
    }
    if (a->scalar || a->size == 3) {
        return false;
    }
    IRContext *ir = s->ir;
    unsigned vece = (unsigned)a->size, wide = vece + 1;
    IRTemp n = a64_read_vec(s, a->rn), m = a64_read_vec(s, a->rm), r = ir_new(ir, IR_V128);
    IRTemp wn = wide_n ? n : widen(s, a->q, !a->u, vece, n), wm = widen(s, a->q, !a->u, vece, m);
    ir_vec_binop(ir, opc, IR_V128, wide, r, wn, wm);
    if (a->opc == 8 || a->opc == 10) { /* accumulate into Vd */
        IRTemp acc = ir_new(ir, IR_V128);
        ir_vec_binop(ir, a->opc == 8 ? IR_OP_add_vec : IR_OP_sub_vec, IR_V128, wide, acc,
                     a64_read_vec(s, a->rd), r);
        r = acc;
    }
    a64_write_vec(s, a->rd, r, true);
    return true;
}

/* -- Narrowing -- */

/* Vd = the even vece elements of wide (the low halves of its 2 * vece
 * ones) in the low half, the high half zero; when q ("2" forms) they go
 * to the high half and the low half of Vd stays. */
static void gen_narrow_write(DisasA64 *s, bool q, unsigned vece, int rd, IRTemp wide)
{
    IRTemp r = vec_permute(s, IR_OP_uzp1_vec, IR_V128, vece, wide, wide);
    if (q) {
        r = vec_permute(s, IR_OP_zip1_vec, IR_V128, MO_64, a64_read_vec(s, rd), r);
    }
    a64_write_vec(s, rd, r, q);
}

/* -- Shift by immediate: SSHLL, USHLL, SHRN, RSHRN -- */

bool a64_gen_shifti_width(DisasA64 *s, arg_shifti *a)
{
    if (a->scalar || a->immh == 0 || (a->immh & 8)) {
        return false; /* immh 0 is the modified-immediate class; 1xxx has
                       * 64-bit narrow elements, unallocated here */
    }
    IRContext *ir = s->ir;
    unsigned vece = 31u - (unsigned)__builtin_clz((unsigned)a->immh), esize = 8u << vece;
    unsigned immhb = ((unsigned)a->immh << 3) | (unsigned)a->immb;
    switch (a->opc) {
    case 0x14: /* SSHLL, USHLL (SXTL, UXTL by 0) */
        gen_widen(s, a->q, !a->u, vece, a->rd, a->rn, immhb - esize);
        return true;
    case 0x10: /* SHRN */
    case 0x11: { /* RSHRN: adds half of the last bit shifted out; a carry
                  * out of the wide element would land above the narrow
                  * result, so wrapping is exact */
        if (a->u) {
            return false; /* SQSHRUN, SQRSHRUN saturate */
        }
        unsigned shift = 2 * esize - immhb;
        IRTemp w = a64_read_vec(s, a->rn), r = ir_new(ir, IR_V128);
        if (a->opc == 0x11) {
            IRTemp k = ir_new(ir, IR_V128), sum = ir_new(ir, IR_V128);
            ir_dupi_vec(ir, IR_V128, vece + 1, k, (int64_t)(1ull << (shift - 1)));
            ir_add_vec(ir, IR_V128, vece + 1, sum, w, k);
            w = sum;
        }
        ir_shri_vec(ir, IR_V128, vece + 1, r, w, shift);
        gen_narrow_write(s, a->q, vece, a->rd, r);
        return true;
    }
    default:
        return false;
    }
}

/* -- Two-register misc: XTN, SHLL -- */

bool a64_gen_2misc_width(DisasA64 *s, arg_simd2 *a)
{
    if (a->scalar || a->size == 3) {
        return false;
    }
    unsigned vece = (unsigned)a->size;
    switch (a->opc | (a->u << 5)) {
    case 0x12: /* XTN, XTN2 */
        gen_narrow_write(s, a->q, vece, a->rd, a64_read_vec(s, a->rn));
        return true;
    case 0x33: { /* SHLL, SHLL2: by the element size */
        IRTemp w = vec_permute(s, a->q ? IR_OP_zip2_vec : IR_OP_zip1_vec, IR_V128, vece, vec_zero(s),
                               a64_read_vec(s, a->rn));
        a64_write_vec(s, a->rd, w, true);
        return true;
    }
    default:
        return false;
    }
}

/* -- Permute: UZP1, TRN1, ZIP1, UZP2, TRN2, ZIP2 -- */

/*
 * TRN of elements under 64 bits works on lanes of twice their size: TRN1
 * takes the low half of each lane from Vn and puts Vm's low half above
 * it, TRN2 moves Vn's high half down and keeps Vm's high half.
 */
static IRTemp gen_trn(DisasA64 *s, bool second, IRType t, unsigned vece, IRTemp n, IRTemp m)
{
    IRContext *ir = s->ir;
    unsigned esize = 8u << vece;
    IRTemp low = ir_new(ir, IR_V128), sh = ir_new(ir, IR_V128), r = ir_new(ir, IR_V128);
    ir_dupi_vec(ir, t, vece + 1, low, (int64_t)((1ull << esize) - 1));
    if (second) {
        ir_shri_vec(ir, t, vece + 1, sh, n, esize);
        ir_bitsel_vec(ir, t, r, low, sh, m);
    } else {
        ir_shli_vec(ir, t, vece + 1, sh, m, esize);
        ir_bitsel_vec(ir, t, r, low, n, sh);
    }
    return r;
}

bool a64_simd_trans_SIMD_PERM(DisasA64 *s, arg_SIMD_PERM *a)
{
    static const IROpcode zip_uzp[8] = {[1] = IR_OP_uzp1_vec, [3] = IR_OP_zip1_vec, [5] = IR_OP_uzp2_vec,
                                        [7] = IR_OP_zip2_vec};
    if ((a->opc & 3) == 0 || (a->size == 3 && !a->q)) {
        return false;
    }
    IRType t = a->q ? IR_V128 : IR_V64;
    unsigned vece = (unsigned)a->size;
    bool second = a->opc & 4;
    IRTemp n = a64_read_vec(s, a->rn), m = a64_read_vec(s, a->rm), r;
    if ((a->opc & 3) != 2) {
        r = vec_permute(s, zip_uzp[a->opc], t, vece, n, m);
    } else if (vece == MO_64) { /* TRN of doublewords is ZIP */
        r = vec_permute(s, second ? IR_OP_zip2_vec : IR_OP_zip1_vec, t, vece, n, m);
    } else {
        r = gen_trn(s, second, t, vece, n, m);
    }
    a64_write_vec(s, a->rd, r, a->q);
    return true;
}

/* -- Pairwise: ADDP, SMAXP, SMINP, UMAXP, UMINP -- */

bool a64_gen_3same_pairwise(DisasA64 *s, arg_simd3 *a)
{
    IROpcode opc;
    switch (a->opc | (a->u << 5)) {
    case 0x17: opc = IR_OP_add_vec; break;
    case 0x14: opc = IR_OP_smax_vec; break;
    case 0x15: opc = IR_OP_smin_vec; break;
    case 0x34: opc = IR_OP_umax_vec; break;
    case 0x35: opc = IR_OP_umin_vec; break;
    default: return false;
    }
    if (a->scalar || (a->size == 3 && (!a->q || opc != IR_OP_add_vec))) {
        return false;
    }
    IRType t = a->q ? IR_V128 : IR_V64;
    unsigned vece = (unsigned)a->size;
    IRTemp n = a64_read_vec(s, a->rn), m = a64_read_vec(s, a->rm), r = ir_new(s->ir, IR_V128);
    ir_vec_binop(s->ir, opc, t, vece, r, vec_permute(s, IR_OP_uzp1_vec, t, vece, n, m),
                 vec_permute(s, IR_OP_uzp2_vec, t, vece, n, m));
    a64_write_vec(s, a->rd, r, a->q);
    return true;
}

/* ADDP (scalar), "addp d0, v1.2d": the sum of the two doublewords. */
bool a64_gen_pair_scalar(DisasA64 *s, arg_simd2 *a)
{
    if (a->u || a->opc != 0x1b || a->size != 3) {
        return false;
    }
    IRTemp sum = a64_tmp(s);
    ir_add(s->ir, IR_I64, sum, a64_read_elem(s, a->rn, 0, MO_64), a64_read_elem(s, a->rn, 1, MO_64));
    a64_write_vec_scalar(s, a->rd, sum, MO_64);
    return true;
}

/* -- Structure loads and stores of 2 and 4 registers -- */

/*
 * LD2/LD4 and ST2/ST4 (multiple structures) as whole 16-byte guest
 * accesses and permutes instead of one access per element. The memory
 * image of "ld4 {v0.4s-v3.4s}" holds v0[0] v1[0] v2[0] v3[0] v0[1] ...;
 * two rounds of uzp take every second, then every fourth element:
 *
 *     a = uzp1(m0, m1)  b = uzp2(m0, m1)  c = uzp1(m2, m3)  d = uzp2(m2, m3)
 *     v0 = uzp1(a, c)   v1 = uzp1(b, d)   v2 = uzp2(a, c)   v3 = uzp2(b, d)
 *
 * and the stores run the same with zip. With Q = 0 the structures fill
 * half as many 16-byte blocks, and the registers are the low halves of
 * permutes of a block (or pair of blocks) with itself.
 */
static void gen_ld_interleaved(DisasA64 *s, bool q, unsigned vece, int rt, int selem, IRTemp base)
{
    IRContext *ir = s->ir;
    int blocks = selem / (q ? 1 : 2);
    IRTemp m[4], r[4], addr = a64_tmp(s);
    for (int i = 0; i < blocks; i++) {
        m[i] = ir_new(ir, IR_V128);
        ir_addi(ir, IR_I64, addr, base, 16 * i);
        ir_guest_ld_vec(ir, IR_V128, m[i], addr, 0, s->mmu_idx);
    }
    if (blocks == 1) { /* ld2 .8b: both registers in one block */
        m[1] = m[0];
    }
    IRTemp even = vec_permute(s, IR_OP_uzp1_vec, IR_V128, vece, m[0], m[1]);
    IRTemp odd = vec_permute(s, IR_OP_uzp2_vec, IR_V128, vece, m[0], m[1]);
    if (selem == 2) {
        r[0] = even;
        r[1] = odd;
    } else {
        IRTemp even2 = q ? vec_permute(s, IR_OP_uzp1_vec, IR_V128, vece, m[2], m[3]) : even;
        IRTemp odd2 = q ? vec_permute(s, IR_OP_uzp2_vec, IR_V128, vece, m[2], m[3]) : odd;
        r[0] = vec_permute(s, IR_OP_uzp1_vec, IR_V128, vece, even, even2);
        r[1] = vec_permute(s, IR_OP_uzp1_vec, IR_V128, vece, odd, odd2);
        r[2] = vec_permute(s, IR_OP_uzp2_vec, IR_V128, vece, even, even2);
        r[3] = vec_permute(s, IR_OP_uzp2_vec, IR_V128, vece, odd, odd2);
    }
    for (int k = 0; k < selem; k++) {
        a64_write_vec(s, (rt + k) % 32, r[k], q);
    }
}

static void gen_st_interleaved(DisasA64 *s, bool q, unsigned vece, int rt, int selem, IRTemp base)
{
    IRContext *ir = s->ir;
    IRTemp v[4], m[4], addr = a64_tmp(s);
    for (int k = 0; k < selem; k++) {
        v[k] = a64_read_vec(s, (rt + k) % 32);
    }
    if (selem == 4) { /* pairs of registers 2 apart, then those pairs */
        IRTemp p = vec_permute(s, IR_OP_zip1_vec, IR_V128, vece, v[0], v[2]);
        IRTemp r = vec_permute(s, IR_OP_zip1_vec, IR_V128, vece, v[1], v[3]);
        IRTemp p2 = vec_permute(s, IR_OP_zip2_vec, IR_V128, vece, v[0], v[2]);
        IRTemp r2 = vec_permute(s, IR_OP_zip2_vec, IR_V128, vece, v[1], v[3]);
        v[0] = p;
        v[1] = r;
        v[2] = p2;
        v[3] = r2;
    }
    int blocks = selem / (q ? 1 : 2);
    for (int i = 0; i < blocks; i += 2) {
        m[i] = vec_permute(s, IR_OP_zip1_vec, IR_V128, vece, v[i], v[i + 1]);
        if (i + 1 < blocks) {
            m[i + 1] = vec_permute(s, IR_OP_zip2_vec, IR_V128, vece, v[i], v[i + 1]);
        }
    }
    for (int i = 0; i < blocks; i++) {
        ir_addi(ir, IR_I64, addr, base, 16 * i);
        ir_guest_st_vec(ir, IR_V128, m[i], addr, 0, s->mmu_idx);
    }
}

bool a64_gen_ldst_interleaved(DisasA64 *s, bool load, bool q, int size, int rt, int selem, IRTemp base)
{
    if (selem != 2 && selem != 4) {
        return false;
    }
    if (load) {
        gen_ld_interleaved(s, q, (unsigned)size, rt, selem, base);
    } else {
        gen_st_interleaved(s, q, (unsigned)size, rt, selem, base);
    }
    return true;
}
