/*
 * AArch32 translation of the privileged insns of system mode: MRS/MSR of
 * CPSR and SPSR, CPS, SRS, RFE, exception returns, the coprocessor
 * registers (MCR/MRC/MCRR/MRRC through the cp15.c table), the VFP system
 * registers, WFI/WFE, HVC and SMC, and the VFP-disabled trap.
 *
 * None of this runs in user mode: the user-mode handlers of the shared
 * encodings (trans_MRS_reg, trans_CPS, trans_MCR, ...) hand over to the
 * arm_sys_* functions here only when s->sys, and decode_a32_sys /
 * decode_t32_sys are tried only then. Privilege comes from the TB flags,
 * so rights are checked while translating:
 *
 *     mrc p15, 0, r0, c1, c0, 0   (SCTLR, in SVC)
 *         call helper_arm_cp_read(env, &SCTLR entry) -> t64; r0 = lo(t64)
 *     the same in USR: EXCP_UDEF at the insn
 *
 * Anything that changes what the TB flags or interrupt masking depend on
 * (mode, CPSR.A/I/F, SCTLR, CPACR, FPEXC, any coprocessor write) ends the
 * TB with a return to the exec loop, which recomputes the TB key and
 * takes pending interrupts.
 */
#include <stdint.h>

#include "frontends/arm/translate.h"

#include "decode-a32-sys.c.inc"
#include "decode-t32-sys.c.inc"

enum {
    FPEXC_EN = 1u << 30,
    VFP_REG_FPSID = 0,
    VFP_REG_MVFR1 = 6,
    VFP_REG_MVFR0 = 7,
    VFP_REG_FPEXC = 8,
};

/* Ends the TB after this insn and returns to the exec loop. */
static void gen_end_tb_exit(DisasContext *s)
{
    s->base.is_jmp = DISAS_UPDATE_EXIT;
}

void arm_gen_exception_return(DisasContext *s, IRTemp pc)
{
    ir_callN(s->ir, helper_arm_exception_return, 0, IR_NO_TEMP, IR_ENV, pc);
    ir_exit_tb(s->ir, 0);
    s->base.is_jmp = DISAS_NORETURN;
}

/* -- Program status registers -- */

bool arm_sys_mrs(DisasContext *s, int r, int rd)
{
    IRTemp t = ir_new_i32(s->ir);
    if (r && !s->priv) {
        return unallocated_encoding(s);
    }
    ir_callN(s->ir, r ? (void *)helper_arm_spsr_read : (void *)helper_arm_cpsr_read,
             IR_CALL_NO_WRITE_GLOBALS | IR_CALL_NO_SIDE_EFFECTS, t, IR_ENV);
    store_reg(s, rd, t);
    return true;
}

/*
 * The bytes an MSR field mask selects (c, x, s, f = mask bits 0-3), and of
 * those the CPSR bits a write may change: at PL0 only NZCVQ and GE; at PL1
 * also E, A (x), I, F and M (c). The execution state bits (IT, J, T) are
 * never written by MSR. An SPSR takes every selected bit.
 */
static uint32_t msr_byte_mask(int mask)
{
    uint32_t m = 0;
    for (int i = 0; i < 4; i++) {
        if (mask & (1 << i)) {
            m |= 0xffu << (8 * i);
        }
    }
    return m;
}

bool arm_sys_msr(DisasContext *s, int r, int mask, IRTemp val)
{
    uint32_t bytes = msr_byte_mask(mask);
    if (r) {
        if (!s->priv) {
            return unallocated_encoding(s);
        }
        ir_callN(s->ir, helper_arm_spsr_write, IR_CALL_NO_READ_GLOBALS | IR_CALL_NO_WRITE_GLOBALS,
                 IR_NO_TEMP, IR_ENV, val, ir_const_i32(s->ir, (int32_t)bytes));
        return true;
    }
    uint32_t m = bytes & (s->priv ? 0xf80f03dfu : 0xf80f0000u);
    if (!m) {
        return true;
    }
    ir_callN(s->ir, helper_arm_sys_cpsr_write, 0, IR_NO_TEMP, IR_ENV, val,
             ir_const_i32(s->ir, (int32_t)m));
    if (m & 0x3ffu) {
        gen_end_tb_exit(s);
    }
    return true;
}

