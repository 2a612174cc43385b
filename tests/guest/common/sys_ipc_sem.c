/* sys_ipc_sem — SysV semaphores: semget, semop, semtimedop, semctl with
 * every command (union semun passed by value), IPC_NOWAIT, SEM_UNDO across
 * a fork child's exit, a blocked semop woken by another process, a
 * semtimedop timeout, a signal interrupting semop (EINTR even with
 * SA_RESTART), and the errors. Portable: compared with the native build. */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/ipc.h>
#include <sys/sem.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "xt.h"

#ifdef __arm__
#define IPC64 0x100
#else
#define IPC64 0
#endif

union semun {
    int val;
    struct semid_ds *buf;
    unsigned short *array;
    struct seminfo *__buf;
};

static long res;
static int err;
#define CALL(expr) (errno = 0, res = (long)(expr), err = errno)

static void on_alarm(int sig) {}

int main(void)
{
    int id = semget(IPC_PRIVATE, 3, IPC_CREAT | 0600);
    CHECK(id >= 0);
    struct semid_ds ds;
    union semun u = {.buf = &ds};
    CHECK(semctl(id, 0, IPC_STAT, u) == 0);
    printf("stat: nsems %lu mode %o uid-ok %d otime %ld\n", (unsigned long)ds.sem_nsems,
           ds.sem_perm.mode & 0777, ds.sem_perm.uid == getuid(), (long)ds.sem_otime);

    unsigned short vals[3] = {1, 2, 3}, got[3] = {0};
    u.array = vals;
    CHECK(semctl(id, 0, SETALL, u) == 0);
    u.array = got;
    CHECK(semctl(id, 0, GETALL, u) == 0);
    printf("GETALL %u %u %u\n", got[0], got[1], got[2]);
    u.val = 7;
    CHECK(semctl(id, 1, SETVAL, u) == 0);
    printf("GETVAL 1 = %d\n", semctl(id, 1, GETVAL));

    struct sembuf ops[2] = {{0, -1, 0}, {2, 2, 0}};
    CHECK(semop(id, ops, 2) == 0);
    printf("after semop: %d %d %d, GETPID is me %d\n", semctl(id, 0, GETVAL), semctl(id, 1, GETVAL),
           semctl(id, 2, GETVAL), semctl(id, 0, GETPID) == getpid());
    CHECK(semctl(id, 0, IPC_STAT, (union semun){.buf = &ds}) == 0);
    printf("otime set %d\n", ds.sem_otime != 0);

    struct sembuf take = {0, -1, IPC_NOWAIT};
    CALL(semop(id, &take, 1));
    printf("IPC_NOWAIT on zero: %d errno %d\n", (int)res, err);
    struct timespec tmo = {0, 50 * 1000 * 1000};
    take.sem_flg = 0;
    CALL(semtimedop(id, &take, 1, &tmo));
    printf("semtimedop timeout: %d errno %d\n", (int)res, err);
    struct sembuf zero = {0, 0, 0};
    printf("wait-for-zero on zero: %d\n", semop(id, &zero, 1));

    /* SEM_UNDO: a child's adjustments are undone at its exit. */
    pid_t pid = fork();
    if (pid == 0) {
        struct sembuf up = {1, 5, SEM_UNDO};
        _exit(semop(id, &up, 1) == 0 && semctl(id, 1, GETVAL) == 12 ? 0 : 1);
    }
    int st;
    waitpid(pid, &st, 0);
    printf("child SEM_UNDO ok %d, value back to %d\n", WIFEXITED(st) && WEXITSTATUS(st) == 0,
           semctl(id, 1, GETVAL));

    /* A blocked semop is woken by another process. */
    pid = fork();
    if (pid == 0) {
        usleep(100 * 1000);
        struct sembuf give = {0, 1, 0};
        _exit(semop(id, &give, 1) == 0 ? 0 : 1);
    }
    take.sem_flg = 0;
    printf("blocking semop woken: %d\n", semop(id, &take, 1));
    waitpid(pid, &st, 0);
    printf("waiters: ncnt %d zcnt %d\n", semctl(id, 0, GETNCNT), semctl(id, 0, GETZCNT));

    /* A signal interrupts semop; SA_RESTART does not restart it. */
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_alarm;
    sa.sa_flags = SA_RESTART;
    sigaction(SIGALRM, &sa, NULL);
    struct itimerval it = {{0, 0}, {0, 100 * 1000}};
    setitimer(ITIMER_REAL, &it, NULL);
    CALL(semop(id, &take, 1));
    printf("semop interrupted: %d errno %d\n", (int)res, err);

    /* IPC_SET, then errors. */
    ds.sem_perm.mode = 0640;
    CHECK(semctl(id, 0, IPC_SET, (union semun){.buf = &ds}) == 0);
    CHECK(semctl(id, 0, IPC_STAT, (union semun){.buf = &ds}) == 0);
    printf("after IPC_SET mode %o\n", ds.sem_perm.mode & 0777);
    CALL(semctl(id, 5, GETVAL));
    printf("GETVAL out of range: %d errno %d\n", (int)res, err);
    u.val = -1;
    CALL(semctl(id, 0, SETVAL, u));
    printf("SETVAL -1: %d errno %d\n", (int)res, err);
    struct sembuf bad = {9, 1, 0};
    CALL(semop(id, &bad, 1));
    printf("semop on sem 9: %d errno %d\n", (int)res, err);
    CALL(semop(id, ops, 0));
    printf("semop of 0 ops: %d errno %d\n", (int)res, err);
    CALL(syscall(SYS_semctl, id, 0, IPC_STAT | IPC64, (void *)16));
    printf("IPC_STAT to a bad pointer: %d errno %d\n", (int)res, err);
    CALL(semop(id, (struct sembuf *)16, 1));
    printf("semop from a bad pointer: %d errno %d\n", (int)res, err);
    CALL(semget(IPC_PRIVATE, -1, IPC_CREAT | 0600));
    printf("semget nsems -1: %d errno %d\n", (int)res, err);

    struct seminfo si;
    CHECK(semctl(0, 0, IPC_INFO, (union semun){.__buf = &si}) >= 0);
    printf("IPC_INFO semmsl > 0 %d semopm > 0 %d\n", si.semmsl > 0, si.semopm > 0);
    CHECK(semctl(0, 0, SEM_INFO, (union semun){.__buf = &si}) >= 0);

    CHECK(semctl(id, 0, IPC_RMID) == 0);
    CALL(semctl(id, 0, GETVAL));
    printf("after IPC_RMID: %d errno %d\n", (int)res, err);
    return xt_done();
}
