/*
 * The AArch64 user-mode guest's own pieces, shared by linux-user/aarch64/
 * (descriptor, models, cpu loop, signal frames). Generic code reaches all
 * of this through aarch64_user_guest (guest.c).
 */
#ifndef XRUN_LINUX_USER_AARCH64_USER_H
#define XRUN_LINUX_USER_AARCH64_USER_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "linux-user/user.h"

/* -- Emulated CPU models (aarch64/cpu_models.c) -- */

bool a64_cpu_model_valid(const char *name);
void a64_cpu_model_list(FILE *out);
uint64_t a64_cpu_hwcap(const char *model);
uint64_t a64_cpu_hwcap2(const char *model);
/* A64_FEATURE_* bits (frontends/arm/a64-cpu.h) the model decodes. */
uint32_t a64_cpu_features(const char *model);
/* The model's MIDR_EL1 (what MRS MIDR_EL1 and /proc/cpuinfo report). */
uint32_t a64_cpu_midr(const char *model);
size_t a64_cpu_info(const char *model, int ncpus, char *buf, size_t size);

/* -- Running (aarch64/cpu_loop.c) -- */

_Noreturn void a64_cpu_loop(CPUState *cpu);
CPUState *a64_cpu_create(const ImageInfo *info);
CPUState *a64_cpu_clone(CPUState *parent, abi_ulong newsp, abi_ulong tls, bool set_tls);
void a64_cpu_child_setup(CPUState *cpu, abi_ulong newsp, abi_ulong tls, bool set_tls);

struct UserGuest;
extern const struct UserGuest aarch64_user_guest; /* aarch64/guest.c */
struct SignalArch;
extern const struct SignalArch a64_signal_arch;   /* aarch64/signal.c */

#endif
