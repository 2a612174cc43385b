/*
 * Character backends: where a UART's or a console's bytes go on the host.
 *
 *   stdio       the host terminal (raw mode while running, restored at exit
 *               and on fatal signals); Ctrl-C still ends xrun
 *   mon:stdio   the same, multiplexed with the escape key Ctrl-A as qemu's
 *               -nographic does: C-a x quits, C-a h lists the keys, C-a t
 *               toggles timestamps, C-a b sends a break, C-a C-a sends
 *               one C-a; Ctrl-C goes to the guest
 *   file:PATH   output written to PATH (created or truncated); no input
 *   null        output dropped; no input
 *
 * One frontend (a UART) takes the input bytes through can_receive/receive:
 * bytes it cannot take yet wait in the backend, and the frontend calls
 * chr_accept_input when it has room again. Input reaches the frontend on
 * the event-loop thread with the device lock held; chr_write and
 * chr_accept_input are called with the device lock held as well (from MMIO
 * callbacks).
 *
 *     char err[256];
 *     Chardev *con = chr_open("mon:stdio", err, sizeof(err));
 *     if (!con) { fprintf(stderr, "xrun: -serial: %s\n", err); return 1; }
 *     chr_set_quit(con, board_quit, board);
 *     chr_set_frontend(con, &(CharFrontend){ uart_can_rx, uart_rx, uart_break, uart });
 */
#ifndef XRUN_SYSTEM_CHARDEV_H
#define XRUN_SYSTEM_CHARDEV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct CharFrontend {
    /* How many bytes the frontend takes now; 0 leaves them buffered. */
    int (*can_receive)(void *opaque);
    /* len bytes, never more than can_receive last returned. */
    void (*receive)(void *opaque, const uint8_t *buf, int len);
    /* A break condition on the line (C-a b); NULL if it has none. */
    void (*send_break)(void *opaque);
    void *opaque;
} CharFrontend;

typedef struct Chardev Chardev;

/* Opens the backend spec names ("stdio", "mon:stdio", "file:PATH",
 * "null"). On error returns NULL and puts one line naming the spec and the
 * problem in err. stdio can be open only once at a time. */
Chardev *chr_open(const char *spec, char *err, size_t errlen);
/* A stdio-like backend on other descriptors (a pty, a pipe, a socket):
 * reads in_fd, writes out_fd; mux selects the Ctrl-A escapes; signals keeps
 * Ctrl-C a signal when in_fd is a terminal. The descriptors stay the
 * caller's. */
Chardev *chr_open_fds(int in_fd, int out_fd, bool mux, bool signals);
/* Restores the terminal, stops reading, closes what chr_open opened. Call
 * it with the device lock held or the event loop stopped, as input is read
 * on the loop thread. */
void chr_close(Chardev *c);

/* Connects the frontend (copied); buffered input goes to it at once.
 * NULL disconnects it: input then waits in the backend. */
void chr_set_frontend(Chardev *c, const CharFrontend *fe);
/* What C-a x calls (on the event-loop thread, device lock held): the
 * board's request to end the run. */
void chr_set_quit(Chardev *c, void (*quit)(void *opaque), void *opaque);

/* Writes all len bytes (retrying short writes); timestamps lines when C-a t
 * turned them on. */
void chr_write(Chardev *c, const uint8_t *buf, size_t len);
/* The frontend has room again: hands it buffered bytes, resumes reading. */
void chr_accept_input(Chardev *c);

#endif
