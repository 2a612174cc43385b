/* sys_more — the less common calls: mlock family (ENOMEM, EINVAL),
 * sched_getattr/sched_setattr, membarrier, pidfd_open + pidfd_send_signal
 * (with and without a siginfo) + poll on a child's pidfd + pidfd_getfd,
 * kcmp, process_vm_readv/writev on ourselves (partial transfer at a bad
 * segment), vmsplice both ways, name_to_handle_at/open_by_handle_at,
 * execveat (AT_FDCWD, a dirfd, AT_EMPTY_PATH, AT_SYMLINK_NOFOLLOW, bad
 * flags), epoll_pwait2 and the file ioctls (FIGETBSZ, FICLONE,
 * FS_IOC_GETFLAGS), the network interface ioctls (struct ifreq and
 * ifconf differ in size on 64-bit hosts). Portable: compared with the native build; results
 * that depend on the machine are printed as comparisons. */
#define _GNU_SOURCE
/* XRUN-XFAIL-QEMU: qemu 7.2 has no mlock2 nor process_vm_readv/writev (ENOSYS) */
#include <errno.h>
#include <arpa/inet.h>
#include <fcntl.h>
#include <net/if.h>
#include <netinet/in.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/timex.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <unistd.h>
#include "xt.h"

extern char **environ;

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

static void mlocks(void)
{
    char *p = mmap(NULL, 3 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    munmap(p + 2 * 4096, 4096);
    SHOW("mlock", mlock(p + 10, 100));
    SHOW("munlock", munlock(p, 4096));
    SHOW("mlock over a hole", mlock(p, 3 * 4096));
    SHOW("mlock2 MLOCK_ONFAULT", syscall(SYS_mlock2, p, 4096, 1));
    SHOW("mlock2 bad flags", syscall(SYS_mlock2, p, 4096, 2));
    SHOW("mlock len 0", mlock(p + 2 * 4096, 0));
    SHOW("mlockall 0", mlockall(0));
    SHOW("mlockall MCL_ONFAULT alone", mlockall(4));
    SHOW("mlockall MCL_CURRENT", mlockall(MCL_CURRENT));
    SHOW("munlockall", munlockall());
    munmap(p, 2 * 4096);
}

struct sched_attr_v0 {
    uint32_t size, policy;
    uint64_t flags;
    int32_t nice;
    uint32_t priority;
    uint64_t runtime, deadline, period;
};

static void sched_and_barriers(void)
{
    struct sched_attr_v0 at;
    memset(&at, 0, sizeof at);
    SHOW("sched_getattr", syscall(SYS_sched_getattr, 0, &at, sizeof at, 0));
    printf("  size %u policy %u nice %d\n", at.size, at.policy, at.nice);
    at.size = sizeof at;
    SHOW("sched_setattr same", syscall(SYS_sched_setattr, 0, &at, 0));
    SHOW("sched_getattr small size", syscall(SYS_sched_getattr, 0, &at, 8, 0));
    CALL(syscall(SYS_membarrier, 0, 0, 0));
    printf("membarrier query: %s\n", res > 0 ? "some commands" : res == 0 ? "none" : "error");
    SHOW("membarrier register private expedited", syscall(SYS_membarrier, 1 << 4, 0, 0));
    SHOW("membarrier private expedited", syscall(SYS_membarrier, 1 << 3, 0, 0));
    SHOW("membarrier bad command", syscall(SYS_membarrier, 1 << 30, 0, 0));
}

static volatile int got_sig, got_code, got_value;
static void on_usr1(int sig, siginfo_t *si, void *uc)
{
    got_sig = sig;
    got_code = si->si_code;
    got_value = si->si_value.sival_int;
}

static void pidfds(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_usr1;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGUSR1, &sa, NULL);
    int pfd = syscall(SYS_pidfd_open, getpid(), 0);
    printf("pidfd_open self: %s\n", pfd >= 0 ? "fd" : "failed");
    SHOW("pidfd_send_signal", syscall(SYS_pidfd_send_signal, pfd, SIGUSR1, NULL, 0));
    printf("  handler: sig %d code %d\n", got_sig, got_code);
    siginfo_t si;
    memset(&si, 0, sizeof si);
    si.si_signo = SIGUSR1;
    si.si_code = SI_QUEUE;
    si.si_pid = getpid();
    si.si_uid = getuid();
    si.si_value.sival_int = 1234;
    got_sig = 0;
    SHOW("pidfd_send_signal with info", syscall(SYS_pidfd_send_signal, pfd, SIGUSR1, &si, 0));
    printf("  handler: sig %d code %d value %d\n", got_sig, got_code, got_value);
    SHOW("pidfd_send_signal 0", syscall(SYS_pidfd_send_signal, pfd, 0, NULL, 0));
    SHOW("pidfd_send_signal bad flags", syscall(SYS_pidfd_send_signal, pfd, 0, NULL, 1));
    int dupfd = syscall(SYS_pidfd_getfd, pfd, 1, 0);
    printf("pidfd_getfd of stdout: %s, same file %d\n", dupfd >= 0 ? "fd" : "failed",
           dupfd >= 0 && syscall(SYS_kcmp, getpid(), getpid(), 0 /* KCMP_FILE */, 1, dupfd) == 0);
    close(dupfd);
    close(pfd);
    SHOW("pidfd_open bad pid", syscall(SYS_pidfd_open, -5, 0));

    pid_t child = fork();
    if (child == 0) {
        usleep(50 * 1000);
        _exit(4);
    }
    int cfd = syscall(SYS_pidfd_open, child, 0);
    struct pollfd pf = {cfd, POLLIN, 0};
    int n = poll(&pf, 1, 5000);
    printf("poll on a child's pidfd: %d, POLLIN %d\n", n, (pf.revents & POLLIN) != 0);
    int st;
    waitpid(child, &st, 0);
    printf("  child status %d\n", WEXITSTATUS(st));
    close(cfd);
    int fd = open("/dev/null", O_RDONLY);
    printf("kcmp KCMP_FILE dup: %ld, KCMP_VM self: %ld\n",
           syscall(SYS_kcmp, getpid(), getpid(), 0, fd, fd),
           syscall(SYS_kcmp, getpid(), getpid(), 1, 0, 0));
    close(fd);
}

