/*
 * The part of a user-mode cpu loop every guest shares: cpu_exec() with
 * the debugger's hold around it, the exits that mean the same on every
 * guest (EXCP_INTERRUPT, EXCP_DEBUG, EXCP_HALTED), and signal delivery
 * after each exit. The guest's UserCpuLoopOps handle its own exceptions
 * (syscalls, undefined instructions, faults). The guests' cpus are made
 * here too (user_cpu_new, user_cpu_copy):
 *
 *     static const UserCpuLoopOps a64_loop_ops = {a64_exception, a64_pc, a64_log};
 *     void a64_cpu_loop(CPUState *cpu) { user_cpu_loop(cpu, &a64_loop_ops); }
 */
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "linux-user/gdbstub_user.h"
#include "linux-user/user_priv.h"
#include "xrun/util.h"

/* -- The cpus of guest threads -- */

static CPUState *user_cpu_with_task(CPUState *cpu)
{
    TaskState *ts = calloc(1, sizeof(*ts));
    if (!ts) {
        free(cpu);
        return NULL;
    }
    ts->cpu = cpu;
    cpu->ts = ts;
    return cpu;
}

CPUState *user_cpu_new(size_t size, const struct GuestArch *arch)
{
    CPUState *cpu;
    if (posix_memalign((void **)&cpu, 64, size))
        return NULL;
    memset(cpu, 0, size);
    cpu->arch = arch;
    return user_cpu_with_task(cpu);
}

void user_cpu_start_main(CPUState *cpu)
{
    cpu->ts->tid = (pid_t)syscall(SYS_gettid);
    /* Binds ts to this (the main) host thread for signal delivery. */
    signal_thread_init(cpu->ts);
}

CPUState *user_cpu_copy(const CPUState *parent, size_t size)
{
    CPUState *cpu;
    if (posix_memalign((void **)&cpu, 64, size))
        return NULL;
    memcpy(cpu, parent, size);
    cpu->exit_request = 0;
    cpu->cflags_next_tb = 0;
    cpu->jc = NULL; /* cpu_exec allocates one per cpu */
    cpu->running = false;
    if (!user_cpu_with_task(cpu))
        return NULL;
    if (parent->ts)
        cpu->ts->signal_mask = parent->ts->signal_mask;
    return cpu;
}

/* A breakpoint hit or a finished step: gdb usually resumes without a
 * signal; if it passes one (C/S), the guest gets it here. */
void user_gdb_debug_stop(CPUState *cpu, uint64_t pc, bool breakpoint)
{
    int sig = breakpoint ? gdb_user_report_breakpoint(cpu, pc) : gdb_user_report_step(cpu);
    if (sig)
        force_sig_fault(cpu, sig, sig == SIGTRAP ? (breakpoint ? TRAP_BRKPT : TRAP_TRACE) : SI_KERNEL, pc);
}

void user_cpu_loop(CPUState *cpu, const UserCpuLoopOps *ops)
{
    current_cpu = cpu;
    for (;;) {
        if (XR_UNLIKELY(gdb_user_enabled))
            gdb_user_exec_start(cpu);
        int e = cpu_exec(cpu);
        if (XR_UNLIKELY(gdb_user_enabled))
            gdb_user_exec_end(cpu);
        if (log_enabled(LOG_INT) && e != EXCP_INTERRUPT)
            ops->log(cpu, e);
        bool step_ends = false;
        switch (e) {
        case EXCP_DEBUG:
            /* Only gdb makes these: a finished step or a breakpoint. One
             * that races with gdb's detach is dropped. */
            if (gdb_user_enabled && !gdbserver_attached())
                break;
            user_gdb_debug_stop(cpu, ops->pc(cpu), !cpu->singlestep);
            break;
        case EXCP_INTERRUPT:
            /* A host fault in generated code queued a synchronous signal. */
            if (XR_UNLIKELY(gdb_user_enabled) && cpu->ts->sync_signal.pending)
                gdb_user_sync_signal(cpu);
            break;
        case EXCP_HALTED:
            break;
        default:
            step_ends = ops->exception(cpu, e);
            break;
        }
        if (XR_UNLIKELY(gdb_user_enabled) && cpu->ts->signal_pending && gdbserver_attached())
            gdb_user_async_signals(cpu);
        process_pending_signals(cpu);
        /* A step over an insn that left through an exception (svc) ends
         * here; a fault already stopped where it was raised. */
        if (XR_UNLIKELY(cpu->singlestep) && step_ends)
            user_gdb_debug_stop(cpu, ops->pc(cpu), false);
    }
}
