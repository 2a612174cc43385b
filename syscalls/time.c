/*
 * Time syscalls: clocks, sleeping, interval timers and timerfds.
 *
 * The ARM EABI has a 32-bit time_t; each call taking a timespec has a
 * *_time64 twin with the 64-bit layout (GuestTimespec64) that 32-bit glibc
 * 2.34+ prefers. Both come here with a flag:
 *
 *     clock_gettime(clk, ts32)      -> do_clock_gettime(clk, ts, false)
 *     clock_gettime64(clk, ts64)    -> do_clock_gettime(clk, ts, true)
 *
 * A sleep interrupted by a signal returns -EINTR (with the remaining time
 * where the call reports it); restarting is the signal code's decision.
 * POSIX timers are the host's; only their sigevent (4-byte sigev_value,
 * guest signal numbers) and itimerspec are converted.
 */
#include <sched.h>
#include <signal.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/timerfd.h>
#include <sys/timex.h>
#include <time.h>
#include <unistd.h>

#include "syscalls/sys.h"

/* -- Clocks -- */

static abi_long do_clock_gettime(clockid_t clk, abi_ulong gts, bool time64)
{
    struct timespec ts;
    if (clock_gettime(clk, &ts) == -1)
        return -errno;
    return sys_put_timespec(gts, &ts, time64);
}

SYS_HANDLER(clock_gettime)
{
    return do_clock_gettime((clockid_t)a[0], GPTR(a[1]), false);
}
SYS_HANDLER(clock_gettime64)
{
    return do_clock_gettime((clockid_t)a[0], GPTR(a[1]), true);
}

static abi_long do_clock_getres(clockid_t clk, abi_ulong gts, bool time64)
{
    struct timespec ts;
    if (clock_getres(clk, &ts) == -1)
        return -errno;
    return gts ? sys_put_timespec(gts, &ts, time64) : 0;
}

SYS_HANDLER(clock_getres)
{
    return do_clock_getres((clockid_t)a[0], GPTR(a[1]), false);
}
SYS_HANDLER(clock_getres64)
{
    return do_clock_getres((clockid_t)a[0], GPTR(a[1]), true);
}

SYS_HANDLER(gettimeofday)
{
    abi_ulong gtv = GPTR(a[0]), gtz = GPTR(a[1]);
    struct timeval tv;
    struct timezone tz;
    if (gettimeofday(&tv, &tz) == -1)
        return -errno;
    if (gtv && sys_put_timeval(gtv, &tv))
        return -EFAULT;
    /* struct timezone is two ints on both sides. */
    if (gtz && sys_copy_to_guest(gtz, &tz, sizeof(tz)))
        return -EFAULT;
    return 0;
}

/* Setting the host clock is not the guest's business. */
SYS_HANDLER(settimeofday)
{
    return -EPERM;
}

/* -- Clock adjustment (adjtimex, clock_adjtime) -- */

/*
 * Reading the kernel's clock discipline (ntptime, chrony's status, glibc's
 * ntp_gettime) is allowed; adjusting it is the host's business, like
 * setting the clock: any mode but ADJ_OFFSET_SS_READ is EPERM. The time64
 * call uses struct __kernel_timex, which is the host's struct timex; the
 * older ones use the 32-bit layout below (every long 32 bits).
 */
#define ADJ_OFFSET_SS_READ_ 0xa001

typedef struct GuestTimex32 {
    uint32_t modes;
    int32_t offset, freq, maxerror, esterror;
    int32_t status;
    int32_t constant, precision, tolerance;
    GuestTimeval32 time;
    int32_t tick, ppsfreq, jitter;
    int32_t shift;
    int32_t stabil, jitcnt, calcnt, errcnt, stbcnt;
    int32_t tai;
    int32_t pad[11];
} GuestTimex32;

_Static_assert(sizeof(GuestTimex32) == 128 && offsetof(GuestTimex32, tai) == 80,
               "ARM EABI struct timex");
_Static_assert(sizeof(struct timex) == 208, "the host's struct timex is struct __kernel_timex");

static bool adjtime_mode_ok(uint32_t modes)
{
    return modes == 0 || modes == ADJ_OFFSET_SS_READ_;
}

static abi_long do_adjtime32(bool clock, clockid_t clk, abi_ulong g)
{
    GuestTimex32 gt;
    if (sys_copy_from_guest(&gt, g, sizeof(gt)))
        return -EFAULT;
    if (!adjtime_mode_ok(gt.modes))
        return -EPERM;
    struct timex h;
    memset(&h, 0, sizeof(h));
    h.modes = gt.modes;
    long r = clock ? syscall(SYS_clock_adjtime, clk, &h) : syscall(SYS_adjtimex, &h);
    if (r == -1)
        return -errno;
    gt.offset = (int32_t)h.offset;
    gt.freq = (int32_t)h.freq;
    gt.maxerror = (int32_t)h.maxerror;
    gt.esterror = (int32_t)h.esterror;
    gt.status = h.status;
    gt.constant = (int32_t)h.constant;
    gt.precision = (int32_t)h.precision;
    gt.tolerance = (int32_t)h.tolerance;
    gt.time.tv_sec = (int32_t)h.time.tv_sec;
    gt.time.tv_usec = (int32_t)h.time.tv_usec;
    gt.tick = (int32_t)h.tick;
    gt.ppsfreq = (int32_t)h.ppsfreq;
    gt.jitter = (int32_t)h.jitter;
    gt.shift = h.shift;
    gt.stabil = (int32_t)h.stabil;
    gt.jitcnt = (int32_t)h.jitcnt;
    gt.calcnt = (int32_t)h.calcnt;
    gt.errcnt = (int32_t)h.errcnt;
    gt.stbcnt = (int32_t)h.stbcnt;
    gt.tai = h.tai;
    return sys_copy_to_guest(g, &gt, sizeof(gt)) ? -EFAULT : r;
}

