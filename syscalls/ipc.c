/*
 * SysV IPC: shared memory, semaphores and message queues.
 *
 * ARM EABI has one syscall per operation (no ipc() multiplexer). The guest
 * libc ORs IPC_64 (0x100) into every ctl command, asking for the "64"
 * struct layouts below (asm-generic ipcbuf/shmbuf/sembuf/msgbuf.h with
 * ARM's 16-bit mode_t and 32-bit longs, each time split into low and high
 * words). Identifiers, keys and the objects themselves belong to the host
 * kernel: a guest and a native program share them.
 *
 *     shmctl(id, IPC_64 | IPC_STAT, buf)
 *       -> host shmctl(id, IPC_STAT, &hds) -> shm_to_guest() -> buf
 *     msgsnd(id, {int32 mtype; text}, n, fl)
 *       -> host buffer {long mtype; text} -> host msgsnd
 *
 * Attaching shared memory is an address-space operation: target_shmat()
 * (linux-user/mmap.c) picks the guest range, sets the page flags and the
 * /proc/self/maps record; shmdt finds the extent from that record.
 *
 * semop, semtimedop, msgsnd and msgrcv block through safe_syscall() and,
 * like the kernel, are never restarted after a signal handler (EINTR).
 *
 * POSIX message queues (mq_*) are here too: queue descriptors are host
 * fds; struct mq_attr (longs) and the sigevent of mq_notify are converted.
 */
#include <fcntl.h>
#include <mqueue.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <sys/syscall.h>
#include <time.h>

#include "syscalls/sys.h"

#define GUEST_IPC_64 0x100
/* Attach addresses are rounded to the ABI's SHMLBA (asm/shmparam.h). */
#define GUEST_SHMLBA ((abi_ulong)sys_abi->shmlba)

#ifndef SHM_STAT_ANY
#define SHM_STAT_ANY 15
#endif
#ifndef SEM_STAT_ANY
#define SEM_STAT_ANY 20
#endif
#ifndef MSG_STAT_ANY
#define MSG_STAT_ANY 13
#endif

/* -- Guest layouts (ARM EABI) -- */

typedef struct GuestIpc64Perm {
    int32_t key;
    uint32_t uid, gid, cuid, cgid;
    uint16_t mode, pad1;
    uint16_t seq, pad2;
    uint32_t unused1, unused2;
} GuestIpc64Perm;

typedef struct GuestShmid64 {
    GuestIpc64Perm perm;
    uint32_t segsz;
    uint32_t atime, atime_high, dtime, dtime_high, ctime, ctime_high;
    int32_t cpid, lpid;
    uint32_t nattch, unused4, unused5;
} GuestShmid64;

typedef struct GuestSemid64 {
    GuestIpc64Perm perm;
    uint32_t otime, otime_high, ctime, ctime_high;
    uint32_t nsems, unused3, unused4;
} GuestSemid64;

typedef struct GuestMsqid64 {
    GuestIpc64Perm perm;
    uint32_t stime, stime_high, rtime, rtime_high, ctime, ctime_high;
    uint32_t cbytes, qnum, qbytes;
    int32_t lspid, lrpid;
    uint32_t unused4, unused5;
} GuestMsqid64;

typedef struct GuestShminfo64 {
    uint32_t shmmax, shmmin, shmmni, shmseg, shmall;
    uint32_t unused[4];
} GuestShminfo64;

typedef struct GuestShmInfo {
    int32_t used_ids;
    uint32_t shm_tot, shm_rss, shm_swp, swap_attempts, swap_successes;
} GuestShmInfo;

