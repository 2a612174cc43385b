/*
 * Linear register allocation, part 1: where each temp lives, and the
 * placement of ordinary ops according to the backend's constraints.
 *
 * Every temp has a location (IRTempInfo.val_loc): DEAD (no value), REG
 * (reg, mem_coherent says whether the memory copy is also current), MEM
 * (a global in env, or a spill slot in the stack frame) or CONST (a
 * constant temp, or a global assigned a constant that is stored as an
 * immediate only when memory must be current). Globals start in MEM and are
 * loaded the first time an op reads them; they stay in a register until a
 * label, a helper call or register pressure (see regalloc_ctl.c for the
 * labels that keep them).
 *
 * Placing "shl t3, r1, t2" on an x86_64 host without bmi2 (count in rcx or
 * an immediate, output not rcx) goes like this:
 *
 *     1. evict whatever sits in a fixed register the op needs (rcx), unless
 *        it is already the right input;
 *     2. load r1 from env into any free register, copy t2 into rcx;
 *     3. free the registers of inputs that die here (liveness bits);
 *     4. pick t3's register, preferring r1's if r1 died (no copy needed);
 *     5. emit "mov t3, r1; shl t3, cl" through the backend.
 *
 * When no register is free the allocator spills one: it writes the value
 * back (if the memory copy is stale) and forgets the register.
 */
#include <string.h>

#include "tcg/regalloc.h"
#include "xrun/util.h"

void ra_fail(RAState *s, int rc)
{
    longjmp(s->fail, rc);
}

/* -- Spill slots -- */

/* A scalar takes one 8-byte slot; a vector takes an aligned pair, so its
 * slot is 16-byte aligned (BE_FRAME_SPILL_OFF is, and so is the stack). */
static unsigned ra_slot_count(const IRTempInfo *ti)
{
    return ir_type_is_vec((IRType)ti->type) ? 2 : 1;
}

static void ra_slot_alloc(RAState *s, IRTempInfo *ti)
{
    if (ti->mem_allocated)
        return;
    _Static_assert(BE_FRAME_SPILL_OFF % 16 == 0, "vector spill slots are 16-byte aligned");
    unsigned n = ra_slot_count(ti);
    uint64_t bits = n == 2 ? 3 : 1;
    for (unsigned w = 0; w < XR_ARRAY_SIZE(s->slot_used); w++) {
        uint64_t used = s->slot_used[w];
        if (!~used)
            continue;
        for (unsigned b = n == 1 ? (unsigned)__builtin_ctzll(~used) : 0; b < 64; b += n) {
            if (used & (bits << b))
                continue;
            s->slot_used[w] |= bits << b;
            ti->mem_offset = BE_FRAME_SPILL_OFF + 8 * (int32_t)(w * 64 + b);
            ti->mem_allocated = true;
            return;
        }
    }
    ra_fail(s, -2); /* frame full: the TB is retranslated with fewer insns */
}

/* Only block temps give their slot back: a TB temp's slot is its home at
 * every label, so it must not move within the TB. */
static void ra_slot_free(RAState *s, IRTempInfo *ti)
{
    if (ti->kind != IR_TEMP_BB || !ti->mem_allocated)
        return;
    unsigned k = (unsigned)(ti->mem_offset - BE_FRAME_SPILL_OFF) / 8;
    uint64_t bits = ra_slot_count(ti) == 2 ? 3 : 1;
    s->slot_used[k / 64] &= ~(bits << (k % 64));
    ti->mem_allocated = false;
}

/* -- Temp and register state -- */

static bool ra_owned(const IRTempInfo *ti)
{
    return ti->kind != IR_TEMP_CONST && ti->kind != IR_TEMP_FIXED;
}

void ra_free_reg(RAState *s, int r)
{
    IRTemp t = s->reg_temp[r];
    if (t == IR_NO_TEMP)
        return;
    s->reg_temp[r] = IR_NO_TEMP;
    s->occupied &= ~REGSET(r);
    s->ir->temps[t].reg = -1;
}

