/* v8_fp16 — ARMv8.2 half-precision VFP arithmetic (FEAT_FP16, -cpu max):
 * VADD/VSUB/VMUL/VNMUL/VDIV/VSQRT/VABS/VNEG.F16, VMLA/VMLS/VNMLA/VNMLS and
 * VFMA/VFMS/VFNMA/VFNMS.F16, VMOV.F16 (immediate and core register),
 * VLDR/VSTR.16, VCMP/VCMPE.F16, VCVT between F16 and S32/U32, VMOVX and
 * VINS, the F16 forms of VRINT*, VCVT{A,N,P,M}, VMAXNM/VMINNM,
 * on edge halves in every rounding mode with FZ16 and DN, printing
 * result bits and FPSCR flags; plus plain C _Float16 code, and AT_HWCAP.
 * The .ref comes from qemu-arm -cpu max except its first line: qemu 7.2
 * does not put HWCAP_FPHP in AT_HWCAP for this model, a Linux kernel with
 * compat FP16 support does.
 * XRUN-CPU: max
 * XRUN-XFAIL-QEMU: qemu-arm 7.2 leaves HWCAP_FPHP out of AT_HWCAP
 * XRUN-ARM-CFLAGS: -march=armv8.2-a+fp16 -mfpu=neon-fp-armv8
 */
#include <sys/auxv.h>
#include "xt.h"

#define HWCAP_FPHP (1u << 22)
#define FZ16 (1u << 19)
#define DN (1u << 25)
#define RM_SHIFT 22

static uint32_t get_fpscr(void)
{
    uint32_t v;
    __asm__ volatile("vmrs %0, fpscr" : "=r"(v));
    return v;
}

static void set_fpscr(uint32_t v) { __asm__ volatile("vmsr fpscr, %0" : : "r"(v)); }

static float f_of(uint32_t b) { float f; memcpy(&f, &b, 4); return f; }
static uint32_t b_of(float f) { uint32_t b; memcpy(&b, &f, 4); return b; }

/* Halves in the low bits of S registers, with junk above them. */
#define OP3(name, text)                                                                       \
    static uint32_t name(uint32_t d, uint32_t n, uint32_t m)                                  \
    {                                                                                         \
        float fd = f_of(d | 0xabcd0000u), fn = f_of(n | 0x12340000u), fm = f_of(m | 0x55550000u); \
        __asm__ volatile(text " %0, %1, %2" : "+t"(fd) : "t"(fn), "t"(fm));                   \
        return b_of(fd);                                                                      \
    }
OP3(vadd, "vadd.f16")
OP3(vsub, "vsub.f16")
OP3(vmul, "vmul.f16")
OP3(vnmul, "vnmul.f16")
OP3(vdiv, "vdiv.f16")
OP3(vmla, "vmla.f16")
OP3(vmls, "vmls.f16")
OP3(vnmla, "vnmla.f16")
OP3(vnmls, "vnmls.f16")
OP3(vfma, "vfma.f16")
OP3(vfms, "vfms.f16")
OP3(vfnma, "vfnma.f16")
OP3(vfnms, "vfnms.f16")

#define OP2(name, text)                                                                       \
    static uint32_t name(uint32_t d, uint32_t n, uint32_t m)                                  \
    {                                                                                         \
        float fd = f_of(d), fm = f_of(n | 0x77770000u);                                       \
        (void)m;                                                                              \
        __asm__ volatile(text " %0, %1" : "+t"(fd) : "t"(fm));                                \
        return b_of(fd);                                                                      \
    }
OP2(vsqrt, "vsqrt.f16")
OP2(vabs, "vabs.f16")
OP2(vneg, "vneg.f16")
OP2(vcvt_s32, "vcvt.s32.f16")
OP2(vcvt_u32, "vcvt.u32.f16")
OP2(vcvtr_s32, "vcvtr.s32.f16")
OP2(vmovx, "vmovx.f16")
OP2(vrinta, "vrinta.f16")
OP2(vrintn, "vrintn.f16")
OP2(vrintp, "vrintp.f16")
OP2(vrintm, "vrintm.f16")
OP2(vrintz, "vrintz.f16")
OP2(vrintr, "vrintr.f16")
OP2(vrintx, "vrintx.f16")
OP2(vcvta_s32, "vcvta.s32.f16")
OP2(vcvtm_u32, "vcvtm.u32.f16")
OP2(vcvtp_s32, "vcvtp.s32.f16")
OP2(vcvtn_u32, "vcvtn.u32.f16")
OP3(vmaxnm, "vmaxnm.f16")
OP3(vminnm, "vminnm.f16")
OP2(vins, "vins.f16")

