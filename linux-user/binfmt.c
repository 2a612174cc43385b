/*
 * binfmt_misc registration: lets the kernel hand foreign programs to xrun,
 * so that `./hello-arm` runs as if the host were an ARM machine.
 *
 *   xrun --binfmt install   [--flags POCF] [--path FILE] [--force] [--name-prefix P]
 *   xrun --binfmt uninstall [--name-prefix P]
 *   xrun --binfmt status
 *
 * install writes one line per guest (binfmt_guest_at) to
 * /proc/sys/fs/binfmt_misc/register, e.g. for ARM
 *
 *   :xrun-arm:M:0:\x7f\x45\x4c\x46\x01\x01\x01\x00...:\xff\xff...:/usr/local/bin/xrun-static:POF
 *
 * with the magic and mask QEMU's qemu-binfmt-conf.sh uses for the same
 * machine (so both tools claim exactly the same files). A guest is one row
 * of the table; the entry is named <prefix><guest> (prefix "xrun-").
 *
 * What each flag makes the kernel do, and what main.c does with it:
 *   P  argv is [interpreter, path, original argv[0], args...] and AT_FLAGS
 *      carries AT_FLAGS_PRESERVE_ARGV0 (Linux 5.12+), so the guest keeps
 *      its own argv[0];
 *   O  the program is opened by the kernel and its fd passed in AT_EXECFD:
 *      the loader reads it from there (execute-only programs work);
 *   C  credentials come from the program (set-uid programs run with their
 *      euid; AT_SECURE is set for xrun and then for the guest); implies O;
 *   F  the interpreter is opened now, so a chroot needs no xrun inside it.
 *
 * Before registering, install refuses when an enabled entry of another
 * interpreter (qemu-arm, say) already claims files of the same guest:
 * binfmt_misc tries the newest entry first, so which one runs would depend
 * on registration order. --force disables (does not remove) such entries.
 */
#include <dirent.h>
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "linux-user/binfmt.h"
#include "linux-user/guest.h"
#include "xrun/util.h"

#define DEFAULT_PREFIX "xrun-"
#define DEFAULT_FLAGS (BINFMT_P | BINFMT_O | BINFMT_F)
/* The kernel rejects longer registration lines (MAX_REGISTER_LENGTH). */
#define MAX_REGISTER_LINE 1920

/* -- The guests -- */

/* Each guest's ELF header pattern lives in its descriptor (guests.c). */
size_t binfmt_guest_count(void) { return user_guest_count(); }

const BinfmtGuest *binfmt_guest_at(size_t i) { return &user_guest_at(i)->binfmt; }

/* -- Pure helpers -- */

int binfmt_parse_flags(const char *s)
{
    static const char letters[] = "POCF";
    unsigned flags = 0;
    for (; *s; s++) {
        const char *p = strchr(letters, *s);
        if (!p)
            return -1;
        unsigned bit = 1u << (p - letters);
        if (flags & bit)
            return -1;
        flags |= bit;
    }
    if (flags & BINFMT_C)
        flags |= BINFMT_O;
    return (int)flags;
}

void binfmt_flags_str(unsigned flags, char *buf)
{
    char *p = buf;
    if (flags & BINFMT_P)
        *p++ = 'P';
    if (flags & BINFMT_O)
        *p++ = 'O';
    if (flags & BINFMT_C)
        *p++ = 'C';
    if (flags & BINFMT_F)
        *p++ = 'F';
    *p = 0;
}

/* Hex string (up to the end of the line) -> bytes; returns the count or -1. */
static long parse_hex(const char *s, unsigned char *out, size_t max)
{
    size_t n = 0;
    while (*s && *s != '\n') {
        int hi = xr_hex_digit(s[0]), lo = hi < 0 ? -1 : xr_hex_digit(s[1]);
        if (lo < 0 || n == max)
            return -1;
        out[n++] = (unsigned char)(hi << 4 | lo);
        s += 2;
    }
    return (long)n;
}

