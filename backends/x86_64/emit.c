/*
 * x86_64 instruction encoders, one small function per encoding format.
 * Each function says in a comment which bytes it writes; the golden-byte
 * tests in tests/unit/x64_emit_test.c check them against GNU as.
 *
 * Layout of an instruction as emitted here:
 *
 *   [66] [f0] [f3] [REX 0100WRXB] [0f [38]] opcode [ModRM] [SIB] [disp] [imm]
 *
 *   ModRM = mod(2) reg(3) rm(3); SIB = scale(2) index(3) base(3).
 *   REX.R/X/B extend reg/index/base to r8..r15; REX.W selects 64-bit.
 */
#include <string.h>

#include "backends/x86_64/emit.h"
#include "xrun/util.h"

/* -- Raw bytes -- */

void x64_imm16(CodeCursor *c, uint16_t v)
{
    memcpy(c->p, &v, 2);
    c->p += 2;
}

void x64_imm32(CodeCursor *c, uint32_t v)
{
    memcpy(c->p, &v, 4);
    c->p += 4;
}

void x64_imm64(CodeCursor *c, uint64_t v)
{
    memcpy(c->p, &v, 8);
    c->p += 8;
}

/* -- Core formats -- */

static bool x64_is_byte_reg_needing_rex(int r)
{
    return r >= 4 && r <= 7;
}

/* [66] [f0] [f3|f2] [REX] [0f [38|3a]] opcode (prefix order as GNU as writes it) */
void x64_opc(CodeCursor *c, int opc, int r, int x, int b)
{
    if (opc & X64_P_66)
        x64_byte(c, 0x66);
    if (opc & X64_P_LOCK)
        x64_byte(c, 0xf0);
    if (opc & X64_P_F3)
        x64_byte(c, 0xf3);
    if (opc & X64_P_F2)
        x64_byte(c, 0xf2);
    int rex = 0;
    if (opc & X64_P_W)
        rex |= 8;
    rex |= (r & 8) >> 1; /* R */
    rex |= (x & 8) >> 2; /* X */
    rex |= (b & 8) >> 3; /* B */
    bool force = ((opc & X64_P_BYTE_R) && x64_is_byte_reg_needing_rex(r)) ||
                 ((opc & X64_P_BYTE_RM) && x64_is_byte_reg_needing_rex(b));
    if (rex || force)
        x64_byte(c, (uint8_t)(0x40 | rex));
    if (opc & (X64_P_0F | X64_P_0F38 | X64_P_0F3A))
        x64_byte(c, 0x0f);
    if (opc & X64_P_0F38)
        x64_byte(c, 0x38);
    if (opc & X64_P_0F3A)
        x64_byte(c, 0x3a);
    x64_byte(c, (uint8_t)opc);
}

/* opcode  ModRM(11 reg rm) */
void x64_op_rr(CodeCursor *c, int opc, int reg, int rm)
{
    x64_opc(c, opc, reg, 0, rm);
    x64_byte(c, (uint8_t)(0xc0 | (reg & 7) << 3 | (rm & 7)));
}

/*
 * opcode  ModRM(mod reg rm)  [SIB]  [disp8|disp32]
 * rm = 100 selects a SIB byte (needed for an index, and for base rsp/r12);
 * mod = 00 with base 101 means rip/disp32, so rbp/r13 always take a disp8.
 */
void x64_op_mem(CodeCursor *c, int opc, int reg, int base, int index, int scale, int32_t disp)
{
    xr_assert(index != X64_RSP && scale >= 0 && scale <= 3);
    x64_opc(c, opc, reg, index < 0 ? 0 : index, base);
    int mod;
    if (disp == 0 && (base & 7) != X64_RBP)
        mod = 0;
    else if (disp == (int8_t)disp)
        mod = 1;
    else
        mod = 2;
    if (index < 0 && (base & 7) != X64_RSP) {
        x64_byte(c, (uint8_t)(mod << 6 | (reg & 7) << 3 | (base & 7)));
    } else {
        x64_byte(c, (uint8_t)(mod << 6 | (reg & 7) << 3 | 4));
        x64_byte(c, (uint8_t)(scale << 6 | (index < 0 ? 4 : (index & 7)) << 3 | (base & 7)));
    }
    if (mod == 1)
        x64_byte(c, (uint8_t)disp);
    else if (mod == 2)
        x64_imm32(c, (uint32_t)disp);
}

/* [REX.B] opcode+r */
void x64_op_r_in_opc(CodeCursor *c, int opc, int reg)
{
    x64_opc(c, opc + (reg & 7), 0, 0, reg);
}

/* -- Moves -- */

/* mov dst, src: [REX] 89 /r (src in reg, dst in rm) */
void x64_mov_rr(CodeCursor *c, bool w, int dst, int src)
{
    x64_op_rr(c, X64_OPC_MOVL_EvGv | (w ? X64_P_W : 0), src, dst);
}

