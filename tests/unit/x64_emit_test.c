/*
 * Golden-byte tests of the x86_64 encoders (backends/x86_64/emit.c).
 *
 * Each row is (assembly, encoder call, expected bytes). The bytes were
 * produced by GNU as from the assembly text (Intel syntax; branch targets
 * are relative to the start of the buffer, where each call emits), not
 * written by hand. {disp8}/{disp32} are as pseudo-prefixes that force the
 * displacement size the SDM's recommended nops use.
 */
#include <criterion/criterion.h>
#include <string.h>

#include "backends/x86_64/emit.h"
#include "backends/x86_64/target.h"

typedef struct EmitCase {
    const char *asm_text;
    void (*emit)(CodeCursor *c);
    unsigned len;
    uint8_t bytes[16];
} EmitCase;

/* clang-format off */
static void enc_0(CodeCursor *c) { x64_mov_rr(c, false, X64_RAX, X64_RCX); }
static void enc_1(CodeCursor *c) { x64_mov_rr(c, false, X64_RAX, X64_R12); }
static void enc_2(CodeCursor *c) { x64_mov_rr(c, false, X64_RDI, X64_RCX); }
static void enc_3(CodeCursor *c) { x64_mov_rr(c, false, X64_RDI, X64_R12); }
static void enc_4(CodeCursor *c) { x64_mov_rr(c, false, X64_R8, X64_RCX); }
static void enc_5(CodeCursor *c) { x64_mov_rr(c, false, X64_R8, X64_R12); }
static void enc_6(CodeCursor *c) { x64_mov_rr(c, false, X64_R13, X64_RCX); }
static void enc_7(CodeCursor *c) { x64_mov_rr(c, false, X64_R13, X64_R12); }
static void enc_8(CodeCursor *c) { x64_arith_rr(c, 0, false, X64_RBX, X64_R9); }
static void enc_9(CodeCursor *c) { x64_arith_ri(c, 0, false, X64_RAX, -5); }
static void enc_10(CodeCursor *c) { x64_arith_ri(c, 0, false, X64_R8, 0x12345); }
static void enc_11(CodeCursor *c) { x64_arith_rr(c, 1, false, X64_RSP, X64_R9); }
static void enc_12(CodeCursor *c) { x64_arith_ri(c, 1, false, X64_RCX, -5); }
static void enc_13(CodeCursor *c) { x64_arith_ri(c, 1, false, X64_R9, 0x12345); }
static void enc_14(CodeCursor *c) { x64_arith_rr(c, 2, false, X64_RBP, X64_R9); }
static void enc_15(CodeCursor *c) { x64_arith_ri(c, 2, false, X64_RDX, -5); }
static void enc_16(CodeCursor *c) { x64_arith_ri(c, 2, false, X64_R10, 0x12345); }
static void enc_17(CodeCursor *c) { x64_arith_rr(c, 3, false, X64_RSI, X64_R9); }
static void enc_18(CodeCursor *c) { x64_arith_ri(c, 3, false, X64_RBX, -5); }
static void enc_19(CodeCursor *c) { x64_arith_ri(c, 3, false, X64_R11, 0x12345); }
static void enc_20(CodeCursor *c) { x64_arith_rr(c, 4, false, X64_RDI, X64_R9); }
static void enc_21(CodeCursor *c) { x64_arith_ri(c, 4, false, X64_RSP, -5); }
static void enc_22(CodeCursor *c) { x64_arith_ri(c, 4, false, X64_R12, 0x12345); }
static void enc_23(CodeCursor *c) { x64_arith_rr(c, 5, false, X64_R11, X64_R9); }
static void enc_24(CodeCursor *c) { x64_arith_ri(c, 5, false, X64_RBP, -5); }
static void enc_25(CodeCursor *c) { x64_arith_ri(c, 5, false, X64_R13, 0x12345); }
static void enc_26(CodeCursor *c) { x64_arith_rr(c, 6, false, X64_R12, X64_R9); }
static void enc_27(CodeCursor *c) { x64_arith_ri(c, 6, false, X64_RSI, -5); }
static void enc_28(CodeCursor *c) { x64_arith_ri(c, 6, false, X64_R14, 0x12345); }
static void enc_29(CodeCursor *c) { x64_arith_rr(c, 7, false, X64_R13, X64_R9); }
static void enc_30(CodeCursor *c) { x64_arith_ri(c, 7, false, X64_RDI, -5); }
static void enc_31(CodeCursor *c) { x64_arith_ri(c, 7, false, X64_R15, 0x12345); }
static void enc_32(CodeCursor *c) { x64_shift_ri(c, 0, false, X64_RSI, 7); }
static void enc_33(CodeCursor *c) { x64_shift_ri(c, 0, false, X64_RAX, 1); }
static void enc_34(CodeCursor *c) { x64_shift_cl(c, 0, false, X64_R8); }
static void enc_35(CodeCursor *c) { x64_shift_ri(c, 1, false, X64_RDI, 7); }
static void enc_36(CodeCursor *c) { x64_shift_ri(c, 1, false, X64_RCX, 1); }
static void enc_37(CodeCursor *c) { x64_shift_cl(c, 1, false, X64_R9); }
static void enc_38(CodeCursor *c) { x64_shift_ri(c, 4, false, X64_R10, 7); }
static void enc_39(CodeCursor *c) { x64_shift_ri(c, 4, false, X64_RSP, 1); }
static void enc_40(CodeCursor *c) { x64_shift_cl(c, 4, false, X64_R12); }
static void enc_41(CodeCursor *c) { x64_shift_ri(c, 5, false, X64_R11, 7); }
static void enc_42(CodeCursor *c) { x64_shift_ri(c, 5, false, X64_RBP, 1); }
static void enc_43(CodeCursor *c) { x64_shift_cl(c, 5, false, X64_R13); }
static void enc_44(CodeCursor *c) { x64_shift_ri(c, 7, false, X64_R13, 7); }
static void enc_45(CodeCursor *c) { x64_shift_ri(c, 7, false, X64_RDI, 1); }
static void enc_46(CodeCursor *c) { x64_shift_cl(c, 7, false, X64_R15); }
static void enc_47(CodeCursor *c) { x64_grp3(c, 2, false, X64_RDI); }
static void enc_48(CodeCursor *c) { x64_grp3(c, 3, false, X64_R8); }
static void enc_49(CodeCursor *c) { x64_grp3(c, 4, false, X64_R9); }
static void enc_50(CodeCursor *c) { x64_grp3(c, 5, false, X64_R10); }
static void enc_51(CodeCursor *c) { x64_grp3(c, 6, false, X64_R11); }
static void enc_52(CodeCursor *c) { x64_grp3(c, 7, false, X64_R12); }
static void enc_53(CodeCursor *c) { x64_cmov(c, X64_CC_L, false, X64_R10, X64_RBX); }
static void enc_54(CodeCursor *c) { x64_cmov(c, X64_CC_AE, false, X64_RCX, X64_R14); }
static void enc_55(CodeCursor *c) { x64_bswap(c, false, X64_RAX); }
static void enc_56(CodeCursor *c) { x64_bswap(c, false, X64_RDI); }
static void enc_57(CodeCursor *c) { x64_bswap(c, false, X64_R9); }
static void enc_58(CodeCursor *c) { x64_mov_rr(c, true, X64_RAX, X64_RCX); }
static void enc_59(CodeCursor *c) { x64_mov_rr(c, true, X64_RAX, X64_R12); }
static void enc_60(CodeCursor *c) { x64_mov_rr(c, true, X64_RDI, X64_RCX); }
static void enc_61(CodeCursor *c) { x64_mov_rr(c, true, X64_RDI, X64_R12); }
static void enc_62(CodeCursor *c) { x64_mov_rr(c, true, X64_R8, X64_RCX); }
static void enc_63(CodeCursor *c) { x64_mov_rr(c, true, X64_R8, X64_R12); }
static void enc_64(CodeCursor *c) { x64_mov_rr(c, true, X64_R13, X64_RCX); }
static void enc_65(CodeCursor *c) { x64_mov_rr(c, true, X64_R13, X64_R12); }
static void enc_66(CodeCursor *c) { x64_arith_rr(c, 0, true, X64_RBX, X64_R9); }
static void enc_67(CodeCursor *c) { x64_arith_ri(c, 0, true, X64_RAX, -5); }
static void enc_68(CodeCursor *c) { x64_arith_ri(c, 0, true, X64_R8, 0x12345); }
static void enc_69(CodeCursor *c) { x64_arith_rr(c, 1, true, X64_RSP, X64_R9); }
static void enc_70(CodeCursor *c) { x64_arith_ri(c, 1, true, X64_RCX, -5); }
static void enc_71(CodeCursor *c) { x64_arith_ri(c, 1, true, X64_R9, 0x12345); }
static void enc_72(CodeCursor *c) { x64_arith_rr(c, 2, true, X64_RBP, X64_R9); }
static void enc_73(CodeCursor *c) { x64_arith_ri(c, 2, true, X64_RDX, -5); }
static void enc_74(CodeCursor *c) { x64_arith_ri(c, 2, true, X64_R10, 0x12345); }
static void enc_75(CodeCursor *c) { x64_arith_rr(c, 3, true, X64_RSI, X64_R9); }
static void enc_76(CodeCursor *c) { x64_arith_ri(c, 3, true, X64_RBX, -5); }
static void enc_77(CodeCursor *c) { x64_arith_ri(c, 3, true, X64_R11, 0x12345); }
static void enc_78(CodeCursor *c) { x64_arith_rr(c, 4, true, X64_RDI, X64_R9); }
static void enc_79(CodeCursor *c) { x64_arith_ri(c, 4, true, X64_RSP, -5); }
static void enc_80(CodeCursor *c) { x64_arith_ri(c, 4, true, X64_R12, 0x12345); }
static void enc_81(CodeCursor *c) { x64_arith_rr(c, 5, true, X64_R11, X64_R9); }
static void enc_82(CodeCursor *c) { x64_arith_ri(c, 5, true, X64_RBP, -5); }
static void enc_83(CodeCursor *c) { x64_arith_ri(c, 5, true, X64_R13, 0x12345); }
static void enc_84(CodeCursor *c) { x64_arith_rr(c, 6, true, X64_R12, X64_R9); }
static void enc_85(CodeCursor *c) { x64_arith_ri(c, 6, true, X64_RSI, -5); }
static void enc_86(CodeCursor *c) { x64_arith_ri(c, 6, true, X64_R14, 0x12345); }
static void enc_87(CodeCursor *c) { x64_arith_rr(c, 7, true, X64_R13, X64_R9); }
static void enc_88(CodeCursor *c) { x64_arith_ri(c, 7, true, X64_RDI, -5); }
static void enc_89(CodeCursor *c) { x64_arith_ri(c, 7, true, X64_R15, 0x12345); }
static void enc_90(CodeCursor *c) { x64_shift_ri(c, 0, true, X64_RSI, 7); }
static void enc_91(CodeCursor *c) { x64_shift_ri(c, 0, true, X64_RAX, 1); }
static void enc_92(CodeCursor *c) { x64_shift_cl(c, 0, true, X64_R8); }
static void enc_93(CodeCursor *c) { x64_shift_ri(c, 1, true, X64_RDI, 7); }
static void enc_94(CodeCursor *c) { x64_shift_ri(c, 1, true, X64_RCX, 1); }
static void enc_95(CodeCursor *c) { x64_shift_cl(c, 1, true, X64_R9); }
static void enc_96(CodeCursor *c) { x64_shift_ri(c, 4, true, X64_R10, 7); }
static void enc_97(CodeCursor *c) { x64_shift_ri(c, 4, true, X64_RSP, 1); }
static void enc_98(CodeCursor *c) { x64_shift_cl(c, 4, true, X64_R12); }
static void enc_99(CodeCursor *c) { x64_shift_ri(c, 5, true, X64_R11, 7); }
static void enc_100(CodeCursor *c) { x64_shift_ri(c, 5, true, X64_RBP, 1); }
static void enc_101(CodeCursor *c) { x64_shift_cl(c, 5, true, X64_R13); }
static void enc_102(CodeCursor *c) { x64_shift_ri(c, 7, true, X64_R13, 7); }
static void enc_103(CodeCursor *c) { x64_shift_ri(c, 7, true, X64_RDI, 1); }
static void enc_104(CodeCursor *c) { x64_shift_cl(c, 7, true, X64_R15); }
static void enc_105(CodeCursor *c) { x64_grp3(c, 2, true, X64_RDI); }
static void enc_106(CodeCursor *c) { x64_grp3(c, 3, true, X64_R8); }
static void enc_107(CodeCursor *c) { x64_grp3(c, 4, true, X64_R9); }
static void enc_108(CodeCursor *c) { x64_grp3(c, 5, true, X64_R10); }
static void enc_109(CodeCursor *c) { x64_grp3(c, 6, true, X64_R11); }
static void enc_110(CodeCursor *c) { x64_grp3(c, 7, true, X64_R12); }
static void enc_111(CodeCursor *c) { x64_cmov(c, X64_CC_L, true, X64_R10, X64_RBX); }
static void enc_112(CodeCursor *c) { x64_cmov(c, X64_CC_AE, true, X64_RCX, X64_R14); }
static void enc_113(CodeCursor *c) { x64_bswap(c, true, X64_RAX); }
static void enc_114(CodeCursor *c) { x64_bswap(c, true, X64_RDI); }
static void enc_115(CodeCursor *c) { x64_bswap(c, true, X64_R9); }
static void enc_116(CodeCursor *c) { x64_lea(c, true, X64_RDX, X64_RAX, -1, 0, 0); }
static void enc_117(CodeCursor *c) { x64_lea(c, true, X64_RDX, X64_RAX, -1, 0, 8); }
static void enc_118(CodeCursor *c) { x64_lea(c, true, X64_RDX, X64_RAX, -1, 0, -128); }
static void enc_119(CodeCursor *c) { x64_lea(c, true, X64_RDX, X64_RAX, -1, 0, 4096); }
static void enc_120(CodeCursor *c) { x64_lea(c, true, X64_RDX, X64_RSP, -1, 0, 0); }
static void enc_121(CodeCursor *c) { x64_lea(c, true, X64_RDX, X64_RSP, -1, 0, 8); }
static void enc_122(CodeCursor *c) { x64_lea(c, true, X64_RDX, X64_RSP, -1, 0, -128); }
static void enc_123(CodeCursor *c) { x64_lea(c, true, X64_RDX, X64_RSP, -1, 0, 4096); }
static void enc_124(CodeCursor *c) { x64_lea(c, true, X64_RDX, X64_RBP, -1, 0, 0); }
static void enc_125(CodeCursor *c) { x64_lea(c, true, X64_RDX, X64_RBP, -1, 0, 8); }
static void enc_126(CodeCursor *c) { x64_lea(c, true, X64_RDX, X64_RBP, -1, 0, -128); }
static void enc_127(CodeCursor *c) { x64_lea(c, true, X64_RDX, X64_RBP, -1, 0, 4096); }
static void enc_128(CodeCursor *c) { x64_lea(c, true, X64_RDX, X64_R12, -1, 0, 0); }
static void enc_129(CodeCursor *c) { x64_lea(c, true, X64_RDX, X64_R12, -1, 0, 8); }
static void enc_130(CodeCursor *c) { x64_lea(c, true, X64_RDX, X64_R12, -1, 0, -128); }
static void enc_131(CodeCursor *c) { x64_lea(c, true, X64_RDX, X64_R12, -1, 0, 4096); }
static void enc_132(CodeCursor *c) { x64_lea(c, true, X64_RDX, X64_R13, -1, 0, 0); }
static void enc_133(CodeCursor *c) { x64_lea(c, true, X64_RDX, X64_R13, -1, 0, 8); }
static void enc_134(CodeCursor *c) { x64_lea(c, true, X64_RDX, X64_R13, -1, 0, -128); }
static void enc_135(CodeCursor *c) { x64_lea(c, true, X64_RDX, X64_R13, -1, 0, 4096); }
static void enc_136(CodeCursor *c) { x64_lea(c, true, X64_RDX, X64_R15, -1, 0, 0); }
static void enc_137(CodeCursor *c) { x64_lea(c, true, X64_RDX, X64_R15, -1, 0, 8); }
static void enc_138(CodeCursor *c) { x64_lea(c, true, X64_RDX, X64_R15, -1, 0, -128); }
static void enc_139(CodeCursor *c) { x64_lea(c, true, X64_RDX, X64_R15, -1, 0, 4096); }
static void enc_140(CodeCursor *c) { x64_lea(c, false, X64_R11, X64_RAX, X64_RCX, 0, 0x40); }
static void enc_141(CodeCursor *c) { x64_lea(c, false, X64_R11, X64_RBP, X64_RSI, 1, 0x40); }
static void enc_142(CodeCursor *c) { x64_lea(c, false, X64_R11, X64_R13, X64_R12, 2, 0x40); }
static void enc_143(CodeCursor *c) { x64_lea(c, false, X64_R11, X64_R15, X64_R9, 3, 0x40); }
static void enc_144(CodeCursor *c) { x64_lea(c, false, X64_R11, X64_RSP, X64_R13, 0, 0x40); }
static void enc_145(CodeCursor *c) { x64_op_rm(c, X64_OPC_MOVL_GvEv | X64_P_W, X64_R9, X64_RBP, 0x7c); }
static void enc_146(CodeCursor *c) { x64_op_rm(c, X64_OPC_MOVL_EvGv, X64_R12, X64_RSP, 0x400); }
static void enc_147(CodeCursor *c) { x64_op_mem(c, X64_OPC_MOVZBL, X64_RAX, X64_R15, X64_RSI, 0, 0); }
static void enc_148(CodeCursor *c) { x64_op_mem(c, X64_OPC_MOVSWL | X64_P_W, X64_R8, X64_R15, X64_R13, 0, 0); }
static void enc_149(CodeCursor *c) { x64_op_mem(c, X64_OPC_MOVSLQ | X64_P_W, X64_RDI, X64_R15, X64_R12, 0, 0); }
static void enc_150(CodeCursor *c) { x64_op_mem(c, X64_OPC_MOVB_EvGv | X64_P_BYTE_R, X64_RSI, X64_R15, X64_RCX, 0, 0); }
static void enc_151(CodeCursor *c) { x64_op_mem(c, X64_OPC_MOVL_EvGv | X64_P_66, X64_R10, X64_R15, X64_RAX, 0, 0); }
static void enc_152(CodeCursor *c) { x64_op_mem(c, X64_OPC_MOVBE_GvMv, X64_RBX, X64_R15, X64_RDX, 0, 0); }
static void enc_153(CodeCursor *c) { x64_op_mem(c, X64_OPC_MOVBE_MvGv | X64_P_W, X64_R9, X64_R15, X64_RDX, 0, 0); }
static void enc_154(CodeCursor *c) { x64_op_mem(c, X64_OPC_CMPXCHG_EvGv | X64_P_LOCK | X64_P_W, X64_RSI, X64_R15, X64_RBX, 0, 0); }
static void enc_155(CodeCursor *c) { x64_op_mem(c, X64_OPC_CMPXCHG_EbGb | X64_P_LOCK | X64_P_BYTE_R, X64_RDI, X64_R15, X64_RBX, 0, 0); }
static void enc_156(CodeCursor *c) { x64_op_mem(c, X64_OPC_CMPXCHG_EvGv | X64_P_LOCK | X64_P_66, X64_R8, X64_R15, X64_RBX, 0, 0); }
static void enc_157(CodeCursor *c) { x64_op_rm(c, X64_OPC_MOVL_EvIz | X64_P_W, 0, X64_RBP, 0x10); x64_imm32(c, 0xfffffffe); }
static void enc_158(CodeCursor *c) { x64_op_rm(c, X64_OPC_MOVB_EvIz, 0, X64_R13, 0); x64_byte(c, 0x7f); }
static void enc_159(CodeCursor *c) { x64_op_rm(c, X64_OPC_MOVL_EvIz | X64_P_66, 0, X64_R12, 2); x64_imm16(c, 0x1234); }
static void enc_160(CodeCursor *c) { x64_op_rr(c, X64_OPC_MOVZBL | X64_P_BYTE_RM, X64_RAX, X64_RSI); }
static void enc_161(CodeCursor *c) { x64_op_rr(c, X64_OPC_MOVZBL | X64_P_BYTE_RM, X64_R9, X64_RBX); }
static void enc_162(CodeCursor *c) { x64_op_rr(c, X64_OPC_MOVSBL | X64_P_BYTE_RM | X64_P_W, X64_RDX, X64_RDI); }
static void enc_163(CodeCursor *c) { x64_op_rr(c, X64_OPC_MOVZWL, X64_R14, X64_R8); }
static void enc_164(CodeCursor *c) { x64_op_rr(c, X64_OPC_MOVSWL, X64_RCX, X64_RDX); }
static void enc_165(CodeCursor *c) { x64_op_rr(c, X64_OPC_MOVSLQ | X64_P_W, X64_R11, X64_RAX); }
static void enc_166(CodeCursor *c) { x64_op_rr(c, X64_OPC_IMUL_GvEv | X64_P_W, X64_RBX, X64_R13); }
static void enc_167(CodeCursor *c) { x64_op_rr(c, X64_OPC_IMUL_GvEvIb, X64_RSI, X64_RDI); x64_byte(c, 0x7f); }
static void enc_168(CodeCursor *c) { x64_op_rr(c, X64_OPC_IMUL_GvEvIz | X64_P_W, X64_R8, X64_R9); x64_imm32(c, 0x12345678); }
static void enc_169(CodeCursor *c) { x64_op_rr(c, X64_OPC_LZCNT | X64_P_W, X64_RAX, X64_R10); }
static void enc_170(CodeCursor *c) { x64_op_rr(c, X64_OPC_TZCNT, X64_R12, X64_RCX); }
static void enc_171(CodeCursor *c) { x64_op_rr(c, X64_OPC_POPCNT, X64_RDX, X64_RBX); }
static void enc_172(CodeCursor *c) { x64_op_rr(c, X64_OPC_BSR | X64_P_W, X64_RCX, X64_RDX); }
static void enc_173(CodeCursor *c) { x64_op_rr(c, X64_OPC_BSF, X64_R15, X64_RAX); }
static void enc_174(CodeCursor *c) { x64_op_rr(c, X64_OPC_TEST_EvGv | X64_P_W, X64_R9, X64_R9); }
static void enc_175(CodeCursor *c) { x64_op_rr(c, X64_OPC_SHIFT_EvIb | X64_P_66, X64_SHIFT_ROL, X64_RSI); x64_byte(c, 8); }
static void enc_176(CodeCursor *c) { x64_setcc(c, X64_CC_E, X64_RAX); }
static void enc_177(CodeCursor *c) { x64_setcc(c, X64_CC_NE, X64_RSI); }
static void enc_178(CodeCursor *c) { x64_setcc(c, X64_CC_L, X64_RDI); }
static void enc_179(CodeCursor *c) { x64_setcc(c, X64_CC_A, X64_R12); }
static void enc_180(CodeCursor *c) { x64_setcc(c, X64_CC_BE, X64_RBX); }
static void enc_181(CodeCursor *c) { x64_movi(c, X64_R8, 0); }
static void enc_182(CodeCursor *c) { x64_movi(c, X64_RSI, 0xffffffff); }
static void enc_183(CodeCursor *c) { x64_movi(c, X64_R13, 0x80); }
static void enc_184(CodeCursor *c) { x64_movi(c, X64_RAX, (uint64_t)-2); }
static void enc_185(CodeCursor *c) { x64_movi(c, X64_R15, 0x123456789abcdefull); }
static void enc_186(CodeCursor *c) { x64_movabs(c, X64_RBX, 5); }
static void enc_187(CodeCursor *c) { x64_movi32(c, X64_RDX, 0); }
static void enc_188(CodeCursor *c) { x64_push(c, X64_RAX); }
static void enc_189(CodeCursor *c) { x64_pop(c, X64_RAX); }
static void enc_190(CodeCursor *c) { x64_push(c, X64_RBX); }
static void enc_191(CodeCursor *c) { x64_pop(c, X64_RBX); }
static void enc_192(CodeCursor *c) { x64_push(c, X64_RBP); }
static void enc_193(CodeCursor *c) { x64_pop(c, X64_RBP); }
static void enc_194(CodeCursor *c) { x64_push(c, X64_R12); }
static void enc_195(CodeCursor *c) { x64_pop(c, X64_R12); }
static void enc_196(CodeCursor *c) { x64_push(c, X64_R15); }
static void enc_197(CodeCursor *c) { x64_pop(c, X64_R15); }
static void enc_198(CodeCursor *c) { x64_call_r(c, X64_RAX); }
static void enc_199(CodeCursor *c) { x64_call_r(c, X64_R11); }
static void enc_200(CodeCursor *c) { x64_jmp_r(c, X64_RSI); }
static void enc_201(CodeCursor *c) { x64_jmp_r(c, X64_R14); }
static void enc_202(CodeCursor *c) { x64_ret(c); }
static void enc_203(CodeCursor *c) { x64_xchg(c, X64_RDI, X64_RSI); }
static void enc_204(CodeCursor *c) { x64_xchg(c, X64_R9, X64_R10); }
static void enc_205(CodeCursor *c) { x64_xchg(c, X64_RCX, X64_R12); }
static void enc_206(CodeCursor *c) { x64_lock_or_rsp(c); }
static void enc_207(CodeCursor *c) { x64_nops(c, 1); }
static void enc_208(CodeCursor *c) { x64_nops(c, 2); }
static void enc_209(CodeCursor *c) { x64_nops(c, 3); }
static void enc_210(CodeCursor *c) { x64_nops(c, 4); }
static void enc_211(CodeCursor *c) { x64_nops(c, 5); }
static void enc_212(CodeCursor *c) { x64_nops(c, 6); }
static void enc_213(CodeCursor *c) { x64_nops(c, 7); }
static void enc_214(CodeCursor *c) { x64_nops(c, 8); }
static void enc_215(CodeCursor *c) { x64_jmp_rel32(c, c->start + 0x100); }
static void enc_216(CodeCursor *c) { x64_jcc_rel32(c, X64_CC_B, c->start + 0x400); }
static void enc_217(CodeCursor *c) { x64_call_rel32(c, c->start + 0x2000); }
static void enc_218(CodeCursor *c) { x64_bind_rel8(c, x64_jcc_rel8(c, X64_CC_NE)); }
static void enc_219(CodeCursor *c) { x64_bind_rel8(c, x64_jmp_rel8(c)); }
static void enc_220(CodeCursor *c) { x64_vex_rrr(c, X64_BMI_ANDN, false, X64_RAX, X64_R9, X64_RBX); }
static void enc_221(CodeCursor *c) { x64_vex_rrr(c, X64_BMI_ANDN, false, X64_R12, X64_RSI, X64_R15); }
static void enc_222(CodeCursor *c) { x64_vex_rrr(c, X64_BMI_SHLX, false, X64_RDX, X64_RCX, X64_R13); }
static void enc_223(CodeCursor *c) { x64_vex_rrr(c, X64_BMI_SHRX, false, X64_R10, X64_R14, X64_RAX); }
static void enc_224(CodeCursor *c) { x64_vex_rrr(c, X64_BMI_SARX, false, X64_RDI, X64_R8, X64_RSI); }
static void enc_225(CodeCursor *c) { x64_vex_rrr(c, X64_BMI_ANDN, true, X64_RAX, X64_R9, X64_RBX); }
static void enc_226(CodeCursor *c) { x64_vex_rrr(c, X64_BMI_ANDN, true, X64_R12, X64_RSI, X64_R15); }
static void enc_227(CodeCursor *c) { x64_vex_rrr(c, X64_BMI_SHLX, true, X64_RDX, X64_RCX, X64_R13); }
static void enc_228(CodeCursor *c) { x64_vex_rrr(c, X64_BMI_SHRX, true, X64_R10, X64_R14, X64_RAX); }
static void enc_229(CodeCursor *c) { x64_vex_rrr(c, X64_BMI_SARX, true, X64_RDI, X64_R8, X64_RSI); }

