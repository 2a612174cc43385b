/*
 * Register allocation of helper calls.
 *
 *     call fn(t3, r1, $5)  ->  save what must survive out of call-clobbered
 *                              registers; mov rdi, t3; mov rsi, r1; mov edx, 5;
 *                              call fn; result in rax
 *
 * Steps: write globals back if the helper reads or writes them; move every
 * value that lives past the call out of the call-clobbered registers (into
 * a free callee-saved register, else to memory); store stack arguments; then
 * fill the argument registers as one parallel move, because an argument
 * may sit in another argument's register (cycles are broken with xchg).
 * Values that die at the call stay where they are until the move reads them.
 */
#include "tcg/regalloc.h"
#include "xrun/translator.h"
#include "xrun/util.h"

typedef struct RAMove {
    int dst;
    IRTemp t;
    int src; /* register holding t's value, or -1 if t is not in a register */
} RAMove;

/* True if temp t is input i of op and dies there. */
static bool ra_input_dies(const IROp *op, IRTemp t)
{
    for (unsigned i = 0; i < op->nb_iargs; i++)
        if (op->args[op->nb_oargs + i] == t && (op->life & IR_LIFE_DEAD(i)))
            return true;
    return false;
}

/* Empties the call-clobbered registers of values that must survive the call. */
static void ra_call_save(RAState *s, const IROp *op, bool writes)
{
    for (int r = 0; r < BE_NB_REGS; r++) {
        IRTemp t = s->reg_temp[r];
        if (!(backend_call_clobbered & REGSET(r)) || t == IR_NO_TEMP)
            continue;
        if (ra_input_dies(op, t))
            continue; /* read by the argument moves, then freed */
        if (writes && s->ir->temps[t].kind == IR_TEMP_GLOBAL)
            ra_spill_reg(s, r); /* already synced; reloaded after the call */
        else
            ra_evict(s, r, backend_call_clobbered);
    }
}

/* A call-clobbered register that is not an argument register and is free. */
static int ra_call_scratch(RAState *s)
{
    for (int r = 0; r < BE_NB_REGS; r++) {
        if (!(backend_call_clobbered & REGSET(r)) || s->reg_temp[r] != IR_NO_TEMP)
            continue;
        bool is_arg = false;
        for (int i = 0; i < backend_nb_call_arg_regs; i++)
            is_arg |= backend_call_arg_regs[i] == r;
        if (!is_arg)
            return r;
    }
    ra_spill_reg(s, backend_ret_reg);
    return backend_ret_reg;
}

/* Arguments beyond the registers go to the outgoing area at the stack top. */
static void ra_stack_args(RAState *s, const IROp *op)
{
    unsigned nreg = (unsigned)backend_nb_call_arg_regs;
    if (op->nb_iargs <= nreg)
        return;
    int scratch = ra_call_scratch(s);
    for (unsigned i = nreg; i < op->nb_iargs; i++) {
        IRTemp t = (IRTemp)op->args[op->nb_oargs + i];
        IRTempInfo *ti = &s->ir->temps[t];
        int src = ti->val_loc == IR_VAL_REG ? ti->reg : scratch;
        if (ti->val_loc != IR_VAL_REG)
            ra_copy_to(s, t, scratch);
        backend_emit_st(&s->c, IR_I64, src, backend_sp_reg,
                        BE_FRAME_STACK_ARGS + 8 * (int32_t)(i - nreg));
    }
}

/* True if some pending move other than skip reads register r. */
static bool ra_move_reads(const RAMove *m, int n, int skip, int r)
{
    for (int i = 0; i < n; i++)
        if (i != skip && m[i].src == r)
            return true;
    return false;
}

/* Emits the moves into argument registers in an order that reads every
 * register before it is overwritten. */
