"""tests/diff/a64/a64_simd.py — random AdvSIMD sequences (mode a64simd).

Table driven: each table maps a mnemonic to the arrangements it accepts;
a generator picks a row and formats its operands.
  - three-same integer (arithmetic, halving, saturating, compares, shifts
    by register incl. rounding and saturating, pairwise, SQDMULH/SQRDMULH,
    SQRDMLAH/SQRDMLSH, SDOT/UDOT), logical and bitwise select;
  - two-register misc (ABS NEG SQABS SQNEG CLS CLZ CNT RBIT REV*, compares
    with zero, narrowing XTN/SQXTN/UQXTN/SQXTUN, pairwise long adds,
    SUQADD/USQADD, SHLL);
  - shifts by immediate (incl. rounding, accumulating, insert, saturating,
    narrowing and widening) and the scalar forms of some;
  - three-different (widening, long multiply-accumulate, SQDMULL family,
    narrowing high-half adds, PMULL.8B) and by-element multiplies;
  - permutes ZIP/UZP/TRN/EXT/TBL/TBX, DUP/INS/UMOV/SMOV;
  - across-lanes reductions (integer and float);
  - float vector arithmetic, compares, estimates, roundings, conversions
    (fixed point too, FCVTL/FCVTN/FCVTXN), FCMLA/FCADD, in 4H/8H/2S/4S/2D;
  - MOVI/MVNI/ORR/BIC (immediate), FMOV (vector immediate);
  - element loads and stores: LD1-LD4 and ST1-ST4 multiple structures,
    LD1-LD4 single lane and replicate (LDnR), ST1-ST4 single lane, with
    no writeback, immediate post-index and register post-index, all
    relative to the scratch base X28.

Excluded on purpose: none of these forms is UNPREDICTABLE; the register
lists of LDn/STn wrap from V31 to V0 as the architecture defines. The
generator keeps X28's offset range like the other modes (post-index steps
here are the transfer size, so X28 is not kept 16-byte aligned; this mode
has no access that needs alignment).
"""
from a64_base import BaseGen

B, H, S, D = ['8b', '16b'], ['4h', '8h'], ['2s', '4s'], ['2d']
BHS = B + H + S
ALL = BHS + D
HS = H + S
FP = ['4h', '8h', '2s', '4s', '2d']
SIZE = {'8b': 1, '16b': 1, '4h': 2, '8h': 2, '2s': 4, '4s': 4, '1d': 8, '2d': 8}
LANES = {'8b': 8, '16b': 16, '4h': 4, '8h': 8, '2s': 2, '4s': 4, '1d': 1, '2d': 2}
WIDE = {'8b': '8h', '16b': '8h', '4h': '4s', '8h': '4s', '2s': '2d', '4s': '2d'}
HALF = {'8h': ('8b', '16b'), '4s': ('4h', '8h'), '2d': ('2s', '4s')}

SAME = dict(
    [(m, ALL) for m in ['add', 'sub', 'sqadd', 'uqadd', 'sqsub', 'uqsub', 'cmeq', 'cmge', 'cmgt',
                        'cmhi', 'cmhs', 'cmtst', 'sshl', 'ushl', 'sqshl', 'uqshl', 'srshl',
                        'urshl', 'sqrshl', 'uqrshl', 'addp']] +
    [(m, BHS) for m in ['mul', 'mla', 'mls', 'smax', 'smin', 'umax', 'umin', 'sabd', 'uabd',
                        'saba', 'uaba', 'shadd', 'uhadd', 'srhadd', 'urhadd', 'shsub', 'uhsub',
                        'smaxp', 'sminp', 'umaxp', 'uminp']] +
    [(m, HS) for m in ['sqdmulh', 'sqrdmulh', 'sqrdmlah', 'sqrdmlsh']] +
    [(m, B) for m in ['and', 'orr', 'eor', 'bic', 'orn', 'bsl', 'bit', 'bif', 'pmul']] +
    [(m, FP) for m in ['fadd', 'fsub', 'fmul', 'fdiv', 'fmax', 'fmin', 'fmaxnm', 'fminnm', 'fabd',
                       'fmla', 'fmls', 'fmulx', 'frecps', 'frsqrts', 'faddp', 'fmaxp', 'fminp',
                       'fmaxnmp', 'fminnmp', 'fcmeq', 'fcmge', 'fcmgt', 'facge', 'facgt']])
