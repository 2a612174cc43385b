/*
 * 16550A UART on the x86 I/O port bus, as Linux's 8250 driver probes and
 * drives it: COM1 is at port 0x3f8 on ISA IRQ 4 of a PC.
 *
 * Transmitted bytes go straight to the character backend, so the transmit
 * holding register is always empty again by the next access; received
 * bytes wait in a 16-byte FIFO (one byte while the FIFOs are off) and the
 * backend holds the rest until the guest makes room.
 *
 *     Serial8250 *com1 = serial8250_new(0x3f8, con, isa_irq(board, 4));
 *     if (!com1)
 *         goto fail;   // the ports were taken; io_add said which
 *
 * The device registers its 8 ports itself (system/ioport.h). Everything
 * runs under the device lock (system/event.h).
 */
#ifndef XRUN_SYSTEM_HW_SERIAL8250_H
#define XRUN_SYSTEM_HW_SERIAL8250_H

#include <stdint.h>

#include "system/chardev.h"
#include "system/irq.h"
#include "system/memory.h"

#define SERIAL8250_PORTS 8

typedef struct Serial8250 Serial8250;

/* A UART at ports [base, base + 8) writing to and reading from chr (NULL:
 * output dropped, no input), its interrupt on irq. It becomes chr's
 * frontend. NULL when the ports are already taken (io_add reported it). */
Serial8250 *serial8250_new(uint16_t base, Chardev *chr, IrqLine irq);
/* Detaches from the backend, gives the ports back and frees. */
void serial8250_free(Serial8250 *uart);
/* Back to the power-on state; the receive FIFO is emptied. */
void serial8250_reset(Serial8250 *uart);

/* The port callbacks (offset 0-7 from the base); opaque is the
 * Serial8250. */
extern const MemOps serial8250_ops;

#endif
