/*
 * The shared translation loop and the hooks a guest frontend provides.
 *
 * translator_loop() drives one TB: it emits the exit-request check, then for
 * each guest insn calls insn_start + translate_insn until the frontend sets
 * is_jmp, the TB reaches its insn limit, or the next insn would cross a
 * guest page; then tb_stop emits the block's exit.
 */
#ifndef XRUN_TRANSLATOR_H
#define XRUN_TRANSLATOR_H

#include <stdbool.h>
#include <stdint.h>

#include "xrun/cpu.h"
#include "xrun/ir.h"
#include "xrun/tb.h"

/* How the last insn ended the block. Frontends add their own from DISAS_TARGET_0. */
enum {
    DISAS_NEXT = 0,       /* keep translating */
    DISAS_TOO_MANY = 1,   /* limit reached: continue at pc_next */
    DISAS_NORETURN = 2,   /* the insn already emitted the block exit */
    DISAS_TARGET_0 = 8,
};

typedef struct DisasContextBase {
    TranslationBlock *tb;
    IRContext *ir;
    CPUState *cpu;
    uint64_t pc_first;  /* guest pc of the first insn */
    uint64_t pc_next;   /* guest pc of the next insn to translate */
    int is_jmp;
    int num_insns;
    int max_insns;
} DisasContextBase;

typedef struct TranslatorOps {
    void (*init_disas_context)(DisasContextBase *db, CPUState *cpu);
    void (*tb_start)(DisasContextBase *db, CPUState *cpu);
    void (*insn_start)(DisasContextBase *db, CPUState *cpu);   /* emits ir_insn_start */
    void (*translate_insn)(DisasContextBase *db, CPUState *cpu);
    void (*tb_stop)(DisasContextBase *db, CPUState *cpu);
} TranslatorOps;

/* Runs the loop. db is the frontend's context (its first member is the base). */
void translator_loop(const TranslatorOps *ops, DisasContextBase *db, CPUState *cpu,
                     TranslationBlock *tb, IRContext *ir, int max_insns);

/* Guest code fetch for the frontend, through guest_mem_ops. */
uint32_t translator_ldl(CPUState *cpu, uint64_t pc);
uint16_t translator_lduw(CPUState *cpu, uint64_t pc);

/* Indirect branches: returns the host code of the TB for the cpu's current
 * state, or codegen_epilogue_return0 when it is not translated yet. */
const void *helper_lookup_tb_ptr(void *env);
/* The same, for a frontend that computed the TB key itself (cheaper: no
 * get_tb_key call). pc is zero-extended to 64 bits. */
const void *helper_lookup_tb(void *env, uint64_t pc, uint32_t flags);
/* Raises exception excp for the cpu of env (longjmps to the exec loop). */
_Noreturn void helper_raise_exception(void *env, uint32_t excp);

/* Raises EXCP_DEBUG with the guest state of the insn being executed (its
 * insn_start data): what a TB emits in place of an insn that has a
 * breakpoint. */
_Noreturn void helper_debug_exception(void *env);

/*
 * Debugger breakpoints, shared by every cpu. They act at translation time:
 * a TB that reaches a breakpoint pc raises EXCP_DEBUG before that insn, and
 * guest memory is never patched. Inserting or removing one invalidates the
 * TBs of its guest page. Returns 0, or -1 (insert: table full; remove: no
 * breakpoint there).
 */
int cpu_breakpoint_insert(uint64_t pc);
int cpu_breakpoint_remove(uint64_t pc);
void cpu_breakpoint_remove_all(void);
/* True if a breakpoint is set at pc (cheap while none is set). */
bool cpu_breakpoint_at(uint64_t pc);

/* True if pc is in the same guest page as the TB start. */
bool translator_same_page(DisasContextBase *db, uint64_t pc);
/* True if a direct jump to dest may use a goto_tb slot; otherwise the
 * frontend jumps through the TB lookup (goto_ptr), as system mode does
 * for a destination on another page, whose mapping may change. */
bool translator_use_goto_tb(DisasContextBase *db, uint64_t dest);

/*
 * A guest architecture as the core sees it. One instance per guest, e.g.
 * arm_guest_arch in frontends/arm.
 */
typedef struct GuestArch {
    const char *name;           /* "arm" */
    unsigned env_size;          /* sizeof the guest state struct */
    unsigned insn_start_words;  /* 1 or 2: insn_start data words used */
    /* Registers the guest globals in a fresh IRContext. */
    void (*init_globals)(IRContext *ir);
    /* The TB key for the cpu's current state. */
    void (*get_tb_key)(CPUState *cpu, uint64_t *pc, uint32_t *flags);
    /* Translates one TB into ir (calls translator_loop). */
    void (*translate)(CPUState *cpu, TranslationBlock *tb, IRContext *ir, int max_insns);
    /* Restores pc (and e.g. IT state) from insn_start data. */
    void (*restore_state)(CPUState *cpu, const uint64_t data[2]);
    /* Prints the registers (-d cpu). */
    void (*dump_state)(CPUState *cpu, void *file);
    /* Disassembles one guest insn at pc for -d in_asm (capstone). Returns its size. */
    int (*disas)(CPUState *cpu, uint64_t pc, uint32_t flags, char *buf, unsigned len);

    /* -- System mode (xrun/softmmu.h) -- */
    /* Translates va for access (MMU_DATA_LOAD/STORE, MMU_INST_FETCH) in
     * mmu_idx and installs it with tlb_set_page, returning true. On a
     * fault: returns false if probe, else raises the guest's abort with
     * the state of the insn at retaddr (cpu_loop_exit_restore). */
    bool (*tlb_fill)(CPUState *cpu, uint64_t va, int access, int mmu_idx, bool probe, uintptr_t retaddr);
    /* The MMU index of code fetch in the cpu's current state. */
    int (*mmu_index)(CPUState *cpu);
    /* An access with MO_ALIGN was misaligned: raises (never returns) the guest's alignment
     * fault for the insn at retaddr. */
    void (*do_unaligned_access)(CPUState *cpu, uint64_t va, int access, int mmu_idx, uintptr_t retaddr);
    /* An access reached unassigned physical space: raises the guest's
     * external abort for the insn at retaddr (never returns). */
    void (*do_bus_error)(CPUState *cpu, uint64_t va, uint64_t pa, int access, int mmu_idx,
                                   uintptr_t retaddr);
    /* Takes the exception in cpu->exception_index: vectors, mode, return
     * state, as the architecture does. */
    void (*do_interrupt)(CPUState *cpu);
    /* At a TB boundary with interrupt_request bits set: takes an
     * interrupt the cpu's state unmasks (returns true) or leaves it
     * pending (false). */
    bool (*exec_interrupt)(CPUState *cpu, uint32_t interrupt_request);
    /* True if a halted cpu must wake (an interrupt it would take, or an
     * event its WFE waits for). */
    bool (*has_work)(CPUState *cpu);
    /* Puts the cpu back in its power-on state, as its first reset left it
     * (the model and index it was made with). */
    void (*cpu_reset)(CPUState *cpu);
} GuestArch;

#endif
