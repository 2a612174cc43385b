/*
 * Unit tests of the PL011 UART (system/hw/pl011.c), driven through its MMIO
 * callbacks (under the device lock, as the memory map calls them) with a
 * stdio character backend on two pipes: the test writes what the "user
 * types" into one and reads what the guest transmitted from the other.
 * Input reaches the UART through the event loop, as in a run.
 */
#include <criterion/criterion.h>
#include <poll.h>
#include <unistd.h>

#include "system/chardev.h"
#include "system/event.h"
#include "system/hw/dev_log.h"
#include "system/hw/gic.h"
#include "system/hw/pl011.h"
#include "tests/unit/mmio_fuzz.h"

/* The GIC banks by the accessing vCPU: here always CPU 0. */
int mem_current_cpu(void) { return 0; }
void mem_set_current_cpu(int index) { (void)index; }

static Pl011 *uart;
static Chardev *chr;
static int in_w, out_r;
static int irq_level, irq_calls;

static void uart_irq(void *opaque, int n, int level)
{
    irq_level = level;
    irq_calls++;
}

static uint32_t rd(unsigned off)
{
    sys_lock();
    uint32_t v = pl011_ops.read(uart, off, 4);
    sys_unlock();
    return v;
}

static void wr(unsigned off, uint32_t v)
{
    sys_lock();
    pl011_ops.write(uart, off, v, 4);
    sys_unlock();
}

static void open_uart(bool mux)
{
    int in[2], out[2];
    cr_assert_eq(pipe(in), 0);
    cr_assert_eq(pipe(out), 0);
    in_w = in[1];
    out_r = out[0];
    chr = chr_open_fds(in[0], out[1], mux, true);
    uart = pl011_new(chr, (IrqLine){ uart_irq, NULL, 0 });
    ev_loop_start();
}

static void setup(void) { open_uart(false); }

static void teardown(void)
{
    ev_loop_stop();
    pl011_free(uart);
    chr_close(chr);
}

/* Waits until FR (under the lock) no longer shows RXFE, or 2 s. */
static bool wait_rx(void)
{
    for (int i = 0; i < 2000; i++) {
        if (!(rd(0x18) & 0x10))
            return true;
        usleep(1000);
    }
    return false;
}

static void type(const char *s, size_t n)
{
    cr_assert_eq(write(in_w, s, n), (ssize_t)n);
}

TestSuite(pl011, .init = setup, .fini = teardown);

Test(pl011, identification_registers)
{
    static const uint8_t id[8] = { 0x11, 0x10, 0x14, 0x00, 0x0d, 0xf0, 0x05, 0xb1 };
    for (int i = 0; i < 8; i++)
        cr_assert_eq(rd(0xfe0 + 4 * i), id[i], "ID register %d", i);
}

Test(pl011, reset_values)
{
    cr_assert_eq(rd(0x18), 0x90, "FR: TXFE | RXFE");
    cr_assert_eq(rd(0x30), 0x300, "CR: TXE | RXE");
    cr_assert_eq(rd(0x34), 0x12, "IFLS");
    cr_assert_eq(rd(0x3c), 0);
    cr_assert_eq(irq_level, 0);
}

Test(pl011, transmitted_bytes_reach_the_backend)
{
    char buf[16] = { 0 };
    wr(0x00, 'H');
    wr(0x00, 0x169);   /* only the low 8 bits are data */
    cr_assert_eq(read(out_r, buf, sizeof(buf)), 2);
    cr_assert_str_eq(buf, "Hi");
    cr_assert_eq(rd(0x3c) & 0x20, 0x20, "TX raw interrupt");
    cr_assert_eq(irq_level, 0, "masked");
    wr(0x38, 0x20);
    cr_assert_eq(irq_level, 1);
    cr_assert_eq(rd(0x40), 0x20, "MIS");
    wr(0x44, 0x20);
    cr_assert_eq(irq_level, 0, "cleared by ICR");
    cr_assert_eq(rd(0x40), 0);
}

