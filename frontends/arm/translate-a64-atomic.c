/*
 * A64 exclusives, ordered accesses and atomics: LDXR/STXR and their
 * acquire/release and pair forms, LDAR/STLR, LDAPR, the ARMv8.1 (LSE)
 * atomic memory ops (LDADD .. LDUMIN, SWP) and CAS/CASP.
 *
 * Every access here must be naturally aligned (a pair: to its total
 * size); a misaligned one raises the alignment fault (SIGBUS).
 *
 * The exclusive monitor works as in the AArch32 frontend: LDXR remembers
 * the address and the value(s) it read, STXR is a host compare-and-swap
 * of the remembered value at that address:
 *
 *     if (addr != excl_addr) goto fail;
 *     old = cmpxchg(addr, excl_val, Rt);  Ws = old != excl_val; goto done;
 * fail: Ws = 1;
 * done: excl_addr = -1;
 *
 * A 128-bit pair (STXP/CASP of X registers) has no IR op: a cmpxchg of 0
 * with 0 first probes the address for writing (faulting precisely, and
 * making a page of translated code writable), then a helper does the
 * 128-bit compare-and-swap on host memory.
 *
 * LSE atomics are a load and compare-and-swap loop:
 *
 *     retry: old = ld(addr); new = op(old, Rs);
 *            if (cmpxchg(addr, old, new) != old) goto retry;
 *     Rt = old
 *
 * Acquire orders the access before later loads and stores (an IR_MB_LD
 * barrier after it: nothing on a TSO host such as x86_64); release orders
 * earlier accesses before it (a full barrier first). STLR also takes a
 * full barrier after the store, so that a later LDAR cannot pass it, as
 * ARM's sequentially consistent acquire/release (RCsc) requires.
 */
#include "frontends/arm/a64-translate.h"
#include "decode-a64.h"

static void gen_acquire(DisasA64 *s)
{
    ir_mb(s->ir, IR_MB_LD);
}

static void gen_release(DisasA64 *s)
{
    ir_mb(s->ir, IR_MB_ALL);
}

static IRTemp addr_tb(DisasA64 *s, int rn)
{
    IRTemp addr = ir_new_tb(s->ir, IR_I64);
    ir_mov(s->ir, IR_I64, addr, a64_read_sp(s, rn));
    return addr;
}

/* Probes addr for writing without changing memory (see above). */
static void gen_probe_write(DisasA64 *s, IRTemp addr)
{
    IRTemp zero = ir_const_i64(s->ir, 0), seen = a64_tmp(s);
    ir_guest_cmpxchg(s->ir, IR_I64, seen, addr, zero, zero, MO_64, s->mmu_idx);
}

/* The 128-bit compare-and-swap; returns 1 (swapped) or 0 in a temp. */
static IRTemp gen_cmpxchg128(DisasA64 *s, IRTemp addr, IRTemp cmp_lo, IRTemp cmp_hi, IRTemp new_lo, IRTemp new_hi)
{
    IRTemp ok = a64_tmp(s);
    gen_probe_write(s, addr);
    ir_callN(s->ir, helper_a64_cmpxchg128, IR_CALL_NO_READ_GLOBALS | IR_CALL_NO_WRITE_GLOBALS, ok, IR_ENV, addr,
             cmp_lo, cmp_hi, new_lo, new_hi);
    return ok;
}

/* -- Exclusives -- */

/* Rt == Rt2 in a pair is CONSTRAINED UNPREDICTABLE: Rt2 is written last,
 * as qemu does. */
static void gen_load_exclusive(DisasA64 *s, int size, bool pair, int rt, int rt2, int rn)
{
    IRContext *ir = s->ir;
    IRTemp addr = addr_tb(s, rn), v = a64_tmp(s), hi = IR_NO_TEMP;
    if (pair && size == 3) {
        IRTemp addr8 = a64_tmp(s);
        hi = a64_tmp(s);
        a64_gen_check_align(s, addr, 16);
        a64_gen_ld(s, v, addr, MO_64);
        ir_addi(ir, IR_I64, addr8, addr, 8);
        a64_gen_ld(s, hi, addr8, MO_64);
        ir_mov(ir, IR_I64, a64_cpu_excl_high, hi);
    } else if (pair) {
        /* Two words read as one doubleword. */
        hi = a64_tmp(s);
        a64_gen_ld(s, v, addr, MO_64 | MO_ALIGN);
        ir_shri(ir, IR_I64, hi, v, 32);
    } else {
        a64_gen_ld(s, v, addr, (unsigned)size | MO_ALIGN);
    }
    ir_mov(ir, IR_I64, a64_cpu_excl_val, v);
    ir_mov(ir, IR_I64, a64_cpu_excl_addr, addr);
    a64_write_x(s, rt, v, !pair || size == 3);
    if (pair) {
        a64_write_x(s, rt2, hi, true);
    }
}

