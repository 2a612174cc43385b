/*
 * The syscall layer's private header: guest struct layouts, guest memory
 * helpers and the handlers shared by every guest ABI table.
 *
 * A handler receives the six raw guest argument registers and returns the
 * guest result (a negative errno on failure):
 *
 *     abi_long sys_read(CPUState *cpu, const abi_long *a)
 *     {
 *         void *buf = sys_lock_write(GPTR(a[1]), (uint32_t)a[2]);
 *         if (!buf)
 *             return -EFAULT;
 *         return sys_ret(read((int)a[0], buf, (uint32_t)a[2]));
 *     }
 *
 * Handlers whose guest arguments depend on the ABI (64-bit values split over
 * register pairs, argument order) take natural C arguments instead
 * (sys_do_*), and each guest table (syscalls/<guest>/table.c) wraps them.
 *
 * Guest structs are converted through the running ABI's layouts
 * (syscalls/layout.h). Guests and hosts are little-endian, so no byte
 * swapping is needed; only widths and padding differ.
 */
#ifndef XRUN_SYSCALLS_SYS_H
#define XRUN_SYSCALLS_SYS_H

#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/types.h>

#include "linux-user/user.h"
#include "syscalls/abi.h"
#include "syscalls/layout.h"

/*
 * Guest argument decoding, by the running ABI (sys_abi; sys_set_abi keeps
 * these masks in step with it so that the hot paths read one variable):
 *   GPTR(x)    a pointer: a 32-bit ABI uses the low half of the register
 *   GULONG(x)  an unsigned long or size_t: likewise
 *   GLONG(x)   a long, ssize_t or off_t: sign-extended from the ABI's width
 */
extern abi_ulong sys_ptr_mask, sys_ulong_mask;
extern unsigned sys_long_shift; /* 64 - long bits */
#define GPTR(x) ((abi_ulong)(x) & sys_ptr_mask)
#define GULONG(x) ((abi_ulong)(x) & sys_ulong_mask)
#define GLONG(x) ((abi_long)((abi_ulong)(x) << sys_long_shift) >> sys_long_shift)
/* Installs abi as sys_abi, with its argument masks. */
void sys_set_abi(const SysAbi *abi);

/* Host result (-1 + errno convention) -> guest result. */
static inline abi_long sys_ret(long r)
{
    return r == -1 ? -(abi_long)errno : (abi_long)r;
}

/* A 64-bit value passed in two 32-bit registers (low word first). */
static inline int64_t sys_pair64(abi_long lo, abi_long hi)
{
    return (int64_t)(((uint64_t)(uint32_t)hi << 32) | (uint32_t)lo);
}

/* A 64-bit argument starting at a[i] of a call that has no padding before
 * it (the ABI's wrappers handle calls whose pairs are realigned): two
 * registers on a pair64 ABI, one otherwise. sys_arg64_next is the index
 * after it. */
static inline int64_t sys_arg64(const abi_long *a, int i)
{
    return sys_abi->pair64 ? sys_pair64(a[i], a[i + 1]) : (int64_t)a[i];
}
static inline int sys_arg64_next(int i) { return sys_abi->pair64 ? i + 2 : i + 1; }

/* -- Guest structs of the 32-bit ABIs' own calls -- */

/* The *_time64 calls' struct timespec (glibc's 64-bit time on 32-bit
 * guests), the old timeval of 32-bit struct timex, and the 32-bit-offset
 * statfs and flock of statfs/fstatfs and fcntl's F_GETLK..F_SETLKW: the
 * same on every 32-bit Linux ABI. */
typedef struct GuestTimespec64 {
    int64_t tv_sec, tv_nsec;
} GuestTimespec64;

typedef struct GuestTimeval32 {
    int32_t tv_sec, tv_usec;
} GuestTimeval32;

typedef struct GuestStatfs32 {
    uint32_t f_type, f_bsize, f_blocks, f_bfree, f_bavail, f_files, f_ffree;
    int32_t f_fsid[2];
    uint32_t f_namelen, f_frsize, f_flags;
    uint32_t f_spare[4];
} GuestStatfs32;

typedef struct GuestFlock32 {
    int16_t l_type, l_whence;
    int32_t l_start, l_len, l_pid;
} GuestFlock32;

