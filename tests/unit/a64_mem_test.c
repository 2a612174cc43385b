/*
 * A64 loads and stores, exclusives, atomics and system registers run
 * through the real pipeline: every addressing mode with its writeback,
 * sign and zero extension, pairs, the exclusive monitor's success and
 * failure, each LSE operation at each size against a C model, CAS and
 * CASP on both paths, DC ZVA, the EL0 system registers, alignment faults
 * and the encodings that must UNDEF.
 */
#include "a64_test_util.h"

TestSuite(a64_mem, .init = a64_setup, .fini = a64_teardown);
TestSuite(a64_atomic, .init = a64_setup, .fini = a64_teardown);
TestSuite(a64_sys, .init = a64_setup, .fini = a64_teardown);

static const uint8_t pattern[16] = {0x81, 0x92, 0xa3, 0xb4, 0xc5, 0xd6, 0xe7, 0xf8,
                                    0x09, 0x1a, 0x2b, 0x3c, 0x4d, 0x5e, 0x6f, 0x70};

static uint64_t le(const uint8_t *p, int bytes)
{
    uint64_t v = 0;
    for (int i = 0; i < bytes; i++)
        v |= (uint64_t)p[i] << (8 * i);
    return v;
}

static uint64_t sext(uint64_t v, int bits) { return (uint64_t)((int64_t)(v << (64 - bits)) >> (64 - bits)); }

/* -- Single registers -- */

Test(a64_mem, loads_extend_as_their_opcode_says)
{
    memcpy(a64_data8(0x100), pattern, 16);
    a64_asm("ldrb w0, [x1]\n ldrsb w2, [x1]\n ldrsb x3, [x1]\n ldrh w4, [x1, #2]\n ldrsh w5, [x1, #2]\n"
            "ldrsh x6, [x1, #2]\n ldr w7, [x1, #4]\n ldrsw x8, [x1, #4]\n ldr x9, [x1, #8]\n"
            "ldur x10, [x1, #1]\n ldursw x11, [x1, #-4]\n ldtrb w12, [x1, #15]");
    env->xregs[1] = A64_DATA + 0x100;
    memcpy(a64_data8(0xfc), pattern + 8, 4);
    cr_assert_eq(a64_run(), EXCP_SWI);
    const uint8_t *p = pattern;
    cr_assert_eq(env->xregs[0], p[0]);
    cr_assert_eq(env->xregs[2], (uint32_t)sext(p[0], 8), "W sign-extend zeroes the upper half");
    cr_assert_eq(env->xregs[3], sext(p[0], 8));
    cr_assert_eq(env->xregs[4], le(p + 2, 2));
    cr_assert_eq(env->xregs[5], (uint32_t)sext(le(p + 2, 2), 16));
    cr_assert_eq(env->xregs[6], sext(le(p + 2, 2), 16));
    cr_assert_eq(env->xregs[7], le(p + 4, 4));
    cr_assert_eq(env->xregs[8], sext(le(p + 4, 4), 32));
    cr_assert_eq(env->xregs[9], le(p + 8, 8));
    cr_assert_eq(env->xregs[10], le(p + 1, 8), "unaligned access is allowed");
    cr_assert_eq(env->xregs[11], sext(le(pattern + 8, 4), 32));
    cr_assert_eq(env->xregs[12], p[15]);
}

