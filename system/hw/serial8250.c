/*
 * 16550A UART (system/hw/serial8250.h).
 *
 * Registers, by offset from the base port (DLAB is LCR bit 7):
 *
 *     0  RBR (read) / THR (write)      DLL when DLAB
 *     1  IER                           DLM when DLAB
 *     2  IIR (read) / FCR (write)
 *     3  LCR    4  MCR    5  LSR    6  MSR    7  SCR
 *
 * What Linux's probe (autoconfig in drivers/tty/serial/8250) checks, and
 * what this model answers:
 *   - IER keeps its low four bits and reads 0 in bits 7:4, so the scratch
 *     test passes and the XScale UUE bit is absent;
 *   - with FCR bit 0 set, IIR bits 7:6 read 11 (a 16550A with working
 *     FIFOs) and bit 5 stays 0 (no 64-byte 16750 FIFO); with DLAB set or
 *     LCR 0xbf offset 2 is still IIR, so no EFR is found;
 *   - in loopback (MCR bit 4) MSR's top nibble mirrors MCR's low one
 *     (DTR->DSR, RTS->CTS, OUT1->RI, OUT2->DCD): MCR 0x1a reads MSR 0x9_.
 *
 * Interrupts, in IIR's priority order: line status (an overrun or a break
 * in LSR, cleared by reading LSR), received data (the FIFO holds bytes,
 * cleared by emptying it; below the FIFO trigger level it reports as the
 * character timeout, as the chip does once the line goes quiet, which it
 * always has by the time the guest looks), THR empty, modem status
 * (MSR's delta bits, cleared by reading MSR). THR empty is a latch: set
 * when a write to THR has gone out (at once here) and when IER's THRI bit
 * goes from 0 to 1 (THR being empty), cleared by an IIR read that reports
 * it, a THR write, or THRI going to 0. Linux's startup relies on the
 * second rule: it toggles THRI and reads IIR to see the UART interrupt.
 *
 * The line to the interrupt controller is (pending & enabled) gated by MCR
 * OUT2, as a PC's serial card wires the UART's interrupt pin through OUT2;
 * in loopback the chip forces OUT2 inactive, so the line stays low.
 */
#include "system/hw/serial8250.h"

#include <stdlib.h>

#include "system/hw/dev_log.h"
#include "system/ioport.h"
#include "xrun/util.h"

#define SER_FIFO_DEPTH 16
#define SER_BREAK 0x100   /* a FIFO entry received as a break (data 0) */

enum {
    SER_RBR = 0,   /* THR when written, DLL with DLAB */
    SER_IER = 1,   /* DLM with DLAB */
    SER_IIR = 2,   /* FCR when written */
    SER_LCR = 3,
    SER_MCR = 4,
    SER_LSR = 5,
    SER_MSR = 6,
    SER_SCR = 7,
};

#define IER_RDI 0x01    /* received data available */
#define IER_THRI 0x02   /* THR empty */
#define IER_RLSI 0x04   /* line status */
#define IER_MSI 0x08    /* modem status */

#define IIR_NONE 0x01
#define IIR_MSI 0x00
#define IIR_THRI 0x02
#define IIR_RDI 0x04
#define IIR_RLSI 0x06
#define IIR_TIMEOUT 0x0c
#define IIR_FIFOS 0xc0   /* both bits set: 16550A FIFOs enabled */

#define FCR_ENABLE 0x01
#define FCR_CLEAR_RX 0x02
#define FCR_KEPT 0xc9   /* enable, DMA mode, receive trigger level */

#define LCR_DLAB 0x80

#define MCR_DTR 0x01
#define MCR_RTS 0x02
#define MCR_OUT1 0x04
#define MCR_OUT2 0x08
#define MCR_LOOP 0x10
#define MCR_MASK 0x1f

#define LSR_DR 0x01
#define LSR_OE 0x02
#define LSR_BI 0x10
#define LSR_THRE 0x20
#define LSR_TEMT 0x40
#define LSR_FIFO_ERR 0x80

