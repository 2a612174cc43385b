/*
 * Linux native AIO: io_setup, io_submit, io_getevents, io_pgetevents,
 * io_cancel, io_destroy (what libaio, databases and fio use).
 *
 * struct iocb and struct io_event are fixed-width, but carry user
 * addresses the kernel follows: an iocb's buffer (or iovec array), and an
 * event's obj (the iocb's address) and data. So each submitted guest iocb
 * gets a host copy that lives until its event is read:
 *
 *     guest iocb @G {data D, buf B}  --io_submit-->  AioReq R {iocb: data &R,
 *                                                     buf g2h(B), gdata D, giocb G}
 *     host event {data &R, obj &R.h, res}  --io_getevents-->  guest event
 *                                                     {data D, obj G, res}; free R
 *
 * The host's aio_context_t is a host address; the guest gets instead the
 * address of a zeroed guest page, which libaio may read as the completion
 * ring: its magic number is not there, so libaio makes the syscall.
 */
#include <linux/aio_abi.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <unistd.h>

#include "syscalls/sys.h"

_Static_assert(sizeof(struct iocb) == 64 && sizeof(struct io_event) == 32, "fixed-width AIO ABI");

/* Events read at once per call: more are left for the next one. */
#define AIO_MAX_EVENTS 4096

typedef struct AioReq {
    struct iocb h;     /* what the host kernel works on */
    uint64_t gdata;    /* the guest's aio_data */
    abi_ulong giocb;   /* the guest iocb's address (the event's obj) */
    struct iovec *iov; /* host iovecs of PREADV/PWRITEV */
    struct AioReq *next;
} AioReq;

typedef struct AioCtx {
    abi_ulong handle; /* the guest's aio_context_t: a page it owns */
    aio_context_t host;
    AioReq *reqs; /* submitted, event not yet read */
    struct AioCtx *next;
} AioCtx;

static pthread_mutex_t aio_lock = PTHREAD_MUTEX_INITIALIZER;
static AioCtx *aio_ctxs;

/* The context of a guest handle; call with aio_lock held. */
static AioCtx *aio_find(abi_ulong handle)
{
    for (AioCtx *c = aio_ctxs; c; c = c->next)
        if (c->handle == handle)
            return c;
    return NULL;
}

static void aio_req_free(AioReq *r)
{
    free(r->iov);
    free(r);
}

/* Unlinks r from c (aio_lock held). */
static void aio_req_unlink(AioCtx *c, AioReq *r)
{
    for (AioReq **pp = &c->reqs; *pp; pp = &(*pp)->next) {
        if (*pp == r) {
            *pp = r->next;
            return;
        }
    }
}

