# tests/stress/module.mk — the stress suite (tests/stress/run.sh).
#
#   make check-stress            every program, the whole set 3 times (part of make check)
#   make check-stress-once       the whole set once (the sanitizer run, check-san)
#   make stress                  the whole set STRESS_RUNS times in a row (default 20)
#   make stress STRESS_RUNS=100
# One failing run of one program fails the target.

STRESS_RUNS ?= 20

check-stress: $(BUILD)/xrun-arm
	@BUILD=$(BUILD) RUNS=3 bash tests/stress/run.sh

check-stress-once: $(BUILD)/xrun-arm
	@BUILD=$(BUILD) RUNS=1 bash tests/stress/run.sh

stress: $(BUILD)/xrun-arm
	@BUILD=$(BUILD) RUNS=$(STRESS_RUNS) bash tests/stress/run.sh

CHECK_TARGETS += check-stress

.PHONY: check-stress check-stress-once stress
