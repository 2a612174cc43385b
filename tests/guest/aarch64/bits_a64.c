/* bits_a64 — A64 bitfield, bit-manipulation, shift, multiply and divide
 * instructions in X and W forms: UBFM/SBFM/BFM through their aliases
 * (UBFX, SBFX, BFI, BFXIL, UBFIZ, SBFIZ, LSL/ASR by immediate, SXTB/UXTH),
 * EXTR/ROR, CLZ/CLS/RBIT/REV/REV16/REV32, variable shifts (the amount is
 * taken modulo the register width), MADD/MSUB/SMULH/UMULH/SMADDL/UMSUBL,
 * and SDIV/UDIV (division by zero gives 0, INT_MIN / -1 gives INT_MIN,
 * no trap). Table-driven (a64ops.h) plus hand-checked cases. */
#include "a64ops.h"

DEF(ubfx_x, "ubfx %[r], %[a], #13, #29")
DEF(sbfx_x, "sbfx %[r], %[a], #31, #9")
DEF(sbfx_w, "sbfx %w[r], %w[a], #4, #28")
DEF(bfi_x, "bfi %[r], %[a], #40, #20")
DEF(bfi_w, "bfi %w[r], %w[a], #3, #7")
DEF(bfxil_x, "bfxil %[r], %[a], #17, #33")
DEF(ubfiz_w, "ubfiz %w[r], %w[a], #20, #12")
DEF(sbfiz_x, "sbfiz %[r], %[a], #8, #40")
DEF(lsl_imm_w, "lsl %w[r], %w[a], #31")
DEF(asr_imm_x, "asr %[r], %[a], #63")
DEF(sxtb_x, "sxtb %[r], %w[a]")
DEF(uxth_w, "uxth %w[r], %w[a]")
DEF(sxtw, "sxtw %[r], %w[a]")
DEF(extr_x, "extr %[r], %[a], %[b], #23")
DEF(extr_w, "extr %w[r], %w[a], %w[b], #5")
DEF(ror_imm_x, "ror %[r], %[a], #1")
DEF(clz_x, "clz %[r], %[a]")
DEF(clz_w, "clz %w[r], %w[a]")
DEF(cls_x, "cls %[r], %[a]")
DEF(cls_w, "cls %w[r], %w[a]")
DEF(rbit_x, "rbit %[r], %[a]")
DEF(rbit_w, "rbit %w[r], %w[a]")
DEF(rev_x, "rev %[r], %[a]")
DEF(rev_w, "rev %w[r], %w[a]")
DEF(rev16_x, "rev16 %[r], %[a]")
DEF(rev32_x, "rev32 %[r], %[a]")
DEF(lslv_x, "lsl %[r], %[a], %[b]")
DEF(lsrv_w, "lsr %w[r], %w[a], %w[b]")
DEF(asrv_x, "asr %[r], %[a], %[b]")
DEF(rorv_w, "ror %w[r], %w[a], %w[b]")
DEF(madd_x, "madd %[r], %[a], %[b], %[r]")
DEF(msub_w, "msub %w[r], %w[a], %w[b], %w[r]")
DEF(smulh, "smulh %[r], %[a], %[b]")
DEF(umulh, "umulh %[r], %[a], %[b]")
DEF(smaddl, "smaddl %[r], %w[a], %w[b], %[r]")
DEF(umsubl, "umsubl %[r], %w[a], %w[b], %[r]")
DEF(sdiv_x, "sdiv %[r], %[a], %[b]")
DEF(udiv_x, "udiv %[r], %[a], %[b]")
DEF(sdiv_w, "sdiv %w[r], %w[a], %w[b]")
DEF(udiv_w, "udiv %w[r], %w[a], %w[b]")
DEF(orn_x, "orn %[r], %[a], %[b], lsr #17")
DEF(eon_w, "eon %w[r], %w[a], %w[b], ror #9")
DEF(and_imm, "and %[r], %[a], #0x00ff00ff00ff00ff")
DEF(orr_imm_w, "orr %w[r], %w[a], #0x7ffffffe")
DEF(eor_imm, "eor %[r], %[a], #0xe0000000e0000000")
DEF(movk, "movk %[r], #0xbeef, lsl #32")

static const struct op ops[] = {
    OP(ubfx_x),  OP(sbfx_x),  OP(sbfx_w),    OP(bfi_x),     OP(bfi_w),   OP(bfxil_x),
    OP(ubfiz_w), OP(sbfiz_x), OP(lsl_imm_w), OP(asr_imm_x), OP(sxtb_x),  OP(uxth_w),
    OP(sxtw),    OP(extr_x),  OP(extr_w),    OP(ror_imm_x), OP(clz_x),   OP(clz_w),
    OP(cls_x),   OP(cls_w),   OP(rbit_x),    OP(rbit_w),    OP(rev_x),   OP(rev_w),
    OP(rev16_x), OP(rev32_x), OP(lslv_x),    OP(lsrv_w),    OP(asrv_x),  OP(rorv_w),
    OP(madd_x),  OP(msub_w),  OP(smulh),     OP(umulh),     OP(smaddl),  OP(umsubl),
    OP(sdiv_x),  OP(udiv_x),  OP(sdiv_w),    OP(udiv_w),    OP(orn_x),   OP(eon_w),
    OP(and_imm), OP(orr_imm_w), OP(eor_imm), OP(movk),
};

int main(void)
{
    uint64_t r, p;
    op_sdiv_x(0x8000000000000000, ~0ull, 0, 0, &r, &p);
    CHECK(r == 0x8000000000000000);
    op_sdiv_w(0x80000000, 0xffffffff, 0, 0, &r, &p);
    CHECK(r == 0x80000000);
    op_udiv_x(12345, 0, 7, 0, &r, &p);
    CHECK(r == 0);
    op_sdiv_w(-7, 2, 0, 0, &r, &p);
    CHECK(r == 0xfffffffd); /* rounds toward zero */
    op_umulh(~0ull, ~0ull, 0, 0, &r, &p);
    CHECK(r == 0xfffffffffffffffe);
    op_smulh(~0ull, ~0ull, 0, 0, &r, &p);
    CHECK(r == 0);
    op_clz_x(0, 0, 0, 0, &r, &p);
    CHECK(r == 64);
    op_cls_w(0, 0, 0, 0, &r, &p);
    CHECK(r == 31);
    op_rbit_w(1, 0, 0, 0, &r, &p);
    CHECK(r == 0x80000000);
    op_lslv_x(1, 65, 0, 0, &r, &p); /* shift amount modulo 64 */
    CHECK(r == 2);
    op_rorv_w(0x80000001, 33, 0, 0, &r, &p);
    CHECK(r == 0xc0000000);
    op_sbfx_w(0x80000000, 0, 0, 0, &r, &p);
    CHECK(r == 0xf8000000); /* a W result zero-extends into X */
    op_bfi_w(0x7f, 0, 0xffffffffffffffff, 0, &r, &p);
    CHECK(r == 0xffffffff);
    run_ops(ops, (int)(sizeof ops / sizeof ops[0]));
    return xt_done();
}
