/*
 * Exceptions of the ARMv7-A cpu in system mode: entry to the vectors,
 * interrupts taken at TB boundaries, and the aborts raised by the MMU
 * hooks (translation faults, alignment, external aborts).
 *
 * Entry (ARM DDI 0406C B1.8.3), e.g. a data abort at 0xc0008000 in SVC:
 *
 *     SPSR_abt = CPSR; CPSR.M = ABT (banked r13, r14 switch)
 *     LR_abt = 0xc0008008            (insn + 8, in ARM and Thumb state)
 *     CPSR.I = CPSR.A = 1; IT = 0; T = SCTLR.TE; E = SCTLR.EE
 *     pc = (SCTLR.V ? 0xffff0000 : VBAR) + 0x10
 *
 * The LR offsets (table B1-7), relative to the pc the exec loop leaves in
 * regs[15]:
 *
 *     exception        regs[15]      LR (ARM)   LR (Thumb)   vector  masks
 *     undefined        the insn      +4         +2           0x04    I
 *     svc              next insn     +0         +0           0x08    I
 *     prefetch abort   the insn      +4         +4           0x0c    A I
 *     data abort       the insn      +8         +8           0x10    A I
 *     irq              next insn     +4         +4           0x18    A I
 *     fiq              next insn     +4         +4           0x1c    A I F
 *
 * BKPT without a debugger is a prefetch abort with IFSR = debug event.
 * HVC and SMC are PSCI calls when one of them is the conduit; otherwise
 * (no hyp or monitor mode) they are UNDEFINED.
 */
#include <stdio.h>

#include "frontends/arm/cpu.h"
#include "xrun/codegen.h"
#include "xrun/util.h"
#include "xrun/guest.h"
#include "frontends/arm/softmmu-weak.h"

ArmWalkFn *arm_walk_hook;

enum {
    SCTLR_M = 1u << 0,
    SCTLR_V = 1u << 13,
    SCTLR_EE = 1u << 25,
    SCTLR_TE = 1u << 30,
};

/* -- Entry -- */

static void arm_take_exception(CPUARMState *env, int mode, uint32_t lr, uint32_t vector,
                               uint32_t mask)
{
    uint32_t spsr = arm_cpsr_read(env);
    uint32_t sctlr = env->cp15.sctlr;
    if (XR_UNLIKELY(codegen_log_mask & CODEGEN_LOG_INT)) {
        static const char *const names[] = {"reset", "undef", "svc", "prefetch abort",
                                            "data abort", "hyp", "irq", "fiq"};
        fprintf(xrun_log_file ? xrun_log_file : stderr,
                "cpu %d: taking %s from pc %#x (cpsr %#x) to mode %#x, lr %#x, dfsr %#x dfar %#x ifsr %#x ifar %#x\n",
                env->common.cpu_index, names[(vector >> 2) & 7], env->regs[15], spsr, mode, lr, env->cp15.dfsr,
                env->cp15.dfar, env->cp15.ifsr, env->cp15.ifar);
    }
    arm_switch_mode(env, mode);
    env->banked_spsr[arm_mode_bank(mode)] = spsr;
    env->regs[14] = lr;
    env->cpsr_other |= mask;
    env->cpsr_other &= ~CPSR_E;
    if (sctlr & SCTLR_EE) {
        env->cpsr_other |= CPSR_E;
    }
    env->condexec_bits = 0;
    env->thumb = (sctlr & SCTLR_TE) != 0;
    /* The local monitor does not survive an exception. */
    env->exclusive_addr = 0xffffffffu;
    env->regs[15] = ((sctlr & SCTLR_V) ? 0xffff0000u : env->cp15.vbar & ~0x1fu) + vector;
}

void arm_do_interrupt(CPUState *cpu)
{
    CPUARMState *env = (CPUARMState *)cpu;
    uint32_t pc = env->regs[15];
    bool lpae = arm_fsr_long(env);

    switch (cpu->exception_index) {
    case EXCP_HVC:
    case EXCP_SMC:
        if (arm_psci_call(env, cpu->exception_index)) {
            return; /* resumes at the next insn, result in r0 */
        }
        /* Both are 32-bit insns in ARM and Thumb: back to the insn. */
        pc -= 4;
        env->regs[15] = pc;
        /* fall through */
    case EXCP_UDEF:
        arm_take_exception(env, ARM_MODE_UND, pc + (env->thumb ? 2 : 4), 0x04, CPSR_I);
        break;
    case EXCP_SWI:
        arm_take_exception(env, ARM_MODE_SVC, pc, 0x08, CPSR_I);
        break;
    case EXCP_BKPT:
        env->cp15.ifsr = lpae ? ARM_FSR_DEBUG_LONG | ARM_FSR_LPAE : ARM_FSR_DEBUG_SHORT;
        arm_take_exception(env, ARM_MODE_ABT, pc + 4, 0x0c, CPSR_A | CPSR_I);
        break;
    case EXCP_PREFETCH_ABORT:
        arm_take_exception(env, ARM_MODE_ABT, pc + 4, 0x0c, CPSR_A | CPSR_I);
        break;
    case EXCP_DATA_ABORT:
        arm_take_exception(env, ARM_MODE_ABT, pc + 8, 0x10, CPSR_A | CPSR_I);
        break;
    case EXCP_IRQ:
        arm_take_exception(env, ARM_MODE_IRQ, pc + 4, 0x18, CPSR_A | CPSR_I);
        break;
    case EXCP_FIQ:
        arm_take_exception(env, ARM_MODE_FIQ, pc + 4, 0x1c, CPSR_A | CPSR_I | CPSR_F);
        break;
    case EXCP_UNALIGNED:
        /* The generic alignment exit of generated code: a misaligned pc
         * (ARM state) is a prefetch abort, any other address a data
         * abort; both report an alignment fault. */
        if ((uint32_t)cpu->fault_addr == pc) {
            env->cp15.ifsr = lpae ? ARM_FSR_ALIGN_LONG | ARM_FSR_LPAE : ARM_FSR_ALIGN_SHORT;
            env->cp15.ifar = pc;
            arm_take_exception(env, ARM_MODE_ABT, pc + 4, 0x0c, CPSR_A | CPSR_I);
        } else {
            env->cp15.dfsr = lpae ? ARM_FSR_ALIGN_LONG | ARM_FSR_LPAE : ARM_FSR_ALIGN_SHORT;
            env->cp15.dfar = (uint32_t)cpu->fault_addr;
            arm_take_exception(env, ARM_MODE_ABT, pc + 8, 0x10, CPSR_A | CPSR_I);
        }
        break;
    default:
        /* Not an architectural exception (EXCP_YIELD, ...): nothing to enter. */
        break;
    }
}