/* -- Struct converters (convert.c): pure, host struct -> guest struct -- */

struct stat;
struct statfs;
struct flock;
struct rusage;
struct sysinfo;
struct epoll_event;
struct timespec;
struct timeval;

/* Through sys_abi's layouts (syscalls/layout.h): g is a guest-struct buffer
 * of at least SYS_LAYOUT_MAX bytes; the *_to_guest ones return the guest
 * struct's size. */
size_t sys_conv_stat(void *g, const struct stat *h);
size_t sys_conv_statfs(void *g, const struct statfs *h);
size_t sys_conv_flock_to_guest(void *g, const struct flock *h);
void sys_conv_flock_from_guest(struct flock *h, const void *g);
size_t sys_conv_epoll_to_guest(void *g, const struct epoll_event *h);
void sys_conv_epoll_from_guest(struct epoll_event *h, const void *g);
size_t sys_conv_rusage(void *g, const struct rusage *h);
size_t sys_conv_sysinfo(void *g, const struct sysinfo *h);
/* The calls only 32-bit ABIs have (statfs, fcntl F_GETLK with 32-bit off_t). */
int sys_conv_statfs32(GuestStatfs32 *g, const struct statfs *h); /* -EOVERFLOW */
int sys_conv_flock32_to_guest(GuestFlock32 *g, const struct flock *h); /* -EOVERFLOW */
void sys_conv_flock32_from_guest(struct flock *h, const GuestFlock32 *g);
/* Guest open/fcntl flags (sys_abi's values) <-> host flags. */
int sys_open_flags_to_host(uint32_t guest_flags);
uint32_t sys_open_flags_to_guest(int host_flags);

/* -- Guest memory (util.c) -- */

/* Host pointer to guest [addr, addr+len) if the guest may read / write it,
 * else NULL. Write access first unprotects pages that hold translated code
 * (the host copy is read-only there), so the host kernel may store into them. */
void *sys_lock_read(abi_ulong addr, abi_ulong len);
void *sys_lock_write(abi_ulong addr, abi_ulong len);
/* The guest NUL-terminated string at addr (in place), or NULL if unreadable. */
const char *sys_lock_str(abi_ulong addr);
/* 0 or -EFAULT. */
int sys_copy_from_guest(void *dst, abi_ulong addr, size_t len);
int sys_copy_to_guest(abi_ulong addr, const void *src, size_t len);
int sys_put_u32(abi_ulong addr, uint32_t v);
int sys_put_u64(abi_ulong addr, uint64_t v);
/* An unsigned long (or pointer) of the guest ABI: 4 or 8 bytes. */
int sys_put_ulong(abi_ulong addr, uint64_t v);
int sys_get_u32(abi_ulong addr, uint32_t *v);
/* A pointer (or unsigned long) of the guest ABI at addr: 4 or 8 bytes. */
int sys_get_ptr(abi_ulong addr, abi_ulong *v);

/* Timespec/timeval copies: 0 or -EFAULT. time64 selects the 64-bit guest
 * layout (whose tv_nsec upper half a 32-bit guest leaves undefined). */
int sys_get_timespec(struct timespec *h, abi_ulong addr, bool time64);
int sys_put_timespec(abi_ulong addr, const struct timespec *h, bool time64);
int sys_get_timeval(struct timeval *h, abi_ulong addr);
int sys_put_timeval(abi_ulong addr, const struct timeval *h);
/* Guest sizes of those structs (an itimerval is two timevals, ...). */
size_t sys_timespec_size(bool time64);
size_t sys_timeval_size(void);

/* A guest struct sigevent (timer_create, mq_notify), decoded through the
 * ABI's layout; the signal number is still the guest's. 0 or -EFAULT. */
typedef struct SysSigevent {
    uint64_t value; /* sigev_value, as wide as the guest's pointer */
    int signo, notify, tid;
} SysSigevent;
int sys_get_sigevent(SysSigevent *out, abi_ulong addr);

/* Guest iovec array -> host iovec array (malloc'ed, *out freed by caller).
 * Returns the count or a negative errno. */
struct iovec;
abi_long sys_lock_iovec(struct iovec **out, abi_ulong addr, abi_ulong count, bool to_guest);
/* Element i of a guest iovec array at host pointer giov (already checked
 * readable): its base and its length, sign-extended. Returns 0. */
