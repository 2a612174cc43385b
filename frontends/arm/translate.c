/*
 * AArch32 translation: the TranslatorOps hooks, the per-insn dispatch and
 * the helpers every AArch32 translator shares (registers, flags, shifter,
 * conditions, branches, exceptions).
 *
 * One ARM insn goes through
 *
 *     arm_translate_insn: fetch, pc_next += 4 (a pc with bits 1:0 set
 *                         raises the PC alignment fault instead)
 *       cond == 1111: decode_a32_uncond, arm_decode_neon, arm_decode_vfp
 *       otherwise:    arm_skip_unless(cond), then
 *                     arm_decode_vfp, arm_decode_neon, decode_a32
 *       nobody took it: EXCP_UDEF
 *
 * so "addne r0, r1, #1" becomes
 *
 *     brcond_i32 ZF, $0, eq, L1     (skip when Z is set)
 *     add_i32 r0, r1, $1
 *     set_label L1
 *
 * The decoders come from a32.decode / a32-uncond.decode through
 * tools/decodetree.py; the trans_ functions live in translate-*.c.
 */
#include <stddef.h>

#include "frontends/arm/translate.h"

#include "decode-a32.c.inc"
#include "decode-a32-uncond.c.inc"


/* -- Registers -- */

void load_reg_var(DisasContext *s, IRTemp var, int reg)
{
    if (reg == 15) {
        ir_movi(s->ir, IR_I32, var, read_pc(s));
    } else {
        ir_mov(s->ir, IR_I32, var, cpu_R[reg]);
    }
}

IRTemp load_reg(DisasContext *s, int reg)
{
    IRTemp t = ir_new_i32(s->ir);
    load_reg_var(s, t, reg);
    return t;
}

IRTemp add_reg_for_lit(DisasContext *s, int reg, int ofs)
{
    IRTemp t = ir_new_i32(s->ir);
    if (reg == 15) {
        /* Literal addressing uses Align(PC, 4): matters in Thumb only. */
        ir_movi(s->ir, IR_I32, t, (int32_t)((read_pc(s) & ~3u) + (uint32_t)ofs));
    } else {
        ir_addi(s->ir, IR_I32, t, cpu_R[reg], ofs);
    }
    return t;
}

void store_reg(DisasContext *s, int reg, IRTemp var)
{
    if (reg == 15) {
        /* BranchWritePC: ARM state clears bits 1:0, Thumb bit 0. */
        ir_andi(s->ir, IR_I32, cpu_R[15], var, s->thumb ? ~1 : ~3);
        s->base.is_jmp = DISAS_JUMP;
    } else {
        ir_mov(s->ir, IR_I32, cpu_R[reg], var);
    }
}

void store_reg_bx(DisasContext *s, int reg, IRTemp var)
{
    if (reg == 15 && !s->thumb) {
        gen_bx(s, var);
    } else {
        store_reg(s, reg, var);
    }
}

void store_reg_from_load(DisasContext *s, int reg, IRTemp var)
{
    if (reg == 15) {
        gen_bx(s, var);
    } else {
        store_reg(s, reg, var);
    }
}

void gen_store_env_i32(DisasContext *s, IRTemp var, int offset)
{
    ir_st(s->ir, IR_I32, var, IR_ENV, offset, MO_UL);
}

void gen_movi_env_i32(DisasContext *s, int offset, uint32_t val)
{
    gen_store_env_i32(s, ir_const_i32(s->ir, (int32_t)val), offset);
}

/* -- Flags: each of NF/ZF/CF/VF comes from one op where it can -- */

void gen_set_nz(DisasContext *s, IRTemp var)
{
    ir_mov(s->ir, IR_I32, cpu_NF, var);
    ir_mov(s->ir, IR_I32, cpu_ZF, var);
}

/* Sets the flags from result r, carry c and overflow v, then dest = r. */
static void gen_commit_nzcv(DisasContext *s, IRTemp dest, IRTemp r, IRTemp c, IRTemp v)
{
    ir_mov(s->ir, IR_I32, cpu_NF, r);
    ir_mov(s->ir, IR_I32, cpu_ZF, r);
    ir_mov(s->ir, IR_I32, cpu_CF, c);
    ir_mov(s->ir, IR_I32, cpu_VF, v);
    ir_mov(s->ir, IR_I32, dest, r);
}

