/* media_asm — ARMv6 SIMD-in-a-register and bit-manipulation instructions,
 * the ones glibc's string functions and codecs use: parallel add/sub in
 * signed, unsigned, saturating and halving forms (uadd8 sets GE, sel reads
 * it), sasx/ssax, rev/rev16/revsh/rbit, extends with rotation
 * (sxtb16/uxtab/sxtah), ssat/usat/ssat16 (Q flag), qadd/qsub/qdadd/qdsub,
 * pkhbt/pkhtb, bfi/bfc/ubfx/sbfx, clz, movw/movt.
 * ARM-only: compared with media_asm.ref. */
#include "asmops.h"

DEF(uadd8, "uadd8 %[r], %[a], %[b]")
DEF(usub8, "usub8 %[r], %[a], %[b]")
DEF(sadd16, "sadd16 %[r], %[a], %[b]")
DEF(ssub8, "ssub8 %[r], %[a], %[b]")
DEF(uqadd8, "uqadd8 %[r], %[a], %[b]")
DEF(uqsub16, "uqsub16 %[r], %[a], %[b]")
DEF(qadd8, "qadd8 %[r], %[a], %[b]")
DEF(qsub16, "qsub16 %[r], %[a], %[b]")
DEF(shadd8, "shadd8 %[r], %[a], %[b]")
DEF(uhsub16, "uhsub16 %[r], %[a], %[b]")
DEF(sasx, "sasx %[r], %[a], %[b]")
DEF(ussax, "usax %[r], %[a], %[b]")
DEF(sel, "uadd8 %[r], %[a], %[b]\n\tsel %[r], %[a], %[b]")
DEF(sel_in, "sel %[r], %[a], %[b]")
DEF(rev, "rev %[r], %[a]")
DEF(rev16, "rev16 %[r], %[a]")
DEF(revsh, "revsh %[r], %[a]")
DEF(rbit, "rbit %[r], %[a]")
DEF(clz, "clz %[r], %[a]")
DEF(sxtb16, "sxtb16 %[r], %[a], ror #8")
DEF(uxtab, "uxtab %[r], %[b], %[a], ror #16")
DEF(sxtah, "sxtah %[r], %[b], %[a], ror #24")
DEF(uxtb16, "uxtb16 %[r], %[a]")
DEF(sxth, "sxth %[r], %[a], ror #8")
DEF(ssat, "ssat %[r], #9, %[a], asr #3")
DEF(usat, "usat %[r], #7, %[a], lsl #2")
DEF(ssat16, "ssat16 %[r], #5, %[a]")
DEF(usat16, "usat16 %[r], #12, %[a]")
DEF(qadd, "qadd %[r], %[a], %[b]")
DEF(qsub, "qsub %[r], %[a], %[b]")
DEF(qdadd, "qdadd %[r], %[a], %[b]")
DEF(qdsub, "qdsub %[r], %[a], %[b]")
DEF(pkhbt, "pkhbt %[r], %[a], %[b], lsl #12")
DEF(pkhtb, "pkhtb %[r], %[a], %[b], asr #7")
DEF(bfi, "bfi %[r], %[a], #5, #11")
DEF(bfc, "bfc %[r], #3, #20")
DEF(ubfx, "ubfx %[r], %[a], #7, #13")
DEF(sbfx, "sbfx %[r], %[a], #20, #12")
DEF(movwt, "movw %[r], #0x1234\n\tmovt %[r], #0xfedc")
DEF(movt, "movt %[r], #0xbeef")

static const struct op ops[] = {
    OP(uadd8), OP(usub8), OP(sadd16), OP(ssub8), OP(uqadd8), OP(uqsub16), OP(qadd8),
    OP(qsub16), OP(shadd8), OP(uhsub16), OP(sasx), OP(ussax), OP(sel), OP(sel_in), OP(rev),
    OP(rev16), OP(revsh), OP(rbit), OP(clz), OP(sxtb16), OP(uxtab), OP(sxtah), OP(uxtb16),
    OP(sxth), OP(ssat), OP(usat), OP(ssat16), OP(usat16), OP(qadd), OP(qsub), OP(qdadd),
    OP(qdsub), OP(pkhbt), OP(pkhtb), OP(bfi), OP(bfc), OP(ubfx), OP(sbfx), OP(movwt),
    OP(movt),
};

int main(void)
{
    run_ops(ops, sizeof ops / sizeof ops[0]);
    uint32_t r, p;
    op_uadd8(0x80ff0102, 0x80010203, 0, 0, 0, &r, &p);
    CHECK(r == 0x00000305 && (p & 0x000f0000) == 0x000c0000); /* GE for the carrying bytes */
    op_rev(0x12345678, 0, 0, 0, 0, &r, &p);
    CHECK(r == 0x78563412);
    op_qadd(0x7fffffff, 1, 0, 0, 0, &r, &p);
    CHECK(r == 0x7fffffff && (p & 0x08000000));
    op_rbit(1, 0, 0, 0, 0, &r, &p);
    CHECK(r == 0x80000000);
    return xt_done();
}
