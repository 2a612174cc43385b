/*
 * Socket syscalls (one syscall per call; no socketcall multiplexer).
 *
 * Socket addresses, socklen_t, ucred and linger have one layout everywhere
 * and are used in place. struct msghdr and its iovec array hold 32-bit
 * pointers and are rebuilt for the host. Control messages differ in header
 * size (12 bytes, 4-aligned for the guest; 16, 8-aligned on the host):
 *
 *     guest: | len=12+n | level | type | data[n] pad-to-4 | next...
 *     host:  | len=16+n (8 bytes) | level | type | data[n] pad-to-8 | next...
 *
 * Payloads are copied as they are, except timestamps (SO_TIMESTAMP holds a
 * timeval with 32-bit fields for the guest).
 */
#include <stdlib.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/uio.h>
#include <unistd.h>

#include "syscalls/sys.h"

/* The old (long-sized time) socket option numbers of asm-generic/socket.h. */
enum { GUEST_SO_RCVTIMEO_OLD = 20, GUEST_SO_SNDTIMEO_OLD = 21, GUEST_SO_TIMESTAMP_OLD = 29 };

/* -- Plain calls -- */

SYS_HANDLER(socket)
{
    return sys_ret(socket((int)a[0], (int)a[1], (int)a[2]));
}

SYS_HANDLER(socketpair)
{
    int sv[2];
    if (!sys_lock_write(GPTR(a[3]), sizeof(sv)))
        return -EFAULT;
    if (socketpair((int)a[0], (int)a[1], (int)a[2], sv) == -1)
        return -errno;
    return sys_copy_to_guest(GPTR(a[3]), sv, sizeof(sv));
}

/* A guest sockaddr the host reads: (addr, len) in place. */
static abi_long lock_addr_in(abi_ulong gaddr, uint32_t len, const struct sockaddr **out)
{
    *out = NULL;
    if ((int32_t)len < 0)
        return -EINVAL;
    if (gaddr && !(*out = sys_lock_read(gaddr, len)))
        return -EFAULT;
    return 0;
}

/* A guest sockaddr the host writes, with its in/out socklen_t *. */
static abi_long lock_addr_out(abi_ulong gaddr, abi_ulong glen, struct sockaddr **addr,
                              socklen_t **len)
{
    *addr = NULL;
    *len = NULL;
    if (!gaddr)
        return 0;
    uint32_t cap;
    if (sys_get_u32(glen, &cap))
        return -EFAULT;
    if ((int32_t)cap < 0)
        return -EINVAL;
    if (!(*len = sys_lock_write(glen, 4)) || !(*addr = sys_lock_write(gaddr, cap)))
        return -EFAULT;
    return 0;
}

SYS_HANDLER(bind)
{
    const struct sockaddr *sa;
    abi_long err = lock_addr_in(GPTR(a[1]), (uint32_t)a[2], &sa);
    return err ? err : sys_ret(bind((int)a[0], sa, (socklen_t)a[2]));
}

SYS_HANDLER(connect)
{
    const struct sockaddr *sa;
    abi_long err = lock_addr_in(GPTR(a[1]), (uint32_t)a[2], &sa);
    return err ? err : sys_ret(connect((int)a[0], sa, (socklen_t)a[2]));
}

SYS_HANDLER(listen)
{
    return sys_ret(listen((int)a[0], (int)a[1]));
}

static abi_long do_accept4(const abi_long *a, int flags)
{
    struct sockaddr *sa;
    socklen_t *len;
    abi_long err = lock_addr_out(GPTR(a[1]), GPTR(a[2]), &sa, &len);
    return err ? err : safe_syscall(SYS_accept4, (long)(int)a[0], sa, len, (long)flags);
}

SYS_HANDLER(accept)
{
    return do_accept4(a, 0);
}
SYS_HANDLER(accept4)
{
    return do_accept4(a, (int)a[3]);
}

