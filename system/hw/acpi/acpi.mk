# system/hw/acpi/acpi.mk — the ACPI tables of the x86_64 microvm board, the
# AML builder they are written with, and the generic event device whose
# registers the FADT names for poweroff and reset.
#
#   check-acpi   the unit test (check-unit over just it), ending in
#                "acpi: N passed, N failed". It runs iasl (acpica-tools) to
#                disassemble the tables. check-unit runs the same test
#                within `make check`.
#   check-acpi-linux
#                Debian's amd64 kernel booted on the tables in
#                qemu-system-x86_64's microvm (tests/acpi/linux.sh).

ACPI_SRCS := system/hw/acpi/aml.c system/hw/acpi/acpi_tables.c system/hw/acpi/ged.c
ACPI_UNIT_TESTS := tests/unit/acpi_test.c

SYS_SRCS += $(ACPI_SRCS)
UNIT_TESTS += $(ACPI_UNIT_TESTS)

check-acpi:
	@out=$$($(MAKE) --no-print-directory check-unit UNIT_TESTS="$(ACPI_UNIT_TESTS)" 2>&1); rc=$$?; \
	printf '%s\n' "$$out" | sed 's/^unit: \([0-9]* passed, [0-9]* failed\)$$/acpi: \1/'; \
	exit $$rc

.PHONY: check-acpi

# Debian's amd64 kernel booted on these tables in qemu-system-x86_64's
# microvm (tests/acpi/linux.sh), ending in "acpi-linux: N passed, N failed".
$(BUILD)/tests/acpi/acpi_window: tests/acpi/acpi_window.c $(BUILD)/libxrun-sys.a $(BUILD)/libxrun.a
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(XCFLAGS) -o $@ $< $(BUILD)/libxrun-sys.a $(BUILD)/libxrun.a $(LIBS) $(SYS_LIBS)

check-acpi-linux: $(BUILD)/tests/acpi/acpi_window
	@BUILD=$(BUILD) bash tests/acpi/linux.sh

CHECK_TARGETS += check-acpi-linux
.PHONY: check-acpi-linux

# Header dependencies of these objects and tests (written with -MMD).
-include $(ACPI_SRCS:%.c=$(BUILD)/%.d) $(ACPI_UNIT_TESTS:tests/unit/%.c=$(BUILD)/tests/unit/%.d) \
         $(BUILD)/tests/acpi/acpi_window.d
