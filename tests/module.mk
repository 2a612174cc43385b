# tests/module.mk — build rules for the unit tests and the `make check` suites.
#
# Unit tests: every module adds its Criterion test to UNIT_TESTS from its own
# module.mk (`UNIT_TESTS += tests/unit/opt_test.c`). We build exactly that
# list, never a wildcard of tests/unit, so a half-written test of another
# module cannot break the build. Each becomes $(BUILD)/tests/unit/<name>.
#
# Suites (phony, appended to CHECK_TARGETS, each exits non-zero on failure):
#   check-unit    every unit test binary, then "unit: N passed, N failed"
#   check-guest   tests/guest/run.sh, GUEST=arm (common + ARM programs vs
#                 native / .ref, under $(XRUN))
#   check-guest-aarch64  the same for GUEST=aarch64, under build/xrun-aarch64
#                 unless XRUN is given (not part of `make check` yet)
#   check-debian  tests/debian/run.sh      (armhf busybox vs amd64 busybox)
#   check-cli     tests/cli/run.sh         (only when that file exists)
#
# XRUN selects the translator under test (default: $(BUILD)/xrun-arm), e.g.
# `XRUN=qemu-arm make check-guest` checks the harness itself.

# XRUN_FROM_USER: XRUN came from the user (command line or environment),
# not from the default below. A sub-make (make check runs one) finds the
# exported default in its environment; XRUN_DEFAULTED tells it apart.
ifeq ($(origin XRUN),undefined)
XRUN_FROM_USER :=
else ifeq ($(XRUN_DEFAULTED),1)
XRUN_FROM_USER :=
else
XRUN_FROM_USER := 1
endif
XRUN ?= $(abspath $(BUILD))/xrun-arm
XRUN_DEFAULTED := $(if $(XRUN_FROM_USER),,1)
export XRUN XRUN_DEFAULTED

UNIT_BINS = $(patsubst tests/unit/%.c,$(BUILD)/tests/unit/%,$(UNIT_TESTS))
# Listed tests whose source exists; a listed but missing source is reported
# as a failure by check-unit rather than stopping the whole build.
UNIT_PRESENT_BINS = $(patsubst tests/unit/%.c,$(BUILD)/tests/unit/%,$(wildcard $(UNIT_TESTS)))

$(BUILD)/tests/unit/%: tests/unit/%.c $(BUILD)/libxrun-sys.a $(BUILD)/libxrun.a | $(GEN_HDRS)
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(XCFLAGS) $(LDFLAGS) -o $@ $< $(BUILD)/libxrun-sys.a $(BUILD)/libxrun.a $(LIBS) $(SYS_LIBS) -lcriterion

unit-tests: $(UNIT_PRESENT_BINS)

# Builds what it can (-k), then runs each binary; a test that is missing,
# does not build (no binary newer than its source and libxrun.a) or crashes
# without a Criterion summary counts as one failure, so one broken test
# never hides the results of the others. A failing test's assertion
# messages (Criterion's "[----]" lines) are kept in the output.
check-unit:
	-@$(MAKE) --no-print-directory -k unit-tests
	@pass=0; fail=0; \
	for src in $(UNIT_TESTS); do \
	  t=$(BUILD)/tests/unit/$$(basename $$src .c); \
	  if [ ! -f $$src ]; then echo "FAIL $$src: listed in UNIT_TESTS but missing"; fail=$$((fail + 1)); continue; fi; \
	  if [ ! -x $$t ] || [ $$src -nt $$t ] || [ $(BUILD)/libxrun.a -nt $$t ]; then \
	    echo "FAIL $$t: does not build"; fail=$$((fail + 1)); continue; fi; \
	  echo "== $$t"; \
	  out=$$($$t --jobs 2 2>&1); rc=$$?; \
	  printf '%s\n' "$$out" | grep -v '^\[----\] Criterion v' | tail -n 40; \
	  line=$$(printf '%s\n' "$$out" | grep 'Synthesis:' | tail -n 1); \
	  p=$$(printf '%s' "$$line" | sed -n 's/.*Passing: \([0-9]*\).*/\1/p'); \
	  f=$$(printf '%s' "$$line" | sed -n 's/.*Failing: \([0-9]*\).*/\1/p'); \
	  c=$$(printf '%s' "$$line" | sed -n 's/.*Crashing: \([0-9]*\).*/\1/p'); \
	  if [ -z "$$p" ]; then p=0; f=1; c=0; echo "FAIL $$t: no Criterion summary (rc=$$rc)"; fi; \
	  if [ "$$rc" != 0 ] && [ "$$f" = 0 ] && [ "$$c" = 0 ]; then f=1; echo "FAIL $$t: exit code $$rc"; fi; \
	  pass=$$((pass + p)); fail=$$((fail + f + c)); \
	done; \
	echo "unit: $$pass passed, $$fail failed"; \
	[ $$fail = 0 ]

check-guest:
	@BUILD=$(BUILD) $(if $(GUEST_OUT),GUEST_OUT=$(GUEST_OUT)) GUEST=arm bash tests/guest/run.sh

# XRUN defaults to the ARM translator above; this suite's default is the
# AArch64 one, unless XRUN came from the command line or the environment.
check-guest-aarch64:
	@BUILD=$(BUILD) $(if $(GUEST_OUT),GUEST_OUT=$(GUEST_OUT)) GUEST=aarch64 \
	  XRUN="$(A64_XRUN)" \
	  bash tests/guest/run.sh

check-debian:
	@BUILD=$(BUILD) bash tests/debian/run.sh

CHECK_TARGETS += check-unit check-guest check-debian

# The AArch64 suites run $(BUILD)/xrun-aarch64 unless XRUN comes from the
# command line or the environment (`XRUN=qemu-aarch64 make check-...`
# checks a suite itself); the XRUN default above is the ARM translator.
A64_XRUN = $(if $(XRUN_FROM_USER),$(XRUN),$(abspath $(BUILD))/xrun-aarch64)

#   check-debian-aarch64  tests/debian/run.sh on busybox-static:arm64 and bash:arm64
#   check-debpkg-aarch64  tests/debpkg/run.sh (dynamic arm64 programs vs amd64)
check-debian-aarch64:
	@BUILD=$(BUILD) GUEST=aarch64 XRUN="$(A64_XRUN)" bash tests/debian/run.sh

check-debpkg-aarch64:
	@BUILD=$(BUILD) XRUN="$(A64_XRUN)" bash tests/debpkg/run.sh

# The AArch64 guest's suites, together: `make check-aarch64`. Those in
# `make check` too: every one but the differential modes of instructions
# not implemented yet (tests/diff/module.mk).
AARCH64_CHECKS += check-guest-aarch64 check-debian-aarch64 check-debpkg-aarch64
CHECK_TARGETS += check-guest-aarch64 check-debian-aarch64 check-debpkg-aarch64

ifneq ($(wildcard tests/cli/run.sh),)
check-cli:
	@BUILD=$(BUILD) bash tests/cli/run.sh
CHECK_TARGETS += check-cli
endif

check-aarch64:
	@fail=0; for t in $(AARCH64_CHECKS); do $(MAKE) --no-print-directory $$t || fail=1; done; exit $$fail

.PHONY: unit-tests check-unit check-guest check-guest-aarch64 check-debian check-cli check-debian-aarch64 \
	check-debpkg-aarch64 check-aarch64
