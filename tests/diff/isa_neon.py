"""tests/diff/isa_neon.py — random Advanced SIMD (NEON) sequences (mode neon).

The state is d0-d31 (random words mixed with float and integer edge lanes)
plus FPSCR, whose QC bit records saturation; NEON float arithmetic uses the
"standard FPSCR value" (RN, FZ, DN) whatever FPSCR says, so FPSCR's mode
bits vary too. Only ARMv7 NEON (+ VFPv4 VFMA) encodings.

Excluded on purpose: overlapping source/destination register ranges where
the ARM ARM makes them UNPREDICTABLE (VTBL list wrapping past d31, the long
and narrow ops with Qd overlapping Dn/Dm, VZIP/VUZP/VTRN/VSWP of a register
with itself), register lists past d31, alignment qualifiers (the base r11
is only word aligned) and writeback (the base never moves), and NEON in T32
IT blocks (mode neont runs the same ops in T32 encodings).
"""

SIZES = ['8', '16', '32']


class NeonGen:
    def __init__(self, rng):
        self.rng = rng
        self.prefix = 'N'
        gens = [(self.g_3same, 10), (self.g_logic, 3), (self.g_shift, 5), (self.g_float, 4),
                (self.g_2misc, 4), (self.g_long, 3), (self.g_narrow, 3), (self.g_perm, 3),
                (self.g_scalar, 2), (self.g_imm, 2), (self.g_table, 1), (self.g_xfer, 2),
                (self.g_ldst, 3)]
        self.gens = [g for g, w in gens for _ in range(w)]

    def dq(self):
        """A random register of a random width: ('d7', False) or ('q3', True)."""
        if self.rng.randrange(2):
            return 'q%d' % self.rng.randrange(16), True
        return 'd%d' % self.rng.randrange(32), False

    def same(self, q):
        return 'q%d' % self.rng.randrange(16) if q else 'd%d' % self.rng.randrange(32)

    def g_3same(self):
        rng = self.rng
        d, q = self.dq()
        sz = rng.choice(SIZES)
        op = rng.choice(['vadd.i', 'vsub.i', 'vmul.i', 'vmla.i', 'vmls.i', 'vqadd.s', 'vqadd.u',
                         'vqsub.s', 'vqsub.u', 'vhadd.s', 'vhadd.u', 'vrhadd.s', 'vrhadd.u',
                         'vhsub.u', 'vabd.s', 'vabd.u', 'vaba.s', 'vmax.s', 'vmin.u', 'vceq.i',
                         'vcgt.s', 'vcge.u', 'vtst.', 'vshl.s', 'vshl.u', 'vrshl.s', 'vqshl.u',
                         'vqrshl.s', 'vpadd.i', 'vpmax.s', 'vpmin.u', 'vqdmulh.s', 'vqrdmulh.s'])
        if op.startswith(('vqdmulh', 'vqrdmulh')):
            sz = rng.choice(['16', '32'])
        if op.startswith('vmul') and sz == '64':
            sz = '32'
        if op.startswith('vp'):   # pairwise ops are D-only
            d, q = 'd%d' % rng.randrange(32), False
        if op.startswith(('vqadd', 'vqsub', 'vadd', 'vsub', 'vshl', 'vqshl', 'vrshl', 'vqrshl')) \
                and rng.randrange(6) == 0:
            sz = '64'
        return ['%s%s %s, %s, %s' % (op, sz, d, self.same(q), self.same(q))]

    def g_logic(self):
        d, q = self.dq()
        op = self.rng.choice(['vand', 'vorr', 'veor', 'vbic', 'vorn', 'vbsl', 'vbit', 'vbif'])
        return ['%s %s, %s, %s' % (op, d, self.same(q), self.same(q))]

    def g_shift(self):
        rng = self.rng
        d, q = self.dq()
        sz = rng.choice(SIZES + ['64'])
        bits = int(sz)
        op = rng.choice(['vshr.s', 'vshr.u', 'vrshr.s', 'vrshr.u', 'vsra.s', 'vrsra.u', 'vshl.i',
                         'vqshl.s', 'vqshl.u', 'vqshlu.s', 'vsli.', 'vsri.'])
        if op in ('vshl.i', 'vqshl.s', 'vqshl.u', 'vqshlu.s', 'vsli.'):
            n = rng.randrange(0, bits)
        else:
            n = rng.randrange(1, bits + 1)
        return ['%s%s %s, %s, #%d' % (op, sz, d, self.same(q), n)]

    def g_float(self):
        rng = self.rng
        d, q = self.dq()
        op = rng.choice(['vadd', 'vsub', 'vmul', 'vmla', 'vmls', 'vfma', 'vfms', 'vabd', 'vmax',
                         'vmin', 'vceq', 'vcge', 'vcgt', 'vacge', 'vacgt', 'vrecps', 'vrsqrts'])
        return ['%s.f32 %s, %s, %s' % (op, d, self.same(q), self.same(q))]

    def g_2misc(self):
        rng = self.rng
        d, q = self.dq()
        k = rng.randrange(4)
        if k == 0:
            op = rng.choice(['vabs.s', 'vneg.s', 'vqabs.s', 'vqneg.s', 'vcls.s', 'vclz.i'])
            return ['%s%s %s, %s' % (op, rng.choice(SIZES), d, self.same(q))]
        if k == 1:
            op = rng.choice(['vcnt.8', 'vmvn', 'vrev64.8', 'vrev64.16', 'vrev64.32', 'vrev32.8',
                             'vrev32.16', 'vrev16.8', 'vpaddl.s8', 'vpaddl.u16', 'vpadal.s32',
                             'vceq.i8', 'vclt.s16', 'vcgt.s32'])
            if op.startswith(('vceq', 'vclt', 'vcgt')):
                return ['%s %s, %s, #0' % (op, d, self.same(q))]
            return ['%s %s, %s' % (op, d, self.same(q))]
        if k == 2:
            op = rng.choice(['vrecpe.f32', 'vrsqrte.f32', 'vrecpe.u32', 'vrsqrte.u32', 'vabs.f32',
                             'vneg.f32', 'vcvt.s32.f32', 'vcvt.u32.f32', 'vcvt.f32.s32', 'vcvt.f32.u32'])
            return ['%s %s, %s' % (op, d, self.same(q))]
        t = rng.choice(['s32.f32', 'u32.f32', 'f32.s32', 'f32.u32'])
        return ['vcvt.%s %s, %s, #%d' % (t, d, self.same(q), rng.randrange(1, 33))]

    def g_long(self):
        """Qd = op(Dn, Dm): Qd must not overlap the sources."""
        rng = self.rng
        qd = rng.randrange(16)
        free = [x for x in range(32) if x // 2 != qd]
        op = rng.choice(['vaddl.s', 'vaddl.u', 'vsubl.s', 'vmull.s', 'vmull.u', 'vmlal.s', 'vmlsl.u',
                         'vabdl.u', 'vabal.s', 'vqdmull.s', 'vqdmlal.s', 'vmull.p'])
        sz = rng.choice(SIZES)
        if op.startswith('vqdm'):
            sz = rng.choice(['16', '32'])
        if op == 'vmull.p':
            sz = '8'
        return ['%s%s q%d, d%d, d%d' % (op, sz, qd, rng.choice(free), rng.choice(free))]

    def g_narrow(self):
        rng = self.rng
        qm = rng.randrange(16)
        dd = rng.choice([x for x in range(32) if x // 2 != qm])
        k = rng.randrange(3)
        if k == 0:
            op = rng.choice(['vmovn.i', 'vqmovn.s', 'vqmovn.u', 'vqmovun.s'])
            return ['%s%s d%d, q%d' % (op, rng.choice(['16', '32', '64']), dd, qm)]
        if k == 1:
            sz = rng.choice(['16', '32', '64'])
            op = rng.choice(['vshrn.i', 'vrshrn.i', 'vqshrn.s', 'vqrshrn.u', 'vqshrun.s'])
            return ['%s%s d%d, q%d, #%d' % (op, sz, dd, qm, rng.randrange(1, int(sz) // 2 + 1))]
        qd = rng.randrange(16)
        dm = rng.choice([x for x in range(32) if x // 2 != qd])
        op = rng.choice(['vmovl.s', 'vmovl.u', 'vshll.s', 'vshll.u'])
        sz = rng.choice(SIZES)
        if op.startswith('vshll'):
            return ['%s%s q%d, d%d, #%d' % (op, sz, qd, dm, rng.randrange(1, int(sz)))]
        return ['%s%s q%d, d%d' % (op, sz, qd, dm)]

    def g_perm(self):
        rng = self.rng
        d, q = self.dq()
        k = rng.randrange(3)
        if k == 0:
            m = self.same(q)
            while m == d:
                m = self.same(q)
            op = rng.choice(['vzip', 'vuzp', 'vtrn'])
            sz = rng.choice(SIZES) if (q or op == 'vtrn') else rng.choice(['8', '16'])
            return ['%s.%s %s, %s' % (op, sz, d, m)]
        if k == 1:
            n = rng.randrange(16 if q else 8)
            return ['vext.8 %s, %s, %s, #%d' % (d, self.same(q), self.same(q), n)]
        sz = rng.choice(SIZES)
        lanes = 64 // int(sz)
        return ['vdup.%s %s, d%d[%d]' % (sz, d, rng.randrange(32), rng.randrange(lanes))]

    def g_scalar(self):
        rng = self.rng
        d, q = self.dq()
        sz = rng.choice(['16', '32'])
        m = rng.randrange(8 if sz == '16' else 16)
        idx = rng.randrange(4 if sz == '16' else 2)
        op = rng.choice(['vmul.i', 'vmla.i', 'vqdmulh.s', 'vqrdmulh.s'] + (['vmul.f'] if sz == '32' else []))
        return ['%s%s %s, %s, d%d[%d]' % (op, sz, d, self.same(q), m, idx)]

    def g_imm(self):
        rng = self.rng
        d, q = self.dq()
        k = rng.randrange(4)
        if k == 0:
            return ['vmov.i8 %s, #%d' % (d, rng.randrange(256))]
        if k == 1:
            return ['%s.i16 %s, #0x%x' % (rng.choice(['vmov', 'vmvn', 'vorr', 'vbic']), d,
                                          rng.randrange(256) << rng.choice([0, 8]))]
        if k == 2:
            return ['vmov.i32 %s, #0x%x' % (d, rng.randrange(256) << rng.choice([0, 8, 16, 24]))]
        return ['vmov.f32 %s, #%r' % (d, rng.randrange(16, 32) / 16.0 * 2.0 ** rng.randrange(-3, 5))]

    def g_table(self):
        rng = self.rng
        n = rng.randrange(1, 5)
        first = rng.randrange(0, 33 - n)
        regs = 'd%d' % first if n == 1 else 'd%d-d%d' % (first, first + n - 1)
        return ['%s.8 d%d, {%s}, d%d' % (rng.choice(['vtbl', 'vtbx']), rng.randrange(32), regs,
                                          rng.randrange(32))]

    def g_xfer(self):
        rng = self.rng
        a = rng.randrange(11)
        sz = rng.choice(['8', '16', '32'])
        lane = rng.randrange(32 // int(sz) * 2) % (64 // int(sz))
        if rng.randrange(2):
            t = ('s' if rng.randrange(2) else 'u') + sz if sz != '32' else '32'
            return ['vmov.%s r%d, d%d[%d]' % (t, a, rng.randrange(32), lane)]
        return ['vmov.%s d%d[%d], r%d' % (sz, rng.randrange(32), lane, a)]

    def g_ldst(self):
        """Element and structure loads/stores at r11 + a small offset."""
        rng = self.rng
        lines = []
        base = 'r11'
        if rng.randrange(2):
            lines.append('add r12, r11, #%d' % (rng.randrange(-32, 32) * 4))
            base = 'r12'
        op = rng.choice(['vld', 'vst'])
        n = rng.randrange(1, 5)
        sz = rng.choice(SIZES)
        k = rng.randrange(3)
        if k == 0:   # multiple structures: n-register pattern, spacing 1 or 2
            if n == 1:
                cnt = rng.randrange(1, 5)
                first = rng.randrange(0, 33 - cnt)
                regs = ', '.join('d%d' % (first + i) for i in range(cnt))
            else:
                step = rng.choice([1, 2]) if n in (2, 3, 4) else 1
                if n == 2 and step == 1 and rng.randrange(2):
                    step, n2 = 1, 4   # vld2 with 4 registers
                else:
                    n2 = n
                first = rng.randrange(0, 32 - (n2 - 1) * step)
                regs = ', '.join('d%d' % (first + i * step) for i in range(n2))
            if sz == '32' and n == 1:
                sz = rng.choice(['32', '64'])
            lines.append('%s%d.%s {%s}, [%s]' % (op, n, sz, regs, base))
            return lines
        lanes = 64 // int(sz)
        step = rng.choice([1, 2]) if sz != '8' and n > 1 else 1
        first = rng.randrange(0, 32 - (n - 1) * step)
        if k == 1:   # one lane
            lane = rng.randrange(lanes)
            regs = ', '.join('d%d[%d]' % (first + i * step, lane) for i in range(n))
            lines.append('%s%d.%s {%s}, [%s]' % (op, n, sz, regs, base))
            return lines
        # all lanes (loads only)
        regs = ', '.join('d%d[]' % (first + i * step) for i in range(n))
        lines.append('vld%d.%s {%s}, [%s]' % (n, sz, regs, base))
        return lines

    def sequence(self, n, known):
        lines = []
        while len(lines) < n:
            for _ in range(50):
                ins = self.rng.choice(self.gens)()
                if not any(p.search(x) for p in known for x in ins):
                    break
            lines += ins
        return lines
