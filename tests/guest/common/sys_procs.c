/* sys_procs — processes and threads through libc: fork and the wait
 * statuses (exit code, killed by a signal, stopped and continued), waitid,
 * getppid in the child, pipes across fork, execve of /proc/self/exe with
 * new argv and envp (the program re-runs itself in "child" mode), pthreads
 * with a mutex, a condition variable, a barrier and thread-local storage,
 * thread ids, prctl names, and /proc/self (exe, cmdline, fd). No pid, tid
 * or path is printed, only relations between them. Portable: compared with
 * the native build. Adopted from the raw-syscall tests. */
/* XRUN-LIBS: -lpthread */
/* XRUN-XFAIL-QEMU: qemu-user cannot execve a guest program without binfmt_misc (ENOEXEC) */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include "xt.h"

extern char **environ;

static void wait_statuses(void)
{
    pid_t me = getpid();
    pid_t pid = fork();
    if (pid == 0)
        _exit(getppid() == me ? 42 : 1);
    int st = 0;
    CHECK(waitpid(pid, &st, 0) == pid);
    printf("exit: exited %d status %d\n", WIFEXITED(st), WEXITSTATUS(st));

    int p[2];
    CHECK(pipe(p) == 0);
    pid = fork();
    if (pid == 0) {
        close(p[0]);
        CHECK(write(p[1], "r", 1) == 1);
        for (;;)
            pause();
    }
    close(p[1]);
    char c;
    CHECK(read(p[0], &c, 1) == 1);   /* the child is running */
    close(p[0]);
    CHECK(kill(pid, SIGSTOP) == 0);
    CHECK(waitpid(pid, &st, WUNTRACED) == pid);
    printf("stop: stopped %d sig %d\n", WIFSTOPPED(st), WSTOPSIG(st));
    CHECK(kill(pid, SIGCONT) == 0);
    CHECK(waitpid(pid, &st, WCONTINUED) == pid);
    printf("cont: continued %d\n", WIFCONTINUED(st));
    CHECK(kill(pid, SIGTERM) == 0);
    CHECK(waitpid(pid, &st, 0) == pid);
    printf("kill: signaled %d sig %d\n", WIFSIGNALED(st), WTERMSIG(st));

    pid = fork();
    if (pid == 0)
        _exit(7);
    siginfo_t si;
    memset(&si, 0, sizeof si);
    CHECK(waitid(P_PID, pid, &si, WEXITED) == 0);
    printf("waitid: code %s status %d pid matches %d\n", si.si_code == CLD_EXITED ? "CLD_EXITED" : "other",
           si.si_status, si.si_pid == pid);
    errno = 0;
    int r = waitpid(-1, &st, WNOHANG);
    printf("no children: %d ECHILD %d\n", r, errno == ECHILD);
}

/* The program runs itself again through execve with "child" as argv[1]. */
static int child_mode(int argc, char **argv)
{
    printf("child: argc %d argv %s %s env XT_VAR=%s\n", argc, argv[1], argc > 2 ? argv[2] : "-",
           getenv("XT_VAR") ? getenv("XT_VAR") : "(unset)");
    int cloexec_closed = fcntl(100, F_GETFD) < 0 && errno == EBADF;
    int kept_open = fcntl(101, F_GETFD) >= 0;
    printf("child: cloexec fd closed %d, plain fd kept %d\n", cloexec_closed, kept_open);
    return 3;
}

static void exec_self(void)
{
    int fd = open("/dev/null", O_RDONLY);
    CHECK(dup3(fd, 100, O_CLOEXEC) == 100);
    CHECK(dup2(fd, 101) == 101);
    close(fd);
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        char *argv[] = {"sys_procs", "child", "two words", NULL};
        char *envp[] = {"XT_VAR=from-parent", "PATH=/usr/bin:/bin", NULL};
        execve("/proc/self/exe", argv, envp);
        printf("execve failed %d\n", errno);
        _exit(127);
    }
    int st = 0;
    CHECK(waitpid(pid, &st, 0) == pid);
    printf("exec: child exit %d\n", WEXITSTATUS(st));
    close(100);
    close(101);
    errno = 0;
    pid = fork();
    if (pid == 0) {
        char *argv[] = {"nope", NULL};
        execve("/nonexistent/prog", argv, environ);
        _exit(errno == ENOENT ? 9 : 8);
    }
    CHECK(waitpid(pid, &st, 0) == pid);
    printf("exec missing: child exit %d\n", WEXITSTATUS(st));
}

