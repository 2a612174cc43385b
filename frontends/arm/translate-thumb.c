/*
 * Thumb state: fetch and dispatch of T16 and T32 insns, the IT block
 * machinery, and the handlers that exist only in Thumb (IT, CBZ/CBNZ,
 * TBB/TBH, ORN, the conditional branches, the T16 SVC).
 *
 * Everything else reuses the A32 trans_ functions: t16.decode and
 * t32.decode name the same patterns with the same argument sets, and
 * field functions below turn Thumb-only immediates into A32 shapes.
 *
 * One Thumb insn goes through
 *
 *     fetch hw1; bits 15:11 in {11101, 11110, 11111}: fetch hw2 (32-bit)
 *     inside an IT block: env->condexec_bits = the state after this insn,
 *                         arm_skip_unless(IT condition)
 *     32-bit: NEON / coprocessor spaces -> arm_decode_neon / arm_decode_vfp
 *             (converted to their A32 encodings), else decode_t32
 *     16-bit: decode_t16
 *     nobody took it: EXCP_UDEF
 *
 * so "it eq; addeq r0, r0, #1; movs r1, #0" becomes
 *
 *     st $0x08 -> env.condexec_bits       (IT: "eq" + mask 1000)
 *     st $0 -> env.condexec_bits          (addeq: last insn of the block)
 *     brcond ZF, $0, ne, L1               (skip unless Z)
 *     add_i32 r0, r0, $1                  (no flags: T16 inside IT)
 *     set_label L1
 *     ... movs r1, #0 sets N and Z        (outside IT again)
 *
 * IT state (ITSTATE, ARM DDI 0406C A2.5.2) is kept in s->condexec_bits:
 * bits 7:4 are the condition of the current insn, bits 3:0 the rest of
 * the mask; zero outside a block.  Each insn's insn_start carries its
 * state, so a fault restores it; env->condexec_bits is written before any
 * insn inside a block, so every TB exit (and the next TB's key) sees the
 * state of the insn that follows.
 */
#include <stddef.h>

#include "frontends/arm/translate.h"
#include "xrun/guest.h"
#include "decode-a32.h"


/* -- Field functions used by t16.decode and t32.decode -- */

/* T16 ADDS/MOVS/... set flags only outside an IT block. */
int t16_setflags(DisasContext *s);
int t16_setflags(DisasContext *s)
{
    return (s->condexec_bits & 0xf) == 0;
}

/* PUSH: bit 8 is lr (M), POP: bit 8 is pc (P); bits 7:0 are r0-r7. */
int t16_push_list(DisasContext *s, int x);
int t16_push_list(DisasContext *s, int x)
{
    return (x & 0xff) | ((x >> 8) & 1) << 14;
}

int t16_pop_list(DisasContext *s, int x);
int t16_pop_list(DisasContext *s, int x)
{
    return (x & 0xff) | ((x >> 8) & 1) << 15;
}

/* x = rn:list8. T16 LDM writes rn back only when rn is not loaded. */
int t16_ldm_writeback(DisasContext *s, int x);
int t16_ldm_writeback(DisasContext *s, int x)
{
    int rn = (x >> 8) & 7;
    return !(x & (1 << rn));
}

/*
 * ThumbExpandImm (A6.3.2) of imm12 = i:imm3:imm8, as the A32 (imm, rot)
 * pair that op_s_rri_rot understands.  The replicated forms have no
 * carry-out (rot = 0 keeps C); the rotated form 1:imm12[6:0] ROR imm12[11:7]
 * always has rot >= 8, and its carry-out is bit 31 of the result, which is
 * what the A32 handler does for any rot != 0.
 */
int t32_expand_imm(DisasContext *s, int imm12);
int t32_expand_imm(DisasContext *s, int imm12)
{
    uint32_t b = (uint32_t)imm12 & 0xff;
    if (imm12 & 0xc00) {
        return (int)(0x80 | (imm12 & 0x7f));
    }
    switch ((imm12 >> 8) & 3) {
    case 0:
        return (int)b;
    case 1:
        return (int)(b << 16 | b);
    case 2:
        return (int)(b << 24 | b << 8);
    default:
        return (int)(b << 24 | b << 16 | b << 8 | b);
    }
}

int t32_expand_rot(DisasContext *s, int imm12);
int t32_expand_rot(DisasContext *s, int imm12)
{
    return (imm12 & 0xc00) ? (imm12 >> 7) & 0x1f : 0;
}

/*
 * B.W / BL / BLX offset from x = S:J1:J2:imm10:imm11 (24 bits):
 * I1 = NOT(J1 XOR S), I2 = NOT(J2 XOR S), offset = SignExtend(S:I1:I2:imm10:imm11:0).
 */
