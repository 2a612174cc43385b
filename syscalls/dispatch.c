/*
 * The syscall dispatcher shared by every guest ABI: number -> entry of
 * sys_abi's table, strace around the call, the once-only report of
 * unsupported numbers and the restart rule.
 *
 *     do_syscall(cpu, 63, fd, buf, n, ...)        (aarch64 read)
 *       entry = sys_abi->table[63] = {sys_read, "dpu", 0}
 *       strace: read(3, 0x5500001000, 4096)
 *       ret = sys_read(cpu, a)
 *       strace:  = 4096
 *
 * A handler failing with -EINTR becomes -XRUN_ERESTARTSYS (the cpu loop and
 * signal.c then restart or fail the call per SA_RESTART), except for calls
 * marked SE_NORESTART, which Linux never restarts.
 *
 * A number with no entry returns -ENOSYS and is reported once:
 *     xrun: unsupported syscall 21 (mount)
 */
#include <pthread.h>
#include <stdio.h>

#include "syscalls/abi.h"
#include "syscalls/sys.h"

const SysAbi *sys_abi;
abi_ulong sys_ptr_mask = 0xffffffffu, sys_ulong_mask = 0xffffffffu;
unsigned sys_long_shift = 32;

void sys_set_abi(const SysAbi *abi)
{
    sys_abi = abi;
    sys_ptr_mask = abi->ptr_bits == 64 ? ~(abi_ulong)0 : 0xffffffffu;
    sys_ulong_mask = abi->long_bits == 64 ? ~(abi_ulong)0 : 0xffffffffu;
    sys_long_shift = 64 - abi->long_bits;
}

static bool strace_on(void)
{
    return user_opts.strace || log_enabled(LOG_STRACE);
}

/* "xrun: unsupported syscall N (name)", once per number. */
static void report_unsupported(uint32_t num, const char *name)
{
    /* Atomic: guest threads may hit the same number at once. */
    enum { SEEN_BITS = 1024 };
    static uint8_t seen[SEEN_BITS / 8];
    static uint32_t seen_other[16];
    static unsigned n_other;
    static pthread_mutex_t other_lock = PTHREAD_MUTEX_INITIALIZER;
    if (num < SEEN_BITS) {
        uint8_t bit = (uint8_t)(1u << (num % 8));
        if (__atomic_fetch_or(&seen[num / 8], bit, __ATOMIC_RELAXED) & bit)
            return;
    } else {
        bool dup = false;
        pthread_mutex_lock(&other_lock);
        for (unsigned i = 0; i < n_other && !dup; i++)
            dup = seen_other[i] == num;
        if (!dup && n_other < sizeof(seen_other) / sizeof(seen_other[0]))
            seen_other[n_other++] = num;
        pthread_mutex_unlock(&other_lock);
        if (dup)
            return;
    }
    fprintf(log_out ? log_out : stderr, "xrun: unsupported syscall %u (%s)\n", num, name);
}

static const char *private_name(const SysAbi *abi, uint32_t n)
{
    return abi->private_name ? abi->private_name(n) : NULL;
}

/* Entry-less numbers: the ABI's private calls, restart_syscall, the rest. */
static abi_long no_entry(const SysAbi *abi, CPUState *cpu, uint32_t n, const abi_long *a)
{
    if (private_name(abi, n))
        return abi->private_call(cpu, n, a);
    if (n == abi->nr_restart_syscall)
        return -EINTR; /* only reached when called by hand: restarts are signal.c's */
    return -ENOSYS;
}

abi_long do_syscall(CPUState *cpu, abi_long num, abi_long a1, abi_long a2, abi_long a3, abi_long a4,
                    abi_long a5, abi_long a6)
{
    const SysAbi *abi = sys_abi;
    const abi_long a[6] = {a1, a2, a3, a4, a5, a6};
    uint32_t n = (uint32_t)num;
    bool in_table = n < abi->table_size;
    const SysEntry *e = in_table && abi->table[n].fn ? &abi->table[n] : NULL;
    unsigned flags = e ? e->flags : 0;

    if (__builtin_expect(!e || strace_on(), 0)) {
        const char *name = in_table && abi->names ? abi->names[n] : private_name(abi, n);
        char unknown_name[24];
        if (!e && !private_name(abi, n) && n != abi->nr_restart_syscall)
            report_unsupported(n, name ? name : "unknown");
        if (!name) {
            snprintf(unknown_name, sizeof(unknown_name), "syscall_%u", n);
            name = unknown_name;
        }
        if (!strace_on())
            return no_entry(abi, cpu, n, a);
        if (!(flags & SE_AFTER))
            sys_strace_pre(name, e ? e->fmt : "xxxxxx", a, flags & SE_NORET);
        abi_long ret = e ? e->fn(cpu, a) : no_entry(abi, cpu, n, a);
        if (ret == -EINTR && e && !(flags & SE_NORESTART))
            ret = -XRUN_ERESTARTSYS;
        if (flags & SE_AFTER)
            sys_strace_full(name, e->fmt, a, ret, false);
        else
            sys_strace_post(ret, flags & SE_HEX);
        return ret;
    }

    abi_long ret = e->fn(cpu, a);
    /* Interrupted by a signal: the cpu loop and signal.c decide between
     * restarting the svc and returning -EINTR (SA_RESTART). */
    if (ret == -EINTR && !(flags & SE_NORESTART))
        ret = -XRUN_ERESTARTSYS;
    return ret;
}
