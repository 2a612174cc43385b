/*
 * The privileged state of an ARMv7-A cpu in system mode: reset, processor
 * modes and their banked registers, SPSRs, and the TB flags and MMU index
 * that follow from the state.
 *
 * The live r8-r14 are always regs[8..14]; the other modes' copies wait in
 * the banks. Switching from SVC to FIQ, for instance:
 *
 *     banked_r13[SVC] = r13, banked_r14[SVC] = r14     (save the old mode's)
 *     usr_r8_12 = r8..r12, r8..r12 = fiq_r8_12         (FIQ has its own r8-r12)
 *     r13 = banked_r13[FIQ], r14 = banked_r14[FIQ]
 *
 * Every path that changes CPSR.M (MSR, CPS, exception entry and return,
 * arm_cpsr_write) comes through arm_switch_mode.
 */
#include <string.h>

#include "frontends/arm/cpu.h"
#include "frontends/arm/softmmu-weak.h"

/* SCTLR bits this file reads. */
enum { SCTLR_M = 1u << 0, SCTLR_A = 1u << 1 };

int arm_mode_bank(int m)
{
    switch (m) {
    case ARM_MODE_USR:
    case ARM_MODE_SYS:
        return ARM_BANK_USR;
    case ARM_MODE_SVC:
        return ARM_BANK_SVC;
    case ARM_MODE_ABT:
        return ARM_BANK_ABT;
    case ARM_MODE_UND:
        return ARM_BANK_UND;
    case ARM_MODE_IRQ:
        return ARM_BANK_IRQ;
    case ARM_MODE_FIQ:
        return ARM_BANK_FIQ;
    default: /* MON, HYP (no Security or Virtualization Extensions), reserved */
        return -1;
    }
}

bool arm_switch_mode(CPUARMState *env, int mode)
{
    int old = arm_mode(env);
    int ob = arm_mode_bank(old), nb = arm_mode_bank(mode);
    if (nb < 0) {
        return false;
    }
    if (old == mode) {
        return true;
    }
    if (ob >= 0) {
        env->banked_r13[ob] = env->regs[13];
        env->banked_r14[ob] = env->regs[14];
    }
    if (ob == ARM_BANK_FIQ && nb != ARM_BANK_FIQ) {
        memcpy(env->fiq_r8_12, &env->regs[8], sizeof(env->fiq_r8_12));
        memcpy(&env->regs[8], env->usr_r8_12, sizeof(env->usr_r8_12));
    } else if (nb == ARM_BANK_FIQ && ob != ARM_BANK_FIQ) {
        memcpy(env->usr_r8_12, &env->regs[8], sizeof(env->usr_r8_12));
        memcpy(&env->regs[8], env->fiq_r8_12, sizeof(env->fiq_r8_12));
    }
    env->regs[13] = env->banked_r13[nb];
    env->regs[14] = env->banked_r14[nb];
    env->cpsr_other = (env->cpsr_other & ~CPSR_M) | (uint32_t)mode;
    return true;
}

uint32_t arm_spsr_read(const CPUARMState *env)
{
    int b = arm_mode_bank(arm_mode(env));
    return b > ARM_BANK_USR ? env->banked_spsr[b] : 0;
}

void arm_spsr_write(CPUARMState *env, uint32_t val, uint32_t mask)
{
    int b = arm_mode_bank(arm_mode(env));
    if (b > ARM_BANK_USR) {
        env->banked_spsr[b] = (env->banked_spsr[b] & ~mask) | (val & mask);
    }
}

uint32_t arm_banked_reg_read(CPUARMState *env, int mode, int reg)
{
    int b = arm_mode_bank(mode);
    if (b < 0 || b == arm_mode_bank(arm_mode(env)) || reg < 8 || reg > 14) {
        return env->regs[reg & 15];
    }
    if (reg < 13) {
        /* r8-r12: FIQ's own, or everybody else's. */
        bool want_fiq = b == ARM_BANK_FIQ;
        bool in_fiq = arm_mode(env) == ARM_MODE_FIQ;
        if (want_fiq == in_fiq) {
            return env->regs[reg];
        }
        return want_fiq ? env->fiq_r8_12[reg - 8] : env->usr_r8_12[reg - 8];
    }
    return reg == 13 ? env->banked_r13[b] : env->banked_r14[b];
}

void arm_banked_reg_write(CPUARMState *env, int mode, int reg, uint32_t val)
{
    int b = arm_mode_bank(mode);
    if (b < 0 || b == arm_mode_bank(arm_mode(env)) || reg < 8 || reg > 14) {
        env->regs[reg & 15] = val;
        return;
    }
    if (reg < 13) {
        bool want_fiq = b == ARM_BANK_FIQ;
        bool in_fiq = arm_mode(env) == ARM_MODE_FIQ;
        if (want_fiq == in_fiq) {
            env->regs[reg] = val;
        } else if (want_fiq) {
            env->fiq_r8_12[reg - 8] = val;
        } else {
            env->usr_r8_12[reg - 8] = val;
        }
        return;
    }
    if (reg == 13) {
        env->banked_r13[b] = val;
    } else {
        env->banked_r14[b] = val;
    }
}

