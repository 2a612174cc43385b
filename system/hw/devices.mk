# system/hw/devices.mk: the board's basic devices: the GICv2 interrupt
# controller, the PL011 UART and the PL031 RTC, and the guest-error log
# they share.
#
#   check-devices   the unit tests of the event loop, the character
#                   backends and these devices (each Criterion binary, two
#                   jobs), then "devices: N passed, N failed"
SYS_SRCS += system/hw/dev_log.c system/hw/gic.c system/hw/pl011.c system/hw/pl031.c
UNIT_TESTS += tests/unit/gic_test.c tests/unit/pl011_test.c tests/unit/pl031_test.c
DEVICES_TESTS := event_test chardev_test gic_test pl011_test pl031_test

# A binary that does not build, or ends without a Criterion summary, counts
# as one failure.
check-devices:
	-@$(MAKE) --no-print-directory -k $(DEVICES_TESTS:%=$(BUILD)/tests/unit/%) >$(BUILD)/check-devices.log 2>&1
	@pass=0; fail=0; \
	for t in $(DEVICES_TESTS); do \
	  out=$$($(BUILD)/tests/unit/$$t --jobs 2 2>&1); rc=$$?; \
	  sum=$$(printf '%s\n' "$$out" | sed -n 's/.*Passing: \([0-9]*\) | Failing: \([0-9]*\) | Crashing: \([0-9]*\).*/\1 \2 \3/p'); \
	  set -- $$sum 0 1 0; \
	  [ -n "$$sum" ] || echo "FAIL $$t: no Criterion summary (rc=$$rc; build log: $(BUILD)/check-devices.log)"; \
	  [ $$2 = 0 ] && [ $$3 = 0 ] && [ $$rc = 0 ] || printf '%s\n' "$$out" | grep -E '^\[(----|FAIL)\]' | grep -v '^\[----\] *$$'; \
	  echo "$$t: $$1 passed, $$(($$2 + $$3)) failed"; \
	  pass=$$((pass + $$1)); fail=$$((fail + $$2 + $$3)); \
	  [ $$rc = 0 ] || [ $$2 != 0 ] || [ $$3 != 0 ] || fail=$$((fail + 1)); \
	done; \
	echo "devices: $$pass passed, $$fail failed"; [ $$fail = 0 ]
.PHONY: check-devices
