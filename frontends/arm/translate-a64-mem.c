/*
 * A64 loads and stores of general registers: unsigned offset, unscaled,
 * pre- and post-indexed, unprivileged (the same as the plain form at EL0),
 * register offset with extend and shift, PC-relative literal, and pairs
 * (LDP, STP, LDPSW, LDNP, STNP) in every indexing mode. PRFM is a no-op.
 *
 * size and opc of the single-register classes select the access:
 *
 *     opc 00  store              STRB STRH STR(W) STR(X)
 *     opc 01  load, zero-extend  LDRB LDRH LDR(W) LDR(X)
 *     opc 10  load, sign to X    LDRSB LDRSH LDRSW, size 11: PRFM
 *     opc 11  load, sign to W    LDRSB LDRSH (size 1x: unallocated)
 *
 * e.g. "ldrsh w1, [x2, #-2]!" is LDST_IMM9 size=01 opc=11 idx=11:
 *     addr = x2 - 2; t = ld16s(addr); x2 = addr; x1 = ext32u(t)
 *
 * Accesses need no alignment (as Linux runs EL0 with SCTLR_EL1.A clear).
 * The loaded register is written after the base, so a load into the base
 * register with writeback (UNPREDICTABLE) leaves the loaded value.
 */
#include "frontends/arm/a64-translate.h"
#include "decode-a64.h"

/* What a (size, opc) pair of the single-register classes does. */
typedef struct LdstKind {
    enum { LDST_STORE, LDST_LOAD, LDST_PREFETCH } kind;
    unsigned memop;
    bool sf;            /* loads: destination width (false: W, zero-extended) */
} LdstKind;

static bool ldst_kind(int size, int opc, LdstKind *k)
{
    k->memop = (unsigned)size;
    k->sf = true;
    switch (opc) {
    case 0:
        k->kind = LDST_STORE;
        return true;
    case 1:
        k->kind = LDST_LOAD;
        return true;
    case 2:
        k->kind = size == 3 ? LDST_PREFETCH : LDST_LOAD;
        k->memop |= MO_SIGN;
        return true;
    default:
        k->kind = LDST_LOAD;
        k->memop |= MO_SIGN;
        k->sf = false;
        return size < 2;
    }
}

/* The access itself: store Rt, or load into Rt (after any base write). */
static void ldst_access(DisasA64 *s, const LdstKind *k, int rt, IRTemp addr, IRTemp *loaded)
{
    *loaded = IR_NO_TEMP;
    if (k->kind == LDST_STORE) {
        a64_gen_st(s, a64_read_x(s, rt), addr, k->memop);
    } else {
        *loaded = a64_tmp(s);
        a64_gen_ld(s, *loaded, addr, k->memop);
    }
}

/* One access at base + ofs; idx as in the imm9 class: 0 offset, 1 post,
 * 2 offset (unprivileged), 3 pre. */
static void gen_ldst_single(DisasA64 *s, const LdstKind *k, int rn, int rt, IRTemp ofs, int idx)
{
    IRContext *ir = s->ir;
    IRTemp addr = a64_tmp(s), val;
    if (idx == 1) {
        ir_mov(ir, IR_I64, addr, a64_read_sp(s, rn));
    } else {
        ir_add(ir, IR_I64, addr, a64_read_sp(s, rn), ofs);
    }
    ldst_access(s, k, rt, addr, &val);
    if (idx == 1) {
        ir_add(ir, IR_I64, a64_cpu_X[rn], addr, ofs);
    } else if (idx == 3) {
        ir_mov(ir, IR_I64, a64_cpu_X[rn], addr);
    }
    if (val != IR_NO_TEMP) {
        a64_write_x(s, rt, val, k->sf);
    }
}

bool a64_trans_LDST_UIMM(DisasA64 *s, arg_LDST_UIMM *a)
{
    LdstKind k;
    if (a->v || !ldst_kind(a->size, a->opc, &k)) {
        return false;
    }
    if (k.kind != LDST_PREFETCH) {
        gen_ldst_single(s, &k, a->rn, a->rt, ir_const_i64(s->ir, (int64_t)a->imm << a->size), 0);
    }
    return true;
}