static void process_vm(void)
{
    static char src[64] = "process_vm source text", dst[64], two[8];
    struct iovec local[2] = {{dst, 10}, {two, 8}};
    struct iovec remote[1] = {{src, 18}};
    SHOW("process_vm_readv self", syscall(SYS_process_vm_readv, getpid(), local, 2, remote, 1, 0));
    printf("  got \"%.10s\" \"%.8s\"\n", dst, two);
    struct iovec bad[2] = {{src, 7}, {(void *)16, 8}};
    memset(dst, 0, sizeof dst);
    struct iovec l1[1] = {{dst, 20}};
    SHOW("process_vm_readv partial", syscall(SYS_process_vm_readv, getpid(), l1, 1, bad, 2, 0));
    SHOW("process_vm_readv flags", syscall(SYS_process_vm_readv, getpid(), l1, 1, remote, 1, 1));
    static char target[16] = "xxxxxxxxxxxxxxx";
    struct iovec w_local[1] = {{"WRITTEN", 7}}, w_remote[1] = {{target + 4, 7}};
    SHOW("process_vm_writev self",
         syscall(SYS_process_vm_writev, getpid(), w_local, 1, w_remote, 1, 0));
    printf("  target \"%s\"\n", target);
}

static void splices(void)
{
    int p[2];
    CHECK(pipe(p) == 0);
    char in[] = "vmsplice data";
    struct iovec iv = {in, sizeof in - 1};
    SHOW("vmsplice into a pipe", vmsplice(p[1], &iv, 1, 0));
    char out[32] = {0};
    struct iovec ov = {out, 8};
    SHOW("vmsplice out of a pipe", vmsplice(p[0], &ov, 1, 0));
    printf("  got \"%s\"\n", out);
    SHOW("vmsplice bad fd", vmsplice(-1, &iv, 1, 0));
    close(p[0]);
    close(p[1]);
}

