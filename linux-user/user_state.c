/*
 * Process-wide user-mode state declared in linux-user/user.h: the options
 * main() parsed, the log stream and the loaded image. They live in the core
 * library rather than in main.c so that syscalls, signals and unit tests
 * link without the command line.
 */
#include "linux-user/user.h"

UserOptions user_opts;
FILE *log_out;
ImageInfo image_info;

/* log_out must be usable before main() runs its option parser (and in unit
 * tests that never call main), but stderr is not a constant initializer. */
__attribute__((constructor)) static void user_state_init(void)
{
    if (!log_out)
        log_out = stderr;
}
