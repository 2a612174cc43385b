/*
 * Linear register allocation, part 2: helper calls, labels, branches and TB
 * exits, and codegen_tb(), the driver that runs the optimizer, liveness and
 * one forward walk over the ops. Helper calls are in regalloc_call.c.
 *
 * Where values must be in memory:
 *   - before an op that may raise (guest_ld/st/cmpxchg): every global, so a
 *     host fault needs only the guest pc from the insn table;
 *   - before a helper that reads globals (or may raise): every global; a
 *     helper that writes globals also forces them back to memory before and
 *     reloads them lazily after;
 *   - at branches and labels: globals and TB temps (block temps die), so
 *     every path reaches a label with the same state: nothing in registers.
 *     Exception: a label with one forward branch (a skipped conditional
 *     insn) keeps the globals the branch had in registers; the
 *     fall-through path is made to match before the label;
 *   - before goto_tb / exit_tb / goto_ptr: every global.
 */
#include <string.h>

#include "tcg/regalloc.h"
#include "xrun/util.h"

/* -- Control flow -- */

static void ra_add_reloc(RAState *s, uint8_t *site, int label)
{
    if (!site)
        return;
    if (s->label_addr[label]) {
        backend_patch_label(site, s->label_addr[label]);
        return;
    }
    if (s->nb_relocs >= RA_MAX_RELOCS)
        ra_fail(s, -2);
    s->relocs[s->nb_relocs++] = (RAReloc){.site = site, .label = label};
}

/* After an op that does not fall through: the next op is reached only from
 * a label, where everything is in memory. */
static void ra_forget_all(RAState *s)
{
    for (RegSet m = s->occupied; m; m &= m - 1) {
        int r = __builtin_ctz(m);
        IRTemp t = s->reg_temp[r];
        IRTempInfo *ti = &s->ir->temps[t];
        if (ti->kind != IR_TEMP_GLOBAL) {
            ra_temp_dead(s, t); /* a TB temp is reloaded from its slot at the label */
        } else {
            ra_free_reg(s, r);
            ti->val_loc = IR_VAL_MEM;
            ti->mem_coherent = true;
        }
    }
    ra_globals_to_mem(s);
}

/* -- Labels that keep globals in registers -- */

static bool ra_label_keeps_regs(RAState *s, int label)
{
    return s->labels[label].nb_refs == 1 && !s->labels[label].backward;
}

/* Finds the labels with a single forward branch. */
static void ra_scan_labels(RAState *s)
{
    memset(s->labels, 0, sizeof(s->labels[0]) * s->ir->nb_labels);
    bool set[IR_MAX_LABELS];
    memset(set, 0, s->ir->nb_labels * sizeof(set[0]));
    for (uint32_t n = 0; n < s->ir->nb_ops; n++) {
        IROp *op = &s->ir->ops[n];
        int l = -1;
        if (op->opc == IR_OP_br)
            l = (int)ir_op_cargs(op)[0];
        else if (op->opc == IR_OP_brcond)
            l = (int)ir_op_cargs(op)[1];
        else if (op->opc == IR_OP_set_label)
            set[ir_op_cargs(op)[0]] = true;
        if (l < 0)
            continue;
        if (s->labels[l].nb_refs < 255)
            s->labels[l].nb_refs++;
        if (set[l])
            s->labels[l].backward = true;
    }
}

/* At the branch: remember which globals are in which registers (all synced). */
static void ra_label_record(RAState *s, int label)
{
    if (!ra_label_keeps_regs(s, label))
        return;
    RALabel *l = &s->labels[label];
    l->recorded = true;
    l->nb = 0;
    for (RegSet m = s->occupied; m; m &= m - 1) {
        int r = __builtin_ctz(m);
        IRTemp t = s->reg_temp[r];
        if (s->ir->temps[t].kind == IR_TEMP_GLOBAL) {
            l->glob[l->nb] = t;
            l->reg[l->nb++] = (int8_t)r;
        }
    }
}