/* The temp's value is no longer needed: release its register and slot. */
void ra_temp_dead(RAState *s, IRTemp t)
{
    IRTempInfo *ti = &s->ir->temps[t];
    if (!ra_owned(ti))
        return;
    if (ti->val_loc == IR_VAL_REG)
        ra_free_reg(s, ti->reg);
    if (ti->kind == IR_TEMP_GLOBAL) {
        ti->val_loc = IR_VAL_MEM; /* stale, but nothing reads it before a write */
        ti->mem_coherent = true;
    } else {
        ti->val_loc = IR_VAL_DEAD;
        ra_slot_free(s, ti);
    }
}

static int32_t ra_mem_base(RAState *s, const IRTempInfo *ti)
{
    return ti->kind == IR_TEMP_GLOBAL ? backend_env_reg : backend_sp_reg;
}

/* Writes a value back to its memory home if that copy is stale. A global
 * may also hold a known constant (val_loc CONST), stored as an immediate. */
void ra_sync(RAState *s, IRTemp t)
{
    IRTempInfo *ti = &s->ir->temps[t];
    if (ti->mem_coherent || !ra_owned(ti))
        return;
    if (ti->val_loc == IR_VAL_REG) {
        ra_slot_alloc(s, ti);
        backend_emit_st(&s->c, (IRType)ti->type, ti->reg, ra_mem_base(s, ti), ti->mem_offset);
        ti->mem_coherent = true;
    } else if (ti->val_loc == IR_VAL_CONST) {
        bool ok =
            backend_emit_sti(&s->c, (IRType)ti->type, ti->val, ra_mem_base(s, ti), ti->mem_offset);
        xr_assert(ok);
        (void)ok;
        ti->mem_coherent = true;
    }
}

/* Whether memory is current once a value has been loaded from where it is now. */
static bool ra_coherent_when_loaded(const IRTempInfo *ti)
{
    return ti->val_loc == IR_VAL_MEM || (ti->val_loc == IR_VAL_CONST && ti->mem_coherent);
}

/* Frees register r, keeping its value in memory. */
void ra_spill_reg(RAState *s, int r)
{
    IRTemp t = s->reg_temp[r];
    if (t == IR_NO_TEMP)
        return;
    IRTempInfo *ti = &s->ir->temps[t];
    ra_sync(s, t);
    ra_free_reg(s, r);
    ti->val_loc = IR_VAL_MEM;
}

/*
 * A register from allowed that is not locked: a free one in allocation
 * order, else a victim is spilled (one whose memory copy is current first,
 * as that costs no store).
 */
static int ra_alloc_reg(RAState *s, RegSet allowed, int prefer)
{
    RegSet cand = allowed & ~s->locked;
    if (prefer >= 0 && (cand & REGSET(prefer)) && s->reg_temp[prefer] == IR_NO_TEMP)
        return prefer;
    for (int i = 0; i < backend_nb_alloc; i++) {
        int r = backend_alloc_order[i];
        if ((cand & REGSET(r)) && s->reg_temp[r] == IR_NO_TEMP)
            return r;
    }
    int victim = -1;
    for (int i = backend_nb_alloc; i-- > 0;) {
        int r = backend_alloc_order[i];
        if (!(cand & REGSET(r)))
            continue;
        if (victim < 0 || s->ir->temps[s->reg_temp[r]].mem_coherent)
            victim = r;
    }
    if (victim < 0)
        xr_fatal("register allocator: no register satisfies a constraint");
    ra_spill_reg(s, victim);
    return victim;
}

/* Moves the temp in r to another register (or memory) so r becomes free. */
void ra_evict(RAState *s, int r, RegSet avoid)
{
    IRTemp t = s->reg_temp[r];
    if (t == IR_NO_TEMP)
        return;
    RegSet cand = ra_class_regs(r) & ~(s->locked | avoid | REGSET(r));
    for (int i = 0; i < backend_nb_alloc; i++) {
        int n = backend_alloc_order[i];
        if ((cand & REGSET(n)) && s->reg_temp[n] == IR_NO_TEMP) {
            IRTempInfo *ti = &s->ir->temps[t];
            backend_emit_mov(&s->c, (IRType)ti->type, n, r);
            s->reg_temp[r] = IR_NO_TEMP;
            s->reg_temp[n] = t;
            s->occupied = (s->occupied & ~REGSET(r)) | REGSET(n);
            ti->reg = (int8_t)n;
            return;
        }
    }
    ra_spill_reg(s, r);
}

