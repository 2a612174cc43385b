/*
 * The guest's signal syscalls: rt_sigaction, rt_sigprocmask, sigaltstack,
 * rt_sigpending, rt_sigsuspend, rt_sigtimedwait(_time64), kill/tkill/tgkill,
 * rt_(tg)sigqueueinfo and the two sigreturns. The state they change and the
 * delivery rules are in signal.c; guest structures are the 32-bit Linux ones:
 *
 *     struct sigaction (rt_sigaction) { u32 handler, flags, restorer; u32 mask[2]; }   20 bytes
 *     stack_t                         { u32 ss_sp; s32 ss_flags; u32 ss_size; }        12 bytes
 *     sigset_t                        u32[2], bit n-1 of the 64-bit value = signal n
 */
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "linux-user/signal_priv.h"
#include "syscalls/abi.h"
#include "syscalls/layout.h"
#include "syscalls/sys.h"

#define GUEST_SIGSET_SIZE 8

static uint64_t sig_read_guest_set(abi_ulong addr)
{
    const uint32_t *w = g2h(addr);
    return w[0] | (uint64_t)w[1] << 32;
}

static void sig_write_guest_set(abi_ulong addr, uint64_t set)
{
    uint32_t *w = g2h(addr);
    w[0] = (uint32_t)set;
    w[1] = (uint32_t)(set >> 32);
}

static uint64_t sig_unblockable(void)
{
    return 1ull << (SIGKILL - 1) | 1ull << (SIGSTOP - 1);
}

/* -- rt_sigaction -- */

/*
 * The kernel's struct sigaction for rt_sigaction on every supported guest:
 * { handler, unsigned long flags, restorer, 64-bit mask } in pointer-sized
 * words (20 bytes on 32-bit ABIs, 32 on LP64).
 */
static unsigned sigaction_word(void) { return sys_abi->ptr_bits / 8; }
static unsigned sigaction_size(void) { return 3 * sigaction_word() + GUEST_SIGSET_SIZE; }

static void sigaction_read(GuestSigAction *ka, abi_ulong addr)
{
    const uint8_t *g = g2h(addr);
    unsigned w = sigaction_word();
    SysField f = {0, (uint16_t)w};
    ka->handler = sys_field_get(g, f);
    f.off = (uint16_t)w;
    ka->flags = sys_field_get(g, f);
    f.off = (uint16_t)(2 * w);
    ka->restorer = sys_field_get(g, f);
    memcpy(&ka->mask, g + 3 * w, GUEST_SIGSET_SIZE);
}

static void sigaction_write(abi_ulong addr, const GuestSigAction *ka)
{
    uint8_t *g = g2h(addr);
    unsigned w = sigaction_word();
    SysField f = {0, (uint16_t)w};
    sys_field_put(g, f, ka->handler);
    f.off = (uint16_t)w;
    sys_field_put(g, f, ka->flags);
    f.off = (uint16_t)(2 * w);
    sys_field_put(g, f, ka->restorer);
    memcpy(g + 3 * w, &ka->mask, GUEST_SIGSET_SIZE);
}

abi_long do_rt_sigaction(int sig, abi_ulong act, abi_ulong oldact, abi_ulong sigsetsize)
{
    if (sigsetsize != GUEST_SIGSET_SIZE || sig < 1 || sig > GUEST_NSIG)
        return -EINVAL;
    GuestSigAction nka;
    if (act) {
        if (sig == SIGKILL || sig == SIGSTOP)
            return -EINVAL;
        if (!access_ok(PAGE_READ, act, sigaction_size()))
            return -EFAULT;
        sigaction_read(&nka, act);
        nka.mask &= ~sig_unblockable();
    }
    if (oldact && !access_ok(PAGE_WRITE, oldact, sigaction_size()))
        return -EFAULT;

    sig_lock_table();
    GuestSigAction old = sig_actions[sig];
    if (act) {
        sig_actions[sig] = nka;
        sig_update_host_action(sig);
    }
    sig_unlock_table();

    if (act && guest_to_host_signal(sig)) {
        /* Setting SIG_IGN (or a default of "ignore") discards what is pending. */
        TaskState *ts = sig_current_ts();
        bool ignores = nka.handler == GUEST_SIG_IGN ||
                       (nka.handler == GUEST_SIG_DFL && (sig == SIGCHLD || sig == SIGURG || sig == SIGWINCH));
        if (ts && ignores)
            ts->sigtab[guest_to_host_signal(sig)].pending = 0;
    }
    if (oldact)
        sigaction_write(oldact, &old);
    return 0;
}

/* -- rt_sigprocmask, rt_sigpending -- */

