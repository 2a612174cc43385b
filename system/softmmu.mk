# The softmmu (TLB, slow paths of guest accesses, physical code pages) and
# the vCPU threads.
SYS_SRCS += system/softmmu.c
SYS_SRCS += system/cpus.c
# The command line.
SYS_SRCS += system/options.c
UNIT_TESTS += tests/unit/sys_options_test.c
UNIT_TESTS += tests/unit/softmmu_test.c
