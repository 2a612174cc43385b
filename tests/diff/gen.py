#!/usr/bin/env python3
"""tests/diff/gen.py — random ARM test programs for differential testing.

Writes one assembly program (GNU as syntax) holding a batch of independent
test cases. Every case
  1. restores a 1 KiB scratch buffer from a fixed template (so cases do not
     depend on each other and a failing case can be rerun alone),
  2. loads random values, biased to edge values, into r0-r12, d0-d31,
     APSR (NZCVQ, GE) and FPSCR,
  3. runs a random instruction sequence (A32, T32, VFP in A32 or T32,
     NEON, or the ARMv8 additions in A32 or T32),
  4. writes one fixed-size record to stdout with write(2):
       word  0      case number
       word  1      APSR & 0xf80f0000 (NZCVQ + GE only: the mode, T, E, A,
                    I, F bits read by MRS are not architecturally visible
                    flags and are not what we compare)
       word  2      FPSCR
       words 3-15   r0-r12
       word  16     r14 (lr, written by BL)
       words 17-80  d0-d31
       1024 bytes   the scratch buffer
The runner (run.sh) compares the stdout of xrun and qemu-arm and decodes the
first differing record with decode.py.

Usage: gen.py --mode a32|t32|vfp|vfpt|neon|neont|v8|v8t --first N --count K [--len L]
Case N is generated from random.Random("MODE-N") only, so the case numbers
are the seeds: `gen.py --mode t32 --first 1234 --count 1` rebuilds case 1234.

Register roles (all modes): r0-r10 and r12 are free operands; r11 always
points into the scratch buffer (it is never a load or ALU destination, so
every memory access stays in bounds); sp is the harness stack and is never
an operand.
"""
import argparse
import os
import random
import re
import sys

sys.dont_write_bytecode = True   # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import isa_int  # noqa: E402
import isa_neon  # noqa: E402
import isa_v8  # noqa: E402
import isa_vfp  # noqa: E402

SCRATCH = 1024
RECORD_WORDS = 17 + 64
EDGE32 = [0, 1, 0xffffffff, 0x7fffffff, 0x80000000, 0x80000001, 0xfffffffe,
          0x7ffe, 0x8000, 0xffff8000, 0x0000ffff, 0xff, 0x80, 0x1f, 0x20, 0x21]


def load_known_bugs(path, mode):
    """Regexes of instruction patterns that must not be generated."""
    pats = []
    if not os.path.exists(path):
        return pats
    for line in open(path):
        line = line.split('#', 1)[0].strip()
        if not line:
            continue
        m, _, rx = line.partition(' ')
        if m in (mode, 'all'):
            pats.append(re.compile(rx.strip()))
    return pats


def rand_word(rng):
    k = rng.randrange(10)
    if k < 4:
        return rng.getrandbits(32)
    if k < 7:
        return rng.choice(EDGE32)
    if k < 8:
        return rng.getrandbits(8) << rng.randrange(25)
    return (rng.choice(EDGE32) + rng.randrange(-2, 3)) & 0xffffffff


class Case:
    """One test case: its initial state and its instruction lines."""

    def __init__(self, mode, num, length, known):
        self.rng = random.Random('%s-%d' % (mode, num))
        self.mode = mode
        self.num = num
        rng = self.rng
        self.regs = [rand_word(rng) for _ in range(13)]
        self.apsr = (rng.getrandbits(5) << 27) | (rng.getrandbits(4) << 16)
        if mode in ('vfp', 'vfpt'):
            self.dregs = [isa_vfp.rand_double_bits(rng) for _ in range(32)]
            self.fpscr = isa_vfp.rand_fpscr(rng)
            gen = isa_vfp.VfpGen(rng, thumb=(mode == 'vfpt'))
        elif mode in ('v8', 'v8t'):
            self.dregs = [isa_vfp.rand_double_bits(rng) if rng.randrange(2) else
                          rand_word(rng) | rand_word(rng) << 32 for _ in range(32)]
            self.fpscr = isa_vfp.rand_fpscr(rng)
            gen = isa_v8.V8Gen(rng, thumb=(mode == 'v8t'))
        elif mode in ('neon', 'neont'):
            self.dregs = [isa_vfp.rand_double_bits(rng) if rng.randrange(2) else
                          rand_word(rng) | rand_word(rng) << 32 for _ in range(32)]
            self.fpscr = isa_vfp.rand_fpscr(rng) | rng.getrandbits(1) << 27   # QC
            gen = isa_neon.NeonGen(rng)
        else:
            self.dregs = [rng.getrandbits(64) for _ in range(32)]
            self.fpscr = 0
            gen = isa_int.IntGen(rng, thumb=(mode == 't32'))
            gen.prefix = 'L%d' % num
        self.body = gen.sequence(length, known)


