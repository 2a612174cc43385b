/*
 * AArch32 loads and stores: single registers (word, byte, halfword,
 * signed, dual) in every addressing mode, LDM/STM, the exclusives and
 * SWP, and the preload hints.
 *
 * Addressing, as the arg sets carry it:
 *     p=1 w=0   [rn, off]       offset
 *     p=1 w=1   [rn, off]!      pre-indexed, base written back
 *     p=0       [rn], off       post-indexed, base always written back
 * e.g. "ldr r0, [r1], #4" is op_load_ri(p=0, u=1, imm=4):
 *     addr = r1; t = ld32(addr); r1 = addr + 4; r0 = t
 *
 * The loaded register is written after the base, so "ldr pc, [sp], #4"
 * returns with the right sp, and a load into pc interworks (LoadWritePC).
 * Exclusives are QEMU-style: LDREX remembers (address, value); STREX is a
 * compare-and-swap against that value at that address.
 */
#include <stddef.h>

#include "frontends/arm/translate.h"
#include "decode-a32.h"
#include "decode-a32-uncond.h"


/* -- Address generation -- */

/* The address used by the access: rn, or rn +/- offset when pre-indexed. */
static IRTemp addr_pre(DisasContext *s, int p, int u, int rn, IRTemp ofs, int imm)
{
    IRContext *ir = s->ir;
    if (ofs == IR_NO_TEMP) {
        return add_reg_for_lit(s, rn, p ? (u ? imm : -imm) : 0);
    }
    IRTemp addr = load_reg(s, rn);
    if (p) {
        ir_binop(ir, u ? IR_OP_add : IR_OP_sub, IR_I32, addr, addr, ofs);
    }
    return addr;
}

/* Base writeback after the access: post-indexed adds the offset now. */
static void addr_post(DisasContext *s, int p, int w, int u, int rn, IRTemp addr, IRTemp ofs, int imm)
{
    if (p && !w) {
        return;
    }
    if (!p) {
        if (ofs == IR_NO_TEMP) {
            ir_addi(s->ir, IR_I32, addr, addr, u ? imm : -imm);
        } else {
            ir_binop(s->ir, u ? IR_OP_add : IR_OP_sub, IR_I32, addr, addr, ofs);
        }
    }
    store_reg(s, rn, addr);
}

static IRTemp rr_offset(DisasContext *s, arg_ldst_rr *a)
{
    return arm_shift_im(s, load_reg(s, a->rm), a->shtype, a->shimm, false);
}

/* -- Single register -- */

/*
 * LDRT, STRT and the other unprivileged (T) forms access memory as PL0 in
 * system mode (user mode has one privilege anyway). Their encodings:
 *     A32  P = 0 (bit 24), W = 1 (bit 21): the post-indexed form with W set
 *     T32  1111 100x 0xxx .... .... 1110 imm8: the imm8 form with PUW = 110
 * Returns the mmu index for the access.
 */
static int ldst_mmu_idx(DisasContext *s)
{
    uint32_t i = s->insn;
    bool unpriv;
    if (!s->sys) {
        return s->mmu_idx;
    }
    if (s->thumb) {
        unpriv = (i & 0xfe800000u) == 0xf8000000u && ((i >> 8) & 0xf) == 0xe;
    } else {
        unpriv = !(i & (1u << 24)) && (i & (1u << 21));
    }
    return unpriv ? ARM_MMU_IDX_PL0 : s->mmu_idx;
}

static bool op_load(DisasContext *s, int p, int w, int u, int rn, int rt, IRTemp ofs, int imm, unsigned mo)
{
    IRTemp addr = addr_pre(s, p, u, rn, ofs, imm);
    IRTemp val = ir_new_i32(s->ir);
    int idx = s->mmu_idx;
    s->mmu_idx = ldst_mmu_idx(s);
    gen_aa32_ld(s, val, addr, mo);
    s->mmu_idx = idx;
    addr_post(s, p, w, u, rn, addr, ofs, imm);
    store_reg_from_load(s, rt, val);
    return true;
}