int sys_get_iovec(const void *giov, abi_ulong i, abi_ulong *base, int64_t *len);

/* True if path is /proc/self/LEAF or /proc/OUR_PID/LEAF. */
bool sys_is_proc_self(const char *path, const char *leaf);
/*
 * The host path for an absolute guest path that is only looked up (opened
 * read-only, stat'ed, access'ed, readlink'ed): the file under the guest
 * sysroot (-L, e.g. /usr/arm-linux-gnueabihf/lib/libc.so.6 for
 * /lib/libc.so.6) if it exists there, else path itself. This is how a
 * dynamic guest's ld.so finds its libraries. /proc, /dev and /sys are
 * never redirected. buf receives the joined path (PATH_MAX is enough).
 */
const char *sys_path(const char *path, char *buf, size_t size);

/* -- Directory offsets (dirent.c) -- */

/* getdents64 into buf (guest memory, count bytes) with every d_off made to
 * fit a 32-bit off_t; bytes read or -errno. */
abi_long sys_dirent_getdents64(int fd, uint8_t *buf, uint32_t count);
/* lseek on fd: guest offset -> host offset before, host -> guest after
 * (identity except for the cookies sys_dirent_getdents64 made). */
int64_t sys_dirent_off_to_host(int fd, int64_t off);
int64_t sys_dirent_off_to_guest(int fd, int64_t off);

/* -- Emulated /proc files (procfs.c) -- */

/* If path names a file xrun emulates, opens it and returns the fd (>= 0) or
 * -errno; returns SYS_PROC_NOT_EMULATED if the host file should be used. */
#define SYS_PROC_NOT_EMULATED (-1000000)
abi_long sys_proc_open(int dirfd, const char *path, int host_flags, mode_t mode);
/* readlink of /proc/self/exe etc.: length, or SYS_PROC_NOT_EMULATED. */
abi_long sys_proc_readlink(const char *path, char *buf, size_t size);

/* -- Handlers (shared by the guest tables) -- */

#define SYS_HANDLER(name) abi_long sys_##name(CPUState *cpu, const abi_long *a)

/* clang-format off: one line per family reads better than one per handler */

/* file.c */
SYS_HANDLER(read);
SYS_HANDLER(write);
SYS_HANDLER(readv);
SYS_HANDLER(writev);
SYS_HANDLER(open);
SYS_HANDLER(openat);
SYS_HANDLER(openat2);
SYS_HANDLER(creat);
SYS_HANDLER(close);
SYS_HANDLER(lseek);
SYS_HANDLER(llseek);
SYS_HANDLER(dup);
SYS_HANDLER(dup2);
SYS_HANDLER(dup3);
SYS_HANDLER(pipe);
SYS_HANDLER(pipe2);
SYS_HANDLER(fcntl64);
SYS_HANDLER(fcntl);
SYS_HANDLER(sendfile);
SYS_HANDLER(sendfile64);
SYS_HANDLER(splice);
SYS_HANDLER(tee);
SYS_HANDLER(fsync);
SYS_HANDLER(fdatasync);
SYS_HANDLER(sync);
SYS_HANDLER(syncfs);
SYS_HANDLER(flock);
SYS_HANDLER(copy_file_range);
SYS_HANDLER(vmsplice);
SYS_HANDLER(name_to_handle_at);
SYS_HANDLER(open_by_handle_at);
SYS_HANDLER(close_range);
SYS_HANDLER(memfd_create);
abi_long sys_do_pread64(int fd, abi_ulong buf, abi_ulong count, int64_t off);
abi_long sys_do_pwrite64(int fd, abi_ulong buf, abi_ulong count, int64_t off);
abi_long sys_do_preadv(int fd, abi_ulong iov, abi_ulong cnt, int64_t off);
abi_long sys_do_pwritev(int fd, abi_ulong iov, abi_ulong cnt, int64_t off);
abi_long sys_do_preadv2(int fd, abi_ulong iov, abi_ulong cnt, int64_t off, int flags);
abi_long sys_do_pwritev2(int fd, abi_ulong iov, abi_ulong cnt, int64_t off, int flags);
abi_long sys_do_ftruncate(int fd, int64_t len);
abi_long sys_do_truncate(abi_ulong path, int64_t len);
abi_long sys_do_fallocate(int fd, int mode, int64_t off, int64_t len);
abi_long sys_do_fadvise(int fd, int64_t off, int64_t len, int advice);
abi_long sys_do_readahead(int fd, int64_t off, abi_ulong count);
abi_long sys_do_sync_file_range(int fd, int64_t off, int64_t len, unsigned flags);

