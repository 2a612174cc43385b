# frontends/arm/vfp.mk: VFPv3-D32 / VFPv4 floating point for AArch32.
#
# vfp.decode becomes $(BUILD)/gen/decode-vfp.c.inc.  Unlike the A32/T32
# decoders its trans_ functions are static: they all live in
# translate-vfp.c, and static names cannot clash with the NEON decoder's.
# (An explicit rule wins over the %-pattern rule of module.mk.)

CORE_SRCS += frontends/arm/translate-vfp.c frontends/arm/vfp_helper.c \
             frontends/arm/translate-vfp-v8.c frontends/arm/vfp_v8_helper.c \
             frontends/arm/translate-vfp-fp16.c frontends/arm/vfp_fp16_helper.c

$(BUILD)/gen/decode-vfp.c.inc: frontends/arm/vfp.decode $(DECODETREE)
	@mkdir -p $(dir $@)
	$(PYTHON) $(DECODETREE) --decode decode_vfp -o $@ $<

# ARMv8 additions: vfp-v8.decode -> decode-vfp-v8.c.inc (translate-vfp-v8.c).
$(BUILD)/gen/decode-vfp-v8.c.inc: frontends/arm/vfp-v8.decode $(DECODETREE)
	@mkdir -p $(dir $@)
	$(PYTHON) $(DECODETREE) --decode decode_vfp_v8 -o $@ $<

# ARMv8.2 half precision: vfp-fp16.decode -> decode-vfp-fp16.c.inc.
$(BUILD)/gen/decode-vfp-fp16.c.inc: frontends/arm/vfp-fp16.decode $(DECODETREE)
	@mkdir -p $(dir $@)
	$(PYTHON) $(DECODETREE) --decode decode_vfp_fp16 -o $@ $<

GEN_HDRS += $(BUILD)/gen/decode-vfp.c.inc $(BUILD)/gen/decode-vfp-v8.c.inc \
            $(BUILD)/gen/decode-vfp-fp16.c.inc

UNIT_TESTS += tests/unit/vfp_test.c