static bool op_store(DisasContext *s, int p, int w, int u, int rn, int rt, IRTemp ofs, int imm, unsigned mo)
{
    IRTemp addr = addr_pre(s, p, u, rn, ofs, imm);
    int idx = s->mmu_idx;
    s->mmu_idx = ldst_mmu_idx(s);
    gen_aa32_st(s, load_reg(s, rt), addr, mo);
    s->mmu_idx = idx;
    addr_post(s, p, w, u, rn, addr, ofs, imm);
    return true;
}

#define DO_LDST(NAME, OP, MO) \
    bool trans_##NAME##_ri(DisasContext *s, arg_ldst_ri *a) \
    { return OP(s, a->p, a->w, a->u, a->rn, a->rt, IR_NO_TEMP, a->imm, MO); } \
    bool trans_##NAME##_rr(DisasContext *s, arg_ldst_rr *a) \
    { return OP(s, a->p, a->w, a->u, a->rn, a->rt, rr_offset(s, a), 0, MO); }

DO_LDST(LDR, op_load, MO_UL)
DO_LDST(LDRB, op_load, MO_UB)
DO_LDST(LDRH, op_load, MO_UW)
DO_LDST(LDRSB, op_load, MO_SB)
DO_LDST(LDRSH, op_load, MO_SW)
DO_LDST(STR, op_store, MO_UL)
DO_LDST(STRB, op_store, MO_UB)
DO_LDST(STRH, op_store, MO_UW)

/* -- Dual: rt at addr, rt2 at addr + 4 -- */

static bool ldstd_bad_regs(DisasContext *s, int rt, int rt2)
{
    /* A32 wants an even rt below r14 (rt2 = rt + 1); T32 checks its own. */
    return !s->thumb && ((rt & 1) || rt == 14);
}

static bool op_ldrd(DisasContext *s, int p, int w, int u, int rn, int rt, int rt2, IRTemp ofs, int imm)
{
    if (ldstd_bad_regs(s, rt, rt2)) {
        return false;
    }
    IRContext *ir = s->ir;
    IRTemp addr = addr_pre(s, p, u, rn, ofs, imm);
    IRTemp lo = ir_new_i32(ir), hi = ir_new_i32(ir), a4 = ir_new_i32(ir);
    gen_aa32_ld(s, lo, addr, MO_UL);
    ir_addi(ir, IR_I32, a4, addr, 4);
    gen_aa32_ld(s, hi, a4, MO_UL);
    addr_post(s, p, w, u, rn, addr, ofs, imm);
    store_reg(s, rt, lo);
    store_reg(s, rt2, hi);
    return true;
}

static bool op_strd(DisasContext *s, int p, int w, int u, int rn, int rt, int rt2, IRTemp ofs, int imm)
{
    if (ldstd_bad_regs(s, rt, rt2)) {
        return false;
    }
    IRTemp addr = addr_pre(s, p, u, rn, ofs, imm), a4 = ir_new_i32(s->ir);
    gen_aa32_st(s, load_reg(s, rt), addr, MO_UL);
    ir_addi(s->ir, IR_I32, a4, addr, 4);
    gen_aa32_st(s, load_reg(s, rt2), a4, MO_UL);
    addr_post(s, p, w, u, rn, addr, ofs, imm);
    return true;
}

bool trans_LDRD_ri(DisasContext *s, arg_ldstd_ri *a)
{
    return op_ldrd(s, a->p, a->w, a->u, a->rn, a->rt, a->rt2, IR_NO_TEMP, a->imm);
}

bool trans_STRD_ri(DisasContext *s, arg_ldstd_ri *a)
{
    return op_strd(s, a->p, a->w, a->u, a->rn, a->rt, a->rt2, IR_NO_TEMP, a->imm);
}

bool trans_LDRD_rr(DisasContext *s, arg_ldstd_rr *a)
{
    if (ldstd_bad_regs(s, a->rt, a->rt2)) {
        return false;
    }
    return op_ldrd(s, a->p, a->w, a->u, a->rn, a->rt, a->rt2, load_reg(s, a->rm), 0);
}

