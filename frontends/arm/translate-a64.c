/*
 * A64 translation: the TranslatorOps hooks, the per-insn dispatch and the
 * helpers every A64 translator shares (registers, flags, conditions, TB
 * exits, exceptions, guest memory).
 *
 * One insn goes through
 *
 *     a64_translate_insn: a pc with bits 1:0 set raises the PC alignment
 *                         fault; else fetch, pc_next += 4, a64_decode
 *                         (generated from a64.decode); nobody took it: UDEF
 *
 * so "b.ne 1f" becomes
 *
 *     brcond_i64 ZF, $0, eq, L1     (Z set: not taken)
 *     goto_tb 0; mov pc, $target; exit_tb tb|0
 *     set_label L1
 *     goto_tb 1; mov pc, $next; exit_tb tb|1
 */
#include <stddef.h>

#include "frontends/arm/a64-simd.h"
#include "frontends/arm/a64-translate.h"

#include "decode-a64.c.inc"

IRTemp a64_cpu_X[32];
IRTemp a64_cpu_pc;
IRTemp a64_cpu_NF, a64_cpu_ZF, a64_cpu_CF, a64_cpu_VF;
IRTemp a64_cpu_excl_addr, a64_cpu_excl_val, a64_cpu_excl_high;

/* -- Registers -- */

IRTemp a64_read_x(DisasA64 *s, int reg)
{
    return reg == 31 ? ir_const_i64(s->ir, 0) : a64_cpu_X[reg];
}

IRTemp a64_read_sp(DisasA64 *s, int reg)
{
    return a64_cpu_X[reg];
}

void a64_write_sp(DisasA64 *s, int reg, IRTemp val, bool sf)
{
    if (sf) {
        ir_mov(s->ir, IR_I64, a64_cpu_X[reg], val);
    } else {
        ir_ext32u(s->ir, IR_I64, a64_cpu_X[reg], val);
    }
}

void a64_write_x(DisasA64 *s, int reg, IRTemp val, bool sf)
{
    if (reg != 31) {
        a64_write_sp(s, reg, val, sf);
    }
}

/* -- Flags -- */

void a64_gen_nz(DisasA64 *s, IRTemp r, bool sf)
{
    if (sf) {
        ir_mov(s->ir, IR_I64, a64_cpu_NF, r);
    } else {
        ir_shli(s->ir, IR_I64, a64_cpu_NF, r, 32);
    }
    ir_mov(s->ir, IR_I64, a64_cpu_ZF, a64_cpu_NF);
}

/* Sets NZ from r, C from c and V from the sign of v (bit 31 of v for W),
 * then d = r. */
static void gen_commit_nzcv(DisasA64 *s, IRTemp d, IRTemp r, IRTemp c, IRTemp v, bool sf)
{
    IRContext *ir = s->ir;
    a64_gen_nz(s, r, sf);
    ir_mov(ir, IR_I64, a64_cpu_CF, c);
    if (sf) {
        ir_mov(ir, IR_I64, a64_cpu_VF, v);
    } else {
        ir_shli(ir, IR_I64, a64_cpu_VF, v, 32);
    }
    ir_mov(s->ir, IR_I64, d, r);
}

/* V of r = a + addend (any carry-in): sign of (r ^ a) & ~(a ^ addend). */
static IRTemp gen_add_overflow(DisasA64 *s, IRTemp r, IRTemp a, IRTemp addend)
{
    IRContext *ir = s->ir;
    IRTemp v = a64_tmp(s), t = a64_tmp(s);
    ir_xor(ir, IR_I64, v, r, a);
    ir_xor(ir, IR_I64, t, a, addend);
    ir_andc(ir, IR_I64, v, v, t);
    return v;
}

/* Replaces W operands by their zero-extended values: a W sum then
 * carries out of bit 31 into bit 32. */
