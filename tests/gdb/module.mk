# tests/gdb/module.mk — `make check-gdb`: the GDB stub driven by
# gdb-multiarch (and a raw protocol client), plus -perfmap (tests/gdb/run.sh).
check-gdb: $(BUILD)/xrun-arm
	@BUILD=$(BUILD) bash tests/gdb/run.sh

CHECK_TARGETS += check-gdb
.PHONY: check-gdb