_Static_assert(sizeof(GuestIpc64Perm) == 36, "ARM EABI struct ipc64_perm");
_Static_assert(offsetof(GuestIpc64Perm, seq) == 24, "ipc64_perm.seq");
_Static_assert(sizeof(GuestShmid64) == 84, "ARM EABI struct shmid64_ds");
_Static_assert(offsetof(GuestShmid64, cpid) == 64, "shmid64_ds.shm_cpid");
_Static_assert(sizeof(GuestSemid64) == 64, "ARM EABI struct semid64_ds");
_Static_assert(offsetof(GuestSemid64, nsems) == 52, "semid64_ds.sem_nsems");
_Static_assert(sizeof(GuestMsqid64) == 88, "ARM EABI struct msqid64_ds");
_Static_assert(offsetof(GuestMsqid64, qbytes) == 68, "msqid64_ds.msg_qbytes");
_Static_assert(sizeof(GuestShminfo64) == 36, "ARM EABI struct shminfo64");
_Static_assert(sizeof(GuestShmInfo) == 24, "ARM EABI struct shm_info");
/* struct seminfo (10 ints) and struct msginfo (7 ints and a short) have
 * the same layout on every Linux ABI: they are copied as they are. */
_Static_assert(sizeof(struct seminfo) == 40 && sizeof(struct msginfo) == 32, "host IPC info");

/* The union semun of semctl's fourth argument. */
union semun {
    int val;
    struct semid_ds *buf;
    unsigned short *array;
    struct seminfo *__buf;
};

static uint32_t clamp32(unsigned long v)
{
    return v > UINT32_MAX ? UINT32_MAX : (uint32_t)v;
}

/* Splits a host time into the guest's low and high words. */
static void time_split(time_t t, uint32_t *lo, uint32_t *hi)
{
    *lo = (uint32_t)(uint64_t)t;
    *hi = (uint32_t)((uint64_t)t >> 32);
}

static void perm_to_guest(GuestIpc64Perm *g, const struct ipc_perm *h)
{
    memset(g, 0, sizeof(*g));
    g->key = h->__key;
    g->uid = h->uid;
    g->gid = h->gid;
    g->cuid = h->cuid;
    g->cgid = h->cgid;
    g->mode = (uint16_t)h->mode;
    g->seq = (uint16_t)h->__seq;
}

/* IPC_SET changes only uid, gid and the permission bits of mode. */
static void perm_from_guest(struct ipc_perm *h, const GuestIpc64Perm *g)
{
    h->uid = g->uid;
    h->gid = g->gid;
    h->mode = g->mode;
}

/* The command without IPC_64; -EINVAL for the old (pre-IPC_64) struct
 * layouts, which no ARM EABI libc asks for. */
static int ipc_cmd(abi_long raw, bool carries_struct)
{
    int cmd = (int)raw & ~GUEST_IPC_64;
    if (carries_struct && !((int)raw & GUEST_IPC_64))
        return -EINVAL;
    return cmd;
}

/* -- Shared memory -- */

SYS_HANDLER(shmget)
{
    return sys_ret(shmget((key_t)a[0], GULONG(a[1]), (int)a[2]));
}

SYS_HANDLER(shmat)
{
    int shmid = (int)a[0], flg = (int)a[2];
    abi_ulong addr = GPTR(a[1]);
    if (addr & (GUEST_SHMLBA - 1)) {
        if (!(flg & SHM_RND))
            return -EINVAL;
        addr &= ~(abi_ulong)(GUEST_SHMLBA - 1);
        if (!addr && (flg & SHM_REMAP))
            return -EINVAL;
    }
    struct shmid_ds ds;
    if (shmctl(shmid, IPC_STAT, &ds) == -1)
        return -errno;
    return target_shmat(shmid, addr, ds.shm_segsz, flg, (uint32_t)ds.shm_perm.__key);
}

SYS_HANDLER(shmdt)
{
    return target_shmdt(GPTR(a[0]));
}

