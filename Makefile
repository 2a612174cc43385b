# xrun build. `make` builds build/xrun and build/xrun-arm; `make check` runs
# every test; `make bench` runs the benchmark; `make demo` runs the demo.
# Each directory lists its sources in its module.mk.
#
# Variables: SAN=1 builds with AddressSanitizer + UBSan; STATIC=1 (or
# `make static`) links a fully static xrun; DEBUG=1 turns on xr_assert.

BUILD    ?= build
CC       ?= gcc
PYTHON   ?= python3
OPT      ?= -O2
CFLAGS   ?=
WARN     := -Wall -Wextra -Werror -Wno-unused-parameter -Wno-missing-field-initializers
XCFLAGS  := -std=gnu11 $(OPT) -g -fno-strict-aliasing -MMD -MP $(WARN) $(CFLAGS)
LIBS     := -lelf -lcapstone -lz -lpthread -lm
LDFLAGS  ?=

ifeq ($(SAN),1)
XCFLAGS  += -fsanitize=address,undefined -fno-omit-frame-pointer
LDFLAGS  += -fsanitize=address,undefined
BUILD    := build-san
endif
ifeq ($(STATIC),1)
LDFLAGS  += -static
LIBS     := -lelf -lcapstone -lz -lzstd -lpthread -lm
BUILD    := build-static
endif

# After BUILD is final: generated decoders live under it.
CPPFLAGS := -I. -Iinclude -I$(BUILD)/gen -D_GNU_SOURCE
ifeq ($(DEBUG),1)
CPPFLAGS += -DXRUN_DEBUG
endif

# Filled in by the module.mk files.
CORE_SRCS :=       # linked into libxrun.a (everything but main)
MAIN_SRCS :=       # the xrun executable's main
GEN_HDRS  :=       # generated headers, built before any object
UNIT_TESTS :=      # tests/unit/*_test.c, each a Criterion binary
CHECK_TARGETS :=   # phony targets run by `make check`
SYS_SRCS :=        # system mode, linked into libxrun-sys.a
SYS_BINS :=        # system-mode executables (xrun-system-arm, xrun-img)
SYS_LIBS := -lfdt -lslirp

# One xrun-<guest> link per user-mode guest: the names of linux-user/guests.c.
USER_GUESTS := arm aarch64

all: $(BUILD)/xrun $(USER_GUESTS:%=$(BUILD)/xrun-%)

include tcg/module.mk
include backends/x86_64/module.mk
include frontends/arm/module.mk
-include frontends/arm/thumb.mk frontends/arm/vfp.mk frontends/arm/neon.mk
-include frontends/arm/ptw.mk
include linux-user/module.mk
include syscalls/module.mk
include gdbstub/module.mk
# System mode: each part lists its sources in its own .mk file.
-include $(sort $(wildcard system/*.mk system/*/*.mk system/*/*/*.mk))
include tests/module.mk
include tests/stress/module.mk
-include tests/diff/module.mk
-include tests/binfmt/module.mk
-include tests/gdb/module.mk
-include tests/rootfs/module.mk
-include tests/system/module.mk
include bench/module.mk
ifneq ($(STATIC),1)
all: $(SYS_BINS)
endif
include demo/module.mk

# Generated decoders are kept, not deleted as make's intermediates.
.SECONDARY: $(GEN_HDRS)

CORE_OBJS := $(CORE_SRCS:%.c=$(BUILD)/%.o)
SYS_OBJS := $(SYS_SRCS:%.c=$(BUILD)/%.o)
MAIN_OBJS := $(MAIN_SRCS:%.c=$(BUILD)/%.o)

$(BUILD)/%.o: %.c | $(GEN_HDRS)
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(XCFLAGS) -c $< -o $@

$(BUILD)/libxrun.a: $(CORE_OBJS)
	@rm -f $@
	ar rcs $@ $^

$(BUILD)/libxrun-sys.a: $(SYS_OBJS)
	@rm -f $@
	ar rcs $@ $^

$(BUILD)/xrun: $(MAIN_OBJS) $(BUILD)/libxrun.a
	$(CC) $(XCFLAGS) $(LDFLAGS) -o $@ $(MAIN_OBJS) $(BUILD)/libxrun.a $(LIBS)

$(USER_GUESTS:%=$(BUILD)/xrun-%): $(BUILD)/xrun
	ln -sf xrun $@

static:
	$(MAKE) STATIC=1 all

# `make static` must give an executable with no dynamic dependencies (binfmt_misc's
# F flag and chroots need one) that still runs a guest program.
check-static: $(BUILD)/demo/demo-arm static
	@$(MAKE) --no-print-directory STATIC=1 all >/dev/null
	@pass=0; fail=0; \
	if readelf -l build-static/xrun | grep -q INTERP; then \
	  echo "FAIL static: build-static/xrun has a PT_INTERP (not static)"; fail=$$((fail+1)); \
	else echo "PASS static: no PT_INTERP"; pass=$$((pass+1)); fi; \
	out=$$(build-static/xrun-arm $(BUILD)/demo/demo-arm 2>&1); \
	if printf '%s' "$$out" | grep -q "primes below 100000: 9592"; then \
	  echo "PASS static: runs the demo"; pass=$$((pass+1)); \
	else echo "FAIL static: demo output: $$out"; fail=$$((fail+1)); fi; \
	echo "static: $$pass passed, $$fail failed"; [ $$fail = 0 ]
