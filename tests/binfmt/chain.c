/* chain PROG ARGV0 [ARGS...]: execv(PROG, [ARGV0, ARGS...]); on failure
 * prints the errno text and exits 3. Tests that a guest's execve of another
 * program works (and ends) with and without binfmt_misc, and which way it
 * went: xrun re-running itself keeps ARGV0, a binfmt_misc entry without
 * the P flag replaces it by PROG. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: chain PROG ARGV0 [ARGS...]\n");
        return 2;
    }
    printf("chain: exec %s\n", argv[1]);
    fflush(stdout);
    execv(argv[1], argv + 2);
    printf("chain: execve: %s\n", strerror(errno));
    return 3;
}
