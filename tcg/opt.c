/*
 * The optimizer pipeline (opt_run): the order of the passes and why.
 *
 *   0. opt_env_forward turns loads of env slots written or read earlier
 *                     in the block into movs of the temps that hold them,
 *                     which the passes below then propagate and tidy.
 *   1. opt_fold       folds constants and simplifies algebra; it also
 *                     propagates known constants, so chains fold in one go.
 *   2. opt_copy_prop  replaces reads of "mov" copies by their source, which
 *                     exposes x-x, x^x, setcond x,x ... to the second fold.
 *   3. opt_fold       folds what copy propagation exposed.
 *   4. opt_branch     removes unreachable code, jumps to the next op and
 *                     unused labels. It runs before DCE because every op
 *                     it deletes may hold the last use of a value, and
 *                     every br/brcond it deletes is a point where DCE must
 *                     assume all globals and TB temps live. DCE deletes no
 *                     branch or label, so nothing is lost by not running
 *                     opt_branch after it.
 *   5. opt_dce        removes the movs and computations left dead.
 *   6. opt_env_dse    removes env stores a later store of the block
 *                     overwrites unread (the loads are gone by now), and
 *   7. opt_dce        the values only those stores used.
 */
#include "xrun/codegen.h"

void opt_run(IRContext *ir)
{
    opt_env_forward(ir);
    opt_fold(ir);
    opt_copy_prop(ir);
    opt_fold(ir);
    opt_branch(ir);
    opt_dce(ir);
    opt_env_dse(ir);
    opt_dce(ir);
}
