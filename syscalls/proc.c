/*
 * Process syscalls: ids and credentials, sessions and groups, prctl,
 * resource limits and usage, waiting, exit, kill, and process creation.
 *
 * Credentials go through the raw syscalls, which change only the calling
 * thread; that is what the guest's kernel does, and the guest's libc
 * broadcasts to its other threads itself (SIGSETXID).
 *
 * fork and clone without CLONE_VM become a host fork(): the child is a
 * copy of xrun with a copy of guest memory and returns 0 from the syscall.
 * vfork and clone(CLONE_VM | CLONE_VFORK) -- glibc's posix_spawn and
 * system() -- share memory with a suspended parent: see vfork.c. Threads
 * (CLONE_VM without CLONE_VFORK) are host threads: see thread.c.
 */
#include <sched.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/times.h>
#include <sys/wait.h>
#include <unistd.h>

#include "linux-user/gdbstub_user.h"
#include "linux-user/signal_priv.h"
#include "syscalls/sys.h"

/* -- Ids -- */

SYS_HANDLER(getpid)
{
    return getpid();
}
SYS_HANDLER(getppid)
{
    return getppid();
}
SYS_HANDLER(gettid)
{
    return gettid();
}
SYS_HANDLER(getuid)
{
    return getuid();
}
SYS_HANDLER(geteuid)
{
    return geteuid();
}
SYS_HANDLER(getgid)
{
    return getgid();
}
SYS_HANDLER(getegid)
{
    return getegid();
}

static abi_long put_three_ids(abi_ulong p0, abi_ulong p1, abi_ulong p2, const uint32_t id[3])
{
    if (sys_put_u32(p0, id[0]) || sys_put_u32(p1, id[1]) || sys_put_u32(p2, id[2]))
        return -EFAULT;
    return 0;
}

SYS_HANDLER(getresuid)
{
    uid_t r, e, s;
    getresuid(&r, &e, &s);
    const uint32_t id[3] = {r, e, s};
    return put_three_ids(GPTR(a[0]), GPTR(a[1]), GPTR(a[2]), id);
}

SYS_HANDLER(getresgid)
{
    gid_t r, e, s;
    getresgid(&r, &e, &s);
    const uint32_t id[3] = {r, e, s};
    return put_three_ids(GPTR(a[0]), GPTR(a[1]), GPTR(a[2]), id);
}

SYS_HANDLER(setuid)
{
    return sys_ret(syscall(SYS_setuid, (uid_t)a[0]));
}
SYS_HANDLER(setgid)
{
    return sys_ret(syscall(SYS_setgid, (gid_t)a[0]));
}
SYS_HANDLER(setreuid)
{
    return sys_ret(syscall(SYS_setreuid, (uid_t)a[0], (uid_t)a[1]));
}
SYS_HANDLER(setregid)
{
    return sys_ret(syscall(SYS_setregid, (gid_t)a[0], (gid_t)a[1]));
}
SYS_HANDLER(setfsuid)
{
    return syscall(SYS_setfsuid, (uid_t)a[0]);
}
SYS_HANDLER(setfsgid)
{
    return syscall(SYS_setfsgid, (gid_t)a[0]);
}

SYS_HANDLER(setresuid)
{
    return sys_ret(syscall(SYS_setresuid, (uid_t)a[0], (uid_t)a[1], (uid_t)a[2]));
}

SYS_HANDLER(setresgid)
{
    return sys_ret(syscall(SYS_setresgid, (gid_t)a[0], (gid_t)a[1], (gid_t)a[2]));
}

/* getgroups32(size, gid_t *list): 32-bit gid_t on both sides. */
SYS_HANDLER(getgroups)
{
    int size = (int)a[0];
    if (size < 0)
        return -EINVAL;
    gid_t *list = NULL;
    if (size && !(list = sys_lock_write(GPTR(a[1]), (abi_ulong)size * 4)))
        return -EFAULT;
    return sys_ret(getgroups(size, list));
}

