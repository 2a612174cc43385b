/*
 * The ARM EABI syscall ABI: guest number -> handler, strace format.
 *
 * The cpu loop calls do_syscall() (syscalls/dispatch.c) for an svc with
 * r7 = number and r0-r5 = arguments, and puts the result in r0:
 *
 *     r7 = 180 (pread64), r0 = fd, r1 = buf, r2 = count, r3 = (pad), r4:r5 = offset
 *       -> arm_pread64(cpu, a) -> sys_do_pread64(fd, buf, count, r4 | r5 << 32)
 *
 * Most entries point straight at a shared handler of syscalls/. The
 * wrappers here are what is ARM-specific: 64-bit arguments in aligned
 * register pairs (the EABI skips a register to start a pair at an even
 * one), the TLS register and the ARM-private calls (__ARM_NR_BASE = 0xf0000; the cpu loop
 * normally handles those itself). Numbers and names come from
 * syscalls/arm/nr.h.
 */
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "frontends/arm/cpu.h"
#include "xrun/tb.h"
#include "linux-user/arm/arm_user.h"
#include "syscalls/abi.h"
#include "syscalls/sys.h"

enum {
#define ARM_SYSCALL(n, name) ARM_NR_##name = n,
#include "syscalls/arm/nr.h"
#undef ARM_SYSCALL
    ARM_NR_TABLE_SIZE = 512,
};

/* ARM-private calls. */
enum {
    ARM_NR_BASE = 0xf0000,
    ARM_NR_breakpoint = ARM_NR_BASE + 1,
    ARM_NR_cacheflush = ARM_NR_BASE + 2,
    ARM_NR_usr26 = ARM_NR_BASE + 3,
    ARM_NR_usr32 = ARM_NR_BASE + 4,
    ARM_NR_set_tls = ARM_NR_BASE + 5,
    ARM_NR_get_tls = ARM_NR_BASE + 6,
};

static const char *const arm_sys_names[ARM_NR_TABLE_SIZE] = {
#define ARM_SYSCALL(n, name) [n] = #name,
#include "syscalls/arm/nr.h"
#undef ARM_SYSCALL
};

static CPUARMState *arm_env(CPUState *cpu)
{
    return (CPUARMState *)cpu;
}

/* -- Register pairs -- */

/* pread64(fd, buf, count, pad, lo, hi) */
static abi_long arm_pread64(CPUState *cpu, const abi_long *a)
{
    return sys_do_pread64((int)a[0], GPTR(a[1]), (uint32_t)a[2], sys_pair64(a[4], a[5]));
}

static abi_long arm_pwrite64(CPUState *cpu, const abi_long *a)
{
    return sys_do_pwrite64((int)a[0], GPTR(a[1]), (uint32_t)a[2], sys_pair64(a[4], a[5]));
}

/* preadv(fd, iov, count, pos_l, pos_h): the halves are plain arguments. */
static abi_long arm_preadv(CPUState *cpu, const abi_long *a)
{
    return sys_do_preadv((int)a[0], GPTR(a[1]), (uint32_t)a[2], sys_pair64(a[3], a[4]));
}

static abi_long arm_pwritev(CPUState *cpu, const abi_long *a)
{
    return sys_do_pwritev((int)a[0], GPTR(a[1]), (uint32_t)a[2], sys_pair64(a[3], a[4]));
}

/* preadv2(fd, iov, count, pos_l, pos_h, flags) */
static abi_long arm_preadv2(CPUState *cpu, const abi_long *a)
{
    return sys_do_preadv2((int)a[0], GPTR(a[1]), (uint32_t)a[2], sys_pair64(a[3], a[4]), (int)a[5]);
}

static abi_long arm_pwritev2(CPUState *cpu, const abi_long *a)
{
    return sys_do_pwritev2((int)a[0], GPTR(a[1]), (uint32_t)a[2], sys_pair64(a[3], a[4]),
                           (int)a[5]);
}

