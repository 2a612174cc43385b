/*
 * System information, randomness, futexes, scheduling, and the signal
 * syscalls (forwarded to linux-user/signal.c, which owns signal state).
 *
 * Futex words live in guest memory and are waited on in place: the host
 * kernel keys a private futex by address, and every guest thread of a
 * process sees the same host address for a guest address. Only the
 * timeout differs (a 32-bit or 64-bit guest timespec):
 *
 *     futex(uaddr, FUTEX_WAIT_PRIVATE, val, ts32) -> futex(g2h(uaddr), ..., &host_ts)
 */
#include <linux/futex.h>
#include <sched.h>
#include <stdio.h>
#include <sys/resource.h>
#include <sys/random.h>
#include <sys/syscall.h>
#include <sys/sysinfo.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "linux-user/guest.h"
#include "syscalls/sys.h"

/* -- System information -- */

SYS_HANDLER(uname)
{
    struct utsname u; /* 6 x 65 chars on every Linux */
    if (uname(&u) == -1)
        return -errno;
    /* What the guest's kernel reports ("armv7l", "aarch64"). */
    snprintf(u.machine, sizeof(u.machine), "%s", user_guest->uname_machine);
    return sys_copy_to_guest(GPTR(a[0]), &u, sizeof(u));
}

SYS_HANDLER(sethostname)
{
    uint32_t len = (uint32_t)a[1];
    const char *name = sys_lock_read(GPTR(a[0]), len);
    if (!name)
        return -EFAULT;
    return sys_ret(sethostname(name, len));
}

/* syslog (klogctl): the host kernel's log, as a guest kernel's would be.
 * Types 2-4 (READ, READ_ALL, READ_CLEAR) fill the buffer; the host kernel
 * meets unmapped guest pages (the reservation) where the guest's would,
 * and reports them its own way. */
SYS_HANDLER(syslog)
{
    int type = (int)a[0];
    int len = (int)a[2];
    abi_ulong gbuf = GPTR(a[1]);
    void *buf = gbuf ? g2h(gbuf) : NULL;
    if (type >= 2 && type <= 4 && len > 0 && gbuf) {
        if ((uint64_t)gbuf + (uint32_t)len > guest_addr_max + 1)
            return -EFAULT;
        sys_lock_write(gbuf, (uint32_t)len); /* unprotects pages holding code */
    }
    return sys_ret(syscall(SYS_syslog, type, buf, len));
}

SYS_HANDLER(sysinfo)
{
    struct sysinfo h;
    if (sysinfo(&h) == -1)
        return -errno;
    uint8_t g[SYS_LAYOUT_MAX];
    size_t n = sys_conv_sysinfo(g, &h);
    return sys_copy_to_guest(GPTR(a[0]), g, n);
}

SYS_HANDLER(getrandom)
{
    abi_ulong len = GULONG(a[1]);
    void *buf = sys_lock_write(GPTR(a[0]), len);
    if (!buf)
        return -EFAULT;
    return sys_ret(getrandom(buf, len, (unsigned)a[2]));
}

/* -- Futexes -- */

/* What the fourth argument of a futex op is. */
typedef enum FutexArg4 { FUTEX_ARG_NONE, FUTEX_ARG_TIMEOUT, FUTEX_ARG_VAL2 } FutexArg4;

static FutexArg4 futex_arg4(int cmd, bool *uses_uaddr2)
{
    *uses_uaddr2 = false;
    switch (cmd) {
    case FUTEX_WAIT_REQUEUE_PI:
        *uses_uaddr2 = true;
        return FUTEX_ARG_TIMEOUT;
    case FUTEX_WAIT:
    case FUTEX_WAIT_BITSET:
    case FUTEX_LOCK_PI:
    case FUTEX_LOCK_PI2:
        return FUTEX_ARG_TIMEOUT; /* relative or absolute, per op */
    case FUTEX_WAKE:
    case FUTEX_WAKE_BITSET:
    case FUTEX_UNLOCK_PI:
    case FUTEX_TRYLOCK_PI:
        return FUTEX_ARG_NONE;
    case FUTEX_REQUEUE:
    case FUTEX_CMP_REQUEUE:
    case FUTEX_WAKE_OP:
    case FUTEX_CMP_REQUEUE_PI:
        *uses_uaddr2 = true;
        return FUTEX_ARG_VAL2; /* an integer in the pointer's place */
    default:
        return -1;
    }
}

