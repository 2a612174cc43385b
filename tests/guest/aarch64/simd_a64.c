/* simd_a64 — a few AdvSIMD operations through arm_neon.h: integer lanes
 * (ADD, MUL, MLA by element, SQADD/UQSUB saturation setting FPSR.QC, SHL/
 * USHR/SSHL with negative counts, SQRSHRN narrowing), permutes (ZIP1, UZP2,
 * TRN1, EXT, REV64, TBL with out-of-range indices giving 0), reductions
 * (ADDV, UMAXV, SADDLV), widening UMULL/SMLAL2, CNT, compares (CMGT, CMTST),
 * float lanes (FADD, FMLA, FCVTZS, FMAXNMV, FRECPE/FRECPS steps) and
 * DUP/INS/UMOV between general and vector registers. */
#include <arm_neon.h>
#include "xt.h"

static uint64_t get_fpsr(void)
{
    uint64_t v;
    __asm__ volatile("mrs %0, fpsr" : "=r"(v));
    return v;
}
static void clear_fpsr(void) { __asm__ volatile("msr fpsr, xzr"); }

/* The ops whose FPSR.QC effect is read are asm volatile: they stay in
 * order with the FPSR accesses, and are never constant-folded. */
#define QOP(name, insn)                                                                       \
    static uint8x16_t name(uint8x16_t x, uint8x16_t y)                                        \
    {                                                                                         \
        uint8x16_t r;                                                                         \
        __asm__ volatile(insn " %0, %1, %2" : "=w"(r) : "w"(x), "w"(y));                     \
        return r;                                                                             \
    }
QOP(uqadd_16b, "uqadd %0.16b, %1.16b, %2.16b //")
QOP(sqadd_8h, "sqadd %0.8h, %1.8h, %2.8h //")
QOP(add_8h, "add %0.8h, %1.8h, %2.8h //")

static void show_q(const char *what, uint8x16_t v)
{
    uint8_t b[16];
    vst1q_u8(b, v);
    printf("%-12s", what);
    for (int i = 15; i >= 0; i--)
        printf("%02x%s", b[i], i % 4 == 0 && i ? "_" : "");
    printf("\n");
}
#define SHOW(what, v) show_q(what, vreinterpretq_u8_u64(vreinterpretq_u64_##v))

static uint8x16_t ramp(uint8_t start, uint8_t step)
{
    uint8_t b[16];
    for (int i = 0; i < 16; i++)
        b[i] = (uint8_t)(start + i * step);
    return vld1q_u8(b);
}

int main(void)
{
    uint8x16_t a = ramp(0xf0, 0x11), b = ramp(0x03, 0x27);
    int16x8_t sa = vreinterpretq_s16_u8(a), sb = vreinterpretq_s16_u8(b);
    int32x4_t wa = vreinterpretq_s32_u8(a), wb = vreinterpretq_s32_u8(b);
    show_q("a", a);
    show_q("b", b);
    SHOW("add.16b", u8(vaddq_u8(a, b)));
    SHOW("mul.8h", s16(vmulq_s16(sa, sb)));
    SHOW("mla.4s[3]", s32(vmlaq_laneq_s32(wa, wb, wa, 3)));

    uint8x16_t r;
    unsigned qc;
    clear_fpsr();
    r = uqadd_16b(a, b);
    qc = get_fpsr() >> 27 & 1;
    show_q("uqadd.16b", r);
    printf("qc after uqadd %u\n", qc);
    CHECK(qc == 1);
    clear_fpsr();
    r = sqadd_8h(a, vreinterpretq_u8_s16(vdupq_n_s16(0x4000)));
    qc = get_fpsr() >> 27 & 1;
    show_q("sqadd.8h", r);
    printf("qc after sqadd %u\n", qc);
    CHECK(qc == 1);
    clear_fpsr();
    r = add_8h(a, vreinterpretq_u8_s16(vdupq_n_s16(1)));
    qc = get_fpsr() >> 27 & 1;
    show_q("add.8h", r);
    printf("qc after add %u\n", qc);
    CHECK(qc == 0);
    SHOW("uqsub.16b", u8(vqsubq_u8(b, a)));

    SHOW("shl.4s #7", s32(vshlq_n_s32(wa, 7)));
    SHOW("ushr.8h #3", u16(vshrq_n_u16(vreinterpretq_u16_u8(a), 3)));
    SHOW("sshl.16b", s8(vshlq_s8(vreinterpretq_s8_u8(a), vreinterpretq_s8_u8(ramp(0xfa, 1)))));
    SHOW("sqrshrn", s16(vcombine_s16(vqrshrn_n_s32(wa, 9), vqrshrn_n_s32(wb, 16))));

    SHOW("zip1.16b", u8(vzip1q_u8(a, b)));
    SHOW("uzp2.8h", u16(vuzp2q_u16(vreinterpretq_u16_u8(a), vreinterpretq_u16_u8(b))));
    SHOW("trn1.4s", u32(vtrn1q_u32(vreinterpretq_u32_u8(a), vreinterpretq_u32_u8(b))));
    SHOW("ext #5", u8(vextq_u8(a, b, 5)));
    SHOW("rev64.8h", u16(vrev64q_u16(vreinterpretq_u16_u8(a))));
    SHOW("tbl", u8(vqtbl1q_u8(a, ramp(0x0e, 0x03))));
    uint8x16x2_t tab = {{a, b}};
    SHOW("tbl2", u8(vqtbl2q_u8(tab, ramp(0x1a, 0x05))));

    printf("addv %u umaxv %u saddlv %d uminv.4s %08x\n", vaddvq_u8(a), vmaxvq_u8(b),
           vaddlvq_s16(sa), vminvq_u32(vreinterpretq_u32_u8(b)));
    SHOW("umull", u16(vmull_u8(vget_low_u8(a), vget_low_u8(b))));
    SHOW("smlal2", s32(vmlal_high_s16(wa, sa, sb)));
    SHOW("cnt", u8(vcntq_u8(a)));
    SHOW("cmgt.8h", u16(vcgtq_s16(sa, sb)));
    SHOW("cmtst.16b", u8(vtstq_u8(a, b)));

    float fin[4] = {1.5f, -2.25f, 1e30f, 3.0f}, fin2[4] = {0.25f, 8.0f, 1e10f, -0.5f};
    float32x4_t fa = vld1q_f32(fin), fb = vld1q_f32(fin2);
    SHOW("fadd.4s", f32(vaddq_f32(fa, fb)));
    SHOW("fmla.4s", f32(vfmaq_f32(fa, fa, fb)));
    SHOW("fcvtzs.4s", s32(vcvtq_s32_f32(vmulq_f32(fa, fb))));
    float32x4_t est = vrecpeq_f32(fa);
    SHOW("frecpe", f32(est));
    SHOW("frecps", f32(vmulq_f32(est, vrecpsq_f32(fa, est))));
    printf("fmaxnmv %a fminv %a\n", (double)vmaxnmvq_f32(fa), (double)vminvq_f32(fb));

    int64x2_t d = vdupq_n_s64(-5);
    d = vsetq_lane_s64(0x123456789, d, 1);
    SHOW("dup/ins", s64(d));
    printf("umov %u smov %d\n", vgetq_lane_u8(a, 13), (int)vgetq_lane_s16(sa, 7));
    return xt_done();
}
