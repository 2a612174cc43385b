# tests/system/kvm/module.mk — the KVM suite: x86_64 guests under KVM,
# nested in qemu-system-x86_64 (TCG, SVM) where the host has no /dev/kvm
# (see tests/system/kvm/README.md).
#
#   make kvm-images        kernel, outer and inner initramfs, disks into
#                          tests/cache/kvm/ (rebuilt when an input changes)
#   make check-kvm         run.sh --emu xrun (build/xrun-system-x86_64) with
#                          1 and 2 vCPUs
#   make check-kvm-qemu    run.sh --emu qemu: the same checks on
#                          qemu-system-x86_64 -M microvm -accel kvm

KVM_RUNS := 1 2

$(BUILD)/tests/kvmprobe: tests/system/kvm/kvmprobe.c
	@mkdir -p $(@D)
	$(CC) -static -O2 -Wall -Wextra -Werror -o $@ $<

# The accelerator's own test: xrun's KVM code through system/accel/accel.h.
$(BUILD)/tests/kvmaccel: tests/system/kvm/kvmaccel.c $(BUILD)/libxrun-sys.a $(BUILD)/libxrun.a | $(GEN_HDRS)
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(XCFLAGS) $(LDFLAGS) -o $@ $< $(BUILD)/libxrun-sys.a $(BUILD)/libxrun.a $(LIBS) $(SYS_LIBS)

kvm-images:
	@bash tests/system/kvm/images.sh

# kvm_suite EMU: run.sh --suite under EMU for each vCPU count of KVM_RUNS,
# then one summary line.
define kvm_suite
	@pass=0; fail=0; for smp in $(KVM_RUNS); do \
	  out=$$(BUILD=$(BUILD) bash tests/system/kvm/run.sh --emu $(1) --smp $$smp --suite 2>&1); rc=$$?; \
	  printf '%s\n' "$$out" | grep -v '^PASS'; \
	  line=$$(printf '%s\n' "$$out" | grep -E '^kvm: [0-9]+ passed, [0-9]+ failed' | tail -n 1); \
	  p=$$(printf '%s' "$$line" | sed -n 's/^kvm: \([0-9]*\) passed.*/\1/p'); \
	  f=$$(printf '%s' "$$line" | sed -n 's/.* \([0-9]*\) failed.*/\1/p'); \
	  if [ -z "$$p" ]; then p=0; f=1; echo "FAIL kvm: --smp $$smp gave no summary (rc=$$rc)"; fi; \
	  if [ $$rc != 0 ] && [ "$$f" = 0 ]; then f=1; echo "FAIL kvm: --smp $$smp exit code $$rc"; fi; \
	  pass=$$((pass + p)); fail=$$((fail + f)); \
	done; \
	echo "kvm: $$pass passed, $$fail failed"; [ $$fail = 0 ]
endef

check-kvm: kvm-images $(BUILD)/tests/kvmprobe $(BUILD)/tests/kvmaccel
	$(call kvm_suite,xrun)

check-kvm-qemu: kvm-images $(BUILD)/tests/kvmprobe $(BUILD)/tests/kvmaccel
	$(call kvm_suite,qemu)

CHECK_TARGETS += check-kvm
.PHONY: kvm-images check-kvm check-kvm-qemu
