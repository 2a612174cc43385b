/* sys_sched_io — scheduling, priority and resource calls, and the file
 * range calls whose 64-bit arguments ARM passes in register pairs:
 * sched_{get,set}affinity, sched_{get,set}scheduler/param, priority
 * ranges, sched_rr_get_interval, get/setpriority, getcpu, prlimit,
 * personality, ioprio, statx, copy_file_range, splice, tee,
 * sync_file_range, posix_fadvise, fallocate, readahead. Portable: compared
 * with the native build; machine-dependent values are printed as
 * comparisons.
 * XRUN-CFLAGS: -D_FILE_OFFSET_BITS=64 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/personality.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include "xt.h"

static long res;
static int err;
#define CALL(expr) (errno = 0, res = (long)(expr), err = errno)
#define SHOW(name, expr)                                                                           \
    do {                                                                                           \
        CALL(expr);                                                                                \
        if (res < 0)                                                                               \
            printf("%s: -1 errno %d\n", name, err);                                                \
        else                                                                                       \
            printf("%s: %ld\n", name, res);                                                        \
    } while (0)

static void scheduling(void)
{
    cpu_set_t set;
    CPU_ZERO(&set);
    CHECK(sched_getaffinity(0, sizeof set, &set) == 0);
    int n = CPU_COUNT(&set);
    printf("affinity: some cpus %d, no more than configured %d\n", n > 0,
           n <= sysconf(_SC_NPROCESSORS_CONF));
    SHOW("sched_setaffinity same", sched_setaffinity(0, sizeof set, &set));
    cpu_set_t none;
    CPU_ZERO(&none);
    SHOW("sched_setaffinity empty", sched_setaffinity(0, sizeof none, &none));
    SHOW("raw sched_getaffinity tiny size", syscall(SYS_sched_getaffinity, 0, 1, &set));
    unsigned cpu = 999, node = 999;
    SHOW("getcpu", syscall(SYS_getcpu, &cpu, &node, NULL));
    printf("  cpu in range %d\n", cpu < 4096);

    SHOW("sched_getscheduler", sched_getscheduler(0));
    struct sched_param sp = {0};
    SHOW("sched_getparam", sched_getparam(0, &sp));
    printf("  priority %d\n", sp.sched_priority);
    SHOW("sched_setscheduler OTHER", sched_setscheduler(0, SCHED_OTHER, &sp));
    sp.sched_priority = 200;
    SHOW("sched_setscheduler FIFO 200", sched_setscheduler(0, SCHED_FIFO, &sp));
    SHOW("sched_setscheduler bad policy", sched_setscheduler(0, 77, &sp));
    printf("FIFO priorities %d..%d, OTHER %d..%d, bad policy %d\n",
           sched_get_priority_min(SCHED_FIFO), sched_get_priority_max(SCHED_FIFO),
           sched_get_priority_min(SCHED_OTHER), sched_get_priority_max(SCHED_OTHER),
           sched_get_priority_max(77));
    struct timespec ts = {-1, -1};
    SHOW("sched_rr_get_interval", sched_rr_get_interval(0, &ts));
    printf("  sane %d\n", ts.tv_sec >= 0 && ts.tv_nsec >= 0);
    SHOW("sched_yield", sched_yield());
}

static void priorities(void)
{
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        int before = getpriority(PRIO_PROCESS, 0);
        if (setpriority(PRIO_PROCESS, 0, before + 2) != 0)
            _exit(1);
        errno = 0;
        int after = getpriority(PRIO_PROCESS, 0);
        _exit(after == before + 2 && errno == 0 ? 0 : 2);
    }
    int st;
    waitpid(pid, &st, 0);
    printf("setpriority +2 then getpriority in a child: %d\n", WEXITSTATUS(st));
    SHOW("setpriority bad which", setpriority(99, 0, 0));
    errno = 0;
    int p = getpriority(PRIO_PROCESS, 0);
    printf("getpriority: in range %d errno %d\n", p >= -20 && p <= 19, errno);

    struct rlimit old, cur;
    CHECK(prlimit(0, RLIMIT_NOFILE, NULL, &old) == 0);
    struct rlimit lower = {old.rlim_cur > 64 ? 64 : old.rlim_cur, old.rlim_max};
    SHOW("prlimit set NOFILE", prlimit(0, RLIMIT_NOFILE, &lower, &cur));
    printf("  old returned %d\n", cur.rlim_cur == old.rlim_cur);
    CHECK(getrlimit(RLIMIT_NOFILE, &cur) == 0);
    printf("  now %lu\n", (unsigned long)cur.rlim_cur);
    CHECK(setrlimit(RLIMIT_NOFILE, &old) == 0);
    struct rlimit bad = {10, 5};
    SHOW("prlimit soft above hard", prlimit(0, RLIMIT_NOFILE, &bad, NULL));
    SHOW("prlimit bad resource", prlimit(0, 99, NULL, &cur));

    int pers = personality(0xffffffff);
    printf("personality: base PER_LINUX %d\n", (pers & PER_MASK) == PER_LINUX);
    SHOW("personality set same", personality(pers) == pers);
    SHOW("ioprio_get", syscall(SYS_ioprio_get, 1 /* IOPRIO_WHO_PROCESS */, 0) >= 0);
    SHOW("ioprio_set best-effort 4", syscall(SYS_ioprio_set, 1, 0, (2 << 13) | 4));
    SHOW("ioprio_get after", syscall(SYS_ioprio_get, 1, 0));
    SHOW("ioprio_set bad class", syscall(SYS_ioprio_set, 1, 0, (7 << 13) | 4));
}

