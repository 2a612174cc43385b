/*
 * Unit tests of the PL031 RTC (system/hw/pl031.c) through its MMIO
 * callbacks, called under the device lock as the memory map does, with the
 * event loop running for the match timer.
 */
#include <criterion/criterion.h>
#include <time.h>
#include <unistd.h>

#include "system/event.h"
#include "system/hw/dev_log.h"
#include "system/hw/pl031.h"
#include "tests/unit/mmio_fuzz.h"

static Pl031 *rtc;
static int irq_level;

static void rtc_irq(void *opaque, int n, int level) { irq_level = level; }

static uint32_t rd(unsigned off)
{
    sys_lock();
    uint32_t v = pl031_ops.read(rtc, off, 4);
    sys_unlock();
    return v;
}

static void wr(unsigned off, uint32_t v)
{
    sys_lock();
    pl031_ops.write(rtc, off, v, 4);
    sys_unlock();
}

static int level(void)
{
    sys_lock();
    int l = irq_level;
    sys_unlock();
    return l;
}

static void setup(void)
{
    rtc = pl031_new((IrqLine){ rtc_irq, NULL, 0 });
    ev_loop_start();
}

static void teardown(void)
{
    ev_loop_stop();
    pl031_free(rtc);
}

TestSuite(pl031, .init = setup, .fini = teardown);

Test(pl031, identification_registers)
{
    static const uint8_t id[8] = { 0x31, 0x10, 0x14, 0x00, 0x0d, 0xf0, 0x05, 0xb1 };
    for (int i = 0; i < 8; i++)
        cr_assert_eq(rd(0xfe0 + 4 * i), id[i], "ID register %d", i);
    cr_assert_eq(rd(0x0c), 1, "CR: running");
}

Test(pl031, counter_is_host_utc_seconds)
{
    time_t now = time(NULL);
    uint32_t dr = rd(0x00);
    cr_assert_geq(dr, (uint32_t)now);
    cr_assert_leq(dr, (uint32_t)now + 1);
}

Test(pl031, load_sets_the_counter_which_keeps_running)
{
    wr(0x08, 1000);
    cr_assert_eq(rd(0x08), 1000, "LR reads back");
    uint32_t dr = rd(0x00);
    cr_assert(dr == 1000 || dr == 1001, "DR %u", dr);
    usleep(1100000);
    dr = rd(0x00);
    cr_assert(dr == 1001 || dr == 1002, "a second later DR is %u", dr);
}

Test(pl031, match_raises_the_interrupt_when_the_counter_gets_there)
{
    wr(0x10, 1);
    wr(0x08, 5000);
    wr(0x04, 5002);   /* between 1 and 2 seconds from now */
    cr_assert_eq(rd(0x04), 5002);
    usleep(500000);
    cr_assert_eq(rd(0x14), 0, "not yet");
    cr_assert_eq(level(), 0);
    for (int i = 0; i < 2500 && !level(); i++)
        usleep(1000);
    cr_assert_eq(level(), 1);
    cr_assert_eq(rd(0x14), 1);
    cr_assert_eq(rd(0x18), 1);
    cr_assert_eq(rd(0x00), 5002, "fired as the counter reached MR");
    wr(0x1c, 1);
    cr_assert_eq(level(), 0, "ICR clears it");
    cr_assert_eq(rd(0x14), 0);
}

/* Sets MR to the counter's value within one host second (retrying when
 * the second turns in between); false if it never managed. */
static bool match_now(void)
{
    for (int i = 0; i < 5; i++) {
        wr(0x1c, 1);
        uint32_t dr = rd(0x00);
        wr(0x04, dr);
        if (rd(0x00) == dr)
            return true;
    }
    return false;
}

Test(pl031, match_of_the_current_count_fires_at_once)
{
    wr(0x10, 1);
    cr_assert(match_now());
    cr_assert_eq(level(), 1);
    cr_assert_eq(rd(0x14), 1);
}

Test(pl031, masked_match_stays_raw)
{
    wr(0x04, rd(0x00) - 5);   /* already passed: wraps, no match for 136 years */
    cr_assert_eq(rd(0x14), 0);
    cr_assert(match_now());
    cr_assert_eq(rd(0x14), 1, "raw status set");
    cr_assert_eq(rd(0x18), 0, "masked");
    cr_assert_eq(level(), 0);
    wr(0x10, 1);
    cr_assert_eq(level(), 1, "unmasking raises the line");
}

Test(pl031, rewriting_the_match_cancels_the_old_alarm)
{
    wr(0x10, 1);
    wr(0x08, 100);
    wr(0x04, 101);
    wr(0x04, 1000);
    usleep(1500000);
    cr_assert_eq(rd(0x14), 0);
    cr_assert_eq(level(), 0);
}

Test(pl031, bad_offsets_and_sizes_are_ignored)
{
    unsigned long errs = dev_guest_error_count;
    cr_assert_eq(rd(0x20), 0);
    cr_assert_eq(rd(0x1c), 0, "ICR is write-only");
    wr(0x00, 5);   /* DR is read-only */
    wr(0x14, 1);
    wr(0xff0, 0);
    sys_lock();
    cr_assert_eq(pl031_ops.read(rtc, 0x00, 1), 0);
    pl031_ops.write(rtc, 0x08, 7, 2);
    sys_unlock();
    cr_assert_eq(dev_guest_error_count, errs + 7);
    cr_assert_eq(rd(0x14), 0);
    cr_assert_neq(rd(0x08), 7);
    cr_assert_geq(rd(0x00), (uint32_t)time(NULL) - 1, "counter untouched");
}

Test(pl031, random_register_traffic_is_survived)
{
    sys_lock();
    mmio_fuzz(&pl031_ops, rtc, PL031_SIZE, 100000, 4242);
    cr_assert_eq(irq_level, (pl031_ops.read(rtc, 0x18, 4) != 0), "the line follows MIS");
    sys_unlock();
    cr_assert_eq(rd(0xfe0), 0x31);
}
