"""tests/diff/a64/a64_fp.py — random A64 scalar floating-point sequences (mode a64fp).

Half, single and double precision: FADD FSUB FMUL FDIV FNMUL FMAX FMIN
FMAXNM FMINNM FABD, FABS FNEG FSQRT, FMADD FMSUB FNMADD FNMSUB, FCVT
between all precisions, FCVT{N,P,M,Z,A}{S,U} to W and X (FCVTZ also to
fixed point), SCVTF/UCVTF from W and X (also fixed point), FRINT{N,P,M,Z,
A,X,I} and FRINT32/64{X,Z}, FCMP/FCMPE (register and #0.0), FCCMP/FCCMPE,
FCSEL, FMOV (register, immediate, to and from general registers and the
top half of a V register), FJCVTZS, the scalar reciprocal estimates and
steps (FRECPE FRSQRTE FRECPS FRSQRTS FRECPX), FCVTXN, the scalar compares
(FCMEQ/FCMGE/FCMGT/FCMLE/FCMLT, FACGE/FACGT), and FP loads and stores
(B/H/S/D/Q registers, LDP/STP, writeback). Some sequences rewrite FPCR
midway (a new RMode/FZ/DN/AHP/FZ16), so every op also runs under
rounding modes its case did not start with.

Operands come from V registers whose lanes are biased to edges (a64_values.py):
signalling and quiet NaNs, infinities, denormals, zeros, the limits of the
integer conversions. NZCV, FPSR and FPCR are all in the record.

Excluded on purpose: FPCR trap enables (IMPLEMENTATION DEFINED whether
they can be set; qemu keeps them 0), FPCR.Len/Stride (RES0 in AArch64).
"""
from a64_base import BaseGen

P = ['h', 's', 'd']
FRINT = ['frintn', 'frintp', 'frintm', 'frintz', 'frinta', 'frintx', 'frinti']
CVT = ['fcvtns', 'fcvtnu', 'fcvtps', 'fcvtpu', 'fcvtms', 'fcvtmu', 'fcvtzs', 'fcvtzu',
       'fcvtas', 'fcvtau']


def fp8_imm(rng):
    """A value FMOV (immediate) can encode: +-(16..31)/16 * 2^(-3..4)."""
    v = rng.randrange(16, 32) / 16 * 2.0 ** rng.randrange(-3, 5)
    return ('-' if rng.randrange(2) else '') + repr(v)