SYS_HANDLER(setgroups)
{
    int size = (int)a[0];
    if (size < 0)
        return -EINVAL;
    const gid_t *list = NULL;
    if (size && !(list = sys_lock_read(GPTR(a[1]), (abi_ulong)size * 4)))
        return -EFAULT;
    return sys_ret(syscall(SYS_setgroups, (size_t)size, list));
}

/* -- Sessions and process groups -- */

SYS_HANDLER(setsid)
{
    return sys_ret(setsid());
}
SYS_HANDLER(getsid)
{
    return sys_ret(getsid((pid_t)a[0]));
}
SYS_HANDLER(setpgid)
{
    return sys_ret(setpgid((pid_t)a[0], (pid_t)a[1]));
}
SYS_HANDLER(getpgid)
{
    return sys_ret(getpgid((pid_t)a[0]));
}
SYS_HANDLER(getpgrp)
{
    return getpgrp();
}

/* -- prctl -- */

SYS_HANDLER(prctl)
{
    int option = (int)a[0];
    unsigned long arg2 = GULONG(a[1]);
    switch (option) {
    case PR_SET_NAME:
    case PR_GET_NAME: {
        /* 16 bytes including the NUL. */
        void *name = option == PR_SET_NAME ? sys_lock_read(arg2, 16) : sys_lock_write(arg2, 16);
        if (!name)
            return -EFAULT;
        return sys_ret(prctl(option, name, 0, 0, 0));
    }
    case PR_GET_PDEATHSIG:
    case PR_GET_CHILD_SUBREAPER: {
        int v;
        if (prctl(option, &v, 0, 0, 0) == -1)
            return -errno;
        if (option == PR_GET_PDEATHSIG)
            v = host_to_guest_signal(v);
        return sys_put_u32(arg2, (uint32_t)v);
    }
    case PR_SET_PDEATHSIG: {
        int hsig = arg2 ? guest_to_host_signal((int)arg2) : 0;
        if (arg2 && !hsig)
            return -EINVAL;
        return sys_ret(prctl(option, (unsigned long)hsig, 0, 0, 0));
    }
    case PR_GET_DUMPABLE:
    case PR_SET_DUMPABLE:
    case PR_SET_CHILD_SUBREAPER:
    case PR_GET_NO_NEW_PRIVS:
    case PR_SET_NO_NEW_PRIVS:
    case PR_GET_TIMERSLACK:
    case PR_SET_TIMERSLACK:
    case PR_CAPBSET_READ:
    case PR_GET_KEEPCAPS:
    case PR_SET_KEEPCAPS:
    case PR_GET_SECCOMP:
        /* Integer arguments only. */
        return sys_ret(prctl(option, arg2, (unsigned long)GULONG(a[2]), (unsigned long)GULONG(a[3]),
                             (unsigned long)GULONG(a[4])));
    case PR_SET_VMA:
        /* Naming anonymous memory is advisory. */
        return 0;
    default:
        /* PR_SET_SECCOMP, PR_SET_MM, ... would act on xrun itself. */
        return -EINVAL;
    }
}

SYS_HANDLER(personality)
{
    /* PER_LINUX; 0xffffffff queries. The persona does not change decoding. */
    static uint32_t persona;
    uint32_t old = persona;
    if ((uint32_t)a[0] != 0xffffffffu)
        persona = (uint32_t)a[0];
    return old;
}

/* -- Resource limits and usage -- */

/* RLIM_INFINITY is the all-ones unsigned long of the guest ABI; a larger
 * host limit is infinite for the guest too. */
static uint64_t rlim_infinity(void)
{
    unsigned bits = 8 * sys_abi->layouts->rlimit.f_rlim_cur.size;
    return bits >= 64 ? UINT64_MAX : (1ull << bits) - 1;
}

static uint64_t rlim_to_guest(rlim_t v)
{
    return v >= rlim_infinity() ? rlim_infinity() : (uint64_t)v;
}