static void shm_to_guest(GuestShmid64 *g, const struct shmid_ds *h)
{
    memset(g, 0, sizeof(*g));
    perm_to_guest(&g->perm, &h->shm_perm);
    g->segsz = clamp32(h->shm_segsz);
    time_split(h->shm_atime, &g->atime, &g->atime_high);
    time_split(h->shm_dtime, &g->dtime, &g->dtime_high);
    time_split(h->shm_ctime, &g->ctime, &g->ctime_high);
    g->cpid = h->shm_cpid;
    g->lpid = h->shm_lpid;
    g->nattch = clamp32(h->shm_nattch);
}

SYS_HANDLER(shmctl)
{
    int id = (int)a[0];
    abi_ulong buf = GPTR(a[2]);
    int cmd = ipc_cmd(a[1], false);
    bool has_struct = cmd == IPC_STAT || cmd == SHM_STAT || cmd == SHM_STAT_ANY || cmd == IPC_SET ||
                      cmd == IPC_INFO || cmd == SHM_INFO;
    if (has_struct && ipc_cmd(a[1], true) < 0)
        return -EINVAL;
    switch (cmd) {
    case IPC_RMID:
    case SHM_LOCK:
    case SHM_UNLOCK:
        return sys_ret(shmctl(id, cmd, NULL));
    case IPC_STAT:
    case SHM_STAT:
    case SHM_STAT_ANY: {
        struct shmid_ds h;
        GuestShmid64 g;
        if (!sys_lock_write(buf, sizeof(g)))
            return -EFAULT;
        int r = shmctl(id, cmd, &h);
        if (r == -1)
            return -errno;
        shm_to_guest(&g, &h);
        return sys_copy_to_guest(buf, &g, sizeof(g)) ? -EFAULT : r;
    }
    case IPC_SET: {
        GuestShmid64 g;
        struct shmid_ds h;
        if (sys_copy_from_guest(&g, buf, sizeof(g)))
            return -EFAULT;
        memset(&h, 0, sizeof(h));
        perm_from_guest(&h.shm_perm, &g.perm);
        return sys_ret(shmctl(id, IPC_SET, &h));
    }
    case IPC_INFO: {
        struct shminfo h;
        GuestShminfo64 g = {0};
        int r = shmctl(id, IPC_INFO, (struct shmid_ds *)&h);
        if (r == -1)
            return -errno;
        /* What a 32-bit task of a 64-bit kernel sees: shmmax at most INT_MAX. */
        g.shmmax = h.shmmax > INT32_MAX ? INT32_MAX : (uint32_t)h.shmmax;
        g.shmmin = clamp32(h.shmmin);
        g.shmmni = clamp32(h.shmmni);
        g.shmseg = clamp32(h.shmseg);
        g.shmall = clamp32(h.shmall);
        return sys_copy_to_guest(buf, &g, sizeof(g)) ? -EFAULT : r;
    }
    case SHM_INFO: {
        struct shm_info h;
        GuestShmInfo g;
        int r = shmctl(id, SHM_INFO, (struct shmid_ds *)&h);
        if (r == -1)
            return -errno;
        g.used_ids = h.used_ids;
        g.shm_tot = clamp32(h.shm_tot);
        g.shm_rss = clamp32(h.shm_rss);
        g.shm_swp = clamp32(h.shm_swp);
        g.swap_attempts = clamp32(h.swap_attempts);
        g.swap_successes = clamp32(h.swap_successes);
        return sys_copy_to_guest(buf, &g, sizeof(g)) ? -EFAULT : r;
    }
    default:
        return -EINVAL;
    }
}

/* -- Semaphores -- */

SYS_HANDLER(semget)
{
    return sys_ret(semget((key_t)a[0], (int)a[1], (int)a[2]));
}

/* The number of semaphores in set id, or -errno. */
static int sem_count(int id)
{
    struct semid_ds ds;
    union semun u = {.buf = &ds};
    if (semctl(id, 0, IPC_STAT, u) == -1)
        return -errno;
    return (int)ds.sem_nsems;
}

/* semctl(id, num, cmd, union semun): the union is passed by value, so a[3]
 * is either the int val or a guest pointer. */
