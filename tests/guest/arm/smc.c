/* smc — self-modifying code in an RWX page, the way JITs do it:
 *  1. write "mov r0, #N; bx lr" (A32), call it, rewrite N, call again, with
 *     __builtin___clear_cache after every write (what the architecture
 *     requires; it ends in the cacheflush syscall);
 *  2. the same with Thumb code ("movs r0, #N; bx lr"), entered with bit 0 set;
 *  3. a page holding two functions: rewriting one must not break the other;
 *  4. replacing a whole function body by a longer one (a loop), then
 *     patching one instruction inside the loop.
 * The translator must run the new code every time. ARM-only: smc.ref. */
#include <sys/mman.h>
#include "xt.h"

typedef int (*fn0)(void);
typedef int (*fn1)(int);

static uint32_t *page;

static void flush(void *p, size_t n) { __builtin___clear_cache((char *)p, (char *)p + n); }

static uint32_t a32_mov_r0(unsigned imm8) { return 0xe3a00000u | (imm8 & 0xff); }
#define A32_BX_LR 0xe12fff1eu
#define A32_ADD_R0_R0_1 0xe2800001u /* add r0, r0, #1 */
#define A32_SUBS_R1_R1_1 0xe2511001u /* subs r1, r1, #1 */
#define A32_BNE_MINUS_2 0x1afffffcu /* bne .-8 (back to the add) */
#define A32_MOV_R1_R0 0xe1a01000u /* mov r1, r0 */
#define A32_MOV_R0_0 0xe3a00000u

int main(void)
{
    page = mmap(NULL, 4096, PROT_READ | PROT_WRITE | PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    CHECK(page != MAP_FAILED);
    fn0 f = (fn0)(void *)page;

    /* 1. A32 rewrite with cache maintenance */
    int sum = 0;
    for (unsigned n = 1; n <= 200; n++) {
        page[0] = a32_mov_r0(n);
        page[1] = A32_BX_LR;
        flush(page, 8);
        int r = f();
        sum += r;
        if (n <= 3 || n % 50 == 0)
            printf("a32 write %u -> %d\n", n, r);
        CHECK(r == (int)n);
    }
    printf("a32 sum %d\n", sum);

    /* 2. Thumb: movs r0, #N (0x20NN); bx lr (0x4770) */
    uint16_t *t = (uint16_t *)(page + 64);
    fn0 g = (fn0)(void *)((uintptr_t)t | 1);
    for (unsigned n = 10; n < 14; n++) {
        t[0] = (uint16_t)(0x2000 | n);
        t[1] = 0x4770;
        flush(t, 4);
        printf("t32 write %u -> %d\n", n, g());
    }

    /* 3. two functions on one page: rewrite the first, call both */
    uint32_t *f2 = page + 128;
    f2[0] = a32_mov_r0(77);
    f2[1] = A32_BX_LR;
    flush(f2, 8);
    fn0 h = (fn0)(void *)f2;
    for (unsigned n = 0; n < 3; n++) {
        page[0] = a32_mov_r0(100 + n);
        flush(page, 4);
        printf("neighbours: %d %d\n", f(), h());
    }

    /* 4. replace the body by a counting loop: r0 = n (then 3n after a patch) */
    page[0] = A32_MOV_R1_R0;           /* r1 = n            */
    page[1] = A32_MOV_R0_0;            /* r0 = 0            */
    page[2] = A32_ADD_R0_R0_1;         /* loop: r0 += 1     */
    page[3] = A32_SUBS_R1_R1_1;        /* r1 -= 1, flags    */
    page[4] = 0x1afffffcu;             /* bne loop (.-8: 2 insns back from pc+8) */
    page[5] = A32_BX_LR;
    flush(page, 24);
    fn1 loop = (fn1)(void *)page;
    printf("loop(1000) = %d, loop(7) = %d\n", loop(1000), loop(7));
    page[2] = 0xe2800003u; /* add r0, r0, #3 */
    flush(page + 2, 4);
    printf("after patch: loop(1000) = %d\n", loop(1000));
    return xt_done();
}