/* -- Translation state -- */

/* CPACR grants cp10 (and, the two being programmed alike, cp11) to the
 * current privilege; VFP and NEON execute when it does and FPEXC.EN is set
 * (ARM DDI 0406C B1.11.2). */
static bool arm_fp_access(const CPUARMState *env)
{
    uint32_t cp10 = (env->cp15.cpacr >> 20) & 3;
    return arm_is_priv(env) ? cp10 == 1 || cp10 == 3 : cp10 == 3;
}

uint32_t arm_sys_tb_flags(const CPUARMState *env)
{
    uint32_t f = ARM_TBFLAG_SYS;
    if (arm_is_priv(env)) {
        f |= ARM_TBFLAG_PRIV;
    }
    if (arm_fp_access(env)) {
        f |= ARM_TBFLAG_FPACCESS;
        if (env->fpexc & (1u << 30)) {
            f |= ARM_TBFLAG_VFPEN;
        }
    }
    if (env->cp15.sctlr & SCTLR_A) {
        f |= ARM_TBFLAG_ALIGN;
    }
    return f;
}

int arm_mmu_index(CPUState *cpu)
{
    return arm_is_priv((CPUARMState *)cpu) ? ARM_MMU_IDX_PL1 : ARM_MMU_IDX_PL0;
}

/* -- Reset -- */

void arm_sys_cpu_reset(CPUARMState *env, const ArmSysModel *m, int cpu_index)
{
    const ArmSysHooks *hooks = env->hooks;
    void *opaque = env->hooks_opaque;
    uint32_t conduit = env->psci_conduit, version = env->psci_version;

    /* Timer lines drop with the timers; translations of the old state go. */
    for (int t = 0; t < ARM_GT_N; t++) {
        if (env->gt[t].level && hooks && hooks->gt_set_irq) {
            hooks->gt_set_irq(opaque, env, t, false);
        }
    }
    if (env->common.tlb) {
        tlb_flush(&env->common);
    }

    /* Everything from the first system-mode field on starts at zero. */
    memset((char *)env + offsetof(CPUARMState, sysmode), 0,
           sizeof(CPUARMState) - offsetof(CPUARMState, sysmode));
    arm_cpu_reset(env);
    memset(env->vfp_d, 0, sizeof(env->vfp_d));
    env->fpscr = env->fpexc = env->fp_status_flags = 0;
    env->tpidruro = 0;
    env->common.cpu_index = cpu_index;
    env->features = m->features;
    env->sysmode = 1;
    env->model = m;
    /* Secondaries wait for PSCI CPU_ON, as on qemu's virt. */
    env->powered_off = cpu_index != 0;
    env->hooks = hooks;
    env->hooks_opaque = opaque;
    env->psci_conduit = conduit;
    env->psci_version = version;
    /* Reset enters SVC with A, I and F masked (B1.8.1). */
    env->cpsr_other = ARM_MODE_SVC | CPSR_A | CPSR_I | CPSR_F;

    ArmCP15 *c = &env->cp15;
    c->midr = m->midr;
    c->revidr = m->midr; /* c0, c0, 6 reads MIDR on qemu's ARMv7 cores */
    /* Multiprocessing Extensions format (bit 31), U = 0: one cluster. */
    c->mpidr = 0x80000000u | ((uint32_t)cpu_index & 0xff);
    c->ctr = m->ctr;
    c->id_pfr0 = m->id_pfr0;
    c->id_pfr1 = m->id_pfr1;
    c->id_dfr0 = m->id_dfr0;
    c->id_afr0 = m->id_afr0;
    memcpy(c->id_mmfr, m->id_mmfr, sizeof(c->id_mmfr));
    memcpy(c->id_isar, m->id_isar, sizeof(c->id_isar));
    c->clidr = m->clidr;
    memcpy(c->ccsidr, m->ccsidr, sizeof(m->ccsidr));
    c->dbgdidr = m->dbgdidr;
    c->dbgdevid = m->dbgdevid;
    c->dbgdevid1 = m->dbgdevid1;
    c->pmu_counters = m->pmu_counters;
    c->fpsid = m->fpsid;
    c->mvfr0 = m->mvfr0;
    c->mvfr1 = m->mvfr1;
    arm_cp_reset(env);
    c->sctlr = m->sctlr;
    env->cntfrq = ARM_GT_FREQ_HZ;
}

void arm_sys_reset(CPUState *cpu)
{
    CPUARMState *env = (CPUARMState *)cpu;
    arm_sys_cpu_reset(env, env->model, cpu->cpu_index);
}