abi_long do_rt_sigprocmask(CPUState *cpu, int how, abi_ulong set, abi_ulong oldset, abi_ulong sigsetsize)
{
    TaskState *ts = sig_task(cpu);
    if (sigsetsize != GUEST_SIGSET_SIZE)
        return -EINVAL;
    uint64_t old = ts->guest_mask;
    if (set) {
        if (how != SIG_BLOCK && how != SIG_UNBLOCK && how != SIG_SETMASK)
            return -EINVAL;
        if (!access_ok(PAGE_READ, set, GUEST_SIGSET_SIZE))
            return -EFAULT;
    }
    if (oldset && !access_ok(PAGE_WRITE, oldset, GUEST_SIGSET_SIZE))
        return -EFAULT;
    if (set) {
        uint64_t s = sig_read_guest_set(set);
        uint64_t mask = how == SIG_BLOCK ? old | s : how == SIG_UNBLOCK ? old & ~s : s;
        sig_block_all();
        ts->guest_mask = mask & ~sig_unblockable();
        sig_mask_changed(ts);
    }
    if (oldset)
        sig_write_guest_set(oldset, old);
    return 0;
}

abi_long do_rt_sigpending(CPUState *cpu, abi_ulong set, abi_ulong sigsetsize)
{
    TaskState *ts = sig_task(cpu);
    if (sigsetsize != GUEST_SIGSET_SIZE)
        return -EINVAL;
    if (!access_ok(PAGE_WRITE, set, GUEST_SIGSET_SIZE))
        return -EFAULT;
    HostSigSet pend = sig_host_pending();
    for (int hsig = 1; hsig <= 64; hsig++)
        if (ts->sigtab[hsig].pending)
            pend |= SIG_BIT(hsig);
    /* Only what the guest blocks counts as pending for it. */
    sig_write_guest_set(set, pend & ts->guest_mask);
    return 0;
}

/* -- sigaltstack -- */

abi_long do_sigaltstack(CPUState *cpu, abi_ulong ss, abi_ulong oss)
{
    TaskState *ts = sig_task(cpu);
    abi_ulong sp = sig_arch()->get_sp(cpu);
    const typeof(sys_abi->layouts->stack) *L = &sys_abi->layouts->stack;
    uint8_t cur[SYS_LAYOUT_MAX];
    memset(cur, 0, L->size);
    sys_field_put(cur, L->f_ss_sp, ts->sigaltstack_sp);
    sys_field_put(cur, L->f_ss_flags, (uint32_t)sig_altstack_flags(ts, sp));
    sys_field_put(cur, L->f_ss_size, ts->sigaltstack_size);
    if (ss) {
        abi_ulong ss_sp, ss_size;
        uint32_t ss_flags;
        if (!sig_read_guest_stack(ss, &ss_sp, &ss_flags, &ss_size))
            return -EFAULT;
        int r = sig_set_altstack(ts, sp, ss_sp, ss_flags, ss_size);
        if (r < 0)
            return r;
    }
    if (oss) {
        if (!access_ok(PAGE_WRITE, oss, L->size))
            return -EFAULT;
        memcpy(g2h(oss), cur, L->size);
    }
    return 0;
}

/* -- rt_sigsuspend -- */

abi_long do_rt_sigsuspend(CPUState *cpu, abi_ulong mask, abi_ulong sigsetsize)
{
    TaskState *ts = sig_task(cpu);
    if (sigsetsize != GUEST_SIGSET_SIZE)
        return -EINVAL;
    if (!access_ok(PAGE_READ, mask, GUEST_SIGSET_SIZE))
        return -EFAULT;
    HostSigSet nmask = sig_read_guest_set(mask) & ~sig_unblockable();

    /* Blocked from here to sigsuspend(), which unblocks atomically: a signal
     * arriving in between cannot be missed. */
    sig_block_all();
    ts->sigsuspend_mask = ts->guest_mask;
    ts->in_sigsuspend = true;
    ts->guest_mask = nmask;
    HostSigSet host = nmask & ~HOST_SIG_SYNC;
    while (!sig_has_deliverable(ts))
        syscall(SYS_rt_sigsuspend, &host, sizeof(host));
    /* The handler runs with the pre-suspend mask saved in its frame; see
     * sig_deliver(). process_pending_signals() restores the host mask. */
    ts->signal_pending = 1;
    if (ts->cpu)
        cpu_exit(ts->cpu);
    return -EINTR;
}

/* -- Calls with a temporary mask: ppoll, pselect6, epoll_pwait -- */

/*
 * As the kernel's set_user_sigmask: the call's mask is the guest's mask
 * while it sleeps. The host call installs it on the host thread itself,
 * and a guest-handled signal it lets in is recorded and interrupts it
 * (recording does not look at the mask). Then, as after sigsuspend, the
 * handler must run with the call's mask in force and save the caller's in
 * its frame (the same in_sigsuspend state); without an interruption the
 * caller's mask simply stays.
 */
long sig_call_mask_done(const void *mask, long ret)
{
    TaskState *ts = sig_current_ts();
    if (!mask || !ts || ret != -EINTR)
        return ret;
    HostSigSet during = hset_get(mask) & ~sig_unblockable();
    sig_block_all();
    if (!(sig_recorded(ts) & ~during) && !(sig_host_pending() & ~during & ~HOST_SIG_SYNC)) {
        sig_mask_changed(ts);
        return ret;
    }
    ts->sigsuspend_mask = ts->guest_mask;
    ts->in_sigsuspend = true;
    ts->guest_mask = during;
    ts->signal_pending = 1;
    if (ts->cpu)
        cpu_exit(ts->cpu);
    sig_mask_changed(ts);
    return ret;
}

