/*
 * A64 integer data processing: the immediate classes (PC-relative, add/sub,
 * logical with the bitmask immediate, move wide, bitfield, extract) and
 * the register classes (logical and add/sub with shifted or extended
 * operands, with carry, conditional compare and select, 1, 2 and 3
 * sources).
 *
 * Everything computes in i64 temps; a W (sf == 0) result is zero-extended
 * when written, and its flags come from bit 31 (a64_gen_nz shifts it up):
 *
 *     orr w0, w1, w2, lsl #4   ->  t = x2 << 4; t = x1 | t; x0 = ext32u(t)
 *     eon x0, x1, x2, ror #8   ->  t = rotr(x2, 8); t = ~t; x0 = x1 ^ t
 */
#include "frontends/arm/a64-translate.h"
#include "decode-a64.h"

/* -- Operands -- */

/* x shifted by a constant (LSL, LSR, ASR, ROR) at width 64 or 32. */
static IRTemp gen_shift_imm(DisasA64 *s, IRTemp x, int type, int amount, bool sf)
{
    IRContext *ir = s->ir;
    IRTemp r = a64_tmp(s);
    if (amount == 0) {
        return x;
    }
    if (!sf) {
        if (type == 1) {
            ir_ext32u(ir, IR_I64, r, x);
            x = r;
        } else if (type == 2) {
            ir_ext32s(ir, IR_I64, r, x);
            x = r;
        } else if (type == 3) {
            IRTemp w = ir_new_i32(ir);
            ir_extrl_i64_i32(ir, w, x);
            ir_binopi(ir, IR_OP_rotr, IR_I32, w, w, amount);
            ir_extu_i32_i64(ir, r, w);
            return r;
        }
    }
    static const IROpcode ops[4] = {IR_OP_shl, IR_OP_shr, IR_OP_sar, IR_OP_rotr};
    ir_binopi(ir, ops[type], IR_I64, r, x, amount);
    return r;
}

/* Rm extended (UXTB .. SXTX) and shifted left by 0-4. */
static IRTemp gen_extend(DisasA64 *s, IRTemp x, int option, int shift)
{
    IRContext *ir = s->ir;
    IRTemp r = a64_tmp(s);
    static const IROpcode ops[8] = {IR_OP_ext8u, IR_OP_ext16u, IR_OP_ext32u, IR_OP_mov,
                                    IR_OP_ext8s, IR_OP_ext16s, IR_OP_ext32s, IR_OP_mov};
    if (ops[option] == IR_OP_mov) {
        ir_mov(ir, IR_I64, r, x);
    } else {
        ir_unop(ir, ops[option], IR_I64, r, x);
    }
    if (shift) {
        ir_shli(ir, IR_I64, r, r, shift);
    }
    return r;
}

/* Writes an add/sub result: op 0 adds, 1 subtracts. */
static void gen_addsub(DisasA64 *s, IRTemp d, IRTemp a, IRTemp b, int op, bool sf, bool setflags)
{
    if (op) {
        a64_gen_sub(s, d, a, b, sf, setflags);
    } else {
        a64_gen_add(s, d, a, b, sf, setflags);
    }
}

/* The immediate and extended forms write SP as Rd 31, the flag-setting
 * ones (CMP, CMN) XZR. */
static void write_addsub(DisasA64 *s, int rd, IRTemp d, bool sf, bool setflags)
{
    if (setflags) {
        a64_write_x(s, rd, d, sf);
    } else {
        a64_write_sp(s, rd, d, sf);
    }
}

/* -- Data processing: immediate -- */

bool a64_trans_ADR(DisasA64 *s, arg_ADR *a)
{
    int64_t imm = (int64_t)a->hi * 4 + a->lo;
    uint64_t v = a->op ? (s->pc_curr & ~0xfffull) + (uint64_t)(imm * 4096) : s->pc_curr + (uint64_t)imm;
    a64_write_x(s, a->rd, ir_const_i64(s->ir, (int64_t)v), true);
    return true;
}

bool a64_trans_ADDSUB_i(DisasA64 *s, arg_ADDSUB_i *a)
{
    IRTemp d = a64_tmp(s);
    IRTemp imm = ir_const_i64(s->ir, (int64_t)a->imm << (a->sh ? 12 : 0));
    gen_addsub(s, d, a64_read_sp(s, a->rn), imm, a->op, a->sf, a->s);
    write_addsub(s, a->rd, d, a->sf, a->s);
    return true;
}

