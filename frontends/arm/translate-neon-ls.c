/*
 * Advanced SIMD element and structure loads and stores (VLD1-4, VST1-4),
 * ARM DDI 0406C A7.7 and A8.8.320-A8.8.407.
 *
 * Everything is inline IR.  The guest is little-endian like the host, so a
 * VLD1/VST1 of whole D registers is one 64-bit guest access per register
 * whatever the element size:
 *
 *     vld1.8 {d0, d1}, [r1]!      guest_ld_i64 t0, r1        st_i64 t0, env, d0
 *                                 add t1, r1, $8
 *                                 guest_ld_i64 t2, t1        st_i64 t2, env, d1
 *                                 add r1, r1, $16
 *
 * Interleaved structures (VLD2-4) and single lanes move one element at a
 * time between guest memory and its lane in env->vfp_d.  An alignment
 * hint is checked once on the base address (SIGBUS when it is not met).
 */
#include "frontends/arm/neon.h"
#include "frontends/arm/translate.h"

#include "decode-neon-ls.c.inc"

bool neon_decode_ls(DisasContext *s, uint32_t insn);

bool neon_decode_ls(DisasContext *s, uint32_t insn)
{
    return decode_neon_ls(s, insn);
}

/* -- Addresses and elements -- */

/* A new temp with base + ofs. */
static IRTemp neon_addr_ofs(DisasContext *s, IRTemp base, int ofs)
{
    if (ofs == 0) {
        return base;
    }
    IRTemp t = ir_new_i32(s->ir);
    ir_addi(s->ir, IR_I32, t, base, ofs);
    return t;
}

/* With an alignment hint of bytes, a misaligned base raises an alignment
 * fault at this insn.  brcond ends the basic block, so the base is loaded
 * again on each path rather than kept in a block-local temp. */
static void neon_check_align(DisasContext *s, int rn, int bytes)
{
    if (bytes <= 1) {
        return;
    }
    IRContext *ir = s->ir;
    IRTemp t = ir_new_i32(ir);
    int ok = ir_new_label(ir);
    ir_andi(ir, IR_I32, t, load_reg(s, rn), bytes - 1);
    ir_brcondi(ir, IR_I32, t, 0, IR_COND_EQ, ok);
    ir_callN(ir, helper_neon_unaligned, IR_CALL_MAY_RAISE, IR_NO_TEMP, IR_ENV, load_reg(s, rn));
    ir_set_label(ir, ok);
}

/* Post-index: rm 15 none, 13 by the transfer size, else by R[rm]. */
static void neon_writeback(DisasContext *s, int rn, int rm, IRTemp base, int bytes)
{
    if (rm == 15) {
        return;
    }
    IRTemp t = ir_new_i32(s->ir);
    if (rm == 13) {
        ir_addi(s->ir, IR_I32, t, base, bytes);
    } else {
        ir_add(s->ir, IR_I32, t, base, load_reg(s, rm));
    }
    store_reg(s, rn, t);
}

/* Moves one element of 1 << size bytes between memory and a lane. */
static void neon_elem(DisasContext *s, bool load, IRTemp addr, int reg, int lane, int size)
{
    IRType t = size == 3 ? IR_I64 : IR_I32;
    int ofs = NEON_DOFS(reg) + (lane << size);
    IRTemp v = ir_new(s->ir, t);
    if (load) {
        ir_guest_ld(s->ir, t, v, addr, (unsigned)size, s->mmu_idx);
        ir_st(s->ir, t, v, IR_ENV, ofs, (unsigned)size);
    } else {
        ir_ld(s->ir, t, v, IR_ENV, ofs, (unsigned)size);
        ir_guest_st(s->ir, t, v, addr, (unsigned)size, s->mmu_idx);
    }
}

/* -- Multiple structures -- */

/* Per type: register groups, structure elements (interleave), register step. */
static const struct {
    int8_t regs, interleave, inc;
} neon_ls_types[16] = {
    [0x7] = {1, 1, 1}, [0xa] = {2, 1, 1}, [0x6] = {3, 1, 1}, [0x2] = {4, 1, 1},
    [0x8] = {1, 2, 1}, [0x9] = {1, 2, 2}, [0x3] = {2, 2, 2},
    [0x4] = {1, 3, 1}, [0x5] = {1, 3, 2},
    [0x0] = {1, 4, 1}, [0x1] = {1, 4, 2},
};