/*
 * CPS: imod 2 clears (IE), 3 sets (ID) the selected A/I/F bits; M changes
 * the mode. A NOP at PL0.
 *     A32  1111 0001 0000 imod:2 M 0 0000 000 A I F 0 mode:5
 *     T32  1111 0011 1010 1111 1000 0 imod:2 M A I F mode:5
 *     T16  1011 0110 011 im 0 A I F          (im: 1 = ID, 0 = IE; no mode)
 */
bool arm_sys_cps(DisasContext *s)
{
    uint32_t insn = s->insn, aif, mode;
    int imod;
    bool m;
    if (!s->thumb) {
        imod = (insn >> 18) & 3;
        m = (insn >> 17) & 1;
        aif = (insn >> 6) & 7;
        mode = insn & 0x1f;
    } else if (insn >> 16) {
        imod = (insn >> 9) & 3;
        m = (insn >> 8) & 1;
        aif = (insn >> 5) & 7;
        mode = insn & 0x1f;
    } else {
        imod = 2 | ((insn >> 4) & 1);
        m = false;
        aif = insn & 7;
        mode = 0;
    }
    if (!s->priv) {
        return true;
    }
    uint32_t mask = 0, val = 0;
    if (imod >= 2) {
        mask |= aif << 6;
        val |= imod == 3 ? aif << 6 : 0;
    }
    if (m) {
        mask |= CPSR_M;
        val |= mode;
    }
    if (mask) {
        ir_callN(s->ir, helper_arm_sys_cpsr_write, 0, IR_NO_TEMP, IR_ENV,
                 ir_const_i32(s->ir, (int32_t)val), ir_const_i32(s->ir, (int32_t)mask));
        gen_end_tb_exit(s);
    }
    return true;
}

/* -- Exception returns and SRS -- */

/* The lower address of a two-word transfer from rn with P (before) and U (up). */
static int32_t two_word_offset(int p, int u)
{
    return u ? (p ? 4 : 0) : (p ? -8 : -4);
}

/* SRS: LR and SPSR of the current mode to the stack of `mode`. */
bool arm_sys_srs(DisasContext *s, int p, int u, int w, int mode)
{
    IRContext *ir = s->ir;
    if (!s->priv || arm_mode_bank(mode) < 0) {
        return unallocated_encoding(s);
    }
    IRTemp km = ir_const_i32(ir, mode), k13 = ir_const_i32(ir, 13);
    IRTemp base = ir_new_i32(ir), addr = ir_new_i32(ir), spsr = ir_new_i32(ir);
    ir_callN(ir, helper_arm_banked_read, IR_CALL_NO_WRITE_GLOBALS | IR_CALL_NO_SIDE_EFFECTS, base,
             IR_ENV, km, k13);
    ir_addi(ir, IR_I32, addr, base, two_word_offset(p, u));
    gen_aa32_st(s, cpu_R[14], addr, MO_UL);
    ir_callN(ir, helper_arm_spsr_read, IR_CALL_NO_WRITE_GLOBALS | IR_CALL_NO_SIDE_EFFECTS, spsr,
             IR_ENV);
    ir_addi(ir, IR_I32, addr, addr, 4);
    gen_aa32_st(s, spsr, addr, MO_UL);
    if (w) {
        ir_addi(ir, IR_I32, base, base, u ? 8 : -8);
        ir_callN(ir, helper_arm_banked_write, 0, IR_NO_TEMP, IR_ENV, km, k13, base);
    }
    return true;
}

/* RFE: pc and CPSR from [rn]; back to the loop in the state loaded. */
bool arm_sys_rfe(DisasContext *s, int p, int u, int w, int rn)
{
    IRContext *ir = s->ir;
    if (!s->priv || rn == 15) {
        return unallocated_encoding(s);
    }
    IRTemp addr = ir_new_i32(ir), pc = ir_new_i32(ir), psr = ir_new_i32(ir);
    ir_addi(ir, IR_I32, addr, cpu_R[rn], two_word_offset(p, u));
    gen_aa32_ld(s, pc, addr, MO_UL);
    ir_addi(ir, IR_I32, addr, addr, 4);
    gen_aa32_ld(s, psr, addr, MO_UL);
    if (w) {
        ir_addi(ir, IR_I32, cpu_R[rn], cpu_R[rn], u ? 8 : -8);
    }
    ir_callN(ir, helper_arm_rfe, 0, IR_NO_TEMP, IR_ENV, pc, psr);
    ir_exit_tb(ir, 0);
    s->base.is_jmp = DISAS_NORETURN;
    return true;
}