static void gen_zext_w(DisasA64 *s, IRTemp *a, IRTemp *b)
{
    IRTemp a32 = a64_tmp(s), b32 = a64_tmp(s);
    ir_ext32u(s->ir, IR_I64, a32, *a);
    ir_ext32u(s->ir, IR_I64, b32, *b);
    *a = a32;
    *b = b32;
}

/* d = a + addend + cin (cin: IR_NO_TEMP for none), NZCV when setflags.
 * Subtraction adds ~b with a carry-in, which gives ARM's C (no borrow)
 * and V directly. A W result carries out of bit 31 into bit 32 of the
 * 64-bit sum of the zero-extended operands. */
static void gen_add_carry(DisasA64 *s, IRTemp d, IRTemp a, IRTemp addend, IRTemp cin, bool sf, bool setflags)
{
    IRContext *ir = s->ir;
    IRTemp r = a64_tmp(s);
    if (!setflags) {
        ir_add(ir, IR_I64, r, a, addend);
        if (cin != IR_NO_TEMP) {
            ir_add(ir, IR_I64, r, r, cin);
        }
        ir_mov(s->ir, IR_I64, d, r);
        return;
    }
    IRTemp c = a64_tmp(s);
    if (sf) {
        IRTemp zero = ir_const_i64(ir, 0);
        if (cin != IR_NO_TEMP) {
            /* a + cin carries only when it wraps to 0: c stays 0 or 1. */
            ir_add2(ir, IR_I64, r, c, a, zero, cin, zero);
            ir_add2(ir, IR_I64, r, c, r, c, addend, zero);
        } else {
            ir_add2(ir, IR_I64, r, c, a, zero, addend, zero);
        }
    } else {
        gen_zext_w(s, &a, &addend);
        ir_add(ir, IR_I64, r, a, addend);
        if (cin != IR_NO_TEMP) {
            ir_add(ir, IR_I64, r, r, cin);
        }
        ir_shri(ir, IR_I64, c, r, 32);
    }
    gen_commit_nzcv(s, d, r, c, gen_add_overflow(s, r, a, addend), sf);
}

void a64_gen_add(DisasA64 *s, IRTemp d, IRTemp a, IRTemp b, bool sf, bool setflags)
{
    gen_add_carry(s, d, a, b, IR_NO_TEMP, sf, setflags);
}

void a64_gen_adc(DisasA64 *s, IRTemp d, IRTemp a, IRTemp b, bool sf, bool setflags)
{
    gen_add_carry(s, d, a, b, a64_cpu_CF, sf, setflags);
}

void a64_gen_sbc(DisasA64 *s, IRTemp d, IRTemp a, IRTemp b, bool sf, bool setflags)
{
    IRTemp nb = a64_tmp(s);
    ir_not(s->ir, IR_I64, nb, b);
    gen_add_carry(s, d, a, nb, a64_cpu_CF, sf, setflags);
}

/* Subtraction without carry-in (SUB, SUBS, CMP) keeps to one sub and one
 * unsigned compare for C: the common case of a compare. */
void a64_gen_sub(DisasA64 *s, IRTemp d, IRTemp a, IRTemp b, bool sf, bool setflags)
{
    IRContext *ir = s->ir;
    IRTemp r = a64_tmp(s);
    if (!setflags) {
        ir_sub(ir, IR_I64, r, a, b);
        ir_mov(s->ir, IR_I64, d, r);
        return;
    }
    IRTemp c = a64_tmp(s), v = a64_tmp(s), t = a64_tmp(s);
    if (!sf) {
        gen_zext_w(s, &a, &b);
    }
    ir_sub(ir, IR_I64, r, a, b);
    ir_setcond(ir, IR_I64, c, a, b, IR_COND_GEU);
    ir_xor(ir, IR_I64, v, r, a);
    ir_xor(ir, IR_I64, t, a, b);
    ir_and(ir, IR_I64, v, v, t);
    gen_commit_nzcv(s, d, r, c, v, sf);
}

/* -- Conditions -- */

