/*
 * Unit tests of the 16550A UART (system/hw/serial8250.c), driven through
 * the I/O port space at COM1 (0x3f8) the way Linux's 8250 driver probes
 * and runs it: the scratch test, DLAB, the FIFO probe that makes it a
 * 16550A, the loopback test, IIR priorities, the THRE interrupt on an IER
 * write, OUT2 gating, and input from the character backend. The backend is
 * stdio on two pipes (the test types into one and reads what the guest
 * sent from the other); input reaches the UART through the event loop.
 */
#include <criterion/criterion.h>
#include <poll.h>
#include <unistd.h>

#include "system/chardev.h"
#include "system/event.h"
#include "system/hw/dev_log.h"
#include "system/hw/serial8250.h"
#include "system/ioport.h"
#include "tests/unit/mmio_fuzz.h"

#define COM1 0x3f8

enum { RBR, IER, IIR, LCR, MCR, LSR, MSR, SCR };
#define DLL RBR
#define DLM IER
#define FCR IIR

/* COM1 with its backend: the test types into typed_fd and reads what the
 * guest sent from sent_fd. */
static struct {
    Serial8250 *uart;
    Chardev *chr;
    int typed_fd, sent_fd;
} com1;

/* The level of the line to the interrupt controller (IRQ 4, or 3 for a
 * second UART). */
static int irq_level;

static void uart_irq(void *opaque, int n, int level) { irq_level = level; }

static uint8_t in(unsigned reg)
{
    uint64_t v;
    cr_assert(io_read(COM1 + reg, 1, &v), "port 0x%x is the UART's", COM1 + reg);
    return (uint8_t)v;
}

static void out(unsigned reg, uint8_t v)
{
    cr_assert(io_write(COM1 + reg, 1, v), "port 0x%x is the UART's", COM1 + reg);
}

static void open_uart(bool mux)
{
    int pin[2], pout[2];
    cr_assert_eq(pipe(pin), 0);
    cr_assert_eq(pipe(pout), 0);
    com1.typed_fd = pin[1];
    com1.sent_fd = pout[0];
    com1.chr = chr_open_fds(pin[0], pout[1], mux, true);
    com1.uart = serial8250_new(COM1, com1.chr, (IrqLine){ uart_irq, NULL, 4 });
    cr_assert_not_null(com1.uart);
    ev_loop_start();
}

static void setup(void) { open_uart(false); }

static void teardown(void)
{
    ev_loop_stop();
    serial8250_free(com1.uart);
    chr_close(com1.chr);
    io_reset();
}

/* Waits until LSR shows received data, or 2 s. LSR reads clear the
 * latched errors, so tests that check those read it themselves. */
static bool wait_rx(void)
{
    for (int i = 0; i < 2000; i++) {
        if (in(LSR) & 0x01)
            return true;
        usleep(1000);
    }
    return false;
}

static void type(const char *s, size_t n)
{
    cr_assert_eq(write(com1.typed_fd, s, n), (ssize_t)n);
}

/* Nothing arrives on the output pipe within 50 ms. */
static bool output_quiet(void)
{
    struct pollfd p = { .fd = com1.sent_fd, .events = POLLIN };
    return poll(&p, 1, 50) == 0;
}

TestSuite(serial8250, .init = setup, .fini = teardown);

Test(serial8250, reset_values)
{
    cr_assert_eq(in(IER), 0);
    cr_assert_eq(in(IIR), 0x01, "no interrupt, FIFOs off");
    cr_assert_eq(in(LCR), 0);
    cr_assert_eq(in(MCR), 0);
    cr_assert_eq(in(LSR), 0x60, "THRE | TEMT");
    cr_assert_eq(in(MSR), 0xb0, "CTS | DSR | DCD, no deltas");
    cr_assert_eq(in(SCR), 0);
    cr_assert_eq(irq_level, 0);
}

Test(serial8250, scratch_test_of_the_ier)
{
    uint8_t saved = in(IER);
    out(IER, 0);
    cr_assert_eq(in(IER) & 0x0f, 0);
    out(IER, 0x0f);
    cr_assert_eq(in(IER) & 0x0f, 0x0f);
    out(IER, 0xff);
    cr_assert_eq(in(IER), 0x0f, "bits 7:4 read 0 (no XScale UUE, no sleep mode)");
    out(IER, saved);
    cr_assert_eq(in(IER), saved);
    out(SCR, 0x55);
    cr_assert_eq(in(SCR), 0x55);
    out(SCR, 0xaa);
    cr_assert_eq(in(SCR), 0xaa);
}

