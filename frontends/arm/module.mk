# frontends/arm: the AArch32 guest (A32 here; T32, VFP and NEON add theirs).
#
# Decoders are generated from frontends/arm/*.decode by tools/decodetree.py:
#   $(BUILD)/gen/decode-<x>.c.inc  the decoder (typedefs, prototypes, tree),
#                                  included by the file that dispatches
#   $(BUILD)/gen/decode-<x>.h      typedefs and prototypes only, for the
#                                  files that define the trans_ functions
# Per-decoder options (decoder name, insn width) are DECODE_ARGS_<x>.

CORE_SRCS += frontends/arm/cpu.c frontends/arm/helper.c frontends/arm/translate.c \
             frontends/arm/translate-dp.c frontends/arm/translate-mul.c \
             frontends/arm/translate-mem.c frontends/arm/translate-branch.c \
             frontends/arm/translate-misc.c frontends/arm/translate-vfp.c

# System mode's privileged cpu (cpu-sys.h): one build serves both modes.
CORE_SRCS += frontends/arm/cpu-sys.c frontends/arm/cpu-models.c frontends/arm/excp.c \
             frontends/arm/cp15.c frontends/arm/gtimer.c frontends/arm/psci.c

DECODETREE := tools/decodetree.py
DECODE_ARGS_a32 := --decode decode_a32
DECODE_ARGS_a32-uncond := --decode decode_a32_uncond

$(BUILD)/gen/decode-%.c.inc: frontends/arm/%.decode $(DECODETREE)
	@mkdir -p $(dir $@)
	$(PYTHON) $(DECODETREE) --translate trans $(DECODE_ARGS_$*) -o $@ $<

$(BUILD)/gen/decode-%.h: frontends/arm/%.decode $(DECODETREE)
	@mkdir -p $(dir $@)
	$(PYTHON) $(DECODETREE) --header --translate trans $(DECODE_ARGS_$*) -o $@ $<

# For tests/unit/arm_decode_test.c: the A32 decoder calling test_trans_*
# stubs, and the list of patterns to stub.
$(BUILD)/gen/decode-a32-test.c.inc: frontends/arm/a32.decode $(DECODETREE)
	@mkdir -p $(dir $@)
	$(PYTHON) $(DECODETREE) --translate test_trans --decode test_decode_a32 -o $@ $<

$(BUILD)/gen/decode-a32-list.h: frontends/arm/a32.decode $(DECODETREE)
	@mkdir -p $(dir $@)
	$(PYTHON) $(DECODETREE) --pattern-list -o $@ $<

GEN_HDRS += $(BUILD)/gen/decode-a32-test.c.inc $(BUILD)/gen/decode-a32-list.h
GEN_HDRS += $(BUILD)/gen/decode-a32.c.inc $(BUILD)/gen/decode-a32-uncond.c.inc \
            $(BUILD)/gen/decode-a32.h $(BUILD)/gen/decode-a32-uncond.h

UNIT_TESTS += tests/unit/arm_decode_test.c tests/unit/arm_sys_test.c tests/unit/arm_sys_exec_test.c \
              tests/unit/arm_sys_qemu_test.c tests/unit/arm_psci_gtimer_test.c

# System mode: the privileged insns (translate-sys.c, sys_helper.c). Their
# decoders' trans_ functions are static, all in translate-sys.c.
CORE_SRCS += frontends/arm/translate-sys.c frontends/arm/sys_helper.c

$(BUILD)/gen/decode-a32-sys.c.inc: frontends/arm/a32-sys.decode $(DECODETREE)
	@mkdir -p $(dir $@)
	$(PYTHON) $(DECODETREE) --decode decode_a32_sys -o $@ $<

$(BUILD)/gen/decode-t32-sys.c.inc: frontends/arm/t32-sys.decode $(DECODETREE)
	@mkdir -p $(dir $@)
	$(PYTHON) $(DECODETREE) --decode decode_t32_sys -o $@ $<

GEN_HDRS += $(BUILD)/gen/decode-a32-sys.c.inc $(BUILD)/gen/decode-t32-sys.c.inc

# The A64 (AArch64) guest: its own decoder and translators.
include frontends/arm/a64.mk
