# tests/system/module.mk — system-mode test images and suites (see
# tests/system/README.md). Not part of `make check`:
#
#   make system-images          kernels, initramfs and disk images into
#                               tests/cache/system/ (rebuilt when an input
#                               changes)
#   make check-system           run.sh and kill9.sh under SYSTEM_EMU
#                               (qemu: qemu-system-arm, the default; xrun:
#                               $(BUILD)/xrun-system-arm, built first)

SYSTEM_EMU ?= qemu

system-images:
	@bash tests/system/images.sh

check-system: system-images $(if $(filter xrun,$(SYSTEM_EMU)),$(BUILD)/xrun-system-arm)
	@rc=0; \
	BUILD=$(BUILD) bash tests/system/run.sh --emu $(SYSTEM_EMU) || rc=1; \
	BUILD=$(BUILD) bash tests/system/kill9.sh --emu $(SYSTEM_EMU) || rc=1; \
	exit $$rc

.PHONY: system-images check-system