static const EmitCase cases[] = {
    {"mov eax, ecx", enc_0, 2, {0x89, 0xc8}},
    {"mov eax, r12d", enc_1, 3, {0x44, 0x89, 0xe0}},
    {"mov edi, ecx", enc_2, 2, {0x89, 0xcf}},
    {"mov edi, r12d", enc_3, 3, {0x44, 0x89, 0xe7}},
    {"mov r8d, ecx", enc_4, 3, {0x41, 0x89, 0xc8}},
    {"mov r8d, r12d", enc_5, 3, {0x45, 0x89, 0xe0}},
    {"mov r13d, ecx", enc_6, 3, {0x41, 0x89, 0xcd}},
    {"mov r13d, r12d", enc_7, 3, {0x45, 0x89, 0xe5}},
    {"add ebx, r9d", enc_8, 3, {0x44, 0x01, 0xcb}},
    {"add eax, -5", enc_9, 3, {0x83, 0xc0, 0xfb}},
    {"add r8d, 0x12345", enc_10, 7, {0x41, 0x81, 0xc0, 0x45, 0x23, 0x01, 0x00}},
    {"or esp, r9d", enc_11, 3, {0x44, 0x09, 0xcc}},
    {"or ecx, -5", enc_12, 3, {0x83, 0xc9, 0xfb}},
    {"or r9d, 0x12345", enc_13, 7, {0x41, 0x81, 0xc9, 0x45, 0x23, 0x01, 0x00}},
    {"adc ebp, r9d", enc_14, 3, {0x44, 0x11, 0xcd}},
    {"adc edx, -5", enc_15, 3, {0x83, 0xd2, 0xfb}},
    {"adc r10d, 0x12345", enc_16, 7, {0x41, 0x81, 0xd2, 0x45, 0x23, 0x01, 0x00}},
    {"sbb esi, r9d", enc_17, 3, {0x44, 0x19, 0xce}},
    {"sbb ebx, -5", enc_18, 3, {0x83, 0xdb, 0xfb}},
    {"sbb r11d, 0x12345", enc_19, 7, {0x41, 0x81, 0xdb, 0x45, 0x23, 0x01, 0x00}},
    {"and edi, r9d", enc_20, 3, {0x44, 0x21, 0xcf}},
    {"and esp, -5", enc_21, 3, {0x83, 0xe4, 0xfb}},
    {"and r12d, 0x12345", enc_22, 7, {0x41, 0x81, 0xe4, 0x45, 0x23, 0x01, 0x00}},
    {"sub r11d, r9d", enc_23, 3, {0x45, 0x29, 0xcb}},
    {"sub ebp, -5", enc_24, 3, {0x83, 0xed, 0xfb}},
    {"sub r13d, 0x12345", enc_25, 7, {0x41, 0x81, 0xed, 0x45, 0x23, 0x01, 0x00}},
    {"xor r12d, r9d", enc_26, 3, {0x45, 0x31, 0xcc}},
    {"xor esi, -5", enc_27, 3, {0x83, 0xf6, 0xfb}},
    {"xor r14d, 0x12345", enc_28, 7, {0x41, 0x81, 0xf6, 0x45, 0x23, 0x01, 0x00}},
    {"cmp r13d, r9d", enc_29, 3, {0x45, 0x39, 0xcd}},
    {"cmp edi, -5", enc_30, 3, {0x83, 0xff, 0xfb}},
    {"cmp r15d, 0x12345", enc_31, 7, {0x41, 0x81, 0xff, 0x45, 0x23, 0x01, 0x00}},
    {"rol esi, 7", enc_32, 3, {0xc1, 0xc6, 0x07}},
    {"rol eax, 1", enc_33, 2, {0xd1, 0xc0}},
    {"rol r8d, cl", enc_34, 3, {0x41, 0xd3, 0xc0}},
    {"ror edi, 7", enc_35, 3, {0xc1, 0xcf, 0x07}},
    {"ror ecx, 1", enc_36, 2, {0xd1, 0xc9}},
    {"ror r9d, cl", enc_37, 3, {0x41, 0xd3, 0xc9}},
    {"shl r10d, 7", enc_38, 4, {0x41, 0xc1, 0xe2, 0x07}},
    {"shl esp, 1", enc_39, 2, {0xd1, 0xe4}},
    {"shl r12d, cl", enc_40, 3, {0x41, 0xd3, 0xe4}},
    {"shr r11d, 7", enc_41, 4, {0x41, 0xc1, 0xeb, 0x07}},
    {"shr ebp, 1", enc_42, 2, {0xd1, 0xed}},
    {"shr r13d, cl", enc_43, 3, {0x41, 0xd3, 0xed}},
    {"sar r13d, 7", enc_44, 4, {0x41, 0xc1, 0xfd, 0x07}},
    {"sar edi, 1", enc_45, 2, {0xd1, 0xff}},
    {"sar r15d, cl", enc_46, 3, {0x41, 0xd3, 0xff}},
    {"not edi", enc_47, 2, {0xf7, 0xd7}},
    {"neg r8d", enc_48, 3, {0x41, 0xf7, 0xd8}},
    {"mul r9d", enc_49, 3, {0x41, 0xf7, 0xe1}},
    {"imul r10d", enc_50, 3, {0x41, 0xf7, 0xea}},
    {"div r11d", enc_51, 3, {0x41, 0xf7, 0xf3}},
    {"idiv r12d", enc_52, 3, {0x41, 0xf7, 0xfc}},
    {"cmovl r10d, ebx", enc_53, 4, {0x44, 0x0f, 0x4c, 0xd3}},
    {"cmovae ecx, r14d", enc_54, 4, {0x41, 0x0f, 0x43, 0xce}},
    {"bswap eax", enc_55, 2, {0x0f, 0xc8}},
    {"bswap edi", enc_56, 2, {0x0f, 0xcf}},
    {"bswap r9d", enc_57, 3, {0x41, 0x0f, 0xc9}},
    {"mov rax, rcx", enc_58, 3, {0x48, 0x89, 0xc8}},
    {"mov rax, r12", enc_59, 3, {0x4c, 0x89, 0xe0}},
    {"mov rdi, rcx", enc_60, 3, {0x48, 0x89, 0xcf}},
    {"mov rdi, r12", enc_61, 3, {0x4c, 0x89, 0xe7}},
    {"mov r8, rcx", enc_62, 3, {0x49, 0x89, 0xc8}},
    {"mov r8, r12", enc_63, 3, {0x4d, 0x89, 0xe0}},
    {"mov r13, rcx", enc_64, 3, {0x49, 0x89, 0xcd}},
    {"mov r13, r12", enc_65, 3, {0x4d, 0x89, 0xe5}},
    {"add rbx, r9", enc_66, 3, {0x4c, 0x01, 0xcb}},
    {"add rax, -5", enc_67, 4, {0x48, 0x83, 0xc0, 0xfb}},
    {"add r8, 0x12345", enc_68, 7, {0x49, 0x81, 0xc0, 0x45, 0x23, 0x01, 0x00}},
    {"or rsp, r9", enc_69, 3, {0x4c, 0x09, 0xcc}},
    {"or rcx, -5", enc_70, 4, {0x48, 0x83, 0xc9, 0xfb}},
    {"or r9, 0x12345", enc_71, 7, {0x49, 0x81, 0xc9, 0x45, 0x23, 0x01, 0x00}},
    {"adc rbp, r9", enc_72, 3, {0x4c, 0x11, 0xcd}},
    {"adc rdx, -5", enc_73, 4, {0x48, 0x83, 0xd2, 0xfb}},
    {"adc r10, 0x12345", enc_74, 7, {0x49, 0x81, 0xd2, 0x45, 0x23, 0x01, 0x00}},
    {"sbb rsi, r9", enc_75, 3, {0x4c, 0x19, 0xce}},
    {"sbb rbx, -5", enc_76, 4, {0x48, 0x83, 0xdb, 0xfb}},
    {"sbb r11, 0x12345", enc_77, 7, {0x49, 0x81, 0xdb, 0x45, 0x23, 0x01, 0x00}},
    {"and rdi, r9", enc_78, 3, {0x4c, 0x21, 0xcf}},
    {"and rsp, -5", enc_79, 4, {0x48, 0x83, 0xe4, 0xfb}},
    {"and r12, 0x12345", enc_80, 7, {0x49, 0x81, 0xe4, 0x45, 0x23, 0x01, 0x00}},
    {"sub r11, r9", enc_81, 3, {0x4d, 0x29, 0xcb}},
    {"sub rbp, -5", enc_82, 4, {0x48, 0x83, 0xed, 0xfb}},
    {"sub r13, 0x12345", enc_83, 7, {0x49, 0x81, 0xed, 0x45, 0x23, 0x01, 0x00}},
    {"xor r12, r9", enc_84, 3, {0x4d, 0x31, 0xcc}},
    {"xor rsi, -5", enc_85, 4, {0x48, 0x83, 0xf6, 0xfb}},
    {"xor r14, 0x12345", enc_86, 7, {0x49, 0x81, 0xf6, 0x45, 0x23, 0x01, 0x00}},
    {"cmp r13, r9", enc_87, 3, {0x4d, 0x39, 0xcd}},
    {"cmp rdi, -5", enc_88, 4, {0x48, 0x83, 0xff, 0xfb}},
    {"cmp r15, 0x12345", enc_89, 7, {0x49, 0x81, 0xff, 0x45, 0x23, 0x01, 0x00}},
    {"rol rsi, 7", enc_90, 4, {0x48, 0xc1, 0xc6, 0x07}},
    {"rol rax, 1", enc_91, 3, {0x48, 0xd1, 0xc0}},
    {"rol r8, cl", enc_92, 3, {0x49, 0xd3, 0xc0}},
    {"ror rdi, 7", enc_93, 4, {0x48, 0xc1, 0xcf, 0x07}},
    {"ror rcx, 1", enc_94, 3, {0x48, 0xd1, 0xc9}},
    {"ror r9, cl", enc_95, 3, {0x49, 0xd3, 0xc9}},
    {"shl r10, 7", enc_96, 4, {0x49, 0xc1, 0xe2, 0x07}},
    {"shl rsp, 1", enc_97, 3, {0x48, 0xd1, 0xe4}},
    {"shl r12, cl", enc_98, 3, {0x49, 0xd3, 0xe4}},
    {"shr r11, 7", enc_99, 4, {0x49, 0xc1, 0xeb, 0x07}},
    {"shr rbp, 1", enc_100, 3, {0x48, 0xd1, 0xed}},
    {"shr r13, cl", enc_101, 3, {0x49, 0xd3, 0xed}},
    {"sar r13, 7", enc_102, 4, {0x49, 0xc1, 0xfd, 0x07}},
    {"sar rdi, 1", enc_103, 3, {0x48, 0xd1, 0xff}},
    {"sar r15, cl", enc_104, 3, {0x49, 0xd3, 0xff}},
    {"not rdi", enc_105, 3, {0x48, 0xf7, 0xd7}},
    {"neg r8", enc_106, 3, {0x49, 0xf7, 0xd8}},
    {"mul r9", enc_107, 3, {0x49, 0xf7, 0xe1}},
    {"imul r10", enc_108, 3, {0x49, 0xf7, 0xea}},
    {"div r11", enc_109, 3, {0x49, 0xf7, 0xf3}},
    {"idiv r12", enc_110, 3, {0x49, 0xf7, 0xfc}},
    {"cmovl r10, rbx", enc_111, 4, {0x4c, 0x0f, 0x4c, 0xd3}},
    {"cmovae rcx, r14", enc_112, 4, {0x49, 0x0f, 0x43, 0xce}},
    {"bswap rax", enc_113, 3, {0x48, 0x0f, 0xc8}},
    {"bswap rdi", enc_114, 3, {0x48, 0x0f, 0xcf}},
    {"bswap r9", enc_115, 3, {0x49, 0x0f, 0xc9}},
    {"lea rdx, [rax+0]", enc_116, 3, {0x48, 0x8d, 0x10}},
    {"lea rdx, [rax+8]", enc_117, 4, {0x48, 0x8d, 0x50, 0x08}},
    {"lea rdx, [rax-128]", enc_118, 4, {0x48, 0x8d, 0x50, 0x80}},
    {"lea rdx, [rax+4096]", enc_119, 7, {0x48, 0x8d, 0x90, 0x00, 0x10, 0x00, 0x00}},
    {"lea rdx, [rsp+0]", enc_120, 4, {0x48, 0x8d, 0x14, 0x24}},
    {"lea rdx, [rsp+8]", enc_121, 5, {0x48, 0x8d, 0x54, 0x24, 0x08}},
    {"lea rdx, [rsp-128]", enc_122, 5, {0x48, 0x8d, 0x54, 0x24, 0x80}},
    {"lea rdx, [rsp+4096]", enc_123, 8, {0x48, 0x8d, 0x94, 0x24, 0x00, 0x10, 0x00, 0x00}},
    {"lea rdx, [rbp+0]", enc_124, 4, {0x48, 0x8d, 0x55, 0x00}},
    {"lea rdx, [rbp+8]", enc_125, 4, {0x48, 0x8d, 0x55, 0x08}},
    {"lea rdx, [rbp-128]", enc_126, 4, {0x48, 0x8d, 0x55, 0x80}},
    {"lea rdx, [rbp+4096]", enc_127, 7, {0x48, 0x8d, 0x95, 0x00, 0x10, 0x00, 0x00}},
    {"lea rdx, [r12+0]", enc_128, 4, {0x49, 0x8d, 0x14, 0x24}},
    {"lea rdx, [r12+8]", enc_129, 5, {0x49, 0x8d, 0x54, 0x24, 0x08}},
    {"lea rdx, [r12-128]", enc_130, 5, {0x49, 0x8d, 0x54, 0x24, 0x80}},
    {"lea rdx, [r12+4096]", enc_131, 8, {0x49, 0x8d, 0x94, 0x24, 0x00, 0x10, 0x00, 0x00}},
    {"lea rdx, [r13+0]", enc_132, 4, {0x49, 0x8d, 0x55, 0x00}},
    {"lea rdx, [r13+8]", enc_133, 4, {0x49, 0x8d, 0x55, 0x08}},
    {"lea rdx, [r13-128]", enc_134, 4, {0x49, 0x8d, 0x55, 0x80}},
    {"lea rdx, [r13+4096]", enc_135, 7, {0x49, 0x8d, 0x95, 0x00, 0x10, 0x00, 0x00}},
    {"lea rdx, [r15+0]", enc_136, 3, {0x49, 0x8d, 0x17}},
    {"lea rdx, [r15+8]", enc_137, 4, {0x49, 0x8d, 0x57, 0x08}},
    {"lea rdx, [r15-128]", enc_138, 4, {0x49, 0x8d, 0x57, 0x80}},
    {"lea rdx, [r15+4096]", enc_139, 7, {0x49, 0x8d, 0x97, 0x00, 0x10, 0x00, 0x00}},
    {"lea r11d, [rax+rcx*1+0x40]", enc_140, 5, {0x44, 0x8d, 0x5c, 0x08, 0x40}},
    {"lea r11d, [rbp+rsi*2+0x40]", enc_141, 5, {0x44, 0x8d, 0x5c, 0x75, 0x40}},
    {"lea r11d, [r13+r12*4+0x40]", enc_142, 5, {0x47, 0x8d, 0x5c, 0xa5, 0x40}},
    {"lea r11d, [r15+r9*8+0x40]", enc_143, 5, {0x47, 0x8d, 0x5c, 0xcf, 0x40}},
    {"lea r11d, [rsp+r13*1+0x40]", enc_144, 5, {0x46, 0x8d, 0x5c, 0x2c, 0x40}},
    {"mov r9, [rbp+0x7c]", enc_145, 4, {0x4c, 0x8b, 0x4d, 0x7c}},
    {"mov [rsp+0x400], r12d", enc_146, 8, {0x44, 0x89, 0xa4, 0x24, 0x00, 0x04, 0x00, 0x00}},
    {"movzx eax, byte ptr [r15+rsi]", enc_147, 5, {0x41, 0x0f, 0xb6, 0x04, 0x37}},
    {"movsx r8, word ptr [r15+r13]", enc_148, 5, {0x4f, 0x0f, 0xbf, 0x04, 0x2f}},
    {"movsxd rdi, dword ptr [r15+r12]", enc_149, 4, {0x4b, 0x63, 0x3c, 0x27}},
    {"mov byte ptr [r15+rcx], sil", enc_150, 4, {0x41, 0x88, 0x34, 0x0f}},
    {"mov word ptr [r15+rax], r10w", enc_151, 5, {0x66, 0x45, 0x89, 0x14, 0x07}},
    {"movbe ebx, dword ptr [r15+rdx]", enc_152, 6, {0x41, 0x0f, 0x38, 0xf0, 0x1c, 0x17}},
    {"movbe qword ptr [r15+rdx], r9", enc_153, 6, {0x4d, 0x0f, 0x38, 0xf1, 0x0c, 0x17}},
    {"lock cmpxchg qword ptr [r15+rbx], rsi", enc_154, 6, {0xf0, 0x49, 0x0f, 0xb1, 0x34, 0x1f}},
    {"lock cmpxchg byte ptr [r15+rbx], dil", enc_155, 6, {0xf0, 0x41, 0x0f, 0xb0, 0x3c, 0x1f}},
    {"lock cmpxchg word ptr [r15+rbx], r8w", enc_156, 7, {0x66, 0xf0, 0x45, 0x0f, 0xb1, 0x04, 0x1f}},
    {"mov qword ptr [rbp+0x10], -2", enc_157, 8, {0x48, 0xc7, 0x45, 0x10, 0xfe, 0xff, 0xff, 0xff}},
    {"mov byte ptr [r13], 0x7f", enc_158, 5, {0x41, 0xc6, 0x45, 0x00, 0x7f}},
    {"mov word ptr [r12+2], 0x1234", enc_159, 8, {0x66, 0x41, 0xc7, 0x44, 0x24, 0x02, 0x34, 0x12}},
    {"movzx eax, sil", enc_160, 4, {0x40, 0x0f, 0xb6, 0xc6}},
    {"movzx r9d, bl", enc_161, 4, {0x44, 0x0f, 0xb6, 0xcb}},
    {"movsx rdx, dil", enc_162, 4, {0x48, 0x0f, 0xbe, 0xd7}},
    {"movzx r14d, r8w", enc_163, 4, {0x45, 0x0f, 0xb7, 0xf0}},
    {"movsx ecx, dx", enc_164, 3, {0x0f, 0xbf, 0xca}},
    {"movsxd r11, eax", enc_165, 3, {0x4c, 0x63, 0xd8}},
    {"imul rbx, r13", enc_166, 4, {0x49, 0x0f, 0xaf, 0xdd}},
    {"imul esi, edi, 0x7f", enc_167, 3, {0x6b, 0xf7, 0x7f}},
    {"imul r8, r9, 0x12345678", enc_168, 7, {0x4d, 0x69, 0xc1, 0x78, 0x56, 0x34, 0x12}},
    {"lzcnt rax, r10", enc_169, 5, {0xf3, 0x49, 0x0f, 0xbd, 0xc2}},
    {"tzcnt r12d, ecx", enc_170, 5, {0xf3, 0x44, 0x0f, 0xbc, 0xe1}},
    {"popcnt edx, ebx", enc_171, 4, {0xf3, 0x0f, 0xb8, 0xd3}},
    {"bsr rcx, rdx", enc_172, 4, {0x48, 0x0f, 0xbd, 0xca}},
    {"bsf r15d, eax", enc_173, 4, {0x44, 0x0f, 0xbc, 0xf8}},
    {"test r9, r9", enc_174, 3, {0x4d, 0x85, 0xc9}},
    {"rol si, 8", enc_175, 4, {0x66, 0xc1, 0xc6, 0x08}},
    {"sete al", enc_176, 3, {0x0f, 0x94, 0xc0}},
    {"setne sil", enc_177, 4, {0x40, 0x0f, 0x95, 0xc6}},
    {"setl dil", enc_178, 4, {0x40, 0x0f, 0x9c, 0xc7}},
    {"seta r12b", enc_179, 4, {0x41, 0x0f, 0x97, 0xc4}},
    {"setbe bl", enc_180, 3, {0x0f, 0x96, 0xc3}},
    {"xor r8d, r8d", enc_181, 3, {0x45, 0x31, 0xc0}},
    {"mov esi, 0xffffffff", enc_182, 5, {0xbe, 0xff, 0xff, 0xff, 0xff}},
    {"mov r13d, 0x80", enc_183, 6, {0x41, 0xbd, 0x80, 0x00, 0x00, 0x00}},
    {"mov rax, -2", enc_184, 7, {0x48, 0xc7, 0xc0, 0xfe, 0xff, 0xff, 0xff}},
    {"movabs r15, 0x123456789abcdef", enc_185, 10, {0x49, 0xbf, 0xef, 0xcd, 0xab, 0x89, 0x67, 0x45, 0x23, 0x01}},
    {"movabs rbx, 5", enc_186, 10, {0x48, 0xbb, 0x05, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00}},
    {"mov edx, 0", enc_187, 5, {0xba, 0x00, 0x00, 0x00, 0x00}},
    {"push rax", enc_188, 1, {0x50}},
    {"pop rax", enc_189, 1, {0x58}},
    {"push rbx", enc_190, 1, {0x53}},
    {"pop rbx", enc_191, 1, {0x5b}},
    {"push rbp", enc_192, 1, {0x55}},
    {"pop rbp", enc_193, 1, {0x5d}},
    {"push r12", enc_194, 2, {0x41, 0x54}},
    {"pop r12", enc_195, 2, {0x41, 0x5c}},
    {"push r15", enc_196, 2, {0x41, 0x57}},
    {"pop r15", enc_197, 2, {0x41, 0x5f}},
    {"call rax", enc_198, 2, {0xff, 0xd0}},
    {"call r11", enc_199, 3, {0x41, 0xff, 0xd3}},
    {"jmp rsi", enc_200, 2, {0xff, 0xe6}},
    {"jmp r14", enc_201, 3, {0x41, 0xff, 0xe6}},
    {"ret", enc_202, 1, {0xc3}},
    {"xchg rdi, rsi", enc_203, 3, {0x48, 0x87, 0xf7}},
    {"xchg r9, r10", enc_204, 3, {0x4d, 0x87, 0xd1}},
    {"xchg rcx, r12", enc_205, 3, {0x4c, 0x87, 0xe1}},
    {"lock or dword ptr [rsp], 0", enc_206, 5, {0xf0, 0x83, 0x0c, 0x24, 0x00}},
    {"nop", enc_207, 1, {0x90}},
    {"xchg ax,ax", enc_208, 2, {0x66, 0x90}},
    {"nop dword ptr [rax]", enc_209, 3, {0x0f, 0x1f, 0x00}},
    {"{disp8} nop dword ptr [rax]", enc_210, 4, {0x0f, 0x1f, 0x40, 0x00}},
    {"{disp8} nop dword ptr [rax+rax*1]", enc_211, 5, {0x0f, 0x1f, 0x44, 0x00, 0x00}},
    {"{disp8} nop word ptr [rax+rax*1]", enc_212, 6, {0x66, 0x0f, 0x1f, 0x44, 0x00, 0x00}},
    {"{disp32} nop dword ptr [rax]", enc_213, 7, {0x0f, 0x1f, 0x80, 0x00, 0x00, 0x00, 0x00}},
    {"{disp32} nop dword ptr [rax+rax*1]", enc_214, 8, {0x0f, 0x1f, 0x84, 0x00, 0x00, 0x00, 0x00, 0x00}},
    {"jmp .+0x100", enc_215, 5, {0xe9, 0xfb, 0x00, 0x00, 0x00}},
    {"jb .+0x400", enc_216, 6, {0x0f, 0x82, 0xfa, 0x03, 0x00, 0x00}},
    {"call .+0x2000", enc_217, 5, {0xe8, 0xfb, 0x1f, 0x00, 0x00}},
    {"jne .+2", enc_218, 2, {0x75, 0x00}},
    {"jmp .+2", enc_219, 2, {0xeb, 0x00}},
    {"andn eax, r9d, ebx", enc_220, 5, {0xc4, 0xe2, 0x30, 0xf2, 0xc3}},
    {"andn r12d, esi, r15d", enc_221, 5, {0xc4, 0x42, 0x48, 0xf2, 0xe7}},
    {"shlx edx, r13d, ecx", enc_222, 5, {0xc4, 0xc2, 0x71, 0xf7, 0xd5}},
    {"shrx r10d, eax, r14d", enc_223, 5, {0xc4, 0x62, 0x0b, 0xf7, 0xd0}},
    {"sarx edi, esi, r8d", enc_224, 5, {0xc4, 0xe2, 0x3a, 0xf7, 0xfe}},
    {"andn rax, r9, rbx", enc_225, 5, {0xc4, 0xe2, 0xb0, 0xf2, 0xc3}},
    {"andn r12, rsi, r15", enc_226, 5, {0xc4, 0x42, 0xc8, 0xf2, 0xe7}},
    {"shlx rdx, r13, rcx", enc_227, 5, {0xc4, 0xc2, 0xf1, 0xf7, 0xd5}},
    {"shrx r10, rax, r14", enc_228, 5, {0xc4, 0x62, 0x8b, 0xf7, 0xd0}},
    {"sarx rdi, rsi, r8", enc_229, 5, {0xc4, 0xe2, 0xba, 0xf7, 0xfe}},
};
/* clang-format on */

