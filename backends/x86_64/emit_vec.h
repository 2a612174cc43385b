/*
 * x86_64 SSE and AVX (VEX.128) encoders for the vector ops.
 *
 * An SSE opcode is an int in the emit.h format: the mandatory prefix
 * (X64_P_66/F3/F2), the escape (X64_P_0F/0F38/0F3A), REX.W and the
 * opcode byte. The legacy form goes through x64_op_rr/x64_op_mem, which
 * already place prefix, REX and escape; the VEX form derives its pp and
 * mmmmm fields from the same bits, so one name serves both encodings:
 *
 *     x64_op_rr(c, X64_SSE_PADDD, X64_XMM(1), X64_XMM(2));     paddd xmm1, xmm2
 *     x64_vex_rr(c, X64_SSE_PADDD, X64_XMM(1), X64_XMM(3), X64_XMM(2));
 *                                                    vpaddd xmm1, xmm3, xmm2
 */
#ifndef XRUN_X64_EMIT_VEC_H
#define XRUN_X64_EMIT_VEC_H

#include "backends/x86_64/emit.h"

#define X64_SSE66(b) ((b) | X64_P_66 | X64_P_0F)
#define X64_SSE66_38(b) ((b) | X64_P_66 | X64_P_0F38)
#define X64_SSE66_3A(b) ((b) | X64_P_66 | X64_P_0F3A)