int t32_branch24(DisasContext *s, int x);
int t32_branch24(DisasContext *s, int x)
{
    uint32_t u = (uint32_t)x;
    uint32_t sign = (u >> 23) & 1, j1 = (u >> 22) & 1, j2 = (u >> 21) & 1;
    uint32_t i1 = !(j1 ^ sign), i2 = !(j2 ^ sign);
    uint32_t v = sign << 23 | i1 << 22 | i2 << 21 | (u & 0x1fffff);
    return (int32_t)(v << 8) >> 7; /* sign-extend 24 bits, times 2 */
}

#include "decode-t16.c.inc"
#include "decode-t32.c.inc"

/* -- IT state -- */

/* ITAdvance(): the state of the next insn of the block (0 after the last). */
static uint32_t it_advance(uint32_t bits)
{
    if ((bits & 7) == 0) {
        return 0;
    }
    return (bits & 0xe0) | ((bits << 1) & 0x1f);
}

static bool in_it_block(DisasContext *s)
{
    return (s->condexec_bits & 0xf) != 0;
}

static void set_condexec(DisasContext *s, uint32_t bits)
{
    s->condexec_bits = bits;
    s->condexec_cond = (int)(bits >> 4);
    s->condexec_mask = (int)(bits & 0xf);
}

bool trans_IT(DisasContext *s, arg_it *a)
{
    /* IT inside an IT block is UNPREDICTABLE; cond 1111 too. */
    if (in_it_block(s) || (a->cond_mask >> 4) == 0xf) {
        return false;
    }
    set_condexec(s, (uint32_t)a->cond_mask & 0xff);
    gen_movi_env_i32(s, ENV_OFS(condexec_bits), s->condexec_bits);
    return true;
}

/* -- Branches -- */

/* B<c> (T16 and T32): the not-taken path is arm_tb_stop's condlabel exit. */
bool trans_B_cond(DisasContext *s, arg_ci *a)
{
    if (a->cond >= 14) {
        return false;
    }
    if (in_it_block(s)) {
        return unallocated_encoding(s); /* UNPREDICTABLE in an IT block */
    }
    arm_skip_unless(s, a->cond);
    gen_jmp(s, read_pc(s) + (uint32_t)a->imm);
    return true;
}

/* CBZ / CBNZ: compare rn with zero and branch forward; never in IT. */
bool trans_CBZ(DisasContext *s, arg_cbz *a)
{
    if (in_it_block(s)) {
        return unallocated_encoding(s);
    }
    s->condlabel = ir_new_label(s->ir);
    s->condjmp = true;
    ir_brcondi(s->ir, IR_I32, cpu_R[a->rn], 0, a->nz ? IR_COND_EQ : IR_COND_NE, s->condlabel);
    gen_jmp(s, read_pc(s) + (uint32_t)a->imm);
    return true;
}

/* TBB/TBH: pc = pc + 2 * table[rm], table at rn (pc reads as insn + 4). */
static bool op_tbranch(DisasContext *s, arg_tbranch *a, bool half)
{
    IRContext *ir = s->ir;
    IRTemp addr = load_reg(s, a->rn), idx = load_reg(s, a->rm), ofs = ir_new_i32(ir);
    if (half) {
        ir_add(ir, IR_I32, idx, idx, idx);
    }
    ir_add(ir, IR_I32, addr, addr, idx);
    gen_aa32_ld(s, ofs, addr, half ? MO_UW : MO_UB);
    ir_add(ir, IR_I32, ofs, ofs, ofs);
    ir_addi(ir, IR_I32, ofs, ofs, (int32_t)read_pc(s));
    store_reg(s, 15, ofs);
    return true;
}

bool trans_TBB(DisasContext *s, arg_tbranch *a) { return op_tbranch(s, a, false); }
bool trans_TBH(DisasContext *s, arg_tbranch *a) { return op_tbranch(s, a, true); }

/* -- Exceptions -- */

/* SVC resumes at the next insn, so it reports the IT state of that insn. */
bool trans_T16_SVC(DisasContext *s, arg_i *a)
{
    uint32_t cur = s->condexec_bits;
    set_condexec(s, it_advance(cur));
    trans_SVC(s, a);
    set_condexec(s, cur);
    return true;
}

/* -- Data processing that A32 does not have -- */

/* ORN: rd = rn | ~operand2. Logical, so S takes C from the shifter. */
static bool op_orn(DisasContext *s, int sbit, int rd, int rn, IRTemp op2)
{
    IRTemp d = ir_new_i32(s->ir);
    ir_orc(s->ir, IR_I32, d, load_reg(s, rn), op2);
    if (sbit) {
        gen_set_nz(s, d);
    }
    store_reg(s, rd, d);
    return true;
}

bool trans_ORN_rrri(DisasContext *s, arg_s_rrr_shi *a)
{
    IRTemp t2 = arm_shift_im(s, load_reg(s, a->rm), a->shty, a->shim, a->s);
    return op_orn(s, a->s, a->rd, a->rn, t2);
}

