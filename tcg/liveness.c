/*
 * Liveness: one backward pass over a TB's ops that tells the register
 * allocator when a value is read for the last time.
 *
 * For each op it sets IROp.life bit IR_LIFE_DEAD(i) when input i is not
 * read again, and IR_LIFE_DEAD_OUT(i) (backend.h) when output i is never
 * read. A temp is "live" between a write and its last read; walking
 * backwards, an output kills its temp and an input revives it:
 *
 *     add t2, r1, $4        life = 0: r1 is a global, read again later
 *     mov r0, t2            life = DEAD(0): t2 is never read again
 *
 * Globals are live wherever their memory copy may be observed: at the end
 * of every basic block, at the TB end, before a helper that reads globals
 * or may raise, before an op that may raise, and at goto_tb. Between such
 * points a global that is overwritten before it is read is dead, so the
 * allocator may drop its register without writing it back. TB-wide temps
 * are conservatively live at every block boundary; block-local temps die
 * there. IR_LIFE_SYNC(i) marks the last read of global input i before such a
 * point (its value must then reach memory). The allocator does not need the
 * sync bits: it writes globals back at those points on its own. A guest
 * access whose only way to raise is an out-of-line path that stores the
 * stale globals itself (backend_defers_sync: the softmmu slow path) keeps
 * every global live but is no such point, so globals stay in registers
 * across the TLB hits of a loop body.
 */
#include "xrun/backend.h"
#include "xrun/codegen.h"

/* state bits: LV_LIVE = read later; LV_SYNC = a global whose memory copy must
 * be current at a later point, with no read or write of it in between. */
enum { LV_LIVE = 1, LV_SYNC = 2, LV_BITS = 2 };

/*
 * Resets are stamped, not stored: a block boundary or a raising op would
 * otherwise rewrite the state of every temp, and TBs of short guest blocks
 * have many of both. IRTempInfo.state holds (step << LV_BITS) | bits, the
 * step at which the pass last set that temp; each reset records its own
 * step per temp kind. Walking backwards, steps only grow, so a temp whose
 * step is not above its kind's reset has the reset's state.
 */
typedef struct LvCtx {
    IRContext *ir;
    uint32_t step;
    uint32_t glob_at;      /* globals: LIVE | SYNC */
    uint32_t glob_live_at; /* globals: LIVE, their SYNC bit unchanged */
    uint32_t tb_at;   /* TB temps: LIVE (0: none yet, dead at the TB end) */
    uint32_t bb_at;   /* block-local temps: dead */
} LvCtx;

static bool lv_is_tracked(const IRTempInfo *t)
{
    return t->kind != IR_TEMP_CONST && t->kind != IR_TEMP_FIXED;
}

static unsigned lv_get(const LvCtx *l, const IRTempInfo *t)
{
    uint32_t own = t->state >> LV_BITS;
    switch (t->kind) {
    case IR_TEMP_GLOBAL: {
        unsigned st = own > l->glob_at ? t->state & (LV_LIVE | LV_SYNC) : LV_LIVE | LV_SYNC;
        return l->glob_live_at > own ? st | LV_LIVE : st;
    }
    case IR_TEMP_TB:
        if (own > l->tb_at)
            return t->state & LV_LIVE;
        return l->tb_at ? LV_LIVE : 0;
    default:
        return own > l->bb_at ? t->state & LV_LIVE : 0;
    }
}

static void lv_set(const LvCtx *l, IRTempInfo *t, unsigned bits)
{
    t->state = (l->step << LV_BITS) | bits;
}

void ir_liveness(IRContext *ir)
{
    /* At the TB end only the guest state matters. */
    LvCtx l = {.ir = ir, .step = 1, .glob_at = 1, .tb_at = 0, .bb_at = 0};
    for (uint32_t i = 0; i < ir->nb_temps; i++)
        ir->temps[i].state = 0;

    for (uint32_t n = ir->nb_ops; n-- > 0;) {
        IROp *op = &ir->ops[n];
        op->life = 0;
        if (op->opc == IR_OP_nop)
            continue;
        unsigned flags = ir_op_defs[op->opc].flags;
        if (flags & IR_F_BB_END) {
            /* every global live, TB temps live, block-local temps dead */
            l.step++;
            l.glob_at = l.tb_at = l.bb_at = l.step;
        }

        uint32_t life = 0;
        l.step++;
        for (unsigned i = 0; i < op->nb_oargs; i++) {
            IRTempInfo *t = &ir->temps[op->args[i]];
            if (!lv_is_tracked(t))
                continue;
            unsigned st = lv_get(&l, t);
            if (!(st & LV_LIVE))
                life |= IR_LIFE_DEAD_OUT(i);
            if (t->kind == IR_TEMP_GLOBAL && (st & LV_SYNC))
                life |= IR_LIFE_SYNC_OUT(i);
            lv_set(&l, t, 0);
        }

        bool globals_read = (flags & IR_F_RAISE) || op->opc == IR_OP_goto_tb;
        if (op->opc == IR_OP_call) {
            unsigned cf = (unsigned)ir_op_cargs(op)[1];
            globals_read = !(cf & IR_CALL_NO_READ_GLOBALS) || (cf & IR_CALL_MAY_RAISE);
        }
        /* An op whose out-of-line path stores the globals it may see
         * (backend_defers_sync) reads them all, but needs none in memory. */
        if (globals_read && (flags & IR_F_RAISE) && backend_defers_sync(op))
            l.glob_live_at = ++l.step;
        else if (globals_read)
            l.glob_at = ++l.step;

        for (unsigned i = 0; i < op->nb_iargs; i++) {
            IRTempInfo *t = &ir->temps[op->args[op->nb_oargs + i]];
            if (!lv_is_tracked(t))
                continue;
            unsigned st = lv_get(&l, t);
            if (!(st & LV_LIVE))
                life |= IR_LIFE_DEAD(i);
            if (t->kind == IR_TEMP_GLOBAL && (st & LV_SYNC))
                life |= IR_LIFE_SYNC(i);
        }
        l.step++;
        for (unsigned i = 0; i < op->nb_iargs; i++) {
            IRTempInfo *t = &ir->temps[op->args[op->nb_oargs + i]];
            if (lv_is_tracked(t))
                lv_set(&l, t, LV_LIVE);
        }
        op->life = life;
    }
}
