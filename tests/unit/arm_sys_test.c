/*
 * The ARMv7-A privileged cpu of system mode, through its C functions on a
 * CPUARMState: mode switching and banked registers, exception entry,
 * aborts from the MMU hooks, the CP15/CP14 register table, TB flags
 * (PSCI and the generic timer: arm_psci_gtimer_test.c).
 *
 * The softmmu calls are faked (arm_sys_fakes.h) and count what the cpu
 * asks of them:
 *
 *     write TTBR0 with a new value  ->  tlb_flush called once
 */
#include <criterion/criterion.h>
#include <setjmp.h>
#include <stdio.h>
#include <string.h>

#include "frontends/arm/cpu.h"
#include "xrun/guest.h"
#include "xrun/softmmu.h"

#include "arm_sys_fakes.h"

static uint32_t cp_get(CPUARMState *env, int cp, int opc1, int crn, int crm, int opc2)
{
    const ArmCPReg *r = arm_cp_find(env, cp, false, opc1, crn, crm, opc2);
    cr_assert(r, "no register %d,%d,c%d,c%d,%d", cp, opc1, crn, crm, opc2);
    return (uint32_t)arm_cp_read(env, r);
}

static void cp_set(CPUARMState *env, int cp, int opc1, int crn, int crm, int opc2, uint32_t v)
{
    const ArmCPReg *r = arm_cp_find(env, cp, false, opc1, crn, crm, opc2);
    cr_assert(r, "no register %d,%d,c%d,c%d,%d", cp, opc1, crn, crm, opc2);
    arm_cp_write(env, r, v);
}

/* -- Reset and modes -- */

Test(arm_sys, reset_state)
{
    CPUARMState *env = new_cpu("cortex-a15", 2);
    cr_assert_eq(env->sysmode, 1);
    cr_assert_eq(arm_mode(env), ARM_MODE_SVC);
    cr_assert_eq(arm_cpsr_read(env) & 0x1ff, ARM_MODE_SVC | CPSR_A | CPSR_I | CPSR_F);
    cr_assert_eq(env->cp15.sctlr, 0x00c50078u);
    cr_assert_eq(env->cp15.mpidr, 0x80000002u);
    cr_assert_eq(env->regs[15], 0);
    cr_assert_eq(env->cntfrq, 62500000u);
    cr_assert_eq(env->powered_off, 1, "a secondary waits for CPU_ON");
    cr_assert_eq(new_cpu("cortex-a15", 0)->powered_off, 0, "cpu 0 runs");
    cr_assert_null(arm_sys_model_find("cortex-a9000"));
}

Test(arm_sys, banked_registers_follow_the_mode)
{
    static const int modes[] = { ARM_MODE_USR, ARM_MODE_SVC, ARM_MODE_ABT, ARM_MODE_UND, ARM_MODE_IRQ, ARM_MODE_FIQ };
    CPUARMState *env = new_cpu("cortex-a15", 0);
    for (int i = 0; i < 6; i++) {
        cr_assert(arm_switch_mode(env, modes[i]));
        for (int r = 8; r <= 14; r++) {
            env->regs[r] = (uint32_t)(modes[i] << 8 | r);
        }
    }
    for (int i = 5; i >= 0; i--) {
        cr_assert(arm_switch_mode(env, modes[i]));
        bool fiq = modes[i] == ARM_MODE_FIQ;
        for (int r = 8; r <= 14; r++) {
            /* r8-r12 are shared by every mode but FIQ: USR wrote them last
             * among those... the last writer was FIQ for its own, and the
             * first loop's last non-FIQ writer (IRQ) for the others. */
            int owner = (r <= 12 && !fiq) ? ARM_MODE_IRQ : modes[i];
            cr_assert_eq(env->regs[r], (uint32_t)(owner << 8 | r), "mode %x r%d = %x", modes[i], r, env->regs[r]);
        }
    }
    /* SYS shares USR's bank. */
    arm_switch_mode(env, ARM_MODE_SYS);
    cr_assert_eq(env->regs[13], (uint32_t)(ARM_MODE_USR << 8 | 13));
    /* HYP and MON do not exist: nothing changes. */
    cr_assert_not(arm_switch_mode(env, ARM_MODE_HYP));
    cr_assert_not(arm_switch_mode(env, 0x05));
    cr_assert_eq(arm_mode(env), ARM_MODE_SYS);
}

