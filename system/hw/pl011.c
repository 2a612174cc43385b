/*
 * ARM PL011 UART (system/hw/pl011.h).
 *
 * Interrupt model, as qemu's and as Linux expects it:
 *   - TX (RIS bit 5) is set by every write to DR: the byte has left at
 *     once, so the transmit FIFO is below any trigger level. It stays set
 *     until ICR clears it; Linux masks it (IMSC) when it has nothing to send.
 *   - RX (RIS bit 4) follows the receive FIFO: set when a byte arrives,
 *     cleared when a DR read empties the FIFO. The receive trigger level is
 *     one byte whatever IFLS says, so a lone key press interrupts at once
 *     without a receive-timeout model.
 *   - BE (bit 9) is set by a break from the backend (C-a b), which also
 *     queues a zero byte flagged with DR.BE: Linux turns it into a magic
 *     SysRq.
 * The output line is (RIS & IMSC) != 0.
 */
#include "system/hw/pl011.h"

#include <stdlib.h>
#include <string.h>

#include "system/hw/dev_log.h"
#include "xrun/util.h"

#define PL011_FIFO_DEPTH 32

enum {
    PL011_DR = 0x00,
    PL011_RSR = 0x04,   /* ECR when written */
    PL011_FR = 0x18,
    PL011_ILPR = 0x20,
    PL011_IBRD = 0x24,
    PL011_FBRD = 0x28,
    PL011_LCR_H = 0x2c,
    PL011_CR = 0x30,
    PL011_IFLS = 0x34,
    PL011_IMSC = 0x38,
    PL011_RIS = 0x3c,
    PL011_MIS = 0x40,
    PL011_ICR = 0x44,
    PL011_DMACR = 0x48,
    PL011_ID = 0xfe0,
};

/* Flag register */
#define FR_RXFE (1u << 4)
#define FR_RXFF (1u << 6)
#define FR_TXFE (1u << 7)
/* Interrupt bits of IMSC/RIS/MIS/ICR */
#define INT_RX (1u << 4)
#define INT_TX (1u << 5)
#define INT_RT (1u << 6)
#define INT_BE (1u << 9)
#define INT_OE (1u << 10)
#define INT_ALL 0x7ffu
/* Error bits a received entry carries in DR[11:8], and RSR[3:0] */
#define DR_BE (1u << 10)
#define DR_OE (1u << 11)
#define LCR_H_FEN (1u << 4)
#define CR_LBE (1u << 7)

/* PL011 r1p5 identification: PeriphID0-3 then PrimeCell ID0-3. */
static const uint8_t pl011_id[8] = { 0x11, 0x10, 0x14, 0x00, 0x0d, 0xf0, 0x05, 0xb1 };

struct Pl011 {
    Chardev *chr;
    IrqLine irq;
    int irq_level;
    uint16_t fifo[PL011_FIFO_DEPTH];   /* data in [7:0], errors in [11:8] */
    int rx_head, rx_count;
    uint32_t rsr;
    uint32_t ilpr, ibrd, fbrd, lcr_h, cr, ifls, imsc, ris, dmacr;
};

static int pl011_depth(const Pl011 *s)
{
    return s->lcr_h & LCR_H_FEN ? PL011_FIFO_DEPTH : 1;
}

static void pl011_update(Pl011 *s)
{
    int level = (s->ris & s->imsc) != 0;
    if (level != s->irq_level) {
        s->irq_level = level;
        irq_set(&s->irq, level);
    }
}

/* -- Receive path (the backend's frontend) -- */

static void pl011_push(Pl011 *s, uint16_t entry)
{
    if (s->rx_count >= pl011_depth(s)) {
        /* Only a break or a loopback byte can get here: the backend respects
     * can_receive. */
        /* The byte is lost; the newest byte held carries the flag, so
         * software sees it in DR and RSR when it reads that far. */
        s->fifo[(s->rx_head + s->rx_count - 1) % PL011_FIFO_DEPTH] |= DR_OE;
        s->ris |= INT_OE;
        return;
    }
    s->fifo[(s->rx_head + s->rx_count) % PL011_FIFO_DEPTH] = entry;
    s->rx_count++;
    s->ris |= INT_RX;
}

static int pl011_can_receive(void *opaque)
{
    Pl011 *s = opaque;
    int room = pl011_depth(s) - s->rx_count;
    return room > 0 ? room : 0;
}

static void pl011_receive(void *opaque, const uint8_t *buf, int len)
{
    Pl011 *s = opaque;
    for (int i = 0; i < len; i++)
        pl011_push(s, buf[i]);
    pl011_update(s);
}

static void pl011_break(void *opaque)
{
    Pl011 *s = opaque;
    pl011_push(s, DR_BE);
    s->ris |= INT_BE;
    pl011_update(s);
}

