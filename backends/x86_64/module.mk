# x86_64 host backend: encoders, op emitters, prologue/epilogue.
CORE_SRCS += backends/x86_64/emit.c backends/x86_64/target.c backends/x86_64/target_ops.c backends/x86_64/softmmu.c backends/x86_64/target_fp.c \
             backends/x86_64/disas.c \
             backends/x86_64/emit_vec.c backends/x86_64/target_vec.c
UNIT_TESTS += tests/unit/x64_emit_test.c tests/unit/vec_emit_test.c
