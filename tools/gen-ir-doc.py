#!/usr/bin/env python3
"""Writes docs/ir.md, the IR reference, from tcg/ops.def.

Each DEF line's trailing comment is the op's documented semantics, so the
reference cannot drift from the declaration: `make docs/ir.md` regenerates
it, and the unit suite checks it is current.
"""
import re
import sys

HEAD = """# The xrun IR

Generated from `tcg/ops.def` by `tools/gen-ir-doc.py`; do not edit.

Every op has a type (`i32`, `i64`, `v64` or `v128`) that gives the width of
its outputs. Vector ops take their element size as a constant argument
(`vece`, 0..3 for 8..64 bits); `docs/vectors.md` says which of them each host
backend emits itself and how the others are expanded.
Arguments are outputs (`o0`, ...), then inputs (`i0`, ...), then constant
arguments (`c0`, ...). Flags: `BB_END` ends a basic block, `SIDE` has side
effects, `CALL` leaves generated code, `RAISE` may raise a guest exception
(globals are synced before it), `COMM` is commutative, `NORETURN` does not
fall through.

The builder API (`include/xrun/ir.h`) has one function per op shape, for
example `ir_add(ctx, IR_I32, d, a, b)`. Dumps (`-d op`, `-d op_opt`) print
ops as `add_i32 t3, r1, $0x4`.
"""

def main(src, dst):
    rows, section = [], None
    out = [HEAD]
    for line in open(src):
        m = re.match(r'/\* -- (.*) -- \*/', line.strip())
        if m:
            section = m.group(1)
            out.append(f"\n## {section}\n\n| op | out | in | const | flags | semantics |\n|---|---|---|---|---|---|")
            continue
        m = re.match(r'DEF\((\w+),\s*(\d+),\s*(\d+),\s*(\d+),\s*([^)]*)\)\s*(?:/\*\s*(.*?)\s*\*/)?', line.strip())
        if not m:
            continue
        name, o, i, c, flags, doc = m.groups()
        flags = ' '.join(f.strip().replace('IR_F_', '') for f in flags.split('|') if f.strip() != '0')
        doc = (doc or '').replace('|', '\\|')
        out.append(f"| `{name}` | {o} | {i} | {c} | {flags} | {doc} |")
    open(dst, 'w').write('\n'.join(out) + '\n')

if __name__ == '__main__':
    main(sys.argv[1], sys.argv[2])