typedef uint32_t (*Fn)(uint32_t, uint32_t, uint32_t);

static const uint16_t hv[] = {
    0x0000, 0x8000, 0x3c00 /* 1 */, 0xbc00, 0x3c01, 0x4248 /* 3.14 */, 0x7bff /* max */, 0xfbff,
    0x0400 /* min normal */, 0x0001 /* min denormal */, 0x83ff, 0x7c00, 0xfc00, 0x7e00, 0x7d01 /* sNaN */,
    0xfe33, 0x1400 /* 2^-10 */, 0x5800 /* 128 */, 0x3555 /* ~1/3 */, 0xc880,
};
#define NH (sizeof(hv) / sizeof(hv[0]))

static uint32_t hash;

static void sweep(const char *name, Fn fn, int three)
{
    static const uint32_t modes[] = {0, 1u << RM_SHIFT, 2u << RM_SHIFT, 3u << RM_SHIFT, FZ16, FZ16 | DN | (3u << RM_SHIFT)};
    for (size_t md = 0; md < 6; md++) {
        uint32_t hm = 2166136261u, flags_or = 0;
        for (size_t i = 0; i < NH; i++)
            for (size_t j = 0; j < NH; j += three ? 3 : NH) {
                for (size_t k = 0; k < NH; k += 2) {
                    set_fpscr(modes[md]);
                    uint32_t r = fn(hv[k], hv[i], hv[j]);
                    uint32_t f = get_fpscr() & 0x9f;
                    hm = (hm ^ r ^ f << 24) * 16777619u;
                    flags_or |= f;
                    if (md == 0 && k == 4 && j == 0 && i % 2 == 0)
                        printf("%s fpscr %08x: %04x %04x %04x -> %08x flags %02x\n", name, modes[md], hv[k], hv[i],
                               hv[j], r, f);
                }
            }
        printf("%s fpscr %08x: hash %08x flags %02x\n", name, modes[md], hm, flags_or);
        hash = hash * 31 ^ hm;
    }
}

static uint32_t vcmp_flags(uint32_t a, uint32_t b, int e)
{
    float fa = f_of(a), fb = f_of(b);
    uint32_t r;
    if (e)
        __asm__ volatile("vcmpe.f16 %1, %2\n\tvmrs %0, fpscr" : "=r"(r) : "t"(fa), "t"(fb));
    else
        __asm__ volatile("vcmp.f16 %1, %2\n\tvmrs %0, fpscr" : "=r"(r) : "t"(fa), "t"(fb));
    return r;
}

static void test_misc(void)
{
    for (int e = 0; e < 2; e++) {
        uint32_t hm = 0;
        for (size_t i = 0; i < NH; i++)
            for (size_t j = 0; j < NH; j++) {
                set_fpscr(0);
                uint32_t r = vcmp_flags(hv[i], hv[j], e);
                hm = (hm ^ (r >> 28) ^ (r & 0x9f) << 4) * 16777619u;
            }
        printf("vcmp%s.f16 hash %08x\n", e ? "e" : "", hm);
        hash ^= hm;
    }
    set_fpscr(0);
    CHECK(vcmp_flags(0x3c00, 0x4000, 0) >> 28 == 0x8);   /* 1 < 2: N */
    CHECK(vcmp_flags(0x7e00, 0x4000, 0) >> 28 == 0x3);   /* unordered: CV */
    /* Integer to half. */
    static const int32_t iv[] = {0, 1, -1, 2049, 2051, 65504, 65519, 65520, 100000, -65536, 0x7fffffff, (int32_t)0x80000000};
    for (size_t i = 0; i < sizeof(iv) / sizeof(iv[0]); i++) {
        for (int rm = 0; rm < 4; rm++) {
            float fs, fu;
            set_fpscr((uint32_t)rm << RM_SHIFT);
            __asm__ volatile("vcvt.f16.s32 %0, %1" : "=t"(fs) : "t"(f_of((uint32_t)iv[i])));
            uint32_t f1 = get_fpscr() & 0x9f;
            set_fpscr((uint32_t)rm << RM_SHIFT);
            __asm__ volatile("vcvt.f16.u32 %0, %1" : "=t"(fu) : "t"(f_of((uint32_t)iv[i])));
            printf("cvt int %d rm %d: s %08x/%02x u %08x/%02x\n", iv[i], rm, b_of(fs), f1, b_of(fu), get_fpscr() & 0x9f);
        }
    }
    /* VMOV.F16 immediate: +-(16..31)/16 * 2^(-3..4). */
    float imm[4];
    __asm__ volatile("vmov.f16 %0, #1.0\n\tvmov.f16 %1, #-0.125\n\tvmov.f16 %2, #31.0\n\tvmov.f16 %3, #0.1875"
                     : "=t"(imm[0]), "=t"(imm[1]), "=t"(imm[2]), "=t"(imm[3]));
    printf("vmov.f16 imm: %08x %08x %08x %08x\n", b_of(imm[0]), b_of(imm[1]), b_of(imm[2]), b_of(imm[3]));
    CHECK(b_of(imm[0]) == 0x3c00 && b_of(imm[1]) == 0xb000 && b_of(imm[2]) == 0x4fc0 && b_of(imm[3]) == 0x3200);
    /* Core register <-> S, VLDR/VSTR.16. */
    uint32_t core;
    float s = f_of(0xdeadbeefu);
    __asm__ volatile("vmov.f16 %0, %1" : "+t"(s) : "r"(0x12345678u));
    __asm__ volatile("vmov.f16 %0, %1" : "=r"(core) : "t"(f_of(0xcafe4321u)));
    printf("vmov.f16 to s: %08x, to core: %08x\n", b_of(s), core);
    CHECK(b_of(s) == 0x5678 && core == 0x4321);
    static uint16_t mem[4] = {0x1111, 0x2222, 0x3333, 0x4444};
    float l = f_of(0xffffffffu);
    __asm__ volatile("vldr.16 %0, [%1, #2]\n\tvstr.16 %0, [%1, #6]" : "+t"(l) : "r"(mem) : "memory");
    printf("vldr.16 %08x, after vstr.16 %04x %04x %04x %04x\n", b_of(l), mem[0], mem[1], mem[2], mem[3]);
    CHECK(b_of(l) == 0x2222 && mem[3] == 0x2222);
}