Test(serial8250, dlab_selects_the_divisor_latch)
{
    out(IER, 0x05);
    out(LCR, 0x83);   /* DLAB, 8N1 */
    out(DLL, 0x01);   /* 115200 baud */
    out(DLM, 0x00);
    cr_assert_eq(in(DLL), 0x01);
    cr_assert_eq(in(DLM), 0x00);
    cr_assert(output_quiet(), "writing DLL sent nothing");
    out(LCR, 0x03);
    cr_assert_eq(in(LCR), 0x03);
    cr_assert_eq(in(IER), 0x05, "IER kept apart from DLM");
    out(LCR, 0x80);
    cr_assert_eq(in(DLL), 0x01, "the divisor stays");
    out(DLM, 0x12);
    out(LCR, 0x00);
    cr_assert_eq(in(IER), 0x05);
    out(LCR, 0x80);
    cr_assert_eq(in(DLM), 0x12);
}

Test(serial8250, fifo_probe_finds_a_16550a)
{
    /* autoconfig: clear an EFR that is not there, then enable the FIFOs. */
    out(LCR, 0xbf);
    out(FCR, 0);
    out(LCR, 0);
    out(FCR, 0x01);
    cr_assert_eq(in(IIR) >> 6, 3, "IIR 7:6 = 11: 16550A");
    /* autoconfig_16550a: no EFR behind LCR 0x80 or 0xbf (IIR answers). */
    out(LCR, 0x80);
    cr_assert_neq(in(IIR), 0);
    out(LCR, 0xbf);
    cr_assert_neq(in(IIR), 0);
    /* Not a National SuperIO: offset 2 does not mirror MCR's LOOP bit. */
    out(LCR, 0);
    uint8_t mcr = in(MCR);
    out(LCR, 0xe0);
    cr_assert_eq((in(IIR) ^ mcr) & 0x10, 0);
    out(LCR, 0);
    out(MCR, mcr ^ 0x10);
    out(LCR, 0xe0);
    cr_assert_eq((in(IIR) ^ mcr) & 0x10, 0);
    out(LCR, 0);
    out(MCR, mcr);
    /* Not a TI16750: FCR bit 5 never shows as IIR bit 5. */
    out(FCR, 0x21);
    cr_assert_eq(in(IIR) >> 5, 6);
    out(FCR, 0x01);
    out(LCR, 0x80);
    out(FCR, 0x21);
    cr_assert_eq(in(IIR) >> 5, 6);
    out(FCR, 0x01);
    out(LCR, 0);
    /* FIFOs off: IIR 7:6 back to 00. */
    out(FCR, 0);
    cr_assert_eq(in(IIR), 0x01);
}

Test(serial8250, loopback_fifo_holds_16_bytes)
{
    /* size_fifo: loopback at the highest rate, 256 bytes, count what came. */
    out(FCR, 0x07);
    out(MCR, 0x10);
    out(LCR, 0x80);
    out(DLL, 1);
    out(DLM, 0);
    out(LCR, 0x03);
    for (int i = 0; i < 256; i++)
        out(RBR, (uint8_t)i);
    int count = 0;
    for (; (in(LSR) & 0x01) && count < 300; count++)
        cr_assert_eq(in(RBR), count, "byte %d", count);
    cr_assert_eq(count, 16);
    cr_assert(output_quiet(), "loopback sends nothing out");
}

Test(serial8250, loopback_test_reflects_mcr_in_msr)
{
    out(MCR, 0x10 | 0x0a);   /* LOOP | OUT2 | RTS, as autoconfig */
    cr_assert_eq(in(MSR) & 0xf0, 0x90, "DCD | CTS");
    out(MCR, 0x1f);
    cr_assert_eq(in(MSR) & 0xf0, 0xf0);
    out(MCR, 0x11);
    cr_assert_eq(in(MSR) & 0xf0, 0x20, "DTR -> DSR");
    out(MCR, 0x14);
    cr_assert_eq(in(MSR) & 0xf0, 0x40, "OUT1 -> RI");
    out(MCR, 0x10);
    cr_assert_eq(in(MSR), 0x04, "RI fell: TERI, no lines");
    out(MCR, 0);
    cr_assert_eq(in(MSR), 0xbb, "back to the host's lines, with their deltas");
    cr_assert_eq(in(MSR), 0xb0, "reading cleared the deltas");
}

