/*
 * AArch32 branches: B, BL, BLX (immediate and register), BX and BXJ.
 *
 * Direct branches end the TB through goto_tb slot 0, so the exec loop can
 * chain them; a conditional one gets its not-taken exit through slot 1
 * from arm_tb_stop.  Register branches store pc and the Thumb bit, then
 * leave through the TB lookup (goto_ptr).
 *
 *     bl  func      lr = insn + 4 (ARM) or next | 1 (Thumb); goto_tb 0 -> func
 *     bx  lr        thumb = lr & 1; pc = lr & ~1; goto_ptr lookup
 */
#include <stddef.h>

#include "frontends/arm/translate.h"
#include "decode-a32.h"
#include "decode-a32-uncond.h"

/* The return address of a BL/BLX: next insn, with bit 0 set in Thumb. */
static void gen_link(DisasContext *s)
{
    ir_movi(s->ir, IR_I32, cpu_R[14], (int32_t)((uint32_t)s->base.pc_next | (s->thumb ? 1u : 0u)));
}

bool trans_B(DisasContext *s, arg_i *a)
{
    gen_jmp(s, read_pc(s) + (uint32_t)a->imm);
    return true;
}

bool trans_BL(DisasContext *s, arg_i *a)
{
    gen_link(s);
    gen_jmp(s, read_pc(s) + (uint32_t)a->imm);
    return true;
}

/* BLX immediate switches instruction set: ARM -> Thumb or Thumb -> ARM. */
bool trans_BLX_i(DisasContext *s, arg_i *a)
{
    uint32_t dest;
    gen_link(s);
    if (s->thumb) {
        dest = (read_pc(s) & ~3u) + (uint32_t)a->imm;
    } else {
        dest = read_pc(s) + (uint32_t)a->imm;
    }
    gen_movi_env_i32(s, (int)offsetof(CPUARMState, thumb), !s->thumb);
    gen_jmp(s, dest);
    return true;
}

bool trans_BX(DisasContext *s, arg_r *a)
{
    gen_bx(s, load_reg(s, a->rm));
    return true;
}

/* No Jazelle: BXJ behaves as BX. */
bool trans_BXJ(DisasContext *s, arg_r *a)
{
    return trans_BX(s, a);
}

bool trans_BLX_r(DisasContext *s, arg_r *a)
{
    IRTemp t = load_reg(s, a->rm);  /* read before lr changes: blx lr */
    gen_link(s);
    gen_bx(s, t);
    return true;
}