#define MSR_DCTS 0x01
#define MSR_DDSR 0x02
#define MSR_TERI 0x04
#define MSR_DDCD 0x08
#define MSR_CTS 0x10
#define MSR_DSR 0x20
#define MSR_RI 0x40
#define MSR_DCD 0x80

/* The loopback wiring works nibble to nibble: status = delta << 4 for the
 * lines CTS, DSR and DCD that MSR_DCTS.. report changes of. */
_Static_assert(MSR_CTS == MSR_DCTS << 4 && MSR_DSR == MSR_DDSR << 4 && MSR_DCD == MSR_DDCD << 4,
               "MSR deltas sit four bits below their lines");

struct Serial8250 {
    Chardev *chr;
    IrqLine irq;
    int irq_level;
    uint16_t base;
    uint16_t fifo[SER_FIFO_DEPTH];   /* data in [7:0], SER_BREAK */
    int rx_head, rx_count;
    uint8_t ier, lcr, mcr, fcr, scr, dll, dlm;
    uint8_t lsr_err;     /* latched OE and BI, cleared by reading LSR */
    uint8_t msr_delta;   /* DCTS, DDSR, TERI, DDCD, cleared by reading MSR */
    bool thr_pending;    /* the THR-empty interrupt latch */
};

static bool ser_fifo_on(const Serial8250 *s)
{
    return s->fcr & FCR_ENABLE;
}

static int ser_depth(const Serial8250 *s)
{
    return ser_fifo_on(s) ? SER_FIFO_DEPTH : 1;
}

static int ser_trigger(const Serial8250 *s)
{
    static const int levels[4] = { 1, 4, 8, 14 };
    return levels[s->fcr >> 6];
}

/* The modem status lines: the host side is a null modem that is always
 * ready (CTS, DSR, DCD); in loopback they are MCR's outputs. */
static uint8_t ser_msr_lines(const Serial8250 *s)
{
    if (!(s->mcr & MCR_LOOP))
        return MSR_CTS | MSR_DSR | MSR_DCD;
    uint8_t lines = 0;
    if (s->mcr & MCR_DTR)
        lines |= MSR_DSR;
    if (s->mcr & MCR_RTS)
        lines |= MSR_CTS;
    if (s->mcr & MCR_OUT1)
        lines |= MSR_RI;
    if (s->mcr & MCR_OUT2)
        lines |= MSR_DCD;
    return lines;
}

/* The highest-priority enabled interrupt, as IIR bits 3:0. */
static uint8_t ser_iir_id(const Serial8250 *s)
{
    if ((s->ier & IER_RLSI) && s->lsr_err)
        return IIR_RLSI;
    if ((s->ier & IER_RDI) && s->rx_count)
        return ser_fifo_on(s) && s->rx_count < ser_trigger(s) ? IIR_TIMEOUT : IIR_RDI;
    if ((s->ier & IER_THRI) && s->thr_pending)
        return IIR_THRI;
    if ((s->ier & IER_MSI) && s->msr_delta)
        return IIR_MSI;
    return IIR_NONE;
}

static void ser_update(Serial8250 *s)
{
    int level = ser_iir_id(s) != IIR_NONE && (s->mcr & (MCR_OUT2 | MCR_LOOP)) == MCR_OUT2;
    if (level != s->irq_level) {
        s->irq_level = level;
        irq_set(&s->irq, level);
    }
}

/* -- Receive path -- */

/* A break reports in LSR once its entry is the one RBR reads next. */
static void ser_head_changed(Serial8250 *s)
{
    if (s->rx_count && (s->fifo[s->rx_head] & SER_BREAK))
        s->lsr_err |= LSR_BI;
}

static void ser_push(Serial8250 *s, uint16_t entry)
{
    if (s->rx_count >= ser_depth(s)) {
        /* Only loopback gets here (the backend respects can_receive).
         * Without FIFOs the new byte replaces the unread one in RBR; with
         * them it is lost in the shift register. */
        s->lsr_err |= LSR_OE;
        if (!ser_fifo_on(s))
            s->fifo[s->rx_head] = entry;
        return;
    }
    s->fifo[(s->rx_head + s->rx_count) % SER_FIFO_DEPTH] = entry;
    s->rx_count++;
    if (s->rx_count == 1)
        ser_head_changed(s);
}

