/* flags_asm — the data-processing instructions that set NZCV, one by one:
 * adds/adcs/subs/sbcs/rsbs (and rscs, A32 only) with the carry in both
 * states, cmp/cmn/tst/teq, logical ops with a rotated immediate (whose
 * shifter carry-out lands in C), negs, and muls (N and Z only).
 * Values include 0, 1, INT_MAX, INT_MIN, -1 for every carry/overflow edge.
 * ARM-only: compared with flags_asm.ref (generated with qemu-arm; spot
 * checks: 7fffffff+1 -> 80000000 NV; 0-1 -> ffffffff N, C clear). */
#include "asmops.h"

DEF(adds, "adds %[r], %[a], %[b]")
DEF(adcs, "adcs %[r], %[a], %[b]")
DEF(subs, "subs %[r], %[a], %[b]")
DEF(sbcs, "sbcs %[r], %[a], %[b]")
DEF(rsbs, "rsbs %[r], %[a], %[b]")
DEF_A32(rscs, "rscs %[r], %[a], %[b]")
DEF(cmp, "cmp %[a], %[b]")
DEF(cmn, "cmn %[a], %[b]")
DEF(tst, "tst %[a], %[b]")
DEF(teq, "teq %[a], %[b]")
DEF(ands_imm, "ands %[r], %[a], #0xff000000")
DEF(orrs_imm, "orrs %[r], %[a], #0x80000000")
DEF(eors_imm, "eors %[r], %[a], #0x3fc")
DEF(bics_imm, "bics %[r], %[a], #0xf0000000")
DEF(movs_imm, "movs %[r], #0xff000000")
DEF(mvns, "mvns %[r], %[a]")
DEF(tst_imm, "tst %[a], #0xc0000000")
DEF(adds_imm, "adds %[r], %[a], #0x80000000")
DEF(subs_imm, "subs %[r], %[a], #1")
DEF(negs, "negs %[r], %[a]")
DEF(cmn_imm, "cmn %[a], #1")
DEF_A32(muls, "muls %[r], %[a], %[b]")
DEF(adc_nf, "adc %[r], %[a], %[b]")
DEF(sbc_nf, "sbc %[r], %[a], %[b]")
DEF(orrs_lsl, "orrs %[r], %[a], %[b], lsl #1")
DEF(adds_asr, "adds %[r], %[a], %[b], asr #31")
DEF(subs_lsr, "subs %[r], %[a], %[b], lsr #32")
DEF(ands_ror, "ands %[r], %[a], %[b], ror #4")
DEF(eors_rrx, "eors %[r], %[a], %[b], rrx")
DEF_A32(addpc, "add %[r], pc, #0\n\tsub %[r], %[r], pc\n\tadds %[r], %[r], #12")
DEF_A32(adds_rsr, "adds %[r], %[a], %[b], lsl %[c]")

static const struct op ops[] = {
    OP(adds), OP(adcs), OP(subs), OP(sbcs), OP(rsbs), OP(rscs), OP(cmp), OP(cmn),
    OP(tst), OP(teq), OP(ands_imm), OP(orrs_imm), OP(eors_imm), OP(bics_imm),
    OP(movs_imm), OP(mvns), OP(tst_imm), OP(adds_imm), OP(subs_imm), OP(negs),
    OP(cmn_imm), OP(muls), OP(adc_nf), OP(sbc_nf), OP(orrs_lsl), OP(adds_asr),
    OP(subs_lsr), OP(ands_ror), OP(eors_rrx), OP(addpc), OP(adds_rsr),
};

int main(void)
{
    run_ops(ops, sizeof ops / sizeof ops[0]);
    /* self-checks of the classic edges, independent of the reference */
    uint32_t r, p;
    op_adds(0x7fffffff, 1, 0, 0, 0, &r, &p);
    CHECK(r == 0x80000000 && p == 0x90000000); /* N V */
    op_subs(0, 1, 0, 0, 0, &r, &p);
    CHECK(r == 0xffffffff && p == 0x80000000); /* N, borrow: C clear */
    op_subs(5, 5, 0, 0, 0, &r, &p);
    CHECK(r == 0 && p == 0x60000000); /* Z C */
    op_adcs(0xffffffff, 0, 0, 0, 0x20000000, &r, &p);
    CHECK(r == 0 && p == 0x60000000);
    op_sbcs(0, 0, 0, 0, 0, &r, &p);
    CHECK(r == 0xffffffff && p == 0x80000000);
    op_movs_imm(0, 0, 0, 0, 0, &r, &p);
    CHECK(r == 0xff000000 && p == 0xa0000000); /* N, C = bit 31 of the rotated immediate */
    return xt_done();
}
