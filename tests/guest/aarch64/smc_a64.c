/* smc_a64 — self-modifying A64 code in an RWX page, the way JITs do it,
 * with __builtin___clear_cache after every write (DC CVAU, DSB, IC IVAU,
 * DSB, ISB: the maintenance the architecture requires before new code
 * runs):
 *  1. write "movz w0, #N; ret", call it, rewrite N, call again;
 *  2. a page holding two functions: rewriting one must not change the other;
 *  3. a counting loop ("add w0, w0, #1; subs w1, w1, #1; b.ne") that has run
 *     and been translated, then one instruction inside it patched to
 *     "add w0, w0, #3".
 * The translator must run the new code every time. */
#include <sys/mman.h>
#include "xt.h"

typedef int (*fn0)(void);
typedef int (*fn1)(int);

static void flush(void *p, size_t n) { __builtin___clear_cache((char *)p, (char *)p + n); }

static uint32_t movz_w0(unsigned imm16) { return 0x52800000u | (imm16 & 0xffff) << 5; }
#define A64_RET 0xd65f03c0u
#define A64_MOV_W1_W0 0x2a0003e1u    /* orr w1, wzr, w0 */
#define A64_ADD_W0_1 0x11000400u     /* add w0, w0, #1 */
#define A64_ADD_W0_3 0x11000c00u     /* add w0, w0, #3 */
#define A64_SUBS_W1_1 0x71000421u    /* subs w1, w1, #1 */
#define A64_BNE_MINUS_8 0x54ffffc1u  /* b.ne .-8 (back to the add) */

int main(void)
{
    uint32_t *page = mmap(NULL, 4096, PROT_READ | PROT_WRITE | PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    CHECK(page != MAP_FAILED);

    /* 1. One function rewritten 300 times. */
    fn0 f = (fn0)(void *)page;
    long sum = 0;
    for (unsigned n = 1; n <= 300; n++) {
        page[0] = movz_w0(n * 7);
        page[1] = A64_RET;
        flush(page, 8);
        int r = f();
        CHECK(r == (int)(n * 7));
        sum += r;
    }
    printf("rewrite: sum %ld\n", sum);

    /* 2. Two functions in one page; only the first is rewritten. */
    fn0 g = (fn0)(void *)(page + 16);
    page[16] = movz_w0(4242);
    page[17] = A64_RET;
    flush(page + 16, 8);
    int gsum = 0;
    for (unsigned n = 1; n <= 50; n++) {
        page[0] = movz_w0(n);
        flush(page, 4);
        CHECK(f() == (int)n);
        gsum += g();
    }
    CHECK(gsum == 50 * 4242);
    printf("neighbour: %d\n", gsum);

    /* 3. A loop translated, run, then patched inside. */
    fn1 loop = (fn1)(void *)(page + 32);
    uint32_t body[] = {A64_MOV_W1_W0, movz_w0(0), A64_ADD_W0_1, A64_SUBS_W1_1, A64_BNE_MINUS_8, A64_RET};
    memcpy(page + 32, body, sizeof(body));
    flush(page + 32, sizeof(body));
    int before = loop(1000);
    page[34] = A64_ADD_W0_3;
    flush(page + 34, 4);
    int after = loop(1000);
    CHECK(before == 1000 && after == 3000);
    printf("loop: %d then %d\n", before, after);

    munmap(page, 4096);
    return xt_done();
}
