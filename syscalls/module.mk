# The syscall layer: shared host-side handlers by family + one table per
# guest ABI (syscalls/<guest>/table.c). Private header: syscalls/sys.h.
CORE_SRCS += \
	syscalls/dispatch.c \
	syscalls/convert.c \
	syscalls/util.c \
	syscalls/file.c \
	syscalls/ioctl.c \
	syscalls/dir.c \
	syscalls/dirent.c \
	syscalls/stat.c \
	syscalls/mem.c \
	syscalls/proc.c \
	syscalls/clone.c \
	syscalls/thread.c \
	syscalls/vfork.c \
	syscalls/exec.c \
	syscalls/ipc.c \
	syscalls/pidfd.c \
	syscalls/uid16.c \
	syscalls/ns.c \
	syscalls/aio.c \
	syscalls/time.c \
	syscalls/poll.c \
	syscalls/socket.c \
	syscalls/misc.c \
	syscalls/procfs.c \
	syscalls/strace.c \
	syscalls/layout_lp64.c \
	syscalls/arm/layout.c \
	syscalls/arm/table.c \
	syscalls/aarch64/table.c \
	syscalls/lp64.c

UNIT_TESTS += tests/unit/syscall_test.c tests/unit/layout_test.c tests/unit/syscall_abi_test.c
