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
 * A block never starts an insn on a second guest page, so invalidating a
 * page finds every TB that read it (an insn straddling two pages makes the
 * TB cover both; tb_gen_code records the second page).
 */
#include <stddef.h>

#include "xrun/guest.h"
#include "xrun/translator.h"

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

/* cpu_exec checked the first page of the block; an insn that straddles
 * into an unreadable page reads as zeros here rather than crashing xrun
 * (TODO: raise the fetch fault on the straddling insn itself). */
static bool fetch_ok(uint64_t pc, unsigned len)
{
    return page_check_range(pc, len, PAGE_EXEC);
}

uint32_t translator_ldl(CPUState *cpu, uint64_t pc)
{
    uint32_t v = 0;
    if (!fetch_ok(pc, 4))
        return 0;
    __builtin_memcpy(&v, g2h(pc), 4);
    return v;
}

uint16_t translator_lduw(CPUState *cpu, uint64_t pc)
{
    uint16_t v = 0;
    if (!fetch_ok(pc, 2))
        return 0;
    __builtin_memcpy(&v, g2h(pc), 2);
    return v;
}