/* Overflow of an addition: sign of (r ^ a) & ~(a ^ b). */
static IRTemp gen_add_overflow(DisasContext *s, IRTemp r, IRTemp a, IRTemp b)
{
    IRContext *ir = s->ir;
    IRTemp v = ir_new_i32(ir), t = ir_new_i32(ir);
    ir_xor(ir, IR_I32, v, r, a);
    ir_xor(ir, IR_I32, t, a, b);
    ir_andc(ir, IR_I32, v, v, t);
    return v;
}

/* Overflow of a subtraction: sign of (r ^ a) & (a ^ b). */
static IRTemp gen_sub_overflow(DisasContext *s, IRTemp r, IRTemp a, IRTemp b)
{
    IRContext *ir = s->ir;
    IRTemp v = ir_new_i32(ir), t = ir_new_i32(ir);
    ir_xor(ir, IR_I32, v, r, a);
    ir_xor(ir, IR_I32, t, a, b);
    ir_and(ir, IR_I32, v, v, t);
    return v;
}

void gen_add_CC(DisasContext *s, IRTemp dest, IRTemp a, IRTemp b)
{
    IRContext *ir = s->ir;
    IRTemp zero = ir_const_i32(ir, 0);
    IRTemp r = ir_new_i32(ir), c = ir_new_i32(ir);
    ir_add2(ir, IR_I32, r, c, a, zero, b, zero);
    gen_commit_nzcv(s, dest, r, c, gen_add_overflow(s, r, a, b));
}

void gen_sub_CC(DisasContext *s, IRTemp dest, IRTemp a, IRTemp b)
{
    IRContext *ir = s->ir;
    IRTemp r = ir_new_i32(ir), c = ir_new_i32(ir);
    ir_sub(ir, IR_I32, r, a, b);
    ir_setcond(ir, IR_I32, c, a, b, IR_COND_GEU); /* C = no borrow */
    gen_commit_nzcv(s, dest, r, c, gen_sub_overflow(s, r, a, b));
}

void gen_adc_CC(DisasContext *s, IRTemp dest, IRTemp a, IRTemp b)
{
    IRContext *ir = s->ir;
    IRTemp zero = ir_const_i32(ir, 0);
    IRTemp r = ir_new_i32(ir), c = ir_new_i32(ir);
    ir_add2(ir, IR_I32, r, c, a, zero, cpu_CF, zero);
    ir_add2(ir, IR_I32, r, c, r, c, b, zero);
    gen_commit_nzcv(s, dest, r, c, gen_add_overflow(s, r, a, b));
}

void gen_sbc_CC(DisasContext *s, IRTemp dest, IRTemp a, IRTemp b)
{
    /* a - b - !C == a + ~b + C, whose carry-out is ARM's C. */
    IRContext *ir = s->ir;
    IRTemp zero = ir_const_i32(ir, 0);
    IRTemp r = ir_new_i32(ir), c = ir_new_i32(ir), nb = ir_new_i32(ir);
    ir_not(ir, IR_I32, nb, b);
    ir_add2(ir, IR_I32, r, c, a, zero, cpu_CF, zero);
    ir_add2(ir, IR_I32, r, c, r, c, nb, zero);
    gen_commit_nzcv(s, dest, r, c, gen_sub_overflow(s, r, a, b));
}

void gen_adc(DisasContext *s, IRTemp dest, IRTemp a, IRTemp b)
{
    IRTemp r = ir_new_i32(s->ir);
    ir_add(s->ir, IR_I32, r, a, b);
    ir_add(s->ir, IR_I32, dest, r, cpu_CF);
}

void gen_sbc(DisasContext *s, IRTemp dest, IRTemp a, IRTemp b)
{
    IRTemp r = ir_new_i32(s->ir);
    ir_sub(s->ir, IR_I32, r, a, b);
    ir_add(s->ir, IR_I32, r, r, cpu_CF);
    ir_addi(s->ir, IR_I32, dest, r, -1);
}

/* -- Shifter operands -- */

/* CF = bit pos of val, computed in a temp: copy-prop may merge the two. */
static void gen_set_cf_bit(DisasContext *s, IRTemp val, int pos)
{
    IRTemp c = ir_new_i32(s->ir);
    ir_extract(s->ir, IR_I32, c, val, (unsigned)pos, 1);
    ir_mov(s->ir, IR_I32, cpu_CF, c);
}