SYS_HANDLER(getsockname)
{
    struct sockaddr *sa;
    socklen_t *len;
    abi_long err = lock_addr_out(GPTR(a[1]), GPTR(a[2]), &sa, &len);
    return err ? err : sys_ret(getsockname((int)a[0], sa, len));
}

SYS_HANDLER(getpeername)
{
    struct sockaddr *sa;
    socklen_t *len;
    abi_long err = lock_addr_out(GPTR(a[1]), GPTR(a[2]), &sa, &len);
    return err ? err : sys_ret(getpeername((int)a[0], sa, len));
}

SYS_HANDLER(shutdown)
{
    return sys_ret(shutdown((int)a[0], (int)a[1]));
}

/* sendto(fd, buf, len, flags, addr, addrlen) */
SYS_HANDLER(sendto)
{
    uint32_t len = (uint32_t)a[2];
    const void *buf = sys_lock_read(GPTR(a[1]), len);
    const struct sockaddr *sa;
    if (!buf)
        return -EFAULT;
    abi_long err = lock_addr_in(GPTR(a[4]), (uint32_t)a[5], &sa);
    if (err)
        return err;
    return sys_ret(sendto((int)a[0], buf, len, (int)a[3], sa, sa ? (socklen_t)a[5] : 0));
}

SYS_HANDLER(send)
{
    const abi_long b[6] = {a[0], a[1], a[2], a[3], 0, 0};
    return sys_sendto(cpu, b);
}

/* recvfrom(fd, buf, len, flags, addr, addrlen *) */
SYS_HANDLER(recvfrom)
{
    uint32_t len = (uint32_t)a[2];
    void *buf = sys_lock_write(GPTR(a[1]), len);
    struct sockaddr *sa;
    socklen_t *slen;
    if (!buf)
        return -EFAULT;
    abi_long err = lock_addr_out(GPTR(a[4]), GPTR(a[5]), &sa, &slen);
    if (err)
        return err;
    return sys_ret(recvfrom((int)a[0], buf, len, (int)a[3], sa, slen));
}

SYS_HANDLER(recv)
{
    const abi_long b[6] = {a[0], a[1], a[2], a[3], 0, 0};
    return sys_recvfrom(cpu, b);
}

/* -- Control messages -- */

static bool cmsg_is_timeval(int level, int type)
{
    return level == SOL_SOCKET && type == GUEST_SO_TIMESTAMP_OLD;
}

/* The guest's cmsghdr and CMSG_ALIGN: the header is one long and two ints,
 * aligned to a long (12 and 4 bytes on 32-bit ABIs, 16 and 8 on LP64). */
static size_t cmsg_hdr_size(void) { return sys_abi->layouts->cmsghdr.size; }
static size_t cmsg_align(size_t n)
{
    size_t a = sys_abi->layouts->cmsghdr.f_cmsg_len.size;
    return (n + a - 1) & ~(a - 1);
}

/* Guest control buffer -> host one (malloc'ed into *out, size in *outlen). */
static abi_long cmsg_to_host(abi_ulong gctl, abi_ulong glen, void **out, size_t *outlen)
{
    const typeof(sys_abi->layouts->cmsghdr) *L = &sys_abi->layouts->cmsghdr;
    *out = NULL;
    *outlen = 0;
    if (!gctl || glen == 0)
        return 0;
    const uint8_t *g = sys_lock_read(gctl, glen);
    if (!g)
        return -EFAULT;
    /* Each guest header grows by up to 4 and each payload by up to 7 of padding. */
    size_t cap = (size_t)glen * 2 + 64;
    uint8_t *h = calloc(1, cap);
    if (!h)
        return -ENOMEM;
    size_t gi = 0, hi = 0, ghdr = cmsg_hdr_size();
    while (gi + ghdr <= glen) {
        uint64_t len = sys_field_get(g + gi, L->f_cmsg_len);
        if (len < ghdr || len > glen - gi) {
            free(h);
            return -EINVAL;
        }
        size_t n = len - ghdr;
        struct cmsghdr *hc = (struct cmsghdr *)(h + hi);
        hc->cmsg_len = CMSG_LEN(n);
        hc->cmsg_level = (int)sys_field_get(g + gi, L->f_cmsg_level);
        hc->cmsg_type = (int)sys_field_get(g + gi, L->f_cmsg_type);
        memcpy(CMSG_DATA(hc), g + gi + ghdr, n);
        hi += CMSG_SPACE(n);
        gi += cmsg_align(len);
    }
    *out = h;
    *outlen = hi;
    return 0;
}

