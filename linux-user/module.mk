# linux-user: command line, ELF loader, guest address space, ARM cpu loop.
# (Signals: linux-user/signal.c and linux-user/arm/signal.c, listed below.)
MAIN_SRCS += linux-user/main.c
CORE_SRCS += linux-user/user_state.c linux-user/mmap.c linux-user/maps.c linux-user/smc.c
CORE_SRCS += linux-user/loader.c linux-user/loader_stack.c
# binfmt_misc registration (xrun --binfmt ...)
CORE_SRCS += linux-user/binfmt.c
UNIT_TESTS += tests/unit/binfmt_test.c
CORE_SRCS += linux-user/arm/cpu_models.c linux-user/arm/cpu_loop.c linux-user/arm/kuser.c
UNIT_TESTS += tests/unit/loader_test.c
# Signals: host handlers + delivery, the signal syscalls, ARM frames.
CORE_SRCS += linux-user/signal.c linux-user/signal_syscalls.c linux-user/safe_syscall.c linux-user/arm/signal.c
UNIT_TESTS += tests/unit/signal_test.c
