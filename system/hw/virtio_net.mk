# system/hw/virtio_net.mk — the virtio-net device and its unit test.
#
#   check-vnet   the virtio-net unit test alone (check-unit runs it with the
#                others); last line "vnet: N passed, N failed", non-zero
#                exit on any failure.
SYS_SRCS += system/hw/virtio_net.c
UNIT_TESTS += tests/unit/virtio_net_test.c

# The test exchanges real frames with libslirp through the device. Like the
# net test it links the test-only event loop and frame builders, which
# replace system/event.c so the test drives polling and timers itself.
VNET_TEST_OBJS := $(BUILD)/tests/unit/net_event_fake.o $(BUILD)/tests/unit/net_frames.o

$(BUILD)/tests/unit/virtio_net_test: tests/unit/virtio_net_test.c $(VNET_TEST_OBJS) \
		$(BUILD)/libxrun-sys.a $(BUILD)/libxrun.a | $(GEN_HDRS)
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(XCFLAGS) $(LDFLAGS) -o $@ $< $(VNET_TEST_OBJS) \
		$(BUILD)/libxrun-sys.a $(BUILD)/libxrun.a $(LIBS) $(SYS_LIBS) -lcriterion

# A binary that does not build or ends without its summary line fails.
check-vnet:
	@if ! $(MAKE) --no-print-directory $(BUILD)/tests/unit/virtio_net_test >$(BUILD)/check-vnet.log 2>&1; then \
	  tail -n 20 $(BUILD)/check-vnet.log; echo "FAIL vnet: the test does not build"; \
	  echo "vnet: 0 passed, 1 failed"; exit 1; fi
	@out=$$($(BUILD)/tests/unit/virtio_net_test --jobs 2 2>&1); rc=$$?; \
	printf '%s\n' "$$out" | grep -E '^\[(FAIL|----)\]|vnet:' | grep -v '^\[----\] *$$' | tail -n 60; \
	printf '%s\n' "$$out" | grep -q '^vnet: ' || { echo "vnet: 0 passed, 1 failed"; exit 1; }; \
	exit $$rc

.PHONY: check-vnet
