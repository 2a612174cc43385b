/*
 * Waiting on file descriptors: poll, select, epoll, and the descriptors
 * made to be waited on (eventfd, inotify).
 *
 * struct pollfd is identical for the guest and is used in place. fd_set
 * is an array of the guest's longs (32 or 64 bits) and of 64-bit ones on
 * the host; both are little-endian bit arrays, so only the length differs:
 * the guest gives ceil(n / long bits) longs, which are copied into a zeroed
 * host fd_set.
 * epoll_event's layout is the guest ABI's (16 bytes with data 8-aligned on
 * ARM and aarch64, 12 packed bytes on x86_64), so events are converted one
 * by one.
 *
 * A signal mask argument (ppoll, pselect6, epoll_pwait) is the guest's
 * 64-bit sigset (the same numbers on the host, see linux-user/user.h); it
 * is given to the host kernel as the temporary mask, so that signals the
 * guest blocks there stay pending, and a handler it lets in runs under it
 * (sig_call_mask_done). The kernel reads only the first 8 bytes (_NSIG / 8)
 * of a host sigset_t.
 */
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/inotify.h>
#include <sys/select.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "syscalls/sys.h"

/* POLL_MAX_FDS: the kernel's nr_open ceiling; more is EINVAL anyway. */
enum { GUEST_SIGSET_SIZE = 8, EPOLL_MAX_EVENTS = 1 << 16, POLL_MAX_FDS = 1 << 20 };

/* -- poll -- */

SYS_HANDLER(poll)
{
    uint32_t nfds = (uint32_t)a[1];
    struct pollfd *fds = NULL;
    if (nfds > POLL_MAX_FDS)
        return -EINVAL;
    if (nfds && !(fds = sys_lock_write(GPTR(a[0]), (abi_ulong)nfds * sizeof(*fds))))
        return -EFAULT;
    return sys_ret(poll(fds, nfds, (int)a[2]));
}

/* The guest sigset of a ppoll/pselect/epoll_pwait as a host one in
 * *storage, *out = storage (or NULL without a mask). */
static abi_long lock_sigmask(abi_ulong gset, abi_ulong size, sigset_t *storage, const void **out)
{
    *out = NULL;
    if (!gset)
        return 0;
    if (size != GUEST_SIGSET_SIZE)
        return -EINVAL;
    uint64_t set;
    if (sys_copy_from_guest(&set, gset, sizeof(set)))
        return -EFAULT;
    guest_to_host_sigset(storage, set);
    *out = storage;
    return 0;
}

static abi_long do_ppoll(const abi_long *a, bool time64)
{
    uint32_t nfds = (uint32_t)a[1];
    abi_ulong gts = GPTR(a[2]);
    struct pollfd *fds = NULL;
    struct timespec ts;
    sigset_t hmask;
    const void *mask;
    if (nfds > POLL_MAX_FDS)
        return -EINVAL;
    if (nfds && !(fds = sys_lock_write(GPTR(a[0]), (abi_ulong)nfds * sizeof(*fds))))
        return -EFAULT;
    if (gts && sys_get_timespec(&ts, gts, time64))
        return -EFAULT;
    abi_long err = lock_sigmask(GPTR(a[3]), (uint32_t)a[4], &hmask, &mask);
    if (err)
        return err;
    long r = syscall(SYS_ppoll, fds, (unsigned long)nfds, gts ? &ts : NULL, mask,
                     (size_t)GUEST_SIGSET_SIZE);
    abi_long ret = sys_ret(r);
    sig_call_mask_done(mask, ret);
    /* The remaining time goes back; like the kernel, a read-only timeout
     * is not an error after the call. */
    if (gts)
        sys_put_timespec(gts, &ts, time64);
    return ret;
}

SYS_HANDLER(ppoll)
{
    return do_ppoll(a, false);
}
SYS_HANDLER(ppoll_time64)
{
    return do_ppoll(a, true);
}