static rlim_t rlim_from_guest(uint64_t v)
{
    return v == rlim_infinity() ? RLIM_INFINITY : v;
}

/* Limits on the address space would also bind xrun's own allocations and
 * its reserved guest range, so they are accepted but not applied. */
static bool rlimit_is_ignored(int resource)
{
    return resource == RLIMIT_AS || resource == RLIMIT_DATA || resource == RLIMIT_STACK;
}

SYS_HANDLER(getrlimit)
{
    struct rlimit h;
    if (getrlimit((int)a[0], &h) == -1)
        return -errno;
    const typeof(sys_abi->layouts->rlimit) *L = &sys_abi->layouts->rlimit;
    uint8_t g[SYS_LAYOUT_MAX];
    sys_field_put(g, L->f_rlim_cur, rlim_to_guest(h.rlim_cur));
    sys_field_put(g, L->f_rlim_max, rlim_to_guest(h.rlim_max));
    return sys_copy_to_guest(GPTR(a[1]), g, L->size);
}

SYS_HANDLER(setrlimit)
{
    const typeof(sys_abi->layouts->rlimit) *L = &sys_abi->layouts->rlimit;
    uint8_t g[SYS_LAYOUT_MAX];
    if (sys_copy_from_guest(g, GPTR(a[1]), L->size))
        return -EFAULT;
    if (rlimit_is_ignored((int)a[0]))
        return 0;
    struct rlimit h = {rlim_from_guest(sys_field_get(g, L->f_rlim_cur)),
                       rlim_from_guest(sys_field_get(g, L->f_rlim_max))};
    return sys_ret(setrlimit((int)a[0], &h));
}

/* prlimit64(pid, resource, new, old): struct rlimit64 has the host layout. */
SYS_HANDLER(prlimit64)
{
    int resource = (int)a[1];
    abi_ulong gnew = GPTR(a[2]), gold = GPTR(a[3]);
    struct rlimit newlim, oldlim;
    if (gnew && sys_copy_from_guest(&newlim, gnew, sizeof(newlim)))
        return -EFAULT;
    if (gold && !sys_lock_write(gold, sizeof(oldlim)))
        return -EFAULT;
    bool apply = gnew && !((pid_t)a[0] == 0 && rlimit_is_ignored(resource));
    if (prlimit((pid_t)a[0], resource, apply ? &newlim : NULL, gold ? &oldlim : NULL) == -1)
        return -errno;
    return gold ? sys_copy_to_guest(gold, &oldlim, sizeof(oldlim)) : 0;
}

SYS_HANDLER(getrusage)
{
    struct rusage h;
    if (getrusage((int)a[0], &h) == -1)
        return -errno;
    uint8_t g[SYS_LAYOUT_MAX];
    size_t n = sys_conv_rusage(g, &h);
    return sys_copy_to_guest(GPTR(a[1]), g, n);
}

SYS_HANDLER(times)
{
    struct tms h;
    clock_t r = times(&h);
    if (r == (clock_t)-1)
        return -errno;
    if (GPTR(a[0])) {
        const typeof(sys_abi->layouts->tms) *L = &sys_abi->layouts->tms;
        uint8_t g[SYS_LAYOUT_MAX];
        sys_field_put(g, L->f_tms_utime, (uint64_t)h.tms_utime);
        sys_field_put(g, L->f_tms_stime, (uint64_t)h.tms_stime);
        sys_field_put(g, L->f_tms_cutime, (uint64_t)h.tms_cutime);
        sys_field_put(g, L->f_tms_cstime, (uint64_t)h.tms_cstime);
        if (sys_copy_to_guest(GPTR(a[0]), g, L->size))
            return -EFAULT;
    }
    /* A 32-bit clock_t wraps; the guest's libc copes as with its own kernel. */
    return (abi_long)GULONG(r);
}

/* -- Waiting -- */