SYS_HANDLER(adjtimex)
{
    return do_adjtime32(false, 0, GPTR(a[0]));
}

SYS_HANDLER(clock_adjtime)
{
    return do_adjtime32(true, (clockid_t)a[0], GPTR(a[1]));
}

/* struct __kernel_timex, the host's struct timex (time64 calls, LP64). */
static abi_long do_adjtime64(bool clock, clockid_t clk, abi_ulong g)
{
    struct timex *h = sys_lock_write(g, sizeof(struct timex));
    if (!h)
        return -EFAULT;
    if (!adjtime_mode_ok(h->modes))
        return -EPERM;
    return sys_ret(clock ? syscall(SYS_clock_adjtime, clk, h) : syscall(SYS_adjtimex, h));
}

SYS_HANDLER(clock_adjtime64)
{
    return do_adjtime64(true, (clockid_t)a[0], GPTR(a[1]));
}

SYS_HANDLER(adjtimex64)
{
    return do_adjtime64(false, 0, GPTR(a[0]));
}

SYS_HANDLER(time)
{
    time_t t = time(NULL);
    if (GPTR(a[0]) && sys_put_u32(GPTR(a[0]), (uint32_t)t))
        return -EFAULT;
    return (abi_long)(int32_t)t;
}

/* -- Sleeping -- */

static abi_long do_clock_nanosleep(clockid_t clk, int flags, abi_ulong greq, abi_ulong grem,
                                   bool time64)
{
    struct timespec req, rem;
    if (sys_get_timespec(&req, greq, time64))
        return -EFAULT;
    /* The raw syscall: glibc's wrapper returns the error instead of -1. */
    long r = safe_syscall(SYS_clock_nanosleep, (long)clk, (long)flags, &req, &rem);
    if (r == -XRUN_ERESTARTSYS) {
        r = -EINTR; /* a signal came first: nothing of the sleep was used */
        rem = req;
    }
    if (r == -EINTR && grem && !(flags & TIMER_ABSTIME)) {
        if (sys_put_timespec(grem, &rem, time64))
            return -EFAULT;
    }
    return r;
}

SYS_HANDLER(nanosleep)
{
    return do_clock_nanosleep(CLOCK_REALTIME, 0, GPTR(a[0]), GPTR(a[1]), false);
}

SYS_HANDLER(clock_nanosleep)
{
    return do_clock_nanosleep((clockid_t)a[0], (int)a[1], GPTR(a[2]), GPTR(a[3]), false);
}

SYS_HANDLER(clock_nanosleep64)
{
    return do_clock_nanosleep((clockid_t)a[0], (int)a[1], GPTR(a[2]), GPTR(a[3]), true);
}

/* -- Interval timers -- */

static int get_itimerval(struct itimerval *h, abi_ulong addr)
{
    if (sys_get_timeval(&h->it_interval, addr) ||
        sys_get_timeval(&h->it_value, addr + sys_timeval_size()))
        return -EFAULT;
    return 0;
}

static int put_itimerval(abi_ulong addr, const struct itimerval *h)
{
    if (sys_put_timeval(addr, &h->it_interval) ||
        sys_put_timeval(addr + sys_timeval_size(), &h->it_value))
        return -EFAULT;
    return 0;
}

SYS_HANDLER(setitimer)
{
    abi_ulong gnew = GPTR(a[1]), gold = GPTR(a[2]);
    struct itimerval nv, ov;
    memset(&nv, 0, sizeof(nv));
    /* A NULL new value disarms, as in the kernel. */
    if (gnew && get_itimerval(&nv, gnew))
        return -EFAULT;
    if (setitimer((int)a[0], &nv, &ov) == -1)
        return -errno;
    return gold ? put_itimerval(gold, &ov) : 0;
}

SYS_HANDLER(getitimer)
{
    struct itimerval v;
    if (getitimer((int)a[0], &v) == -1)
        return -errno;
    return put_itimerval(GPTR(a[1]), &v);
}

SYS_HANDLER(alarm)
{
    return alarm((unsigned)a[0]);
}

/* -- timerfd -- */

