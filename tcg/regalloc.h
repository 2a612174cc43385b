/*
 * Private state of the register allocator, shared by tcg/regalloc.c (the
 * per-temp and per-register bookkeeping and the ordinary ops) and
 * tcg/regalloc_ctl.c (labels, branches, TB exits, codegen_tb) and
 * tcg/regalloc_call.c (helper calls).
 */
#ifndef XRUN_TCG_REGALLOC_H
#define XRUN_TCG_REGALLOC_H

#include <setjmp.h>

#include "xrun/backend.h"
#include "xrun/codegen.h"

#define RA_MAX_RELOCS 1024

typedef struct RAReloc {
    uint8_t *site;
    int label;
} RAReloc;

/* Register state at the one branch to a label that is only reached from
 * that branch and by falling through: the fall-through path is made to
 * match it, so the globals stay in registers across the label. */
typedef struct RALabel {
    uint8_t nb_refs; /* branches to the label, saturating */
    bool backward;   /* some branch follows the label's set_label */
    bool recorded;
    uint8_t nb;
    IRTemp glob[BE_NB_REGS];
    int8_t reg[BE_NB_REGS];
} RALabel;

typedef struct RAState {
    IRContext *ir;
    CodeCursor c;
    IRTemp reg_temp[BE_NB_REGS]; /* temp owning each host register, or IR_NO_TEMP */
    RegSet occupied;             /* the registers whose reg_temp is a temp */
    RegSet locked;               /* registers in use by the op being placed */
    /* Globals whose memory copy may be stale (a superset: a bit may stay set
     * after the global became coherent), and globals that may hold a
     * constant (val_loc CONST): syncs at every op that may raise then visit
     * the few globals written since the last one, not all of them. */
    uint64_t glob_dirty[IR_MAX_GLOBALS / 64];
    uint64_t glob_const[IR_MAX_GLOBALS / 64];
    uint64_t slot_used[BE_FRAME_SPILL_SLOTS / 64];
    IRTemp tb_temp_lo, tb_temp_end; /* the TB temps lie in [lo, end), if any */
    uint8_t *label_addr[IR_MAX_LABELS];
    RALabel labels[IR_MAX_LABELS];
    bool unreachable; /* after br/exit_tb/goto_ptr, until the next label */
    RAReloc relocs[RA_MAX_RELOCS];
    unsigned nb_relocs;
    CodegenResult *res;
    size_t op_reserve; /* bytes every op may need, checked before it */
    jmp_buf fail;      /* longjmp(fail, -1 or -2) abandons the TB */
} RAState;

/* The registers that may hold a value of type t. */
static inline RegSet ra_type_regs(IRType t)
{
    RegSet all = (RegSet)((1ull << BE_NB_REGS) - 1);
    return ir_type_is_vec(t) ? backend_vec_regs : all & ~backend_vec_regs;
}

/* The registers of r's class. */
static inline RegSet ra_class_regs(int r)
{
    return ra_type_regs((backend_vec_regs & REGSET(r)) ? IR_V128 : IR_I64);
}

static inline void ra_glob_mark(uint64_t *set, IRTemp t)
{
    set[t / 64] |= 1ull << (t % 64);
}

/* -- regalloc.c -- */
void ra_fail(RAState *s, int rc);

/* Abandons the TB (code buffer full) unless n more bytes fit; checked
 * before every op, so it is inline. */
static inline void ra_reserve(RAState *s, size_t n)
{
    if ((size_t)(s->c.end - s->c.p) < n)
        ra_fail(s, -1);
}
void ra_free_reg(RAState *s, int r);
void ra_temp_dead(RAState *s, IRTemp t);
void ra_sync(RAState *s, IRTemp t);
void ra_spill_reg(RAState *s, int r);
void ra_evict(RAState *s, int r, RegSet avoid);
void ra_copy_to(RAState *s, IRTemp t, int r);
int ra_load(RAState *s, IRTemp t, RegSet allowed);
void ra_sync_globals(RAState *s);
void ra_sync_block_end(RAState *s);
void ra_drop_all(RAState *s, const IRTemp *keep);
void ra_globals_to_mem(RAState *s);
void ra_drop_bb_temps(RAState *s);
void ra_set_output(RAState *s, IRTemp t, int r, uint32_t life, unsigned i);
void ra_op_mov(RAState *s, IROp *op);
void ra_op_generic(RAState *s, IROp *op, const BackendCons *k);

/* -- regalloc_call.c -- */
void ra_op_call(RAState *s, IROp *op);

#endif
