#!/usr/bin/env python3
"""tests/diff/a64/gen.py — random AArch64 test programs for differential testing.

Writes one assembly program (GNU as syntax, aarch64-linux-gnu-as) holding a
batch of independent test cases. Every case
  1. restores the 1 KiB scratch buffer from a fixed template (so cases do
     not depend on each other and a failing case can be rerun alone),
  2. loads its initial state from a per-case table: V0-V31, NZCV, FPCR
     (RMode x FZ x DN from the case number, all 16 in any 16 consecutive
     cases; AHP and FZ16 at random), FPSR (cumulative flags),
     then X0-X27, X29, X30; X28 is set to the middle of the scratch buffer,
  3. runs a random instruction sequence (mode a64, a64fp, a64simd or
     a64crypto),
  4. writes one fixed-size record to stdout with write(2):
       dword 0       case number
       dword 1       NZCV (MRS NZCV: bits 31-28)
       dword 2       FPSR
       dword 3       FPCR
       dwords 4-34   X0-X30
       512 bytes     V0-V31 (16 bytes each, little-endian)
       1024 bytes    the scratch buffer
The runner (run.sh) compares the stdout of qemu-aarch64 and of the xrun
under test with decode.py.

Usage: gen.py --mode a64|a64fp|a64simd|a64crypto --first N --count K [--len L]
       gen.py --mode M --first N --count K --mnemonics   (coverage: the
       distinct mnemonics the cases use, one line)
Case N of mode M is generated from random.Random("M-N") only, so the case
numbers are the seeds: `gen.py --mode a64 --first 1234 --count 1` rebuilds
case 1234.

Register roles (all modes): X0-X27, X29 and X30 are free operands; X28
always points into the scratch buffer (never a load or ALU destination, so
every access stays in bounds and writeback with Rt == Rn cannot occur); SP
is the harness stack and is never an operand (its value depends on the
emulator's stack placement). The program is static and not position
independent, so the addresses that BL and ADR produce are the same under
both emulators.
"""
import argparse
import importlib
import importlib.util
import os
import random
import sys

sys.dont_write_bytecode = True   # no __pycache__ in the source tree
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import a64_values as values  # noqa: E402

SCRATCH = 1024
HEADER_BYTES = 35 * 8 + 32 * 16     # case, NZCV, FPSR, FPCR, X0-X30, V0-V31
# mode -> (module, generator class)
MODES = {'a64': ('a64_int', 'IntGen'), 'a64fp': ('a64_fp', 'FpGen'),
         'a64simd': ('a64_simd', 'SimdGen'), 'a64crypto': ('a64_crypto', 'CryptoGen')}
DEFAULT_LEN = {'a64': 24, 'a64fp': 16, 'a64simd': 16, 'a64crypto': 12}
ARCH = '.arch armv8.5-a+crc+lse+fp16+crypto+sha3+sm4+rcpc+flagm'


def load_known_bugs(path, mode):
    """Regexes of instruction patterns that must not be generated: the
    KNOWN_BUGS format of the AArch32 harness, read by its own function."""
    spec = importlib.util.spec_from_file_location('diff_gen', os.path.join(os.path.dirname(HERE), 'gen.py'))
    diff_gen = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(diff_gen)
    return diff_gen.load_known_bugs(path, mode)


class Case:
    """One test case: its initial state and its instruction lines."""

    def __init__(self, mode, num, length, known):
        self.rng = rng = random.Random('%s-%d' % (mode, num))
        self.num = num
        self.xregs = [values.rand_x(rng) for _ in range(31)]
        self.nzcv = rng.getrandbits(4) << 28
        if mode == 'a64':
            self.vregs = [rng.getrandbits(128) for _ in range(32)]
        else:
            self.vregs = [values.rand_v(rng) for _ in range(32)]
        self.fpcr = values.rand_fpcr(rng, num) if mode != 'a64' else 0
        self.fpsr = values.rand_fpsr(rng) if mode != 'a64' else 0
        module, cls = MODES[mode]
        gen = getattr(importlib.import_module(module), cls)(rng, 'L%d' % num)
        self.body = gen.sequence(length, known)


def addr(reg, sym):
    return ['adrp %s, %s' % (reg, sym), 'add %s, %s, :lo12:%s' % (reg, reg, sym)]


