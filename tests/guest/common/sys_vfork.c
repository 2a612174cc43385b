/* sys_vfork — vfork and clone(CLONE_VM | CLONE_VFORK) semantics: the child
 * shares memory and the parent waits until it exits or execs (vfork+_exit,
 * vfork+exec of a missing program reporting errno through memory,
 * vfork+exec of a real one), posix_spawn success, ENOENT for a missing
 * program (reported through shared memory), posix_spawnp PATH search, file
 * actions (open/dup2/close, a failing open), POSIX_SPAWN_SETSIGDEF not
 * touching the parent's handlers (also with threads spawning at once), and
 * system(). The spawned program is this test again (via /proc/self/exe)
 * with an argument. Portable: compared with the native build.
 * XRUN-LIBS: -lpthread */
#define _GNU_SOURCE
/* XRUN-XFAIL-QEMU: qemu 7.2 runs vfork as fork: the parent never sees the child's writes */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <spawn.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include "xt.h"

extern char **environ;

static volatile int shared_value;
static volatile pid_t child_pid_seen;
static volatile sig_atomic_t usr1_count;

static void on_usr1(int sig)
{
    usr1_count++;
}

/* Spawned roles of this program. */
static int child_role(int argc, char **argv)
{
    if (strcmp(argv[1], "exit7") == 0) {
        printf("spawned child: argc %d arg2 %s\n", argc, argc > 2 ? argv[2] : "-");
        return 7;
    }
    if (strcmp(argv[1], "write") == 0) {
        printf("to the redirected stdout\n");
        fflush(stdout);
        /* fd 5 was closed by the file actions. */
        return fcntl(5, F_GETFD) == -1 && errno == EBADF ? 0 : 1;
    }
    if (strcmp(argv[1], "usr1") == 0) {
        /* SETSIGDEF made SIGUSR1 default here: raising it kills us. */
        raise(SIGUSR1);
        return 0;
    }
    return 99;
}

static int wait_status(pid_t pid)
{
    int st;
    if (waitpid(pid, &st, 0) != pid)
        return -1;
    if (WIFEXITED(st))
        return WEXITSTATUS(st);
    return WIFSIGNALED(st) ? 1000 + WTERMSIG(st) : -2;
}

static void vfork_exit(void)
{
    shared_value = 0;
    pid_t pid = vfork();
    if (pid == 0) {
        usleep(100 * 1000); /* the parent must still be waiting after this */
        shared_value = 42;
        child_pid_seen = getpid();
        _exit(3);
    }
    /* The child has exited: its write is visible without any wait. */
    printf("vfork+_exit: parent sees %d, child pid matches %d\n", shared_value,
           child_pid_seen == pid);
    printf("vfork+_exit status %d\n", wait_status(pid));
}

static void vfork_exec(void)
{
    shared_value = 0;
    pid_t pid = vfork();
    if (pid == 0) {
        char *args[] = {"nope", NULL};
        execve("/nonexistent/program", args, environ);
        shared_value = errno; /* what posix_spawn does with its error */
        _exit(127);
    }
    printf("vfork+failed exec: errno %d through memory, status %d\n", shared_value,
           wait_status(pid));

    fflush(stdout);
    pid = vfork();
    if (pid == 0) {
        char *args[] = {"self", "exit7", "from-vfork", NULL};
        execve("/proc/self/exe", args, environ);
        _exit(127);
    }
    printf("vfork+exec status %d\n", wait_status(pid));
}

static void spawn_basic(void)
{
    pid_t pid = 0;
    char *args[] = {"self", "exit7", "from-spawn", NULL};
    fflush(stdout);
    int r = posix_spawn(&pid, "/proc/self/exe", NULL, NULL, args, environ);
    printf("posix_spawn: %d, status %d\n", r, r == 0 ? wait_status(pid) : -1);

    char *missing[] = {"missing", NULL};
    pid = 0;
    r = posix_spawn(&pid, "/nonexistent/program", NULL, NULL, missing, environ);
    printf("posix_spawn missing: %d (ENOENT %d), no child left %d\n", r, r == ENOENT,
           waitpid(-1, NULL, WNOHANG) == -1 && errno == ECHILD);
    r = posix_spawnp(&pid, "xrun-no-such-program", NULL, NULL, missing, environ);
    printf("posix_spawnp missing: %d (ENOENT %d)\n", r, r == ENOENT);
    r = posix_spawn(&pid, "/", NULL, NULL, missing, environ);
    printf("posix_spawn of a directory: %d (EACCES %d)\n", r, r == EACCES);
}

