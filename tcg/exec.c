/*
 * The exec loop: find or translate the TB for the cpu's state, chain it to
 * the TB that just exited, run it, repeat. Generated code returns here only
 * for unchained exits, exit requests and exceptions; helpers and fault
 * handlers leave through cpu_loop_exit(), a siglongjmp to cpu_exec.
 *
 * The value generated code returns is (last TB | slot): slot 0/1 asks to
 * chain that goto_tb slot to the next TB; TB_EXIT_REQUESTED means the TB
 * saw exit_request at its entry and did not run, so the loop restores the
 * guest state of that TB's first insn before it leaves.
 */
#include <signal.h>
#include <string.h>

#include "xrun/backend.h"
#include "xrun/codegen.h"
#include "xrun/guest.h"
#include "xrun/tb.h"
#include "xrun/translator.h"
#include "xrun/util.h"

__thread CPUState *current_cpu;

void cpu_loop_exit(CPUState *cpu)
{
    siglongjmp(cpu->jmp_env, 1);
}

void cpu_raise_exception(CPUState *cpu, int excp)
{
    cpu->exception_index = excp;
    cpu_loop_exit(cpu);
}

/* Puts the guest pc (and other insn_start state) of the insn at host_pc
 * back into the cpu. Globals are already in memory: the register allocator
 * syncs them before every op that may fault. */
static bool cpu_restore_state(CPUState *cpu, uintptr_t host_pc)
{
    TranslationBlock *tb = tb_find_by_host_pc(host_pc);
    uint64_t data[2];
    if (!tb || !tb_host_pc_to_insn(tb, host_pc, data))
        return false;
    cpu->arch->restore_state(cpu, data);
    return true;
}

void cpu_loop_exit_restore(CPUState *cpu, uintptr_t host_pc)
{
    if (host_pc)
        cpu_restore_state(cpu, host_pc);
    cpu_loop_exit(cpu);
}

void helper_raise_exception(void *env, uint32_t excp)
{
    cpu_raise_exception(env_cpu(env), (int)excp);
}

const void *helper_lookup_tb_ptr(void *env)
{
    uint64_t pc;
    uint32_t flags;
    env_cpu(env)->arch->get_tb_key(env_cpu(env), &pc, &flags);
    return helper_lookup_tb(env, pc, flags);
}

const void *helper_lookup_tb(void *env, uint64_t pc, uint32_t flags)
{
    CPUState *cpu = env_cpu(env);
    const TBJumpCacheEntry *e = &cpu->jc->array[tb_jc_hash(pc)];
    if (XR_LIKELY(e->pc == pc && e->flags == flags && e->tag == (uint32_t)(cpu->jc_gen >> 32) && e->tb &&
                  !cpu->singlestep))
        return e->host_code;
    if (cpu->cflags_next_tb || cpu->singlestep)
        return codegen_epilogue_return0;
    TranslationBlock *tb = tb_lookup(cpu, pc, flags, 0);
    return tb ? tb->host_code : codegen_epilogue_return0;
}

/* As helper_unaligned_access: the return address names the insn. */
__attribute__((noinline)) void helper_debug_exception(void *env)
{
    CPUState *cpu = env_cpu(env);
    cpu->exception_index = EXCP_DEBUG;
    cpu_loop_exit_restore(cpu, (uintptr_t)__builtin_return_address(0));
}

/* The return address is inside the host code of the faulting access, which
 * is all cpu_loop_exit_restore needs to find the guest insn. noinline keeps
 * that address the one generated code pushed. */
__attribute__((noinline)) void helper_unaligned_access(void *env, uint64_t addr)
{
    CPUState *cpu = env_cpu(env);
    cpu->fault_addr = addr;
    cpu->exception_index = EXCP_UNALIGNED;
    cpu_loop_exit_restore(cpu, (uintptr_t)__builtin_return_address(0));
}

static void log_exec(CPUState *cpu, TranslationBlock *tb)
{
    FILE *out = xrun_log_file ? xrun_log_file : stderr;
    fprintf(out, "Trace: %p [%#llx/%#x]\n", (const void *)tb->host_code, (unsigned long long)tb->pc, tb->flags);
    if (codegen_log_mask & CODEGEN_LOG_CPU && cpu->arch->dump_state)
        cpu->arch->dump_state(cpu, out);
}