/* Emits the load of t's value into register r (t's location is unchanged). */
void ra_copy_to(RAState *s, IRTemp t, int r)
{
    IRTempInfo *ti = &s->ir->temps[t];
    IRType ty = (IRType)ti->type;
    switch (ti->val_loc) {
    case IR_VAL_REG:
        backend_emit_mov(&s->c, ty, r, ti->reg);
        break;
    case IR_VAL_CONST:
        backend_emit_movi(&s->c, ty, r, ti->val);
        break;
    case IR_VAL_MEM:
        backend_emit_ld(&s->c, ty, r, ra_mem_base(s, ti), ti->mem_offset);
        break;
    default:
        break; /* read before any write: the value is undefined */
    }
}

/* Makes r the home of owned temp t, whose value was just copied there. */
static void ra_take(RAState *s, IRTemp t, int r, bool coherent)
{
    IRTempInfo *ti = &s->ir->temps[t];
    s->reg_temp[r] = t;
    s->occupied |= REGSET(r);
    ti->reg = (int8_t)r;
    ti->val_loc = IR_VAL_REG;
    ti->mem_coherent = coherent;
    if (!coherent && ti->kind == IR_TEMP_GLOBAL)
        ra_glob_mark(s->glob_dirty, t);
}

/*
 * Returns a register holding t's value, from allowed. An owned temp that
 * is not in a register is loaded and stays there; a constant (or a value in
 * a register outside allowed) is copied into a register nobody owns.
 */
int ra_load(RAState *s, IRTemp t, RegSet allowed)
{
    IRTempInfo *ti = &s->ir->temps[t];
    if (ti->val_loc == IR_VAL_REG && (allowed & REGSET(ti->reg)))
        return ti->reg;
    int r = ra_alloc_reg(s, allowed, -1);
    ra_copy_to(s, t, r);
    if (ra_owned(ti) && ti->val_loc != IR_VAL_REG)
        ra_take(s, t, r, ra_coherent_when_loaded(ti));
    return r;
}

/* -- Block boundaries -- */

void ra_sync_globals(RAState *s)
{
    for (unsigned w = 0; w < XR_ARRAY_SIZE(s->glob_dirty); w++) {
        uint64_t m = s->glob_dirty[w];
        while (m) {
            IRTemp t = (IRTemp)(w * 64 + (unsigned)__builtin_ctzll(m));
            m &= m - 1;
            ra_sync(s, t);
        }
        s->glob_dirty[w] = 0; /* ra_sync left every global coherent */
    }
}

/* For an op whose out-of-line path syncs globals (backend_defers_sync):
 * lists the stale ones in a->sync, where they are now, and stores at once
 * those beyond the list's room. They stay stale on the fast path. */
static void ra_collect_sync(RAState *s, BackendSync *sync, BackendArgs *a)
{
    a->sync = sync;
    a->nb_sync = 0;
    for (unsigned w = 0; w < XR_ARRAY_SIZE(s->glob_dirty); w++) {
        for (uint64_t m = s->glob_dirty[w]; m; m &= m - 1) {
            IRTemp t = (IRTemp)(w * 64 + (unsigned)__builtin_ctzll(m));
            IRTempInfo *ti = &s->ir->temps[t];
            if (ti->mem_coherent || !ra_owned(ti))
                continue;
            if (a->nb_sync == BE_MAX_SYNC || (ti->val_loc != IR_VAL_REG && ti->val_loc != IR_VAL_CONST)) {
                ra_sync(s, t);
                continue;
            }
            sync[a->nb_sync++] = (BackendSync){.reg = ti->val_loc == IR_VAL_REG ? ti->reg : -1,
                                               .type = ti->type, .off = ti->mem_offset, .val = ti->val};
        }
    }
}

/* Before a branch: globals and TB temps must be in memory at every label. */
void ra_sync_block_end(RAState *s)
{
    ra_sync_globals(s);
    for (RegSet m = s->occupied; m; m &= m - 1) {
        IRTemp t = s->reg_temp[__builtin_ctz(m)];
        if (s->ir->temps[t].kind != IR_TEMP_BB)
            ra_sync(s, t);
    }
}

