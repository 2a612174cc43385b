"""tests/diff/isa_v8.py — random ARMv8 AArch32 sequences (modes v8, v8t).

Run under `-cpu max` on both sides. Mixes the ARMv8 additions with a few
ARMv7 VFP ops that feed them:
  - CRC32B/H/W, CRC32CB/H/W on random registers;
  - AESE/AESD/AESMC/AESIMC, SHA1C/P/M/H/SU0/SU1, SHA256H/H2/SU0/SU1 on Q
    registers, VMULL.P64;
  - VRINTA/N/P/M (always), VRINTR/Z/X (conditional in A32), VCVTA/N/P/M to
    s32/u32 from single and double, VSEL on eq/vs/ge/gt, VMAXNM/VMINNM,
    VCVTB/VCVTT between half and double (conditional in A32), with FPSCR
    random (RMode, FZ, DN, AHP) as in the VFP generator;
  - the Advanced SIMD VRINT*, VCVT{A,N,P,M}.{S,U}32.F32, VMAXNM/VMINNM;
  - LDA/LDAB/LDAH, STL/STLB/STLH and LDAEX/STLEX pairs of every size on
    aligned addresses in the scratch buffer (r12 = r11 + offset);
  - the ARMv8.2 half-precision VFP arithmetic (VADD.F16 ... VFNMS.F16,
    VSQRT/VABS/VNEG, VCMP(E), VCVT to and from S32/U32 and fixed point,
    VMOVX/VINS, and
    the F16 VRINT*, VCVT{A,N,P,M}, VMAXNM/VMINNM, VSEL), with FPSCR.FZ16
    sometimes set;
  - the ARMv8.2 Advanced SIMD .F16 insns on D and Q registers: 3 same
    (VADD ... VRSQRTS, VMAXNM, pairwise), 2 misc (compares with #0,
    VABS/VNEG, VRECPE/VRSQRTE, VCVT to and from S16/U16, VRINT*,
    VCVT{A,N,P,M}), VCVT with fixed point, VMUL/VMLA/VMLS by scalar.

Excluded on purpose: condition codes on CRC32 (CONSTRAINED UNPREDICTABLE),
IT blocks in T32 (the unconditional-only ARMv8 ops are UNPREDICTABLE in
them), r12/r11/sp/pc as LDA/STL data registers, STLEX status registers
equal to a data or address register (UNPREDICTABLE).
"""

QREGS = range(16)


