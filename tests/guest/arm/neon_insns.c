/* neon_insns — one Advanced SIMD data-processing instruction at a time
 * (about 300 of them: integer, saturating, shifts, widening/narrowing, by
 * scalar, permutes, float with the Standard FPSCR value, estimates and
 * conversions), each run on registers q0-q7 filled with random bits,
 * float special values and small normal floats.  Prints a hash of the 128
 * register bytes, the first 16 bytes, FPSCR.QC and the cumulative
 * exception flags (IOC, DZC, OFC, UFC, IXC, IDC).
 * ARM-only: compared with neon_insns.ref (generated with qemu-arm). */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

static uint32_t seed = 12345;
static uint32_t rnd(void)
{
    seed = seed * 1103515245u + 12345u;
    return (seed >> 1) ^ (seed << 17);
}

static uint8_t in[128] __attribute__((aligned(16)));
static uint8_t res[128] __attribute__((aligned(16)));

/* Zeros, infinities, NaNs (quiet and signalling), denormals, extremes. */
static const uint32_t specials[20] = {
    0, 0x80000000u, 0x7fffffffu, 0xffffffffu, 0x3f800000u, 0xbf800000u, 0x7f800000u,
    0xff800000u, 0x7fc00000u, 0x7f800001u, 0x00000001u, 0x807fffffu, 0x00800000u,
    0x4b000000u, 0x4f000000u, 0xcf000000u, 0x3effffffu, 0x42c80000u, 0x40490fdbu, 0xbf000000u,
};

static void fill(int mode)
{
    for (int i = 0; i < 32; i++) {
        uint32_t v;
        if (mode == 0)
            v = rnd();
        else if (mode == 1)
            v = specials[rnd() % 20];
        else if (mode == 2)
            v = (rnd() % 3 == 0) ? specials[rnd() % 20] : (rnd() & 0x807fffffu) | ((120 + rnd() % 16) << 23);
        else
            v = rnd() & 0x80ff80ffu;
        memcpy(in + 4 * i, &v, 4);
    }
}

static void dump(const char *n)
{
    uint32_t h = 2166136261u;
    for (int i = 0; i < 128; i++) {
        h ^= res[i];
        h *= 16777619u;
    }
    printf("%-32s %08x fl=%02x qc=%d", n, h, res[126], res[127]);
    for (int i = 0; i < 16; i++)
        printf("%s%02x", i % 4 ? "" : " ", res[i]);
    printf("\n");
}

/* q0-q7 <- in, r1 <- first word, run INSN, res <- q0-q7, res[127] <- QC,
 * res[126] <- the cumulative flags (bytes of d15, which no INSN writes). */
#define T(N, INSN)                                                                              \
    static void t_##N(void)                                                                     \
    {                                                                                           \
        uint32_t fpscr;                                                                         \
        __asm__ volatile("vmrs %0, fpscr\n bic %0, %0, #0x08000000\n bic %0, %0, #0x9f\n"    \
                         "vmsr fpscr, %0" : "=r"(fpscr));                                       \
        __asm__ volatile("mov r1, %0\n vld1.8 {d0-d3}, [r1]!\n vld1.8 {d4-d7}, [r1]!\n"       \
                         "vld1.8 {d8-d11}, [r1]!\n vld1.8 {d12-d15}, [r1]!\n"                  \
                         "ldr r1, [%0]\n" INSN "\n"                                           \
                         "mov r1, %1\n vst1.8 {d0-d3}, [r1]!\n vst1.8 {d4-d7}, [r1]!\n"      \
                         "vst1.8 {d8-d11}, [r1]!\n vst1.8 {d12-d15}, [r1]!\n"                 \
                         : : "r"(in), "r"(res)                                                  \
                         : "r1", "memory", "d0", "d1", "d2", "d3", "d4", "d5", "d6", "d7", "d8",\
                           "d9", "d10", "d11", "d12", "d13", "d14", "d15");                     \
        __asm__ volatile("vmrs %0, fpscr" : "=r"(fpscr));                                       \
        res[127] = (fpscr >> 27) & 1;                                                           \
        res[126] = fpscr & 0x9f;                                                                \
    }
#define ENTRY(N, INSN) {t_##N, INSN},