static bool trans_SUBS_PC_LR(DisasContext *s, arg_i *a)
{
    if (!s->priv) {
        return unallocated_encoding(s);
    }
    IRTemp pc = ir_new_i32(s->ir);
    ir_addi(s->ir, IR_I32, pc, cpu_R[14], -a->imm);
    arm_gen_exception_return(s, pc);
    return true;
}

static bool trans_ERET(DisasContext *s, arg_i *a)
{
    return trans_SUBS_PC_LR(s, a);
}

static bool trans_T32_SRS(DisasContext *s, arg_srs *a)
{
    return arm_sys_srs(s, a->p, a->u, a->w, a->mode);
}
static bool trans_T32_RFE(DisasContext *s, arg_rfe *a)
{
    return arm_sys_rfe(s, a->p, a->u, a->w, a->rn);
}

/* -- Calls and waiting -- */

/* HVC and SMC exist for PSCI (arm_psci_call); at PL0 they are UNDEFINED. */
static bool gen_call_insn(DisasContext *s, int excp)
{
    if (!s->priv) {
        return unallocated_encoding(s);
    }
    gen_exception(s, excp, (uint32_t)s->base.pc_next);
    return true;
}

static bool trans_HVC(DisasContext *s, arg_i *a)
{
    return gen_call_insn(s, EXCP_HVC);
}
static bool trans_SMC(DisasContext *s, arg_i *a)
{
    return gen_call_insn(s, EXCP_SMC);
}

bool arm_sys_wfi(DisasContext *s)
{
    ir_movi(s->ir, IR_I32, cpu_R[15], (int32_t)s->base.pc_next);
    ir_callN(s->ir, helper_arm_wfi, IR_CALL_MAY_RAISE, IR_NO_TEMP, IR_ENV);
    gen_end_tb_exit(s);
    return true;
}

/* -- Coprocessor registers -- */

/* The CP15 barrier encodings (c7, c5, 4 / c7, c10, 4 / c7, c10, 5). */
static bool gen_cp15_barrier(DisasContext *s, int crn, int crm, int opc2)
{
    if (crn != 7 || !((crm == 5 && opc2 == 4) || (crm == 10 && (opc2 == 4 || opc2 == 5)))) {
        return false;
    }
    ir_mb(s->ir, IR_MB_ALL);
    if (crm == 5) {
        s->base.is_jmp = DISAS_UPDATE_NOCHAIN; /* ISB */
    }
    return true;
}

bool arm_sys_cp_access(DisasContext *s, int cp, bool is64, int opc1, int crn, int crm, int opc2,
                       int rt, int rt2, bool read)
{
    IRContext *ir = s->ir;
    if (cp != 14 && cp != 15) {
        return false;
    }
    const ArmCPReg *r = arm_cp_find((CPUARMState *)s->base.cpu, cp, is64, opc1, crn, crm, opc2);
    if (!r || !arm_cp_access_ok(r, s->priv, !read)) {
        return unallocated_encoding(s);
    }
    /* pc is no operand, except as MRC's APSR_nzcv destination. */
    if ((rt == 15 && (is64 || !read)) || (is64 && (rt2 == 15 || (read && rt == rt2)))) {
        return unallocated_encoding(s);
    }
    if (cp == 15 && !is64 && opc1 == 0 && gen_cp15_barrier(s, crn, crm, opc2)) {
        return true;
    }
    IRTemp reg = ir_const_i64(ir, (int64_t)(uintptr_t)r);
    if (r->check) {
        ir_callN(ir, helper_arm_cp_check, IR_CALL_MAY_RAISE | IR_CALL_NO_WRITE_GLOBALS, IR_NO_TEMP,
                 IR_ENV, reg, ir_const_i32(ir, !read));
    }
    IRTemp v = ir_new_i64(ir), lo = ir_new_i32(ir);
    if (read) {
        ir_callN(ir, helper_arm_cp_read, IR_CALL_NO_READ_GLOBALS | IR_CALL_NO_WRITE_GLOBALS, v,
                 IR_ENV, reg);
        ir_extrl_i64_i32(ir, lo, v);
        if (is64) {
            IRTemp hi = ir_new_i32(ir);
            ir_extrh_i64_i32(ir, hi, v);
            store_reg(s, rt, lo);
            store_reg(s, rt2, hi);
        } else if (rt == 15) {
            /* APSR_nzcv: N, Z, C, V from bits 31:28; Q stays. */
            IRTemp t = ir_new_i32(ir);
            ir_mov(ir, IR_I32, cpu_NF, lo);
            ir_andi(ir, IR_I32, t, lo, 1 << 30);
            ir_xori(ir, IR_I32, cpu_ZF, t, 1 << 30); /* ZF == 0: Z set */
            ir_extract(ir, IR_I32, cpu_CF, lo, 29, 1);
            ir_shli(ir, IR_I32, cpu_VF, lo, 3);
        } else {
            store_reg(s, rt, lo);
        }
        return true;
    }
    if (is64) {
        ir_concat_i32_i64(ir, v, cpu_R[rt], cpu_R[rt2]);
    } else {
        ir_extu_i32_i64(ir, v, cpu_R[rt]);
    }
    ir_callN(ir, helper_arm_cp_write, IR_CALL_NO_READ_GLOBALS | IR_CALL_NO_WRITE_GLOBALS,
             IR_NO_TEMP, IR_ENV, reg, v);
    gen_end_tb_exit(s);
    return true;
}

