/* pipe — inter-process data flow: a child writes 1 MiB through a pipe in
 * odd-sized chunks and the parent hashes what it reads (short reads are
 * normal); EOF after the writer closes; EPIPE/SIGPIPE when the reader is
 * gone; pipe2(O_CLOEXEC|O_NONBLOCK) and EAGAIN; poll on a pipe;
 * a socketpair round trip; dup2 of a pipe onto stdout in a child. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>
#include "xt.h"

int main(void)
{
    int p[2];
    CHECK(pipe(p) == 0);
    pid_t k = fork();
    if (k == 0) {
        close(p[0]);
        static unsigned char chunk[5003];
        size_t sent = 0;
        while (sent < (1u << 20)) {
            size_t n = sizeof chunk;
            if (n > (1u << 20) - sent)
                n = (1u << 20) - sent;
            for (size_t i = 0; i < n; i++)
                chunk[i] = (unsigned char)((sent + i) * 13 + ((sent + i) >> 10));
            if (write(p[1], chunk, n) != (ssize_t)n)
                _exit(1);
            sent += n;
        }
        _exit(0);
    }
    close(p[1]);
    static unsigned char all[1 << 20];
    size_t got = 0;
    ssize_t r;
    while ((r = read(p[0], all + got, 65536)) > 0)
        got += r;
    int st;
    waitpid(k, &st, 0);
    printf("pipe: got %zu bytes hash %08x child exit %d eof %d\n", got, xt_fnv(all, got),
           WEXITSTATUS(st), r == 0);
    close(p[0]);

    /* writer with no reader: SIGPIPE ignored -> EPIPE */
    signal(SIGPIPE, SIG_IGN);
    CHECK(pipe(p) == 0);
    close(p[0]);
    errno = 0;
    int wr = (int)write(p[1], "x", 1);
    printf("write to closed pipe: %d EPIPE %d\n", wr, errno == EPIPE);
    close(p[1]);

    CHECK(pipe2(p, O_CLOEXEC | O_NONBLOCK) == 0);
    char c;
    errno = 0;
    int rd = (int)read(p[0], &c, 1);
    int again = errno == EAGAIN;
    printf("nonblocking empty read: %d EAGAIN %d cloexec %d\n", rd, again,
           (fcntl(p[0], F_GETFD) & FD_CLOEXEC) != 0);
    struct pollfd pf = {p[0], POLLIN, 0};
    printf("poll empty: %d\n", poll(&pf, 1, 0));
    CHECK(write(p[1], "hello", 5) == 5);
    int ready = poll(&pf, 1, 100);
    printf("poll ready: %d revents POLLIN %d\n", ready, (pf.revents & POLLIN) != 0);
    close(p[0]);
    close(p[1]);

    int sv[2];
    CHECK(socketpair(AF_UNIX, SOCK_STREAM, 0, sv) == 0);
    k = fork();
    if (k == 0) {
        char buf[64];
        ssize_t n = read(sv[1], buf, sizeof buf);
        for (ssize_t i = 0; i < n; i++)
            buf[i] = (char)(buf[i] ^ 0x20);
        _exit(write(sv[1], buf, n) == n ? 0 : 1);
    }
    CHECK(write(sv[0], "Round Trip", 10) == 10);
    char back[16] = {0};
    CHECK(read(sv[0], back, sizeof back - 1) == 10);
    waitpid(k, &st, 0);
    printf("socketpair: %s\n", back);

    /* child's stdout redirected into a pipe */
    CHECK(pipe(p) == 0);
    fflush(stdout);
    k = fork();
    if (k == 0) {
        dup2(p[1], 1);
        close(p[0]);
        printf("from the child via dup2\n");
        fflush(stdout);
        _exit(0);
    }
    close(p[1]);
    char line[64] = {0};
    size_t ln = 0;
    while ((r = read(p[0], line + ln, sizeof line - 1 - ln)) > 0)
        ln += r;
    waitpid(k, &st, 0);
    printf("parent read: %s", line);
    return xt_done();
}
