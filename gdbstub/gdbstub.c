/*
 * The GDB remote serial protocol: socket, packets, and the answers that do
 * not depend on the guest or the mode (see include/xrun/gdbstub.h).
 *
 * A session, as gdb-multiarch drives it:
 *
 *   gdb: $qSupported:multiprocess+;...#xx  stub: +$PacketSize=4000;qXfer:features:read+;...#xx
 *   gdb: $qXfer:features:read:target.xml:0,ffb#xx   stub: $l<?xml ...>...#xx
 *   gdb: $?#3f                             stub: $T05thread:4d2;#xx
 *   gdb: $Z0,10548,4#xx                    stub: $OK#9a      (breakpoint)
 *   gdb: $vCont;c#a8                       (guest runs; the stub waits)
 *                                          stub: $T05thread:4d2;#xx
 *   gdb: $g#67                             stub: $<all registers in hex>#xx
 *
 * Every packet is "$data#checksum" and is acknowledged with '+' (until
 * QStartNoAckMode); a lone 0x03 byte while the guest runs is Ctrl-C.
 * Binary data (X packets, qXfer replies) escapes '#', '$', '}' and '*' as
 * '}' followed by the byte xor 0x20.
 */
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "xrun/gdbstub.h"
#include "xrun/translator.h"
#include "xrun/util.h"

#define PACKET_SIZE 0x4000 /* the largest packet we accept and announce */
#define MAX_THREADS 1024

typedef struct GdbState {
    int fd; /* the connection */
    const GdbArch *arch;
    const GdbTarget *target;
    bool no_ack;
    volatile bool attached;
    long g_tid, c_tid;       /* threads chosen by Hg and Hc (0: any) */
    GdbStop last;            /* reported by '?' */
    uint8_t in[PACKET_SIZE]; /* bytes received, not yet used */
    size_t in_len, in_pos;
    char pkt[PACKET_SIZE + 1]; /* the current packet's data */
    char out[2 * PACKET_SIZE + 8];
    pthread_mutex_t write_lock;
} GdbState;

static GdbState gdb;

bool gdbserver_attached(void)
{
    return __atomic_load_n(&gdb.attached, __ATOMIC_ACQUIRE);
}

/* -- Signal numbers -- */

/* Linux 1..31 -> gdb's numbering (gdb/signals.def). */
static const uint8_t gdb_sig_of_linux[32] = {
    0,   1,  2,  3,  4,  5,  6,  10, 8,  9,  30, 11, 31, 13, 14, 15,
    143, 20, 19, 17, 18, 21, 22, 16, 24, 25, 26, 27, 28, 23, 32, 12,
};

int gdb_signal_from_host(int sig)
{
    if (sig >= 0 && sig < 32)
        return gdb_sig_of_linux[sig];
    if (sig >= 33 && sig <= 63)
        return sig + 12; /* GDB_SIGNAL_REALTIME_33 is 45 */
    return 143;          /* GDB_SIGNAL_UNKNOWN */
}

int gdb_signal_to_host(int gsig)
{
    for (int s = 0; s < 32; s++)
        if (gdb_sig_of_linux[s] == gsig && gsig != 143)
            return s;
    if (gsig >= 45 && gsig <= 75)
        return gsig - 12;
    return 0;
}

/* -- Hex -- */

static char *hex_put(char *p, const uint8_t *buf, size_t len)
{
    static const char digits[] = "0123456789abcdef";
    for (size_t i = 0; i < len; i++) {
        *p++ = digits[buf[i] >> 4];
        *p++ = digits[buf[i] & 15];
    }
    *p = 0;
    return p;
}

/* Decodes up to max bytes of hex; returns the count, or -1 on a bad digit. */
static long hex_get(const char *s, uint8_t *buf, size_t max)
{
    size_t n = 0;
    while (s[0] && s[1] && n < max) {
        int hi = xr_hex_digit(s[0]), lo = xr_hex_digit(s[1]);
        if (hi < 0 || lo < 0)
            return -1;
        buf[n++] = (uint8_t)(hi << 4 | lo);
        s += 2;
    }
    return (long)n;
}

/* Parses a hex number at *s and moves past it. */
static uint64_t parse_hex(const char **s)
{
    uint64_t v = 0;
    int d;
    while ((d = xr_hex_digit(**s)) >= 0) {
        v = v << 4 | (unsigned)d;
        (*s)++;
    }
    return v;
}

