/*
 * The SSE/VEX encoders (backends/x86_64/emit_vec.c) and a few vector op
 * emitters (target_vec.c), checked against capstone: the bytes they write
 * must disassemble to the expected instructions, and to nothing else.
 * Registers past xmm7 are used on purpose, so REX and VEX extension bits
 * are exercised.
 */
#include <capstone/capstone.h>
#include <criterion/criterion.h>
#include <string.h>

#include "backends/x86_64/emit_vec.h"
#include "backends/x86_64/target.h"

#define X(n) X64_XMM(n)

/* The disassembly of buf[0..len), as "mnemonic operands; ..." */
static void disas(const uint8_t *buf, size_t len, char *out, size_t room)
{
    csh h;
    cr_assert_eq(cs_open(CS_ARCH_X86, CS_MODE_64, &h), CS_ERR_OK, "capstone is needed");
    cs_insn *insn;
    size_t n = cs_disasm(h, buf, len, 0x1000, 0, &insn);
    size_t used = 0, done = 0;
    out[0] = 0;
    for (size_t i = 0; i < n; i++) {
        used += (size_t)snprintf(out + used, room - used, "%s%s %s", i ? "; " : "", insn[i].mnemonic,
                                 insn[i].op_str);
        done += insn[i].size;
    }
    if (n)
        cs_free(insn, n);
    cs_close(&h);
    cr_assert_eq(done, len, "%zu of %zu bytes disassembled: %s", done, len, out);
}

typedef struct EncCase {
    void (*emit)(CodeCursor *c);
    const char *want;
} EncCase;

/* clang-format off */
static void e0(CodeCursor *c) { x64_op_rr(c, X64_SSE_PADDD, X(1), X(2)); }
static void e1(CodeCursor *c) { x64_op_rr(c, X64_SSE_PSUBQ, X(9), X(12)); }
static void e2(CodeCursor *c) { x64_vex_rr(c, X64_SSE_PADDB, X(1), X(3), X(2)); }
static void e3(CodeCursor *c) { x64_vex_rr(c, X64_SSE_PMAXSD, X(10), X(11), X(13)); }
static void e4(CodeCursor *c) { x64_sse_rri(c, X64_SSE_PSHUFD, X(8), X(0), 0x44); }
static void e5(CodeCursor *c) { x64_sse_rri(c, X64_SSE_SHIFTW_IB, X64_SSE_SHIFT_SRA, X(11), 3); }
static void e6(CodeCursor *c) { x64_vex_rri(c, X64_SSE_SHIFTQ_IB, X64_SSE_SHIFT_SRL, X(4), X(9), 63); }
static void e7(CodeCursor *c) { x64_sse_rri(c, X64_SSE_PEXTRB, X(9), X64_RAX, 15); }
static void e8(CodeCursor *c) { x64_sse_rri(c, X64_SSE_PINSRD | X64_P_W, X(2), X64_R12, 1); }
static void e9(CodeCursor *c) { x64_sse_rri(c, X64_SSE_PEXTRW, X64_R9, X(5), 7); }
static void e10(CodeCursor *c) { x64_op_rr(c, X64_SSE_MOVD_VE | X64_P_W, X(14), X64_RBX); }
static void e11(CodeCursor *c) { x64_op_rr(c, X64_SSE_MOVD_EV, X(3), X64_RSI); }
static void e12(CodeCursor *c) { x64_vex_rr(c, X64_SSE_VPBROADCASTB, X(12), 0, X(12)); }
static void e13(CodeCursor *c) { x64_op_rr(c, X64_SSE_PCMPGTQ, X(0), X(15)); }
static void e14(CodeCursor *c) { x64_sse_rri(c, X64_SSE_PSHUFLW, X(7), X(7), 0); }
static void e15(CodeCursor *c) { x64_op_rr(c, X64_SSE_MOVQ_VW, X(1), X(9)); }
static void e16(CodeCursor *c) { backend_emit_ld(c, IR_V128, X(10), X64_RBP, 0x230); }
static void e17(CodeCursor *c) { backend_emit_st(c, IR_V64, X(2), X64_RSP, 16); }
static void e18(CodeCursor *c) { x64_emit_vec_ld(c, IR_V128, X(5), X64_R15, X64_RDI, 0); }
static void e19(CodeCursor *c) { backend_emit_mov(c, IR_V128, X(13), X(8)); }
static void e20(CodeCursor *c) { x64_vex_rr(c, X64_SSE_PANDN, X(0), X(8), X(1)); }
static void e21(CodeCursor *c) { x64_op_rr(c, X64_SSE_PSUBUSW, X(4), X(5)); }
/* clang-format on */

