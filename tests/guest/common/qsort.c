/* qsort — libc qsort and bsearch on ints, strings and structs with
 * several comparators; the result is checked for order and hashed. */
#include <stdlib.h>
#include "xt.h"

struct rec { int32_t key; uint16_t tag; char name[10]; };

static int cmp_int(const void *a, const void *b)
{
    int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;
    return (x > y) - (x < y);
}
static int cmp_uint_desc(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return (x < y) - (x > y);
}
static int cmp_str(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }
static int cmp_rec(const void *a, const void *b)
{
    const struct rec *x = a, *y = b;
    if (x->key != y->key)
        return x->key < y->key ? -1 : 1;
    return strcmp(x->name, y->name);
}

int main(void)
{
    enum { N = 20000 };
    static int32_t a[N];
    static uint32_t u[N];
    static struct rec r[N / 4];
    static char sbuf[N / 4][12];
    static char *s[N / 4];
    for (int i = 0; i < N; i++) {
        a[i] = (int32_t)xt_rand() >> (i & 15);
        u[i] = xt_rand();
    }
    qsort(a, N, sizeof a[0], cmp_int);
    qsort(u, N, sizeof u[0], cmp_uint_desc);
    for (int i = 1; i < N; i++) {
        CHECK(a[i - 1] <= a[i]);
        CHECK(u[i - 1] >= u[i]);
    }
    for (int i = 0; i < N / 4; i++) {
        r[i].key = xt_rand() % 100;
        r[i].tag = (uint16_t)i;
        snprintf(r[i].name, sizeof r[i].name, "n%07u", xt_rand() % 10000000);
        snprintf(sbuf[i], sizeof sbuf[i], "%x", xt_rand());
        s[i] = sbuf[i];
    }
    qsort(r, N / 4, sizeof r[0], cmp_rec);
    qsort(s, N / 4, sizeof s[0], cmp_str);
    int found = 0;
    for (int i = 0; i < 1000; i++) {
        int32_t key = a[(i * 37) % N];
        found += bsearch(&key, a, N, sizeof a[0], cmp_int) != NULL;
    }
    printf("ints %08x uints %08x recs %08x strs %s..%s found %d\n", xt_fnv(a, sizeof a),
           xt_fnv(u, sizeof u), (unsigned)r[0].key * 1000 + r[N / 4 - 1].key, s[0],
           s[N / 4 - 1], found);
    for (int i = 0; i < 5; i++)
        printf("rec %d %s\n", r[i * 997].key, r[i * 997].name);
    CHECK(found == 1000);
    return xt_done();
}