Test(a64_mem, stores_of_each_size_and_indexing_modes)
{
    a64_asm("strb w2, [x1], #1\n strh w2, [x1, #1]!\n str w2, [x1, #2]\n str x2, [x1, #7]\n"
            "stur w2, [x1, #-6]\n mov x3, x13\n str x2, [x3, #-8]!\n ldr x4, [x3], #16\n"
            "ldr w5, [x3, #-16]!\n ldrb w6, [x3, #0x7ff]\n ldr x7, [x3, #32760]");
    env->xregs[1] = A64_DATA + 0x200;
    env->xregs[2] = 0x1122334455667788ull;
    env->xregs[13] = A64_DATA + 0x300;
    *a64_data8(0x2f8 + 0x7ff) = 0x5a;
    *a64_data64(0x2f8 + 32760) = 0xfeedfacecafebeefull;
    cr_assert_eq(a64_run(), EXCP_SWI);
    cr_assert_eq(*a64_data8(0x200), 0x88);
    cr_assert_eq(env->xregs[1], A64_DATA + 0x202, "post-index then pre-index");
    cr_assert_eq(le(a64_data8(0x202), 2), 0x7788);
    cr_assert_eq(le(a64_data8(0x204), 4), 0x55667788u);
    cr_assert_eq(le(a64_data8(0x209), 8), 0x1122334455667788ull);
    cr_assert_eq(le(a64_data8(0x1fc), 4), 0x55667788u);
    cr_assert_eq(env->xregs[3], A64_DATA + 0x2f8, "pre-index -8, post +16, pre -16");
    cr_assert_eq(*a64_data64(0x2f8), 0x1122334455667788ull);
    cr_assert_eq(env->xregs[4], 0x1122334455667788ull);
    cr_assert_eq(env->xregs[5], 0x55667788u);
    cr_assert_eq(env->xregs[6], 0x5a, "scaled offset: 0x7ff bytes");
    cr_assert_eq(env->xregs[7], 0xfeedfacecafebeefull, "largest scaled X offset");
}

Test(a64_mem, register_offsets_extend_and_scale)
{
    for (int i = 0; i < 64; i++)
        *a64_data64(0x1000 + 8u * (unsigned)i) = 0x1000u + (unsigned)i;
    a64_asm("ldr x0, [x1, x2]\n ldr x3, [x1, x2, lsl #3]\n ldr x4, [x1, w5, uxtw #3]\n"
            "ldr x6, [x1, w7, sxtw #3]\n ldr x8, [x9, x7, sxtx]\n ldrh w10, [x12, w5, uxtw #1]\n"
            "strb w11, [x1, w5, uxtw]\n prfm pldl1keep, [x1, x2]\n prfm pstl2strm, [x1, #8]");
    env->xregs[1] = A64_DATA + 0x1100;
    env->xregs[2] = 8;
    env->xregs[5] = 0xffffffff00000003ull;  /* uxtw: 3 */
    env->xregs[7] = 0x00000000fffffffeull;  /* sxtw: -2; as x: +0xfffffffe */
    env->xregs[9] = A64_DATA + 0x1100 - 0xfffffffeull;
    env->xregs[11] = 0xab;
    env->xregs[12] = A64_DATA + 0x1102;
    cr_assert_eq(a64_run(), EXCP_SWI);
    cr_assert_eq(env->xregs[0], 0x1000u + 0x21);
    cr_assert_eq(env->xregs[3], 0x1000u + 0x28);
    cr_assert_eq(env->xregs[4], 0x1000u + 0x23);
    cr_assert_eq(env->xregs[6], 0x1000u + 0x1e);
    cr_assert_eq(env->xregs[8], 0x1000u + 0x20);
    cr_assert_eq(env->xregs[10], 0x1021, "halfword at 0x1102 + 6");
    cr_assert_eq(*a64_data8(0x1103), 0xab);
}

Test(a64_mem, literal_loads)
{
    a64_asm("ldr x0, 1f\n ldr w2, 1f\n ldrsw x3, 2f\n prfm pldl1keep, 1f\n b 3f\n"
            ".balign 8\n 1: .quad 0x8877665544332211\n 2: .word 0x80000001\n 3: nop");
    cr_assert_eq(a64_run(), EXCP_SWI);
    cr_assert_eq(env->xregs[0], 0x8877665544332211ull);
    cr_assert_eq(env->xregs[2], 0x44332211u);
    cr_assert_eq(env->xregs[3], 0xffffffff80000001ull);
}

/* -- Pairs -- */

