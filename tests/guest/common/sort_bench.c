/* sort_bench — sorting N pseudo-random keys (argument, default 200000) with
 * three hand-written algorithms: an introsort-style quicksort on int32, a
 * bottom-up merge sort on 64-bit keys, and a radix sort on uint32; each
 * result is verified sorted and hashed. Branchy integer code with many
 * loads and stores: the translator's block chaining dominates. */
#include <stdlib.h>
#include "xt.h"

static void insertion(int32_t *a, int n)
{
    for (int i = 1; i < n; i++) {
        int32_t v = a[i];
        int j = i - 1;
        while (j >= 0 && a[j] > v) {
            a[j + 1] = a[j];
            j--;
        }
        a[j + 1] = v;
    }
}

static void quick(int32_t *a, int n)
{
    while (n > 16) {
        int32_t p = a[n / 2], t;
        int i = 0, j = n - 1;
        while (i <= j) {
            while (a[i] < p) i++;
            while (a[j] > p) j--;
            if (i <= j) {
                t = a[i]; a[i] = a[j]; a[j] = t;
                i++; j--;
            }
        }
        if (j + 1 < n - i) {
            quick(a, j + 1);
            a += i;
            n -= i;
        } else {
            quick(a + i, n - i);
            n = j + 1;
        }
    }
    insertion(a, n);
}

static void merge_sort(uint64_t *a, uint64_t *tmp, int n)
{
    for (int w = 1; w < n; w *= 2) {
        for (int lo = 0; lo < n; lo += 2 * w) {
            int mid = lo + w < n ? lo + w : n, hi = lo + 2 * w < n ? lo + 2 * w : n;
            int i = lo, j = mid, k = lo;
            while (i < mid && j < hi)
                tmp[k++] = a[i] <= a[j] ? a[i++] : a[j++];
            while (i < mid) tmp[k++] = a[i++];
            while (j < hi) tmp[k++] = a[j++];
        }
        memcpy(a, tmp, n * sizeof a[0]);
    }
}

static void radix(uint32_t *a, uint32_t *tmp, int n)
{
    for (int shift = 0; shift < 32; shift += 8) {
        int count[257] = {0};
        for (int i = 0; i < n; i++)
            count[((a[i] >> shift) & 255) + 1]++;
        for (int i = 0; i < 256; i++)
            count[i + 1] += count[i];
        for (int i = 0; i < n; i++)
            tmp[count[(a[i] >> shift) & 255]++] = a[i];
        memcpy(a, tmp, n * sizeof a[0]);
    }
}

int main(int argc, char **argv)
{
    int n = argc > 1 ? atoi(argv[1]) : 200000;
    int32_t *a = malloc(n * sizeof *a);
    uint64_t *b = malloc(n * sizeof *b), *bt = malloc(n * sizeof *bt);
    uint32_t *c = malloc(n * sizeof *c), *ct = malloc(n * sizeof *ct);
    for (int i = 0; i < n; i++) {
        a[i] = (int32_t)xt_rand() % 1000000;
        b[i] = xt_rand64();
        c[i] = xt_rand();
    }
    quick(a, n);
    merge_sort(b, bt, n);
    radix(c, ct, n);
    int bad = 0;
    for (int i = 1; i < n; i++)
        bad += (a[i - 1] > a[i]) + (b[i - 1] > b[i]) + (c[i - 1] > c[i]);
    printf("n %d bad %d hashes %08x %08x %08x\n", n, bad, xt_fnv(a, n * sizeof *a),
           xt_fnv(b, n * sizeof *b), xt_fnv(c, n * sizeof *c));
    CHECK(bad == 0);
    return xt_done();
}
