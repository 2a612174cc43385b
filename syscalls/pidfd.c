/*
 * Calls that name other processes by pid or pidfd: pidfd_open,
 * pidfd_getfd, pidfd_send_signal, kcmp, process_vm_readv/writev.
 *
 * Guest pids are host pids and pidfds are host fds, so most pass straight
 * through. Two need care:
 *   - pidfd_send_signal takes a guest signal number and, optionally, a
 *     guest siginfo (32-bit layout), converted as rt_sigqueueinfo does;
 *   - process_vm_readv/writev address the other process's memory. For the
 *     calling process that is our own guest space (remote addresses are
 *     guest addresses, turned into host ones and left to the host kernel,
 *     which reports faults as partial transfers as it would natively).
 *     Another process is most likely another xrun whose guest space sits
 *     at an address we cannot know: those calls fail with ENOSYS, as on a
 *     kernel built without cross-memory attach, and callers fall back to
 *     /proc/PID/mem or ptrace.
 */
#include <limits.h>
#include <signal.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <unistd.h>

#include "linux-user/signal_priv.h"
#include "syscalls/sys.h"

SYS_HANDLER(pidfd_open)
{
    return sys_ret(syscall(SYS_pidfd_open, (pid_t)a[0], (unsigned)a[1]));
}

SYS_HANDLER(pidfd_getfd)
{
    return sys_ret(syscall(SYS_pidfd_getfd, (int)a[0], (int)a[1], (unsigned)a[2]));
}

SYS_HANDLER(pidfd_send_signal)
{
    int sig = (int)a[1], hsig = 0;
    abi_ulong ginfo = GPTR(a[2]);
    if (sig && !(hsig = guest_to_host_signal(sig)))
        return -EINVAL;
    siginfo_t h, *hp = NULL;
    if (ginfo) {
        const GuestSiginfo *g = sys_lock_read(ginfo, sizeof(*g));
        if (!g)
            return -EFAULT;
        int gsig = (int)sys_field_get(g->bytes, sys_abi->layouts->siginfo.f_si_signo);
        sig_guest_to_host_siginfo(&h, g, gsig == sig ? hsig : gsig, false); /* the kernel checks it */
        hp = &h;
    }
    return sys_ret(syscall(SYS_pidfd_send_signal, (int)a[0], hsig, hp, (unsigned)a[3]));
}

/* kcmp(pid1, pid2, type, idx1, idx2): KCMP_EPOLL_TFD (7) passes idx2 as a
 * pointer to struct kcmp_epoll_slot (three u32, the same everywhere). */
SYS_HANDLER(kcmp)
{
    unsigned long idx2 = (uint32_t)a[4];
    if ((int)a[2] == 7) {
        void *slot = sys_lock_read(GPTR(a[4]), 12);
        if (!slot)
            return -EFAULT;
        idx2 = (unsigned long)slot;
    }
    return sys_ret(syscall(SYS_kcmp, (pid_t)a[0], (pid_t)a[1], (int)a[2],
                           (unsigned long)(uint32_t)a[3], idx2));
}

/* Guest iovecs -> host iovecs pointing into our guest space, lengths cut at
 * its end (the reservation beyond the mapped pages makes the host fault
 * exactly where the guest would). Returns the count or -errno. */
static abi_long vm_iovec(struct iovec *out, abi_ulong addr, uint32_t count, bool write)
{
    const void *g = sys_lock_read(addr, (abi_ulong)count * sys_abi->layouts->iovec.size);
    if (!g)
        return -EFAULT;
    for (uint32_t i = 0; i < count; i++) {
        abi_ulong base;
        int64_t slen;
        sys_get_iovec(g, i, &base, &slen);
        uint64_t len = (uint64_t)slen;
        if (len > guest_addr_max + 1 - base)
            len = guest_addr_max + 1 - base;
        /* Pages holding translated code are read-only on the host. */
        if (write)
            sys_lock_write(base, len);
        out[i].iov_base = g2h(base);
        out[i].iov_len = len;
    }
    return count;
}

static abi_long do_process_vm(const abi_long *a, bool to_remote)
{
    pid_t pid = (pid_t)a[0];
    uint32_t lcnt = (uint32_t)a[2], rcnt = (uint32_t)a[4];
    if ((uint32_t)a[5] != 0 || lcnt > IOV_MAX || rcnt > IOV_MAX)
        return -EINVAL;
    if (pid != getpid() && pid != gettid())
        return kill(pid, 0) == -1 && errno == ESRCH ? -ESRCH : -ENOSYS;
    struct iovec liov[lcnt ? lcnt : 1], riov[rcnt ? rcnt : 1];
    abi_long r = vm_iovec(liov, GPTR(a[1]), lcnt, !to_remote);
    if (r >= 0)
        r = vm_iovec(riov, GPTR(a[3]), rcnt, to_remote);
    if (r < 0)
        return r;
    return sys_ret(syscall(to_remote ? SYS_process_vm_writev : SYS_process_vm_readv, pid, liov,
                           (unsigned long)lcnt, riov, (unsigned long)rcnt, 0UL));
}

SYS_HANDLER(process_vm_readv)
{
    return do_process_vm(a, false);
}

SYS_HANDLER(process_vm_writev)
{
    return do_process_vm(a, true);
}