static void ser_clear_rx(Serial8250 *s)
{
    s->rx_head = 0;
    s->rx_count = 0;
}

static int ser_can_receive(void *opaque)
{
    Serial8250 *s = opaque;
    /* In loopback the receiver listens to the transmitter only: input
     * waits in the backend. */
    if (s->mcr & MCR_LOOP)
        return 0;
    return ser_depth(s) - s->rx_count;
}

static void ser_receive(void *opaque, const uint8_t *buf, int len)
{
    Serial8250 *s = opaque;
    for (int i = 0; i < len; i++)
        ser_push(s, buf[i]);
    ser_update(s);
}

static void ser_break(void *opaque)
{
    Serial8250 *s = opaque;
    if (s->mcr & MCR_LOOP)
        return;
    ser_push(s, SER_BREAK);
    ser_update(s);
}

static uint8_t ser_read_rbr(Serial8250 *s)
{
    if (s->rx_count == 0)
        return 0;   /* software should have checked LSR.DR */
    uint16_t entry = s->fifo[s->rx_head];
    s->rx_head = (s->rx_head + 1) % SER_FIFO_DEPTH;
    s->rx_count--;
    ser_head_changed(s);
    /* Room again: the backend hands over what it held back. */
    chr_accept_input(s->chr);
    return entry & 0xff;
}

static uint8_t ser_read_lsr(Serial8250 *s)
{
    uint8_t lsr = LSR_THRE | LSR_TEMT | s->lsr_err;
    if (s->rx_count)
        lsr |= LSR_DR;
    for (int i = 0; ser_fifo_on(s) && i < s->rx_count; i++)
        if (s->fifo[(s->rx_head + i) % SER_FIFO_DEPTH] & SER_BREAK)
            lsr |= LSR_FIFO_ERR;
    s->lsr_err = 0;
    return lsr;
}

/* -- Control registers -- */

static void ser_write_thr(Serial8250 *s, uint8_t byte)
{
    if (s->mcr & MCR_LOOP)
        ser_push(s, byte);
    else if (s->chr)
        chr_write(s->chr, &byte, 1);
    /* Sent at once: THR is empty again. */
    s->thr_pending = true;
}

static void ser_write_ier(Serial8250 *s, uint8_t v)
{
    uint8_t was = s->ier;
    s->ier = v & 0x0f;
    if ((was ^ s->ier) & IER_THRI)
        s->thr_pending = s->ier & IER_THRI;   /* rising edge with THR empty */
}

static void ser_write_fcr(Serial8250 *s, uint8_t v)
{
    /* Turning the FIFOs on or off empties them; with bit 0 clear the
     * other bits are not written. */
    if ((v ^ s->fcr) & FCR_ENABLE)
        ser_clear_rx(s);
    if (!(v & FCR_ENABLE)) {
        s->fcr = 0;
    } else {
        if (v & FCR_CLEAR_RX)
            ser_clear_rx(s);
        s->fcr = v & FCR_KEPT;
    }
    chr_accept_input(s->chr);
}

static void ser_write_mcr(Serial8250 *s, uint8_t v)
{
    uint8_t before = ser_msr_lines(s);
    s->mcr = v & MCR_MASK;
    uint8_t after = ser_msr_lines(s);
    uint8_t changed = before ^ after;
    s->msr_delta |= (changed & (MSR_CTS | MSR_DSR | MSR_DCD)) >> 4;
    if ((before & MSR_RI) && !(after & MSR_RI))
        s->msr_delta |= MSR_TERI;   /* trailing edge of RI only */
    chr_accept_input(s->chr);
}

/* -- Port callbacks -- */