/* Guest RT signals have other host numbers (linux-user/signal.c). */
static int wait_status_to_guest(int st)
{
    if (WIFSIGNALED(st))
        return (st & ~0x7f) | host_to_guest_signal(WTERMSIG(st));
    if (WIFSTOPPED(st))
        return (st & ~0xff00) | (host_to_guest_signal(WSTOPSIG(st)) << 8);
    return st;
}

SYS_HANDLER(wait4)
{
    abi_ulong gstatus = GPTR(a[1]), gru = GPTR(a[3]);
    if (gstatus && !sys_lock_write(gstatus, 4))
        return -EFAULT;
    if (gru && !sys_lock_write(gru, sys_abi->layouts->rusage.size))
        return -EFAULT;
    int status = 0;
    struct rusage ru;
    /* Wait status encoding and signal numbers are the same for every guest. */
    long r = safe_syscall(SYS_wait4, (long)(pid_t)a[0], &status, (long)(int)a[2], gru ? &ru : NULL);
    if (r < 0)
        return r;
    pid_t pid = (pid_t)r;
    if (pid > 0 && gstatus && sys_put_u32(gstatus, (uint32_t)wait_status_to_guest(status)))
        return -EFAULT;
    if (gru) {
        uint8_t g[SYS_LAYOUT_MAX];
        size_t n = sys_conv_rusage(g, &ru);
        if (sys_copy_to_guest(gru, g, n))
            return -EFAULT;
    }
    return pid;
}

SYS_HANDLER(waitid)
{
    abi_ulong ginfo = GPTR(a[2]), gru = GPTR(a[4]);
    siginfo_t info;
    struct rusage ru;
    memset(&info, 0, sizeof(info));
    long r = syscall(SYS_waitid, (int)a[0], (pid_t)a[1], ginfo ? &info : NULL, (int)a[3],
                     gru ? &ru : NULL);
    if (r == -1)
        return -errno;
    if (ginfo) {
        /* The SIGCHLD siginfo (all zero when WNOHANG found no child). */
        GuestSiginfo g;
        sig_host_to_guest_siginfo(&g, &info);
        if (sys_copy_to_guest(ginfo, &g, sizeof(g)))
            return -EFAULT;
    }
    if (gru) {
        uint8_t g[SYS_LAYOUT_MAX];
        size_t n = sys_conv_rusage(g, &ru);
        if (sys_copy_to_guest(gru, g, n))
            return -EFAULT;
    }
    return r;
}

/* -- Exit and kill -- */

/* The guest process ends here. exit() rather than _exit() so that xrun's
 * atexit work (-d stats, log flushing) still happens -- unless other guest
 * threads still run translated code, which exit()'s teardown could pull
 * from under them. */
SYS_HANDLER(exit_group)
{
    /* A vfork child shares xrun's memory with its parent: no teardown. */
    if (sys_in_vfork_child())
        _exit((int)a[0] & 0xff);
    if (gdb_user_enabled)
        gdb_user_exit((int)a[0] & 0xff);
    if (sys_thread_count() > 1) {
        fflush(NULL);
        _exit((int)a[0] & 0xff);
    }
    exit((int)a[0] & 0xff);
}

/* Thread exit; the last thread's exit ends the process. */
SYS_HANDLER(exit)
{
    if (sys_in_vfork_child())
        _exit((int)a[0] & 0xff);
    if (gdb_user_enabled && sys_thread_count() == 1)
        gdb_user_exit((int)a[0] & 0xff);
    sys_thread_exit(cpu, (int)a[0] & 0xff);
}

SYS_HANDLER(kill)
{
    return do_kill_like(KILL_LIKE_KILL, a[0], a[1], 0);
}
SYS_HANDLER(tkill)
{
    return do_kill_like(KILL_LIKE_TKILL, a[0], a[1], 0);
}
SYS_HANDLER(tgkill)
{
    return do_kill_like(KILL_LIKE_TGKILL, a[0], a[1], a[2]);
}

