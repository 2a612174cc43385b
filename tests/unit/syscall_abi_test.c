/*
 * The syscall ABIs (syscalls/abi.h): each number table against the guest's
 * own <asm/unistd.h>, the LP64 asm-generic table through the dispatcher
 * (64-bit pointers and lengths, one-register 64-bit arguments, LP64 struct
 * layouts), and argument decoding by width.
 *
 * (The LP64 table's strace lines and unsupported-call report are checked
 * with the others in tests/unit/syscall_test.c.)
 *
 * The number checks compile a file of _Static_asserts, generated from
 * syscalls/<guest>/nr.h, with the guest's cross compiler: a wrong number
 * fails the compile, and the test prints the compiler's message. A missing
 * compiler fails the test with a message.
 */
#include <criterion/criterion.h>
#include <fcntl.h>
#include <mqueue.h>
#include <signal.h>
#include <time.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "linux-user/arm/arm_user.h"
#include "linux-user/guest.h"
#include "syscalls/aarch64/aarch64_abi.h"
#include "syscalls/sys.h"

/* The loader's TB hooks are not needed: nothing is translated here. */
__attribute__((weak)) bool tb_invalidate_range(uint64_t start, uint64_t end, uintptr_t host_pc)
{
    return false;
}
__attribute__((weak)) void smc_page_prot_changed(uint64_t start, uint64_t end) {}

/* -- Numbers against the guest headers -- */

/* Compiles "name == __NR_name" for every line of nr_h (macro MACRO(n,
 * name)) with cc; returns the compiler's status, its output in log. */
static int check_numbers(const char *cc, const char *nr_h, const char *macro, char *log, size_t size)
{
    char nr[PATH_MAX], dir[] = "/tmp/xrun-nr-XXXXXX", src[PATH_MAX], cmd[3 * PATH_MAX];
    cr_assert(realpath(nr_h, nr), "%s not found: run the test from the source tree", nr_h);
    cr_assert(mkdtemp(dir));
    snprintf(src, sizeof(src), "%s/nr.c", dir);
    FILE *f = fopen(src, "w");
    cr_assert(f);
    fprintf(f, "#include <asm/unistd.h>\n#define %s(n, name) _Static_assert((n) == __NR_##name, #name);\n"
               "#include \"%s\"\n",
            macro, nr);
    fclose(f);
    snprintf(cmd, sizeof(cmd), "%s -fsyntax-only %s 2>&1; echo \"status $?\"; rm -rf %s", cc, src, dir);
    FILE *p = popen(cmd, "r");
    cr_assert(p);
    size_t n = fread(log, 1, size - 1, p);
    log[n] = 0;
    pclose(p);
    const char *st = strstr(log, "status ");
    return st ? atoi(st + 7) : -1;
}

static bool have_tool(const char *tool)
{
    char cmd[256];
    snprintf(cmd, sizeof(cmd), "command -v %s >/dev/null 2>&1", tool);
    return system(cmd) == 0;
}

Test(syscall_numbers, aarch64_table_matches_asm_unistd_h)
{
    cr_assert(have_tool("aarch64-linux-gnu-gcc"),
              "aarch64-linux-gnu-gcc is not installed: cannot check syscalls/aarch64/nr.h");
    char log[8192];
    int st = check_numbers("aarch64-linux-gnu-gcc", "syscalls/aarch64/nr.h", "AARCH64_SYSCALL", log,
                           sizeof(log));
    cr_expect_eq(st, 0, "syscalls/aarch64/nr.h disagrees with <asm/unistd.h>:\n%s", log);
}

Test(syscall_numbers, arm_table_matches_asm_unistd_h)
{
    cr_assert(have_tool("arm-linux-gnueabihf-gcc"),
              "arm-linux-gnueabihf-gcc is not installed: cannot check syscalls/arm/nr.h");
    char log[8192];
    int st = check_numbers("arm-linux-gnueabihf-gcc", "syscalls/arm/nr.h", "ARM_SYSCALL", log, sizeof(log));
    cr_expect_eq(st, 0, "syscalls/arm/nr.h disagrees with <asm/unistd.h>:\n%s", log);
}

