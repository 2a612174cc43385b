# system/memory.mk — the guest physical memory map of system mode.
SYS_SRCS += system/memory.c
UNIT_TESTS += tests/unit/memory_test.c
