# The GDB remote stub (protocol, shared by every mode), its ARM register
# description, the user-mode glue, and the perf map writer.
CORE_SRCS += gdbstub/gdbstub.c frontends/arm/gdb.c linux-user/gdbstub_user.c linux-user/perfmap.c
UNIT_TESTS += tests/unit/debug_test.c