Test(a64_mem, pairs_in_every_indexing_mode)
{
    a64_asm("stp x2, x3, [x1]\n stp w2, w3, [x1, #16]!\n ldp w4, w5, [x1], #-16\n ldpsw x6, x7, [x1, #16]\n"
            "stnp x3, x2, [x1, #32]\n ldnp x8, x9, [x1, #32]\n ldp x10, x11, [x1, #-512]\n"
            "stp x2, x3, [sp, #-16]!\n ldp x12, x13, [sp], #16");
    env->xregs[1] = A64_DATA + 0x800;
    env->xregs[2] = 0x80000000deadbeefull;
    env->xregs[3] = 0x00000000fffffffeull;
    env->xregs[31] = A64_DATA + 0xf000;
    *a64_data64(0x600) = 1;
    *a64_data64(0x608) = 2;
    cr_assert_eq(a64_run(), EXCP_SWI);
    cr_assert_eq(*a64_data64(0x800), env->xregs[2]);
    cr_assert_eq(*a64_data64(0x808), env->xregs[3]);
    cr_assert_eq(*a64_data32(0x810), 0xdeadbeefu);
    cr_assert_eq(*a64_data32(0x814), 0xfffffffeu);
    cr_assert_eq(env->xregs[1], A64_DATA + 0x800, "pre +16 then post -16");
    cr_assert_eq(env->xregs[4], 0xdeadbeefu);
    cr_assert_eq(env->xregs[5], 0xfffffffeu);
    cr_assert_eq(env->xregs[6], 0xffffffffdeadbeefull);
    cr_assert_eq(env->xregs[7], 0xfffffffffffffffeull);
    cr_assert_eq(env->xregs[8], env->xregs[3]);
    cr_assert_eq(env->xregs[9], env->xregs[2]);
    cr_assert_eq(env->xregs[10], 1);
    cr_assert_eq(env->xregs[11], 2);
    cr_assert_eq(env->xregs[12], env->xregs[2]);
    cr_assert_eq(env->xregs[13], env->xregs[3]);
    cr_assert_eq(env->xregs[31], A64_DATA + 0xf000);
    cr_assert_eq(*a64_data64(0xeff0), env->xregs[2]);
    /* ldp with Rt == Rt2 (CONSTRAINED UNPREDICTABLE): Rt keeps the first. */
    a64_asm(".inst 0xa9400020"); /* ldp x0, x0, [x1] */
    cr_assert_eq(a64_run(), EXCP_SWI);
    cr_assert_eq(env->xregs[0], *a64_data64(0x800));
}

Test(a64_mem, unallocated_load_store_forms_undef)
{
    static const uint32_t words[] = {
        0x69000820, /* stgp (opc=01, L=0): not in ARMv8.0 */
        0x68400820, /* ldpsw with no-allocate indexing */
        0xe9000820, /* pair with opc=11 */
        0xb8600820, /* ldr w0, [x1, x0, option 000] */
        0xf8c00420, /* opc=11 with size=11: no sign-extending load to X of X */
    };
    for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++) {
        uint32_t w[2] = {words[i], 0xd4000001u};
        env->xregs[1] = A64_DATA;
        cr_assert_eq(a64_run_at(a64_put_words(w, 2)), EXCP_UDEF, "word %#x", words[i]);
    }
    /* prfm with post-index writeback (size=11 opc=10 idx=01) is unallocated */
    uint32_t w[2] = {0xf8800420u, 0xd4000001u};
    cr_assert_eq(a64_run_at(a64_put_words(w, 2)), EXCP_UDEF);
}

/* -- Exclusives -- */

