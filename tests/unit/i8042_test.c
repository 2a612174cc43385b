/*
 * Unit tests of the i8042 keyboard-controller stub (system/hw/i8042.c)
 * through the I/O port space: the status Linux's kb_wait polls, the reset
 * pulse of command 0xfe that its reboot path writes, the output-port and
 * port 0x92 resets, and commands that are accepted and ignored. A reset
 * shows as the machine's shutdown reason (system/cpus.h); each test runs
 * in its own process, so each starts with none.
 */
#include <criterion/criterion.h>

#include "system/cpus.h"
#include "system/hw/dev_log.h"
#include "system/hw/i8042.h"
#include "system/ioport.h"
#include "tests/unit/mmio_fuzz.h"

static I8042 *kbc;

static uint8_t in(uint16_t port)
{
    uint64_t v;
    cr_assert(io_read(port, 1, &v), "port 0x%x is the controller's", port);
    return (uint8_t)v;
}

static void out(uint16_t port, uint8_t v)
{
    cr_assert(io_write(port, 1, v), "port 0x%x is the controller's", port);
}

static void setup(void)
{
    kbc = i8042_new();
    cr_assert_not_null(kbc);
}

static void teardown(void)
{
    i8042_free(kbc);
    io_reset();
}

TestSuite(i8042, .init = setup, .fini = teardown);

Test(i8042, status_is_idle_and_data_empty)
{
    cr_assert_eq(in(0x64), 0, "no output, input buffer empty");
    cr_assert_eq(in(0x60), 0);
    cr_assert_eq(in(0x64), 0);
    cr_assert_eq(sys_shutdown_reason(), SHUTDOWN_NONE);
}

Test(i8042, command_fe_resets_the_machine)
{
    /* Linux's kb_wait: wait until the input buffer is empty. */
    int polls = 0;
    while ((in(0x64) & 0x02) && polls < 10)
        polls++;
    cr_assert_eq(polls, 0);
    out(0x64, 0xfe);
    cr_assert_eq(sys_shutdown_reason(), SHUTDOWN_RESET);
}

Test(i8042, pulses_without_the_reset_bit_do_not_reset)
{
    out(0x64, 0xff);   /* pulse nothing */
    out(0x64, 0xfd);   /* pulse bit 1 only */
    cr_assert_eq(sys_shutdown_reason(), SHUTDOWN_NONE);
    out(0x64, 0xf0);   /* pulse bits 3:0, reset among them */
    cr_assert_eq(sys_shutdown_reason(), SHUTDOWN_RESET);
}

Test(i8042, output_port_write_with_reset_low)
{
    out(0x64, 0xd1);
    out(0x60, 0x03);   /* reset high (inactive), A20 on */
    cr_assert_eq(sys_shutdown_reason(), SHUTDOWN_NONE);
    out(0x60, 0x02);   /* a plain data byte now: no command pending */
    cr_assert_eq(sys_shutdown_reason(), SHUTDOWN_NONE);
    out(0x64, 0xd1);
    out(0x60, 0x02);   /* reset low */
    cr_assert_eq(sys_shutdown_reason(), SHUTDOWN_RESET);
}

Test(i8042, another_command_cancels_the_output_write)
{
    out(0x64, 0xd1);
    out(0x64, 0xad);   /* disable keyboard */
    out(0x60, 0x00);
    cr_assert_eq(sys_shutdown_reason(), SHUTDOWN_NONE);
}

Test(i8042, other_commands_are_logged_once)
{
    unsigned long errs = dev_guest_error_count;
    out(0x64, 0x20);   /* read the command byte */
    out(0x64, 0x20);
    out(0x64, 0xaa);   /* self test */
    out(0x64, 0xaa);
    cr_assert_eq(dev_guest_error_count, errs + 2, "one report per command");
    cr_assert_eq(in(0x64), 0, "nothing to read came of them");
    out(0x60, 0xf4);   /* a keyboard command byte */
    cr_assert_eq(dev_guest_error_count, errs + 3);
    cr_assert_eq(sys_shutdown_reason(), SHUTDOWN_NONE);
}

Test(i8042, port_92_fast_reset_and_a20)
{
    out(0x92, 0x02);
    cr_assert_eq(in(0x92), 0x02, "A20 kept");
    cr_assert_eq(sys_shutdown_reason(), SHUTDOWN_NONE);
    out(0x92, 0x03);
    cr_assert_eq(sys_shutdown_reason(), SHUTDOWN_RESET);
}

Test(i8042, neighbouring_ports_are_not_the_controllers)
{
    uint64_t v;
    cr_assert_not(io_read(0x61, 1, &v), "port 0x61 is not the controller's");
    cr_assert_not(io_read(0x65, 1, &v));
    cr_assert_str_eq(io_owner(0x60), "i8042-data");
    cr_assert_str_eq(io_owner(0x64), "i8042-cmd");
    cr_assert_str_eq(io_owner(0x92), "port-a");
}

Test(i8042, taken_ports_refuse_a_second_controller_and_leave_nothing)
{
    cr_assert_null(i8042_new());
    cr_assert_str_eq(io_owner(0x60), "i8042-data", "the first keeps its ports");
    i8042_free(kbc);
    kbc = NULL;
    cr_assert_null(io_owner(0x60));
    cr_assert_null(io_owner(0x64));
    cr_assert_null(io_owner(0x92));

    static const MemOps none = { NULL, NULL };
    cr_assert(io_add(0x92, 1, &none, NULL, "other"));
    cr_assert_null(i8042_new(), "0x92 is taken");
    cr_assert_null(io_owner(0x60), "a failed controller gave back what it took");
    cr_assert_null(io_owner(0x64));
}

Test(i8042, wide_accesses_use_the_low_byte)
{
    cr_assert(io_write(0x64, 2, 0x01fe));
    cr_assert_eq(sys_shutdown_reason(), SHUTDOWN_RESET);
}

Test(i8042, random_port_traffic_is_survived)
{
    /* Any byte may reset; what matters is that nothing breaks. */
    mmio_fuzz(&i8042_cmd_ops, kbc, 1, 20000, 99);
    mmio_fuzz(&i8042_data_ops, kbc, 1, 20000, 100);
    mmio_fuzz(&i8042_port_a_ops, kbc, 1, 20000, 101);
    cr_assert_eq(in(0x64), 0);
    cr_assert_eq(in(0x92) & ~0x02, 0);
}
