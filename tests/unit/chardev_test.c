/*
 * Unit tests of the character backends (system/chardev.c): spec parsing
 * and its errors, the file and null backends, and the stdio backend on
 * pipes and a pty: input to the frontend with back-pressure, the Ctrl-A
 * escapes of mon:stdio, complete output through a slow or non-blocking
 * reader, raw mode and its restoration at close and on a fatal signal.
 *
 * The event loop runs in each test that reads input; the fake frontend's
 * state is read under the device lock, which its callbacks hold.
 */
#include <criterion/criterion.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <pty.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#include "system/chardev.h"
#include "system/event.h"

/* -- A fake UART frontend -- */

static uint8_t got[20000];
static int n_got;
static int room = 1 << 20;
static int n_breaks, n_quits;

static int fe_can_receive(void *opaque)
{
    return room;
}
static void fe_receive(void *opaque, const uint8_t *buf, int len)
{
    cr_assert_leq(len, room, "receive gave more than can_receive allowed");
    room -= len;
    memcpy(got + n_got, buf, len);
    n_got += len;
}
static void fe_break(void *opaque) { n_breaks++; }
static void on_quit(void *opaque) { n_quits++; }

static const CharFrontend fake_fe = { fe_can_receive, fe_receive, fe_break, NULL };

static int locked_read(const int *v)
{
    sys_lock();
    int r = *v;
    sys_unlock();
    return r;
}

static int wait_for(const int *v, int want)
{
    for (int i = 0; i < 2000 && locked_read(v) < want; i++)
        usleep(1000);
    return locked_read(v);
}

/* A stdio backend on two pipes: the test writes in_w, reads out_r. */
static int in_w, out_r;
static Chardev *open_piped(bool mux)
{
    int in[2], out[2];
    cr_assert_eq(pipe(in), 0);
    cr_assert_eq(pipe(out), 0);
    in_w = in[1];
    out_r = out[0];
    Chardev *c = chr_open_fds(in[0], out[1], mux, true);
    chr_set_frontend(c, &fake_fe);
    chr_set_quit(c, on_quit, NULL);
    ev_loop_start();
    return c;
}

static void send_in(const char *s, size_t n)
{
    cr_assert_eq(write(in_w, s, n), (ssize_t)n);
}

/* Reads what the backend wrote so far (waits briefly for the first byte). */
static size_t read_out(char *buf, size_t cap)
{
    size_t n = 0;
    struct pollfd p = { .fd = out_r, .events = POLLIN };
    while (n < cap - 1 && poll(&p, 1, n ? 20 : 1000) > 0) {
        ssize_t r = read(out_r, buf + n, cap - 1 - n);
        if (r <= 0)
            break;
        n += r;
    }
    buf[n] = 0;
    return n;
}

/* -- Parsing -- */

Test(chardev, unknown_spec_names_itself)
{
    char err[256] = "";
    cr_assert_null(chr_open("tcp:localhost:4444", err, sizeof(err)));
    cr_assert(strstr(err, "tcp:localhost:4444"), "%s", err);
    cr_assert(strstr(err, "unknown"), "%s", err);
    cr_assert_null(chr_open("mon:null", err, sizeof(err)));
    cr_assert(strstr(err, "stdio"), "%s", err);
    cr_assert_null(chr_open("file:", err, sizeof(err)));
    cr_assert(strstr(err, "path"), "%s", err);
    cr_assert_null(chr_open("", err, sizeof(err)));
    cr_assert(strstr(err, "unknown"), "%s", err);
}

Test(chardev, file_that_cannot_be_created_is_an_error)
{
    char err[256] = "";
    cr_assert_null(chr_open("file:/nonexistent-dir/console.log", err, sizeof(err)));
    cr_assert(strstr(err, "/nonexistent-dir/console.log"), "%s", err);
    cr_assert(strstr(err, "No such file"), "%s", err);
}

Test(chardev, stdio_opens_once)
{
    char err[256] = "";
    Chardev *c = chr_open("stdio", err, sizeof(err));
    cr_assert_not_null(c, "%s", err);
    cr_assert_null(chr_open("mon:stdio", err, sizeof(err)));
    cr_assert(strstr(err, "in use"), "%s", err);
    chr_close(c);
    c = chr_open("mon:stdio", err, sizeof(err));
    cr_assert_not_null(c, "%s", err);
    chr_close(c);
}

/* -- file and null -- */

Test(chardev, file_backend_truncates_and_writes_everything)
{
    char path[] = "/tmp/chardev_test_XXXXXX", err[256];
    char spec[64];
    int fd = mkstemp(path);
    cr_assert_geq(fd, 0);
    cr_assert_eq(write(fd, "old contents that must go", 25), 25);
    close(fd);
    snprintf(spec, sizeof(spec), "file:%s", path);
    Chardev *c = chr_open(spec, err, sizeof(err));
    cr_assert_not_null(c, "%s", err);

    static uint8_t big[300000];
    for (size_t i = 0; i < sizeof(big); i++)
        big[i] = (uint8_t)(i * 7 + 3);
    chr_write(c, (const uint8_t *)"hello\n", 6);
    chr_write(c, big, sizeof(big));
    chr_close(c);

    FILE *f = fopen(path, "rb");
    static uint8_t back[300010];
    size_t n = fread(back, 1, sizeof(back), f);
    fclose(f);
    unlink(path);
    cr_assert_eq(n, 6 + sizeof(big));
    cr_assert_eq(memcmp(back, "hello\n", 6), 0);
    cr_assert_eq(memcmp(back + 6, big, sizeof(big)), 0);
}

