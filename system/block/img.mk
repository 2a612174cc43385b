# system/block/img.mk — the xrun-img tool and `make check-img`, its
# interoperability tests against qemu-img (tests/img/run.sh).

# xrun-img's main is not part of the library.
SYS_BINS += $(BUILD)/xrun-img
$(BUILD)/xrun-img: $(BUILD)/system/block/img.o $(BUILD)/libxrun-sys.a $(BUILD)/libxrun.a
	$(CC) $(XCFLAGS) $(LDFLAGS) -o $@ $< $(BUILD)/libxrun-sys.a $(BUILD)/libxrun.a $(LIBS) $(SYS_LIBS)

# The block API driver the tests use to write images.
$(BUILD)/tests/img/blkwrite: tests/img/blkwrite.c $(BUILD)/libxrun-sys.a $(BUILD)/libxrun.a
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(XCFLAGS) $(LDFLAGS) -o $@ $< $(BUILD)/libxrun-sys.a $(BUILD)/libxrun.a $(LIBS) $(SYS_LIBS)

check-img: $(BUILD)/xrun-img $(BUILD)/tests/img/blkwrite
	@BUILD=$(BUILD) bash tests/img/run.sh
CHECK_TARGETS += check-img
.PHONY: check-img