SYS_HANDLER(semctl)
{
    int id = (int)a[0], num = (int)a[1];
    abi_ulong ptr = GPTR(a[3]);
    int cmd = ipc_cmd(a[2], false);
    union semun u;
    switch (cmd) {
    case IPC_RMID:
    case GETPID:
    case GETVAL:
    case GETNCNT:
    case GETZCNT:
        u.val = 0;
        return sys_ret(semctl(id, num, cmd, u));
    case SETVAL:
        u.val = (int)a[3];
        return sys_ret(semctl(id, num, cmd, u));
    case IPC_STAT:
    case SEM_STAT:
    case SEM_STAT_ANY: {
        struct semid_ds h;
        GuestSemid64 g;
        if (ipc_cmd(a[2], true) < 0)
            return -EINVAL;
        if (!sys_lock_write(ptr, sizeof(g)))
            return -EFAULT;
        u.buf = &h;
        int r = semctl(id, num, cmd, u);
        if (r == -1)
            return -errno;
        memset(&g, 0, sizeof(g));
        perm_to_guest(&g.perm, &h.sem_perm);
        time_split(h.sem_otime, &g.otime, &g.otime_high);
        time_split(h.sem_ctime, &g.ctime, &g.ctime_high);
        g.nsems = clamp32(h.sem_nsems);
        return sys_copy_to_guest(ptr, &g, sizeof(g)) ? -EFAULT : r;
    }
    case IPC_SET: {
        GuestSemid64 g;
        struct semid_ds h;
        if (ipc_cmd(a[2], true) < 0)
            return -EINVAL;
        if (sys_copy_from_guest(&g, ptr, sizeof(g)))
            return -EFAULT;
        memset(&h, 0, sizeof(h));
        perm_from_guest(&h.sem_perm, &g.perm);
        u.buf = &h;
        return sys_ret(semctl(id, num, IPC_SET, u));
    }
    case GETALL:
    case SETALL: {
        /* unsigned short[nsems]: the same on guest and host. */
        int n = sem_count(id);
        if (n < 0)
            return n;
        size_t len = (size_t)n * sizeof(unsigned short);
        void *arr = cmd == GETALL ? sys_lock_write(ptr, len) : sys_lock_read(ptr, len);
        if (!arr)
            return -EFAULT;
        u.array = arr;
        return sys_ret(semctl(id, num, cmd, u));
    }
    case IPC_INFO:
    case SEM_INFO: {
        struct seminfo *info = sys_lock_write(ptr, sizeof(struct seminfo));
        if (!info)
            return -EFAULT;
        u.__buf = info;
        return sys_ret(semctl(id, num, cmd, u));
    }
    default:
        return -EINVAL;
    }
}

/* struct sembuf {u16 num; s16 op; s16 flg} is the same on every ABI. */
static abi_long do_semtimedop(int id, abi_ulong sops, uint32_t nsops, abi_ulong tmo, bool time64)
{
    struct timespec ts, *tp = NULL;
    if (nsops < 1)
        return -EINVAL;
    if (nsops > 0xffff) /* the kernel's SEMOPM ceiling: E2BIG before any copy */
        return -E2BIG;
    void *ops = sys_lock_read(sops, (abi_ulong)nsops * sizeof(struct sembuf));
    if (!ops)
        return -EFAULT;
    if (tmo) {
        if (sys_get_timespec(&ts, tmo, time64))
            return -EFAULT;
        tp = &ts;
    }
    long r = safe_syscall(SYS_semtimedop, (long)id, (long)ops, (long)nsops, (long)tp, 0L, 0L);
    return r == -XRUN_ERESTARTSYS ? -EINTR : r;
}

SYS_HANDLER(semop)
{
    return do_semtimedop((int)a[0], GPTR(a[1]), (uint32_t)a[2], 0, false);
}

