/*
 * The AArch64 (LP64 asm-generic) syscall ABI: guest number -> handler,
 * strace format. An svc #0 passes the number in x8 and the arguments in
 * x0-x5; the result goes to x0:
 *
 *     x8 = 67 (pread64), x0 = fd, x1 = buf, x2 = count, x3 = offset
 *       -> sys_lp64_pread64(cpu, a) -> sys_do_pread64(fd, buf, count, offset)
 *
 * Pointers, longs and 64-bit values each fill one register, and structs
 * have the LP64 asm-generic layouts (syscalls/layout_lp64.c), so almost
 * every entry is a shared handler. The asm-generic table has no open,
 * stat, fork or poll: libc uses openat, newfstatat, clone and ppoll.
 * Calls whose structs the shared code has no LP64 layout for yet (the
 * SysV IPC *ctl structs, the old struct timex) are left out and fail with
 * ENOSYS, reported once. Numbers and names come from
 * syscalls/aarch64/nr.h.
 */
#include "syscalls/aarch64/aarch64_abi.h"
#include "syscalls/layout.h"
#include "syscalls/sys.h"

enum {
#define AARCH64_SYSCALL(n, name) A64_NR_##name = n,
#include "syscalls/aarch64/nr.h"
#undef AARCH64_SYSCALL
    A64_NR_TABLE_SIZE = 452,
};

static const char *const a64_sys_names[A64_NR_TABLE_SIZE] = {
#define AARCH64_SYSCALL(n, name) [n] = #name,
#include "syscalls/aarch64/nr.h"
#undef AARCH64_SYSCALL
};

#define E(name, fn, fmt) [A64_NR_##name] = {fn, fmt, 0}
#define EX(name, fn, fmt, fl) [A64_NR_##name] = {fn, fmt, fl}

static const SysEntry a64_sys_table[A64_NR_TABLE_SIZE] = {
#define SYSCALL_COMMON(name, fn, fmt, fl) [A64_NR_##name] = {fn, fmt, fl},
#include "syscalls/common.def"
#undef SYSCALL_COMMON
    /* -- AArch64's own forms -- */
    /* files */
    E(pread64, sys_lp64_pread64, "dpud"),
    E(pwrite64, sys_lp64_pwrite64, "dpud"),
    E(preadv, sys_lp64_preadv, "dpdd"),
    E(pwritev, sys_lp64_pwritev, "dpdd"),
    E(preadv2, sys_lp64_preadv2, "dpdd-x"),
    E(pwritev2, sys_lp64_pwritev2, "dpdd-x"),
    E(fcntl, sys_fcntl64, "ddx"),
    E(sendfile, sys_sendfile64, "ddpu"),
    E(fallocate, sys_lp64_fallocate, "dddd"),
    E(fadvise64, sys_lp64_fadvise64, "dddd"),
    E(readahead, sys_lp64_readahead, "ddu"),
    E(sync_file_range, sys_lp64_sync_file_range, "dddx"),
    /* directories and paths */
    E(fchown, sys_fchown32, "ddd"),
    E(newfstatat, sys_fstatat64, "Dspx"),
    E(fstat, sys_fstat64, "dp"),
    /* memory */
    EX(mmap, sys_mmap, "puPMdx", SE_HEX),
    /* processes and credentials */
    E(getuid, sys_getuid, ""),
    E(geteuid, sys_geteuid, ""),
    E(getgid, sys_getgid, ""),
    E(getegid, sys_getegid, ""),
    E(getresuid, sys_getresuid, "ppp"),
    E(getresgid, sys_getresgid, "ppp"),
    E(setuid, sys_setuid, "d"),
    E(setgid, sys_setgid, "d"),
    E(setreuid, sys_setreuid, "dd"),
    E(setregid, sys_setregid, "dd"),
    E(setresuid, sys_setresuid, "ddd"),
    E(setresgid, sys_setresgid, "ddd"),
    E(setfsuid, sys_setfsuid, "d"),
    E(setfsgid, sys_setfsgid, "d"),
    E(getgroups, sys_getgroups, "dp"),
    E(setgroups, sys_setgroups, "dp"),
    E(getrlimit, sys_getrlimit, "dp"),
    /* arm64 passes clone's tls before child_tid (CLONE_BACKWARDS), as
     * glibc's and musl's clone() do. */
    EX(clone, sys_clone_backwards, "xppxp", SE_AFTER),
    /* time */
    E(clock_adjtime, sys_clock_adjtime64, "dp"),
    E(adjtimex, sys_adjtimex64, "p"),
    /* SysV IPC */
    E(msgctl, sys_lp64_msgctl, "dQp"),
    E(shmctl, sys_lp64_shmctl, "dCp"),
    E(semctl, sys_lp64_semctl, "ddEx"),
};

const SysAbi aarch64_sys_abi = {
    .name = "lp64-generic",
    .table = a64_sys_table,
    .names = a64_sys_names,
    .table_size = A64_NR_TABLE_SIZE,
    .nr_restart_syscall = A64_NR_restart_syscall,
    .ptr_bits = 64,
    .long_bits = 64,
    .pair64 = false,
    .layouts = &sys_layouts_lp64,
    .shmlba = GUEST_PAGE_SIZE, /* the generic SHMLBA: one page (bits/shmlba.h) */
    /* asm/fcntl.h of arm64 keeps ARM's values of these four. */
    .o_directory = 0x4000,
    .o_nofollow = 0x8000,
    .o_direct = 0x10000,
    .o_largefile = 0x20000,
};
