/* sig_async — raise(SIGUSR1) runs its handler before raise returns;
 * SA_RESTART/sigaction flags; a blocked signal stays pending until
 * unblocked; alarm() interrupts a busy loop (the translator must notice a
 * pending signal inside a chained loop of translated blocks); sigsuspend. */
#include <signal.h>
#include <unistd.h>
#include "xt.h"

static volatile sig_atomic_t usr1, usr2, alarms;
static volatile int handler_saw_depth;

static void on_usr1(int sig) { usr1 += sig == SIGUSR1; }
static void on_usr2(int sig, siginfo_t *si, void *uc)
{
    (void)uc;
    usr2 += sig == SIGUSR2 && si->si_signo == SIGUSR2;
}
static void on_alarm(int sig) { alarms += sig == SIGALRM; }

int main(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_usr1;
    sigemptyset(&sa.sa_mask);
    CHECK(sigaction(SIGUSR1, &sa, NULL) == 0);
    sa.sa_sigaction = on_usr2;
    sa.sa_flags = SA_SIGINFO;
    CHECK(sigaction(SIGUSR2, &sa, NULL) == 0);
    signal(SIGALRM, on_alarm);

    for (int i = 0; i < 5; i++)
        raise(SIGUSR1);
    printf("usr1 after 5 raises: %d\n", (int)usr1);
    raise(SIGUSR2);
    printf("usr2 with siginfo: %d\n", (int)usr2);

    sigset_t set, old;
    sigemptyset(&set);
    sigaddset(&set, SIGUSR1);
    sigprocmask(SIG_BLOCK, &set, &old);
    raise(SIGUSR1);
    raise(SIGUSR1);
    sigset_t pend;
    sigpending(&pend);
    printf("blocked: count %d pending %d\n", (int)usr1, sigismember(&pend, SIGUSR1));
    sigprocmask(SIG_SETMASK, &old, NULL);
    printf("unblocked: count %d (standard signals do not queue)\n", (int)usr1);

    /* spin until the alarm fires: no syscall in the loop */
    alarm(1);
    volatile uint32_t spin = 0;
    while (!alarms)
        spin++;
    printf("alarm interrupted the busy loop: %d (spun: %d)\n", (int)alarms, spin > 0);

    /* sigsuspend: block SIGALRM, arm the alarm, then wait for it atomically */
    sigemptyset(&set);
    sigaddset(&set, SIGALRM);
    sigprocmask(SIG_BLOCK, &set, &old);
    alarm(1);
    sigset_t wait_mask = old;
    sigdelset(&wait_mask, SIGALRM);
    int r = sigsuspend(&wait_mask);
    printf("sigsuspend returned %d, alarms %d\n", r, (int)alarms);
    sigprocmask(SIG_SETMASK, &old, NULL);

    signal(SIGUSR1, SIG_IGN);
    raise(SIGUSR1);
    printf("ignored signal: count still %d\n", (int)usr1);
    CHECK(alarms == 2);
    return xt_done();
}
