/*
 * x86_64 instruction encoders: pure functions that append the bytes of one
 * encoding format at a code cursor. They know nothing about IR or register
 * allocation; target.c composes them into op emitters.
 *
 * An opcode is an int: the low byte is the opcode byte, the X64_P_* bits
 * above it say which prefixes and escape bytes come first and whether REX.W
 * is set. For example "add rax, rcx" (48 01 c8) is
 *
 *     x64_op_rr(c, X64_OPC_ARITH_EvGv(X64_ARITH_ADD) | X64_P_W, X64_RCX, X64_RAX);
 *
 * where the first register goes in ModRM.reg and the second in ModRM.rm.
 * Callers guarantee that the cursor has room (target.c reserves space per op).
 */
#ifndef XRUN_X64_EMIT_H
#define XRUN_X64_EMIT_H

#include <stdbool.h>
#include <stdint.h>

#include "xrun/backend.h"

enum {
    X64_RAX,
    X64_RCX,
    X64_RDX,
    X64_RBX,
    X64_RSP,
    X64_RBP,
    X64_RSI,
    X64_RDI,
    X64_R8,
    X64_R9,
    X64_R10,
    X64_R11,
    X64_R12,
    X64_R13,
    X64_R14,
    X64_R15,
    /* xmm registers follow the integer ones, so one RegSet holds both and
     * bit 3 of the number is REX.R/X/B for either class. */
    X64_XMM0 = 16,
    X64_XMM15 = 31,
};
#define X64_XMM(n) (X64_XMM0 + (n))

/* Opcode modifiers, above the opcode byte. */
enum {
    X64_P_0F = 0x100,       /* 0f escape */
    X64_P_0F38 = 0x200,     /* 0f 38 escape */
    X64_P_66 = 0x400,       /* operand-size prefix (16-bit) */
    X64_P_F3 = 0x800,       /* rep prefix (lzcnt, tzcnt, popcnt) */
    X64_P_W = 0x1000,       /* REX.W: 64-bit operand */
    X64_P_BYTE_R = 0x2000,  /* ModRM.reg is a byte register: spl..dil need REX */
    X64_P_BYTE_RM = 0x4000, /* ModRM.rm register is a byte register */
    X64_P_LOCK = 0x8000,    /* lock prefix */
    X64_P_F2 = 0x10000,     /* repne prefix (SSE mandatory prefix) */
    X64_P_0F3A = 0x20000,   /* 0f 3a escape */
};

/* The ALU group: add or adc sbb and sub xor cmp, numbered as ModRM.reg of 81 /n. */
typedef enum X64Arith {
    X64_ARITH_ADD = 0,
    X64_ARITH_OR = 1,
    X64_ARITH_ADC = 2,
    X64_ARITH_SBB = 3,
    X64_ARITH_AND = 4,
    X64_ARITH_SUB = 5,
    X64_ARITH_XOR = 6,
    X64_ARITH_CMP = 7,
} X64Arith;

/* The shift group (c1 /n, d1 /n, d3 /n). */
typedef enum X64Shift {
    X64_SHIFT_ROL = 0,
    X64_SHIFT_ROR = 1,
    X64_SHIFT_SHL = 4,
    X64_SHIFT_SHR = 5,
    X64_SHIFT_SAR = 7,
} X64Shift;

/* The unary group 3 (f7 /n). */
typedef enum X64Grp3 {
    X64_GRP3_TEST = 0,
    X64_GRP3_NOT = 2,
    X64_GRP3_NEG = 3,
    X64_GRP3_MUL = 4,
    X64_GRP3_IMUL = 5,
    X64_GRP3_DIV = 6,
    X64_GRP3_IDIV = 7,
} X64Grp3;

/* Condition codes, the low nibble of jcc/setcc/cmovcc. */
typedef enum X64Cond {
    X64_CC_O = 0,
    X64_CC_NO = 1,
    X64_CC_B = 2,
    X64_CC_AE = 3,
    X64_CC_E = 4,
    X64_CC_NE = 5,
    X64_CC_BE = 6,
    X64_CC_A = 7,
    X64_CC_S = 8,
    X64_CC_NS = 9,
    X64_CC_P = 0xa, /* parity: unordered after ucomisd */
    X64_CC_NP = 0xb,
    X64_CC_L = 0xc,
    X64_CC_GE = 0xd,
    X64_CC_LE = 0xe,
    X64_CC_G = 0xf,
} X64Cond;

