/*
 * The i8042 keyboard-controller stub (system/hw/i8042.h).
 *
 * The controller has no keyboard or mouse behind it and never has a byte
 * to give: the status register reads 0 (output buffer empty, input buffer
 * empty, so a guest waiting to send a command goes ahead at once) and the
 * data port reads 0. Of the commands written to port 0x64 it acts on those
 * that drive the reset line, bit 0 of the controller's output port:
 *
 *     0xf0-0xff   pulse the output-port bits whose mask bit (3:0) is 0;
 *                 bit 0 clear pulses reset (0xfe, Linux's choice)
 *     0xd1        the next byte written to port 0x60 is the output port;
 *                 bit 0 clear holds the CPU in reset
 *
 * Reset means the machine's reset request (system/cpus.h); the board
 * decides what follows. Every other command and data byte is accepted and
 * dropped, each distinct command logged once as a guest error.
 */
#include "system/hw/i8042.h"

#include <stdlib.h>

#include "system/cpus.h"
#include "system/hw/dev_log.h"
#include "system/ioport.h"
#include "xrun/util.h"

#define KBC_CMD_WRITE_OUTPUT 0xd1
#define KBC_CMD_PULSE_FIRST 0xf0
#define KBC_OUT_RESET 0x01   /* output port bit 0: CPU reset, active low */
#define PORT_A_RESET 0x01    /* fast reset: set to reset */
#define PORT_A_A20 0x02      /* fast A20 gate: stored only */

struct I8042 {
    bool output_next;        /* 0xd1 came: the next data byte is the output port */
    uint8_t port_a;
    uint64_t logged[4];      /* commands already reported, one bit each */
};

static void kbc_log_once(I8042 *k, uint8_t cmd, const char *what)
{
    uint64_t bit = 1ULL << (cmd % 64);
    if (k->logged[cmd / 64] & bit)
        return;
    k->logged[cmd / 64] |= bit;
    dev_guest_error("i8042", "%s 0x%02x ignored (no keyboard or mouse)", what, cmd);
}

static void kbc_reset_machine(void)
{
    sys_request_shutdown(SHUTDOWN_RESET);
}

/* -- Port 0x60: data -- */

static uint64_t kbc_data_read(void *opaque, hwaddr off, unsigned size)
{
    return 0;   /* nothing to read: the status register never sets OBF */
}

static void kbc_data_write(void *opaque, hwaddr off, uint64_t v, unsigned size)
{
    I8042 *k = opaque;
    if (k->output_next) {
        k->output_next = false;
        if (!(v & KBC_OUT_RESET))
            kbc_reset_machine();
        return;
    }
    /* A byte for the keyboard, or a parameter of a command not modelled. */
    kbc_log_once(k, (uint8_t)v, "data byte");
}

/* -- Port 0x64: status and command -- */

static uint64_t kbc_status_read(void *opaque, hwaddr off, unsigned size)
{
    return 0;
}

static void kbc_cmd_write(void *opaque, hwaddr off, uint64_t v, unsigned size)
{
    I8042 *k = opaque;
    uint8_t cmd = (uint8_t)v;

    k->output_next = false;
    if (cmd >= KBC_CMD_PULSE_FIRST) {
        if (!(cmd & KBC_OUT_RESET))
            kbc_reset_machine();
        return;
    }
    if (cmd == KBC_CMD_WRITE_OUTPUT) {
        k->output_next = true;
        return;
    }
    kbc_log_once(k, cmd, "command");
}

/* -- Port 0x92: System Control Port A -- */

static uint64_t kbc_port_a_read(void *opaque, hwaddr off, unsigned size)
{
    I8042 *k = opaque;
    return k->port_a;
}

static void kbc_port_a_write(void *opaque, hwaddr off, uint64_t v, unsigned size)
{
    I8042 *k = opaque;
    k->port_a = v & PORT_A_A20;
    if (v & PORT_A_RESET)
        kbc_reset_machine();
}

const MemOps i8042_data_ops = { kbc_data_read, kbc_data_write };
const MemOps i8042_cmd_ops = { kbc_status_read, kbc_cmd_write };
const MemOps i8042_port_a_ops = { kbc_port_a_read, kbc_port_a_write };

/* -- Life cycle -- */

/* Gives back whichever of the three ports are k's. */
static void kbc_unregister(I8042 *k)
{
    io_del(I8042_DATA_PORT, k);
    io_del(I8042_CMD_PORT, k);
    io_del(I8042_PORT_A, k);
}

I8042 *i8042_new(void)
{
    I8042 *k = xr_calloc(1, sizeof(*k));
    if (!io_add(I8042_DATA_PORT, 1, &i8042_data_ops, k, "i8042-data") ||
        !io_add(I8042_CMD_PORT, 1, &i8042_cmd_ops, k, "i8042-cmd") ||
        !io_add(I8042_PORT_A, 1, &i8042_port_a_ops, k, "port-a"))
        goto fail;
    return k;

fail:
    kbc_unregister(k);
    free(k);
    return NULL;
}

void i8042_free(I8042 *k)
{
    if (!k)
        return;
    kbc_unregister(k);
    free(k);
}