/* A thread id: hex, or -1 for every thread ("0" means any). */
static long parse_tid(const char **s)
{
    if (**s == '-' && (*s)[1] == '1') {
        *s += 2;
        return -1;
    }
    if (**s == 'p') { /* multiprocess form pPID.TID: keep the TID */
        (*s)++;
        parse_hex(s);
        if (**s != '.')
            return -1;
        (*s)++;
        if (**s == '-') {
            *s += 2;
            return -1;
        }
    }
    return (long)parse_hex(s);
}

/* -- Packets on the wire -- */

static bool write_all(const void *buf, size_t len)
{
    const uint8_t *p = buf;
    while (len) {
        ssize_t n = send(gdb.fd, p, len, MSG_NOSIGNAL);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return false;
        p += n;
        len -= (size_t)n;
    }
    return true;
}

/* Reads more bytes into gdb.in. Returns false at EOF or on an error. */
static bool fill_input(void)
{
    if (gdb.in_pos == gdb.in_len)
        gdb.in_pos = gdb.in_len = 0;
    if (gdb.in_len == sizeof(gdb.in)) {
        memmove(gdb.in, gdb.in + gdb.in_pos, gdb.in_len - gdb.in_pos);
        gdb.in_len -= gdb.in_pos;
        gdb.in_pos = 0;
    }
    for (;;) {
        ssize_t n = recv(gdb.fd, gdb.in + gdb.in_len, sizeof(gdb.in) - gdb.in_len, 0);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return false;
        gdb.in_len += (size_t)n;
        return true;
    }
}

static int get_byte(void)
{
    if (gdb.in_pos == gdb.in_len && !fill_input())
        return -1;
    return gdb.in[gdb.in_pos++];
}

/* Sends data as one packet (len bytes, already escaped if binary). With
 * acks on, waits for '+' and resends on '-'. Returns false if gdb went. */
static bool put_packet_len(const char *data, size_t len, bool wait_ack)
{
    pthread_mutex_lock(&gdb.write_lock);
    char *p = gdb.out;
    uint8_t sum = 0;
    *p++ = '$';
    for (size_t i = 0; i < len; i++) {
        sum += (uint8_t)data[i];
        *p++ = data[i];
    }
    p += sprintf(p, "#%02x", sum);
    size_t total = (size_t)(p - gdb.out);
    bool ok;
    for (;;) {
        ok = write_all(gdb.out, total);
        if (!ok || gdb.no_ack || !wait_ack)
            break;
        int c;
        do
            c = get_byte();
        while (c != '+' && c != '-' && c >= 0);
        if (c != '-') {
            ok = c == '+';
            break;
        }
    }
    pthread_mutex_unlock(&gdb.write_lock);
    return ok;
}

static bool put_packet(const char *s)
{
    return put_packet_len(s, strlen(s), true);
}

/* Reads the next packet into gdb.pkt (acking it). Returns its length, or
 * -1 when gdb went away. A 0x03 outside a packet is returned as "\x03". */
static int get_packet(void)
{
    for (;;) {
        int c = get_byte();
        if (c < 0)
            return -1;
        if (c == 0x03) {
            gdb.pkt[0] = 0x03;
            gdb.pkt[1] = 0;
            return 1;
        }
        if (c != '$')
            continue; /* acks of our packets, noise */
        size_t n = 0;
        uint8_t sum = 0;
        bool overflow = false;
        while ((c = get_byte()) >= 0 && c != '#') {
            sum += (uint8_t)c;
            if (n < PACKET_SIZE)
                gdb.pkt[n++] = (char)c;
            else
                overflow = true;
        }
        int h = get_byte(), l = get_byte();
        if (c < 0 || h < 0 || l < 0)
            return -1;
        gdb.pkt[n] = 0;
        bool good = !overflow && xr_hex_digit(h) >= 0 && xr_hex_digit(l) >= 0 &&
                    (uint8_t)(xr_hex_digit(h) << 4 | xr_hex_digit(l)) == sum;
        if (!gdb.no_ack && !write_all(good ? "+" : "-", 1))
            return -1;
        if (good)
            return (int)n;
    }
}