static void file_ranges(void)
{
    char a[] = "/tmp/xrun-ranges-a-XXXXXX", b[] = "/tmp/xrun-ranges-b-XXXXXX";
    int fa = mkstemp(a), fb = mkstemp(b);
    char buf[64] = "0123456789abcdefghijklmnopqrstuvwxyz";
    CHECK(write(fa, buf, 36) == 36);

    struct statx stx;
    SHOW("statx", syscall(SYS_statx, AT_FDCWD, a, 0, STATX_BASIC_STATS, &stx));
    printf("  size %llu mode %o nlink %u basic mask %d\n", (unsigned long long)stx.stx_size,
           stx.stx_mode & 0777, stx.stx_nlink,
           (stx.stx_mask & STATX_BASIC_STATS) == STATX_BASIC_STATS);
    SHOW("statx bad flags", syscall(SYS_statx, AT_FDCWD, a, 0x80000000, STATX_BASIC_STATS, &stx));

    loff_t in = 10, out = 4;
    SHOW("copy_file_range", copy_file_range(fa, &in, fb, &out, 6, 0));
    printf("  offsets now %lld %lld\n", (long long)in, (long long)out);
    memset(buf, 0, sizeof buf);
    CHECK(pread(fb, buf, 10, 0) == 10);
    printf("  b holds a 4-byte hole %d, then \"%s\"\n", !buf[0] && !buf[1] && !buf[2] && !buf[3],
           buf + 4);
    SHOW("copy_file_range bad flags", copy_file_range(fa, &in, fb, &out, 6, 1));

    int p[2], q[2];
    CHECK(pipe(p) == 0 && pipe(q) == 0);
    loff_t off = 20;
    SHOW("splice file to pipe", splice(fa, &off, p[1], NULL, 8, 0));
    printf("  offset now %lld\n", (long long)off);
    SHOW("tee pipe to pipe", tee(p[0], q[1], 8, 0));
    char t1[16] = {0}, t2[16] = {0};
    CHECK(read(q[0], t1, 8) == 8);
    off = 30;
    SHOW("splice pipe to file", splice(p[0], NULL, fb, &off, 8, 0));
    CHECK(pread(fb, t2, 8, 30) == 8);
    printf("  tee copy \"%s\", file got \"%s\"\n", t1, t2);
    SHOW("splice offset on a pipe", splice(p[0], &off, fb, NULL, 8, 0));

    SHOW("sync_file_range", sync_file_range(fb, 0, 4096, SYNC_FILE_RANGE_WRITE));
    SHOW("sync_file_range bad flags", sync_file_range(fb, 0, 4096, 0x100));
    SHOW("sync_file_range negative offset", sync_file_range(fb, -1, 4096, 0));
    SHOW("sync_file_range on a pipe", sync_file_range(p[1], 0, 0, 0));
    printf("posix_fadvise: %d, bad advice %d, pipe %d, negative length %d\n",
           posix_fadvise(fa, 0, 1 << 20, POSIX_FADV_SEQUENTIAL), posix_fadvise(fa, 0, 0, 99),
           posix_fadvise(p[0], 0, 0, POSIX_FADV_NORMAL),
           posix_fadvise(fa, 0, -5, POSIX_FADV_NORMAL));
    /* Large offsets: the high words of the register pairs must arrive. */
    printf("posix_fadvise at 8 GiB: %d\n",
           posix_fadvise(fa, 8ll << 30, 1ll << 33, POSIX_FADV_WILLNEED));
    SHOW("fallocate 1 MiB at 4 GiB", fallocate(fb, FALLOC_FL_KEEP_SIZE, 4ll << 30, 1 << 20));
    SHOW("fallocate grow", fallocate(fb, 0, 0, 8192));
    struct stat st;
    CHECK(fstat(fb, &st) == 0);
    printf("  size %lld\n", (long long)st.st_size);
    SHOW("fallocate bad mode", fallocate(fb, 0x1000, 0, 4096));
    SHOW("fallocate zero length", fallocate(fb, 0, 0, 0));
    SHOW("readahead", readahead(fa, 0, 4096));
    SHOW("readahead on a pipe", readahead(p[0], 0, 4096));
    SHOW("ftruncate to 5 GiB", ftruncate(fb, 5ll << 30));
    CHECK(fstat(fb, &st) == 0);
    printf("  size %lld\n", (long long)st.st_size);
    SHOW("pwrite at 4 GiB + 1", pwrite(fb, "X", 1, (4ll << 30) + 1));
    char x = 0;
    SHOW("pread at 4 GiB + 1", pread(fb, &x, 1, (4ll << 30) + 1));
    printf("  read '%c'\n", x);
    close(p[0]);
    close(p[1]);
    close(q[0]);
    close(q[1]);
    close(fa);
    close(fb);
    unlink(a);
    unlink(b);
}

int main(void)
{
    scheduling();
    priorities();
    file_ranges();
    return xt_done();
}