/* lp64.c: the 64-bit-register forms of the calls above */
SYS_HANDLER(lp64_pread64);
SYS_HANDLER(lp64_pwrite64);
SYS_HANDLER(lp64_preadv);
SYS_HANDLER(lp64_pwritev);
SYS_HANDLER(lp64_preadv2);
SYS_HANDLER(lp64_pwritev2);
SYS_HANDLER(lp64_fallocate);
SYS_HANDLER(lp64_fadvise64);
SYS_HANDLER(lp64_readahead);
SYS_HANDLER(lp64_sync_file_range);

/* ioctl.c */
SYS_HANDLER(ioctl);

/* dir.c */
SYS_HANDLER(getcwd);
SYS_HANDLER(chdir);
SYS_HANDLER(fchdir);
SYS_HANDLER(getdents64);
SYS_HANDLER(mkdir);
SYS_HANDLER(mkdirat);
SYS_HANDLER(rmdir);
SYS_HANDLER(unlink);
SYS_HANDLER(unlinkat);
SYS_HANDLER(rename);
SYS_HANDLER(renameat);
SYS_HANDLER(renameat2);
SYS_HANDLER(link);
SYS_HANDLER(linkat);
SYS_HANDLER(symlink);
SYS_HANDLER(symlinkat);
SYS_HANDLER(readlink);
SYS_HANDLER(readlinkat);
SYS_HANDLER(chmod);
SYS_HANDLER(fchmod);
SYS_HANDLER(fchmodat);
SYS_HANDLER(chown32);
SYS_HANDLER(lchown32);
SYS_HANDLER(fchown32);
SYS_HANDLER(fchownat);
SYS_HANDLER(chown16);
SYS_HANDLER(lchown16);
SYS_HANDLER(fchown16);
SYS_HANDLER(umask);
SYS_HANDLER(access);
SYS_HANDLER(faccessat);
SYS_HANDLER(faccessat2);
SYS_HANDLER(mknod);
SYS_HANDLER(mknodat);
SYS_HANDLER(utimensat);
SYS_HANDLER(utimensat_time64);
SYS_HANDLER(utimes);
SYS_HANDLER(futimesat);
SYS_HANDLER(chroot);
SYS_HANDLER(mount);
SYS_HANDLER(umount2);
SYS_HANDLER(truncate);
SYS_HANDLER(ftruncate);

/* stat.c */
SYS_HANDLER(stat64);
SYS_HANDLER(lstat64);
SYS_HANDLER(fstat64);
SYS_HANDLER(fstatat64);
SYS_HANDLER(statx);
SYS_HANDLER(statfs64);
SYS_HANDLER(fstatfs64);
SYS_HANDLER(statfs);
SYS_HANDLER(fstatfs);
SYS_HANDLER(setxattr);
SYS_HANDLER(lsetxattr);
SYS_HANDLER(fsetxattr);
SYS_HANDLER(getxattr);
SYS_HANDLER(lgetxattr);
SYS_HANDLER(fgetxattr);
SYS_HANDLER(listxattr);
SYS_HANDLER(llistxattr);
SYS_HANDLER(flistxattr);
SYS_HANDLER(removexattr);
SYS_HANDLER(lremovexattr);
SYS_HANDLER(fremovexattr);

/* mem.c */
SYS_HANDLER(brk);
SYS_HANDLER(mmap2);
SYS_HANDLER(mmap);
SYS_HANDLER(munmap);
SYS_HANDLER(mprotect);
SYS_HANDLER(mremap);
SYS_HANDLER(madvise);
SYS_HANDLER(msync);
SYS_HANDLER(mlock);
SYS_HANDLER(munlock);
SYS_HANDLER(mlock2);
SYS_HANDLER(mlockall);
SYS_HANDLER(munlockall);
SYS_HANDLER(mincore);
SYS_HANDLER(pkey_alloc);
SYS_HANDLER(pkey_free);
SYS_HANDLER(pkey_mprotect);

