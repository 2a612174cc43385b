/*
 * The i8042 keyboard controller of a PC, reduced to what a guest without a
 * keyboard needs from it: the reset line. Linux's reboot path (reboot=k,
 * and the fallback after ACPI) waits for the controller's input buffer to
 * be empty (port 0x64 bit 1) and writes command 0xfe to port 0x64, which
 * pulses the CPU reset line.
 *
 *     I8042 *kbc = i8042_new();   // ports 0x60, 0x64 and 0x92
 *
 * Port 0x92 (System Control Port A, "fast A20 and reset") is included: a
 * write with bit 0 set resets the machine too.
 */
#ifndef XRUN_SYSTEM_HW_I8042_H
#define XRUN_SYSTEM_HW_I8042_H

#include "system/memory.h"

#define I8042_DATA_PORT 0x60
#define I8042_CMD_PORT 0x64     /* status when read */
#define I8042_PORT_A 0x92       /* System Control Port A */

typedef struct I8042 I8042;

/* Registers ports 0x60, 0x64 and 0x92 (system/ioport.h). NULL, holding
 * none of them, when one is already taken (io_add reported it). */
I8042 *i8042_new(void);
/* Gives the ports back and frees (NULL is a no-op). */
void i8042_free(I8042 *kbc);

/* The callbacks of the three one-port ranges; opaque is the I8042. */
extern const MemOps i8042_data_ops, i8042_cmd_ops, i8042_port_a_ops;

#endif