SYS_HANDLER(semtimedop)
{
    return do_semtimedop((int)a[0], GPTR(a[1]), (uint32_t)a[2], GPTR(a[3]), false);
}

SYS_HANDLER(semtimedop_time64)
{
    return do_semtimedop((int)a[0], GPTR(a[1]), (uint32_t)a[2], GPTR(a[3]), true);
}

/* -- Message queues -- */

SYS_HANDLER(msgget)
{
    return sys_ret(msgget((key_t)a[0], (int)a[1]));
}

/* A guest message is {int32 mtype; char mtext[]}, a host one {long mtype; ...}. */
typedef struct HostMsg {
    long mtype;
    char mtext[];
} HostMsg;

/* The host's largest message (msgmax): a receive buffer need not be larger. */
static size_t msg_max(void)
{
    static size_t cached;
    size_t v = __atomic_load_n(&cached, __ATOMIC_RELAXED);
    if (!v) {
        struct msginfo info;
        v = msgctl(0, IPC_INFO, (struct msqid_ds *)&info) >= 0 && info.msgmax > 0
                ? (size_t)info.msgmax
                : 65536;
        __atomic_store_n(&cached, v, __ATOMIC_RELAXED);
    }
    return v;
}

SYS_HANDLER(msgsnd)
{
    int id = (int)a[0], flg = (int)a[3];
    abi_ulong msgp = GPTR(a[1]);
    int64_t sz = GLONG(a[2]);
    /* struct msgbuf starts with a long mtype (4 or 8 bytes). */
    SysField mt = {0, (uint16_t)(sys_abi->long_bits / 8)};
    uint8_t head[8];
    /* The kernel's order: the type is read first, then checked with the size. */
    if (sys_copy_from_guest(head, msgp, mt.size))
        return -EFAULT;
    int64_t mtype = sys_field_get_s(head, mt);
    if (sz < 0 || (size_t)sz > msg_max() || id < 0 || mtype < 1)
        return -EINVAL;
    const void *text = sys_lock_read(msgp + mt.size, (abi_ulong)sz);
    if (!text)
        return -EFAULT;
    HostMsg *m = malloc(sizeof(*m) + (size_t)sz);
    if (!m)
        return -ENOMEM;
    m->mtype = mtype;
    memcpy(m->mtext, text, (size_t)sz);
    long r = safe_syscall(SYS_msgsnd, (long)id, (long)m, (long)sz, (long)flg, 0L, 0L);
    free(m);
    return r == -XRUN_ERESTARTSYS ? -EINTR : r;
}

SYS_HANDLER(msgrcv)
{
    int id = (int)a[0], flg = (int)a[4];
    abi_ulong msgp = GPTR(a[1]);
    int64_t sz = GLONG(a[2]);
    long type = GLONG(a[3]); /* the guest long, signed */
    SysField mt = {0, (uint16_t)(sys_abi->long_bits / 8)};
    if (sz < 0)
        return -EINVAL;
    size_t cap = (size_t)sz < msg_max() ? (size_t)sz : msg_max();
    HostMsg *m = malloc(sizeof(*m) + cap);
    if (!m)
        return -ENOMEM;
    long r = safe_syscall(SYS_msgrcv, (long)id, (long)m, (long)cap, type, (long)flg, 0L);
    if (r >= 0) {
        uint8_t head[8];
        sys_field_put(head, mt, (uint64_t)m->mtype);
        if (sys_copy_to_guest(msgp, head, mt.size) || sys_copy_to_guest(msgp + mt.size, m->mtext, (size_t)r))
            r = -EFAULT;
    }
    free(m);
    return r == -XRUN_ERESTARTSYS ? -EINTR : r;
}