bool trans_STRD_rr(DisasContext *s, arg_ldstd_rr *a)
{
    if (ldstd_bad_regs(s, a->rt, a->rt2)) {
        return false;
    }
    return op_strd(s, a->p, a->w, a->u, a->rn, a->rt, a->rt2, load_reg(s, a->rm), 0);
}

/* -- Multiple: b = before (IB/DB), u = increment -- */

static IRTemp ldm_start(DisasContext *s, arg_ldm *a, int n)
{
    IRTemp addr = load_reg(s, a->rn);
    int ofs = a->u ? (a->b ? 4 : 0) : (a->b ? -4 * n : -4 * n + 4);
    if (ofs) {
        ir_addi(s->ir, IR_I32, addr, addr, ofs);
    }
    return addr;
}

/* Writes rn back as rn +/- 4 * n (rn itself was not changed by the insn). */
static void ldm_writeback(DisasContext *s, arg_ldm *a, int n)
{
    IRTemp base = load_reg(s, a->rn);
    ir_addi(s->ir, IR_I32, base, base, a->u ? 4 * n : -4 * n);
    store_reg(s, a->rn, base);
}

bool trans_STM(DisasContext *s, arg_ldm *a)
{
    int n = __builtin_popcount((unsigned)a->list & 0xffff);
    if (n == 0 || (a->w && a->rn == 15)) {
        return false;
    }
    IRTemp addr = ldm_start(s, a, n);
    bool first = true;
    for (int i = 0; i < 16; i++) {
        if (!(a->list & (1 << i))) {
            continue;
        }
        if (!first) {
            ir_addi(s->ir, IR_I32, addr, addr, 4);
        }
        first = false;
        gen_aa32_st(s, load_reg(s, i), addr, MO_UL);
    }
    if (a->w) {
        ldm_writeback(s, a, n);
    }
    return true;
}

bool trans_LDM(DisasContext *s, arg_ldm *a)
{
    int n = __builtin_popcount((unsigned)a->list & 0xffff);
    if (n == 0 || (a->w && a->rn == 15)) {
        return false;
    }
    IRTemp addr = ldm_start(s, a, n), vals[16];
    bool first = true;
    /* Load everything first: a fault part-way leaves the registers intact. */
    for (int i = 0; i < 16; i++) {
        if (!(a->list & (1 << i))) {
            continue;
        }
        if (!first) {
            ir_addi(s->ir, IR_I32, addr, addr, 4);
        }
        first = false;
        vals[i] = ir_new_i32(s->ir);
        gen_aa32_ld(s, vals[i], addr, MO_UL);
    }
    /* With the base in the list, the loaded value wins over writeback. */
    if (a->w && !(a->list & (1 << a->rn))) {
        ldm_writeback(s, a, n);
    }
    for (int i = 0; i < 15; i++) {
        if (a->list & (1 << i)) {
            store_reg(s, i, vals[i]);
        }
    }
    if (a->list & (1 << 15)) {
        store_reg_from_load(s, 15, vals[15]);
    }
    return true;
}

/*
 * LDM/STM with ^ (cond 100 P U 1 W L rn list), privileged modes only:
 *     STM ^, LDM ^ without pc: the User mode r8-r14 (W must be 0)
 *     LDM ^ with pc: an exception return, CPSR = SPSR after the loads
 */