Test(serial8250, loopback_transmits_into_the_receiver)
{
    out(MCR, 0x10);
    out(RBR, 'L');
    cr_assert_eq(in(LSR), 0x61, "DR | THRE | TEMT");
    cr_assert_eq(in(RBR), 'L');
    cr_assert_eq(in(LSR), 0x60);
    cr_assert(output_quiet());
    out(MCR, 0);
    out(RBR, 'o');
    char c = 0;
    cr_assert_eq(read(com1.sent_fd, &c, 1), 1);
    cr_assert_eq(c, 'o');
    cr_assert_eq(in(LSR) & 0x01, 0, "nothing looped back");
}

Test(serial8250, overrun_without_fifos_keeps_the_newest_byte)
{
    out(MCR, 0x10);
    out(RBR, '1');
    out(RBR, '2');
    cr_assert_eq(in(LSR), 0x63, "DR | OE");
    cr_assert_eq(in(LSR), 0x61, "reading LSR cleared OE");
    cr_assert_eq(in(RBR), '2');
}

Test(serial8250, iir_reports_by_priority)
{
    out(MCR, 0x10);            /* loopback, lines change: a modem-status delta */
    out(IER, 0x0f);            /* THRI rising with THR empty */
    cr_assert_eq(in(IIR), 0x02, "THR empty over modem status");
    cr_assert_eq(in(IIR), 0x00, "that read cleared THRE: modem status");
    cr_assert_eq(in(IIR), 0x00, "MSR not read yet");
    in(MSR);
    cr_assert_eq(in(IIR), 0x01);
    out(RBR, 'a');             /* received data, and THR empty again */
    cr_assert_eq(in(IIR), 0x04, "received data over THR empty");
    out(RBR, 'b');             /* overrun */
    cr_assert_eq(in(IIR), 0x06, "line status first");
    in(LSR);
    cr_assert_eq(in(IIR), 0x04);
    cr_assert_eq(in(RBR), 'b');
    cr_assert_eq(in(IIR), 0x02, "THR empty still latched");
    cr_assert_eq(in(IIR), 0x01);
}

Test(serial8250, fifo_mode_reports_timeout_below_the_trigger)
{
    out(FCR, 0xc1);            /* FIFOs on, trigger 14 */
    out(MCR, 0x10);
    out(IER, 0x01);
    out(RBR, 'x');
    cr_assert_eq(in(IIR), 0xcc, "character timeout with 1 of 14");
    for (int i = 0; i < 13; i++)
        out(RBR, 'y');
    cr_assert_eq(in(IIR), 0xc4, "received data at the trigger level");
    out(FCR, 0xc3);            /* clear the receive FIFO */
    cr_assert_eq(in(IIR), 0xc1);
    cr_assert_eq(in(LSR) & 0x01, 0);
    out(FCR, 0x01);            /* trigger 1 */
    out(RBR, 'z');
    cr_assert_eq(in(IIR), 0xc4);
}

Test(serial8250, thre_interrupt_on_ier_write)
{
    /* serial8250_do_startup's THRE test, with OUT2 on as Linux sets it. */
    out(MCR, 0x0b);
    out(IER, 0x02);
    cr_assert_eq(irq_level, 1, "THRI enabled with THR empty");
    cr_assert_eq(in(IIR), 0x02);
    cr_assert_eq(irq_level, 0, "the IIR read cleared it");
    cr_assert_eq(in(IIR), 0x01);
    out(IER, 0x02);
    cr_assert_eq(in(IIR), 0x01, "no rising edge, no new interrupt");
    out(IER, 0);
    out(IER, 0x02);
    cr_assert_eq(irq_level, 1, "a new rising edge");
    cr_assert_eq(in(IIR), 0x02);
    out(RBR, 'x');
    cr_assert_eq(irq_level, 1, "a sent byte leaves THR empty again");
    cr_assert_eq(in(IIR), 0x02);
    out(IER, 0);
    cr_assert_eq(in(IIR), 0x01);
    char c;
    cr_assert_eq(read(com1.sent_fd, &c, 1), 1);
    cr_assert_eq(c, 'x');
}

