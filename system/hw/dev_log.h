/*
 * Guest programming errors seen by devices: an access to an offset a device
 * does not implement, a value a register does not accept, a malformed
 * command. The device logs the event and ignores it (or marks itself
 * broken); the emulator carries on, as real hardware would.
 *
 * Logging is off by default because guests probe registers that do not
 * exist; the command line turns it on (as qemu's `-d guest_errors` does).
 * The count is kept either way, so tests can assert that an access was
 * refused.
 *
 *     if (off >= PL031_SIZE)
 *         dev_guest_error("pl031", "read of offset 0x%llx", (unsigned long long)off);
 */
#ifndef XRUN_SYSTEM_HW_DEV_LOG_H
#define XRUN_SYSTEM_HW_DEV_LOG_H

#include <stdbool.h>

/* Print each guest error on stderr as "xrun: <dev>: <message>". */
extern bool dev_log_guest_errors;
/* How many guest errors devices have reported since start. */
extern unsigned long dev_guest_error_count;

void dev_guest_error(const char *dev, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
