/*
 * -strace output, in the style of qemu -strace:
 *
 *     12345 openat(AT_FDCWD,"/etc/passwd",0x20000,0) = 3
 *     12345 read(3,0x7efff6a0,4096) = 1024
 *     12345 open("/nonexistent",0x0,0) = -1 errno=2 (No such file or directory)
 *
 * The call is printed before it runs (so a blocking or exiting call still
 * shows), the result after. Each part goes out in one write, so that lines
 * of a parent and child sharing stderr do not mix mid-call. Each table
 * entry gives one format char per argument register (see sys.h).
 */
#include <ctype.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <unistd.h>

#include "syscalls/sys.h"

enum { STRACE_MAX_STR = 64, STRACE_LINE = 512 };

/* One line being built (truncated if too long). */
typedef struct StraceBuf {
    char text[STRACE_LINE];
    size_t len;
} StraceBuf;

static void sb_printf(StraceBuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void sb_printf(StraceBuf *b, const char *fmt, ...)
{
    if (b->len >= sizeof(b->text) - 1)
        return;
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(b->text + b->len, sizeof(b->text) - b->len, fmt, ap);
    va_end(ap);
    if (n > 0)
        b->len += (size_t)n;
    if (b->len >= sizeof(b->text))
        b->len = sizeof(b->text) - 1;
}

static void sb_flush(StraceBuf *b)
{
    FILE *f = log_out ? log_out : stderr;
    fwrite(b->text, 1, b->len, f);
    fflush(f);
    b->len = 0;
}

static void strace_string(StraceBuf *f, abi_ulong addr)
{
    const char *s = addr ? sys_lock_str(addr) : NULL;
    if (!s) {
        if (addr)
            sb_printf(f, "0x%08llx", (unsigned long long)addr);
        else
            sb_printf(f, "NULL");
        return;
    }
    sb_printf(f, "\"");
    int i;
    for (i = 0; s[i] && i < STRACE_MAX_STR; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '"' || c == '\\')
            sb_printf(f, "\\%c", c);
        else if (c == '\n')
            sb_printf(f, "\\n");
        else if (isprint(c))
            sb_printf(f, "%c", c);
        else
            sb_printf(f, "\\%03o", c);
    }
    sb_printf(f, "\"%s", s[i] ? "..." : "");
}

/* -- Flag names (generic Linux values; open flags as the guest ABI has them) -- */

typedef struct FlagName {
    uint32_t bit;
    const char *name;
} FlagName;

static const FlagName open_flag_names[] = {
    {0x40, "O_CREAT"},      {0x80, "O_EXCL"},          {0x100, "O_NOCTTY"},
    {0x200, "O_TRUNC"},     {0x400, "O_APPEND"},       {0x800, "O_NONBLOCK"},
    {0x1000, "O_DSYNC"},    {0x2000, "O_ASYNC"},       {0x4000, "O_DIRECTORY"},
    {0x8000, "O_NOFOLLOW"}, {0x10000, "O_DIRECT"},     {0x20000, "O_LARGEFILE"},
    {0x40000, "O_NOATIME"}, {0x80000, "O_CLOEXEC"},    {0x100000, "__O_SYNC"},
    {0x200000, "O_PATH"},   {0x400000, "__O_TMPFILE"}, {0, NULL},
};

static const FlagName prot_names[] = {
    {0x1, "PROT_READ"},
    {0x2, "PROT_WRITE"},
    {0x4, "PROT_EXEC"},
    {0, NULL},
};

static const FlagName map_names[] = {
    {0x1, "MAP_SHARED"},
    {0x2, "MAP_PRIVATE"},
    {0x10, "MAP_FIXED"},
    {0x20, "MAP_ANONYMOUS"},
    {0x100, "MAP_GROWSDOWN"},
    {0x800, "MAP_DENYWRITE"},
    {0x1000, "MAP_EXECUTABLE"},
    {0x2000, "MAP_LOCKED"},
    {0x4000, "MAP_NORESERVE"},
    {0x8000, "MAP_POPULATE"},
    {0x10000, "MAP_NONBLOCK"},
    {0x20000, "MAP_STACK"},
    {0x100000, "MAP_FIXED_NOREPLACE"},
    {0, NULL},
};