A64Cmp a64_gen_cond(DisasA64 *s, int cc)
{
    IRContext *ir = s->ir;
    IRTemp t = a64_tmp(s);
    bool inv = cc & 1;
    A64Cmp r = {t, IR_COND_NE};
    switch (cc >> 1) {
    case 0: /* EQ: ZF == 0 */
        r = (A64Cmp){a64_cpu_ZF, IR_COND_EQ};
        break;
    case 1: /* CS */
        r = (A64Cmp){a64_cpu_CF, IR_COND_NE};
        break;
    case 2: /* MI */
        r = (A64Cmp){a64_cpu_NF, IR_COND_LT};
        break;
    case 3: /* VS */
        r = (A64Cmp){a64_cpu_VF, IR_COND_LT};
        break;
    case 4: /* HI: C && !Z, i.e. (-C & ZF) != 0 */
        ir_neg(ir, IR_I64, t, a64_cpu_CF);
        ir_and(ir, IR_I64, t, t, a64_cpu_ZF);
        break;
    case 5: /* GE: N == V */
        ir_xor(ir, IR_I64, t, a64_cpu_NF, a64_cpu_VF);
        r.cond = IR_COND_GE;
        break;
    case 6: /* GT: !Z && N == V, i.e. (ZF & ~((N ^ V) >> 63)) != 0 */
        ir_xor(ir, IR_I64, t, a64_cpu_NF, a64_cpu_VF);
        ir_sari(ir, IR_I64, t, t, 63);
        ir_andc(ir, IR_I64, t, a64_cpu_ZF, t);
        break;
    default: /* AL and NV: always true */
        return (A64Cmp){ir_const_i64(ir, 0), IR_COND_ALWAYS};
    }
    if (inv) {
        r.cond = ir_cond_invert(r.cond);
    }
    return r;
}

/* -- Control flow and exceptions -- */

void a64_gen_lookup_and_goto_ptr(DisasA64 *s)
{
    IRTemp p = a64_tmp(s);
    ir_callN(s->ir, helper_lookup_tb, IR_CALL_NO_WRITE_GLOBALS, p, IR_ENV, a64_cpu_pc,
             ir_const_i32(s->ir, (int32_t)s->base.tb->flags));
    ir_goto_ptr(s->ir, p);
}

void a64_gen_goto_tb(DisasA64 *s, int n, uint64_t dest)
{
    if (!translator_use_goto_tb(&s->base, dest)) {
        ir_movi(s->ir, IR_I64, a64_cpu_pc, (int64_t)dest);
        a64_gen_lookup_and_goto_ptr(s);
        return;
    }
    ir_goto_tb(s->ir, (unsigned)n);
    ir_movi(s->ir, IR_I64, a64_cpu_pc, (int64_t)dest);
    ir_exit_tb(s->ir, (uintptr_t)s->base.tb | (uintptr_t)n);
}

void a64_gen_exception(DisasA64 *s, int excp, uint64_t pc)
{
    ir_movi(s->ir, IR_I64, a64_cpu_pc, (int64_t)pc);
    ir_callN(s->ir, helper_raise_exception, IR_CALL_MAY_RAISE, IR_NO_TEMP, IR_ENV, ir_const_i32(s->ir, excp));
    s->base.is_jmp = DISAS_NORETURN;
}

bool a64_unallocated(DisasA64 *s)
{
    a64_gen_exception(s, EXCP_UDEF, s->pc_curr);
    return true;
}

/* -- Guest memory -- */

void a64_gen_ld(DisasA64 *s, IRTemp val, IRTemp addr, unsigned memop)
{
    ir_guest_ld(s->ir, IR_I64, val, addr, memop, s->mmu_idx);
}

void a64_gen_st(DisasA64 *s, IRTemp val, IRTemp addr, unsigned memop)
{
    ir_guest_st(s->ir, IR_I64, val, addr, memop, s->mmu_idx);
}