/*
 * DecodeBitMasks for the logical immediates: an element of 2, 4, ..., 64
 * bits (the top set bit of N:NOT(imms)) holding imms+1 ones rotated right
 * by immr, repeated. All ones in an element is reserved. Returns false for
 * the reserved encodings.
 */
bool a64_logic_imm_decode(uint64_t *out, int n, int imms, int immr)
{
    unsigned v = (unsigned)(n << 6 | (~imms & 0x3f));
    if (v == 0) {
        return false;
    }
    int len = 31 - __builtin_clz(v);
    if (len < 1) {
        return false;
    }
    unsigned esize = 1u << len, levels = esize - 1;
    unsigned sbits = (unsigned)imms & levels, r = (unsigned)immr & levels;
    if (sbits == levels) {
        return false;
    }
    uint64_t emask = esize == 64 ? ~0ull : (1ull << esize) - 1;
    uint64_t elem = (1ull << (sbits + 1)) - 1;
    if (r) {
        elem = ((elem >> r) | (elem << (esize - r))) & emask;
    }
    uint64_t m = elem;
    for (unsigned w = esize; w < 64; w *= 2) {
        m |= m << w;
    }
    *out = m;
    return true;
}

/* The logical generators, by opc: AND, ORR, EOR, ANDS. */
static void gen_logic(DisasA64 *s, int opc, IRTemp d, IRTemp a, IRTemp b)
{
    static const IROpcode ops[4] = {IR_OP_and, IR_OP_or, IR_OP_xor, IR_OP_and};
    ir_binop(s->ir, ops[opc], IR_I64, d, a, b);
}

bool a64_trans_LOGIC_i(DisasA64 *s, arg_LOGIC_i *a)
{
    uint64_t imm;
    if ((!a->sf && a->n) || !a64_logic_imm_decode(&imm, a->n, a->imms, a->immr)) {
        return false;
    }
    IRTemp d = a64_tmp(s);
    gen_logic(s, a->opc, d, a64_read_x(s, a->rn), ir_const_i64(s->ir, (int64_t)imm));
    if (a->opc == 3) {
        a64_gen_nz(s, d, a->sf);
        ir_movi(s->ir, IR_I64, a64_cpu_CF, 0);
        ir_movi(s->ir, IR_I64, a64_cpu_VF, 0);
        a64_write_x(s, a->rd, d, a->sf);
    } else {
        a64_write_sp(s, a->rd, d, a->sf);
    }
    return true;
}

bool a64_trans_MOVW(DisasA64 *s, arg_MOVW *a)
{
    if (a->opc == 1 || (!a->sf && a->hw >= 2)) {
        return false;
    }
    int pos = a->hw * 16;
    uint64_t imm = (uint64_t)a->imm << pos;
    if (a->opc == 3) { /* MOVK */
        IRTemp d = a64_tmp(s);
        ir_deposit(s->ir, IR_I64, d, a64_read_x(s, a->rd), ir_const_i64(s->ir, a->imm), (unsigned)pos, 16);
        a64_write_x(s, a->rd, d, a->sf);
        return true;
    }
    a64_write_x(s, a->rd, ir_const_i64(s->ir, (int64_t)(a->opc == 0 ? ~imm : imm)), a->sf);
    return true;
}

