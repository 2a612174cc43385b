# tests/gdb/module.mk — `make check-gdb`: the GDB stub driven by
# gdb-multiarch (and a raw protocol client), plus -perfmap (tests/gdb/run.sh,
# tests/gdb/user-arm.sh).
check-gdb: $(BUILD)/xrun-arm
	@BUILD=$(BUILD) bash tests/gdb/run.sh

CHECK_TARGETS += check-gdb
.PHONY: check-gdb

# `make check-gdb-aarch64`: the same suite for the AArch64 guest
# (tests/gdb/user-aarch64.sh), under $(BUILD)/xrun-aarch64 unless XRUN
# comes from the user (A64_XRUN, tests/module.mk).
check-gdb-aarch64: $(BUILD)/xrun-aarch64
	@BUILD=$(BUILD) GUEST=aarch64 XRUN="$(A64_XRUN)" bash tests/gdb/run.sh

AARCH64_CHECKS += check-gdb-aarch64
CHECK_TARGETS += check-gdb-aarch64
.PHONY: check-gdb-aarch64

# `make check-gdb-system`: the system-mode stub (-S, -gdb, -s) driven by
# gdb-multiarch against a bare-metal program and Debian's kernel
# (tests/gdb/system.sh).
check-gdb-system: $(BUILD)/xrun-system-arm system-images
	@BUILD=$(BUILD) bash tests/gdb/system.sh

CHECK_TARGETS += check-gdb-system
.PHONY: check-gdb-system
