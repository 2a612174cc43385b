/*
 * Branch simplification (opt_branch).
 *
 *     br_i32 L1                      (removed: jumps to the next op)
 *     set_label_i32 L1               (removed: no branch targets it)
 *     exit_tb_i64 $0x0
 *     add_i32 t0, t1, t2             (removed: unreachable)
 *     set_label_i32 L2               (kept: brcond below targets it)
 *
 * Three rewrites, repeated while one of them enables another (removing
 * unreachable code may drop the last branch to a label, removing a label
 * may make the code after it unreachable):
 *  - ops after br/exit_tb/goto_ptr (IR_F_NORETURN) up to the next set_label
 *    are unreachable. insn_start markers are kept: they emit no code, and
 *    the TB layer counts guest instructions by them.
 *  - a br or brcond to the label that follows it (nothing but nops and
 *    insn_start between) does nothing.
 *  - a set_label that no branch targets only splits a basic block.
 * Each round is linear in the number of ops.
 */
#include <string.h>

#include "tcg/opt.h"
#include "xrun/codegen.h"
#include "xrun/util.h"

#define BRANCH_MAX_ROUNDS 4

static bool is_branch(const IROp *op) { return op->opc == IR_OP_br || op->opc == IR_OP_brcond; }

static bool drop_unreachable(IRContext *ir)
{
    bool changed = false, dead = false;
    for (uint32_t i = 0; i < ir->nb_ops; i++) {
        IROp *op = &ir->ops[i];
        if (op->opc == IR_OP_set_label) {
            dead = false;
        } else if (dead && op->opc != IR_OP_nop && op->opc != IR_OP_insn_start) {
            opt_make_nop(op);
            changed = true;
        } else if (ir_op_defs[op->opc].flags & IR_F_NORETURN) {
            dead = true;
        }
    }
    return changed;
}

/* Index of the next op that emits code or marks a label, or nb_ops. */
static uint32_t next_real_op(IRContext *ir, uint32_t i)
{
    while (i < ir->nb_ops && (ir->ops[i].opc == IR_OP_nop || ir->ops[i].opc == IR_OP_insn_start))
        i++;
    return i;
}

/* Drops the branches to the next op and counts, in refs (nb entries), the
 * branches left to each label. */
static bool drop_jumps_to_next(IRContext *ir, uint32_t *refs, uint32_t nb)
{
    bool changed = false;
    memset(refs, 0, nb * sizeof(refs[0]));
    for (uint32_t i = 0; i < ir->nb_ops; i++) {
        IROp *op = &ir->ops[i];
        if (!is_branch(op))
            continue;
        uint64_t l = opt_branch_target(op);
        uint32_t j = next_real_op(ir, i + 1);
        if (j < ir->nb_ops && ir->ops[j].opc == IR_OP_set_label && ir->ops[j].args[0] == l) {
            opt_make_nop(op);
            changed = true;
        } else if (l < nb) {
            refs[l]++;
        }
    }
    return changed;
}

static bool drop_unused_labels(IRContext *ir, const uint32_t *refs, uint32_t nb)
{
    bool changed = false;
    for (uint32_t i = 0; i < ir->nb_ops; i++) {
        IROp *op = &ir->ops[i];
        /* A label number out of range is left alone: it is not ours to judge. */
        if (op->opc == IR_OP_set_label && op->args[0] < nb && refs[op->args[0]] == 0) {
            opt_make_nop(op);
            changed = true;
        }
    }
    return changed;
}

void opt_branch(IRContext *ir)
{
    uint32_t refs[IR_MAX_LABELS];
    uint32_t nb = ir->nb_labels ? ir->nb_labels : 1;
    if (nb > IR_MAX_LABELS)
        nb = IR_MAX_LABELS; /* an overflowed block never reaches the optimizer */
    for (int round = 0; round < BRANCH_MAX_ROUNDS; round++) {
        bool changed = drop_unreachable(ir);
        changed |= drop_jumps_to_next(ir, refs, nb);
        changed |= drop_unused_labels(ir, refs, nb);
        if (!changed)
            break;
    }
}
