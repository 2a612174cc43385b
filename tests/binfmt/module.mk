# tests/binfmt/module.mk — `make check-binfmt`: binfmt_misc registration,
# programs started through it with each flag, guest execve, and
# `make install` (see tests/binfmt/run.sh). Needs the static build (flag F).

check-binfmt: all static
	@BUILD=$(BUILD) bash tests/binfmt/run.sh

CHECK_TARGETS += check-binfmt

.PHONY: check-binfmt
