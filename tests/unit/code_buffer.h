/*
 * The code buffer of the end-to-end codegen tests: an RWX mapping with
 * the prologue at its start and TB code after it, and the run of one
 * hand-built block:
 *
 *     tb_code = test_code_buffer(1u << 20, &tb_room);
 *     ... build IR ...
 *     cr_assert_eq(test_run_tb(ir, tb_code, tb_room, &res, &env), 0x40);
 */
#ifndef XRUN_TESTS_CODE_BUFFER_H
#define XRUN_TESTS_CODE_BUFFER_H

#include <criterion/criterion.h>
#include <sys/mman.h>

#include "xrun/codegen.h"
#include "xrun/ir.h"

/* Maps size bytes, emits the prologue; returns where TB code may go and
 * sets *room to the bytes left there. */
static inline uint8_t *test_code_buffer(size_t size, size_t *room)
{
    uint8_t *buf = mmap(NULL, size, PROT_READ | PROT_WRITE | PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    cr_assert(buf != MAP_FAILED);
    size_t pro = codegen_prologue(buf, size);
    uint8_t *code = buf + ((pro + 63) & ~(size_t)63);
    *room = size - (size_t)(code - buf);
    return code;
}

/* Ends the block with exit_tb 0x40, compiles it at code and runs it on
 * env; returns what the block returned. */
static inline uintptr_t test_run_tb(IRContext *ir, uint8_t *code, size_t room, CodegenResult *res,
                                    void *env)
{
    ir_exit_tb(ir, 0x40);
    int rc = codegen_tb(ir, code, room, res);
    cr_assert_eq(rc, 0, "codegen_tb failed: %d", rc);
    return codegen_enter(env, code);
}

/* Destroys every xmm register, as any C code called from generated code
 * may (System V saves none of them). Helpers of the tests call it, so
 * that vectors kept in registers across a call are seen to be lost. */
static inline void test_clobber_xmm(void)
{
    __asm__ volatile("pcmpeqd %%xmm0, %%xmm0\n\t"
                     "movaps %%xmm0, %%xmm1\n\tmovaps %%xmm0, %%xmm2\n\tmovaps %%xmm0, %%xmm3\n\t"
                     "movaps %%xmm0, %%xmm4\n\tmovaps %%xmm0, %%xmm5\n\tmovaps %%xmm0, %%xmm6\n\t"
                     "movaps %%xmm0, %%xmm7\n\tmovaps %%xmm0, %%xmm8\n\tmovaps %%xmm0, %%xmm9\n\t"
                     "movaps %%xmm0, %%xmm10\n\tmovaps %%xmm0, %%xmm11\n\tmovaps %%xmm0, %%xmm12\n\t"
                     "movaps %%xmm0, %%xmm13\n\tmovaps %%xmm0, %%xmm14\n\tmovaps %%xmm0, %%xmm15"
                     ::: "xmm0", "xmm1", "xmm2", "xmm3", "xmm4", "xmm5", "xmm6", "xmm7", "xmm8",
                       "xmm9", "xmm10", "xmm11", "xmm12", "xmm13", "xmm14", "xmm15");
}

#endif