/* truncate64(path, pad, lo, hi) */
static abi_long arm_truncate64(CPUState *cpu, const abi_long *a)
{
    return sys_do_truncate(GPTR(a[0]), sys_pair64(a[2], a[3]));
}

static abi_long arm_ftruncate64(CPUState *cpu, const abi_long *a)
{
    return sys_do_ftruncate((int)a[0], sys_pair64(a[2], a[3]));
}

/* fallocate(fd, mode, off_lo, off_hi, len_lo, len_hi) */
static abi_long arm_fallocate(CPUState *cpu, const abi_long *a)
{
    return sys_do_fallocate((int)a[0], (int)a[1], sys_pair64(a[2], a[3]), sys_pair64(a[4], a[5]));
}

/* arm_fadvise64_64(fd, advice, off_lo, off_hi, len_lo, len_hi): advice
 * moved forward so that both pairs are aligned. */
static abi_long arm_fadvise64_64(CPUState *cpu, const abi_long *a)
{
    return sys_do_fadvise((int)a[0], sys_pair64(a[2], a[3]), sys_pair64(a[4], a[5]), (int)a[1]);
}

/* readahead(fd, pad, off_lo, off_hi, count) */
static abi_long arm_readahead(CPUState *cpu, const abi_long *a)
{
    return sys_do_readahead((int)a[0], sys_pair64(a[2], a[3]), (uint32_t)a[4]);
}

/* sync_file_range2(fd, flags, off_lo, off_hi, n_lo, n_hi) */
static abi_long arm_sync_file_range2(CPUState *cpu, const abi_long *a)
{
    return sys_do_sync_file_range((int)a[0], sys_pair64(a[2], a[3]), sys_pair64(a[4], a[5]),
                                  (unsigned)a[1]);
}

/* -- The table -- */

#define E(name, fn, fmt) [ARM_NR_##name] = {fn, fmt, 0}
#define EX(name, fn, fmt, fl) [ARM_NR_##name] = {fn, fmt, fl}

