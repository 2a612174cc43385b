/*
 * Struct converters between host structs and the 32-bit ARM EABI guest
 * layouts of syscalls/sys.h, plus open-flag translation.
 *
 * These are pure functions on host buffers (no guest memory, no syscalls)
 * so that tests/unit/syscall_test.c can check them alone. The handlers copy
 * the guest struct in or out of guest memory around them:
 *
 *     struct stat st;  GuestStat64 g;
 *     fstat(fd, &st);  sys_conv_stat64(&g, &st);  sys_copy_to_guest(addr, &g, sizeof g);
 */
#include <fcntl.h>
#include <stdint.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/sysinfo.h>

#include "syscalls/sys.h"

/* -- stat / statfs -- */

void sys_conv_stat64(GuestStat64 *g, const struct stat *h)
{
    memset(g, 0, sizeof(*g));
    g->st_dev = h->st_dev;
    g->st_ino32 = (uint32_t)h->st_ino;
    g->st_mode = h->st_mode;
    g->st_nlink = (uint32_t)h->st_nlink;
    g->st_uid = h->st_uid;
    g->st_gid = h->st_gid;
    g->st_rdev = h->st_rdev;
    g->st_size = h->st_size;
    g->st_blksize = (uint32_t)h->st_blksize;
    g->st_blocks = (uint64_t)h->st_blocks;
    /* 32-bit seconds: wraps in 2106 (unsigned in the kernel's stat64). */
    g->st_atime_sec = (uint32_t)h->st_atim.tv_sec;
    g->st_atime_nsec = (uint32_t)h->st_atim.tv_nsec;
    g->st_mtime_sec = (uint32_t)h->st_mtim.tv_sec;
    g->st_mtime_nsec = (uint32_t)h->st_mtim.tv_nsec;
    g->st_ctime_sec = (uint32_t)h->st_ctim.tv_sec;
    g->st_ctime_nsec = (uint32_t)h->st_ctim.tv_nsec;
    g->st_ino = h->st_ino;
}

void sys_conv_statfs64(GuestStatfs64 *g, const struct statfs *h)
{
    memset(g, 0, sizeof(*g));
    g->f_type = (uint32_t)h->f_type;
    g->f_bsize = (uint32_t)h->f_bsize;
    g->f_blocks = h->f_blocks;
    g->f_bfree = h->f_bfree;
    g->f_bavail = h->f_bavail;
    g->f_files = h->f_files;
    g->f_ffree = h->f_ffree;
    memcpy(g->f_fsid, &h->f_fsid, sizeof(g->f_fsid));
    g->f_namelen = (uint32_t)h->f_namelen;
    g->f_frsize = (uint32_t)h->f_frsize;
    g->f_flags = (uint32_t)h->f_flags;
}

int sys_conv_statfs32(GuestStatfs32 *g, const struct statfs *h)
{
    const uint64_t counts[] = {h->f_blocks, h->f_bfree, h->f_bavail, h->f_files, h->f_ffree};
    for (unsigned i = 0; i < sizeof(counts) / sizeof(counts[0]); i++) {
        /* -1 ("unlimited" files on some filesystems) is passed as -1. */
        if (counts[i] > UINT32_MAX && counts[i] != UINT64_MAX)
            return -EOVERFLOW;
    }
    memset(g, 0, sizeof(*g));
    g->f_type = (uint32_t)h->f_type;
    g->f_bsize = (uint32_t)h->f_bsize;
    g->f_blocks = (uint32_t)h->f_blocks;
    g->f_bfree = (uint32_t)h->f_bfree;
    g->f_bavail = (uint32_t)h->f_bavail;
    g->f_files = (uint32_t)h->f_files;
    g->f_ffree = (uint32_t)h->f_ffree;
    memcpy(g->f_fsid, &h->f_fsid, sizeof(g->f_fsid));
    g->f_namelen = (uint32_t)h->f_namelen;
    g->f_frsize = (uint32_t)h->f_frsize;
    g->f_flags = (uint32_t)h->f_flags;
    return 0;
}

/* -- Record locks -- */

void sys_conv_flock64_to_guest(GuestFlock64 *g, const struct flock *h)
{
    memset(g, 0, sizeof(*g));
    g->l_type = h->l_type;
    g->l_whence = h->l_whence;
    g->l_start = h->l_start;
    g->l_len = h->l_len;
    g->l_pid = h->l_pid;
}

void sys_conv_flock64_from_guest(struct flock *h, const GuestFlock64 *g)
{
    memset(h, 0, sizeof(*h));
    h->l_type = g->l_type;
    h->l_whence = g->l_whence;
    h->l_start = g->l_start;
    h->l_len = g->l_len;
    h->l_pid = g->l_pid;
}

int sys_conv_flock32_to_guest(GuestFlock32 *g, const struct flock *h)
{
    /* The kernel reports a conflicting lock beyond 2 GiB as EOVERFLOW. */
    if (h->l_start != (int32_t)h->l_start || h->l_len != (int32_t)h->l_len)
        return -EOVERFLOW;
    memset(g, 0, sizeof(*g));
    g->l_type = h->l_type;
    g->l_whence = h->l_whence;
    g->l_start = (int32_t)h->l_start;
    g->l_len = (int32_t)h->l_len;
    g->l_pid = h->l_pid;
    return 0;
}

