/*
 * C helpers that generated AArch32 code calls: divides, CPSR access, bit
 * reversal, and the saturating / parallel (SIMD-within-a-register)
 * arithmetic of ARMv5TE and ARMv6.
 *
 * Helpers taking env write QF or GE straight into CPUARMState; their calls
 * are emitted without IR_CALL_NO_WRITE_GLOBALS so the register allocator
 * reloads those globals afterwards.  The others are pure functions.
 */
#include <stdint.h>

#include "frontends/arm/translate.h"

static CPUARMState *arm_env(void *env) { return (CPUARMState *)env; }

/* -- Divide: ARMv7 defines x / 0 = 0 and INT_MIN / -1 = INT_MIN -- */

uint32_t helper_arm_sdiv(uint32_t n, uint32_t m)
{
    if (m == 0) {
        return 0;
    }
    if (n == 0x80000000u && m == 0xffffffffu) {
        return n;
    }
    return (uint32_t)((int32_t)n / (int32_t)m);
}

uint32_t helper_arm_udiv(uint32_t n, uint32_t m)
{
    return m ? n / m : 0;
}

/* -- CPSR -- */

/* MRS: the execution state bits (IT, J, T) read as zero (DDI 0406C B9.3.9). */
uint32_t helper_arm_cpsr_read(void *env)
{
    return arm_cpsr_read(arm_env(env)) & 0xf8ff03dfu;
}

void helper_arm_cpsr_write(void *env, uint32_t val, uint32_t mask)
{
    arm_cpsr_write(arm_env(env), val, mask);
}

uint32_t helper_arm_rbit(uint32_t x)
{
    x = ((x >> 1) & 0x55555555u) | ((x & 0x55555555u) << 1);
    x = ((x >> 2) & 0x33333333u) | ((x & 0x33333333u) << 2);
    x = ((x >> 4) & 0x0f0f0f0fu) | ((x & 0x0f0f0f0fu) << 4);
    return __builtin_bswap32(x);
}

/* -- Saturation -- */

/* Clamps v to the signed range of bits bits; sets Q if it had to. */
static int32_t sat_signed(CPUARMState *env, int64_t v, unsigned bits)
{
    int64_t max = ((int64_t)1 << (bits - 1)) - 1, min = -max - 1;
    if (v > max) {
        env->QF = 1;
        return (int32_t)max;
    }
    if (v < min) {
        env->QF = 1;
        return (int32_t)min;
    }
    return (int32_t)v;
}

static uint32_t sat_unsigned(CPUARMState *env, int64_t v, unsigned bits)
{
    int64_t max = ((int64_t)1 << bits) - 1;
    if (v > max) {
        env->QF = 1;
        return (uint32_t)max;
    }
    if (v < 0) {
        env->QF = 1;
        return 0;
    }
    return (uint32_t)v;
}

uint32_t helper_arm_qadd(void *env, uint32_t a, uint32_t b)
{
    return (uint32_t)sat_signed(arm_env(env), (int64_t)(int32_t)a + (int32_t)b, 32);
}

uint32_t helper_arm_qsub(void *env, uint32_t a, uint32_t b)
{
    return (uint32_t)sat_signed(arm_env(env), (int64_t)(int32_t)a - (int32_t)b, 32);
}

/* QDADD rd, rm, rn = sat(rm + sat(2 * rn)); a = rm, b = rn. */
uint32_t helper_arm_qdadd(void *env, uint32_t a, uint32_t b)
{
    int32_t d = sat_signed(arm_env(env), (int64_t)(int32_t)b * 2, 32);
    return (uint32_t)sat_signed(arm_env(env), (int64_t)(int32_t)a + d, 32);
}

uint32_t helper_arm_qdsub(void *env, uint32_t a, uint32_t b)
{
    int32_t d = sat_signed(arm_env(env), (int64_t)(int32_t)b * 2, 32);
    return (uint32_t)sat_signed(arm_env(env), (int64_t)(int32_t)a - d, 32);
}

uint32_t helper_arm_ssat(void *env, uint32_t x, uint32_t bits)
{
    return (uint32_t)sat_signed(arm_env(env), (int32_t)x, bits);
}

uint32_t helper_arm_usat(void *env, uint32_t x, uint32_t bits)
{
    return sat_unsigned(arm_env(env), (int32_t)x, bits);
}

