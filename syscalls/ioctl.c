/*
 * ioctl: a table of the requests known to be safe to pass to the host.
 *
 * For the terminal requests every guest ABI and the host agree on numbers,
 * struct layouts (the kernel's struct termios/termio/termios2/winsize, not
 * glibc's) and flag values (CBAUD, CSIZE, ICANON, VMIN, ... checked against
 * ARM's and arm64's asm/termbits.h), so the guest buffer is handed to the host
 * kernel in place once its size and direction are checked. A request not in
 * the table returns -ENOTTY: it might carry pointers or longs whose width
 * differs, and guessing would corrupt guest memory.
 *
 * The file requests that dpkg and coreutils use on regular files follow the
 * same rule: FICLONE takes an fd by value, struct file_clone_range and
 * struct fiemap are built from fixed-width fields. FS_IOC_GETFLAGS and
 * SETFLAGS are declared with a `long` (so their numbers differ between
 * 32-bit guests and 64-bit ones or the host) but the kernel moves an int,
 * so only the number is changed:
 *
 *     guest 0x80046601 (FS_IOC_GETFLAGS, 4-byte long) -> host 0x80086601, int buffer
 */
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "syscalls/sys.h"

typedef enum IoctlArg {
    IOA_NONE, /* no argument */
    IOA_VAL,  /* integer passed by value */
    IOA_IN,   /* guest buffer the host reads */
    IOA_OUT,  /* guest buffer the host writes */
    IOA_INOUT,
    IOA_IFREQ,  /* struct ifreq: 32 guest bytes, 40 on a 64-bit host */
    IOA_IFMAP,  /* struct ifreq holding a struct ifmap (longs) */
    IOA_IFCONF, /* struct ifconf: a length and a pointer to ifreqs */
    IOA_FIEMAP, /* struct fiemap followed by fm_extent_count extents */
} IoctlArg;

typedef struct IoctlDef {
    uint32_t cmd;
    IoctlArg arg;
    uint16_t size;
    const char *name;
    uint32_t host_cmd; /* the host's number when it differs (0: the same) */
} IoctlDef;

/* Sizes of the kernel structs (identical for every guest ABI and the host). */
enum {
    KTERMIOS = 36,  /* 4 x u32 flags, c_line, c_cc[19] */
    KTERMIO = 18,   /* 4 x u16 flags, c_line, c_cc[8], pad */
    KTERMIOS2 = 44, /* termios + c_ispeed, c_ospeed */
    KWINSIZE = 8,
    KFIEMAP = 32,           /* u64 start, length; u32 flags, mapped, count, reserved */
    KFIEMAP_EXTENT = 56,    /* u64 logical, physical, length, reserved[2]; u32 flags, reserved[3] */
};

