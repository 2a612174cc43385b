/*
 * ARM PrimeCell PL011 UART (r1p5), as Linux's amba-pl011 driver uses it:
 * on qemu's virt board at 0x09000000, interrupt SPI 1.
 *
 * Transmitted bytes go straight to the character backend (no pacing, the
 * transmit FIFO is always empty); received bytes wait in a 32-entry FIFO
 * (one entry when LCR_H.FEN is clear) and the backend holds the rest until
 * the guest makes room.
 *
 *     Pl011 *uart = pl011_new(con, gic_input(gic, 32 + 1));
 *     mem_add_io(0x09000000, PL011_SIZE, &pl011_ops, uart, "pl011");
 *
 * Everything runs under the device lock (system/event.h).
 */
#ifndef XRUN_SYSTEM_HW_PL011_H
#define XRUN_SYSTEM_HW_PL011_H

#include "system/chardev.h"
#include "system/irq.h"
#include "system/memory.h"

#define PL011_SIZE 0x1000

typedef struct Pl011 Pl011;

/* A UART writing to and reading from chr (NULL: output dropped, no input),
 * its interrupt on irq. It becomes chr's frontend. */
Pl011 *pl011_new(Chardev *chr, IrqLine irq);
/* Detaches from the backend and frees. */
void pl011_free(Pl011 *uart);
/* Back to the reset state; the receive FIFO is emptied. */
void pl011_reset(Pl011 *uart);

/* MMIO callbacks; opaque is the Pl011. */
extern const MemOps pl011_ops;

#endif