/* Escapes binary data into out (for qXfer replies); returns its length. */
static size_t escape_binary(char *out, const char *in, size_t len)
{
    size_t n = 0;
    for (size_t i = 0; i < len; i++) {
        char c = in[i];
        if (c == '#' || c == '$' || c == '}' || c == '*') {
            out[n++] = '}';
            out[n++] = (char)(c ^ 0x20);
        } else {
            out[n++] = c;
        }
    }
    return n;
}

/* Undoes escape_binary in place; returns the decoded length. */
static size_t unescape_binary(char *buf, size_t len)
{
    size_t n = 0;
    for (size_t i = 0; i < len; i++) {
        if (buf[i] == '}' && i + 1 < len)
            buf[n++] = (char)(buf[++i] ^ 0x20);
        else
            buf[n++] = buf[i];
    }
    return n;
}

/* -- Answers -- */

static CPUState *thread_or_default(long tid)
{
    CPUState *cpu = NULL;
    if (tid > 0)
        cpu = gdb.target->thread_cpu(tid);
    if (!cpu)
        cpu = gdb.target->thread_cpu(gdb.last.tid);
    if (!cpu) {
        long ids[1];
        if (gdb.target->thread_list(ids, 1) > 0)
            cpu = gdb.target->thread_cpu(ids[0]);
    }
    return cpu;
}

static void reply_stop(void)
{
    char buf[64];
    snprintf(buf, sizeof(buf), "T%02xthread:%lx;", gdb_signal_from_host(gdb.last.sig),
             gdb.last.tid);
    put_packet(buf);
}

static void handle_read_regs(void)
{
    CPUState *cpu = thread_or_default(gdb.g_tid);
    uint8_t reg[64];
    char *p = gdb.pkt;
    if (!cpu) {
        put_packet("E01");
        return;
    }
    for (int n = 0; n < gdb.arch->num_regs; n++) {
        int sz = gdb.arch->read_reg(cpu, reg, n);
        p = hex_put(p, reg, (size_t)sz);
    }
    put_packet(gdb.pkt);
}

static void handle_write_regs(const char *hex)
{
    CPUState *cpu = thread_or_default(gdb.g_tid);
    uint8_t buf[PACKET_SIZE / 2];
    long len = hex_get(hex, buf, sizeof(buf));
    if (!cpu || len < 0) {
        put_packet("E01");
        return;
    }
    long off = 0;
    for (int n = 0; n < gdb.arch->num_regs && off < len; n++) {
        uint8_t tmp[64];
        int sz = gdb.arch->read_reg(cpu, tmp, n);
        if (off + sz > len)
            break;
        gdb.arch->write_reg(cpu, buf + off, n);
        off += sz;
    }
    put_packet("OK");
}

static void handle_reg(const char *args, bool write)
{
    CPUState *cpu = thread_or_default(gdb.g_tid);
    uint64_t n = parse_hex(&args);
    uint8_t reg[64];
    if (!cpu || n >= (uint64_t)gdb.arch->num_regs) {
        put_packet(write ? "E01" : "E00");
        return;
    }
    int sz = gdb.arch->read_reg(cpu, reg, (int)n);
    if (!write) {
        hex_put(gdb.pkt, reg, (size_t)sz);
        put_packet(gdb.pkt);
        return;
    }
    if (*args != '=' || hex_get(args + 1, reg, sizeof(reg)) != sz) {
        put_packet("E01");
        return;
    }
    gdb.arch->write_reg(cpu, reg, (int)n);
    put_packet("OK");
}

/* m addr,len: as much as is readable, E14 (EFAULT) if nothing is. */
static void handle_read_mem(const char *args)
{
    uint64_t addr = parse_hex(&args);
    uint64_t len = *args == ',' ? (args++, parse_hex(&args)) : 0;
    uint8_t buf[PACKET_SIZE / 2];
    if (len > sizeof(buf))
        len = sizeof(buf);
    size_t done = gdb.target->read_mem(addr, buf, (size_t)len);
    if (done == 0 && len != 0) {
        put_packet("E14");
        return;
    }
    hex_put(gdb.pkt, buf, done);
    put_packet(gdb.pkt);
}

