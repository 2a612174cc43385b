/*
 * Unit tests of the syscall layer: struct converters (syscalls/convert.c),
 * strace line formatting (SysV IPC names included), the unsupported-syscall
 * report and sysroot path lookups.
 *
 * The expected offsets and sizes are the ARM EABI ones of
 * syscalls/arm/eabi.h, computed once with arm-linux-gnueabihf-gcc (Debian
 * 12) from the guest headers (<asm/stat.h>, <asm/statfs.h>,
 * <linux/eventpoll.h>, <asm/fcntl.h>, <sys/socket.h>, ...) by a program
 * printing offsetof() run under qemu-arm, and pasted here as constants;
 * tests/unit/layout_test.c checks every table against the headers at test
 * time.
 */
#include <criterion/criterion.h>
#include <fcntl.h>
#include <limits.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/sysinfo.h>
#include <unistd.h>

#include "linux-user/arm/arm_user.h"
#include "linux-user/guest.h"
#include "syscalls/aarch64/aarch64_abi.h"
#include "syscalls/arm/eabi.h"
#include "syscalls/sys.h"

/* The table tests dispatch through the ARM EABI. */
__attribute__((constructor)) static void choose_arm(void) { user_guest_choose(&arm_user_guest); }

/* -- Layouts against the guest headers -- */

Test(syscall_layout, stat64_matches_arm_eabi)
{
    cr_expect_eq(sizeof(GuestStat64), 104);
    cr_expect_eq(offsetof(GuestStat64, st_dev), 0);
    cr_expect_eq(offsetof(GuestStat64, st_ino32), 12);
    cr_expect_eq(offsetof(GuestStat64, st_mode), 16);
    cr_expect_eq(offsetof(GuestStat64, st_nlink), 20);
    cr_expect_eq(offsetof(GuestStat64, st_uid), 24);
    cr_expect_eq(offsetof(GuestStat64, st_gid), 28);
    cr_expect_eq(offsetof(GuestStat64, st_rdev), 32);
    cr_expect_eq(offsetof(GuestStat64, st_size), 48);
    cr_expect_eq(offsetof(GuestStat64, st_blksize), 56);
    cr_expect_eq(offsetof(GuestStat64, st_blocks), 64);
    cr_expect_eq(offsetof(GuestStat64, st_atime_sec), 72);
    cr_expect_eq(offsetof(GuestStat64, st_atime_nsec), 76);
    cr_expect_eq(offsetof(GuestStat64, st_mtime_sec), 80);
    cr_expect_eq(offsetof(GuestStat64, st_ctime_sec), 88);
    cr_expect_eq(offsetof(GuestStat64, st_ino), 96);
}

Test(syscall_layout, statfs64_is_packed_to_84_bytes)
{
    cr_expect_eq(sizeof(GuestStatfs64), 84);
    cr_expect_eq(offsetof(GuestStatfs64, f_blocks), 8);
    cr_expect_eq(offsetof(GuestStatfs64, f_ffree), 40);
    cr_expect_eq(offsetof(GuestStatfs64, f_fsid), 48);
    cr_expect_eq(offsetof(GuestStatfs64, f_namelen), 56);
    cr_expect_eq(offsetof(GuestStatfs64, f_frsize), 60);
    cr_expect_eq(offsetof(GuestStatfs64, f_flags), 64);
    cr_expect_eq(offsetof(GuestStatfs64, f_spare), 68);
    cr_expect_eq(sizeof(GuestStatfs32), 64);
}

Test(syscall_layout, flock_layouts)
{
    cr_expect_eq(sizeof(GuestFlock64), 32);
    cr_expect_eq(offsetof(GuestFlock64, l_whence), 2);
    cr_expect_eq(offsetof(GuestFlock64, l_start), 8);
    cr_expect_eq(offsetof(GuestFlock64, l_len), 16);
    cr_expect_eq(offsetof(GuestFlock64, l_pid), 24);
    cr_expect_eq(sizeof(GuestFlock32), 16);
    cr_expect_eq(offsetof(GuestFlock32, l_start), 4);
    cr_expect_eq(offsetof(GuestFlock32, l_len), 8);
    cr_expect_eq(offsetof(GuestFlock32, l_pid), 12);
}