/* SysV IPC: get flags (the low 9 bits are the mode) and ctl commands. */
static const FlagName ipc_flag_names[] = {
    {01000, "IPC_CREAT"},
    {02000, "IPC_EXCL"},
    {04000, "IPC_NOWAIT"},
    {0, NULL},
};

/* ctl commands 0-3 are common; the rest differ by family (C, E, Q). */
static const char *const ipc_cmd_common[] = {"IPC_RMID", "IPC_SET", "IPC_STAT", "IPC_INFO"};
static const char *const shm_cmd_names[] = {
    [11] = "SHM_LOCK", [12] = "SHM_UNLOCK", [13] = "SHM_STAT", [14] = "SHM_INFO",
    [15] = "SHM_STAT_ANY",
};
static const char *const sem_cmd_names[] = {
    [11] = "GETPID", [12] = "GETVAL",   [13] = "GETALL",   [14] = "GETNCNT",      [15] = "GETZCNT",
    [16] = "SETVAL", [17] = "SETALL",   [18] = "SEM_STAT", [19] = "SEM_INFO",     [20] = "SEM_STAT_ANY",
};
static const char *const msg_cmd_names[] = {
    [11] = "MSG_STAT", [12] = "MSG_INFO", [13] = "MSG_STAT_ANY",
};

/* "A|B|0x40" for the bits of v; first, if given, names the value 0 part. */
static void strace_flags(StraceBuf *f, uint32_t v, const FlagName *names, const char *first)
{
    bool any = false;
    if (first) {
        sb_printf(f, "%s", first);
        any = true;
    }
    for (const FlagName *n = names; n->name; n++) {
        if ((v & n->bit) == n->bit) {
            sb_printf(f, "%s%s", any ? "|" : "", n->name);
            v &= ~n->bit;
            any = true;
        }
    }
    if (v || !any)
        sb_printf(f, any ? "|0x%x" : "0x%x", v);
}

static void strace_ipc_flags(StraceBuf *f, uint32_t v)
{
    if (v & ~0777u) {
        strace_flags(f, v & ~0777u, ipc_flag_names, NULL);
        sb_printf(f, "|");
    }
    sb_printf(f, "%#o", v & 0777u);
}

static void strace_ipc_cmd(StraceBuf *f, uint32_t v, const char *const *names, size_t n)
{
    uint32_t cmd = v & ~0x100u;
    if (cmd < 4)
        sb_printf(f, "%s", ipc_cmd_common[cmd]);
    else if (cmd < n && names[cmd])
        sb_printf(f, "%s", names[cmd]);
    else
        sb_printf(f, "%u", cmd);
    if (v & 0x100u)
        sb_printf(f, "|IPC_64");
}

static void strace_open_flags(StraceBuf *f, uint32_t v)
{
    static const char *const acc[] = {"O_RDONLY", "O_WRONLY", "O_RDWR", "O_ACCMODE"};
    strace_flags(f, v & ~3u, open_flag_names, acc[v & 3]);
}

