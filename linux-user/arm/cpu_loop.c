/*
 * The ARM user-mode cpu loop: runs translated code with cpu_exec() and
 * turns what comes back into Linux behaviour.
 *
 *   EXCP_SWI             EABI syscall: number in r7, arguments r0-r5,
 *                        result in r0; 0xf0000-0xf07ff are the ARM private
 *                        calls (cacheflush, set_tls, ...)
 *   EXCP_UDEF            SIGILL  ILL_ILLOPN at the insn
 *   EXCP_PREFETCH_ABORT  SIGSEGV at the pc
 *   EXCP_DATA_ABORT      SIGSEGV (MAPERR/ACCERR) or SIGBUS (alignment)
 *   EXCP_FETCH_FAULT     SIGSEGV: code fetch from a non-executable page
 *   EXCP_UNALIGNED       SIGBUS BUS_ADRALN: misaligned LDREX/STREX, VLDR, ...
 *   EXCP_BKPT            SIGTRAP TRAP_BRKPT
 *   EXCP_KERNEL_TRAP     a kuser helper emulated in C (the page also holds
 *                        real code, so this only runs if the frontend traps)
 *   EXCP_DEBUG           SIGTRAP: a gdb breakpoint or a finished single step
 *   EXCP_INTERRUPT       nothing: pending signals are handled below
 *
 * After each exit, process_pending_signals() delivers what is queued.
 * The svc leaves the pc after itself, so an interrupted syscall that must
 * restart backs the pc up by the svc size (2 in Thumb, 4 in ARM).
 */
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "frontends/arm/cpu.h"
#include "linux-user/gdbstub_user.h"
#include "linux-user/arm/arm_user.h"
#include "linux-user/user_priv.h"
#include "xrun/tb.h"
#include "xrun/util.h"

#define ARM_NR_BASE 0x0f0000u
#define ARM_NR_breakpoint (ARM_NR_BASE + 1)
#define ARM_NR_cacheflush (ARM_NR_BASE + 2)
#define ARM_NR_usr26 (ARM_NR_BASE + 3)
#define ARM_NR_usr32 (ARM_NR_BASE + 4)
#define ARM_NR_set_tls (ARM_NR_BASE + 5)
#define ARM_NR_get_tls (ARM_NR_BASE + 6)
#define ARM_NR_LAST (ARM_NR_BASE + 0x7ff)

/* ARM Linux trap numbers reported in sigcontext.trap_no. */
#define ARM_TRAP_UNDEF 6
#define ARM_TRAP_ABORT 14

static const char *excp_name(int e)
{
    switch (e) {
    case EXCP_SWI: return "svc";
    case EXCP_UDEF: return "undefined instruction";
    case EXCP_PREFETCH_ABORT: return "prefetch abort";
    case EXCP_DATA_ABORT: return "data abort";
    case EXCP_FETCH_FAULT: return "fetch fault";
    case EXCP_UNALIGNED: return "alignment fault";
    case EXCP_BKPT: return "bkpt";
    case EXCP_KERNEL_TRAP: return "kuser helper";
    case EXCP_INTERRUPT: return "interrupt";
    case EXCP_YIELD: return "yield";
    case EXCP_DEBUG: return "debug";
    case EXCP_HALTED: return "halted";
    default: return "unknown";
    }
}

static unsigned svc_size(const CPUARMState *env) { return env->thumb ? 2 : 4; }

/* -- Creation -- */

CPUState *arm_cpu_create(const ImageInfo *info)
{
    CPUState *cpu = user_cpu_new(sizeof(CPUARMState), &arm_guest_arch);
    if (!cpu)
        return NULL;
    CPUARMState *env = (CPUARMState *)cpu;
    arm_cpu_reset(env);
    if ((env->cpsr_other & 0x1f) == 0)
        env->cpsr_other |= 0x10; /* user mode */
    env->regs[13] = (uint32_t)info->start_stack;
    env->regs[15] = (uint32_t)info->entry & ~1u;
    env->thumb = (uint32_t)info->entry & 1u;
    env->exclusive_addr = UINT32_MAX;
    env->features = arm_cpu_features(user_opts.cpu_model);
    user_cpu_start_main(cpu);
    return cpu;
}

/* A child's registers after fork or clone: its own stack and TLS if given. */
void arm_cpu_child_setup(CPUState *cpu, abi_ulong newsp, abi_ulong tls, bool set_tls)
{
    CPUARMState *env = (CPUARMState *)cpu;
    if (newsp)
        env->regs[13] = (uint32_t)newsp;
    if (set_tls)
        env->tpidruro = (uint32_t)tls;
}

