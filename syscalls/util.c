/*
 * Guest memory access for syscall handlers.
 *
 * Guest memory is directly addressable at g2h(addr), so most handlers pass
 * host pointers into guest memory straight to the host kernel once the range
 * is known to be mapped with the right permission:
 *
 *     char *buf = sys_lock_write(GPTR(a[1]), len);   // NULL -> -EFAULT
 *
 * Write locks also deal with self-modifying code: a guest page that holds
 * translated code is read-only on the host while the guest may write it
 * (PAGE_WRITE_ORG). The host kernel would fail with EFAULT writing there,
 * so the page is unprotected first (its TBs are invalidated).
 */
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>

#include "syscalls/sys.h"

/* True if [addr, addr+len) lies inside the guest address space. */
static bool range_in_guest(abi_ulong addr, abi_ulong len)
{
    return addr <= guest_addr_max && len - 1 <= guest_addr_max - addr;
}

void *sys_lock_read(abi_ulong addr, abi_ulong len)
{
    if (len == 0)
        return g2h(addr);
    if (!range_in_guest(addr, len) || !access_ok(PAGE_READ, addr, len))
        return NULL;
    return g2h(addr);
}

void *sys_lock_write(abi_ulong addr, abi_ulong len)
{
    if (len == 0)
        return g2h(addr);
    /* access_ok(PAGE_WRITE) also unprotects pages holding translated code. */
    if (!range_in_guest(addr, len) || !access_ok(PAGE_WRITE, addr, len))
        return NULL;
    return g2h(addr);
}

const char *sys_lock_str(abi_ulong addr)
{
    /* Check page by page: the string may end just before an unmapped page. */
    uint64_t p = addr;
    while (p <= guest_addr_max) {
        uint64_t page_end = (p & GUEST_PAGE_MASK) + GUEST_PAGE_SIZE;
        if (!access_ok(PAGE_READ, p, 1))
            return NULL;
        const char *h = g2h(p);
        const char *nul = memchr(h, 0, page_end - p);
        if (nul)
            return g2h(addr);
        p = page_end;
    }
    return NULL;
}

int sys_copy_from_guest(void *dst, abi_ulong addr, size_t len)
{
    const void *src = sys_lock_read(addr, len);
    if (!src)
        return -EFAULT;
    memcpy(dst, src, len);
    return 0;
}

int sys_copy_to_guest(abi_ulong addr, const void *src, size_t len)
{
    void *dst = sys_lock_write(addr, len);
    if (!dst)
        return -EFAULT;
    memcpy(dst, src, len);
    return 0;
}

int sys_put_u32(abi_ulong addr, uint32_t v)
{
    return sys_copy_to_guest(addr, &v, sizeof(v));
}

int sys_put_u64(abi_ulong addr, uint64_t v)
{
    return sys_copy_to_guest(addr, &v, sizeof(v));
}

int sys_put_ulong(abi_ulong addr, uint64_t v)
{
    return sys_copy_to_guest(addr, &v, sys_abi->long_bits / 8);
}

int sys_get_u32(abi_ulong addr, uint32_t *v)
{
    return sys_copy_from_guest(v, addr, sizeof(*v));
}

int sys_get_ptr(abi_ulong addr, abi_ulong *v)
{
    *v = 0; /* little-endian: a 4-byte pointer fills the low half */
    return sys_copy_from_guest(v, addr, sys_abi->ptr_bits / 8);
}

/* -- Time structs -- */

int sys_get_timespec(struct timespec *h, abi_ulong addr, bool time64)
{
    if (time64) {
        GuestTimespec64 g;
        if (sys_copy_from_guest(&g, addr, sizeof(g)))
            return -EFAULT;
        h->tv_sec = g.tv_sec;
        /* A 32-bit task's tv_nsec is a 32-bit long plus padding: the
         * kernel ignores the upper half, and so do we. */
        h->tv_nsec = (int32_t)g.tv_nsec;
        return 0;
    }
    const typeof(sys_abi->layouts->timespec) *L = &sys_abi->layouts->timespec;
    uint8_t g[SYS_LAYOUT_MAX];
    if (sys_copy_from_guest(g, addr, L->size))
        return -EFAULT;
    h->tv_sec = sys_field_get_s(g, L->f_tv_sec);
    h->tv_nsec = sys_field_get_s(g, L->f_tv_nsec);
    return 0;
}

int sys_put_timespec(abi_ulong addr, const struct timespec *h, bool time64)
{
    if (time64) {
        GuestTimespec64 g = {h->tv_sec, h->tv_nsec};
        return sys_copy_to_guest(addr, &g, sizeof(g));
    }
    const typeof(sys_abi->layouts->timespec) *L = &sys_abi->layouts->timespec;
    uint8_t g[SYS_LAYOUT_MAX];
    sys_field_put(g, L->f_tv_sec, (uint64_t)h->tv_sec);
    sys_field_put(g, L->f_tv_nsec, (uint64_t)h->tv_nsec);
    return sys_copy_to_guest(addr, g, L->size);
}

size_t sys_timespec_size(bool time64)
{
    return time64 ? sizeof(GuestTimespec64) : sys_abi->layouts->timespec.size;
}