Test(arm_sys, cpsr_write_switches_banks)
{
    CPUARMState *env = new_cpu("cortex-a15", 0);
    env->regs[13] = 0x1111;
    arm_cpsr_write(env, ARM_MODE_IRQ | CPSR_I, 0x1ff);
    env->regs[13] = 0x2222;
    arm_cpsr_write(env, ARM_MODE_SVC, 0x1f);
    cr_assert_eq(env->regs[13], 0x1111);
    cr_assert_eq(arm_banked_reg_read(env, ARM_MODE_IRQ, 13), 0x2222);
    arm_banked_reg_write(env, ARM_MODE_USR, 14, 0x3333);
    arm_switch_mode(env, ARM_MODE_USR);
    cr_assert_eq(env->regs[14], 0x3333);
    /* An invalid mode field is ignored, the other bits are written. */
    arm_switch_mode(env, ARM_MODE_SVC);
    arm_cpsr_write(env, 0x1a | CPSR_F, 0x1ff);
    cr_assert_eq(arm_mode(env), ARM_MODE_SVC);
    cr_assert(env->cpsr_other & CPSR_F);
}

Test(arm_sys, banked_r8_from_fiq_and_back)
{
    CPUARMState *env = new_cpu("cortex-a15", 0);
    env->regs[8] = 8;
    arm_switch_mode(env, ARM_MODE_FIQ);
    env->regs[8] = 0x88;
    cr_assert_eq(arm_banked_reg_read(env, ARM_MODE_USR, 8), 8);
    arm_banked_reg_write(env, ARM_MODE_SVC, 9, 0x99);
    arm_switch_mode(env, ARM_MODE_SVC);
    cr_assert_eq(env->regs[8], 8);
    cr_assert_eq(env->regs[9], 0x99);
    cr_assert_eq(arm_banked_reg_read(env, ARM_MODE_FIQ, 8), 0x88);
}

Test(arm_sys, spsr_per_mode)
{
    CPUARMState *env = new_cpu("cortex-a15", 0);
    arm_spsr_write(env, 0x600001d3u, 0xffffffffu);
    arm_switch_mode(env, ARM_MODE_ABT);
    arm_spsr_write(env, 0x10, 0xffffffffu);
    cr_assert_eq(arm_spsr_read(env), 0x10);
    arm_switch_mode(env, ARM_MODE_SVC);
    cr_assert_eq(arm_spsr_read(env), 0x600001d3u);
    arm_switch_mode(env, ARM_MODE_USR);
    cr_assert_eq(arm_spsr_read(env), 0); /* none in USR */
}

/* -- Exception entry -- */

typedef struct ExcpCase {
    int excp, mode;
    uint32_t lr_arm, lr_thumb, vector, mask;
} ExcpCase;

/* regs[15] = 0x1000 when taken; LRs from ARM DDI 0406C table B1-7. */
static const ExcpCase excp_cases[] = {
    { EXCP_UDEF, ARM_MODE_UND, 0x1004, 0x1002, 0x04, CPSR_I },
    { EXCP_SWI, ARM_MODE_SVC, 0x1000, 0x1000, 0x08, CPSR_I },
    { EXCP_PREFETCH_ABORT, ARM_MODE_ABT, 0x1004, 0x1004, 0x0c, CPSR_A | CPSR_I },
    { EXCP_BKPT, ARM_MODE_ABT, 0x1004, 0x1004, 0x0c, CPSR_A | CPSR_I },
    { EXCP_DATA_ABORT, ARM_MODE_ABT, 0x1008, 0x1008, 0x10, CPSR_A | CPSR_I },
    { EXCP_IRQ, ARM_MODE_IRQ, 0x1004, 0x1004, 0x18, CPSR_A | CPSR_I },
    { EXCP_FIQ, ARM_MODE_FIQ, 0x1004, 0x1004, 0x1c, CPSR_A | CPSR_I | CPSR_F },
};

Test(arm_sys, exception_entry_from_each_mode)
{
    static const int from[] = { ARM_MODE_USR, ARM_MODE_SVC, ARM_MODE_SYS, ARM_MODE_IRQ };
    for (size_t c = 0; c < sizeof(excp_cases) / sizeof(excp_cases[0]); c++) {
        for (size_t f = 0; f < 4; f++) {
            for (int thumb = 0; thumb < 2; thumb++) {
                const ExcpCase *e = &excp_cases[c];
                CPUARMState *env = new_cpu("cortex-a15", 0);
                arm_switch_mode(env, from[f]);
                env->cpsr_other &= ~(CPSR_A | CPSR_I | CPSR_F);
                env->regs[15] = 0x1000;
                env->regs[13] = 0x5555;
                env->thumb = (uint32_t)thumb;
                env->condexec_bits = thumb ? 0x18 : 0;
                env->NF = 0x80000000u;
                uint32_t old_cpsr = arm_cpsr_read(env);
                raise_excp(env, e->excp);
                cr_assert_eq(arm_mode(env), e->mode, "excp %d from %x", e->excp, from[f]);
                cr_assert_eq(env->regs[14], thumb ? e->lr_thumb : e->lr_arm, "excp %d thumb %d lr %x", e->excp,
                             thumb, env->regs[14]);
                cr_assert_eq(arm_spsr_read(env), old_cpsr);
                cr_assert_eq(env->regs[15], e->vector);
                cr_assert_eq(env->cpsr_other & (CPSR_A | CPSR_I | CPSR_F), e->mask);
                cr_assert_eq(env->thumb, 0);
                cr_assert_eq(env->condexec_bits, 0);
                cr_assert(env->NF & 0x80000000u, "flags are kept");
                if (e->mode != from[f] && !(from[f] == ARM_MODE_SYS && e->mode == ARM_MODE_USR)) {
                    cr_assert_eq(arm_banked_reg_read(env, from[f], 13), 0x5555);
                }
            }
        }
    }
}