static uint8_t ser_read_byte(Serial8250 *s, unsigned off)
{
    switch (off) {
    case SER_RBR:
        return s->lcr & LCR_DLAB ? s->dll : ser_read_rbr(s);
    case SER_IER:
        return s->lcr & LCR_DLAB ? s->dlm : s->ier;
    case SER_IIR: {
        uint8_t id = ser_iir_id(s);
        if (id == IIR_THRI)
            s->thr_pending = false;   /* reading the report clears it */
        return id | (ser_fifo_on(s) ? IIR_FIFOS : 0);
    }
    case SER_LCR:
        return s->lcr;
    case SER_MCR:
        return s->mcr;
    case SER_LSR:
        return ser_read_lsr(s);
    case SER_MSR: {
        uint8_t msr = ser_msr_lines(s) | s->msr_delta;
        s->msr_delta = 0;
        return msr;
    }
    case SER_SCR:
        return s->scr;
    default:
        dev_guest_error("serial8250", "read of register %u past the UART's 8", off);
        return 0xff;   /* as an unassigned port */
    }
}

static void ser_write_byte(Serial8250 *s, unsigned off, uint8_t v)
{
    switch (off) {
    case SER_RBR:
        if (s->lcr & LCR_DLAB)
            s->dll = v;
        else
            ser_write_thr(s, v);
        break;
    case SER_IER:
        if (s->lcr & LCR_DLAB)
            s->dlm = v;
        else
            ser_write_ier(s, v);
        break;
    case SER_IIR:
        ser_write_fcr(s, v);
        break;
    case SER_LCR:
        s->lcr = v;
        break;
    case SER_MCR:
        ser_write_mcr(s, v);
        break;
    case SER_SCR:
        s->scr = v;
        break;
    case SER_LSR:
    case SER_MSR:
        dev_guest_error("serial8250", "write of 0x%02x to read-only register %u", v, off);
        break;
    default:
        dev_guest_error("serial8250", "write of 0x%02x to register %u past the UART's 8", v, off);
        break;
    }
}

/* The UART is an 8-bit device: a wider access is split into byte
 * accesses of consecutive registers, as the ISA bus does. */
static uint64_t ser_read(void *opaque, hwaddr off, unsigned size)
{
    Serial8250 *s = opaque;
    uint64_t val = 0;
    for (unsigned i = 0; i < size && i < 8; i++)
        val |= (uint64_t)ser_read_byte(s, (unsigned)(off + i)) << (8 * i);
    ser_update(s);
    return val;
}

static void ser_write(void *opaque, hwaddr off, uint64_t val, unsigned size)
{
    Serial8250 *s = opaque;
    for (unsigned i = 0; i < size && i < 8; i++)
        ser_write_byte(s, (unsigned)(off + i), (uint8_t)(val >> (8 * i)));
    ser_update(s);
}

const MemOps serial8250_ops = { ser_read, ser_write };

/* -- Life cycle -- */

void serial8250_reset(Serial8250 *s)
{
    ser_clear_rx(s);
    s->ier = s->lcr = s->mcr = s->fcr = s->scr = 0;
    s->dll = 12;   /* 9600 baud from the 1.8432 MHz clock, as firmware leaves it */
    s->dlm = 0;
    s->lsr_err = s->msr_delta = 0;
    s->thr_pending = false;
    ser_update(s);
    chr_accept_input(s->chr);
}

Serial8250 *serial8250_new(uint16_t base, Chardev *chr, IrqLine irq)
{
    Serial8250 *s = xr_calloc(1, sizeof(*s));
    s->chr = chr;
    s->irq = irq;
    s->base = base;
    if (!io_add(base, SERIAL8250_PORTS, &serial8250_ops, s, "serial8250")) {
        free(s);
        return NULL;
    }
    irq_set(&irq, 0);
    serial8250_reset(s);
    if (chr)
        chr_set_frontend(chr, &(CharFrontend){ ser_can_receive, ser_receive, ser_break, s });
    return s;
}

void serial8250_free(Serial8250 *s)
{
    if (!s)
        return;
    if (s->chr)
        chr_set_frontend(s->chr, NULL);
    io_del(s->base, s);
    free(s);
}
