/*
 * A64 cryptographic extension: AES, SHA-1, SHA-256 and PMULL .1Q
 * (ARMv8.0 crypto), SHA-512, SHA-3, SM3 and SM4 (ARMv8.2), each
 * UNDEFINED unless the cpu model has its A64_FEATURE_* bit.
 *
 * The AES, SHA, SM and PMULL insns are one helper call each (a64-crypto.h):
 *
 *     aese v0.16b, v1.16b   ->  call helper_a64_crypto, env, $desc(AESE, 0, 1, -, -)
 *
 * The four SHA-3 insns are two or three vector IR ops:
 *
 *     xar v0.2d, v1.2d, v2.2d, #k  ->  t = v1 ^ v2; v0 = (t >> k) | (t << (64 - k))
 */
#include "frontends/arm/a64-crypto.h"
#include "frontends/arm/a64-simd.h"
#include "decode-a64-simd.h"

static void gen_crypto_call(DisasA64 *s, A64CryptoOp op, int d, int n, int m, int a)
{
    IRContext *ir = s->ir;
    ir_callN(ir, helper_a64_crypto, IR_CALL_NO_READ_GLOBALS | IR_CALL_NO_WRITE_GLOBALS, IR_NO_TEMP, IR_ENV,
             ir_const_i64(ir, (int64_t)A64_CRYPTO_DESC(op, d, n, m, a)));
}

/* Emits op when the model has feature, else the insn is UNDEFINED. */
static bool gen_crypto(DisasA64 *s, uint32_t feature, A64CryptoOp op, arg_crypto *a)
{
    if (!a64_feature(s, feature)) {
        return false;
    }
    gen_crypto_call(s, op, a->rd, a->rn, a->rm, a->ra);
    return true;
}

bool a64_crypto_gen_pmull64(DisasA64 *s, bool q, int rd, int rn, int rm)
{
    if (!a64_feature(s, A64_FEATURE_AES)) {
        return false;
    }
    gen_crypto_call(s, q ? A64_CRYPTO_PMULL2 : A64_CRYPTO_PMULL, rd, rn, rm, 0);
    return true;
}

bool a64_simd_trans_CRYPTO_AES(DisasA64 *s, arg_crypto *a)
{
    /* opcode 00100 AESE, 00101 AESD, 00110 AESMC, 00111 AESIMC */
    if (a->op < 4 || a->op > 7) {
        return false;
    }
    return gen_crypto(s, A64_FEATURE_AES, (A64CryptoOp)(A64_CRYPTO_AESE + a->op - 4), a);
}

bool a64_simd_trans_CRYPTO_SHA3R(DisasA64 *s, arg_crypto *a)
{
    /* opcode 000-011 SHA1C SHA1P SHA1M SHA1SU0, 100-110 SHA256H SHA256H2 SHA256SU1 */
    if (a->op == 7) {
        return false;
    }
    return gen_crypto(s, a->op < 4 ? A64_FEATURE_SHA1 : A64_FEATURE_SHA256, (A64CryptoOp)(A64_CRYPTO_SHA1C + a->op),
                      a);
}

bool a64_simd_trans_CRYPTO_SHA2R(DisasA64 *s, arg_crypto *a)
{
    /* opcode 00000 SHA1H, 00001 SHA1SU1, 00010 SHA256SU0 */
    if (a->op > 2) {
        return false;
    }
    return gen_crypto(s, a->op < 2 ? A64_FEATURE_SHA1 : A64_FEATURE_SHA256, (A64CryptoOp)(A64_CRYPTO_SHA1H + a->op),
                      a);
}

/* RAX1: Vd.2D = Vn ^ ROL(Vm, 1). */
static bool gen_rax1(DisasA64 *s, arg_crypto *a)
{
    if (!a64_feature(s, A64_FEATURE_SHA3)) {
        return false;
    }
    IRContext *ir = s->ir;
    IRTemp n = a64_read_vec(s, a->rn), m = a64_read_vec(s, a->rm);
    IRTemp hi = ir_new(ir, IR_V128), lo = ir_new(ir, IR_V128), d = ir_new(ir, IR_V128);
    ir_shli_vec(ir, IR_V128, MO_64, hi, m, 1);
    ir_shri_vec(ir, IR_V128, MO_64, lo, m, 63);
    ir_or_vec(ir, IR_V128, d, hi, lo);
    ir_xor_vec(ir, IR_V128, d, d, n);
    a64_write_vec(s, a->rd, d, true);
    return true;
}