static abi_long do_futex(const abi_long *a, bool time64)
{
    int op = (int)a[1];
    bool uses_uaddr2;
    FutexArg4 kind = futex_arg4(op & FUTEX_CMD_MASK, &uses_uaddr2);
    if ((int)kind < 0)
        return -ENOSYS;
    int *uaddr = sys_lock_read(GPTR(a[0]), 4);
    if (!uaddr)
        return -EFAULT;
    void *uaddr2 = NULL;
    if (uses_uaddr2 && !(uaddr2 = sys_lock_write(GPTR(a[4]), 4)))
        return -EFAULT;
    struct timespec ts;
    void *arg4 = NULL;
    if (kind == FUTEX_ARG_TIMEOUT && GPTR(a[3])) {
        if (sys_get_timespec(&ts, GPTR(a[3]), time64))
            return -EFAULT;
        arg4 = &ts;
    } else if (kind == FUTEX_ARG_VAL2) {
        arg4 = (void *)(uintptr_t)GULONG(a[3]);
    }
    int cmd = op & FUTEX_CMD_MASK;
    if (cmd != FUTEX_WAIT && cmd != FUTEX_WAIT_BITSET)
        return sys_ret(syscall(SYS_futex, uaddr, op, (uint32_t)a[2], arg4, uaddr2, (uint32_t)a[5]));
    /* A wait: a guest signal must not slip in before it sleeps. Linux
     * restarts an interrupted wait without a timeout (SA_RESTART decides);
     * one with a timeout fails with EINTR. */
    long r = safe_syscall(SYS_futex, uaddr, op, (uint32_t)a[2], arg4, uaddr2, (uint32_t)a[5]);
    if (r == -EINTR || r == -XRUN_ERESTARTSYS)
        return arg4 ? -EINTR : -XRUN_ERESTARTSYS;
    return r;
}

SYS_HANDLER(futex)
{
    return do_futex(a, false);
}
SYS_HANDLER(futex_time64)
{
    return do_futex(a, true);
}

/* -- Scheduling -- */

SYS_HANDLER(sched_yield)
{
    sched_yield();
    return 0;
}

enum { CPUMASK_BYTES = 1024 / 8 };

/* The raw syscall returns the size of the kernel's cpumask in bytes. The
 * guest's mask is made of 32-bit longs, the host's of 64-bit ones: same
 * bytes (little-endian), but the host wants a multiple of 8, so a bounce
 * buffer of the maximum size is used. */
SYS_HANDLER(sched_getaffinity)
{
    uint32_t len = (uint32_t)a[1];
    uint8_t mask[CPUMASK_BYTES];
    if (len & 3)
        return -EINVAL;
    long r = syscall(SYS_sched_getaffinity, (pid_t)a[0], sizeof(mask), mask);
    if (r == -1)
        return -errno;
    if ((uint32_t)r > len) {
        /* Fine if the bits beyond the guest's buffer are all clear. */
        for (long i = len; i < r; i++) {
            if (mask[i])
                return -EINVAL;
        }
        r = len;
    }
    if (sys_copy_to_guest(GPTR(a[2]), mask, (size_t)r))
        return -EFAULT;
    return r;
}

SYS_HANDLER(sched_setaffinity)
{
    uint32_t len = (uint32_t)a[1];
    uint8_t mask[CPUMASK_BYTES];
    memset(mask, 0, sizeof(mask));
    if (len > sizeof(mask))
        len = sizeof(mask);
    if (sys_copy_from_guest(mask, GPTR(a[2]), len))
        return -EFAULT;
    return sys_ret(syscall(SYS_sched_setaffinity, (pid_t)a[0], sizeof(mask), mask));
}