IRTemp arm_shift_im(DisasContext *s, IRTemp val, int shty, int shim, bool set_cf)
{
    IRContext *ir = s->ir;
    IRTemp r = ir_new_i32(ir);
    switch (shty) {
    case 0: /* LSL; #0 keeps C */
        if (shim && set_cf) {
            gen_set_cf_bit(s, val, 32 - shim);
        }
        ir_shli(ir, IR_I32, r, val, shim);
        break;
    case 1: /* LSR; #0 means #32 */
    case 2: /* ASR; #0 means #32 */
        if (set_cf) {
            gen_set_cf_bit(s, val, shim ? shim - 1 : 31);
        }
        if (shty == 1 && !shim) {
            ir_movi(ir, IR_I32, r, 0);
        } else {
            ir_binopi(ir, shty == 1 ? IR_OP_shr : IR_OP_sar, IR_I32, r, val, shim ? shim : 31);
        }
        break;
    default:
        if (shim) { /* ROR */
            if (set_cf) {
                gen_set_cf_bit(s, val, shim - 1);
            }
            ir_binopi(ir, IR_OP_rotr, IR_I32, r, val, shim);
        } else { /* RRX: C enters at the top, bit 0 leaves as C */
            IRTemp hi = ir_new_i32(ir);
            ir_shli(ir, IR_I32, hi, cpu_CF, 31);
            ir_shri(ir, IR_I32, r, val, 1);
            ir_or(ir, IR_I32, r, r, hi);
            if (set_cf) {
                gen_set_cf_bit(s, val, 0);
            }
        }
        break;
    }
    return r;
}

/*
 * Register shifts take the bottom byte of amount, so counts of 32 and more
 * are legal.  LSL/LSR/ASR run in 64 bits on a count clamped to 33, with a
 * spare bit that catches the carry-out: no branches, and each count gives
 * the architected result (0 or sign fill, carry 0 or the sign).
 */
IRTemp arm_shift_reg(DisasContext *s, IRTemp val, int shty, IRTemp amount, bool set_cf)
{
    IRContext *ir = s->ir;
    IRTemp r = ir_new_i32(ir), amt = ir_new_i32(ir), c = ir_new_i32(ir);
    IRTemp zero = ir_const_i32(ir, 0);
    ir_andi(ir, IR_I32, amt, amount, 0xff);
    if (shty == 3) {
        IRTemp a5 = ir_new_i32(ir);
        ir_andi(ir, IR_I32, a5, amt, 31);
        ir_rotr(ir, IR_I32, r, val, a5);
        if (set_cf) {
            ir_shri(ir, IR_I32, c, r, 31);
            ir_movcond(ir, IR_I32, cpu_CF, amt, zero, cpu_CF, c, IR_COND_EQ);
        }
        return r;
    }
    IRTemp a = ir_new_i32(ir), a64 = ir_new_i64(ir), x = ir_new_i64(ir), z = ir_new_i64(ir);
    IRTemp k33 = ir_const_i32(ir, 33);
    ir_movcond(ir, IR_I32, a, amt, k33, amt, k33, IR_COND_LTU);
    ir_extu_i32_i64(ir, a64, a);
    if (shty == 0) {
        /* bit 32 of x << a is the last bit shifted out */
        ir_extu_i32_i64(ir, x, val);
        ir_shl(ir, IR_I64, z, x, a64);
        ir_extrl_i64_i32(ir, r, z);
        if (set_cf) {
            ir_extrh_i64_i32(ir, c, z);
            ir_andi(ir, IR_I32, c, c, 1);
        }
    } else {
        /* (x << 1) >> a: bit 0 is the last bit shifted out */
        IRTemp z1 = ir_new_i64(ir);
        if (shty == 1) {
            ir_extu_i32_i64(ir, x, val);
        } else {
            ir_exts_i32_i64(ir, x, val);
        }
        ir_shli(ir, IR_I64, x, x, 1);
        ir_binop(ir, shty == 1 ? IR_OP_shr : IR_OP_sar, IR_I64, z, x, a64);
        ir_binopi(ir, shty == 1 ? IR_OP_shr : IR_OP_sar, IR_I64, z1, z, 1);
        ir_extrl_i64_i32(ir, r, z1);
        if (set_cf) {
            ir_extrl_i64_i32(ir, c, z);
            ir_andi(ir, IR_I32, c, c, 1);
        }
    }
    if (set_cf) {
        ir_movcond(ir, IR_I32, cpu_CF, amt, zero, cpu_CF, c, IR_COND_EQ);
    }
    return r;
}

