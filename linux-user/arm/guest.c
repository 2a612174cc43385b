/*
 * The ARM (AArch32, EABI, little-endian) user-mode guest: its descriptor
 * for linux-user/guests.c, and the ELF header checks only ARM needs.
 *
 * Address space (4 GiB at guest_base):
 *
 *   0x00010000  lowest non-fixed mapping
 *   0x00400000  a PIE main program (its brk grows up from its end)
 *   0x40000000  non-fixed mappings, searched upward
 *   0xfeXXX000  the initial stack, below
 *   0xffff0000  the kuser helper page ("[vectors]", arm/kuser.c)
 */
#include <elf.h>

#include "frontends/arm/gdb.h"
#include "linux-user/arm/arm_user.h"
#include "linux-user/guest.h"
#include "linux-user/loader_int.h"
#include "linux-user/signal_priv.h"
#include "linux-user/user_priv.h"
#include "syscalls/abi.h"


static int arm_check_elf(const char *path, int ei_class, int ei_data, uint64_t e_flags)
{
    if (ei_class != ELFCLASS32)
        return loader_error(path, "corrupt ELF: 64-bit header for 32-bit ARM");
    if (ei_data != ELFDATA2LSB)
        return loader_error(path, "big-endian ARM is not supported");
    if ((e_flags & EF_ARM_EABIMASK) == 0)
        return loader_error(path, "old-ABI (OABI) ARM binaries are not supported");
    return 0;
}

/* Every ARMv7/ARMv8 core reports "v7l" as AT_PLATFORM to AArch32 code. */
static const char *arm_platform(const char *model)
{
    (void)model;
    return "v7l";
}

static uint64_t arm_hwcap(const char *model) { return arm_cpu_hwcap(model); }
static uint64_t arm_hwcap2(const char *model) { return arm_cpu_hwcap2(model); }

const UserGuest arm_user_guest = {
    .name = "arm",
    .display = "ARM",
    .elf_machine = EM_ARM,
    .elf_class = ELFCLASS32,
    .check_elf = arm_check_elf,
    .layout = {
        .addr_bits = 32,
        .task_size = ARM_KUSER_PAGE,
        .mmap_base = 0x40000000u,
        .mmap_top_down = false,
        .mmap_min = 0x00010000u,
        .pie_base = 0x00400000u,
        .stack_top = ARM_KUSER_PAGE,
    },
    .ld_prefix = "/usr/arm-linux-gnueabihf",
    /* What a 32-bit ARMv7 kernel reports. */
    .uname_machine = "armv7l",
    /* ELF header of a 32-bit little-endian ARM executable or shared object:
     * e_ident with any OS/ABI byte (7) ignored, e_type 2 or 3 (mask 0xfe),
     * e_machine 40. */
    .binfmt = {
        .name = "arm",
        .desc = "ARM (32-bit, little-endian)",
        .offset = 0,
        .len = 20,
        .magic = { 0x7f, 'E', 'L', 'F', 0x01, 0x01, 0x01, 0x00, 0x00, 0x00,
                   0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0x00, 0x28, 0x00 },
        .mask = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x00, 0xff, 0xff,
                  0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xfe, 0xff, 0xff, 0xff },
    },
    .cpu_model_valid = arm_cpu_model_valid,
    .cpu_model_list = arm_cpu_model_list,
    .platform = arm_platform,
    .hwcap = arm_hwcap,
    .hwcap2 = arm_hwcap2,
    .cpu_info = arm_cpu_info,
    .setup = arm_kuser_setup,
    .cpu_create = arm_cpu_create,
    .cpu_loop = arm_cpu_loop,
    .cpu_clone = arm_cpu_clone,
    .cpu_child_setup = arm_cpu_child_setup,
    .signal = &arm_signal_arch,
    .gdb = &arm_gdb_arch,
    .sys = &arm_sys_abi,
};