static void handles(void)
{
    char path[] = "/tmp/xrun-more-XXXXXX";
    int fd = mkstemp(path);
    CHECK(write(fd, "handle", 6) == 6);
    close(fd);
    struct {
        uint32_t bytes;
        int type;
        unsigned char h[128];
    } fh;
    fh.bytes = 128;
    int mount_id;
    CALL(syscall(SYS_name_to_handle_at, AT_FDCWD, path, &fh, &mount_id, 0));
    printf("name_to_handle_at: %s\n", res == 0 ? "ok" : err == EOPNOTSUPP ? "EOPNOTSUPP" : "other");
    if (res == 0) {
        int mfd = open("/tmp", O_RDONLY | O_DIRECTORY);
        CALL(syscall(SYS_open_by_handle_at, mfd, &fh, O_RDONLY));
        char buf[8] = {0};
        if (res >= 0) {
            printf("open_by_handle_at: reads %ld \"%s\"\n", (long)read((int)res, buf, 6), buf);
            close((int)res);
        } else {
            printf("open_by_handle_at: errno %d\n", err);
        }
        close(mfd);
    }
    fh.bytes = 0;
    SHOW("name_to_handle_at small buffer",
         syscall(SYS_name_to_handle_at, AT_FDCWD, path, &fh, &mount_id, 0));
    printf("  needed bytes > 0 %d\n", fh.bytes > 0);
    SHOW("name_to_handle_at too big",
         (fh.bytes = 4096, syscall(SYS_name_to_handle_at, AT_FDCWD, path, &fh, &mount_id, 0)));

    fd = open(path, O_RDONLY);
    int bsz = 0;
    SHOW("FIGETBSZ", ioctl(fd, 2, &bsz));
    printf("  block size > 0 %d\n", bsz > 0);
    int fd2 = open(path, O_RDWR);
    CALL(ioctl(fd2, 0x40049409 /* FICLONE */, fd));
    printf("FICLONE: %s\n", res == 0 ? "cloned" : err == ENOTTY ? "ENOTTY" : "not supported here");
    int flags = -1;
    CALL(ioctl(fd, sizeof(long) == 8 ? 0x80086601 : 0x80046601 /* FS_IOC_GETFLAGS */, &flags));
    printf("FS_IOC_GETFLAGS: %s\n", res == 0 && flags != -1 ? "flags"
                                    : err == ENOTTY         ? "ENOTTY"
                                                            : "other");
    close(fd);
    close(fd2);
    unlink(path);
}

static void openat2s(void)
{
    struct {
        uint64_t flags, mode, resolve, extra;
    } how = {O_RDONLY, 0, 0, 0};
    CALL(syscall(SYS_openat2, AT_FDCWD, "/proc/self/exe", &how, 24));
    printf("openat2 plain: %s\n", res >= 0 ? "fd" : "failed");
    if (res >= 0)
        close((int)res);
    char link[] = "/tmp/xrun-more-o2-XXXXXX";
    int lfd = mkstemp(link);
    close(lfd);
    unlink(link);
    CHECK(symlink("/dev/null", link) == 0);
    how.resolve = 0x04; /* RESOLVE_NO_SYMLINKS */
    SHOW("openat2 RESOLVE_NO_SYMLINKS on a symlink",
         syscall(SYS_openat2, AT_FDCWD, link, &how, 24));
    unlink(link);
    int dir = open("/tmp", O_RDONLY | O_DIRECTORY);
    how.resolve = 0x08; /* RESOLVE_BENEATH */
    SHOW("openat2 RESOLVE_BENEATH escaping", syscall(SYS_openat2, dir, "../etc/passwd", &how, 24));
    close(dir);
    how.resolve = 0;
    SHOW("openat2 size 16", syscall(SYS_openat2, AT_FDCWD, "/dev/null", &how, 16));
    how.mode = 0644;
    SHOW("openat2 mode without O_CREAT", syscall(SYS_openat2, AT_FDCWD, "/dev/null", &how, 24));
    how.mode = 0;
    how.extra = 1;
    SHOW("openat2 nonzero tail", syscall(SYS_openat2, AT_FDCWD, "/dev/null", &how, 32));
    how.extra = 0;
    CALL(syscall(SYS_openat2, AT_FDCWD, "/dev/null", &how, 32));
    printf("openat2 zero tail: %s\n", res >= 0 ? "fd" : "failed");
    if (res >= 0)
        close((int)res);

    char *p = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    SHOW("pkey_mprotect default key",
         syscall(SYS_pkey_mprotect, p, 4096, PROT_READ | PROT_WRITE, -1));
    p[0] = 1;
    munmap(p, 4096);
}