Test(pl011, control_registers_are_stored)
{
    wr(0x24, 0x27);
    wr(0x28, 0x04);
    wr(0x2c, 0x70);
    wr(0x30, 0x301);
    wr(0x34, 0x3f);
    wr(0x48, 0x07);
    wr(0x20, 0x55);
    cr_assert_eq(rd(0x24), 0x27);
    cr_assert_eq(rd(0x28), 0x04);
    cr_assert_eq(rd(0x2c), 0x70);
    cr_assert_eq(rd(0x30), 0x301);
    cr_assert_eq(rd(0x34), 0x3f);
    cr_assert_eq(rd(0x48), 0x07);
    cr_assert_eq(rd(0x20), 0x55);
}

Test(pl011, receive_interrupt_follows_the_fifo)
{
    wr(0x38, 0x50);   /* RX | RT */
    type("x", 1);
    cr_assert(wait_rx());
    cr_assert_eq(irq_level, 1);
    cr_assert_eq(rd(0x40), 0x10);
    cr_assert_eq(rd(0x00), 'x');
    cr_assert_eq(irq_level, 0, "the FIFO is empty");
    cr_assert_eq(rd(0x18) & 0x10, 0x10, "RXFE");
    cr_assert_eq(rd(0x00), 0, "reading an empty FIFO gives 0");
}

Test(pl011, fifo_holds_32_and_the_backend_the_rest)
{
    char data[40], got[40];
    for (int i = 0; i < 40; i++)
        data[i] = 'A' + i;
    wr(0x2c, 0x70);   /* FEN, 8 bits */
    type(data, sizeof(data));
    for (int i = 0; i < 2000 && !(rd(0x18) & 0x40); i++)
        usleep(1000);
    usleep(20000);
    cr_assert_eq(rd(0x18) & 0x40, 0x40, "RXFF");
    /* Each DR read makes room that the backend fills at once. */
    for (int i = 0; i < 40; i++) {
        cr_assert_eq(rd(0x18) & 0x10, 0, "byte %d is there", i);
        got[i] = rd(0x00);
    }
    cr_assert_eq(memcmp(got, data, 40), 0);
    cr_assert_eq(rd(0x18) & 0x10, 0x10);
}

Test(pl011, without_fifos_one_byte_at_a_time)
{
    type("ab", 2);
    cr_assert(wait_rx());
    usleep(20000);
    cr_assert_eq(rd(0x18) & 0x40, 0x40, "full at one byte");
    cr_assert_eq(rd(0x00), 'a');
    cr_assert_eq(rd(0x18) & 0x50, 0x40, "the held byte came in");
    cr_assert_eq(rd(0x00), 'b');
}

Test(pl011, enabling_fifos_flushes_them)
{
    type("q", 1);
    cr_assert(wait_rx());
    wr(0x2c, 0x10);
    cr_assert_eq(rd(0x18) & 0x10, 0x10, "emptied");
    cr_assert_eq(rd(0x3c) & 0x10, 0);
}

Test(pl011, break_queues_a_flagged_byte)
{
    teardown();
    open_uart(true);
    wr(0x38, 0x200);
    type("\x01" "b", 2);
    cr_assert(wait_rx());
    cr_assert_eq(rd(0x3c) & 0x200, 0x200, "BE raw interrupt");
    cr_assert_eq(irq_level, 1);
    cr_assert_eq(rd(0x00), 0x400, "DR: BE set, data 0");
    cr_assert_eq(rd(0x04), 0x4, "RSR: BE");
    wr(0x04, 0);
    cr_assert_eq(rd(0x04), 0, "ECR cleared it");
    wr(0x44, 0x7ff);
    cr_assert_eq(irq_level, 0);
}

Test(pl011, bad_offsets_and_sizes_are_ignored)
{
    unsigned long errs = dev_guest_error_count;
    cr_assert_eq(rd(0x08), 0);
    cr_assert_eq(rd(0x44), 0, "ICR is write-only");
    wr(0x18, 0xffff);
    wr(0x3c, 0xffff);
    wr(0x800, 1);
    sys_lock();
    cr_assert_eq(pl011_ops.read(uart, 0x02, 2), 0);
    pl011_ops.write(uart, 0x00, 'z', 8);
    sys_unlock();
    cr_assert_eq(dev_guest_error_count, errs + 7);
    cr_assert_eq(rd(0x18), 0x90, "state intact");
    cr_assert_eq(rd(0x3c), 0, "nothing was transmitted");
}