MISC = dict(
    [(m, ALL) for m in ['abs', 'neg', 'sqabs', 'sqneg', 'cmeq', 'cmge', 'cmgt', 'cmle', 'cmlt',
                        'suqadd', 'usqadd']] +
    [(m, BHS) for m in ['cls', 'clz']] + [('cnt', B), ('rbit', B), ('rev16', B), ('not', B),
                                          ('rev32', B + H), ('rev64', BHS)] +
    [(m, FP) for m in ['fabs', 'fneg', 'fsqrt', 'frecpe', 'frsqrte', 'frintn', 'frintp', 'frintm',
                       'frintz', 'frinta', 'frintx', 'frinti', 'fcvtns', 'fcvtnu', 'fcvtps',
                       'fcvtpu', 'fcvtms', 'fcvtmu', 'fcvtzs', 'fcvtzu', 'fcvtas', 'fcvtau',
                       'scvtf', 'ucvtf', 'fcmeq', 'fcmge', 'fcmgt', 'fcmle', 'fcmlt']] +
    [(m, S) for m in ['urecpe', 'ursqrte', 'frint32x', 'frint32z', 'frint64x', 'frint64z']])
ZERO_CMP = {'cmeq', 'cmge', 'cmgt', 'cmle', 'cmlt', 'fcmeq', 'fcmge', 'fcmgt', 'fcmle', 'fcmlt'}
SHIFT_IMM = {'shl': 'l', 'sqshl': 'l', 'uqshl': 'l', 'sqshlu': 'l', 'sli': 'l',
             'sshr': 'r', 'ushr': 'r', 'ssra': 'r', 'usra': 'r', 'srshr': 'r', 'urshr': 'r',
             'srsra': 'r', 'ursra': 'r', 'sri': 'r'}
NARROW_SHIFT = ['shrn', 'rshrn', 'sqshrn', 'uqshrn', 'sqrshrn', 'uqrshrn', 'sqshrun', 'sqrshrun']
LONG3 = ['saddl', 'uaddl', 'ssubl', 'usubl', 'sabal', 'uabal', 'sabdl', 'uabdl', 'smlal', 'umlal',
         'smlsl', 'umlsl', 'smull', 'umull']
WIDE3 = ['saddw', 'uaddw', 'ssubw', 'usubw']
HIGHN = ['addhn', 'raddhn', 'subhn', 'rsubhn']
SQDML = ['sqdmull', 'sqdmlal', 'sqdmlsl']


