/*
 * The AArch64 (little-endian, LP64) user-mode guest: its descriptor for
 * linux-user/guests.c and the ELF header checks only it needs.
 *
 * Address space (48-bit guest addresses at guest_base), as Linux lays out
 * a 64-bit process:
 *
 *   0x0000000000010000  lowest non-fixed mapping
 *   0x0000aaaaaaaaa000  a PIE main program (2/3 of the space, as
 *                       ELF_ET_DYN_BASE on arm64; its brk grows up from it)
 *   0x0000fffff7fff000  non-fixed mappings, searched downward
 *   0x0000fffffffff000  the initial stack ends below this
 */
#include <elf.h>

#include "frontends/arm/a64-gdb.h"
#include "linux-user/aarch64/a64_user.h"
#include "linux-user/guest.h"
#include "linux-user/loader_int.h"
#include "linux-user/signal_priv.h"
#include "linux-user/user_priv.h"
#include "syscalls/aarch64/aarch64_abi.h"

#define A64_TASK_SIZE 0x0001000000000000ull

static int a64_check_elf(const char *path, int ei_class, int ei_data, uint64_t e_flags)
{
    (void)e_flags;
    if (ei_class != ELFCLASS64)
        return loader_error(path, "32-bit ELF for AArch64 (ILP32 is not supported)");
    if (ei_data != ELFDATA2LSB)
        return loader_error(path, "big-endian AArch64 is not supported");
    return 0;
}

static const char *a64_platform(const char *model)
{
    (void)model;
    return "aarch64";
}

const UserGuest aarch64_user_guest = {
    .name = "aarch64",
    .display = "AArch64",
    .elf_machine = EM_AARCH64,
    .elf_class = ELFCLASS64,
    .check_elf = a64_check_elf,
    .layout = {
        .addr_bits = 48,
        .task_size = A64_TASK_SIZE,
        .mmap_base = 0x0000fffff7fff000ull,
        .mmap_top_down = true,
        .mmap_min = 0x00010000u,
        .pie_base = 0x0000aaaaaaaaa000ull,
        .stack_top = 0x0000fffffffff000ull,
    },
    .ld_prefix = "/usr/aarch64-linux-gnu",
    .uname_machine = "aarch64",
    /* ELF header of a 64-bit little-endian AArch64 executable or shared
     * object: e_ident with any OS/ABI byte (7) ignored, e_type 2 or 3
     * (mask 0xfe), e_machine 183. */
    .binfmt = {
        .name = "aarch64",
        .desc = "AArch64 (64-bit ARM, little-endian)",
        .offset = 0,
        .len = 20,
        .magic = { 0x7f, 'E', 'L', 'F', 0x02, 0x01, 0x01, 0x00, 0x00, 0x00,
                   0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0x00, 0xb7, 0x00 },
        .mask = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x00, 0xff, 0xff,
                  0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xfe, 0xff, 0xff, 0xff },
    },
    .cpu_model_valid = a64_cpu_model_valid,
    .cpu_model_list = a64_cpu_model_list,
    .platform = a64_platform,
    .hwcap = a64_cpu_hwcap,
    .hwcap2 = a64_cpu_hwcap2,
    .cpu_info = a64_cpu_info,
    .cpu_create = a64_cpu_create,
    .cpu_loop = a64_cpu_loop,
    .cpu_clone = a64_cpu_clone,
    .cpu_child_setup = a64_cpu_child_setup,
    .signal = &a64_signal_arch,
    .gdb = &a64_gdb_arch,
    .sys = &aarch64_sys_abi,
};