Test(pl011, byte_accesses_to_dr)
{
    char c = 0;
    sys_lock();
    pl011_ops.write(uart, 0x00, 'k', 1);
    sys_unlock();
    cr_assert_eq(read(out_r, &c, 1), 1);
    cr_assert_eq(c, 'k');
    type("m", 1);
    cr_assert(wait_rx());
    sys_lock();
    cr_assert_eq(pl011_ops.read(uart, 0x00, 1), 'm');
    sys_unlock();
}

Test(pl011, loopback_transmits_into_the_receive_fifo)
{
    char c;
    wr(0x30, 0x381);   /* UARTEN | TXE | RXE | LBE */
    wr(0x00, 'L');
    cr_assert_eq(rd(0x18) & 0x10, 0, "received");
    cr_assert_eq(rd(0x00), 'L');
    wr(0x00, '1');
    wr(0x00, '2');
    cr_assert_eq(rd(0x3c) & 0x400, 0x400, "a second byte without FIFOs overruns");
    cr_assert_eq(rd(0x00), 0x800 | '1', "DR: the byte held, flagged OE");
    cr_assert_eq(rd(0x04), 0x8, "RSR: overrun");
    struct pollfd p = { .fd = out_r, .events = POLLIN };
    cr_assert_eq(poll(&p, 1, 50), 0, "nothing reached the backend");
    wr(0x30, 0x301);
    wr(0x00, 'o');
    cr_assert_eq(read(out_r, &c, 1), 1);
    cr_assert_eq(c, 'o');
}

Test(pl011, no_backend_drops_output)
{
    Pl011 *lone = pl011_new(NULL, (IrqLine){ uart_irq, NULL, 0 });
    sys_lock();
    pl011_ops.write(lone, 0x00, 'x', 4);
    cr_assert_eq(pl011_ops.read(lone, 0x3c, 4) & 0x20, 0x20);
    cr_assert_eq(pl011_ops.read(lone, 0x18, 4), 0x90);
    sys_unlock();
    pl011_free(lone);
}

static int cpu_irq;
static void cpu_irq_line(void *opaque, int n, int level) { cpu_irq = level; }

Test(pl011, interrupt_reaches_the_cpu_through_the_gic)
{
    Gic *gic = gic_new(1, 288);
    sys_lock();
    gic_connect_cpu(gic, 0, (IrqLine){ cpu_irq_line, NULL, 0 }, (IrqLine){ 0 });
    Pl011 *wired = pl011_new(NULL, gic_input(gic, 32 + 1));   /* SPI 1, as on virt */
    gic_dist_ops.write(gic, 0x000, 1, 4);
    gic_dist_ops.write(gic, 0x104, 1u << 1, 4);
    gic_cpu_ops.write(gic, 0x00, 1, 4);
    gic_cpu_ops.write(gic, 0x04, 0xf0, 4);
    pl011_ops.write(wired, 0x38, 0x20, 4);   /* TX interrupt unmasked */
    cr_assert_eq(cpu_irq, 0);
    pl011_ops.write(wired, 0x00, 'x', 4);
    cr_assert_eq(cpu_irq, 1);
    cr_assert_eq(gic_cpu_ops.read(gic, 0x0c, 4), 33);
    pl011_ops.write(wired, 0x44, 0x20, 4);
    gic_cpu_ops.write(gic, 0x10, 33, 4);
    cr_assert_eq(cpu_irq, 0, "the level went down with the UART's");
    cr_assert_eq(gic_cpu_ops.read(gic, 0x0c, 4), 1023);
    sys_unlock();
    pl011_free(wired);
    gic_free(gic);
}

Test(pl011, random_register_traffic_is_survived)
{
    Pl011 *lone = pl011_new(NULL, (IrqLine){ uart_irq, NULL, 0 });
    sys_lock();
    mmio_fuzz(&pl011_ops, lone, PL011_SIZE, 100000, 777);
    cr_assert_eq(pl011_ops.read(lone, 0xfe0, 4), 0x11);
    cr_assert_eq(irq_level, (pl011_ops.read(lone, 0x40, 4) != 0), "the line follows MIS");
    sys_unlock();
    pl011_free(lone);
}
