# system/block/block.mk — the block layer (raw and qcow2 images) and xrun-img.
SYS_SRCS += system/block/block.c system/block/raw.c system/block/qcow2.c \
            system/block/qcow2_cache.c system/block/qcow2_refcount.c \
            system/block/qcow2_cluster.c system/block/qcow2_check.c
UNIT_TESTS += tests/unit/block_test.c

# xrun-img: its main is not part of the library.
SYS_BINS += $(BUILD)/xrun-img
$(BUILD)/xrun-img: $(BUILD)/system/block/img.o $(BUILD)/libxrun-sys.a $(BUILD)/libxrun.a
	$(CC) $(XCFLAGS) $(LDFLAGS) -o $@ $< $(BUILD)/libxrun-sys.a $(BUILD)/libxrun.a $(LIBS) $(SYS_LIBS)

# make check-img: interoperability with qemu-img (tests/img/run.sh).
$(BUILD)/tests/img/blkwrite: tests/img/blkwrite.c $(BUILD)/libxrun-sys.a $(BUILD)/libxrun.a
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(XCFLAGS) $(LDFLAGS) -o $@ $< $(BUILD)/libxrun-sys.a $(BUILD)/libxrun.a $(LIBS) $(SYS_LIBS)

check-img: $(BUILD)/xrun-img $(BUILD)/tests/img/blkwrite
	@BUILD=$(BUILD) bash tests/img/run.sh
CHECK_TARGETS += check-img
.PHONY: check-img
