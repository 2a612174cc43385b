/* sys_events — waiting and messaging syscalls through libc: poll, select,
 * epoll, eventfd (counter and semaphore), timerfd, signalfd, POSIX timers
 * delivered as signals, socketpair with SCM_RIGHTS descriptor passing,
 * AF_UNIX datagrams, and TCP and UDP over loopback (ephemeral ports, never
 * printed). Only counts, data and booleans are printed, never a time or a
 * port, so the output is deterministic. Portable: compared with the native
 * build. Adopted from the raw-syscall tests. */
/* XRUN-LIBS: -lrt */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/select.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/timerfd.h>
#include <time.h>
#include <unistd.h>
#include "xt.h"

static void poll_select(void)
{
    int p[2];
    CHECK(pipe(p) == 0);
    struct pollfd pf[2] = {{p[0], POLLIN, 0}, {p[1], POLLOUT, 0}};
    /* Each call in its own statement: printf's arguments are unsequenced. */
    int n = poll(pf, 2, 0);
    printf("poll empty: %d rev %x %x\n", n, pf[0].revents, pf[1].revents);
    CHECK(write(p[1], "x", 1) == 1);
    n = poll(pf, 2, 0);
    printf("poll data: %d rev %x %x\n", n, pf[0].revents, pf[1].revents);
    fd_set rf;
    FD_ZERO(&rf);
    FD_SET(p[0], &rf);
    struct timeval tv = {0, 1000};
    n = select(p[0] + 1, &rf, NULL, NULL, &tv);
    printf("select: %d isset %d\n", n, FD_ISSET(p[0], &rf));
    close(p[1]);
    char c;
    CHECK(read(p[0], &c, 1) == 1);
    pf[0].revents = 0;
    n = poll(pf, 1, 0);
    printf("poll hup: %d rev %x\n", n, pf[0].revents);
    close(p[0]);
}

static void epoll_eventfd(void)
{
    int ep = epoll_create1(EPOLL_CLOEXEC);
    int efd = eventfd(0, EFD_NONBLOCK);
    int sfd = eventfd(3, EFD_SEMAPHORE | EFD_NONBLOCK);
    struct epoll_event e = {.events = EPOLLIN, .data.u64 = 0x1122334455667788ull};
    CHECK(epoll_ctl(ep, EPOLL_CTL_ADD, efd, &e) == 0);
    e.data.u64 = 42;
    CHECK(epoll_ctl(ep, EPOLL_CTL_ADD, sfd, &e) == 0);
    struct epoll_event out[4];
    int n = epoll_wait(ep, out, 4, 0);
    printf("epoll: %d first data %llx\n", n, n > 0 ? (unsigned long long)out[0].data.u64 : 0);
    uint64_t v = 5;
    CHECK(write(efd, &v, 8) == 8);
    CHECK(write(efd, &v, 8) == 8);
    n = epoll_wait(ep, out, 4, 0);
    uint64_t seen = 0;
    for (int i = 0; i < n; i++)
        seen ^= out[i].data.u64;
    printf("epoll: %d data xor %llx\n", n, (unsigned long long)seen);
    CHECK(read(efd, &v, 8) == 8);
    printf("eventfd counter %llu\n", (unsigned long long)v);
    errno = 0;
    int r = read(efd, &v, 8);
    printf("eventfd empty %d %d\n", r, errno == EAGAIN);
    for (int i = 0; i < 4; i++) {
        errno = 0;
        int r = read(sfd, &v, 8);
        printf("semaphore read %d -> %d value %llu\n", i, r, r == 8 ? (unsigned long long)v : 0);
    }
    e.events = EPOLLIN | EPOLLET;
    CHECK(epoll_ctl(ep, EPOLL_CTL_MOD, sfd, &e) == 0);
    CHECK(epoll_ctl(ep, EPOLL_CTL_DEL, efd, NULL) == 0);
    printf("epoll del again %d\n", epoll_ctl(ep, EPOLL_CTL_DEL, efd, NULL) < 0 && errno == ENOENT);
    close(efd);
    close(sfd);
    close(ep);
}

