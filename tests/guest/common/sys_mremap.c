/* sys_mremap — mremap error codes and success paths: bad flags, FIXED or
 * DONTUNMAP without MAYMOVE, DONTUNMAP resizing, unaligned addresses, zero
 * lengths, unmapped or too-long old ranges (EFAULT), growing in place,
 * ENOMEM without MAYMOVE, moving, shrinking, MREMAP_FIXED (free target,
 * over a mapping, overlapping), MREMAP_DONTUNMAP, duplicating a shared
 * mapping with old_len 0, and that data, protection and maps lines follow
 * the move (anonymous and file mappings). Portable: compared with the
 * native build; addresses are only printed relative to each other. */
#define _GNU_SOURCE
/* XRUN-XFAIL-QEMU: qemu 7.2 dies of an uncaught SIGSEGV in this program */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "xt.h"

#ifndef MREMAP_DONTUNMAP
#define MREMAP_DONTUNMAP 4
#endif

#define PG 4096ul

static char *area; /* 64 pages reserved PROT_NONE, carved up by each case */

static const char *where(void *r, void *old, void *fixed)
{
    if (r == MAP_FAILED)
        return "failed";
    if (r == old)
        return "in place";
    if (fixed && r == fixed)
        return "at the fixed address";
    return "moved";
}

static void report(const char *what, void *r, void *old, void *fixed)
{
    int e = errno;
    if (r == MAP_FAILED)
        printf("%-44s -1 errno %d\n", what, e);
    else
        printf("%-44s %s\n", what, where(r, old, fixed));
}

/* Mapped at all? (mincore says ENOMEM for unmapped pages.) */
static int mapped(void *p)
{
    unsigned char v;
    return mincore(p, PG, &v) == 0;
}

/* Fresh private anonymous read-write pages at area + page * PG. */
static char *fresh(int page, int npages)
{
    char *p = area + page * PG;
    munmap(area, 64 * PG);
    CHECK(mmap(area, 64 * PG, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0) == area);
    munmap(area, 64 * PG); /* the whole area is free again */
    char *m = mmap(p, npages * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED,
                   -1, 0);
    CHECK(m == p);
    for (int i = 0; i < npages; i++)
        m[i * PG] = (char)('A' + i);
    return m;
}

/* The permission string of the maps line covering p. */
static const char *perms_of(void *p)
{
    static char perms[8];
    char line[512];
    FILE *f = fopen("/proc/self/maps", "r");
    strcpy(perms, "none");
    while (f && fgets(line, sizeof line, f)) {
        unsigned long lo, hi;
        char pm[8];
        if (sscanf(line, "%lx-%lx %7s", &lo, &hi, pm) == 3 && (unsigned long)p >= lo &&
            (unsigned long)p < hi) {
            strcpy(perms, pm);
            break;
        }
    }
    if (f)
        fclose(f);
    return perms;
}

static void errors(void)
{
    char *p = fresh(4, 2);
    errno = 0;
    report("bad flags", mremap(p, 2 * PG, 2 * PG, 8), p, NULL);
    report("FIXED without MAYMOVE", mremap(p, 2 * PG, 2 * PG, MREMAP_FIXED, area + 20 * PG), p,
           NULL);
    report("DONTUNMAP without MAYMOVE",
           (void *)syscall(SYS_mremap, p, 2 * PG, 2 * PG, MREMAP_DONTUNMAP, NULL), p, NULL);
    report("DONTUNMAP to an unaligned hint",
           (void *)syscall(SYS_mremap, p, 2 * PG, 2 * PG, MREMAP_MAYMOVE | MREMAP_DONTUNMAP,
                           area + 20 * PG + 8),
           p, NULL);
    report("DONTUNMAP resizing", mremap(p, 2 * PG, 3 * PG, MREMAP_MAYMOVE | MREMAP_DONTUNMAP), p,
           NULL);
    report("unaligned address", mremap(p + 1, PG, 2 * PG, MREMAP_MAYMOVE), p, NULL);
    report("new_len 0", mremap(p, 2 * PG, 0, MREMAP_MAYMOVE), p, NULL);
    report("old_len 0 on a private mapping", mremap(p, 0, PG, MREMAP_MAYMOVE), p, NULL);
    report("grow an unmapped range", mremap(area + 30 * PG, PG, 2 * PG, MREMAP_MAYMOVE), p, NULL);
    report("old range past the mapping", mremap(p, 3 * PG, 4 * PG, MREMAP_MAYMOVE), p, NULL);
    report("FIXED to an unaligned address",
           mremap(p, PG, PG, MREMAP_MAYMOVE | MREMAP_FIXED, area + 20 * PG + 1), p, NULL);
    report("FIXED overlapping the old range",
           mremap(p, 2 * PG, 2 * PG, MREMAP_MAYMOVE | MREMAP_FIXED, p + PG), p, NULL);
    /* Blocked by the next mapping and not allowed to move. */
    CHECK(mmap(p + 2 * PG, PG, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0) ==
          p + 2 * PG);
    report("grow blocked, no MAYMOVE", mremap(p, 2 * PG, 3 * PG, 0), p, NULL);
    report("grow the first page only, no MAYMOVE", mremap(p, PG, 2 * PG, 0), p, NULL);
    printf("data intact after the errors: %c %c\n", p[0], p[PG]);
}

