/* sys_ipc_shm — SysV shared memory: shmget/shmat/shmdt/shmctl.
 * Attach at NULL and at a given address (SHM_RND, SHM_REMAP, overlap),
 * SHM_RDONLY (a write faults), the /proc/self/maps line of an attachment,
 * shmdt of what is not an attachment start, IPC_STAT/IPC_SET/IPC_RMID with
 * SHM_DEST, IPC_INFO/SHM_INFO, sharing with a fork child, and the errors.
 * Portable: compared with the native build. Keys are IPC_PRIVATE or made
 * from the pid, so concurrent runs do not meet; addresses are 64 KiB
 * aligned, which satisfies every SHMLBA. */
#define _GNU_SOURCE
/* XRUN-XFAIL-QEMU: qemu 7.2 dies of an uncaught SIGSEGV in this program */
#include <errno.h>
#include <setjmp.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/ipc.h>
#include <sys/mman.h>
#include <sys/shm.h>
#include <sys/wait.h>
#include <unistd.h>
#include <sys/syscall.h>
#include "xt.h"

#ifdef __arm__
#define IPC64 0x100 /* what the libc ORs into ctl commands on 32-bit ARM */
#else
#define IPC64 0
#endif

/* Result and errno of one call, taken in that order (printf's arguments
 * are evaluated in no fixed order). */
static long res;
static int err;
#define CALL(expr) (errno = 0, res = (long)(expr), err = errno)

/* The maps line covering p: its permissions and name (after the inode). */
static int maps_line(const void *p, char *perms, char *name, size_t name_size)
{
    FILE *f = fopen("/proc/self/maps", "r");
    char line[512];
    int found = 0;
    if (!f)
        return 0;
    while (fgets(line, sizeof line, f)) {
        unsigned long lo, hi;
        int pos = 0;
        char pm[8];
        if (sscanf(line, "%lx-%lx %7s %*s %*s %*s %n", &lo, &hi, pm, &pos) < 3)
            continue;
        if ((unsigned long)p >= lo && (unsigned long)p < hi) {
            strcpy(perms, pm);
            snprintf(name, name_size, "%s", line + pos);
            name[strcspn(name, "\n")] = 0;
            found = 1;
            break;
        }
    }
    fclose(f);
    return found;
}

static sigjmp_buf jb;
static void on_segv(int sig)
{
    siglongjmp(jb, 1);
}