/* proc.c */
SYS_HANDLER(getpid);
SYS_HANDLER(getppid);
SYS_HANDLER(gettid);
SYS_HANDLER(getuid);
SYS_HANDLER(geteuid);
SYS_HANDLER(getgid);
SYS_HANDLER(getegid);
SYS_HANDLER(getresuid);
SYS_HANDLER(getresgid);
SYS_HANDLER(setuid);
SYS_HANDLER(setgid);
SYS_HANDLER(setreuid);
SYS_HANDLER(setregid);
SYS_HANDLER(setresuid);
SYS_HANDLER(setresgid);
SYS_HANDLER(setfsuid);
SYS_HANDLER(setfsgid);
SYS_HANDLER(getgroups);
SYS_HANDLER(setgroups);
SYS_HANDLER(setsid);
SYS_HANDLER(getsid);
SYS_HANDLER(setpgid);
SYS_HANDLER(getpgid);
SYS_HANDLER(getpgrp);
SYS_HANDLER(prctl);
SYS_HANDLER(getrlimit);
SYS_HANDLER(setrlimit);
SYS_HANDLER(prlimit64);
SYS_HANDLER(getrusage);
SYS_HANDLER(times);
SYS_HANDLER(wait4);
SYS_HANDLER(waitid);
SYS_HANDLER(exit);
SYS_HANDLER(exit_group);
SYS_HANDLER(kill);
SYS_HANDLER(tkill);
SYS_HANDLER(tgkill);
SYS_HANDLER(getpriority);
SYS_HANDLER(setpriority);
SYS_HANDLER(set_tid_address);
SYS_HANDLER(set_robust_list);
SYS_HANDLER(get_robust_list);
SYS_HANDLER(personality);
/* fork and clone of a process without CLONE_VM as a host fork() (vfork
 * is sys_do_vfork). In the child, setup gives the guest cpu its new stack
 * (newsp != 0) and TLS. */
typedef void (*SysChildSetup)(CPUState *cpu, abi_ulong newsp, abi_ulong tls, bool set_tls);
abi_long sys_do_clone(CPUState *cpu, uint32_t flags, abi_ulong newsp, abi_ulong ptid,
                      abi_ulong ctid, abi_ulong tls, SysChildSetup setup);

/* clone.c: fork, vfork and clone through the guest's cpu_clone. */
SYS_HANDLER(fork);
SYS_HANDLER(vfork);
SYS_HANDLER(clone);           /* (flags, newsp, ptid, ctid, tls) */
SYS_HANDLER(clone_backwards); /* (flags, newsp, ptid, tls, ctid) */

/* thread.c */
typedef void (*SysCpuLoop)(CPUState *cpu); /* never returns */
/* clone() of a thread: child is the new thread's cpu (made by the guest
 * table from the parent's, with its TaskState); loop runs it. Returns the
 * new tid or a negative errno (the caller then frees child). */
abi_long sys_do_thread(CPUState *cpu, uint32_t flags, abi_ulong ptid, abi_ulong ctid,
                       CPUState *child, SysCpuLoop loop);
_Noreturn void sys_thread_exit(CPUState *cpu, int status);

/* vfork.c */
/* clone(CLONE_VM | CLONE_VFORK) and vfork(): child is the child's cpu,
 * made by the guest table as for a thread; loop runs it in a host vfork
 * child sharing memory while this thread waits. Returns the child's pid or
 * a negative errno; child may be freed on return either way. */
abi_long sys_do_vfork(CPUState *cpu, uint32_t flags, abi_ulong ptid, abi_ulong ctid,
                      CPUState *child, SysCpuLoop loop);
/* True while running the guest code of a vfork child (which must end
 * with _exit, never exit()). */
bool sys_in_vfork_child(void);
/* Before a guest sigaction changes sig: in a vfork child, remembers the
 * parent's disposition so that the parent gets it back (no-op elsewhere). */
void sys_vfork_note_sigaction(int sig);
int sys_thread_count(void);
void sys_thread_after_fork(void);

