/*
 * From IR to host code: the interface the TB layer uses to turn one block's
 * IR into host code, and the parts of the host backend it needs directly.
 * The register allocator and backend-internal interface sit behind this.
 */
#ifndef XRUN_CODEGEN_H
#define XRUN_CODEGEN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "xrun/ir.h"

#define CODEGEN_MAX_INSNS 512

typedef struct CodegenResult {
    uint32_t size;                 /* bytes of host code written */
    uint16_t jmp_insn_offset[2];   /* patchable jump of goto_tb slot n; 0xffff = unused */
    uint16_t jmp_reset_offset[2];  /* code right after that jump */
    uint32_t nb_insns;             /* insn_start ops seen */
    uint16_t insn_end[CODEGEN_MAX_INSNS];      /* host offset where insn i's code ends */
    uint64_t insn_data[CODEGEN_MAX_INSNS][2];  /* insn_start cargs of insn i */
} CodegenResult;

/*
 * Runs the optimizer passes, liveness and register allocation over ir and
 * writes host code at buf (at most buf_size bytes). Returns 0, or -1 when
 * the buffer is too small (the caller flushes and retries), or -2 when the
 * block needs more spill slots or labels than the backend has (the caller
 * retranslates it with fewer guest insns).
 */
int codegen_tb(IRContext *ir, uint8_t *buf, size_t buf_size, CodegenResult *res);

/*
 * Writes the prologue/epilogue at buf; returns its size. Afterwards
 * codegen_enter is callable: it enters host code at tb_code with env in the
 * backend's env register and returns the value of the exit_tb that left.
 * codegen_epilogue_return0 is an address that goto_ptr may jump to in order
 * to return 0 to the exec loop.
 */
size_t codegen_prologue(uint8_t *buf, size_t buf_size);
extern uintptr_t (*codegen_enter)(void *env, const void *tb_code);
extern const void *codegen_epilogue_return0;

/*
 * How generated code reaches guest memory, set by the mode before the
 * first translation. User mode leaves it zero: host address = guest_base +
 * guest address. System mode sets softmmu: every guest access probes the
 * cpu's TLB (xrun/softmmu.h) at env + tlb_offset inline and calls the slow
 * paths below on a miss. oi is the access's memop | mmu_idx << 8;
 * retaddr is a host address inside the accessing insn's code, for
 * cpu_loop_exit_restore. Loaded values come back extended as the memop
 * says (to 64 bits; the backend truncates for an i32 result).
 */
typedef struct CodegenMemModel {
    bool softmmu;
    int32_t tlb_offset;
    uint64_t (*ld_slow)(void *env, uint64_t addr, uint32_t oi, uintptr_t retaddr);
    void (*st_slow)(void *env, uint64_t addr, uint64_t val, uint32_t oi, uintptr_t retaddr);
    uint64_t (*cmpxchg_slow)(void *env, uint64_t addr, uint64_t cmpv, uint64_t newv, uint32_t oi,
                             uintptr_t retaddr);
} CodegenMemModel;
extern CodegenMemModel codegen_mem_model;
#define CODEGEN_OI(memop, mmu_idx) ((uint32_t)(memop) | (uint32_t)(mmu_idx) << 8)

/* Atomically re-points the goto_tb jump at jmp_addr to target. */
void codegen_patch_jump(uintptr_t jmp_addr, uintptr_t target);

/* The host register number that holds env inside generated code. */
int codegen_env_reg(void);

/* Optimizer passes (tcg/opt_*.c) and liveness (tcg/liveness.c). */
void opt_env_forward(IRContext *ir); /* env stores/loads forwarded to later env loads */
void opt_env_dse(IRContext *ir);     /* env stores overwritten unread in their block removed */
void opt_fold(IRContext *ir);       /* constant folding + algebraic simplification */
void opt_copy_prop(IRContext *ir);  /* copy propagation */
void opt_dce(IRContext *ir);        /* dead code elimination */
void opt_branch(IRContext *ir);     /* branch simplification */
void opt_run(IRContext *ir);        /* all passes in order */
/* Rewrites the vector ops the backend lacks (tcg/vec_expand.c); codegen_tb
 * runs it first. May set ir->overflow. */
void opt_vec_expand(IRContext *ir);
/* Appends d = opc(a, b) for a permute (zip1_vec .. uzp2_vec) built of
 * extract_vec and insert_vec only: the expansion's form for a host
 * without the permute, callable on any host (the unit tests run it). */
void opt_vec_permute_by_element(IRContext *ir, IROpcode opc, IRType t, unsigned vece, IRTemp d, IRTemp a,
                                IRTemp b);
void ir_liveness(IRContext *ir);    /* fills IROp.life */

/* -d logging: set by the command line, defined in tcg/tb.c. The bits equal
 * linux-user's LOG_* bits. codegen_tb prints the IR (op, op_opt) and the
 * host code (out_asm, via capstone) to xrun_log_file (stderr if NULL). */
enum {
    CODEGEN_LOG_IN_ASM = 1,
    CODEGEN_LOG_OP = 2,
    CODEGEN_LOG_OP_OPT = 4,
    CODEGEN_LOG_OUT_ASM = 8,
    CODEGEN_LOG_EXEC = 16,
    CODEGEN_LOG_CPU = 32,
    CODEGEN_LOG_INT = 64,  /* system mode: every exception and interrupt taken */
    CODEGEN_LOG_MMU = 128, /* system mode: page-table walks and their faults */
};
extern int codegen_log_mask;
extern FILE *xrun_log_file;

#endif