bool a64_trans_BITFIELD(DisasA64 *s, arg_BITFIELD *a)
{
    int width = a->sf ? 64 : 32;
    if (a->opc == 3 || a->n != a->sf || a->immr >= width || a->imms >= width) {
        return false;
    }
    IRContext *ir = s->ir;
    IRTemp src = a64_read_x(s, a->rn), d = a64_tmp(s);
    int r = a->immr, sb = a->imms;
    if (sb >= r) {
        /* SBFX / BFXIL / UBFX: bits [imms:immr] to the bottom. */
        unsigned len = (unsigned)(sb - r + 1);
        if (a->opc == 0) {
            ir_sextract(ir, IR_I64, d, src, (unsigned)r, len);
        } else if (a->opc == 2) {
            ir_extract(ir, IR_I64, d, src, (unsigned)r, len);
        } else {
            IRTemp f = a64_tmp(s);
            ir_extract(ir, IR_I64, f, src, (unsigned)r, len);
            ir_deposit(ir, IR_I64, d, a64_read_x(s, a->rd), f, 0, len);
        }
    } else {
        /* SBFIZ / BFI / UBFIZ: bits [imms:0] to bit width - immr. */
        unsigned len = (unsigned)(sb + 1), pos = (unsigned)(width - r);
        if (a->opc == 0) {
            ir_sextract(ir, IR_I64, d, src, 0, len);
            ir_shli(ir, IR_I64, d, d, pos);
        } else if (a->opc == 2) {
            ir_deposit(ir, IR_I64, d, ir_const_i64(ir, 0), src, pos, len);
        } else {
            ir_deposit(ir, IR_I64, d, a64_read_x(s, a->rd), src, pos, len);
        }
    }
    a64_write_x(s, a->rd, d, a->sf);
    return true;
}

bool a64_trans_EXTR(DisasA64 *s, arg_EXTR *a)
{
    if (a->n != a->sf || (!a->sf && a->imms >= 32)) {
        return false;
    }
    IRContext *ir = s->ir;
    IRTemp d = a64_tmp(s), lo = a64_read_x(s, a->rm), hi = a64_read_x(s, a->rn);
    if (a->rn == a->rm && a->imms != 0) { /* ROR (immediate): one rotate */
        if (a->sf) {
            ir_binopi(ir, IR_OP_rotr, IR_I64, d, lo, a->imms);
        } else {
            IRTemp w = ir_new_i32(ir);
            ir_extrl_i64_i32(ir, w, lo);
            ir_binopi(ir, IR_OP_rotr, IR_I32, w, w, a->imms);
            ir_extu_i32_i64(ir, d, w);
        }
    } else if (a->sf) {
        if (a->imms == 0) {
            ir_mov(ir, IR_I64, d, lo);
        } else {
            IRTemp t = a64_tmp(s);
            ir_shri(ir, IR_I64, d, lo, a->imms);
            ir_shli(ir, IR_I64, t, hi, 64 - a->imms);
            ir_or(ir, IR_I64, d, d, t);
        }
    } else {
        /* Rn:Rm as one 64-bit value, shifted right. */
        IRTemp l = ir_new_i32(ir), h = ir_new_i32(ir);
        ir_extrl_i64_i32(ir, l, lo);
        ir_extrl_i64_i32(ir, h, hi);
        ir_concat_i32_i64(ir, d, l, h);
        ir_shri(ir, IR_I64, d, d, a->imms);
    }
    a64_write_x(s, a->rd, d, a->sf);
    return true;
}

/* -- Data processing: register -- */

bool a64_trans_LOGIC_r(DisasA64 *s, arg_LOGIC_r *a)
{
    if (!a->sf && a->imm >= 32) {
        return false;
    }
    IRContext *ir = s->ir;
    IRTemp b = gen_shift_imm(s, a64_read_x(s, a->rm), a->shift, a->imm, a->sf), d = a64_tmp(s);
    if (a->n) {
        IRTemp nb = a64_tmp(s);
        ir_not(ir, IR_I64, nb, b);
        b = nb;
    }
    gen_logic(s, a->opc, d, a64_read_x(s, a->rn), b);
    if (a->opc == 3) {
        a64_gen_nz(s, d, a->sf);
        ir_movi(ir, IR_I64, a64_cpu_CF, 0);
        ir_movi(ir, IR_I64, a64_cpu_VF, 0);
    }
    a64_write_x(s, a->rd, d, a->sf);
    return true;
}

bool a64_trans_ADDSUB_r(DisasA64 *s, arg_ADDSUB_r *a)
{
    if (a->shift == 3 || (!a->sf && a->imm >= 32)) {
        return false;
    }
    IRTemp d = a64_tmp(s);
    IRTemp b = gen_shift_imm(s, a64_read_x(s, a->rm), a->shift, a->imm, a->sf);
    gen_addsub(s, d, a64_read_x(s, a->rn), b, a->op, a->sf, a->s);
    a64_write_x(s, a->rd, d, a->sf);
    return true;
}