/* -- threads -- */

#define NTHREADS 4
static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cv = PTHREAD_COND_INITIALIZER;
static pthread_barrier_t bar;
static long counter;
static int turn;
static __thread int tls_value = 5;
static pid_t tids[NTHREADS];

static void *worker(void *arg)
{
    int id = (int)(long)arg;
    tls_value += id;   /* each thread has its own copy */
    tids[id] = (pid_t)syscall(SYS_gettid);
    for (int i = 0; i < 10000; i++) {
        pthread_mutex_lock(&mu);
        counter += id + 1;
        pthread_mutex_unlock(&mu);
    }
    pthread_barrier_wait(&bar);
    /* Take turns in id order through the condition variable. */
    pthread_mutex_lock(&mu);
    while (turn != id)
        pthread_cond_wait(&cv, &mu);
    printf("thread %d: tls %d\n", id, tls_value);
    turn++;
    pthread_cond_broadcast(&cv);
    pthread_mutex_unlock(&mu);
    return (void *)(long)(id * 100);
}

static void threads(void)
{
    pthread_t t[NTHREADS];
    CHECK(pthread_barrier_init(&bar, NULL, NTHREADS) == 0);
    for (long i = 0; i < NTHREADS; i++)
        CHECK(pthread_create(&t[i], NULL, worker, (void *)i) == 0);
    long sum = 0;
    for (int i = 0; i < NTHREADS; i++) {
        void *ret;
        CHECK(pthread_join(t[i], &ret) == 0);
        sum += (long)ret;
    }
    pid_t me = getpid();
    int distinct = 1;
    for (int i = 0; i < NTHREADS; i++) {
        if (tids[i] == me || tids[i] <= 0)
            distinct = 0;
        for (int j = 0; j < i; j++)
            if (tids[i] == tids[j])
                distinct = 0;
    }
    printf("threads: counter %ld joins %ld main tls %d distinct tids %d\n", counter, sum, tls_value,
           distinct);
    pthread_barrier_destroy(&bar);
}

static void self_info(void)
{
    char b[256] = {0};
    CHECK(prctl(PR_SET_NAME, "xt-procs", 0, 0, 0) == 0);
    CHECK(prctl(PR_GET_NAME, b, 0, 0, 0) == 0);
    printf("prctl name %s\n", b);
    ssize_t n = readlink("/proc/self/exe", b, sizeof b - 1);
    b[n > 0 ? n : 0] = 0;
    const char *base = strrchr(b, '/');
    printf("/proc/self/exe basename %s\n", base ? base + 1 : b);
    int fd = open("/proc/self/cmdline", O_RDONLY);
    n = read(fd, b, sizeof b);
    close(fd);
    int args = 0;
    for (ssize_t i = 0; i < n; i++)
        args += b[i] == 0;
    printf("/proc/self/cmdline args %d\n", args);
    fd = open("/dev/null", O_RDONLY);
    char link[64];
    snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
    n = readlink(link, b, sizeof b - 1);
    b[n > 0 ? n : 0] = 0;
    printf("/proc/self/fd/N -> %s\n", b);
    close(fd);
    struct rlimit rl;
    CHECK(getrlimit(RLIMIT_NOFILE, &rl) == 0);
    printf("RLIMIT_NOFILE cur<=max %d\n", rl.rlim_cur <= rl.rlim_max);
}

int main(int argc, char **argv)
{
    if (argc > 1 && strcmp(argv[1], "child") == 0)
        return child_mode(argc, argv);
    setvbuf(stdout, NULL, _IONBF, 0);
    wait_statuses();
    exec_self();
    threads();
    self_info();
    return xt_done();
}