Test(serial8250, out2_gates_the_line)
{
    out(IER, 0x02);
    cr_assert_eq(irq_level, 0, "OUT2 off: nothing reaches the PIC");
    out(MCR, 0x08);
    cr_assert_eq(irq_level, 1);
    out(MCR, 0x18);
    cr_assert_eq(irq_level, 0, "loopback forces OUT2 inactive");
    out(MCR, 0x08);
    cr_assert_eq(irq_level, 1);
    out(MCR, 0x00);
    cr_assert_eq(irq_level, 0);
    cr_assert_eq(in(IIR), 0x02, "still pending in the UART");
}

Test(serial8250, irq_autoprobe_sees_the_line)
{
    /* autoconfig_irq: everything enabled, status read clean, one byte out. */
    out(MCR, 0x0c);
    out(MCR, 0);
    out(MCR, 0x0b);
    out(IER, 0x0f);
    in(LSR);
    in(RBR);
    in(IIR);
    in(MSR);
    cr_assert_eq(irq_level, 0);
    out(RBR, 0xff);
    cr_assert_eq(irq_level, 1);
}

Test(serial8250, input_from_the_backend_raises_the_line)
{
    out(MCR, 0x0b);
    out(IER, 0x05);            /* RDI | RLSI */
    type("x", 1);
    cr_assert(wait_rx());
    cr_assert_eq(irq_level, 1);
    cr_assert_eq(in(IIR), 0x04);
    cr_assert_eq(in(RBR), 'x');
    cr_assert_eq(irq_level, 0);
    cr_assert_eq(in(IIR), 0x01);
}

Test(serial8250, fifo_holds_16_and_the_backend_the_rest)
{
    char data[40], got[40];
    for (int i = 0; i < 40; i++)
        data[i] = 'A' + i;
    out(FCR, 0x07);
    type(data, sizeof(data));
    cr_assert(wait_rx());
    usleep(20000);
    for (int i = 0; i < 40; i++) {
        cr_assert_eq(in(LSR) & 0x01, 0x01, "byte %d is there", i);
        got[i] = (char)in(RBR);
    }
    cr_assert_eq(memcmp(got, data, 40), 0);
    cr_assert_eq(in(LSR) & 0x01, 0);
}

Test(serial8250, without_fifos_one_byte_at_a_time)
{
    type("ab", 2);
    cr_assert(wait_rx());
    usleep(20000);
    cr_assert_eq(in(LSR) & 0x03, 0x01, "one byte held, no overrun");
    cr_assert_eq(in(RBR), 'a');
    cr_assert_eq(in(LSR) & 0x01, 0x01, "the held byte came in");
    cr_assert_eq(in(RBR), 'b');
}

Test(serial8250, loopback_keeps_input_in_the_backend)
{
    out(MCR, 0x10);
    type("k", 1);
    usleep(50000);
    cr_assert_eq(in(LSR) & 0x01, 0, "the receiver hears only the transmitter");
    out(MCR, 0);
    cr_assert(wait_rx());
    cr_assert_eq(in(RBR), 'k');
}

Test(serial8250, break_reports_in_lsr)
{
    teardown();
    open_uart(true);
    out(MCR, 0x08);
    out(IER, 0x05);
    type("\x01" "b", 2);
    for (int i = 0; i < 2000 && !irq_level; i++)
        usleep(1000);
    cr_assert_eq(irq_level, 1);
    cr_assert_eq(in(IIR), 0x06, "line status");
    cr_assert_eq(in(LSR), 0x71, "BI | DR | THRE | TEMT");
    cr_assert_eq(in(IIR), 0x04, "then the zero byte");
    cr_assert_eq(in(RBR), 0);
    cr_assert_eq(in(LSR), 0x60);
    cr_assert_eq(irq_level, 0);
}

