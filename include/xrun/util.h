/*
 * Small utilities every module uses: assertions, allocation that cannot
 * return NULL, array sizes, and the one-line error reporter.
 */
#ifndef XRUN_UTIL_H
#define XRUN_UTIL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>

#define XR_ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define XR_ALIGN_UP(x, a) (((x) + (a) - 1) & ~((__typeof__(x))(a) - 1))
#define XR_ALIGN_DOWN(x, a) ((x) & ~((__typeof__(x))(a) - 1))
#define XR_LIKELY(x) __builtin_expect(!!(x), 1)
#define XR_UNLIKELY(x) __builtin_expect(!!(x), 0)

_Noreturn void xr_assert_fail(const char *expr, const char *file, int line);
_Noreturn void xr_fatal(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* One "xrun: <message>" line on stderr (xr_fatal then exits). */
void xr_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void xr_verror(const char *fmt, va_list ap);

/* The value of a hex digit, or -1. */
static inline int xr_hex_digit(int c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* Internal invariants: checked in debug builds (DEBUG=1), free otherwise. */
#ifdef XRUN_DEBUG
#define xr_assert(e) ((e) ? (void)0 : xr_assert_fail(#e, __FILE__, __LINE__))
#else
#define xr_assert(e) ((void)sizeof(!(e)))
#endif
#define xr_unreachable() xr_assert_fail("unreachable", __FILE__, __LINE__)

void *xr_malloc(size_t n);   /* aborts with a message on out-of-memory */
void *xr_calloc(size_t n, size_t size);
char *xr_strdup(const char *s);
/* Writes all len bytes to fd: retries after EINTR and short writes, and
 * waits on a non-blocking descriptor that is full. False (errno set) on an
 * error or when nothing could be written. */
bool xr_write_all(int fd, const void *buf, size_t len);

#endif
