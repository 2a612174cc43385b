/*
 * The 16-bit user and group id calls (getuid, setreuid, getgroups, ...)
 * that ARM kept from its first ABI next to the *32 ones every EABI libc
 * uses. Old binaries and raw syscall users still reach them. As in the
 * kernel's uid16.c, an id that does not fit in 16 bits reads as the
 * overflow id 65534, and a 16-bit -1 (0xffff) written means "unchanged":
 *
 *     getuid()        host uid 100000 -> 65534
 *     setreuid(0xffff, 5)  -> host setreuid(-1, 5)
 *
 * Like the 32-bit calls (proc.c), the setters go through the raw syscalls,
 * which change only the calling thread.
 */
#include <stdlib.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "syscalls/sys.h"

#define OVERFLOW_ID 65534u
#define NGROUPS_MAX_ 65536

static uint16_t low_id(uint32_t id)
{
    return id & ~0xffffu ? OVERFLOW_ID : (uint16_t)id;
}

static long high_id(abi_long id)
{
    uint16_t v = (uint16_t)id;
    return v == 0xffff ? -1L : (long)v;
}

SYS_HANDLER(getuid16)
{
    return low_id(getuid());
}

SYS_HANDLER(geteuid16)
{
    return low_id(geteuid());
}

SYS_HANDLER(getgid16)
{
    return low_id(getgid());
}

SYS_HANDLER(getegid16)
{
    return low_id(getegid());
}

SYS_HANDLER(setuid16)
{
    return sys_ret(syscall(SYS_setuid, high_id(a[0])));
}

SYS_HANDLER(setgid16)
{
    return sys_ret(syscall(SYS_setgid, high_id(a[0])));
}

SYS_HANDLER(setreuid16)
{
    return sys_ret(syscall(SYS_setreuid, high_id(a[0]), high_id(a[1])));
}

SYS_HANDLER(setregid16)
{
    return sys_ret(syscall(SYS_setregid, high_id(a[0]), high_id(a[1])));
}

SYS_HANDLER(setresuid16)
{
    return sys_ret(syscall(SYS_setresuid, high_id(a[0]), high_id(a[1]), high_id(a[2])));
}

SYS_HANDLER(setresgid16)
{
    return sys_ret(syscall(SYS_setresgid, high_id(a[0]), high_id(a[1]), high_id(a[2])));
}

/* setfsuid/setfsgid return the previous id and never fail. */
SYS_HANDLER(setfsuid16)
{
    return low_id((uint32_t)syscall(SYS_setfsuid, high_id(a[0])));
}

SYS_HANDLER(setfsgid16)
{
    return low_id((uint32_t)syscall(SYS_setfsgid, high_id(a[0])));
}

static abi_long put_three16(const abi_long *a, uint32_t r, uint32_t e, uint32_t s)
{
    uint16_t v[3] = {low_id(r), low_id(e), low_id(s)};
    for (int i = 0; i < 3; i++)
        if (sys_copy_to_guest(GPTR(a[i]), &v[i], 2))
            return -EFAULT;
    return 0;
}

SYS_HANDLER(getresuid16)
{
    uid_t r, e, s;
    getresuid(&r, &e, &s);
    return put_three16(a, r, e, s);
}

SYS_HANDLER(getresgid16)
{
    gid_t r, e, s;
    getresgid(&r, &e, &s);
    return put_three16(a, r, e, s);
}

SYS_HANDLER(getgroups16)
{
    int size = (int)a[0];
    if (size < 0)
        return -EINVAL;
    gid_t *h = malloc(sizeof(gid_t) * (size ? (size_t)size : 1));
    if (!h)
        return -ENOMEM;
    int n = getgroups(size, h);
    abi_long r = n;
    if (n == -1) {
        r = -errno;
    } else if (size) {
        uint16_t *g = sys_lock_write(GPTR(a[1]), (abi_ulong)n * 2);
        if (!g)
            r = -EFAULT;
        for (int i = 0; g && i < n; i++)
            g[i] = low_id(h[i]);
    }
    free(h);
    return r;
}

SYS_HANDLER(setgroups16)
{
    int size = (int)a[0];
    if (size < 0 || size > NGROUPS_MAX_)
        return -EINVAL;
    const uint16_t *g = sys_lock_read(GPTR(a[1]), (abi_ulong)size * 2);
    if (!g)
        return -EFAULT;
    gid_t *h = malloc(sizeof(gid_t) * (size ? (size_t)size : 1));
    if (!h)
        return -ENOMEM;
    for (int i = 0; i < size; i++)
        h[i] = (gid_t)high_id(g[i]);
    abi_long r = sys_ret(syscall(SYS_setgroups, size, h));
    free(h);
    return r;
}
