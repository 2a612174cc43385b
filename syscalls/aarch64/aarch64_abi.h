/*
 * The AArch64 syscall ABI (syscalls/aarch64/table.c), for the AArch64
 * user-mode guest's descriptor (UserGuest.sys) and the tests.
 */
#ifndef XRUN_SYSCALLS_AARCH64_ABI_H
#define XRUN_SYSCALLS_AARCH64_ABI_H

#include "syscalls/abi.h"

extern const SysAbi aarch64_sys_abi;

#endif
