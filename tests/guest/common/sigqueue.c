/* sigqueue — sigqueue() (rt_sigqueueinfo) delivers the signal with its value
 * and si_code SI_QUEUE to a SA_SIGINFO handler. Compared with native. */
#include <signal.h>
#include <stdio.h>
#include <unistd.h>

static volatile sig_atomic_t sig, val, code;

static void on_sig(int s, siginfo_t *si, void *uc)
{
    sig = s;
    val = si->si_value.sival_int;
    code = si->si_code;
}

int main(void)
{
    struct sigaction sa = {.sa_sigaction = on_sig, .sa_flags = SA_SIGINFO};
    sigaction(SIGUSR2, &sa, NULL);
    union sigval v = {.sival_int = 0x1234};
    int r = sigqueue(getpid(), SIGUSR2, v);
    printf("sigqueue %d, sig %d value %x code %s\n", r, (int)sig, (int)val,
           code == SI_QUEUE ? "SI_QUEUE" : "other");
    return r != 0;
}
