/*
 * The AArch64 guest's hooks around translation: NZCV packing, the TB key,
 * state restore, the -d cpu dump, capstone disassembly, and the gdb
 * register description and access, and the barriers ordered accesses get.
 */
#include "a64_test_util.h"
#include "frontends/arm/a64-gdb.h"
#include "xrun/codegen.h"

TestSuite(a64_arch, .init = a64_setup, .fini = a64_teardown);

Test(a64_arch, nzcv_round_trips_through_the_split_flags)
{
    for (uint32_t f = 0; f < 16; f++) {
        a64_nzcv_write(env, f << 28 | 0x0fffffffu);
        cr_assert_eq(a64_nzcv_read(env), f << 28);
        cr_assert_eq(env->ZF == 0, (f >> 2) & 1);
        cr_assert_eq(env->CF, (f >> 1) & 1);
    }
}

Test(a64_arch, tb_key_and_restore_use_the_64_bit_pc)
{
    uint64_t pc;
    uint32_t flags = 0;
    env->pc = 0x0000ffff12345678ull;
    a64_guest_arch.get_tb_key(&env->common, &pc, &flags);
    cr_assert_eq(pc, 0x0000ffff12345678ull);
    cr_assert_eq(flags, A64_TB_FP_NEAREST, "FPCR 0: round to nearest, no flush");
    env->fpcr = 1u << 25; /* DN changes NaN results only */
    a64_guest_arch.get_tb_key(&env->common, &pc, &flags);
    cr_assert_eq(flags, A64_TB_FP_NEAREST);
    static const uint32_t other[] = {1u << 22, 2u << 22, 3u << 22, 1u << 24}; /* RP, RM, RZ, FZ */
    for (int i = 0; i < 4; i++) {
        env->fpcr = other[i];
        a64_guest_arch.get_tb_key(&env->common, &pc, &flags);
        cr_assert_eq(flags, 0, "FPCR %#x", other[i]);
    }
    const uint64_t data[2] = {0x0000aaaabbbbccccull, 0};
    a64_guest_arch.restore_state(&env->common, data);
    cr_assert_eq(env->pc, 0x0000aaaabbbbccccull);
    cr_assert_eq(a64_guest_arch.insn_start_words, 1);
    cr_assert_eq(a64_guest_arch.env_size, sizeof(CPUA64State));
}

Test(a64_arch, dump_and_disassembly)
{
    uint32_t pc = a64_asm("adds x0, x1, #4");
    char buf[128];
    cr_assert_eq(a64_guest_arch.disas(&env->common, pc, 0, buf, sizeof(buf)), 4);
    cr_assert_str_eq(buf, "adds x0, x1, #4");
    env->xregs[30] = 0x1e;
    env->xregs[31] = 0x5000;
    a64_nzcv_write(env, 0x90000000u);
    char *out = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&out, &len);
    a64_guest_arch.dump_state(&env->common, f);
    fclose(f);
    cr_assert(strstr(out, "X30=000000000000001e"), "%s", out);
    cr_assert(strstr(out, "SP=0000000000005000"), "%s", out);
    cr_assert(strstr(out, "NZCV=N--V"), "%s", out);
    free(out);
}

Test(a64_arch, gdb_registers)
{
    const char *xml = a64_gdb_arch.get_xml();
    cr_assert(strstr(xml, "org.gnu.gdb.aarch64.core"));
    cr_assert(strstr(xml, "org.gnu.gdb.aarch64.fpu"));
    cr_assert(strstr(xml, "<reg name=\"pc\" bitsize=\"64\" type=\"code_ptr\" regnum=\"32\"/>"));
    uint8_t buf[16];
    env->xregs[7] = 0x0102030405060708ull;
    cr_assert_eq(a64_gdb_arch.read_reg(&env->common, buf, 7), 8);
    cr_assert_eq(buf[0], 0x08, "little-endian");
    cr_assert_eq(buf[7], 0x01);
    memset(buf, 0, sizeof(buf));
    buf[0] = 0x40;
    cr_assert_eq(a64_gdb_arch.write_reg(&env->common, buf, 32), 8);
    cr_assert_eq(env->pc, 0x40);
    buf[3] = 0x60; /* Z and C */
    cr_assert_eq(a64_gdb_arch.write_reg(&env->common, buf, 33), 4);
    cr_assert_eq(a64_nzcv_read(env), 0x60000000u);
    memset(buf, 0xab, 16);
    cr_assert_eq(a64_gdb_arch.write_reg(&env->common, buf, 34 + 5), 16);
    cr_assert_eq(env->vregs[5][1], 0xababababababababull);
    cr_assert_eq(a64_gdb_arch.read_reg(&env->common, buf, a64_gdb_arch.num_regs), 0, "past the last register");
}

/* The barriers an insn's IR carries, as "L" (IR_MB_LD), "S" or "A" (all). */
static void barriers_of(const char *src, char *out, size_t len)
{
    char *text = NULL;
    size_t n = 0;
    a64_asm(src);
    env->xregs[1] = A64_DATA;
    xrun_log_file = open_memstream(&text, &n);
    codegen_log_mask = CODEGEN_LOG_OP_OPT;
    cr_assert_eq(a64_run(), EXCP_SWI);
    codegen_log_mask = 0;
    fclose(xrun_log_file);
    xrun_log_file = NULL;
    size_t k = 0;
    for (const char *p = text; (p = strstr(p, "\nmb_")) && k + 1 < len; p++) {
        const char *c = strstr(p, "$0x");
        out[k++] = c[3] == '1' ? 'L' : c[3] == '2' ? 'S' : 'A';
    }
    out[k] = 0;
    free(text);
}

Test(a64_arch, acquire_is_free_on_tso_release_and_rcsc_are_full_barriers)
{
    char b[16];
    barriers_of("ldar x0, [x1]", b, sizeof(b));
    cr_assert_str_eq(b, "L");
    barriers_of("stlr x0, [x1]", b, sizeof(b));
    cr_assert_str_eq(b, "AA", "release before, RCsc after");
    barriers_of("ldxr x0, [x1]", b, sizeof(b));
    cr_assert_str_eq(b, "");
    barriers_of("ldaxr x0, [x1]\n stlxr w2, x0, [x1]", b, sizeof(b));
    cr_assert_str_eq(b, "LA");
    barriers_of("ldaddal x2, x0, [x1]", b, sizeof(b));
    cr_assert_str_eq(b, "AL");
    barriers_of("dmb ishld\n dmb ishst\n dmb ish\n dsb sy", b, sizeof(b));
    cr_assert_str_eq(b, "LSAA");
}
