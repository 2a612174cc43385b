/* neon_intrin — NEON instructions through arm_neon.h intrinsics: saturating
 * add/sub/shift (vqadd, vqsub, vqshl, vqmovn, vqdmulh and the sticky QC bit
 * in FPSCR), halving and rounding ops, pairwise adds, widening and narrowing,
 * table lookups, interleaved loads/stores (vld2/vld3/vst4), compares and
 * bit selects, float ops and the estimate instructions vrecpe/vrsqrte.
 * ARM-only: compared with neon_intrin.ref. */
#include <arm_neon.h>
#include "xt.h"

static void p8(const char *what, uint8x16_t v)
{
    uint8_t b[16];
    vst1q_u8(b, v);
    printf("%-10s", what);
    for (int i = 0; i < 16; i++)
        printf(" %02x", b[i]);
    printf("\n");
}
#define vreinterpretq_u8_u8(x) (x)
#define P(what, t, v) p8(what, vreinterpretq_u8_##t(v))

static uint32_t qc(void)
{
    uint32_t r;
    __asm__ volatile("vmrs %0, fpscr" : "=r"(r));
    __asm__ volatile("vmsr fpscr, %0" : : "r"(r & ~(1u << 27)));
    return (r >> 27) & 1;
}

int main(void)
{
    uint8_t bytes[64];
    int16_t h16[16];
    int32_t w32[8];
    float f32[8];
    for (int i = 0; i < 64; i++)
        bytes[i] = (uint8_t)(i * 37 + 11);
    for (int i = 0; i < 16; i++)
        h16[i] = (int16_t)(i * 4099 - 30000);
    for (int i = 0; i < 8; i++) {
        w32[i] = (int32_t)(0x7ffffff0 - i * 0x20000000u);
        f32[i] = (float)(i * 1.75 - 3.0);
    }
    uint8x16_t u8a = vld1q_u8(bytes), u8b = vld1q_u8(bytes + 16);
    int8x16_t s8a = vreinterpretq_s8_u8(u8a), s8b = vreinterpretq_s8_u8(u8b);
    int16x8_t s16a = vld1q_s16(h16), s16b = vld1q_s16(h16 + 8);
    int32x4_t s32a = vld1q_s32(w32), s32b = vld1q_s32(w32 + 4);
    float32x4_t fa = vld1q_f32(f32), fb = vld1q_f32(f32 + 4);
    qc();

    P("qadd.u8", u8, (vqaddq_u8(u8a, u8b)));
    printf("qc %u\n", qc());
    P("qadd.s8", s8, (vqaddq_s8(s8a, s8b)));
    P("qsub.u8", u8, (vqsubq_u8(u8a, u8b)));
    P("qsub.s16", s16, (vqsubq_s16(s16a, s16b)));
    printf("qc %u\n", qc());
    P("qadd.s32", s32, (vqaddq_s32(s32a, s32b)));
    P("qdmulh", s16, (vqdmulhq_s16(s16a, s16b)));
    P("qrdmulh", s16, (vqrdmulhq_s16(s16a, s16b)));
    printf("qc %u\n", qc());
    P("qshl.s8", s8, (vqshlq_s8(s8a, vdupq_n_s8(3))));
    P("qshlu", u8, (vqshluq_n_s8(s8a, 2)));
    P("rshl.s16", s16, (vrshlq_s16(s16a, vdupq_n_s16(-5))));
    P("hadd.u8", u8, (vhaddq_u8(u8a, u8b)));
    P("rhadd.s8", s8, (vrhaddq_s8(s8a, s8b)));
    P("abd.u8", u8, (vabdq_u8(u8a, u8b)));
    P("max.s8", s8, (vmaxq_s8(s8a, s8b)));
    P("min.u16", u16, (vminq_u16(vreinterpretq_u16_s16(s16a), vreinterpretq_u16_s16(s16b))));
    P("mul.i16", s16, (vmulq_s16(s16a, s16b)));
    P("mla.i32", s32, (vmlaq_s32(s32a, s32b, s32a)));
    P("cnt", u8, (vcntq_u8(u8a)));
    P("clz.s16", s16, (vclzq_s16(s16a)));
    P("cls.s8", s8, (vclsq_s8(s8a)));
    P("rev32", u8, (vrev32q_u8(u8a)));
    P("ext 5", u8, (vextq_u8(u8a, u8b, 5)));
    P("cgt.s8", u8, (vcgtq_s8(s8a, s8b)));
    P("tst", u8, (vtstq_u8(u8a, u8b)));
    P("bsl", u8, (vbslq_u8(vcgtq_u8(u8a, u8b), u8a, u8b)));
    P("shrn", u8, (vcombine_u8(vshrn_n_u16(vreinterpretq_u16_u8(u8a), 3),
                                vrshrn_n_u16(vreinterpretq_u16_u8(u8b), 5))));
    P("qmovn", s8, (vcombine_s8(vqmovn_s16(s16a), vqmovn_s16(s16b))));
    P("qmovun", u8, (vcombine_u8(vqmovun_s16(s16a), vqmovun_s16(s16b))));
    printf("qc %u\n", qc());
    P("movl", u16, (vmovl_u8(vget_low_u8(u8a))));
    P("mull.s8", s16, (vmull_s8(vget_low_s8(s8a), vget_high_s8(s8b))));
    P("qdmull", s32, (vqdmull_s16(vget_low_s16(s16a), vget_high_s16(s16b))));
    P("padd", u8, (vcombine_u8(vpadd_u8(vget_low_u8(u8a), vget_high_u8(u8a)),
                                vpadd_u8(vget_low_u8(u8b), vget_high_u8(u8b)))));
    P("paddl", u16, (vpaddlq_u8(u8a)));
    P("pmax", s8, (vcombine_s8(vpmax_s8(vget_low_s8(s8a), vget_high_s8(s8a)),
                                vpmin_s8(vget_low_s8(s8b), vget_high_s8(s8b)))));
    uint8x8x2_t tbl = {{vget_low_u8(u8a), vget_high_u8(u8a)}};
    uint8x8_t idx = vand_u8(vget_low_u8(u8b), vdup_n_u8(0x1f));
    P("tbl2", u8, (vcombine_u8(vtbl2_u8(tbl, idx), vtbx2_u8(vget_low_u8(u8b), tbl, idx))));
    uint8x16x2_t z = vzipq_u8(u8a, u8b);
    P("zip.0", u8, (z.val[0]));
    P("uzp.1", u8, (vuzpq_u8(u8a, u8b).val[1]));
    P("trn.0", u16, (vtrnq_u16(vreinterpretq_u16_u8(u8a), vreinterpretq_u16_u8(u8b)).val[0]));
    uint8x16x2_t l2 = vld2q_u8(bytes);
    P("vld2.0", u8, (l2.val[0]));
    uint16x4x3_t l3 = vld3_u16((const uint16_t *)bytes);
    P("vld3", u16, (vcombine_u16(l3.val[1], l3.val[2])));
    uint8_t out[64];
    memset(out, 0, sizeof out);
    uint8x8x4_t s4 = {{vget_low_u8(u8a), vget_high_u8(u8a), vget_low_u8(u8b), vget_high_u8(u8b)}};
    vst4_u8(out + 1, s4);
    P("vst4.lo", u8, (vld1q_u8(out)));
    P("vst4.hi", u8, (vld1q_u8(out + 16)));
    uint8x8_t lane = vld1_lane_u8(bytes + 7, vget_low_u8(u8b), 3);
    P("ld1lane", u8, (vcombine_u8(lane, vld1_dup_u8(bytes + 9))));
    P("fadd", f32, (vaddq_f32(fa, fb)));
    P("fmul", f32, (vmulq_f32(fa, fb)));
    P("fmla", f32, (vmlaq_f32(fa, fa, fb)));
    P("fabd", f32, (vabdq_f32(fa, fb)));
    P("fcvt.s32", s32, (vcvtq_s32_f32(vmulq_n_f32(fb, 1e9f))));
    P("fcvt.f32", f32, (vcvtq_f32_s32(s32a)));
    P("fcvt.fix", s32, (vcvtq_n_s32_f32(fa, 8)));
    P("frecpe", f32, (vrecpeq_f32(fb)));
    P("frsqrte", f32, (vrsqrteq_f32(vabsq_f32(fb))));
    P("frecps", f32, (vrecpsq_f32(fa, fb)));
    P("urecpe", u32, (vrecpeq_u32(vreinterpretq_u32_s32(s32a))));
    P("fcge", u32, (vcgeq_f32(fa, fb)));
    P("fmax", f32, (vmaxq_f32(fa, fb)));
    P("fpadd", f32, (vcombine_f32(vpadd_f32(vget_low_f32(fa), vget_high_f32(fa)),
                                   vpmax_f32(vget_low_f32(fb), vget_high_f32(fb)))));
    /* denormal inputs are flushed to zero by NEON (FPSCR.FZ does not matter) */
    float dn[4] = {1e-40f, -1e-40f, 1.0f, 3e-39f};
    P("fz add", f32, (vaddq_f32(vld1q_f32(dn), vdupq_n_f32(0.0f))));
    P("shl.i64", u64, (vshlq_u64(vreinterpretq_u64_u8(u8a), vdupq_n_s64(-7))));
    P("qadd.u64", u64, (vqaddq_u64(vreinterpretq_u64_u8(u8a), vreinterpretq_u64_u8(u8b))));
    P("sra", s32, (vsraq_n_s32(s32a, s32b, 9)));
    P("sli", u32, (vsliq_n_u32(vreinterpretq_u32_s32(s32a), vreinterpretq_u32_s32(s32b), 12)));
    P("mvn/orn", u8, (vornq_u8(vmvnq_u8(u8a), u8b)));
    printf("qc %u\n", qc());
    return xt_done();
}