static bool trans_MCRR(DisasContext *s, arg_mcrr *a)
{
    return arm_sys_cp_access(s, a->cp, true, a->opc1, 0, a->crm, 0, a->rt, a->rt2, false);
}

static bool trans_MRRC(DisasContext *s, arg_mcrr *a)
{
    return arm_sys_cp_access(s, a->cp, true, a->opc1, 0, a->crm, 0, a->rt, a->rt2, true);
}

/* -- VFP system registers and the VFP-disabled trap -- */

static int vfp_sysreg_offset(int reg)
{
    switch (reg) {
    case VFP_REG_FPSID:
        return ENV_OFS(cp15.fpsid);
    case VFP_REG_MVFR1:
        return ENV_OFS(cp15.mvfr1);
    case VFP_REG_MVFR0:
        return ENV_OFS(cp15.mvfr0);
    case VFP_REG_FPEXC:
        return ENV_OFS(fpexc);
    default:
        return -1;
    }
}

static bool trans_VMRS_sys(DisasContext *s, arg_vsys *a)
{
    int ofs = vfp_sysreg_offset(a->reg);
    if (ofs < 0 || !s->priv || !s->fp_access || a->rt == 15) {
        return false; /* FPSCR, PL0, or no CPACR grant: the VFP path decides */
    }
    IRTemp t = ir_new_i32(s->ir);
    ir_ld(s->ir, IR_I32, t, IR_ENV, ofs, MO_UL);
    store_reg(s, a->rt, t);
    return true;
}

static bool trans_VMSR_sys(DisasContext *s, arg_vsys *a)
{
    int ofs = vfp_sysreg_offset(a->reg);
    if (ofs < 0 || !s->priv || !s->fp_access || a->rt == 15) {
        return false;
    }
    if (a->reg == VFP_REG_FPEXC) {
        /* EN is the writable bit (no VFP subarchitecture: no exceptions
         * to report); it changes the TB flags. */
        IRTemp t = ir_new_i32(s->ir);
        ir_andi(s->ir, IR_I32, t, cpu_R[a->rt], (int32_t)FPEXC_EN);
        gen_store_env_i32(s, t, ofs);
        gen_end_tb_exit(s);
    }
    return true; /* FPSID and MVFR are read-only: writes are ignored */
}

/*
 * With VFP disabled (CPACR or FPEXC.EN), every insn of the VFP and NEON
 * spaces is UNDEFINED: Linux relies on the trap to switch VFP state lazily.
 *     cond 110x / 1110 .... cp 101x    VFP (coprocessors 10 and 11)
 *     1111 001x                        NEON data processing
 *     1111 0100 xxx0                   NEON element and structure load/store
 */
bool arm_sys_vfp_trap(DisasContext *s, uint32_t insn)
{
    bool coproc = ((insn >> 25) & 7) == 6 || ((insn >> 24) & 0xf) == 0xe;
    bool vfp = coproc && ((insn >> 9) & 7) == 5;
    bool neon = (insn & 0xfe000000u) == 0xf2000000u || (insn & 0xff100000u) == 0xf4000000u;
    if (!vfp && !neon) {
        return false;
    }
    unallocated_encoding(s);
    return true;
}

/* -- Entry points -- */

bool arm_decode_sys(DisasContext *s, uint32_t insn)
{
    return decode_a32_sys(s, insn);
}

bool thumb_decode_sys(DisasContext *s, uint32_t insn)
{
    return decode_t32_sys(s, insn);
}