/* Before set_label: make the state equal on every path into the label. */
static void ra_label_merge(RAState *s, int label)
{
    RALabel *l = &s->labels[label];
    if (!l->recorded) {
        ra_sync_block_end(s);
        ra_drop_all(s, NULL);
        return;
    }
    IRTemp keep[BE_NB_REGS];
    for (int r = 0; r < BE_NB_REGS; r++)
        keep[r] = IR_NO_TEMP;
    for (unsigned i = 0; i < l->nb; i++)
        keep[l->reg[i]] = l->glob[i];
    ra_sync_block_end(s);
    ra_drop_all(s, keep);
    for (unsigned i = 0; i < l->nb; i++) {
        IRTemp g = l->glob[i];
        IRTempInfo *gi = &s->ir->temps[g];
        int r = l->reg[i];
        if (gi->val_loc == IR_VAL_REG && gi->reg == r)
            continue;
        xr_assert(s->reg_temp[r] == IR_NO_TEMP && gi->val_loc == IR_VAL_MEM);
        if (!s->unreachable) /* the fall-through path loads what the branch path has */
            backend_emit_ld(&s->c, (IRType)gi->type, r, backend_env_reg, gi->mem_offset);
        s->reg_temp[r] = g;
        s->occupied |= REGSET(r);
        gi->reg = (int8_t)r;
        gi->val_loc = IR_VAL_REG;
        gi->mem_coherent = true;
    }
}

static void ra_op_brcond(RAState *s, IROp *op)
{
    IRTemp a = (IRTemp)op->args[0], b = (IRTemp)op->args[1];
    IRTempInfo *bi = &s->ir->temps[b];
    const uint64_t *ca = ir_op_cargs(op);
    int ra = ra_load(s, a, ra_type_regs(IR_I64));
    s->locked |= REGSET(ra);
    BackendArg barg = {0};
    if (bi->val_loc == IR_VAL_CONST && (bi->type == IR_I32 || bi->val == (int32_t)bi->val)) {
        barg.is_const = true;
        barg.val = bi->val;
    } else {
        barg.reg = (int8_t)ra_load(s, b, ra_type_regs(IR_I64));
    }
    s->locked = 0;
    for (unsigned i = 0; i < 2; i++)
        if (op->life & IR_LIFE_DEAD(i))
            ra_temp_dead(s, (IRTemp)op->args[i]);
    ra_sync_block_end(s);
    ra_label_record(s, (int)ca[1]);
    uint8_t *site = backend_emit_brcond(&s->c, (IRType)op->type, (IRCond)ca[0], ra, &barg);
    ra_add_reloc(s, site, (int)ca[1]);
    ra_drop_bb_temps(s);
}

static void ra_op_insn_start(RAState *s, IROp *op)
{
    CodegenResult *res = s->res;
    if (res->nb_insns >= CODEGEN_MAX_INSNS)
        ra_fail(s, -2);
    if (res->nb_insns)
        res->insn_end[res->nb_insns - 1] = (uint16_t)(s->c.p - s->c.start);
    const uint64_t *ca = ir_op_cargs(op);
    res->insn_data[res->nb_insns][0] = ca[0];
    res->insn_data[res->nb_insns][1] = ca[1];
    res->nb_insns++;
}

static void ra_op_control(RAState *s, IROp *op)
{
    const uint64_t *ca = ir_op_cargs(op);
    switch (op->opc) {
    case IR_OP_insn_start:
        ra_op_insn_start(s, op);
        break;
    case IR_OP_set_label:
        ra_label_merge(s, (int)ca[0]);
        s->label_addr[ca[0]] = s->c.p;
        s->unreachable = false;
        break;
    case IR_OP_br:
        ra_sync_block_end(s);
        ra_label_record(s, (int)ca[0]);
        ra_add_reloc(s, backend_emit_br(&s->c), (int)ca[0]);
        ra_forget_all(s);
        s->unreachable = true;
        break;
    case IR_OP_brcond:
        ra_op_brcond(s, op);
        break;
    case IR_OP_goto_tb: {
        unsigned n = (unsigned)ca[0] & 1;
        ra_sync_globals(s);
        s->res->jmp_insn_offset[n] = (uint16_t)backend_emit_goto_tb(&s->c);
        s->res->jmp_reset_offset[n] = (uint16_t)(s->c.p - s->c.start);
        break;
    }
    case IR_OP_exit_tb:
        ra_sync_globals(s);
        backend_emit_exit_tb(&s->c, (uintptr_t)ca[0]);
        ra_forget_all(s);
        s->unreachable = true;
        break;
    case IR_OP_goto_ptr: {
        int r = ra_load(s, (IRTemp)op->args[0], ra_type_regs(IR_I64));
        ra_sync_globals(s);
        backend_emit_goto_ptr(&s->c, r);
        ra_forget_all(s);
        s->unreachable = true;
        break;
    }
    case IR_OP_mb:
        backend_emit_mb(&s->c, (unsigned)ca[0]);
        break;
    default:
        xr_unreachable();
    }
}

/* -- Driver -- */

