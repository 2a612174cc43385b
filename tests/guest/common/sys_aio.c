/* sys_aio — Linux native AIO through the raw syscalls (as libaio makes
 * them): io_setup, io_submit of PWRITE/PREAD/PREADV/PWRITEV/FSYNC, events
 * carrying the guest's aio_data and iocb address back, io_getevents with
 * a timeout on an empty context, io_pgetevents with a mask, partial
 * submission at a bad iocb, io_cancel, io_destroy, and the errors.
 * Portable: compared with the native build. */
#define _GNU_SOURCE
/* XRUN-XFAIL-QEMU: qemu 7.2 has no native AIO (io_setup is ENOSYS) */
#include <errno.h>
#include <fcntl.h>
#include <linux/aio_abi.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>
#include "xt.h"

static long res;
static int err;
#define CALL(expr) (errno = 0, res = (long)(expr), err = errno)
#define SHOW(name, expr)                                                                           \
    do {                                                                                           \
        CALL(expr);                                                                                \
        if (res < 0)                                                                               \
            printf("%s: -1 errno %d\n", name, err);                                                \
        else                                                                                       \
            printf("%s: %ld\n", name, res);                                                        \
    } while (0)

static void prep(struct iocb *cb, int op, int fd, void *buf, uint64_t n, int64_t off, uint64_t data)
{
    memset(cb, 0, sizeof *cb);
    cb->aio_lio_opcode = op;
    cb->aio_fildes = fd;
    cb->aio_buf = (uint64_t)(uintptr_t)buf;
    cb->aio_nbytes = n;
    cb->aio_offset = off;
    cb->aio_data = data;
}

/* Reaps n events; prints them in data order (completion order may vary). */
static void reap(aio_context_t ctx, int n, struct iocb *const *cbs, int ncbs)
{
    struct io_event ev[8];
    int got = 0;
    while (got < n) {
        long r = syscall(SYS_io_getevents, ctx, 1, 8, ev + got, NULL);
        if (r <= 0) {
            printf("io_getevents failed: %ld errno %d\n", r, errno);
            return;
        }
        got += (int)r;
    }
    for (uint64_t want = 0; want < 16; want++) {
        for (int i = 0; i < got; i++) {
            if (ev[i].data != 0x1000 + want)
                continue;
            int which = -1;
            for (int j = 0; j < ncbs; j++)
                if (ev[i].obj == (uint64_t)(uintptr_t)cbs[j])
                    which = j;
            printf("  event data %llx iocb #%d res %lld res2 %lld\n",
                   (unsigned long long)ev[i].data, which, (long long)ev[i].res,
                   (long long)ev[i].res2);
        }
    }
}