void a64_gen_check_align(DisasA64 *s, IRTemp addr, unsigned bytes)
{
    IRContext *ir = s->ir;
    IRTemp low = a64_tmp(s);
    int ok = ir_new_label(ir);
    ir_andi(ir, IR_I64, low, addr, bytes - 1);
    ir_brcondi(ir, IR_I64, low, 0, IR_COND_EQ, ok);
    ir_st(ir, IR_I64, addr, IR_ENV, (int32_t)offsetof(CPUState, fault_addr), MO_64);
    ir_movi(ir, IR_I64, a64_cpu_pc, (int64_t)s->pc_curr);
    ir_callN(ir, helper_raise_exception, IR_CALL_MAY_RAISE, IR_NO_TEMP, IR_ENV, ir_const_i32(ir, EXCP_UNALIGNED));
    ir_set_label(ir, ok);
}

/* -- Translator hooks -- */

static void a64_init_disas_context(DisasContextBase *db, CPUState *cpu)
{
    DisasA64 *s = (DisasA64 *)db;
    s->ir = db->ir;
    s->mmu_idx = 0;
    s->features = ((CPUA64State *)cpu)->features;
    s->midr = ((CPUA64State *)cpu)->midr;
    s->fp_nearest = db->tb->flags & A64_TB_FP_NEAREST;
    s->fp_keep = false;
    a64_fp_cache_clear(s);
}

static void a64_tb_start(DisasContextBase *db, CPUState *cpu)
{
}

static void a64_insn_start(DisasContextBase *db, CPUState *cpu)
{
    ir_insn_start(db->ir, db->pc_next, 0);
}

static void a64_translate_insn(DisasContextBase *db, CPUState *cpu)
{
    DisasA64 *s = (DisasA64 *)db;
    s->pc_curr = db->pc_next;
    if (db->pc_next & 3) {
        /* PC alignment fault, before the fetch: SIGBUS BUS_ADRALN with
         * the misaligned pc as the fault address. */
        ir_st(s->ir, IR_I64, ir_const_i64(s->ir, (int64_t)s->pc_curr), IR_ENV,
              (int32_t)offsetof(CPUState, fault_addr), MO_64);
        a64_gen_exception(s, EXCP_UNALIGNED, s->pc_curr);
        db->pc_next += 4;
        return;
    }
    s->insn = translator_ldl(cpu, db->pc_next);
    db->pc_next += 4;
    if (!s->fp_keep) {
        a64_fp_cache_clear(s);
    }
    s->fp_keep = false;
    if (!a64_decode(s, s->insn) && !a64_simd_translate(s, s->insn)) {
        a64_unallocated(s);
    }
}

static void a64_tb_stop(DisasContextBase *db, CPUState *cpu)
{
    DisasA64 *s = (DisasA64 *)db;
    switch (db->is_jmp) {
    case DISAS_NEXT:
    case DISAS_TOO_MANY:
        a64_gen_goto_tb(s, 1, db->pc_next);
        break;
    case A64_DISAS_JUMP:
        a64_gen_lookup_and_goto_ptr(s);
        break;
    case A64_DISAS_UPDATE_NOCHAIN:
        ir_movi(s->ir, IR_I64, a64_cpu_pc, (int64_t)db->pc_next);
        a64_gen_lookup_and_goto_ptr(s);
        break;
    case A64_DISAS_UPDATE_EXIT:
        ir_movi(s->ir, IR_I64, a64_cpu_pc, (int64_t)db->pc_next);
        ir_exit_tb(s->ir, 0);
        break;
    default: /* DISAS_NORETURN: the insn emitted its exit */
        break;
    }
}

static const TranslatorOps a64_translator_ops = {
    .init_disas_context = a64_init_disas_context,
    .tb_start = a64_tb_start,
    .insn_start = a64_insn_start,
    .translate_insn = a64_translate_insn,
    .tb_stop = a64_tb_stop,
};

void a64_translate(CPUState *cpu, TranslationBlock *tb, IRContext *ir, int max_insns)
{
    DisasA64 s = {0};
    translator_loop(&a64_translator_ops, &s.base, cpu, tb, ir, max_insns);
}