/* -- The LP64 table through the dispatcher -- */

/* asm-generic numbers, as a guest program would pass them. */
enum { NR_getcwd = 17, NR_fcntl = 25, NR_openat = 56, NR_close = 57, NR_lseek = 62, NR_read = 63,
       NR_write = 64, NR_pread64 = 67, NR_fstat = 80, NR_getpid = 172, NR_mmap = 222 };

static void lp64_setup(void)
{
    sys_set_abi(&aarch64_sys_abi);
    cr_assert_eq(guest_space_init(32), 0);
}

static abi_long call(int nr, abi_long a0, abi_long a1, abi_long a2, abi_long a3, abi_long a4, abi_long a5)
{
    return do_syscall(NULL, nr, a0, a1, a2, a3, a4, a5);
}

Test(syscall_lp64, mmap_write_pread_and_fstat_use_lp64_conventions, .init = lp64_setup)
{
    cr_expect_eq(call(NR_getpid, 0, 0, 0, 0, 0, 0), getpid());
    abi_long buf = call(NR_mmap, 0, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    cr_assert_gt(buf, 0);
    char path[] = "/tmp/xrun-lp64-XXXXXX";
    int fd = mkstemp(path);
    cr_assert_geq(fd, 0);
    memcpy(g2h((uint64_t)buf), "0123456789", 10);
    /* A length with its upper half set would be cut by a 32-bit ABI. */
    cr_expect_eq(call(NR_write, fd, buf, 10, 0, 0, 0), 10);
    /* pread64's offset is one register: no pair, no padding. */
    cr_expect_eq(call(NR_pread64, fd, buf + 100, 4, 6, 0, 0), 4);
    cr_expect_eq(memcmp(g2h((uint64_t)buf + 100), "6789", 4), 0);
    cr_expect_eq(call(NR_lseek, fd, -3, SEEK_END, 0, 0, 0), 7, "lseek's offset is a signed long");
    /* fstat writes the LP64 struct stat: st_size at 48, 128 bytes. */
    memset(g2h((uint64_t)buf + 1024), 0xee, 256);
    cr_expect_eq(call(NR_fstat, fd, buf + 1024, 0, 0, 0, 0), 0);
    int64_t size;
    memcpy(&size, (uint8_t *)g2h((uint64_t)buf + 1024) + sys_layouts_lp64.stat.f_st_size.off, 8);
    cr_expect_eq(size, 10);
    cr_expect_eq(sys_layouts_lp64.stat.size, 128);
    cr_expect_eq(*((uint8_t *)g2h((uint64_t)buf + 1024) + 128), 0xee, "nothing written past the struct");
    cr_expect_eq(call(NR_close, fd, 0, 0, 0, 0, 0), 0);
    unlink(path);
}

Test(syscall_lp64, fcntl_getlk_takes_the_64bit_flock, .init = lp64_setup)
{
    char path[] = "/tmp/xrun-lp64-XXXXXX";
    int fd = mkstemp(path);
    cr_assert_geq(fd, 0);
    abi_long buf = call(NR_mmap, 0, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    cr_assert_gt(buf, 0);
    const typeof(sys_layouts_lp64.flock) *L = &sys_layouts_lp64.flock;
    uint8_t *g = g2h((uint64_t)buf);
    memset(g, 0, L->size);
    sys_field_put(g, L->f_l_type, F_WRLCK);
    sys_field_put(g, L->f_l_start, 1ull << 40);
    sys_field_put(g, L->f_l_len, 10);
    cr_expect_eq(call(NR_fcntl, fd, F_GETLK, buf, 0, 0, 0), 0);
    cr_expect_eq(sys_field_get(g, L->f_l_type), F_UNLCK, "no conflicting lock");
    /* F_GETLK64 (12) exists only on 32-bit-long ABIs. */
    cr_expect_eq(call(NR_fcntl, fd, 12, buf, 0, 0, 0), -EINVAL);
    close(fd);
    unlink(path);
}

Test(syscall_lp64, sigevent_and_mq_attr_use_lp64_longs, .init = lp64_setup)
{
    abi_long buf = call(NR_mmap, 0, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    cr_assert_gt(buf, 0);
    uint8_t *g = g2h((uint64_t)buf);
    const typeof(sys_layouts_lp64.sigevent) *S = &sys_layouts_lp64.sigevent;
    sys_field_put(g, S->f_sigev_value, 0x123456789abcull);
    sys_field_put(g, S->f_sigev_signo, SIGUSR1);
    sys_field_put(g, S->f_sigev_notify, SIGEV_SIGNAL);
    SysSigevent ev;
    cr_assert_eq(sys_get_sigevent(&ev, (abi_ulong)buf), 0);
    cr_expect_eq(ev.value, 0x123456789abcull, "sigev_value is pointer-wide");
    cr_expect_eq(ev.signo, SIGUSR1);
    cr_expect_eq(ev.notify, SIGEV_SIGNAL);
    /* timer_create (107) and timer_delete (111) through the table. */
    cr_expect_eq(call(107, CLOCK_MONOTONIC, buf, buf + 512, 0, 0, 0), 0);
    int32_t id;
    memcpy(&id, g + 512, 4);
    cr_expect_eq(call(111, id, 0, 0, 0, 0, 0), 0);

    /* mq_open (180) with an LP64 struct mq_attr, mq_getsetattr (185) back. */
    const typeof(sys_layouts_lp64.mq_attr) *Q = &sys_layouts_lp64.mq_attr;
    memset(g + 1024, 0, 128);
    sys_field_put(g + 1024, Q->f_mq_maxmsg, 3);
    sys_field_put(g + 1024, Q->f_mq_msgsize, 48);
    char name[32];
    snprintf(name, sizeof(name), "xrun-lp64-%d", (int)getpid());
    strcpy((char *)g + 2048, name);
    abi_long mq = call(180, buf + 2048, O_CREAT | O_RDWR, 0600, buf + 1024, 0, 0);
    cr_assert_geq(mq, 0, "mq_open: %lld", (long long)mq);
    memset(g + 1536, 0xee, 128);
    cr_expect_eq(call(185, mq, 0, buf + 1536, 0, 0, 0), 0);
    cr_expect_eq(sys_field_get(g + 1536, Q->f_mq_maxmsg), 3);
    cr_expect_eq(sys_field_get(g + 1536, Q->f_mq_msgsize), 48);
    cr_expect_eq(sys_field_get(g + 1536, Q->f_mq_curmsgs), 0);
    cr_expect_eq(Q->size, 64);
    close((int)mq);
    mq_unlink(name);
}

/* -- Argument decoding by width -- */

Test(syscall_abi, pointers_and_longs_follow_the_abi_width)
{
    abi_long reg = (abi_long)0xffffffff80001000ull;
    sys_set_abi(&arm_sys_abi);
    cr_expect_eq(GPTR(reg), 0x80001000u);
    cr_expect_eq(GULONG(reg), 0x80001000u);
    cr_expect_eq(GLONG(reg), (abi_long)(int32_t)0x80001000u);
    abi_long pair[2] = {0x89abcdef, 0x01234567};
    cr_expect_eq(sys_arg64(pair, 0), 0x0123456789abcdefll);
    cr_expect_eq(sys_arg64_next(0), 2);
    sys_set_abi(&aarch64_sys_abi);
    cr_expect_eq(GPTR(reg), (abi_ulong)reg);
    cr_expect_eq(GLONG(reg), reg);
    cr_expect_eq(sys_arg64(pair, 0), 0x89abcdef);
    cr_expect_eq(sys_arg64_next(0), 1);
}
