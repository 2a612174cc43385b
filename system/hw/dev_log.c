/*
 * The guest-error log of devices (system/hw/dev_log.h).
 */
#include "system/hw/dev_log.h"

#include <stdarg.h>
#include <stdio.h>

bool dev_log_guest_errors;
unsigned long dev_guest_error_count;

void dev_guest_error(const char *dev, const char *fmt, ...)
{
    va_list ap;

    /* Devices run under the device lock, but the count is also read by
     * other threads. */
    __atomic_add_fetch(&dev_guest_error_count, 1, __ATOMIC_RELAXED);
    if (!dev_log_guest_errors)
        return;
    /* stderr is unbuffered: the line is built first and written in one
     * call, so lines of two threads do not interleave. */
    char line[256];
    int n = snprintf(line, sizeof(line), "xrun: %s: ", dev);
    va_start(ap, fmt);
    if (n >= 0 && (size_t)n < sizeof(line))
        vsnprintf(line + n, sizeof(line) - n, fmt, ap);
    va_end(ap);
    fprintf(stderr, "%s\n", line);
}
