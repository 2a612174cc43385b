/* malloc_stress — many malloc/realloc/free of random sizes (small bins,
 * large mmap'd chunks), each block filled with a pattern and checksummed
 * before it is freed, so a wrong load or store in the allocator shows. */
#include <stdlib.h>
#include "xt.h"

#define SLOTS 512

static unsigned char *blk[SLOTS];
static size_t len[SLOTS];
static unsigned char seed[SLOTS];

static void fill(int i)
{
    for (size_t k = 0; k < len[i]; k++)
        blk[i][k] = (unsigned char)(seed[i] + k * 7);
}

static int verify(int i)
{
    for (size_t k = 0; k < len[i]; k++)
        if (blk[i][k] != (unsigned char)(seed[i] + k * 7))
            return 0;
    return 1;
}

static size_t rand_size(void)
{
    uint32_t r = xt_rand();
    if ((r & 63) == 0)
        return 300000 + (r >> 8) % 200000; /* above the mmap threshold */
    if ((r & 7) < 3)
        return (r >> 8) % 4096;
    return (r >> 8) % 200;
}

int main(void)
{
    uint32_t sum = 0;
    int bad = 0;
    for (int step = 0; step < 10000; step++) {
        int i = xt_rand() % SLOTS;
        if (blk[i]) {
            if (!verify(i))
                bad++;
            sum = sum * 31 + xt_fnv(blk[i], len[i]);
            if (xt_rand() & 1) {
                free(blk[i]);
                blk[i] = NULL;
                continue;
            }
            size_t nl = rand_size();
            unsigned char *p = realloc(blk[i], nl ? nl : 1);
            CHECK(p != NULL);
            blk[i] = p;
            size_t keep = nl < len[i] ? nl : len[i];
            for (size_t k = 0; k < keep; k++)
                if (p[k] != (unsigned char)(seed[i] + k * 7))
                    bad++;
            len[i] = nl;
        } else {
            len[i] = rand_size();
            blk[i] = malloc(len[i] ? len[i] : 1);
            CHECK(blk[i] != NULL);
            if ((xt_rand() & 3) == 0) {
                free(blk[i]);
                blk[i] = calloc(1, len[i] + 1);
                for (size_t k = 0; k <= len[i]; k++)
                    if (blk[i][k])
                        bad++;
            }
        }
        seed[i] = (unsigned char)xt_rand();
        fill(i);
    }
    for (int i = 0; i < SLOTS; i++)
        if (blk[i]) {
            if (!verify(i))
                bad++;
            free(blk[i]);
        }
    printf("checksum %08x bad %d\n", sum, bad);
    CHECK(bad == 0);
    return xt_done();
}
