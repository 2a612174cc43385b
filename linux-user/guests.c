/*
 * The table of user-mode guests, and choosing one of them.
 *
 * This is the only generic file that lists guests (and the display names
 * of other ELF machines, for messages): adding one is a line
 * in user_guests[] plus its linux-user/<guest>/ and syscalls/<guest>/
 * folders (docs/user-guests.md). Everything else asks user_guest.
 *
 * A guest is chosen once, before the loader maps anything:
 *   xrun-arm PROG      the program name forces it (user_guest_for_program)
 *   xrun PROG          PROG's e_machine and EI_CLASS pick it (user_guest_for_elf)
 *   binfmt_misc        as plain xrun: the loader picks from the ELF header
 */
#include <elf.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "linux-user/aarch64/a64_user.h"
#include "linux-user/arm/arm_user.h"
#include "linux-user/guest.h"
#include "linux-user/user_priv.h"
#include "syscalls/sys.h"

static const UserGuest *const user_guests[] = {
    &arm_user_guest,
    &aarch64_user_guest,
};

#define N_GUESTS (sizeof(user_guests) / sizeof(user_guests[0]))

const UserGuest *user_guest;

size_t user_guest_count(void) { return N_GUESTS; }

const UserGuest *user_guest_at(size_t i) { return i < N_GUESTS ? user_guests[i] : NULL; }

const UserGuest *user_guest_for_elf(unsigned machine, int ei_class)
{
    const UserGuest *same_machine = NULL;
    for (size_t i = 0; i < N_GUESTS; i++) {
        if (user_guests[i]->elf_machine != machine)
            continue;
        if (user_guests[i]->elf_class == ei_class)
            return user_guests[i];
        if (!same_machine)
            same_machine = user_guests[i];
    }
    return same_machine;
}

const UserGuest *user_guest_for_program(const char *argv0)
{
    const char *base = strrchr(argv0, '/');
    base = base ? base + 1 : argv0;
    if (strncmp(base, "xrun-", 5) != 0)
        return NULL;
    base += 5;
    for (size_t i = 0; i < N_GUESTS; i++) {
        size_t n = strlen(user_guests[i]->name);
        /* xrun-arm, or an alias such as xrun-arm-binfmt; not xrun-armeb. */
        if (!strncmp(base, user_guests[i]->name, n) && (base[n] == 0 || base[n] == '-'))
            return user_guests[i];
    }
    return NULL;
}

const char *user_guest_names(void)
{
    static char names[256];
    if (names[0])
        return names;
    size_t n = 0;
    for (size_t i = 0; i < N_GUESTS && n < sizeof(names); i++) {
        int k = snprintf(names + n, sizeof(names) - n, "%s%s", i ? ", " : "", user_guests[i]->display);
        if (k < 0)
            break;
        n += (size_t)k;
    }
    return names;
}

void user_guest_choose(const UserGuest *g)
{
    user_guest = g;
    sys_set_abi(g->sys);
    if (!user_opts.ld_prefix && g->ld_prefix && access(g->ld_prefix, F_OK) == 0)
        user_opts.ld_prefix = g->ld_prefix;
}

/* -- Machine names for messages (guests or not) -- */

static const struct {
    unsigned machine;
    const char *name;
} machine_names[] = {
    { EM_386, "i386" },       { EM_X86_64, "x86-64" },   { EM_ARM, "ARM" },
    { EM_AARCH64, "AArch64" }, { EM_MIPS, "MIPS" },       { EM_PPC, "PowerPC" },
    { EM_PPC64, "PowerPC64" }, { EM_S390, "S/390" },      { EM_SPARC, "SPARC" },
    { EM_SPARCV9, "SPARC64" }, { EM_RISCV, "RISC-V" },    { EM_SH, "SuperH" },
    { EM_IA_64, "IA-64" },     { EM_ALPHA, "Alpha" },     { EM_68K, "m68k" },
    { EM_LOONGARCH, "LoongArch" },
};

const char *loader_machine_name(unsigned machine)
{
    for (size_t i = 0; i < sizeof(machine_names) / sizeof(machine_names[0]); i++)
        if (machine_names[i].machine == machine)
            return machine_names[i].name;
    return NULL;
}

size_t cpuinfo_append(char *buf, size_t size, size_t n, const char *s)
{
    int k = snprintf(buf + (n < size ? n : size), n < size ? size - n : 0, "%s", s);
    return n + (size_t)k;
}

size_t cpuinfo_append_flags(char *buf, size_t size, size_t n, uint64_t bits, const char *const *names,
                            unsigned count)
{
    for (unsigned i = 0; i < count; i++) {
        if ((bits >> i & 1) && names[i]) {
            n = cpuinfo_append(buf, size, n, " ");
            n = cpuinfo_append(buf, size, n, names[i]);
        }
    }
    return n;
}
