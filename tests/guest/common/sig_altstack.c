/* sig_altstack — sigaltstack and SA_ONSTACK. Compared with native.
 *
 *   the initial state is SS_DISABLE; a SA_ONSTACK handler runs on the
 *   alternate stack, sees SS_ONSTACK and its uc_stack, cannot change the
 *   stack (EPERM); a handler without SA_ONSTACK stays on the normal stack;
 *   a nested SA_ONSTACK signal goes below the first frame on the same
 *   alternate stack; SS_DISABLE turns it off; SS_AUTODISARM disarms it
 *   inside the handler and sigreturn rearms it; ENOMEM / EINVAL for a too
 *   small size or bad flags; a stack overflow is caught on the alternate
 *   stack and left with siglongjmp.
 */
/* XRUN-XFAIL-QEMU: qemu 7.2 has no SS_AUTODISARM, reports SS_ONSTACK in a nested handler's uc_stack and takes AArch64 stacks below MINSIGSTKSZ */
#include <errno.h>
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <ucontext.h>
#include <unistd.h>

#include "xt.h"

#ifndef SS_AUTODISARM
#define SS_AUTODISARM (1U << 31)
#endif

#define ALT_SIZE (64 * 1024)

static char *alt;

static int on_alt(const void *p)
{
    return (const char *)p >= alt && (const char *)p < alt + ALT_SIZE;
}

struct seen {
    int on_alt, frame_on_alt, flags, eperm, uc_on_alt, uc_flags;
    uintptr_t local;
};
static struct seen seen[4];
static volatile int nseen, nest;

static void on_sig(int sig, siginfo_t *si, void *ucp)
{
    volatile char local[64];
    local[0] = 1;
    ucontext_t *uc = ucp;
    struct seen *s = &seen[nseen++ & 3];
    stack_t cur, try;
    sigaltstack(NULL, &cur);
    s->on_alt = on_alt((const void *)local);
    s->frame_on_alt = on_alt(ucp) && on_alt(si);
    s->flags = cur.ss_flags;
    s->local = (uintptr_t)local;
    try.ss_sp = alt;
    try.ss_size = ALT_SIZE;
    try.ss_flags = 0;
    errno = 0;
    /* (Not under SS_AUTODISARM, where the stack is free to change here.) */
    s->eperm = !(cur.ss_flags & SS_DISABLE) && sigaltstack(&try, NULL) == -1 && errno == EPERM;
    s->uc_on_alt = uc->uc_stack.ss_sp == alt && uc->uc_stack.ss_size == ALT_SIZE;
    s->uc_flags = uc->uc_stack.ss_flags;
    if (nest) {
        nest = 0;
        raise(SIGUSR2);
    }
}

static void handle(int sig, int flags)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_sigaction = on_sig;
    sa.sa_flags = SA_SIGINFO | flags;
    sigaction(sig, &sa, NULL);
}

static void show(const char *what, int i)
{
    printf("%s: on alt %d, frame on alt %d, ss_flags %#x, EPERM %d, uc_stack alt %d flags %#x\n", what,
           seen[i].on_alt, seen[i].frame_on_alt, (unsigned)seen[i].flags, seen[i].eperm, seen[i].uc_on_alt, (unsigned)seen[i].uc_flags);
}

static sigjmp_buf jb;
static volatile int overflow_on_alt;

static void on_segv(int sig)
{
    volatile char local;
    overflow_on_alt = on_alt((const void *)&local);
    siglongjmp(jb, 1);
}

static int recurse(volatile char *prev, int depth)
{
    volatile char buf[1024];
    buf[0] = (char)depth;
    buf[1023] = prev ? prev[0] : 0;
    if (depth > 4000000)
        return 0;
    return recurse(buf, depth + 1) + buf[1023];
}

int main(void)
{
    setvbuf(stdout, NULL, _IOLBF, 0);
    alt = malloc(ALT_SIZE);
    stack_t ss, old;

    CHECK(sigaltstack(NULL, &old) == 0);
    printf("initial: ss_flags %#x size %zu\n", (unsigned)old.ss_flags, old.ss_size);

    ss.ss_sp = alt;
    ss.ss_size = MINSIGSTKSZ - 1;
    ss.ss_flags = 0;
    int r = sigaltstack(&ss, NULL);
    printf("too small: %d %s\n", r, errno == ENOMEM ? "ENOMEM" : "other");
    ss.ss_size = ALT_SIZE;
    ss.ss_flags = 0x10;
    r = sigaltstack(&ss, NULL);
    printf("bad flags: %d %s\n", r, errno == EINVAL ? "EINVAL" : "other");

    ss.ss_flags = 0;
    CHECK(sigaltstack(&ss, NULL) == 0);
    CHECK(sigaltstack(NULL, &old) == 0);
    printf("set: ss_flags %#x size match %d sp match %d\n", (unsigned)old.ss_flags, old.ss_size == ALT_SIZE,
           old.ss_sp == alt);

    handle(SIGUSR1, SA_ONSTACK);
    handle(SIGUSR2, 0);
    nseen = 0;
    raise(SIGUSR1);
    show("SA_ONSTACK", 0);
    raise(SIGUSR2);
    show("no SA_ONSTACK", 1);

    /* Nested: both frames on the alternate stack, the inner one lower. */
    handle(SIGUSR2, SA_ONSTACK);
    nseen = 0;
    nest = 1;
    raise(SIGUSR1);
    show("nested outer", 0);
    show("nested inner", 1);
    printf("inner below outer: %d\n", seen[1].local < seen[0].local);

    /* Disabled: back on the normal stack. */
    ss.ss_flags = SS_DISABLE;
    CHECK(sigaltstack(&ss, NULL) == 0);
    CHECK(sigaltstack(NULL, &old) == 0);
    printf("disabled: ss_flags %#x\n", (unsigned)old.ss_flags);
    nseen = 0;
    raise(SIGUSR1);
    show("SS_DISABLE", 0);

    /* SS_AUTODISARM: inside the handler the stack looks disabled; sigreturn rearms it. */
    ss.ss_sp = alt;
    ss.ss_size = ALT_SIZE;
    ss.ss_flags = SS_AUTODISARM;
    if (sigaltstack(&ss, NULL) == 0) {
        nseen = 0;
        raise(SIGUSR1);
        show("SS_AUTODISARM", 0);
        CHECK(sigaltstack(NULL, &old) == 0);
        printf("after: ss_flags %#x\n", (unsigned)old.ss_flags);
    } else {
        printf("SS_AUTODISARM refused\n");
    }

    /* Stack overflow, caught on the alternate stack. */
    ss.ss_flags = 0;
    CHECK(sigaltstack(&ss, NULL) == 0);
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = on_segv;
    sa.sa_flags = SA_ONSTACK | SA_NODEFER;
    sigaction(SIGSEGV, &sa, NULL);
    struct rlimit rl = {8 << 20, 8 << 20};
    setrlimit(RLIMIT_STACK, &rl);
    if (!sigsetjmp(jb, 1))
        printf("no overflow: %d\n", recurse(NULL, 0));
    else
        printf("overflow caught, on alt %d\n", overflow_on_alt);
    return xt_done();
}