/* M addr,len:hex and X addr,len:binary. The packet text is modified. */
static void handle_write_mem(char *args, size_t pkt_len, bool binary)
{
    const char *s = args;
    uint64_t addr = parse_hex(&s);
    uint64_t len = *s == ',' ? (s++, parse_hex(&s)) : 0;
    if (*s != ':') {
        put_packet("E01");
        return;
    }
    s++;
    uint8_t buf[PACKET_SIZE];
    long have;
    if (binary) {
        size_t raw = pkt_len - (size_t)(s - gdb.pkt);
        have = (long)unescape_binary((char *)s, raw);
        if ((size_t)have > sizeof(buf))
            have = -1;
        else
            memcpy(buf, s, (size_t)have);
    } else {
        have = hex_get(s, buf, sizeof(buf));
    }
    if (have < 0 || (uint64_t)have < len) {
        put_packet("E01");
        return;
    }
    if (len && gdb.target->write_mem(addr, buf, (size_t)len) != len) {
        put_packet("E14");
        return;
    }
    put_packet("OK");
}

/* Z0/z0 (software) and Z1/z1 (hardware, handled the same way). */
static void handle_breakpoint(const char *args, bool insert)
{
    int type = xr_hex_digit(*args);
    if ((type != 0 && type != 1) || args[1] != ',') {
        put_packet("");
        return;
    }
    args += 2;
    uint64_t addr = parse_hex(&args);
    int rc = insert ? cpu_breakpoint_insert(addr) : cpu_breakpoint_remove(addr);
    put_packet(rc == 0 ? "OK" : "E01");
}

/* Answers a qXfer read of the string text from "OFFSET,LENGTH" in s: 'm'
 * and a chunk while more follows, 'l' with the last one. */
static void xfer_reply(const char *s, const char *text)
{
    uint64_t off = parse_hex(&s);
    uint64_t len = *s == ',' ? (s++, parse_hex(&s)) : 0;
    size_t total = strlen(text);
    if (off > total) {
        put_packet("E00");
        return;
    }
    if (len > PACKET_SIZE / 2 - 1)
        len = PACKET_SIZE / 2 - 1;
    size_t n = total - off < len ? total - off : (size_t)len;
    gdb.pkt[0] = off + n < total ? 'm' : 'l';
    size_t elen = escape_binary(gdb.pkt + 1, text + off, n);
    put_packet_len(gdb.pkt, elen + 1, true);
}

static void handle_xfer_features(const char *args)
{
    /* qXfer:features:read:ANNEX:OFFSET,LENGTH */
    const char *colon = strchr(args, ':');
    if (!colon || strncmp(args, gdb.arch->xml_name, (size_t)(colon - args)) != 0 ||
        strlen(gdb.arch->xml_name) != (size_t)(colon - args)) {
        put_packet("E00");
        return;
    }
    xfer_reply(colon + 1, gdb.arch->get_xml());
}

/* qXfer:exec-file:read:ANNEX:OFFSET,LENGTH (the annex, a pid, is ignored:
 * there is one process). */
static void handle_xfer_exec_file(const char *args)
{
    const char *path = gdb.target->exec_file ? gdb.target->exec_file() : NULL;
    const char *colon = strchr(args, ':');
    if (!path || !colon) {
        put_packet("E00");
        return;
    }
    xfer_reply(colon + 1, path);
}

/* qXfer:auxv:read::OFFSET,LENGTH */
static void handle_xfer_auxv(const char *args)
{
    if (*args != ':' || !gdb.target->read_auxv) {
        put_packet("E00");
        return;
    }
    args++;
    uint64_t off = parse_hex(&args);
    uint64_t len = *args == ',' ? (args++, parse_hex(&args)) : 0;
    uint8_t raw[PACKET_SIZE / 4];
    if (len > sizeof(raw))
        len = sizeof(raw);
    size_t n = gdb.target->read_auxv(off, raw, (size_t)len);
    gdb.pkt[0] = n < len || n == 0 ? 'l' : 'm';
    size_t elen = escape_binary(gdb.pkt + 1, (const char *)raw, n);
    put_packet_len(gdb.pkt, elen + 1, true);
}

static void handle_thread_info(void)
{
    static long ids[MAX_THREADS];
    int n = gdb.target->thread_list(ids, MAX_THREADS);
    if (n > MAX_THREADS)
        n = MAX_THREADS;
    char *p = gdb.pkt;
    *p++ = 'm';
    for (int i = 0; i < n && p < gdb.pkt + PACKET_SIZE - 24; i++)
        p += sprintf(p, "%s%lx", i ? "," : "", ids[i]);
    *p = 0;
    put_packet(gdb.pkt);
}

