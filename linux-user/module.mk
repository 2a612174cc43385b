# linux-user: command line, the guest table, ELF loader, guest address
# space, signals; each guest's descriptor and cpu loop in linux-user/<guest>/.
MAIN_SRCS += linux-user/main.c
CORE_SRCS += linux-user/user_state.c linux-user/cpu_loop.c linux-user/guests.c linux-user/mmap.c linux-user/pagemap.c linux-user/maps.c linux-user/smc.c
UNIT_TESTS += tests/unit/pagemap_test.c tests/unit/guests_test.c
CORE_SRCS += linux-user/loader.c linux-user/loader_stack.c
# binfmt_misc registration (xrun --binfmt ...)
CORE_SRCS += linux-user/binfmt.c
UNIT_TESTS += tests/unit/binfmt_test.c
CORE_SRCS += linux-user/arm/guest.c linux-user/arm/cpu_models.c linux-user/arm/cpu_loop.c linux-user/arm/kuser.c
CORE_SRCS += linux-user/aarch64/guest.c linux-user/aarch64/cpu_models.c linux-user/aarch64/cpu_loop.c
UNIT_TESTS += tests/unit/loader_test.c
# Signals: host handlers + delivery, the signal syscalls, each guest's frames.
CORE_SRCS += linux-user/signal.c linux-user/siginfo.c linux-user/signal_syscalls.c linux-user/safe_syscall.c \
	linux-user/arm/signal.c linux-user/aarch64/signal.c
UNIT_TESTS += tests/unit/signal_test.c
