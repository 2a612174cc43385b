/* shift_asm — shifts and rotates with the carry-out, by register amounts
 * 0, 1, 31, 32, 33, 255 and 256 (only the bottom byte counts: 256 acts as
 * 0, and the top bits of the register are ignored), and immediate shifts
 * including lsr #32 / asr #32 and rrx. Flag-setting forms show C; the
 * register-shifted-register operand forms exist only in A32.
 * ARM-only: compared with shift_asm.ref; edges are CHECKed here too. */
#include "asmops.h"

DEF(lsls_r, "lsls %[r], %[a], %[b]")
DEF(lsrs_r, "lsrs %[r], %[a], %[b]")
DEF(asrs_r, "asrs %[r], %[a], %[b]")
DEF(rors_r, "rors %[r], %[a], %[b]")
DEF(lsl_r, "lsl %[r], %[a], %[b]")
DEF(ror_r, "ror %[r], %[a], %[b]")
DEF(lsls_1, "lsls %[r], %[a], #1")
DEF(lsls_31, "lsls %[r], %[a], #31")
DEF(lsrs_1, "lsrs %[r], %[a], #1")
DEF(lsrs_32, "lsrs %[r], %[a], #32")
DEF(asrs_31, "asrs %[r], %[a], #31")
DEF(asrs_32, "asrs %[r], %[a], #32")
DEF(rors_1, "rors %[r], %[a], #1")
DEF(rors_31, "rors %[r], %[a], #31")
DEF(rrxs, "rrxs %[r], %[a]")
DEF(rrx, "rrx %[r], %[a]")
DEF(movs_lsl0, "movs %[r], %[a]")
DEF_A32(add_lslr, "add %[r], %[c], %[a], lsl %[b]")
DEF_A32(adds_lsrr, "adds %[r], %[c], %[a], lsr %[b]")
DEF_A32(ands_asrr, "ands %[r], %[c], %[a], asr %[b]")
DEF_A32(orrs_rorr, "orrs %[r], %[c], %[a], ror %[b]")
DEF_A32(movs_lslr, "movs %[r], %[a], lsl %[b]")
DEF_A32(mvns_lsrr, "mvns %[r], %[a], lsr %[b]")
DEF_A32(tst_asrr, "tst %[a], %[c], asr %[b]")
DEF_A32(rsb_rorr, "rsb %[r], %[c], %[a], ror %[b]")

static const struct op ops[] = {
    OP(lsls_r), OP(lsrs_r), OP(asrs_r), OP(rors_r), OP(lsl_r), OP(ror_r), OP(lsls_1),
    OP(lsls_31), OP(lsrs_1), OP(lsrs_32), OP(asrs_31), OP(asrs_32), OP(rors_1), OP(rors_31),
    OP(rrxs), OP(rrx), OP(movs_lsl0), OP(add_lslr), OP(adds_lsrr), OP(ands_asrr),
    OP(orrs_rorr), OP(movs_lslr), OP(mvns_lsrr), OP(tst_asrr), OP(rsb_rorr),
};

int main(void)
{
    static const uint32_t amounts[] = {0, 1, 31, 32, 33, 255, 256, 0xffffff01};
    static const uint32_t vals[] = {0x80000001, 0xffffffff, 0x12345678, 0, 0x40000000};
    static const char *nm[] = {"lsls", "lsrs", "asrs", "rors"};
    op_fn fn[] = {op_lsls_r, op_lsrs_r, op_asrs_r, op_rors_r};
    for (int o = 0; o < 4; o++)
        for (int v = 0; v < 5; v++) {
            printf("%s %08x:", nm[o], vals[v]);
            for (int s = 0; s < 8; s++)
                for (int cin = 0; cin < 2; cin++) {
                    uint32_t r, p;
                    fn[o](vals[v], amounts[s], 0, 0, cin ? 0x20000000 : 0, &r, &p);
                    printf(" %x/%x", r, p >> 28);
                }
            printf("\n");
        }
    run_ops(ops, sizeof ops / sizeof ops[0]);
    uint32_t r, p;
    op_lsls_r(0x80000001, 32, 0, 0, 0, &r, &p);
    CHECK(r == 0 && p == 0x60000000); /* C = bit 0, Z */
    op_lsls_r(0x80000001, 33, 0, 0, 0x20000000, &r, &p);
    CHECK(r == 0 && p == 0x40000000); /* C cleared */
    op_lsrs_r(0x80000001, 32, 0, 0, 0, &r, &p);
    CHECK(r == 0 && p == 0x60000000); /* C = bit 31 */
    op_asrs_r(0x80000001, 255, 0, 0, 0, &r, &p);
    CHECK(r == 0xffffffff && p == 0xa0000000);
    op_rors_r(0x80000001, 32, 0, 0, 0, &r, &p);
    CHECK(r == 0x80000001 && p == 0xa0000000); /* C = bit 31 */
    op_rors_r(0x12345678, 256, 0, 0, 0x20000000, &r, &p);
    CHECK(r == 0x12345678 && p == 0x20000000); /* amount 0: C unchanged */
    op_rrxs(0x80000001, 0, 0, 0, 0x20000000, &r, &p);
    CHECK(r == 0xc0000000 && p == 0xa0000000);
    return xt_done();
}