/* Copies the rest of the line at s into buf. */
static void copy_line(const char *s, char *buf, size_t size)
{
    size_t n = strcspn(s, "\n");
    if (n >= size)
        n = size - 1;
    memcpy(buf, s, n);
    buf[n] = 0;
}

/* Entry file format (fs/binfmt_misc.c, entry_status):
 *   enabled|disabled
 *   interpreter PATH
 *   flags: POCF
 *   offset N        magic HEX     [mask HEX]      (magic entries)
 *   extension .EXT                                 (extension entries) */
int binfmt_parse_entry(const char *text, BinfmtEntry *e)
{
    bool have_state = false, have_magic = false, have_mask = false;
    long mask_len = 0;
    e->enabled = e->is_magic = false;
    e->interpreter[0] = 0;
    e->flags = 0;
    e->offset = 0;
    e->len = 0;
    for (const char *l = text; *l; l = strchr(l, '\n') ? strchr(l, '\n') + 1 : l + strlen(l)) {
        if (!strncmp(l, "enabled", 7) && (l[7] == '\n' || !l[7])) {
            e->enabled = have_state = true;
        } else if (!strncmp(l, "disabled", 8) && (l[8] == '\n' || !l[8])) {
            have_state = true;
        } else if (!strncmp(l, "interpreter ", 12)) {
            copy_line(l + 12, e->interpreter, sizeof(e->interpreter));
        } else if (!strncmp(l, "flags:", 6)) {
            /* Letters a later kernel may add are not ours to judge. */
            for (const char *p = l + 6; *p && *p != '\n'; p++) {
                char one[2] = { *p, 0 };
                int v = binfmt_parse_flags(one);
                if (v > 0)
                    e->flags |= (unsigned)v;
            }
        } else if (!strncmp(l, "offset ", 7)) {
            e->offset = (unsigned)strtoul(l + 7, NULL, 10);
        } else if (!strncmp(l, "magic ", 6)) {
            long n = parse_hex(l + 6, e->magic, sizeof(e->magic));
            if (n <= 0)
                return -1;
            e->len = (size_t)n;
            have_magic = e->is_magic = true;
        } else if (!strncmp(l, "mask ", 5)) {
            mask_len = parse_hex(l + 5, e->mask, sizeof(e->mask));
            have_mask = true;
        }
    }
    if (!have_state || !e->interpreter[0])
        return -1;
    if (have_magic && have_mask && mask_len != (long)e->len)
        return -1;
    if (have_magic && !have_mask)
        memset(e->mask, 0xff, e->len);
    return 0;
}

bool binfmt_entry_matches_guest(const BinfmtEntry *e, const BinfmtGuest *g)
{
    if (!e->is_magic)
        return false;
    size_t lo = e->offset > g->offset ? e->offset : g->offset;
    size_t ehi = e->offset + e->len, ghi = g->offset + g->len;
    size_t hi = ehi < ghi ? ehi : ghi;
    for (size_t pos = lo; pos < hi; pos++) {
        unsigned char em = e->mask[pos - e->offset], gm = g->mask[pos - g->offset];
        unsigned char ev = e->magic[pos - e->offset], gv = g->magic[pos - g->offset];
        if ((ev ^ gv) & em & gm)
            return false;
    }
    return true;
}

int binfmt_register_line(const BinfmtGuest *g, const char *name, const char *interp,
                         unsigned flags, char *buf, size_t size)
{
    char f[8];
    size_t n = 0;
    binfmt_flags_str(flags, f);
#define PUT(...)                                                       \
    do {                                                               \
        int k = snprintf(buf + n, n < size ? size - n : 0, __VA_ARGS__); \
        n += k > 0 ? (size_t)k : 0;                                    \
    } while (0)
    PUT(":%s:M:%u:", name, g->offset);
    for (size_t i = 0; i < g->len; i++)
        PUT("\\x%02x", g->magic[i]);
    PUT(":");
    for (size_t i = 0; i < g->len; i++)
        PUT("\\x%02x", g->mask[i]);
    PUT(":%s:%s", interp, f);
#undef PUT
    return n < size && n <= MAX_REGISTER_LINE ? 0 : -1;
}