SYS_HANDLER(msgctl)
{
    int id = (int)a[0];
    abi_ulong buf = GPTR(a[2]);
    int cmd = ipc_cmd(a[1], false);
    switch (cmd) {
    case IPC_RMID:
        return sys_ret(msgctl(id, IPC_RMID, NULL));
    case IPC_STAT:
    case MSG_STAT:
    case MSG_STAT_ANY: {
        struct msqid_ds h;
        GuestMsqid64 g;
        if (ipc_cmd(a[1], true) < 0)
            return -EINVAL;
        if (!sys_lock_write(buf, sizeof(g)))
            return -EFAULT;
        int r = msgctl(id, cmd, &h);
        if (r == -1)
            return -errno;
        memset(&g, 0, sizeof(g));
        perm_to_guest(&g.perm, &h.msg_perm);
        time_split(h.msg_stime, &g.stime, &g.stime_high);
        time_split(h.msg_rtime, &g.rtime, &g.rtime_high);
        time_split(h.msg_ctime, &g.ctime, &g.ctime_high);
        g.cbytes = clamp32(h.__msg_cbytes);
        g.qnum = clamp32(h.msg_qnum);
        g.qbytes = clamp32(h.msg_qbytes);
        g.lspid = h.msg_lspid;
        g.lrpid = h.msg_lrpid;
        return sys_copy_to_guest(buf, &g, sizeof(g)) ? -EFAULT : r;
    }
    case IPC_SET: {
        GuestMsqid64 g;
        struct msqid_ds h;
        if (ipc_cmd(a[1], true) < 0)
            return -EINVAL;
        if (sys_copy_from_guest(&g, buf, sizeof(g)))
            return -EFAULT;
        memset(&h, 0, sizeof(h));
        perm_from_guest(&h.msg_perm, &g.perm);
        h.msg_qbytes = g.qbytes;
        return sys_ret(msgctl(id, IPC_SET, &h));
    }
    case IPC_INFO:
    case MSG_INFO: {
        struct msginfo *info = sys_lock_write(buf, sizeof(struct msginfo));
        if (!info)
            return -EFAULT;
        return sys_ret(msgctl(id, cmd, (struct msqid_ds *)info));
    }
    default:
        return -EINVAL;
    }
}

/* -- The *ctl calls of LP64 guests --
 *
 * asm-generic's 64-bit struct msqid64_ds and shmid64_ds (and msginfo,
 * shminfo, shm_info, seminfo) are laid out as the x86_64 host's, so the
 * guest's buffer goes to the host kernel as it is. Its semid64_ds has no
 * padding after the times, where x86_64's has: converted. */

/* The guest buffer of size bytes (0: none) goes to the host's call. */
static abi_long lp64_ctl(long nr, int id, int cmd, abi_ulong buf, size_t size)
{
    void *p = NULL;
    if (size && !(p = cmd == IPC_SET ? sys_lock_read(buf, size) : sys_lock_write(buf, size)))
        return -EFAULT;
    return sys_ret(syscall(nr, id, cmd, p));
}

SYS_HANDLER(lp64_msgctl)
{
    int cmd = ipc_cmd(a[1], false);
    size_t size = 0;
    if (cmd == IPC_STAT || cmd == MSG_STAT || cmd == MSG_STAT_ANY || cmd == IPC_SET)
        size = sizeof(struct msqid_ds);
    else if (cmd == IPC_INFO || cmd == MSG_INFO)
        size = sizeof(struct msginfo);
    return lp64_ctl(SYS_msgctl, (int)a[0], cmd, GPTR(a[2]), size);
}

SYS_HANDLER(lp64_shmctl)
{
    int cmd = ipc_cmd(a[1], false);
    size_t size = 0;
    if (cmd == IPC_STAT || cmd == SHM_STAT || cmd == SHM_STAT_ANY || cmd == IPC_SET)
        size = sizeof(struct shmid_ds);
    else if (cmd == IPC_INFO)
        size = sizeof(struct shminfo);
    else if (cmd == SHM_INFO)
        size = sizeof(struct shm_info);
    return lp64_ctl(SYS_shmctl, (int)a[0], cmd, GPTR(a[2]), size);
}