Test(arm_sys, vectors_follow_sctlr_v_and_vbar)
{
    CPUARMState *env = new_cpu("cortex-a7", 0);
    env->cp15.vbar = 0xc0008000u;
    env->regs[15] = 0x2000;
    raise_excp(env, EXCP_SWI);
    cr_assert_eq(env->regs[15], 0xc0008008u);
    env->cp15.sctlr |= 1u << 13; /* V: high vectors win over VBAR */
    raise_excp(env, EXCP_DATA_ABORT);
    cr_assert_eq(env->regs[15], 0xffff0010u);
}

Test(arm_sys, te_and_ee_set_t_and_e)
{
    CPUARMState *env = new_cpu("cortex-a15", 0);
    env->cp15.sctlr |= 1u << 30 | 1u << 25;
    env->cpsr_other &= ~CPSR_I;
    raise_excp(env, EXCP_IRQ);
    cr_assert_eq(env->thumb, 1);
    cr_assert(env->cpsr_other & CPSR_E);
    env->cp15.sctlr &= ~(1u << 30 | 1u << 25);
    raise_excp(env, EXCP_UDEF);
    cr_assert_eq(env->thumb, 0);
    cr_assert_not(env->cpsr_other & CPSR_E);
}

Test(arm_sys, bkpt_is_a_prefetch_abort_with_debug_status)
{
    CPUARMState *env = new_cpu("cortex-a15", 0);
    raise_excp(env, EXCP_BKPT);
    cr_assert_eq(env->cp15.ifsr, 0x02);
    env->cp15.ttbcr = 1u << 31;
    raise_excp(env, EXCP_BKPT);
    cr_assert_eq(env->cp15.ifsr, 0x222);
}

Test(arm_sys, exec_interrupt_honours_masks)
{
    CPUARMState *env = new_cpu("cortex-a15", 0);
    CPUState *cpu = &env->common;
    env->regs[15] = 0x3000;
    cr_assert_not(arm_exec_interrupt(cpu, CPU_INTERRUPT_HARD | CPU_INTERRUPT_FIQ)); /* reset masks both */
    env->cpsr_other &= ~CPSR_I;
    cr_assert(arm_exec_interrupt(cpu, CPU_INTERRUPT_HARD | CPU_INTERRUPT_FIQ));
    cr_assert_eq(arm_mode(env), ARM_MODE_IRQ);
    cr_assert_eq(env->regs[14], 0x3004);
    cr_assert_eq(env->regs[15], 0x18);
    env->cpsr_other &= ~(CPSR_I | CPSR_F);
    cr_assert(arm_exec_interrupt(cpu, CPU_INTERRUPT_HARD | CPU_INTERRUPT_FIQ));
    cr_assert_eq(arm_mode(env), ARM_MODE_FIQ, "FIQ goes first");
    cr_assert_not(arm_exec_interrupt(cpu, CPU_INTERRUPT_HARD | CPU_INTERRUPT_FIQ));
}

Test(arm_sys, has_work_ignores_masks_not_power)
{
    CPUARMState *env = new_cpu("cortex-a15", 0);
    CPUState *cpu = &env->common;
    cr_assert_not(arm_has_work(cpu));
    cpu->interrupt_request = CPU_INTERRUPT_HARD;
    cr_assert(arm_has_work(cpu), "WFI wakes on a masked interrupt");
    env->powered_off = 1;
    cr_assert_not(arm_has_work(cpu));
}

Test(arm_sys, generic_alignment_exit_becomes_an_abort)
{
    CPUARMState *env = new_cpu("cortex-a15", 0);
    env->regs[15] = 0x8002;
    env->common.fault_addr = 0x8002;
    raise_excp(env, EXCP_UNALIGNED);
    cr_assert_eq(arm_mode(env), ARM_MODE_ABT);
    cr_assert_eq(env->regs[15], 0x0c, "a misaligned pc: prefetch abort");
    cr_assert_eq(env->cp15.ifsr, 0x01);
    cr_assert_eq(env->cp15.ifar, 0x8002);
    env->regs[15] = 0x9000;
    env->common.fault_addr = 0x4001;
    raise_excp(env, EXCP_UNALIGNED);
    cr_assert_eq(env->regs[15], 0x10, "a misaligned access: data abort");
    cr_assert_eq(env->regs[14], 0x9008);
    cr_assert_eq(env->cp15.dfsr, 0x01);
    cr_assert_eq(env->cp15.dfar, 0x4001);
}