static void spawn_file_actions(void)
{
    char path[] = "/tmp/xrun-vfork-XXXXXX";
    int fd = mkstemp(path);
    CHECK(fd >= 0);
    close(fd);
    int extra = open("/dev/null", O_RDONLY);
    CHECK(extra >= 0);
    if (extra != 5) {
        CHECK(dup2(extra, 5) == 5);
        close(extra);
    }

    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 3, path, O_WRONLY | O_TRUNC, 0);
    posix_spawn_file_actions_adddup2(&fa, 3, 1);
    posix_spawn_file_actions_addclose(&fa, 3);
    posix_spawn_file_actions_addclose(&fa, 5);
    char *args[] = {"self", "write", NULL};
    pid_t pid;
    fflush(stdout);
    int r = posix_spawn(&pid, "/proc/self/exe", &fa, NULL, args, environ);
    printf("spawn with file actions: %d, status %d\n", r, r == 0 ? wait_status(pid) : -1);
    posix_spawn_file_actions_destroy(&fa);
    char buf[128] = {0};
    fd = open(path, O_RDONLY);
    CHECK(read(fd, buf, sizeof buf - 1) > 0);
    close(fd);
    printf("file got: %s", buf);
    printf("parent fd 5 still open %d\n", fcntl(5, F_GETFD) != -1);
    close(5);

    /* A failing file action is reported like a failing exec. */
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 3, "/nonexistent/dir/file", O_RDONLY, 0);
    r = posix_spawn(&pid, "/proc/self/exe", &fa, NULL, args, environ);
    printf("spawn with failing open: %d (ENOENT %d)\n", r, r == ENOENT);
    posix_spawn_file_actions_destroy(&fa);
    unlink(path);
}

static void spawn_sigdefault(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_usr1;
    sigaction(SIGUSR1, &sa, NULL);
    signal(SIGPIPE, SIG_IGN);

    posix_spawnattr_t at;
    posix_spawnattr_init(&at);
    sigset_t def;
    sigemptyset(&def);
    sigaddset(&def, SIGUSR1);
    sigaddset(&def, SIGPIPE);
    posix_spawnattr_setsigdefault(&at, &def);
    posix_spawnattr_setflags(&at, POSIX_SPAWN_SETSIGDEF);
    char *args[] = {"self", "usr1", NULL};
    pid_t pid;
    int r = posix_spawn(&pid, "/proc/self/exe", NULL, &at, args, environ);
    posix_spawnattr_destroy(&at);
    printf("spawn with SETSIGDEF: %d, child killed by SIGUSR1 %d\n", r,
           r == 0 && wait_status(pid) == 1000 + SIGUSR1);
    /* The parent keeps its handler and its ignored SIGPIPE. */
    raise(SIGUSR1);
    struct sigaction cur;
    sigaction(SIGPIPE, NULL, &cur);
    printf("parent handler ran %d, SIGPIPE still ignored %d\n", (int)usr1_count,
           cur.sa_handler == SIG_IGN);
}

/* Threads spawning at once, each child resetting signals: the parent's
 * dispositions survive every interleaving. */
static void *spawner(void *arg)
{
    posix_spawnattr_t at;
    posix_spawnattr_init(&at);
    sigset_t def;
    sigemptyset(&def);
    sigaddset(&def, SIGUSR1);
    sigaddset(&def, SIGPIPE);
    posix_spawnattr_setsigdefault(&at, &def);
    posix_spawnattr_setflags(&at, POSIX_SPAWN_SETSIGDEF);
    long ok = 0;
    for (int i = 0; i < 10; i++) {
        char *args[] = {"true", NULL};
        pid_t pid;
        if (posix_spawn(&pid, "/bin/true", NULL, &at, args, environ) == 0 && wait_status(pid) == 0)
            ok++;
    }
    posix_spawnattr_destroy(&at);
    return (void *)ok;
}

static void spawn_threads(void)
{
    pthread_t th[4];
    long total = 0;
    for (int i = 0; i < 4; i++)
        pthread_create(&th[i], NULL, spawner, NULL);
    for (int i = 0; i < 4; i++) {
        void *r;
        pthread_join(th[i], &r);
        total += (long)r;
    }
    struct sigaction cur;
    sigaction(SIGPIPE, NULL, &cur);
    int ign = cur.sa_handler == SIG_IGN;
    sigaction(SIGUSR1, NULL, &cur);
    printf("threads spawned %ld, SIGPIPE still ignored %d, handler kept %d\n", total, ign,
           cur.sa_handler == on_usr1);
}

int main(int argc, char **argv)
{
    if (argc > 1)
        return child_role(argc, argv);
    vfork_exit();
    vfork_exec();
    spawn_basic();
    spawn_file_actions();
    spawn_sigdefault();
    spawn_threads();
    fflush(stdout);
    printf("system: %d\n", WEXITSTATUS(system("exit 5")));
    return xt_done();
}