/* -- select -- */

/* Bytes of a guest fd_set of n bits: whole guest longs (4 or 8 bytes). */
static size_t fdset_bytes(int n)
{
    size_t bits = sys_abi->long_bits;
    return ((size_t)n + bits - 1) / bits * (bits / 8);
}

/* Copies the guest fd_set of n bits into h (zeroed); false on EFAULT. */
static bool get_fdset(fd_set *h, abi_ulong g, int n)
{
    memset(h, 0, sizeof(*h));
    return !g || sys_copy_from_guest(h, g, fdset_bytes(n)) == 0;
}

static bool put_fdset(abi_ulong g, const fd_set *h, int n)
{
    return !g || sys_copy_to_guest(g, h, fdset_bytes(n)) == 0;
}

typedef struct SelectArgs {
    int n;
    abi_ulong rfds, wfds, efds;
} SelectArgs;

/* timeout: host timespec to use (or NULL); mask: host sigset or NULL. */
static abi_long do_select(const SelectArgs *s, struct timespec *timeout, const void *mask)
{
    fd_set r, w, e;
    if (s->n < 0 || s->n > FD_SETSIZE)
        return -EINVAL;
    if (!get_fdset(&r, s->rfds, s->n) || !get_fdset(&w, s->wfds, s->n) ||
        !get_fdset(&e, s->efds, s->n))
        return -EFAULT;
    struct {
        const void *ss;
        size_t len;
    } sig = {mask, GUEST_SIGSET_SIZE};
    long ret = syscall(SYS_pselect6, s->n, s->rfds ? &r : NULL, s->wfds ? &w : NULL,
                       s->efds ? &e : NULL, timeout, mask ? &sig : NULL);
    if (ret == -1)
        return sig_call_mask_done(mask, -errno);
    if (!put_fdset(s->rfds, &r, s->n) || !put_fdset(s->wfds, &w, s->n) ||
        !put_fdset(s->efds, &e, s->n))
        return -EFAULT;
    return ret;
}

/* _newselect(n, rfds, wfds, efds, struct timeval *) */
SYS_HANDLER(select)
{
    SelectArgs s = {(int)a[0], GPTR(a[1]), GPTR(a[2]), GPTR(a[3])};
    abi_ulong gtv = GPTR(a[4]);
    struct timeval tv;
    struct timespec ts;
    if (gtv) {
        if (sys_get_timeval(&tv, gtv))
            return -EFAULT;
        if (tv.tv_sec < 0 || tv.tv_usec < 0 || tv.tv_usec >= 1000000)
            return -EINVAL;
        ts.tv_sec = tv.tv_sec;
        ts.tv_nsec = tv.tv_usec * 1000;
    }
    abi_long ret = do_select(&s, gtv ? &ts : NULL, NULL);
    if (gtv && ret != -EFAULT) {
        /* Linux select reports the time left (ignoring a read-only timeval). */
        tv.tv_sec = ts.tv_sec;
        tv.tv_usec = ts.tv_nsec / 1000;
        sys_put_timeval(gtv, &tv);
    }
    return ret;
}

/* pselect6(n, r, w, e, ts, struct { sigset *ss; size_t len; } *) */
static abi_long do_pselect6(const abi_long *a, bool time64)
{
    SelectArgs s = {(int)a[0], GPTR(a[1]), GPTR(a[2]), GPTR(a[3])};
    abi_ulong gts = GPTR(a[4]), gsig = GPTR(a[5]);
    struct timespec ts;
    sigset_t hmask;
    const void *mask = NULL;
    if (gts && sys_get_timespec(&ts, gts, time64))
        return -EFAULT;
    if (gsig) {
        /* Two words of the guest's pointer size. */
        SysField w = {0, (uint16_t)(sys_abi->ptr_bits / 8)};
        uint8_t sig[16];
        if (sys_copy_from_guest(sig, gsig, 2 * w.size))
            return -EFAULT;
        abi_ulong set = sys_field_get(sig, w);
        w.off = w.size;
        abi_long err = lock_sigmask(set, sys_field_get(sig, w), &hmask, &mask);
        if (err)
            return err;
    }
    abi_long ret = do_select(&s, gts ? &ts : NULL, mask);
    if (gts && ret != -EFAULT)
        sys_put_timespec(gts, &ts, time64);
    return ret;
}