SYS_HANDLER(getcpu)
{
    unsigned cpu_nr, node;
    if (syscall(SYS_getcpu, &cpu_nr, &node, NULL) == -1)
        return -errno;
    if ((GPTR(a[0]) && sys_put_u32(GPTR(a[0]), cpu_nr)) ||
        (GPTR(a[1]) && sys_put_u32(GPTR(a[1]), node)))
        return -EFAULT;
    return 0;
}

SYS_HANDLER(sched_getscheduler)
{
    return sys_ret(sched_getscheduler((pid_t)a[0]));
}

SYS_HANDLER(sched_getparam)
{
    struct sched_param p; /* one int */
    if (sched_getparam((pid_t)a[0], &p) == -1)
        return -errno;
    return sys_copy_to_guest(GPTR(a[1]), &p, sizeof(p));
}

SYS_HANDLER(sched_get_priority_max)
{
    return sys_ret(sched_get_priority_max((int)a[0]));
}
SYS_HANDLER(sched_get_priority_min)
{
    return sys_ret(sched_get_priority_min((int)a[0]));
}

SYS_HANDLER(sched_setscheduler)
{
    struct sched_param p;
    if (sys_copy_from_guest(&p, GPTR(a[2]), sizeof(p)))
        return -EFAULT;
    return sys_ret(syscall(SYS_sched_setscheduler, (pid_t)a[0], (int)a[1], &p));
}

SYS_HANDLER(sched_setparam)
{
    struct sched_param p;
    if (sys_copy_from_guest(&p, GPTR(a[1]), sizeof(p)))
        return -EFAULT;
    return sys_ret(syscall(SYS_sched_setparam, (pid_t)a[0], &p));
}

/* struct sched_attr is made of fixed-width fields: the same everywhere. Its
 * first word is its size (0: the first version, 48 bytes); the kernel
 * writes the size it knows back on E2BIG. */
SYS_HANDLER(sched_setattr)
{
    uint32_t size;
    abi_ulong attr = GPTR(a[1]);
    if (!attr)
        return -EINVAL;
    if (sys_get_u32(attr, &size))
        return -EFAULT;
    void *p = sys_lock_write(attr, size ? size : 48);
    if (!p)
        return -EFAULT;
    return sys_ret(syscall(SYS_sched_setattr, (pid_t)a[0], p, (unsigned)a[2]));
}

SYS_HANDLER(sched_getattr)
{
    uint32_t size = (uint32_t)a[2];
    void *p = GPTR(a[1]) ? sys_lock_write(GPTR(a[1]), size) : NULL;
    if (GPTR(a[1]) && !p)
        return -EFAULT;
    return sys_ret(syscall(SYS_sched_getattr, (pid_t)a[0], p, size, (unsigned)a[3]));
}

/* Guest threads are host threads of this process: the host's barriers
 * order them as the guest asked. */
SYS_HANDLER(membarrier)
{
    return sys_ret(syscall(SYS_membarrier, (int)a[0], (unsigned)a[1], (int)a[2]));
}

SYS_HANDLER(ioprio_get)
{
    return sys_ret(syscall(SYS_ioprio_get, (int)a[0], (int)a[1]));
}
SYS_HANDLER(ioprio_set)
{
    return sys_ret(syscall(SYS_ioprio_set, (int)a[0], (int)a[1], (int)a[2]));
}

/* nice(inc): the raw call returns 0, not the new nice value. */
SYS_HANDLER(nice)
{
    int cur = getpriority(PRIO_PROCESS, 0);
    return sys_ret(setpriority(PRIO_PROCESS, 0, cur + (int)a[0]));
}

SYS_HANDLER(vhangup)
{
    return sys_ret(vhangup());
}

