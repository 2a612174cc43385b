/*
 * A64 scalar floating point: moves (FMOV between general and FP
 * registers, immediate, register).
 *
 * ftype 00 is single precision, 01 double; 11 (half precision
 * arithmetic) is ARMv8.2 and UNDEFINED here. Writing an S or D register
 * zeroes the rest of the V register:
 *
 *     fmov s0, w1          v0[0] = zext32(w1); v0[1] = 0
 *     fmov v0.d[1], x1     v0[1] = x1 (the low half kept)
 */
#include "frontends/arm/a64-simd.h"
#include "decode-a64-simd.h"

/* The memop size of an S or D register, or -1 for another ftype. */
static int fp_size(int ftype)
{
    return ftype == 0 ? MO_32 : ftype == 1 ? MO_64 : -1;
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
    int size = fp_size(a->ftype);
    if (a->rmode != 0 || size != (a->sf ? MO_64 : MO_32)) {
        return false;
    }
    if (to_fp) {
        a64_write_vec_scalar(s, a->rd, a64_read_x(s, a->rn), (unsigned)size);
    } else {
        a64_write_x(s, a->rd, a64_read_elem(s, a->rn, 0, (unsigned)size), true);
    }
    return true;
}

bool a64_simd_trans_FP_INT(DisasA64 *s, arg_FP_INT *a)
{
    if (a->s) {
        return false;
    }
    if (a->opc >= 6) {
        return gen_fmov_general(s, a);
    }
    return false;
}

bool a64_simd_trans_FP_IMM(DisasA64 *s, arg_FP_IMM *a)
{
    int size = fp_size(a->ftype);
    if (a->m || a->s || a->imm5 || size < 0) {
        return false;
    }
    /* VFPExpandImm is AdvSIMDExpandImm's FMOV form: one element of it. */
    uint64_t imm = a64_simd_expand_imm(size == MO_64, 15, a->imm8);
    a64_write_vec_scalar(s, a->rd, ir_const_i64(s->ir, (int64_t)imm), (unsigned)size);
    return true;
}

bool a64_simd_trans_FP_DP1(DisasA64 *s, arg_FP_DP1 *a)
{
    int size = fp_size(a->ftype);
    if (a->m || a->s || size < 0) {
        return false;
    }
    if (a->opc == 0) { /* FMOV (register) */
        a64_write_vec_scalar(s, a->rd, a64_read_elem(s, a->rn, 0, (unsigned)size), (unsigned)size);
        return true;
    }
    return false;
}

bool a64_simd_trans_FP_FIXED(DisasA64 *s, arg_FP_FIXED *a) { return false; }
bool a64_simd_trans_FP_CMP(DisasA64 *s, arg_FP_CMP *a) { return false; }
bool a64_simd_trans_FP_CCMP(DisasA64 *s, arg_FP_CCMP *a) { return false; }
bool a64_simd_trans_FP_DP2(DisasA64 *s, arg_FP_DP2 *a) { return false; }
bool a64_simd_trans_FP_CSEL(DisasA64 *s, arg_FP_CSEL *a) { return false; }
bool a64_simd_trans_FP_DP3(DisasA64 *s, arg_FP_DP3 *a) { return false; }
