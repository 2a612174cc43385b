/* tests/diff/repro/sigqueue.c — xrun gap: rt_sigqueueinfo (ARM EABI
 * syscall 178) is not implemented, so sigqueue() fails.
 *
 *   arm-linux-gnueabihf-gcc -static -O2 -o /tmp/sq tests/diff/repro/sigqueue.c
 *   qemu-arm /tmp/sq    ->  sigqueue 0, sig 12 value 1234 code SI_QUEUE
 *   build/xrun-arm /tmp/sq  ->  stderr "xrun: unsupported syscall 178
 *                               (rt_sigqueueinfo)", sigqueue -1 (ENOSYS)
 * rt_tgsigqueueinfo (363) is probably missing too (same family). */
#define _GNU_SOURCE
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