Test(a64_atomic, exclusive_pairs_succeed_and_fail)
{
    a64_asm("ldxr x0, [x1]\n add x0, x0, #1\n stxr w2, x0, [x1]\n"
            "ldaxrb w3, [x1]\n clrex\n stlxrb w4, w3, [x1]\n"
            "ldxr w5, [x1]\n stxr w6, w5, [x7]\n"
            "ldxp x8, x9, [x10]\n stxp w11, x9, x8, [x10]\n"
            "ldaxp w12, w13, [x14]\n stlxp w15, w13, w12, [x14]\n"
            "ldxrh w16, [x1]\n stxrh w17, wzr, [x1]");
    *a64_data64(0) = 41;
    *a64_data64(0x40) = 0x1111;
    *a64_data64(0x48) = 0x2222;
    *a64_data64(0x50) = 0x0000000700000003ull;
    env->xregs[1] = A64_DATA;
    env->xregs[7] = A64_DATA + 8;
    env->xregs[10] = A64_DATA + 0x40;
    env->xregs[14] = A64_DATA + 0x50;
    cr_assert_eq(a64_run(), EXCP_SWI);
    cr_assert_eq(env->xregs[2], 0, "stxr after ldxr succeeds");
    cr_assert_eq(env->xregs[4], 1, "clrex makes stlxrb fail");
    cr_assert_eq(env->xregs[6], 1, "another address fails");
    cr_assert_eq(env->xregs[11], 0);
    cr_assert_eq(*a64_data64(0x40), 0x2222, "stxp swapped the pair");
    cr_assert_eq(*a64_data64(0x48), 0x1111);
    cr_assert_eq(env->xregs[12], 3);
    cr_assert_eq(env->xregs[13], 7);
    cr_assert_eq(env->xregs[15], 0);
    cr_assert_eq(*a64_data64(0x50), 0x0000000300000007ull);
    cr_assert_eq(env->xregs[17], 0);
    cr_assert_eq(*a64_data64(0), 42 & ~0xffffull, "stxrh stored zero in the low half");
    cr_assert_eq(env->exclusive_addr, UINT64_MAX, "a store-exclusive closes the monitor");
}

Test(a64_atomic, lorelease_forms_order_like_ldar_stlr)
{
    a64_asm("stllr x2, [x1]\n ldlarb w3, [x1]\n stllrh w2, [x4]\n ldlar x5, [x4]");
    env->xregs[1] = A64_DATA + 0x10;
    env->xregs[2] = 0x1122334455667788ull;
    env->xregs[4] = A64_DATA + 0x20;
    cr_assert_eq(a64_run(), EXCP_SWI);
    cr_assert_eq(*a64_data64(0x10), 0x1122334455667788ull);
    cr_assert_eq(env->xregs[3], 0x88);
    cr_assert_eq(env->xregs[5], 0x7788);
}

Test(a64_atomic, exclusive_store_fails_when_memory_changed)
{
    uint32_t pc = a64_asm("ldxr w0, [x1]\n str w3, [x1]\n stxr w2, w0, [x1]");
    *a64_data32(0) = 5;
    env->xregs[1] = A64_DATA;
    env->xregs[3] = 6;
    cr_assert_eq(a64_run_at(pc), EXCP_SWI);
    cr_assert_eq(env->xregs[2], 1, "the value moved under the monitor");
    cr_assert_eq(*a64_data32(0), 6);
}

Test(a64_atomic, misaligned_exclusives_and_atomics_fault)
{
    static const char *const src[] = {"ldxr x0, [x1]", "ldaxrh w0, [x1]", "stlr w0, [x1]", "ldadd x2, x0, [x1]",
                                      "cas w0, w2, [x1]", "ldar x0, [x1]", "ldxp x2, x3, [x4]",
                                      "casp x2, x3, x4, x5, [x4]"};
    for (int i = 0; i < 8; i++) {
        uint32_t pc = a64_asm(src[i]);
        env->xregs[1] = A64_DATA + 3;
        env->xregs[4] = A64_DATA + 8;
        cr_assert_eq(a64_run_at(pc), EXCP_UNALIGNED, "%s", src[i]);
        cr_assert_eq(env->pc, pc, "%s: at the insn", src[i]);
        cr_assert_eq(env->common.fault_addr, i >= 6 ? A64_DATA + 8 : A64_DATA + 3, "%s", src[i]);
    }
}

/* -- LSE atomics -- */