/* Names follow the SDM; comments give the ISA extension when past SSE2. */
enum {
    X64_SSE_MOVUPS_VW = 0x10 | X64_P_0F,      /* movups xmm, xmm/m128 */
    X64_SSE_MOVUPS_WV = 0x11 | X64_P_0F,      /* movups xmm/m128, xmm */
    X64_SSE_MOVAPS_VW = 0x28 | X64_P_0F,      /* movaps xmm, xmm */
    X64_SSE_MOVSS_VW = 0x10 | X64_P_F3 | X64_P_0F, /* movss xmm, xmm: low 32 bits */
    X64_SSE_MOVSD_VW = 0x10 | X64_P_F2 | X64_P_0F, /* movsd xmm, xmm: low 64 bits */
    X64_SSE_MOVQ_VW = 0x7e | X64_P_F3 | X64_P_0F,  /* movq xmm, xmm/m64 (zeroes 127:64) */
    X64_SSE_MOVQ_WV = X64_SSE66(0xd6),         /* movq m64, xmm */
    X64_SSE_MOVD_VE = X64_SSE66(0x6e),         /* movd xmm, r/m32 (| X64_P_W: movq r64) */
    X64_SSE_MOVD_EV = X64_SSE66(0x7e),         /* movd r/m32, xmm (| X64_P_W: movq r64) */
    X64_SSE_PADDB = X64_SSE66(0xfc),
    X64_SSE_PADDW = X64_SSE66(0xfd),
    X64_SSE_PADDD = X64_SSE66(0xfe),
    X64_SSE_PADDQ = X64_SSE66(0xd4),
    X64_SSE_PSUBB = X64_SSE66(0xf8),
    X64_SSE_PSUBW = X64_SSE66(0xf9),
    X64_SSE_PSUBD = X64_SSE66(0xfa),
    X64_SSE_PSUBQ = X64_SSE66(0xfb),
    X64_SSE_PMULLW = X64_SSE66(0xd5),
    X64_SSE_PMULLD = X64_SSE66_38(0x40),       /* SSE4.1 */
    X64_SSE_PABSB = X64_SSE66_38(0x1c),        /* SSSE3 */
    X64_SSE_PABSW = X64_SSE66_38(0x1d),        /* SSSE3 */
    X64_SSE_PABSD = X64_SSE66_38(0x1e),        /* SSSE3 */
    X64_SSE_PAND = X64_SSE66(0xdb),
    X64_SSE_PANDN = X64_SSE66(0xdf),           /* dst = ~dst & src */
    X64_SSE_POR = X64_SSE66(0xeb),
    X64_SSE_PXOR = X64_SSE66(0xef),
    X64_SSE_PCMPEQB = X64_SSE66(0x74),
    X64_SSE_PCMPEQW = X64_SSE66(0x75),
    X64_SSE_PCMPEQD = X64_SSE66(0x76),
    X64_SSE_PCMPEQQ = X64_SSE66_38(0x29),      /* SSE4.1 */
    X64_SSE_PCMPGTB = X64_SSE66(0x64),
    X64_SSE_PCMPGTW = X64_SSE66(0x65),
    X64_SSE_PCMPGTD = X64_SSE66(0x66),
    X64_SSE_PCMPGTQ = X64_SSE66_38(0x37),      /* SSE4.2 */
    X64_SSE_PMINSB = X64_SSE66_38(0x38),       /* SSE4.1 */
    X64_SSE_PMINSW = X64_SSE66(0xea),
    X64_SSE_PMINSD = X64_SSE66_38(0x39),       /* SSE4.1 */
    X64_SSE_PMAXSB = X64_SSE66_38(0x3c),       /* SSE4.1 */
    X64_SSE_PMAXSW = X64_SSE66(0xee),
    X64_SSE_PMAXSD = X64_SSE66_38(0x3d),       /* SSE4.1 */
    X64_SSE_PMINUB = X64_SSE66(0xda),
    X64_SSE_PMINUW = X64_SSE66_38(0x3a),       /* SSE4.1 */
    X64_SSE_PMINUD = X64_SSE66_38(0x3b),       /* SSE4.1 */
    X64_SSE_PMAXUB = X64_SSE66(0xde),
    X64_SSE_PMAXUW = X64_SSE66_38(0x3e),       /* SSE4.1 */
    X64_SSE_PMAXUD = X64_SSE66_38(0x3f),       /* SSE4.1 */
    X64_SSE_PADDSB = X64_SSE66(0xec),
    X64_SSE_PADDSW = X64_SSE66(0xed),
    X64_SSE_PSUBSB = X64_SSE66(0xe8),
    X64_SSE_PSUBSW = X64_SSE66(0xe9),
    X64_SSE_PADDUSB = X64_SSE66(0xdc),
    X64_SSE_PADDUSW = X64_SSE66(0xdd),
    X64_SSE_PSUBUSB = X64_SSE66(0xd8),
    X64_SSE_PSUBUSW = X64_SSE66(0xd9),
    X64_SSE_PSLLW = X64_SSE66(0xf1),           /* shift by the count in an xmm */
    X64_SSE_PSLLD = X64_SSE66(0xf2),
    X64_SSE_PSLLQ = X64_SSE66(0xf3),
    X64_SSE_PSRLW = X64_SSE66(0xd1),
    X64_SSE_PSRLD = X64_SSE66(0xd2),
    X64_SSE_PSRLQ = X64_SSE66(0xd3),
    X64_SSE_PSRAW = X64_SSE66(0xe1),
    X64_SSE_PSRAD = X64_SSE66(0xe2),
    X64_SSE_SHIFTW_IB = X64_SSE66(0x71),       /* /6 psllw, /2 psrlw, /4 psraw, ib */
    X64_SSE_SHIFTD_IB = X64_SSE66(0x72),       /* /6 pslld, /2 psrld, /4 psrad, ib */
    X64_SSE_SHIFTQ_IB = X64_SSE66(0x73),       /* /6 psllq, /2 psrlq, ib */
    X64_SSE_PUNPCKLBW = X64_SSE66(0x60),
    X64_SSE_PUNPCKLWD = X64_SSE66(0x61),
    X64_SSE_PUNPCKLDQ = X64_SSE66(0x62),
    X64_SSE_PUNPCKLQDQ = X64_SSE66(0x6c),
    X64_SSE_PUNPCKHBW = X64_SSE66(0x68),
    X64_SSE_PUNPCKHWD = X64_SSE66(0x69),
    X64_SSE_PUNPCKHDQ = X64_SSE66(0x6a),
    X64_SSE_PUNPCKHQDQ = X64_SSE66(0x6d),
    X64_SSE_PACKSSWB = X64_SSE66(0x63),        /* words to bytes, signed saturation */
    X64_SSE_PACKSSDW = X64_SSE66(0x6b),        /* doublewords to words, signed saturation */
    X64_SSE_SHUFPS = 0xc6 | X64_P_0F,          /* ib: two words of dst (or VEX.vvvv), two of src */
    X64_SSE_PSHUFD = X64_SSE66(0x70),          /* ib */
    X64_SSE_PSHUFLW = 0x70 | X64_P_F2 | X64_P_0F, /* ib */
    X64_SSE_PSHUFB = X64_SSE66_38(0x00),       /* SSSE3 */
    X64_SSE_PEXTRW = X64_SSE66(0xc5),          /* pextrw r32, xmm, ib */
    X64_SSE_PINSRW = X64_SSE66(0xc4),          /* pinsrw xmm, r32, ib */
    X64_SSE_PEXTRB = X64_SSE66_3A(0x14),       /* SSE4.1: pextrb r32, xmm, ib (xmm in reg) */
    X64_SSE_PEXTRD = X64_SSE66_3A(0x16),       /* SSE4.1: | X64_P_W: pextrq */
    X64_SSE_PINSRB = X64_SSE66_3A(0x20),       /* SSE4.1: pinsrb xmm, r32, ib */
    X64_SSE_PINSRD = X64_SSE66_3A(0x22),       /* SSE4.1: | X64_P_W: pinsrq */
    X64_SSE_VPBROADCASTB = X64_SSE66_38(0x78), /* AVX2, VEX only */
    X64_SSE_VPBROADCASTW = X64_SSE66_38(0x79), /* AVX2, VEX only */
    X64_SSE_VPBROADCASTD = X64_SSE66_38(0x58), /* AVX2, VEX only */
    X64_SSE_VPBROADCASTQ = X64_SSE66_38(0x59), /* AVX2, VEX only */
};

/* The ModRM.reg field of the shift-by-immediate groups. */
enum { X64_SSE_SHIFT_SRL = 2, X64_SSE_SHIFT_SRA = 4, X64_SSE_SHIFT_SLL = 6 };

/*
 * VEX.128 form of opc with register operands (vvvv = 0 for none, a
 * register number otherwise):
 *   C5 [R' vvvv' 0 pp] opcode ModRM            map 0f, no X/B/W
 *   C4 [R' X' B' mmmmm] [W vvvv' 0 pp] opcode ModRM
 * (primes: stored inverted).
 */
void x64_vex_rr(CodeCursor *c, int opc, int reg, int vvvv, int rm);
/* The same followed by an imm8. */
void x64_vex_rri(CodeCursor *c, int opc, int reg, int vvvv, int rm, uint8_t imm);
/* Legacy SSE with register operands and an imm8: opcode ModRM ib. */
void x64_sse_rri(CodeCursor *c, int opc, int reg, int rm, uint8_t imm);

#endif
