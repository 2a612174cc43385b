/* chain PROG [ARGS...]: execv(PROG, [PROG, ARGS...]); on failure prints
 * the errno text and exits 3. Tests that a guest's execve of another
 * program works (and ends) with and without binfmt_misc. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: chain PROG [ARGS...]\n");
        return 2;
    }
    printf("chain: exec %s\n", argv[1]);
    fflush(stdout);
    execv(argv[1], argv + 1);
    printf("chain: execve: %s\n", strerror(errno));
    return 3;
}