/* -- The binfmt_misc file system -- */

static int err_msg(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static int err_msg(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    xr_verror(fmt, ap);
    va_end(ap);
    return 1;
}

/* Mounts binfmt_misc when its register file is missing (needs root). */
static int binfmt_mount(bool may_mount)
{
    if (access(BINFMT_DIR "/register", F_OK) == 0)
        return 0;
    if (!may_mount)
        return err_msg("binfmt_misc is not mounted on " BINFMT_DIR " (mounting it needs root)");
    if (mount("binfmt_misc", BINFMT_DIR, "binfmt_misc", 0, NULL) < 0)
        return err_msg("cannot mount binfmt_misc on " BINFMT_DIR ": %s%s", strerror(errno),
                       errno == ENOENT ? " (is the binfmt_misc module loaded?)" : "");
    if (access(BINFMT_DIR "/register", F_OK) < 0)
        return err_msg("binfmt_misc mounted on " BINFMT_DIR " has no register file");
    return 0;
}

/* Writes s to path in one write(); 0 or -errno. */
static int write_file(const char *path, const char *s)
{
    int fd = open(path, O_WRONLY | O_CLOEXEC);
    if (fd < 0)
        return -errno;
    size_t n = strlen(s);
    ssize_t w = write(fd, s, n);
    int err = w < 0 ? -errno : (size_t)w != n ? -EIO : 0;
    close(fd);
    return err;
}

static bool reserved_name(const char *n)
{
    return !strcmp(n, ".") || !strcmp(n, "..") || !strcmp(n, "register") || !strcmp(n, "status");
}

/* Reads BINFMT_DIR/name into e; 0, -1 if it is gone or unreadable. */
static int read_entry(const char *name, BinfmtEntry *e)
{
    char path[PATH_MAX], text[8192];
    snprintf(path, sizeof(path), BINFMT_DIR "/%s", name);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    ssize_t n = read(fd, text, sizeof(text) - 1);
    close(fd);
    if (n <= 0)
        return -1;
    text[n] = 0;
    snprintf(e->name, sizeof(e->name), "%s", name);
    return binfmt_parse_entry(text, e);
}

/* Every registered entry, sorted by name; *count set. NULL on error. */
static BinfmtEntry *read_entries(size_t *count)
{
    *count = 0;
    DIR *d = opendir(BINFMT_DIR);
    if (!d) {
        err_msg("cannot list " BINFMT_DIR ": %s", strerror(errno));
        return NULL;
    }
    BinfmtEntry *v = NULL;
    size_t n = 0, cap = 0;
    for (struct dirent *de; (de = readdir(d));) {
        if (reserved_name(de->d_name))
            continue;
        if (n == cap) {
            cap = cap ? cap * 2 : 16;
            BinfmtEntry *nv = realloc(v, cap * sizeof(*v));
            if (!nv) {
                free(v);
                closedir(d);
                err_msg("out of memory");
                return NULL;
            }
            v = nv;
        }
        if (read_entry(de->d_name, &v[n]) == 0)
            n++;
    }
    closedir(d);
    for (size_t i = 1; i < n; i++) /* insertion sort: a handful of entries */
        for (size_t j = i; j > 0 && strcmp(v[j - 1].name, v[j].name) > 0; j--) {
            BinfmtEntry t = v[j];
            v[j] = v[j - 1];
            v[j - 1] = t;
        }
    *count = n;
    return v ? v : calloc(1, sizeof(*v));
}

/* -- The interpreter file -- */

/* 1 if path is an ELF with a PT_INTERP (dynamically linked), 0 if not,
 * -1 if it is not an ELF file at all. */
static int elf_is_dynamic(const char *path)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    int r = -1;
    unsigned char id[EI_NIDENT];
    if (pread(fd, id, sizeof(id), 0) != sizeof(id) || memcmp(id, ELFMAG, SELFMAG))
        goto out;
    r = 0;
    if (id[EI_CLASS] == ELFCLASS64) {
        Elf64_Ehdr eh;
        Elf64_Phdr ph;
        if (pread(fd, &eh, sizeof(eh), 0) != sizeof(eh))
            goto out;
        for (unsigned i = 0; i < eh.e_phnum && i < 256; i++)
            if (pread(fd, &ph, sizeof(ph), (off_t)(eh.e_phoff + (uint64_t)i * sizeof(ph))) ==
                    sizeof(ph) && ph.p_type == PT_INTERP)
                r = 1;
    } else {
        Elf32_Ehdr eh;
        Elf32_Phdr ph;
        if (pread(fd, &eh, sizeof(eh), 0) != sizeof(eh))
            goto out;
        for (unsigned i = 0; i < eh.e_phnum && i < 256; i++)
            if (pread(fd, &ph, sizeof(ph), (off_t)(eh.e_phoff + (uint64_t)i * sizeof(ph))) ==
                    sizeof(ph) && ph.p_type == PT_INTERP)
                r = 1;
    }
out:
    close(fd);
    return r;
}