/* A free 64 KiB-aligned address with room for len bytes. */
static char *free_aligned(size_t len)
{
    char *r = mmap(NULL, len + 65536, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (r == MAP_FAILED)
        return NULL;
    char *a = (char *)(((unsigned long)r + 65535) & ~65535ul);
    munmap(r, len + 65536);
    return a;
}

static void basics(void)
{
    int id = shmget(IPC_PRIVATE, 10000, IPC_CREAT | 0600);
    CHECK(id >= 0);
    struct shmid_ds ds;
    CHECK(shmctl(id, IPC_STAT, &ds) == 0);
    printf("stat: segsz %lu mode %o nattch %lu cpid-is-me %d uid-ok %d key %d\n",
           (unsigned long)ds.shm_segsz, ds.shm_perm.mode & 0777, (unsigned long)ds.shm_nattch,
           ds.shm_cpid == getpid(), ds.shm_perm.uid == getuid(), (int)ds.shm_perm.__key);

    char *p = shmat(id, NULL, 0);
    CHECK(p != (void *)-1);
    CHECK(((unsigned long)p & 4095) == 0);
    memset(p, 'a', 10000);
    p[9999] = 'z';
    char perms[8] = "", name[256] = "";
    CHECK(maps_line(p, perms, name, sizeof name));
    printf("maps: %s %s\n", perms, name);
    /* The mapping covers the whole last page, as in the kernel. */
    CHECK(maps_line(p + 12287, perms, name, sizeof name));
    CHECK(shmctl(id, IPC_STAT, &ds) == 0);
    printf("nattch after attach %lu lpid-is-me %d\n", (unsigned long)ds.shm_nattch,
           ds.shm_lpid == getpid());

    char *q = shmat(id, NULL, 0);
    CHECK(q != (void *)-1 && q != p);
    printf("second attach sees '%c' '%c'\n", q[0], q[9999]);
    q[5] = 'Q';
    printf("first attach sees '%c'\n", p[5]);
    CHECK(shmctl(id, IPC_STAT, &ds) == 0);
    printf("nattch %lu\n", (unsigned long)ds.shm_nattch);

    char *r = shmat(id, NULL, SHM_RDONLY);
    CHECK(r != (void *)-1);
    CHECK(maps_line(r, perms, name, sizeof name));
    printf("rdonly maps: %s %s, reads '%c'\n", perms, name, r[5]);
    signal(SIGSEGV, on_segv);
    volatile int faulted = 0;
    if (sigsetjmp(jb, 1) == 0)
        *(volatile char *)r = 'x';
    else
        faulted = 1;
    signal(SIGSEGV, SIG_DFL);
    printf("write to SHM_RDONLY faults %d, data '%c'\n", faulted, p[0]);

    CALL(shmdt(q + 4096));
    printf("shmdt(q+4096) %d errno %d\n", (int)res, err);
    printf("shmdt(q) %d\n", shmdt(q));
    CALL(shmdt(q));
    printf("shmdt(q) again %d errno %d\n", (int)res, err);
    CHECK(!maps_line(q, perms, name, sizeof name));
    CHECK(shmdt(r) == 0);
    CHECK(shmctl(id, IPC_STAT, &ds) == 0);
    printf("nattch after detaches %lu\n", (unsigned long)ds.shm_nattch);

    /* A fork child shares the attachment. */
    pid_t pid = fork();
    if (pid == 0) {
        p[100] = 'C';
        _exit(p[5] == 'Q' ? 0 : 1);
    }
    int st;
    waitpid(pid, &st, 0);
    printf("child saw parent %d, parent sees child '%c'\n", WIFEXITED(st) && WEXITSTATUS(st) == 0,
           p[100]);

    /* IPC_SET then IPC_RMID while attached: SHM_DEST, still usable. */
    ds.shm_perm.mode = 0640;
    CHECK(shmctl(id, IPC_SET, &ds) == 0);
    CHECK(shmctl(id, IPC_STAT, &ds) == 0);
    printf("after IPC_SET mode %o\n", ds.shm_perm.mode & 0777);
    CHECK(shmctl(id, IPC_RMID, NULL) == 0);
    CHECK(shmctl(id, IPC_STAT, &ds) == 0);
    printf("after IPC_RMID dest %d nattch %lu key %d, still reads '%c'\n",
           (ds.shm_perm.mode & SHM_DEST) != 0, (unsigned long)ds.shm_nattch, (int)ds.shm_perm.__key,
           p[9999]);
    CHECK(shmdt(p) == 0);
    CALL(shmctl(id, IPC_STAT, &ds));
    printf("IPC_STAT after last detach %d errno %d\n", (int)res, err);
}

static void fixed_addresses(void)
{
    int id = shmget(IPC_PRIVATE, 8192, IPC_CREAT | 0600);
    CHECK(id >= 0);
    char *a = free_aligned(65536);
    CHECK(a != NULL);
    char *p = shmat(id, a, 0);
    printf("attach at given address: %s\n", p == a ? "there" : "elsewhere");
    p[0] = 'F';
    errno = 0;
    char *o = shmat(id, a, 0);
    printf("attach over an attachment: %s errno %d\n", o == (void *)-1 ? "fails" : "works", errno);
    o = shmat(id, a, SHM_REMAP);
    printf("same with SHM_REMAP: %s, reads '%c'\n", o == a ? "there" : "elsewhere", a[0]);
    CHECK(shmdt(a) == 0);
    errno = 0;
    o = shmat(id, a + 100, 0);
    printf("unaligned without SHM_RND: %s errno %d\n", o == (void *)-1 ? "fails" : "works", errno);
    o = shmat(id, a + 100, SHM_RND);
    printf("unaligned with SHM_RND: %s, reads '%c'\n", o == a ? "rounded down" : "elsewhere", a[0]);
    CHECK(shmdt(a) == 0);

    /* Over an ordinary mapping: EINVAL, then SHM_REMAP replaces it. */
    char *m = mmap(a, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
    CHECK(m == a);
    m[0] = 'M';
    errno = 0;
    o = shmat(id, a, 0);
    printf("attach over mmap: %s errno %d\n", o == (void *)-1 ? "fails" : "works", errno);
    o = shmat(id, a, SHM_REMAP);
    printf("SHM_REMAP over mmap: %s, reads '%c'\n", o == a ? "there" : "elsewhere", a[0]);
    /* munmap of an attachment detaches it too. */
    CHECK(munmap(a, 8192) == 0);
    struct shmid_ds ds;
    CHECK(shmctl(id, IPC_STAT, &ds) == 0);
    printf("nattch after munmap %lu\n", (unsigned long)ds.shm_nattch);
    CALL(shmdt(a));
    printf("shmdt after munmap %d errno %d\n", (int)res, err);
    CHECK(shmctl(id, IPC_RMID, NULL) == 0);
}

static void errors_and_info(void)
{
    key_t key = 0x5a000000 | (getpid() & 0xffffff);
    CALL(shmget(IPC_PRIVATE, 0, IPC_CREAT | 0600));
    printf("shmget size 0: %d errno %d\n", (int)res, err);
    CALL(shmget(key, 4096, 0600));
    printf("shmget missing key: %d errno %d\n", (int)res, err);
    int id = shmget(key, 4096, IPC_CREAT | IPC_EXCL | 0600);
    CHECK(id >= 0);
    CALL(shmget(key, 4096, IPC_CREAT | IPC_EXCL | 0600));
    printf("IPC_EXCL again: %d errno %d\n", (int)res, err);
    printf("same key finds it: %d\n", shmget(key, 4096, 0600) == id);
    CALL(shmget(key, 8192, 0600));
    printf("bigger than the segment: %d errno %d\n", (int)res, err);
    struct shmid_ds ds;
    CHECK(shmctl(id, IPC_STAT, &ds) == 0);
    printf("key matches %d\n", ds.shm_perm.__key == key);
    char *p = shmat(id, NULL, 0);
    char perms[8] = "", name[256] = "", want[64];
    CHECK(maps_line(p, perms, name, sizeof name));
    snprintf(want, sizeof want, "/SYSV%08x (deleted)", (unsigned)key);
    printf("maps name is the key: %d\n", strcmp(name, want) == 0);
    CHECK(shmdt(p) == 0);
    /* Raw: a time64 libc converts the struct itself and would fault. */
    CALL(syscall(SYS_shmctl, id, IPC_STAT | IPC64, (void *)16));
    printf("IPC_STAT to a bad pointer: %d errno %d\n", (int)res, err);
    CHECK(shmctl(id, IPC_RMID, NULL) == 0);
    CALL(shmctl(-1, IPC_STAT, &ds));
    printf("IPC_STAT of a bad id: %d errno %d\n", (int)res, err);
    CALL(shmat(-1, NULL, 0) == (void *)-1 ? "fails" : "works");
    printf("shmat of a bad id: %s errno %d\n", (const char *)res, err);
    CALL(shmctl(0, 1234, &ds));
    printf("bad command: %d errno %d\n", (int)res, err);

    struct shminfo si;
    int r = shmctl(0, IPC_INFO, (struct shmid_ds *)&si);
    printf("IPC_INFO ok %d, shmmni > 0 %d, shmmax >= 1M %d\n", r >= 0, si.shmmni > 0,
           si.shmmax >= 1048576);
    struct shm_info info;
    r = shmctl(0, SHM_INFO, (struct shmid_ds *)&info);
    printf("SHM_INFO ok %d\n", r >= 0);
}

int main(void)
{
    basics();
    fixed_addresses();
    errors_and_info();
    return xt_done();
}