void sys_conv_flock32_from_guest(struct flock *h, const GuestFlock32 *g)
{
    memset(h, 0, sizeof(*h));
    h->l_type = g->l_type;
    h->l_whence = g->l_whence;
    h->l_start = g->l_start;
    h->l_len = g->l_len;
    h->l_pid = g->l_pid;
}

/* -- epoll -- */

void sys_conv_epoll_to_guest(GuestEpollEvent *g, const struct epoll_event *h)
{
    memset(g, 0, sizeof(*g));
    g->events = h->events;
    g->data = h->data.u64;
}

void sys_conv_epoll_from_guest(struct epoll_event *h, const GuestEpollEvent *g)
{
    memset(h, 0, sizeof(*h));
    h->events = g->events;
    h->data.u64 = g->data;
}

/* -- Resource usage and system information -- */

static GuestTimeval32 conv_timeval32(const struct timeval *tv)
{
    return (GuestTimeval32){(int32_t)tv->tv_sec, (int32_t)tv->tv_usec};
}

void sys_conv_rusage(GuestRusage32 *g, const struct rusage *h)
{
    g->ru_utime = conv_timeval32(&h->ru_utime);
    g->ru_stime = conv_timeval32(&h->ru_stime);
    g->ru_maxrss = (int32_t)h->ru_maxrss;
    g->ru_ixrss = (int32_t)h->ru_ixrss;
    g->ru_idrss = (int32_t)h->ru_idrss;
    g->ru_isrss = (int32_t)h->ru_isrss;
    g->ru_minflt = (int32_t)h->ru_minflt;
    g->ru_majflt = (int32_t)h->ru_majflt;
    g->ru_nswap = (int32_t)h->ru_nswap;
    g->ru_inblock = (int32_t)h->ru_inblock;
    g->ru_oublock = (int32_t)h->ru_oublock;
    g->ru_msgsnd = (int32_t)h->ru_msgsnd;
    g->ru_msgrcv = (int32_t)h->ru_msgrcv;
    g->ru_nsignals = (int32_t)h->ru_nsignals;
    g->ru_nvcsw = (int32_t)h->ru_nvcsw;
    g->ru_nivcsw = (int32_t)h->ru_nivcsw;
}

void sys_conv_sysinfo(GuestSysinfo32 *g, const struct sysinfo *h)
{
    /* Like a 32-bit kernel: grow mem_unit until every size fits 32 bits. */
    uint64_t unit = h->mem_unit ? h->mem_unit : 1;
    const uint64_t sizes[] = {h->totalram,  h->freeram,  h->sharedram, h->bufferram,
                              h->totalswap, h->freeswap, h->totalhigh, h->freehigh};
    unsigned shift = 0;
    for (unsigned i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
        while ((sizes[i] >> shift) > UINT32_MAX)
            shift++;
    }
    memset(g, 0, sizeof(*g));
    g->uptime = (int32_t)h->uptime;
    for (int i = 0; i < 3; i++)
        g->loads[i] = (uint32_t)h->loads[i];
    g->totalram = (uint32_t)(h->totalram >> shift);
    g->freeram = (uint32_t)(h->freeram >> shift);
    g->sharedram = (uint32_t)(h->sharedram >> shift);
    g->bufferram = (uint32_t)(h->bufferram >> shift);
    g->totalswap = (uint32_t)(h->totalswap >> shift);
    g->freeswap = (uint32_t)(h->freeswap >> shift);
    g->procs = h->procs;
    g->totalhigh = (uint32_t)(h->totalhigh >> shift);
    g->freehigh = (uint32_t)(h->freehigh >> shift);
    g->mem_unit = (uint32_t)(unit << shift);
}

/* -- Open flags -- */

/*
 * Four O_* bits differ between architectures (asm/fcntl.h): the guest ABI
 * gives its values (SysAbi.o_*), the host side uses its own headers'. Every
 * other bit has the generic value on every supported guest and host.
 */
#if defined(__x86_64__)
#define HOST_O_LARGEFILE 0x8000
#elif defined(__aarch64__)
#define HOST_O_LARGEFILE 0x20000
#else
#error "xrun: set HOST_O_LARGEFILE for this host"
#endif

enum { N_MOVED = 4 };

static void moved_flags(const SysAbi *abi, uint32_t guest[N_MOVED], int host[N_MOVED])
{
    guest[0] = abi->o_directory, host[0] = O_DIRECTORY;
    guest[1] = abi->o_nofollow, host[1] = O_NOFOLLOW;
    guest[2] = abi->o_direct, host[2] = O_DIRECT;
    guest[3] = abi->o_largefile, host[3] = HOST_O_LARGEFILE;
}

int sys_open_flags_to_host(uint32_t guest_flags)
{
    uint32_t g[N_MOVED];
    int h[N_MOVED];
    moved_flags(sys_abi, g, h);
    int host = (int)(guest_flags & ~(g[0] | g[1] | g[2] | g[3]));
    for (unsigned i = 0; i < N_MOVED; i++) {
        if (guest_flags & g[i])
            host |= h[i];
    }
    return host;
}

uint32_t sys_open_flags_to_guest(int host_flags)
{
    uint32_t g[N_MOVED];
    int h[N_MOVED];
    moved_flags(sys_abi, g, h);
    uint32_t guest = (uint32_t)(host_flags & ~(h[0] | h[1] | h[2] | h[3]));
    for (unsigned i = 0; i < N_MOVED; i++) {
        if (host_flags & h[i])
            guest |= g[i];
    }
    return guest;
}
