/*
 * Process-wide utilities: fatal errors and allocation. Generated code and
 * signal handlers never call these on a hot path.
 */
#include <errno.h>
#include <poll.h>
#include <stdarg.h>
#include <string.h>
#include <unistd.h>

#include "xrun/util.h"

void xr_assert_fail(const char *expr, const char *file, int line)
{
    fprintf(stderr, "xrun: internal error: %s:%d: %s\n", file, line, expr);
    abort();
}

void xr_verror(const char *fmt, va_list ap)
{
    fputs("xrun: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
}

void xr_error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    xr_verror(fmt, ap);
    va_end(ap);
}

void xr_fatal(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    xr_verror(fmt, ap);
    va_end(ap);
    _exit(1);
}

void *xr_malloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p)
        xr_fatal("out of memory (%zu bytes)", n);
    return p;
}

void *xr_calloc(size_t n, size_t size)
{
    void *p = calloc(n ? n : 1, size ? size : 1);
    if (!p)
        xr_fatal("out of memory (%zu x %zu bytes)", n, size);
    return p;
}

char *xr_strdup(const char *s)
{
    char *p = strdup(s);
    if (!p)
        xr_fatal("out of memory");
    return p;
}

bool xr_write_all(int fd, const void *buf, size_t len)
{
    const char *p = buf;
    while (len > 0) {
        ssize_t n = write(fd, p, len);
        if (n > 0) {
            p += n;
            len -= (size_t)n;
        } else if (n < 0 && errno == EINTR) {
            continue;
        } else if (n < 0 && errno == EAGAIN) {
            struct pollfd pfd = {.fd = fd, .events = POLLOUT};
            poll(&pfd, 1, -1);
        } else {
            if (n == 0)
                errno = EIO;
            return false;
        }
    }
    return true;
}
