/*
 * siginfo_t between the host and the guest ABI's layout
 * (sys_abi->layouts->siginfo): which members a signal carries follows the
 * kernel's rules (si_code <= 0 and SI_KERNEL: a sender and a value; faults:
 * the address; SIGCHLD: child, status and times; SIGIO: band and fd;
 * SIGSYS: the call), and the numbers are the guest's.
 *
 *     host { si_signo SIGCHLD, si_code CLD_EXITED, si_pid 9, si_status 3 }
 *       -> EABI: pid at 12, status at 20;  LP64: pid at 16, status at 24
 */
#include <signal.h>
#include <string.h>

#include "linux-user/signal_priv.h"
#include "syscalls/abi.h"
#include "syscalls/layout.h"

void sig_host_to_guest_siginfo(GuestSiginfo *out, const siginfo_t *in)
{
    const typeof(sys_abi->layouts->siginfo) *L = &sys_abi->layouts->siginfo;
    uint8_t *g = out->bytes;
    int hsig = in->si_signo;
    memset(out, 0, sizeof(*out));
    sys_field_put(g, L->f_si_signo, (uint32_t)host_to_guest_signal(hsig));
    sys_field_put(g, L->f_si_errno, (uint32_t)in->si_errno);
    sys_field_put(g, L->f_si_code, (uint32_t)in->si_code);
    uint64_t value = (uint64_t)(uintptr_t)in->si_value.sival_ptr;
    if (in->si_code == SI_TIMER) {
        sys_field_put(g, L->f_si_tid, (uint32_t)in->si_timerid);
        sys_field_put(g, L->f_si_overrun, (uint32_t)in->si_overrun);
        sys_field_put(g, L->f_si_value, value);
        return;
    }
    bool from_process = in->si_code <= 0 || in->si_code == SI_KERNEL;
    switch (from_process ? 0 : hsig) {
    case SIGSEGV: case SIGBUS: case SIGILL: case SIGFPE: case SIGTRAP:
        /* Faults queued by xrun already carry the guest address. */
        sys_field_put(g, L->f_si_addr, (uint64_t)(uintptr_t)in->si_addr);
        break;
    case SIGCHLD:
        sys_field_put(g, L->f_si_pid, (uint32_t)in->si_pid);
        sys_field_put(g, L->f_si_uid, in->si_uid);
        /* si_status is an exit code for CLD_EXITED, else a signal. */
        sys_field_put(g, L->f_si_status,
                      (uint32_t)(in->si_code == CLD_EXITED ? in->si_status : host_to_guest_signal(in->si_status)));
        sys_field_put(g, L->f_si_utime, (uint64_t)in->si_utime);
        sys_field_put(g, L->f_si_stime, (uint64_t)in->si_stime);
        break;
    case SIGIO:
        sys_field_put(g, L->f_si_band, (uint64_t)in->si_band);
        sys_field_put(g, L->f_si_fd, (uint32_t)in->si_fd);
        break;
    case SIGSYS:
        sys_field_put(g, L->f_si_call_addr, (uint64_t)(uintptr_t)in->si_call_addr);
        sys_field_put(g, L->f_si_syscall, (uint32_t)in->si_syscall);
        sys_field_put(g, L->f_si_arch, in->si_arch);
        break;
    default:
        /* kill, tkill, sigqueue, mq_notify, ...: sender and value */
        sys_field_put(g, L->f_si_pid, (uint32_t)in->si_pid);
        sys_field_put(g, L->f_si_uid, in->si_uid);
        sys_field_put(g, L->f_si_value, value);
        break;
    }
}

void sig_guest_to_host_siginfo(siginfo_t *out, const GuestSiginfo *in, int hsig, bool sign_extend)
{
    const typeof(sys_abi->layouts->siginfo) *L = &sys_abi->layouts->siginfo;
    const uint8_t *g = in->bytes;
    memset(out, 0, sizeof(*out));
    out->si_signo = hsig;
    out->si_errno = (int)sys_field_get(g, L->f_si_errno);
    out->si_code = (int)sys_field_get(g, L->f_si_code);
    out->si_pid = (pid_t)sys_field_get(g, L->f_si_pid);
    out->si_uid = (uid_t)sys_field_get(g, L->f_si_uid);
    uint64_t v = sign_extend ? (uint64_t)sys_field_get_s(g, L->f_si_value) : sys_field_get(g, L->f_si_value);
    out->si_value.sival_ptr = (void *)(uintptr_t)v;
}