typedef _Float16 half;

__attribute__((noinline)) static half poly(half x)
{
    return ((x * (half)0.5f + (half)1.25f) * x - (half)3.0f) / (x + (half)2.0f);
}

int main(void)
{
    printf("hwcap fphp %d\n", (getauxval(AT_HWCAP) & HWCAP_FPHP) != 0);
    sweep("vadd", vadd, 1);
    sweep("vsub", vsub, 1);
    sweep("vmul", vmul, 1);
    sweep("vnmul", vnmul, 1);
    sweep("vdiv", vdiv, 1);
    sweep("vmla", vmla, 1);
    sweep("vmls", vmls, 1);
    sweep("vnmla", vnmla, 1);
    sweep("vnmls", vnmls, 1);
    sweep("vfma", vfma, 1);
    sweep("vfms", vfms, 1);
    sweep("vfnma", vfnma, 1);
    sweep("vfnms", vfnms, 1);
    sweep("vsqrt", vsqrt, 0);
    sweep("vabs", vabs, 0);
    sweep("vneg", vneg, 0);
    sweep("vcvt.s32", vcvt_s32, 0);
    sweep("vcvt.u32", vcvt_u32, 0);
    sweep("vcvtr.s32", vcvtr_s32, 0);
    sweep("vmovx", vmovx, 0);
    sweep("vins", vins, 0);
    sweep("vrinta", vrinta, 0);
    sweep("vrintn", vrintn, 0);
    sweep("vrintp", vrintp, 0);
    sweep("vrintm", vrintm, 0);
    sweep("vrintz", vrintz, 0);
    sweep("vrintr", vrintr, 0);
    sweep("vrintx", vrintx, 0);
    sweep("vcvta.s32", vcvta_s32, 0);
    sweep("vcvtm.u32", vcvtm_u32, 0);
    sweep("vcvtp.s32", vcvtp_s32, 0);
    sweep("vcvtn.u32", vcvtn_u32, 0);
    sweep("vmaxnm", vmaxnm, 1);
    sweep("vminnm", vminnm, 1);
    test_misc();
    set_fpscr(0);
    CHECK(vadd(0, 0x3c00, 0x3c00) == 0x4000);
    CHECK(vdiv(0, 0x3c00, 0x0000) == 0x7c00);
    CHECK(vsub(0, 0x3c00, 0x3c00) == 0x0000);
    set_fpscr(2u << RM_SHIFT);
    CHECK(vsub(0, 0x3c00, 0x3c00) == 0x8000); /* RM: x - x = -0 */
    set_fpscr(0);
    CHECK(vmul(0, 0x0400, 0x3800) == 0x0200); /* min normal / 2: exact denormal */
    uint32_t h = 0;
    for (int i = -20; i < 20; i++) {
        half r = poly((half)i / (half)4.0f);
        uint16_t b;
        memcpy(&b, &r, 2);
        h = h * 31 + b;
    }
    printf("c code hash %08x\nhash %08x\n", h, hash);
    return xt_done();
}