bool arm_exec_interrupt(CPUState *cpu, uint32_t interrupt_request)
{
    CPUARMState *env = (CPUARMState *)cpu;
    int excp;
    if (interrupt_request & ARM_CPU_INTERRUPT_GTIMER) {
        /* A timer deadline passed: the new levels may assert IRQ now. */
        cpu_reset_interrupt(cpu, ARM_CPU_INTERRUPT_GTIMER);
        arm_gt_update(env);
        interrupt_request = cpu->interrupt_request;
    }
    if ((interrupt_request & CPU_INTERRUPT_FIQ) && !(env->cpsr_other & CPSR_F)) {
        excp = EXCP_FIQ;
    } else if ((interrupt_request & CPU_INTERRUPT_HARD) && !(env->cpsr_other & CPSR_I)) {
        excp = EXCP_IRQ;
    } else {
        return false;
    }
    cpu->exception_index = excp;
    arm_do_interrupt(cpu);
    cpu->exception_index = EXCP_NONE;
    return true;
}

/* WFI wakes on an asserted interrupt whether or not CPSR masks it (B1.8.13). */
bool arm_has_work(CPUState *cpu)
{
    CPUARMState *env = (CPUARMState *)cpu;
    return !env->powered_off &&
           (cpu->interrupt_request & (CPU_INTERRUPT_HARD | CPU_INTERRUPT_FIQ | CPU_INTERRUPT_VIRQ |
                                      CPU_INTERRUPT_VFIQ | ARM_CPU_INTERRUPT_GTIMER));
}

/* -- Aborts -- */

void arm_raise_abort(CPUARMState *env, uint64_t va, int access, uint32_t fsr, uintptr_t retaddr)
{
    CPUState *cpu = &env->common;
    if (access == MMU_INST_FETCH) {
        env->cp15.ifsr = fsr;
        env->cp15.ifar = (uint32_t)va;
        cpu->exception_index = EXCP_PREFETCH_ABORT;
    } else {
        env->cp15.dfsr = fsr | (access == MMU_DATA_STORE ? ARM_FSR_WNR : 0);
        env->cp15.dfar = (uint32_t)va;
        cpu->exception_index = EXCP_DATA_ABORT;
    }
    if (retaddr) {
        cpu_loop_exit_restore(cpu, retaddr);
    }
    cpu_loop_exit(cpu);
}

void arm_do_unaligned_access(CPUState *cpu, uint64_t va, int access, int mmu_idx, uintptr_t retaddr)
{
    CPUARMState *env = (CPUARMState *)cpu;
    uint32_t fsr = arm_fsr_long(env) ? ARM_FSR_ALIGN_LONG | ARM_FSR_LPAE : ARM_FSR_ALIGN_SHORT;
    arm_raise_abort(env, va, access, fsr, retaddr);
}

void arm_do_bus_error(CPUState *cpu, uint64_t va, uint64_t pa, int access, int mmu_idx,
                      uintptr_t retaddr)
{
    CPUARMState *env = (CPUARMState *)cpu;
    uint32_t fsr = arm_fsr_long(env) ? ARM_FSR_EXT_LONG | ARM_FSR_LPAE : ARM_FSR_EXT_SHORT;
    arm_raise_abort(env, va, access, fsr, retaddr);
}

bool arm_tlb_fill(CPUState *cpu, uint64_t va, int access, int mmu_idx, bool probe,
                  uintptr_t retaddr)
{
    CPUARMState *env = (CPUARMState *)cpu;
    uint64_t pa, size = GUEST_PAGE_SIZE;
    int prot = PAGE_READ | PAGE_WRITE | PAGE_EXEC;
    uint32_t fsr;

    if (!(env->cp15.sctlr & SCTLR_M)) {
        /* MMU off: flat, every access allowed. */
        tlb_set_page(cpu, va, va, prot, mmu_idx, size);
        return true;
    }
    if (arm_walk_hook && arm_walk_hook(env, (uint32_t)va, access, mmu_idx, &pa, &prot, &size, &fsr)) {
        tlb_set_page(cpu, va, pa, prot, mmu_idx, size);
        return true;
    }
    if (!arm_walk_hook) {
        /* Translation fault, first level. */
        fsr = arm_fsr_long(env) ? 0x05 | ARM_FSR_LPAE : 0x05;
    }
    if (probe) {
        return false;
    }
    arm_raise_abort(env, va, access, fsr, retaddr);
}