Test(syscall_layout, epoll_event_is_not_packed_on_arm)
{
    cr_expect_eq(sizeof(GuestEpollEvent), 16);
    cr_expect_eq(offsetof(GuestEpollEvent, data), 8);
}

Test(syscall_layout, rusage_sysinfo_and_time)
{
    cr_expect_eq(sizeof(GuestRusage32), 72);
    cr_expect_eq(offsetof(GuestRusage32, ru_maxrss), 16);
    cr_expect_eq(offsetof(GuestRusage32, ru_nivcsw), 68);
    cr_expect_eq(sizeof(GuestSysinfo32), 64);
    cr_expect_eq(offsetof(GuestSysinfo32, loads), 4);
    cr_expect_eq(offsetof(GuestSysinfo32, totalram), 16);
    cr_expect_eq(offsetof(GuestSysinfo32, procs), 40);
    cr_expect_eq(offsetof(GuestSysinfo32, totalhigh), 44);
    cr_expect_eq(offsetof(GuestSysinfo32, mem_unit), 52);
    cr_expect_eq(sizeof(GuestTimespec32), 8);
    cr_expect_eq(sizeof(GuestTimespec64), 16);
    cr_expect_eq(sizeof(GuestTimeval32), 8);
    cr_expect_eq(sizeof(GuestTms32), 16);
    cr_expect_eq(sizeof(GuestRlimit32), 8);
    cr_expect_eq(sizeof(GuestIovec32), 8);
}

Test(syscall_layout, msghdr_and_cmsghdr)
{
    cr_expect_eq(sizeof(GuestMsghdr32), 28);
    cr_expect_eq(offsetof(GuestMsghdr32, msg_iov), 8);
    cr_expect_eq(offsetof(GuestMsghdr32, msg_iovlen), 12);
    cr_expect_eq(offsetof(GuestMsghdr32, msg_control), 16);
    cr_expect_eq(offsetof(GuestMsghdr32, msg_controllen), 20);
    cr_expect_eq(offsetof(GuestMsghdr32, msg_flags), 24);
    cr_expect_eq(sizeof(GuestCmsghdr32), 12);
    cr_expect_eq(GUEST_CMSG_ALIGN(13), 16);
    cr_expect_eq(GUEST_CMSG_ALIGN(12), 12);
}

/* -- Conversions -- */

Test(syscall_convert, stat64_keeps_64bit_fields_and_truncates_ino32)
{
    struct stat h;
    memset(&h, 0, sizeof(h));
    h.st_dev = 0x0000000800000001ull;
    h.st_ino = 0x123456789abcull;
    h.st_mode = S_IFREG | 0644;
    h.st_nlink = 3;
    h.st_uid = 1000;
    h.st_gid = 100;
    h.st_size = 0x100000000ll + 5;
    h.st_blksize = 4096;
    h.st_blocks = 16;
    h.st_mtim.tv_sec = 1700000000;
    h.st_mtim.tv_nsec = 123456789;
    uint8_t buf[SYS_LAYOUT_MAX];
    memset(buf, 0xff, sizeof(buf));
    cr_expect_eq(sys_conv_stat(buf, &h), sizeof(GuestStat64));
    GuestStat64 g;
    memcpy(&g, buf, sizeof(g));
    cr_expect_eq(g.st_dev, 0x0000000800000001ull);
    cr_expect_eq(g.st_ino, 0x123456789abcull);
    cr_expect_eq(g.st_ino32, 0x56789abcu);
    cr_expect_eq(g.st_mode, S_IFREG | 0644);
    cr_expect_eq(g.st_nlink, 3);
    cr_expect_eq(g.st_size, 0x100000005ll);
    cr_expect_eq(g.st_blksize, 4096);
    cr_expect_eq(g.st_blocks, 16);
    cr_expect_eq(g.st_mtime_sec, 1700000000u);
    cr_expect_eq(g.st_mtime_nsec, 123456789u);
    cr_expect_eq(g.pad0[0], 0, "padding must be cleared");
}

