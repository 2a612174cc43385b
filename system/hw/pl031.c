/*
 * ARM PL031 RTC (system/hw/pl031.h).
 *
 * The counter is never stored: DR = host UTC seconds + offset, with
 * offset = LR - (host seconds at the LR write), all modulo 2^32 as the
 * 32-bit register wraps. The match is a Timer armed for the host second at
 * which the counter will equal MR; it is re-armed whenever MR or LR
 * changes, so a guest that sets the clock forward or back still gets its
 * alarm at the right counter value.
 */
#include "system/hw/pl031.h"

#include <stdlib.h>

#include "system/event.h"
#include "system/hw/dev_log.h"
#include "xrun/util.h"

#define NS_PER_SEC 1000000000LL

enum {
    PL031_DR = 0x00,
    PL031_MR = 0x04,
    PL031_LR = 0x08,
    PL031_CR = 0x0c,
    PL031_IMSC = 0x10,
    PL031_RIS = 0x14,
    PL031_MIS = 0x18,
    PL031_ICR = 0x1c,
    PL031_ID = 0xfe0,
};

/* PL031 identification: PeriphID0-3 then PrimeCell ID0-3. */
static const uint8_t pl031_id[8] = { 0x31, 0x10, 0x14, 0x00, 0x0d, 0xf0, 0x05, 0xb1 };

struct Pl031 {
    IrqLine irq;
    int irq_level;
    uint32_t offset;   /* counter - host seconds */
    uint32_t mr, lr;
    uint32_t imsc, ris;
    Timer *match;
};

static uint32_t pl031_counter(const Pl031 *s)
{
    return (uint32_t)(clock_realtime_ns() / NS_PER_SEC) + s->offset;
}

static void pl031_update(Pl031 *s)
{
    int level = (s->ris & s->imsc & 1) != 0;
    if (level != s->irq_level) {
        s->irq_level = level;
        irq_set(&s->irq, level);
    }
}

static void pl031_match(void *opaque)
{
    Pl031 *s = opaque;
    s->ris |= 1;
    pl031_update(s);
}

/* Arms the match timer for the moment the counter reaches MR. */
static void pl031_arm(Pl031 *s)
{
    int64_t real = clock_realtime_ns();
    uint32_t ticks = s->mr - ((uint32_t)(real / NS_PER_SEC) + s->offset);

    if (ticks == 0) {
        timer_del(s->match);
        pl031_match(s);
        return;
    }
    /* The counter steps at the next whole host second, then once a
     * second: the match is ticks - 1 seconds after that step. */
    timer_mod(s->match, clock_ns() + (NS_PER_SEC - real % NS_PER_SEC) + (int64_t)(ticks - 1) * NS_PER_SEC);
}

static uint64_t pl031_read(void *opaque, hwaddr off, unsigned size)
{
    Pl031 *s = opaque;

    if (size != 4 || off % 4) {
        dev_guest_error("pl031", "read of %u bytes at offset 0x%llx", size, (unsigned long long)off);
        return 0;
    }
    if (off >= PL031_ID && off < PL031_SIZE)
        return pl031_id[(off - PL031_ID) / 4];
    switch (off) {
    case PL031_DR:
        return pl031_counter(s);
    case PL031_MR:
        return s->mr;
    case PL031_LR:
        return s->lr;
    case PL031_CR:
        return 1;   /* the counter always runs */
    case PL031_IMSC:
        return s->imsc;
    case PL031_RIS:
        return s->ris;
    case PL031_MIS:
        return s->ris & s->imsc;
    default:
        dev_guest_error("pl031", "read of offset 0x%llx", (unsigned long long)off);
        return 0;
    }
}

static void pl031_write(void *opaque, hwaddr off, uint64_t v, unsigned size)
{
    Pl031 *s = opaque;

    if (size != 4 || off % 4) {
        dev_guest_error("pl031", "write of %u bytes at offset 0x%llx", size, (unsigned long long)off);
        return;
    }
    switch (off) {
    case PL031_MR:
        s->mr = v;
        pl031_arm(s);
        break;
    case PL031_LR:
        s->lr = v;
        s->offset = (uint32_t)v - (uint32_t)(clock_realtime_ns() / NS_PER_SEC);
        pl031_arm(s);
        break;
    case PL031_CR:
        break;   /* writing 0 cannot stop it: the PL031 counter runs once started */
    case PL031_IMSC:
        s->imsc = v & 1;
        break;
    case PL031_ICR:
        s->ris &= ~(v & 1);
        break;
    default:
        dev_guest_error("pl031", "write of 0x%llx to offset 0x%llx", (unsigned long long)v,
                        (unsigned long long)off);
        return;
    }
    pl031_update(s);
}

const MemOps pl031_ops = { pl031_read, pl031_write };

Pl031 *pl031_new(IrqLine irq)
{
    Pl031 *s = xr_calloc(1, sizeof(*s));
    s->irq = irq;
    s->match = timer_new(pl031_match, s);
    irq_set(&irq, 0);
    /* MR is 0 at reset; the first match would be in 2106: not armed until
     * the guest writes MR. */
    return s;
}

void pl031_free(Pl031 *s)
{
    if (!s)
        return;
    timer_free(s->match);
    free(s);
}