static void timers(void)
{
    int tfd = timerfd_create(CLOCK_MONOTONIC, 0);
    /* Armed far in the future for the gettime check (a slow run must not
     * see it expire), then re-armed short for the read. */
    struct itimerspec its = {{0, 0}, {100, 0}};
    CHECK(timerfd_settime(tfd, 0, &its, NULL) == 0);
    struct itimerspec cur;
    CHECK(timerfd_gettime(tfd, &cur) == 0);
    printf("timerfd armed %d\n", cur.it_value.tv_sec > 0 && cur.it_value.tv_sec <= 100);
    its.it_value.tv_sec = 0;
    its.it_value.tv_nsec = 2 * 1000 * 1000;
    CHECK(timerfd_settime(tfd, 0, &its, NULL) == 0);
    uint64_t v = 0;
    int r = read(tfd, &v, 8);
    printf("timerfd read %d expirations %llu\n", r, (unsigned long long)v);
    close(tfd);

    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGUSR1);
    sigaddset(&set, SIGRTMIN);
    CHECK(sigprocmask(SIG_BLOCK, &set, NULL) == 0);
    int sfd = signalfd(-1, &set, SFD_CLOEXEC);
    CHECK(kill(getpid(), SIGUSR1) == 0);
    struct signalfd_siginfo si;
    r = read(sfd, &si, sizeof si);
    printf("signalfd read %d signo %u code %d\n", r, si.ssi_signo, si.ssi_code);
    close(sfd);

    timer_t t;
    struct sigevent sev = {.sigev_notify = SIGEV_SIGNAL, .sigev_signo = SIGRTMIN};
    sev.sigev_value.sival_int = 77;
    CHECK(timer_create(CLOCK_MONOTONIC, &sev, &t) == 0);
    struct itimerspec ts = {{0, 0}, {0, 5 * 1000 * 1000}};
    CHECK(timer_settime(t, 0, &ts, NULL) == 0);
    siginfo_t info;
    int sig = sigwaitinfo(&set, &info);
    printf("timer signal %s value %d code %s\n", sig == SIGRTMIN ? "SIGRTMIN" : "other",
           info.si_value.sival_int, info.si_code == SI_TIMER ? "SI_TIMER" : "other");
    CHECK(timer_delete(t) == 0);
    struct timespec a, b;
    clock_gettime(CLOCK_MONOTONIC, &a);
    struct timespec nap = {0, 2 * 1000 * 1000};
    printf("nanosleep %d\n", nanosleep(&nap, NULL));
    clock_gettime(CLOCK_MONOTONIC, &b);
    long long ns = (b.tv_sec - a.tv_sec) * 1000000000LL + (b.tv_nsec - a.tv_nsec);
    printf("monotonic advanced >= 2ms %d\n", ns >= 2000000);
    CHECK(sigprocmask(SIG_UNBLOCK, &set, NULL) == 0);
}

static void unix_sockets(void)
{
    int sv[2];
    CHECK(socketpair(AF_UNIX, SOCK_STREAM, 0, sv) == 0);
    int p[2];
    CHECK(pipe(p) == 0);
    /* Send the pipe's write end across the socket with SCM_RIGHTS. */
    char cbuf[CMSG_SPACE(sizeof(int))];
    memset(cbuf, 0, sizeof cbuf);
    struct iovec iov = {"fd", 2};
    struct msghdr mh = {.msg_iov = &iov, .msg_iovlen = 1, .msg_control = cbuf,
                        .msg_controllen = sizeof cbuf};
    struct cmsghdr *cm = CMSG_FIRSTHDR(&mh);
    cm->cmsg_level = SOL_SOCKET;
    cm->cmsg_type = SCM_RIGHTS;
    cm->cmsg_len = CMSG_LEN(sizeof(int));
    memcpy(CMSG_DATA(cm), &p[1], sizeof(int));
    printf("sendmsg %d\n", (int)sendmsg(sv[0], &mh, 0));
    char data[8] = {0};
    char rbuf[CMSG_SPACE(sizeof(int))];
    struct iovec riov = {data, sizeof data};
    struct msghdr rh = {.msg_iov = &riov, .msg_iovlen = 1, .msg_control = rbuf,
                        .msg_controllen = sizeof rbuf};
    int r = recvmsg(sv[1], &rh, 0);
    printf("recvmsg %d %s\n", r, data);
    struct cmsghdr *rc = CMSG_FIRSTHDR(&rh);
    int got = -1;
    if (rc && rc->cmsg_type == SCM_RIGHTS)
        memcpy(&got, CMSG_DATA(rc), sizeof(int));
    printf("received fd %d\n", got >= 0 && got != p[1]);
    CHECK(write(got, "via", 3) == 3);
    char b[4] = {0};
    r = read(p[0], b, 3);
    printf("pipe got %d %s\n", r, b);
    int type = 0;
    socklen_t len = sizeof type;
    getsockopt(sv[0], SOL_SOCKET, SO_TYPE, &type, &len);
    printf("SO_TYPE stream %d\n", type == SOCK_STREAM);
    shutdown(sv[0], SHUT_WR);
    printf("read after shutdown %d\n", (int)read(sv[1], b, 1));
    close(got);
    close(p[0]);
    close(p[1]);
    close(sv[0]);
    close(sv[1]);

    CHECK(socketpair(AF_UNIX, SOCK_DGRAM, 0, sv) == 0);
    send(sv[0], "one", 3, 0);
    send(sv[0], "three", 5, 0);
    memset(data, 0, sizeof data);
    r = recv(sv[1], data, sizeof data, 0);
    printf("dgram %d %s", r, data);
    memset(data, 0, sizeof data);
    r = recv(sv[1], data, 2, MSG_TRUNC);
    printf(" %d %s\n", r, data);
    close(sv[0]);
    close(sv[1]);
}

