/*
 * The AArch64 user-mode cpu loop: runs translated code with cpu_exec() and
 * turns what comes back into Linux behaviour.
 *
 *   EXCP_SWI          syscall: number in x8, arguments x0-x5, result in x0
 *   EXCP_UDEF         SIGILL  ILL_ILLOPC at the insn
 *   EXCP_FETCH_FAULT  SIGSEGV: code fetch from a non-executable page
 *   EXCP_UNALIGNED    SIGBUS BUS_ADRALN: a misaligned exclusive, acquire/
 *                     release or atomic access
 *   EXCP_BKPT         SIGTRAP TRAP_BRKPT (BRK)
 *   EXCP_DEBUG        SIGTRAP: a gdb breakpoint or a finished single step
 *   EXCP_INTERRUPT    nothing: pending signals are handled below
 *
 * Data aborts in generated code are host faults that linux-user/signal.c
 * turns into the guest's SIGSEGV/SIGBUS at the exact pc. The svc leaves the
 * pc after itself; a syscall that must restart backs it up by 4.
 */
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "frontends/arm/a64-cpu.h"
#include "linux-user/aarch64/a64_user.h"
#include "linux-user/gdbstub_user.h"
#include "linux-user/user_priv.h"
#include "xrun/util.h"

#define A64_SVC_SIZE 4

static const char *excp_name(int e)
{
    switch (e) {
    case EXCP_SWI: return "svc";
    case EXCP_UDEF: return "undefined instruction";
    case EXCP_FETCH_FAULT: return "fetch fault";
    case EXCP_UNALIGNED: return "alignment fault";
    case EXCP_BKPT: return "brk";
    case EXCP_INTERRUPT: return "interrupt";
    case EXCP_DEBUG: return "debug";
    default: return "unknown";
    }
}

/* -- Creation -- */

CPUState *a64_cpu_create(const ImageInfo *info)
{
    CPUState *cpu = user_cpu_new(sizeof(CPUA64State), &a64_guest_arch);
    if (!cpu)
        return NULL;
    CPUA64State *env = (CPUA64State *)cpu;
    a64_cpu_reset(env);
    env->xregs[31] = info->start_stack;
    env->pc = info->entry;
    env->features = a64_cpu_features(user_opts.cpu_model);
    env->midr = a64_cpu_midr(user_opts.cpu_model);
    user_cpu_start_main(cpu);
    return cpu;
}

void a64_cpu_child_setup(CPUState *cpu, abi_ulong newsp, abi_ulong tls, bool set_tls)
{
    CPUA64State *env = (CPUA64State *)cpu;
    if (newsp)
        env->xregs[31] = newsp;
    if (set_tls)
        env->tpidr_el0 = tls;
}

/* A new thread's cpu: the parent's registers (pc already past the svc),
 * x0 = 0, its own stack and TLS, the parent's signal mask. */
CPUState *a64_cpu_clone(CPUState *parent, abi_ulong newsp, abi_ulong tls, bool set_tls)
{
    CPUState *cpu = user_cpu_copy(parent, sizeof(CPUA64State));
    if (!cpu)
        return NULL;
    CPUA64State *env = (CPUA64State *)cpu;
    env->xregs[0] = 0;
    env->exclusive_addr = UINT64_MAX;
    a64_cpu_child_setup(cpu, newsp, tls, set_tls);
    return cpu;
}

/* -- Syscalls and faults -- */

static void a64_handle_svc(CPUA64State *env)
{
    CPUState *cpu = &env->common;
    abi_long ret = do_syscall(cpu, (abi_long)env->xregs[8], env->xregs[0], env->xregs[1], env->xregs[2],
                              env->xregs[3], env->xregs[4], env->xregs[5]);
    if (ret == -XRUN_ERESTARTSYS) {
        /* x0 still holds the first argument: the svc can run again as is. */
        env->pc -= A64_SVC_SIZE;
        cpu->ts->syscall_restart = true;
        return;
    }
    if (ret == -XRUN_ENORETURN)
        return;
    env->xregs[0] = (uint64_t)ret;
}

static void a64_fault(CPUA64State *env, int sig, int code, uint64_t addr)
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
    ts->sig_trap_no = 0;
    ts->sig_error_code = 0;
    ts->sig_fault_addr = addr;
    force_sig_fault(&env->common, sig, code, addr);
}

static void a64_log(CPUState *cpu, int e)
{
    CPUA64State *env = (CPUA64State *)cpu;
    fprintf(log_out, "int: %s (%d) at pc=0x%016llx", excp_name(e), e, (unsigned long long)env->pc);
    if (e == EXCP_SWI)
        fprintf(log_out, " x8=%llu", (unsigned long long)env->xregs[8]);
    else if (e == EXCP_FETCH_FAULT || e == EXCP_UNALIGNED)
        fprintf(log_out, " addr=0x%016llx", (unsigned long long)cpu->fault_addr);
    fputc('\n', log_out);
}

static uint64_t a64_pc(CPUState *cpu) { return ((CPUA64State *)cpu)->pc; }

/* -- The loop -- */

static bool a64_exception(CPUState *cpu, int e)
{
    CPUA64State *env = (CPUA64State *)cpu;
    switch (e) {
    case EXCP_SWI:
        a64_handle_svc(env);
        return true;
    case EXCP_UDEF:
        a64_fault(env, SIGILL, ILL_ILLOPC, env->pc);
        break;
    case EXCP_FETCH_FAULT: {
        uint64_t a = cpu->fault_addr;
        bool mapped = page_get_flags(a) & PAGE_VALID;
        a64_fault(env, SIGSEGV, mapped ? SEGV_ACCERR : SEGV_MAPERR, a);
        break;
    }
    case EXCP_UNALIGNED:
        a64_fault(env, SIGBUS, BUS_ADRALN, cpu->fault_addr);
        break;
    case EXCP_BKPT:
        a64_fault(env, SIGTRAP, TRAP_BRKPT, env->pc);
        break;
    default:
        /* A frontend bug, not a guest event: make it visible, then treat
         * it as an undefined instruction so the guest dies cleanly. */
        fprintf(stderr, "xrun: unexpected cpu exception %d at pc 0x%016llx\n", e, (unsigned long long)env->pc);
        a64_fault(env, SIGILL, ILL_ILLOPC, env->pc);
        break;
    }
    return false;
}

static const UserCpuLoopOps a64_loop_ops = {a64_exception, a64_pc, a64_log};

void a64_cpu_loop(CPUState *cpu)
{
    user_cpu_loop(cpu, &a64_loop_ops);
}