Test(syscall_convert, statfs32_overflows_like_the_kernel)
{
    struct statfs h;
    memset(&h, 0, sizeof(h));
    h.f_bsize = 4096;
    h.f_blocks = 0x100000000ull;
    GuestStatfs32 g;
    cr_expect_eq(sys_conv_statfs32(&g, &h), -EOVERFLOW);
    h.f_blocks = 1000;
    h.f_files = UINT64_MAX; /* "no limit" stays -1 */
    cr_expect_eq(sys_conv_statfs32(&g, &h), 0);
    cr_expect_eq(g.f_blocks, 1000);
    cr_expect_eq(g.f_files, 0xffffffffu);
    GuestStatfs64 g64;
    uint8_t buf[SYS_LAYOUT_MAX];
    h.f_blocks = 0x100000000ull;
    cr_expect_eq(sys_conv_statfs(buf, &h), sizeof(g64));
    memcpy(&g64, buf, sizeof(g64));
    cr_expect_eq(g64.f_blocks, 0x100000000ull);
    cr_expect_eq(g64.f_bsize, 4096);
}

Test(syscall_convert, flock_round_trip)
{
    GuestFlock64 g = {.l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 1ll << 40, .l_len = 10};
    struct flock h;
    sys_conv_flock_from_guest(&h, &g);
    cr_expect_eq(h.l_type, F_WRLCK);
    cr_expect_eq(h.l_start, 1ll << 40);
    cr_expect_eq(h.l_len, 10);
    GuestFlock32 g32;
    cr_expect_eq(sys_conv_flock32_to_guest(&g32, &h), -EOVERFLOW);
    h.l_start = 100;
    h.l_pid = 42;
    cr_expect_eq(sys_conv_flock32_to_guest(&g32, &h), 0);
    cr_expect_eq(g32.l_start, 100);
    cr_expect_eq(g32.l_pid, 42);
}

Test(syscall_convert, epoll_event_data_moves_to_offset_8)
{
    struct epoll_event h = {.events = EPOLLIN | EPOLLOUT, .data.u64 = 0x1122334455667788ull};
    uint8_t raw[SYS_LAYOUT_MAX];
    cr_expect_eq(sys_conv_epoll_to_guest(raw, &h), 16);
    uint64_t data;
    memcpy(&data, raw + 8, 8);
    cr_expect_eq(data, 0x1122334455667788ull);
    struct epoll_event back;
    sys_conv_epoll_from_guest(&back, raw);
    cr_expect_eq(back.events, EPOLLIN | EPOLLOUT);
    cr_expect_eq(back.data.u64, 0x1122334455667788ull);
}

Test(syscall_convert, sysinfo_scales_mem_unit_to_fit_32_bits)
{
    struct sysinfo h;
    memset(&h, 0, sizeof(h));
    h.mem_unit = 1;
    h.totalram = 64ull << 30; /* 64 GiB does not fit 32 bits in bytes */
    h.freeram = 1ull << 30;
    h.procs = 7;
    uint8_t buf[SYS_LAYOUT_MAX];
    GuestSysinfo32 g;
    cr_expect_eq(sys_conv_sysinfo(buf, &h), sizeof(g));
    memcpy(&g, buf, sizeof(g));
    cr_expect_gt(g.mem_unit, 1);
    cr_expect_eq((uint64_t)g.totalram * g.mem_unit, 64ull << 30);
    cr_expect_eq((uint64_t)g.freeram * g.mem_unit, 1ull << 30);
    cr_expect_eq(g.procs, 7);
}

Test(syscall_convert, rusage_truncates_to_32bit_longs)
{
    struct rusage h;
    memset(&h, 0, sizeof(h));
    h.ru_utime.tv_sec = 3;
    h.ru_utime.tv_usec = 500;
    h.ru_maxrss = 12345;
    h.ru_nivcsw = 9;
    uint8_t buf[SYS_LAYOUT_MAX];
    GuestRusage32 g;
    cr_expect_eq(sys_conv_rusage(buf, &h), sizeof(g));
    memcpy(&g, buf, sizeof(g));
    cr_expect_eq(g.ru_utime.tv_sec, 3);
    cr_expect_eq(g.ru_utime.tv_usec, 500);
    cr_expect_eq(g.ru_maxrss, 12345);
    cr_expect_eq(g.ru_nivcsw, 9);
}