CHECK_TARGETS += check-static

# The sanitizer build (AddressSanitizer, UBSan, LeakSanitizer) over the unit
# tests, every guest program and one round of the stress programs: memory
# errors, undefined behaviour, and state of exited threads left unfreed.
# The guest programs are the ones check-guest built under build/.
SAN_SUITES := check-unit check-guest check-stress-once
check-san:
	@if ! $(MAKE) --no-print-directory SAN=1 all unit-tests >$(BUILD)/san-build.log 2>&1; then \
	  tail -n 20 $(BUILD)/san-build.log; echo "FAIL san: the SAN=1 build failed"; \
	  echo "san: 0 passed, 1 failed"; exit 1; fi
	@pass=0; fail=0; \
	for t in $(SAN_SUITES); do \
	  if $(MAKE) --no-print-directory SAN=1 TIMEOUT=180 GUEST_OUT=$(abspath build)/tests/guest $$t; then \
	    echo "PASS san: $$t"; pass=$$((pass + 1)); \
	  else echo "FAIL san: $$t"; fail=$$((fail + 1)); fi; \
	done; \
	echo "san: $$pass passed, $$fail failed"; [ $$fail = 0 ]
CHECK_TARGETS += check-san

# docs/ir.md is generated from tcg/ops.def; it must not drift.
check-docs:
	@if $(PYTHON) tools/gen-ir-doc.py tcg/ops.def $(BUILD)/ir.md && cmp -s $(BUILD)/ir.md docs/ir.md; then \
	  echo "PASS docs/ir.md matches tcg/ops.def"; echo "docs: 1 passed, 0 failed"; \
	else echo "FAIL docs/ir.md is stale: run python3 tools/gen-ir-doc.py tcg/ops.def docs/ir.md"; \
	  echo "docs: 0 passed, 1 failed"; exit 1; fi
CHECK_TARGETS += check-docs

# -- Installation --
# `make install` (PREFIX=/usr/local, DESTDIR honoured) puts in place:
#   bin/xrun, bin/xrun-<guest> -> xrun (xrun-arm), bin/xrun-static (the `make static` build,
#   the one binfmt_misc entries name), share/man/man1/xrun.1 and
#   lib/binfmt.d/xrun-<guest>.conf (read by systemd-binfmt at boot; flags POF).
# It registers nothing: run `xrun --binfmt install` or
# `systemctl restart systemd-binfmt` for that.
PREFIX    ?= /usr/local
BINDIR    ?= $(PREFIX)/bin
MANDIR    ?= $(PREFIX)/share/man
BINFMTDIR ?= $(PREFIX)/lib/binfmt.d

install: all static
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(BINFMTDIR)
	install -m 755 $(BUILD)/xrun $(DESTDIR)$(BINDIR)/xrun
	for g in $(USER_GUESTS); do ln -sf xrun $(DESTDIR)$(BINDIR)/xrun-$$g; done
	install -m 755 build-static/xrun $(DESTDIR)$(BINDIR)/xrun-static
	install -m 644 docs/xrun.1 $(DESTDIR)$(MANDIR)/man1/xrun.1
	for g in $(USER_GUESTS); do \
	  sed 's|@BINDIR@|$(BINDIR)|g' dist/binfmt/xrun-$$g.conf.in >$(DESTDIR)$(BINFMTDIR)/xrun-$$g.conf && \
	  chmod 644 $(DESTDIR)$(BINFMTDIR)/xrun-$$g.conf || exit 1; \
	done

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/xrun $(USER_GUESTS:%=$(DESTDIR)$(BINDIR)/xrun-%) $(DESTDIR)$(BINDIR)/xrun-static
	rm -f $(DESTDIR)$(MANDIR)/man1/xrun.1 $(USER_GUESTS:%=$(DESTDIR)$(BINFMTDIR)/xrun-%.conf)

deps:
	@bash tools/deps.sh

check: deps
	@$(MAKE) --no-print-directory all
	@$(MAKE) --no-print-directory -k $(CHECK_TARGETS); rc=$$?; \
	  if [ $$rc = 0 ]; then echo "make check: all suites passed"; \
	  else echo "make check: FAILED"; fi; exit $$rc

format:
	clang-format -i $$(git ls-files '*.c' '*.h')

clean:
	rm -rf build build-san build-static

.PHONY: all static check-static check-san check-docs deps check format clean demo bench install uninstall
.DELETE_ON_ERROR:

-include $(CORE_OBJS:.o=.d) $(MAIN_OBJS:.o=.d) $(UNIT_BINS:=.d) $(wildcard $(BUILD)/system/*.d $(BUILD)/system/*/*.d)