SYS_HANDLER(io_setup)
{
    /* aio_context_t is an unsigned long: 4 or 8 guest bytes. */
    abi_ulong gctx = GPTR(a[1]), cur;
    if (sys_get_ptr(gctx, &cur) || !sys_lock_write(gctx, sys_abi->long_bits / 8))
        return -EFAULT;
    if (cur != 0)
        return -EINVAL;
    aio_context_t host = 0;
    if (syscall(SYS_io_setup, (unsigned)a[0], &host) == -1)
        return -errno;
    AioCtx *c = calloc(1, sizeof(*c));
    abi_long page = target_mmap(0, GUEST_PAGE_SIZE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (!c || page < 0) {
        free(c);
        syscall(SYS_io_destroy, host);
        return page < 0 ? page : -ENOMEM;
    }
    c->handle = (abi_ulong)page;
    c->host = host;
    pthread_mutex_lock(&aio_lock);
    c->next = aio_ctxs;
    aio_ctxs = c;
    pthread_mutex_unlock(&aio_lock);
    return sys_put_ulong(gctx, c->handle);
}

SYS_HANDLER(io_destroy)
{
    pthread_mutex_lock(&aio_lock);
    AioCtx **pp = &aio_ctxs;
    while (*pp && (*pp)->handle != GULONG(a[0]))
        pp = &(*pp)->next;
    AioCtx *c = *pp;
    if (c)
        *pp = c->next;
    pthread_mutex_unlock(&aio_lock);
    if (!c)
        return -EINVAL;
    /* Waits for what is in flight; then no event can name a request. */
    syscall(SYS_io_destroy, c->host);
    for (AioReq *r = c->reqs, *n; r; r = n) {
        n = r->next;
        aio_req_free(r);
    }
    target_munmap(c->handle, GUEST_PAGE_SIZE);
    free(c);
    return 0;
}

/* A host request for the guest iocb at g, or NULL with *err set. */
static AioReq *aio_prepare(abi_ulong g, abi_long *err)
{
    struct iocb *gi = sys_lock_read(g, sizeof(*gi));
    if (!gi) {
        *err = -EFAULT;
        return NULL;
    }
    AioReq *r = calloc(1, sizeof(*r));
    if (!r) {
        *err = -ENOMEM;
        return NULL;
    }
    r->h = *gi;
    r->gdata = gi->aio_data;
    r->giocb = g;
    r->h.aio_data = (uint64_t)(uintptr_t)r;
    uint64_t buf = gi->aio_buf, n = gi->aio_nbytes;
    switch (gi->aio_lio_opcode) {
    case IOCB_CMD_PREAD:
    case IOCB_CMD_PWRITE:
        /* Only a range outside the address space fails the submission; an
         * unmapped buffer inside it fails the I/O (event res -EFAULT), which
         * the host kernel does by itself on the reservation. */
        if (buf > guest_addr_max || n > guest_addr_max + 1 - buf) {
            free(r);
            *err = -EFAULT;
            return NULL;
        }
        if (gi->aio_lio_opcode == IOCB_CMD_PREAD)
            sys_lock_write(buf, n); /* unprotects pages holding code */
        r->h.aio_buf = (uint64_t)(uintptr_t)g2h(buf);
        break;
    case IOCB_CMD_PREADV:
    case IOCB_CMD_PWRITEV: {
        abi_long cnt = buf > guest_addr_max
                           ? -EFAULT
                           : sys_lock_iovec(&r->iov, buf, n, gi->aio_lio_opcode == IOCB_CMD_PREADV);
        if (cnt < 0) {
            free(r);
            *err = cnt;
            return NULL;
        }
        r->h.aio_buf = (uint64_t)(uintptr_t)r->iov;
        break;
    }
    default:
        /* FSYNC, FDSYNC, POLL (events in aio_buf), NOOP: nothing to move;
         * the host kernel judges the opcode. */
        break;
    }
    return r;
}

/* io_submit(ctx, nr, struct iocb **): submits up to the first iocb that
 * cannot be read or converted, as the kernel stops at the first failure. */
SYS_HANDLER(io_submit)
{
    int32_t nr = (int32_t)a[1];
    if (nr < 0)
        return -EINVAL;
    if (nr > AIO_MAX_EVENTS * 16)
        nr = AIO_MAX_EVENTS * 16;
    /* An array of nr guest pointers. */
    abi_ulong gv = GPTR(a[2]), ws = sys_abi->ptr_bits / 8;
    if (!sys_lock_read(gv, (abi_ulong)nr * ws))
        return -EFAULT;
    pthread_mutex_lock(&aio_lock);
    AioCtx *c = aio_find(GULONG(a[0]));
    pthread_mutex_unlock(&aio_lock);
    if (!c)
        return -EINVAL;
    if (nr == 0)
        return 0;
    AioReq **reqs = calloc((size_t)nr, sizeof(*reqs));
    struct iocb **hv = calloc((size_t)nr, sizeof(*hv));
    if (!reqs || !hv) {
        free(reqs);
        free(hv);
        return -ENOMEM;
    }
    abi_long err = 0;
    int k = 0;
    abi_ulong giocb;
    while (k < nr && !sys_get_ptr(gv + (abi_ulong)k * ws, &giocb) && (reqs[k] = aio_prepare(giocb, &err)) != NULL) {
        hv[k] = &reqs[k]->h;
        k++;
    }
    /* Linked before the host sees them: another thread's io_getevents may
     * reap an event before io_submit even returns. */
    pthread_mutex_lock(&aio_lock);
    for (int i = 0; i < k; i++) {
        reqs[i]->next = c->reqs;
        c->reqs = reqs[i];
    }
    pthread_mutex_unlock(&aio_lock);
    long m = k ? syscall(SYS_io_submit, c->host, (long)k, hv) : 0;
    if (m == -1) {
        err = -errno;
        m = 0;
    }
    pthread_mutex_lock(&aio_lock);
    for (int i = (int)m; i < k; i++) {
        aio_req_unlink(c, reqs[i]);
        aio_req_free(reqs[i]);
    }
    pthread_mutex_unlock(&aio_lock);
    /* The kernel stores its key (0) in each iocb it took. */
    for (int i = 0; i < m; i++)
        if (!sys_get_ptr(gv + (abi_ulong)i * ws, &giocb))
            sys_put_u32(giocb + 8, 0);
    free(reqs);
    free(hv);
    return m ? m : err;
}

/* Host events -> guest events; frees their requests (aio_lock held). */
static void aio_events_to_guest_locked(AioCtx *c, struct io_event *hev, long n,
                                       struct io_event *gev)
{
    for (long i = 0; i < n; i++) {
        AioReq *r = (AioReq *)(uintptr_t)hev[i].data;
        gev[i].data = r->gdata;
        gev[i].obj = r->giocb;
        gev[i].res = hev[i].res;
        gev[i].res2 = hev[i].res2;
        aio_req_unlink(c, r);
        aio_req_free(r);
    }
}

static void aio_events_to_guest(AioCtx *c, struct io_event *hev, long n, struct io_event *gev)
{
    pthread_mutex_lock(&aio_lock);
    aio_events_to_guest_locked(c, hev, n, gev);
    pthread_mutex_unlock(&aio_lock);
}

/* io_getevents and io_pgetevents (mask: a guest struct __aio_sigset). */
static abi_long do_getevents(const abi_long *a, bool time64, bool with_mask)
{
    int32_t min = (int32_t)a[1], nr = (int32_t)a[2];
    struct timespec ts, *tp = NULL;
    if (min < 0 || nr < min)
        return -EINVAL;
    if (nr > AIO_MAX_EVENTS)
        nr = AIO_MAX_EVENTS;
    if (min > nr)
        min = nr;
    struct io_event *gev = sys_lock_write(GPTR(a[3]), (abi_ulong)nr * sizeof(*gev));
    if (!gev)
        return -EFAULT;
    if (GPTR(a[4])) {
        if (sys_get_timespec(&ts, GPTR(a[4]), time64))
            return -EFAULT;
        tp = &ts;
    }
    sigset_t hmask;
    struct {
        const sigset_t *mask;
        size_t size;
    } hsig = {NULL, 8};
    if (with_mask && GPTR(a[5])) {
        /* {const sigset_t *sigmask; size_t sigsetsize}: two longs. */
        abi_ulong gs[2], ws = sys_abi->ptr_bits / 8;
        uint64_t set;
        if (sys_get_ptr(GPTR(a[5]), &gs[0]) || sys_get_ptr(GPTR(a[5]) + ws, &gs[1]))
            return -EFAULT;
        if (gs[0]) {
            if (gs[1] != 8)
                return -EINVAL;
            if (sys_copy_from_guest(&set, gs[0], 8))
                return -EFAULT;
            guest_to_host_sigset(&hmask, set);
            hsig.mask = &hmask;
        }
    }
    pthread_mutex_lock(&aio_lock);
    AioCtx *c = aio_find(GULONG(a[0]));
    pthread_mutex_unlock(&aio_lock);
    if (!c)
        return -EINVAL;
    struct io_event *hev = calloc(nr ? (size_t)nr : 1, sizeof(*hev));
    if (!hev)
        return -ENOMEM;
    long n = with_mask ? safe_syscall(SYS_io_pgetevents, (long)c->host, (long)min, (long)nr,
                                      (long)hev, (long)tp, (long)&hsig)
                       : safe_syscall(SYS_io_getevents, (long)c->host, (long)min, (long)nr,
                                      (long)hev, (long)tp, 0L);
    if (n > 0)
        aio_events_to_guest(c, hev, n, gev);
    free(hev);
    /* Like the kernel, an interrupted wait fails with EINTR, never restarts. */
    return n == -XRUN_ERESTARTSYS ? -EINTR : n;
}

SYS_HANDLER(io_getevents)
{
    return do_getevents(a, false, false);
}

SYS_HANDLER(io_pgetevents)
{
    return do_getevents(a, false, true);
}

SYS_HANDLER(io_pgetevents_time64)
{
    return do_getevents(a, true, true);
}

/* io_cancel(ctx, iocb, result): Linux 5+ answers EINPROGRESS and delivers
 * the event through io_getevents; older kernels filled result. */
SYS_HANDLER(io_cancel)
{
    abi_ulong g = GPTR(a[1]);
    struct io_event *gres = sys_lock_write(GPTR(a[2]), sizeof(*gres));
    if (!gres)
        return -EFAULT;
    /* Held throughout, so that no io_getevents frees the request meanwhile
     * (io_cancel does not block). */
    pthread_mutex_lock(&aio_lock);
    AioCtx *c = aio_find(GULONG(a[0]));
    AioReq *r = NULL;
    for (AioReq *p = c ? c->reqs : NULL; p && !r; p = p->next)
        if (p->giocb == g)
            r = p;
    abi_long ret = -EINVAL;
    struct io_event hres;
    if (r) {
        ret = sys_ret(syscall(SYS_io_cancel, c->host, &r->h, &hres));
        if (ret == 0)
            aio_events_to_guest_locked(c, &hres, 1, gres);
    }
    pthread_mutex_unlock(&aio_lock);
    return ret;
}
