# frontends/arm/ptw.mk: the ARMv7-A translation table walkers (short
# descriptor and LPAE), a pure function of CP15 state and guest physical
# memory, called by the system-mode CPU's TLB fill and ATS operations.

CORE_SRCS += frontends/arm/ptw.c frontends/arm/mmu.c
UNIT_TESTS += tests/unit/arm_ptw_test.c