/* ARM values from the guest's <asm/fcntl.h>. */
enum {
    G_O_DIRECTORY = 0x4000,
    G_O_NOFOLLOW = 0x8000,
    G_O_DIRECT = 0x10000,
    G_O_LARGEFILE = 0x20000,
    G_O_CLOEXEC = 0x80000,
    G_O_NONBLOCK = 0x800,
    G_O_CREAT = 0x40,
    G_O_TMPFILE = 0x404000,
};

Test(syscall_convert, open_flags_move_the_arm_bits)
{
    cr_expect_eq(sys_open_flags_to_host(G_O_DIRECTORY), O_DIRECTORY);
    cr_expect_eq(sys_open_flags_to_host(G_O_NOFOLLOW), O_NOFOLLOW);
    cr_expect_eq(sys_open_flags_to_host(G_O_DIRECT), O_DIRECT);
    cr_expect_eq(sys_open_flags_to_host(G_O_CREAT | G_O_CLOEXEC | G_O_NONBLOCK | O_RDWR),
                 O_CREAT | O_CLOEXEC | O_NONBLOCK | O_RDWR);
    cr_expect_eq(sys_open_flags_to_host(G_O_TMPFILE | O_RDWR), O_TMPFILE | O_RDWR);
    /* The host reports O_LARGEFILE on a 64-bit kernel; the guest sees its own bit. */
    cr_expect_eq(sys_open_flags_to_guest(sys_open_flags_to_host(G_O_LARGEFILE | O_WRONLY)),
                 G_O_LARGEFILE | O_WRONLY);
    cr_expect_eq(sys_open_flags_to_guest(O_DIRECTORY | O_NOFOLLOW), G_O_DIRECTORY | G_O_NOFOLLOW);
}

Test(syscall_convert, pair64_joins_low_and_high_words)
{
    cr_expect_eq(sys_pair64(0x89abcdef, 0x01234567), 0x0123456789abcdefll);
    cr_expect_eq(sys_pair64(0xffffffff, 0xffffffff), -1);
    cr_expect_eq(sys_pair64((abi_long)-1, 0), 0xffffffffll, "only the low 32 bits of each half");
}

/* -- Strace lines and the unsupported-syscall report -- */

/* Runs fn with log_out redirected; returns what was written (static buffer). */
static const char *capture_log(void (*fn)(void))
{
    static char text[1024];
    FILE *saved = log_out;
    FILE *f = tmpfile();
    cr_assert_not_null(f);
    log_out = f;
    fn();
    log_out = saved;
    size_t n = (size_t)ftell(f);
    rewind(f);
    n = fread(text, 1, sizeof(text) - 1, f);
    text[n] = 0;
    fclose(f);
    return text;
}

static void strace_mmap2_line(void)
{
    const abi_long a[6] = {0, 8192, 3, 0x22, -1, 0};
    sys_strace_full("mmap2", "puPMdx", a, 0x40000000, true);
}

Test(syscall_strace, formats_flags_pointers_and_hex_result)
{
    char want[256];
    snprintf(
        want, sizeof(want),
        "%d mmap2(NULL,8192,PROT_READ|PROT_WRITE,MAP_PRIVATE|MAP_ANONYMOUS,-1,0x0) = 0x40000000\n",
        (int)getpid());
    cr_expect_str_eq(capture_log(strace_mmap2_line), want);
}

static void strace_open_error_line(void)
{
    /* No string argument here: formats that need guest memory are not used. */
    const abi_long a[6] = {-100, 0, 0x20000 | 0x80000 | 0x4000, 0};
    sys_strace_full("openat", "Dpfo", a, -ENOENT, false);
}

Test(syscall_strace, formats_dirfd_open_flags_and_errno)
{
    char want[256];
    snprintf(want, sizeof(want),
             "%d openat(AT_FDCWD,NULL,O_RDONLY|O_DIRECTORY|O_LARGEFILE|O_CLOEXEC,0)"
             " = -1 errno=2 (No such file or directory)\n",
             (int)getpid());
    cr_expect_str_eq(capture_log(strace_open_error_line), want);
}