/* -- Conditions -- */

void arm_gen_cond_branch(DisasContext *s, int cond, int label)
{
    IRContext *ir = s->ir;
    IRTemp t = ir_new_i32(ir);
    bool inv = cond & 1;
    switch (cond >> 1) {
    case 0: /* EQ, NE: Z is ZF == 0 */
        ir_brcondi(ir, IR_I32, cpu_ZF, 0, inv ? IR_COND_NE : IR_COND_EQ, label);
        break;
    case 1: /* CS, CC */
        ir_brcondi(ir, IR_I32, cpu_CF, 0, inv ? IR_COND_EQ : IR_COND_NE, label);
        break;
    case 2: /* MI, PL */
        ir_brcondi(ir, IR_I32, cpu_NF, 0, inv ? IR_COND_GE : IR_COND_LT, label);
        break;
    case 3: /* VS, VC */
        ir_brcondi(ir, IR_I32, cpu_VF, 0, inv ? IR_COND_GE : IR_COND_LT, label);
        break;
    case 4: /* HI: C && !Z, i.e. (-C & ZF) != 0; LS */
        ir_neg(ir, IR_I32, t, cpu_CF);
        ir_and(ir, IR_I32, t, t, cpu_ZF);
        ir_brcondi(ir, IR_I32, t, 0, inv ? IR_COND_EQ : IR_COND_NE, label);
        break;
    case 5: /* GE: N == V; LT */
        ir_xor(ir, IR_I32, t, cpu_NF, cpu_VF);
        ir_brcondi(ir, IR_I32, t, 0, inv ? IR_COND_LT : IR_COND_GE, label);
        break;
    case 6: /* GT: !Z && N == V, i.e. (ZF & ~((N ^ V) >> 31)) != 0; LE */
        ir_xor(ir, IR_I32, t, cpu_NF, cpu_VF);
        ir_sari(ir, IR_I32, t, t, 31);
        ir_andc(ir, IR_I32, t, cpu_ZF, t);
        ir_brcondi(ir, IR_I32, t, 0, inv ? IR_COND_EQ : IR_COND_NE, label);
        break;
    default: /* AL and the unconditional space */
        ir_br(ir, label);
        break;
    }
}

void arm_gen_test_cc(DisasContext *s, int cond, int label)
{
    if (cond < 14) {
        arm_gen_cond_branch(s, cond ^ 1, label);
    }
}

void arm_skip_unless(DisasContext *s, int cond)
{
    if (cond >= 14) {
        return;
    }
    s->condlabel = ir_new_label(s->ir);
    s->condjmp = true;
    arm_gen_test_cc(s, cond, s->condlabel);
}

/* -- Control flow -- */

void gen_goto_tb(DisasContext *s, int n, uint32_t dest)
{
    if (!translator_use_goto_tb(&s->base, dest)) {
        ir_movi(s->ir, IR_I32, cpu_R[15], (int32_t)dest);
        gen_lookup_and_goto_ptr(s);
        return;
    }
    ir_goto_tb(s->ir, (unsigned)n);
    ir_movi(s->ir, IR_I32, cpu_R[15], (int32_t)dest);
    ir_exit_tb(s->ir, (uintptr_t)s->base.tb | (uintptr_t)n);
}

void gen_jmp(DisasContext *s, uint32_t dest)
{
    gen_goto_tb(s, 0, dest);
    s->base.is_jmp = DISAS_NORETURN;
}

void gen_bx(DisasContext *s, IRTemp var)
{
    IRContext *ir = s->ir;
    IRTemp t = ir_new_i32(ir);
    ir_andi(ir, IR_I32, t, var, 1);
    gen_store_env_i32(s, t, ENV_OFS(thumb));
    ir_andi(ir, IR_I32, cpu_R[15], var, ~1);
    s->base.is_jmp = DISAS_JUMP;
}