int sys_get_timeval(struct timeval *h, abi_ulong addr)
{
    const typeof(sys_abi->layouts->timeval) *L = &sys_abi->layouts->timeval;
    uint8_t g[SYS_LAYOUT_MAX];
    if (sys_copy_from_guest(g, addr, L->size))
        return -EFAULT;
    h->tv_sec = sys_field_get_s(g, L->f_tv_sec);
    h->tv_usec = sys_field_get_s(g, L->f_tv_usec);
    return 0;
}

int sys_put_timeval(abi_ulong addr, const struct timeval *h)
{
    const typeof(sys_abi->layouts->timeval) *L = &sys_abi->layouts->timeval;
    uint8_t g[SYS_LAYOUT_MAX];
    sys_field_put(g, L->f_tv_sec, (uint64_t)h->tv_sec);
    sys_field_put(g, L->f_tv_usec, (uint64_t)h->tv_usec);
    return sys_copy_to_guest(addr, g, L->size);
}

size_t sys_timeval_size(void) { return sys_abi->layouts->timeval.size; }

/* -- struct sigevent -- */

int sys_get_sigevent(SysSigevent *out, abi_ulong addr)
{
    const typeof(sys_abi->layouts->sigevent) *L = &sys_abi->layouts->sigevent;
    uint8_t g[SYS_LAYOUT_MAX];
    if (sys_copy_from_guest(g, addr, L->size))
        return -EFAULT;
    out->value = sys_field_get(g, L->f_sigev_value);
    out->signo = (int)sys_field_get(g, L->f_sigev_signo);
    out->notify = (int)sys_field_get(g, L->f_sigev_notify);
    out->tid = (int)sys_field_get(g, L->f_sigev_notify_thread_id);
    return 0;
}

/* -- iovec arrays -- */

int sys_get_iovec(const void *giov, abi_ulong i, abi_ulong *base, int64_t *len)
{
    const typeof(sys_abi->layouts->iovec) *L = &sys_abi->layouts->iovec;
    const uint8_t *e = (const uint8_t *)giov + i * L->size;
    *base = sys_field_get(e, L->f_iov_base);
    *len = sys_field_get_s(e, L->f_iov_len);
    return 0;
}

abi_long sys_lock_iovec(struct iovec **out, abi_ulong addr, abi_ulong count, bool to_guest)
{
    *out = NULL;
    if (count > IOV_MAX)
        return -EINVAL;
    if (count == 0)
        return 0;
    const void *giov = sys_lock_read(addr, count * sys_abi->layouts->iovec.size);
    if (!giov)
        return -EFAULT;
    struct iovec *iov = calloc(count, sizeof(*iov));
    if (!iov)
        return -ENOMEM;
    uint64_t total = 0;
    for (abi_ulong i = 0; i < count; i++) {
        abi_ulong base;
        int64_t len;
        sys_get_iovec(giov, i, &base, &len);
        if (len < 0 || (total += (uint64_t)len) > INT32_MAX) {
            free(iov);
            return -EINVAL;
        }
        void *p = to_guest ? sys_lock_write(base, (abi_ulong)len) : sys_lock_read(base, (abi_ulong)len);
        if (!p) {
            /* The kernel checks every segment before any transfer. */
            free(iov);
            return -EFAULT;
        }
        iov[i].iov_base = p;
        iov[i].iov_len = (size_t)len;
    }
    *out = iov;
    return (abi_long)count;
}

/* -- Paths -- */

/* Trees that are the host's own business, never looked up in the sysroot. */
static bool path_is_host_only(const char *path)
{
    static const char *const trees[] = {"/proc", "/dev", "/sys"};
    for (unsigned i = 0; i < sizeof(trees) / sizeof(trees[0]); i++) {
        size_t n = strlen(trees[i]);
        if (strncmp(path, trees[i], n) == 0 && (path[n] == '/' || path[n] == 0))
            return true;
    }
    return path[1] == 0; /* "/" itself */
}

const char *sys_path(const char *path, char *buf, size_t size)
{
    const char *prefix = user_opts.ld_prefix;
    if (!prefix || !prefix[0] || strcmp(prefix, "/") == 0 || path[0] != '/' ||
        path_is_host_only(path))
        return path;
    int n = snprintf(buf, size, "%s%s", prefix, path);
    if (n < 0 || (size_t)n >= size)
        return path;
    if (faccessat(AT_FDCWD, buf, F_OK, AT_SYMLINK_NOFOLLOW) != 0)
        return path;
    return buf;
}

bool sys_is_proc_self(const char *path, const char *leaf)
{
    static const char prefix[] = "/proc/";
    if (strncmp(path, prefix, sizeof(prefix) - 1) != 0)
        return false;
    const char *p = path + sizeof(prefix) - 1;
    if (strncmp(p, "self/", 5) == 0) {
        p += 5;
    } else {
        char *end;
        long pid = strtol(p, &end, 10);
        if (end == p || *end != '/' || pid != (long)getpid())
            return false;
        p = end + 1;
    }
    return strcmp(p, leaf) == 0;
}
