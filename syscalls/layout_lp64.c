/*
 * The LP64 asm-generic struct layouts (64-bit long and pointers, natural
 * alignment; <asm-generic/stat.h>, <asm-generic/statfs.h>, ...), which
 * aarch64 and the other 64-bit guests but x86_64 use. The C structs below
 * mirror them; every supported host is LP64 with the same alignment rules,
 * so offsetof gives the guest's numbers, and tests/unit/layout_test.c
 * checks each against aarch64-linux-gnu-gcc's headers.
 */
#include "syscalls/layout.h"

typedef struct Lp64Timespec {
    int64_t tv_sec, tv_nsec;
} Lp64Timespec;
typedef struct Lp64Timeval {
    int64_t tv_sec, tv_usec;
} Lp64Timeval;
typedef struct Lp64Rlimit {
    uint64_t rlim_cur, rlim_max;
} Lp64Rlimit;
typedef struct Lp64Tms {
    int64_t tms_utime, tms_stime, tms_cutime, tms_cstime;
} Lp64Tms;
typedef struct Lp64Stat {
    uint64_t st_dev, st_ino;
    uint32_t st_mode, st_nlink, st_uid, st_gid;
    uint64_t st_rdev, pad1;
    int64_t st_size;
    int32_t st_blksize, pad2;
    int64_t st_blocks;
    int64_t st_atime_sec;
    uint64_t st_atime_nsec;
    int64_t st_mtime_sec;
    uint64_t st_mtime_nsec;
    int64_t st_ctime_sec;
    uint64_t st_ctime_nsec;
    uint32_t unused4, unused5;
} Lp64Stat;
typedef struct Lp64Statfs {
    int64_t f_type, f_bsize;
    uint64_t f_blocks, f_bfree, f_bavail, f_files, f_ffree;
    int32_t f_fsid[2];
    int64_t f_namelen, f_frsize, f_flags, f_spare[4];
} Lp64Statfs;
typedef struct Lp64Flock {
    int16_t l_type, l_whence;
    int64_t l_start, l_len;
    int32_t l_pid;
} Lp64Flock;
typedef struct Lp64EpollEvent {
    uint32_t events;
    uint64_t data;
} Lp64EpollEvent;
typedef struct Lp64Rusage {
    Lp64Timeval ru_utime, ru_stime;
    int64_t ru_maxrss, ru_ixrss, ru_idrss, ru_isrss, ru_minflt, ru_majflt, ru_nswap;
    int64_t ru_inblock, ru_oublock, ru_msgsnd, ru_msgrcv, ru_nsignals, ru_nvcsw, ru_nivcsw;
} Lp64Rusage;
typedef struct Lp64Sysinfo {
    int64_t uptime;
    uint64_t loads[3];
    uint64_t totalram, freeram, sharedram, bufferram, totalswap, freeswap;
    uint16_t procs, pad;
    uint64_t totalhigh, freehigh;
    uint32_t mem_unit;
} Lp64Sysinfo;
/* siginfo_t: three ints, then the union 8-aligned at 16; 128 bytes. */
typedef struct Lp64Siginfo {
    int32_t si_signo, si_errno, si_code;
    union {
        uint64_t pad[14];
        struct { int32_t pid; uint32_t uid; uint64_t value; } kill;
        struct { int32_t tid, overrun; uint64_t value; } timer;
        struct { int32_t pid; uint32_t uid; int32_t status; int64_t utime, stime; } chld;
        struct { uint64_t addr; } fault;
        struct { int64_t band; int32_t fd; } poll;
        struct { uint64_t call_addr; int32_t syscall; uint32_t arch; } sys;
    } f;
} Lp64Siginfo;
_Static_assert(sizeof(Lp64Siginfo) == 128, "siginfo_t is 128 bytes");
typedef struct Lp64Sigevent {
    uint64_t value;
    int32_t signo, notify, tid;
    uint8_t pad[44];
} Lp64Sigevent;
typedef struct Lp64MqAttr {
    int64_t flags, maxmsg, msgsize, curmsgs, reserved[4];
} Lp64MqAttr;
typedef struct Lp64Stack {
    uint64_t ss_sp;
    int32_t ss_flags;
    uint64_t ss_size;
} Lp64Stack;
typedef struct Lp64Iovec {
    uint64_t iov_base, iov_len;
} Lp64Iovec;
typedef struct Lp64Msghdr {
    uint64_t msg_name;
    int32_t msg_namelen;
    uint64_t msg_iov, msg_iovlen, msg_control, msg_controllen;
    int32_t msg_flags;
} Lp64Msghdr;
typedef struct Lp64Cmsghdr {
    uint64_t cmsg_len;
    int32_t cmsg_level, cmsg_type;
} Lp64Cmsghdr;