uint32_t helper_arm_ssat16(void *env, uint32_t x, uint32_t bits)
{
    uint32_t lo = (uint16_t)sat_signed(arm_env(env), (int16_t)x, bits);
    uint32_t hi = (uint16_t)sat_signed(arm_env(env), (int16_t)(x >> 16), bits);
    return lo | hi << 16;
}

uint32_t helper_arm_usat16(void *env, uint32_t x, uint32_t bits)
{
    uint32_t lo = sat_unsigned(arm_env(env), (int16_t)x, bits);
    uint32_t hi = sat_unsigned(arm_env(env), (int16_t)(x >> 16), bits);
    return lo | hi << 16;
}

uint32_t helper_arm_add3_setq(void *env, uint32_t a, uint32_t b, uint32_t c)
{
    int64_t sum = (int64_t)(int32_t)a + (int32_t)b + (int32_t)c;
    if (sum != (int32_t)sum) {
        arm_env(env)->QF = 1;
    }
    return (uint32_t)sum;
}

/* -- Parallel add/subtract -- */

/*
 * One lane: x op y on lanes of width w (8 or 16), signed or not, in the
 * style of the prefix.  *ge gets the lane's GE bits (S and U prefixes).
 */
static uint32_t par_lane(int prefix, int64_t x, int64_t y, bool sub, unsigned w, bool *ge)
{
    int64_t r = sub ? x - y : x + y;
    switch (prefix) {
    case ARM_PAR_S:
        *ge = r >= 0;
        return (uint32_t)r;
    case ARM_PAR_U:
        *ge = sub ? r >= 0 : r >= ((int64_t)1 << w);
        return (uint32_t)r;
    case ARM_PAR_Q: {
        int64_t max = ((int64_t)1 << (w - 1)) - 1;
        return (uint32_t)(r > max ? max : r < -max - 1 ? -max - 1 : r);
    }
    case ARM_PAR_UQ: {
        int64_t max = ((int64_t)1 << w) - 1;
        return (uint32_t)(r > max ? max : r < 0 ? 0 : r);
    }
    default: /* SH, UH: halving, exact because r is computed wide */
        return (uint32_t)(r >> 1);
    }
}

static int64_t lane(uint32_t v, unsigned i, unsigned w, bool sign)
{
    uint32_t u = (v >> (i * w)) & ((1u << w) - 1);
    if (sign && (u >> (w - 1))) {
        return (int64_t)u - ((int64_t)1 << w);
    }
    return u;
}

uint32_t helper_arm_parallel(void *env, uint32_t a, uint32_t b, uint32_t op)
{
    int prefix = (int)(op / 6), kind = (int)(op % 6);
    bool sign = prefix == ARM_PAR_S || prefix == ARM_PAR_Q || prefix == ARM_PAR_SH;
    unsigned w = (kind == ARM_PAR_ADD8 || kind == ARM_PAR_SUB8) ? 8 : 16;
    unsigned n = 32 / w, ge = 0, lane_ge = w == 8 ? 1 : 3;
    uint32_t res = 0;
    for (unsigned i = 0; i < n; i++) {
        /* ASX: lane 0 = a0 - b1, lane 1 = a1 + b0; SAX the reverse. */
        unsigned j = (kind == ARM_PAR_ASX || kind == ARM_PAR_SAX) ? 1 - i : i;
        bool sub = kind == ARM_PAR_SUB16 || kind == ARM_PAR_SUB8 ||
                   (kind == ARM_PAR_ASX && i == 0) || (kind == ARM_PAR_SAX && i == 1);
        bool g = false;
        uint32_t r = par_lane(prefix, lane(a, i, w, sign), lane(b, j, w, sign), sub, w, &g);
        res |= (r & ((1u << w) - 1)) << (i * w);
        if (g) {
            ge |= lane_ge << (i * (w / 8));
        }
    }
    if (prefix == ARM_PAR_S || prefix == ARM_PAR_U) {
        arm_env(env)->GE = ge;
    }
    return res;
}

uint32_t helper_arm_sel(uint32_t a, uint32_t b, uint32_t ge)
{
    uint32_t mask = 0;
    for (int i = 0; i < 4; i++) {
        if (ge & (1u << i)) {
            mask |= 0xffu << (i * 8);
        }
    }
    return (a & mask) | (b & ~mask);
}

uint32_t helper_arm_usad8(uint32_t a, uint32_t b)
{
    uint32_t sum = 0;
    for (int i = 0; i < 32; i += 8) {
        int d = (int)((a >> i) & 0xff) - (int)((b >> i) & 0xff);
        sum += (uint32_t)(d < 0 ? -d : d);
    }
    return sum;
}