void gen_lookup_and_goto_ptr(DisasContext *s)
{
    /* The TB key as arm_get_tb_key builds it: the Thumb and IT bits come
     * from env (just written by the branch), FPSCR.LEN/STRIDE and the
     * system-mode bits cannot have changed inside this TB (VMSR, and every
     * insn that changes privileged state, end it), so they come from its
     * flags. */
    IRContext *ir = s->ir;
    IRTemp th = ir_new_i32(ir), it = ir_new_i32(ir), fl = ir_new_i32(ir);
    IRTemp pc = ir_new_i64(ir), p = ir_new_i64(ir);
    ir_ld(ir, IR_I32, th, IR_ENV, ENV_OFS(thumb), MO_32);
    ir_ld(ir, IR_I32, it, IR_ENV, ENV_OFS(condexec_bits), MO_32);
    ir_andi(ir, IR_I32, th, th, 1);
    ir_andi(ir, IR_I32, it, it, 0xff);
    ir_shli(ir, IR_I32, it, it, ARM_TBFLAG_CONDEXEC_SHIFT);
    ir_or(ir, IR_I32, fl, th, it);
    ir_ori(ir, IR_I32, fl, fl,
           s->base.tb->flags & (7u << ARM_TBFLAG_VECLEN_SHIFT | 3u << ARM_TBFLAG_VECSTRIDE_SHIFT | ARM_TBFLAG_SYS_MASK));
    ir_extu_i32_i64(ir, pc, cpu_R[15]);
    ir_callN(ir, helper_lookup_tb, IR_CALL_NO_WRITE_GLOBALS, p, IR_ENV, pc, fl);
    ir_goto_ptr(ir, p);
}

void gen_exception(DisasContext *s, int excp, uint32_t pc)
{
    ir_movi(s->ir, IR_I32, cpu_R[15], (int32_t)pc);
    if (s->thumb) {
        gen_movi_env_i32(s, ENV_OFS(condexec_bits), s->condexec_bits);
    }
    ir_callN(s->ir, helper_raise_exception, IR_CALL_MAY_RAISE, IR_NO_TEMP, IR_ENV,
             ir_const_i32(s->ir, excp));
    s->base.is_jmp = DISAS_NORETURN;
}

void gen_exception_insn(DisasContext *s, int excp)
{
    gen_exception(s, excp, s->pc_curr);
}

bool unallocated_encoding(DisasContext *s)
{
    gen_exception_insn(s, EXCP_UDEF);
    return true;
}

/* -- Guest memory -- */

/* SCTLR.A (system mode) makes every access check its alignment. */
void gen_aa32_ld(DisasContext *s, IRTemp val, IRTemp addr, unsigned memop)
{
    ir_guest_ld(s->ir, IR_I32, val, addr, memop | (s->align ? MO_ALIGN : 0), s->mmu_idx);
}

void gen_aa32_st(DisasContext *s, IRTemp val, IRTemp addr, unsigned memop)
{
    ir_guest_st(s->ir, IR_I32, val, addr, memop | (s->align ? MO_ALIGN : 0), s->mmu_idx);
}

/* -- Translator hooks -- */

/* thumb_translate_insn lives in translate-thumb.c (a weak stub here would
 * keep that object out of the link: nothing else pulls it from libxrun.a). */

static void arm_init_disas_context(DisasContextBase *db, CPUState *cpu)
{
    DisasContext *s = (DisasContext *)db;
    uint32_t flags = db->tb->flags;
    s->ir = db->ir;
    s->thumb = flags & ARM_TBFLAG_THUMB;
    s->condexec_bits = (flags >> ARM_TBFLAG_CONDEXEC_SHIFT) & 0xff;
    s->condexec_cond = (int)(s->condexec_bits >> 4);
    s->condexec_mask = (int)(s->condexec_bits & 0xf);
    s->vec_len = (flags >> ARM_TBFLAG_VECLEN_SHIFT) & 7;
    s->vec_stride = (flags >> ARM_TBFLAG_VECSTRIDE_SHIFT) & 3;
    s->sctlr_b = flags & ARM_TBFLAG_SCTLR_B;
    s->sys = flags & ARM_TBFLAG_SYS;
    s->priv = flags & ARM_TBFLAG_PRIV;
    s->vfp_en = flags & ARM_TBFLAG_VFPEN;
    s->align = flags & ARM_TBFLAG_ALIGN;
    s->fp_access = flags & ARM_TBFLAG_FPACCESS;
    s->mmu_idx = s->priv ? ARM_MMU_IDX_PL1 : ARM_MMU_IDX_PL0;
    s->features = ((CPUARMState *)cpu)->features;
    s->condjmp = false;
    s->condlabel = -1;
}

