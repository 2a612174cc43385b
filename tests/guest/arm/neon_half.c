/* neon_half — the Advanced SIMD VCVT.F16.F32 and VCVT.F32.F16 (half-precision
 * extension of ARMv7 VFPv4/NEON cores): four lanes each way over edge values
 * (ties, overflow to infinity, denormals, NaNs), with FPSCR.AHP off and on
 * and the FPSCR cumulative flags; the Standard FPSCR value applies (round
 * to nearest, FZ, DN) whatever FPSCR's mode bits say.
 * XRUN-ARM-CFLAGS: -mfpu=neon-vfpv4 -mfp16-format=ieee
 */
#include <arm_neon.h>
#include "xt.h"

static uint32_t get_fpscr(void)
{
    uint32_t v;
    __asm__ volatile("vmrs %0, fpscr" : "=r"(v));
    return v;
}

static void set_fpscr(uint32_t v) { __asm__ volatile("vmsr fpscr, %0" : : "r"(v)); }

static const uint32_t sv[] = {
    0x3f800000, 0x477fe000 /* 65504 */, 0x477ff000 /* 65520: tie -> inf */, 0x477fefff,
    0x33800000 /* 2^-24 */, 0x33000000 /* 2^-25: tie -> 0 */, 0x33000001, 0x3f801000 /* 1+2^-11: tie */,
    0x3f803000, 0x7f800000, 0xff800000, 0x7fc12345, 0x7f812345 /* sNaN */, 0x00400000 /* denormal */,
    0x80000000, 0xc7800000 /* -65536 */,
};
static const uint16_t hv[] = {0x3c00, 0x7bff, 0x0001, 0x83ff, 0x7c00, 0xfc00, 0x7e01, 0x7d55};

int main(void)
{
    static const uint32_t modes[] = {0, 3u << 22, 1u << 26 /* AHP */, 1u << 26 | 1u << 24};
    uint32_t h = 0;
    for (size_t m = 0; m < 4; m++) {
        for (size_t i = 0; i < 16; i += 4) {
            uint32x4_t in = vld1q_u32(sv + i);
            set_fpscr(modes[m]);
            float16x4_t r = vcvt_f16_f32(vreinterpretq_f32_u32(in));
            uint32_t flags = get_fpscr() & 0x9f;
            uint16_t o[4];
            vst1_u16(o, vreinterpret_u16_f16(r));
            printf("fpscr %08x f32->f16 %08x %08x %08x %08x -> %04x %04x %04x %04x flags %02x\n", modes[m],
                   sv[i], sv[i + 1], sv[i + 2], sv[i + 3], o[0], o[1], o[2], o[3], flags);
            h = xt_fnv(o, 8) ^ h * 31;
        }
        for (size_t i = 0; i < 8; i += 4) {
            set_fpscr(modes[m]);
            float32x4_t r = vcvt_f32_f16(vreinterpret_f16_u16(vld1_u16(hv + i)));
            uint32_t flags = get_fpscr() & 0x9f;
            uint32_t o[4];
            vst1q_u32(o, vreinterpretq_u32_f32(r));
            printf("fpscr %08x f16->f32 %04x %04x %04x %04x -> %08x %08x %08x %08x flags %02x\n", modes[m],
                   hv[i], hv[i + 1], hv[i + 2], hv[i + 3], o[0], o[1], o[2], o[3], flags);
            h = xt_fnv(o, 16) ^ h * 31;
        }
    }
    set_fpscr(0);
    float16x4_t one = vcvt_f16_f32(vdupq_n_f32(1.0f));
    CHECK(vget_lane_u16(vreinterpret_u16_f16(one), 0) == 0x3c00);
    CHECK(vgetq_lane_f32(vcvt_f32_f16(one), 3) == 1.0f);
    printf("hash %08x\n", h);
    return xt_done();
}