/* asm-generic's 64-bit struct semid64_ds. */
typedef struct GuestSemid64Lp64 {
    uint8_t perm[48]; /* struct ipc64_perm: the host's */
    int64_t otime, ctime;
    uint64_t nsems, unused[2];
} GuestSemid64Lp64;

SYS_HANDLER(lp64_semctl)
{
    int id = (int)a[0], num = (int)a[1], cmd = ipc_cmd(a[2], false);
    abi_ulong ptr = GPTR(a[3]);
    struct semid_ds h;
    GuestSemid64Lp64 g;
    union semun u = {.buf = &h};
    switch (cmd) {
    case IPC_STAT:
    case SEM_STAT:
    case SEM_STAT_ANY: {
        if (!sys_lock_write(ptr, sizeof(g)))
            return -EFAULT;
        long r = syscall(SYS_semctl, id, num, cmd, u.buf);
        if (r == -1)
            return -errno;
        memset(&g, 0, sizeof(g));
        memcpy(g.perm, &h.sem_perm, sizeof(g.perm));
        g.otime = h.sem_otime;
        g.ctime = h.sem_ctime;
        g.nsems = h.sem_nsems;
        return sys_copy_to_guest(ptr, &g, sizeof(g)) ? -EFAULT : r;
    }
    case IPC_SET:
        if (sys_copy_from_guest(&g, ptr, sizeof(g)))
            return -EFAULT;
        memset(&h, 0, sizeof(h));
        memcpy(&h.sem_perm, g.perm, sizeof(g.perm));
        return sys_ret(syscall(SYS_semctl, id, num, cmd, u.buf));
    default:
        /* Values, arrays and seminfo are the same on both sides. */
        return sys_semctl(cpu, a);
    }
}

/* -- POSIX message queues -- */

/* struct mq_attr: four longs and reserved room (the ABI's layout). */
static int mq_attr_from_guest(struct mq_attr *h, abi_ulong addr)
{
    const typeof(sys_abi->layouts->mq_attr) *L = &sys_abi->layouts->mq_attr;
    uint8_t g[SYS_LAYOUT_MAX];
    if (sys_copy_from_guest(g, addr, L->size))
        return -EFAULT;
    memset(h, 0, sizeof(*h));
    h->mq_flags = sys_field_get_s(g, L->f_mq_flags);
    h->mq_maxmsg = sys_field_get_s(g, L->f_mq_maxmsg);
    h->mq_msgsize = sys_field_get_s(g, L->f_mq_msgsize);
    h->mq_curmsgs = sys_field_get_s(g, L->f_mq_curmsgs);
    return 0;
}

static int mq_attr_to_guest(abi_ulong addr, const struct mq_attr *h)
{
    const typeof(sys_abi->layouts->mq_attr) *L = &sys_abi->layouts->mq_attr;
    uint8_t g[SYS_LAYOUT_MAX];
    memset(g, 0, L->size);
    sys_field_put(g, L->f_mq_flags, (uint64_t)h->mq_flags);
    sys_field_put(g, L->f_mq_maxmsg, (uint64_t)h->mq_maxmsg);
    sys_field_put(g, L->f_mq_msgsize, (uint64_t)h->mq_msgsize);
    sys_field_put(g, L->f_mq_curmsgs, (uint64_t)h->mq_curmsgs);
    return sys_copy_to_guest(addr, g, L->size);
}

/* mq_open(name, oflag, mode, attr): glibc has already dropped the leading '/'. */
SYS_HANDLER(mq_open)
{
    const char *name = sys_lock_str(GPTR(a[0]));
    struct mq_attr attr, *ap = NULL;
    if (!name)
        return -EFAULT;
    int flags = sys_open_flags_to_host((uint32_t)a[1]);
    if ((flags & O_CREAT) && GPTR(a[3])) {
        if (mq_attr_from_guest(&attr, GPTR(a[3])))
            return -EFAULT;
        ap = &attr;
    }
    return sys_ret(syscall(SYS_mq_open, name, flags, (mode_t)a[2], ap));
}

