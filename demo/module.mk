# `make demo`: builds demo/demo.c with the Debian ARM cross compiler and runs
# it under build/xrun-arm, then shows the same program under -strace.
ARM_CC ?= arm-linux-gnueabihf-gcc

$(BUILD)/demo/demo-arm: demo/demo.c
	@mkdir -p $(dir $@)
	$(ARM_CC) -static -O2 -mthumb -o $@ $< -lm

demo: deps
	@$(MAKE) --no-print-directory all $(BUILD)/demo/demo-arm
	@echo "== file $(BUILD)/demo/demo-arm"
	@file $(BUILD)/demo/demo-arm 2>/dev/null || true
	@echo "== $(BUILD)/xrun-arm $(BUILD)/demo/demo-arm one two"
	@$(BUILD)/xrun-arm $(BUILD)/demo/demo-arm one two
	@echo "== $(BUILD)/xrun -strace $(BUILD)/demo/demo-arm (first lines)"
	@$(BUILD)/xrun -strace $(BUILD)/demo/demo-arm 2>&1 >/dev/null | head -n 8