Test(serial8250, fifo_error_bit_flags_a_break_behind_data)
{
    teardown();
    open_uart(true);
    out(FCR, 0x01);
    type("a", 1);
    cr_assert(wait_rx());
    type("\x01" "b", 2);
    for (int i = 0; i < 2000 && !(in(LSR) & 0x80); i++)
        usleep(1000);
    cr_assert_eq(in(LSR), 0xe1, "DR, and a break waits in the FIFO (bit 7)");
    cr_assert_eq(in(RBR), 'a');
    cr_assert_eq(in(LSR), 0xf1, "the break is next: BI");
    cr_assert_eq(in(RBR), 0);
    cr_assert_eq(in(LSR), 0x60, "no error left");
}

Test(serial8250, wide_and_stray_accesses)
{
    uint64_t v;
    unsigned long errs = dev_guest_error_count;
    out(SCR, 0x5a);
    cr_assert(io_read(COM1 + SCR, 2, &v));
    cr_assert_eq(v, 0xff5a, "SCR, then a byte past the UART");
    cr_assert(io_read(COM1 + LCR, 4, &v));
    cr_assert_eq(v, 0xb0600000, "LCR, MCR, LSR, MSR in one access");
    cr_assert(io_write(COM1 + LCR, 2, 0x0380));   /* LCR 0x80, MCR 0x03 */
    cr_assert_eq(in(LCR), 0x80);
    cr_assert_eq(in(MCR), 0x03);
    out(LSR, 0xff);
    out(MSR, 0xff);
    cr_assert(io_write(COM1 + SCR, 2, 0xffff));
    cr_assert_eq(dev_guest_error_count, errs + 4);
    out(LCR, 0);
    cr_assert_eq(in(LSR), 0x60, "state intact");
    cr_assert_eq(in(RBR), 0, "an empty receiver reads 0");
}

Test(serial8250, ports_taken_refuse_a_second_uart)
{
    cr_assert_null(serial8250_new(COM1 + 4, NULL, (IrqLine){ 0 }));
    cr_assert_str_eq(io_owner(COM1 + 4), "serial8250");
    Serial8250 *com2 = serial8250_new(0x2f8, NULL, (IrqLine){ 0 });
    cr_assert_not_null(com2);
    serial8250_free(com2);
    cr_assert_null(io_owner(0x2f8), "freeing gave the ports back");
    cr_assert_str_eq(io_owner(COM1), "serial8250");
}

Test(serial8250, no_backend_drops_output)
{
    Serial8250 *com2 = serial8250_new(0x2f8, NULL, (IrqLine){ uart_irq, NULL, 3 });
    uint64_t v;
    cr_assert(io_write(0x2f8, 1, 'x'));
    cr_assert(io_read(0x2fd, 1, &v));
    cr_assert_eq(v, 0x60);
    cr_assert(output_quiet(), "COM1's backend saw nothing");
    serial8250_free(com2);
}

Test(serial8250, reset_returns_to_power_on)
{
    out(MCR, 0x1b);
    out(IER, 0x0f);
    out(FCR, 0xc1);
    out(RBR, 'q');
    out(LCR, 0x83);
    sys_lock();
    serial8250_reset(com1.uart);
    sys_unlock();
    cr_assert_eq(in(LCR), 0);
    cr_assert_eq(in(IIR), 0x01);
    cr_assert_eq(in(LSR), 0x60);
    cr_assert_eq(in(MSR), 0xb0);
    cr_assert_eq(irq_level, 0);
}

Test(serial8250, random_register_traffic_is_survived)
{
    Serial8250 *com2 = serial8250_new(0x2f8, NULL, (IrqLine){ uart_irq, NULL, 3 });
    sys_lock();
    mmio_fuzz(&serial8250_ops, com2, SERIAL8250_PORTS, 100000, 4242);
    serial8250_ops.write(com2, LCR, 0, 1);
    int line = irq_level;
    int gated = (serial8250_ops.read(com2, MCR, 1) & 0x18) == 0x08;
    int pending = !(serial8250_ops.read(com2, IIR, 1) & 0x01);
    sys_unlock();
    cr_assert_eq(line, gated && pending, "the line follows IIR and OUT2");
    cr_assert(io_write(0x2fb, 1, 0x80));
    cr_assert(io_write(0x2f8, 1, 0x34));
    uint64_t v;
    cr_assert(io_read(0x2f8, 1, &v));
    cr_assert_eq(v, 0x34, "still answers");
    serial8250_free(com2);
}
