/*
 * The user-mode guest table (linux-user/guests.c): choosing a guest by
 * program name and by ELF header, the names messages list, and the rule
 * that keeps the seam a seam: the generic files of linux-user/ and
 * syscalls/ name no guest (only guests.c, the table, may).
 */
#include <criterion/criterion.h>
#include <elf.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "linux-user/arm/arm_user.h"
#include "linux-user/guest.h"
#include "syscalls/abi.h"

Test(guests, program_names_force_their_guest)
{
    cr_expect_eq(user_guest_for_program("xrun-arm"), &arm_user_guest);
    cr_expect_eq(user_guest_for_program("/usr/local/bin/xrun-arm"), &arm_user_guest);
    cr_expect_eq(user_guest_for_program("xrun-arm-binfmt"), &arm_user_guest, "binfmt aliases");
    cr_expect_null(user_guest_for_program("xrun-armeb"), "a longer name is another guest");
    cr_expect_null(user_guest_for_program("xrun"));
    cr_expect_null(user_guest_for_program("/usr/local/bin/xrun-static"));
    cr_expect_null(user_guest_for_program("arm"));
}

Test(guests, elf_machine_and_class_pick_the_guest)
{
    cr_expect_eq(user_guest_for_elf(EM_ARM, ELFCLASS32), &arm_user_guest);
    /* A wrong class still finds the machine's guest, whose check_elf names the problem. */
    cr_expect_eq(user_guest_for_elf(EM_ARM, ELFCLASS64), &arm_user_guest);
    cr_expect_null(user_guest_for_elf(EM_X86_64, ELFCLASS64));
    cr_expect_null(user_guest_for_elf(0xffff, ELFCLASS32));
}

Test(guests, the_table_is_complete_and_named)
{
    cr_assert_geq(user_guest_count(), 1);
    cr_expect_null(user_guest_at(user_guest_count()));
    char want[256] = "";
    for (size_t i = 0; i < user_guest_count(); i++) {
        const UserGuest *g = user_guest_at(i);
        snprintf(want + strlen(want), sizeof(want) - strlen(want), "%s%s", i ? ", " : "", g->display);
        /* Everything generic code calls without checking. */
        cr_expect(g->name && g->display && g->check_elf && g->cpu_model_valid && g->cpu_model_list,
                  "%s: identity and -cpu", g->name);
        cr_expect(g->platform && g->hwcap && g->hwcap2 && g->cpu_info && g->uname_machine, "%s: auxv", g->name);
        cr_expect(g->cpu_create && g->cpu_loop && g->cpu_clone && g->cpu_child_setup, "%s: cpu", g->name);
        cr_expect(g->signal && g->gdb && g->sys && g->sys->layouts, "%s: signal, gdb, syscalls", g->name);
        cr_expect(g->layout.addr_bits == 32 || g->layout.addr_bits == 48, "%s: address bits", g->name);
        cr_expect_str_eq(g->binfmt.name, g->name);
    }
    cr_expect_str_eq(user_guest_names(), want);
    cr_expect_str_eq(arm_user_guest.display, "ARM");
}

Test(guests, choosing_installs_the_syscall_abi)
{
    user_guest_choose(&arm_user_guest);
    cr_expect_eq(user_guest, &arm_user_guest);
    cr_expect_eq(sys_abi, arm_user_guest.sys);
}

/* The files that must name no guest: every source directly in linux-user/
 * and syscalls/ but the table. (exec.c's HOST_EM* name the host's own
 * machines, which run natively: they are not guests.) */
Test(guests, generic_files_name_no_guest)
{
    FILE *p = popen("grep -nE '\\b(arm_|ARM_|aarch64_|AARCH64_)|EM_ARM|EM_AARCH64' linux-user/*.[ch] "
                    "syscalls/*.[ch] syscalls/*.def 2>&1 | grep -v '^linux-user/guests.c:' | grep -v HOST_EM",
                    "r");
    cr_assert_not_null(p);
    char hits[4096];
    size_t n = fread(hits, 1, sizeof(hits) - 1, p);
    hits[n] = 0;
    pclose(p);
    cr_assert(access("linux-user/guests.c", R_OK) == 0, "run the test from the source tree");
    cr_expect_eq(n, 0, "guest names in generic files:\n%s", hits);
}
