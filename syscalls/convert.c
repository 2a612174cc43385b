/*
 * Struct converters between host structs and the running guest ABI's
 * layouts (sys_abi->layouts, syscalls/layout.h), the fixed layouts of the
 * calls only 32-bit ABIs have (statfs, fcntl's 32-bit flock), and
 * open-flag translation.
 *
 * These are pure functions on host buffers (no guest memory, no syscalls)
 * so that tests/unit/syscall_test.c can check them alone. The handlers copy
 * the guest struct in or out of guest memory around them:
 *
 *     struct stat st;  uint8_t g[SYS_LAYOUT_MAX];
 *     fstat(fd, &st);  size_t n = sys_conv_stat(g, &st);  sys_copy_to_guest(addr, g, n);
 */
#include <fcntl.h>
#include <stdint.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/sysinfo.h>

#include "syscalls/layout.h"
#include "syscalls/sys.h"

/* -- stat / statfs -- */

size_t sys_conv_stat(void *g, const struct stat *h)
{
    const typeof(sys_abi->layouts->stat) *L = &sys_abi->layouts->stat;
    memset(g, 0, L->size);
    sys_field_put(g, L->f_st_dev, h->st_dev);
    sys_field_put(g, L->f___st_ino, h->st_ino); /* truncated: kept for old programs */
    sys_field_put(g, L->f_st_ino, h->st_ino);
    sys_field_put(g, L->f_st_mode, h->st_mode);
    sys_field_put(g, L->f_st_nlink, h->st_nlink);
    sys_field_put(g, L->f_st_uid, h->st_uid);
    sys_field_put(g, L->f_st_gid, h->st_gid);
    sys_field_put(g, L->f_st_rdev, h->st_rdev);
    sys_field_put(g, L->f_st_size, (uint64_t)h->st_size);
    sys_field_put(g, L->f_st_blksize, (uint64_t)h->st_blksize);
    sys_field_put(g, L->f_st_blocks, (uint64_t)h->st_blocks);
    /* 32-bit seconds wrap in 2106 (unsigned in the kernel's stat64). */
    sys_field_put(g, L->f_st_atime, (uint64_t)h->st_atim.tv_sec);
    sys_field_put(g, L->f_st_atime_nsec, (uint64_t)h->st_atim.tv_nsec);
    sys_field_put(g, L->f_st_mtime, (uint64_t)h->st_mtim.tv_sec);
    sys_field_put(g, L->f_st_mtime_nsec, (uint64_t)h->st_mtim.tv_nsec);
    sys_field_put(g, L->f_st_ctime, (uint64_t)h->st_ctim.tv_sec);
    sys_field_put(g, L->f_st_ctime_nsec, (uint64_t)h->st_ctim.tv_nsec);
    return L->size;
}