static int get_itimerspec(struct itimerspec *h, abi_ulong addr, bool time64)
{
    if (sys_get_timespec(&h->it_interval, addr, time64) ||
        sys_get_timespec(&h->it_value, addr + sys_timespec_size(time64), time64))
        return -EFAULT;
    return 0;
}

static int put_itimerspec(abi_ulong addr, const struct itimerspec *h, bool time64)
{
    if (sys_put_timespec(addr, &h->it_interval, time64) ||
        sys_put_timespec(addr + sys_timespec_size(time64), &h->it_value, time64))
        return -EFAULT;
    return 0;
}

SYS_HANDLER(timerfd_create)
{
    /* TFD_CLOEXEC/TFD_NONBLOCK are O_CLOEXEC/O_NONBLOCK: same bits on ARM. */
    return sys_ret(timerfd_create((int)a[0], (int)a[1]));
}

static abi_long do_timerfd_settime(const abi_long *a, bool time64)
{
    struct itimerspec nv, ov;
    abi_ulong gold = GPTR(a[3]);
    if (get_itimerspec(&nv, GPTR(a[2]), time64))
        return -EFAULT;
    if (timerfd_settime((int)a[0], (int)a[1], &nv, &ov) == -1)
        return -errno;
    return gold ? put_itimerspec(gold, &ov, time64) : 0;
}

SYS_HANDLER(timerfd_settime)
{
    return do_timerfd_settime(a, false);
}
SYS_HANDLER(timerfd_settime64)
{
    return do_timerfd_settime(a, true);
}

static abi_long do_timerfd_gettime(const abi_long *a, bool time64)
{
    struct itimerspec v;
    if (timerfd_gettime((int)a[0], &v) == -1)
        return -errno;
    return put_itimerspec(GPTR(a[1]), &v, time64);
}

SYS_HANDLER(timerfd_gettime)
{
    return do_timerfd_gettime(a, false);
}
SYS_HANDLER(timerfd_gettime64)
{
    return do_timerfd_gettime(a, true);
}

/* -- POSIX timers -- */

SYS_HANDLER(timer_create)
{
    abi_ulong gsev = GPTR(a[1]), gid = GPTR(a[2]);
    struct sigevent sev, *psev = NULL;
    if (!sys_lock_write(gid, 4))
        return -EFAULT;
    if (gsev) {
        SysSigevent g;
        if (sys_get_sigevent(&g, gsev))
            return -EFAULT;
        memset(&sev, 0, sizeof(sev));
        /* Comes back in the signal's si_value; signal.c keeps the low half. */
        sev.sigev_value.sival_ptr = (void *)(uintptr_t)g.value;
        sev.sigev_notify = g.notify;
        if (g.notify != SIGEV_NONE) {
            sev.sigev_signo = guest_to_host_signal(g.signo);
            if (!sev.sigev_signo)
                return -EINVAL;
        }
        if (g.notify & SIGEV_THREAD_ID)
            sev._sigev_un._tid = g.tid; /* sigev_notify_thread_id */
        psev = &sev;
    }
    int id; /* the kernel's timer id: an int on every ABI */
    if (syscall(SYS_timer_create, (clockid_t)a[0], psev, &id) == -1)
        return -errno;
    return sys_put_u32(gid, (uint32_t)id);
}

static abi_long do_timer_settime(const abi_long *a, bool time64)
{
    struct itimerspec nv, ov;
    abi_ulong gold = GPTR(a[3]);
    if (get_itimerspec(&nv, GPTR(a[2]), time64))
        return -EFAULT;
    if (syscall(SYS_timer_settime, (int)a[0], (int)a[1], &nv, gold ? &ov : NULL) == -1)
        return -errno;
    return gold ? put_itimerspec(gold, &ov, time64) : 0;
}

SYS_HANDLER(timer_settime)
{
    return do_timer_settime(a, false);
}
SYS_HANDLER(timer_settime64)
{
    return do_timer_settime(a, true);
}

static abi_long do_timer_gettime(const abi_long *a, bool time64)
{
    struct itimerspec v;
    if (syscall(SYS_timer_gettime, (int)a[0], &v) == -1)
        return -errno;
    return put_itimerspec(GPTR(a[1]), &v, time64);
}

SYS_HANDLER(timer_gettime)
{
    return do_timer_gettime(a, false);
}
SYS_HANDLER(timer_gettime64)
{
    return do_timer_gettime(a, true);
}
SYS_HANDLER(timer_getoverrun)
{
    return sys_ret(syscall(SYS_timer_getoverrun, (int)a[0]));
}
SYS_HANDLER(timer_delete)
{
    return sys_ret(syscall(SYS_timer_delete, (int)a[0]));
}

static abi_long do_sched_rr_get_interval(const abi_long *a, bool time64)
{
    struct timespec ts;
    if (sched_rr_get_interval((pid_t)a[0], &ts) == -1)
        return -errno;
    return sys_put_timespec(GPTR(a[1]), &ts, time64);
}

SYS_HANDLER(sched_rr_get_interval)
{
    return do_sched_rr_get_interval(a, false);
}
SYS_HANDLER(sched_rr_get_interval64)
{
    return do_sched_rr_get_interval(a, true);
}