bool a64_trans_ADDSUB_x(DisasA64 *s, arg_ADDSUB_x *a)
{
    if (a->imm > 4) {
        return false;
    }
    IRTemp d = a64_tmp(s);
    IRTemp b = gen_extend(s, a64_read_x(s, a->rm), a->opt, a->imm);
    gen_addsub(s, d, a64_read_sp(s, a->rn), b, a->op, a->sf, a->s);
    write_addsub(s, a->rd, d, a->sf, a->s);
    return true;
}

bool a64_trans_ADC(DisasA64 *s, arg_ADC *a)
{
    IRTemp d = a64_tmp(s), n = a64_read_x(s, a->rn), m = a64_read_x(s, a->rm);
    if (a->op) {
        a64_gen_sbc(s, d, n, m, a->sf, a->s);
    } else {
        a64_gen_adc(s, d, n, m, a->sf, a->s);
    }
    a64_write_x(s, a->rd, d, a->sf);
    return true;
}

/* -- Flag manipulation (FlagM) -- */

/* RMIF Xn, #imm6, #mask: the flags selected by mask (N Z C V = bits 3..0)
 * from bits 3..0 of Xn rotated right by imm6. */
bool a64_trans_RMIF(DisasA64 *s, arg_RMIF *a)
{
    IRContext *ir = s->ir;
    if (!a64_feature(s, A64_FEATURE_FLAGM)) {
        return false;
    }
    IRTemp t = a64_tmp(s);
    ir_rotr(ir, IR_I64, t, a64_read_x(s, a->rn), ir_const_i64(ir, a->imm));
    if (a->mask & 8) {
        ir_shl(ir, IR_I64, a64_cpu_NF, t, ir_const_i64(ir, 60));
    }
    if (a->mask & 4) { /* Z set (ZF == 0) when bit 2 is 1 */
        ir_not(ir, IR_I64, a64_cpu_ZF, t);
        ir_and(ir, IR_I64, a64_cpu_ZF, a64_cpu_ZF, ir_const_i64(ir, 4));
    }
    if (a->mask & 2) {
        ir_shr(ir, IR_I64, a64_cpu_CF, t, ir_const_i64(ir, 1));
        ir_and(ir, IR_I64, a64_cpu_CF, a64_cpu_CF, ir_const_i64(ir, 1));
    }
    if (a->mask & 1) {
        ir_shl(ir, IR_I64, a64_cpu_VF, t, ir_const_i64(ir, 63));
    }
    return true;
}

/* SETF8/SETF16 Wn: N and Z from the low byte or halfword, V from its top
 * bit XOR the bit above it; C unchanged. */
bool a64_trans_SETF(DisasA64 *s, arg_SETF *a)
{
    IRContext *ir = s->ir;
    if (!a64_feature(s, A64_FEATURE_FLAGM)) {
        return false;
    }
    int top = a->sz ? 15 : 7;
    IRTemp n = a64_read_x(s, a->rn), t = a64_tmp(s);
    ir_shl(ir, IR_I64, a64_cpu_NF, n, ir_const_i64(ir, 63 - top));
    ir_and(ir, IR_I64, a64_cpu_ZF, n, ir_const_i64(ir, a->sz ? 0xffff : 0xff));
    ir_shl(ir, IR_I64, t, n, ir_const_i64(ir, 62 - top));
    ir_xor(ir, IR_I64, a64_cpu_VF, t, a64_cpu_NF);
    return true;
}

/* CFINV (op2 0), XAFLAG (1), AXFLAG (2): MSR-immediate forms that only
 * rewrite NZCV. */