static void arm_tb_start(DisasContextBase *db, CPUState *cpu)
{
}

static void arm_insn_start(DisasContextBase *db, CPUState *cpu)
{
    DisasContext *s = (DisasContext *)db;
    ir_insn_start(s->ir, db->pc_next, s->condexec_bits);
}

static void disas_arm_insn(DisasContext *s, uint32_t insn)
{
    unsigned cond = insn >> 28;
    if (cond == 0xf) {
        if (s->sys && !s->vfp_en && arm_sys_vfp_trap(s, insn)) {
            return;
        }
        if (decode_a32_uncond(s, insn) || arm_decode_neon(s, insn) || arm_decode_vfp(s, insn)) {
            return;
        }
        unallocated_encoding(s);
        return;
    }
    arm_skip_unless(s, (int)cond);
    if (s->sys && (arm_decode_sys(s, insn) || (!s->vfp_en && arm_sys_vfp_trap(s, insn)))) {
        return;
    }
    if (arm_decode_vfp(s, insn) || arm_decode_neon(s, insn) || decode_a32(s, insn)) {
        return;
    }
    unallocated_encoding(s);
}

static void arm_translate_insn(DisasContextBase *db, CPUState *cpu)
{
    DisasContext *s = (DisasContext *)db;
    if (s->thumb) {
        thumb_translate_insn(s);
    } else if (db->pc_next & 3) {
        /* A PC alignment fault, taken before the fetch: SIGBUS BUS_ADRALN
         * with the misaligned pc as both the fault address and the pc. */
        s->pc_curr = (uint32_t)db->pc_next;
        ir_st(s->ir, IR_I64, ir_const_i64(s->ir, (int64_t)s->pc_curr), IR_ENV,
              (int32_t)offsetof(CPUState, fault_addr), MO_64);
        gen_exception_insn(s, EXCP_UNALIGNED);
        db->pc_next += 4;
    } else {
        s->pc_curr = (uint32_t)db->pc_next;
        s->insn = translator_ldl(cpu, db->pc_next);
        db->pc_next += 4;
        disas_arm_insn(s, s->insn);
    }
    if (s->condjmp && db->is_jmp == DISAS_NEXT) {
        ir_set_label(s->ir, s->condlabel);
        s->condjmp = false;
    }
}

static void arm_tb_stop(DisasContextBase *db, CPUState *cpu)
{
    DisasContext *s = (DisasContext *)db;
    uint32_t next = (uint32_t)db->pc_next;
    switch (db->is_jmp) {
    case DISAS_NEXT:
    case DISAS_TOO_MANY:
        gen_goto_tb(s, 1, next);
        break;
    case DISAS_JUMP:
        gen_lookup_and_goto_ptr(s);
        break;
    case DISAS_UPDATE_NOCHAIN:
        ir_movi(s->ir, IR_I32, cpu_R[15], (int32_t)next);
        gen_lookup_and_goto_ptr(s);
        break;
    case DISAS_UPDATE_EXIT:
        ir_movi(s->ir, IR_I32, cpu_R[15], (int32_t)next);
        ir_exit_tb(s->ir, 0);
        break;
    default: /* DISAS_NORETURN: the insn emitted its exit */
        break;
    }
    if (s->condjmp) {
        /* The condition-failed path of a TB-ending insn falls through. */
        ir_set_label(s->ir, s->condlabel);
        s->condjmp = false;
        gen_goto_tb(s, 1, next);
    }
}

static const TranslatorOps arm_translator_ops = {
    .init_disas_context = arm_init_disas_context,
    .tb_start = arm_tb_start,
    .insn_start = arm_insn_start,
    .translate_insn = arm_translate_insn,
    .tb_stop = arm_tb_stop,
};

void arm_translate(CPUState *cpu, TranslationBlock *tb, IRContext *ir, int max_insns)
{
    DisasContext s = {0};
    translator_loop(&arm_translator_ops, &s.base, cpu, tb, ir, max_insns);
}
