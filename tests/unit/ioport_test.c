/*
 * Unit tests of the x86 I/O port space (system/ioport.c): ranges and their
 * offsets, access sizes, unassigned ports reading as all ones, refused
 * overlaps, accesses that run past a range, and the device lock around
 * the callbacks. A recording fake device stands for the real ones.
 */
#include <criterion/criterion.h>
#include <pthread.h>
#include <unistd.h>

#include "system/event.h"
#include "system/ioport.h"

/* What a fake device saw last, and what it answers. */
typedef struct FakeDev {
    int reads, writes;
    hwaddr off;
    unsigned size;
    uint64_t written;
    uint64_t answer;
} FakeDev;

static uint64_t fake_read(void *opaque, hwaddr off, unsigned size)
{
    FakeDev *d = opaque;
    d->reads++;
    d->off = off;
    d->size = size;
    return d->answer;
}

static void fake_write(void *opaque, hwaddr off, uint64_t val, unsigned size)
{
    FakeDev *d = opaque;
    d->writes++;
    d->off = off;
    d->size = size;
    d->written = val;
}

static const MemOps fake_ops = { fake_read, fake_write };

static void teardown(void) { io_reset(); }

TestSuite(ioport, .fini = teardown);

Test(ioport, offsets_are_relative_to_the_range)
{
    FakeDev d = { .answer = 0x5a };
    uint64_t v;
    cr_assert(io_add(0x3f8, 8, &fake_ops, &d, "uart"));
    cr_assert(io_read(0x3fd, 1, &v));
    cr_assert_eq(v, 0x5a);
    cr_assert_eq(d.off, 5);
    cr_assert_eq(d.size, 1);
    cr_assert(io_write(0x3f8, 1, 'A'));
    cr_assert_eq(d.off, 0);
    cr_assert_eq(d.written, 'A');
    cr_assert_eq(d.reads, 1);
    cr_assert_eq(d.writes, 1);
}

Test(ioport, sizes_reach_the_device_and_values_are_masked)
{
    FakeDev d = { .answer = 0x1122334455667788ULL };
    uint64_t v;
    cr_assert(io_add(0xcf8, 8, &fake_ops, &d, "wide"));
    static const struct { unsigned size; uint64_t mask; } cases[] = {
        { 1, 0xff }, { 2, 0xffff }, { 4, 0xffffffff },
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        cr_assert(io_read(0xcf8, cases[i].size, &v));
        cr_assert_eq(d.size, cases[i].size);
        cr_assert_eq(v, 0x1122334455667788ULL & cases[i].mask, "size %u read 0x%llx",
                     cases[i].size, (unsigned long long)v);
        cr_assert(io_write(0xcfc, cases[i].size, 0xffeeddccbbaa9988ULL));
        cr_assert_eq(d.off, 4);
        cr_assert_eq(d.size, cases[i].size);
        cr_assert_eq(d.written, 0xffeeddccbbaa9988ULL & cases[i].mask, "size %u", cases[i].size);
    }
}

Test(ioport, written_values_are_cut_to_the_size)
{
    FakeDev d = { 0 };
    cr_assert(io_add(0x80, 1, &fake_ops, &d, "post"));
    cr_assert(io_write(0x80, 1, 0x1234));
    cr_assert_eq(d.written, 0x34);
    cr_assert(io_write(0x80, 2, 0x123456));
    cr_assert_eq(d.written, 0x3456);
    cr_assert(io_write(0x80, 4, 0x123456789aULL));
    cr_assert_eq(d.written, 0x3456789a);
}

Test(ioport, unassigned_ports_read_all_ones)
{
    uint64_t v = 0;
    cr_assert_not(io_read(0x2f8, 1, &v));
    cr_assert_eq(v, 0xff);
    cr_assert_not(io_read(0x2f8, 2, &v));
    cr_assert_eq(v, 0xffff);
    cr_assert_not(io_read(0xffff, 4, &v));
    cr_assert_eq(v, 0xffffffffULL);
    cr_assert_not(io_write(0x2f8, 1, 0));
}