/* A new thread's cpu: the parent's registers (pc already past the svc),
 * r0 = 0, its own stack and TLS, the parent's signal mask. */
CPUState *arm_cpu_clone(CPUState *parent, abi_ulong newsp, abi_ulong tls, bool set_tls)
{
    CPUState *cpu = user_cpu_copy(parent, sizeof(CPUARMState));
    if (!cpu)
        return NULL;
    CPUARMState *env = (CPUARMState *)cpu;
    env->regs[0] = 0;
    env->exclusive_addr = UINT32_MAX;
    arm_cpu_child_setup(cpu, newsp, tls, set_tls);
    return cpu;
}

/* -- Syscalls -- */

/* The ARM-only calls in 0xf0000..0xf07ff. Returns true if r0 gets ret. */
static bool arm_private_syscall(CPUARMState *env, uint32_t nr, abi_long *ret)
{
    CPUState *cpu = &env->common;
    switch (nr) {
    case ARM_NR_breakpoint:
        /* Linux reports the svc itself as the breakpoint. */
        env->regs[15] -= svc_size(env);
        force_sig_fault(cpu, SIGTRAP, TRAP_BRKPT, env->regs[15]);
        return false;
    case ARM_NR_cacheflush:
        /* (start, end, flags): guest code there may have been rewritten. */
        if (env->regs[1] > env->regs[0])
            tb_invalidate_range(env->regs[0], env->regs[1], 0);
        *ret = 0;
        return true;
    case ARM_NR_set_tls:
        env->tpidruro = env->regs[0];
        *ret = 0;
        return true;
    case ARM_NR_get_tls:
        *ret = env->tpidruro;
        return true;
    case ARM_NR_usr26:
    case ARM_NR_usr32:
    default:
        *ret = -38; /* ENOSYS: no 26-bit mode, nothing else defined */
        return true;
    }
}

static void arm_handle_svc(CPUARMState *env)
{
    CPUState *cpu = &env->common;
    uint32_t nr = env->regs[7];
    abi_long ret;

    if (nr >= ARM_NR_BASE && nr <= ARM_NR_LAST) {
        if (arm_private_syscall(env, nr, &ret))
            env->regs[0] = (uint32_t)ret;
        return;
    }
    ret = do_syscall(cpu, nr, env->regs[0], env->regs[1], env->regs[2], env->regs[3],
                     env->regs[4], env->regs[5]);
    if (ret == -XRUN_ERESTARTSYS) {
        /* r0 still holds the first argument: the svc can run again as is. */
        env->regs[15] -= svc_size(env);
        cpu->ts->syscall_restart = true;
        return;
    }
    if (ret == -XRUN_ENORETURN)
        return;
    env->regs[0] = (uint32_t)ret;
}

/* -- Kuser helpers in C (only if the frontend traps the page) -- */

/* Makes a guest word writable on the host (it may be write-protected
 * because it shares a page with translated code). */
static void *kuser_word(CPUARMState *env, uint32_t addr, unsigned size)
{
    if ((addr & (size - 1)) || !page_check_range(addr, size, PAGE_READ | PAGE_WRITE)) {
        env->exception_addr = addr;
        return NULL;
    }
    if (page_get_flags(addr) & PAGE_WRITE_ORG)
        page_unprotect(addr, 0);
    return g2h(addr);
}

