/*
 * ARM PrimeCell PL031 real-time clock: on qemu's virt board at 0x09010000,
 * interrupt SPI 2. The counter (DR) is the host's UTC time in seconds plus
 * the offset the guest set by writing LR; a match register (MR) equal to
 * the counter raises the interrupt.
 *
 *     Pl031 *rtc = pl031_new(gic_input(gic, 32 + 2));
 *     mem_add_io(0x09010000, PL031_SIZE, &pl031_ops, rtc, "pl031");
 *
 * Everything runs under the device lock (system/event.h); the match fires
 * from the event loop.
 */
#ifndef XRUN_SYSTEM_HW_PL031_H
#define XRUN_SYSTEM_HW_PL031_H

#include "system/irq.h"
#include "system/memory.h"

#define PL031_SIZE 0x1000

typedef struct Pl031 Pl031;

Pl031 *pl031_new(IrqLine irq);
void pl031_free(Pl031 *rtc);

/* MMIO callbacks; opaque is the Pl031. */
extern const MemOps pl031_ops;

#endif
