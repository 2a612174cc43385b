/*
 * Helpers the system-mode insns call from generated code (translate-sys.c):
 * the SPSR, exception returns, coprocessor registers through the cp15.c
 * table, WFI, and the banked registers of LDM/STM ^ and SRS.
 *
 *     mrc p15, 0, r0, c1, c0, 0   ->  r0 = helper_arm_cp_read(env, &SCTLR entry)
 *     subs pc, lr, #4             ->  helper_arm_exception_return(env, lr - 4)
 */
#include "frontends/arm/translate.h"

static CPUARMState *sys_env(void *env)
{
    return (CPUARMState *)env;
}

uint32_t helper_arm_spsr_read(void *env)
{
    return arm_spsr_read(sys_env(env));
}

void helper_arm_spsr_write(void *env, uint32_t val, uint32_t mask)
{
    arm_spsr_write(sys_env(env), val, mask);
}

/* An interrupt asserted while CPSR masked it is taken once the new state
 * unmasks it: the exec loop looks at interrupt_request when generated code
 * returns to it, so a pending request makes the next TB entry leave. */
static void sys_recheck_interrupts(CPUARMState *env)
{
    if (__atomic_load_n(&env->common.interrupt_request, __ATOMIC_ACQUIRE)) {
        cpu_exit(&env->common);
    }
}

/* MSR CPSR and CPS in a privileged mode: the mode bits switch banks. */
void helper_arm_sys_cpsr_write(void *env, uint32_t val, uint32_t mask)
{
    arm_cpsr_write(sys_env(env), val, mask);
    sys_recheck_interrupts(sys_env(env));
}

/* CPSR = cpsr (mode, T and IT included), then the return address for the
 * state entered. The local monitor does not survive. */
void helper_arm_rfe(void *env, uint32_t pc, uint32_t cpsr)
{
    CPUARMState *e = sys_env(env);
    arm_cpsr_write(e, cpsr, 0xffffffffu);
    e->regs[15] = pc & (e->thumb ? ~1u : ~3u);
    e->exclusive_addr = 0xffffffffu;
    sys_recheck_interrupts(e);
}

void helper_arm_exception_return(void *env, uint32_t pc)
{
    helper_arm_rfe(env, pc, arm_spsr_read(sys_env(env)));
}

uint64_t helper_arm_cp_read(void *env, uint64_t reg)
{
    return arm_cp_read(sys_env(env), (const ArmCPReg *)(uintptr_t)reg);
}

void helper_arm_cp_write(void *env, uint64_t reg, uint64_t val)
{
    arm_cp_write(sys_env(env), (const ArmCPReg *)(uintptr_t)reg, val);
}

/* The run-time part of an access check (CNTKCTL): UNDEFINED at the insn.
 * noinline: the return address must be the generated code's call site,
 * which cpu_loop_exit_restore maps back to the insn (pc and IT state). */
__attribute__((noinline)) void helper_arm_cp_check(void *env, uint64_t reg, uint32_t write)
{
    const ArmCPReg *r = (const ArmCPReg *)(uintptr_t)reg;
    if (!r->check(sys_env(env), r, write != 0)) {
        CPUState *cpu = env_cpu(env);
        cpu->exception_index = EXCP_UDEF;
        cpu_loop_exit_restore(cpu, (uintptr_t)__builtin_return_address(0));
    }
}

/* WFI: a no-op when an interrupt is already asserted; otherwise the cpu
 * sleeps in the exec loop (pc is already the next insn). */
void helper_arm_wfi(void *env)
{
    CPUState *cpu = env_cpu(env);
    if (arm_has_work(cpu)) {
        return;
    }
    cpu->halted = true;
    cpu_raise_exception(cpu, EXCP_HALTED);
}

uint32_t helper_arm_banked_read(void *env, uint32_t mode, uint32_t reg)
{
    return arm_banked_reg_read(sys_env(env), (int)mode, (int)reg);
}

void helper_arm_banked_write(void *env, uint32_t mode, uint32_t reg, uint32_t val)
{
    arm_banked_reg_write(sys_env(env), (int)mode, (int)reg, val);
}
