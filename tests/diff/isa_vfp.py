"""tests/diff/isa_vfp.py — random VFP (VFPv3/VFPv4 + fp16 conversion) sequences.

Used for A32 (mode vfp: random condition codes) and T32 (mode vfpt:
single-instruction IT blocks).

Initial state: d16-d31 hold edge or random doubles, d0-d15 hold pairs of
edge or random singles (s0-s31); FPSCR gets a random rounding mode, FZ, DN,
AHP, NZCV and cumulative exception flags, so every op runs under all 16
RMode x FZ x DN combinations over a batch. Some sequences also change FPSCR
midway with VMSR.

Excluded on purpose:
  - FPSCR.Len/Stride (short vectors: Cortex-A15 and ARMv7 without VFP
    short-vector support trap them) and the trap-enable bits (RAZ/WI on
    the cores qemu-arm models; whether they read back as written is
    IMPLEMENTATION DEFINED).
  - ARMv8 ops (VSEL, VMAXNM, VRINT*, VCVTA...): not in ARMv7.
  - Addressing is r11-relative with word-multiple offsets, like the integer
    generator; VLDM/VSTM use no writeback so the base never moves.
"""

SINGLE_EDGE = [0x00000000, 0x80000000, 0x3f800000, 0xbf800000, 0x7f800000, 0xff800000,
               0x7fc00000, 0xffc00000, 0x7f800001, 0x7fa00000, 0xffbfffff, 0x00000001,
               0x807fffff, 0x00400000, 0x00800000, 0x80800000, 0x7f7fffff, 0xff7fffff,
               0x4f000000, 0xcf000000, 0x4f800000, 0x4effffff, 0xcf000001, 0x3f000000,
               0x3fc00000, 0x40200000, 0xbf000000, 0xbfc00000, 0x47000000, 0x477fe000,
               0x33800000, 0x38800000, 0x387fc000, 0x7e800000, 0x01000000]
DOUBLE_EDGE = [0x0000000000000000, 0x8000000000000000, 0x3ff0000000000000,
               0xbff0000000000000, 0x7ff0000000000000, 0xfff0000000000000,
               0x7ff8000000000000, 0xfff8000000000000, 0x7ff0000000000001,
               0x7ff4000000000000, 0x0000000000000001, 0x800fffffffffffff,
               0x0010000000000000, 0x7fefffffffffffff, 0x41e0000000000000,
               0xc1e0000000000000, 0x41efffffffe00000, 0x41f0000000000000,
               0xc1e0000000200000, 0x3fe0000000000000, 0x3ff8000000000000,
               0x4004000000000000, 0xbfe0000000000000, 0x36a0000000000000,
               0x3810000000000000, 0x47efffffe0000000, 0x47efffff00000000,
               0x3690000000000000, 0x380fffffffffffff, 0x41dfffffffc00000]


def rand_single(rng):
    k = rng.randrange(8)
    if k < 3:
        return rng.choice(SINGLE_EDGE)
    if k < 5:   # a "nice" value in a moderate range, exponent 117..137
        return (rng.getrandbits(1) << 31) | (rng.randrange(117, 138) << 23) | rng.getrandbits(23)
    if k == 5:  # a few low bits: exercises ties in rounding
        return (rng.getrandbits(1) << 31) | (rng.randrange(120, 160) << 23) | (rng.getrandbits(4) << 19)
    return rng.getrandbits(32)


def rand_double(rng):
    k = rng.randrange(8)
    if k < 3:
        return rng.choice(DOUBLE_EDGE)
    if k < 5:
        return (rng.getrandbits(1) << 63) | (rng.randrange(1013, 1034) << 52) | rng.getrandbits(52)
    if k == 5:  # exactly representable as a single, or just beyond
        return (rng.getrandbits(1) << 63) | (rng.randrange(896, 1150) << 52) | (rng.getrandbits(24) << 28) \
            | rng.choice([0, 0, 1, 1 << 27, (1 << 28) - 1])
    return rng.getrandbits(64)