SYS_HANDLER(mq_unlink)
{
    const char *name = sys_lock_str(GPTR(a[0]));
    if (!name)
        return -EFAULT;
    return sys_ret(syscall(SYS_mq_unlink, name));
}

/* send: (mqd, msg, len, prio, abs_timeout); receive: (mqd, msg, len,
 * unsigned *prio, abs_timeout). Restartable, like read and write. */
static abi_long do_mq_transfer(const abi_long *a, bool send, bool time64)
{
    uint32_t len = (uint32_t)a[2];
    struct timespec ts, *tp = NULL;
    void *msg = send ? sys_lock_read(GPTR(a[1]), len) : sys_lock_write(GPTR(a[1]), len);
    if (!msg)
        return -EFAULT;
    if (GPTR(a[4])) {
        if (sys_get_timespec(&ts, GPTR(a[4]), time64))
            return -EFAULT;
        tp = &ts;
    }
    if (send)
        return safe_syscall(SYS_mq_timedsend, (long)(int)a[0], (long)msg, (long)len,
                            (long)(uint32_t)a[3], (long)tp, 0L);
    void *prio = NULL;
    if (GPTR(a[3]) && !(prio = sys_lock_write(GPTR(a[3]), 4)))
        return -EFAULT;
    return safe_syscall(SYS_mq_timedreceive, (long)(int)a[0], (long)msg, (long)len, (long)prio,
                        (long)tp, 0L);
}

SYS_HANDLER(mq_timedsend)
{
    return do_mq_transfer(a, true, false);
}

SYS_HANDLER(mq_timedsend_time64)
{
    return do_mq_transfer(a, true, true);
}

SYS_HANDLER(mq_timedreceive)
{
    return do_mq_transfer(a, false, false);
}

SYS_HANDLER(mq_timedreceive_time64)
{
    return do_mq_transfer(a, false, true);
}

/* The head of a 32-bit struct sigevent: a 4-byte sigev_value. With
 * SIGEV_THREAD the libc passes a netlink socket in signo and a pointer to
 * its 32-byte cookie in value, which the kernel reads. */
SYS_HANDLER(mq_notify)
{
    struct sigevent sev, *psev = NULL;
    if (GPTR(a[1])) {
        SysSigevent g;
        if (sys_get_sigevent(&g, GPTR(a[1])))
            return -EFAULT;
        memset(&sev, 0, sizeof(sev));
        sev.sigev_notify = g.notify;
        sev.sigev_value.sival_ptr = (void *)(uintptr_t)g.value;
        if (g.notify == SIGEV_SIGNAL) {
            if (g.signo && !(sev.sigev_signo = guest_to_host_signal(g.signo)))
                return -EINVAL;
        } else if (g.notify == SIGEV_THREAD) {
            void *cookie = sys_lock_read(g.value, 32);
            if (!cookie)
                return -EFAULT;
            sev.sigev_signo = g.signo;
            sev.sigev_value.sival_ptr = cookie;
        }
        psev = &sev;
    }
    return sys_ret(syscall(SYS_mq_notify, (int)a[0], psev));
}

SYS_HANDLER(mq_getsetattr)
{
    struct mq_attr nv, ov;
    if (GPTR(a[1]) && mq_attr_from_guest(&nv, GPTR(a[1])))
        return -EFAULT;
    if (GPTR(a[2]) && !sys_lock_write(GPTR(a[2]), sys_abi->layouts->mq_attr.size))
        return -EFAULT;
    if (syscall(SYS_mq_getsetattr, (int)a[0], GPTR(a[1]) ? &nv : NULL, GPTR(a[2]) ? &ov : NULL) ==
        -1)
        return -errno;
    return GPTR(a[2]) ? mq_attr_to_guest(GPTR(a[2]), &ov) : 0;
}