/* Checks the interpreter the entries will name; stores its absolute path. */
static int check_interpreter(const char *given, char *abs)
{
    if (!realpath(given, abs))
        return err_msg("--path %s: %s", given, strerror(errno));
    struct stat st;
    if (stat(abs, &st) < 0 || !S_ISREG(st.st_mode))
        return err_msg("--path %s: not a regular file", given);
    if (access(abs, X_OK) < 0)
        return err_msg("--path %s: not executable", given);
    if (strchr(abs, ':'))
        return err_msg("--path %s: binfmt_misc cannot register a path containing ':'", abs);
    if (elf_is_dynamic(abs) < 0)
        return err_msg("--path %s: not an ELF executable", given);
    return 0;
}

/* F keeps the interpreter file open, not its shared libraries. */
static void warn_if_dynamic(const char *interp, unsigned flags)
{
    if ((flags & BINFMT_F) && elf_is_dynamic(interp) == 1)
        fprintf(stderr,
                "xrun: warning: %s is dynamically linked: flag F keeps the file open, but its "
                "shared libraries are still looked up at each run, so programs in a chroot "
                "without them will fail (use the static build, xrun-static)\n",
                interp);
}

/* Before Linux 5.12 nothing tells the interpreter that P kept argv[0]
 * (AT_FLAGS_PRESERVE_ARGV0), so xrun would take it for an argument. */
static void warn_if_p_unsupported(unsigned flags)
{
    struct utsname u;
    unsigned major, minor;
    if (!(flags & BINFMT_P) || uname(&u) < 0 || sscanf(u.release, "%u.%u", &major, &minor) != 2)
        return;
    if (major < 5 || (major == 5 && minor < 12))
        fprintf(stderr,
                "xrun: warning: Linux %s does not tell the interpreter about flag P (5.12 "
                "does): programs would see their argv[0] twice; register without P\n",
                u.release);
}

/* Our own executable: the default --path. */
static int self_exe(char *buf, size_t size)
{
    ssize_t n = readlink("/proc/self/exe", buf, size - 1);
    if (n <= 0)
        return err_msg("cannot read /proc/self/exe: %s (give --path)", strerror(errno));
    buf[n] = 0;
    return 0;
}

static bool same_file(const char *a, const char *b)
{
    if (!strcmp(a, b))
        return true;
    struct stat sa, sb;
    return stat(a, &sa) == 0 && stat(b, &sb) == 0 && sa.st_dev == sb.st_dev &&
           sa.st_ino == sb.st_ino;
}

/* -- Commands -- */

typedef struct BinfmtArgs {
    const char *prefix;
    const char *path;
    unsigned flags;
    bool force;
} BinfmtArgs;

static bool valid_prefix(const char *p)
{
    if (!*p || strlen(p) > 64)
        return false;
    for (; *p; p++)
        if (*p == '/' || *p == ':' || *p == '\n' || *p == ' ')
            return false;
    return true;
}

