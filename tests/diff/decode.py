#!/usr/bin/env python3
"""tests/diff/decode.py — compare two record streams written by gen.py programs.

Usage: decode.py EXPECTED GOT [PROGRAM.S [MODE]]
Prints "pass N" and "fail N" counts on the first line, then for every
differing case (at most 5) its number, its instructions (from PROGRAM.S)
and the fields that differ (expected = qemu-arm, got = xrun). A record that
is missing from GOT (the program crashed or stopped) is a failure.
Exit status: 0 when all records match.
"""
import struct
import sys

REC_WORDS = 17 + 64
SCRATCH = 1024
REC = REC_WORDS * 4 + SCRATCH


def names():
    n = ['case', 'apsr', 'fpscr'] + ['r%d' % i for i in range(13)] + ['lr']
    return n


def split(data):
    return [data[i:i + REC] for i in range(0, len(data), REC)]


def fields(rec):
    """(name, value-string) pairs of one record, for a readable diff."""
    if len(rec) < REC:
        return [('truncated', '%d bytes' % len(rec))]
    w = struct.unpack('<%dI' % 17, rec[:68])
    out = [(k, '0x%08x' % v) for k, v in zip(names(), w)]
    d = struct.unpack('<32Q', rec[68:68 + 256])
    out += [('d%d' % i, '0x%016x' % v) for i, v in enumerate(d)]
    mem = rec[REC_WORDS * 4:]
    out += [('mem[0x%03x]' % i, mem[i:i + 4][::-1].hex()) for i in range(0, SCRATCH, 4)]
    return out


def case_source(prog, num):
    if not prog:
        return []
    lines, on = [], False
    for line in open(prog):
        if line.startswith('@ ---- case '):
            on = line.strip() == '@ ---- case %d' % num
        if on:
            lines.append(line.rstrip())
    try:
        body = lines[lines.index('@ body') + 1:lines.index('@ dump')]
    except ValueError:
        body = lines
    # initial state: FPSCR, APSR, then r0-r12 (the lines after the buffer
    # restore and the d-register load)
    init = [x.split('=')[1] for x in lines if x.startswith('ldr r') and '=0x' in x][:15]
    names = ['fpscr', 'apsr'] + ['r%d' % i for i in range(13)]
    return ['  init: ' + ' '.join('%s=%s' % kv for kv in zip(names, init)),
            '  init: d0-d31 from dinit_%d in the program' % num] + ['  ' + x for x in body]


def main():
    exp = split(open(sys.argv[1], 'rb').read())
    got = split(open(sys.argv[2], 'rb').read())
    prog = sys.argv[3] if len(sys.argv) > 3 else None
    mode = sys.argv[4] if len(sys.argv) > 4 else 'MODE'
    bad = []
    for i, e in enumerate(exp):
        g = got[i] if i < len(got) else b''
        if e != g:
            bad.append((e, g))
    if len(got) > len(exp):
        bad.append((b'', got[len(exp)]))
    print('pass %d fail %d' % (len(exp) - len(bad), len(bad)))
    for e, g in bad[:5]:
        num = struct.unpack('<I', e[:4])[0] if len(e) >= 4 else -1
        print('MISMATCH %s case %d   (rebuild: python3 tests/diff/gen.py --mode %s --first %d --count 1)'
              % (mode, num, mode, num))
        print('\n'.join(case_source(prog, num)))
        if len(g) < REC:
            print('  record missing or short in xrun output (%d bytes): it crashed or stopped' % len(g))
            continue
        fe, fg = dict(fields(e)), dict(fields(g))
        for k, v in fields(e):
            if fg.get(k) != v:
                print('  %-10s qemu %s  xrun %s' % (k, v, fg.get(k, '-')))
        for k, v in fields(g):
            if k not in fe:
                print('  %-10s qemu -  xrun %s' % (k, v))
    return 1 if bad else 0


if __name__ == '__main__':
    sys.exit(main())