size_t sys_conv_statfs(void *g, const struct statfs *h)
{
    const typeof(sys_abi->layouts->statfs) *L = &sys_abi->layouts->statfs;
    memset(g, 0, L->size);
    sys_field_put(g, L->f_f_type, (uint64_t)h->f_type);
    sys_field_put(g, L->f_f_bsize, (uint64_t)h->f_bsize);
    sys_field_put(g, L->f_f_blocks, h->f_blocks);
    sys_field_put(g, L->f_f_bfree, h->f_bfree);
    sys_field_put(g, L->f_f_bavail, h->f_bavail);
    sys_field_put(g, L->f_f_files, h->f_files);
    sys_field_put(g, L->f_f_ffree, h->f_ffree);
    memcpy((uint8_t *)g + L->f_f_fsid.off, &h->f_fsid, L->f_f_fsid.size);
    sys_field_put(g, L->f_f_namelen, (uint64_t)h->f_namelen);
    sys_field_put(g, L->f_f_frsize, (uint64_t)h->f_frsize);
    sys_field_put(g, L->f_f_flags, (uint64_t)h->f_flags);
    return L->size;
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

size_t sys_conv_flock_to_guest(void *g, const struct flock *h)
{
    const typeof(sys_abi->layouts->flock) *L = &sys_abi->layouts->flock;
    memset(g, 0, L->size);
    sys_field_put(g, L->f_l_type, (uint64_t)h->l_type);
    sys_field_put(g, L->f_l_whence, (uint64_t)h->l_whence);
    sys_field_put(g, L->f_l_start, (uint64_t)h->l_start);
    sys_field_put(g, L->f_l_len, (uint64_t)h->l_len);
    sys_field_put(g, L->f_l_pid, (uint64_t)h->l_pid);
    return L->size;
}

void sys_conv_flock_from_guest(struct flock *h, const void *g)
{
    const typeof(sys_abi->layouts->flock) *L = &sys_abi->layouts->flock;
    memset(h, 0, sizeof(*h));
    h->l_type = (short)sys_field_get_s(g, L->f_l_type);
    h->l_whence = (short)sys_field_get_s(g, L->f_l_whence);
    h->l_start = sys_field_get_s(g, L->f_l_start);
    h->l_len = sys_field_get_s(g, L->f_l_len);
    h->l_pid = (pid_t)sys_field_get_s(g, L->f_l_pid);
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

size_t sys_conv_epoll_to_guest(void *g, const struct epoll_event *h)
{
    const typeof(sys_abi->layouts->epoll_event) *L = &sys_abi->layouts->epoll_event;
    memset(g, 0, L->size);
    sys_field_put(g, L->f_events, h->events);
    sys_field_put(g, L->f_data, h->data.u64);
    return L->size;
}

void sys_conv_epoll_from_guest(struct epoll_event *h, const void *g)
{
    const typeof(sys_abi->layouts->epoll_event) *L = &sys_abi->layouts->epoll_event;
    memset(h, 0, sizeof(*h));
    h->events = (uint32_t)sys_field_get(g, L->f_events);
    h->data.u64 = sys_field_get(g, L->f_data);
}

/* -- Resource usage and system information -- */

/* A timeval member (two longs) of a guest struct. */
static void put_timeval_member(void *g, SysField f, const struct timeval *tv)
{
    SysField half = {f.off, (uint16_t)(f.size / 2)};
    sys_field_put(g, half, (uint64_t)tv->tv_sec);
    half.off = (uint16_t)(f.off + half.size);
    sys_field_put(g, half, (uint64_t)tv->tv_usec);
}

size_t sys_conv_rusage(void *g, const struct rusage *h)
{
    const typeof(sys_abi->layouts->rusage) *L = &sys_abi->layouts->rusage;
    memset(g, 0, L->size);
    put_timeval_member(g, L->f_ru_utime, &h->ru_utime);
    put_timeval_member(g, L->f_ru_stime, &h->ru_stime);
    sys_field_put(g, L->f_ru_maxrss, (uint64_t)h->ru_maxrss);
    sys_field_put(g, L->f_ru_ixrss, (uint64_t)h->ru_ixrss);
    sys_field_put(g, L->f_ru_idrss, (uint64_t)h->ru_idrss);
    sys_field_put(g, L->f_ru_isrss, (uint64_t)h->ru_isrss);
    sys_field_put(g, L->f_ru_minflt, (uint64_t)h->ru_minflt);
    sys_field_put(g, L->f_ru_majflt, (uint64_t)h->ru_majflt);
    sys_field_put(g, L->f_ru_nswap, (uint64_t)h->ru_nswap);
    sys_field_put(g, L->f_ru_inblock, (uint64_t)h->ru_inblock);
    sys_field_put(g, L->f_ru_oublock, (uint64_t)h->ru_oublock);
    sys_field_put(g, L->f_ru_msgsnd, (uint64_t)h->ru_msgsnd);
    sys_field_put(g, L->f_ru_msgrcv, (uint64_t)h->ru_msgrcv);
    sys_field_put(g, L->f_ru_nsignals, (uint64_t)h->ru_nsignals);
    sys_field_put(g, L->f_ru_nvcsw, (uint64_t)h->ru_nvcsw);
    sys_field_put(g, L->f_ru_nivcsw, (uint64_t)h->ru_nivcsw);
    return L->size;
}

size_t sys_conv_sysinfo(void *g, const struct sysinfo *h)
{
    const typeof(sys_abi->layouts->sysinfo) *L = &sys_abi->layouts->sysinfo;
    /* Like the guest's kernel: grow mem_unit until every size fits the
     * guest's unsigned long (a no-op when it is 64 bits). */
    uint64_t max = L->f_totalram.size >= 8 ? UINT64_MAX : (1ull << (8 * L->f_totalram.size)) - 1;
    uint64_t unit = h->mem_unit ? h->mem_unit : 1;
    const uint64_t sizes[] = {h->totalram,  h->freeram,  h->sharedram, h->bufferram,
                              h->totalswap, h->freeswap, h->totalhigh, h->freehigh};
    unsigned shift = 0;
    for (unsigned i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
        while ((sizes[i] >> shift) > max)
            shift++;
    }
    memset(g, 0, L->size);
    sys_field_put(g, L->f_uptime, (uint64_t)h->uptime);
    SysField load = {L->f_loads.off, (uint16_t)(L->f_loads.size / 3)};
    for (int i = 0; i < 3; i++, load.off = (uint16_t)(load.off + load.size))
        sys_field_put(g, load, h->loads[i]);
    sys_field_put(g, L->f_totalram, h->totalram >> shift);
    sys_field_put(g, L->f_freeram, h->freeram >> shift);
    sys_field_put(g, L->f_sharedram, h->sharedram >> shift);
    sys_field_put(g, L->f_bufferram, h->bufferram >> shift);
    sys_field_put(g, L->f_totalswap, h->totalswap >> shift);
    sys_field_put(g, L->f_freeswap, h->freeswap >> shift);
    sys_field_put(g, L->f_procs, h->procs);
    sys_field_put(g, L->f_totalhigh, h->totalhigh >> shift);
    sys_field_put(g, L->f_freehigh, h->freehigh >> shift);
    sys_field_put(g, L->f_mem_unit, unit << shift);
    return L->size;
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