bool trans_ORN_rri(DisasContext *s, arg_s_rri_rot *a)
{
    uint32_t imm = (uint32_t)a->imm;
    if (a->rot) {
        imm = (imm >> a->rot) | (imm << (32 - a->rot));
        if (a->s) {
            ir_movi(s->ir, IR_I32, cpu_CF, imm >> 31);
        }
    }
    return op_orn(s, a->s, a->rd, a->rn, ir_const_i32(s->ir, (int32_t)imm));
}

/* -- Exclusive doubleword: T32 names rt2 explicitly, no parity rule -- */

bool trans_LDREXD_t32(DisasContext *s, arg_ldrex *a) { return trans_LDREXD_a32(s, a); }
bool trans_STREXD_t32(DisasContext *s, arg_strex *a) { return trans_STREXD_a32(s, a); }

/* -- Dispatch -- */

/* A halfword whose bits 15:11 are 11101, 11110 or 11111 starts a 32-bit insn. */
static bool thumb_insn_is_32bit(uint32_t hw1)
{
    return (hw1 >> 11) >= 0x1d;
}

/*
 * The NEON and coprocessor spaces, converted to their A32 encodings
 * (ARM DDI 0406C A6.3.18, A7.4, A7.7):
 *     111U 1111 xxxx ...   NEON data processing  -> 1111 001U xxxx ...
 *     1111 1001 xxx0 ...   NEON element ld/st     -> 1111 0100 xxx0 ...
 *     111T 11xx ...        coprocessor / VFP      -> the same bits, where
 *                          1110 reads as cond AL and 1111 as unconditional
 */
static bool thumb_decode_coproc(DisasContext *s, uint32_t insn)
{
    uint32_t a32;
    if ((insn & 0xef000000u) == 0xef000000u) {
        uint32_t u = (insn >> 28) & 1;
        a32 = 0xf2000000u | u << 24 | (insn & 0x00ffffffu);
    } else if ((insn & 0xff100000u) == 0xf9000000u) {
        a32 = 0xf4000000u | (insn & 0x00ffffffu);
    } else if ((insn & 0xec000000u) == 0xec000000u) {
        if (s->sys && !s->vfp_en && arm_sys_vfp_trap(s, insn)) {
            return true;
        }
        return arm_decode_vfp(s, insn) || arm_decode_neon(s, insn); /* VDUP (core) */
    } else {
        return false;
    }
    if (s->sys && !s->vfp_en && arm_sys_vfp_trap(s, a32)) {
        return true;
    }
    return arm_decode_neon(s, a32);
}

static bool thumb_decode32(DisasContext *s, uint32_t insn)
{
    if (s->sys && thumb_decode_sys(s, insn)) {
        return true;
    }
    return thumb_decode_coproc(s, insn) || decode_t32(s, insn);
}

/*
 * A 32-bit insn whose second halfword lies on a page the guest cannot
 * execute faults as a whole, at the insn, reporting that page.
 */
static bool thumb_hw2_fetch_fails(DisasContext *s, uint32_t pc)
{
    /* System mode: the fetch of the second halfword raises the abort. */
    if (s->sys || translator_same_page(&s->base, pc + 2) || page_check_range(pc + 2, 2, PAGE_EXEC)) {
        return false;
    }
    ir_st(s->ir, IR_I64, ir_const_i64(s->ir, pc + 2), IR_ENV, (int32_t)offsetof(CPUState, fault_addr), MO_64);
    gen_exception_insn(s, EXCP_FETCH_FAULT);
    return true;
}

void thumb_translate_insn(DisasContext *s)
{
    CPUState *cpu = s->base.cpu;
    uint32_t pc = (uint32_t)s->base.pc_next;
    uint32_t insn = translator_lduw(cpu, pc);
    bool is32 = thumb_insn_is_32bit(insn);
    s->pc_curr = pc;
    if (is32) {
        if (thumb_hw2_fetch_fails(s, pc)) {
            s->base.pc_next += 4;
            return;
        }
        insn = insn << 16 | translator_lduw(cpu, pc + 2);
    }
    s->insn = insn;
    s->base.pc_next += is32 ? 4 : 2;

    uint32_t cur = s->condexec_bits;
    bool in_it = (cur & 0xf) != 0;
    if (in_it) {
        /* Every exit from here on, taken or skipped, sees the next state;
         * a fault inside this insn restores cur from insn_start. */
        gen_movi_env_i32(s, ENV_OFS(condexec_bits), it_advance(cur));
        arm_skip_unless(s, (int)(cur >> 4));
    }
    bool ok = is32 ? thumb_decode32(s, insn) : decode_t16(s, (uint16_t)insn);
    if (!ok) {
        unallocated_encoding(s);
    }
    /* Outside a block the state is 0, or what an IT insn just set. */
    if (in_it) {
        set_condexec(s, it_advance(cur));
    }
}