static bool op_ldm_usr(DisasContext *s, bool load)
{
    uint32_t i = s->insn;
    arg_ldm a = { .rn = (int)(i >> 16) & 15, .list = (int)(i & 0xffff), .b = (int)(i >> 24) & 1,
                  .u = (int)(i >> 23) & 1, .w = (int)(i >> 21) & 1 };
    int n = __builtin_popcount((unsigned)a.list);
    bool eret = load && (a.list & (1 << 15));
    if (!s->sys || !s->priv || n == 0 || a.rn == 15 || (a.w && !eret)) {
        return false;
    }
    IRContext *ir = s->ir;
    IRTemp addr = ldm_start(s, &a, n), vals[16], usr = ir_const_i32(ir, ARM_MODE_USR);
    bool first = true;
    for (int r = 0; r < 16; r++) {
        if (!(a.list & (1 << r))) {
            continue;
        }
        if (!first) {
            ir_addi(ir, IR_I32, addr, addr, 4);
        }
        first = false;
        vals[r] = ir_new_i32(ir);
        if (load) {
            gen_aa32_ld(s, vals[r], addr, MO_UL);
        } else {
            if (r >= 8 && r <= 14) {
                ir_callN(ir, helper_arm_banked_read, IR_CALL_NO_WRITE_GLOBALS | IR_CALL_NO_SIDE_EFFECTS, vals[r],
                         IR_ENV, usr, ir_const_i32(ir, r));
            } else {
                load_reg_var(s, vals[r], r);
            }
            gen_aa32_st(s, vals[r], addr, MO_UL);
        }
    }
    if (!load) {
        return true;
    }
    if (a.w && !(a.list & (1 << a.rn))) {
        ldm_writeback(s, &a, n);
    }
    for (int r = 0; r < 15; r++) {
        if (!(a.list & (1 << r))) {
            continue;
        }
        if (eret || r < 8) {
            store_reg(s, r, vals[r]);
        } else {
            ir_callN(ir, helper_arm_banked_write, 0, IR_NO_TEMP, IR_ENV, usr, ir_const_i32(ir, r), vals[r]);
        }
    }
    if (eret) {
        arm_gen_exception_return(s, vals[15]);
    }
    return true;
}

bool trans_STM_usr(DisasContext *s, arg_empty *a) { return op_ldm_usr(s, false); }
bool trans_LDM_usr(DisasContext *s, arg_empty *a) { return op_ldm_usr(s, true); }

/* -- Exclusives -- */

static unsigned excl_memop(int size) { return (unsigned)size | MO_ALIGN; }

static bool op_ldrex(DisasContext *s, arg_ldrex *a, int size)
{
    IRContext *ir = s->ir;
    if (size == MO_64 && !s->thumb && ((a->rt & 1) || a->rt == 14)) {
        return false;
    }
    IRTemp addr = load_reg(s, a->rn);
    if (a->imm) {
        ir_addi(ir, IR_I32, addr, addr, a->imm);
    }
    if (size == MO_64) {
        IRTemp v = ir_new_i64(ir), lo = ir_new_i32(ir), hi = ir_new_i32(ir);
        ir_guest_ld(ir, IR_I64, v, addr, excl_memop(MO_64), s->mmu_idx);
        ir_mov(ir, IR_I64, cpu_exclusive_val, v);
        ir_extrl_i64_i32(ir, lo, v);
        ir_extrh_i64_i32(ir, hi, v);
        ir_mov(ir, IR_I32, cpu_exclusive_addr, addr);
        store_reg(s, a->rt, lo);
        store_reg(s, a->rt2, hi);
    } else {
        IRTemp v = ir_new_i32(ir);
        gen_aa32_ld(s, v, addr, excl_memop(size));
        ir_extu_i32_i64(ir, cpu_exclusive_val, v);
        ir_mov(ir, IR_I32, cpu_exclusive_addr, addr);
        store_reg(s, a->rt, v);
    }
    return true;
}

bool trans_LDREX(DisasContext *s, arg_ldrex *a) { return op_ldrex(s, a, MO_32); }
bool trans_LDREXB(DisasContext *s, arg_ldrex *a) { return op_ldrex(s, a, MO_8); }
bool trans_LDREXH(DisasContext *s, arg_ldrex *a) { return op_ldrex(s, a, MO_16); }
bool trans_LDREXD_a32(DisasContext *s, arg_ldrex *a) { return op_ldrex(s, a, MO_64); }

