/*
 * The ARM user-mode guest's own pieces, shared by linux-user/arm/ (cpu
 * loop, models, kuser page, descriptor) and syscalls/arm/ (its ABI).
 * Generic code reaches all of this through arm_user_guest (guest.c).
 */
#ifndef XRUN_LINUX_USER_ARM_USER_H
#define XRUN_LINUX_USER_ARM_USER_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "linux-user/user.h"

/* The kuser helper page (arm/kuser.c); the initial stack ends below it. */
#define ARM_KUSER_PAGE 0xffff0000u

/* -- Emulated CPU models (arm/cpu_models.c) -- */

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

/* -- Running (arm/cpu_loop.c, arm/kuser.c) -- */

_Noreturn void arm_cpu_loop(CPUState *cpu);
/* Creates the first guest thread's state from image_info. */
CPUState *arm_cpu_create(const ImageInfo *info);
/* fork/clone children (UserGuest.cpu_child_setup, cpu_clone). */
void arm_cpu_child_setup(CPUState *cpu, abi_ulong newsp, abi_ulong tls, bool set_tls);
CPUState *arm_cpu_clone(CPUState *parent, abi_ulong newsp, abi_ulong tls, bool set_tls);
/* Writes the kuser helper page at ARM_KUSER_PAGE. */
int arm_kuser_setup(void);

struct UserGuest;
extern const struct UserGuest arm_user_guest;  /* arm/guest.c */
struct SysAbi;
extern const struct SysAbi arm_sys_abi;        /* syscalls/arm/table.c */
struct SysLayouts;
extern const struct SysLayouts arm_sys_layouts; /* syscalls/arm/layout.c */
struct SignalArch;
extern const struct SignalArch arm_signal_arch; /* arm/signal.c */

#endif