static uint64_t model_atomic(int op, uint64_t old, uint64_t v, int bits)
{
    uint64_t m = bits == 64 ? ~0ull : (1ull << bits) - 1;
    int64_t so = (int64_t)sext(old & m, bits), sv = (int64_t)sext(v & m, bits);
    switch (op) {
    case 0: return (old + v) & m;
    case 1: return old & ~v & m;
    case 2: return (old ^ v) & m;
    case 3: return (old | v) & m;
    case 4: return (uint64_t)(so > sv ? so : sv) & m;
    case 5: return (uint64_t)(so < sv ? so : sv) & m;
    case 6: return ((old & m) > (v & m) ? old : v) & m;
    case 7: return ((old & m) < (v & m) ? old : v) & m;
    default: return v & m;
    }
}

Test(a64_atomic, every_lse_operation_at_every_size)
{
    static const char *const ops[9] = {"ldadd", "ldclr", "ldeor", "ldset", "ldsmax",
                                       "ldsmin", "ldumax", "ldumin", "swp"};
    static const char *const sfx[4] = {"b", "h", "", ""};
    static const char *const ord[4] = {"", "a", "l", "al"};
    for (int op = 0; op < 9; op++)
        for (int size = 0; size < 4; size++) {
            char src[64];
            snprintf(src, sizeof(src), "%s%s%s %c2, %c0, [x1]", ops[op], ord[(op + size) & 3], sfx[size],
                     size == 3 ? 'x' : 'w', size == 3 ? 'x' : 'w');
            uint32_t pc = a64_asm(src);
            int bits = 8 << size;
            for (int k = 0; k < 6; k++) {
                uint64_t old = a64_rand(), v = k == 0 ? old : a64_rand() >> (k * 7);
                *a64_data64(0x100) = old;
                *a64_data64(0x108) = 0x5a5a5a5a5a5a5a5aull;
                env->xregs[1] = A64_DATA + 0x100;
                env->xregs[2] = v;
                cr_assert_eq(a64_run_at(pc), EXCP_SWI, "%s", src);
                uint64_t m = bits == 64 ? ~0ull : (1ull << bits) - 1;
                cr_assert_eq(env->xregs[0], old & m, "%s returns the old value", src);
                uint64_t want = (old & ~m) | model_atomic(op, old, v, bits);
                cr_assert_eq(*a64_data64(0x100), want, "%s: memory %#lx want %#lx (old %#lx v %#lx)", src,
                             *a64_data64(0x100), want, old, v);
                cr_assert_eq(*a64_data64(0x108), 0x5a5a5a5a5a5a5a5aull);
            }
        }
    /* The ST<op> aliases discard the old value (Rt = xzr). */
    a64_asm("stadd x2, [x1]\n ldapr x3, [x1]");
    *a64_data64(0) = 10;
    env->xregs[1] = A64_DATA;
    env->xregs[2] = 5;
    cr_assert_eq(a64_run(), EXCP_SWI);
    cr_assert_eq(*a64_data64(0), 15);
    cr_assert_eq(env->xregs[3], 15);
}

Test(a64_atomic, compare_and_swap_both_paths)
{
    a64_asm("cas x0, x2, [x1]\n casal w3, w4, [x5]\n casb w6, w7, [x8]\n"
            "casp x10, x11, x12, x13, [x9]\n caspa w14, w15, w16, w17, [x18]");
    *a64_data64(0) = 100;
    *a64_data32(0x10) = 7;
    *a64_data8(0x20) = 0x80;
    *a64_data64(0x40) = 1;
    *a64_data64(0x48) = 2;
    *a64_data64(0x60) = 0x0000000400000003ull;
    env->xregs[1] = A64_DATA;
    env->xregs[0] = 100;  /* matches: swap */
    env->xregs[2] = 200;
    env->xregs[5] = A64_DATA + 0x10;
    env->xregs[3] = 8;    /* does not match */
    env->xregs[4] = 9;
    env->xregs[8] = A64_DATA + 0x20;
    env->xregs[6] = 0xffffff80;  /* only the byte compares: matches */
    env->xregs[7] = 0x1;
    env->xregs[9] = A64_DATA + 0x40;
    env->xregs[10] = 1;
    env->xregs[11] = 2;
    env->xregs[12] = 0xaaaa;
    env->xregs[13] = 0xbbbb;
    env->xregs[18] = A64_DATA + 0x60;
    env->xregs[14] = 3;
    env->xregs[15] = 5;  /* high word differs: fails */
    env->xregs[16] = 0x11;
    env->xregs[17] = 0x22;
    cr_assert_eq(a64_run(), EXCP_SWI);
    cr_assert_eq(*a64_data64(0), 200);
    cr_assert_eq(env->xregs[0], 100, "the old value");
    cr_assert_eq(*a64_data32(0x10), 7, "failed compare leaves memory");
    cr_assert_eq(env->xregs[3], 7, "and returns what was there");
    cr_assert_eq(*a64_data8(0x20), 1);
    cr_assert_eq(env->xregs[6], 0x80);
    cr_assert_eq(*a64_data64(0x40), 0xaaaa, "casp x swapped");
    cr_assert_eq(*a64_data64(0x48), 0xbbbb);
    cr_assert_eq(env->xregs[10], 1);
    cr_assert_eq(env->xregs[11], 2);
    cr_assert_eq(*a64_data64(0x60), 0x0000000400000003ull, "casp w failed");
    cr_assert_eq(env->xregs[14], 3);
    cr_assert_eq(env->xregs[15], 4);
}