static void adjtimes(void)
{
    struct timex tx;
    memset(&tx, 0, sizeof tx);
    int r = adjtimex(&tx);
    printf("adjtimex read: state %s, tick > 0 %d\n", r >= 0 && r <= 5 ? "valid" : "bad",
           tx.tick > 0);
    memset(&tx, 0, sizeof tx);
    CALL(syscall(SYS_adjtimex, &tx));
    printf("raw adjtimex read: state %s, tick > 0 %d\n", res >= 0 && res <= 5 ? "valid" : "bad",
           tx.tick > 0);
    struct ntptimeval nt;
    r = ntp_gettime(&nt);
    printf("ntp_gettime: %s\n", r >= 0 && r <= 5 ? "valid" : "bad");
    SHOW("adjtimex bad pointer", syscall(SYS_adjtimex, (void *)16));
}

/* The 16-bit id calls exist on ARM only; natively the lines print what
 * the ARM calls must give. */
static unsigned low16(unsigned id)
{
    return id > 0xffff ? 65534 : id;
}

static void ids16(void)
{
#ifdef __arm__
    unsigned short r, e, sv, groups[64];
    printf("getuid16 %d geteuid16 %d getgid16 %d getegid16 %d\n",
           syscall(24) == (long)low16(getuid()), syscall(49) == (long)low16(geteuid()),
           syscall(47) == (long)low16(getgid()), syscall(50) == (long)low16(getegid()));
    CHECK(syscall(165, &r, &e, &sv) == 0);
    printf("getresuid16 %d\n", r == low16(getuid()) && e == low16(geteuid()));
    long n = syscall(80, 64, groups);
    printf("getgroups16 count %d\n", n == getgroups(0, NULL));
    SHOW("setreuid16 unchanged", syscall(70, 0xffff, 0xffff));
    SHOW("setresgid16 unchanged", syscall(170, 0xffff, 0xffff, 0xffff));
    SHOW("setuid16 -1", syscall(23, 0xffff));
    SHOW("getgroups16 negative", syscall(80, -1, groups));
    printf("setfsuid16 query is euid %d\n", syscall(138, 0xffff) == (long)low16(geteuid()));
#else
    printf("getuid16 1 geteuid16 1 getgid16 1 getegid16 1\n");
    printf("getresuid16 1\n");
    printf("getgroups16 count 1\n");
    printf("setreuid16 unchanged: 0\nsetresgid16 unchanged: 0\n");
    printf("setuid16 -1: -1 errno %d\n", EINVAL);
    printf("getgroups16 negative: -1 errno %d\n", EINVAL);
    printf("setfsuid16 query is euid 1\n");
#endif
}

static void namespaces(void)
{
    char before[256], after[256];
    gethostname(before, sizeof before);
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        if (unshare(CLONE_NEWUTS) != 0)
            _exit(errno == EPERM ? 2 : 3); /* not privileged: fine, but say so */
        char name[256];
        if (sethostname("xrun-ns-test", 12) != 0 || gethostname(name, sizeof name) != 0)
            _exit(4);
        _exit(strcmp(name, "xrun-ns-test") == 0 ? 0 : 5);
    }
    int st;
    waitpid(pid, &st, 0);
    gethostname(after, sizeof after);
    printf("unshare(CLONE_NEWUTS) child: %d, our hostname kept %d\n", WEXITSTATUS(st),
           strcmp(before, after) == 0);
    SHOW("setns bad fd", setns(-1, 0));
    SHOW("unshare bad flag", unshare(0x1));
}

/* The raw call with its 64-bit mask: split by hand into the register pair
 * on 32-bit ARM (syscall() cannot place it). */
static long fan_mark(int fan, unsigned flags, uint64_t mask, const char *path)
{
#ifdef __arm__
    return syscall(SYS_fanotify_mark, fan, flags, (uint32_t)mask, (uint32_t)(mask >> 32), AT_FDCWD,
                   path);
#else
    return syscall(SYS_fanotify_mark, fan, flags, mask, AT_FDCWD, path);
#endif
}

