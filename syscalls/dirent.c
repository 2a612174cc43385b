/*
 * Directory offsets a 32-bit guest can hold.
 *
 * linux_dirent64 has the same layout for the guest, but its d_off (the
 * cookie to resume reading after an entry) comes from a 64-bit host kernel:
 * ext4 hands out 64-bit hashes there, while it gives a 32-bit task 31-bit
 * ones. A 32-bit glibc's readdir() (without _FILE_OFFSET_BITS=64) then
 * fails with EOVERFLOW, and telldir() values would not fit a long.
 *
 * So a host offset that does not fit 30 bits is replaced by a cookie
 * COOKIE_BASE | index, the index into a per-directory table of host
 * offsets; smaller offsets (tmpfs, btrfs, most xfs) pass unchanged:
 *
 *     host d_off 0x6a3f12c9d00b4e21  ->  guest d_off 0x40000007  (table[7])
 *     guest lseek(fd, 0x40000007, SEEK_SET)  ->  host lseek(fd, 0x6a3f12c9d00b4e21, ...)
 *
 * A table belongs to an open directory, named by (fd, st_dev, st_ino) so
 * that a reused fd number is noticed. Tables are kept for the life of the
 * process (a handful of directories are read at a time).
 */
#include <pthread.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "syscalls/sys.h"

enum {
    COOKIE_BASE = 0x40000000,
    COOKIE_MAX_INDEX = 0x3fffffff,
    DIRMAP_MAX = 64, /* tables kept at once; the oldest is reused */
};

typedef struct DirMap {
    int fd;
    dev_t dev;
    ino_t ino;
    uint64_t *offs; /* index -> host offset */
    uint32_t n, cap;
    uint32_t *slots; /* hash of host offsets: index + 1, 0 = empty */
    uint32_t nslots; /* power of two */
    unsigned last_use;
} DirMap;

static DirMap dirmaps[DIRMAP_MAX];
static unsigned dirmap_clock;
static pthread_mutex_t dirmap_lock = PTHREAD_MUTEX_INITIALIZER;

/* -- Tables -- */

static void dirmap_reset(DirMap *m, int fd, const struct stat *st)
{
    free(m->offs);
    free(m->slots);
    memset(m, 0, sizeof(*m));
    m->fd = fd;
    m->dev = st->st_dev;
    m->ino = st->st_ino;
}

/* The table of fd, or NULL. create: make one (reusing the oldest). */
static DirMap *dirmap_find(int fd, bool create)
{
    struct stat st;
    DirMap *oldest = &dirmaps[0];
    bool have_stat = false;
    for (unsigned i = 0; i < DIRMAP_MAX; i++) {
        DirMap *m = &dirmaps[i];
        if (m->offs && m->fd == fd) {
            if (!have_stat && fstat(fd, &st) != 0)
                return NULL;
            have_stat = true;
            if (m->dev == st.st_dev && m->ino == st.st_ino) {
                m->last_use = ++dirmap_clock;
                return m;
            }
        }
        if (!m->offs || m->last_use < oldest->last_use)
            oldest = m;
    }
    if (!create || (!have_stat && fstat(fd, &st) != 0))
        return NULL;
    dirmap_reset(oldest, fd, &st);
    oldest->last_use = ++dirmap_clock;
    return oldest;
}

static uint32_t hash_off(uint64_t off, uint32_t nslots)
{
    off ^= off >> 29;
    off *= 0xbf58476d1ce4e5b9ull;
    off ^= off >> 32;
    return (uint32_t)off & (nslots - 1);
}

static bool dirmap_grow_slots(DirMap *m)
{
    uint32_t n = m->nslots ? m->nslots * 2 : 64;
    uint32_t *slots = calloc(n, sizeof(*slots));
    if (!slots)
        return false;
    for (uint32_t i = 0; i < m->n; i++) {
        uint32_t h = hash_off(m->offs[i], n);
        while (slots[h])
            h = (h + 1) & (n - 1);
        slots[h] = i + 1;
    }
    free(m->slots);
    m->slots = slots;
    m->nslots = n;
    return true;
}

/* The index of host offset off, added if new; -1 if out of memory. */
static int64_t dirmap_index(DirMap *m, uint64_t off)
{
    if ((m->n + 1) * 2 > m->nslots && !dirmap_grow_slots(m))
        return -1;
    uint32_t h = hash_off(off, m->nslots);
    for (; m->slots[h]; h = (h + 1) & (m->nslots - 1)) {
        if (m->offs[m->slots[h] - 1] == off)
            return m->slots[h] - 1;
    }
    if (m->n > COOKIE_MAX_INDEX)
        return -1;
    if (m->n == m->cap) {
        uint32_t cap = m->cap ? m->cap * 2 : 64;
        uint64_t *offs = realloc(m->offs, cap * sizeof(*offs));
        if (!offs)
            return -1;
        m->offs = offs;
        m->cap = cap;
    }
    m->offs[m->n] = off;
    m->slots[h] = m->n + 1;
    return m->n++;
}

/* -- Conversions -- */

static bool off_fits(uint64_t off)
{
    return off < COOKIE_BASE;
}

/* Host offset -> guest cookie (the table is created on first need). */
static int64_t to_guest_locked(int fd, uint64_t off, bool create)
{
    if (off_fits(off))
        return (int64_t)off;
    DirMap *m = dirmap_find(fd, create);
    int64_t idx = m ? dirmap_index(m, off) : -1;
    return idx < 0 ? (int64_t)off : COOKIE_BASE | idx;
}

int64_t sys_dirent_off_to_guest(int fd, int64_t off)
{
    if (off < 0 || off_fits((uint64_t)off))
        return off;
    pthread_mutex_lock(&dirmap_lock);
    int64_t r = to_guest_locked(fd, (uint64_t)off, false);
    pthread_mutex_unlock(&dirmap_lock);
    return r;
}

int64_t sys_dirent_off_to_host(int fd, int64_t off)
{
    if (off < COOKIE_BASE || off > COOKIE_BASE + COOKIE_MAX_INDEX)
        return off;
    pthread_mutex_lock(&dirmap_lock);
    DirMap *m = dirmap_find(fd, false);
    uint64_t idx = (uint64_t)off - COOKIE_BASE;
    int64_t r = m && idx < m->n ? (int64_t)m->offs[idx] : off;
    pthread_mutex_unlock(&dirmap_lock);
    return r;
}

/* struct linux_dirent64: u64 d_ino, s64 d_off, u16 d_reclen, u8 d_type, name. */
enum { DIRENT_OFF = 8, DIRENT_RECLEN = 16, DIRENT_NAME = 19 };

abi_long sys_dirent_getdents64(int fd, uint8_t *buf, uint32_t count)
{
    long n = syscall(SYS_getdents64, fd, buf, (size_t)count);
    if (n <= 0)
        return sys_ret(n);
    pthread_mutex_lock(&dirmap_lock);
    for (long pos = 0; pos + DIRENT_NAME <= n;) {
        uint16_t reclen;
        int64_t off;
        memcpy(&reclen, buf + pos + DIRENT_RECLEN, 2);
        memcpy(&off, buf + pos + DIRENT_OFF, 8);
        off = to_guest_locked(fd, (uint64_t)off, true);
        memcpy(buf + pos + DIRENT_OFF, &off, 8);
        if (!reclen)
            break;
        pos += reclen;
    }
    pthread_mutex_unlock(&dirmap_lock);
    return n;
}