/* BB temps die at the end of their block. */
void ra_drop_bb_temps(RAState *s)
{
    for (RegSet m = s->occupied; m; m &= m - 1) {
        IRTemp t = s->reg_temp[__builtin_ctz(m)];
        if (s->ir->temps[t].kind == IR_TEMP_BB)
            ra_temp_dead(s, t);
    }
}

/* At a label: nothing is known to be in a register any more (except the
 * temps keep[r] names in register r, when keep is given), and every TB temp
 * lives in its slot (a back edge may bring a value not written yet in the
 * linear order). */
void ra_drop_all(RAState *s, const IRTemp *keep)
{
    ra_drop_bb_temps(s);
    for (IRTemp t = s->tb_temp_lo; t < s->tb_temp_end; t++) {
        IRTempInfo *ti = &s->ir->temps[t];
        if (ti->kind == IR_TEMP_TB && ti->val_loc == IR_VAL_DEAD) {
            ra_slot_alloc(s, ti);
            ti->val_loc = IR_VAL_MEM;
            ti->mem_coherent = true;
        }
    }
    for (RegSet m = s->occupied; m; m &= m - 1) {
        int r = __builtin_ctz(m);
        IRTemp t = s->reg_temp[r];
        if (keep && keep[r] == t)
            continue;
        xr_assert(s->ir->temps[t].mem_coherent);
        ra_free_reg(s, r);
        s->ir->temps[t].val_loc = IR_VAL_MEM;
    }
    ra_globals_to_mem(s);
}

/* Globals known as constants are in memory (after a sync) from now on. */
void ra_globals_to_mem(RAState *s)
{
    for (unsigned w = 0; w < XR_ARRAY_SIZE(s->glob_const); w++) {
        uint64_t m = s->glob_const[w];
        while (m) {
            IRTempInfo *ti = &s->ir->temps[w * 64 + (unsigned)__builtin_ctzll(m)];
            m &= m - 1;
            if (ti->val_loc == IR_VAL_CONST) {
                xr_assert(ti->mem_coherent);
                ti->val_loc = IR_VAL_MEM;
            }
        }
        s->glob_const[w] = 0;
    }
}

/* t, output i of an op with liveness bits life, was just written into
 * register r. A global that must reach memory before it is used again is
 * stored at once, which frees its register. */
void ra_set_output(RAState *s, IRTemp t, int r, uint32_t life, unsigned i)
{
    IRTempInfo *ti = &s->ir->temps[t];
    if (ti->val_loc == IR_VAL_REG && ti->reg != r)
        ra_free_reg(s, ti->reg);
    ra_take(s, t, r, false);
    if ((life & IR_LIFE_DEAD_OUT(i)) && ti->kind != IR_TEMP_GLOBAL) {
        ra_temp_dead(s, t);
    } else if ((life & IR_LIFE_SYNC_OUT(i)) && ti->kind == IR_TEMP_GLOBAL) {
        ra_sync(s, t);
        ra_free_reg(s, r);
        ti->val_loc = IR_VAL_MEM;
    }
}

/* -- mov -- */

