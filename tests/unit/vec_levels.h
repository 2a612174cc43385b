/*
 * The host levels the vector unit tests run at: SSE2 only (the feature
 * flags forced off, so the SSE2 sequences and the generic expansions
 * run), SSE4.2 without AVX, and everything the host has (AVX/AVX2 VEX
 * forms). The tests save the host's x64_features before and restore them
 * after.
 */
#ifndef XRUN_TESTS_VEC_LEVELS_H
#define XRUN_TESTS_VEC_LEVELS_H

#include <stdbool.h>

#include "backends/x86_64/target.h"

enum { LEVEL_SSE2, LEVEL_SSE42, LEVEL_HOST, NB_LEVELS };
static const char *const level_names[] = {"sse2", "sse4.2", "host"};

/* Sets x64_features for level from the host's own; false when the host
 * cannot run it (SSE4.2 on a host without it). */
static inline bool vec_set_level(int level, const X64Features *host)
{
    x64_features = *host;
    if (level == LEVEL_HOST)
        return true;
    x64_features.avx = x64_features.avx2 = false;
    if (level == LEVEL_SSE42)
        return host->ssse3 && host->sse41 && host->sse42;
    x64_features.ssse3 = x64_features.sse41 = x64_features.sse42 = false;
    return true;
}

#endif