/*
 *     if (addr != exclusive_addr) goto fail;
 *     old = cmpxchg(addr, exclusive_val, rt);  rd = old != exclusive_val; goto done;
 * fail: rd = 1;
 * done: exclusive_addr = -1;
 * Temps that cross the labels are TB temps.
 */
static bool op_strex(DisasContext *s, arg_strex *a, int size)
{
    IRContext *ir = s->ir;
    if (size == MO_64 && !s->thumb && ((a->rt & 1) || a->rt == 14)) {
        return false;
    }
    int fail = ir_new_label(ir), done = ir_new_label(ir);
    IRTemp addr = ir_new_tb(ir, IR_I32), res = ir_new_tb(ir, IR_I32);
    load_reg_var(s, addr, a->rn);
    if (a->imm) {
        ir_addi(ir, IR_I32, addr, addr, a->imm);
    }
    IRTemp val = ir_new_tb(ir, size == MO_64 ? IR_I64 : IR_I32);
    if (size == MO_64) {
        ir_concat_i32_i64(ir, val, load_reg(s, a->rt), load_reg(s, a->rt2));
    } else {
        load_reg_var(s, val, a->rt);
    }
    ir_brcond(ir, IR_I32, addr, cpu_exclusive_addr, IR_COND_NE, fail);
    if (size == MO_64) {
        IRTemp old = ir_new_i64(ir), r64 = ir_new_i64(ir);
        ir_guest_cmpxchg(ir, IR_I64, old, addr, cpu_exclusive_val, val, excl_memop(MO_64), s->mmu_idx);
        ir_setcond(ir, IR_I64, r64, old, cpu_exclusive_val, IR_COND_NE);
        ir_extrl_i64_i32(ir, res, r64);
    } else {
        IRTemp old = ir_new_i32(ir), cmp = ir_new_i32(ir);
        ir_extrl_i64_i32(ir, cmp, cpu_exclusive_val);
        ir_guest_cmpxchg(ir, IR_I32, old, addr, cmp, val, excl_memop(size), s->mmu_idx);
        ir_setcond(ir, IR_I32, res, old, cmp, IR_COND_NE);
    }
    ir_br(ir, done);
    ir_set_label(ir, fail);
    ir_movi(ir, IR_I32, res, 1);
    ir_set_label(ir, done);
    ir_movi(ir, IR_I32, cpu_exclusive_addr, -1);
    store_reg(s, a->rd, res);
    return true;
}

bool trans_STREX(DisasContext *s, arg_strex *a) { return op_strex(s, a, MO_32); }
bool trans_STREXB(DisasContext *s, arg_strex *a) { return op_strex(s, a, MO_8); }
bool trans_STREXH(DisasContext *s, arg_strex *a) { return op_strex(s, a, MO_16); }
bool trans_STREXD_a32(DisasContext *s, arg_strex *a) { return op_strex(s, a, MO_64); }

/*
 * -- ARMv8 load-acquire / store-release --
 * LDA* is the load followed by a full barrier, STL* a full barrier before
 * the store; both fault on a misaligned address.  The exclusive forms are
 * LDREX/STREX with the same barriers and the same monitor.
 */

static bool op_lda(DisasContext *s, arg_ldrex *a, unsigned memop)
{
    if (!arm_feature(s, ARM_FEATURE_V8) || a->rn == 15 || a->rt == 15) {
        return false;
    }
    IRTemp v = ir_new_i32(s->ir);
    gen_aa32_ld(s, v, load_reg(s, a->rn), memop | MO_ALIGN);
    ir_mb(s->ir, IR_MB_ALL);
    store_reg(s, a->rt, v);
    return true;
}

static bool op_stl(DisasContext *s, arg_ldrex *a, unsigned memop)
{
    if (!arm_feature(s, ARM_FEATURE_V8) || a->rn == 15 || a->rt == 15) {
        return false;
    }
    IRTemp addr = load_reg(s, a->rn), v = load_reg(s, a->rt);
    ir_mb(s->ir, IR_MB_ALL);
    gen_aa32_st(s, v, addr, memop | MO_ALIGN);
    return true;
}

