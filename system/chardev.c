/*
 * Character backends (system/chardev.h): stdio with an optional Ctrl-A
 * multiplexer, file and null.
 *
 * Input path of stdio: the event loop calls chr_readable when in_fd has
 * data; the bytes go through the escape decoder (mux only) into a ring
 * buffer, and from there to the frontend as fast as its can_receive allows.
 * When the ring is full the backend stops watching in_fd, so the bytes wait
 * in the host's terminal buffer instead of being dropped; chr_accept_input
 * watches it again.
 *
 * The terminal: stdio puts in_fd in raw mode when it is a terminal (no
 * echo, no line editing, no CR/NL translation on input; output processing
 * stays on, as qemu does) and puts the saved state back at chr_close, at
 * exit and on the signals that end the process.
 */
#include "system/chardev.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "system/event.h"
#include "xrun/util.h"

#define CHR_ESCAPE 0x01   /* Ctrl-A */
#define CHR_RING_SIZE 4096

typedef enum { CHR_STDIO, CHR_FILE, CHR_NULL } ChrKind;

struct Chardev {
    ChrKind kind;
    int in_fd, out_fd;     /* -1: none */
    bool own_out;          /* out_fd was opened here (file:) */
    bool mux;
    bool watching, in_eof;
    bool got_escape;
    bool write_failed;     /* reported once */
    bool timestamps, at_line_start;
    int64_t stamp_start;
    CharFrontend fe;
    bool has_fe;
    void (*quit)(void *opaque);
    void *quit_opaque;
    uint8_t ring[CHR_RING_SIZE];
    size_t ring_head, ring_len;
};

/* -- The terminal -- */

/* One terminal at a time is in raw mode (stdio can be open once). Read by
 * signal handlers, hence plain globals. */
static int chr_tty_fd = -1;
static struct termios chr_tty_saved;
static bool chr_stdio_open;

static void chr_tty_restore(void)
{
    if (chr_tty_fd >= 0)
        tcsetattr(chr_tty_fd, TCSANOW, &chr_tty_saved);
}

static void chr_fatal_signal(int sig)
{
    /* SA_RESETHAND put the default action back; SA_NODEFER lets the raise
     * below take effect now. */
    chr_tty_restore();
    raise(sig);
}

static void chr_tty_hooks_once(void)
{
    static const int sigs[] = { SIGTERM, SIGINT, SIGHUP, SIGQUIT, SIGABRT, SIGSEGV, SIGBUS, SIGFPE, SIGILL };
    struct sigaction sa;

    atexit(chr_tty_restore);
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = chr_fatal_signal;
    sa.sa_flags = SA_RESETHAND | SA_NODEFER;
    sigemptyset(&sa.sa_mask);
    for (size_t i = 0; i < XR_ARRAY_SIZE(sigs); i++) {
        struct sigaction old;
        /* A signal someone else handles is theirs to clean up after. */
        if (sigaction(sigs[i], NULL, &old) == 0 && old.sa_handler == SIG_DFL)
            sigaction(sigs[i], &sa, NULL);
    }
}

static void chr_tty_raw(int fd, bool signals)
{
    static pthread_once_t once = PTHREAD_ONCE_INIT;
    struct termios t;

    if (!isatty(fd) || tcgetattr(fd, &t) < 0)
        return;
    chr_tty_saved = t;
    chr_tty_fd = fd;
    pthread_once(&once, chr_tty_hooks_once);
    t.c_iflag &= ~(IGNBRK | BRKINT | PARMRK | ISTRIP | INLCR | IGNCR | ICRNL | IXON);
    t.c_oflag |= OPOST;
    t.c_lflag &= ~(ECHO | ECHONL | ICANON | IEXTEN);
    if (!signals)
        t.c_lflag &= ~ISIG;
    t.c_cflag &= ~(CSIZE | PARENB);
    t.c_cflag |= CS8;
    t.c_cc[VMIN] = 1;
    t.c_cc[VTIME] = 0;
    tcsetattr(fd, TCSANOW, &t);
}

/* -- Output -- */

static void chr_write_raw(Chardev *c, const uint8_t *buf, size_t len)
{
    /* The descriptor may be a non-blocking terminal shared with a shell
     * that set O_NONBLOCK: xr_write_all waits until it drains. */
    if (len == 0 || c->out_fd < 0 || c->write_failed)
        return;
    if (!xr_write_all(c->out_fd, buf, len)) {
        xr_error("console output: %s; further output is dropped", strerror(errno));
        c->write_failed = true;
    }
}