#define INSNS(X) \
    X(0, "vadd.i8 q0, q1, q2") \
    X(1, "vadd.i16 q0, q1, q2") \
    X(2, "vadd.i32 q0, q1, q2") \
    X(3, "vadd.i64 q0, q1, q2") \
    X(4, "vsub.i8 d0, d2, d4") \
    X(5, "vsub.i16 q0, q1, q2") \
    X(6, "vsub.i32 q0, q1, q2") \
    X(7, "vsub.i64 q0, q1, q2") \
    X(8, "vmul.i8 q0, q1, q2") \
    X(9, "vmul.i16 q0, q1, q2") \
    X(10, "vmul.i32 q0, q1, q2") \
    X(11, "vmul.p8 q0, q1, q2") \
    X(12, "vmla.i8 q0, q1, q2") \
    X(13, "vmla.i32 q0, q1, q2") \
    X(14, "vmls.i16 q0, q1, q2") \
    X(15, "vmls.i32 q0, q1, q2") \
    X(16, "vand q0, q1, q2") \
    X(17, "vbic q0, q1, q2") \
    X(18, "vorr q0, q1, q2") \
    X(19, "vorn q0, q1, q2") \
    X(20, "veor q0, q1, q2") \
    X(21, "vbsl q0, q1, q2") \
    X(22, "vbit q0, q1, q2") \
    X(23, "vbif q0, q1, q2") \
    X(24, "vmov q0, q1") \
    X(25, "vmvn q0, q1") \
    X(26, "vmov.i8 q0, #0xab") \
    X(27, "vmov.i16 q0, #0xab00") \
    X(28, "vmov.i32 q0, #0xab0000") \
    X(29, "vmov.i32 q0, #0xabffff") \
    X(30, "vmov.i32 q0, #0xabff") \
    X(31, "vmov.i64 q0, #0xff00ff0000ff00ff") \
    X(32, "vmov.f32 q0, #1.5") \
    X(33, "vmov.f32 q0, #-0.125") \
    X(34, "vmvn.i32 q0, #0xab") \
    X(35, "vmvn.i16 q0, #0xab00") \
    X(36, "vorr.i32 q0, #0xab00") \
    X(37, "vorr.i16 q0, #0xab") \
    X(38, "vbic.i32 q0, #0xab000000") \
    X(39, "vbic.i16 q0, #0xab00") \
    X(40, "vdup.8 q0, d3[5]") \
    X(41, "vdup.16 q0, d3[3]") \
    X(42, "vdup.32 q0, d3[1]") \
    X(43, "vdup.8 q0, r1") \
    X(44, "vdup.16 d0, r1") \
    X(45, "vdup.32 q0, r1") \
    X(46, "vext.8 q0, q1, q2, #3") \
    X(47, "vext.8 d0, d2, d4, #7") \
    X(48, "vext.32 q0, q1, q2, #3") \
    X(49, "vrev16.8 q0, q1") \
    X(50, "vrev32.8 q0, q1") \
    X(51, "vrev32.16 q0, q1") \
    X(52, "vrev64.8 q0, q1") \
    X(53, "vrev64.16 q0, q1") \
    X(54, "vrev64.32 q0, q1") \
    X(55, "vswp q0, q1") \
    X(56, "vtrn.8 q0, q1") \
    X(57, "vtrn.16 q0, q1") \
    X(58, "vtrn.32 q0, q1") \
    X(59, "vzip.8 q0, q1") \
    X(60, "vzip.16 d0, d2") \
    X(61, "vzip.32 q0, q1") \
    X(62, "vuzp.8 q0, q1") \
    X(63, "vuzp.16 q0, q1") \
    X(64, "vuzp.32 q0, q1") \
    X(65, "vtbl.8 d0, {d2}, d4") \
    X(66, "vtbl.8 d0, {d2,d3}, d4") \
    X(67, "vtbl.8 d0, {d2,d3,d4}, d5") \
    X(68, "vtbx.8 d0, {d2,d3,d4,d5}, d6") \
    X(69, "vtbx.8 d0, {d2}, d4") \
    X(70, "vceq.i8 q0, q1, q2") \
    X(71, "vceq.i32 q0, q1, q2") \
    X(72, "vcge.s8 q0, q1, q2") \
    X(73, "vcge.u16 q0, q1, q2") \
    X(74, "vcgt.s32 q0, q1, q2") \
    X(75, "vcgt.u8 q0, q1, q2") \
    X(76, "vcle.s8 q0, q1, q2") \
    X(77, "vclt.u32 q0, q1, q2") \
    X(78, "vceq.i8 q0, q1, #0") \
    X(79, "vcge.s16 q0, q1, #0") \
    X(80, "vcgt.s32 q0, q1, #0") \
    X(81, "vcle.s8 q0, q1, #0") \
    X(82, "vclt.s16 q0, q1, #0") \
    X(83, "vtst.8 q0, q1, q2") \
    X(84, "vtst.32 q0, q1, q2") \
    X(85, "vmax.s8 q0, q1, q2") \
    X(86, "vmax.u16 q0, q1, q2") \
    X(87, "vmin.s32 q0, q1, q2") \
    X(88, "vmin.u8 q0, q1, q2") \
    X(89, "vabs.s8 q0, q1") \
    X(90, "vabs.s32 q0, q1") \
    X(91, "vneg.s16 q0, q1") \
    X(92, "vneg.s32 q0, q1") \
    X(93, "vqadd.s8 q0, q1, q2") \
    X(94, "vqadd.u8 q0, q1, q2") \
    X(95, "vqadd.s16 q0, q1, q2") \
    X(96, "vqadd.u32 q0, q1, q2") \
    X(97, "vqadd.s64 q0, q1, q2") \
    X(98, "vqadd.u64 q0, q1, q2") \
    X(99, "vqsub.s8 q0, q1, q2") \
    X(100, "vqsub.u16 q0, q1, q2") \
    X(101, "vqsub.s32 q0, q1, q2") \
    X(102, "vqsub.u64 q0, q1, q2") \
    X(103, "vhadd.s8 q0, q1, q2") \
    X(104, "vhadd.u32 q0, q1, q2") \
    X(105, "vrhadd.s16 q0, q1, q2") \
    X(106, "vrhadd.u8 q0, q1, q2") \
    X(107, "vhsub.s32 q0, q1, q2") \
    X(108, "vhsub.u16 q0, q1, q2") \
    X(109, "vshl.s8 q0, q1, q2") \
    X(110, "vshl.u16 q0, q1, q2") \
    X(111, "vshl.s32 q0, q1, q2") \
    X(112, "vshl.u64 q0, q1, q2") \
    X(113, "vrshl.s8 q0, q1, q2") \
    X(114, "vrshl.u32 q0, q1, q2") \
    X(115, "vrshl.s64 q0, q1, q2") \
    X(116, "vqshl.s8 q0, q1, q2") \
    X(117, "vqshl.u16 q0, q1, q2") \
    X(118, "vqshl.s64 q0, q1, q2") \
    X(119, "vqrshl.s16 q0, q1, q2") \
    X(120, "vqrshl.u32 q0, q1, q2") \
    X(121, "vshr.s8 q0, q1, #3") \
    X(122, "vshr.u8 q0, q1, #8") \
    X(123, "vshr.s16 q0, q1, #16") \
    X(124, "vshr.u32 q0, q1, #17") \
    X(125, "vshr.s64 q0, q1, #33") \
    X(126, "vshr.u64 q0, q1, #64") \
    X(127, "vsra.s8 q0, q1, #3") \
    X(128, "vsra.u32 q0, q1, #31") \
    X(129, "vrshr.s16 q0, q1, #5") \
    X(130, "vrshr.u64 q0, q1, #1") \
    X(131, "vrsra.s32 q0, q1, #7") \
    X(132, "vrsra.u8 q0, q1, #8") \
    X(133, "vsri.8 q0, q1, #3") \
    X(134, "vsri.32 q0, q1, #32") \
    X(135, "vsri.64 q0, q1, #17") \
    X(136, "vsli.8 q0, q1, #3") \
    X(137, "vsli.16 q0, q1, #0") \
    X(138, "vsli.64 q0, q1, #63") \
    X(139, "vshl.i8 q0, q1, #7") \
    X(140, "vshl.i32 q0, q1, #13") \
    X(141, "vshl.i64 q0, q1, #40") \
    X(142, "vqshl.s8 q0, q1, #3") \
    X(143, "vqshl.u16 q0, q1, #9") \
    X(144, "vqshl.s32 q0, q1, #20") \
    X(145, "vqshl.u64 q0, q1, #30") \
    X(146, "vqshlu.s8 q0, q1, #2") \
    X(147, "vqshlu.s32 q0, q1, #5") \
    X(148, "vshrn.i16 d0, q1, #3") \
    X(149, "vshrn.i32 d0, q1, #16") \
    X(150, "vshrn.i64 d0, q1, #20") \
    X(151, "vrshrn.i16 d0, q1, #8") \
    X(152, "vqshrn.s16 d0, q1, #2") \
    X(153, "vqshrn.u32 d0, q1, #5") \
    X(154, "vqshrn.s64 d0, q1, #10") \
    X(155, "vqrshrn.s16 d0, q1, #3") \
    X(156, "vqrshrn.u64 d0, q1, #32") \
    X(157, "vqshrun.s16 d0, q1, #3") \
    X(158, "vqrshrun.s32 d0, q1, #9") \
    X(159, "vmovn.i16 d0, q1") \
    X(160, "vmovn.i32 d0, q1") \
    X(161, "vmovn.i64 d0, q1") \
    X(162, "vqmovn.s16 d0, q1") \
    X(163, "vqmovn.u32 d0, q1") \
    X(164, "vqmovn.s64 d0, q1") \
    X(165, "vqmovun.s16 d0, q1") \
    X(166, "vqmovun.s32 d0, q1") \
    X(167, "vmovl.s8 q0, d2") \
    X(168, "vmovl.u16 q0, d2") \
    X(169, "vmovl.s32 q0, d2") \
    X(170, "vshll.s8 q0, d2, #3") \
    X(171, "vshll.u16 q0, d2, #15") \
    X(172, "vshll.i8 q0, d2, #8") \
    X(173, "vshll.i16 q0, d2, #16") \
    X(174, "vshll.i32 q0, d2, #32") \
    X(175, "vaddl.s8 q0, d2, d4") \
    X(176, "vaddl.u16 q0, d2, d4") \
    X(177, "vaddl.s32 q0, d2, d4") \
    X(178, "vaddw.s8 q0, q1, d4") \
    X(179, "vaddw.u32 q0, q1, d4") \
    X(180, "vsubl.u8 q0, d2, d4") \
    X(181, "vsubl.s16 q0, d2, d4") \
    X(182, "vsubw.s16 q0, q1, d4") \
    X(183, "vsubw.u8 q0, q1, d4") \
    X(184, "vaddhn.i16 d0, q1, q2") \
    X(185, "vraddhn.i32 d0, q1, q2") \
    X(186, "vsubhn.i64 d0, q1, q2") \
    X(187, "vrsubhn.i16 d0, q1, q2") \
    X(188, "vmull.s8 q0, d2, d4") \
    X(189, "vmull.u16 q0, d2, d4") \
    X(190, "vmull.s32 q0, d2, d4") \
    X(191, "vmull.u32 q0, d2, d4") \
    X(192, "vmull.p8 q0, d2, d4") \
    X(193, "vmlal.s8 q0, d2, d4") \
    X(194, "vmlal.u32 q0, d2, d4") \
    X(195, "vmlsl.s16 q0, d2, d4") \
    X(196, "vmlsl.u8 q0, d2, d4") \
    X(197, "vqdmull.s16 q0, d2, d4") \
    X(198, "vqdmull.s32 q0, d2, d4") \
    X(199, "vqdmlal.s16 q0, d2, d4") \
    X(200, "vqdmlsl.s32 q0, d2, d4") \
    X(201, "vabd.s8 q0, q1, q2") \
    X(202, "vabd.u16 q0, q1, q2") \
    X(203, "vabd.s32 q0, q1, q2") \
    X(204, "vaba.u8 q0, q1, q2") \
    X(205, "vaba.s32 q0, q1, q2") \
    X(206, "vabdl.s8 q0, d2, d4") \
    X(207, "vabdl.u32 q0, d2, d4") \
    X(208, "vabal.u16 q0, d2, d4") \
    X(209, "vabal.s8 q0, d2, d4") \
    X(210, "vqdmulh.s16 q0, q1, q2") \
    X(211, "vqdmulh.s32 q0, q1, q2") \
    X(212, "vqrdmulh.s16 q0, q1, q2") \
    X(213, "vqrdmulh.s32 q0, q1, q2") \
    X(214, "vpadd.i8 d0, d2, d4") \
    X(215, "vpadd.i16 d0, d2, d4") \
    X(216, "vpadd.i32 d0, d2, d4") \
    X(217, "vpaddl.s8 q0, q1") \
    X(218, "vpaddl.u16 q0, q1") \
    X(219, "vpaddl.s32 q0, q1") \
    X(220, "vpaddl.u8 d0, d2") \
    X(221, "vpadal.s8 q0, q1") \
    X(222, "vpadal.u32 q0, q1") \
    X(223, "vpmax.s8 d0, d2, d4") \
    X(224, "vpmax.u16 d0, d2, d4") \
    X(225, "vpmin.s32 d0, d2, d4") \
    X(226, "vpmin.u8 d0, d2, d4") \
    X(227, "vcnt.8 q0, q1") \
    X(228, "vclz.i8 q0, q1") \
    X(229, "vclz.i16 q0, q1") \
    X(230, "vclz.i32 q0, q1") \
    X(231, "vcls.s8 q0, q1") \
    X(232, "vcls.s16 q0, q1") \
    X(233, "vcls.s32 q0, q1") \
    X(234, "vqabs.s8 q0, q1") \
    X(235, "vqabs.s32 q0, q1") \
    X(236, "vqneg.s16 q0, q1") \
    X(237, "vqneg.s8 q0, q1") \
    X(238, "vmul.i16 q0, q1, d4[2]") \
    X(239, "vmul.i32 q0, q1, d4[1]") \
    X(240, "vmla.i16 q0, q1, d4[3]") \
    X(241, "vmla.i32 d0, d2, d5[0]") \
    X(242, "vmls.i32 q0, q1, d4[1]") \
    X(243, "vmul.f32 q0, q1, d4[1]") \
    X(244, "vmla.f32 q0, q1, d4[0]") \
    X(245, "vmls.f32 q0, q1, d5[1]") \
    X(246, "vmull.s16 q0, d2, d4[2]") \
    X(247, "vmull.u32 q0, d2, d4[1]") \
    X(248, "vmlal.s16 q0, d2, d7[3]") \
    X(249, "vmlal.u32 q0, d2, d4[0]") \
    X(250, "vmlsl.s32 q0, d2, d15[1]") \
    X(251, "vqdmull.s16 q0, d2, d4[1]") \
    X(252, "vqdmlal.s32 q0, d2, d4[1]") \
    X(253, "vqdmulh.s16 q0, q1, d4[3]") \
    X(254, "vqrdmulh.s32 q0, q1, d4[1]") \
    X(255, "vadd.f32 q0, q1, q2") \
    X(256, "vsub.f32 q0, q1, q2") \
    X(257, "vmul.f32 q0, q1, q2") \
    X(258, "vmla.f32 q0, q1, q2") \
    X(259, "vmls.f32 q0, q1, q2") \
    X(260, "vfma.f32 q0, q1, q2") \
    X(261, "vfms.f32 q0, q1, q2") \
    X(262, "vabd.f32 q0, q1, q2") \
    X(263, "vabs.f32 q0, q1") \
    X(264, "vneg.f32 q0, q1") \
    X(265, "vmax.f32 q0, q1, q2") \
    X(266, "vmin.f32 q0, q1, q2") \
    X(267, "vceq.f32 q0, q1, q2") \
    X(268, "vcge.f32 q0, q1, q2") \
    X(269, "vcgt.f32 q0, q1, q2") \
    X(270, "vacge.f32 q0, q1, q2") \
    X(271, "vacgt.f32 q0, q1, q2") \
    X(272, "vceq.f32 q0, q1, #0") \
    X(273, "vcge.f32 q0, q1, #0") \
    X(274, "vcgt.f32 q0, q1, #0") \
    X(275, "vcle.f32 q0, q1, #0") \
    X(276, "vclt.f32 q0, q1, #0") \
    X(277, "vrecpe.f32 q0, q1") \
    X(278, "vrsqrte.f32 q0, q1") \
    X(279, "vrecpe.u32 q0, q1") \
    X(280, "vrsqrte.u32 q0, q1") \
    X(281, "vrecps.f32 q0, q1, q2") \
    X(282, "vrsqrts.f32 q0, q1, q2") \
    X(283, "vcvt.f32.s32 q0, q1") \
    X(284, "vcvt.f32.u32 q0, q1") \
    X(285, "vcvt.s32.f32 q0, q1") \
    X(286, "vcvt.u32.f32 q0, q1") \
    X(287, "vcvt.f32.s32 q0, q1, #16") \
    X(288, "vcvt.f32.u32 q0, q1, #1") \
    X(289, "vcvt.s32.f32 q0, q1, #8") \
    X(290, "vcvt.u32.f32 q0, q1, #32") \
    X(291, "vpadd.f32 d0, d2, d4") \
    X(292, "vpmax.f32 d0, d2, d4") \
    X(293, "vpmin.f32 d0, d2, d4")

INSNS(T)
static const struct {
    void (*fn)(void);
    const char *name;
} tests[] = {INSNS(ENTRY)};

int main(void)
{
    for (int mode = 0; mode < 4; mode++) {
        for (int rep = 0; rep < 2; rep++) {
            for (unsigned i = 0; i < sizeof(tests) / sizeof(tests[0]); i++) {
                fill(mode);
                tests[i].fn();
                dump(tests[i].name);
            }
        }
    }
    printf("ok\n");
    return 0;
}