Test(a64_atomic, casp_x_failure_returns_the_pair)
{
    a64_asm("casp x2, x3, x4, x5, [x1]");
    *a64_data64(0x40) = 7;
    *a64_data64(0x48) = 8;
    env->xregs[1] = A64_DATA + 0x40;
    env->xregs[2] = 7;
    env->xregs[3] = 9;
    cr_assert_eq(a64_run(), EXCP_SWI);
    cr_assert_eq(env->xregs[2], 7);
    cr_assert_eq(env->xregs[3], 8);
    cr_assert_eq(*a64_data64(0x40), 7);
    cr_assert_eq(*a64_data64(0x48), 8);
}

/* -- System registers and cache maintenance -- */

Test(a64_sys, dc_zva_zeroes_the_aligned_block)
{
    memset(a64_data8(0), 0xff, 0x200);
    a64_asm("dc zva, x1\n dc cvau, x1\n dc civac, x1\n dc cvac, x1\n ic ivau, x1\n dsb ish\n isb\n dmb ishld\n"
            "mrs x2, dczid_el0\n mrs x3, ctr_el0");
    env->xregs[1] = A64_DATA + 0x47;
    cr_assert_eq(a64_run(), EXCP_SWI);
    for (int i = 0; i < 0x200; i++)
        cr_assert_eq(*a64_data8((uint32_t)i), i >= 0x40 && i < 0x80 ? 0 : 0xff, "byte %#x", i);
    cr_assert_eq(env->xregs[2], 4, "DCZID: 2^4 words, allowed");
    cr_assert_eq(4u << (env->xregs[2] & 0xf), 64u);
    cr_assert_eq((env->xregs[3] >> 16) & 0xf, 4, "CTR DminLine: 64 bytes");
}

Test(a64_sys, thread_pointers_and_fp_control)
{
    a64_asm("msr tpidr_el0, x1\n mrs x2, tpidr_el0\n mrs x3, tpidrro_el0\n msr fpcr, x4\n mrs x5, fpcr\n"
            "msr fpsr, x4\n mrs x6, fpsr\n msr nzcv, x4\n mrs x7, nzcv\n mrs x8, cntfrq_el0\n"
            "mrs x9, cntvct_el0\n mrs x10, cntvct_el0");
    env->xregs[1] = 0x0000ffffb7fff700ull;
    env->tpidrro_el0 = 0x1234;
    env->xregs[4] = 0xffffffffffffffffull;
    cr_assert_eq(a64_run(), EXCP_SWI);
    cr_assert_eq(env->tpidr_el0, 0x0000ffffb7fff700ull);
    cr_assert_eq(env->xregs[2], 0x0000ffffb7fff700ull);
    cr_assert_eq(env->xregs[3], 0x1234);
    cr_assert_eq(env->xregs[5], a64_fpcr_mask(env->features), "every FPCR bit the cpu has (FZ16 with FP16 only)");
    cr_assert_eq(env->xregs[6], A64_FPSR_MASK);
    cr_assert_eq(env->xregs[7], 0xf0000000u, "NZCV reads back only its four bits");
    cr_assert_eq(env->xregs[8], A64_CNTFRQ);
    cr_assert_leq(env->xregs[9], env->xregs[10], "the counter never goes back");
    cr_assert_gt(env->xregs[9], 0);
}