Test(ioport, bad_sizes_are_refused)
{
    FakeDev d = { .answer = 0 };
    uint64_t v = 0;
    cr_assert(io_add(0x70, 2, &fake_ops, &d, "rtc"));
    cr_assert_not(io_read(0x70, 3, &v));
    cr_assert_eq(v, 0xffffffffULL);
    cr_assert_not(io_read(0x70, 8, &v));
    cr_assert_not(io_write(0x70, 0, 1));
    cr_assert_eq(d.reads + d.writes, 0, "the device saw none of them");
}

Test(ioport, overlapping_ranges_are_refused)
{
    FakeDev a = { .answer = 1 }, b = { .answer = 2 };
    uint64_t v;
    cr_assert(io_add(0x60, 1, &fake_ops, &a, "kbd-data"));
    cr_assert_not(io_add(0x5f, 2, &fake_ops, &b, "clash-below"));
    cr_assert_not(io_add(0x60, 1, &fake_ops, &b, "clash-same"));
    cr_assert(io_add(0x61, 3, &fake_ops, &b, "next-door"));
    cr_assert_str_eq(io_owner(0x60), "kbd-data", "the first range keeps its port");
    cr_assert_str_eq(io_owner(0x63), "next-door");
    cr_assert_null(io_owner(0x5f));
    cr_assert_null(io_owner(0x64));
    cr_assert(io_read(0x60, 1, &v));
    cr_assert_eq(v, 1);
    cr_assert(io_read(0x61, 1, &v));
    cr_assert_eq(v, 2);
}

Test(ioport, empty_and_wrapping_ranges_are_refused)
{
    FakeDev d = { 0 };
    cr_assert_not(io_add(0x100, 0, &fake_ops, &d, "empty"));
    cr_assert_not(io_add(0xfff0, 0x11, &fake_ops, &d, "past-the-top"));
    cr_assert(io_add(0xfff0, 0x10, &fake_ops, &d, "to-the-top"));
    cr_assert_str_eq(io_owner(0xffff), "to-the-top");
    cr_assert(io_add(0, IO_PORT_COUNT - 0x10, &fake_ops, &d, "the-rest"));
    cr_assert_str_eq(io_owner(0), "the-rest");
}

Test(ioport, an_access_past_a_range_goes_to_its_first_port)
{
    FakeDev a = { .answer = 0xaabbccdd }, b = { .answer = 0x11 };
    uint64_t v;
    cr_assert(io_add(0x3f8, 8, &fake_ops, &a, "first"));
    cr_assert(io_add(0x400, 8, &fake_ops, &b, "second"));
    cr_assert(io_read(0x3fe, 4, &v));
    cr_assert_eq(v, 0xaabbccdd);
    cr_assert_eq(a.off, 6);
    cr_assert_eq(a.size, 4);
    cr_assert(io_write(0x3ff, 2, 0xbeef));
    cr_assert_eq(a.off, 7);
    cr_assert_eq(a.written, 0xbeef);
    cr_assert_eq(b.reads + b.writes, 0, "the second range saw nothing");
    /* An access starting in a hole is unassigned even if it reaches a range. */
    cr_assert_not(io_read(0x3f6, 4, &v));
    cr_assert_eq(v, 0xffffffffULL);
    cr_assert_eq(a.reads, 1);
}

Test(ioport, ranges_without_callbacks)
{
    static const MemOps none = { NULL, NULL };
    uint64_t v;
    cr_assert(io_add(0xed, 1, &none, NULL, "delay"));
    cr_assert(io_read(0xed, 1, &v), "assigned");
    cr_assert_eq(v, 0xff);
    cr_assert(io_write(0xed, 1, 0));
    cr_assert(io_add(0xee, 1, NULL, NULL, "no-ops"));
    cr_assert(io_read(0xee, 2, &v), "assigned");
    cr_assert_eq(v, 0xffff);
    cr_assert_not(io_add(0xee, 1, &none, NULL, "taken"));
}