static bool handle_query(const char *q)
{
    char buf[128];
    if (!strncmp(q, "qSupported", 10)) {
        snprintf(buf, sizeof(buf),
                 "PacketSize=%x;qXfer:features:read+;%s%svContSupported+;QStartNoAckMode+",
                 PACKET_SIZE, gdb.target->read_auxv ? "qXfer:auxv:read+;" : "",
                 gdb.target->exec_file ? "qXfer:exec-file:read+;" : "");
        put_packet(buf);
    } else if (!strncmp(q, "qXfer:features:read:", 20)) {
        handle_xfer_features(q + 20);
    } else if (!strncmp(q, "qXfer:exec-file:read:", 21)) {
        handle_xfer_exec_file(q + 21);
    } else if (!strncmp(q, "qXfer:auxv:read:", 16)) {
        handle_xfer_auxv(q + 16);
    } else if (!strcmp(q, "qAttached") || !strncmp(q, "qAttached:", 10)) {
        put_packet("1");
    } else if (!strcmp(q, "qC")) {
        snprintf(buf, sizeof(buf), "QC%lx", gdb.last.tid);
        put_packet(buf);
    } else if (!strcmp(q, "qfThreadInfo")) {
        handle_thread_info();
    } else if (!strcmp(q, "qsThreadInfo")) {
        put_packet("l");
    } else if (!strcmp(q, "QStartNoAckMode")) {
        put_packet("OK");
        gdb.no_ack = true;
    } else if (gdb.target->query && gdb.target->query(q, buf, sizeof(buf))) {
        put_packet(buf);
    } else {
        return false;
    }
    return true;
}

/* -- Resuming -- */

/* Parses "vCont;ACTION[:TID];..." into actions; returns the count or -1. */
static int parse_vcont(const char *s, GdbResume *acts, int max)
{
    int n = 0;
    while (*s == ';' && n < max) {
        s++;
        GdbResume a = {.tid = -1, .sig = 0};
        char c = *s++;
        if (c == 'c' || c == 'C') {
            a.action = GDB_ACT_CONT;
        } else if (c == 's' || c == 'S') {
            a.action = GDB_ACT_STEP;
        } else {
            return -1;
        }
        if (c == 'C' || c == 'S')
            a.sig = gdb_signal_to_host((int)parse_hex(&s));
        if (*s == ':') {
            s++;
            a.tid = parse_tid(&s);
        }
        acts[n++] = a;
    }
    return *s ? -1 : n;
}

/* Lets the guest run, then waits for a stop event or Ctrl-C, stops every
 * thread and reports. Returns false if gdb went away meanwhile. */
static bool resume_and_wait(const GdbResume *acts, int n)
{
    gdb.target->resume(acts, n);
    int efd = gdb.target->event_fd();
    for (;;) {
        struct pollfd pfd[2] = {{.fd = gdb.fd, .events = POLLIN}, {.fd = efd, .events = POLLIN}};
        bool interrupt = false;
        if (poll(pfd, 2, -1) < 0) {
            if (errno == EINTR)
                continue;
            return false;
        }
        if ((pfd[0].revents & (POLLIN | POLLHUP | POLLERR)) && !fill_input())
            return false;
        /* While the guest runs gdb only sends Ctrl-C (and stray acks). */
        while (gdb.in_pos < gdb.in_len) {
            uint8_t c = gdb.in[gdb.in_pos];
            if (c == '$')
                break; /* a packet: keep it for after the stop */
            gdb.in_pos++;
            if (c == 0x03)
                interrupt = true;
        }
        if (!interrupt && !(pfd[1].revents & POLLIN))
            continue;
        GdbStop stop;
        if (!gdb.target->wait_stop(&stop, interrupt))
            continue;
        gdb.last = stop;
        gdb.g_tid = gdb.c_tid = stop.tid;
        reply_stop();
        return true;
    }
}