static const IoctlDef ioctl_table[] = {
    {0x5401, IOA_OUT, KTERMIOS, "TCGETS"},
    {0x5402, IOA_IN, KTERMIOS, "TCSETS"},
    {0x5403, IOA_IN, KTERMIOS, "TCSETSW"},
    {0x5404, IOA_IN, KTERMIOS, "TCSETSF"},
    {0x5405, IOA_OUT, KTERMIO, "TCGETA"},
    {0x5406, IOA_IN, KTERMIO, "TCSETA"},
    {0x5407, IOA_IN, KTERMIO, "TCSETAW"},
    {0x5408, IOA_IN, KTERMIO, "TCSETAF"},
    {0x5409, IOA_VAL, 0, "TCSBRK"},
    {0x540a, IOA_VAL, 0, "TCXONC"},
    {0x540b, IOA_VAL, 0, "TCFLSH"},
    {0x540c, IOA_NONE, 0, "TIOCEXCL"},
    {0x540d, IOA_NONE, 0, "TIOCNXCL"},
    {0x540e, IOA_VAL, 0, "TIOCSCTTY"},
    {0x540f, IOA_OUT, 4, "TIOCGPGRP"},
    {0x5410, IOA_IN, 4, "TIOCSPGRP"},
    {0x5411, IOA_OUT, 4, "TIOCOUTQ"},
    {0x5412, IOA_IN, 1, "TIOCSTI"},
    {0x5413, IOA_OUT, KWINSIZE, "TIOCGWINSZ"},
    {0x5414, IOA_IN, KWINSIZE, "TIOCSWINSZ"},
    {0x5415, IOA_OUT, 4, "TIOCMGET"},
    {0x5416, IOA_IN, 4, "TIOCMBIS"},
    {0x5417, IOA_IN, 4, "TIOCMBIC"},
    {0x5418, IOA_IN, 4, "TIOCMSET"},
    {0x541b, IOA_OUT, 4, "FIONREAD"},
    {0x541d, IOA_NONE, 0, "TIOCCONS"},
    {0x5420, IOA_IN, 4, "TIOCPKT"},
    {0x5421, IOA_IN, 4, "FIONBIO"},
    {0x5422, IOA_NONE, 0, "TIOCNOTTY"},
    {0x5423, IOA_IN, 4, "TIOCSETD"},
    {0x5424, IOA_OUT, 4, "TIOCGETD"},
    {0x5425, IOA_VAL, 0, "TCSBRKP"},
    {0x5427, IOA_NONE, 0, "TIOCSBRK"},
    {0x5428, IOA_NONE, 0, "TIOCCBRK"},
    {0x5429, IOA_OUT, 4, "TIOCGSID"},
    {0x802c542a, IOA_OUT, KTERMIOS2, "TCGETS2"},
    {0x402c542b, IOA_IN, KTERMIOS2, "TCSETS2"},
    {0x402c542c, IOA_IN, KTERMIOS2, "TCSETSW2"},
    {0x402c542d, IOA_IN, KTERMIOS2, "TCSETSF2"},
    {0x80045430, IOA_OUT, 4, "TIOCGPTN"},
    {0x40045431, IOA_IN, 4, "TIOCSPTLCK"},
    {0x80045432, IOA_OUT, 4, "TIOCGDEV"},
    {0x5437, IOA_NONE, 0, "TIOCVHANGUP"},
    {0x80045438, IOA_OUT, 4, "TIOCGPKT"},
    {0x80045439, IOA_OUT, 4, "TIOCGPTLCK"},
    {0x80045440, IOA_OUT, 4, "TIOCGEXCL"},
    {0x5441, IOA_VAL, 0, "TIOCGPTPEER"},
    {0x5450, IOA_NONE, 0, "FIONCLEX"},
    {0x5451, IOA_NONE, 0, "FIOCLEX"},
    {0x5452, IOA_IN, 4, "FIOASYNC"},
    {0x5460, IOA_OUT, 8, "FIOQSIZE"}, /* loff_t: 8 bytes on both sides */
    /* Files: cp --reflink, lsattr/chattr. The flags are an int on every
     * ABI, but the number encodes sizeof(long). */
    {0x00000002, IOA_OUT, 4, "FIGETBSZ"},
    {0x40049409, IOA_VAL, 0, "FICLONE"},
    {0x4020940d, IOA_IN, 32, "FICLONERANGE"}, /* 4 x 64-bit fields */
    {0x80046601, IOA_OUT, 4, "FS_IOC_GETFLAGS", 0x80086601},
    {0x40046602, IOA_IN, 4, "FS_IOC_SETFLAGS", 0x40086602},
    /* The same with an 8-byte long (64-bit guests), the host's numbers. */
    {0x80086601, IOA_OUT, 4, "FS_IOC_GETFLAGS"},
    {0x40086602, IOA_IN, 4, "FS_IOC_SETFLAGS"},
    /* Network interfaces (ifconfig, ip, hostname -i). */
    {0x8905, IOA_OUT, 4, "SIOCATMARK"},
    {0x8910, IOA_IFREQ, 0, "SIOCGIFNAME"},
    {0x8912, IOA_IFCONF, 0, "SIOCGIFCONF"},
    {0x8913, IOA_IFREQ, 0, "SIOCGIFFLAGS"},
    {0x8914, IOA_IFREQ, 0, "SIOCSIFFLAGS"},
    {0x8915, IOA_IFREQ, 0, "SIOCGIFADDR"},
    {0x8916, IOA_IFREQ, 0, "SIOCSIFADDR"},
    {0x8917, IOA_IFREQ, 0, "SIOCGIFDSTADDR"},
    {0x8918, IOA_IFREQ, 0, "SIOCSIFDSTADDR"},
    {0x8919, IOA_IFREQ, 0, "SIOCGIFBRDADDR"},
    {0x891a, IOA_IFREQ, 0, "SIOCSIFBRDADDR"},
    {0x891b, IOA_IFREQ, 0, "SIOCGIFNETMASK"},
    {0x891c, IOA_IFREQ, 0, "SIOCSIFNETMASK"},
    {0x891d, IOA_IFREQ, 0, "SIOCGIFMETRIC"},
    {0x891e, IOA_IFREQ, 0, "SIOCSIFMETRIC"},
    {0x8921, IOA_IFREQ, 0, "SIOCGIFMTU"},
    {0x8922, IOA_IFREQ, 0, "SIOCSIFMTU"},
    {0x8923, IOA_IFREQ, 0, "SIOCSIFNAME"},
    {0x8924, IOA_IFREQ, 0, "SIOCSIFHWADDR"},
    {0x8927, IOA_IFREQ, 0, "SIOCGIFHWADDR"},
    {0x8933, IOA_IFREQ, 0, "SIOCGIFINDEX"},
    {0x8942, IOA_IFREQ, 0, "SIOCGIFTXQLEN"},
    {0x8943, IOA_IFREQ, 0, "SIOCSIFTXQLEN"},
    {0x8970, IOA_IFMAP, 0, "SIOCGIFMAP"},
    {0x8971, IOA_IFMAP, 0, "SIOCSIFMAP"},
    {0xc020660b, IOA_FIEMAP, KFIEMAP, "FS_IOC_FIEMAP"},
};

