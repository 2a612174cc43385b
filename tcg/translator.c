/*
 * The one translation loop every guest shares. A frontend supplies hooks
 * (TranslatorOps); this file decides where blocks start and stop:
 *
 *   exit-request check        ld exit_request; brcond != 0 -> Lexit
 *   tb_start hook
 *   per insn: insn_start hook, translate_insn hook
 *   stop at: a frontend's is_jmp, max_insns, or the next guest page
 *   tb_stop hook              (the frontend's exit: goto_tb, goto_ptr, ...)
 *   Lexit: exit_tb(tb | TB_EXIT_REQUESTED)
 *
 * A debugger breakpoint at an insn's pc replaces that insn with a call to
 * helper_debug_exception (after its insn_start, so the exception sees the
 * insn's own pc) and ends the block. Breakpoints are virtual addresses:
 * inserting or removing one drops the TBs of its page (user mode) or every
 * TB (system mode, where TBs belong to physical pages).
 *
 * A block never starts an insn on a second guest page, so invalidating a
 * page finds every TB that read it (an insn straddling two pages makes the
 * TB cover both; tb_gen_code records the second page).
 */
#include <stddef.h>

#include "xrun/guest.h"
#include "xrun/guestmem.h"
#include "xrun/tb.h"
#include "xrun/translator.h"
#include "xrun/util.h"

/* -- Debugger breakpoints -- */

#define MAX_BREAKPOINTS 256

/* Written under tb_lock; read by translation, which also holds it. */
static uint64_t bp_pc[MAX_BREAKPOINTS];
static int bp_count;

/* Whether dropping a breakpoint's TBs takes a whole flush: system mode keys
 * TBs by physical page, and the virtual page of a breakpoint may map to any
 * physical page (or several, one per address space). Emptying the code
 * buffer finds them all; breakpoints change only while a debugger has the
 * machine stopped, so the cost is one retranslation of what runs next. */
static bool bp_needs_flush(void)
{
    return guest_mem_ops && !guest_mem_ops->key_is_virtual;
}

/* Drops the TBs of pc's virtual page (user mode; under tb_lock). */
static void bp_invalidate_page(uint64_t pc)
{
    if (bp_needs_flush())
        return; /* the caller flushes once the lock is released */
    uint64_t page = pc & GUEST_PAGE_MASK;
    tb_invalidate_range(page, page + GUEST_PAGE_SIZE, 0);
}

/* After a change of the breakpoint list: tb_flush wants the lock free. */
static void bp_changed_unlock(bool changed)
{
    tb_lock_release();
    if (changed && bp_needs_flush())
        tb_flush();
}

int cpu_breakpoint_insert(uint64_t pc)
{
    int rc = 0;
    bool changed = false;
    tb_lock_acquire();
    if (cpu_breakpoint_at(pc)) {
        /* Already set: gdb may insert one per thread or location. */
    } else if (bp_count == MAX_BREAKPOINTS) {
        rc = -1;
    } else {
        bp_pc[bp_count++] = pc;
        bp_invalidate_page(pc);
        changed = true;
    }
    bp_changed_unlock(changed);
    return rc;
}

int cpu_breakpoint_remove(uint64_t pc)
{
    int rc = -1;
    tb_lock_acquire();
    for (int i = 0; i < bp_count; i++) {
        if (bp_pc[i] == pc) {
            bp_pc[i] = bp_pc[--bp_count];
            bp_invalidate_page(pc);
            rc = 0;
            break;
        }
    }
    bp_changed_unlock(rc == 0);
    return rc;
}

void cpu_breakpoint_remove_all(void)
{
    tb_lock_acquire();
    bool changed = bp_count > 0;
    while (bp_count > 0)
        bp_invalidate_page(bp_pc[--bp_count]);
    bp_changed_unlock(changed);
}

bool cpu_breakpoint_at(uint64_t pc)
{
    for (int i = 0; i < bp_count; i++)
        if (bp_pc[i] == pc)
            return true;
    return false;
}

/* -- The loop -- */

void translator_loop(const TranslatorOps *ops, DisasContextBase *db, CPUState *cpu,
                     TranslationBlock *tb, IRContext *ir, int max_insns)
{
    db->tb = tb;
    db->ir = ir;
    db->cpu = cpu;
    db->pc_first = tb->pc;
    db->pc_next = tb->pc;
    db->is_jmp = DISAS_NEXT;
    db->num_insns = 0;
    db->max_insns = max_insns;
    ops->init_disas_context(db, cpu);

    int exit_label = ir_new_label(ir);
    IRTemp req = ir_new_i32(ir);
    ir_ld(ir, IR_I32, req, IR_ENV, offsetof(CPUState, exit_request), MO_32);
    ir_brcondi(ir, IR_I32, req, 0, IR_COND_NE, exit_label);

    ops->tb_start(db, cpu);
    for (;;) {
        db->num_insns++;
        ops->insn_start(db, cpu);
        if (XR_UNLIKELY(bp_count) && cpu_breakpoint_at(db->pc_next)) {
            ir_callN(ir, helper_debug_exception, IR_CALL_MAY_RAISE, IR_NO_TEMP, IR_ENV);
            db->is_jmp = DISAS_NORETURN;
            /* A block of just the breakpoint still covers its byte, so
             * removing the breakpoint finds and drops it. */
            if (db->num_insns == 1)
                db->pc_next++;
            break;
        }
        ops->translate_insn(db, cpu);
        if (db->is_jmp != DISAS_NEXT)
            break;
        if (db->num_insns >= db->max_insns || ir->overflow || !translator_same_page(db, db->pc_next)) {
            db->is_jmp = DISAS_TOO_MANY;
            break;
        }
    }
    ops->tb_stop(db, cpu);

    ir_set_label(ir, exit_label);
    ir_exit_tb(ir, (uintptr_t)tb | TB_EXIT_REQUESTED);
    tb->size = (uint32_t)(db->pc_next - db->pc_first);
    tb->icount = (uint16_t)db->num_insns;
}

bool translator_same_page(DisasContextBase *db, uint64_t pc)
{
    return ((pc ^ db->pc_first) & GUEST_PAGE_MASK) == 0;
}

bool translator_use_goto_tb(DisasContextBase *db, uint64_t dest)
{
    return guest_mem_ops->chain_across_pages || translator_same_page(db, dest);
}

/* The exec loop checked the first page of the block; what an insn that
 * straddles into an unfetchable page reads is up to the mode (zeros). */
uint32_t translator_ldl(CPUState *cpu, uint64_t pc)
{
    uint32_t v;
    guest_mem_ops->fetch_code(cpu, pc, &v, 4);
    return v;
}

uint16_t translator_lduw(CPUState *cpu, uint64_t pc)
{
    uint16_t v;
    guest_mem_ops->fetch_code(cpu, pc, &v, 2);
    return v;
}

/* -- The mode's hooks -- */

const GuestMemOps *guest_mem_ops;