/* Host control messages -> guest buffer; returns bytes used, sets MSG_CTRUNC. */
static abi_ulong cmsg_to_guest(uint8_t *g, abi_ulong glen, struct msghdr *hm, int *flags)
{
    const typeof(sys_abi->layouts->cmsghdr) *L = &sys_abi->layouts->cmsghdr;
    const typeof(sys_abi->layouts->timeval) *TV = &sys_abi->layouts->timeval;
    size_t ghdr = cmsg_hdr_size();
    abi_ulong gi = 0;
    for (struct cmsghdr *hc = CMSG_FIRSTHDR(hm); hc; hc = CMSG_NXTHDR(hm, hc)) {
        const uint8_t *data = CMSG_DATA(hc);
        size_t n = hc->cmsg_len - CMSG_LEN(0);
        uint8_t tv[SYS_LAYOUT_MAX];
        if (cmsg_is_timeval(hc->cmsg_level, hc->cmsg_type) && n == sizeof(struct timeval)) {
            struct timeval htv;
            memcpy(&htv, data, sizeof(htv));
            sys_field_put(tv, TV->f_tv_sec, (uint64_t)htv.tv_sec);
            sys_field_put(tv, TV->f_tv_usec, (uint64_t)htv.tv_usec);
            data = tv;
            n = TV->size;
        }
        if (gi + ghdr + n > glen) {
            *flags |= MSG_CTRUNC;
            break;
        }
        memset(g + gi, 0, ghdr);
        sys_field_put(g + gi, L->f_cmsg_len, ghdr + n);
        sys_field_put(g + gi, L->f_cmsg_level, (uint32_t)hc->cmsg_level);
        sys_field_put(g + gi, L->f_cmsg_type, (uint32_t)hc->cmsg_type);
        memcpy(g + gi + ghdr, data, n);
        gi += cmsg_align(ghdr + n);
        if (gi > glen)
            gi = glen;
    }
    return gi;
}

/* -- sendmsg / recvmsg -- */

/* A guest msghdr, decoded through the ABI's layout. */
typedef struct GuestMsg {
    abi_ulong name, iov, iovlen, control, controllen;
    int64_t namelen;
    int32_t flags;
} GuestMsg;

typedef struct MsgLock {
    GuestMsg g;
    struct msghdr h;
    struct iovec *iov;
    void *control;
} MsgLock;

static int msg_read(GuestMsg *m, abi_ulong addr)
{
    const typeof(sys_abi->layouts->msghdr) *L = &sys_abi->layouts->msghdr;
    uint8_t g[SYS_LAYOUT_MAX];
    if (sys_copy_from_guest(g, addr, L->size))
        return -EFAULT;
    m->name = sys_field_get(g, L->f_msg_name);
    m->namelen = sys_field_get_s(g, L->f_msg_namelen);
    m->iov = sys_field_get(g, L->f_msg_iov);
    m->iovlen = sys_field_get(g, L->f_msg_iovlen);
    m->control = sys_field_get(g, L->f_msg_control);
    m->controllen = sys_field_get(g, L->f_msg_controllen);
    m->flags = (int32_t)sys_field_get(g, L->f_msg_flags);
    return 0;
}

/* recvmsg's results: msg_namelen, msg_controllen, msg_flags. */
static int msg_write_results(abi_ulong addr, const GuestMsg *m)
{
    const typeof(sys_abi->layouts->msghdr) *L = &sys_abi->layouts->msghdr;
    uint8_t *g = sys_lock_write(addr, L->size);
    if (!g)
        return -EFAULT;
    sys_field_put(g, L->f_msg_namelen, (uint64_t)m->namelen);
    sys_field_put(g, L->f_msg_controllen, m->controllen);
    sys_field_put(g, L->f_msg_flags, (uint32_t)m->flags);
    return 0;
}