/* -- Network interface requests -- */

/*
 * struct ifreq is a 16-byte name and a union. On a 32-bit guest the union
 * is 16 bytes; on a 64-bit host struct ifmap (two unsigned longs) makes it
 * 24. Every other member (sockaddr, flags, ints, names) sits at the start
 * of the union, so the first 32 bytes mean the same on both sides.
 */
enum { GUEST_IFREQ = 32, HOST_IFREQ = 40, IFNAMSIZ_ = 16 };

typedef struct GuestIfmap {
    uint32_t mem_start, mem_end;
    uint16_t base_addr;
    uint8_t irq, dma, port;
} GuestIfmap;

typedef struct HostIfmap {
    uint64_t mem_start, mem_end;
    uint16_t base_addr;
    uint8_t irq, dma, port;
} HostIfmap;

_Static_assert(IFNAMSIZ_ + sizeof(HostIfmap) == HOST_IFREQ, "host struct ifreq");

static abi_long ioctl_ifreq(int fd, uint32_t cmd, abi_ulong gaddr, bool map)
{
    uint8_t *g = sys_lock_write(gaddr, GUEST_IFREQ);
    if (!g)
        return -EFAULT;
    uint8_t h[HOST_IFREQ];
    memset(h, 0, sizeof(h));
    memcpy(h, g, GUEST_IFREQ);
    if (map) {
        GuestIfmap gm;
        HostIfmap hm = {0};
        memcpy(&gm, g + IFNAMSIZ_, sizeof(gm));
        hm.mem_start = gm.mem_start;
        hm.mem_end = gm.mem_end;
        hm.base_addr = gm.base_addr;
        hm.irq = gm.irq;
        hm.dma = gm.dma;
        hm.port = gm.port;
        memcpy(h + IFNAMSIZ_, &hm, sizeof(hm));
    }
    long r = syscall(SYS_ioctl, fd, (unsigned long)cmd, h);
    if (r == -1)
        return -errno;
    if (map) {
        HostIfmap hm;
        GuestIfmap gm = {0};
        memcpy(&hm, h + IFNAMSIZ_, sizeof(hm));
        gm.mem_start = (uint32_t)hm.mem_start;
        gm.mem_end = (uint32_t)hm.mem_end;
        gm.base_addr = hm.base_addr;
        gm.irq = hm.irq;
        gm.dma = hm.dma;
        gm.port = hm.port;
        memcpy(h + IFNAMSIZ_, &gm, sizeof(gm));
    }
    memcpy(g, h, GUEST_IFREQ);
    return r;
}

/* struct ifconf {int len; char *buf}: 8 guest bytes. The host fills whole
 * 40-byte ifreqs; the guest gets their first 32 bytes each. With a NULL
 * buffer the kernel only reports the length it would need. */
static abi_long ioctl_ifconf(int fd, abi_ulong gaddr)
{
    uint32_t *gc = sys_lock_write(gaddr, 8);
    if (!gc)
        return -EFAULT;
    int32_t glen = (int32_t)gc[0];
    abi_ulong gbuf = gc[1];
    struct {
        int len;
        void *buf;
    } hc;
    size_t n = glen > 0 ? (size_t)glen / GUEST_IFREQ : 0;
    uint8_t *hbuf = NULL;
    uint8_t *out = NULL;
    if (gbuf) {
        if (!(out = sys_lock_write(gbuf, (abi_ulong)n * GUEST_IFREQ)))
            return -EFAULT;
        if (n && !(hbuf = calloc(n, HOST_IFREQ)))
            return -ENOMEM;
    }
    hc.len = (int)(n * HOST_IFREQ);
    hc.buf = gbuf ? hbuf : NULL;
    long r = syscall(SYS_ioctl, fd, (unsigned long)0x8912, &hc);
    if (r == -1) {
        free(hbuf);
        return -errno;
    }
    size_t got = (size_t)hc.len / HOST_IFREQ;
    for (size_t i = 0; gbuf && i < got && i < n; i++)
        memcpy(out + i * GUEST_IFREQ, hbuf + i * HOST_IFREQ, GUEST_IFREQ);
    gc[0] = (uint32_t)(got * GUEST_IFREQ);
    free(hbuf);
    return r;
}

