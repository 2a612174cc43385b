/*
 * smc.c — self-modifying code check run inside the system-test initramfs.
 *
 * Writes a two-instruction ARM function into an mmap'd RWX buffer
 *
 *     mov r0, #IMM        ; 0xe3a00000 | IMM (8-bit immediate, no rotation)
 *     bx  lr              ; 0xe12fff1e
 *
 * calls it, rewrites the immediate in place, flushes the range with
 * __builtin___clear_cache and calls it again. A translator that keeps the
 * first translation after the rewrite returns the old value. The last part
 * rewrites the same word many times in a loop, so a cache that only notices
 * the first change of a page fails too.
 *
 * Output, one line, fixed values when the code is right:
 *
 *     smc first=42 second=99 loop=<sum of 0..LOOP_N-1, each mod 256>
 *
 * Built with arm-linux-gnueabihf-gcc -static; the compiler defaults to
 * Thumb-2, and the call through a function pointer with bit 0 clear
 * switches to ARM state (BLX), which is what the buffer holds.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>

enum {
    ARM_MOV_R0_IMM = 0xe3a00000u, /* mov r0, #imm8 (rotate field 0) */
    ARM_BX_LR = 0xe12fff1eu,      /* bx lr */
    LOOP_N = 1000,
};

typedef int (*smc_fn)(void);

/* Writes `mov r0, #imm; bx lr` at code[0..1] and makes it visible to the
 * instruction side. */
static void smc_emit(uint32_t *code, unsigned imm)
{
    code[0] = ARM_MOV_R0_IMM | (imm & 0xffu);
    code[1] = ARM_BX_LR;
    __builtin___clear_cache((char *)code, (char *)(code + 2));
}

int main(void)
{
    uint32_t *code = mmap(NULL, 4096, PROT_READ | PROT_WRITE | PROT_EXEC,
                          MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (code == MAP_FAILED) {
        perror("smc: mmap RWX");
        return 1;
    }
    smc_fn fn = (smc_fn)(uintptr_t)code;

    smc_emit(code, 42);
    int first = fn();
    smc_emit(code, 99);
    int second = fn();

    long loop = 0;
    for (unsigned i = 0; i < LOOP_N; i++) {
        smc_emit(code, i);
        loop += fn();
    }

    printf("smc first=%d second=%d loop=%ld\n", first, second, loop);
    munmap(code, 4096);
    return 0;
}