Test(x64_emit, golden_bytes_match_gnu_as)
{
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        uint8_t buf[64];
        memset(buf, 0xcc, sizeof(buf));
        CodeCursor c = {.start = buf, .p = buf, .end = buf + sizeof(buf)};
        cases[i].emit(&c);
        unsigned got = (unsigned)(c.p - buf);
        char hex[128] = "";
        for (unsigned k = 0; k < got && k < 16; k++)
            snprintf(hex + 3 * k, sizeof(hex) - 3 * k, "%02x ", buf[k]);
        cr_expect(got == cases[i].len && memcmp(buf, cases[i].bytes, got) == 0,
                  "%s: emitted %s(%u bytes), want %u bytes", cases[i].asm_text, hex, got,
                  cases[i].len);
    }
}

Test(x64_emit, fits_s32)
{
    cr_assert(x64_fits_s32(0x7fffffff));
    cr_assert(x64_fits_s32(-0x80000000ll));
    cr_assert_not(x64_fits_s32(0x80000000ll));
    cr_assert_not(x64_fits_s32(-0x80000001ll));
}

/* A rel32 branch emitted without a target falls through to the next insn. */
Test(x64_emit, rel32_default_target_is_next_insn)
{
    uint8_t buf[16];
    CodeCursor c = {.start = buf, .p = buf, .end = buf + sizeof(buf)};
    uint8_t *disp = x64_jmp_rel32(&c, NULL);
    cr_assert_eq(disp, buf + 1);
    cr_assert_eq(memcmp(buf, "\xe9\0\0\0\0", 5), 0);
    x64_set_rel32(disp, buf);
    cr_assert_eq(memcmp(buf, "\xe9\xfb\xff\xff\xff", 5), 0);
}