/* ipc.c */
SYS_HANDLER(shmget);
SYS_HANDLER(shmat);
SYS_HANDLER(shmdt);
SYS_HANDLER(shmctl);
SYS_HANDLER(semget);
SYS_HANDLER(semop);
SYS_HANDLER(semtimedop);
SYS_HANDLER(semtimedop_time64);
SYS_HANDLER(semctl);
SYS_HANDLER(msgget);
SYS_HANDLER(msgsnd);
SYS_HANDLER(msgrcv);
SYS_HANDLER(msgctl);
/* LP64 (asm-generic) guests: the host's struct layouts but semid64_ds. */
SYS_HANDLER(lp64_msgctl);
SYS_HANDLER(lp64_shmctl);
SYS_HANDLER(lp64_semctl);
SYS_HANDLER(mq_open);
SYS_HANDLER(mq_unlink);
SYS_HANDLER(mq_timedsend);
SYS_HANDLER(mq_timedsend_time64);
SYS_HANDLER(mq_timedreceive);
SYS_HANDLER(mq_timedreceive_time64);
SYS_HANDLER(mq_notify);
SYS_HANDLER(mq_getsetattr);

/* aio.c */
SYS_HANDLER(io_setup);
SYS_HANDLER(io_destroy);
SYS_HANDLER(io_submit);
SYS_HANDLER(io_getevents);
SYS_HANDLER(io_pgetevents);
SYS_HANDLER(io_pgetevents_time64);
SYS_HANDLER(io_cancel);

/* ns.c */
SYS_HANDLER(unshare);
SYS_HANDLER(setns);

/* uid16.c */
SYS_HANDLER(getuid16);
SYS_HANDLER(geteuid16);
SYS_HANDLER(getgid16);
SYS_HANDLER(getegid16);
SYS_HANDLER(setuid16);
SYS_HANDLER(setgid16);
SYS_HANDLER(setreuid16);
SYS_HANDLER(setregid16);
SYS_HANDLER(setresuid16);
SYS_HANDLER(setresgid16);
SYS_HANDLER(getresuid16);
SYS_HANDLER(getresgid16);
SYS_HANDLER(setfsuid16);
SYS_HANDLER(setfsgid16);
SYS_HANDLER(getgroups16);
SYS_HANDLER(setgroups16);

/* exec.c */
SYS_HANDLER(execve);
SYS_HANDLER(execveat);

/* pidfd.c */
SYS_HANDLER(pidfd_open);
SYS_HANDLER(pidfd_getfd);
SYS_HANDLER(pidfd_send_signal);
SYS_HANDLER(kcmp);
SYS_HANDLER(process_vm_readv);
SYS_HANDLER(process_vm_writev);

/* time.c */
SYS_HANDLER(clock_gettime);
SYS_HANDLER(clock_gettime64);
SYS_HANDLER(clock_getres);
SYS_HANDLER(clock_getres64);
SYS_HANDLER(gettimeofday);
SYS_HANDLER(settimeofday);
SYS_HANDLER(adjtimex);
SYS_HANDLER(clock_adjtime);
SYS_HANDLER(clock_adjtime64);
SYS_HANDLER(adjtimex64);      /* LP64: struct __kernel_timex */
SYS_HANDLER(nanosleep);
SYS_HANDLER(clock_nanosleep);
SYS_HANDLER(clock_nanosleep64);
SYS_HANDLER(setitimer);
SYS_HANDLER(getitimer);
SYS_HANDLER(time);
SYS_HANDLER(alarm);
SYS_HANDLER(timerfd_create);
SYS_HANDLER(timerfd_settime);
SYS_HANDLER(timerfd_settime64);
SYS_HANDLER(timerfd_gettime);
SYS_HANDLER(timerfd_gettime64);
SYS_HANDLER(timer_create);
SYS_HANDLER(timer_settime);
SYS_HANDLER(timer_settime64);
SYS_HANDLER(timer_gettime);
SYS_HANDLER(timer_gettime64);
SYS_HANDLER(timer_getoverrun);
SYS_HANDLER(timer_delete);
SYS_HANDLER(sched_rr_get_interval);
SYS_HANDLER(sched_rr_get_interval64);

