# The system-mode executables: the shared main, one target file each
# (system/target.h), the boards and what boards share.
SYS_SRCS += system/board.c system/vdevs.c system/boards/virt.c system/boards/microvm.c
SYS_BINS += $(BUILD)/xrun-system-arm $(BUILD)/xrun-system-x86_64

$(BUILD)/xrun-system-arm: $(BUILD)/system/main.o $(BUILD)/system/target_arm.o $(BUILD)/libxrun-sys.a $(BUILD)/libxrun.a
	$(CC) $(XCFLAGS) $(LDFLAGS) -o $@ $(BUILD)/system/main.o $(BUILD)/system/target_arm.o $(BUILD)/libxrun-sys.a \
	    $(BUILD)/libxrun.a $(LIBS) $(SYS_LIBS)
$(BUILD)/xrun-system-x86_64: $(BUILD)/system/main.o $(BUILD)/system/target_x86_64.o $(BUILD)/libxrun-sys.a \
	    $(BUILD)/libxrun.a
	$(CC) $(XCFLAGS) $(LDFLAGS) -o $@ $(BUILD)/system/main.o $(BUILD)/system/target_x86_64.o \
	    $(BUILD)/libxrun-sys.a $(BUILD)/libxrun.a $(LIBS) $(SYS_LIBS)
# The GDB stub's system side (-s, -gdb, -S).
SYS_SRCS += system/gdbstub_sys.c
UNIT_TESTS += tests/unit/sgdb_test.c