static int cmd_install(const BinfmtArgs *a)
{
    char self[PATH_MAX], interp[PATH_MAX];
    const char *given = a->path;
    if (!given) {
        if (self_exe(self, sizeof(self)))
            return 1;
        given = self;
    }
    if (check_interpreter(given, interp))
        return 1;
    if (geteuid() != 0)
        return err_msg("--binfmt install needs root (binfmt_misc registration is privileged)");
    if (binfmt_mount(true))
        return 1;
    size_t n;
    BinfmtEntry *ents = read_entries(&n);
    if (!ents)
        return 1;

    /* Conflicts first, for every guest, so that nothing is half done. */
    int conflicts = 0;
    for (size_t g = 0; g < binfmt_guest_count(); g++) {
        char name[320];
        snprintf(name, sizeof(name), "%s%s", a->prefix, binfmt_guest_at(g)->name);
        for (size_t i = 0; i < n; i++) {
            const BinfmtEntry *e = &ents[i];
            if (!e->enabled || !strcmp(e->name, name) || same_file(e->interpreter, interp) ||
                !binfmt_entry_matches_guest(e, binfmt_guest_at(g)))
                continue;
            if (!a->force) {
                err_msg("binfmt_misc entry '%s' (interpreter %s) already handles %s programs; "
                        "remove or disable it first, or use --force to disable it",
                        e->name, e->interpreter, binfmt_guest_at(g)->desc);
                free(ents);
                return 1;
            }
            conflicts++;
        }
    }
    for (size_t g = 0; g < binfmt_guest_count() && conflicts; g++) {
        char name[320];
        snprintf(name, sizeof(name), "%s%s", a->prefix, binfmt_guest_at(g)->name);
        for (size_t i = 0; i < n; i++) {
            BinfmtEntry *e = &ents[i];
            if (!e->enabled || !strcmp(e->name, name) || same_file(e->interpreter, interp) ||
                !binfmt_entry_matches_guest(e, binfmt_guest_at(g)))
                continue;
            char path[PATH_MAX];
            snprintf(path, sizeof(path), BINFMT_DIR "/%s", e->name);
            int err = write_file(path, "0");
            if (err) {
                free(ents);
                return err_msg("cannot disable binfmt_misc entry '%s': %s", e->name,
                               strerror(-err));
            }
            e->enabled = false;
            printf("disabled binfmt_misc entry %s (interpreter %s); re-enable it with: "
                   "echo 1 > %s\n", e->name, e->interpreter, path);
        }
    }
    free(ents);

    warn_if_dynamic(interp, a->flags);
    warn_if_p_unsupported(a->flags);
    for (size_t g = 0; g < binfmt_guest_count(); g++) {
        const BinfmtGuest *gu = binfmt_guest_at(g);
        char name[320], path[PATH_MAX], line[4096], f[8];
        snprintf(name, sizeof(name), "%s%s", a->prefix, gu->name);
        snprintf(path, sizeof(path), BINFMT_DIR "/%s", name);
        if (binfmt_register_line(gu, name, interp, a->flags, line, sizeof(line)) < 0)
            return err_msg("%s: registration line too long (interpreter path %s)", name, interp);
        /* Re-installing replaces our entry (its path or flags may differ). */
        if (access(path, F_OK) == 0) {
            int err = write_file(path, "-1");
            if (err)
                return err_msg("cannot remove the old binfmt_misc entry %s: %s", name,
                               strerror(-err));
        }
        int err = write_file(BINFMT_DIR "/register", line);
        if (err)
            return err_msg("cannot register binfmt_misc entry %s: %s%s", name, strerror(-err),
                           err == -EPERM || err == -EACCES ? " (needs root)" : "");
        binfmt_flags_str(a->flags, f);
        printf("registered %s: %s programs -> %s (flags %s)\n", name, gu->desc, interp,
               f[0] ? f : "none");
    }
    return 0;
}