static void grow_and_shrink(void)
{
    char *p = fresh(4, 2);
    char *r = mremap(p, 2 * PG, 4 * PG, 0);
    report("grow in place", r, p, NULL);
    printf("  data %c %c, new pages zero %d, one maps line %d\n", r[0], r[PG], r[3 * PG] == 0,
           strcmp(perms_of(r + 3 * PG), "rw-p") == 0);
    r[3 * PG] = 'Z';

    CHECK(mmap(p + 4 * PG, PG, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0) ==
          p + 4 * PG);
    char *m = mremap(p, 4 * PG, 8 * PG, MREMAP_MAYMOVE);
    report("grow blocked, MAYMOVE", m, p, NULL);
    printf("  data %c %c %c, old range unmapped %d, neighbour kept %d\n", m[0], m[PG], m[3 * PG],
           !mapped(p), mapped(p + 4 * PG));

    char *s = mremap(m, 8 * PG, 3 * PG, 0);
    report("shrink", s, m, NULL);
    printf("  data %c, tail unmapped %d, last kept %d\n", s[PG], !mapped(m + 3 * PG),
           mapped(m + 2 * PG));
    s = mremap(m, 3 * PG, 3 * PG, 0);
    report("same size", s, m, NULL);
    munmap(m, 3 * PG);
}

