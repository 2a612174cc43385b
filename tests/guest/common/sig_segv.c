/* sig_segv — SIGSEGV delivered to a SA_SIGINFO handler that recovers with
 * siglongjmp: a store to NULL (SEGV_MAPERR, si_addr == 0), a store to a
 * read-only page (SEGV_ACCERR, si_addr == the page), a load from an
 * unmapped page, and a read after munmap. The signal mask is restored by
 * siglongjmp, so the handler runs again for each case. */
#include <setjmp.h>
#include <signal.h>
#include <sys/mman.h>
#include <unistd.h>
#include "xt.h"

static sigjmp_buf jb;
static volatile int got_sig, got_code;
static void *volatile got_addr;

static void handler(int sig, siginfo_t *si, void *uc)
{
    (void)uc;
    got_sig = sig;
    got_code = si->si_code;
    got_addr = si->si_addr;
    siglongjmp(jb, 1);
}

static const char *code_name(int c)
{
    return c == SEGV_MAPERR ? "SEGV_MAPERR" : c == SEGV_ACCERR ? "SEGV_ACCERR" : "other";
}

static void try_store(const char *what, volatile int *p, void *expect_addr)
{
    got_sig = 0;
    if (sigsetjmp(jb, 1) == 0) {
        *p = 42;
        printf("%s: no fault\n", what);
        return;
    }
    printf("%s: sig=%s code=%s addr_match=%d\n", what, got_sig == SIGSEGV ? "SIGSEGV" : "?",
           code_name(got_code), got_addr == expect_addr);
}

static void try_load(const char *what, volatile int *p, void *expect_addr)
{
    got_sig = 0;
    if (sigsetjmp(jb, 1) == 0) {
        int v = *p;
        printf("%s: no fault (%d)\n", what, v);
        return;
    }
    printf("%s: sig=%s code=%s addr_match=%d\n", what, got_sig == SIGSEGV ? "SIGSEGV" : "?",
           code_name(got_code), got_addr == expect_addr);
}

int main(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = handler;
    sa.sa_flags = SA_SIGINFO;
    sigemptyset(&sa.sa_mask);
    CHECK(sigaction(SIGSEGV, &sa, NULL) == 0);

    long pg = sysconf(_SC_PAGESIZE);
    char *ro = mmap(NULL, pg * 3, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    CHECK(ro != MAP_FAILED);
    ro[0] = 1;
    CHECK(mprotect(ro, pg, PROT_READ) == 0);
    CHECK(mprotect(ro + 2 * pg, pg, PROT_NONE) == 0);

    for (int round = 0; round < 3; round++) {
        try_store("store NULL", (volatile int *)0, (void *)0);
        try_store("store read-only", (volatile int *)(ro + 16), ro + 16);
        try_load("load read-only", (volatile int *)(ro + 16), ro + 16);
        try_store("store rw", (volatile int *)(ro + pg + 8), NULL);
        try_load("load PROT_NONE", (volatile int *)(ro + 2 * pg + 4), ro + 2 * pg + 4);
    }
    CHECK(munmap(ro, pg * 3) == 0);
    try_load("load unmapped", (volatile int *)(ro + 4), ro + 4);

    /* the handler must not be left blocked after siglongjmp(.., 1) */
    sigset_t cur;
    sigprocmask(SIG_BLOCK, NULL, &cur);
    printf("SIGSEGV blocked after recovery: %d\n", sigismember(&cur, SIGSEGV));
    return xt_done();
}
