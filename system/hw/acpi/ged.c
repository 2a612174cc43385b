/*
 * Generic event device registers (system/hw/acpi/ged.h).
 *
 * The machine has one sleep state, S5. A guest that asks for another with
 * SLP_EN gets it logged and sees WAK_STS set at once, as if it had slept
 * and woken: Linux polls WAK_STS after the write and would otherwise spin
 * forever.
 */
#include "system/hw/acpi/ged.h"

#include <stdlib.h>

#include "system/cpus.h"
#include "system/hw/dev_log.h"
#include "xrun/util.h"

struct Ged {
    uint8_t sleep_sts;
};

static uint64_t ged_read(void *opaque, hwaddr off, unsigned size)
{
    Ged *s = opaque;

    if (size != 1) {
        dev_guest_error("ged", "read of %u bytes at offset 0x%llx", size, (unsigned long long)off);
        return 0;
    }
    switch (off) {
    case GED_SLEEP_CTL:
    case GED_RESET:
        return 0;   /* write-only */
    case GED_SLEEP_STS:
        return s->sleep_sts;
    default:
        dev_guest_error("ged", "read of offset 0x%llx", (unsigned long long)off);
        return 0;
    }
}

static void ged_sleep(Ged *s, uint8_t v)
{
    if (!(v & GED_SLP_EN))
        return;   /* a sleep type alone does nothing until SLP_EN */
    unsigned typ = (v & GED_SLP_TYP_MASK) >> GED_SLP_TYP_SHIFT;
    if (typ == GED_SLP_TYP_S5) {
        sys_request_shutdown(SHUTDOWN_POWEROFF);
        return;
    }
    dev_guest_error("ged", "sleep type %u requested; only S5 (type %u) exists", typ,
                    GED_SLP_TYP_S5);
    s->sleep_sts |= GED_WAK_STS;
}

static void ged_write(void *opaque, hwaddr off, uint64_t v, unsigned size)
{
    Ged *s = opaque;

    if (size != 1) {
        dev_guest_error("ged", "write of %u bytes at offset 0x%llx", size, (unsigned long long)off);
        return;
    }
    switch (off) {
    case GED_SLEEP_CTL:
        ged_sleep(s, (uint8_t)v);
        break;
    case GED_SLEEP_STS:
        s->sleep_sts &= ~(uint8_t)(v & GED_WAK_STS);
        break;
    case GED_RESET:
        if (v == GED_RESET_VALUE)
            sys_request_shutdown(SHUTDOWN_RESET);
        else
            dev_guest_error("ged", "reset register written 0x%02x, not 0x%02x", (unsigned)v,
                            GED_RESET_VALUE);
        break;
    default:
        dev_guest_error("ged", "write of 0x%llx to offset 0x%llx", (unsigned long long)v,
                        (unsigned long long)off);
        break;
    }
}

const MemOps ged_ops = { ged_read, ged_write };

Ged *ged_new(void) { return xr_calloc(1, sizeof(Ged)); }

void ged_free(Ged *s) { free(s); }
