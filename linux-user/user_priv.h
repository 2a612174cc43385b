/*
 * Private glue between the user-mode host pieces (main, loader, mmap, the
 * ARM cpu loop). Other modules use linux-user/user.h; only these files need
 * what is here: ELF probing before the guest is known, naming mappings for
 * /proc/self/maps, and the emulated CPU models.
 */
#ifndef XRUN_LINUX_USER_PRIV_H
#define XRUN_LINUX_USER_PRIV_H

#include <stdbool.h>
#include <stdint.h>

#include "linux-user/user.h"

/* Guest top of the initial stack: just below the kuser helper page. */
#define USER_STACK_TOP 0xffff0000u
#define USER_KUSER_PAGE 0xffff0000u
/* Where non-fixed mappings start looking, and where a static-pie main
 * program goes (low, so its brk has room to grow below mmap_base). */
#define USER_MMAP_BASE 0x40000000u
#define USER_PIE_BASE 0x00400000u
#define USER_MMAP_MIN 0x00010000u

/*
 * Reads the ELF header of path. On success stores e_machine and the ELF
 * class and returns 0; otherwise prints one "xrun: PATH: problem" line to
 * stderr and returns -1.
 */
int loader_probe(const char *path, unsigned *machine, int *ei_class);
/* "x86-64", "AArch64", ... for an e_machine value (NULL if unknown). */
const char *loader_machine_name(unsigned machine);

/* Gives [start, end) a name in /proc/self/maps ("[stack]", "[vectors]"). */
void mmap_set_name(abi_ulong start, abi_ulong end, const char *name);

/* -- Emulated ARM CPU models (arm/cpu_loop.c) -- */

/* True if name is a -cpu model we accept. */
bool arm_cpu_model_valid(const char *name);
/* Prints the accepted models, one per line. */
void arm_cpu_model_list(FILE *out);
/* AT_HWCAP / AT_HWCAP2 for the model (NULL = the default, cortex-a15). */
uint32_t arm_cpu_hwcap(const char *model);
uint32_t arm_cpu_hwcap2(const char *model);
/* ARM_FEATURE_* bits (frontends/arm/cpu.h) the model decodes. */
uint32_t arm_cpu_features(const char *model);
/* Writes the model's /proc/cpuinfo text into buf (at most size bytes, NUL
 * included, like snprintf); returns its full length. */
size_t arm_cpu_info(const char *model, int ncpus, char *buf, size_t size);

#endif