/* mov d, s: renames a dying source's register instead of copying. */
void ra_op_mov(RAState *s, IROp *op)
{
    IRTemp d = (IRTemp)op->args[0], src = (IRTemp)op->args[1];
    IRTempInfo *di = &s->ir->temps[d], *si = &s->ir->temps[src];
    bool src_dies = op->life & IR_LIFE_DEAD(0);
    if (d == src)
        return;
    if (si->val_loc == IR_VAL_CONST && di->kind == IR_TEMP_GLOBAL &&
        (di->type == IR_I32 || si->val == (int32_t)si->val)) {
        /* Remember the constant; it is stored (as an immediate) only when
         * memory must be current, and later ops may use it as an operand. */
        if (di->val_loc == IR_VAL_REG)
            ra_free_reg(s, di->reg);
        di->val_loc = IR_VAL_CONST;
        di->val = si->val;
        di->mem_coherent = false;
        ra_glob_mark(s->glob_dirty, d);
        ra_glob_mark(s->glob_const, d);
        if (src_dies)
            ra_temp_dead(s, src);
        return;
    }
    if (di->kind == IR_TEMP_GLOBAL && (op->life & IR_LIFE_SYNC_OUT(0)) &&
        si->val_loc == IR_VAL_REG) {
        /* d is next needed in memory: store it from the source's register
         * now instead of copying it to a register of its own. */
        if (di->val_loc == IR_VAL_REG)
            ra_free_reg(s, di->reg);
        backend_emit_st(&s->c, (IRType)op->type, si->reg, backend_env_reg, di->mem_offset);
        di->val_loc = IR_VAL_MEM;
        di->mem_coherent = true;
        if (src_dies)
            ra_temp_dead(s, src);
        return;
    }
    if (si->val_loc == IR_VAL_REG && src_dies && ra_owned(si)) {
        int r = si->reg;
        ra_free_reg(s, r);
        si->val_loc = si->kind == IR_TEMP_GLOBAL ? IR_VAL_MEM : IR_VAL_DEAD;
        ra_slot_free(s, si);
        ra_set_output(s, d, r, op->life, 0);
        return;
    }
    int dr;
    if (di->val_loc == IR_VAL_REG && !(si->val_loc == IR_VAL_REG && si->reg == di->reg)) {
        dr = di->reg;
    } else {
        if (si->val_loc == IR_VAL_REG)
            s->locked |= REGSET(si->reg);
        dr = ra_alloc_reg(s, ra_type_regs((IRType)op->type), -1);
    }
    if (si->val_loc == IR_VAL_CONST)
        backend_emit_movi(&s->c, (IRType)op->type, dr, si->val);
    else if (si->val_loc == IR_VAL_REG)
        backend_emit_mov(&s->c, (IRType)op->type, dr, si->reg);
    else
        ra_copy_to(s, src, dr);
    s->locked = 0;
    ra_set_output(s, d, dr, op->life, 0);
    if (src_dies)
        ra_temp_dead(s, src);
}

/* -- Ordinary ops -- */

static bool ra_const_fits(const IRTempInfo *ti, unsigned imm)
{
    if (imm == BE_IMM_ANY)
        return true;
    if (imm == BE_IMM_S32)
        return ti->type == IR_I32 || ti->val == (int32_t)ti->val;
    return false;
}

static bool ra_single(RegSet r)
{
    return r && !(r & (r - 1));
}

/* Step 1: free the fixed registers the op needs, except for a dying input already there. */
static void ra_clear_fixed(RAState *s, IROp *op, const BackendCons *k, RegSet clob, RegSet fixed)
{
    /* Most ops need no fixed register: visit only those named, in order. */
    for (RegSet m = clob | fixed; m; m &= m - 1) {
        int r = __builtin_ctz(m);
        if (r >= BE_NB_REGS)
            break;
        if (s->reg_temp[r] == IR_NO_TEMP)
            continue;
        IRTemp t = s->reg_temp[r];
        bool keep = false;
        for (unsigned i = 0; i < op->nb_iargs && i < 4; i++) {
            if (op->args[op->nb_oargs + i] == t && k->in_regs[i] == REGSET(r) &&
                (!(clob & REGSET(r)) || (op->life & IR_LIFE_DEAD(i))))
                keep = true;
        }
        if (!keep)
            ra_evict(s, r, clob | fixed);
    }
}

/* Step 2: places input i; returns the register it reads from (or -1 for a constant). */
static int ra_place_input(RAState *s, IROp *op, const BackendCons *k, unsigned i, RegSet clob,
                          BackendArg *arg)
{
    IRTemp t = (IRTemp)op->args[op->nb_oargs + i];
    IRTempInfo *ti = &s->ir->temps[t];
    RegSet allowed = k->in_regs[i];
    if (ti->val_loc == IR_VAL_CONST && ra_const_fits(ti, k->in_imm[i])) {
        arg->is_const = true;
        arg->val = ti->val;
        return -1;
    }
    int r;
    if (ra_single(allowed)) {
        r = __builtin_ctz(allowed);
        if (!(ti->val_loc == IR_VAL_REG && ti->reg == r)) {
            ra_copy_to(s, t, r);
            if (ra_owned(ti) && ti->val_loc != IR_VAL_REG && !(clob & allowed))
                ra_take(s, t, r, ra_coherent_when_loaded(ti));
        }
    } else {
        r = ra_load(s, t, allowed);
    }
    arg->reg = (int8_t)r;
    s->locked |= REGSET(r);
    return r;
}

