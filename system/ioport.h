/*
 * The x86 I/O port space of system mode: 65,536 byte-wide ports that the
 * IN and OUT instructions (and KVM's KVM_EXIT_IO) reach, apart from the
 * physical memory map.
 *
 * A board gives each legacy device a range of ports; accesses call the
 * device's MemOps (system/memory.h) with the offset from the range's first
 * port and a size of 1, 2 or 4 bytes, under the device lock:
 *
 *     static const MemOps uart_ops = { uart_read, uart_write };
 *     io_add(0x3f8, 8, &uart_ops, uart, "serial8250");
 *
 *     uint64_t v;
 *     if (!io_read(port, 1, &v) && io_first_miss(port))
 *         dev_guest_error("ioport", "read of unassigned port 0x%x", port);
 *
 * An unassigned port reads as all ones, as an ISA bus with nothing
 * answering does on a PC, and ignores writes. An access belongs to the range
 * holding its first port: a 2- or 4-byte access that runs past the end of
 * that range is given whole to that device, which sees an offset and size
 * reaching past its count and decides what the bytes beyond mean (an 8-bit
 * device answers them as unassigned ports).
 */
#ifndef XRUN_SYSTEM_IOPORT_H
#define XRUN_SYSTEM_IOPORT_H

#include <stdbool.h>
#include <stdint.h>

#include "system/memory.h"

#define IO_PORT_COUNT 0x10000

/* Gives ports [port, port + count) to a device. A range that is empty, runs
 * past port 0xffff or overlaps a range already added is a board bug: it is
 * reported on stderr and refused (false); the first range keeps its ports. */
bool io_add(uint16_t port, uint32_t count, const MemOps *ops, void *opaque, const char *name);
/* Gives back the range holding port if its device is opaque (a device
 * being freed); false, changing nothing, otherwise. Like io_add, only while
 * no vCPU runs: lookups take no lock. */
bool io_del(uint16_t port, const void *opaque);
/* Empties the port space (tests, machine teardown). */
void io_reset(void);

/* The name of the range holding port, or NULL when it is unassigned. */
const char *io_owner(uint16_t port);

/* One access of 1, 2 or 4 bytes, little endian. False for an unassigned
 * port or another size: a read then gives all ones in size bytes (4 for a
 * bad size), a write is dropped. A range without a read (write) callback
 * reads as all ones (drops writes) but counts as assigned. The caller holds nothing; the device
 * callback runs with the device lock held. */
bool io_read(uint16_t port, unsigned size, uint64_t *val);
bool io_write(uint16_t port, unsigned size, uint64_t val);

/* True the first time it is called for port since the last io_reset, so a
 * caller logs a guest's accesses to a missing port once. Any thread. */
bool io_first_miss(uint16_t port);

#endif