Test(chardev, null_backend_drops_output)
{
    char err[256];
    Chardev *c = chr_open("null", err, sizeof(err));
    cr_assert_not_null(c);
    chr_set_frontend(c, &fake_fe);
    chr_write(c, (const uint8_t *)"x", 1);
    chr_accept_input(c);
    cr_assert_eq(n_got, 0);
    chr_close(c);
}

/* -- stdio input -- */

Test(chardev, input_reaches_the_frontend)
{
    Chardev *c = open_piped(false);
    send_in("abc\x01x", 5);
    cr_assert_eq(wait_for(&n_got, 5), 5);
    cr_assert_eq(memcmp(got, "abc\x01x", 5), 0, "without mux C-a is an ordinary byte");
    cr_assert_eq(locked_read(&n_quits), 0);
    ev_loop_stop();
    chr_close(c);
}

Test(chardev, full_frontend_leaves_bytes_buffered)
{
    static char data[10000];
    for (size_t i = 0; i < sizeof(data); i++)
        data[i] = 'a' + i % 26;
    room = 0;
    Chardev *c = open_piped(false);
    send_in(data, sizeof(data));
    usleep(50000);
    sys_lock();
    cr_assert_eq(n_got, 0, "a full frontend gets nothing");
    room = 4;
    chr_accept_input(c);
    cr_assert_eq(n_got, 4, "exactly what it has room for");
    room = 1 << 20;
    chr_accept_input(c);
    sys_unlock();
    cr_assert_eq(wait_for(&n_got, sizeof(data)), (int)sizeof(data), "nothing is lost");
    cr_assert_eq(memcmp(got, data, sizeof(data)), 0, "and the order is kept");
    ev_loop_stop();
    chr_close(c);
}

Test(chardev, end_of_input_keeps_output_working)
{
    char buf[64];
    Chardev *c = open_piped(false);
    send_in("z", 1);
    close(in_w);
    cr_assert_eq(wait_for(&n_got, 1), 1);
    usleep(20000);
    sys_lock();
    chr_write(c, (const uint8_t *)"still here", 10);
    sys_unlock();
    cr_assert_eq(read_out(buf, sizeof(buf)), 10);
    cr_assert_str_eq(buf, "still here");
    ev_loop_stop();
    chr_close(c);
}

/* -- The Ctrl-A multiplexer -- */

Test(chardev, ctrl_a_ctrl_a_sends_one_ctrl_a)
{
    Chardev *c = open_piped(true);
    send_in("a\x01\x01" "b", 4);
    cr_assert_eq(wait_for(&n_got, 3), 3);
    usleep(10000);
    cr_assert_eq(locked_read(&n_got), 3);
    cr_assert_eq(memcmp(got, "a\x01" "b", 3), 0);
    ev_loop_stop();
    chr_close(c);
}

Test(chardev, escape_split_across_reads)
{
    Chardev *c = open_piped(true);
    send_in("\x01", 1);
    usleep(20000);
    send_in("\x01" "q", 2);
    cr_assert_eq(wait_for(&n_got, 2), 2);
    cr_assert_eq(memcmp(got, "\x01q", 2), 0);
    ev_loop_stop();
    chr_close(c);
}

Test(chardev, ctrl_a_x_quits)
{
    char buf[256];
    Chardev *c = open_piped(true);
    send_in("\x01x", 2);
    cr_assert_eq(wait_for(&n_quits, 1), 1);
    read_out(buf, sizeof(buf));
    cr_assert(strstr(buf, "Terminated"), "%s", buf);
    cr_assert_eq(locked_read(&n_got), 0, "the escape does not reach the guest");
    ev_loop_stop();
    chr_close(c);
}

Test(chardev, ctrl_a_h_prints_the_keys)
{
    static const char *const lines[] = {
        "C-a h    print this help",
        "C-a x    exit emulator",
        "C-a s    save disk data back to file (if -snapshot)",
        "C-a t    toggle console timestamps",
        "C-a b    send break (magic sysrq)",
        "C-a c    switch between console and monitor",
        "C-a C-a  sends C-a",
    };
    char buf[1024];
    Chardev *c = open_piped(true);
    send_in("\x01h", 2);
    read_out(buf, sizeof(buf));
    for (size_t i = 0; i < sizeof(lines) / sizeof(lines[0]); i++)
        cr_assert(strstr(buf, lines[i]), "missing \"%s\" in:\n%s", lines[i], buf);
    cr_assert_eq(locked_read(&n_quits), 0);
    ev_loop_stop();
    chr_close(c);
}

