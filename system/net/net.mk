# Network backends of system mode: the netdev registry and the device link
# (net.c), -netdev user parsing (user_opts.c) and the libslirp backend
# (slirp.c).
SYS_SRCS += system/net/net.c system/net/user_opts.c system/net/slirp.c

# The unit test exchanges real frames with libslirp. It links its own small
# event loop (tests/unit/net_event_fake.c) and frame builders
# (tests/unit/net_frames.c) instead of system/event.c, so it drives time and
# polling itself.
UNIT_TESTS += tests/unit/net_slirp_test.c
NET_TEST_OBJS := $(BUILD)/tests/unit/net_event_fake.o $(BUILD)/tests/unit/net_frames.o

$(BUILD)/tests/unit/net_slirp_test: tests/unit/net_slirp_test.c $(NET_TEST_OBJS) \
		$(BUILD)/libxrun-sys.a $(BUILD)/libxrun.a | $(GEN_HDRS)
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(XCFLAGS) $(LDFLAGS) -o $@ $< $(NET_TEST_OBJS) \
		$(BUILD)/libxrun-sys.a $(BUILD)/libxrun.a $(LIBS) $(SYS_LIBS) -lcriterion

# `make check-net` runs the net unit test alone (check-unit runs it with the
# others); its last line is "net: N passed, N failed", and it exits non-zero
# on any failure.
check-net: $(BUILD)/tests/unit/net_slirp_test
	@out=$$($(BUILD)/tests/unit/net_slirp_test --jobs 2 2>&1); rc=$$?; \
	printf '%s\n' "$$out" | tail -n 60; exit $$rc
.PHONY: check-net
