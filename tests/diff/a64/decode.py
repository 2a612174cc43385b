#!/usr/bin/env python3
"""tests/diff/a64/decode.py — compare two record streams of gen.py programs.

Usage: decode.py EXPECTED GOT [PROGRAM.S [MODE]]
Prints "pass N fail N" on the first line, then for every differing case
(at most 5) its number, the command that rebuilds it, its instructions
(from PROGRAM.S) and the fields that differ (expected = qemu-aarch64,
got = the xrun under test): nzcv, fpsr, fpcr, x0-x30, v0-v31 (as two
64-bit halves, high:low) and mem[...] (the scratch buffer, X28 starts at
mem[0x200]). A record missing from GOT (the program crashed or stopped
early) is a failure.
Exit status: 0 when all records match.
"""
import re
import struct
import sys

SCRATCH = 1024
HEADER = 35 * 8 + 32 * 16
REC = HEADER + SCRATCH


def split(data):
    return [data[i:i + REC] for i in range(0, len(data), REC)]


def fields(rec):
    """(name, value-string) pairs of one record, for a readable diff."""
    w = struct.unpack('<35Q', rec[:280])
    out = [('case', '%d' % w[0]), ('nzcv', '0x%08x' % w[1]), ('fpsr', '0x%08x' % w[2]),
           ('fpcr', '0x%08x' % w[3])]
    out += [('x%d' % i, '0x%016x' % v) for i, v in enumerate(w[4:])]
    v = struct.unpack('<64Q', rec[280:HEADER])
    out += [('v%d' % i, '0x%016x:%016x' % (v[2 * i + 1], v[2 * i])) for i in range(32)]
    mem = rec[HEADER:]
    out += [('mem[0x%03x]' % i, mem[i:i + 8][::-1].hex()) for i in range(0, SCRATCH, 8)]
    return out


def case_source(prog, num):
    """The body of case num in PROGRAM.S and where its initial state is."""
    if not prog:
        return []
    m = re.search(r'^// ---- case %d\n.*?^// body\n(.*?)^// dump$' % num, open(prog).read(), re.M | re.S)
    body = m.group(1).splitlines() if m else ['(case not found in %s)' % prog]
    return ['  init: v0-v31, nzcv, fpcr, fpsr, x0-x27, x29, x30 from init_%d in the program' % num] + \
        ['  ' + x for x in body]


def main():
    exp = split(open(sys.argv[1], 'rb').read())
    got = split(open(sys.argv[2], 'rb').read())
    prog = sys.argv[3] if len(sys.argv) > 3 else None
    mode = sys.argv[4] if len(sys.argv) > 4 else 'MODE'
    bad = [(e, got[i] if i < len(got) else b'') for i, e in enumerate(exp)
           if (got[i] if i < len(got) else b'') != e]
    if len(got) > len(exp):
        bad.append((b'', got[len(exp)]))
    # The reference itself must write every case: a case it stops at (an
    # instruction qemu rejects) is a harness failure, not a silent pass.
    cases = sum(1 for x in open(prog) if x.startswith('// ---- case ')) if prog else len(exp)
    short = max(0, cases - len(exp))
    print('pass %d fail %d' % (len(exp) - len(bad), len(bad) + short))
    if short:
        print('REFERENCE %s: qemu wrote %d of %d records (it stopped; see its stderr)'
              % (mode, len(exp), cases))
    for e, g in bad[:5]:
        num = struct.unpack('<Q', e[:8])[0] if len(e) >= 8 else -1
        print('MISMATCH %s case %d   (rebuild: python3 tests/diff/a64/gen.py --mode %s --first %d --count 1)'
              % (mode, num, mode, num))
        print('\n'.join(case_source(prog, num)))
        if len(g) < REC or len(e) < REC:
            print('  record missing or short (qemu %d bytes, xrun %d bytes): it crashed or stopped'
                  % (len(e), len(g)))
            continue
        fg = dict(fields(g))
        for k, v in fields(e):
            if fg[k] != v:
                print('  %-10s qemu %s  xrun %s' % (k, v, fg[k]))
    return 1 if bad or short else 0


if __name__ == '__main__':
    sys.exit(main())
