/* sys_ipc_msg — SysV message queues: msgget, msgsnd, msgrcv (by type,
 * first of any type, lowest type <= -N, MSG_EXCEPT, MSG_NOERROR, E2BIG,
 * IPC_NOWAIT), a negative and a large mtype (the guest's long is 32-bit),
 * a receiver blocked until another process sends, EINTR, msgctl
 * IPC_STAT/IPC_SET/IPC_RMID/IPC_INFO/MSG_INFO and the errors. Portable:
 * compared with the native build. */
#define _GNU_SOURCE
#include <errno.h>
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

static void on_alarm(int sig)
{
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

    recv_print(id, 2, 0, 64);                /* first of type 2 */
    recv_print(id, -6, 0, 64);               /* lowest type <= 6 */
    recv_print(id, 9, MSG_EXCEPT, 64);       /* first not of type 9 */
    recv_print(id, 0, 0, 3);                 /* too small: E2BIG, stays queued */
    recv_print(id, 0, MSG_NOERROR, 3);       /* truncated */
    recv_print(id, 0, 0, 64);
    recv_print(id, 0, IPC_NOWAIT, 64);       /* empty: ENOMSG */

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
    return xt_done();
}
