# tests/diff/module.mk — `make check-diff`: random differential testing of
# the ARM frontend against qemu-arm (see tests/diff/run.sh).
#
# The default run is fixed: cases 0..299 of A32 and T32, 200 VFP (half in
# A32, half in T32), 100 NEON and 200 ARMv8 (half in A32, half in T32,
# under -cpu max), 50 cases per program, 2 jobs. Larger runs:
#   make check-diff DIFF_COUNT=5000    (5000 A32 + 5000 T32 + 3333 VFP + 1666 NEON + 3333 ARMv8)
#   make check-diff DIFF_COUNT=5000 DIFF_FIRST=100000   (other seeds)

DIFF_FIRST ?= 0

check-diff:
	@BUILD=$(BUILD) FIRST=$(DIFF_FIRST) $(if $(DIFF_COUNT),DIFF_COUNT=$(DIFF_COUNT)) \
	  DIFF_A32=$(or $(DIFF_A32),$(if $(DIFF_COUNT),$(DIFF_COUNT),300)) \
	  DIFF_T32=$(or $(DIFF_T32),$(if $(DIFF_COUNT),$(DIFF_COUNT),300)) \
	  DIFF_VFP=$(or $(DIFF_VFP),$(if $(DIFF_COUNT),$(shell echo $$(( $(DIFF_COUNT) * 2 / 3 ))),200)) \
	  DIFF_NEON=$(or $(DIFF_NEON),$(if $(DIFF_COUNT),$(shell echo $$(( $(DIFF_COUNT) / 3 ))),100)) \
	  DIFF_V8=$(or $(DIFF_V8),$(if $(DIFF_COUNT),$(shell echo $$(( $(DIFF_COUNT) * 2 / 3 ))),200)) \
	  bash tests/diff/run.sh

CHECK_TARGETS += check-diff

.PHONY: check-diff

# `make check-diff-a64`: the same for AArch64 against qemu-aarch64 -cpu max
# (tests/diff/a64/run.sh): 400 integer, 250 scalar FP, 300 AdvSIMD and 100
# crypto cases (fixed seeds). DIFF_MODES picks modes, DIFF_COUNT sets every
# mode's count. The translator under test is $(BUILD)/xrun-aarch64 unless
# XRUN is given (`XRUN=qemu-aarch64 make check-diff-a64` checks the harness);
# a missing translator is a failure with a message, not a skip (A64_XRUN:
# tests/module.mk).

check-diff-a64:
	@BUILD=$(BUILD) FIRST=$(DIFF_FIRST) XRUN="$(A64_XRUN)" $(if $(DIFF_COUNT),DIFF_COUNT=$(DIFF_COUNT)) \
	  $(if $(DIFF_MODES),DIFF_MODES="$(DIFF_MODES)") bash tests/diff/a64/run.sh

AARCH64_CHECKS += check-diff-a64

# In `make check`: the modes whose instructions xrun implements in full.
# Every mode: integer, scalar FP, AdvSIMD and crypto.
DIFF_A64_CHECK_MODES ?= a64 a64fp a64simd a64crypto
check-diff-a64-implemented:
	@$(MAKE) --no-print-directory check-diff-a64 DIFF_MODES="$(DIFF_A64_CHECK_MODES)"

CHECK_TARGETS += check-diff-a64-implemented

.PHONY: check-diff-a64 check-diff-a64-implemented
