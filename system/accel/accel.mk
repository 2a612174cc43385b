# Accelerators of system mode: TCG (translation) and KVM (/dev/kvm).
SYS_SRCS += system/accel/accel_tcg.c system/accel/kvm.c system/accel/kvm_exit.c
UNIT_TESTS += tests/unit/kvm_exit_test.c
