/*
 * A64 decoder robustness and field decoding: 100000 random instruction
 * words, half of them steered into the classes this frontend implements,
 * each translated as a one-insn TB through the real pipeline (decode ->
 * IR -> optimizer -> host code). Every word must either translate or
 * become UNDEF; nothing may crash or assert. 20000 random words of the
 * data-processing classes also run, and must complete or UNDEF at their
 * own pc. The field decoders exported
 * for tests (bitmask immediates, ID register values) are checked against
 * counts derived from the architecture's rules.
 */
#include "a64_test_util.h"
#include "frontends/arm/a64-translate.h"

TestSuite(a64_decode, .init = a64_setup, .fini = a64_teardown);

/* The op0 values (bits 28:25) of the integer classes: data processing
 * immediate 100x, branches and system 101x, loads and stores x1x0, data
 * processing register x101. */
static const uint32_t int_classes[] = {0x8, 0x9, 0xa, 0xb, 0x4, 0x6, 0xc, 0xe, 0x5, 0xd};

Test(a64_decode, random_words_translate_or_undef)
{
    enum { N = 100000, PER_PAGE = 1024 };
    static uint32_t words[PER_PAGE];
    int translated = 0;
    for (int base = 0; base < N; base += PER_PAGE) {
        for (int i = 0; i < PER_PAGE; i++) {
            uint32_t w = (uint32_t)a64_rand();
            if (i & 1) {
                uint32_t op0 = int_classes[(w >> 7) % (sizeof(int_classes) / sizeof(int_classes[0]))];
                w = (w & ~(0xfu << 25)) | op0 << 25;
            }
            words[i] = w;
        }
        if (code_next + sizeof(words) > A64_CODE + A64_CODE_SIZE) {
            /* Reuse the area: a fresh mapping drops its TBs and protection. */
            tb_flush();
            cr_assert_eq(target_munmap(A64_CODE, A64_CODE_SIZE), 0);
            cr_assert_eq(target_mmap(A64_CODE, A64_CODE_SIZE, PROT_READ | PROT_WRITE | PROT_EXEC,
                                     MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0),
                         A64_CODE);
            code_next = A64_CODE;
        }
        uint32_t at = a64_put_words(words, PER_PAGE);
        for (int i = 0; i < PER_PAGE; i++) {
            TranslationBlock *tb = tb_gen_code(&env->common, at + 4u * (unsigned)i, 0, 1);
            cr_assert_not_null(tb, "word %#x", words[i]);
            cr_assert_eq(tb->icount, 1, "word %#x", words[i]);
            cr_assert_eq(tb->size, 4, "word %#x", words[i]);
            translated++;
        }
    }
    cr_assert_eq(translated, (N + PER_PAGE - 1) / PER_PAGE * PER_PAGE);
}

/* Data processing touches no memory, so random words of those classes can
 * run: each either completes (and reaches the svc after it) or UNDEFs at
 * its own pc. */
static void random_xregs(void)
{
    for (int r = 0; r < 32; r++)
        env->xregs[r] = a64_rand();
}

Test(a64_decode, random_data_processing_words_run_or_undef)
{
    enum { N = 20000 };
    static const uint32_t dp_classes[] = {0x8, 0x9, 0x5, 0xd};
    static uint32_t words[N];
    for (int i = 0; i < N; i++) {
        uint32_t w = (uint32_t)a64_rand();
        words[i] = (w & ~(0xfu << 25)) | dp_classes[(w >> 5) & 3] << 25;
    }
    int ran, undef;
    a64_run_words(words, N, random_xregs, &ran, &undef);
    /* Both outcomes are common in these classes. */
    cr_assert_gt(ran, N / 10);
    cr_assert_gt(undef, N / 10);
}

Test(a64_decode, bitmask_immediate_values)
{
    int valid = 0;
    uint64_t v;
    for (int n = 0; n < 2; n++)
        for (int immr = 0; immr < 64; immr++)
            for (int imms = 0; imms < 64; imms++)
                if (a64_logic_imm_decode(&v, n, imms, immr)) {
                    valid++;
                    cr_assert_neq(v, 0, "never all zeros");
                    cr_assert_neq(v, ~0ull, "never all ones");
                }
    cr_assert_eq(valid, 64 * (1 + 3 + 7 + 15 + 31 + 63));
    cr_assert(a64_logic_imm_decode(&v, 0, 0x3c, 0));
    cr_assert_eq(v, 0x5555555555555555ull, "2-bit element 01");
    cr_assert(a64_logic_imm_decode(&v, 1, 0x3e, 1));
    cr_assert_eq(v, 0xbfffffffffffffffull, "63 ones rotated by 1");
    cr_assert(a64_logic_imm_decode(&v, 0, 0x27, 4));
    cr_assert_eq(v, 0xf00ff00ff00ff00full, "16-bit element, 8 ones, ror 4");
    cr_assert_not(a64_logic_imm_decode(&v, 0, 0x3d, 0), "2-bit element of all ones");
    cr_assert_not(a64_logic_imm_decode(&v, 1, 0x3f, 0), "64 ones");
    cr_assert_not(a64_logic_imm_decode(&v, 0, 0x3f, 0), "no element size");
}

Test(a64_decode, id_register_space)
{
    uint64_t v;
    int readable = 0;
    for (int crm = 0; crm < 16; crm++)
        for (int op2 = 0; op2 < 8; op2++)
            readable += a64_id_reg_value(A64_FEATURES_DEFAULT, A64_MIDR, crm, op2, &v);
    /* CRm 0: MIDR, MPIDR, REVIDR; CRm 2-7: all eight each. */
    cr_assert_eq(readable, 3 + 6 * 8);
    cr_assert(a64_id_reg_value(0, A64_MIDR, 6, 0, &v));
    cr_assert_eq(v, 0, "no CRC32 or LSE without the features");
    cr_assert(a64_id_reg_value(A64_FEATURE_LSE, A64_MIDR, 6, 0, &v));
    cr_assert_eq(v, 2ull << 20);
}