static const SysEntry arm_sys_table[ARM_NR_TABLE_SIZE] = {
#define SYSCALL_COMMON(name, fn, fmt, fl) [ARM_NR_##name] = {fn, fmt, fl},
#include "syscalls/common.def"
#undef SYSCALL_COMMON
    /* -- ARM EABI's own forms -- */
    /* files */
    E(pread64, arm_pread64, "dpu-L"),
    E(pwrite64, arm_pwrite64, "dpu-L"),
    E(preadv, arm_preadv, "dpdL"),
    E(pwritev, arm_pwritev, "dpdL"),
    E(preadv2, arm_preadv2, "dpdLx"),
    E(pwritev2, arm_pwritev2, "dpdLx"),
    E(open, sys_open, "sfo"),
    E(creat, sys_creat, "so"),
    E(_llseek, sys_llseek, "dxxpd"),
    E(dup2, sys_dup2, "dd"),
    E(pipe, sys_pipe, "p"),
    E(fcntl, sys_fcntl, "ddx"),
    E(fcntl64, sys_fcntl64, "ddx"),
    E(sendfile, sys_sendfile, "ddpu"),
    E(sendfile64, sys_sendfile64, "ddpu"),
    EX(io_pgetevents_time64, sys_io_pgetevents_time64, "xddppp", SE_NORESTART),
    E(truncate64, arm_truncate64, "s-L"),
    E(ftruncate64, arm_ftruncate64, "d-L"),
    E(fallocate, arm_fallocate, "ddLL"),
    E(arm_fadvise64_64, arm_fadvise64_64, "ddLL"),
    E(readahead, arm_readahead, "d-Lu"),
    E(arm_sync_file_range, arm_sync_file_range2, "dxLL"),
    /* directories and paths */
    E(mkdir, sys_mkdir, "so"),
    E(rmdir, sys_rmdir, "s"),
    E(unlink, sys_unlink, "s"),
    E(mknod, sys_mknod, "sox"),
    E(rename, sys_rename, "ss"),
    E(link, sys_link, "ss"),
    E(symlink, sys_symlink, "ss"),
    E(readlink, sys_readlink, "spu"),
    E(chmod, sys_chmod, "so"),
    E(chown, sys_chown16, "sdd"),
    E(lchown, sys_lchown16, "sdd"),
    E(fchown, sys_fchown16, "ddd"),
    E(chown32, sys_chown32, "sdd"),
    E(lchown32, sys_lchown32, "sdd"),
    E(fchown32, sys_fchown32, "ddd"),
    E(access, sys_access, "so"),
    E(utimes, sys_utimes, "sp"),
    E(futimesat, sys_futimesat, "Dsp"),
    E(utimensat_time64, sys_utimensat_time64, "Dspx"),
    /* stat */
    E(stat64, sys_stat64, "sp"),
    E(lstat64, sys_lstat64, "sp"),
    E(fstat64, sys_fstat64, "dp"),
    E(fstatat64, sys_fstatat64, "Dspx"),
    E(statfs64, sys_statfs64, "sup"),
    E(fstatfs64, sys_fstatfs64, "dup"),
    /* memory */
    EX(mmap2, sys_mmap2, "puPMdx", SE_HEX),
    /* processes */
    E(getuid32, sys_getuid, ""),
    E(geteuid32, sys_geteuid, ""),
    E(getgid32, sys_getgid, ""),
    E(getegid32, sys_getegid, ""),
    E(getresuid32, sys_getresuid, "ppp"),
    E(getresgid32, sys_getresgid, "ppp"),
    E(setuid32, sys_setuid, "d"),
    E(setgid32, sys_setgid, "d"),
    E(setreuid32, sys_setreuid, "dd"),
    E(setregid32, sys_setregid, "dd"),
    E(setresuid32, sys_setresuid, "ddd"),
    E(setresgid32, sys_setresgid, "ddd"),
    E(setfsuid32, sys_setfsuid, "d"),
    E(setfsgid32, sys_setfsgid, "d"),
    E(getgroups32, sys_getgroups, "dp"),
    E(getuid, sys_getuid16, ""),
    E(geteuid, sys_geteuid16, ""),
    E(getgid, sys_getgid16, ""),
    E(getegid, sys_getegid16, ""),
    E(setuid, sys_setuid16, "d"),
    E(setgid, sys_setgid16, "d"),
    E(setreuid, sys_setreuid16, "dd"),
    E(setregid, sys_setregid16, "dd"),
    E(setresuid, sys_setresuid16, "ddd"),
    E(setresgid, sys_setresgid16, "ddd"),
    E(getresuid, sys_getresuid16, "ppp"),
    E(getresgid, sys_getresgid16, "ppp"),
    E(setfsuid, sys_setfsuid16, "d"),
    E(setfsgid, sys_setfsgid16, "d"),
    E(getgroups, sys_getgroups16, "dp"),
    E(setgroups, sys_setgroups16, "dp"),
    E(setgroups32, sys_setgroups, "dp"),
    E(getpgrp, sys_getpgrp, ""),
    E(ugetrlimit, sys_getrlimit, "dp"),
    EX(fork, sys_fork, "", SE_AFTER),
    EX(vfork, sys_vfork, "", SE_AFTER),
    /* CLONE_BACKWARDS: (flags, newsp, parent_tid, tls, child_tid) */
    EX(clone, sys_clone_backwards, "xppxp", SE_AFTER),
    /* time */
    E(clock_gettime64, sys_clock_gettime64, "dp"),
    E(clock_getres_time64, sys_clock_getres64, "dp"),
    E(adjtimex, sys_adjtimex, "p"),
    E(clock_adjtime, sys_clock_adjtime, "dp"),
    E(clock_adjtime64, sys_clock_adjtime64, "dp"),
    E(clock_settime64, sys_eperm, "dp"),
    EX(clock_nanosleep_time64, sys_clock_nanosleep64, "dxpp", SE_NORESTART),
    E(timerfd_settime64, sys_timerfd_settime64, "dxpp"),
    E(timerfd_gettime64, sys_timerfd_gettime64, "dp"),
    E(timer_settime64, sys_timer_settime64, "dxpp"),
    E(timer_gettime64, sys_timer_gettime64, "dp"),
    E(sched_rr_get_interval_time64, sys_sched_rr_get_interval64, "dp"),
    /* polling */
    EX(poll, sys_poll, "pud", SE_NORESTART),
    EX(ppoll_time64, sys_ppoll_time64, "pupp", SE_NORESTART),
    EX(_newselect, sys_select, "dpppp", SE_NORESTART),
    EX(pselect6_time64, sys_pselect6_time64, "dppppp", SE_NORESTART),
    E(epoll_create, sys_epoll_create, "d"),
    EX(epoll_wait, sys_epoll_wait, "dpdd", SE_NORESTART),
    E(eventfd, sys_eventfd, "u"),
    E(signalfd, sys_signalfd, "dpu"),
    E(inotify_init, sys_inotify_init, ""),
    /* sockets */
    E(send, sys_send, "dpux"),
    E(recv, sys_recv, "dpux"),
    E(recvmmsg_time64, sys_recvmmsg, "dpuxp"),
    /* SysV IPC, POSIX message queues */
    E(shmctl, sys_shmctl, "dCp"),
    EX(semtimedop_time64, sys_semtimedop_time64, "dpup", SE_NORESTART),
    E(semctl, sys_semctl, "ddEx"),
    E(msgctl, sys_msgctl, "dQp"),
    E(mq_timedsend_time64, sys_mq_timedsend_time64, "dpuup"),
    E(mq_timedreceive_time64, sys_mq_timedreceive_time64, "dpupp"),
    /* system, scheduling, futexes */
    EX(futex_time64, sys_futex_time64, "pdxpxx", SE_NORESTART),
    E(nice, sys_nice, "d"),
    /* signals */
    EX(rt_sigtimedwait_time64, sys_rt_sigtimedwait_time64, "pppu", SE_NORESTART),
    EX(sigreturn, sys_sigreturn, "", SE_NORESTART),
    EX(pause, sys_pause, "", SE_NORESTART),
};