/* The raw syscall returns 20 - nice (never negative), like the guest's kernel. */
SYS_HANDLER(getpriority)
{
    return sys_ret(syscall(SYS_getpriority, (int)a[0], (id_t)a[1]));
}
SYS_HANDLER(setpriority)
{
    return sys_ret(setpriority((int)a[0], (id_t)a[1], (int)a[2]));
}

/* -- Thread bookkeeping -- */

SYS_HANDLER(set_tid_address)
{
    if (cpu->ts)
        cpu->ts->child_tidptr = GPTR(a[0]);
    return gettid();
}

/* The robust list is walked by the host kernel at thread exit; a guest list
 * has 32-bit pointers it cannot read, so it is only remembered. */
SYS_HANDLER(set_robust_list)
{
    /* sizeof(struct robust_list_head): three pointer-sized words. */
    if (GULONG(a[1]) != 3 * sys_abi->ptr_bits / 8)
        return -EINVAL;
    if (cpu->ts)
        cpu->ts->robust_list = GPTR(a[0]);
    return 0;
}

SYS_HANDLER(get_robust_list)
{
    if ((pid_t)a[0] != 0 && (pid_t)a[0] != gettid())
        return -EPERM;
    abi_ulong head = cpu->ts ? cpu->ts->robust_list : 0;
    if (sys_put_ulong(GPTR(a[1]), head) || sys_put_ulong(GPTR(a[2]), 3 * sys_abi->ptr_bits / 8))
        return -EFAULT;
    return 0;
}

/* -- Process creation -- */

/* Flags a fork can honour (others need shared state we do not have). */
#define CLONE_FORK_OK                                                                              \
    (CSIGNAL | CLONE_VM | CLONE_VFORK | CLONE_SETTLS | CLONE_PARENT_SETTID |                       \
     CLONE_CHILD_CLEARTID | CLONE_CHILD_SETTID | CLONE_DETACHED | CLONE_PTRACE | CLONE_UNTRACED)

abi_long sys_do_clone(CPUState *cpu, uint32_t flags, abi_ulong newsp, abi_ulong ptid,
                      abi_ulong ctid, abi_ulong tls, SysChildSetup setup)
{
    if ((flags & CLONE_VM) && !(flags & CLONE_VFORK))
        return -EINVAL; /* threads go through sys_do_thread */
    if (flags & ~(uint32_t)CLONE_FORK_OK)
        return -EINVAL;
    int csig = flags & CSIGNAL ? guest_to_host_signal(flags & CSIGNAL) : 0;
    if ((flags & CSIGNAL) && !csig)
        return -EINVAL;
    /* Unflushed host stdio (the log) would otherwise be written twice. */
    fflush(NULL);
    pid_t pid;
    if (csig == SIGCHLD)
        pid = fork();
    else /* an unusual exit signal: the raw clone keeps it */
        pid = (pid_t)syscall(SYS_clone, (unsigned long)csig, 0UL, NULL, NULL, 0UL);
    if (pid == -1)
        return -errno;
    if (pid == 0) {
        pid_t tid = gettid();
        sys_thread_after_fork();
        if (cpu->ts)
            cpu->ts->tid = tid;
        if (setup)
            setup(cpu, newsp, tls, (flags & CLONE_SETTLS) != 0);
        if (flags & CLONE_CHILD_SETTID)
            sys_put_u32(ctid, (uint32_t)tid);
        if ((flags & CLONE_CHILD_CLEARTID) && cpu->ts)
            cpu->ts->child_tidptr = ctid;
        /* With CLONE_VM the parent's write below would be seen by the child. */
        if ((flags & (CLONE_PARENT_SETTID | CLONE_VM)) == (CLONE_PARENT_SETTID | CLONE_VM))
            sys_put_u32(ptid, (uint32_t)tid);
        return 0;
    }
    if (flags & CLONE_PARENT_SETTID)
        sys_put_u32(ptid, (uint32_t)pid);
    return pid;
}
