# tests/rootfs/module.mk — `make check-rootfs`: debootstrap's second stage of
# a Debian armhf chroot under the static xrun, then work inside the chroot
# (see tests/rootfs/run.sh). Needs root; the first run fills
# tests/cache/debootstrap/ from the network.

check-rootfs:
	@$(MAKE) --no-print-directory STATIC=1 all >/dev/null
	@XRUN_STATIC=build-static/xrun bash tests/rootfs/run.sh

CHECK_TARGETS += check-rootfs

.PHONY: check-rootfs