bool a64_trans_FLAGM(DisasA64 *s, arg_FLAGM *a)
{
    IRContext *ir = s->ir;
    IRTemp one = ir_const_i64(ir, 1), zero = ir_const_i64(ir, 0);
    if (a->op2 == 0 && a64_feature(s, A64_FEATURE_FLAGM)) {
        ir_xor(ir, IR_I64, a64_cpu_CF, a64_cpu_CF, one);
        return true;
    }
    if (a->op2 > 2 || !a64_feature(s, A64_FEATURE_FLAGM2)) {
        return false;
    }
    /* z = Z as 0/1, c = C, v = V as 0/1 (the old values). */
    IRTemp z = a64_tmp(s), c = a64_tmp(s), v = a64_tmp(s);
    ir_setcond(ir, IR_I64, z, a64_cpu_ZF, zero, IR_COND_EQ);
    ir_mov(ir, IR_I64, c, a64_cpu_CF);
    ir_shr(ir, IR_I64, v, a64_cpu_VF, ir_const_i64(ir, 63));
    IRTemp nz = a64_tmp(s), nc = a64_tmp(s), nn = a64_tmp(s), nv = a64_tmp(s);
    if (a->op2 == 1) { /* XAFLAG: N = !C & !Z, Z = Z & C, C = C | Z, V = !C & Z */
        ir_or(ir, IR_I64, nn, c, z);
        ir_xor(ir, IR_I64, nn, nn, one);
        ir_and(ir, IR_I64, nz, z, c);
        ir_or(ir, IR_I64, nc, c, z);
        ir_andc(ir, IR_I64, nv, z, c);
    } else { /* AXFLAG: Z = Z | V, C = C & !V, N = V = 0 */
        ir_mov(ir, IR_I64, nn, zero);
        ir_or(ir, IR_I64, nz, z, v);
        ir_andc(ir, IR_I64, nc, c, v);
        ir_mov(ir, IR_I64, nv, zero);
    }
    ir_shl(ir, IR_I64, a64_cpu_NF, nn, ir_const_i64(ir, 63));
    ir_xor(ir, IR_I64, a64_cpu_ZF, nz, one);
    ir_mov(ir, IR_I64, a64_cpu_CF, nc);
    ir_shl(ir, IR_I64, a64_cpu_VF, nv, ir_const_i64(ir, 63));
    return true;
}

/* flag = ok ? flag : the value nzcv gives it. */
static void gen_flag_select(DisasA64 *s, IRTemp flag, IRTemp ok, int64_t imm)
{
    IRContext *ir = s->ir;
    ir_movcond(ir, IR_I64, flag, ok, ir_const_i64(ir, 0), flag, ir_const_i64(ir, imm), IR_COND_NE);
}

bool a64_trans_CCMP(DisasA64 *s, arg_CCMP *a)
{
    IRContext *ir = s->ir;
    A64Cmp c = a64_gen_cond(s, a->cond);
    IRTemp ok = IR_NO_TEMP;
    if (c.cond != IR_COND_ALWAYS) {
        ok = a64_tmp(s);
        ir_setcond(ir, IR_I64, ok, c.v, ir_const_i64(ir, 0), c.cond);
    }
    IRTemp b = a->i ? ir_const_i64(ir, a->y) : a64_read_x(s, a->y), d = a64_tmp(s);
    gen_addsub(s, d, a64_read_x(s, a->rn), b, a->op, a->sf, true);
    if (ok != IR_NO_TEMP) {
        gen_flag_select(s, a64_cpu_NF, ok, (a->nzcv & 8) ? INT64_MIN : 0);
        gen_flag_select(s, a64_cpu_ZF, ok, (a->nzcv & 4) ? 0 : 1);
        gen_flag_select(s, a64_cpu_CF, ok, (a->nzcv >> 1) & 1);
        gen_flag_select(s, a64_cpu_VF, ok, (a->nzcv & 1) ? INT64_MIN : 0);
    }
    return true;
}

bool a64_trans_CSEL(DisasA64 *s, arg_CSEL *a)
{
    IRContext *ir = s->ir;
    A64Cmp c = a64_gen_cond(s, a->cond);
    IRTemp n = a64_read_x(s, a->rn), m = a64_read_x(s, a->rm), d = a64_tmp(s);
    if (c.cond == IR_COND_ALWAYS) {
        a64_write_x(s, a->rd, n, a->sf);
        return true;
    }
    IRTemp f = a64_tmp(s);
    if (a->op) {
        ir_not(ir, IR_I64, f, m);      /* CSINV; CSNEG = ~m + 1 */
        if (a->o2) {
            ir_addi(ir, IR_I64, f, f, 1);
        }
    } else if (a->o2) {
        ir_addi(ir, IR_I64, f, m, 1);  /* CSINC */
    } else {
        f = m;                          /* CSEL */
    }
    ir_movcond(ir, IR_I64, d, c.v, ir_const_i64(ir, 0), n, f, c.cond);
    a64_write_x(s, a->rd, d, a->sf);
    return true;
}