static abi_long msg_lock(MsgLock *m, abi_ulong gmsg, bool recv)
{
    memset(m, 0, sizeof(*m));
    if (msg_read(&m->g, gmsg))
        return -EFAULT;
    if ((int32_t)m->g.namelen < 0)
        return -EINVAL;
    if (m->g.name) {
        abi_ulong namelen = (uint32_t)m->g.namelen;
        m->h.msg_name = recv ? sys_lock_write(m->g.name, namelen) : sys_lock_read(m->g.name, namelen);
        if (!m->h.msg_name)
            return -EFAULT;
        m->h.msg_namelen = (socklen_t)namelen;
    }
    abi_long n = sys_lock_iovec(&m->iov, m->g.iov, m->g.iovlen, recv);
    if (n < 0)
        return n;
    m->h.msg_iov = m->iov;
    m->h.msg_iovlen = (size_t)n;
    if (recv) {
        if (m->g.control && m->g.controllen) {
            if (!sys_lock_write(m->g.control, m->g.controllen))
                return -EFAULT;
            /* Room for the larger host headers. */
            size_t cap = (size_t)m->g.controllen * 2 + 64;
            if (!(m->control = calloc(1, cap)))
                return -ENOMEM;
            m->h.msg_control = m->control;
            m->h.msg_controllen = cap;
        }
        return 0;
    }
    size_t clen;
    abi_long err = cmsg_to_host(m->g.control, m->g.controllen, &m->control, &clen);
    if (err)
        return err;
    m->h.msg_control = m->control;
    m->h.msg_controllen = clen;
    return 0;
}

static void msg_unlock(MsgLock *m)
{
    free(m->iov);
    free(m->control);
}

static abi_long do_sendmsg(int fd, abi_ulong gmsg, int flags)
{
    MsgLock m;
    abi_long ret = msg_lock(&m, gmsg, false);
    if (!ret)
        ret = sys_ret(sendmsg(fd, &m.h, flags));
    msg_unlock(&m);
    return ret;
}

static abi_long do_recvmsg(int fd, abi_ulong gmsg, int flags)
{
    MsgLock m;
    abi_long ret = msg_lock(&m, gmsg, true);
    if (!ret) {
        ret = sys_ret(recvmsg(fd, &m.h, flags));
        if (ret >= 0) {
            int mflags = m.h.msg_flags;
            abi_ulong clen = 0;
            if (m.control)
                clen = cmsg_to_guest(g2h(m.g.control), m.g.controllen, &m.h, &mflags);
            m.g.namelen = m.g.name ? m.h.msg_namelen : 0;
            m.g.controllen = clen;
            m.g.flags = mflags;
            if (msg_write_results(gmsg, &m.g))
                ret = -EFAULT;
        }
    }
    msg_unlock(&m);
    return ret;
}

SYS_HANDLER(sendmsg)
{
    return do_sendmsg((int)a[0], GPTR(a[1]), (int)a[2]);
}

SYS_HANDLER(recvmsg)
{
    return do_recvmsg((int)a[0], GPTR(a[1]), (int)a[2]);
}

/* -- sendmmsg / recvmmsg -- */

enum { MMSG_MAX = 1024 /* UIO_MAXIOV, the kernel's cap */ };

/* struct mmsghdr: the guest's msghdr, then the unsigned msg_len, padded to
 * a pointer's alignment (32 bytes on 32-bit ABIs, 64 on LP64). */
static abi_ulong mmsghdr_size(void)
{
    abi_ulong align = sys_abi->ptr_bits / 8;
    return (sys_abi->layouts->msghdr.size + 4 + align - 1) & ~(align - 1);
}

