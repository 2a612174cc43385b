/* sys_ipc_msg — SysV message queues: msgget, msgsnd, msgrcv (by type,
 * first of any type, lowest type <= -N, MSG_EXCEPT, MSG_NOERROR, E2BIG,
 * IPC_NOWAIT), a negative and a large mtype (the guest's long is 32-bit),
 * a receiver blocked until another process sends, EINTR, msgctl
 * IPC_STAT/IPC_SET/IPC_RMID/IPC_INFO/MSG_INFO and the errors; then POSIX
 * message queues: mq_open with attributes, priorities, timeouts, O_NONBLOCK,
 * mq_getattr/mq_setattr, mq_notify with a signal, mq_unlink. Portable:
 * compared with the native build.
 * XRUN-LIBS: -lrt */
#define _GNU_SOURCE
/* XRUN-XFAIL-QEMU: qemu 7.2 lacks mq_notify, differs in msg_lrpid and huge msgsnd sizes, and aborts in cpu_exec on arm */
#include <errno.h>
#include <fcntl.h>
#include <mqueue.h>
#include <time.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>
#include "xt.h"

#ifdef __arm__
#define IPC64 0x100
#else
#define IPC64 0
#endif

struct msg {
    long mtype;
    char text[64];
};

static long res;
static int err;
#define CALL(expr) (errno = 0, res = (long)(expr), err = errno)

static int send(int id, long type, const char *text)
{
    struct msg m = {.mtype = type};
    strcpy(m.text, text);
    return msgsnd(id, &m, strlen(text) + 1, 0);
}

static void recv_print(int id, long type, int flags, size_t size)
{
    struct msg m;
    memset(&m, 0, sizeof m);
    CALL(msgrcv(id, &m, size, type, flags));
    if (res >= 0)
        printf("msgrcv(type %ld) = %ld: type %ld \"%.*s\"\n", type, res, m.mtype, (int)res, m.text);
    else
        printf("msgrcv(type %ld) = -1 errno %d\n", type, err);
}

static void on_alarm(int sig) {}

static volatile sig_atomic_t notified, notified_value;
static void on_usr2(int sig, siginfo_t *si, void *uc)
{
    notified++;
    notified_value = si->si_value.sival_int;
}

static void posix_queues(void)
{
    char name[64];
    snprintf(name, sizeof name, "/xrun-mq-%d", (int)getpid());
    struct mq_attr at = {.mq_maxmsg = 4, .mq_msgsize = 32};
    CALL(mq_open(name, O_RDWR, 0600, NULL));
    printf("mq_open missing: %d errno %d\n", (int)res, err);
    mqd_t q = mq_open(name, O_RDWR | O_CREAT | O_EXCL, 0600, &at);
    CHECK(q != (mqd_t)-1);
    CALL(mq_open(name, O_RDWR | O_CREAT | O_EXCL, 0600, &at));
    printf("mq_open O_EXCL again: %d errno %d\n", (int)res, err);
    struct mq_attr got;
    CHECK(mq_getattr(q, &got) == 0);
    printf("attr: maxmsg %ld msgsize %ld curmsgs %ld flags %ld\n", (long)got.mq_maxmsg,
           (long)got.mq_msgsize, (long)got.mq_curmsgs, (long)got.mq_flags);
    CHECK(mq_send(q, "low", 3, 1) == 0);
    CHECK(mq_send(q, "high", 4, 9) == 0);
    CHECK(mq_send(q, "mid", 3, 5) == 0);
    CALL(mq_send(q, "toolong-toolong-toolong-toolong-toolong", 40, 1));
    printf("message too long: %d errno %d\n", (int)res, err);
    char buf[64];
    unsigned prio;
    for (int i = 0; i < 3; i++) {
        memset(buf, 0, sizeof buf);
        ssize_t n = mq_receive(q, buf, sizeof buf, &prio);
        printf("mq_receive %zd \"%s\" prio %u\n", n, buf, prio);
    }
    CALL(mq_receive(q, buf, 8, &prio));
    printf("buffer smaller than msgsize: %d errno %d\n", (int)res, err);
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    ts.tv_nsec += 50 * 1000 * 1000;
    if (ts.tv_nsec >= 1000000000) {
        ts.tv_sec++;
        ts.tv_nsec -= 1000000000;
    }
    CALL(mq_timedreceive(q, buf, sizeof buf, &prio, &ts));
    printf("mq_timedreceive on empty: %d errno %d\n", (int)res, err);
    struct mq_attr nb = {.mq_flags = O_NONBLOCK}, old;
    CHECK(mq_setattr(q, &nb, &old) == 0);
    printf("old flags %ld\n", (long)old.mq_flags);
    CALL(mq_receive(q, buf, sizeof buf, &prio));
    printf("nonblocking receive: %d errno %d\n", (int)res, err);
    for (int i = 0; i < 4; i++)
        CHECK(mq_send(q, "x", 1, 0) == 0);
    CALL(mq_send(q, "x", 1, 0));
    printf("nonblocking send to a full queue: %d errno %d\n", (int)res, err);
    while (mq_receive(q, buf, sizeof buf, &prio) >= 0)
        ;

    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_usr2;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGUSR2, &sa, NULL);
    struct sigevent sev;
    memset(&sev, 0, sizeof sev);
    sev.sigev_notify = SIGEV_SIGNAL;
    sev.sigev_signo = SIGUSR2;
    sev.sigev_value.sival_int = 4321;
    CHECK(mq_notify(q, &sev) == 0);
    CALL(mq_notify(q, &sev));
    printf("second mq_notify: %d errno %d\n", (int)res, err);
    CHECK(mq_send(q, "wake", 4, 0) == 0);
    for (int i = 0; i < 100 && !notified; i++)
        usleep(1000);
    printf("notified %d value %d\n", (int)notified, (int)notified_value);
    CHECK(mq_close(q) == 0);
    CHECK(mq_unlink(name) == 0);
    CALL(mq_unlink(name));
    printf("mq_unlink again: %d errno %d\n", (int)res, err);
}