static void fanotifies(void)
{
    char path[] = "/tmp/xrun-more-fan-XXXXXX";
    int tfd = mkstemp(path);
    close(tfd);
    /* FAN_CLASS_NOTIF | FAN_NONBLOCK: a missing event must not hang the test. */
    CALL(syscall(SYS_fanotify_init, 2, O_RDONLY));
    printf("fanotify_init: %s\n", res >= 0 ? "fd" : err == EPERM ? "EPERM" : "other");
    int fan = (int)res;
    if (fan >= 0) {
        /* FAN_MARK_ADD, FAN_OPEN (0x20); the mask travels in a register pair. */
        SHOW("fanotify_mark", fan_mark(fan, 1, 0x20, path));
        int f = open(path, O_RDONLY);
        close(f);
        struct {
            uint32_t event_len;
            uint8_t vers, reserved;
            uint16_t metadata_len;
            uint64_t mask;
            int32_t fd, pid;
        } ev;
        CALL(read(fan, &ev, sizeof ev));
        printf("  event read %d, FAN_OPEN %d, our pid %d, fd given %d\n", res == sizeof ev,
               (ev.mask & 0x20) != 0, ev.pid == getpid(), ev.fd >= 0);
        if (res == sizeof ev && ev.fd >= 0)
            close(ev.fd);
        SHOW("fanotify_mark bad flags", fan_mark(fan, 0x80000000u, 0x20, path));
        close(fan);
    }
    unlink(path);
}

static void klog(void)
{
    /* SYSLOG_ACTION_SIZE_BUFFER (10): the size of the kernel's log. */
    CALL(syscall(SYS_syslog, 10, NULL, 0));
    printf("syslog size buffer: %s\n", res > 0 ? "positive" : res == 0 ? "zero" : "error");
    SHOW("syslog bad type", syscall(SYS_syslog, 99, NULL, 0));
    SHOW("syslog read all, bad buffer", syscall(SYS_syslog, 3, (void *)16, 64));
}

static void netifs(void)
{
    int s = socket(AF_INET, SOCK_DGRAM, 0);
    struct ifreq ifr;
    memset(&ifr, 0, sizeof ifr);
    strcpy(ifr.ifr_name, "lo");
    SHOW("SIOCGIFINDEX lo", ioctl(s, SIOCGIFINDEX, &ifr));
    int index = ifr.ifr_ifindex;
    printf("  index > 0 %d\n", index > 0);
    SHOW("SIOCGIFFLAGS lo", ioctl(s, SIOCGIFFLAGS, &ifr));
    printf("  loopback and up %d\n",
           (ifr.ifr_flags & (IFF_LOOPBACK | IFF_UP)) == (IFF_LOOPBACK | IFF_UP));
    SHOW("SIOCGIFADDR lo", ioctl(s, SIOCGIFADDR, &ifr));
    struct sockaddr_in *sin = (struct sockaddr_in *)&ifr.ifr_addr;
    printf("  address %s\n", inet_ntoa(sin->sin_addr));
    SHOW("SIOCGIFMTU lo", ioctl(s, SIOCGIFMTU, &ifr));
    printf("  mtu > 0 %d\n", ifr.ifr_mtu > 0);
    memset(&ifr, 0, sizeof ifr);
    ifr.ifr_ifindex = index;
    SHOW("SIOCGIFNAME", ioctl(s, SIOCGIFNAME, &ifr));
    printf("  name %s\n", ifr.ifr_name);
    struct ifreq reqs[32];
    struct ifconf ifc = {.ifc_len = sizeof reqs, .ifc_req = reqs};
    SHOW("SIOCGIFCONF", ioctl(s, SIOCGIFCONF, &ifc));
    int n = ifc.ifc_len / (int)sizeof(struct ifreq), has_lo = 0;
    for (int i = 0; i < n; i++)
        has_lo |= strcmp(reqs[i].ifr_name, "lo") == 0;
    printf("  whole entries %d, lists lo %d\n", ifc.ifc_len % (int)sizeof(struct ifreq) == 0,
           has_lo);
    struct ifconf q = {.ifc_len = 0, .ifc_req = NULL};
    SHOW("SIOCGIFCONF length query", ioctl(s, SIOCGIFCONF, &q));
    printf("  same length %d\n", q.ifc_len == ifc.ifc_len);
    strcpy(ifr.ifr_name, "no-such-if0");
    SHOW("SIOCGIFFLAGS unknown", ioctl(s, SIOCGIFFLAGS, &ifr));
    close(s);
}