/*
 * One message at a time through sendmsg/recvmsg. As in the kernel, an error
 * after at least one message ends the batch with the count so far (the
 * error shows on the next call).
 */
static abi_long do_mmsg(int fd, abi_ulong vec, uint32_t vlen, int flags, bool recv)
{
    if (vlen > MMSG_MAX)
        vlen = MMSG_MAX;
    abi_ulong esize = mmsghdr_size();
    if (!sys_lock_write(vec, (abi_ulong)vlen * esize))
        return -EFAULT;
    uint32_t i;
    for (i = 0; i < vlen; i++) {
        abi_ulong m = vec + (abi_ulong)i * esize;
        abi_long r = recv ? do_recvmsg(fd, m, flags & ~MSG_WAITFORONE) : do_sendmsg(fd, m, flags);
        if (r < 0)
            return i ? (abi_long)i : r;
        sys_put_u32(m + sys_abi->layouts->msghdr.size, (uint32_t)r);
        /* After the first message, MSG_WAITFORONE stops waiting. */
        if (recv && (flags & MSG_WAITFORONE))
            flags |= MSG_DONTWAIT;
    }
    return i;
}

SYS_HANDLER(sendmmsg)
{
    return do_mmsg((int)a[0], GPTR(a[1]), (uint32_t)a[2], (int)a[3], false);
}

/* recvmmsg(fd, vec, vlen, flags, timeout): the timeout (checked only
 * between messages by the kernel too) is not applied. */
SYS_HANDLER(recvmmsg)
{
    return do_mmsg((int)a[0], GPTR(a[1]), (uint32_t)a[2], (int)a[3], true);
}

/* -- Socket options -- */

static bool sockopt_is_timeval(int level, int name)
{
    return level == SOL_SOCKET && (name == GUEST_SO_RCVTIMEO_OLD || name == GUEST_SO_SNDTIMEO_OLD);
}

/* Options whose value holds pointers: not translatable, refused. */
static bool sockopt_refused(int level, int name)
{
    return level == SOL_SOCKET && (name == SO_ATTACH_FILTER || name == SO_ATTACH_REUSEPORT_CBPF);
}

SYS_HANDLER(setsockopt)
{
    int fd = (int)a[0], level = (int)a[1], name = (int)a[2];
    uint32_t len = (uint32_t)a[4];
    if (sockopt_refused(level, name))
        return -ENOPROTOOPT;
    if (sockopt_is_timeval(level, name)) {
        struct timeval tv;
        if (len < sys_timeval_size())
            return -EINVAL;
        if (sys_get_timeval(&tv, GPTR(a[3])))
            return -EFAULT;
        return sys_ret(setsockopt(fd, level, name, &tv, sizeof(tv)));
    }
    if ((int32_t)len < 0)
        return -EINVAL;
    const void *val = sys_lock_read(GPTR(a[3]), len);
    if (!val)
        return -EFAULT;
    return sys_ret(setsockopt(fd, level, name, val, len));
}

SYS_HANDLER(getsockopt)
{
    int fd = (int)a[0], level = (int)a[1], name = (int)a[2];
    abi_ulong gval = GPTR(a[3]), glen = GPTR(a[4]);
    uint32_t len;
    if (sys_get_u32(glen, &len))
        return -EFAULT;
    if ((int32_t)len < 0)
        return -EINVAL;
    if (sockopt_is_timeval(level, name)) {
        struct timeval tv;
        socklen_t hlen = sizeof(tv);
        if (len < sys_timeval_size())
            return -EINVAL;
        if (getsockopt(fd, level, name, &tv, &hlen) == -1)
            return -errno;
        if (sys_put_timeval(gval, &tv) || sys_put_u32(glen, (uint32_t)sys_timeval_size()))
            return -EFAULT;
        return 0;
    }
    void *val = sys_lock_write(gval, len);
    if (!val)
        return -EFAULT;
    socklen_t hlen = len;
    if (getsockopt(fd, level, name, val, &hlen) == -1)
        return -errno;
    return sys_put_u32(glen, hlen);
}