void ra_op_generic(RAState *s, IROp *op, const BackendCons *k)
{
    BackendArgs a;
    memset(&a, 0, sizeof(a));
    unsigned nin = op->nb_iargs, nout = op->nb_oargs;
    RegSet fixed = 0, clob = k->clobber;
    for (unsigned i = 0; i < nin; i++)
        if (ra_single(k->in_regs[i]))
            fixed |= k->in_regs[i];
    for (unsigned i = 0; i < nout; i++)
        if (ra_single(k->out_regs[i]))
            clob |= k->out_regs[i];

    bool raises = ir_op_defs[op->opc].flags & IR_F_RAISE;
    bool defer = raises && backend_defers_sync(op);
    if (raises && !defer)
        ra_sync_globals(s); /* a fault needs only the guest pc restored */
    if (defer)
        for (unsigned i = 0; i < nout; i++)
            if (s->ir->temps[op->args[i]].kind == IR_TEMP_GLOBAL)
                ra_sync(s, (IRTemp)op->args[i]); /* its old value is what a fault sees */
    ra_clear_fixed(s, op, k, clob, fixed);
    s->locked = clob | fixed;

    int in_reg[4];
    for (unsigned i = 0; i < nin; i++)
        in_reg[i] = ra_place_input(s, op, k, i, clob, &a.i[i]);
    for (unsigned i = 0; i < k->nb_scratch; i++) {
        a.scratch[i] = (int8_t)ra_alloc_reg(s, ra_type_regs(IR_I64), -1);
        s->locked |= REGSET(a.scratch[i]);
    }

    /* Registers outputs may reuse: those of inputs that die here (or were
     * only copies), except excluded inputs and fixed/clobbered ones. */
    RegSet reuse = 0, excl = clob;
    for (unsigned i = 0; i < nin; i++) {
        if (in_reg[i] < 0)
            continue;
        IRTemp t = (IRTemp)op->args[nout + i];
        IRTempInfo *ti = &s->ir->temps[t];
        bool owned_here = ti->val_loc == IR_VAL_REG && ti->reg == in_reg[i];
        if ((k->out_excl >> i) & 1)
            excl |= REGSET(in_reg[i]);
        else if (!owned_here || ((op->life & IR_LIFE_DEAD(i)) && ra_owned(ti)))
            reuse |= REGSET(in_reg[i]);
    }
    for (unsigned i = 0; i < nin; i++) {
        IRTemp t = (IRTemp)op->args[nout + i];
        if (op->life & IR_LIFE_DEAD(i))
            ra_temp_dead(s, t);
    }
    for (unsigned i = 0; i < nin; i++)
        if (in_reg[i] >= 0 && s->reg_temp[in_reg[i]] != IR_NO_TEMP)
            reuse &= ~REGSET(in_reg[i]); /* still owned by a live input */
    reuse &= ~excl;

    for (unsigned i = 0; i < nout; i++) {
        IRTemp t = (IRTemp)op->args[i];
        IRTempInfo *ti = &s->ir->temps[t];
        RegSet allowed = k->out_regs[i];
        int r;
        if (ra_single(allowed)) {
            r = __builtin_ctz(allowed);
        } else {
            if (ti->val_loc == IR_VAL_REG && !(s->locked & REGSET(ti->reg))) {
                ra_free_reg(s, ti->reg); /* old value is overwritten anyway */
                ti->val_loc = IR_VAL_DEAD;
            }
            int prefer = nin && in_reg[0] >= 0 && (reuse & REGSET(in_reg[0])) ? in_reg[0] : -1;
            s->locked &= ~reuse;
            s->locked |= excl;
            r = ra_alloc_reg(s, allowed, prefer);
        }
        a.o[i].reg = (int8_t)r;
        s->locked |= REGSET(r);
        reuse &= ~REGSET(r);
    }
    a.live = s->occupied;
    for (unsigned i = 0; i < nout; i++)
        a.live &= ~REGSET(a.o[i].reg);
    BackendSync sync[BE_MAX_SYNC];
    if (defer)
        ra_collect_sync(s, sync, &a);
    backend_emit_op(&s->c, op, &a);
    s->locked = 0;
    for (unsigned i = 0; i < nout; i++)
        ra_set_output(s, (IRTemp)op->args[i], a.o[i].reg, op->life, i);
}
