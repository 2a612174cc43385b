# frontends/arm/a64.mk: the A64 (AArch64) guest.
#
# One decoder, decode_a64 from a64.decode, included by translate-a64.c;
# its a64_trans_ handlers live in the translate-a64-*.c files, which
# include the header-only form decode-a64.h.

CORE_SRCS += frontends/arm/a64-cpu.c frontends/arm/a64-helper.c frontends/arm/translate-a64.c \
             frontends/arm/translate-a64-dp.c frontends/arm/translate-a64-branch.c \
             frontends/arm/translate-a64-mem.c frontends/arm/translate-a64-atomic.c \
             frontends/arm/translate-a64-sys.c frontends/arm/a64-gdb.c
# FP/AdvSIMD and V-register loads and stores: decode_a64_simd from
# a64-simd.decode, tried when a64_decode takes no pattern.
CORE_SRCS += frontends/arm/translate-a64-simd.c frontends/arm/translate-a64-simd-perm.c \
             frontends/arm/translate-a64-ldst-v.c \
             frontends/arm/translate-a64-fp.c frontends/arm/a64-simd-helper.c frontends/arm/a64-fp-helper.c \
             frontends/arm/a64-simd-fp-helper.c
# The cryptographic extension (its helper shares crypto_helper.c with AArch32).
CORE_SRCS += frontends/arm/translate-a64-crypto.c frontends/arm/a64-crypto-helper.c

DECODE_ARGS_a64 := --decode a64_decode --translate a64_trans

GEN_HDRS += $(BUILD)/gen/decode-a64.c.inc $(BUILD)/gen/decode-a64.h
DECODE_ARGS_a64-simd := --decode a64_simd_decode --translate a64_simd_trans
GEN_HDRS += $(BUILD)/gen/decode-a64-simd.c.inc $(BUILD)/gen/decode-a64-simd.h

UNIT_TESTS += tests/unit/a64_exec_test.c tests/unit/a64_mem_test.c tests/unit/a64_decode_test.c \
              tests/unit/a64_arch_test.c
UNIT_TESTS += tests/unit/a64_simd_test.c tests/unit/a64_fp_test.c tests/unit/a64_crypto_test.c \
              tests/unit/a64_simd_ext_test.c \
              tests/unit/a64_fp16_test.c \
              tests/unit/a64_fp_fast_test.c