static bool trans_VLDST_multiple(DisasContext *s, arg_VLDST_multiple *a)
{
    int regs = neon_ls_types[a->itype].regs;
    int il = neon_ls_types[a->itype].interleave;
    int inc = neon_ls_types[a->itype].inc;
    if (regs == 0) {
        return false;
    }
    /* UNDEF per the encoding tables: size 64 only for VLD1, align limits. */
    if ((il > 1 && a->size == 3) || (il == 1 && regs == 1 && (a->align & 2)) ||
        (il == 1 && regs == 3 && (a->align & 2)) || (il == 3 && (a->align & 2))) {
        return unallocated_encoding(s);
    }
    int last = a->vd + (regs - 1) + (il - 1) * inc;
    if (last > 31 || a->rn == 15) {
        return unallocated_encoding(s); /* UNPREDICTABLE */
    }
    bool load = a->l;
    neon_check_align(s, a->rn, a->align ? 4 << a->align : 1);
    IRTemp base = load_reg(s, a->rn);
    int bytes = regs * il * 8;
    if (il == 1) {
        for (int r = 0; r < regs; r++) {
            neon_elem(s, load, neon_addr_ofs(s, base, r * 8), a->vd + r, 0, 3);
        }
    } else {
        int esize = 1 << a->size, nelem = 8 / esize, ofs = 0;
        for (int r = 0; r < regs; r++) {
            for (int e = 0; e < nelem; e++) {
                for (int i = 0; i < il; i++) {
                    neon_elem(s, load, neon_addr_ofs(s, base, ofs), a->vd + r + i * inc, e, a->size);
                    ofs += esize;
                }
            }
        }
    }
    neon_writeback(s, a->rn, a->rm, base, bytes);
    return true;
}

/* -- Single structure to one lane -- */

static bool trans_VLDST_single(DisasContext *s, arg_VLDST_single *a)
{
    int n = a->n + 1, ia = a->reg_idx, size = a->size;
    int lane, inc = 1, align = 1;
    /* index_align low bits: the alignment hint per n and size (A8.8.322-) */
    if (n == 1) {
        align = (size == 1 && (ia & 1)) ? 2 : (size == 2 && (ia & 3) == 3) ? 4 : 1;
    } else if (n == 2) {
        align = (ia & 1) ? 2 << size : 1;
    } else if (n == 4) {
        align = size == 2 ? ((ia & 3) ? 4 << (ia & 3) : 1) : ((ia & 1) ? 4 << size : 1);
    }
    switch (size) {
    case 0:
        lane = ia >> 1;
        if (n == 1 && (ia & 1)) {
            return unallocated_encoding(s);
        }
        break;
    case 1:
        lane = ia >> 2;
        if (n > 1 && (ia & 2)) {
            inc = 2;
        }
        if (n == 1 && (ia & 2)) {
            return unallocated_encoding(s);
        }
        break;
    default:
        lane = ia >> 3;
        if (n > 1 && (ia & 4)) {
            inc = 2;
        }
        if ((n == 1 && (ia & 4)) || (n == 3 && (ia & 1))) {
            return unallocated_encoding(s);
        }
        break;
    }
    if (a->vd + (n - 1) * inc > 31 || a->rn == 15 || (size == 2 && n == 4 && (ia & 3) == 3) ||
        (size == 2 && n == 1 && (ia & 3) != 0 && (ia & 3) != 3)) {
        return unallocated_encoding(s);
    }
    neon_check_align(s, a->rn, align);
    IRTemp base = load_reg(s, a->rn);
    for (int i = 0; i < n; i++) {
        neon_elem(s, a->l, neon_addr_ofs(s, base, i << size), a->vd + i * inc, lane, size);
    }
    neon_writeback(s, a->rn, a->rm, base, n << size);
    return true;
}

/* -- Single structure to all lanes -- */

/* A new i64 with the element v (1 << size bytes, zero-extended) in every lane. */
static IRTemp neon_replicate(DisasContext *s, IRTemp v32, int size)
{
    static const int64_t mult[3] = {0x0101010101010101ll, 0x0001000100010001ll, 0x0000000100000001ll};
    IRTemp v = ir_new_i64(s->ir);
    ir_extu_i32_i64(s->ir, v, v32);
    ir_mul(s->ir, IR_I64, v, v, ir_const_i64(s->ir, mult[size]));
    return v;
}

static bool trans_VLD_all_lanes(DisasContext *s, arg_VLD_all_lanes *a)
{
    int n = a->n + 1, size = a->size;
    int regs = 1, inc = 1;
    int align = !a->a ? 1 : n == 1 ? 1 << size : n == 2 ? 2 << size : size == 3 ? 16 : size == 2 ? 8 : 4 << size;
    if (size == 3) {
        if (n != 4 || a->a == 0) {
            return unallocated_encoding(s);
        }
        size = 2; /* VLD4.32 with 128-bit alignment */
    }
    if (n == 1) {
        regs = a->t ? 2 : 1;
        if (size == 0 && a->a) {
            return unallocated_encoding(s);
        }
    } else {
        inc = a->t ? 2 : 1;
        if (n == 3 && a->a) {
            return unallocated_encoding(s);
        }
    }
    if (a->vd + (n - 1) * inc + (regs - 1) > 31 || a->rn == 15) {
        return unallocated_encoding(s);
    }
    neon_check_align(s, a->rn, align);
    IRTemp base = load_reg(s, a->rn);
    for (int i = 0; i < n; i++) {
        IRTemp v = ir_new_i32(s->ir);
        ir_guest_ld(s->ir, IR_I32, v, neon_addr_ofs(s, base, i << size), (unsigned)size, s->mmu_idx);
        IRTemp rep = neon_replicate(s, v, size);
        for (int r = 0; r < regs; r++) {
            ir_st(s->ir, IR_I64, rep, IR_ENV, NEON_DOFS(a->vd + i * inc + r), MO_UQ);
        }
    }
    neon_writeback(s, a->rn, a->rm, base, n << size);
    return true;
}