class V8Gen:
    def __init__(self, rng, thumb=False):
        self.rng = rng
        self.thumb = thumb
        gens = [(self.g_crc, 3), (self.g_aes, 2), (self.g_sha, 3), (self.g_pmull, 1),
                (self.g_vrint, 4), (self.g_vcvt, 3), (self.g_vsel, 2), (self.g_maxnm, 2),
                (self.g_half, 2), (self.g_neon, 3), (self.g_acqrel, 3), (self.g_fpscr, 1),
                (self.g_fp16, 4), (self.g_neon16, 4)]
        self.gens = [g for g, w in gens for _ in range(w)]

    def r(self):
        return 'r%d' % self.rng.choice([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10])

    def s(self):
        return 's%d' % self.rng.randrange(32)

    def d(self):
        return 'd%d' % self.rng.randrange(32)

    def q(self):
        return 'q%d' % self.rng.randrange(16)

    def prec(self):
        return self.rng.choice(['f32', 'f64'])

    def reg(self, p):
        return self.s() if p == 'f32' else self.d()

    def cond(self):
        if self.thumb or self.rng.randrange(3):
            return ''
        return self.rng.choice(['eq', 'ne', 'ge', 'lt', 'hi', 'vs'])

    def g_crc(self):
        op = self.rng.choice(['crc32b', 'crc32h', 'crc32w', 'crc32cb', 'crc32ch', 'crc32cw'])
        return ['%s %s, %s, %s' % (op, self.r(), self.r(), self.r())]

    def g_aes(self):
        op = self.rng.choice(['aese', 'aesd', 'aesmc', 'aesimc'])
        return ['%s.8 %s, %s' % (op, self.q(), self.q())]

    def g_sha(self):
        rng = self.rng
        k = rng.randrange(4)
        if k == 0:
            op = rng.choice(['sha1c', 'sha1p', 'sha1m', 'sha1su0', 'sha256h', 'sha256h2', 'sha256su1'])
            return ['%s.32 %s, %s, %s' % (op, self.q(), self.q(), self.q())]
        op = rng.choice(['sha1h', 'sha1su1', 'sha256su0'])
        return ['%s.32 %s, %s' % (op, self.q(), self.q())]

    def g_pmull(self):
        return ['vmull.p64 %s, %s, %s' % (self.q(), self.d(), self.d())]

    def g_vrint(self):
        p = self.prec()
        if self.rng.randrange(2):
            op = self.rng.choice(['vrinta', 'vrintn', 'vrintp', 'vrintm'])
            return ['%s.%s %s, %s' % (op, p, self.reg(p), self.reg(p))]
        op = self.rng.choice(['vrintr', 'vrintz', 'vrintx'])
        return ['%s%s.%s %s, %s' % (op, self.cond(), p, self.reg(p), self.reg(p))]

    def g_vcvt(self):
        p = self.prec()
        op = self.rng.choice(['vcvta', 'vcvtn', 'vcvtp', 'vcvtm'])
        t = self.rng.choice(['s32', 'u32'])
        return ['%s.%s.%s %s, %s' % (op, t, p, self.s(), self.reg(p))]

    def g_vsel(self):
        p = self.prec()
        c = self.rng.choice(['eq', 'vs', 'ge', 'gt'])
        return ['vsel%s.%s %s, %s, %s' % (c, p, self.reg(p), self.reg(p), self.reg(p))]

    def g_maxnm(self):
        p = self.prec()
        op = self.rng.choice(['vmaxnm', 'vminnm'])
        return ['%s.%s %s, %s, %s' % (op, p, self.reg(p), self.reg(p), self.reg(p))]

    def g_half(self):
        op = self.rng.choice(['vcvtb', 'vcvtt'])
        if self.rng.randrange(2):
            return ['%s%s.f64.f16 %s, %s' % (op, self.cond(), self.d(), self.s())]
        return ['%s%s.f16.f64 %s, %s' % (op, self.cond(), self.s(), self.d())]

    def g_neon(self):
        rng = self.rng
        wide = rng.randrange(2)
        v = self.q if wide else self.d
        k = rng.randrange(3)
        if k == 0:
            op = rng.choice(['vrinta', 'vrintn', 'vrintp', 'vrintm', 'vrintz', 'vrintx'])
            return ['%s.f32 %s, %s' % (op, v(), v())]
        if k == 1:
            op = rng.choice(['vcvta', 'vcvtn', 'vcvtp', 'vcvtm'])
            return ['%s.%s.f32 %s, %s' % (op, rng.choice(['s32', 'u32']), v(), v())]
        op = rng.choice(['vmaxnm', 'vminnm'])
        return ['%s.f32 %s, %s, %s' % (op, v(), v(), v())]

    def addr(self):
        off = self.rng.randrange(-64, 64) * 8
        if off < 0:
            return 'sub r12, r11, #%d' % -off
        return 'add r12, r11, #%d' % off

    def g_acqrel(self):
        rng = self.rng
        sz = rng.choice(['', 'b', 'h'])
        k = rng.randrange(4)
        if k == 0:
            return [self.addr(), 'lda%s%s %s, [r12]' % (sz, self.cond(), self.r())]
        if k == 1:
            return [self.addr(), 'stl%s%s %s, [r12]' % (sz, self.cond(), self.r())]
        if k == 2:
            a, st, b = rng.sample(range(11), 3)
            return [self.addr(), 'ldaex%s r%d, [r12]' % (sz, a),
                    'stlex%s r%d, r%d, [r12]' % (sz, st, b)]
        a = rng.choice([0, 2, 4, 6, 8])
        b = rng.choice([x for x in [0, 2, 4, 6, 8] if x != a])
        st = rng.choice([x for x in range(11) if x not in (b, b + 1)])
        return [self.addr(), 'ldaexd r%d, r%d, [r12]' % (a, a + 1),
                'stlexd r%d, r%d, r%d, [r12]' % (st, b, b + 1)]

    def g_fp16(self):
        rng = self.rng
        c = ''  # a condition on a scalar FP16 insn is UNPREDICTABLE
        k = rng.randrange(6)
        if k < 3:
            op = rng.choice(['vadd', 'vsub', 'vmul', 'vnmul', 'vdiv', 'vmla', 'vmls', 'vnmla', 'vnmls',
                             'vfma', 'vfms', 'vfnma', 'vfnms'])
            return ['%s%s.f16 %s, %s, %s' % (op, c, self.s(), self.s(), self.s())]
        if k == 3:
            op = rng.choice(['vsqrt', 'vabs', 'vneg'])
            return ['%s%s.f16 %s, %s' % (op, c, self.s(), self.s())]
        if k == 4:
            op = rng.choice(['vcmp', 'vcmpe'])
            src = '#0' if rng.randrange(4) == 0 else self.s()
            return ['%s%s.f16 %s, %s' % (op, c, self.s(), src), 'vmrs APSR_nzcv, fpscr']
        form = rng.randrange(10)
        if form == 9:
            t = rng.choice(['s16', 'u16', 's32', 'u32'])
            size = int(t[1:])
            fb = rng.randrange(0 if size == 16 else 1, size + 1)
            r = rng.randrange(32)
            to_fixed = rng.randrange(2)
            if size == 32:
                if to_fixed:
                    return ['vcvt.%s.f16 s%d, s%d, #%d' % (t, r, r, fb)]
                return ['vcvt.f16.%s s%d, s%d, #%d' % (t, r, r, fb)]
            # gas has no 16-bit fixed-point F16 forms: the encoding by hand,
            # cond 1110 1D11 1 op 1 U Vd 1001 sx 1 i 0 imm4.
            v = size - fb
            enc = (0xeeba0940 | (r & 1) << 22 | to_fixed << 18 | (t[0] == 'u') << 16 | (r >> 1) << 12
                   | (v & 1) << 5 | v >> 1)
            return ['%s 0x%08x  @ vcvt.%s F16 %s s%d, #%d' % ('.inst.w' if self.thumb else '.inst', enc,
                                                             'to' if to_fixed else 'from', t, r, fb)]
        if form == 5:
            op = rng.choice(['vrinta', 'vrintn', 'vrintp', 'vrintm', 'vrintz', 'vrintr', 'vrintx'])
            return ['%s.f16 %s, %s' % (op, self.s(), self.s())]
        if form == 6:
            op = rng.choice(['vcvta', 'vcvtn', 'vcvtp', 'vcvtm'])
            return ['%s.%s.f16 %s, %s' % (op, rng.choice(['s32', 'u32']), self.s(), self.s())]
        if form == 7:
            op = rng.choice(['vmaxnm', 'vminnm'])
            return ['%s.f16 %s, %s, %s' % (op, self.s(), self.s(), self.s())]
        if form == 8:
            return ['vsel%s.f16 %s, %s, %s' % (rng.choice(['eq', 'vs', 'ge', 'gt']), self.s(), self.s(), self.s())]
        if form == 0:
            return ['vcvt%s.f16.%s %s, %s' % (c, rng.choice(['s32', 'u32']), self.s(), self.s())]
        if form == 1:
            op = rng.choice(['vcvt', 'vcvtr'])
            return ['%s%s.%s.f16 %s, %s' % (op, c, rng.choice(['s32', 'u32']), self.s(), self.s())]
        return ['%s.f16 %s, %s' % (rng.choice(['vmovx', 'vins']), self.s(), self.s())]

    def g_neon16(self):
        rng = self.rng
        q = rng.randrange(2)
        reg = self.q if q else self.d
        k = rng.randrange(8)
        if k == 7:
            # half edge values in every lane (VMOV.I16 takes one byte, low or high):
            # zeros, denormals, the smallest normal, 1, 2, infinities, NaNs
            imm = rng.choice([0x0000, 0x8000, 0x0001, 0x00ff, 0x0200, 0x0400, 0x8400, 0x3c00, 0xbc00,
                              0x4000, 0x7b00, 0x7c00, 0xfc00, 0x7d00, 0x7e00, 0xfe00, 0x0100, 0x0800])
            return ['vmov.i16 %s, #0x%x' % (reg(), imm)]
        if k < 3:
            op = rng.choice(['vadd', 'vsub', 'vmul', 'vabd', 'vmla', 'vmls', 'vfma', 'vfms', 'vceq', 'vcge',
                             'vcgt', 'vacge', 'vacgt', 'vmax', 'vmin', 'vrecps', 'vrsqrts', 'vmaxnm', 'vminnm',
                             'vpadd', 'vpmax', 'vpmin'])
            if op.startswith('vp'):
                reg = self.d
            return ['%s.f16 %s, %s, %s' % (op, reg(), reg(), reg())]
        if k == 3:
            op = rng.choice(['vceq', 'vcge', 'vcgt', 'vcle', 'vclt'])
            return ['%s.f16 %s, %s, #0' % (op, reg(), reg())]
        if k == 4:
            op = rng.choice(['vabs', 'vneg', 'vrecpe', 'vrsqrte', 'vrinta', 'vrintn', 'vrintp', 'vrintm',
                             'vrintz', 'vrintx'])
            if rng.randrange(3) == 0:
                t = rng.choice(['s16', 'u16'])
                op = rng.choice(['vcvt.%s.f16' % t, 'vcvt.f16.%s' % t, 'vcvta.%s.f16' % t, 'vcvtn.%s.f16' % t,
                                 'vcvtp.%s.f16' % t, 'vcvtm.%s.f16' % t])
                return ['%s %s, %s' % (op, reg(), reg())]
            return ['%s.f16 %s, %s' % (op, reg(), reg())]
        if k == 5:
            t = rng.choice(['s16', 'u16'])
            form = rng.choice(['vcvt.%s.f16', 'vcvt.f16.%s']) % t
            return ['%s %s, %s, #%d' % (form, reg(), reg(), rng.randrange(1, 17))]
        op = rng.choice(['vmul', 'vmla', 'vmls'])
        return ['%s.f16 %s, %s, d%d[%d]' % (op, reg(), reg(), rng.randrange(8), rng.randrange(4))]

    def g_fpscr(self):
        import isa_vfp
        fz16 = (1 << 19) if self.rng.randrange(3) == 0 else 0
        return ['ldr r12, =0x%08x' % (isa_vfp.rand_fpscr(self.rng) | fz16), 'vmsr fpscr, r12']

    def sequence(self, n, known):
        lines = []
        while len(lines) < n:
            for _ in range(50):
                ins = self.rng.choice(self.gens)()
                if not any(p.search(x) for p in known for x in ins):
                    break
            lines += ins
        return lines