bool trans_LDA(DisasContext *s, arg_ldrex *a) { return op_lda(s, a, MO_UL); }
bool trans_LDAB(DisasContext *s, arg_ldrex *a) { return op_lda(s, a, MO_UB); }
bool trans_LDAH(DisasContext *s, arg_ldrex *a) { return op_lda(s, a, MO_UW); }
bool trans_STL(DisasContext *s, arg_ldrex *a) { return op_stl(s, a, MO_UL); }
bool trans_STLB(DisasContext *s, arg_ldrex *a) { return op_stl(s, a, MO_UB); }
bool trans_STLH(DisasContext *s, arg_ldrex *a) { return op_stl(s, a, MO_UW); }

static bool op_ldaex(DisasContext *s, arg_ldrex *a, int size)
{
    if (!arm_feature(s, ARM_FEATURE_V8) || !op_ldrex(s, a, size)) {
        return false;
    }
    ir_mb(s->ir, IR_MB_ALL);
    return true;
}

static bool op_stlex(DisasContext *s, arg_strex *a, int size)
{
    if (!arm_feature(s, ARM_FEATURE_V8) || (size == MO_64 && !s->thumb && ((a->rt & 1) || a->rt == 14))) {
        return false;
    }
    ir_mb(s->ir, IR_MB_ALL);
    return op_strex(s, a, size);
}

bool trans_LDAEX(DisasContext *s, arg_ldrex *a) { return op_ldaex(s, a, MO_32); }
bool trans_LDAEXB(DisasContext *s, arg_ldrex *a) { return op_ldaex(s, a, MO_8); }
bool trans_LDAEXH(DisasContext *s, arg_ldrex *a) { return op_ldaex(s, a, MO_16); }
bool trans_LDAEXD_a32(DisasContext *s, arg_ldrex *a) { return op_ldaex(s, a, MO_64); }
bool trans_LDAEXD_t32(DisasContext *s, arg_ldrex *a) { return op_ldaex(s, a, MO_64); }
bool trans_STLEX(DisasContext *s, arg_strex *a) { return op_stlex(s, a, MO_32); }
bool trans_STLEXB(DisasContext *s, arg_strex *a) { return op_stlex(s, a, MO_8); }
bool trans_STLEXH(DisasContext *s, arg_strex *a) { return op_stlex(s, a, MO_16); }
bool trans_STLEXD_a32(DisasContext *s, arg_strex *a) { return op_stlex(s, a, MO_64); }
bool trans_STLEXD_t32(DisasContext *s, arg_strex *a) { return op_stlex(s, a, MO_64); }

bool trans_CLREX(DisasContext *s, arg_empty *a)
{
    ir_movi(s->ir, IR_I32, cpu_exclusive_addr, -1);
    return true;
}

/*
 * SWP{B}: an atomic exchange built from a compare-and-swap loop:
 *     retry: old = ld(addr); if (cmpxchg(addr, old, new) != old) goto retry;
 */
bool trans_SWP(DisasContext *s, arg_swp *a)
{
    IRContext *ir = s->ir;
    unsigned mo = a->b ? MO_UB : MO_UL;
    IRTemp addr = ir_new_tb(ir, IR_I32), nv = ir_new_tb(ir, IR_I32), old = ir_new_tb(ir, IR_I32);
    int retry = ir_new_label(ir);
    load_reg_var(s, addr, a->rn);
    load_reg_var(s, nv, a->rt2);
    ir_set_label(ir, retry);
    IRTemp seen = ir_new_i32(ir);
    gen_aa32_ld(s, old, addr, mo);
    ir_guest_cmpxchg(ir, IR_I32, seen, addr, old, nv, mo, s->mmu_idx);
    ir_brcond(ir, IR_I32, seen, old, IR_COND_NE, retry);
    store_reg(s, a->rt, old);
    return true;
}

/* -- Preload hints: no architectural effect -- */

bool trans_PLD(DisasContext *s, arg_empty *a) { return true; }
bool trans_PLI(DisasContext *s, arg_empty *a) { return true; }