bool a64_trans_DP3(DisasA64 *s, arg_DP3 *a)
{
    IRContext *ir = s->ir;
    IRTemp n = a64_read_x(s, a->rn), m = a64_read_x(s, a->rm), d = a64_tmp(s), p = a64_tmp(s);
    bool ok = a->op31 == 0 || (a->sf && (a->op31 == 1 || a->op31 == 5 ||
                                          ((a->op31 == 2 || a->op31 == 6) && !a->o0)));
    if (!ok) {
        return false;
    }
    if (a->op31 == 2 || a->op31 == 6) { /* SMULH, UMULH */
        IRTemp lo = a64_tmp(s);
        if (a->op31 == 2) {
            ir_muls2(ir, IR_I64, lo, d, n, m);
        } else {
            ir_mulu2(ir, IR_I64, lo, d, n, m);
        }
        a64_write_x(s, a->rd, d, true);
        return true;
    }
    if (a->op31 == 0) {
        ir_mul(ir, IR_I64, p, n, m);
    } else { /* the long forms multiply the W operands */
        IRTemp n32 = a64_tmp(s), m32 = a64_tmp(s);
        IROpcode ext = a->op31 == 1 ? IR_OP_ext32s : IR_OP_ext32u;
        ir_unop(ir, ext, IR_I64, n32, n);
        ir_unop(ir, ext, IR_I64, m32, m);
        ir_mul(ir, IR_I64, p, n32, m32);
    }
    ir_binop(ir, a->o0 ? IR_OP_sub : IR_OP_add, IR_I64, d, a64_read_x(s, a->ra), p);
    a64_write_x(s, a->rd, d, a->sf);
    return true;
}

/* UDIV/SDIV: x / 0 = 0, and INT64_MIN / -1 = INT64_MIN (a W division runs
 * in 64 bits, where it cannot overflow). */
static void gen_div(DisasA64 *s, IRTemp d, IRTemp n, IRTemp m, bool is_signed, bool sf)
{
    IRContext *ir = s->ir;
    IRTemp zero = ir_const_i64(ir, 0), one = ir_const_i64(ir, 1);
    IRTemp nn = a64_tmp(s), mm = a64_tmp(s), safe = a64_tmp(s), q = a64_tmp(s);
    if (sf) {
        ir_mov(ir, IR_I64, nn, n);
        ir_mov(ir, IR_I64, mm, m);
    } else {
        ir_unop(ir, is_signed ? IR_OP_ext32s : IR_OP_ext32u, IR_I64, nn, n);
        ir_unop(ir, is_signed ? IR_OP_ext32s : IR_OP_ext32u, IR_I64, mm, m);
    }
    ir_movcond(ir, IR_I64, safe, mm, zero, one, mm, IR_COND_EQ);
    if (is_signed && sf) {
        IRTemp neg = a64_tmp(s), m1 = ir_const_i64(ir, -1);
        ir_movcond(ir, IR_I64, safe, safe, m1, one, safe, IR_COND_EQ);
        ir_div(ir, IR_I64, q, nn, safe);
        ir_neg(ir, IR_I64, neg, nn);
        ir_movcond(ir, IR_I64, q, mm, m1, neg, q, IR_COND_EQ);
    } else {
        ir_binop(ir, is_signed ? IR_OP_div : IR_OP_divu, IR_I64, q, nn, safe);
    }
    ir_movcond(ir, IR_I64, d, mm, zero, zero, q, IR_COND_EQ);
}

/* LSLV, LSRV, ASRV, RORV: the amount is Rm modulo the width. */
static void gen_shift_reg(DisasA64 *s, IRTemp d, IRTemp n, IRTemp m, int type, bool sf)
{
    IRContext *ir = s->ir;
    if (sf) {
        static const IROpcode ops[4] = {IR_OP_shl, IR_OP_shr, IR_OP_sar, IR_OP_rotr};
        ir_binop(ir, ops[type], IR_I64, d, n, m);
        return;
    }
    IRTemp x = ir_new_i32(ir), amt = ir_new_i32(ir);
    static const IROpcode ops32[4] = {IR_OP_shl, IR_OP_shr, IR_OP_sar, IR_OP_rotr};
    ir_extrl_i64_i32(ir, x, n);
    ir_extrl_i64_i32(ir, amt, m);
    ir_binop(ir, ops32[type], IR_I32, x, x, amt);
    ir_extu_i32_i64(ir, d, x);
}