/* -- ARM-private calls -- */

static abi_long arm_private_syscall(CPUState *cpu, uint32_t num, const abi_long *a)
{
    CPUARMState *env = arm_env(cpu);
    switch (num) {
    case ARM_NR_cacheflush:
        /* The guest wrote code: drop what was translated from [start, end). */
        if ((uint32_t)a[1] > (uint32_t)a[0])
            tb_invalidate_range((uint32_t)a[0], (uint32_t)a[1], 0);
        return 0;
    case ARM_NR_set_tls:
        env->tpidruro = (uint32_t)a[0];
        return 0;
    case ARM_NR_get_tls:
        return env->tpidruro;
    default:
        return -ENOSYS;
    }
}

static const char *arm_private_name(uint32_t num)
{
    if (num < ARM_NR_BASE)
        return NULL;
    static const char *const names[] = {NULL,    "breakpoint", "cacheflush", "usr26",
                                        "usr32", "set_tls",    "get_tls"};
    uint32_t i = num - ARM_NR_BASE;
    return i < sizeof(names) / sizeof(names[0]) ? names[i] : NULL;
}

/* -- The ABI -- */

const SysAbi arm_sys_abi = {
    .name = "arm-eabi",
    .table = arm_sys_table,
    .names = arm_sys_names,
    .table_size = ARM_NR_TABLE_SIZE,
    .nr_restart_syscall = ARM_NR_restart_syscall,
    .private_name = arm_private_name,
    .private_call = arm_private_syscall,
    .ptr_bits = 32,
    .long_bits = 32,
    .pair64 = true,
    .layouts = &arm_sys_layouts,
    .shmlba = 4 * GUEST_PAGE_SIZE, /* ARM forces 4 pages (asm/shmparam.h) */
    /* asm/fcntl.h of arm moved these four from the generic values. */
    .o_directory = 0x4000,
    .o_nofollow = 0x8000,
    .o_direct = 0x10000,
    .o_largefile = 0x20000,
};