SYS_HANDLER(setdomainname)
{
    uint32_t len = (uint32_t)a[1];
    const char *name = sys_lock_read(GPTR(a[0]), len);
    if (!name)
        return -EFAULT;
    return sys_ret(setdomainname(name, len));
}

/* -- Capabilities -- */

/* cap_user_header { u32 version; int pid; } and up to two
 * cap_user_data { u32 effective, permitted, inheritable; }: no pointers,
 * no longs, so the guest structs are the host's. */
enum { CAP_HEADER_SIZE = 8, CAP_DATA_SIZE = 12, CAP_VERSION_1 = 0x19980330 };

static abi_ulong cap_data_size(const uint32_t *header)
{
    return CAP_DATA_SIZE * (header[0] == CAP_VERSION_1 ? 1 : 2);
}

SYS_HANDLER(capget)
{
    uint32_t *header = sys_lock_write(GPTR(a[0]), CAP_HEADER_SIZE);
    if (!header)
        return -EFAULT;
    void *data = NULL;
    if (GPTR(a[1]) && !(data = sys_lock_write(GPTR(a[1]), cap_data_size(header))))
        return -EFAULT;
    return sys_ret(syscall(SYS_capget, header, data));
}

SYS_HANDLER(capset)
{
    uint32_t *header = sys_lock_write(GPTR(a[0]), CAP_HEADER_SIZE);
    if (!header)
        return -EFAULT;
    const void *data = sys_lock_read(GPTR(a[1]), cap_data_size(header));
    if (!data)
        return -EFAULT;
    return sys_ret(syscall(SYS_capset, header, data));
}

/* -- Signals (state owned by linux-user/signal.c) -- */

SYS_HANDLER(rt_sigaction)
{
    if (GPTR(a[1]))
        sys_vfork_note_sigaction((int)a[0]);
    return do_rt_sigaction((int)a[0], GPTR(a[1]), GPTR(a[2]), GPTR(a[3]));
}

SYS_HANDLER(rt_sigprocmask)
{
    return do_rt_sigprocmask(cpu, (int)a[0], GPTR(a[1]), GPTR(a[2]), GPTR(a[3]));
}

SYS_HANDLER(sigaltstack)
{
    return do_sigaltstack(cpu, GPTR(a[0]), GPTR(a[1]));
}
SYS_HANDLER(rt_sigreturn)
{
    return do_rt_sigreturn(cpu);
}
SYS_HANDLER(sigreturn)
{
    return do_sigreturn(cpu);
}
SYS_HANDLER(rt_sigsuspend)
{
    return do_rt_sigsuspend(cpu, GPTR(a[0]), GPTR(a[1]));
}
SYS_HANDLER(rt_sigpending)
{
    return do_rt_sigpending(cpu, GPTR(a[0]), GPTR(a[1]));
}

SYS_HANDLER(rt_sigtimedwait)
{
    return do_rt_sigtimedwait(cpu, GPTR(a[0]), GPTR(a[1]), GPTR(a[2]), GPTR(a[3]));
}

SYS_HANDLER(rt_sigtimedwait_time64)
{
    return do_rt_sigtimedwait_time64(cpu, GPTR(a[0]), GPTR(a[1]), GPTR(a[2]), GPTR(a[3]));
}

SYS_HANDLER(rt_sigqueueinfo)
{
    return do_rt_sigqueueinfo(a[0], -1, a[1], GPTR(a[2]));
}

SYS_HANDLER(rt_tgsigqueueinfo)
{
    return do_rt_sigqueueinfo(a[0], a[1], a[2], GPTR(a[3]));
}

SYS_HANDLER(pause)
{
    long r = safe_syscall(SYS_pause); /* a signal just before it must not be slept through */
    return r == -XRUN_ERESTARTSYS ? -EINTR : r;
}

/* -- Fixed answers -- */

SYS_HANDLER(enosys)
{
    return -ENOSYS;
}
SYS_HANDLER(eperm)
{
    return -EPERM;
}
SYS_HANDLER(zero)
{
    return 0;
}