/* -- rt_sigtimedwait -- */

static abi_long sig_timedwait(CPUState *cpu, abi_ulong set, abi_ulong info, const struct timespec *tout,
                              abi_ulong sigsetsize)
{
    TaskState *ts = sig_task(cpu);
    if (sigsetsize != GUEST_SIGSET_SIZE)
        return -EINVAL;
    if (!access_ok(PAGE_READ, set, GUEST_SIGSET_SIZE))
        return -EFAULT;
    if (info && !access_ok(PAGE_WRITE, info, sizeof(GuestSiginfo)))
        return -EFAULT;
    HostSigSet want = sig_read_guest_set(set) & ~sig_unblockable();

    siginfo_t hinfo;
    int hsig;
    sig_block_all();
    /* Already pending (recorded, or in the host queues): take it in the
     * kernel's order without sleeping. */
    if (sig_dequeue(ts, want, &hinfo)) {
        hsig = hinfo.si_signo;
        sig_mask_changed(ts);
    } else {
        if (sig_has_deliverable(ts)) {
            ts->signal_pending = 1;
            if (ts->cpu)
                cpu_exit(ts->cpu);
            return -EINTR; /* a handler must run first; mask restored on delivery */
        }
        /* The host kernel unblocks the waited-for set while it sleeps. */
        sig_apply_host_mask(ts);
        long r = safe_syscall(SYS_rt_sigtimedwait, &want, &hinfo, tout, (long)sizeof(want));
        if (r < 0)
            return r == -XRUN_ERESTARTSYS ? -EINTR : r;
        hsig = (int)r;
    }
    if (info) {
        GuestSiginfo g;
        sig_host_to_guest_siginfo(&g, &hinfo);
        memcpy(g2h(info), &g, sizeof(g));
    }
    return host_to_guest_signal(hsig);
}

abi_long do_rt_sigtimedwait(CPUState *cpu, abi_ulong set, abi_ulong info, abi_ulong ts, abi_ulong sigsetsize)
{
    struct timespec t;
    if (ts && sys_get_timespec(&t, ts, false))
        return -EFAULT;
    return sig_timedwait(cpu, set, info, ts ? &t : NULL, sigsetsize);
}

abi_long do_rt_sigtimedwait_time64(CPUState *cpu, abi_ulong set, abi_ulong info, abi_ulong ts,
                                   abi_ulong sigsetsize)
{
    struct timespec t;
    if (ts) {
        if (!access_ok(PAGE_READ, ts, 16))
            return -EFAULT;
        const int64_t *w = g2h(ts);
        t.tv_sec = w[0];
        t.tv_nsec = (long)(int32_t)w[1]; /* 32-bit guests: the upper half is padding */
    }
    return sig_timedwait(cpu, set, info, ts ? &t : NULL, sigsetsize);
}

/* -- kill, tkill, tgkill -- */

abi_long do_kill_like(int kind, abi_long a0, abi_long a1, abi_long a2)
{
    int sig = (int)(kind == KILL_LIKE_TGKILL ? a2 : a1);
    int hsig = 0;
    if (sig != 0) {
        hsig = guest_to_host_signal(sig);
        if (!hsig)
            return -EINVAL; /* out of range */
    }
    long r;
    switch (kind) {
    case KILL_LIKE_KILL:
        r = syscall(SYS_kill, (pid_t)(int32_t)a0, hsig);
        break;
    case KILL_LIKE_TKILL:
        r = syscall(SYS_tkill, (pid_t)(int32_t)a0, hsig);
        break;
    case KILL_LIKE_TGKILL:
        r = syscall(SYS_tgkill, (pid_t)(int32_t)a0, (pid_t)(int32_t)a1, hsig);
        break;
    default:
        return -ENOSYS;
    }
    return r < 0 ? -errno : r;
}

/* sigqueue(): the guest's siginfo goes to the host as is. A 32-bit
 * si_value is widened as a 32-bit kernel widens it into a signalfd's
 * 64-bit ssi_ptr: (long) of a 32-bit pointer, sign-extended. */
abi_long do_rt_sigqueueinfo(abi_long tgid, abi_long tid, abi_long sig, abi_ulong info)
{
    int hsig = guest_to_host_signal((int)sig);
    if (!hsig)
        return -EINVAL;
    if (!access_ok(PAGE_READ, info, sizeof(GuestSiginfo)))
        return -EFAULT;
    siginfo_t h;
    sig_guest_to_host_siginfo(&h, g2h(info), hsig, true);
    long r = tid < 0 ? syscall(SYS_rt_sigqueueinfo, (pid_t)tgid, hsig, &h)
                     : syscall(SYS_rt_tgsigqueueinfo, (pid_t)tgid, (pid_t)tid, hsig, &h);
    return r < 0 ? -errno : r;
}

/* -- sigreturn -- */

abi_long do_rt_sigreturn(CPUState *cpu)
{
    return sig_arch()->sigreturn(cpu, true);
}

abi_long do_sigreturn(CPUState *cpu)
{
    return sig_arch()->sigreturn(cpu, false);
}
