/* binfmt_misc pieces that need no kernel: flag letters, reading an entry
 * file, which guest an entry's magic claims, the registration line. */
#include <criterion/criterion.h>
#include <string.h>

#include "linux-user/binfmt.h"

static const BinfmtGuest *guest(const char *name)
{
    for (size_t i = 0; i < binfmt_guest_count(); i++)
        if (!strcmp(binfmt_guest_at(i)->name, name))
            return binfmt_guest_at(i);
    return NULL;
}

/* The entry file Debian's qemu-user-static registers for ARM. */
static const char qemu_arm_entry[] =
    "enabled\n"
    "interpreter /usr/libexec/qemu-binfmt/arm-binfmt-P\n"
    "flags: POCF\n"
    "offset 0\n"
    "magic 7f454c4601010100000000000000000002002800\n"
    "mask ffffffffffffff00fffffffffffffffffeffffff\n";

Test(binfmt, flags_parse_any_order)
{
    cr_assert_eq(binfmt_parse_flags(""), 0);
    cr_assert_eq(binfmt_parse_flags("FP"), BINFMT_F | BINFMT_P);
    cr_assert_eq(binfmt_parse_flags("POCF"), BINFMT_P | BINFMT_O | BINFMT_C | BINFMT_F);
}

Test(binfmt, flag_c_implies_o)
{
    cr_assert_eq(binfmt_parse_flags("C"), BINFMT_C | BINFMT_O);
}

Test(binfmt, bad_flags_rejected)
{
    cr_assert_eq(binfmt_parse_flags("X"), -1);
    cr_assert_eq(binfmt_parse_flags("PP"), -1);
    cr_assert_eq(binfmt_parse_flags("p"), -1);
    cr_assert_eq(binfmt_parse_flags("P F"), -1);
}

Test(binfmt, flags_print_in_kernel_order)
{
    char buf[8];
    binfmt_flags_str(BINFMT_F | BINFMT_C | BINFMT_O | BINFMT_P, buf);
    cr_assert_str_eq(buf, "POCF");
    binfmt_flags_str(0, buf);
    cr_assert_str_eq(buf, "");
}

Test(binfmt, parse_magic_entry)
{
    BinfmtEntry e;
    cr_assert_eq(binfmt_parse_entry(qemu_arm_entry, &e), 0);
    cr_assert(e.enabled);
    cr_assert(e.is_magic);
    cr_assert_str_eq(e.interpreter, "/usr/libexec/qemu-binfmt/arm-binfmt-P");
    cr_assert_eq(e.flags, BINFMT_P | BINFMT_O | BINFMT_C | BINFMT_F);
    cr_assert_eq(e.offset, 0);
    cr_assert_eq(e.len, 20);
    cr_assert_eq(e.magic[18], 0x28);
    cr_assert_eq(e.mask[16], 0xfe);
}

Test(binfmt, parse_extension_entry_disabled)
{
    BinfmtEntry e;
    cr_assert_eq(binfmt_parse_entry("disabled\ninterpreter /usr/bin/wine\nflags: \n"
                                    "extension .exe\n", &e), 0);
    cr_assert(!e.enabled);
    cr_assert(!e.is_magic);
    cr_assert_eq(e.flags, 0);
    cr_assert(!binfmt_entry_matches_guest(&e, guest("arm")));
}

Test(binfmt, parse_rejects_garbage)
{
    BinfmtEntry e;
    cr_assert_eq(binfmt_parse_entry("hello\n", &e), -1);
    cr_assert_eq(binfmt_parse_entry("enabled\ninterpreter /x\nmagic 7g\n", &e), -1);
    cr_assert_eq(binfmt_parse_entry("enabled\ninterpreter /x\nmagic 7f45\nmask ff\n", &e), -1);
}

Test(binfmt, magic_without_mask_is_exact)
{
    BinfmtEntry e;
    cr_assert_eq(binfmt_parse_entry("enabled\ninterpreter /x\nflags: \noffset 0\n"
                                    "magic 7f454c460101010000000000000000000200280000\n", &e), 0);
    cr_assert_eq(e.mask[3], 0xff);
    cr_assert(binfmt_entry_matches_guest(&e, guest("arm")));
}

Test(binfmt, qemu_arm_claims_arm)
{
    BinfmtEntry e;
    binfmt_parse_entry(qemu_arm_entry, &e);
    cr_assert(binfmt_entry_matches_guest(&e, guest("arm")));
}