static void gen_store_exclusive(DisasA64 *s, int size, bool pair, int rs, int rt, int rt2, int rn)
{
    IRContext *ir = s->ir;
    int fail = ir_new_label(ir), done = ir_new_label(ir);
    IRTemp addr = addr_tb(s, rn), res = ir_new_tb(ir, IR_I64);
    if (pair && size == 3) {
        a64_gen_check_align(s, addr, 16);
    }
    IRTemp val = ir_new_tb(ir, IR_I64), val2 = ir_new_tb(ir, IR_I64);
    if (pair && size == 2) {
        IRTemp lo = ir_new_i32(ir), hi = ir_new_i32(ir);
        ir_extrl_i64_i32(ir, lo, a64_read_x(s, rt));
        ir_extrl_i64_i32(ir, hi, a64_read_x(s, rt2));
        ir_concat_i32_i64(ir, val, lo, hi);
        size = 3;
        pair = false;
    } else {
        ir_mov(ir, IR_I64, val, a64_read_x(s, rt));
        ir_mov(ir, IR_I64, val2, a64_read_x(s, rt2));
    }
    ir_brcond(ir, IR_I64, addr, a64_cpu_excl_addr, IR_COND_NE, fail);
    if (pair) {
        IRTemp ok = gen_cmpxchg128(s, addr, a64_cpu_excl_val, a64_cpu_excl_high, val, val2);
        ir_xori(ir, IR_I64, res, ok, 1);
    } else {
        IRTemp old = a64_tmp(s);
        ir_guest_cmpxchg(ir, IR_I64, old, addr, a64_cpu_excl_val, val, (unsigned)size | MO_ALIGN, s->mmu_idx);
        ir_setcond(ir, IR_I64, res, old, a64_cpu_excl_val, IR_COND_NE);
    }
    ir_br(ir, done);
    ir_set_label(ir, fail);
    ir_movi(ir, IR_I64, res, 1);
    ir_set_label(ir, done);
    ir_movi(ir, IR_I64, a64_cpu_excl_addr, -1);
    a64_write_x(s, rs, res, false);
}

/* -- Compare and swap -- */

static void gen_cas(DisasA64 *s, int size, int rs, int rt, int rn)
{
    IRTemp old = a64_tmp(s);
    ir_guest_cmpxchg(s->ir, IR_I64, old, a64_read_sp(s, rn), a64_read_x(s, rs), a64_read_x(s, rt),
                     (unsigned)size | MO_ALIGN, s->mmu_idx);
    a64_write_x(s, rs, old, true);
}

/* CASP: Rs:Rs+1 compared, Rt:Rt+1 stored, the old pair into Rs:Rs+1. */
static void gen_casp(DisasA64 *s, bool x, int rs, int rt, int rn)
{
    IRContext *ir = s->ir;
    if (!x) {
        IRTemp cmp = a64_tmp(s), nv = a64_tmp(s), old = a64_tmp(s), hi = a64_tmp(s);
        IRTemp w[4];
        for (int i = 0; i < 4; i++) {
            w[i] = ir_new_i32(ir);
        }
        ir_extrl_i64_i32(ir, w[0], a64_read_x(s, rs));
        ir_extrl_i64_i32(ir, w[1], a64_read_x(s, rs + 1));
        ir_extrl_i64_i32(ir, w[2], a64_read_x(s, rt));
        ir_extrl_i64_i32(ir, w[3], a64_read_x(s, rt + 1));
        ir_concat_i32_i64(ir, cmp, w[0], w[1]);
        ir_concat_i32_i64(ir, nv, w[2], w[3]);
        ir_guest_cmpxchg(ir, IR_I64, old, a64_read_sp(s, rn), cmp, nv, MO_64 | MO_ALIGN, s->mmu_idx);
        ir_shri(ir, IR_I64, hi, old, 32);
        a64_write_x(s, rs, old, false);
        a64_write_x(s, rs + 1, hi, true);
        return;
    }
    IRTemp addr = addr_tb(s, rn), lo = a64_tmp(s), hi = a64_tmp(s);
    a64_gen_check_align(s, addr, 16);
    gen_cmpxchg128(s, addr, a64_read_x(s, rs), a64_read_x(s, rs + 1), a64_read_x(s, rt), a64_read_x(s, rt + 1));
    ir_ld(ir, IR_I64, lo, IR_ENV, A64_ENV_OFS(cas_old[0]), MO_64);
    ir_ld(ir, IR_I64, hi, IR_ENV, A64_ENV_OFS(cas_old[1]), MO_64);
    a64_write_x(s, rs, lo, true);
    a64_write_x(s, rs + 1, hi, true);
}