bool a64_simd_trans_CRYPTO_SHA512_3R(DisasA64 *s, arg_crypto *a)
{
    /* O = 0: opcode 00 SHA512H, 01 SHA512H2, 10 SHA512SU1, 11 RAX1;
     * O = 1 (in ra): 00 SM3PARTW1, 01 SM3PARTW2, 10 SM4EKEY */
    static const A64CryptoOp ops[2][3] = {
        {A64_CRYPTO_SHA512H, A64_CRYPTO_SHA512H2, A64_CRYPTO_SHA512SU1},
        {A64_CRYPTO_SM3PARTW1, A64_CRYPTO_SM3PARTW2, A64_CRYPTO_SM4EKEY},
    };
    int o = a->ra;
    if (a->op == 3) {
        return !o && gen_rax1(s, a);
    }
    a->ra = 0;
    return gen_crypto(s, !o ? A64_FEATURE_SHA512 : a->op < 2 ? A64_FEATURE_SM3 : A64_FEATURE_SM4, ops[o][a->op], a);
}

bool a64_simd_trans_CRYPTO_SHA512_2R(DisasA64 *s, arg_crypto *a)
{
    /* opcode 00 SHA512SU0, 01 SM4E */
    if (a->op > 1) {
        return false;
    }
    return gen_crypto(s, a->op ? A64_FEATURE_SM4 : A64_FEATURE_SHA512,
                      a->op ? A64_CRYPTO_SM4E : A64_CRYPTO_SHA512SU0, a);
}

bool a64_simd_trans_CRYPTO_SM3TT(DisasA64 *s, arg_crypto *a)
{
    /* opcode 00 SM3TT1A, 01 SM3TT1B, 10 SM3TT2A, 11 SM3TT2B; imm2 (in ra) picks Vm.S[imm2] */
    return gen_crypto(s, A64_FEATURE_SM3, (A64CryptoOp)(A64_CRYPTO_SM3TT1A + a->op), a);
}

bool a64_simd_trans_CRYPTO_4R(DisasA64 *s, arg_crypto *a)
{
    /* Op0 00 EOR3: Vn ^ Vm ^ Va; 01 BCAX: Vn ^ (Vm & ~Va); 10 SM3SS1 */
    if (a->op == 2) {
        return gen_crypto(s, A64_FEATURE_SM3, A64_CRYPTO_SM3SS1, a);
    }
    if (a->op > 1 || !a64_feature(s, A64_FEATURE_SHA3)) {
        return false;
    }
    IRContext *ir = s->ir;
    IRTemp n = a64_read_vec(s, a->rn), m = a64_read_vec(s, a->rm), ra = a64_read_vec(s, a->ra);
    IRTemp d = ir_new(ir, IR_V128);
    if (a->op == 0) {
        ir_xor_vec(ir, IR_V128, d, m, ra);
    } else {
        ir_andc_vec(ir, IR_V128, d, m, ra);
    }
    ir_xor_vec(ir, IR_V128, d, d, n);
    a64_write_vec(s, a->rd, d, true);
    return true;
}

/* XAR: Vd.2D = ROR(Vn ^ Vm, imm6) (the decoder puts imm6 in ra). */
bool a64_simd_trans_CRYPTO_XAR(DisasA64 *s, arg_crypto *a)
{
    if (!a64_feature(s, A64_FEATURE_SHA3)) {
        return false;
    }
    IRContext *ir = s->ir;
    IRTemp n = a64_read_vec(s, a->rn), m = a64_read_vec(s, a->rm), d = ir_new(ir, IR_V128);
    ir_xor_vec(ir, IR_V128, d, n, m);
    if (a->ra != 0) {
        IRTemp hi = ir_new(ir, IR_V128), lo = ir_new(ir, IR_V128);
        ir_shri_vec(ir, IR_V128, MO_64, lo, d, (unsigned)a->ra);
        ir_shli_vec(ir, IR_V128, MO_64, hi, d, 64u - (unsigned)a->ra);
        ir_or_vec(ir, IR_V128, d, hi, lo);
    }
    a64_write_vec(s, a->rd, d, true);
    return true;
}