static uint32_t pl011_read_dr(Pl011 *s)
{
    uint16_t entry;

    if (s->rx_count == 0)
        return 0;   /* an empty FIFO: software should have checked RXFE */
    entry = s->fifo[s->rx_head];
    s->rx_head = (s->rx_head + 1) % PL011_FIFO_DEPTH;
    s->rx_count--;
    s->rsr = entry >> 8;
    if (s->rx_count == 0)
        s->ris &= ~(INT_RX | INT_RT);
    pl011_update(s);
    /* Room again: the backend hands over what it held back. */
    chr_accept_input(s->chr);
    return entry;
}

static void pl011_flush_fifo(Pl011 *s)
{
    s->rx_head = 0;
    s->rx_count = 0;
    s->ris &= ~(INT_RX | INT_RT);
}

/* -- Registers -- */

static uint64_t pl011_read(void *opaque, hwaddr off, unsigned size)
{
    Pl011 *s = opaque;

    if (size > 4 || off % 4) {
        dev_guest_error("pl011", "read of %u bytes at offset 0x%llx", size, (unsigned long long)off);
        return 0;
    }
    if (off >= PL011_ID && off < PL011_SIZE)
        return pl011_id[(off - PL011_ID) / 4];
    switch (off) {
    case PL011_DR:
        return pl011_read_dr(s);
    case PL011_RSR:
        return s->rsr;
    case PL011_FR: {
        uint32_t fr = FR_TXFE;
        if (s->rx_count == 0)
            fr |= FR_RXFE;
        if (s->rx_count >= pl011_depth(s))
            fr |= FR_RXFF;
        return fr;
    }
    case PL011_ILPR:
        return s->ilpr;
    case PL011_IBRD:
        return s->ibrd;
    case PL011_FBRD:
        return s->fbrd;
    case PL011_LCR_H:
        return s->lcr_h;
    case PL011_CR:
        return s->cr;
    case PL011_IFLS:
        return s->ifls;
    case PL011_IMSC:
        return s->imsc;
    case PL011_RIS:
        return s->ris;
    case PL011_MIS:
        return s->ris & s->imsc;
    case PL011_DMACR:
        return s->dmacr;
    default:
        dev_guest_error("pl011", "read of offset 0x%llx", (unsigned long long)off);
        return 0;
    }
}

static void pl011_write(void *opaque, hwaddr off, uint64_t v, unsigned size)
{
    Pl011 *s = opaque;

    if (size > 4 || off % 4) {
        dev_guest_error("pl011", "write of %u bytes at offset 0x%llx", size, (unsigned long long)off);
        return;
    }
    switch (off) {
    case PL011_DR: {
        uint8_t byte = v;
        if (s->cr & CR_LBE)
            pl011_push(s, byte);   /* loopback: transmit into receive */
        else if (s->chr)
            chr_write(s->chr, &byte, 1);
        s->ris |= INT_TX;
        break;
    }
    case PL011_RSR:   /* ECR: any write clears the error status */
        s->rsr = 0;
        break;
    case PL011_ILPR:
        s->ilpr = v & 0xff;
        break;
    case PL011_IBRD:
        s->ibrd = v & 0xffff;
        break;
    case PL011_FBRD:
        s->fbrd = v & 0x3f;
        break;
    case PL011_LCR_H:
        /* Turning the FIFOs on or off empties them, as the hardware's
         * FIFO depth changes under the data. */
        if ((s->lcr_h ^ v) & LCR_H_FEN)
            pl011_flush_fifo(s);
        s->lcr_h = v & 0xff;
        chr_accept_input(s->chr);
        break;
    case PL011_CR:
        s->cr = v & 0xffff;
        break;
    case PL011_IFLS:
        s->ifls = v & 0x3f;
        break;
    case PL011_IMSC:
        s->imsc = v & INT_ALL;
        break;
    case PL011_ICR:
        s->ris &= ~(v & INT_ALL);
        break;
    case PL011_DMACR:
        /* Stored only: the device tree gives the UART no DMA channels. */
        s->dmacr = v & 7;
        break;
    default:
        dev_guest_error("pl011", "write of 0x%llx to offset 0x%llx", (unsigned long long)v,
                        (unsigned long long)off);
        return;
    }
    pl011_update(s);
}

const MemOps pl011_ops = { pl011_read, pl011_write };

/* -- Life cycle -- */

void pl011_reset(Pl011 *s)
{
    pl011_flush_fifo(s);
    s->rsr = 0;
    s->ilpr = s->ibrd = s->fbrd = s->lcr_h = 0;
    s->cr = 0x300;    /* TXE | RXE */
    s->ifls = 0x12;   /* both trigger levels at half */
    s->imsc = s->ris = s->dmacr = 0;
    pl011_update(s);
    chr_accept_input(s->chr);
}

Pl011 *pl011_new(Chardev *chr, IrqLine irq)
{
    Pl011 *s = xr_calloc(1, sizeof(*s));
    s->chr = chr;
    s->irq = irq;
    irq_set(&irq, 0);
    pl011_reset(s);
    if (chr)
        chr_set_frontend(chr, &(CharFrontend){ pl011_can_receive, pl011_receive, pl011_break, s });
    return s;
}

void pl011_free(Pl011 *s)
{
    if (!s)
        return;
    if (s->chr)
        chr_set_frontend(s->chr, NULL);
    free(s);
}