class SimdGen(BaseGen):
    def __init__(self, rng, prefix):
        super().__init__(rng, prefix)
        self.gens = [(self.g_same, 10), (self.g_misc, 6), (self.g_shift, 5), (self.g_narrow, 4),
                     (self.g_long, 5), (self.g_elem, 3), (self.g_perm, 5), (self.g_move, 3),
                     (self.g_across, 2), (self.g_fconv, 3), (self.g_imm, 2), (self.g_scalar, 3),
                     (self.g_complex, 1), (self.g_ldst, 6), (self.g_ldst_lane, 3)]
        self.shadow_gens = [self.g_same, self.g_misc]

    def v(self, arr, n=None):
        return 'v%d.%s' % (self.rng.randrange(32) if n is None else n, arr)

    def g_same(self):
        rng = self.rng
        op = rng.choice(sorted(SAME))
        a = rng.choice(SAME[op])
        if rng.randrange(12) == 0:   # dot product: 4 bytes into each S lane
            a, b = rng.choice([('2s', '8b'), ('4s', '16b')])
            return ['%s %s, %s, %s' % (rng.choice(['sdot', 'udot']), self.v(a), self.v(b), self.v(b))]
        return ['%s %s, %s, %s' % (op, self.v(a), self.v(a), self.v(a))]

    def g_misc(self):
        rng = self.rng
        op = rng.choice(sorted(MISC))
        a = rng.choice(MISC[op])
        zero = ', #0' if op in ZERO_CMP else ''
        if op in ZERO_CMP and op.startswith('f'):
            zero = ', #0.0'
        if op in ('fcvtzs', 'fcvtzu', 'scvtf', 'ucvtf') and rng.randrange(3) == 0:
            zero = ', #%d' % rng.randrange(1, 8 * SIZE[a] + 1)
        return ['%s %s, %s%s' % (op, self.v(a), self.v(a), zero)]

    def g_shift(self):
        rng = self.rng
        op = rng.choice(sorted(SHIFT_IMM))
        a = rng.choice(ALL)
        bits = 8 * SIZE[a]
        sh = rng.randrange(bits) if SHIFT_IMM[op] == 'l' else rng.randrange(1, bits + 1)
        if rng.randrange(4) == 0:   # the scalar D form
            return ['%s d%d, d%d, #%d' % (op, rng.randrange(32), rng.randrange(32),
                                          rng.randrange(64) if SHIFT_IMM[op] == 'l' else rng.randrange(1, 65))]
        return ['%s %s, %s, #%d' % (op, self.v(a), self.v(a), sh)]

    def g_narrow(self):
        rng = self.rng
        wide = rng.choice(['8h', '4s', '2d'])
        lo, hi = HALF[wide]
        two = rng.randrange(2)
        n = lo if not two else hi
        sfx = '2' if two else ''
        k = rng.randrange(4)
        if k == 0:
            op = rng.choice(NARROW_SHIFT)
            return ['%s%s %s, %s, #%d' % (op, sfx, self.v(n), self.v(wide), rng.randrange(1, 4 * SIZE[wide] + 1))]
        if k == 1:
            op = rng.choice(['xtn', 'sqxtn', 'uqxtn', 'sqxtun'])
            return ['%s%s %s, %s' % (op, sfx, self.v(n), self.v(wide))]
        if k == 2:
            op = rng.choice(['sshll', 'ushll', 'sxtl', 'uxtl', 'shll'])
            tail = ''
            if op in ('sshll', 'ushll'):
                tail = ', #%d' % rng.randrange(4 * SIZE[wide])
            elif op == 'shll':
                tail = ', #%d' % (4 * SIZE[wide])
            return ['%s%s %s, %s%s' % (op, sfx, self.v(wide), self.v(n), tail)]
        op = rng.choice(['saddlp', 'uaddlp', 'sadalp', 'uadalp'])
        src = rng.choice(HALF[wide] if wide != '8h' else B)
        dst = {'8b': '4h', '16b': '8h', '4h': '2s', '8h': '4s', '2s': '1d', '4s': '2d'}[src]
        return ['%s %s, %s' % (op, self.v(dst), self.v(src))]

    def g_long(self):
        rng = self.rng
        wide = rng.choice(['8h', '4s', '2d'])
        two = rng.randrange(2)
        n = HALF[wide][two]
        sfx = '2' if two else ''
        k = rng.randrange(5)
        if k == 0:
            return ['%s%s %s, %s, %s' % (rng.choice(LONG3), sfx, self.v(wide), self.v(n), self.v(n))]
        if k == 1:
            return ['%s%s %s, %s, %s' % (rng.choice(WIDE3), sfx, self.v(wide), self.v(wide), self.v(n))]
        if k == 2:
            return ['%s%s %s, %s, %s' % (rng.choice(HIGHN), sfx, self.v(n), self.v(wide), self.v(wide))]
        if k == 3 and wide != '8h':
            return ['%s%s %s, %s, %s' % (rng.choice(SQDML), sfx, self.v(wide), self.v(n), self.v(n))]
        return ['pmull%s v%d.8h, %s, %s' % (sfx, rng.randrange(32), self.v(HALF['8h'][two]),
                                             self.v(HALF['8h'][two]))]

    def g_elem(self):
        """By-element multiplies: for H elements Vm is V0-V15."""
        rng = self.rng
        k = rng.randrange(3)
        if k == 0:
            a = rng.choice(HS)
            op = rng.choice(['mul', 'mla', 'mls', 'sqdmulh', 'sqrdmulh', 'sqrdmlah', 'sqrdmlsh'])
        elif k == 1:
            a = rng.choice(FP)
            op = rng.choice(['fmul', 'fmla', 'fmls', 'fmulx'])
        else:
            wide = rng.choice(['4s', '2d'])
            two = rng.randrange(2)
            n = HALF[wide][two]
            op = rng.choice(['smull', 'umull', 'smlal', 'umlal', 'smlsl', 'umlsl'] + SQDML)
            e = n[-1]
            m = rng.randrange(16 if e == 'h' else 32)
            return ['%s%s %s, %s, v%d.%s[%d]' % (op, '2' if two else '', self.v(wide), self.v(n), m, e,
                                                 rng.randrange(16 // SIZE[n]))]
        e = a[-1]
        m = rng.randrange(16 if e == 'h' else 32)
        return ['%s %s, %s, v%d.%s[%d]' % (op, self.v(a), self.v(a), m, e, rng.randrange(16 // SIZE[a]))]

    def g_perm(self):
        rng = self.rng
        k = rng.randrange(3)
        if k == 0:
            a = rng.choice(ALL)
            op = rng.choice(['zip1', 'zip2', 'uzp1', 'uzp2', 'trn1', 'trn2'])
            return ['%s %s, %s, %s' % (op, self.v(a), self.v(a), self.v(a))]
        if k == 1:
            a = rng.choice(B)
            return ['ext %s, %s, %s, #%d' % (self.v(a), self.v(a), self.v(a), rng.randrange(LANES[a]))]
        a = rng.choice(B)
        n = rng.randrange(1, 5)
        first = rng.randrange(32)
        lst = ', '.join('v%d.16b' % ((first + i) % 32) for i in range(n))
        return ['%s %s, {%s}, %s' % (rng.choice(['tbl', 'tbx']), self.v(a), lst, self.v(a))]

    def g_move(self):
        rng = self.rng
        e, lanes = rng.choice([('b', 16), ('h', 8), ('s', 4), ('d', 2)])
        k = rng.randrange(5)
        if k == 0:
            a = rng.choice([x for x in ALL if x[-1] == e])
            return ['dup %s, v%d.%s[%d]' % (self.v(a), rng.randrange(32), e, rng.randrange(lanes))]
        if k == 1:
            a = rng.choice([x for x in ALL if x[-1] == e])
            return ['dup %s, %s' % (self.v(a), self.xr() if e == 'd' else self.wr())]
        if k == 2:
            return ['ins v%d.%s[%d], v%d.%s[%d]' % (rng.randrange(32), e, rng.randrange(lanes),
                                                    rng.randrange(32), e, rng.randrange(lanes))]
        if k == 3:
            return ['ins v%d.%s[%d], %s' % (rng.randrange(32), e, rng.randrange(lanes),
                                            self.xr() if e == 'd' else self.wr())]
        if e != 'd' and rng.randrange(2):   # SMOV to W exists for B and H only
            d = self.xr() if e == 's' or rng.randrange(2) else self.wr()
            return ['smov %s, v%d.%s[%d]' % (d, rng.randrange(32), e, rng.randrange(lanes))]
        return ['umov %s, v%d.%s[%d]' % (self.xr() if e == 'd' else self.wr(), rng.randrange(32), e,
                                         rng.randrange(lanes))]

    def g_across(self):
        rng = self.rng
        if rng.randrange(3) == 0:
            a = rng.choice(['4h', '8h', '4s'])
            op = rng.choice(['fmaxv', 'fminv', 'fmaxnmv', 'fminnmv'])
            return ['%s %s%d, %s' % (op, a[-1], rng.randrange(32), self.v(a))]
        a = rng.choice(['8b', '16b', '4h', '8h', '4s'])
        op = rng.choice(['addv', 'smaxv', 'sminv', 'umaxv', 'uminv', 'saddlv', 'uaddlv'])
        r = a[-1] if not op.endswith('lv') else {'b': 'h', 'h': 's', 's': 'd'}[a[-1]]
        return ['%s %s%d, %s' % (op, r, rng.randrange(32), self.v(a))]

    def g_fconv(self):
        rng = self.rng
        k = rng.randrange(3)
        two = rng.randrange(2)
        sfx = '2' if two else ''
        if k == 0:
            wide, narrow = rng.choice([('4s', ('4h', '8h')), ('2d', ('2s', '4s'))])
            return ['fcvtl%s %s, %s' % (sfx, self.v(wide), self.v(narrow[two]))]
        if k == 1:
            wide, narrow = rng.choice([('4s', ('4h', '8h')), ('2d', ('2s', '4s'))])
            return ['fcvtn%s %s, %s' % (sfx, self.v(narrow[two]), self.v(wide))]
        return ['fcvtxn%s %s, %s' % (sfx, self.v(['2s', '4s'][two]), self.v('2d'))]

    def g_imm(self):
        rng = self.rng
        k = rng.randrange(5)
        if k == 0:
            a = rng.choice(B)
            return ['movi %s, #0x%x' % (self.v(a), rng.randrange(256))]
        if k == 1:
            a = rng.choice(H + S)
            op = rng.choice(['movi', 'mvni', 'orr', 'bic'])
            sh = rng.choice([0, 8] if a[-1] == 'h' else [0, 8, 16, 24])
            return ['%s %s, #0x%x, lsl #%d' % (op, self.v(a), rng.randrange(256), sh)]
        if k == 2:
            a = rng.choice(S)
            op = rng.choice(['movi', 'mvni'])
            return ['%s %s, #0x%x, msl #%d' % (op, self.v(a), rng.randrange(256), rng.choice([8, 16]))]
        if k == 3:
            v = sum((0xff if rng.randrange(2) else 0) << (8 * i) for i in range(8))
            if rng.randrange(2):
                return ['movi v%d.2d, #0x%x' % (rng.randrange(32), v)]
            return ['movi d%d, #0x%x' % (rng.randrange(32), v)]
        a = rng.choice(['4h', '8h', '2s', '4s', '2d'])
        val = rng.randrange(16, 32) / 16 * 2.0 ** rng.randrange(-3, 5)
        return ['fmov %s, #%s%r' % (self.v(a), '-' if rng.randrange(2) else '', val)]

    def g_scalar(self):
        """Scalar (one-lane) forms of saturating and pairwise ops."""
        rng = self.rng
        k = rng.randrange(5)
        r = rng.choice('bhsd')
        n = lambda p: '%s%d' % (p, rng.randrange(32))   # noqa: E731
        if k == 0:
            op = rng.choice(['sqadd', 'uqadd', 'sqsub', 'uqsub', 'sqshl', 'uqshl', 'sqrshl', 'uqrshl'])
            return ['%s %s, %s, %s' % (op, n(r), n(r), n(r))]
        if k == 1:
            op = rng.choice(['sqabs', 'sqneg', 'suqadd', 'usqadd'])
            return ['%s %s, %s' % (op, n(r), n(r))]
        if k == 2:
            r = rng.choice('hs')
            op = rng.choice(['sqdmulh', 'sqrdmulh', 'sqrdmlah', 'sqrdmlsh'])
            return ['%s %s, %s, %s' % (op, n(r), n(r), n(r))]
        if k == 3:
            r, w = rng.choice([('h', 's'), ('s', 'd')])
            op = rng.choice(SQDML)
            return ['%s %s, %s, %s' % (op, n(w), n(r), n(r))]
        if rng.randrange(2):
            return ['addp d%d, v%d.2d' % (rng.randrange(32), rng.randrange(32))]
        p = rng.choice(['2s', '2d', '2h'])
        op = rng.choice(['faddp', 'fmaxp', 'fminp', 'fmaxnmp', 'fminnmp'])
        return ['%s %s%d, v%d.%s' % (op, {'2s': 's', '2d': 'd', '2h': 'h'}[p], rng.randrange(32),
                                     rng.randrange(32), p)]

    def g_complex(self):
        rng = self.rng
        a = rng.choice(['4h', '8h', '2s', '4s', '2d'])
        if rng.randrange(2):
            return ['fcadd %s, %s, %s, #%d' % (self.v(a), self.v(a), self.v(a), rng.choice([90, 270]))]
        return ['fcmla %s, %s, %s, #%d' % (self.v(a), self.v(a), self.v(a), rng.choice([0, 90, 180, 270]))]

    # -- element and structure loads and stores --

    def post(self, nbytes):
        """(setup lines, address tail) for [x28] with an optional post-index
        by nbytes or by a register holding a small multiple of 16."""
        rng = self.rng
        k = rng.randrange(3)
        if k == 0:
            return [], '[x28]'
        if k == 1:
            out = self.base_fix(nbytes)
            self.base_move(nbytes)
            return out, '[x28], #%d' % nbytes
        step = rng.choice([-32, -16, 16, 32])
        out = self.base_fix(abs(step))
        self.base_move(step)
        n, t = self.reg(True)
        return out + ['mov %s, #%d' % (t, step)], '[x28], %s' % t

    def g_ldst(self):
        rng = self.rng
        n = rng.randrange(1, 5)
        a = rng.choice(ALL + ['1d'] if n == 1 else ALL)
        if rng.randrange(4) == 0:   # LDnR: replicate one structure to all lanes
            first = rng.randrange(32)
            lst = ', '.join('v%d.%s' % ((first + i) % 32, a) for i in range(n))
            setup, addr = self.post(n * SIZE[a])
            return setup + ['ld%dr {%s}, %s' % (n, lst, addr)]
        op = rng.choice(['ld', 'st'])
        regs = n if rng.randrange(3) or n != 1 else rng.randrange(1, 5)
        first = rng.randrange(32)
        lst = ', '.join('v%d.%s' % ((first + i) % 32, a) for i in range(regs))
        setup, addr = self.post(regs * SIZE[a] * LANES[a])
        return setup + ['%s%d {%s}, %s' % (op, n, lst, addr)]

    def g_ldst_lane(self):
        rng = self.rng
        n = rng.randrange(1, 5)
        e, lanes = rng.choice([('b', 16), ('h', 8), ('s', 4), ('d', 2)])
        first = rng.randrange(32)
        lst = ', '.join('v%d.%s' % ((first + i) % 32, e) for i in range(n))
        setup, addr = self.post(n * {'b': 1, 'h': 2, 's': 4, 'd': 8}[e])
        return setup + ['%s%d {%s}[%d], %s' % (rng.choice(['ld', 'st']), n, lst, rng.randrange(lanes), addr)]
