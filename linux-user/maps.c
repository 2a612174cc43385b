/*
 * Records behind /proc/self/maps: a small array, sorted by start address,
 * of guest ranges that are file-backed, shared or named. Anonymous private
 * memory needs no record; its lines come from the page flags alone.
 *
 * maps_dump() walks the page flags and cuts a line wherever the flags or
 * the covering record change, printing the Linux format
 *
 *   00010000-00080000 r-xp 00000000 08:01 123456          /usr/bin/prog
 *   40000000-40001000 rw-p 00000000 00:00 0
 *
 * with the name padded to the column a 32-bit kernel uses.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "linux-user/maps.h"
#include "linux-user/pagemap.h"
#include "xrun/guest.h"

typedef struct MapRecord {
    uint64_t start, end;
    uint64_t off;             /* file offset of start */
    uint64_t ino;
    unsigned dev_major, dev_minor;
    bool shared;
    bool sysv;                /* a SysV shm attachment; ino is the shmid */
    char *name;               /* path or [name]; may be NULL */
} MapRecord;

static MapRecord *records;
static size_t nrecords, records_cap;

static void record_insert(const MapRecord *r)
{
    if (nrecords == records_cap) {
        size_t cap = records_cap ? records_cap * 2 : 64;
        MapRecord *n = realloc(records, cap * sizeof(*n));
        if (!n)
            return; /* maps output loses a name; nothing else depends on it */
        records = n;
        records_cap = cap;
    }
    size_t i = nrecords;
    while (i > 0 && records[i - 1].start > r->start) {
        records[i] = records[i - 1];
        i--;
    }
    records[i] = *r;
    nrecords++;
}

static char *dup_or_null(const char *s) { return s ? strdup(s) : NULL; }

void maps_forget(uint64_t start, uint64_t end)
{
    for (size_t i = 0; i < nrecords;) {
        MapRecord *r = &records[i];
        if (r->end <= start || r->start >= end) {
            i++;
            continue;
        }
        if (r->start < start && r->end > end) {
            /* Straddles both sides: keep a head here and insert the tail. */
            MapRecord tail = *r;
            tail.off += end - r->start;
            tail.start = end;
            tail.name = dup_or_null(r->name);
            r->end = start;
            record_insert(&tail);
            return;
        }
        if (r->start < start) {
            r->end = start;
            i++;
        } else if (r->end > end) {
            r->off += end - r->start;
            r->start = end;
            i++;
        } else {
            free(r->name);
            memmove(r, r + 1, (nrecords - i - 1) * sizeof(*r));
            nrecords--;
        }
    }
}

void maps_note(uint64_t start, uint64_t end, int fd, off_t off, bool shared)
{
    MapRecord r = { .start = start, .end = end, .off = (uint64_t)off, .shared = shared };
    if (fd >= 0) {
        struct stat st;
        char link[64], path[4096];
        if (fstat(fd, &st) == 0) {
            r.ino = st.st_ino;
            r.dev_major = major(st.st_dev);
            r.dev_minor = minor(st.st_dev);
        }
        snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
        ssize_t n = readlink(link, path, sizeof(path) - 1);
        if (n > 0) {
            path[n] = 0;
            r.name = strdup(path);
        }
    } else if (shared) {
        r.name = strdup("/dev/zero (deleted)");
    } else {
        return;
    }
    record_insert(&r);
}

void maps_set_name(uint64_t start, uint64_t end, const char *name)
{
    maps_forget(start, end);
    MapRecord r = { .start = start, .end = end, .name = dup_or_null(name) };
    record_insert(&r);
}