/* An LP64 guest's struct ifconf {int len; char *buf}: the host's layout
 * with a guest pointer, which becomes a host one for the call. */
static abi_long ioctl_ifconf64(int fd, abi_ulong gaddr)
{
    struct {
        int32_t len;
        uint32_t pad;
        uint64_t buf;
    } *gc = sys_lock_write(gaddr, 16);
    if (!gc)
        return -EFAULT;
    struct {
        int len;
        void *buf;
    } hc = {gc->len, NULL};
    if (gc->buf && !(hc.buf = sys_lock_write(gc->buf, hc.len > 0 ? (abi_ulong)hc.len : 0)))
        return -EFAULT;
    long r = syscall(SYS_ioctl, fd, (unsigned long)0x8912, &hc);
    if (r == -1)
        return -errno;
    gc->len = hc.len;
    return r;
}

static const IoctlDef *ioctl_find(uint32_t cmd)
{
    for (unsigned i = 0; i < sizeof(ioctl_table) / sizeof(ioctl_table[0]); i++) {
        if (ioctl_table[i].cmd == cmd)
            return &ioctl_table[i];
    }
    return NULL;
}

SYS_HANDLER(ioctl)
{
    int fd = (int)a[0];
    uint32_t cmd = (uint32_t)a[1];
    const IoctlDef *def = ioctl_find(cmd);
    if (!def) {
        if (log_enabled(LOG_UNIMP) && log_out)
            fprintf(log_out, "xrun: unsupported ioctl 0x%x on fd %d\n", cmd, fd);
        return -ENOTTY;
    }
    unsigned size = def->size;
    if (def->host_cmd)
        cmd = def->host_cmd;
    void *p;
    if (def->host_cmd)
        cmd = def->host_cmd;
    switch (def->arg) {
    case IOA_NONE:
        return sys_ret(syscall(SYS_ioctl, fd, (unsigned long)cmd, 0UL));
    case IOA_VAL:
        return sys_ret(syscall(SYS_ioctl, fd, (unsigned long)cmd, (unsigned long)GULONG(a[2])));
    case IOA_IFREQ:
    case IOA_IFMAP:
        /* An LP64 guest's struct ifreq is the host's; a 32-bit one's is
         * converted. */
        if (sys_abi->ptr_bits != 32) {
            p = sys_lock_write(GPTR(a[2]), HOST_IFREQ);
            return p ? sys_ret(syscall(SYS_ioctl, fd, (unsigned long)cmd, p)) : -EFAULT;
        }
        return ioctl_ifreq(fd, cmd, GPTR(a[2]), def->arg == IOA_IFMAP);
    case IOA_IFCONF:
        if (sys_abi->ptr_bits != 32)
            return ioctl_ifconf64(fd, GPTR(a[2]));
        return ioctl_ifconf(fd, GPTR(a[2]));
    case IOA_IN:
        p = sys_lock_read(GPTR(a[2]), size);
        break;
    case IOA_FIEMAP: {
        uint32_t count;
        if (sys_get_u32(GPTR(a[2]) + 24, &count))
            return -EFAULT;
        if (count > UINT32_MAX / KFIEMAP_EXTENT) /* the kernel's FIEMAP_MAX_EXTENTS */
            return -EINVAL;
        uint64_t len = size + (uint64_t)count * KFIEMAP_EXTENT;
        if (len > UINT32_MAX)
            return -EFAULT;
        p = sys_lock_write(GPTR(a[2]), (abi_ulong)len);
        break;
    }
    default:
        p = sys_lock_write(GPTR(a[2]), size);
        break;
    }
    if (!p)
        return -EFAULT;
    /* The raw syscall: glibc's wrappers would convert to its own termios. */
    return sys_ret(syscall(SYS_ioctl, fd, (unsigned long)cmd, p));
}
