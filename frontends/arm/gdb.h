/* The AArch32 register description for the GDB stub (frontends/arm/gdb.c). */
#ifndef XRUN_ARM_GDB_H
#define XRUN_ARM_GDB_H

#include "xrun/gdbstub.h"

extern const GdbArch arm_gdb_arch;

#endif