/* The old-style c/C/s/S: act on the Hc thread (or all, for c). */
static bool handle_old_resume(char cmd, const char *args)
{
    GdbResume a = {.tid = -1};
    a.action = (cmd == 's' || cmd == 'S') ? GDB_ACT_STEP : GDB_ACT_CONT;
    if (cmd == 'C' || cmd == 'S')
        a.sig = gdb_signal_to_host((int)parse_hex(&args));
    if (a.action == GDB_ACT_STEP) {
        a.tid = gdb.c_tid > 0 ? gdb.c_tid : gdb.last.tid;
        return resume_and_wait(&a, 1);
    }
    if (a.sig) { /* the signal goes to the thread that stopped */
        GdbResume two[2] = {{.tid = gdb.last.tid, .action = GDB_ACT_CONT, .sig = a.sig},
                            {.tid = -1, .action = GDB_ACT_CONT}};
        return resume_and_wait(two, 2);
    }
    return resume_and_wait(&a, 1);
}

/* -- The loop -- */

/* Serves one connection until gdb detaches or goes away. */
static void serve_session(void)
{
    for (;;) {
        int len = get_packet();
        if (len < 0)
            break;
        char *p = gdb.pkt;
        bool ok = true;
        switch (p[0]) {
        case 0x03: /* Ctrl-C while stopped: nothing to interrupt */
            break;
        case '?':
            reply_stop();
            break;
        case 'g':
            handle_read_regs();
            break;
        case 'G':
            handle_write_regs(p + 1);
            break;
        case 'p':
            handle_reg(p + 1, false);
            break;
        case 'P':
            handle_reg(p + 1, true);
            break;
        case 'm':
            handle_read_mem(p + 1);
            break;
        case 'M':
            handle_write_mem(p + 1, (size_t)len, false);
            break;
        case 'X':
            handle_write_mem(p + 1, (size_t)len, true);
            break;
        case 'Z':
        case 'z':
            handle_breakpoint(p + 1, p[0] == 'Z');
            break;
        case 'H': {
            const char *s = p + 2;
            long tid = parse_tid(&s);
            if (tid > 0 && !gdb.target->thread_cpu(tid)) {
                put_packet("E22");
                break;
            }
            if (p[1] == 'g')
                gdb.g_tid = tid;
            else
                gdb.c_tid = tid;
            put_packet("OK");
            break;
        }
        case 'T': {
            const char *s = p + 1;
            long tid = parse_tid(&s);
            put_packet(gdb.target->thread_cpu(tid) ? "OK" : "E22");
            break;
        }
        case 'c':
        case 'C':
        case 's':
        case 'S':
            ok = handle_old_resume(p[0], p + 1);
            break;
        case 'v':
            if (!strcmp(p, "vCont?")) {
                put_packet("vCont;c;C;s;S");
            } else if (!strncmp(p, "vCont;", 6)) {
                GdbResume acts[64];
                int n = parse_vcont(p + 5, acts, 64);
                if (n <= 0)
                    put_packet("E01");
                else
                    ok = resume_and_wait(acts, n);
            } else if (!strncmp(p, "vKill", 5)) {
                put_packet("OK");
                gdb.target->kill();
            } else {
                put_packet("");
            }
            break;
        case 'k':
            gdb.target->kill();
            break;
        case 'D':
            put_packet("OK");
            ok = false;
            break;
        case 'q':
        case 'Q':
            if (!handle_query(p))
                put_packet("");
            break;
        default:
            put_packet("");
            break;
        }
        if (!ok)
            break;
    }
    /* Detached or disconnected: the guest runs on without us. */
    __atomic_store_n(&gdb.attached, false, __ATOMIC_RELEASE);
    cpu_breakpoint_remove_all();
    gdb.target->detach();
    pthread_mutex_lock(&gdb.write_lock);
    close(gdb.fd);
    gdb.fd = -1;
    pthread_mutex_unlock(&gdb.write_lock);
}

static void *gdb_thread(void *arg)
{
    serve_session();
    return NULL;
}

void gdbserver_report_exit(int status, int sig)
{
    if (!gdbserver_attached())
        return;
    char buf[16];
    if (sig)
        snprintf(buf, sizeof(buf), "X%02x", gdb_signal_from_host(sig));
    else
        snprintf(buf, sizeof(buf), "W%02x", status & 0xff);
    /* No ack wait: the process ends right after, and the stub's own thread
     * may be reading the socket. */
    if (gdb.fd >= 0)
        put_packet_len(buf, strlen(buf), false);
}

