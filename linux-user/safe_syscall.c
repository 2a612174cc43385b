/*
 * safe_syscall(): a host syscall that a guest signal cannot slip past.
 *
 * A guest-handled signal is recorded by the host handler and delivered
 * later, at the next TB boundary. If it arrives just before a blocking host
 * syscall (read, pause, wait4, ...) starts, the syscall would block with
 * the signal already consumed: the guest handler would run only when the
 * syscall ends on its own, maybe never. So blocking syscalls check the
 * thread's signal_pending flag and enter the kernel in one short stretch of
 * assembly:
 *
 *     safe_syscall_start:  cmpl $0, (pending) ; jne interrupted ; syscall
 *     safe_syscall_end:    ret
 *     interrupted:         return -XRUN_ERESTARTSYS
 *
 * If a signal lands on a pc in [start, end) the syscall has not begun; the
 * host handler (signal.c) moves the pc to "interrupted". Once it has begun,
 * the kernel interrupts it with EINTR (xrun's handlers have no SA_RESTART).
 * Either way the caller returns -XRUN_ERESTARTSYS (or -EINTR, which the
 * syscall table turns into it) and the cpu loop delivers the signal first.
 *
 *     long r = safe_syscall(SYS_read, fd, buf, n);   // -errno on failure
 */
#include <errno.h>
#include <stdarg.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "linux-user/signal_priv.h"

_Static_assert(XRUN_ERESTARTSYS == 512, "the assembly below returns -512");

#if defined(__x86_64__)
/* long safe_syscall_base(volatile int *pending, long nr, long a1, ..., long a6)
 * SysV: rdi pending, rsi nr, rdx rcx r8 r9 a1-a4, 8(%rsp) a5, 16(%rsp) a6.
 * Kernel: rax nr, rdi rsi rdx r10 r8 r9 a1-a6; syscall clobbers rcx, r11. */
__asm__(".text\n"
        ".globl safe_syscall_base\n"
        ".type safe_syscall_base, @function\n"
        "safe_syscall_base:\n"
        "    mov %rdi, %r11\n"        /* pending */
        "    mov %rsi, %rax\n"        /* nr */
        "    mov %rdx, %rdi\n"
        "    mov %rcx, %rsi\n"
        "    mov %r8, %rdx\n"
        "    mov %r9, %r10\n"
        "    mov 8(%rsp), %r8\n"
        "    mov 16(%rsp), %r9\n"
        ".globl safe_syscall_start\n"
        "safe_syscall_start:\n"
        "    cmpl $0, (%r11)\n"
        "    jne safe_syscall_interrupted\n"
        "    syscall\n"
        ".globl safe_syscall_end\n"
        "safe_syscall_end:\n"
        "    ret\n"
        ".globl safe_syscall_interrupted\n"
        "safe_syscall_interrupted:\n"
        "    mov $-512, %rax\n"
        "    ret\n"
        ".size safe_syscall_base, .-safe_syscall_base\n");

long safe_syscall_base(volatile int *pending, long nr, long a1, long a2, long a3, long a4, long a5, long a6);

long safe_syscall(long nr, ...)
{
    va_list ap;
    va_start(ap, nr);
    long a[6];
    for (int i = 0; i < 6; i++)
        a[i] = va_arg(ap, long);
    va_end(ap);
    TaskState *ts = sig_current_ts();
    static volatile int never;
    return safe_syscall_base(ts ? &ts->signal_pending : &never, nr, a[0], a[1], a[2], a[3], a[4], a[5]);
}

bool safe_syscall_interrupt(uintptr_t *host_pc)
{
    extern char safe_syscall_start[], safe_syscall_end[], safe_syscall_interrupted[];
    if (*host_pc >= (uintptr_t)safe_syscall_start && *host_pc < (uintptr_t)safe_syscall_end) {
        *host_pc = (uintptr_t)safe_syscall_interrupted;
        return true;
    }
    return false;
}

#else
/* Other hosts: a plain syscall (the race described above remains). */
long safe_syscall(long nr, ...)
{
    va_list ap;
    va_start(ap, nr);
    long a[6];
    for (int i = 0; i < 6; i++)
        a[i] = va_arg(ap, long);
    va_end(ap);
    long r = syscall(nr, a[0], a[1], a[2], a[3], a[4], a[5]);
    return r == -1 ? -errno : r;
}

bool safe_syscall_interrupt(uintptr_t *host_pc)
{
    (void)host_pc;
    return false;
}
#endif