static void chr_puts(Chardev *c, const char *s)
{
    chr_write_raw(c, (const uint8_t *)s, strlen(s));
}

/* "[hh:mm:ss.mmm] ", the time since C-a t turned timestamps on. */
static void chr_stamp(Chardev *c)
{
    char buf[32];
    int64_t ms = (clock_ns() - c->stamp_start) / 1000000;
    int64_t s = ms / 1000;
    snprintf(buf, sizeof(buf), "[%02d:%02d:%02d.%03d] ", (int)(s / 3600), (int)(s / 60 % 60), (int)(s % 60),
             (int)(ms % 1000));
    chr_puts(c, buf);
}

void chr_write(Chardev *c, const uint8_t *buf, size_t len)
{
    if (!c || c->kind == CHR_NULL)
        return;
    if (!c->timestamps) {
        chr_write_raw(c, buf, len);
        return;
    }
    while (len > 0) {
        const uint8_t *nl = memchr(buf, '\n', len);
        size_t n = nl ? (size_t)(nl - buf) + 1 : len;
        if (c->at_line_start)
            chr_stamp(c);
        chr_write_raw(c, buf, n);
        c->at_line_start = nl != NULL;
        buf += n;
        len -= n;
    }
}

/* -- Input -- */

static void chr_readable(void *opaque, short revents);

static void chr_set_watch(Chardev *c, bool on)
{
    if (c->in_fd < 0 || on == c->watching)
        return;
    c->watching = on;
    if (on)
        ev_watch_fd(c->in_fd, POLLIN, chr_readable, c);
    else
        ev_unwatch_fd(c->in_fd);
}

static void chr_ring_push(Chardev *c, uint8_t b)
{
    if (c->ring_len < CHR_RING_SIZE) {
        c->ring[(c->ring_head + c->ring_len) % CHR_RING_SIZE] = b;
        c->ring_len++;
    }
}

/* Hands buffered bytes to the frontend while it takes them. */
static void chr_flush_input(Chardev *c)
{
    while (c->has_fe && c->ring_len > 0) {
        int room = c->fe.can_receive(c->fe.opaque);
        size_t n = c->ring_len;
        if (room <= 0)
            break;
        if (n > (size_t)room)
            n = room;
        if (n > CHR_RING_SIZE - c->ring_head)
            n = CHR_RING_SIZE - c->ring_head;
        size_t start = c->ring_head;
        /* The ring is updated before the call: receive may come back
         * through chr_accept_input. */
        c->ring_head = (c->ring_head + n) % CHR_RING_SIZE;
        c->ring_len -= n;
        c->fe.receive(c->fe.opaque, &c->ring[start], n);
    }
}

static const char chr_mux_help[] = "\r\n"
                                   "C-a h    print this help\r\n"
                                   "C-a x    exit emulator\r\n"
                                   "C-a s    save disk data back to file (if -snapshot)\r\n"
                                   "C-a t    toggle console timestamps\r\n"
                                   "C-a b    send break (magic sysrq)\r\n"
                                   "C-a c    switch between console and monitor\r\n"
                                   "C-a C-a  sends C-a\r\n";

/* The key after C-a. */
static void chr_mux_command(Chardev *c, uint8_t key)
{
    switch (key) {
    case 'h':
    case '?':
        chr_puts(c, chr_mux_help);
        break;
    case 'x':
        chr_puts(c, "xrun: Terminated\r\n");
        if (c->quit)
            c->quit(c->quit_opaque);
        break;
    case 's':
        break;   /* there are no -snapshot disks to write back */
    case 't':
        c->timestamps = !c->timestamps;
        c->stamp_start = clock_ns();
        c->at_line_start = true;
        break;
    case 'b':
        if (c->has_fe && c->fe.send_break)
            c->fe.send_break(c->fe.opaque);
        break;
    case 'c':
        chr_puts(c, "\r\nC-a c: the monitor is unsupported\r\n");
        break;
    case CHR_ESCAPE:
        chr_ring_push(c, CHR_ESCAPE);
        break;
    default:
        break;   /* an unknown key after C-a is dropped, as qemu does */
    }
}