/* -- Aborts -- */

Test(arm_sys, data_abort_sets_dfsr_dfar)
{
    CPUARMState *env = new_cpu("cortex-a15", 0);
    CPUState *cpu = &env->common;
    if (sigsetjmp(cpu->jmp_env, 0) == 0) {
        arm_raise_abort(env, 0xdead0000u, MMU_DATA_STORE, 0x07, 0);
    }
    cr_assert_eq(cpu->exception_index, EXCP_DATA_ABORT);
    cr_assert_eq(env->cp15.dfsr, 0x807);
    cr_assert_eq(env->cp15.dfar, 0xdead0000u);
    if (sigsetjmp(cpu->jmp_env, 0) == 0) {
        arm_raise_abort(env, 0xbeef0000u, MMU_INST_FETCH, 0x05, 0);
    }
    cr_assert_eq(cpu->exception_index, EXCP_PREFETCH_ABORT);
    cr_assert_eq(env->cp15.ifsr, 0x05);
    cr_assert_eq(env->cp15.ifar, 0xbeef0000u);
}

Test(arm_sys, unaligned_and_bus_error_status)
{
    CPUARMState *env = new_cpu("cortex-a15", 0);
    CPUState *cpu = &env->common;
    if (sigsetjmp(cpu->jmp_env, 0) == 0) {
        arm_do_unaligned_access(cpu, 0x1001, MMU_DATA_LOAD, ARM_MMU_IDX_PL1, 0);
    }
    cr_assert_eq(env->cp15.dfsr, 0x01);
    env->cp15.ttbcr = 1u << 31;
    if (sigsetjmp(cpu->jmp_env, 0) == 0) {
        arm_do_unaligned_access(cpu, 0x1001, MMU_DATA_LOAD, ARM_MMU_IDX_PL1, 0);
    }
    cr_assert_eq(env->cp15.dfsr, 0x221);
    if (sigsetjmp(cpu->jmp_env, 0) == 0) {
        arm_do_bus_error(cpu, 0x40000000u, 0x40000000u, MMU_DATA_STORE, ARM_MMU_IDX_PL1, 0);
    }
    cr_assert_eq(env->cp15.dfsr, 0xa10);
    env->cp15.ttbcr = 0;
    if (sigsetjmp(cpu->jmp_env, 0) == 0) {
        arm_do_bus_error(cpu, 0x40000000u, 0x40000000u, MMU_DATA_LOAD, ARM_MMU_IDX_PL1, 0);
    }
    cr_assert_eq(env->cp15.dfsr, 0x08);
    cr_assert_eq(cpu->exception_index, EXCP_DATA_ABORT);
}

static bool walk_ok(CPUARMState *env, uint32_t va, int access, int mmu_idx, uint64_t *pa, int *prot,
                    uint64_t *size, uint32_t *fsr)
{
    if (va >= 0x80000000u) {
        *fsr = 0x0d;
        return false;
    }
    *pa = 0x100000000ull + va;
    *prot = PAGE_READ;
    *size = 1u << 20;
    return true;
}

Test(arm_sys, tlb_fill_flat_walked_and_faulting)
{
    CPUARMState *env = new_cpu("cortex-a15", 0);
    CPUState *cpu = &env->common;
    /* tlb_set_page takes the address and its translation. */
    cr_assert(arm_tlb_fill(cpu, 0x12345678u, MMU_DATA_LOAD, ARM_MMU_IDX_PL1, false, 0));
    cr_assert_eq(last_set_va, 0x12345678u);
    cr_assert_eq(last_set_pa, 0x12345678u);
    cr_assert_eq(last_set_prot, PAGE_READ | PAGE_WRITE | PAGE_EXEC);
    env->cp15.sctlr |= 1;
    arm_walk_hook = walk_ok;
    cr_assert(arm_tlb_fill(cpu, 0x12345678u, MMU_DATA_LOAD, ARM_MMU_IDX_PL1, false, 0));
    cr_assert_eq(last_set_va, 0x12345678u);
    cr_assert_eq(last_set_pa, 0x112345678ull);
    cr_assert_eq(last_set_size, 1u << 20);
    cr_assert_not(arm_tlb_fill(cpu, 0x90000000u, MMU_DATA_LOAD, ARM_MMU_IDX_PL1, true, 0));
    cr_assert_eq(cpu->exception_index, 0, "a probe raises nothing");
    if (sigsetjmp(cpu->jmp_env, 0) == 0) {
        arm_tlb_fill(cpu, 0x90000000u, MMU_DATA_LOAD, ARM_MMU_IDX_PL1, false, 0);
        cr_assert_fail("tlb_fill returned from a fault");
    }
    cr_assert_eq(cpu->exception_index, EXCP_DATA_ABORT);
    cr_assert_eq(env->cp15.dfsr, 0x0d);
    cr_assert_eq(env->cp15.dfar, 0x90000000u);
    arm_walk_hook = NULL;
}