Test(ioport, reset_empties_the_space)
{
    FakeDev d = { 0 };
    uint64_t v;
    cr_assert(io_add(0x3f8, 8, &fake_ops, &d, "uart"));
    io_reset();
    cr_assert_null(io_owner(0x3f8));
    cr_assert_not(io_read(0x3f8, 1, &v));
    cr_assert(io_add(0x3f8, 8, &fake_ops, &d, "uart-again"));
}

Test(ioport, at_most_255_ranges)
{
    FakeDev d = { 0 };
    for (unsigned i = 0; i < 255; i++)
        cr_assert(io_add(0x1000 + i, 1, &fake_ops, &d, "many"), "range %u", i);
    cr_assert_not(io_add(0x2000, 1, &fake_ops, &d, "one-too-many"));
    cr_assert_null(io_owner(0x2000));
    cr_assert_str_eq(io_owner(0x10fe), "many");
}

Test(ioport, a_missing_port_is_reported_once)
{
    cr_assert(io_first_miss(0x2f9));
    cr_assert_not(io_first_miss(0x2f9));
    cr_assert(io_first_miss(0x2fa));
    cr_assert(io_first_miss(0xffff));
    cr_assert_not(io_first_miss(0xffff));
    io_reset();
    cr_assert(io_first_miss(0x2f9), "reset forgets");
}

/* -- The device lock -- */

static FakeDev locked_dev;

static void *reader(void *arg)
{
    uint64_t v;
    io_read(0x3f8, 1, &v);
    return NULL;
}

Test(ioport, callbacks_run_under_the_device_lock)
{
    pthread_t t;
    cr_assert(io_add(0x3f8, 8, &fake_ops, &locked_dev, "uart"));
    sys_lock();
    cr_assert_eq(pthread_create(&t, NULL, reader, NULL), 0);
    usleep(50000);
    cr_assert_eq(__atomic_load_n(&locked_dev.reads, __ATOMIC_SEQ_CST), 0,
                 "the read waits for the lock");
    sys_unlock();
    pthread_join(t, NULL);
    cr_assert_eq(locked_dev.reads, 1);
}

Test(ioport, a_device_gives_its_range_back)
{
    FakeDev a = { .answer = 1 }, b = { .answer = 2 };
    uint64_t v;
    cr_assert(io_add(0x3f8, 8, &fake_ops, &a, "uart"));
    cr_assert_not(io_del(0x3fa, &b), "only the owner may");
    cr_assert_not(io_del(0x2f8, &a), "nothing there");
    cr_assert_str_eq(io_owner(0x3f8), "uart");
    cr_assert(io_del(0x3fa, &a), "any port of the range names it");
    cr_assert_null(io_owner(0x3f8));
    cr_assert_null(io_owner(0x3ff));
    cr_assert_not(io_read(0x3f8, 1, &v));
    cr_assert(io_add(0x3f8, 8, &fake_ops, &b, "uart2"), "the ports are free again");
    cr_assert(io_read(0x3ff, 1, &v));
    cr_assert_eq(v, 2);
}

Test(ioport, given_back_numbers_are_used_again)
{
    FakeDev d = { 0 };
    for (unsigned i = 0; i < 255; i++)
        cr_assert(io_add(0x1000 + i, 1, &fake_ops, &d, "many"), "range %u", i);
    cr_assert(io_del(0x1010, &d));
    cr_assert(io_add(0x2000, 1, &fake_ops, &d, "reuses"));
    cr_assert_str_eq(io_owner(0x2000), "reuses");
    cr_assert_str_eq(io_owner(0x1011), "many");
    cr_assert_not(io_add(0x2001, 1, &fake_ops, &d, "one-too-many"));
}