Test(chardev, ctrl_a_b_sends_a_break_and_c_is_unsupported)
{
    char buf[256];
    Chardev *c = open_piped(true);
    send_in("\x01" "b", 2);
    cr_assert_eq(wait_for(&n_breaks, 1), 1);
    send_in("\x01" "c", 2);
    read_out(buf, sizeof(buf));
    cr_assert(strstr(buf, "unsupported"), "%s", buf);
    send_in("\x01" "z" "k", 3);   /* an unknown key is dropped */
    cr_assert_eq(wait_for(&n_got, 1), 1);
    cr_assert_eq(got[0], 'k');
    ev_loop_stop();
    chr_close(c);
}

Test(chardev, ctrl_a_t_toggles_timestamps)
{
    char buf[256];
    Chardev *c = open_piped(true);
    send_in("\x01t" "k", 3);
    cr_assert_eq(wait_for(&n_got, 1), 1);   /* the toggle is done */
    sys_lock();
    chr_write(c, (const uint8_t *)"one\ntw", 6);
    chr_write(c, (const uint8_t *)"o\n", 2);
    sys_unlock();
    read_out(buf, sizeof(buf));
    int h, m, s, ms;
    char w1[8], w2[8];
    cr_assert_eq(sscanf(buf, "[%d:%d:%d.%d] %7s\n[%*d:%*d:%*d.%*d] %7s", &h, &m, &s, &ms, w1, w2), 6, "%s", buf);
    cr_assert_str_eq(w1, "one");
    cr_assert_str_eq(w2, "two", "a line written in two pieces has one stamp: %s", buf);
    cr_assert_eq(h + m + s, 0, "time since the toggle");
    send_in("\x01t" "k", 3);
    cr_assert_eq(wait_for(&n_got, 2), 2);
    sys_lock();
    chr_write(c, (const uint8_t *)"plain\n", 6);
    sys_unlock();
    read_out(buf, sizeof(buf));
    cr_assert_str_eq(buf, "plain\n");
    ev_loop_stop();
    chr_close(c);
}

/* -- Output -- */

static void *slow_reader(void *arg)
{
    static char sink[1 << 16];
    size_t *total = arg;
    ssize_t n;
    while ((n = read(out_r, sink, 1000)) > 0) {
        *total += n;
        usleep(100);
    }
    return NULL;
}

Test(chardev, output_is_complete_through_a_slow_nonblocking_reader)
{
    int in[2], out[2];
    static uint8_t big[400000];
    size_t total = 0;
    pthread_t th;
    cr_assert_eq(pipe(in), 0);
    cr_assert_eq(pipe(out), 0);
    out_r = out[0];
    fcntl(out[1], F_SETFL, O_NONBLOCK);   /* short writes and EAGAIN */
    Chardev *c = chr_open_fds(in[0], out[1], false, true);
    pthread_create(&th, NULL, slow_reader, &total);
    chr_write(c, big, sizeof(big));
    chr_close(c);
    close(out[1]);
    pthread_join(th, NULL);
    cr_assert_eq(total, sizeof(big));
}

/* -- The terminal -- */

Test(chardev, terminal_is_raw_while_open_and_restored_at_close)
{
    int master, slave;
    struct termios t;
    cr_assert_eq(openpty(&master, &slave, NULL, NULL, NULL), 0);
    Chardev *c = chr_open_fds(slave, slave, true, false);
    tcgetattr(slave, &t);
    cr_assert_eq(t.c_lflag & (ICANON | ECHO | ISIG), 0u, "raw, and Ctrl-C is the guest's");
    cr_assert_eq(t.c_iflag & ICRNL, 0u);
    chr_close(c);
    tcgetattr(slave, &t);
    cr_assert_neq(t.c_lflag & ICANON, 0u);
    cr_assert_neq(t.c_lflag & ECHO, 0u);
    cr_assert_neq(t.c_lflag & ISIG, 0u);

    c = chr_open_fds(slave, slave, false, true);
    tcgetattr(slave, &t);
    cr_assert_neq(t.c_lflag & ISIG, 0u, "plain stdio keeps Ctrl-C a signal");
    chr_close(c);
}

Test(chardev, terminal_is_restored_on_a_fatal_signal)
{
    int master, slave, status;
    struct termios t;
    cr_assert_eq(openpty(&master, &slave, NULL, NULL, NULL), 0);
    pid_t pid = fork();
    if (pid == 0) {
        chr_open_fds(slave, slave, true, false);
        raise(SIGTERM);
        _exit(0);   /* not reached: SIGTERM ends the process */
    }
    cr_assert_eq(waitpid(pid, &status, 0), pid);
    cr_assert(WIFSIGNALED(status) && WTERMSIG(status) == SIGTERM, "died of SIGTERM (status 0x%x)", status);
    tcgetattr(slave, &t);
    cr_assert_neq(t.c_lflag & ICANON, 0u, "canonical mode is back");
    cr_assert_neq(t.c_lflag & ECHO, 0u);
}
