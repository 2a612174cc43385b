/*
 * The ARM EABI structs (32-bit longs and pointers, little-endian, 64-bit
 * members 8-aligned) that syscalls/arm/layout.c describes as data. Their
 * offsets are checked against arm-linux-gnueabihf-gcc's headers by
 * tests/unit/layout_test.c.
 */
#ifndef XRUN_SYSCALLS_ARM_EABI_H
#define XRUN_SYSCALLS_ARM_EABI_H

#include "syscalls/sys.h"

typedef struct GuestTimespec32 {
    int32_t tv_sec, tv_nsec;
} GuestTimespec32;

typedef struct GuestIovec32 {
    uint32_t iov_base, iov_len;
} GuestIovec32;

typedef struct GuestRlimit32 {
    uint32_t rlim_cur, rlim_max;
} GuestRlimit32;

typedef struct GuestTms32 {
    int32_t tms_utime, tms_stime, tms_cutime, tms_cstime;
} GuestTms32;

typedef struct GuestStat64 {
    uint64_t st_dev;
    uint8_t pad0[4];
    uint32_t st_ino32; /* truncated inode, kept for old programs */
    uint32_t st_mode;
    uint32_t st_nlink;
    uint32_t st_uid;
    uint32_t st_gid;
    uint64_t st_rdev;
    uint8_t pad3[8];
    int64_t st_size;
    uint32_t st_blksize;
    uint8_t pad4[4];
    uint64_t st_blocks;
    uint32_t st_atime_sec, st_atime_nsec;
    uint32_t st_mtime_sec, st_mtime_nsec;
    uint32_t st_ctime_sec, st_ctime_nsec;
    uint64_t st_ino;
} GuestStat64;

/* EABI declares statfs64 packed with 4-byte alignment: 84 bytes, not 88. */
typedef struct __attribute__((packed, aligned(4))) GuestStatfs64 {
    uint32_t f_type, f_bsize;
    uint64_t f_blocks, f_bfree, f_bavail, f_files, f_ffree;
    int32_t f_fsid[2];
    uint32_t f_namelen, f_frsize, f_flags;
    uint32_t f_spare[4];
} GuestStatfs64;

typedef struct GuestFlock64 {
    int16_t l_type, l_whence;
    uint8_t pad[4];
    int64_t l_start, l_len;
    int32_t l_pid;
    uint8_t pad2[4];
} GuestFlock64;

/* Not packed on ARM (it is on x86_64): data sits at offset 8. */
typedef struct GuestEpollEvent {
    uint32_t events;
    uint8_t pad[4];
    uint64_t data;
} GuestEpollEvent;

typedef struct GuestRusage32 {
    GuestTimeval32 ru_utime, ru_stime;
    int32_t ru_maxrss, ru_ixrss, ru_idrss, ru_isrss, ru_minflt, ru_majflt, ru_nswap;
    int32_t ru_inblock, ru_oublock, ru_msgsnd, ru_msgrcv, ru_nsignals, ru_nvcsw, ru_nivcsw;
} GuestRusage32;

typedef struct GuestSysinfo32 {
    int32_t uptime;
    uint32_t loads[3];
    uint32_t totalram, freeram, sharedram, bufferram, totalswap, freeswap;
    uint16_t procs, pad;
    uint32_t totalhigh, freehigh, mem_unit;
    uint8_t f[8];
} GuestSysinfo32;

typedef struct GuestMsghdr32 {
    uint32_t msg_name, msg_namelen, msg_iov, msg_iovlen;
    uint32_t msg_control, msg_controllen;
    int32_t msg_flags;
} GuestMsghdr32;

typedef struct GuestCmsghdr32 {
    uint32_t cmsg_len;
    int32_t cmsg_level, cmsg_type;
} GuestCmsghdr32;

/* siginfo as 32-bit Linux guests lay it out (128 bytes, union at 12). */
typedef struct GuestSiginfo32 {
    int32_t si_signo, si_errno, si_code;
    union {
        uint32_t pad[29];
        struct { int32_t pid; uint32_t uid; int32_t value; } kill;      /* SI_USER, SI_QUEUE, ... */
        struct { int32_t tid; int32_t overrun; int32_t value; } timer;  /* SI_TIMER */
        struct { int32_t pid; uint32_t uid; int32_t status, utime, stime; } chld;
        struct { uint32_t addr; } fault;                                 /* SEGV, BUS, ILL, FPE, TRAP */
        struct { int32_t band; int32_t fd; } poll;
        struct { uint32_t call_addr; int32_t syscall; uint32_t arch; } sys;
    } f;
} GuestSiginfo32;
_Static_assert(sizeof(GuestSiginfo32) == 128, "guest siginfo is 128 bytes");

/* struct sigevent: a 4-byte sigev_value, then signo, notify and the
 * thread id; 64 bytes in all. */
typedef struct GuestSigevent32 {
    uint32_t value;
    int32_t signo, notify, tid;
    uint8_t pad[48];
} GuestSigevent32;

typedef struct GuestMqAttr32 {
    int32_t flags, maxmsg, msgsize, curmsgs;
    int32_t reserved[4];
} GuestMqAttr32;

/* CMSG_ALIGN of a 32-bit guest: 4 bytes. */
#define GUEST_CMSG_ALIGN(n) (((n) + 3u) & ~3u)

_Static_assert(sizeof(GuestStat64) == 104, "ARM EABI struct stat64");
_Static_assert(sizeof(GuestStatfs64) == 84, "ARM EABI struct statfs64");
_Static_assert(sizeof(GuestFlock64) == 32, "ARM EABI struct flock64");
_Static_assert(sizeof(GuestEpollEvent) == 16, "ARM EABI struct epoll_event");
_Static_assert(sizeof(GuestRusage32) == 72, "ARM EABI struct rusage");
_Static_assert(sizeof(GuestSysinfo32) == 64, "ARM EABI struct sysinfo");
_Static_assert(sizeof(GuestMsghdr32) == 28, "ARM EABI struct msghdr");
_Static_assert(sizeof(GuestSigevent32) == 64, "ARM EABI struct sigevent");
_Static_assert(sizeof(GuestMqAttr32) == 32, "ARM EABI struct mq_attr");

#endif