void maps_move(uint64_t old, uint64_t old_end, uint64_t dest, uint64_t dest_end)
{
    size_t n = nrecords;
    MapRecord moved[8];
    size_t nmoved = 0;
    for (size_t i = 0; i < n && nmoved < 8; i++) {
        MapRecord *r = &records[i];
        if (r->end <= old || r->start >= old_end)
            continue;
        MapRecord m = *r;
        uint64_t s = r->start > old ? r->start : old;
        uint64_t e = r->end < old_end ? r->end : old_end;
        m.off += s - r->start;
        m.start = dest + (s - old);
        m.end = dest + (e - old);
        if (m.end == dest + (old_end - old) || m.end > dest_end)
            m.end = dest_end; /* the last record also covers the growth */
        if (m.start >= dest_end)
            continue;
        m.name = dup_or_null(r->name);
        moved[nmoved++] = m;
    }
    maps_forget(dest, dest_end);
    for (size_t i = 0; i < nmoved; i++)
        record_insert(&moved[i]);
}

void maps_extend(uint64_t start, uint64_t old_end, uint64_t new_end)
{
    for (size_t i = 0; i < nrecords; i++) {
        if (records[i].start <= start && records[i].end == old_end) {
            records[i].end = new_end;
            return;
        }
    }
}

static const MapRecord *record_at(uint64_t addr)
{
    for (size_t i = 0; i < nrecords; i++)
        if (records[i].start <= addr && addr < records[i].end)
            return &records[i];
    return NULL;
}

bool maps_shared_at(uint64_t addr)
{
    const MapRecord *r = record_at(addr);
    return r && r->shared;
}

bool maps_same_record(uint64_t a, uint64_t b)
{
    return record_at(a) == record_at(b);
}

/* The kernel's shm files live on an internal mount, device 00:01. */
void maps_note_sysv(uint64_t start, uint64_t end, uint32_t key, int shmid)
{
    char name[32];
    snprintf(name, sizeof(name), "/SYSV%08x (deleted)", key);
    MapRecord r = { .start = start, .end = end, .ino = (uint64_t)shmid, .dev_minor = 1,
                    .shared = true, .sysv = true, .name = strdup(name) };
    record_insert(&r);
}

int maps_sysv_at(uint64_t addr, uint64_t *off)
{
    const MapRecord *r = record_at(addr);
    if (!r || !r->sysv)
        return -1;
    *off = r->off + (addr - r->start);
    return (int)r->ino;
}

/* The flags a maps line shows (a write-protected code page is still rw-). */
static int shown_flags(uint8_t f)
{
    if (f & PAGE_WRITE_ORG)
        f |= PAGE_WRITE;
    return f & (PAGE_VALID | PAGE_READ | PAGE_WRITE | PAGE_EXEC);
}

static void dump_line(FILE *out, uint64_t start, uint64_t end, int f, const MapRecord *r)
{
    int col = 0;
    uint64_t off = r ? r->off + (start - r->start) : 0;
    fprintf(out, "%08llx-%08llx %c%c%c%c %08llx %02x:%02x %llu %n", (unsigned long long)start,
            (unsigned long long)end, f & PAGE_READ ? 'r' : '-', f & PAGE_WRITE ? 'w' : '-',
            f & PAGE_EXEC ? 'x' : '-', r && r->shared ? 's' : 'p', (unsigned long long)off,
            r ? r->dev_major : 0, r ? r->dev_minor : 0, (unsigned long long)(r ? r->ino : 0), &col);
    if (r && r->name) {
        for (; col < 48; col++)
            fputc(' ', out);
        fprintf(out, " %s", r->name);
    }
    fputc('\n', out);
}

void maps_dump(FILE *out)
{
    uint64_t end = guest_addr_max + 1;
    for (uint64_t p = pagemap_next_used(0, end); p < end;) {
        int f = shown_flags(page_get_flags(p));
        if (!f) {
            p = pagemap_next_used(p + GUEST_PAGE_SIZE, end);
            continue;
        }
        const MapRecord *r = record_at(p);
        uint64_t q = p + GUEST_PAGE_SIZE;
        while (q < end && shown_flags(page_get_flags(q)) == f && record_at(q) == r)
            q += GUEST_PAGE_SIZE;
        dump_line(out, p, q, f, r);
        p = pagemap_next_used(q, end);
    }
}