/* -- The register table -- */

typedef struct RegReset {
    const char *name;
    uint32_t a15, a7;
} RegReset;

static const RegReset reset_values[] = {
    { "MIDR", 0x414fc0f0u, 0x410fc075u },     { "CTR", 0x8444c004u, 0x84448003u },
    { "TCMTR", 0, 0 },                        { "TLBTR", 0, 0 },
    { "MPIDR", 0x80000001u, 0x80000001u },    { "TTBR1", 0, 0 },
    { "ID_PFR0", 0x1131, 0x1131 },            { "ID_PFR1", 0x00010001u, 0x00010001u },
    { "ID_DFR0", 0x02010505u, 0x02010505u },  { "ID_AFR0", 0, 0 },
    { "ID_MMFR0", 0x10201105u, 0x10101105u }, { "ID_MMFR1", 0x20000000u, 0x40000000u },
    { "ID_MMFR2", 0x01240000u, 0x01240000u }, { "ID_MMFR3", 0x02102211u, 0x02102211u },
    { "ID_ISAR0", 0x02101110u, 0x02101110u }, { "ID_ISAR1", 0x13112111u, 0x13112111u },
    { "ID_ISAR2", 0x21232041u, 0x21232041u }, { "ID_ISAR3", 0x11112131u, 0x11112131u },
    { "ID_ISAR4", 0x10011142u, 0x10011142u }, { "ID_ISAR5", 0, 0 },
    { "CCSIDR", 0x701fe00au, 0x701fe00au },   { "CLIDR", 0x0a200023u, 0x0a200023u },
    { "AIDR", 0, 0 },                         { "CSSELR", 0, 0 },
    { "SCTLR", 0x00c50078u, 0x00c50078u },    { "ACTLR", 0, 0 },
    { "CPACR", 0, 0 },                        { "TTBR0", 0, 0 },
    { "TTBCR", 0, 0 },                        { "DACR", 0, 0 },
    { "VBAR", 0, 0 },                         { "CONTEXTIDR", 0, 0 },
    { "CNTFRQ", 62500000u, 62500000u },       { "CNTKCTL", 0, 0 },
    { "L2CTLR", 1u << 23, 1u << 23 },         { "DBGDIDR", 0x3515f021u, 0x3515f005u },
    { "DBGOSLSR", 0xa, 0xa },                 { "PRRR", 0, 0 },
    { "MIDR_4", 0x414fc0f0u, 0x410fc075u },   { "REVIDR", 0x414fc0f0u, 0x410fc075u },
    { "CBAR", 0, 0 },                         { "FCSEIDR", 0, 0 },
};

static const ArmCPReg *reg_named(const char *name)
{
    unsigned n;
    const ArmCPReg *t = arm_cp_table(&n);
    for (unsigned i = 0; i < n; i++) {
        if (strcmp(t[i].name, name) == 0) {
            return &t[i];
        }
    }
    return NULL;
}

Test(arm_cp15, reset_values_of_both_models)
{
    CPUARMState *a15 = new_cpu("cortex-a15", 1);
    CPUARMState *a7 = new_cpu("cortex-a7", 1);
    for (size_t i = 0; i < sizeof(reset_values) / sizeof(reset_values[0]); i++) {
        const ArmCPReg *r = reg_named(reset_values[i].name);
        cr_assert(r, "%s is in the table", reset_values[i].name);
        cr_assert_eq((uint32_t)arm_cp_read(a15, r), reset_values[i].a15, "A15 %s = %08x", r->name,
                     (uint32_t)arm_cp_read(a15, r));
        cr_assert_eq((uint32_t)arm_cp_read(a7, r), reset_values[i].a7, "A7 %s", r->name);
        cr_assert_eq(arm_cp_find(a15, r->cp, r->is64, r->opc1, r->crn, r->crm, r->opc2), r);
    }
}

Test(arm_cp15, encodings_are_unique)
{
    CPUARMState *env = new_cpu("cortex-a15", 0);
    unsigned n;
    const ArmCPReg *t = arm_cp_table(&n);
    for (unsigned i = 0; i < n; i++) {
        cr_assert_eq(arm_cp_find(env, t[i].cp, t[i].is64, t[i].opc1, t[i].crn, t[i].crm, t[i].opc2), &t[i],
                     "%s is shadowed", t[i].name);
        cr_assert(t[i].access != 0, "%s has no access", t[i].name);
    }
    cr_assert_null(arm_cp_find(env, 15, false, 0, 11, 0, 0), "unknown registers are UNDEFINED");
    cr_assert_null(arm_cp_find(env, 13, false, 0, 0, 0, 0));
    cr_assert_eq(arm_cp_find(env, 15, false, 2, 3, 7, 5), reg_named("DACR"), "c3 is DACR throughout");
    cr_assert_not_null(arm_cp_find(env, 15, false, 0, 14, 8, 5), "A15: six event counters");
    env = new_cpu("cortex-a7", 0);
    cr_assert_null(arm_cp_find(env, 15, false, 0, 14, 8, 5), "A7: four");
}

