# system/hw/virtio.mk — virtqueues, the virtio-mmio transport and the
# virtio-blk, -rng and -console devices; their unit tests and fuzzer.
VIRTIO_SRCS := system/hw/virtio.c system/hw/virtio_queue.c system/hw/virtio_mmio.c \
               system/hw/virtio_blk.c system/hw/virtio_rng.c system/hw/virtio_console.c
SYS_SRCS += $(VIRTIO_SRCS)
UNIT_TESTS += tests/unit/virtio_test.c

# The virtqueue fuzzer: its own build of the virtio sources and the memory
# map with AddressSanitizer and UBSan, whatever SAN says, so a stray host
# access or undefined behaviour stops it at once.
FUZZ_CFLAGS := -std=gnu11 -O1 -g -fno-strict-aliasing $(WARN) \
               -fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer
VIRTQUEUE_FUZZ_SRCS := tests/fuzz/virtqueue_fuzz.c system/memory.c tcg/util.c $(VIRTIO_SRCS)

$(BUILD)/tests/fuzz/virtqueue_fuzz: $(VIRTQUEUE_FUZZ_SRCS) $(wildcard system/*.h system/hw/*.h system/block/*.h)
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(FUZZ_CFLAGS) -o $@ $(VIRTQUEUE_FUZZ_SRCS)

# FUZZ_SECONDS=N runs longer than the default 20 s; FUZZ_SEED=N replays a run.
# A fuzzer that does not build is reported by run.sh as a failure.
check-fuzz:
	@mkdir -p $(BUILD)
	@$(MAKE) --no-print-directory $(BUILD)/tests/fuzz/virtqueue_fuzz >$(BUILD)/fuzz-build.log 2>&1 || \
	  { tail -n 20 $(BUILD)/fuzz-build.log; rm -f $(BUILD)/tests/fuzz/virtqueue_fuzz; }
	@BUILD=$(BUILD) bash tests/fuzz/run.sh

CHECK_TARGETS += check-fuzz
.PHONY: check-fuzz