int main(void)
{
    aio_context_t ctx = 0;
    SHOW("io_setup", syscall(SYS_io_setup, 16, &ctx));
    printf("  context set %d\n", ctx != 0);
    aio_context_t other = 5;
    SHOW("io_setup with a nonzero context", syscall(SYS_io_setup, 16, &other));
    SHOW("io_setup of 0 events", (other = 0, syscall(SYS_io_setup, 0, &other)));

    char path[] = "/tmp/xrun-aio-XXXXXX";
    int fd = mkstemp(path);
    static char wbuf[64] = "asynchronous write, then read back";
    static char rbuf[64], v1[8], v2[16];
    struct iocb w, f, r, rv, bad;
    struct iocb *cbs[5] = {&w, &f, &r, &rv, &bad};
    prep(&w, IOCB_CMD_PWRITE, fd, wbuf, 35, 0, 0x1000);
    prep(&f, IOCB_CMD_FSYNC, fd, NULL, 0, 0, 0x1001);
    struct iocb *list[2] = {&w, &f};
    SHOW("io_submit write + fsync", syscall(SYS_io_submit, ctx, 2, list));
    reap(ctx, 2, cbs, 5);

    prep(&r, IOCB_CMD_PREAD, fd, rbuf, 12, 0, 0x1002);
    struct iovec iov[2] = {{v1, 6}, {v2, 10}};
    prep(&rv, IOCB_CMD_PREADV, fd, iov, 2, 13, 0x1003);
    list[0] = &r;
    list[1] = &rv;
    SHOW("io_submit pread + preadv", syscall(SYS_io_submit, ctx, 2, list));
    reap(ctx, 2, cbs, 5);
    printf("  read \"%s\", \"%.6s\" + \"%.10s\"\n", rbuf, v1, v2);

    struct iovec wv[2] = {{"AB", 2}, {"CDE", 3}};
    prep(&w, IOCB_CMD_PWRITEV, fd, wv, 2, 40, 0x1004);
    list[0] = &w;
    SHOW("io_submit pwritev", syscall(SYS_io_submit, ctx, 1, list));
    reap(ctx, 1, cbs, 5);
    char back[8] = {0};
    CHECK(pread(fd, back, 5, 40) == 5);
    printf("  file has \"%s\"\n", back);

    /* The second iocb points nowhere: the first goes, the call says 1. */
    prep(&r, IOCB_CMD_PREAD, fd, rbuf, 4, 0, 0x1005);
    struct iocb *partial[2] = {&r, (struct iocb *)16};
    SHOW("io_submit with a bad second iocb", syscall(SYS_io_submit, ctx, 2, partial));
    reap(ctx, 1, cbs, 5);
    partial[0] = (struct iocb *)16;
    SHOW("io_submit with a bad first iocb", syscall(SYS_io_submit, ctx, 1, partial));
    prep(&bad, IOCB_CMD_PREAD, -1, rbuf, 4, 0, 0x1006);
    list[0] = &bad;
    SHOW("io_submit on a bad fd", syscall(SYS_io_submit, ctx, 1, list));
    prep(&bad, IOCB_CMD_PREAD, fd, (void *)16, 4, 0, 0x1007);
    /* Accepted; the I/O itself fails. */
    SHOW("io_submit into a bad buffer", syscall(SYS_io_submit, ctx, 1, list));
    if (res == 1) {
        struct iocb *only[1] = {&bad};
        reap(ctx, 1, only, 1);
    }
    prep(&bad, 99, fd, rbuf, 4, 0, 0x1008);
    SHOW("io_submit of a bad opcode", syscall(SYS_io_submit, ctx, 1, list));
    SHOW("io_submit of -1 iocbs", syscall(SYS_io_submit, ctx, -1, list));
    SHOW("io_submit on a bad context", syscall(SYS_io_submit, 12345, 1, list));

    struct io_event ev[4];
    struct timespec ts = {0, 20 * 1000 * 1000};
    SHOW("io_getevents timeout on empty", syscall(SYS_io_getevents, ctx, 1, 4, ev, &ts));
    SHOW("io_getevents min > nr", syscall(SYS_io_getevents, ctx, 5, 4, ev, &ts));
    sigset_t mask;
    sigemptyset(&mask);
    struct {
        const sigset_t *m;
        size_t size;
    } sig = {&mask, 8};
    SHOW("io_pgetevents timeout with a mask", syscall(SYS_io_pgetevents, ctx, 1, 4, ev, &ts, &sig));
    sig.size = 3;
    SHOW("io_pgetevents bad mask size", syscall(SYS_io_pgetevents, ctx, 1, 4, ev, &ts, &sig));
    struct io_event cres;
    SHOW("io_cancel of an unknown iocb", syscall(SYS_io_cancel, ctx, &bad, &cres));

    SHOW("io_destroy", syscall(SYS_io_destroy, ctx));
    SHOW("io_destroy again", syscall(SYS_io_destroy, ctx));
    SHOW("io_getevents after destroy", syscall(SYS_io_getevents, ctx, 1, 4, ev, &ts));
    close(fd);
    unlink(path);
    return xt_done();
}
