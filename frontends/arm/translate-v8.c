/*
 * ARMv8 AArch32 integer and crypto extensions: CRC32/CRC32C (A32 and T32,
 * from a32.decode and t32.decode) and AES, SHA-1, SHA-256 and VMULL.P64
 * (the decoder generated from v8-crypto.decode, run by arm_decode_neon on
 * A32-form Advanced SIMD encodings).  Each group is UNDEFINED unless the
 * cpu model has its ARM_FEATURE_* bit.
 *
 * The crypto insns are one helper call each on whole Q registers, e.g.
 * "aese.8 q0, q1" becomes
 *
 *     call helper_crypto_aes, env, $desc(d0, -, d2), $0
 */
#include "frontends/arm/crypto_helper.h"
#include "frontends/arm/translate.h"
#include "decode-a32.h"

#include "decode-v8-crypto.c.inc"

/* -- CRC32 -- */

/* rd = CRC32[C](rn, low bytes of rm); r15 as any operand is UNPREDICTABLE,
 * which we treat as UNDEFINED. */
static bool op_crc32(DisasContext *s, arg_rrr *a, unsigned bytes, bool castagnoli)
{
    if (!arm_feature(s, ARM_FEATURE_CRC32) || a->rd == 15 || a->rn == 15 || a->rm == 15) {
        return false;
    }
    IRTemp d = ir_new_i32(s->ir);
    ir_callN(s->ir, castagnoli ? (void *)helper_arm_crc32c : (void *)helper_arm_crc32,
             IR_CALL_NO_READ_GLOBALS | IR_CALL_NO_WRITE_GLOBALS | IR_CALL_NO_SIDE_EFFECTS, d,
             load_reg(s, a->rn), load_reg(s, a->rm), ir_const_i32(s->ir, (int32_t)bytes));
    store_reg(s, a->rd, d);
    return true;
}

bool trans_CRC32B(DisasContext *s, arg_rrr *a) { return op_crc32(s, a, 1, false); }
bool trans_CRC32H(DisasContext *s, arg_rrr *a) { return op_crc32(s, a, 2, false); }
bool trans_CRC32W(DisasContext *s, arg_rrr *a) { return op_crc32(s, a, 4, false); }
bool trans_CRC32CB(DisasContext *s, arg_rrr *a) { return op_crc32(s, a, 1, true); }
bool trans_CRC32CH(DisasContext *s, arg_rrr *a) { return op_crc32(s, a, 2, true); }
bool trans_CRC32CW(DisasContext *s, arg_rrr *a) { return op_crc32(s, a, 4, true); }

/* -- Crypto -- */

/* The helpers touch only env->vfp_d, never IR globals. */
#define CRYPTO_CALL_FLAGS (IR_CALL_NO_READ_GLOBALS | IR_CALL_NO_WRITE_GLOBALS)

static bool crypto_q_ok(arg_crypto *a) { return !((a->vd | a->vn | a->vm) & 1); }

static bool crypto_call(DisasContext *s, uint32_t feature, arg_crypto *a, void *fn, bool pass_op)
{
    if (!arm_feature(s, feature) || !crypto_q_ok(a)) {
        return false;
    }
    IRTemp desc = ir_const_i32(s->ir, (int32_t)CRYPTO_DESC(a->vd, a->vn, a->vm));
    if (pass_op) {
        ir_call(s->ir, fn, CRYPTO_CALL_FLAGS, IR_NO_TEMP, 3,
                (IRTemp[]){IR_ENV, desc, ir_const_i32(s->ir, a->op)});
    } else {
        ir_call(s->ir, fn, CRYPTO_CALL_FLAGS, IR_NO_TEMP, 2, (IRTemp[]){IR_ENV, desc});
    }
    return true;
}

static bool trans_AES(DisasContext *s, arg_crypto *a)
{
    return crypto_call(s, ARM_FEATURE_AES, a, helper_crypto_aes, true);
}

static bool trans_AESMC(DisasContext *s, arg_crypto *a)
{
    return crypto_call(s, ARM_FEATURE_AES, a, helper_crypto_aesmc, true);
}

static bool trans_SHA1H(DisasContext *s, arg_crypto *a)
{
    return crypto_call(s, ARM_FEATURE_SHA1, a, helper_crypto_sha1h, false);
}

static bool trans_SHA1SU1(DisasContext *s, arg_crypto *a)
{
    return crypto_call(s, ARM_FEATURE_SHA1, a, helper_crypto_sha1su1, false);
}

static bool trans_SHA256SU0(DisasContext *s, arg_crypto *a)
{
    return crypto_call(s, ARM_FEATURE_SHA2, a, helper_crypto_sha256su0, false);
}

static bool trans_SHA1_3reg(DisasContext *s, arg_crypto *a)
{
    return crypto_call(s, ARM_FEATURE_SHA1, a, helper_crypto_sha1_3reg, true);
}

/* op 3 of this space has no SHA-256 insn. */
static bool trans_SHA256_3reg(DisasContext *s, arg_crypto *a)
{
    return a->op != 3 && crypto_call(s, ARM_FEATURE_SHA2, a, helper_crypto_sha256_3reg, true);
}

/* Qd must be even; Dn and Dm are any D registers. */
static bool trans_VMULL_P64(DisasContext *s, arg_crypto *a)
{
    if (!arm_feature(s, ARM_FEATURE_AES) || (a->vd & 1)) {
        return false;
    }
    ir_call(s->ir, helper_crypto_pmull64, CRYPTO_CALL_FLAGS, IR_NO_TEMP, 2,
            (IRTemp[]){IR_ENV, ir_const_i32(s->ir, (int32_t)CRYPTO_DESC(a->vd, a->vn, a->vm))});
    return true;
}

bool arm_decode_v8_crypto(DisasContext *s, uint32_t insn)
{
    return s->features != 0 && decode_v8_crypto(s, insn);
}