Test(a64_sys, id_registers_as_linux_presents_them)
{
    a64_asm("mrs x0, midr_el1\n mrs x1, mpidr_el1\n mrs x2, revidr_el1\n mrs x3, id_aa64isar0_el1\n"
            "mrs x4, id_aa64pfr0_el1\n mrs x5, id_aa64isar1_el1\n mrs x6, id_aa64mmfr0_el1\n"
            "mrs x7, s3_0_c0_c4_4\n mrs x8, s3_0_c0_c7_7");
    for (int i = 0; i < 9; i++)
        env->xregs[i] = 0xdead;
    cr_assert_eq(a64_run(), EXCP_SWI);
    cr_assert_eq(env->xregs[0], A64_MIDR);
    cr_assert_eq(env->xregs[1], 0x80000000u);
    cr_assert_eq(env->xregs[2], 0);
    cr_assert_eq((env->xregs[3] >> 16) & 0xf, 1, "CRC32");
    cr_assert_eq((env->xregs[3] >> 20) & 0xf, 2, "LSE atomics");
    cr_assert_eq((env->xregs[4] >> 16) & 0xff, 0, "FP and AdvSIMD implemented");
    cr_assert_eq(env->xregs[4] & 0xf, 1, "EL0: AArch64");
    cr_assert_eq((env->xregs[5] >> 20) & 0xf, 1, "LRCPC");
    cr_assert_eq(env->xregs[6], 0xff000000u, "MMFR0: hidden TGran4/TGran64 read as their safe value");
    cr_assert_eq(env->xregs[7], 0);
    cr_assert_eq(env->xregs[8], 0, "reserved ID registers read as zero");
}

/* MIDR_EL1 is the cpu's own (its model's), read from the state the
 * block is translated for. */
Test(a64_sys, midr_is_the_cpus)
{
    a64_asm("mrs x0, midr_el1");
    env->midr = 0x410fd034u; /* Cortex-A53 r0p4 */
    cr_assert_eq(a64_run(), EXCP_SWI);
    cr_assert_eq(env->xregs[0], 0x410fd034u);
}

Test(a64_sys, privileged_and_unallocated_encodings_undef)
{
    static const char *const src[] = {
        "msr tpidrro_el0, x0", "mrs x0, sctlr_el1", "msr s3_0_c0_c0_0, x0", "mrs x0, s3_0_c0_c1_0",
        "mrs x0, s3_0_c0_c0_1", "msr daifset, #2", "mrs x0, daif", "tlbi vmalle1", "dc isw, x0", "at s1e0r, x0",
        "hvc #0", "smc #0", "hlt #0", "eret", "sysl x0, #0, c0, c0, #0", "mrs x0, mdscr_el1",
        "mrs x0, cntpct_el0", "msr spsel, #1", "dcps1",
    };
    for (size_t i = 0; i < sizeof(src) / sizeof(src[0]); i++) {
        uint32_t pc = a64_asm(src[i]);
        env->xregs[1] = A64_DATA;
        cr_assert_eq(a64_run_at(pc), EXCP_UDEF, "%s", src[i]);
        cr_assert_eq(env->pc, pc, "%s", src[i]);
    }
}

Test(a64_sys, hints_are_nops)
{
    a64_asm("mov x0, #1\n nop\n yield\n wfe\n wfi\n sev\n sevl\n hint #0x22\n hint #0x7f\n esb\n csdb\n"
            "paciasp\n autiasp\n add x0, x0, #1");
    cr_assert_eq(a64_run(), EXCP_SWI);
    cr_assert_eq(env->xregs[0], 2);
}