static void ra_parallel_move(RAState *s, RAMove *m, int n)
{
    while (n > 0) {
        int pick = -1;
        for (int i = 0; i < n && pick < 0; i++)
            if (m[i].src == m[i].dst || !ra_move_reads(m, n, i, m[i].dst))
                pick = i;
        if (pick >= 0) {
            IRTempInfo *ti = &s->ir->temps[m[pick].t];
            if (m[pick].src >= 0)
                backend_emit_mov(&s->c, (IRType)ti->type, m[pick].dst, m[pick].src);
            else
                ra_copy_to(s, m[pick].t, m[pick].dst);
            m[pick] = m[--n];
            continue;
        }
        /* Only cycles are left: take a move whose source is another move's
         * destination (so both registers are argument registers), swap its
         * value into place and retarget the moves that read either one. */
        int k = -1;
        for (int i = 0; i < n && k < 0; i++)
            for (int j = 0; j < n && k < 0; j++)
                if (m[i].src >= 0 && m[i].src == m[j].dst)
                    k = i;
        xr_assert(k >= 0);
        int a = m[k].dst, b = m[k].src;
        backend_emit_xchg(&s->c, a, b);
        m[k] = m[--n];
        for (int i = 0; i < n; i++)
            m[i].src = m[i].src == a ? b : m[i].src == b ? a : m[i].src;
    }
}

/* True if op calls helper_lookup_tb and the next op jumps to its result:
 * then the backend may probe the jump cache inline and jump on a hit. */
static bool ra_call_is_lookup_goto(RAState *s, const IROp *op)
{
    if ((const void *)(uintptr_t)ir_op_cargs((IROp *)op)[0] != (const void *)helper_lookup_tb ||
        op->nb_oargs != 1 || op->nb_iargs != 3)
        return false;
    const IROp *end = s->ir->ops + s->ir->nb_ops;
    const IROp *next = op + 1;
    while (next < end && next->opc == IR_OP_nop)
        next++;
    return next < end && next->opc == IR_OP_goto_ptr && next->args[0] == op->args[0];
}

void ra_op_call(RAState *s, IROp *op)
{
    const uint64_t *ca = ir_op_cargs(op);
    unsigned cf = (unsigned)ca[1];
    unsigned nin = op->nb_iargs, nout = op->nb_oargs;
    bool reads = !(cf & IR_CALL_NO_READ_GLOBALS) || (cf & IR_CALL_MAY_RAISE);
    bool writes = !(cf & IR_CALL_NO_WRITE_GLOBALS);
    if (reads || writes)
        ra_sync_globals(s);
    ra_call_save(s, op, writes);
    ra_stack_args(s, op);

    RAMove moves[IR_MAX_CALL_IN];
    int nm = 0;
    for (unsigned i = 0; i < nin && i < (unsigned)backend_nb_call_arg_regs; i++) {
        IRTemp t = (IRTemp)op->args[nout + i];
        IRTempInfo *ti = &s->ir->temps[t];
        moves[nm++] = (RAMove){.dst = backend_call_arg_regs[i],
                               .t = t,
                               .src = ti->val_loc == IR_VAL_REG ? ti->reg : -1};
    }
    ra_parallel_move(s, moves, nm);
    for (unsigned i = 0; i < nin; i++)
        if (op->life & IR_LIFE_DEAD(i))
            ra_temp_dead(s, (IRTemp)op->args[nout + i]);
    for (int r = 0; r < BE_NB_REGS; r++)
        if (backend_call_clobbered & REGSET(r))
            ra_spill_reg(s, r); /* a dying global input may still be here */

    if (ra_call_is_lookup_goto(s, op))
        backend_emit_lookup_probe(&s->c);
    backend_emit_call(&s->c, (const void *)(uintptr_t)ca[0]);
    if (cf & IR_CALL_MAY_RAISE)
        backend_emit_nop(&s->c);

    if (writes) {
        for (int r = 0; r < BE_NB_REGS; r++) {
            IRTemp t = s->reg_temp[r];
            if (t != IR_NO_TEMP && s->ir->temps[t].kind == IR_TEMP_GLOBAL) {
                ra_free_reg(s, r);
                s->ir->temps[t].val_loc = IR_VAL_MEM;
            }
        }
        ra_globals_to_mem(s);
    }
    if (nout) {
        IRTemp t = (IRTemp)op->args[0];
        if (s->ir->temps[t].type == IR_I32)
            backend_emit_zext32(&s->c, backend_ret_reg);
        ra_set_output(s, t, backend_ret_reg, op->life, 0);
    }
}