static void inet_sockets(void)
{
    int ls = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    int one = 1;
    CHECK(setsockopt(ls, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) == 0);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    socklen_t al = sizeof a;
    CHECK(bind(ls, (struct sockaddr *)&a, sizeof a) == 0);
    CHECK(listen(ls, 4) == 0);
    CHECK(getsockname(ls, (struct sockaddr *)&a, &al) == 0);
    printf("tcp bound port>0 %d family %d\n", ntohs(a.sin_port) > 0, a.sin_family);
    int c = socket(AF_INET, SOCK_STREAM, 0);
    printf("connect %d\n", connect(c, (struct sockaddr *)&a, sizeof a));
    struct sockaddr_in peer;
    socklen_t pl = sizeof peer;
    int s = accept4(ls, (struct sockaddr *)&peer, &pl, SOCK_CLOEXEC);
    printf("accept ok %d peer loopback %d\n", s >= 0, peer.sin_addr.s_addr == htonl(INADDR_LOOPBACK));
    CHECK(setsockopt(c, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one) == 0);
    int nd = 0;
    socklen_t ndl = sizeof nd;
    getsockopt(c, IPPROTO_TCP, TCP_NODELAY, &nd, &ndl);
    printf("TCP_NODELAY %d\n", nd != 0);
    printf("send %d\n", (int)send(c, "hello tcp", 9, 0));
    char b[16] = {0};
    int got = 0;
    while (got < 9) {
        int r = recv(s, b + got, sizeof b - 1 - got, 0);
        if (r <= 0)
            break;
        got += r;
    }
    printf("recv %d %s\n", got, b);
    close(c);
    printf("recv after close %d\n", (int)recv(s, b, sizeof b, 0));
    close(s);
    close(ls);

    int u1 = socket(AF_INET, SOCK_DGRAM, 0), u2 = socket(AF_INET, SOCK_DGRAM, 0);
    struct sockaddr_in ua = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    socklen_t ul = sizeof ua;
    CHECK(bind(u2, (struct sockaddr *)&ua, sizeof ua) == 0);
    CHECK(getsockname(u2, (struct sockaddr *)&ua, &ul) == 0);
    printf("sendto %d\n", (int)sendto(u1, "udp!", 4, 0, (struct sockaddr *)&ua, sizeof ua));
    memset(b, 0, sizeof b);
    struct sockaddr_in from;
    socklen_t fl = sizeof from;
    int r = recvfrom(u2, b, sizeof b, 0, (struct sockaddr *)&from, &fl);
    printf("recvfrom %d %s from loopback %d\n", r, b, from.sin_addr.s_addr == htonl(INADDR_LOOPBACK));
    close(u1);
    close(u2);
}

int main(void)
{
    setvbuf(stdout, NULL, _IONBF, 0);
    poll_select();
    epoll_eventfd();
    timers();
    unix_sockets();
    inet_sockets();
    return xt_done();
}