/*
 * size 001000 o2 L o1 Rs o0 Rt2 Rn Rt:
 *   o2 o1 = 00  LDXR/LDAXR (L), STXR/STLXR; o0 = acquire/release
 *           01  size 1x: LDXP/LDAXP, STXP/STLXP; size 0x: CASP (LSE)
 *           10  LDAR/STLR (o0 = 1), LDLAR/STLLR (o0 = 0, with LSE's ARMv8.1)
 *           11  CAS (LSE); L = acquire, o0 = release
 */
bool a64_trans_LDST_EX(DisasA64 *s, arg_LDST_EX *a)
{
    bool lse = a64_feature(s, A64_FEATURE_LSE);
    bool acquire = a->l, release = a->o0;
    IRContext *ir = s->ir;
    if (a->o2 && !a->o1) {
        /* o0 = 0: LDLAR/STLLR (ARMv8.1 LORegions, with no region set
         * up): the same as LDAR/STLR. */
        if (!a->o0 && !lse) {
            return false;
        }
        IRTemp v = a64_tmp(s);
        if (a->l) {
            a64_gen_ld(s, v, a64_read_sp(s, a->rn), (unsigned)a->size | MO_ALIGN);
            gen_acquire(s);
            a64_write_x(s, a->rt, v, true);
        } else {
            ir_mov(ir, IR_I64, v, a64_read_x(s, a->rt));
            gen_release(s);
            a64_gen_st(s, v, a64_read_sp(s, a->rn), (unsigned)a->size | MO_ALIGN);
            /* STLR then LDAR must not reorder (RCsc): a full barrier. */
            ir_mb(ir, IR_MB_ALL);
        }
        return true;
    }
    bool cas = a->o2 || a->size < 2;
    if (a->o1 && cas) {
        /* CAS, CASP: Rt2 is 11111; CASP wants even Rs and Rt. */
        bool casp = !a->o2;
        if (!lse || a->rt2 != 31 || (casp && ((a->rs | a->rt) & 1))) {
            return false;
        }
        if (release) {
            gen_release(s);
        }
        if (casp) {
            gen_casp(s, a->size == 1, a->rs, a->rt, a->rn);
        } else {
            gen_cas(s, a->size, a->rs, a->rt, a->rn);
        }
    } else if (a->l) {
        gen_load_exclusive(s, a->size, a->o1, a->rt, a->rt2, a->rn);
        acquire = a->o0; /* LDAXR, LDAXP */
    } else {
        if (release) {
            gen_release(s);
        }
        gen_store_exclusive(s, a->size, a->o1, a->rs, a->rt, a->rt2, a->rn);
        acquire = false;
    }
    if (acquire) {
        gen_acquire(s);
    }
    return true;
}

/* -- LSE atomic memory operations -- */

enum { AT_ADD, AT_CLR, AT_EOR, AT_SET, AT_SMAX, AT_SMIN, AT_UMAX, AT_UMIN, AT_SWP };

