# system/boot/boot.mk — the ARM and x86_64 kernel loaders and the virt
# board's device tree.
#
#   check-boot   the loader and device-tree unit tests (check-unit over just
#                these), ending in "boot: N passed, N failed". The ARM tests
#                run qemu-system-arm to compare trees and placement with it;
#                the x86_64 test also parses Debian's amd64 kernel, fetched
#                into tests/cache with tools/fetch-deb.sh when absent.

BOOT_SRCS := system/boot/arm_boot.c system/boot/x86_boot.c system/boards/virt_fdt.c
BOOT_UNIT_TESTS := tests/unit/arm_boot_test.c tests/unit/x86_boot_test.c tests/unit/virt_fdt_test.c

SYS_SRCS += $(BOOT_SRCS)
UNIT_TESTS += $(BOOT_UNIT_TESTS)

check-boot:
	@out=$$($(MAKE) --no-print-directory check-unit UNIT_TESTS="$(BOOT_UNIT_TESTS)" 2>&1); rc=$$?; \
	printf '%s\n' "$$out" | sed 's/^unit: \([0-9]* passed, [0-9]* failed\)$$/boot: \1/'; \
	exit $$rc

.PHONY: check-boot

# Header dependencies of these objects and tests (the compiler writes them
# with -MMD), so that a changed header rebuilds what includes it.
-include $(BOOT_SRCS:%.c=$(BUILD)/%.d) $(BOOT_UNIT_TESTS:tests/unit/%.c=$(BUILD)/tests/unit/%.d)