/* Prints one argument; returns how many registers it used. */
static int strace_arg(StraceBuf *f, char kind, const abi_long *a)
{
    uint32_t v = (uint32_t)a[0];
    switch (kind) {
    case 'd':
        sb_printf(f, "%d", (int32_t)v);
        return 1;
    case 'u':
        sb_printf(f, "%llu", (unsigned long long)GULONG(a[0]));
        return 1;
    case 'o':
        sb_printf(f, "%#o", v);
        return 1;
    case 'p':
        if (GPTR(a[0]))
            sb_printf(f, "0x%08llx", (unsigned long long)GPTR(a[0]));
        else
            sb_printf(f, "NULL");
        return 1;
    case 's':
        strace_string(f, GPTR(a[0]));
        return 1;
    case 'D':
        if ((int32_t)v == AT_FDCWD)
            sb_printf(f, "AT_FDCWD");
        else
            sb_printf(f, "%d", (int32_t)v);
        return 1;
    case 'L':
        sb_printf(f, "%lld", (long long)sys_arg64(a, 0));
        return sys_arg64_next(0);
    case 'f':
        strace_open_flags(f, v);
        return 1;
    case 'F':
        if (v)
            strace_flags(f, v, open_flag_names, NULL);
        else
            sb_printf(f, "0");
        return 1;
    case 'P':
        if (v)
            strace_flags(f, v, prot_names, NULL);
        else
            sb_printf(f, "PROT_NONE");
        return 1;
    case 'M':
        strace_flags(f, v, map_names, NULL);
        return 1;
    case 'K':
        if (v == 0)
            sb_printf(f, "IPC_PRIVATE");
        else
            sb_printf(f, "0x%x", v);
        return 1;
    case 'Y':
        strace_ipc_flags(f, v);
        return 1;
    case 'C':
        strace_ipc_cmd(f, v, shm_cmd_names, sizeof(shm_cmd_names) / sizeof(shm_cmd_names[0]));
        return 1;
    case 'E':
        strace_ipc_cmd(f, v, sem_cmd_names, sizeof(sem_cmd_names) / sizeof(sem_cmd_names[0]));
        return 1;
    case 'Q':
        strace_ipc_cmd(f, v, msg_cmd_names, sizeof(msg_cmd_names) / sizeof(msg_cmd_names[0]));
        return 1;
    case 'x':
    default:
        sb_printf(f, "0x%llx", (unsigned long long)GULONG(a[0]));
        return 1;
    }
}

static void strace_format_call(StraceBuf *b, const char *name, const char *fmt, const abi_long *a)
{
    sb_printf(b, "%d %s(", (int)gettid(), name); /* the pid, but per thread */
    bool first = true;
    for (int i = 0; fmt && fmt[0] && i < 6; fmt++) {
        if (*fmt == '-') {
            i++;
            continue;
        }
        if (!first)
            sb_printf(b, ",");
        first = false;
        if (*fmt == 'L' && i + sys_arg64_next(0) > 6)
            break;
        i += strace_arg(b, *fmt, a + i);
    }
    sb_printf(b, ")");
}

void sys_strace_pre(const char *name, const char *fmt, const abi_long *a, bool newline)
{
    StraceBuf b = {.len = 0};
    strace_format_call(&b, name, fmt, a);
    if (newline)
        sb_printf(&b, "\n");
    sb_flush(&b);
}

static void strace_result(StraceBuf *b, abi_long ret, bool hex)
{
    abi_long r = GLONG(ret);
    if (ret == -XRUN_ERESTARTSYS)
        sb_printf(b, " = ? (interrupted, to be restarted)\n");
    else if (ret == -XRUN_ENORETURN)
        sb_printf(b, " = ? (registers restored)\n");
    else if (r < 0 && r >= -4095)
        sb_printf(b, " = -1 errno=%d (%s)\n", (int)-r, strerror((int)-r));
    else if (hex)
        sb_printf(b, " = 0x%08llx\n", (unsigned long long)GULONG(ret));
    else
        sb_printf(b, " = %lld\n", (long long)ret);
}

void sys_strace_post(abi_long ret, bool hex)
{
    StraceBuf b = {.len = 0};
    strace_result(&b, ret, hex);
    sb_flush(&b);
}

void sys_strace_full(const char *name, const char *fmt, const abi_long *a, abi_long ret, bool hex)
{
    StraceBuf b = {.len = 0};
    strace_format_call(&b, name, fmt, a);
    strace_result(&b, ret, hex);
    sb_flush(&b);
}