static int cmd_uninstall(const BinfmtArgs *a)
{
    if (geteuid() != 0)
        return err_msg("--binfmt uninstall needs root (binfmt_misc registration is privileged)");
    if (binfmt_mount(true))
        return 1;
    for (size_t g = 0; g < binfmt_guest_count(); g++) {
        char name[320], path[PATH_MAX];
        snprintf(name, sizeof(name), "%s%s", a->prefix, binfmt_guest_at(g)->name);
        snprintf(path, sizeof(path), BINFMT_DIR "/%s", name);
        if (access(path, F_OK) < 0) {
            printf("%s: not registered\n", name);
            continue;
        }
        int err = write_file(path, "-1");
        if (err)
            return err_msg("cannot remove binfmt_misc entry %s: %s", name, strerror(-err));
        printf("removed %s\n", name);
    }
    return 0;
}

static int cmd_status(void)
{
    if (binfmt_mount(geteuid() == 0))
        return 1;
    char state[32] = "unknown";
    FILE *f = fopen(BINFMT_DIR "/status", "r");
    if (f) {
        if (fgets(state, sizeof(state), f))
            state[strcspn(state, "\n")] = 0;
        fclose(f);
    }
    size_t n;
    BinfmtEntry *ents = read_entries(&n);
    if (!ents)
        return 1;
    printf("binfmt_misc on " BINFMT_DIR ": %s, %zu entr%s\n", state, n, n == 1 ? "y" : "ies");
    if (n)
        printf("%-24s %-8s %-5s %-6s %s\n", "NAME", "STATE", "FLAGS", "GUEST", "INTERPRETER");
    for (size_t i = 0; i < n; i++) {
        const BinfmtEntry *e = &ents[i];
        char fl[8], guests[64] = "";
        binfmt_flags_str(e->flags, fl);
        for (size_t g = 0; g < binfmt_guest_count(); g++)
            if (binfmt_entry_matches_guest(e, binfmt_guest_at(g))) {
                size_t len = strlen(guests);
                snprintf(guests + len, sizeof(guests) - len, "%s%s", len ? "," : "",
                         binfmt_guest_at(g)->name);
            }
        printf("%-24s %-8s %-5s %-6s %s\n", e->name, e->enabled ? "enabled" : "disabled",
               fl[0] ? fl : "-", guests[0] ? guests : "-", e->interpreter);
    }
    free(ents);
    return 0;
}

/* -- Command line -- */

int binfmt_main(int argc, char **argv)
{
    if (argc < 1)
        return err_msg("--binfmt needs install, uninstall or status (try -h)");
    const char *cmd = argv[0];
    BinfmtArgs a = { .prefix = DEFAULT_PREFIX, .flags = DEFAULT_FLAGS };
    bool flags_given = false, path_given = false;
    for (int i = 1; i < argc; i++) {
        const char *opt = argv[i];
        if (opt[0] == '-' && opt[1] == '-')
            opt++;
        if (!strcmp(opt, "-force")) {
            a.force = true;
            continue;
        }
        if (strcmp(opt, "-flags") && strcmp(opt, "-path") && strcmp(opt, "-name-prefix"))
            return err_msg("--binfmt: unknown option '%s' (try -h)", argv[i]);
        if (i + 1 >= argc)
            return err_msg("--binfmt: option '%s' needs an argument", argv[i]);
        const char *val = argv[++i];
        if (!strcmp(opt, "-flags")) {
            int v = binfmt_parse_flags(val);
            if (v < 0)
                return err_msg("--flags '%s': bad binfmt_misc flags (letters P, O, C, F, "
                               "each at most once)", val);
            a.flags = (unsigned)v;
            flags_given = true;
        } else if (!strcmp(opt, "-path")) {
            a.path = val;
            path_given = true;
        } else {
            if (!valid_prefix(val))
                return err_msg("--name-prefix '%s': must be 1-64 characters without '/', ':' "
                               "or blanks", val);
            a.prefix = val;
        }
    }
    if (!strcmp(cmd, "install"))
        return cmd_install(&a);
    if (flags_given || path_given || a.force)
        return err_msg("--binfmt %s takes no --flags, --path or --force", cmd);
    if (!strcmp(cmd, "uninstall"))
        return cmd_uninstall(&a);
    if (!strcmp(cmd, "status"))
        return cmd_status();
    return err_msg("--binfmt: unknown command '%s' (install, uninstall or status)", cmd);
}