/* The inline jump-cache probe (target.c), bytes from GNU as:
 *   mov rcx, rsi; shr rcx, 12; xor rcx, rsi; shl ecx, 4; and ecx, 0x1ffe0
 *   add rcx, [rbp + 0x18]; cmp rsi, [rcx]; jne 1f; cmp rdx, [rcx + 8]; jne 1f
 *   cmp qword ptr [rcx + 24], 0; je 1f; jmp qword ptr [rcx + 16]; 1: */
Test(x64_emit, lookup_probe_golden_bytes)
{
    static const uint8_t want[] = {
        0x48, 0x89, 0xf1, 0x48, 0xc1, 0xe9, 0x0c, 0x48, 0x31, 0xf1, 0xc1, 0xe1, 0x04,
        0x81, 0xe1, 0xe0, 0xff, 0x01, 0x00, 0x48, 0x03, 0x4d, 0x18, 0x48, 0x3b, 0x31,
        0x75, 0x14, 0x48, 0x0b, 0x55, 0x20, 0x48, 0x3b, 0x51, 0x08, 0x75, 0x0a, 0x48, 0x83, 0x79, 0x18, 0x00,
        0x74, 0x03, 0xff, 0x61, 0x10,
    };
    uint8_t buf[128];
    CodeCursor c = {.start = buf, .p = buf, .end = buf + sizeof(buf)};
    backend_emit_lookup_probe(&c);
    cr_assert_eq((size_t)(c.p - buf), sizeof(want));
    cr_assert_eq(memcmp(buf, want, sizeof(want)), 0);
}

/* MO_ALIGN check: "test sil, 1" (40 f6 c6 01) / "test r12b, 7" (41 f6 c4 07),
 * then a jz over the call; nothing for bytes or without MO_ALIGN. */
Test(x64_emit, align_check)
{
    uint8_t buf[64];
    CodeCursor c = {.start = buf, .p = buf, .end = buf + sizeof(buf)};
    x64_emit_align_check(&c, MO_UW | MO_ALIGN, X64_RSI);
    cr_assert_eq(memcmp(buf, "\x40\xf6\xc6\x01\x74", 5), 0);
    cr_assert_eq(buf[5], (uint8_t)(c.p - buf - 6), "jz skips exactly the slow path");
    c.p = buf;
    x64_emit_align_check(&c, MO_UQ | MO_ALIGN, X64_R12);
    cr_assert_eq(memcmp(buf, "\x41\xf6\xc4\x07\x74", 5), 0);
    c.p = buf;
    x64_emit_align_check(&c, MO_UB | MO_ALIGN, X64_RSI);
    x64_emit_align_check(&c, MO_UL, X64_RSI);
    cr_assert_eq(c.p, buf);
}