bool a64_trans_LDST_IMM9(DisasA64 *s, arg_LDST_IMM9 *a)
{
    LdstKind k;
    if (a->v || !ldst_kind(a->size, a->opc, &k)) {
        return false;
    }
    if (k.kind == LDST_PREFETCH) {
        return a->idx == 0; /* PRFUM; no prefetch has writeback or a T form */
    }
    gen_ldst_single(s, &k, a->rn, a->rt, ir_const_i64(s->ir, a->imm), a->idx);
    return true;
}

/* option: x10 UXTW, x11 LSL (UXTX), 11x signed; then shifted left. */
IRTemp a64_gen_reg_offset(DisasA64 *s, int rm, int opt, int shift)
{
    IRContext *ir = s->ir;
    IRTemp ofs = a64_tmp(s), m = a64_read_x(s, rm);
    if (opt == 2) {
        ir_ext32u(ir, IR_I64, ofs, m);
    } else if (opt == 6) {
        ir_ext32s(ir, IR_I64, ofs, m);
    } else {
        ir_mov(ir, IR_I64, ofs, m);
    }
    if (shift) {
        ir_shli(ir, IR_I64, ofs, ofs, shift);
    }
    return ofs;
}

bool a64_trans_LDST_REG(DisasA64 *s, arg_LDST_REG *a)
{
    LdstKind k;
    if (a->v || !(a->opt & 2) || !ldst_kind(a->size, a->opc, &k)) {
        return false;
    }
    if (k.kind == LDST_PREFETCH) {
        return true;
    }
    gen_ldst_single(s, &k, a->rn, a->rt, a64_gen_reg_offset(s, a->rm, a->opt, a->s ? a->size : 0), 0);
    return true;
}

bool a64_trans_LD_LIT(DisasA64 *s, arg_LD_LIT *a)
{
    static const unsigned memops[3] = {MO_UL, MO_UQ, MO_SL};
    if (a->v) {
        return false;
    }
    if (a->opc == 3) { /* PRFM (literal) */
        return true;
    }
    IRTemp val = a64_tmp(s);
    a64_gen_ld(s, val, ir_const_i64(s->ir, (int64_t)(s->pc_curr + (uint64_t)((int64_t)a->imm * 4))),
               memops[a->opc]);
    a64_write_x(s, a->rt, val, true);
    return true;
}

/*
 * Pairs: opc 00 W, 01 LDPSW (load only), 10 X; idx 00 non-temporal
 * (offset), 01 post, 10 offset, 11 pre. The offset is imm7 times the
 * element size.
 */
bool a64_trans_LDST_PAIR(DisasA64 *s, arg_LDST_PAIR *a)
{
    if (a->v || a->opc == 3 || (a->opc == 1 && (!a->l || a->idx == 0))) {
        return false;
    }
    IRContext *ir = s->ir;
    int size = a->opc == 2 ? 3 : 2;
    unsigned memop = (unsigned)size | (a->opc == 1 ? MO_SIGN : 0);
    int64_t ofs = (int64_t)a->imm << size;
    IRTemp addr = a64_tmp(s), addr2 = a64_tmp(s);
    if (a->idx == 1) {
        ir_mov(ir, IR_I64, addr, a64_read_sp(s, a->rn));
    } else {
        ir_addi(ir, IR_I64, addr, a64_read_sp(s, a->rn), ofs);
    }
    ir_addi(ir, IR_I64, addr2, addr, 1 << size);
    IRTemp v1 = IR_NO_TEMP, v2 = IR_NO_TEMP;
    if (a->l) {
        v1 = a64_tmp(s);
        v2 = a64_tmp(s);
        a64_gen_ld(s, v1, addr, memop);
        a64_gen_ld(s, v2, addr2, memop);
    } else {
        a64_gen_st(s, a64_read_x(s, a->rt), addr, memop);
        a64_gen_st(s, a64_read_x(s, a->rt2), addr2, memop);
    }
    if (a->idx == 1) {
        ir_addi(ir, IR_I64, a64_cpu_X[a->rn], addr, ofs);
    } else if (a->idx == 3) {
        ir_mov(ir, IR_I64, a64_cpu_X[a->rn], addr);
    }
    if (a->l) {
        /* Rt == Rt2 is CONSTRAINED UNPREDICTABLE: Rt gets the first
         * value, as qemu gives it. */
        a64_write_x(s, a->rt2, v2, true);
        a64_write_x(s, a->rt, v1, true);
    }
    return true;
}