SYS_HANDLER(pselect6)
{
    return do_pselect6(a, false);
}
SYS_HANDLER(pselect6_time64)
{
    return do_pselect6(a, true);
}

/* -- epoll -- */

SYS_HANDLER(epoll_create)
{
    if ((int)a[0] <= 0)
        return -EINVAL;
    return sys_ret(epoll_create1(0));
}

SYS_HANDLER(epoll_create1)
{
    return sys_ret(epoll_create1((int)a[0]));
}

SYS_HANDLER(epoll_ctl)
{
    int op = (int)a[1];
    struct epoll_event ev, *evp = NULL;
    if (op != EPOLL_CTL_DEL || GPTR(a[3])) {
        uint8_t g[SYS_LAYOUT_MAX];
        if (sys_copy_from_guest(g, GPTR(a[3]), sys_abi->layouts->epoll_event.size))
            return -EFAULT;
        sys_conv_epoll_from_guest(&ev, g);
        evp = &ev;
    }
    return sys_ret(epoll_ctl((int)a[0], op, (int)a[2], evp));
}

/* tmo: epoll_pwait2's timeout (NULL: the millisecond timeout in a[3]). */
static abi_long do_epoll_pwait(const abi_long *a, const void *mask, const struct timespec *tmo,
                               bool pwait2)
{
    int maxevents = (int)a[2];
    abi_ulong gev = GPTR(a[1]);
    if (maxevents <= 0)
        return -EINVAL;
    if (maxevents > EPOLL_MAX_EVENTS)
        maxevents = EPOLL_MAX_EVENTS; /* returning fewer events is allowed */
    size_t gsize = sys_abi->layouts->epoll_event.size;
    if (!sys_lock_write(gev, (abi_ulong)maxevents * gsize))
        return -EFAULT;
    struct epoll_event *ev = calloc((size_t)maxevents, sizeof(*ev));
    if (!ev)
        return -ENOMEM;
    long n = pwait2 ? syscall(SYS_epoll_pwait2, (int)a[0], ev, maxevents, tmo, mask,
                              (size_t)GUEST_SIGSET_SIZE)
                    : syscall(SYS_epoll_pwait, (int)a[0], ev, maxevents, (int)a[3], mask,
                              (size_t)GUEST_SIGSET_SIZE);
    abi_long ret = sys_ret(n);
    sig_call_mask_done(mask, ret);
    uint8_t *out = g2h(gev);
    for (long i = 0; i < n; i++)
        sys_conv_epoll_to_guest(out + i * gsize, &ev[i]);
    free(ev);
    return ret;
}

SYS_HANDLER(epoll_wait)
{
    return do_epoll_pwait(a, NULL, NULL, false);
}

SYS_HANDLER(epoll_pwait)
{
    sigset_t hmask;
    const void *mask;
    abi_long err = lock_sigmask(GPTR(a[4]), (uint32_t)a[5], &hmask, &mask);
    if (err)
        return err;
    return do_epoll_pwait(a, mask, NULL, false);
}

/* epoll_pwait2(fd, events, max, struct __kernel_timespec *tmo, mask, size):
 * the timeout is always the 64-bit layout; NULL waits forever. */