static void fixed_and_dontunmap(void)
{
    char *p = fresh(4, 2);
    char *target = area + 20 * PG;
    char *r = mremap(p, 2 * PG, 2 * PG, MREMAP_MAYMOVE | MREMAP_FIXED, target);
    report("FIXED to a free address", r, p, target);
    printf("  data %c %c, old unmapped %d\n", r[0], r[PG], !mapped(p));

    /* Over an existing mapping, which is replaced. */
    char *q =
        mmap(area + 40 * PG, 3 * PG, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
    CHECK(q == area + 40 * PG);
    r = mremap(target, 2 * PG, 2 * PG, MREMAP_MAYMOVE | MREMAP_FIXED, q);
    report("FIXED over a mapping", r, target, q);
    printf("  data %c, perms %s,", r[PG], perms_of(r));
    printf(" third page of the old mapping kept %d (%s)\n", mapped(q + 2 * PG),
           perms_of(q + 2 * PG));

    /* FIXED with a new length: grows at the target. */
    char *t2 = area + 50 * PG;
    r = mremap(q, 2 * PG, 3 * PG, MREMAP_MAYMOVE | MREMAP_FIXED, t2);
    report("FIXED and grow", r, q, t2);
    printf("  data %c %c, new page zero %d\n", r[0], r[PG], r[2 * PG] == 0);

    /* Protection moves with the pages. */
    CHECK(mprotect(r, 3 * PG, PROT_READ) == 0);
    char *ro = mremap(r, 3 * PG, 3 * PG, MREMAP_MAYMOVE | MREMAP_FIXED, area + 4 * PG);
    report("move a read-only mapping", ro, r, area + 4 * PG);
    printf("  perms %s, data %c\n", perms_of(ro), ro[0]);
    munmap(ro, 3 * PG);

    p = fresh(4, 2);
    /* Raw: the libc wrapper passes a new address only with MREMAP_FIXED. */
    r = (char *)syscall(SYS_mremap, p, 2 * PG, 2 * PG, MREMAP_MAYMOVE | MREMAP_DONTUNMAP, NULL);
    report("DONTUNMAP", r, p, NULL);
    if (r != MAP_FAILED) {
        printf("  new data %c %c, old still mapped %d, old reads zero %d, perms %s\n", r[0], r[PG],
               mapped(p), p[0] == 0 && p[PG] == 0, perms_of(p));
        munmap(r, 2 * PG);
    }
    r = mremap(p, 2 * PG, 2 * PG, MREMAP_MAYMOVE | MREMAP_DONTUNMAP | MREMAP_FIXED, area + 30 * PG);
    report("DONTUNMAP and FIXED", r, p, area + 30 * PG);
    munmap(area, 64 * PG);
}

static void shared_duplicate(void)
{
    char *s = mmap(area + 4 * PG, 2 * PG, PROT_READ | PROT_WRITE,
                   MAP_SHARED | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
    CHECK(s == area + 4 * PG);
    strcpy(s, "shared");
    char *d = mremap(s, 0, 2 * PG, MREMAP_MAYMOVE);
    report("old_len 0 on a shared mapping", d, s, NULL);
    if (d != MAP_FAILED) {
        strcpy(d + 2, "ARED");
        printf("  duplicate reads \"%s\", original reads \"%s\", perms %s\n", d, s, perms_of(d));
        munmap(d, 2 * PG);
    }
    report("old_len 0 without MAYMOVE", mremap(s, 0, 2 * PG, 0), s, NULL);
    munmap(s, 2 * PG);
}

/* The maps line covering p: permissions, offset and whether it names path. */
static void maps_of(const char *what, void *p, const char *path)
{
    char line[512];
    FILE *f = fopen("/proc/self/maps", "r");
    while (f && fgets(line, sizeof line, f)) {
        unsigned long lo, hi, off;
        char pm[8];
        if (sscanf(line, "%lx-%lx %7s %lx", &lo, &hi, pm, &off) == 4 && (unsigned long)p >= lo &&
            (unsigned long)p < hi) {
            printf("  %s: %s offset %lx, %lu pages, names the file %d\n", what, pm, off,
                   (hi - (unsigned long)p) / PG, strstr(line, path) != NULL);
            break;
        }
    }
    if (f)
        fclose(f);
}

static void file_mapping(void)
{
    char path[] = "/tmp/xrun-mremap-XXXXXX";
    int fd = mkstemp(path);
    char page[4096];
    for (int i = 0; i < 4; i++) {
        memset(page, 'a' + i, sizeof page);
        CHECK(write(fd, page, sizeof page) == sizeof page);
    }
    char *m = mmap(area + 4 * PG, 2 * PG, PROT_READ, MAP_PRIVATE | MAP_FIXED, fd, PG);
    CHECK(m == area + 4 * PG);
    char *r = mremap(m, 2 * PG, 2 * PG, MREMAP_MAYMOVE | MREMAP_FIXED, area + 20 * PG);
    report("move a file mapping", r, m, area + 20 * PG);
    printf("  data %c %c\n", r[0], r[PG]);
    maps_of("moved", r, path);
    char *g = mremap(r, 2 * PG, 3 * PG, 0);
    report("grow a file mapping in place", g, r, NULL);
    printf("  data %c\n", g[2 * PG]);
    maps_of("grown", g, path);
    char *sh = mremap(g, 3 * PG, PG, 0);
    report("shrink a file mapping", sh, g, NULL);
    maps_of("shrunk", sh, path);
    munmap(sh, PG);
    close(fd);
    unlink(path);
}

int main(void)
{
    area = mmap(NULL, 64 * PG, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    CHECK(area != MAP_FAILED);
    errors();
    grow_and_shrink();
    fixed_and_dontunmap();
    shared_duplicate();
    file_mapping();
    return xt_done();
}
