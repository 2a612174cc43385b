# tests/binfmt/module.mk — `make check-binfmt`: binfmt_misc registration,
# programs of every guest (armhf, arm64) started through it with each flag,
# guest execve, the entries together, and `make install` (see
# tests/binfmt/run.sh). Needs the static build (flag F).

check-binfmt: all static
	@BUILD=$(BUILD) bash tests/binfmt/run.sh

CHECK_TARGETS += check-binfmt

.PHONY: check-binfmt