/* The inner loop: returns only with an exception or an exit request. */
static int cpu_exec_loop(CPUState *cpu)
{
    TranslationBlock *last = NULL;
    int slot = 0;
    for (;;) {
        if (__atomic_load_n(&cpu->exit_request, __ATOMIC_ACQUIRE)) {
            __atomic_store_n(&cpu->exit_request, 0, __ATOMIC_RELEASE);
            return EXCP_INTERRUPT;
        }
        /* System mode: an interrupt line asserted while the guest masked it
         * is taken at the first TB boundary after it unmasks it (every
         * unmasking insn ends its TB with a return here). A debugger's
         * single step leaves them pending, as qemu does, so that a step
         * ends after the insn and not in an interrupt handler. */
        uint32_t irq = __atomic_load_n(&cpu->interrupt_request, __ATOMIC_ACQUIRE);
        if (XR_UNLIKELY(irq)) {
            if (irq & CPU_INTERRUPT_TLB_FLUSH)
                return EXCP_INTERRUPT; /* the mode's loop flushes */
            if (!cpu->singlestep && cpu->arch->exec_interrupt(cpu, irq))
                last = NULL;
        }
        uint64_t pc;
        uint32_t flags;
        cpu->arch->get_tb_key(cpu, &pc, &flags);
        uint32_t cflags = cpu->cflags_next_tb;
        cpu->cflags_next_tb = 0;
        if (XR_UNLIKELY(cpu->singlestep))
            cflags = CF_NO_CHAIN | 1;

        uint32_t flushes = tb_flush_count_now();
        TranslationBlock *tb = tb_lookup(cpu, pc, flags, cflags);
        if (!tb)
            tb = tb_gen_code(cpu, pc, flags, cflags); /* raises the fetch fault, if any */
        /* Translating may have flushed every TB, the one that just exited
         * too (this cpu leaves the exec state for a flush, by any thread). */
        if (flushes != tb_flush_count_now())
            last = NULL;
        if (last)
            tb_add_jump(last, slot, tb);
        if (XR_UNLIKELY(codegen_log_mask & CODEGEN_LOG_EXEC))
            log_exec(cpu, tb);

        uintptr_t ret = codegen_enter(cpu, tb->host_code);
        last = (TranslationBlock *)(ret & ~(uintptr_t)TB_EXIT_MASK);
        slot = (int)(ret & TB_EXIT_MASK);
        if (slot == TB_EXIT_REQUESTED) {
            /* The TB saw exit_request at its entry and ran nothing. If a
             * chained jump brought us there, the guest pc in the cpu is
             * stale: goto_tb writes the destination pc only on its
             * unchained path. Put back the state the TB was entered with
             * (its key matched the cpu's when the chain was made). */
            cpu->arch->restore_state(cpu, last->insn_data);
            last = NULL;
        } else if (XR_UNLIKELY(cpu->singlestep)) {
            return EXCP_DEBUG; /* one insn ran */
        } else if (codegen_log_mask & CODEGEN_LOG_EXEC) {
            last = NULL;
        }
    }
}

int cpu_exec(CPUState *cpu_arg)
{
    CPUState *volatile cpu = cpu_arg;
    if (!cpu->jc) {
        /* Attached under the tb lock (fork() holds it), so that a fork
         * child sees either no jump cache or this cpu's. */
        tb_lock_acquire();
        cpu->jc = tb_jc_new();
        tb_lock_release();
        cpu_list_add(cpu); /* a no-op if thread creation listed it */
    }
    current_cpu = cpu;
    cpu->exception_index = EXCP_NONE;
    cpu->running = true;
    /* From here to every return, an exclusive section (tb_flush) waits for
     * this cpu; a syscall or a signal always brings it back out. */
    cpu_exec_start(cpu);
    /* cpu_loop_exit() lands here. With no exception set (self-modifying
     * code recovery, a replayed insn) the loop simply goes on. */
    while (sigsetjmp(cpu->jmp_env, 0) != 0) {
        int excp = cpu->exception_index;
        if (excp != EXCP_NONE) {
            cpu->exception_index = EXCP_NONE;
            cpu->running = false;
            cpu_exec_end(cpu);
            return excp;
        }
    }
    int excp = cpu_exec_loop(cpu);
    cpu->running = false;
    cpu_exec_end(cpu);
    return excp;
}
