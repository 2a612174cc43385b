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
    /* files */
    E(read, sys_read, "dpu"),
    E(write, sys_write, "dpu"),
    E(readv, sys_readv, "dpd"),
    E(writev, sys_writev, "dpd"),
    E(pread64, arm_pread64, "dpu-L"),
    E(pwrite64, arm_pwrite64, "dpu-L"),
    E(preadv, arm_preadv, "dpdL"),
    E(pwritev, arm_pwritev, "dpdL"),
    E(preadv2, arm_preadv2, "dpdLx"),
    E(pwritev2, arm_pwritev2, "dpdLx"),
    E(memfd_create, sys_memfd_create, "sx"),
    E(open, sys_open, "sfo"),
    E(openat, sys_openat, "Dsfo"),
    E(openat2, sys_openat2, "Dspu"),
    E(creat, sys_creat, "so"),
    E(close, sys_close, "d"),
    E(close_range, sys_close_range, "uux"),
    E(lseek, sys_lseek, "ddd"),
    E(_llseek, sys_llseek, "dxxpd"),
    E(dup, sys_dup, "d"),
    E(dup2, sys_dup2, "dd"),
    E(dup3, sys_dup3, "ddF"),
    E(pipe, sys_pipe, "p"),
    E(pipe2, sys_pipe2, "pF"),
    E(fcntl, sys_fcntl, "ddx"),
    E(fcntl64, sys_fcntl64, "ddx"),
    E(flock, sys_flock, "dd"),
    E(ioctl, sys_ioctl, "dxx"),
    E(sendfile, sys_sendfile, "ddpu"),
    E(sendfile64, sys_sendfile64, "ddpu"),
    E(splice, sys_splice, "dpdpux"),
    E(tee, sys_tee, "ddux"),
    E(copy_file_range, sys_copy_file_range, "dpdpux"),
    E(io_setup, sys_io_setup, "up"),
    E(io_destroy, sys_io_destroy, "x"),
    E(io_submit, sys_io_submit, "xdp"),
    EX(io_getevents, sys_io_getevents, "xddpp", SE_NORESTART),
    EX(io_pgetevents, sys_io_pgetevents, "xddppp", SE_NORESTART),
    EX(io_pgetevents_time64, sys_io_pgetevents_time64, "xddppp", SE_NORESTART),
    E(io_cancel, sys_io_cancel, "xpp"),
    E(vmsplice, sys_vmsplice, "dpux"),
    E(name_to_handle_at, sys_name_to_handle_at, "Dsppx"),
    E(open_by_handle_at, sys_open_by_handle_at, "dpf"),
    E(fsync, sys_fsync, "d"),
    E(fdatasync, sys_fdatasync, "d"),
    E(sync, sys_sync, ""),
    E(syncfs, sys_syncfs, "d"),
    E(truncate, sys_truncate, "sd"),
    E(ftruncate, sys_ftruncate, "dd"),
    E(truncate64, arm_truncate64, "s-L"),
    E(ftruncate64, arm_ftruncate64, "d-L"),
    E(fallocate, arm_fallocate, "ddLL"),
    E(arm_fadvise64_64, arm_fadvise64_64, "ddLL"),
    E(readahead, arm_readahead, "d-Lu"),
    E(arm_sync_file_range, arm_sync_file_range2, "dxLL"),
    /* directories and paths */
    E(getcwd, sys_getcwd, "pu"),
    E(chdir, sys_chdir, "s"),
    E(fchdir, sys_fchdir, "d"),
    E(chroot, sys_chroot, "s"),
    E(mount, sys_mount, "sssxs"),
    E(umount2, sys_umount2, "sx"),
    E(getdents64, sys_getdents64, "dpu"),
    E(mkdir, sys_mkdir, "so"),
    E(mkdirat, sys_mkdirat, "Dso"),
    E(rmdir, sys_rmdir, "s"),
    E(unlink, sys_unlink, "s"),
    E(unlinkat, sys_unlinkat, "Dsx"),
    E(mknod, sys_mknod, "sox"),
    E(mknodat, sys_mknodat, "Dsox"),
    E(rename, sys_rename, "ss"),
    E(renameat, sys_renameat, "DsDs"),
    E(renameat2, sys_renameat2, "DsDsx"),
    E(link, sys_link, "ss"),
    E(linkat, sys_linkat, "DsDsx"),
    E(symlink, sys_symlink, "ss"),
    E(symlinkat, sys_symlinkat, "sDs"),
    E(readlink, sys_readlink, "spu"),
    E(readlinkat, sys_readlinkat, "Dspu"),
    E(chmod, sys_chmod, "so"),
    E(fchmod, sys_fchmod, "do"),
    E(fchmodat, sys_fchmodat, "Dso"),
    E(chown, sys_chown16, "sdd"),
    E(lchown, sys_lchown16, "sdd"),
    E(fchown, sys_fchown16, "ddd"),
    E(chown32, sys_chown32, "sdd"),
    E(lchown32, sys_lchown32, "sdd"),
    E(fchown32, sys_fchown32, "ddd"),
    E(fchownat, sys_fchownat, "Dsddx"),
    E(umask, sys_umask, "o"),
    E(access, sys_access, "so"),
    E(faccessat, sys_faccessat, "Dso"),
    E(faccessat2, sys_faccessat2, "Dsox"),
    E(utimes, sys_utimes, "sp"),
    E(futimesat, sys_futimesat, "Dsp"),
    E(utimensat, sys_utimensat, "Dspx"),
    E(utimensat_time64, sys_utimensat_time64, "Dspx"),
    /* stat */
    E(stat64, sys_stat64, "sp"),
    E(lstat64, sys_lstat64, "sp"),
    E(fstat64, sys_fstat64, "dp"),
    E(fstatat64, sys_fstatat64, "Dspx"),
    E(statx, sys_statx, "Dsxxp"),
    E(statfs, sys_statfs, "sp"),
    E(fstatfs, sys_fstatfs, "dp"),
    E(statfs64, sys_statfs64, "sup"),
    E(fstatfs64, sys_fstatfs64, "dup"),
    E(setxattr, sys_setxattr, "sspux"),
    E(lsetxattr, sys_lsetxattr, "sspux"),
    E(fsetxattr, sys_fsetxattr, "dspux"),
    E(getxattr, sys_getxattr, "sspu"),
    E(lgetxattr, sys_lgetxattr, "sspu"),
    E(fgetxattr, sys_fgetxattr, "dspu"),
    E(listxattr, sys_listxattr, "spu"),
    E(llistxattr, sys_llistxattr, "spu"),
    E(flistxattr, sys_flistxattr, "dpu"),
    E(removexattr, sys_removexattr, "ss"),
    E(lremovexattr, sys_lremovexattr, "ss"),
    E(fremovexattr, sys_fremovexattr, "ds"),
    /* memory */
    EX(brk, sys_brk, "p", SE_HEX),
    EX(mmap2, sys_mmap2, "puPMdx", SE_HEX),
    E(munmap, sys_munmap, "pu"),
    E(mprotect, sys_mprotect, "puP"),
    EX(mremap, sys_mremap, "puuxp", SE_HEX),
    E(madvise, sys_madvise, "pud"),
    E(msync, sys_msync, "pux"),
    E(mincore, sys_mincore, "pup"),
    E(pkey_mprotect, sys_pkey_mprotect, "puPd"),
    E(pkey_alloc, sys_pkey_alloc, "xx"),
    E(pkey_free, sys_pkey_free, "d"),
    E(mlock, sys_mlock, "pu"),
    E(munlock, sys_munlock, "pu"),
    E(mlockall, sys_mlockall, "x"),
    E(munlockall, sys_munlockall, ""),
    E(mlock2, sys_mlock2, "pux"),
    /* processes */
    E(getpid, sys_getpid, ""),
    E(getppid, sys_getppid, ""),
    E(gettid, sys_gettid, ""),
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
    E(setsid, sys_setsid, ""),
    E(getsid, sys_getsid, "d"),
    E(setpgid, sys_setpgid, "dd"),
    E(getpgid, sys_getpgid, "d"),
    E(getpgrp, sys_getpgrp, ""),
    E(prctl, sys_prctl, "dxxxx"),
    E(personality, sys_personality, "x"),
    E(ugetrlimit, sys_getrlimit, "dp"),
    E(setrlimit, sys_setrlimit, "dp"),
    E(prlimit64, sys_prlimit64, "ddpp"),
    E(getrusage, sys_getrusage, "dp"),
    E(times, sys_times, "p"),
    E(getpriority, sys_getpriority, "dd"),
    E(setpriority, sys_setpriority, "ddd"),
    E(wait4, sys_wait4, "dpxp"),
    E(waitid, sys_waitid, "ddpxp"),
    EX(exit, sys_exit, "d", SE_NORET),
    EX(exit_group, sys_exit_group, "d", SE_NORET),
    EX(kill, sys_kill, "dd", SE_NORESTART),
    EX(tkill, sys_tkill, "dd", SE_NORESTART),
    EX(tgkill, sys_tgkill, "ddd", SE_NORESTART),
    EX(fork, sys_fork, "", SE_AFTER),
    EX(vfork, sys_vfork, "", SE_AFTER),
    /* CLONE_BACKWARDS: (flags, newsp, parent_tid, tls, child_tid) */
    EX(clone, sys_clone_backwards, "xppxp", SE_AFTER),
    E(clone3, sys_enosys, "pu"), /* glibc falls back to clone */
    EX(execve, sys_execve, "spp", SE_NORET),
    EX(execveat, sys_execveat, "Dsppx", SE_NORET),
    E(pidfd_open, sys_pidfd_open, "dx"),
    E(pidfd_getfd, sys_pidfd_getfd, "ddx"),
    E(pidfd_send_signal, sys_pidfd_send_signal, "ddpx"),
    E(kcmp, sys_kcmp, "ddduu"),
    E(unshare, sys_unshare, "x"),
    E(setns, sys_setns, "dx"),
    E(process_vm_readv, sys_process_vm_readv, "dpupux"),
    E(process_vm_writev, sys_process_vm_writev, "dpupux"),
    E(set_tid_address, sys_set_tid_address, "p"),
    E(set_robust_list, sys_set_robust_list, "pu"),
    E(get_robust_list, sys_get_robust_list, "dpp"),
    E(rseq, sys_enosys, "puxx"), /* glibc runs without it */
    /* time */
    E(clock_gettime, sys_clock_gettime, "dp"),
    E(clock_gettime64, sys_clock_gettime64, "dp"),
    E(clock_getres, sys_clock_getres, "dp"),
    E(clock_getres_time64, sys_clock_getres64, "dp"),
    E(gettimeofday, sys_gettimeofday, "pp"),
    E(settimeofday, sys_settimeofday, "pp"),
    E(adjtimex, sys_adjtimex, "p"),
    E(clock_adjtime, sys_clock_adjtime, "dp"),
    E(clock_adjtime64, sys_clock_adjtime64, "dp"),
    E(clock_settime, sys_eperm, "dp"),
    E(clock_settime64, sys_eperm, "dp"),
    EX(nanosleep, sys_nanosleep, "pp", SE_NORESTART),
    EX(clock_nanosleep, sys_clock_nanosleep, "dxpp", SE_NORESTART),
    EX(clock_nanosleep_time64, sys_clock_nanosleep64, "dxpp", SE_NORESTART),
    E(setitimer, sys_setitimer, "dpp"),
    E(getitimer, sys_getitimer, "dp"),
    E(timerfd_create, sys_timerfd_create, "dx"),
    E(timerfd_settime, sys_timerfd_settime, "dxpp"),
    E(timerfd_settime64, sys_timerfd_settime64, "dxpp"),
    E(timerfd_gettime, sys_timerfd_gettime, "dp"),
    E(timerfd_gettime64, sys_timerfd_gettime64, "dp"),
    E(timer_create, sys_timer_create, "dpp"),
    E(timer_settime, sys_timer_settime, "dxpp"),
    E(timer_settime64, sys_timer_settime64, "dxpp"),
    E(timer_gettime, sys_timer_gettime, "dp"),
    E(timer_gettime64, sys_timer_gettime64, "dp"),
    E(timer_getoverrun, sys_timer_getoverrun, "d"),
    E(timer_delete, sys_timer_delete, "d"),
    E(sched_rr_get_interval, sys_sched_rr_get_interval, "dp"),
    E(sched_rr_get_interval_time64, sys_sched_rr_get_interval64, "dp"),
    /* polling */
    EX(poll, sys_poll, "pud", SE_NORESTART),
    EX(ppoll, sys_ppoll, "pupp", SE_NORESTART),
    EX(ppoll_time64, sys_ppoll_time64, "pupp", SE_NORESTART),
    EX(_newselect, sys_select, "dpppp", SE_NORESTART),
    EX(pselect6, sys_pselect6, "dppppp", SE_NORESTART),
    EX(pselect6_time64, sys_pselect6_time64, "dppppp", SE_NORESTART),
    E(epoll_create, sys_epoll_create, "d"),
    E(epoll_create1, sys_epoll_create1, "x"),
    E(epoll_ctl, sys_epoll_ctl, "dddp"),
    EX(epoll_wait, sys_epoll_wait, "dpdd", SE_NORESTART),
    EX(epoll_pwait, sys_epoll_pwait, "dpddpu", SE_NORESTART),
    EX(epoll_pwait2, sys_epoll_pwait2, "dpdppu", SE_NORESTART),
    E(eventfd, sys_eventfd, "u"),
    E(eventfd2, sys_eventfd2, "ux"),
    E(signalfd, sys_signalfd, "dpu"),
    E(signalfd4, sys_signalfd4, "dpux"),
    E(inotify_init, sys_inotify_init, ""),
    E(inotify_init1, sys_inotify_init1, "x"),
    E(inotify_add_watch, sys_inotify_add_watch, "dsx"),
    E(inotify_rm_watch, sys_inotify_rm_watch, "dd"),
    E(fanotify_init, sys_fanotify_init, "xf"),
    E(fanotify_mark, sys_fanotify_mark, "dxLDs"),
    /* sockets */
    E(socket, sys_socket, "ddd"),
    E(socketpair, sys_socketpair, "dddp"),
    E(bind, sys_bind, "dpu"),
    E(connect, sys_connect, "dpu"),
    E(listen, sys_listen, "dd"),
    E(accept, sys_accept, "dpp"),
    E(accept4, sys_accept4, "dppx"),
    E(getsockname, sys_getsockname, "dpp"),
    E(getpeername, sys_getpeername, "dpp"),
    E(send, sys_send, "dpux"),
    E(sendto, sys_sendto, "dpuxpu"),
    E(recv, sys_recv, "dpux"),
    E(recvfrom, sys_recvfrom, "dpuxpp"),
    E(sendmsg, sys_sendmsg, "dpx"),
    E(recvmsg, sys_recvmsg, "dpx"),
    E(sendmmsg, sys_sendmmsg, "dpux"),
    E(recvmmsg, sys_recvmmsg, "dpuxp"),
    E(recvmmsg_time64, sys_recvmmsg, "dpuxp"),
    E(shutdown, sys_shutdown, "dd"),
    E(setsockopt, sys_setsockopt, "dddpu"),
    E(getsockopt, sys_getsockopt, "dddpp"),
    /* SysV IPC, POSIX message queues */
    E(shmget, sys_shmget, "KuY"),
    EX(shmat, sys_shmat, "dpx", SE_HEX),
    E(shmdt, sys_shmdt, "p"),
    E(shmctl, sys_shmctl, "dCp"),
    E(semget, sys_semget, "KdY"),
    EX(semop, sys_semop, "dpu", SE_NORESTART),
    EX(semtimedop, sys_semtimedop, "dpup", SE_NORESTART),
    EX(semtimedop_time64, sys_semtimedop_time64, "dpup", SE_NORESTART),
    E(semctl, sys_semctl, "ddEx"),
    E(msgget, sys_msgget, "KY"),
    EX(msgsnd, sys_msgsnd, "dpux", SE_NORESTART),
    EX(msgrcv, sys_msgrcv, "dpudx", SE_NORESTART),
    E(msgctl, sys_msgctl, "dQp"),
    E(mq_open, sys_mq_open, "sfop"),
    E(mq_unlink, sys_mq_unlink, "s"),
    E(mq_timedsend, sys_mq_timedsend, "dpuup"),
    E(mq_timedsend_time64, sys_mq_timedsend_time64, "dpuup"),
    E(mq_timedreceive, sys_mq_timedreceive, "dpupp"),
    E(mq_timedreceive_time64, sys_mq_timedreceive_time64, "dpupp"),
    E(mq_notify, sys_mq_notify, "dp"),
    E(mq_getsetattr, sys_mq_getsetattr, "dpp"),
    /* system, scheduling, futexes */
    E(uname, sys_uname, "p"),
    E(sethostname, sys_sethostname, "pu"),
    E(sysinfo, sys_sysinfo, "p"),
    E(syslog, sys_syslog, "dpd"),
    E(getrandom, sys_getrandom, "pux"),
    EX(futex, sys_futex, "pdxpxx", SE_NORESTART),
    EX(futex_time64, sys_futex_time64, "pdxpxx", SE_NORESTART),
    E(sched_yield, sys_sched_yield, ""),
    E(sched_getaffinity, sys_sched_getaffinity, "dup"),
    E(sched_setaffinity, sys_sched_setaffinity, "dup"),
    E(sched_getscheduler, sys_sched_getscheduler, "d"),
    E(sched_getparam, sys_sched_getparam, "dp"),
    E(sched_get_priority_max, sys_sched_get_priority_max, "d"),
    E(sched_get_priority_min, sys_sched_get_priority_min, "d"),
    E(getcpu, sys_getcpu, "ppp"),
    E(sched_setscheduler, sys_sched_setscheduler, "ddp"),
    E(sched_setparam, sys_sched_setparam, "dp"),
    E(sched_setattr, sys_sched_setattr, "dpx"),
    E(sched_getattr, sys_sched_getattr, "dpux"),
    E(membarrier, sys_membarrier, "dxd"),
    E(ioprio_get, sys_ioprio_get, "dd"),
    E(ioprio_set, sys_ioprio_set, "ddd"),
    E(nice, sys_nice, "d"),
    E(capget, sys_capget, "pp"),
    E(capset, sys_capset, "pp"),
    E(setdomainname, sys_setdomainname, "pu"),
    E(vhangup, sys_vhangup, ""),
    /* signals */
    EX(rt_sigaction, sys_rt_sigaction, "dppu", SE_NORESTART),
    EX(rt_sigprocmask, sys_rt_sigprocmask, "dppu", SE_NORESTART),
    EX(rt_sigpending, sys_rt_sigpending, "pu", SE_NORESTART),
    EX(rt_sigsuspend, sys_rt_sigsuspend, "pu", SE_NORESTART),
    EX(rt_sigtimedwait, sys_rt_sigtimedwait, "pppu", SE_NORESTART),
    EX(rt_sigtimedwait_time64, sys_rt_sigtimedwait_time64, "pppu", SE_NORESTART),
    EX(rt_sigqueueinfo, sys_rt_sigqueueinfo, "ddp", SE_NORESTART),
    EX(rt_tgsigqueueinfo, sys_rt_tgsigqueueinfo, "dddp", SE_NORESTART),
    EX(sigaltstack, sys_sigaltstack, "pp", SE_NORESTART),
    EX(rt_sigreturn, sys_rt_sigreturn, "", SE_NORESTART),
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
    /* asm/fcntl.h of arm moved these four from the generic values. */
    .o_directory = 0x4000,
    .o_nofollow = 0x8000,
    .o_direct = 0x10000,
    .o_largefile = 0x20000,
};
