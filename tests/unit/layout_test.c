/*
 * The syscall layer's struct layouts (syscalls/layout.def) against the
 * guests' own headers: for each ABI, a program that prints offsetof and
 * sizeof of every listed member is generated from layout.def, built with
 * the guest's cross compiler against its kernel UAPI and libc headers, run
 * under qemu-user, and its output compared with xrun's table:
 *
 *     ARM EABI   arm-linux-gnueabihf-gcc, qemu-arm      arm_sys_layouts
 *     LP64       aarch64-linux-gnu-gcc, qemu-aarch64    sys_layouts_lp64
 *
 * Nothing is typed by hand here: both sides come from layout.def. A missing
 * compiler or emulator fails the test with a message.
 */
#include <criterion/criterion.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "linux-user/arm/arm_user.h"
#include "syscalls/layout.h"

/* -- xrun's side: every size and member of a table, by name -- */

typedef struct Row {
    char name[64];      /* "stat" (its size) or "stat.st_size" */
    unsigned off, size; /* size 0: absent */
    bool seen;
} Row;

enum { MAX_ROWS = 256 };

static size_t table_rows(const SysLayouts *L, Row *rows)
{
    size_t n = 0;
#define LAYOUT(slot, t32, t64)                                                                     \
    snprintf(rows[n].name, sizeof(rows[n].name), "%s", #slot);                                    \
    rows[n].off = 0, rows[n].size = L->slot.size, rows[n].seen = false, n++;
#define FIELD(slot, m)                                                                             \
    snprintf(rows[n].name, sizeof(rows[n].name), "%s.%s", #slot, #m);                             \
    rows[n].off = L->slot.f_##m.off, rows[n].size = L->slot.f_##m.size, rows[n].seen = false, n++;
#define FIELD32(slot, m) FIELD(slot, m)
#define END(slot)
#include "syscalls/layout.def"
#undef LAYOUT
#undef FIELD
#undef FIELD32
#undef END
    return n;
}

/* -- The guest's side -- */

/* The headers each set of layout.def needs (see its comment). */
static const char *const set_headers[3] = {
    NULL,
    "#include <asm/stat.h>\n#include <asm/statfs.h>\n#include <asm/fcntl.h>\n"
    "#include <asm/signal.h>\n#include <asm/siginfo.h>\n#include <linux/time.h>\n"
    "#include <linux/resource.h>\n"
    "#include <linux/times.h>\n#include <linux/eventpoll.h>\n#include <linux/sysinfo.h>\n"
    "#include <linux/mqueue.h>\n",
    "#include <sys/socket.h>\n#include <sys/uio.h>\n",
};

/* Printing macros over layout.def: "slot size N", "slot.m OFF SIZE", or
 * "slot.m 0 0" for a FIELD32 member of a 64-bit-long ABI. */
static const char dump_macros[] =
    "#include <stddef.h>\n#include <stdio.h>\n"
    "#if __SIZEOF_LONG__ == 4\n"
    "#define PICK(t32, t64) t32\n#define FIELD32(s, m) FIELD(s, m)\n"
    "#else\n"
    "#define PICK(t32, t64) t64\n#define FIELD32(s, m) printf(#s \".\" #m \" 0 0\\n\");\n"
    "#endif\n"
    "#define LAYOUT(s, t32, t64) { typedef PICK(t32, t64) T; printf(#s \" %zu\\n\", sizeof(T));\n"
    "#define FIELD(s, m) printf(#s \".\" #m \" %zu %zu\\n\", offsetof(T, m), sizeof(((T *)0)->m));\n"
    "#define END(s) }\n";

static bool have_tool(const char *tool)
{
    char cmd[256];
    snprintf(cmd, sizeof(cmd), "command -v %s >/dev/null 2>&1", tool);
    return system(cmd) == 0;
}

/* Builds and runs the dump of one set; returns its output (malloc'ed) or
 * NULL after reporting why. */
static char *guest_dump(const char *cc, const char *qemu, int set)
{
    char def[PATH_MAX], dir[] = "/tmp/xrun-layout-XXXXXX";
    if (!realpath("syscalls/layout.def", def)) {
        cr_log_error("syscalls/layout.def not found: run the test from the source tree");
        return NULL;
    }
    if (!mkdtemp(dir))
        return NULL;
    char src[PATH_MAX], exe[PATH_MAX], cmd[4 * PATH_MAX + 64];
    snprintf(src, sizeof(src), "%s/dump.c", dir);
    snprintf(exe, sizeof(exe), "%s/dump", dir);
    FILE *f = fopen(src, "w");
    cr_assert(f);
    fprintf(f, "#define LAYOUT_SET %d\n%s%s int main(void) {\n#include \"%s\"\nreturn 0; }\n", set,
            set_headers[set], dump_macros, def);
    fclose(f);
    snprintf(cmd, sizeof(cmd), "%s -static -O0 -w %s -o %s 2>&1 && %s %s", cc, src, exe, qemu, exe);
    FILE *p = popen(cmd, "r");
    cr_assert(p);
    size_t cap = 1 << 16, n = 0;
    char *out = calloc(1, cap);
    while (out && n + 1 < cap) {
        size_t k = fread(out + n, 1, cap - 1 - n, p);
        if (k == 0)
            break;
        n += k;
    }
    int st = pclose(p);
    snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
    if (system(cmd) != 0)
        cr_log_warn("could not remove %s", dir);
    if (st != 0) {
        cr_log_error("%s (set %d) failed:\n%s", cc, set, out ? out : "");
        free(out);
        return NULL;
    }
    return out;
}

/* Compares every line of out with rows; returns the mismatches. */
static int compare(const char *abi, char *out, Row *rows, size_t nrows)
{
    int bad = 0;
    for (char *save, *line = strtok_r(out, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        char name[64];
        unsigned a = 0, b = 0;
        int k = sscanf(line, "%63s %u %u", name, &a, &b);
        Row *r = NULL;
        for (size_t i = 0; i < nrows && !r; i++)
            if (!strcmp(rows[i].name, name))
                r = &rows[i];
        if (!r || k < 2) {
            cr_log_error("%s: unexpected dump line '%s'", abi, line);
            bad++;
            continue;
        }
        r->seen = true;
        bool is_size = !strchr(name, '.');
        unsigned off = is_size ? 0 : a, size = is_size ? a : b;
        if (r->off != off || r->size != size) {
            cr_log_error("%s %s: xrun has offset %u size %u, the guest headers %u and %u", abi, name,
                         r->off, r->size, off, size);
            bad++;
        }
    }
    return bad;
}

static void check_abi(const char *abi, const char *cc, const char *qemu, const SysLayouts *L)
{
    cr_assert(have_tool(cc), "%s is not installed: cannot check the %s layouts", cc, abi);
    cr_assert(have_tool(qemu), "%s is not installed: cannot check the %s layouts", qemu, abi);
    Row *rows = calloc(MAX_ROWS, sizeof(Row));
    size_t n = table_rows(L, rows);
    cr_assert(n > 0 && n < MAX_ROWS);
    int bad = 0;
    for (int set = 1; set <= 2; set++) {
        char *out = guest_dump(cc, qemu, set);
        cr_assert(out, "%s: the layout dump (set %d) did not run", abi, set);
        bad += compare(abi, out, rows, n);
        free(out);
    }
    for (size_t i = 0; i < n; i++) {
        if (!rows[i].seen) {
            cr_log_error("%s: the dump printed nothing for %s", abi, rows[i].name);
            bad++;
        }
    }
    free(rows);
    cr_expect_eq(bad, 0, "%s: %d layout numbers differ from the guest headers (see above)", abi, bad);
}

Test(layout, arm_eabi_matches_arm_linux_gnueabihf_headers, .timeout = 120)
{
    check_abi("ARM EABI", "arm-linux-gnueabihf-gcc", "qemu-arm", &arm_sys_layouts);
}

Test(layout, lp64_matches_aarch64_linux_gnu_headers, .timeout = 120)
{
    check_abi("LP64", "aarch64-linux-gnu-gcc", "qemu-aarch64", &sys_layouts_lp64);
}

/* The accessors themselves: widths, truncation, sign extension, absence. */
Test(layout, field_put_and_get_follow_the_member_size)
{
    uint8_t g[16];
    memset(g, 0xee, sizeof(g));
    SysField w4 = {4, 4}, w2 = {8, 2}, none = {12, 0};
    sys_field_put(g, w4, 0x1122334455667788ull);
    cr_assert_eq(sys_field_get(g, w4), 0x55667788u, "truncated to 4 bytes");
    cr_assert_eq(g[3], 0xee, "bytes before the member are kept");
    cr_assert_eq(g[8], 0xee, "bytes after the member are kept");
    sys_field_put(g, w2, (uint64_t)-2);
    cr_assert_eq(sys_field_get_s(g, w2), -2);
    cr_assert_eq(sys_field_get(g, w2), 0xfffe);
    sys_field_put(g, none, 42);
    cr_assert_eq(g[12], 0xee, "an absent member writes nothing");
    cr_assert_eq(sys_field_get(g, none), 0);
}