static void ra_init(RAState *s, IRContext *ir, uint8_t *buf, size_t size, CodegenResult *res)
{
    s->ir = ir;
    s->c = (CodeCursor){.start = buf, .p = buf, .end = buf + size};
    for (int r = 0; r < BE_NB_REGS; r++)
        s->reg_temp[r] = IR_NO_TEMP;
    s->occupied = 0;
    s->locked = 0;
    memset(s->glob_dirty, 0, sizeof(s->glob_dirty));
    memset(s->glob_const, 0, sizeof(s->glob_const));
    memset(s->slot_used, 0, sizeof(s->slot_used));
    /* only the labels this TB made: the tables are large, TBs mostly short */
    memset(s->label_addr, 0, ir->nb_labels * sizeof(s->label_addr[0]));
    s->nb_relocs = 0;
    s->unreachable = false;
    ra_scan_labels(s);
    backend_tb_start();
    s->res = res;
    s->op_reserve = BE_MAX_OP_BYTES + 16 * (ir->nb_globals + 2 * BE_NB_REGS) + 64;
    s->tb_temp_lo = s->tb_temp_end = 0;
    for (uint32_t t = 1; t < ir->nb_temps; t++) {
        IRTempInfo *ti = &ir->temps[t];
        ti->reg = -1;
        if (ti->kind == IR_TEMP_TB) {
            if (s->tb_temp_end == 0)
                s->tb_temp_lo = t;
            s->tb_temp_end = t + 1;
        }
        if (ti->kind == IR_TEMP_GLOBAL) {
            ti->val_loc = IR_VAL_MEM;
            ti->mem_coherent = true;
        } else if (ti->kind == IR_TEMP_CONST) {
            ti->val_loc = IR_VAL_CONST;
        } else {
            ti->val_loc = IR_VAL_DEAD;
            ti->mem_allocated = false;
            ti->mem_coherent = false;
        }
    }
    res->size = 0;
    res->nb_insns = 0; /* insn_end and insn_data are written up to nb_insns */
    res->jmp_insn_offset[0] = res->jmp_insn_offset[1] = 0xffff;
    res->jmp_reset_offset[0] = res->jmp_reset_offset[1] = 0xffff;
}

static void ra_walk(RAState *s)
{
    IRContext *ir = s->ir;
    for (uint32_t n = 0; n < ir->nb_ops; n++) {
        IROp *op = &ir->ops[n];
        ra_reserve(s, s->op_reserve);
        switch (op->opc) {
        case IR_OP_nop:
            break;
        case IR_OP_mov:
            ra_op_mov(s, op);
            break;
        case IR_OP_call:
            ra_op_call(s, op);
            break;
        default: {
            const BackendCons *k = backend_cons(op);
            if (k)
                ra_op_generic(s, op, k);
            else
                ra_op_control(s, op);
            break;
        }
        }
    }
    int rc = backend_tb_finish(&s->c);
    if (rc)
        ra_fail(s, rc);
    for (unsigned i = 0; i < s->nb_relocs; i++) {
        uint8_t *target = s->label_addr[s->relocs[i].label];
        if (!target)
            xr_fatal("codegen: branch to label %d, which is never set", s->relocs[i].label);
        backend_patch_label(s->relocs[i].site, target);
    }
}

static __thread RAState ra_state;

CodegenMemModel codegen_mem_model;

int codegen_tb(IRContext *ir, uint8_t *buf, size_t buf_size, CodegenResult *res)
{
    if (ir->overflow)
        return -2;
    opt_vec_expand(ir);
    if (ir->overflow)
        return -2;
    FILE *log = xrun_log_file ? xrun_log_file : stderr;
    if (codegen_log_mask & CODEGEN_LOG_OP) {
        fprintf(log, "OP:\n");
        ir_dump(ir, log);
    }
    opt_run(ir);
    ir_liveness(ir);
    if (codegen_log_mask & CODEGEN_LOG_OP_OPT) {
        fprintf(log, "OP after optimization and liveness:\n");
        ir_dump(ir, log);
    }
    RAState *s = &ra_state;
    ra_init(s, ir, buf, buf_size, res);
    int rc = setjmp(s->fail);
    if (rc)
        return rc;
    ra_walk(s);
    res->size = (uint32_t)(s->c.p - buf);
    if (res->size > 0xffff)
        return -2; /* insn_end and jump offsets are 16-bit */
    if (res->nb_insns)
        res->insn_end[res->nb_insns - 1] = (uint16_t)res->size;
    if (codegen_log_mask & CODEGEN_LOG_OUT_ASM) {
        fprintf(log, "OUT: [size=%u]\n", res->size);
        backend_disas(log, buf, res->size);
        fputc('\n', log);
    }
    return 0;
}