class FpGen(BaseGen):
    def __init__(self, rng, prefix):
        super().__init__(rng, prefix)
        self.gens = [(self.g_arith2, 6), (self.g_arith1, 3), (self.g_fma, 3), (self.g_fcvt, 2),
                     (self.g_toint, 4), (self.g_fromint, 3), (self.g_frint, 3), (self.g_cmp, 3),
                     (self.g_csel, 2), (self.g_fmov, 2), (self.g_recip, 2), (self.g_scmp, 2),
                     (self.g_mem, 2), (self.g_fpcr, 1), (self.g_branch, 1)]
        self.shadow_gens = [self.g_arith2, self.g_fma, self.g_frint]

    def v(self, p):
        return '%s%d' % (p, self.rng.randrange(32))

    def p(self, half=True):
        return self.rng.choice(P if half else P[1:])

    def g_arith2(self):
        p = self.p()
        op = self.rng.choice(['fadd', 'fsub', 'fmul', 'fdiv', 'fnmul', 'fmax', 'fmin', 'fmaxnm',
                              'fminnm', 'fabd'])
        return ['%s %s, %s, %s' % (op, self.v(p), self.v(p), self.v(p))]

    def g_arith1(self):
        p = self.p()
        return ['%s %s, %s' % (self.rng.choice(['fabs', 'fneg', 'fsqrt', 'fmov']), self.v(p), self.v(p))]

    def g_fma(self):
        p = self.p()
        op = self.rng.choice(['fmadd', 'fmsub', 'fnmadd', 'fnmsub'])
        return ['%s %s, %s, %s, %s' % (op, self.v(p), self.v(p), self.v(p), self.v(p))]

    def g_fcvt(self):
        a, b = self.rng.sample(P, 2)
        return ['fcvt %s, %s' % (self.v(a), self.v(b))]

    def g_toint(self):
        rng = self.rng
        p = self.p()
        sf = rng.randrange(2)
        d = self.xr() if sf else self.wr()
        k = rng.randrange(6)
        if k == 0:
            return ['%s %s, %s, #%d' % (rng.choice(['fcvtzs', 'fcvtzu']), d, self.v(p),
                                        rng.randrange(1, 65 if sf else 33))]
        if k == 1 and p == 'd':
            return ['fjcvtzs %s, %s' % (self.wr(), self.v('d'))]
        if k == 2:   # the scalar AdvSIMD form: the result stays in a V register
            q = self.p()
            return ['%s %s, %s' % (rng.choice(CVT), self.v(q), self.v(q))]
        return ['%s %s, %s' % (rng.choice(CVT), d, self.v(p))]

    def g_fromint(self):
        rng = self.rng
        p = self.p()
        sf = rng.randrange(2)
        s = self.rz(sf)
        op = rng.choice(['scvtf', 'ucvtf'])
        k = rng.randrange(3)
        if k == 0:
            return ['%s %s, %s, #%d' % (op, self.v(p), s, rng.randrange(1, 65 if sf else 33))]
        if k == 1:   # scalar AdvSIMD form, integer in a V register of the same size
            return ['%s %s, %s' % (op, self.v(p), self.v(p))]
        return ['%s %s, %s' % (op, self.v(p), s)]

    def g_frint(self):
        rng = self.rng
        if rng.randrange(4) == 0:
            p = self.p(half=False)
            op = rng.choice(['frint32x', 'frint32z', 'frint64x', 'frint64z'])
        else:
            p = self.p()
            op = rng.choice(FRINT)
        return ['%s %s, %s' % (op, self.v(p), self.v(p))]

    def g_cmp(self):
        rng = self.rng
        p = self.p()
        k = rng.randrange(3)
        if k == 0:
            return ['%s %s, #0.0' % (rng.choice(['fcmp', 'fcmpe']), self.v(p))]
        if k == 1:
            return ['%s %s, %s' % (rng.choice(['fcmp', 'fcmpe']), self.v(p), self.v(p))]
        return ['%s %s, %s, #%d, %s' % (rng.choice(['fccmp', 'fccmpe']), self.v(p), self.v(p),
                                        rng.randrange(16), self.cond())]

    def g_csel(self):
        p = self.p()
        return ['fcsel %s, %s, %s, %s' % (self.v(p), self.v(p), self.v(p), self.cond())]

    def g_fmov(self):
        rng = self.rng
        k = rng.randrange(5)
        p = self.p()
        if k == 0:
            return ['fmov %s, #%s' % (self.v(p), fp8_imm(rng))]
        if k == 1:   # general -> FP
            return ['fmov %s, %s' % (self.v(p), self.wr() if p != 'd' else self.xr())]
        if k == 2:
            return ['fmov %s, %s' % (self.wr() if p != 'd' else self.xr(), self.v(p))]
        if k == 3:
            return ['fmov v%d.d[1], %s' % (rng.randrange(32), self.xr())]
        return ['fmov %s, v%d.d[1]' % (self.xr(), rng.randrange(32))]

    def g_recip(self):
        rng = self.rng
        p = self.p()
        k = rng.randrange(4)
        if k == 0:
            return ['%s %s, %s' % (rng.choice(['frecpe', 'frsqrte', 'frecpx']), self.v(p), self.v(p))]
        if k == 1:
            return ['%s %s, %s, %s' % (rng.choice(['frecps', 'frsqrts']), self.v(p), self.v(p), self.v(p))]
        if k == 2:
            return ['fcvtxn %s, %s' % (self.v('s'), self.v('d'))]
        return ['fabd %s, %s, %s' % (self.v(p), self.v(p), self.v(p))]

    def g_scmp(self):
        rng = self.rng
        p = self.p()
        if rng.randrange(2):
            op = rng.choice(['fcmeq', 'fcmge', 'fcmgt', 'fcmle', 'fcmlt'])
            return ['%s %s, %s, #0.0' % (op, self.v(p), self.v(p))]
        op = rng.choice(['fcmeq', 'fcmge', 'fcmgt', 'facge', 'facgt'])
        return ['%s %s, %s, %s' % (op, self.v(p), self.v(p), self.v(p))]

    def g_mem(self):
        rng = self.rng
        p, size = rng.choice([('b', 1), ('h', 2), ('s', 4), ('d', 8), ('q', 16)])
        op = rng.choice(['ldr', 'str'])
        k = rng.randrange(5)
        if k == 0:
            return ['%s %s, [x28, #%d]' % (op, self.v(p), size * rng.randrange(256 // size))]
        if k == 1:
            return ['%s %s, [x28, #%d]' % (op.replace('r', 'ur', 1), self.v(p), rng.randrange(-256, 256))]
        if k == 2 and p in ('s', 'd', 'q'):
            a, b = rng.sample(range(32), 2)
            return ['%sp %s%d, %s%d, [x28, #%d]' % (op[:2], p, a, p, b, size * rng.randrange(-8, 8))]
        step = self.wb_step()
        out = self.base_fix(abs(step))
        self.base_move(step)
        if k == 3:
            return out + ['%s %s, [x28, #%d]!' % (op, self.v(p), step)]
        return out + ['%s %s, [x28], #%d' % (op, self.v(p), step)]

    def g_fpcr(self):
        rng = self.rng
        t = self.xr()
        v = rng.randrange(4) << 22 | rng.getrandbits(1) << 24 | rng.getrandbits(1) << 25 | \
            rng.getrandbits(1) << 26 | rng.getrandbits(1) << 19
        return ['movz %s, #0x%x, lsl #16' % (t, v >> 16), 'msr fpcr, %s' % t]
