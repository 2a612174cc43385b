/* argv_env_auxv — the initial process state the loader builds: argc/argv
 * (with spaces and empty strings), the environment (the runner passes a
 * fixed one), and the auxiliary vector: AT_PAGESZ, AT_HWCAP (non-zero),
 * AT_RANDOM (16 readable bytes, not all zero), AT_PHDR/AT_ENTRY, AT_UID/
 * AT_EUID/AT_GID matching the syscalls, AT_SECURE, AT_CLKTCK, AT_EXECFN,
 * and the stack alignment at main. */
/* XRUN-ARGS: one two-words "" --flag=x */
#include <stdlib.h>
#include <sys/auxv.h>
#include <unistd.h>
#include "xt.h"

extern char **environ;

int main(int argc, char **argv)
{
    const char *slash = strrchr(argv[0], '/');
    printf("argc %d argv0 %s\n", argc, slash ? slash + 1 : argv[0]);
    for (int i = 1; i < argc; i++)
        printf("argv[%d] = \"%s\"\n", i, argv[i]);
    CHECK(argv[argc] == NULL);
    static const char *vars[] = {"PATH", "HOME", "LANG", "TZ", "XRUN_TEST", "NOT_SET"};
    for (int i = 0; i < 6; i++) {
        const char *v = getenv(vars[i]);
        printf("%s=%s\n", vars[i], v ? v : "(unset)");
    }
    int n = 0, seen = 0;
    for (char **e = environ; *e; e++, n++)
        seen += strncmp(*e, "XRUN_TEST=", 10) == 0;
    printf("environ has XRUN_TEST once: %d, entries > 0: %d\n", seen == 1, n > 0);
    CHECK(setenv("NEWVAR", "v1", 1) == 0 && strcmp(getenv("NEWVAR"), "v1") == 0);

    printf("AT_PAGESZ %lu\n", getauxval(AT_PAGESZ));
    printf("AT_HWCAP non-zero %d\n", getauxval(AT_HWCAP) != 0);
    const unsigned char *rnd = (const unsigned char *)getauxval(AT_RANDOM);
    int nz = 0;
    if (rnd)
        for (int i = 0; i < 16; i++)
            nz |= rnd[i];
    printf("AT_RANDOM non-null %d, bytes not all zero %d\n", rnd != NULL, nz != 0);
    printf("AT_PHDR set %d AT_ENTRY set %d AT_PHENT %lu\n", getauxval(AT_PHDR) != 0,
           getauxval(AT_ENTRY) != 0, getauxval(AT_PHENT) ? 1ul : 0ul);
    printf("AT_UID ok %d AT_EUID ok %d AT_GID ok %d AT_EGID ok %d AT_SECURE %lu\n",
           getauxval(AT_UID) == getuid(), getauxval(AT_EUID) == geteuid(),
           getauxval(AT_GID) == getgid(), getauxval(AT_EGID) == getegid(), getauxval(AT_SECURE));
    printf("AT_CLKTCK %lu sysconf %ld\n", getauxval(AT_CLKTCK), sysconf(_SC_CLK_TCK));
    const char *fn = (const char *)getauxval(AT_EXECFN);
    const char *fs = fn ? strrchr(fn, '/') : NULL;
    printf("AT_EXECFN %s\n", fs ? fs + 1 : fn ? fn : "(null)");
    volatile long long aligned;
    printf("stack 8-aligned %d\n", ((uintptr_t)&aligned & 7) == 0);
    return xt_done();
}