Test(binfmt, other_machines_do_not_claim_arm)
{
    BinfmtEntry e;
    /* aarch64: ELFCLASS64 and e_machine 0xb7 */
    cr_assert_eq(binfmt_parse_entry("enabled\ninterpreter /x\nflags: F\noffset 0\n"
                                    "magic 7f454c460201010000000000000000000200b700\n"
                                    "mask ffffffffffffff00fffffffffffffffffeffffff\n", &e), 0);
    cr_assert(!binfmt_entry_matches_guest(&e, guest("arm")));
    /* armeb: big-endian data (byte 5 = 2) */
    cr_assert_eq(binfmt_parse_entry("enabled\ninterpreter /x\nflags: F\noffset 0\n"
                                    "magic 7f454c460102010000000000000000000002002800\n", &e), 0);
    cr_assert(!binfmt_entry_matches_guest(&e, guest("arm")));
}

Test(binfmt, wide_or_shifted_patterns_overlap)
{
    BinfmtEntry e;
    /* Just "ELF" at offset 1: every ELF, ARM included. */
    cr_assert_eq(binfmt_parse_entry("enabled\ninterpreter /x\nflags: \noffset 1\nmagic 454c46\n", &e),
                 0);
    cr_assert(binfmt_entry_matches_guest(&e, guest("arm")));
    /* e_machine alone at offset 18, but 0x3e (x86-64). */
    cr_assert_eq(binfmt_parse_entry("enabled\ninterpreter /x\nflags: \noffset 18\nmagic 3e00\n", &e),
                 0);
    cr_assert(!binfmt_entry_matches_guest(&e, guest("arm")));
    /* Past the guest's pattern: unconstrained by it, so it overlaps. */
    cr_assert_eq(binfmt_parse_entry("enabled\ninterpreter /x\nflags: \noffset 40\nmagic 99\n", &e),
                 0);
    cr_assert(binfmt_entry_matches_guest(&e, guest("arm")));
}

Test(binfmt, register_line_arm)
{
    char line[1024];
    cr_assert_eq(binfmt_register_line(guest("arm"), "xrun-arm", "/usr/bin/xrun-static",
                                      BINFMT_P | BINFMT_F, line, sizeof(line)), 0);
    cr_assert_str_eq(line,
                     ":xrun-arm:M:0:"
                     "\\x7f\\x45\\x4c\\x46\\x01\\x01\\x01\\x00\\x00\\x00\\x00\\x00\\x00\\x00"
                     "\\x00\\x00\\x02\\x00\\x28\\x00:"
                     "\\xff\\xff\\xff\\xff\\xff\\xff\\xff\\x00\\xff\\xff\\xff\\xff\\xff\\xff"
                     "\\xff\\xff\\xfe\\xff\\xff\\xff:/usr/bin/xrun-static:PF");
}

Test(binfmt, register_line_too_long_fails)
{
    char path[2100];
    memset(path, 'a', sizeof(path) - 1);
    path[0] = '/';
    path[sizeof(path) - 1] = 0;
    char line[4096];
    cr_assert_eq(binfmt_register_line(guest("arm"), "xrun-arm", path, 0, line, sizeof(line)), -1);
}

Test(binfmt, unknown_entry_flags_ignored)
{
    BinfmtEntry e;
    cr_assert_eq(binfmt_parse_entry("enabled\ninterpreter /x\nflags: PZF\noffset 0\nmagic 7f\n", &e), 0);
    cr_assert_eq(e.flags, BINFMT_P | BINFMT_F);
}

/* Each guest's dist/binfmt/xrun-<guest>.conf.in (installed for
 * systemd-binfmt) holds the line --binfmt install registers, flags POF. */
Test(binfmt, dist_conf_files_match_every_guest)
{
    for (size_t i = 0; i < binfmt_guest_count(); i++) {
        const BinfmtGuest *g = binfmt_guest_at(i);
        char path[256], name[64], want[1024], got[1024] = "";
        snprintf(path, sizeof(path), "dist/binfmt/xrun-%s.conf.in", g->name);
        snprintf(name, sizeof(name), "xrun-%s", g->name);
        cr_assert_eq(binfmt_register_line(g, name, "@BINDIR@/xrun-static", BINFMT_P | BINFMT_O | BINFMT_F, want,
                                          sizeof(want)),
                     0);
        FILE *f = fopen(path, "r");
        cr_assert_not_null(f, "%s is missing (run the test from the source tree)", path);
        while (fgets(got, sizeof(got), f) && got[0] != ':')
            ;
        fclose(f);
        got[strcspn(got, "\n")] = 0;
        cr_assert_str_eq(got, want, "%s", path);
    }
}
