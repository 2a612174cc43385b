/* smc_sameblock — code that stores over one of its own later instructions in
 * the same straight-line block, then executes it, with no cache maintenance
 * and no ISB in between:
 *
 *     str  r1, [r0]        @ r0 = address of the "mov" below
 *     mov  r0, #1          @ overwritten with "mov r0, #K"
 *     bx   lr
 *
 * On real ARMv7 hardware this is UNPREDICTABLE in practice (the old word may
 * already sit in the pipeline or the I-cache). xrun promises more (DESIGN.md
 * section 5: "a TB that modifies itself is retranslated one instruction at a
 * time"), like QEMU does for x86 guests: the store takes effect before the
 * next instruction, so the call returns K. The expected output in
 * smc_sameblock.ref says so: every call returns the value just written.
 * The page is filled once and flushed once with __builtin___clear_cache;
 * after that only the code itself writes to it.
 *
 * The .ref is written by hand (qemu-arm 7.2 has no precise SMC for ARM
 * guests and returns the previous value, 1 then k-1): see XRUN-XFAIL-QEMU. */
/* XRUN-XFAIL-QEMU: qemu-arm executes the stale instruction of the current block */
#include <sys/mman.h>
#include "xt.h"

typedef int (*fn)(uint32_t *target, uint32_t insn);

int main(void)
{
    uint32_t *page = mmap(NULL, 4096, PROT_READ | PROT_WRITE | PROT_EXEC,
                          MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    CHECK(page != MAP_FAILED);
    page[0] = 0xe5801000u; /* str r1, [r0]  */
    page[1] = 0xe3a00001u; /* mov r0, #1    */
    page[2] = 0xe12fff1eu; /* bx lr         */
    __builtin___clear_cache((char *)page, (char *)(page + 3));
    fn f = (fn)(void *)page;
    for (unsigned k = 2; k < 8; k++) {
        int r = f(page + 1, 0xe3a00000u | k);
        printf("wrote mov r0,#%u -> returned %d\n", k, r);
    }
    /* now a store two instructions ahead, across an add that is not touched */
    page[0] = 0xe5801000u; /* str r1, [r0]        */
    page[1] = 0xe3a02005u; /* mov r2, #5          */
    page[2] = 0xe3a00001u; /* mov r0, #1 (target) */
    page[3] = 0xe0800002u; /* add r0, r0, r2      */
    page[4] = 0xe12fff1eu; /* bx lr               */
    __builtin___clear_cache((char *)page, (char *)(page + 5));
    for (unsigned k = 10; k < 13; k++) {
        int r = f(page + 2, 0xe3a00000u | k);
        printf("wrote mov r0,#%u two ahead -> returned %d\n", k, r);
    }
    return xt_done();
}
