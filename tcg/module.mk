# The translation core: IR, TB cache, exec loop, translator loop, SMC.
CORE_SRCS += tcg/util.c tcg/ir.c tcg/ir_vec.c
CORE_SRCS += tcg/tb.c tcg/exec.c tcg/translator.c
# The cpu list and exclusive sections (guest threads).
CORE_SRCS += tcg/cpus.c
# Optimizer passes and their unit tests.
CORE_SRCS += tcg/vec_expand.c
CORE_SRCS += tcg/opt.c tcg/opt_fold.c tcg/opt_env_forward.c tcg/opt_env_dse.c tcg/opt_copy_prop.c tcg/opt_dce.c tcg/opt_branch.c
UNIT_TESTS += tests/unit/opt_test.c tests/unit/opt_fuzz_test.c tests/unit/ir_test.c
UNIT_TESTS += tests/unit/tb_test.c
# Liveness and register allocation: codegen_tb.
CORE_SRCS += tcg/liveness.c tcg/regalloc.c tcg/regalloc_call.c tcg/regalloc_ctl.c
UNIT_TESTS += tests/unit/liveness_test.c tests/unit/codegen_test.c tests/unit/codegen_fuzz_test.c
UNIT_TESTS += tests/unit/vec_codegen_test.c tests/unit/vec_opt_test.c tests/unit/vec_fuzz_test.c \
              tests/unit/vec_perm_test.c tests/unit/opt_env_test.c