/* mov r32, imm32: [REX.B] b8+r id (zero-extends to 64 bits) */
void x64_movi32(CodeCursor *c, int dst, uint32_t v)
{
    x64_op_r_in_opc(c, 0xb8, dst);
    x64_imm32(c, v);
}

/* movabs r64, imm64: REX.W b8+r io */
void x64_movabs(CodeCursor *c, int dst, uint64_t v)
{
    x64_op_r_in_opc(c, 0xb8 | X64_P_W, dst);
    x64_imm64(c, v);
}

/*
 * Shortest constant load:
 *   0            xor r32, r32           (31 /r; clobbers flags)
 *   < 2^32       mov r32, imm32         (b8+r id)
 *   simm32       mov r64, simm32        (REX.W c7 /0 id)
 *   other        movabs r64, imm64
 */
void x64_movi(CodeCursor *c, int dst, uint64_t v)
{
    if (v == 0) {
        x64_arith_rr(c, X64_ARITH_XOR, false, dst, dst);
    } else if (v <= 0xffffffffull) {
        x64_movi32(c, dst, (uint32_t)v);
    } else if (x64_fits_s32((int64_t)v)) {
        x64_op_rr(c, X64_OPC_MOVL_EvIz | X64_P_W, 0, dst);
        x64_imm32(c, (uint32_t)v);
    } else {
        x64_movabs(c, dst, v);
    }
}

/* -- ALU -- */

/* op dst, src: [REX] 01+8a /r */
void x64_arith_rr(CodeCursor *c, X64Arith a, bool w, int dst, int src)
{
    x64_op_rr(c, X64_OPC_ARITH_EvGv(a) | (w ? X64_P_W : 0), src, dst);
}

/* op dst, imm: [REX] 83 /a ib  or  [REX] 81 /a id */
void x64_arith_ri(CodeCursor *c, X64Arith a, bool w, int dst, int32_t imm)
{
    int wf = w ? X64_P_W : 0;
    if (imm == (int8_t)imm) {
        x64_op_rr(c, X64_OPC_ARITH_EvIb | wf, a, dst);
        x64_byte(c, (uint8_t)imm);
    } else {
        x64_op_rr(c, X64_OPC_ARITH_EvIz | wf, a, dst);
        x64_imm32(c, (uint32_t)imm);
    }
}

/* shift dst, 1: d1 /s;  shift dst, imm8: c1 /s ib */
void x64_shift_ri(CodeCursor *c, X64Shift s, bool w, int dst, uint8_t imm)
{
    int wf = w ? X64_P_W : 0;
    if (imm == 1) {
        x64_op_rr(c, X64_OPC_SHIFT_Ev1 | wf, s, dst);
    } else {
        x64_op_rr(c, X64_OPC_SHIFT_EvIb | wf, s, dst);
        x64_byte(c, imm);
    }
}

/* shift dst, cl: d3 /s */
void x64_shift_cl(CodeCursor *c, X64Shift s, bool w, int dst)
{
    x64_op_rr(c, X64_OPC_SHIFT_EvCL | (w ? X64_P_W : 0), s, dst);
}

/* not/neg/mul/imul/div/idiv rm: f7 /g */
void x64_grp3(CodeCursor *c, X64Grp3 g, bool w, int rm)
{
    x64_op_rr(c, X64_OPC_GRP3_Ev | (w ? X64_P_W : 0), g, rm);
}

/* lea dst, [base + index*2^scale + disp]: [REX] 8d /r */
void x64_lea(CodeCursor *c, bool w, int dst, int base, int index, int scale, int32_t disp)
{
    x64_op_mem(c, X64_OPC_LEA | (w ? X64_P_W : 0), dst, base, index, scale, disp);
}

/* setcc r8: [REX] 0f 90+cc /0 */
void x64_setcc(CodeCursor *c, X64Cond cc, int dst)
{
    x64_op_rr(c, (X64_OPC_SETCC + cc) | X64_P_BYTE_RM, 0, dst);
}

/* cmovcc dst, src: [REX] 0f 40+cc /r */
void x64_cmov(CodeCursor *c, X64Cond cc, bool w, int dst, int src)
{
    x64_op_rr(c, (X64_OPC_CMOVCC + cc) | (w ? X64_P_W : 0), dst, src);
}

/*
 * Three-byte VEX: C4, then ~R ~X ~B and the map (00010 = 0f 38), then
 * W, the inverted extra source register vvvv, L = 0 and pp (the implied
 * 66/F3/F2 prefix), then the opcode and a register-direct ModRM.
 */
