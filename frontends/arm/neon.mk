# frontends/arm/neon.mk: Advanced SIMD (NEON) for AArch32.
#
# Two decoders, generated like vfp.decode with static trans_ functions:
#   neon-ls.decode -> decode-neon-ls.c.inc, included by translate-neon-ls.c
#   neon-dp.decode -> decode-neon-dp.c.inc, included by translate-neon.c
# Element-wise work that is not inline IR lives in the helpers:
#   neon_helper.c (3 same / 3 different / by scalar), neon_misc_helper.c
#   (2misc, shifts, permutes), neon_fp_helper.c (Standard FPSCR value floats),
#   neon_fp16_helper.c (the ARMv8.2 .F16 forms).

CORE_SRCS += frontends/arm/translate-neon.c frontends/arm/translate-neon-ls.c \
             frontends/arm/neon_helper.c frontends/arm/neon_fp_helper.c \
             frontends/arm/neon_misc_helper.c frontends/arm/translate-v8.c \
             frontends/arm/crypto_helper.c frontends/arm/translate-neon-fp16.c \
             frontends/arm/neon_fp16_helper.c

$(BUILD)/gen/decode-neon-ls.c.inc: frontends/arm/neon-ls.decode $(DECODETREE)
	@mkdir -p $(dir $@)
	$(PYTHON) $(DECODETREE) --decode decode_neon_ls -o $@ $<

$(BUILD)/gen/decode-neon-dp.c.inc: frontends/arm/neon-dp.decode $(DECODETREE)
	@mkdir -p $(dir $@)
	$(PYTHON) $(DECODETREE) --decode decode_neon_dp -o $@ $<

# ARMv8 crypto: v8-crypto.decode -> decode-v8-crypto.c.inc (translate-v8.c).
$(BUILD)/gen/decode-v8-crypto.c.inc: frontends/arm/v8-crypto.decode $(DECODETREE)
	@mkdir -p $(dir $@)
	$(PYTHON) $(DECODETREE) --decode decode_v8_crypto -o $@ $<

# ARMv8.2 NEON .F16: neon-fp16.decode -> decode-neon-fp16.c.inc
# (translate-neon-fp16.c, helpers in neon_fp16_helper.c).
$(BUILD)/gen/decode-neon-fp16.c.inc: frontends/arm/neon-fp16.decode $(DECODETREE)
	@mkdir -p $(dir $@)
	$(PYTHON) $(DECODETREE) --decode decode_neon_fp16 -o $@ $<

GEN_HDRS += $(BUILD)/gen/decode-neon-fp16.c.inc
GEN_HDRS += $(BUILD)/gen/decode-neon-ls.c.inc $(BUILD)/gen/decode-neon-dp.c.inc \
            $(BUILD)/gen/decode-v8-crypto.c.inc

UNIT_TESTS += tests/unit/neon_test.c tests/unit/crypto_test.c tests/unit/neon_fp16_test.c
