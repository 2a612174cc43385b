# system/hw/pc_devices.mk: the legacy port-I/O devices of the x86 microvm
# board: the 16550A UART and the i8042 reset stub, and the port space
# (system/ioport.mk) they sit on.
#
#   check-uart8250   the unit tests of the port space and these devices,
#                    then "uart8250: N passed, N failed"
SYS_SRCS += system/hw/serial8250.c system/hw/i8042.c
UNIT_TESTS += tests/unit/serial8250_test.c tests/unit/i8042_test.c
PC_DEVICES_TESTS := ioport_test serial8250_test i8042_test

check-uart8250:
	@out=$$($(MAKE) --no-print-directory check-devices DEVICES_TESTS="$(PC_DEVICES_TESTS)" 2>&1); rc=$$?; \
	printf '%s\n' "$$out" | sed 's/^devices: \([0-9]* passed, [0-9]* failed\)$$/uart8250: \1/'; \
	exit $$rc

.PHONY: check-uart8250
