/* sig_restart — a handled signal arriving inside a blocking syscall:
 * SA_RESTART restarts it, otherwise it fails with EINTR; some calls never
 * restart. Compared with native.
 *
 * A helper thread waits until the main thread sleeps in the kernel (its
 * /proc state is S), sends it SIGUSR1, waits a little more and then lets
 * the call complete (writes the pipe, wakes the futex, connects). Cases:
 *   read on a pipe, wait4, futex wait without timeout, accept: restarted
 *   with SA_RESTART (they return the data / child / 0 / a socket), EINTR
 *   without; nanosleep: EINTR either way with the remaining time; futex
 *   wait with a timeout and poll: EINTR either way; ppoll, pselect and
 *   epoll_pwait whose mask argument unblocks the signal: the handler runs
 *   inside the call (EINTR) and the blocked mask is back afterwards.
 * XRUN-LIBS: -lpthread
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/futex.h>
#include <poll.h>
#include <sys/epoll.h>
#include <sys/select.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "xt.h"

enum { ACT_NONE, ACT_WRITE, ACT_WAKE, ACT_CONNECT };

static pid_t main_tid;
static pthread_t main_thread;
static volatile int handled;
static int pipefd[2];
static volatile int futex_word;
static struct sockaddr_un addr;

static void on_usr1(int sig) { handled++; }

static void msleep(int ms)
{
    struct timespec t = {ms / 1000, (ms % 1000) * 1000000L};
    while (nanosleep(&t, &t) == -1 && errno == EINTR) {
    }
}

/* True when the main thread waits in a futex (its wchan says so): under an
 * emulator that is also what a contended internal lock looks like, so only
 * the futex case may count such a sleep as the call under test. */
static int main_in_futex(void)
{
    char path[64], buf[128];
    snprintf(path, sizeof(path), "/proc/%d/task/%d/wchan", (int)getpid(), (int)main_tid);
    int fd = open(path, O_RDONLY);
    if (fd < 0)
        return 0;
    ssize_t n = read(fd, buf, sizeof(buf) - 1);
    close(fd);
    if (n <= 0)
        return 0;
    buf[n] = 0;
    return strstr(buf, "futex") != NULL;
}

/* True once the main thread sleeps in the kernel ("S" in its stat), in the
 * call under test as far as we can tell: twice in a row, 2 ms apart, and
 * in a futex wait only when that is the call (act == ACT_WAKE). */
static int main_sleeps_once(int act);
static int main_sleeps(int act)
{
    if (!main_sleeps_once(act))
        return 0;
    msleep(2);
    return main_sleeps_once(act);
}

static int main_sleeps_once(int act)
{
    if (act != ACT_WAKE && main_in_futex())
        return 0;
    char path[64], buf[256];
    snprintf(path, sizeof(path), "/proc/%d/task/%d/stat", (int)getpid(), (int)main_tid);
    int fd = open(path, O_RDONLY);
    if (fd < 0)
        return 0;
    ssize_t n = read(fd, buf, sizeof(buf) - 1);
    close(fd);
    if (n <= 0)
        return 0;
    buf[n] = 0;
    char *p = strrchr(buf, ')');
    return p && p[1] == ' ' && p[2] == 'S';
}

static void *helper(void *arg)
{
    int act = (int)(long)arg;
    for (int i = 0; i < 2000 && !main_sleeps(act); i++)
        msleep(1);
    msleep(20);
    pthread_kill(main_thread, SIGUSR1);
    msleep(50);
    if (act == ACT_WRITE) {
        if (write(pipefd[1], "x", 1) != 1)
            abort();
    } else if (act == ACT_WAKE) {
        futex_word = 1;
        syscall(SYS_futex, &futex_word, FUTEX_WAKE, 1, NULL, NULL, 0);
    } else if (act == ACT_CONNECT) {
        int c = socket(AF_UNIX, SOCK_STREAM, 0);
        if (connect(c, (struct sockaddr *)&addr, sizeof(addr)) != 0)
            abort();
        msleep(50);
        close(c);
    }
    return NULL;
}

static pthread_t start(int act)
{
    pthread_t t;
    handled = 0;
    if (pthread_create(&t, NULL, helper, (void *)(long)act) != 0)
        abort();
    return t;
}

static void set_restart(int restart)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = on_usr1;
    sa.sa_flags = restart ? SA_RESTART : 0;
    sigaction(SIGUSR1, &sa, NULL);
}

static void report(const char *what, int restart, long r, int err)
{
    printf("%-16s %-10s -> %ld %s, handler ran %d\n", what, restart ? "SA_RESTART" : "no restart", r,
           r < 0 ? (err == EINTR ? "EINTR" : "other error") : "ok", handled);
}

static void case_read(int restart)
{
    set_restart(restart);
    CHECK(pipe(pipefd) == 0);
    pthread_t t = start(ACT_WRITE);
    char c;
    long r = read(pipefd[0], &c, 1);
    int err = errno;
    pthread_join(t, NULL);
    report("read pipe", restart, r, err);
    close(pipefd[0]);
    close(pipefd[1]);
}