void x64_vex_rrr(CodeCursor *c, X64Bmi op, bool w, int reg, int vvvv, int rm)
{
    x64_byte(c, 0xc4);
    x64_byte(c, (uint8_t)((~reg & 8) << 4 | 0x40 | (~rm & 8) << 2 | 0x02));
    x64_byte(c, (uint8_t)((w ? 0x80 : 0) | (~vvvv & 15) << 3 | (op >> 8)));
    x64_byte(c, (uint8_t)op);
    x64_byte(c, (uint8_t)(0xc0 | (reg & 7) << 3 | (rm & 7)));
}

/* xchg a, b: REX.W 87 /r */
void x64_xchg(CodeCursor *c, int a, int b)
{
    x64_op_rr(c, 0x87 | X64_P_W, b, a);
}

/* bswap r: [REX] 0f c8+r */
void x64_bswap(CodeCursor *c, bool w, int reg)
{
    x64_op_r_in_opc(c, 0xc8 | X64_P_0F | (w ? X64_P_W : 0), reg);
}

/* -- Branches -- */

void x64_set_rel32(uint8_t *disp, const void *target)
{
    int64_t rel = (intptr_t)target - (intptr_t)(disp + 4);
    xr_assert(rel == (int32_t)rel);
    int32_t r32 = (int32_t)rel;
    memcpy(disp, &r32, 4);
}

/* jmp rel32: e9 cd */
uint8_t *x64_jmp_rel32(CodeCursor *c, const void *target)
{
    x64_byte(c, 0xe9);
    uint8_t *disp = c->p;
    c->p += 4;
    x64_set_rel32(disp, target ? target : c->p);
    return disp;
}

/* jcc rel32: 0f 80+cc cd */
uint8_t *x64_jcc_rel32(CodeCursor *c, X64Cond cc, const void *target)
{
    x64_byte(c, 0x0f);
    x64_byte(c, (uint8_t)(0x80 + cc));
    uint8_t *disp = c->p;
    c->p += 4;
    x64_set_rel32(disp, target ? target : c->p);
    return disp;
}

/* jcc rel8: 70+cc cb (displacement filled by x64_bind_rel8) */
uint8_t *x64_jcc_rel8(CodeCursor *c, X64Cond cc)
{
    x64_byte(c, (uint8_t)(0x70 + cc));
    x64_byte(c, 0);
    return c->p - 1;
}

/* jmp rel8: eb cb */
uint8_t *x64_jmp_rel8(CodeCursor *c)
{
    x64_byte(c, 0xeb);
    x64_byte(c, 0);
    return c->p - 1;
}

void x64_bind_rel8(CodeCursor *c, uint8_t *disp)
{
    ptrdiff_t rel = c->p - (disp + 1);
    xr_assert(rel >= 0 && rel <= 127);
    *disp = (uint8_t)rel;
}

/* call rel32: e8 cd */
void x64_call_rel32(CodeCursor *c, const void *target)
{
    x64_byte(c, 0xe8);
    uint8_t *disp = c->p;
    c->p += 4;
    x64_set_rel32(disp, target);
}

/* call r64: [REX.B] ff /2 */
void x64_call_r(CodeCursor *c, int reg)
{
    x64_op_rr(c, X64_OPC_GRP5, 2, reg);
}

/* jmp r64: [REX.B] ff /4 */
void x64_jmp_r(CodeCursor *c, int reg)
{
    x64_op_rr(c, X64_OPC_GRP5, 4, reg);
}

/* push r64: [REX.B] 50+r */
void x64_push(CodeCursor *c, int reg)
{
    x64_op_r_in_opc(c, 0x50, reg);
}

/* pop r64: [REX.B] 58+r */
void x64_pop(CodeCursor *c, int reg)
{
    x64_op_r_in_opc(c, 0x58, reg);
}

/* ret: c3 */
void x64_ret(CodeCursor *c)
{
    x64_byte(c, 0xc3);
}

/* The multi-byte nops the Intel SDM recommends (Vol. 2B, NOP). */
void x64_nops(CodeCursor *c, int n)
{
    static const uint8_t nops[9][8] = {
        {0},
        {0x90},
        {0x66, 0x90},
        {0x0f, 0x1f, 0x00},
        {0x0f, 0x1f, 0x40, 0x00},
        {0x0f, 0x1f, 0x44, 0x00, 0x00},
        {0x66, 0x0f, 0x1f, 0x44, 0x00, 0x00},
        {0x0f, 0x1f, 0x80, 0x00, 0x00, 0x00, 0x00},
        {0x0f, 0x1f, 0x84, 0x00, 0x00, 0x00, 0x00, 0x00},
    };
    xr_assert(n >= 0 && n <= 8);
    memcpy(c->p, nops[n], (size_t)n);
    c->p += n;
}

/* lock or dword [rsp], 0: f0 83 0c 24 00 */
void x64_lock_or_rsp(CodeCursor *c)
{
    x64_op_mem(c, X64_OPC_ARITH_EvIb | X64_P_LOCK, X64_ARITH_OR, X64_RSP, -1, 0, 0);
    x64_byte(c, 0);
}