static const EncCase enc_cases[] = {
    {e0, "paddd xmm1, xmm2"},
    {e1, "psubq xmm9, xmm12"},
    {e2, "vpaddb xmm1, xmm3, xmm2"},
    {e3, "vpmaxsd xmm10, xmm11, xmm13"},
    {e4, "pshufd xmm8, xmm0, 0x44"},
    {e5, "psraw xmm11, 3"},
    {e6, "vpsrlq xmm4, xmm9, 0x3f"},
    {e7, "pextrb eax, xmm9, 0xf"},
    {e8, "pinsrq xmm2, r12, 1"},
    {e9, "pextrw r9d, xmm5, 7"},
    {e10, "movq xmm14, rbx"},
    {e11, "movd esi, xmm3"},
    {e12, "vpbroadcastb xmm12, xmm12"},
    {e13, "pcmpgtq xmm0, xmm15"},
    {e14, "pshuflw xmm7, xmm7, 0"},
    {e15, "movq xmm1, xmm9"},
    {e16, "movups xmm10, xmmword ptr [rbp + 0x230]"},
    {e17, "movq qword ptr [rsp + 0x10], xmm2"},
    {e18, "movups xmm5, xmmword ptr [r15 + rdi]"},
    {e19, "movaps xmm13, xmm8"},
    {e20, "vpandn xmm0, xmm8, xmm1"},
    {e21, "psubusw xmm4, xmm5"},
};

Test(vec_emit, encoders_match_capstone)
{
    for (size_t i = 0; i < sizeof(enc_cases) / sizeof(enc_cases[0]); i++) {
        uint8_t buf[64];
        CodeCursor c = {.start = buf, .p = buf, .end = buf + sizeof(buf)};
        enc_cases[i].emit(&c);
        char text[256];
        disas(buf, (size_t)(c.p - buf), text, sizeof(text));
        cr_expect_str_eq(text, enc_cases[i].want, "case %zu", i);
    }
}

/* -- Op emitters: the sequence each host level picks -- */

static X64Features saved_features;

static void save_features(void)
{
    x64_probe_features();
    saved_features = x64_features;
}

static void restore_features(void)
{
    x64_features = saved_features;
}

TestSuite(vec_seq, .init = save_features, .fini = restore_features);

/* op emitted with operands a must disassemble to want. */
static void expect_seq(const IROp *op, const BackendArgs *a, const char *want)
{
    uint8_t buf[256];
    CodeCursor c = {.start = buf, .p = buf, .end = buf + sizeof(buf)};
    backend_emit_op(&c, op, a);
    char text[256];
    disas(buf, (size_t)(c.p - buf), text, sizeof(text));
    cr_expect_str_eq(text, want);
}

Test(vec_seq, sub_in_place_of_second_input)
{
    IROp op = {.opc = IR_OP_sub_vec, .type = IR_V128, .nb_oargs = 1, .nb_iargs = 2, .nb_cargs = 1};
    op.args[3] = MO_32;
    BackendArgs a = {.o = {{.reg = X(3)}}, .i = {{.reg = X(2)}, {.reg = X(3)}}};
    x64_features.avx = false;
    expect_seq(&op, &a, "movaps xmm15, xmm3; movaps xmm3, xmm2; psubd xmm3, xmm15");
    x64_features.avx = true;
    expect_seq(&op, &a, "vpsubd xmm3, xmm2, xmm3");
}

Test(vec_seq, dup_by_host_level)
{
    IROp op = {.opc = IR_OP_dup_vec, .type = IR_V128, .nb_oargs = 1, .nb_iargs = 1, .nb_cargs = 1};
    op.args[2] = MO_8;
    BackendArgs a = {.o = {{.reg = X(1)}}, .i = {{.reg = X64_RSI}}, .scratch = {X64_RAX}};
    x64_features.avx = x64_features.avx2 = x64_features.ssse3 = false;
    expect_seq(&op, &a, "movd xmm1, esi; punpcklbw xmm1, xmm1; pshuflw xmm1, xmm1, 0; pshufd xmm1, xmm1, 0");
    x64_features.ssse3 = true;
    expect_seq(&op, &a, "movd xmm1, esi; pxor xmm14, xmm14; pshufb xmm1, xmm14");
    x64_features.avx = x64_features.avx2 = true;
    expect_seq(&op, &a, "movd xmm1, esi; vpbroadcastb xmm1, xmm1");
    /* constants: zero and all ones need no scratch */
    a.i[0] = (BackendArg){.is_const = true, .val = 0};
    expect_seq(&op, &a, "vpxor xmm1, xmm1, xmm1");
    a.i[0].val = 0xff;
    x64_features.avx = false;
    expect_seq(&op, &a, "pcmpeqd xmm1, xmm1");
    a.i[0].val = 0x5a;
    expect_seq(&op, &a, "movabs rax, 0x5a5a5a5a5a5a5a5a; movq xmm1, rax; pshufd xmm1, xmm1, 0x44");
}

Test(vec_seq, extract_without_sse41)
{
    IROp op = {.opc = IR_OP_extract_vec, .type = IR_I64, .nb_oargs = 1, .nb_iargs = 1, .nb_cargs = 2};
    op.args[2] = 5; /* byte 5 */
    op.args[3] = MO_8;
    BackendArgs a = {.o = {{.reg = X64_RDX}}, .i = {{.reg = X(9)}}};
    x64_features.sse41 = x64_features.avx = false;
    expect_seq(&op, &a, "pextrw edx, xmm9, 2; shr edx, 8");
    x64_features.sse41 = true;
    expect_seq(&op, &a, "pextrb edx, xmm9, 5");
}
