/*
 * Private glue between the user-mode host pieces (main, loader, mmap, the
 * guests' cpu loops). Other modules use linux-user/user.h; only these files need
 * what is here: ELF probing before the guest is known and naming mappings
 * for /proc/self/maps.
 */
#ifndef XRUN_LINUX_USER_PRIV_H
#define XRUN_LINUX_USER_PRIV_H

#include <stdbool.h>
#include <stdint.h>

#include "linux-user/user.h"

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

#endif