static void chr_input(Chardev *c, const uint8_t *buf, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        if (!c->mux) {
            chr_ring_push(c, buf[i]);
        } else if (c->got_escape) {
            c->got_escape = false;
            chr_mux_command(c, buf[i]);
        } else if (buf[i] == CHR_ESCAPE) {
            c->got_escape = true;
        } else {
            chr_ring_push(c, buf[i]);
        }
    }
}

static void chr_readable(void *opaque, short revents)
{
    Chardev *c = opaque;
    uint8_t buf[256];
    size_t room = CHR_RING_SIZE - c->ring_len;
    ssize_t n;

    if (room == 0) {
        chr_set_watch(c, false);
        return;
    }
    /* Escapes never make more bytes than they consume, so reading no more
     * than the ring's room never overflows it. */
    n = read(c->in_fd, buf, room < sizeof(buf) ? room : sizeof(buf));
    if (n > 0) {
        chr_input(c, buf, n);
    } else if (n == 0 || (errno != EAGAIN && errno != EINTR)) {
        /* End of input (or a hung-up terminal): output carries on. */
        c->in_eof = true;
        chr_set_watch(c, false);
    }
    chr_flush_input(c);
    if (c->ring_len == CHR_RING_SIZE)
        chr_set_watch(c, false);
}

void chr_accept_input(Chardev *c)
{
    if (!c)
        return;
    chr_flush_input(c);
    if (c->ring_len < CHR_RING_SIZE && !c->in_eof)
        chr_set_watch(c, true);
}

void chr_set_frontend(Chardev *c, const CharFrontend *fe)
{
    c->has_fe = fe != NULL;
    if (fe)
        c->fe = *fe;
    chr_accept_input(c);
}

void chr_set_quit(Chardev *c, void (*quit)(void *opaque), void *opaque)
{
    c->quit = quit;
    c->quit_opaque = opaque;
}

/* -- Opening and closing -- */

static Chardev *chr_new(ChrKind kind, int in_fd, int out_fd)
{
    Chardev *c = xr_calloc(1, sizeof(*c));
    c->kind = kind;
    c->in_fd = in_fd;
    c->out_fd = out_fd;
    c->at_line_start = true;
    return c;
}

Chardev *chr_open_fds(int in_fd, int out_fd, bool mux, bool signals)
{
    Chardev *c = chr_new(CHR_STDIO, in_fd, out_fd);
    c->mux = mux;
    chr_tty_raw(in_fd, signals);
    chr_set_watch(c, true);
    return c;
}

Chardev *chr_open(const char *spec, char *err, size_t errlen)
{
    const char *path;
    int fd;

    if (!strcmp(spec, "stdio") || !strcmp(spec, "mon:stdio")) {
        bool mux = spec[0] == 'm';
        if (chr_stdio_open) {
            snprintf(err, errlen, "%s: stdio is already in use by another device", spec);
            return NULL;
        }
        chr_stdio_open = true;
        /* Behind the multiplexer Ctrl-C is the guest's; C-a x ends xrun. */
        return chr_open_fds(STDIN_FILENO, STDOUT_FILENO, mux, !mux);
    }
    if (!strcmp(spec, "null"))
        return chr_new(CHR_NULL, -1, -1);
    if (!strncmp(spec, "file:", 5)) {
        path = spec + 5;
        if (!*path) {
            snprintf(err, errlen, "%s: file: needs a path", spec);
            return NULL;
        }
        fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
        if (fd < 0) {
            snprintf(err, errlen, "%s: %s", path, strerror(errno));
            return NULL;
        }
        Chardev *c = chr_new(CHR_FILE, -1, fd);
        c->own_out = true;
        return c;
    }
    if (!strncmp(spec, "mon:", 4))
        snprintf(err, errlen, "%s: the monitor multiplexer works with stdio only (mon:stdio)", spec);
    else
        snprintf(err, errlen, "%s: unknown character backend (known: stdio, mon:stdio, file:PATH, null)", spec);
    return NULL;
}

void chr_close(Chardev *c)
{
    if (!c)
        return;
    chr_set_watch(c, false);
    if (c->kind == CHR_STDIO && c->in_fd == chr_tty_fd) {
        chr_tty_restore();
        chr_tty_fd = -1;
    }
    if (c->kind == CHR_STDIO && c->in_fd == STDIN_FILENO)
        chr_stdio_open = false;
    if (c->own_out)
        close(c->out_fd);
    free(c);
}
