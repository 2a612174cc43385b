/*
 * The guest-independent part of a guest CPU.
 *
 * Every guest's register file is a struct whose first member is a CPUState,
 * so one pointer serves as both: generated code keeps it in the host "env"
 * register and reaches guest registers at fixed offsets, and the exec loop
 * reaches the common fields below at the same address.
 *
 *     typedef struct CPUARMState { CPUState common; uint32_t regs[16]; ... } CPUARMState;
 */
#ifndef XRUN_CPU_H
#define XRUN_CPU_H

#include <setjmp.h>
#include <stdbool.h>
#include <stdint.h>

struct GuestArch;
struct TBJumpCache;
struct TaskState;

/* Exception numbers common to all guests; guests number theirs from EXCP_ARCH. */
enum {
    EXCP_NONE = -1,
    EXCP_INTERRUPT = 0x10000, /* exit_request was seen: signals, stop, etc. */
    EXCP_HALTED,
    EXCP_DEBUG,
    EXCP_FETCH_FAULT,         /* code fetch from a non-executable guest page (fault_addr) */
    EXCP_UNALIGNED,           /* misaligned access with MO_ALIGN (fault_addr) */
    EXCP_ARCH = 0,
};

typedef struct CPUState {
    /* Non-zero asks generated code to return to the exec loop at the next
     * TB entry. Written by other threads and by signal handlers. Must stay
     * the first member: generated code reads it at env + 0. */
    volatile int32_t exit_request;
    int32_t exception_index;       /* why cpu_exec returned */
    uint32_t cflags_next_tb;       /* CF_* forced on the next TB (e.g. one insn) */
    int32_t cpu_index;
    const struct GuestArch *arch;
    struct TBJumpCache *jc;
    /* The jump cache's generation (xrun/tb.h), in the high half: generated
     * code ORs it into the key it compares, so bumping it empties the
     * cache at once. */
    uint64_t jc_gen;
    struct TaskState *ts;          /* linux-user: the thread's task state */
    sigjmp_buf jmp_env;            /* cpu_loop_exit() returns here */
    bool running;                  /* inside cpu_exec (for signal handlers) */
    uintptr_t host_pc_fault;       /* host pc of the last synchronous fault */
    uint64_t fault_addr;           /* guest address of EXCP_FETCH_FAULT, EXCP_UNALIGNED */
    /* Set by a debugger: each TB runs one guest insn and cpu_exec returns
     * EXCP_DEBUG after it (an insn that raises returns its own exception). */
    volatile bool singlestep;
    /* Exclusive sections (tcg/cpus.c). in_exec is non-zero while the cpu is
     * inside cpu_exec, where it may run generated code; exclusive_waiter is
     * set (under the cpu list lock) when an exclusive section counts on
     * this cpu leaving. */
    int32_t in_exec;
    bool exclusive_waiter;
    struct CPUState *next_cpu;     /* the list of the process's cpus */
    /* System mode. interrupt_request holds CPU_INTERRUPT_* lines that are
     * asserted; the exec loop offers them to the guest's exec_interrupt
     * hook at TB boundaries. A halted cpu (WFI, HLT) sleeps until its
     * guest's has_work hook says otherwise. */
    volatile uint32_t interrupt_request;
    volatile bool halted;
    struct CPUTLB *tlb;            /* xrun/softmmu.h; NULL in user mode */
} CPUState;

/* interrupt_request bits; guests number further ones from
 * CPU_INTERRUPT_TGT_0. */
enum {
    CPU_INTERRUPT_HARD = 1 << 0,   /* IRQ line */
    CPU_INTERRUPT_FIQ = 1 << 1,
    CPU_INTERRUPT_VIRQ = 1 << 2,
    CPU_INTERRUPT_VFIQ = 1 << 3,
    CPU_INTERRUPT_TLB_FLUSH = 1 << 4, /* another cpu asked for a TLB flush */
    CPU_INTERRUPT_TGT_0 = 1 << 8,
};

/* Asserts/deasserts interrupt lines of cpu (any thread): sets or clears
 * bits in interrupt_request, makes the cpu leave generated code and wakes
 * it if halted. System mode only. */
void cpu_interrupt(CPUState *cpu, uint32_t mask);
void cpu_reset_interrupt(CPUState *cpu, uint32_t mask);

static inline CPUState *env_cpu(void *env) { return (CPUState *)env; }

/* Leaves generated code or a helper and returns to cpu_exec, which returns
 * cpu->exception_index. Guest state must already be consistent. */
_Noreturn void cpu_loop_exit(CPUState *cpu);
/* Sets exception_index and leaves, as cpu_loop_exit. */
_Noreturn void cpu_raise_exception(CPUState *cpu, int excp);
/* Restores guest state (pc, ...) from the TB containing host_pc, then leaves. */
_Noreturn void cpu_loop_exit_restore(CPUState *cpu, uintptr_t host_pc);

/* Asks the cpu to return to its loop soon (safe from any thread or signal). */
static inline void cpu_exit(CPUState *cpu) { __atomic_store_n(&cpu->exit_request, 1, __ATOMIC_SEQ_CST); }

/*
 * Runs translated guest code until something needs the outer loop: a
 * guest exception (syscall, undefined insn, fault, ...) or an exit request.
 * Returns the exception number.
 */
int cpu_exec(CPUState *cpu);

/* The currently running cpu of this host thread, or NULL. */
extern __thread CPUState *current_cpu;

/* -- The cpu list and exclusive sections (tcg/cpus.c) --
 *
 * Code that must see no cpu in generated code (emptying the code buffer)
 * runs between start_exclusive() and end_exclusive(). A cpu counts as
 * "in generated code" from cpu_exec_start() to cpu_exec_end(), which
 * cpu_exec() calls on entry and on every way out; a cpu blocked in a
 * syscall is outside. */

/* Adds cpu to the list of cpus an exclusive section waits for (once: a cpu
 * already listed stays as it is). */
void cpu_list_add(CPUState *cpu);
/* Removes cpu from the list (its thread is leaving; it is outside cpu_exec). */
void cpu_list_remove(CPUState *cpu);
/* Marks cpu as entering/leaving generated code; cpu_exec_start waits while
 * an exclusive section is in progress. */
void cpu_exec_start(CPUState *cpu);
void cpu_exec_end(CPUState *cpu);
/* Waits until every other cpu has left generated code (each is kicked with
 * cpu_exit) and keeps them out until end_exclusive(). The caller must not be
 * between cpu_exec_start and cpu_exec_end, nor hold the tb lock. */
void start_exclusive(void);
void end_exclusive(void);
/* In a fork child (one thread left): resets the list locks and state and
 * keeps only self in the list. Returns the other cpus, linked through
 * next_cpu, for the caller to free (their threads do not exist here). */
CPUState *cpu_list_after_fork(CPUState *self);

#endif