static void strace_pair_line(void)
{
    /* ftruncate64(fd, pad, lo, hi): the pair prints as one 64-bit value. */
    const abi_long a[6] = {3, 0, 0x40000000, 1};
    sys_strace_full("ftruncate64", "d-L", a, 0, false);
}

Test(syscall_strace, joins_register_pairs)
{
    char want[128];
    snprintf(want, sizeof(want), "%d ftruncate64(3,5368709120) = 0\n", (int)getpid());
    cr_expect_str_eq(capture_log(strace_pair_line), want);
}

static void strace_ipc_lines(void)
{
    const abi_long get[6] = {0, 4096, 01000 | 02000 | 0600};
    sys_strace_full("shmget", "KuY", get, 7, false);
    const abi_long shm[6] = {7, 0x100 | 2, 0x1000};
    sys_strace_full("shmctl", "dCp", shm, 0, false);
    const abi_long sem[6] = {8, 1, 0x100 | 16, 5};
    sys_strace_full("semctl", "ddEx", sem, 0, false);
    const abi_long msg[6] = {9, 0x100 | 11, 0x2000};
    sys_strace_full("msgctl", "dQp", msg, 0, false);
    const abi_long key[6] = {0x1234, 0640};
    sys_strace_full("msgget", "KY", key, -ENOENT, false);
}

Test(syscall_strace, names_sysv_ipc_keys_flags_and_commands)
{
    char want[512];
    int pid = (int)getpid();
    snprintf(want, sizeof(want),
             "%d shmget(IPC_PRIVATE,4096,IPC_CREAT|IPC_EXCL|0600) = 7\n"
             "%d shmctl(7,IPC_STAT|IPC_64,0x00001000) = 0\n"
             "%d semctl(8,1,SETVAL|IPC_64,0x5) = 0\n"
             "%d msgctl(9,MSG_STAT|IPC_64,0x00002000) = 0\n"
             "%d msgget(0x1234,0640) = -1 errno=2 (No such file or directory)\n",
             pid, pid, pid, pid, pid);
    cr_expect_str_eq(capture_log(strace_ipc_lines), want);
}

static void unknown_twice(void)
{
    user_opts.strace = false;
    user_opts.log_mask = 0;
    /* 386 is bpf, which xrun does not implement. */
    cr_expect_eq(do_syscall(NULL, 386, 0, 0, 0, 0, 0, 0), -ENOSYS);
    cr_expect_eq(do_syscall(NULL, 386, 0, 0, 0, 0, 0, 0), -ENOSYS);
    cr_expect_eq(do_syscall(NULL, 499, 0, 0, 0, 0, 0, 0), -ENOSYS);
}

Test(syscall_table, unknown_syscall_is_enosys_and_reported_once)
{
    cr_expect_str_eq(capture_log(unknown_twice), "xrun: unsupported syscall 386 (bpf)\n"
                                                 "xrun: unsupported syscall 499 (unknown)\n");
}

/* The LP64 table: numbers named from it, 64-bit values printed whole. */
static void lp64_unknown(void)
{
    sys_set_abi(&aarch64_sys_abi);
    user_opts.strace = false;
    user_opts.log_mask = 0;
    cr_expect_eq(do_syscall(NULL, 280, 0, 0, 0, 0, 0, 0), -ENOSYS);
    cr_expect_eq(do_syscall(NULL, 280, 0, 0, 0, 0, 0, 0), -ENOSYS);
    cr_expect_eq(do_syscall(NULL, 4000, 0, 0, 0, 0, 0, 0), -ENOSYS);
}

Test(syscall_lp64, unknown_numbers_are_named_from_the_lp64_table)
{
    cr_expect_str_eq(capture_log(lp64_unknown), "xrun: unsupported syscall 280 (bpf)\n"
                                            "xrun: unsupported syscall 4000 (unknown)\n");
}

static void lp64_strace_line(void)
{
    sys_set_abi(&aarch64_sys_abi);
    const abi_long a[6] = {3, 0x5500001000ll, 1ll << 33, 0, 0, 0};
    sys_strace_full("read", "dpu", a, 0x5500002000ll, true);
}

