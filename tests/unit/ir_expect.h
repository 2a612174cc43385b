/*
 * "IR in -> IR out" for the IR unit tests: ir_dump() of a context as text,
 * and an assertion that it equals the expected listing. A test file
 * defines expect_ir(want) on its own context:
 *
 *     #define expect_ir(want) expect_ir_of(ctx, want)
 */
#ifndef XRUN_TESTS_IR_EXPECT_H
#define XRUN_TESTS_IR_EXPECT_H

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>

#include "xrun/ir.h"

/* The dump of ctx's ops; the caller frees it. */
static inline char *ir_dump_text(IRContext *ctx)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    ir_dump(ctx, f);
    fclose(f);
    return buf;
}

#define expect_ir_of(ctx, want)                         \
    do {                                                \
        char *got_ = ir_dump_text(ctx);                 \
        cr_assert_str_eq(got_, want, "got:\n%s", got_); \
        free(got_);                                     \
    } while (0)

#endif