void gdbserver_forget(void)
{
    if (!gdbserver_attached())
        return;
    __atomic_store_n(&gdb.attached, false, __ATOMIC_RELEASE);
    pthread_mutex_init(&gdb.write_lock, NULL);
    if (gdb.fd >= 0)
        close(gdb.fd);
    gdb.fd = -1;
    cpu_breakpoint_remove_all();
}

int gdbserver_listen(int port)
{
    int ls = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (ls < 0) {
        fprintf(stderr, "xrun: gdb stub: cannot create a socket: %s\n", strerror(errno));
        return -1;
    }
    int one = 1;
    setsockopt(ls, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
    struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (bind(ls, (struct sockaddr *)&sa, sizeof(sa)) < 0 || listen(ls, 1) < 0) {
        fprintf(stderr, "xrun: gdb stub: cannot listen on localhost:%d: %s\n", port,
                strerror(errno));
        close(ls);
        return -1;
    }
    fprintf(stderr, "xrun: waiting for gdb on localhost:%d\n", port);
    return ls;
}

/* Waits for gdb on ls; returns the connection, or -1 with a message. */
static int accept_gdb(int ls)
{
    int one = 1;
    int fd;
    do
        fd = accept4(ls, NULL, NULL, SOCK_CLOEXEC);
    while (fd < 0 && errno == EINTR);
    if (fd < 0) {
        fprintf(stderr, "xrun: gdb stub: accept failed: %s\n", strerror(errno));
        return -1;
    }
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
    return fd;
}

/* A connection begins: the target stops, the session's state is fresh. */
static void begin_session(int fd, const GdbArch *arch, const GdbTarget *target, long first_tid)
{
    static bool lock_ready;
    if (target->attach)
        target->attach();
    gdb.fd = fd;
    gdb.arch = arch;
    gdb.target = target;
    gdb.no_ack = false;
    gdb.g_tid = gdb.c_tid = 0;
    gdb.in_len = gdb.in_pos = 0;
    gdb.last = (GdbStop){.tid = first_tid, .sig = SIGTRAP};
    if (!lock_ready) {
        pthread_mutex_init(&gdb.write_lock, NULL);
        lock_ready = true;
    }
    __atomic_store_n(&gdb.attached, true, __ATOMIC_RELEASE);
}

static int gdbserver_accept(int ls, const GdbArch *arch, const GdbTarget *target, long first_tid)
{
    int fd = accept_gdb(ls);
    close(ls);
    if (fd < 0)
        return -1;
    begin_session(fd, arch, target, first_tid);

    /* The stub's thread takes no host signals: they belong to the guest.
     * All 64, through the raw call: glibc's sigfillset leaves out 32 and 33,
     * which a user-mode guest owns too. */
    uint64_t all = ~0ull, old;
    syscall(SYS_rt_sigprocmask, SIG_SETMASK, &all, &old, sizeof(all));
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
    pthread_t th;
    int err = pthread_create(&th, &attr, gdb_thread, NULL);
    pthread_attr_destroy(&attr);
    syscall(SYS_rt_sigprocmask, SIG_SETMASK, &old, NULL, sizeof(old));
    if (err) {
        fprintf(stderr, "xrun: gdb stub: cannot start its thread: %s\n", strerror(err));
        __atomic_store_n(&gdb.attached, false, __ATOMIC_RELEASE);
        close(fd);
        return -1;
    }
    return 0;
}

int gdbserver_serve(int ls, const GdbArch *arch, const GdbTarget *target, long first_tid)
{
    for (;;) {
        int fd = accept_gdb(ls);
        if (fd < 0) {
            close(ls);
            return -1;
        }
        begin_session(fd, arch, target, first_tid);
        serve_session();
    }
}

int gdbserver_start(int port, const GdbArch *arch, const GdbTarget *target, long first_tid)
{
    int ls = gdbserver_listen(port);
    return ls < 0 ? -1 : gdbserver_accept(ls, arch, target, first_tid);
}

long gdbserver_current_tid(void)
{
    long tid = __atomic_load_n(&gdb.g_tid, __ATOMIC_RELAXED);
    return tid > 0 ? tid : __atomic_load_n(&gdb.last.tid, __ATOMIC_RELAXED);
}