static int run_execveat(int dirfd, const char *path, int flags, const char *role)
{
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        char *args[] = {"self", (char *)role, NULL};
        syscall(SYS_execveat, dirfd, path, args, environ, flags);
        _exit(100 + errno);
    }
    int st;
    waitpid(pid, &st, 0);
    return WEXITSTATUS(st);
}

static void execveats(void)
{
    printf("execveat AT_FDCWD: %d\n", run_execveat(AT_FDCWD, "/proc/self/exe", 0, "exit9"));
    int fd = open("/proc/self/exe", O_RDONLY | O_CLOEXEC);
    printf("execveat AT_EMPTY_PATH: %d\n", run_execveat(fd, "", AT_EMPTY_PATH, "exit9"));
    printf("execveat empty path without the flag: %d\n", run_execveat(fd, "", 0, "exit9"));
    close(fd);
    char dname[] = "/tmp/xrun-more-dir-XXXXXX";
    CHECK(mkdtemp(dname) != NULL);
    char prog[64];
    snprintf(prog, sizeof prog, "%s/prog", dname);
    CHECK(symlink("/bin/true", prog) == 0);
    int dir = open(dname, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    printf("execveat dirfd + \"prog\": %d\n", run_execveat(dir, "prog", 0, "x"));
    printf("execveat dirfd + missing: %d\n", run_execveat(dir, "missing", 0, "x"));
    close(dir);
    unlink(prog);
    rmdir(dname);
    char link[] = "/tmp/xrun-more-link-XXXXXX";
    int lfd = mkstemp(link);
    close(lfd);
    unlink(link);
    CHECK(symlink("/bin/true", link) == 0);
    printf("execveat a symlink, NOFOLLOW: %d\n",
           run_execveat(AT_FDCWD, link, AT_SYMLINK_NOFOLLOW, "x"));
    printf("execveat a symlink: %d\n", run_execveat(AT_FDCWD, link, 0, "x"));
    unlink(link);
    printf("execveat bad flags: %d\n", run_execveat(AT_FDCWD, "/bin/true", 0x4, "x"));
}

static void epoll2(void)
{
    int ep = epoll_create1(0), ev = eventfd(0, 0);
    struct epoll_event e = {.events = EPOLLIN, .data.u64 = 0x1122334455667788ull}, out[2];
    CHECK(epoll_ctl(ep, EPOLL_CTL_ADD, ev, &e) == 0);
    struct {
        int64_t tv_sec, tv_nsec; /* struct __kernel_timespec, whatever time_t is */
    } t = {0, 20 * 1000 * 1000};
    SHOW("epoll_pwait2 timeout", syscall(SYS_epoll_pwait2, ep, out, 2, &t, NULL, 8));
    uint64_t one = 1;
    CHECK(write(ev, &one, 8) == 8);
    SHOW("epoll_pwait2 ready", syscall(SYS_epoll_pwait2, ep, out, 2, &t, NULL, 8));
    printf("  data %llx\n", (unsigned long long)out[0].data.u64);
    SHOW("epoll_pwait2 NULL timeout, ready", syscall(SYS_epoll_pwait2, ep, out, 2, NULL, NULL, 8));
    t.tv_nsec = -1;
    SHOW("epoll_pwait2 bad timeout", syscall(SYS_epoll_pwait2, ep, out, 2, &t, NULL, 8));
    close(ep);
    close(ev);
}

int main(int argc, char **argv)
{
    if (argc > 1)
        return strcmp(argv[1], "exit9") == 0 ? 9 : 1;
    mlocks();
    sched_and_barriers();
    pidfds();
    process_vm();
    splices();
    handles();
    execveats();
    epoll2();
    netifs();
    klog();
    openat2s();
    adjtimes();
    ids16();
    namespaces();
    fanotifies();
    return xt_done();
}