static void case_wait4(int restart)
{
    set_restart(restart);
    pid_t child = fork();
    if (child == 0) {
        msleep(150);
        _exit(7);
    }
    pthread_t t = start(ACT_NONE);
    int st = 0;
    long r = wait4(child, &st, 0, NULL);
    int err = errno;
    pthread_join(t, NULL);
    report("wait4", restart, r == child ? 1 : r, err);
    if (r != child)
        CHECK(waitpid(child, &st, 0) == child);
    CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 7);
}

static void case_futex(int restart, int with_timeout)
{
    set_restart(restart);
    futex_word = 0;
    pthread_t t = start(ACT_WAKE);
    struct timespec tmo = {5, 0};
    long r = syscall(SYS_futex, &futex_word, FUTEX_WAIT, 0, with_timeout ? &tmo : NULL, NULL, 0);
    int err = errno;
    pthread_join(t, NULL);
    report(with_timeout ? "futex timeout" : "futex", restart, r, err);
}

static void case_accept(int restart)
{
    set_restart(restart);
    int s = socket(AF_UNIX, SOCK_STREAM, 0);
    memset(&addr, 0, sizeof(addr));
    addr.sun_family = AF_UNIX;
    snprintf(addr.sun_path, sizeof(addr.sun_path), "/tmp/xrun-sig-restart.%d", (int)getpid());
    unlink(addr.sun_path);
    CHECK(bind(s, (struct sockaddr *)&addr, sizeof(addr)) == 0);
    CHECK(listen(s, 1) == 0);
    pthread_t t = start(ACT_CONNECT);
    long r = accept(s, NULL, NULL);
    int err = errno;
    report("accept", restart, r >= 0 ? 1 : r, err);
    if (r >= 0)
        close((int)r);
    pthread_join(t, NULL);
    close(s);
    unlink(addr.sun_path);
}

static void case_nanosleep(int restart)
{
    set_restart(restart);
    pthread_t t = start(ACT_NONE);
    struct timespec req = {2, 0}, rem = {0, 0};
    long r = nanosleep(&req, &rem);
    int err = errno;
    pthread_join(t, NULL);
    report("nanosleep", restart, r, err);
    long left_ms = (long)rem.tv_sec * 1000 + rem.tv_nsec / 1000000;
    printf("  remaining time between 1 and 2 s: %d\n", left_ms > 1000 && left_ms < 2000);
}

static void case_poll(int restart)
{
    set_restart(restart);
    CHECK(pipe(pipefd) == 0);
    pthread_t t = start(ACT_WRITE);
    struct pollfd p = {.fd = pipefd[0], .events = POLLIN};
    long r = poll(&p, 1, 5000);
    int err = errno;
    pthread_join(t, NULL);
    report("poll", restart, r, err);
    close(pipefd[0]);
    close(pipefd[1]);
}

/* The classic race-free wait: SIGUSR1 blocked, and unblocked only inside
 * ppoll / pselect / epoll_pwait by their mask argument. The handler runs
 * during the call (EINTR), and the old mask is back afterwards. */
static void case_mask_arg(const char *what)
{
    set_restart(1);
    sigset_t usr1, old, during, after;
    sigemptyset(&usr1);
    sigaddset(&usr1, SIGUSR1);
    sigprocmask(SIG_BLOCK, &usr1, &old);
    sigprocmask(SIG_BLOCK, NULL, &during);
    sigdelset(&during, SIGUSR1);
    CHECK(pipe(pipefd) == 0);
    pthread_t t = start(ACT_NONE);
    long r;
    if (what[0] == 'p' && what[1] == 'p') { /* ppoll */
        struct pollfd p = {.fd = pipefd[0], .events = POLLIN};
        struct timespec tmo = {5, 0};
        r = ppoll(&p, 1, &tmo, &during);
    } else if (what[0] == 'p') { /* pselect */
        fd_set rd;
        FD_ZERO(&rd);
        FD_SET(pipefd[0], &rd);
        struct timespec tmo = {5, 0};
        r = pselect(pipefd[0] + 1, &rd, NULL, NULL, &tmo, &during);
    } else {                     /* epoll_pwait */
        int ep = epoll_create1(0);
        struct epoll_event ev = {.events = EPOLLIN};
        epoll_ctl(ep, EPOLL_CTL_ADD, pipefd[0], &ev);
        r = epoll_pwait(ep, &ev, 1, 5000, &during);
        close(ep);
    }
    int err = errno;
    pthread_join(t, NULL);
    sigprocmask(SIG_BLOCK, NULL, &after);
    report(what, 1, r, err);
    printf("  SIGUSR1 blocked again after it: %d\n", sigismember(&after, SIGUSR1));
    sigprocmask(SIG_SETMASK, &old, NULL);
    close(pipefd[0]);
    close(pipefd[1]);
}

int main(void)
{
    setvbuf(stdout, NULL, _IOLBF, 0);
    main_tid = (pid_t)syscall(SYS_gettid);
    main_thread = pthread_self();
    for (int restart = 1; restart >= 0; restart--) {
        case_read(restart);
        case_wait4(restart);
        case_futex(restart, 0);
        case_futex(restart, 1);
        case_accept(restart);
        case_nanosleep(restart);
        case_poll(restart);
    }
    case_mask_arg("ppoll mask");
    case_mask_arg("pselect mask");
    case_mask_arg("epoll_pwait mask");
    return xt_done();
}
