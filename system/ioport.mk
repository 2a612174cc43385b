# system/ioport.mk: the x86 I/O port space (IN/OUT, KVM_EXIT_IO).
SYS_SRCS += system/ioport.c
UNIT_TESTS += tests/unit/ioport_test.c