/* Opcode bytes used by target.c, named after the manual's operand forms. */
#define X64_OPC_ARITH_EvGv(a) (0x01 + ((a) << 3)) /* op r/m, r */
#define X64_OPC_ARITH_GvEv(a) (0x03 + ((a) << 3)) /* op r, r/m */
enum {
    X64_OPC_ARITH_EvIz = 0x81,
    X64_OPC_ARITH_EvIb = 0x83,
    X64_OPC_TEST_EvGv = 0x85,
    X64_OPC_MOVB_EvGv = 0x88,
    X64_OPC_MOVL_EvGv = 0x89,
    X64_OPC_MOVL_GvEv = 0x8b,
    X64_OPC_LEA = 0x8d,
    X64_OPC_MOVSLQ = 0x63,
    X64_OPC_IMUL_GvEvIz = 0x69,
    X64_OPC_IMUL_GvEvIb = 0x6b,
    X64_OPC_SHIFT_EvIb = 0xc1,
    X64_OPC_SHIFT_Ev1 = 0xd1,
    X64_OPC_SHIFT_EvCL = 0xd3,
    X64_OPC_MOVB_EvIz = 0xc6,
    X64_OPC_MOVL_EvIz = 0xc7,
    X64_OPC_GRP3_Ev = 0xf7,
    X64_OPC_GRP5 = 0xff, /* /2 call, /4 jmp */
    X64_OPC_IMUL_GvEv = 0xaf | X64_P_0F,
    X64_OPC_MOVZBL = 0xb6 | X64_P_0F,
    X64_OPC_MOVZWL = 0xb7 | X64_P_0F,
    X64_OPC_MOVSBL = 0xbe | X64_P_0F,
    X64_OPC_MOVSWL = 0xbf | X64_P_0F,
    X64_OPC_BSF = 0xbc | X64_P_0F,
    X64_OPC_BSR = 0xbd | X64_P_0F,
    X64_OPC_TZCNT = 0xbc | X64_P_0F | X64_P_F3,
    X64_OPC_LZCNT = 0xbd | X64_P_0F | X64_P_F3,
    X64_OPC_POPCNT = 0xb8 | X64_P_0F | X64_P_F3,
    X64_OPC_CMPXCHG_EbGb = 0xb0 | X64_P_0F,
    X64_OPC_CMPXCHG_EvGv = 0xb1 | X64_P_0F,
    X64_OPC_SETCC = 0x90 | X64_P_0F,  /* + cond */
    X64_OPC_CMOVCC = 0x40 | X64_P_0F, /* + cond */
    X64_OPC_MOVBE_GvMv = 0xf0 | X64_P_0F38,
    X64_OPC_MOVBE_MvGv = 0xf1 | X64_P_0F38,
};

/* -- Raw bytes -- */

static inline void x64_byte(CodeCursor *c, uint8_t b)
{
    *c->p++ = b;
}
void x64_imm16(CodeCursor *c, uint16_t v);
void x64_imm32(CodeCursor *c, uint32_t v);
void x64_imm64(CodeCursor *c, uint64_t v);

/* -- Core formats -- */

/*
 * Prefixes, REX, escape bytes and the opcode byte of opc. r, x and b are
 * the registers that end up in ModRM.reg, SIB.index and ModRM.rm/SIB.base
 * (or the opcode's low bits); only their high bit matters for REX.
 *   [66] [f3] [f0] [REX.WRXB] [0f [38]] opcode
 */
void x64_opc(CodeCursor *c, int opc, int r, int x, int b);

/* opc with register-direct ModRM:  opcode  11 reg rm */
void x64_op_rr(CodeCursor *c, int opc, int reg, int rm);

/*
 * opc with a memory operand [base + index*scale + disp]; index < 0 for none,
 * scale is 0..3 (log2). Chooses the shortest form: no disp, disp8, disp32.
 *   opcode  mod reg rm  [SIB: scale index base]  [disp8|disp32]
 */
void x64_op_mem(CodeCursor *c, int opc, int reg, int base, int index, int scale, int32_t disp);
static inline void x64_op_rm(CodeCursor *c, int opc, int reg, int base, int32_t disp)
{
    x64_op_mem(c, opc, reg, base, -1, 0, disp);
}

/* opc whose low 3 bits name the register (push/pop, bswap, mov r, imm):  opcode+r */
void x64_op_r_in_opc(CodeCursor *c, int opc, int reg);

/* -- Common instructions built on the formats -- */

