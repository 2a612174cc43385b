# tests/gdb/module.mk — `make check-gdb`: the GDB stub driven by
# gdb-multiarch (and a raw protocol client), plus -perfmap (tests/gdb/run.sh).
check-gdb: $(BUILD)/xrun-arm
	@BUILD=$(BUILD) bash tests/gdb/run.sh

CHECK_TARGETS += check-gdb
.PHONY: check-gdb

# `make check-gdb-system`: the system-mode stub (-S, -gdb, -s) driven by
# gdb-multiarch against a bare-metal program and Debian's kernel
# (tests/gdb/system.sh).
check-gdb-system: $(BUILD)/xrun-system-arm system-images
	@BUILD=$(BUILD) bash tests/gdb/system.sh

CHECK_TARGETS += check-gdb-system
.PHONY: check-gdb-system