/* new = op(old, val) for an access of size (old is zero-extended). */
static void gen_atomic_op(DisasA64 *s, int op, int size, IRTemp nv, IRTemp old, IRTemp val)
{
    IRContext *ir = s->ir;
    static const IROpcode ext_s[4] = {IR_OP_ext8s, IR_OP_ext16s, IR_OP_ext32s, IR_OP_mov};
    static const IROpcode ext_u[4] = {IR_OP_ext8u, IR_OP_ext16u, IR_OP_ext32u, IR_OP_mov};
    switch (op) {
    case AT_ADD: ir_add(ir, IR_I64, nv, old, val); return;
    case AT_CLR: ir_andc(ir, IR_I64, nv, old, val); return;
    case AT_EOR: ir_xor(ir, IR_I64, nv, old, val); return;
    case AT_SET: ir_or(ir, IR_I64, nv, old, val); return;
    case AT_SWP: ir_mov(ir, IR_I64, nv, val); return;
    default: break;
    }
    bool is_signed = op == AT_SMAX || op == AT_SMIN, is_max = op == AT_SMAX || op == AT_UMAX;
    IRTemp o = a64_tmp(s), v = a64_tmp(s);
    IROpcode ext = is_signed ? ext_s[size] : ext_u[size];
    if (ext == IR_OP_mov) {
        ir_mov(ir, IR_I64, o, old);
        ir_mov(ir, IR_I64, v, val);
    } else {
        ir_unop(ir, ext, IR_I64, o, old);
        ir_unop(ir, ext, IR_I64, v, val);
    }
    IRCond c = is_signed ? (is_max ? IR_COND_GT : IR_COND_LT) : (is_max ? IR_COND_GTU : IR_COND_LTU);
    ir_movcond(ir, IR_I64, nv, o, v, o, v, c);
}

/* size 011001 opc 0 imm9 00 Rn Rt: STLUR (opc 0), LDAPUR (1), LDAPURS to
 * 64 bits (2) or 32 bits (3); the access must be naturally aligned (no
 * LSE2 here). Ordered as STLR and LDAPR are. */
bool a64_trans_LDAPUR(DisasA64 *s, arg_LDAPUR *a)
{
    IRContext *ir = s->ir;
    if (!a64_feature(s, A64_FEATURE_RCPC2) || (a->opc == 2 && a->size == 3) || (a->opc == 3 && a->size >= 2)) {
        return false;
    }
    IRTemp addr = a64_tmp(s), v = a64_tmp(s);
    ir_add(ir, IR_I64, addr, a64_read_sp(s, a->rn), ir_const_i64(ir, a->imm));
    unsigned memop = (unsigned)a->size | MO_ALIGN;
    if (a->opc == 0) {
        ir_mov(ir, IR_I64, v, a64_read_x(s, a->rt));
        gen_release(s);
        a64_gen_st(s, v, addr, memop);
        ir_mb(ir, IR_MB_ALL);
        return true;
    }
    a64_gen_ld(s, v, addr, memop | (a->opc >= 2 ? MO_SIGN : 0));
    gen_acquire(s);
    a64_write_x(s, a->rt, v, a->opc != 3);
    return true;
}

/* size 111 V 00 A R 1 Rs o3 opc 00 Rn Rt: o3 = 0 the eight LD<op>s,
 * o3 = 1 opc = 000 SWP, opc = 100 LDAPR (A = 1, R = 0, Rs = 11111). */
bool a64_trans_ATOMIC(DisasA64 *s, arg_ATOMIC *a)
{
    IRContext *ir = s->ir;
    unsigned memop = (unsigned)a->size | MO_ALIGN;
    if (a->v) {
        return false;
    }
    if (a->o3 && a->opc == 4) {
        if (!a64_feature(s, A64_FEATURE_RCPC) || !a->a || a->r || a->rs != 31) {
            return false;
        }
        IRTemp v = a64_tmp(s);
        a64_gen_ld(s, v, a64_read_sp(s, a->rn), memop);
        gen_acquire(s);
        a64_write_x(s, a->rt, v, true);
        return true;
    }
    if (!a64_feature(s, A64_FEATURE_LSE) || (a->o3 && a->opc != 0)) {
        return false;
    }
    int op = a->o3 ? AT_SWP : a->opc;
    IRTemp addr = addr_tb(s, a->rn), val = ir_new_tb(ir, IR_I64), old = ir_new_tb(ir, IR_I64);
    ir_mov(ir, IR_I64, val, a64_read_x(s, a->rs));
    if (a->r) {
        gen_release(s);
    }
    int retry = ir_new_label(ir);
    ir_set_label(ir, retry);
    IRTemp nv = a64_tmp(s), seen = a64_tmp(s);
    a64_gen_ld(s, old, addr, memop);
    gen_atomic_op(s, op, a->size, nv, old, val);
    ir_guest_cmpxchg(ir, IR_I64, seen, addr, old, nv, memop, s->mmu_idx);
    ir_brcond(ir, IR_I64, seen, old, IR_COND_NE, retry);
    if (a->a) {
        gen_acquire(s);
    }
    a64_write_x(s, a->rt, old, true);
    return true;
}
