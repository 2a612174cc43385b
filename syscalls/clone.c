/*
 * fork, vfork and clone for every guest: the argument order of the ABI's
 * clone, then one of three host mechanisms by flags:
 *
 *     CLONE_VM | CLONE_VFORK   sys_do_vfork   (vfork.c: shares memory, parent waits)
 *     CLONE_VM                 sys_do_thread  (thread.c: a host thread)
 *     otherwise                sys_do_clone   (proc.c: a host fork)
 *
 * The new thread's registers come from the guest (UserGuest.cpu_clone,
 * cpu_child_setup), so nothing here knows a register file.
 *
 *     clone(flags, newsp, ptid, ctid, tls)   the generic order (aarch64, ...)
 *     clone(flags, newsp, ptid, tls, ctid)   CLONE_BACKWARDS (arm, i386)
 */
#include <sched.h>
#include <signal.h>
#include <stdlib.h>

#include "linux-user/guest.h"
#include "syscalls/sys.h"

static void clone_cpu_free(CPUState *cpu)
{
    if (cpu) {
        free(cpu->ts);
        free(cpu);
    }
}

/* A vfork child runs a copy of the registers, as a thread does. */
static abi_long clone_vfork(CPUState *cpu, uint32_t flags, abi_ulong newsp, abi_ulong ptid,
                            abi_ulong ctid, abi_ulong tls)
{
    const UserGuest *g = user_guest;
    CPUState *child = g->cpu_clone(cpu, newsp, tls, flags & CLONE_SETTLS);
    abi_long r = sys_do_vfork(cpu, flags, ptid, ctid, child, g->cpu_loop);
    clone_cpu_free(child);
    return r;
}

static abi_long clone_any(CPUState *cpu, uint32_t flags, abi_ulong newsp, abi_ulong ptid,
                          abi_ulong ctid, abi_ulong tls)
{
    const UserGuest *g = user_guest;
    if ((flags & CLONE_VM) && (flags & CLONE_VFORK))
        return clone_vfork(cpu, flags, newsp, ptid, ctid, tls);
    if (flags & CLONE_VM) {
        CPUState *child = g->cpu_clone(cpu, newsp, tls, flags & CLONE_SETTLS);
        abi_long r = sys_do_thread(cpu, flags, ptid, ctid, child, g->cpu_loop);
        if (r < 0)
            clone_cpu_free(child);
        return r;
    }
    return sys_do_clone(cpu, flags, newsp, ptid, ctid, tls, g->cpu_child_setup);
}

SYS_HANDLER(clone)
{
    return clone_any(cpu, (uint32_t)a[0], GPTR(a[1]), GPTR(a[2]), GPTR(a[3]), GULONG(a[4]));
}

SYS_HANDLER(clone_backwards)
{
    return clone_any(cpu, (uint32_t)a[0], GPTR(a[1]), GPTR(a[2]), GPTR(a[4]), GULONG(a[3]));
}

SYS_HANDLER(fork)
{
    return sys_do_clone(cpu, SIGCHLD, 0, 0, 0, 0, user_guest->cpu_child_setup);
}

SYS_HANDLER(vfork)
{
    return clone_vfork(cpu, CLONE_VM | CLONE_VFORK | SIGCHLD, 0, 0, 0, 0);
}
