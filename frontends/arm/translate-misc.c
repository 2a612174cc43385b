/*
 * AArch32 system and miscellaneous instructions as user mode sees them:
 * SVC, BKPT, UDF, the hints, barriers, MRS/MSR on APSR, the coprocessor
 * registers user code may touch (TPIDRURO, the CP15 barrier ops), and the
 * privileged instructions that are UNDEFINED or no-ops here. In system
 * mode (s->sys) the privileged forms go to translate-sys.c.
 *
 *     svc #0       r15 = next insn; svc_imm = 0; raise EXCP_SWI
 *     mrc p15, 0, r0, c13, c0, 3     r0 = env->tpidruro
 */
#include <stddef.h>

#include "frontends/arm/translate.h"
#include "decode-a32.h"
#include "decode-a32-uncond.h"


/* -- Exceptions -- */

bool trans_SVC(DisasContext *s, arg_i *a)
{
    gen_movi_env_i32(s, ENV_OFS(svc_imm), (uint32_t)a->imm);
    gen_exception(s, EXCP_SWI, (uint32_t)s->base.pc_next);
    return true;
}

bool trans_BKPT(DisasContext *s, arg_i *a)
{
    gen_exception_insn(s, EXCP_BKPT);
    return true;
}

bool trans_UDF(DisasContext *s, arg_i *a)
{
    return unallocated_encoding(s);
}

/* -- Hints and barriers -- */

bool trans_NOP(DisasContext *s, arg_empty *a) { return true; }
/* In system mode, WFE and YIELD end the TB so other cpus and interrupts
 * get their turn; WFI sleeps until an interrupt. */
bool trans_YIELD(DisasContext *s, arg_empty *a)
{
    if (s->sys) {
        s->base.is_jmp = DISAS_UPDATE_EXIT;
    }
    return true;
}

bool trans_WFE(DisasContext *s, arg_empty *a) { return trans_YIELD(s, a); }
bool trans_WFI(DisasContext *s, arg_empty *a) { return !s->sys || arm_sys_wfi(s); }
bool trans_SEV(DisasContext *s, arg_empty *a) { return true; }
bool trans_DBG(DisasContext *s, arg_empty *a) { return true; }

bool trans_DMB(DisasContext *s, arg_empty *a)
{
    ir_mb(s->ir, IR_MB_ALL);
    return true;
}

bool trans_DSB(DisasContext *s, arg_empty *a)
{
    return trans_DMB(s, a);
}

/* ISB: later insns must see code written before it, so end the TB. */
bool trans_ISB(DisasContext *s, arg_empty *a)
{
    ir_mb(s->ir, IR_MB_ALL);
    s->base.is_jmp = DISAS_UPDATE_NOCHAIN;
    return true;
}

/* -- Processor state -- */

/* CPS changes privileged state only: a no-op in user mode. */
bool trans_CPS(DisasContext *s, arg_empty *a) { return !s->sys || arm_sys_cps(s); }

/* Big-endian data is not supported: SETEND BE is UNDEFINED, LE a no-op. */
bool trans_SETEND(DisasContext *s, arg_i *a) { return !a->imm; }

/* A32 SRS: 1111 100 P U 1 W 0 1101 0000 0101 000 mode;
 * RFE: 1111 100 P U 0 W 1 rn 0000 1010 0000 0000. */
bool trans_SRS(DisasContext *s, arg_empty *a)
{
    uint32_t i = s->insn;
    return s->sys && arm_sys_srs(s, (i >> 24) & 1, (i >> 23) & 1, (i >> 21) & 1, i & 0x1f);
}

bool trans_RFE(DisasContext *s, arg_empty *a)
{
    uint32_t i = s->insn;
    return s->sys && arm_sys_rfe(s, (i >> 24) & 1, (i >> 23) & 1, (i >> 21) & 1, (i >> 16) & 15);
}

bool trans_MRS_reg(DisasContext *s, arg_mrs *a)
{
    if (s->sys && a->rd != 15) {
        return arm_sys_mrs(s, a->r, a->rd);
    }
    if (a->r || a->rd == 15) { /* SPSR does not exist in user mode */
        return false;
    }
    IRTemp t = ir_new_i32(s->ir);
    ir_callN(s->ir, helper_arm_cpsr_read, IR_CALL_NO_WRITE_GLOBALS | IR_CALL_NO_SIDE_EFFECTS, t, IR_ENV);
    store_reg(s, a->rd, t);
    return true;
}

/* The CPSR bits a user-mode MSR may write: NZCVQ (mask bit 3) and GE (bit 2). */
static uint32_t msr_mask(int mask)
{
    return ((mask & 8) ? 0xf8000000u : 0) | ((mask & 4) ? 0x000f0000u : 0);
}

static bool gen_msr(DisasContext *s, int r, int mask, IRTemp val)
{
    uint32_t m = msr_mask(mask);
    if (s->sys) {
        return arm_sys_msr(s, r, mask, val);
    }
    if (r) {
        return false;
    }
    if (m) {
        ir_callN(s->ir, helper_arm_cpsr_write, 0, IR_NO_TEMP, IR_ENV, val, ir_const_i32(s->ir, (int32_t)m));
    }
    return true;
}

bool trans_MSR_reg(DisasContext *s, arg_msr_reg *a)
{
    if ((a->r && !s->sys) || a->rn == 15) {
        return false;
    }
    return gen_msr(s, a->r, a->mask, load_reg(s, a->rn));
}

bool trans_MSR_imm(DisasContext *s, arg_msr_i *a)
{
    uint32_t imm = (uint32_t)a->imm;
    if (a->r && !s->sys) {
        return false;
    }
    if (a->rot) {
        imm = (imm >> a->rot) | (imm << (32 - a->rot));
    }
    return gen_msr(s, a->r, a->mask, ir_const_i32(s->ir, (int32_t)imm));
}

/* -- Coprocessor registers -- */

static bool is_cp15(arg_mcr *a, int opc1, int crn, int crm, int opc2)
{
    return a->cp == 15 && a->opc1 == opc1 && a->crn == crn && a->crm == crm && a->opc2 == opc2;
}

bool trans_MRC(DisasContext *s, arg_mcr *a)
{
    if (s->sys) {
        return arm_sys_cp_access(s, a->cp, false, a->opc1, a->crn, a->crm, a->opc2, a->rt, 0, true);
    }
    if (is_cp15(a, 0, 13, 0, 3) && a->rt != 15) { /* TPIDRURO */
        IRTemp t = ir_new_i32(s->ir);
        ir_ld(s->ir, IR_I32, t, IR_ENV, ENV_OFS(tpidruro), MO_UL);
        store_reg(s, a->rt, t);
        return true;
    }
    return false;
}

bool trans_MCR(DisasContext *s, arg_mcr *a)
{
    if (s->sys) {
        return arm_sys_cp_access(s, a->cp, false, a->opc1, a->crn, a->crm, a->opc2, a->rt, 0, false);
    }
    /* The ARMv6 CP15 barrier operations, still allowed from user mode. */
    if (is_cp15(a, 0, 7, 10, 4) || is_cp15(a, 0, 7, 10, 5)) {
        ir_mb(s->ir, IR_MB_ALL);
        return true;
    }
    if (is_cp15(a, 0, 7, 5, 4)) {
        ir_mb(s->ir, IR_MB_ALL);
        s->base.is_jmp = DISAS_UPDATE_NOCHAIN;
        return true;
    }
    return false;
}