Test(arm_cp15, privilege_rules)
{
    /* Only these may be touched from PL0 (and the ones with a run-time
     * check decide further). */
    static const char *const pl0_ok[] = { "TPIDRURW", "TPIDRURO", "CP15ISB", "CP15DSB", "CP15DMB", "CNTFRQ",
                                          "CNTP_TVAL", "CNTP_CTL", "CNTV_TVAL", "CNTV_CTL", "CNTPCT", "CNTVCT",
                                          "CNTP_CVAL", "CNTV_CVAL", "DBGDIDR", "DBGDSCRint", "DBGDRAR",
                                          "DBGDSAR", "DBGDRAR_64", "DBGDSAR_64", "TEEHBR", "JIDR" };
    unsigned n;
    const ArmCPReg *t = arm_cp_table(&n);
    for (unsigned i = 0; i < n; i++) {
        bool listed = false;
        for (size_t k = 0; k < sizeof(pl0_ok) / sizeof(pl0_ok[0]); k++) {
            listed |= strcmp(pl0_ok[k], t[i].name) == 0;
        }
        bool pl0 = arm_cp_access_ok(&t[i], false, false) || arm_cp_access_ok(&t[i], false, true);
        cr_assert_eq(pl0, listed, "%s PL0 access", t[i].name);
    }
    cr_assert_not(arm_cp_access_ok(reg_named("TPIDRURO"), false, true), "TPIDRURO is read-only at PL0");
    cr_assert(arm_cp_access_ok(reg_named("TPIDRURO"), true, true));
    cr_assert_not(arm_cp_access_ok(reg_named("MIDR"), true, true), "ID registers are read-only");
    cr_assert_not(arm_cp_access_ok(reg_named("TLBIALL"), true, false), "TLB ops are write-only");
}

Test(arm_cp15, write_masks)
{
    CPUARMState *env = new_cpu("cortex-a15", 0);
    cp_set(env, 15, 0, 12, 0, 0, 0xffffffffu);
    cr_assert_eq(cp_get(env, 15, 0, 12, 0, 0), 0xffffffe0u, "VBAR[4:0] are RES0");
    cp_set(env, 15, 0, 1, 0, 2, 0xffffffffu);
    cr_assert_eq(cp_get(env, 15, 0, 1, 0, 2), 0xc0f00000u, "CPACR: ASEDIS, D32DIS, cp10, cp11");
    cp_set(env, 15, 0, 1, 0, 2, 0x00100000u);
    cr_assert_eq(cp_get(env, 15, 0, 1, 0, 2), 0x00100000u);
    cp_set(env, 15, 0, 2, 0, 2, 0xffffffffu);
    cr_assert_eq(cp_get(env, 15, 0, 2, 0, 2), 0xffc73f87u, "TTBCR drops the long format's UNK bits");
    cp_set(env, 15, 0, 1, 0, 1, 0x40);
    cr_assert_eq(cp_get(env, 15, 0, 1, 0, 1), 0, "ACTLR is RAZ/WI");
    cr_assert_eq(cp_get(env, 15, 3, 15, 2, 1), 0, "c15 is RAZ/WI");
    cr_assert_eq(cp_get(env, 14, 0, 1, 1, 4), 0xa, "the OS lock is set at reset");
    cp_set(env, 14, 0, 1, 0, 4, 0);
    cr_assert_eq(cp_get(env, 14, 0, 1, 1, 4), 0x8);
    cp_set(env, 14, 0, 1, 0, 4, 0xc5acce55u);
    cr_assert_eq(cp_get(env, 14, 0, 1, 1, 4), 0xa);
    cr_assert_not_null(arm_cp_find(env, 14, false, 0, 0, 7, 0), "DBGVCR: Linux clears it");
    cr_assert_null(arm_cp_find(env, 14, false, 0, 1, 4, 4), "DBGPRCR is UNDEFINED, as on qemu");
    cr_assert_null(arm_cp_find(env, 14, false, 0, 0, 6, 4), "six breakpoints");
    cr_assert_null(arm_cp_find(env, 15, true, 4, 0, 14, 0), "CNTVOFF needs hyp mode");
    cp_set(env, 15, 2, 0, 0, 0, 0xff);
    cr_assert_eq(cp_get(env, 15, 2, 0, 0, 0), 0xf);
    cp_set(env, 15, 2, 0, 0, 0, 1);
    cr_assert_eq(cp_get(env, 15, 1, 0, 0, 0), 0x201fe00au, "CCSIDR follows CSSELR");
    cp_set(env, 15, 0, 0, 0, 0, 0x1234);
    cr_assert_eq(cp_get(env, 15, 0, 0, 0, 0), 0x414fc0f0u);
    cr_assert_eq(cp_get(env, 15, 0, 0, 3, 0), 0, "reserved feature registers read as zero");
    cp_set(env, 15, 0, 13, 0, 3, 0xabcd);
    cr_assert_eq(env->tpidruro, 0xabcd);
}