def rand_double_bits(rng):
    """Initial value of one d register: a double, or two singles."""
    if rng.randrange(2):
        return rand_double(rng)
    return rand_single(rng) | rand_single(rng) << 32


def rand_fpscr(rng):
    v = rng.randrange(4) << 22            # RMode
    v |= rng.getrandbits(1) << 24         # FZ
    v |= rng.getrandbits(1) << 25         # DN
    if rng.randrange(4) == 0:
        v |= 1 << 26                      # AHP
    v |= rng.getrandbits(4) << 28         # NZCV
    if rng.randrange(3) == 0:
        v |= rng.choice([0x01, 0x02, 0x04, 0x08, 0x10, 0x80, 0x9f])   # cumulative flags
    return v


class VfpGen:
    def __init__(self, rng, thumb=False):
        self.rng = rng
        self.thumb = thumb
        self.it_cond = None   # T32: the condition of the enclosing IT block
        # single-line generators that take a condition (may sit in an IT block)
        self.condable = [self.g_arith, self.g_fused, self.g_unary, self.g_cvt, self.g_fixed,
                         self.g_half, self.g_vmov_imm]
        gens = [(self.g_arith, 8), (self.g_fused, 3), (self.g_unary, 3), (self.g_cmp, 3),
                (self.g_cvt, 5), (self.g_fixed, 2), (self.g_half, 1), (self.g_vmov_imm, 1),
                (self.g_xfer, 2), (self.g_mem, 2), (self.g_fpscr, 1)]
        self.gens = [g for g, w in gens for _ in range(w)]

    def s(self):
        return 's%d' % self.rng.randrange(32)

    def d(self):
        return 'd%d' % self.rng.randrange(32)

    def reg(self, prec):
        return self.s() if prec == 'f32' else self.d()

    def prec(self):
        return self.rng.choice(['f32', 'f64'])

    def cond(self):
        if self.thumb:
            return self.it_cond or ''
        return self.rng.choice(['eq', 'ne', 'ge', 'lt', 'hi', 'vs']) if self.rng.randrange(6) == 0 else ''

    def g_arith(self):
        p = self.prec()
        op = self.rng.choice(['vadd', 'vsub', 'vmul', 'vdiv', 'vnmul', 'vmla', 'vmls', 'vnmla', 'vnmls'])
        return ['%s%s.%s %s, %s, %s' % (op, self.cond(), p, self.reg(p), self.reg(p), self.reg(p))]

    def g_fused(self):
        p = self.prec()
        op = self.rng.choice(['vfma', 'vfms', 'vfnma', 'vfnms'])
        return ['%s%s.%s %s, %s, %s' % (op, self.cond(), p, self.reg(p), self.reg(p), self.reg(p))]

    def g_unary(self):
        p = self.prec()
        op = self.rng.choice(['vabs', 'vneg', 'vsqrt', 'vsqrt', 'vmov'])
        return ['%s%s.%s %s, %s' % (op, self.cond(), p, self.reg(p), self.reg(p))]

    def g_cmp(self):
        p = self.prec()
        op = self.rng.choice(['vcmp', 'vcmpe'])
        src = '#0' if self.rng.randrange(4) == 0 else self.reg(p)
        r = 'r%d' % self.rng.randrange(11)
        lines = ['%s%s.%s %s, %s' % (op, self.cond(), p, self.reg(p), src)]
        if self.rng.randrange(2):
            lines.append('vmrs APSR_nzcv, fpscr')
        else:
            lines.append('vmrs %s, fpscr' % r)
        return lines

    def g_cvt(self):
        rng = self.rng
        c = self.cond()
        k = rng.randrange(4)
        if k == 0:
            return ['vcvt%s.f64.f32 %s, %s' % (c, self.d(), self.s())]
        if k == 1:
            return ['vcvt%s.f32.f64 %s, %s' % (c, self.s(), self.d())]
        p = self.prec()
        t = rng.choice(['s32', 'u32'])
        if k == 2:   # float -> int, toward zero or with FPSCR rounding
            op = rng.choice(['vcvt', 'vcvtr'])
            return ['%s%s.%s.%s %s, %s' % (op, c, t, p, self.s(), self.reg(p))]
        return ['vcvt%s.%s.%s %s, %s' % (c, p, t, self.reg(p), self.s())]

    def g_fixed(self):
        rng = self.rng
        p = self.prec()
        t = rng.choice(['s16', 'u16', 's32', 'u32'])
        fb = rng.randrange(0 if t.endswith('16') else 1, int(t[1:]) + 1)
        r = self.reg(p)
        if rng.randrange(2):
            return ['vcvt%s.%s.%s %s, %s, #%d' % (self.cond(), t, p, r, r, fb)]
        return ['vcvt%s.%s.%s %s, %s, #%d' % (self.cond(), p, t, r, r, fb)]

    def g_half(self):
        op = self.rng.choice(['vcvtb', 'vcvtt'])
        if self.rng.randrange(2):
            return ['%s%s.f32.f16 %s, %s' % (op, self.cond(), self.s(), self.s())]
        return ['%s%s.f16.f32 %s, %s' % (op, self.cond(), self.s(), self.s())]

    def g_vmov_imm(self):
        rng = self.rng
        p = self.prec()
        # VFPv3 8-bit immediates: +-(16..31)/16 * 2^(-3..4)
        v = rng.randrange(16, 32) / 16.0 * 2.0 ** rng.randrange(-3, 5) * rng.choice([1, -1])
        return ['vmov%s.%s %s, #%r' % (self.cond(), p, self.reg(p), v)]

    def g_xfer(self):
        rng = self.rng
        a, b = rng.sample(range(11), 2)
        k = rng.randrange(5)
        if k == 0:
            return ['vmov r%d, %s' % (a, self.s())]
        if k == 1:
            return ['vmov %s, r%d' % (self.s(), a)]
        if k == 2:
            return ['vmov r%d, r%d, %s' % (a, b, self.d())]
        if k == 3:
            return ['vmov %s, r%d, r%d' % (self.d(), a, b)]
        n = rng.randrange(31)
        return ['vmov r%d, r%d, s%d, s%d' % (a, b, n, n + 1)]

    def g_mem(self):
        rng = self.rng
        k = rng.randrange(3)
        off = rng.randrange(-60, 60) * 4
        if k == 0:
            return ['%s %s, [r11, #%d]' % (rng.choice(['vldr', 'vstr']), self.s(), off)]
        if k == 1:
            return ['%s %s, [r11, #%d]' % (rng.choice(['vldr', 'vstr']), self.d(), off & ~7)]
        n = rng.randrange(1, 9)
        first = rng.randrange(0, 33 - n)
        regs = 'd%d' % first if n == 1 else 'd%d-d%d' % (first, first + n - 1)
        return ['%s r11, {%s}' % (rng.choice(['vldmia', 'vstmia']), regs)]

    def g_fpscr(self):
        return ['ldr r12, =0x%08x' % rand_fpscr(self.rng), 'vmsr fpscr, r12']

    def sequence(self, n, known):
        lines = []
        while len(lines) < n:
            for _ in range(50):
                if self.thumb and self.rng.randrange(5) == 0:
                    c = self.rng.choice(['eq', 'ne', 'ge', 'lt', 'hi', 'vs', 'mi', 'ls'])
                    self.it_cond = c
                    ins = ['it %s' % c] + self.rng.choice(self.condable)()
                    self.it_cond = None
                else:
                    ins = self.rng.choice(self.gens)()
                if not any(p.search(x) for p in known for x in ins):
                    break
            lines += ins
        return lines
