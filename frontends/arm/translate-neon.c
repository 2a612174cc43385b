/*
 * Advanced SIMD (NEON) decoder entry point.
 */
#include "frontends/arm/neon.h"
#include "frontends/arm/translate.h"

bool neon_decode_ls(DisasContext *s, uint32_t insn);

bool arm_decode_neon(DisasContext *s, uint32_t insn)
{
    return neon_decode_ls(s, insn);
}