Test(arm_cp15, translation_registers_flush_the_tlb)
{
    CPUARMState *env = new_cpu("cortex-a15", 0);
    n_flush = 0;
    cp_set(env, 15, 0, 2, 0, 0, 0x80004000u);
    cr_assert_eq(n_flush, 1);
    cp_set(env, 15, 0, 2, 0, 0, 0x80004000u);
    cr_assert_eq(n_flush, 1, "an unchanged value keeps the TLB");
    cp_set(env, 15, 0, 2, 0, 1, 0x1000);
    cp_set(env, 15, 0, 2, 0, 2, 1);
    cp_set(env, 15, 0, 3, 0, 0, 0x55555555u);
    cp_set(env, 15, 0, 13, 0, 1, 0x42);
    cp_set(env, 15, 0, 1, 0, 0, 0x00c50079u);
    cp_set(env, 15, 0, 10, 2, 0, 0xff0a81a8u);
    cp_set(env, 15, 0, 10, 2, 1, 0x40e040e0u);
    cr_assert_eq(n_flush, 7, "DACR is not among them: it flushes by domain");
    cr_assert_eq(env->cp15.ttbr0, 0x80004000u);
    cr_assert_eq(env->cp15.sctlr, 0x00c50079u);
    const ArmCPReg *t64 = arm_cp_find(env, 15, true, 0, 0, 2, 0);
    cr_assert(t64);
    arm_cp_write(env, t64, 0x0012000080005000ull);
    cr_assert_eq(n_flush, 8);
    cr_assert_eq(env->cp15.ttbr0, 0x0012000080005000ull);
    cr_assert_eq(cp_get(env, 15, 0, 2, 0, 0), 0x80005000u, "the 32-bit view is the low word");
    cr_assert_eq(arm_cp_read(env, t64), 0x0012000080005000ull);
}

/* DACR drops the entries of the domains whose access shrinks (Manager >
 * Client > No access, the reserved 0b10 counting as No access), nothing
 * when access only grows, and nothing in the long format, which has no
 * domains. */
Test(arm_cp15, dacr_flushes_the_domains_it_restricts)
{
    CPUARMState *env = new_cpu("cortex-a15", 0);
    cp_set(env, 15, 0, 2, 0, 2, 0); /* TTBCR: short format */
    n_flush = n_flush_class = 0;
    cp_set(env, 15, 0, 3, 0, 0, 0x55555555u); /* every domain Client */
    cr_assert_eq(n_flush_class, 0, "access grew everywhere");
    cp_set(env, 15, 0, 3, 0, 0, 0x55555551u); /* domain 1: Client -> No access */
    cr_assert_eq(n_flush_class, 1);
    cr_assert_eq(last_flush_class, 1u << 1);
    cp_set(env, 15, 0, 3, 0, 0, 0xd5555555u); /* 1 back to Client, 15 to Manager */
    cr_assert_eq(n_flush_class, 1, "access grew");
    cp_set(env, 15, 0, 3, 0, 0, 0x95555515u); /* 15: Manager -> reserved, 3: Client -> No access */
    cr_assert_eq(n_flush_class, 2);
    cr_assert_eq(last_flush_class, (1u << 15) | (1u << 3));
    cr_assert_eq(cp_get(env, 15, 0, 3, 0, 0), 0x95555515u);
    cr_assert_eq(n_flush, 0, "never the whole TLB");
    cp_set(env, 15, 0, 2, 0, 2, 0x80000000u); /* TTBCR.EAE */
    n_flush_class = 0;
    cp_set(env, 15, 0, 3, 0, 0, 0);
    cr_assert_eq(n_flush_class, 0, "the long format has no domains");
    cr_assert_eq(cp_get(env, 15, 0, 3, 0, 0), 0);
}