bool a64_trans_DP2(DisasA64 *s, arg_DP2 *a)
{
    IRContext *ir = s->ir;
    IRTemp n = a64_read_x(s, a->rn), m = a64_read_x(s, a->rm), d = a64_tmp(s);
    switch (a->opc) {
    case 2: /* UDIV */
    case 3: /* SDIV */
        gen_div(s, d, n, m, a->opc == 3, a->sf);
        break;
    case 8: case 9: case 10: case 11:
        gen_shift_reg(s, d, n, m, a->opc - 8, a->sf);
        break;
    case 16: case 17: case 18: case 19: /* CRC32B/H/W/X */
    case 20: case 21: case 22: case 23: /* CRC32CB/H/W/X */
        if (!a64_feature(s, A64_FEATURE_CRC32) || a->sf != ((a->opc & 3) == 3)) {
            return false;
        }
        ir_callN(ir, helper_a64_crc32, IR_CALL_NO_READ_GLOBALS | IR_CALL_NO_WRITE_GLOBALS | IR_CALL_NO_SIDE_EFFECTS,
                 d, n, m, ir_const_i32(ir, 1 << (a->opc & 3)), ir_const_i32(ir, (a->opc >> 2) & 1));
        a64_write_x(s, a->rd, d, false);
        return true;
    default:
        return false;
    }
    a64_write_x(s, a->rd, d, a->sf);
    return true;
}

/* REV16 and REV32: byte swaps inside each halfword or word. */
static void gen_rev_lanes(DisasA64 *s, IRTemp d, IRTemp n, int lane_bits, bool sf)
{
    IRContext *ir = s->ir;
    if (lane_bits == 32) { /* REV32: bswap64 leaves the words swapped */
        ir_bswap64(ir, IR_I64, d, n);
        ir_binopi(ir, IR_OP_rotr, IR_I64, d, d, 32);
        return;
    }
    IRTemp hi = a64_tmp(s), lo = a64_tmp(s);
    int64_t mask = sf ? 0x00ff00ff00ff00ffll : 0x00ff00ffll;
    ir_shri(ir, IR_I64, hi, n, 8);
    ir_andi(ir, IR_I64, hi, hi, mask);
    ir_andi(ir, IR_I64, lo, n, mask);
    ir_shli(ir, IR_I64, lo, lo, 8);
    ir_or(ir, IR_I64, d, hi, lo);
}

bool a64_trans_DP1(DisasA64 *s, arg_DP1 *a)
{
    IRContext *ir = s->ir;
    IRTemp n = a64_read_x(s, a->rn), d = a64_tmp(s);
    const unsigned pure = IR_CALL_NO_READ_GLOBALS | IR_CALL_NO_WRITE_GLOBALS | IR_CALL_NO_SIDE_EFFECTS;
    switch (a->opc) {
    case 0: /* RBIT */
        ir_callN(ir, helper_a64_rbit, pure, d, n);
        if (!a->sf) {
            ir_shri(ir, IR_I64, d, d, 32);
        }
        break;
    case 1: /* REV16 */
        gen_rev_lanes(s, d, n, 16, a->sf);
        break;
    case 2: /* REV32 (X), REV (W) */
        if (a->sf) {
            gen_rev_lanes(s, d, n, 32, true);
        } else {
            ir_bswap32(ir, IR_I64, d, n);
        }
        break;
    case 3: /* REV (X) */
        if (!a->sf) {
            return false;
        }
        ir_bswap64(ir, IR_I64, d, n);
        break;
    case 4: /* CLZ */
        if (a->sf) {
            ir_clz(ir, IR_I64, d, n, ir_const_i64(ir, 64));
        } else {
            IRTemp w = ir_new_i32(ir);
            ir_extrl_i64_i32(ir, w, n);
            ir_clz(ir, IR_I32, w, w, ir_const_i32(ir, 32));
            ir_extu_i32_i64(ir, d, w);
        }
        break;
    case 5: /* CLS */
        ir_callN(ir, helper_a64_cls, pure, d, n, ir_const_i32(ir, a->sf));
        break;
    default:
        return false;
    }
    a64_write_x(s, a->rd, d, a->sf);
    return true;
}
