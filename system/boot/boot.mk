# system/boot/boot.mk — the ARM kernel loader and the virt board's device tree.
#
#   check-boot   runs the loader and device-tree unit tests, then prints
#                "boot: N passed, N failed" (the virt_fdt tests run
#                qemu-system-arm to compare trees).

SYS_SRCS += system/boot/arm_boot.c system/boards/virt_fdt.c
UNIT_TESTS += tests/unit/arm_boot_test.c tests/unit/virt_fdt_test.c

BOOT_TESTS := $(BUILD)/tests/unit/arm_boot_test $(BUILD)/tests/unit/virt_fdt_test

check-boot: $(BOOT_TESTS)
	@pass=0; fail=0; \
	for t in $(BOOT_TESTS); do \
	  out=$$($$t --jobs 2 2>&1); rc=$$?; \
	  printf '%s\n' "$$out" | grep -v '^\[----\]' | tail -n 30; \
	  line=$$(printf '%s\n' "$$out" | grep 'Synthesis:' | tail -n 1); \
	  p=$$(printf '%s' "$$line" | sed -n 's/.*Passing: \([0-9]*\).*/\1/p'); \
	  f=$$(printf '%s' "$$line" | sed -n 's/.*Failing: \([0-9]*\).*/\1/p'); \
	  c=$$(printf '%s' "$$line" | sed -n 's/.*Crashing: \([0-9]*\).*/\1/p'); \
	  if [ -z "$$p" ]; then p=0; f=1; c=0; echo "FAIL $$t: no Criterion summary (rc=$$rc)"; fi; \
	  if [ "$$rc" != 0 ] && [ "$$f" = 0 ] && [ "$$c" = 0 ]; then f=1; echo "FAIL $$t: exit code $$rc"; fi; \
	  pass=$$((pass + p)); fail=$$((fail + f + c)); \
	done; \
	echo "boot: $$pass passed, $$fail failed"; \
	[ $$fail = 0 ]

CHECK_TARGETS += check-boot
.PHONY: check-boot