static bool arm_kuser_call(CPUARMState *env)
{
    uint32_t pc = env->regs[15];
    bool ok;
    switch (pc) {
    case 0xffff0fa0:
        __atomic_thread_fence(__ATOMIC_SEQ_CST);
        break;
    case 0xffff0fe0:
        env->regs[0] = env->tpidruro;
        break;
    case 0xffff0fc0: {
        uint32_t *p = kuser_word(env, env->regs[2], 4), old = env->regs[0];
        if (!p)
            return false;
        ok = __atomic_compare_exchange_n(p, &old, env->regs[1], false, __ATOMIC_SEQ_CST,
                                         __ATOMIC_SEQ_CST);
        goto result;
    }
    case 0xffff0f60: {
        uint64_t *p = kuser_word(env, env->regs[2], 8), old, val;
        if (!p || !page_check_range(env->regs[0], 8, PAGE_READ) ||
            !page_check_range(env->regs[1], 8, PAGE_READ))
            return false;
        memcpy(&old, g2h(env->regs[0]), 8);
        memcpy(&val, g2h(env->regs[1]), 8);
        ok = __atomic_compare_exchange_n(p, &old, val, false, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
        goto result;
    }
    default:
        return false;
    }
    goto ret;
result:
    env->regs[0] = ok ? 0 : 1;
    env->CF = ok;
    env->ZF = !ok; /* Z set (ZF == 0) on success */
    env->NF = 0;
ret:
    env->regs[15] = env->regs[14] & ~1u;
    env->thumb = env->regs[14] & 1u;
    return true;
}

/* -- Faults -- */

static void arm_fault(CPUARMState *env, int sig, int code, uint32_t addr, uint32_t trap)
{
    TaskState *ts = env->common.ts;
    /* Under gdb a fault is first a stop; gdb decides what the guest gets. */
    if (XR_UNLIKELY(gdb_user_enabled)) {
        int to = gdb_user_report(&env->common, sig);
        if (to != sig)
            code = SI_KERNEL;
        if (!(sig = to))
            return;
    }
    ts->sig_trap_no = trap;
    ts->sig_error_code = 0;
    ts->sig_fault_addr = addr;
    force_sig_fault(&env->common, sig, code, addr);
}

static void arm_data_abort(CPUARMState *env, uint32_t addr)
{
    switch (env->exception_fsr) {
    case 2:
        arm_fault(env, SIGBUS, BUS_ADRALN, addr, ARM_TRAP_ABORT);
        break;
    case 1:
        arm_fault(env, SIGSEGV, SEGV_ACCERR, addr, ARM_TRAP_ABORT);
        break;
    default:
        arm_fault(env, SIGSEGV, SEGV_MAPERR, addr, ARM_TRAP_ABORT);
        break;
    }
}

static void arm_log(CPUState *cpu, int e)
{
    CPUARMState *env = (CPUARMState *)cpu;
    fprintf(log_out, "int: %s (%d) at pc=0x%08x%s", excp_name(e), e, env->regs[15],
            env->thumb ? " thumb" : "");
    if (e == EXCP_SWI)
        fprintf(log_out, " r7=%u", env->regs[7]);
    else if (e == EXCP_DATA_ABORT)
        fprintf(log_out, " addr=0x%08x fsr=%u", env->exception_addr, env->exception_fsr);
    else if (e == EXCP_FETCH_FAULT || e == EXCP_UNALIGNED)
        fprintf(log_out, " addr=0x%08llx", (unsigned long long)env->common.fault_addr);
    fputc('\n', log_out);
}

static uint64_t arm_pc(CPUState *cpu) { return ((CPUARMState *)cpu)->regs[15]; }

/* -- The loop -- */

static bool arm_exception(CPUState *cpu, int e)
{
    CPUARMState *env = (CPUARMState *)cpu;
    switch (e) {
    case EXCP_SWI:
        arm_handle_svc(env);
        return true;
    case EXCP_UDEF:
        arm_fault(env, SIGILL, ILL_ILLOPN, env->regs[15], ARM_TRAP_UNDEF);
        break;
    case EXCP_PREFETCH_ABORT:
        arm_fault(env, SIGSEGV, env->exception_fsr == 1 ? SEGV_ACCERR : SEGV_MAPERR, env->regs[15],
                  ARM_TRAP_ABORT);
        break;
    case EXCP_DATA_ABORT:
        arm_data_abort(env, env->exception_addr);
        break;
    case EXCP_FETCH_FAULT: {
        uint32_t a = (uint32_t)cpu->fault_addr;
        bool mapped = page_get_flags(a) & PAGE_VALID;
        arm_fault(env, SIGSEGV, mapped ? SEGV_ACCERR : SEGV_MAPERR, a, ARM_TRAP_ABORT);
        break;
    }
    case EXCP_UNALIGNED:
        arm_fault(env, SIGBUS, BUS_ADRALN, (uint32_t)cpu->fault_addr, ARM_TRAP_ABORT);
        break;
    case EXCP_BKPT:
        arm_fault(env, SIGTRAP, TRAP_BRKPT, env->regs[15], 1);
        break;
    case EXCP_KERNEL_TRAP:
        if (!arm_kuser_call(env))
            arm_data_abort(env, env->regs[15] >= 0xffff0000u ? env->exception_addr : env->regs[15]);
        return true;
    case EXCP_YIELD:
        return true;
    default:
        /* A frontend bug, not a guest event: make it visible, then
         * treat it as an undefined instruction so the guest dies cleanly. */
        fprintf(stderr, "xrun: unexpected cpu exception %d at pc 0x%08x\n", e, env->regs[15]);
        arm_fault(env, SIGILL, ILL_ILLOPN, env->regs[15], ARM_TRAP_UNDEF);
        break;
    }
    return false;
}

static const UserCpuLoopOps arm_loop_ops = {arm_exception, arm_pc, arm_log};

void arm_cpu_loop(CPUState *cpu)
{
    user_cpu_loop(cpu, &arm_loop_ops);
}