def case_asm(c, thumb):
    """Assembly of one case, from the buffer restore to the record write."""
    n = c.num
    out = ['@ ---- case %d' % n, 'case_%d:' % n, 'case_start_L%d:' % n,
           'ldr r0, =tmpl', 'ldr r1, =buf', 'mov r2, #%d' % (SCRATCH // 32),
           '1: ldmia r0!, {r3-r10}', 'stmia r1!, {r3-r10}', 'subs r2, r2, #1', 'bne 1b',
           'ldr r0, =dinit_%d' % n, 'vldmia r0!, {d0-d15}', 'vldmia r0, {d16-d31}',
           'ldr r0, =0x%08x' % c.fpscr, 'vmsr fpscr, r0',
           'ldr r0, =0x%08x' % c.apsr, 'msr APSR_nzcvqg, r0']
    for i, v in enumerate(c.regs):
        out.append('ldr r%d, =0x%08x' % (i, v))
    out.append('ldr r11, =buf + %d' % (SCRATCH // 2))
    out.append('mov lr, #0')
    out.append('@ body')
    out += c.body
    out.append('@ dump')
    out += ['vpush {d16-d31}', 'vpush {d0-d15}', 'push {r0-r12, lr}',
            'mrs r0, APSR', 'ldr r1, =0xf80f0000', 'and r0, r0, r1',
            'vmrs r1, fpscr', 'ldr r2, =%d' % n, 'push {r0, r1}', 'push {r2}',
            'mov r0, #1', 'mov r1, sp', 'ldr r2, =%d' % (RECORD_WORDS * 4),
            'mov r7, #4', 'svc #0',
            'mov r0, #1', 'ldr r1, =buf', 'mov r2, #%d' % SCRATCH, 'mov r7, #4', 'svc #0',
            'add sp, sp, #%d' % (RECORD_WORDS * 4),
            'b 2f', '.ltorg', '2:']
    return out


def program(mode, first, count, length, known):
    thumb = mode in ('t32', 'vfpt', 'neont', 'v8t')
    cases = [Case(mode, n, length, known) for n in range(first, first + count)]
    v8 = mode in ('v8', 'v8t')
    out = ['.syntax unified', '.arch armv8.2-a' if v8 else '.arch armv7ve', '.arch_extension crc' if v8 else '',
           '.arch_extension fp16' if v8 else '',
           '.fpu crypto-neon-fp-armv8' if v8 else '.fpu neon-vfpv4',
           '.thumb' if thumb else '.arm', '.text', '.global _start',
           '.type _start, %function', '.thumb_func' if thumb else '', '_start:']
    for c in cases:
        out += case_asm(c, thumb)
    out += ['mov r0, #0', 'mov r7, #1', 'svc #0', '.ltorg']
    # sub1: the BL target, a tiny leaf that changes r0/r1 and returns.
    out += ['.type sub1, %function' if thumb else '', 'sub1:',
            'adds r0, r0, #1' if thumb else 'add r0, r0, #1', 'eors r1, r1, r0' if thumb else 'eor r1, r1, r0',
            'bx lr', '.ltorg']
    # Interworking targets: tsub is Thumb, asub is ARM; both return with BX.
    out += ['.thumb', '.type tsub, %function', '.thumb_func', 'tsub:', 'adds r2, r2, r3', 'lsls r3, r3, #1', 'bx lr',
            '.arm', '.balign 4', '.type asub, %function', 'asub:', 'add r4, r4, r5, ror #3', 'mvn r5, r5', 'bx lr']
    out += ['.data', '.balign 16', 'tmpl:']
    trng = random.Random('tmpl')
    out += ['.word 0x%08x' % trng.getrandbits(32) for _ in range(SCRATCH // 4)]
    for c in cases:
        out.append('dinit_%d:' % c.num)
        out += ['.quad 0x%016x' % d for d in c.dregs]
    out += ['.bss', '.balign 16', 'buf: .space %d' % SCRATCH, 'xbuf: .space 64']
    return '\n'.join(x for x in out if x != '') + '\n'


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--mode', choices=['a32', 't32', 'vfp', 'vfpt', 'neon', 'neont', 'v8', 'v8t'], required=True)
    ap.add_argument('--first', type=int, default=0)
    ap.add_argument('--count', type=int, default=1)
    ap.add_argument('--len', type=int, default=0, help='insns per case (default by mode)')
    ap.add_argument('--known-bugs', default=os.path.join(os.path.dirname(os.path.abspath(__file__)), 'KNOWN_BUGS'))
    a = ap.parse_args()
    length = a.len or (24 if a.mode in ('a32', 't32') else 16)
    known = load_known_bugs(a.known_bugs, a.mode)
    sys.stdout.write(program(a.mode, a.first, a.count, length, known))


if __name__ == '__main__':
    main()
