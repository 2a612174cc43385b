/* The AArch64 register description for the GDB stub (frontends/arm/a64-gdb.c). */
#ifndef XRUN_ARM_A64_GDB_H
#define XRUN_ARM_A64_GDB_H

#include "xrun/gdbstub.h"

extern const GdbArch a64_gdb_arch;

#endif
