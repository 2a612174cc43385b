/* fork_wait — process creation and reaping: fork children that exit with
 * distinct codes, waitpid on a specific pid and on any, a child killed by a
 * signal (WIFSIGNALED/WTERMSIG), a child that faults (SIGSEGV), vfork +
 * _exit, copy-on-write memory isolation between parent and child, and
 * wait() returning ECHILD when nothing is left. */
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>
#include "xt.h"

static int shared_counter = 100;

int main(void)
{
    pid_t kids[5];
    for (int i = 0; i < 5; i++) {
        kids[i] = fork();
        CHECK(kids[i] >= 0);
        if (kids[i] == 0) {
            shared_counter += i; /* copy-on-write: the parent must not see it */
            _exit(10 + i + shared_counter - 100 - i);
        }
    }
    for (int i = 4; i >= 0; i--) {
        int st;
        pid_t p = waitpid(kids[i], &st, 0);
        printf("child %d: same pid %d exited %d code %d\n", i, p == kids[i], WIFEXITED(st),
               WEXITSTATUS(st));
    }
    printf("parent counter %d\n", shared_counter);

    pid_t k = fork();
    if (k == 0) {
        pause(); /* killed below */
        _exit(0);
    }
    kill(k, SIGTERM);
    int st;
    CHECK(waitpid(k, &st, 0) == k);
    printf("killed: signaled %d sig %s\n", WIFSIGNALED(st), WTERMSIG(st) == SIGTERM ? "SIGTERM" : "?");

    k = fork();
    if (k == 0) {
        signal(SIGSEGV, SIG_DFL);
        *(volatile int *)0 = 1;
        _exit(0);
    }
    CHECK(waitpid(k, &st, 0) == k);
    printf("fault: signaled %d sig %s\n", WIFSIGNALED(st), WTERMSIG(st) == SIGSEGV ? "SIGSEGV" : "?");

    k = fork();
    if (k == 0)
        exit(3); /* runs atexit handlers, flushes stdio (empty here) */
    CHECK(wait(&st) == k);
    printf("exit(3): %d\n", WEXITSTATUS(st));

    k = vfork();
    if (k == 0)
        _exit(77);
    CHECK(waitpid(k, &st, 0) == k);
    printf("vfork: %d\n", WEXITSTATUS(st));

    errno = 0;
    int w = (int)wait(&st);
    printf("wait with no children: %d ECHILD %d\n", w, errno == ECHILD);
    return xt_done();
}
