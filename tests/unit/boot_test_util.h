/*
 * Helpers shared by the loader and device-tree tests: a scratch directory
 * per test (Criterion runs tests in parallel), whole-file reads and writes,
 * and the tree qemu-system-arm dumps for a set of options, which both
 * suites compare against.
 */
#ifndef XRUN_TESTS_BOOT_TEST_UTIL_H
#define XRUN_TESTS_BOOT_TEST_UTIL_H

#include <criterion/criterion.h>
#include <libfdt.h>
#include <stdio.h>
#include <stdlib.h>

static inline void scratch_dir(char *dir, size_t n, const char *suite)
{
    snprintf(dir, n, "/tmp/%s.XXXXXX", suite);
    cr_assert_not_null(mkdtemp(dir), "mkdtemp %s failed", dir);
}

static inline void scratch_remove(const char *dir)
{
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    cr_assert_eq(system(cmd), 0, "%s failed", cmd);
}

static inline void write_file(const char *path, const void *data, size_t len)
{
    FILE *f = fopen(path, "wb");
    cr_assert_not_null(f, "cannot create %s", path);
    cr_assert_eq(fwrite(data, 1, len, f), len, "short write to %s", path);
    fclose(f);
}

static inline void *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    cr_assert_not_null(f, "cannot open %s", path);
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    void *buf = malloc(n > 0 ? (size_t)n : 1);
    cr_assert_eq(fread(buf, 1, (size_t)n, f), (size_t)n, "short read of %s", path);
    fclose(f);
    *len = (size_t)n;
    return buf;
}

/* Runs `qemu-system-arm -M virt,dumpdtb=DIR/qemu.dtb OPTS` and returns the
 * tree it dumps (malloc'd). A missing qemu fails the test with a message. */
static inline void *qemu_dtb(const char *dir, const char *opts)
{
    char cmd[1400], out[300], log[300];
    size_t len;

    cr_assert_eq(system("command -v qemu-system-arm >/dev/null 2>&1"), 0,
                 "qemu-system-arm not found: the tests compare with it "
                 "(bash tools/deps.sh installs it)");
    snprintf(out, sizeof out, "%s/qemu.dtb", dir);
    snprintf(log, sizeof log, "%s/qemu.log", dir);
    snprintf(cmd, sizeof cmd,
             "timeout 60 qemu-system-arm -M virt,dumpdtb=%s -nographic -nic none %s "
             "</dev/null >%s 2>&1", out, opts, log);
    int rc = system(cmd);
    cr_assert_eq(rc, 0, "qemu-system-arm failed (%d): %s", rc, cmd);
    void *fdt = read_file(out, &len);
    cr_assert_eq(fdt_check_full(fdt, len), 0, "qemu's dump %s is not a valid tree", out);
    return fdt;
}

#endif