Test(arm_cp15, tlb_maintenance_ops)
{
    CPUARMState *env = new_cpu("cortex-a15", 0);
    n_flush = n_flush_page = n_flush_all = n_flush_page_all = 0;
    cp_set(env, 15, 0, 8, 7, 0, 0);          /* TLBIALL */
    cp_set(env, 15, 0, 8, 7, 2, 5);          /* TLBIASID */
    cr_assert_eq(n_flush, 2);
    cp_set(env, 15, 0, 8, 7, 1, 0x12345042u); /* TLBIMVA (ASID in the low bits) */
    cr_assert_eq(n_flush_page, 1);
    cr_assert_eq(last_flush_va, 0x12345000u);
    cp_set(env, 15, 0, 8, 7, 3, 0x23456000u); /* TLBIMVAA */
    cr_assert_eq(n_flush_page, 2);
    cp_set(env, 15, 0, 8, 3, 0, 0);          /* TLBIALLIS */
    cp_set(env, 15, 0, 8, 3, 2, 1);          /* TLBIASIDIS */
    cr_assert_eq(n_flush_all, 2);
    cp_set(env, 15, 0, 8, 3, 1, 0x34567001u); /* TLBIMVAIS */
    cp_set(env, 15, 0, 8, 3, 3, 0x45678000u); /* TLBIMVAAIS */
    cr_assert_eq(n_flush_page_all, 2);
    cr_assert_eq(last_flush_va, 0x45678000u);
    cp_set(env, 15, 0, 7, 5, 0, 0);          /* ICIALLU: nothing */
    cp_set(env, 15, 0, 7, 14, 1, 0x1000);    /* DCCIMVAC */
    cr_assert_eq(n_flush + n_flush_page, 4);
}

Test(arm_cp15, address_translation_fills_par)
{
    CPUARMState *env = new_cpu("cortex-a15", 0);
    cp_set(env, 15, 0, 7, 8, 0, 0x12345678u); /* ATS1CPR, MMU off */
    cr_assert_eq(cp_get(env, 15, 0, 7, 4, 0), 0x12345000u);
    env->cp15.sctlr |= 1;
    arm_walk_hook = walk_ok;
    cp_set(env, 15, 0, 7, 8, 0, 0x00345678u);
    cr_assert_eq(env->cp15.par, 0x00345000u, "the short format keeps PA[31:12]");
    cp_set(env, 15, 0, 7, 8, 1, 0x00345678u); /* write: the page is read-only */
    cr_assert_eq(env->cp15.par & 1, 1);
    cr_assert_eq(env->cp15.par, 1 | 0x0f << 1);
    cp_set(env, 15, 0, 7, 8, 2, 0x90000000u);
    cr_assert_eq(env->cp15.par, 1 | 0x0d << 1);
    env->cp15.ttbcr = 1u << 31;
    cp_set(env, 15, 0, 7, 8, 0, 0x00345678u);
    cr_assert_eq(env->cp15.par, 0x100345000ull | 1u << 11, "the long format keeps PA[39:12]");
    arm_walk_hook = NULL;
}

Test(arm_sys, dump_shows_privileged_state)
{
    CPUARMState *env = new_cpu("cortex-a15", 0);
    char buf[1024] = { 0 };
    FILE *f = fmemopen(buf, sizeof(buf) - 1, "w");
    env->cp15.dfar = 0xdeadbeefu;
    arm_guest_arch.dump_state(&env->common, f);
    fclose(f);
    cr_assert(strstr(buf, "mode=svc A I F"), "%s", buf);
    cr_assert(strstr(buf, "DFAR=deadbeef"), "%s", buf);
}

/* -- TB flags -- */

Test(arm_sys, tb_flags_and_mmu_index)
{
    CPUARMState *env = new_cpu("cortex-a15", 0);
    cr_assert_eq(arm_sys_tb_flags(env), ARM_TBFLAG_SYS | ARM_TBFLAG_PRIV);
    cr_assert_eq(arm_mmu_index(&env->common), ARM_MMU_IDX_PL1);
    env->cp15.cpacr = 0x00f00000u;
    env->fpexc = 1u << 30;
    env->cp15.sctlr |= 2;
    cr_assert_eq(arm_sys_tb_flags(env), ARM_TBFLAG_SYS_MASK);
    arm_switch_mode(env, ARM_MODE_USR);
    cr_assert_eq(arm_sys_tb_flags(env), ARM_TBFLAG_SYS | ARM_TBFLAG_VFPEN | ARM_TBFLAG_ALIGN | ARM_TBFLAG_FPACCESS);
    cr_assert_eq(arm_mmu_index(&env->common), ARM_MMU_IDX_PL0);
    env->cp15.cpacr = 0x00500000u; /* PL1 only */
    cr_assert_eq(arm_sys_tb_flags(env) & (ARM_TBFLAG_VFPEN | ARM_TBFLAG_FPACCESS), 0);
    arm_switch_mode(env, ARM_MODE_SVC);
    env->fpexc = 0;
    cr_assert_eq(arm_sys_tb_flags(env) & (ARM_TBFLAG_VFPEN | ARM_TBFLAG_FPACCESS), ARM_TBFLAG_FPACCESS);
}

#include "arm_sys_summary.h"