/* poll.c */
SYS_HANDLER(poll);
SYS_HANDLER(ppoll);
SYS_HANDLER(ppoll_time64);
SYS_HANDLER(select);
SYS_HANDLER(pselect6);
SYS_HANDLER(pselect6_time64);
SYS_HANDLER(epoll_create);
SYS_HANDLER(epoll_create1);
SYS_HANDLER(epoll_ctl);
SYS_HANDLER(epoll_wait);
SYS_HANDLER(epoll_pwait);
SYS_HANDLER(epoll_pwait2);
SYS_HANDLER(eventfd);
SYS_HANDLER(eventfd2);
SYS_HANDLER(inotify_init);
SYS_HANDLER(inotify_init1);
SYS_HANDLER(inotify_add_watch);
SYS_HANDLER(inotify_rm_watch);
SYS_HANDLER(fanotify_init);
SYS_HANDLER(fanotify_mark);
SYS_HANDLER(signalfd);
SYS_HANDLER(signalfd4);

/* socket.c */
SYS_HANDLER(socket);
SYS_HANDLER(socketpair);
SYS_HANDLER(bind);
SYS_HANDLER(connect);
SYS_HANDLER(listen);
SYS_HANDLER(accept);
SYS_HANDLER(accept4);
SYS_HANDLER(send);
SYS_HANDLER(sendto);
SYS_HANDLER(recv);
SYS_HANDLER(recvfrom);
SYS_HANDLER(sendmsg);
SYS_HANDLER(recvmsg);
SYS_HANDLER(shutdown);
SYS_HANDLER(setsockopt);
SYS_HANDLER(getsockopt);
SYS_HANDLER(getsockname);
SYS_HANDLER(getpeername);
SYS_HANDLER(sendmmsg);
SYS_HANDLER(recvmmsg);

/* misc.c */
SYS_HANDLER(uname);
SYS_HANDLER(sysinfo);
SYS_HANDLER(syslog);
SYS_HANDLER(getrandom);
SYS_HANDLER(futex);
SYS_HANDLER(futex_time64);
SYS_HANDLER(sched_yield);
SYS_HANDLER(sched_getaffinity);
SYS_HANDLER(sched_setaffinity);
SYS_HANDLER(getcpu);
SYS_HANDLER(sethostname);
SYS_HANDLER(sched_getscheduler);
SYS_HANDLER(sched_getparam);
SYS_HANDLER(sched_get_priority_max);
SYS_HANDLER(sched_get_priority_min);
SYS_HANDLER(sched_setscheduler);
SYS_HANDLER(sched_setparam);
SYS_HANDLER(sched_setattr);
SYS_HANDLER(sched_getattr);
SYS_HANDLER(membarrier);
SYS_HANDLER(capget);
SYS_HANDLER(capset);
SYS_HANDLER(ioprio_get);
SYS_HANDLER(ioprio_set);
SYS_HANDLER(nice);
SYS_HANDLER(setdomainname);
SYS_HANDLER(vhangup);
SYS_HANDLER(eperm);
SYS_HANDLER(rt_sigaction);
SYS_HANDLER(rt_sigprocmask);
SYS_HANDLER(sigaltstack);
SYS_HANDLER(rt_sigreturn);
SYS_HANDLER(sigreturn);
SYS_HANDLER(rt_sigsuspend);
SYS_HANDLER(rt_sigpending);
SYS_HANDLER(rt_sigtimedwait);
SYS_HANDLER(rt_sigtimedwait_time64);
SYS_HANDLER(rt_sigqueueinfo);
SYS_HANDLER(rt_tgsigqueueinfo);
SYS_HANDLER(pause);
SYS_HANDLER(enosys);
SYS_HANDLER(zero);

/* clang-format on */

/* -- Strace (strace.c) -- */

/* Argument formats, one char per argument register:
 *   d int   u unsigned   x hex   p pointer   s string   o octal mode
 *   f open flags   F O_* flags without access mode (pipe2, dup3)
 *   P mmap prot   M mmap flags   D dirfd
 *   K SysV IPC key   Y IPC_CREAT|... and mode   C E Q shmctl/semctl/msgctl command
 *   - skipped register   L 64-bit pair (lo, hi)  */
/* newline: the call does not return (exit, execve), end the line now. */
void sys_strace_pre(const char *name, const char *fmt, const abi_long *a, bool newline);
void sys_strace_post(abi_long ret, bool hex);
/* The whole line at once, after the call (fork-like calls). */
void sys_strace_full(const char *name, const char *fmt, const abi_long *a, abi_long ret, bool hex);

#endif