/* mov dst, src (32-bit when !w: zero-extends): 89 /r */
void x64_mov_rr(CodeCursor *c, bool w, int dst, int src);
/* Shortest load of a 64-bit constant: xor r32,r32 / mov r32,imm32 / mov r64,simm32 / movabs */
void x64_movi(CodeCursor *c, int dst, uint64_t v);
/* mov r32, imm32 (b8+r id) exactly, whatever the value (keeps flags) */
void x64_movi32(CodeCursor *c, int dst, uint32_t v);
/* movabs r64, imm64: REX.W b8+r io */
void x64_movabs(CodeCursor *c, int dst, uint64_t v);
/* ALU op reg, reg: 01/09/../39 /r (dst in rm) */
void x64_arith_rr(CodeCursor *c, X64Arith a, bool w, int dst, int src);
/* ALU op reg, imm: 83 /n ib when it fits, else 81 /n id */
void x64_arith_ri(CodeCursor *c, X64Arith a, bool w, int dst, int32_t imm);
/* shift reg, imm: d1 /n for 1, else c1 /n ib */
void x64_shift_ri(CodeCursor *c, X64Shift s, bool w, int dst, uint8_t imm);
/* shift reg, cl: d3 /n */
void x64_shift_cl(CodeCursor *c, X64Shift s, bool w, int dst);
/* group 3 (not neg mul imul div idiv) on a register: f7 /n */
void x64_grp3(CodeCursor *c, X64Grp3 g, bool w, int rm);
/* lea dst, [base + index*2^scale + disp] (8d /r) */
void x64_lea(CodeCursor *c, bool w, int dst, int base, int index, int scale, int32_t disp);
/* setcc dst8: 0f 90+cc /0 (REX when dst is spl..dil) */
void x64_setcc(CodeCursor *c, X64Cond cc, int dst);
/* cmovcc dst, src: 0f 40+cc /r */
void x64_cmov(CodeCursor *c, X64Cond cc, bool w, int dst, int src);
/* VEX-encoded BMI instructions (VEX.LZ.0F38 opcode /r), by prefix field pp. */
typedef enum X64Bmi {
    X64_BMI_ANDN = 0xf2 | 0 << 8, /* andn  reg, vvvv, rm: reg = ~vvvv & rm  (NP) */
    X64_BMI_SHLX = 0xf7 | 1 << 8, /* shlx  reg, rm, vvvv: reg = rm << vvvv  (66) */
    X64_BMI_SARX = 0xf7 | 2 << 8, /* sarx  (F3) */
    X64_BMI_SHRX = 0xf7 | 3 << 8, /* shrx  (F2) */
} X64Bmi;
/* C4 [R X B 00010] [W vvvv 0 pp] opcode ModRM(11 reg rm) */
void x64_vex_rrr(CodeCursor *c, X64Bmi op, bool w, int reg, int vvvv, int rm);
/* xchg a, b (64-bit): REX.W 87 /r */
void x64_xchg(CodeCursor *c, int a, int b);
/* bswap r32/r64: 0f c8+r */
void x64_bswap(CodeCursor *c, bool w, int reg);
/* jmp rel32: e9 cd. Returns the offset of the displacement in the buffer. */
uint8_t *x64_jmp_rel32(CodeCursor *c, const void *target);
/* jcc rel32: 0f 80+cc cd. Returns a pointer to the displacement. */
uint8_t *x64_jcc_rel32(CodeCursor *c, X64Cond cc, const void *target);
/* jcc rel8: 70+cc cb. Returns a pointer to the displacement byte. */
uint8_t *x64_jcc_rel8(CodeCursor *c, X64Cond cc);
/* jmp rel8: eb cb. Returns a pointer to the displacement byte. */
uint8_t *x64_jmp_rel8(CodeCursor *c);
/* Points a rel8 displacement at the cursor (forward branch over a few bytes). */
void x64_bind_rel8(CodeCursor *c, uint8_t *disp);
/* Sets a rel32 displacement at disp to reach target. */
void x64_set_rel32(uint8_t *disp, const void *target);
/* call rel32: e8 cd */
void x64_call_rel32(CodeCursor *c, const void *target);
/* call reg / jmp reg: ff /2, ff /4 */
void x64_call_r(CodeCursor *c, int reg);
void x64_jmp_r(CodeCursor *c, int reg);
/* push/pop r64: 50+r, 58+r */
void x64_push(CodeCursor *c, int reg);
void x64_pop(CodeCursor *c, int reg);
/* ret: c3 */
void x64_ret(CodeCursor *c);
/* n bytes of recommended multi-byte nops (n <= 8) */
void x64_nops(CodeCursor *c, int n);
/* lock or dword [rsp], 0: f0 83 0c 24 00, a full barrier cheaper than mfence */
void x64_lock_or_rsp(CodeCursor *c);
/* True if v fits a sign-extended 32-bit immediate. */
static inline bool x64_fits_s32(int64_t v)
{
    return v == (int32_t)v;
}

#endif