#define F SYS_FIELD

const SysLayouts sys_layouts_lp64 = {
    .timespec = { sizeof(Lp64Timespec), .f_tv_sec = F(Lp64Timespec, tv_sec),
                  .f_tv_nsec = F(Lp64Timespec, tv_nsec) },
    .timeval = { sizeof(Lp64Timeval), .f_tv_sec = F(Lp64Timeval, tv_sec),
                 .f_tv_usec = F(Lp64Timeval, tv_usec) },
    .rlimit = { sizeof(Lp64Rlimit), .f_rlim_cur = F(Lp64Rlimit, rlim_cur),
                .f_rlim_max = F(Lp64Rlimit, rlim_max) },
    .tms = { sizeof(Lp64Tms), .f_tms_utime = F(Lp64Tms, tms_utime), .f_tms_stime = F(Lp64Tms, tms_stime),
             .f_tms_cutime = F(Lp64Tms, tms_cutime), .f_tms_cstime = F(Lp64Tms, tms_cstime) },
    .stat = {
        sizeof(Lp64Stat),
        .f_st_dev = F(Lp64Stat, st_dev),
        .f_st_ino = F(Lp64Stat, st_ino),
        .f_st_mode = F(Lp64Stat, st_mode),
        .f_st_nlink = F(Lp64Stat, st_nlink),
        .f_st_uid = F(Lp64Stat, st_uid),
        .f_st_gid = F(Lp64Stat, st_gid),
        .f_st_rdev = F(Lp64Stat, st_rdev),
        .f_st_size = F(Lp64Stat, st_size),
        .f_st_blksize = F(Lp64Stat, st_blksize),
        .f_st_blocks = F(Lp64Stat, st_blocks),
        .f_st_atime = F(Lp64Stat, st_atime_sec),
        .f_st_atime_nsec = F(Lp64Stat, st_atime_nsec),
        .f_st_mtime = F(Lp64Stat, st_mtime_sec),
        .f_st_mtime_nsec = F(Lp64Stat, st_mtime_nsec),
        .f_st_ctime = F(Lp64Stat, st_ctime_sec),
        .f_st_ctime_nsec = F(Lp64Stat, st_ctime_nsec),
    },
    .statfs = {
        sizeof(Lp64Statfs),
        .f_f_type = F(Lp64Statfs, f_type),
        .f_f_bsize = F(Lp64Statfs, f_bsize),
        .f_f_blocks = F(Lp64Statfs, f_blocks),
        .f_f_bfree = F(Lp64Statfs, f_bfree),
        .f_f_bavail = F(Lp64Statfs, f_bavail),
        .f_f_files = F(Lp64Statfs, f_files),
        .f_f_ffree = F(Lp64Statfs, f_ffree),
        .f_f_fsid = F(Lp64Statfs, f_fsid),
        .f_f_namelen = F(Lp64Statfs, f_namelen),
        .f_f_frsize = F(Lp64Statfs, f_frsize),
        .f_f_flags = F(Lp64Statfs, f_flags),
    },
    .flock = { sizeof(Lp64Flock), .f_l_type = F(Lp64Flock, l_type), .f_l_whence = F(Lp64Flock, l_whence),
               .f_l_start = F(Lp64Flock, l_start), .f_l_len = F(Lp64Flock, l_len),
               .f_l_pid = F(Lp64Flock, l_pid) },
    .epoll_event = { sizeof(Lp64EpollEvent), .f_events = F(Lp64EpollEvent, events),
                     .f_data = F(Lp64EpollEvent, data) },
    .rusage = {
        sizeof(Lp64Rusage),
        .f_ru_utime = F(Lp64Rusage, ru_utime),
        .f_ru_stime = F(Lp64Rusage, ru_stime),
        .f_ru_maxrss = F(Lp64Rusage, ru_maxrss),
        .f_ru_ixrss = F(Lp64Rusage, ru_ixrss),
        .f_ru_idrss = F(Lp64Rusage, ru_idrss),
        .f_ru_isrss = F(Lp64Rusage, ru_isrss),
        .f_ru_minflt = F(Lp64Rusage, ru_minflt),
        .f_ru_majflt = F(Lp64Rusage, ru_majflt),
        .f_ru_nswap = F(Lp64Rusage, ru_nswap),
        .f_ru_inblock = F(Lp64Rusage, ru_inblock),
        .f_ru_oublock = F(Lp64Rusage, ru_oublock),
        .f_ru_msgsnd = F(Lp64Rusage, ru_msgsnd),
        .f_ru_msgrcv = F(Lp64Rusage, ru_msgrcv),
        .f_ru_nsignals = F(Lp64Rusage, ru_nsignals),
        .f_ru_nvcsw = F(Lp64Rusage, ru_nvcsw),
        .f_ru_nivcsw = F(Lp64Rusage, ru_nivcsw),
    },
    .sysinfo = {
        sizeof(Lp64Sysinfo),
        .f_uptime = F(Lp64Sysinfo, uptime),
        .f_loads = F(Lp64Sysinfo, loads),
        .f_totalram = F(Lp64Sysinfo, totalram),
        .f_freeram = F(Lp64Sysinfo, freeram),
        .f_sharedram = F(Lp64Sysinfo, sharedram),
        .f_bufferram = F(Lp64Sysinfo, bufferram),
        .f_totalswap = F(Lp64Sysinfo, totalswap),
        .f_freeswap = F(Lp64Sysinfo, freeswap),
        .f_procs = F(Lp64Sysinfo, procs),
        .f_totalhigh = F(Lp64Sysinfo, totalhigh),
        .f_freehigh = F(Lp64Sysinfo, freehigh),
        .f_mem_unit = F(Lp64Sysinfo, mem_unit),
    },
    .siginfo = {
        sizeof(Lp64Siginfo),
        .f_si_signo = F(Lp64Siginfo, si_signo),
        .f_si_errno = F(Lp64Siginfo, si_errno),
        .f_si_code = F(Lp64Siginfo, si_code),
        .f_si_pid = F(Lp64Siginfo, f.kill.pid),
        .f_si_uid = F(Lp64Siginfo, f.kill.uid),
        .f_si_value = F(Lp64Siginfo, f.kill.value),
        .f_si_tid = F(Lp64Siginfo, f.timer.tid),
        .f_si_overrun = F(Lp64Siginfo, f.timer.overrun),
        .f_si_status = F(Lp64Siginfo, f.chld.status),
        .f_si_utime = F(Lp64Siginfo, f.chld.utime),
        .f_si_stime = F(Lp64Siginfo, f.chld.stime),
        .f_si_addr = F(Lp64Siginfo, f.fault.addr),
        .f_si_band = F(Lp64Siginfo, f.poll.band),
        .f_si_fd = F(Lp64Siginfo, f.poll.fd),
        .f_si_call_addr = F(Lp64Siginfo, f.sys.call_addr),
        .f_si_syscall = F(Lp64Siginfo, f.sys.syscall),
        .f_si_arch = F(Lp64Siginfo, f.sys.arch),
    },
    .sigevent = { sizeof(Lp64Sigevent), .f_sigev_value = F(Lp64Sigevent, value),
                  .f_sigev_signo = F(Lp64Sigevent, signo), .f_sigev_notify = F(Lp64Sigevent, notify),
                  .f_sigev_notify_thread_id = F(Lp64Sigevent, tid) },
    .mq_attr = { sizeof(Lp64MqAttr), .f_mq_flags = F(Lp64MqAttr, flags), .f_mq_maxmsg = F(Lp64MqAttr, maxmsg),
                 .f_mq_msgsize = F(Lp64MqAttr, msgsize), .f_mq_curmsgs = F(Lp64MqAttr, curmsgs) },
    .stack = { sizeof(Lp64Stack), .f_ss_sp = F(Lp64Stack, ss_sp), .f_ss_flags = F(Lp64Stack, ss_flags),
               .f_ss_size = F(Lp64Stack, ss_size) },
    .iovec = { sizeof(Lp64Iovec), .f_iov_base = F(Lp64Iovec, iov_base), .f_iov_len = F(Lp64Iovec, iov_len) },
    .msghdr = {
        sizeof(Lp64Msghdr),
        .f_msg_name = F(Lp64Msghdr, msg_name),
        .f_msg_namelen = F(Lp64Msghdr, msg_namelen),
        .f_msg_iov = F(Lp64Msghdr, msg_iov),
        .f_msg_iovlen = F(Lp64Msghdr, msg_iovlen),
        .f_msg_control = F(Lp64Msghdr, msg_control),
        .f_msg_controllen = F(Lp64Msghdr, msg_controllen),
        .f_msg_flags = F(Lp64Msghdr, msg_flags),
    },
    .cmsghdr = { sizeof(Lp64Cmsghdr), .f_cmsg_len = F(Lp64Cmsghdr, cmsg_len),
                 .f_cmsg_level = F(Lp64Cmsghdr, cmsg_level), .f_cmsg_type = F(Lp64Cmsghdr, cmsg_type) },
};