def case_asm(c):
    """Assembly of one case, from the buffer restore to the record write."""
    n = c.num
    out = ['// ---- case %d' % n, 'case_%d:' % n]
    out += addr('x0', 'tmpl') + addr('x1', 'buf')
    out += ['mov x2, #%d' % (SCRATCH // 64),
            '1: ldp q0, q1, [x0], #32', 'ldp q2, q3, [x0], #32',
            'stp q0, q1, [x1], #32', 'stp q2, q3, [x1], #32', 'subs x2, x2, #1', 'b.ne 1b']
    out += addr('x28', 'init_%d' % n)
    out += ['ld1 {v%d.16b-v%d.16b}, [x28], #64' % (i, i + 3) for i in range(0, 32, 4)]
    out += ['ldp x0, x1, [x28], #16', 'msr nzcv, x0', 'msr fpcr, x1',
            'ldr x0, [x28], #8', 'msr fpsr, x0']
    out += ['ldp x%d, x%d, [x28], #16' % (i, i + 1) for i in range(0, 28, 2)]
    out += ['ldp x29, x30, [x28], #16']
    out += addr('x28', 'buf + %d' % (SCRATCH // 2))
    out.append('// body')
    out += c.body
    out.append('// dump')
    out += ['sub sp, sp, #%d' % (HEADER_BYTES + 8)]
    out += ['stp x%d, x%d, [sp, #%d]' % (i, i + 1, 32 + 8 * i) for i in range(0, 30, 2)]
    out += ['str x30, [sp, #%d]' % (32 + 8 * 30),
            'mrs x1, nzcv', 'mrs x2, fpsr', 'mrs x3, fpcr',
            'mov x0, #%d' % (n & 0xffff)]
    if n >> 16:
        out.append('movk x0, #%d, lsl #16' % ((n >> 16) & 0xffff))
    out += ['stp x0, x1, [sp]', 'stp x2, x3, [sp, #16]', 'add x4, sp, #%d' % (35 * 8)]
    out += ['st1 {v%d.16b-v%d.16b}, [x4], #64' % (i, i + 3) for i in range(0, 32, 4)]
    out += ['mov x0, #1', 'mov x1, sp', 'mov x2, #%d' % HEADER_BYTES, 'mov x8, #64', 'svc #0',
            'mov x0, #1'] + addr('x1', 'buf') + ['mov x2, #%d' % SCRATCH, 'mov x8, #64', 'svc #0',
                                                 'add sp, sp, #%d' % (HEADER_BYTES + 8)]
    return out


def program(mode, first, count, length, known):
    cases = [Case(mode, n, length, known) for n in range(first, first + count)]
    out = [ARCH, '.text', '.global _start', '.type _start, %function', '_start:']
    for c in cases:
        out += case_asm(c)
    out += ['mov x0, #0', 'mov x8, #93', 'svc #0']
    # sub1: the BL/BLR target, a leaf that changes x0/x1 and returns.
    out += ['.type sub1, %function', 'sub1:', 'add x0, x0, #1', 'eor x1, x1, x0', 'ret']
    out += ['.data', '.balign 16', 'tmpl:']
    trng = random.Random('tmpl')
    out += ['.quad 0x%016x' % trng.getrandbits(64) for _ in range(SCRATCH // 8)]
    for c in cases:
        out += ['.balign 16', 'init_%d:' % c.num]
        out += ['.quad 0x%016x, 0x%016x' % (v & (2**64 - 1), v >> 64) for v in c.vregs]
        out += ['.quad 0x%016x, 0x%016x, 0x%016x' % (c.nzcv, c.fpcr, c.fpsr)]
        out += ['.quad 0x%016x' % x for i, x in enumerate(c.xregs) if i != 28]
    out += ['.bss', '.balign 16', 'buf: .space %d' % SCRATCH]
    return '\n'.join(out) + '\n'


def mnemonics(text):
    """The distinct mnemonics of the case bodies in a generated program."""
    seen, on = set(), False
    for line in text.splitlines():
        if line == '// body':
            on = True
        elif line == '// dump':
            on = False
        elif on and not line.endswith(':'):
            seen.add(line.split()[0])
    return sorted(seen)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--mode', choices=sorted(MODES), required=True)
    ap.add_argument('--first', type=int, default=0)
    ap.add_argument('--count', type=int, default=1)
    ap.add_argument('--len', type=int, default=0, help='insns per case (default by mode)')
    ap.add_argument('--mnemonics', action='store_true', help='print the distinct mnemonics used')
    ap.add_argument('--known-bugs', default=os.path.join(HERE, 'KNOWN_BUGS'))
    a = ap.parse_args()
    known = load_known_bugs(a.known_bugs, a.mode)
    text = program(a.mode, a.first, a.count, a.len or DEFAULT_LEN[a.mode], known)
    if a.mnemonics:
        print(' '.join(mnemonics(text)))
    else:
        sys.stdout.write(text)


if __name__ == '__main__':
    main()