Test(syscall_lp64, strace_prints_64bit_pointers_and_lengths_whole)
{
    char want[128];
    snprintf(want, sizeof(want), "%d read(3,0x5500001000,8589934592) = 0x5500002000\n", (int)gettid());
    cr_expect_str_eq(capture_log(lp64_strace_line), want);
}

/* -- Guest sysroot lookups -- */

Test(syscall_path, lookups_prefer_the_sysroot_copy)
{
    char root[] = "/tmp/xrun-sysroot-XXXXXX";
    cr_assert_not_null(mkdtemp(root));
    char dir[256], file[256], buf[PATH_MAX];
    snprintf(dir, sizeof(dir), "%s/lib", root);
    snprintf(file, sizeof(file), "%s/lib/libdemo.so", root);
    cr_assert_eq(mkdir(dir, 0755), 0);
    FILE *f = fopen(file, "w");
    cr_assert_not_null(f);
    fclose(f);

    const char *saved = user_opts.ld_prefix;
    user_opts.ld_prefix = root;
    cr_expect_str_eq(sys_path("/lib/libdemo.so", buf, sizeof(buf)), file);
    cr_expect_str_eq(sys_path("/lib/absent.so", buf, sizeof(buf)), "/lib/absent.so");
    cr_expect_str_eq(sys_path("lib/libdemo.so", buf, sizeof(buf)), "lib/libdemo.so",
                     "relative paths are never redirected");
    cr_expect_str_eq(sys_path("/proc/self/maps", buf, sizeof(buf)), "/proc/self/maps");
    user_opts.ld_prefix = "/";
    cr_expect_str_eq(sys_path("/lib/libdemo.so", buf, sizeof(buf)), "/lib/libdemo.so");
    user_opts.ld_prefix = saved;

    unlink(file);
    rmdir(dir);
    rmdir(root);
}

/* -- Directory cookies -- */

Test(syscall_dirent, offsets_fit_32_bits_and_seek_back)
{
    char root[] = "/tmp/xrun-dirent-XXXXXX";
    cr_assert_not_null(mkdtemp(root));
    char p[256];
    for (int i = 0; i < 50; i++) {
        snprintf(p, sizeof(p), "%s/entry%02d", root, i);
        FILE *f = fopen(p, "w");
        cr_assert_not_null(f);
        fclose(f);
    }
    int fd = open(root, O_RDONLY | O_DIRECTORY);
    cr_assert_geq(fd, 0);
    static uint8_t buf[32768];
    abi_long n = sys_dirent_getdents64(fd, buf, sizeof(buf));
    cr_assert_gt(n, 0);
    /* Every d_off fits a 32-bit off_t; remember the 10th entry's cookie
     * and the name that follows it. */
    int64_t cookie10 = -1;
    char after10[64] = "";
    int k = 0;
    for (abi_long pos = 0; pos < n; k++) {
        uint16_t reclen;
        int64_t off;
        memcpy(&reclen, buf + pos + 16, 2);
        memcpy(&off, buf + pos + 8, 8);
        cr_expect_leq(off, INT32_MAX, "entry %d: d_off %lld", k, (long long)off);
        if (k == 10)
            cookie10 = off;
        if (k == 11)
            snprintf(after10, sizeof(after10), "%s", (const char *)buf + pos + 19);
        pos += reclen;
    }
    cr_assert_eq(k, 52);
    /* Seeking to a cookie resumes right after its entry. */
    off_t r = lseek(fd, sys_dirent_off_to_host(fd, cookie10), SEEK_SET);
    cr_assert_neq(r, -1);
    cr_expect_eq(sys_dirent_off_to_guest(fd, r), cookie10);
    n = sys_dirent_getdents64(fd, buf, sizeof(buf));
    cr_assert_gt(n, 0);
    cr_expect_str_eq((const char *)buf + 19, after10);
    close(fd);
    for (int i = 0; i < 50; i++) {
        snprintf(p, sizeof(p), "%s/entry%02d", root, i);
        unlink(p);
    }
    rmdir(root);
}