int main(void)
{
    int id = msgget(IPC_PRIVATE, IPC_CREAT | 0600);
    CHECK(id >= 0);
    CHECK(send(id, 5, "five") == 0);
    CHECK(send(id, 2, "two") == 0);
    CHECK(send(id, 9, "nine") == 0);
    CHECK(send(id, 2, "two again") == 0);
    CHECK(send(id, 2000000000, "big type") == 0);

    struct msqid_ds ds;
    CHECK(msgctl(id, IPC_STAT, &ds) == 0);
    printf("stat: qnum %lu cbytes %lu mode %o lspid-is-me %d qbytes > 0 %d\n",
           (unsigned long)ds.msg_qnum, (unsigned long)ds.__msg_cbytes, ds.msg_perm.mode & 0777,
           ds.msg_lspid == getpid(), ds.msg_qbytes > 0);

    recv_print(id, 2, 0, 64);          /* first of type 2 */
    recv_print(id, -6, 0, 64);         /* lowest type <= 6 */
    recv_print(id, 9, MSG_EXCEPT, 64); /* first not of type 9 */
    recv_print(id, 0, 0, 3);           /* too small: E2BIG, stays queued */
    recv_print(id, 0, MSG_NOERROR, 3); /* truncated */
    recv_print(id, 0, 0, 64);
    recv_print(id, 0, IPC_NOWAIT, 64); /* empty: ENOMSG */

    CALL(send(id, 0, "zero type"));
    printf("mtype 0: %d errno %d\n", (int)res, err);
    CALL(send(id, -3, "negative type"));
    printf("mtype -3: %d errno %d\n", (int)res, err);
    struct msg m = {.mtype = 1};
    CALL(msgsnd(id, &m, (size_t)-1 / 2, 0));
    printf("huge size: %d errno %d\n", (int)res, err);
    CALL(msgsnd(id, (void *)16, 4, 0));
    printf("bad pointer: %d errno %d\n", (int)res, err);

    /* A receiver blocked until a child sends. */
    pid_t pid = fork();
    if (pid == 0) {
        usleep(100 * 1000);
        _exit(send(id, 77, "from child") == 0 ? 0 : 1);
    }
    recv_print(id, 77, 0, 64);
    int st;
    waitpid(pid, &st, 0);
    CHECK(msgctl(id, IPC_STAT, &ds) == 0);
    printf("lrpid-is-me %d lspid-is-child %d\n", ds.msg_lrpid == getpid(), ds.msg_lspid == pid);

    /* A signal interrupts msgrcv; SA_RESTART does not restart it. */
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_alarm;
    sa.sa_flags = SA_RESTART;
    sigaction(SIGALRM, &sa, NULL);
    struct itimerval it = {{0, 0}, {0, 100 * 1000}};
    setitimer(ITIMER_REAL, &it, NULL);
    recv_print(id, 0, 0, 64);

    /* IPC_SET: mode and a smaller msg_qbytes, then a send that no longer fits. */
    ds.msg_perm.mode = 0640;
    ds.msg_qbytes = 16;
    CHECK(msgctl(id, IPC_SET, &ds) == 0);
    CHECK(msgctl(id, IPC_STAT, &ds) == 0);
    printf("after IPC_SET mode %o qbytes %lu\n", ds.msg_perm.mode & 0777,
           (unsigned long)ds.msg_qbytes);
    CHECK(send(id, 1, "0123456789") == 0);
    memset(&m, 0, sizeof m);
    m.mtype = 1;
    CALL(msgsnd(id, &m, 10, IPC_NOWAIT));
    printf("full queue: %d errno %d\n", (int)res, err);

    CALL(syscall(SYS_msgctl, id, IPC_STAT | IPC64, (void *)16));
    printf("IPC_STAT to a bad pointer: %d errno %d\n", (int)res, err);
    struct msginfo mi;
    CHECK(msgctl(0, IPC_INFO, (struct msqid_ds *)&mi) >= 0);
    printf("IPC_INFO msgmax > 0 %d msgmnb > 0 %d\n", mi.msgmax > 0, mi.msgmnb > 0);
    CHECK(msgctl(0, MSG_INFO, (struct msqid_ds *)&mi) >= 0);

    CHECK(msgctl(id, IPC_RMID, NULL) == 0);
    recv_print(id, 0, IPC_NOWAIT, 64);
    CALL(msgget(IPC_PRIVATE + 0x7e000000 + (getpid() & 0xffff), 0600));
    printf("msgget missing key: %d errno %d\n", (int)res, err);
    posix_queues();
    return xt_done();
}