SYS_HANDLER(epoll_pwait2)
{
    sigset_t hmask;
    const void *mask;
    struct timespec ts, *tp = NULL;
    if (GPTR(a[3])) {
        if (sys_get_timespec(&ts, GPTR(a[3]), true))
            return -EFAULT;
        tp = &ts;
    }
    abi_long err = lock_sigmask(GPTR(a[4]), (uint32_t)a[5], &hmask, &mask);
    if (err)
        return err;
    return do_epoll_pwait(a, mask, tp, true);
}

/* -- signalfd -- */

/*
 * The guest blocks the signals it reads this way, and signal.c blocks the
 * same host signals, so they stay pending on the host for the signalfd;
 * the host's signalfd reads them in the kernel's order with their queued
 * values. Guest and host signal numbers are the same (RT ones included,
 * see signal.c), and struct signalfd_siginfo has one 128-byte layout on
 * every architecture with fixed-width fields, so a read needs no change
 * (a value the guest queued reaches ssi_ptr sign-extended from 32 bits,
 * as an ARM kernel widens it: see do_rt_sigqueueinfo).
 */
static abi_long do_signalfd(int fd, abi_ulong gmask, abi_ulong size, int flags)
{
    sigset_t hmask;
    const void *mask;
    abi_long err = lock_sigmask(gmask, size, &hmask, &mask);
    if (err)
        return err;
    if (!mask)
        return -EFAULT;
    return sys_ret(syscall(SYS_signalfd4, fd, mask, (size_t)GUEST_SIGSET_SIZE, flags));
}

SYS_HANDLER(signalfd)
{
    return do_signalfd((int)a[0], GPTR(a[1]), (uint32_t)a[2], 0);
}

SYS_HANDLER(signalfd4)
{
    /* SFD_CLOEXEC/SFD_NONBLOCK are O_CLOEXEC/O_NONBLOCK: same bits on ARM. */
    return do_signalfd((int)a[0], GPTR(a[1]), (uint32_t)a[2], (int)a[3]);
}

/* -- eventfd / inotify -- */

SYS_HANDLER(eventfd)
{
    return sys_ret(eventfd((unsigned)a[0], 0));
}

SYS_HANDLER(eventfd2)
{
    /* EFD_CLOEXEC/EFD_NONBLOCK/EFD_SEMAPHORE: same values on ARM. */
    return sys_ret(eventfd((unsigned)a[0], (int)a[1]));
}

SYS_HANDLER(inotify_init)
{
    return sys_ret(inotify_init());
}

SYS_HANDLER(inotify_init1)
{
    return sys_ret(inotify_init1((int)a[0]));
}

SYS_HANDLER(inotify_add_watch)
{
    const char *path = sys_lock_str(GPTR(a[1]));
    if (!path)
        return -EFAULT;
    return sys_ret(inotify_add_watch((int)a[0], path, (uint32_t)a[2]));
}

SYS_HANDLER(inotify_rm_watch)
{
    return sys_ret(inotify_rm_watch((int)a[0], (int)a[1]));
}

/* -- fanotify -- */

/* Events and permission responses read from and written to the fanotify fd
 * are fixed-width structs, and the fds they carry are ours: only the
 * arguments need work. event_f_flags are open flags. */
SYS_HANDLER(fanotify_init)
{
    return sys_ret(syscall(SYS_fanotify_init, (unsigned)a[0],
                           (unsigned)sys_open_flags_to_host((uint32_t)a[1])));
}

/* fanotify_mark(fd, flags, mask, dirfd, path): the 64-bit mask takes a
 * register pair on 32-bit ABIs (already aligned there); path may be NULL. */
SYS_HANDLER(fanotify_mark)
{
    int i = sys_arg64_next(2);
    const char *path = NULL;
    if (GPTR(a[i + 1]) && !(path = sys_lock_str(GPTR(a[i + 1]))))
        return -EFAULT;
    return sys_ret(syscall(SYS_fanotify_mark, (int)a[0], (unsigned)a[1], (uint64_t)sys_arg64(a, 2),
                           (int)a[i], path));
}
