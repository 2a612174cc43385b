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

# `make check-net`: the net unit test alone, ending in "net: N passed, N failed".
check-net: $(BUILD)/tests/unit/net_slirp_test
	@out=$$($(BUILD)/tests/unit/net_slirp_test --jobs 2 2>&1); rc=$$?; \
	printf '%s\n' "$$out" | grep -v '^\[----\]' | tail -n 40; \
	line=$$(printf '%s\n' "$$out" | grep 'Synthesis:' | tail -n 1); \
	p=$$(printf '%s' "$$line" | sed -n 's/.*Passing: \([0-9]*\).*/\1/p'); \
	f=$$(printf '%s' "$$line" | sed -n 's/.*Failing: \([0-9]*\).*/\1/p'); \
	c=$$(printf '%s' "$$line" | sed -n 's/.*Crashing: \([0-9]*\).*/\1/p'); \
	if [ -z "$$p" ]; then p=0; f=1; c=0; echo "FAIL net: no Criterion summary (rc=$$rc)"; fi; \
	if [ "$$rc" != 0 ] && [ "$$f" = 0 ] && [ "$$c" = 0 ]; then f=1; echo "FAIL net: exit code $$rc"; fi; \
	echo "net: $$p passed, $$((f + c)) failed"; [ $$((f + c)) = 0 ]
CHECK_TARGETS += check-net
.PHONY: check-net
