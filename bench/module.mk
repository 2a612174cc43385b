# bench/module.mk — `make bench`: native vs qemu-arm vs xrun (bench/run.sh),
# then the same for AArch64 against qemu-aarch64 (BENCH_GUEST=aarch64; also
# `make bench-aarch64`).
#
# Builds xrun first unless XRUN was given from outside (XRUN=qemu-arm make
# bench checks the harness itself). Results: $(BUILD)/bench/results.md and
# results.svg. REPS=N sets the repetitions, ONLY="sha256sum sort" a subset,
# SCALE=small quick inputs. The debootstrap workload needs the static xrun
# (`make static`, built here unless XRUN_STATIC was given) and root.
# System mode follows (bench/system.sh, also `make bench-system`): boot to
# poweroff and a job inside the guest, xrun-system-arm vs qemu-system-arm;
# then x86_64 under KVM (bench/kvm.sh, also `make bench-kvm`).

ifneq ($(filter environment command,$(origin XRUN)),)
BENCH_XRUN_DEP :=
else
BENCH_XRUN_DEP := $(BUILD)/xrun-arm $(BUILD)/xrun-aarch64
endif

# The AArch64 run's translator (XRUN is the ARM one).
XRUN_AARCH64 ?= $(abspath $(BUILD))/xrun-aarch64

ifneq ($(filter environment command,$(origin XRUN_STATIC)),)
BENCH_STATIC_DEP :=
else
BENCH_STATIC_DEP := static
endif

bench: $(BENCH_XRUN_DEP) $(BENCH_STATIC_DEP) $(BUILD)/xrun-system-arm $(BUILD)/xrun-system-x86_64
	@bash tools/deps.sh
	@BUILD=$(BUILD) bash bench/run.sh
	@BUILD=$(BUILD) BENCH_GUEST=aarch64 XRUN=$(XRUN_AARCH64) bash bench/run.sh
	@BUILD=$(BUILD) bash bench/system.sh
	@BUILD=$(BUILD) bash bench/kvm.sh

# The AArch64 user-mode benchmark alone.
bench-aarch64: $(BUILD)/xrun-aarch64
	@bash tools/deps.sh
	@BUILD=$(BUILD) BENCH_GUEST=aarch64 XRUN=$(XRUN_AARCH64) bash bench/run.sh

# x86_64 under KVM alone: start-up CPU time, and boot to poweroff against
# qemu-system-x86_64 -M microvm -accel kvm in the nested outer VM.
bench-kvm: $(BUILD)/xrun-system-x86_64
	@bash tools/deps.sh
	@BUILD=$(BUILD) bash bench/kvm.sh

# System mode alone: xrun-system-arm vs qemu-system-arm (bench/system.sh).
bench-system: $(BUILD)/xrun-system-arm
	@bash tools/deps.sh
	@BUILD=$(BUILD) bash bench/system.sh
