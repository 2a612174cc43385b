"""tests/diff/isa_int.py — random A32 / T32 integer instruction generators.

IntGen(rng, thumb).sequence(n, known) returns about n assembly lines. Every
generator takes a condition suffix (A32: random; T32: only inside an IT
block, where the generator runs with the block's then/else condition) and
returns a list of lines. Generators marked MULTI emit several lines or
labels and are never put inside an IT block.

Excluded on purpose (UNPREDICTABLE or outside the harness contract):
  - pc and sp as operands anywhere: pc-relative results depend on the
    address of the code and almost every use of sp/pc in these encodings is
    UNPREDICTABLE in T32.
  - r11 as a destination: it is the scratch base; loads into the base,
    writeback with Rt == Rn and LDM/STM with Rn in the list (all
    UNPREDICTABLE with writeback) therefore cannot occur.
  - RdLo == RdHi in long multiplies (UNPREDICTABLE).
  - A32 LDRD/STRD with odd Rt; STRD with writeback whose Rt/Rt2 is Rn.
  - T32 LDM/STM with fewer than two registers (UNPREDICTABLE in T32).
  - STREX with Rd equal to Rt or Rn (UNPREDICTABLE).
  - Unaligned word/doubleword accesses: the base stays word aligned and all
    word offsets are multiples of 4 (LDRD/LDM/LDREX fault when unaligned).
  - T32 branches inside an IT block except as its last instruction,
    CBZ/CBNZ in IT blocks, and IT with firstcond AL (all UNPREDICTABLE).
  - Immediate shifts of 32 for SSAT/PKHTB in T32 (not encodable).
The base register r11 moves with writeback; the generator tracks the range
of its offset from the buffer centre and reloads it when it could leave
+-192 bytes, so every access stays in the 1 KiB buffer.
"""

CONDS = ['eq', 'ne', 'cs', 'cc', 'mi', 'pl', 'vs', 'vc', 'hi', 'ls', 'ge', 'lt', 'gt', 'le']
INVERSE = {'eq': 'ne', 'ne': 'eq', 'cs': 'cc', 'cc': 'cs', 'mi': 'pl', 'pl': 'mi', 'vs': 'vc',
           'vc': 'vs', 'hi': 'ls', 'ls': 'hi', 'ge': 'lt', 'lt': 'ge', 'gt': 'le', 'le': 'gt'}
DST = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 12]
SRC = DST + [11]
PAR = [p + o for p in ['s', 'q', 'sh', 'u', 'uq', 'uh']
       for o in ['add16', 'asx', 'sax', 'sub16', 'add8', 'sub8']]
BASE_LIMIT = 192   # |r11 - (buf + 512)| never exceeds this
WB_MAX = 32        # largest writeback step, so an IT block moves r11 <= 128


def ror32(v, r):
    return ((v >> r) | (v << (32 - r))) & 0xffffffff


class IntGen:
    def __init__(self, rng, thumb):
        self.rng = rng
        self.thumb = thumb
        self.lo = self.hi = 0   # range of r11's offset from the buffer centre
        self.label = 0
        self.in_it = False
        self.prefix = 'L'
        single = [(self.g_dp, 10), (self.g_mul, 3), (self.g_dsp, 2), (self.g_misc, 4),
                  (self.g_par, 2), (self.g_sat, 2), (self.g_mem_imm, 5), (self.g_mem_half, 2),
                  (self.g_ldrd, 1), (self.g_ldm, 2), (self.g_psr, 1), (self.g_hint, 1),
                  (self.g_pcrel, 1)]
        if not thumb:
            single += [(self.g_ldrt, 1)]
        if thumb:
            single += [(self.g_t16, 8), (self.g_addw, 1)]
        multi = [(self.g_mem_reg, 2), (self.g_excl, 1), (self.g_branch, 2), (self.g_call, 1),
                 (self.g_interwork, 1)]
        if thumb:
            multi += [(self.g_it, 10), (self.g_t16_mem, 3), (self.g_pushpop, 1)]
        self.single = [g for g, w in single for _ in range(w)]
        self.all = self.single + [g for g, w in multi for _ in range(w)]

    # -- operands --

    def r(self, regs=SRC):
        return 'r%d' % self.rng.choice(regs)

    def d(self):
        return self.r(DST)

    def low(self):
        return 'r%d' % self.rng.randrange(8)

    def cond(self):
        """A32 condition suffix; T32 has none outside IT blocks."""
        if self.thumb:
            return ''
        return self.rng.choice(CONDS) if self.rng.randrange(3) == 0 else ''

    def imm(self):
        rng = self.rng
        if self.thumb and rng.randrange(2):
            b = rng.randrange(256)
            k = rng.randrange(5)
            if k == 0:
                return '#%d' % b
            if k == 1:
                return '#0x%08x' % (b | b << 16)
            if k == 2:
                return '#0x%08x' % (b << 8 | b << 24)
            if k == 3:
                return '#0x%08x' % (b * 0x01010101)
            return '#0x%08x' % ror32(0x80 | (b & 0x7f), rng.randrange(8, 32))
        if self.thumb:
            return '#0x%08x' % (rng.randrange(256) << rng.randrange(24))
        return '#0x%08x' % ror32(rng.randrange(256), 2 * rng.randrange(16))

    def shift_imm(self, allow32=True):
        sh = self.rng.choice(['lsl', 'lsr', 'asr', 'ror'])
        if sh in ('lsl', 'ror'):
            return '%s #%d' % (sh, self.rng.randrange(1, 32))
        return '%s #%d' % (sh, self.rng.randrange(1, 33 if allow32 else 32))

    def op2(self):
        k = self.rng.randrange(6 if not self.thumb else 5)
        if k <= 1:
            return self.imm()
        if k == 2:
            return self.r()
        if k == 3:
            return '%s, %s' % (self.r(), self.shift_imm())
        if k == 4:
            return '%s, rrx' % self.r()
        return '%s, %s %s' % (self.r(), self.rng.choice(['lsl', 'lsr', 'asr', 'ror']), self.r())

    # -- base register tracking --

    def base_fix(self, step):
        """Lines that reload r11 if a writeback of +-step could leave range
        (never inside an IT block, whose start reserved room for 4 steps)."""
        if self.in_it or max(-self.lo, self.hi) + step <= BASE_LIMIT:
            return []
        self.lo = self.hi = 0
        return ['ldr r11, =buf + 512']

    def base_move(self, delta, c):
        if c:   # conditional: either moved or not
            self.lo = min(self.lo, self.lo + delta)
            self.hi = max(self.hi, self.hi + delta)
        else:
            self.lo += delta
            self.hi += delta

    # -- generators (cond -> lines) --

    def g_dp(self, c):
        rng = self.rng
        ops = ['and', 'eor', 'sub', 'rsb', 'add', 'adc', 'sbc', 'orr', 'bic', 'mov', 'mvn',
               'tst', 'teq', 'cmp', 'cmn']
        ops += ['orn'] if self.thumb else ['rsc']
        op = rng.choice(ops)
        s = rng.choice(['', 's'])
        if op in ('tst', 'teq', 'cmp', 'cmn'):
            return ['%s%s %s, %s' % (op, c, self.r(), self.op2())]
        if op in ('mov', 'mvn'):
            if self.thumb and rng.randrange(3) == 0:
                sh = rng.choice(['lsl', 'lsr', 'asr', 'ror'])
                return ['%s%s%s %s, %s, %s' % (sh, s, c, self.d(), self.r(), self.r())]
            o2 = self.op2()
            return ['%s%s%s %s, %s' % (op, s, c, self.d(), o2)]
        o2 = self.op2()   # T32: op2 never is a register-shifted register
        return ['%s%s%s %s, %s, %s' % (op, s, c, self.d(), self.r(), o2)]

    def g_addw(self, c):
        return ['%s%s %s, %s, #%d' % (self.rng.choice(['addw', 'subw']), c, self.d(), self.r(),
                                      self.rng.randrange(4096))]

    def g_mul(self, c):
        rng = self.rng
        k = rng.randrange(4)
        s = '' if self.thumb else rng.choice(['', 's'])
        if k == 0:
            return ['mul%s%s %s, %s, %s' % (s, c, self.d(), self.r(), self.r())]
        if k == 1:
            op = rng.choice(['mla', 'mls'])
            return ['%s%s%s %s, %s, %s, %s' % (op, s if op == 'mla' else '', c, self.d(), self.r(),
                                              self.r(), self.r())]
        if k == 2:
            return ['%s%s %s, %s, %s' % (rng.choice(['sdiv', 'udiv']), c, self.d(), self.r(), self.r())]
        lo, hi = rng.sample(DST, 2)
        op = rng.choice(['umull', 'umlal', 'smull', 'smlal', 'umaal', 'smlalbb', 'smlalbt',
                         'smlaltb', 'smlaltt', 'smlald', 'smlaldx', 'smlsld', 'smlsldx'])
        s = s if op in ('umull', 'umlal', 'smull', 'smlal') else ''
        return ['%s%s%s r%d, r%d, %s, %s' % (op, s, c, lo, hi, self.r(), self.r())]

    def g_dsp(self, c):
        rng = self.rng
        if rng.randrange(2):
            op = rng.choice(['smlabb', 'smlabt', 'smlatb', 'smlatt', 'smlawb', 'smlawt', 'smlad',
                             'smladx', 'smlsd', 'smlsdx', 'smmla', 'smmlar', 'smmls', 'smmlsr',
                             'usada8'])
            return ['%s%s %s, %s, %s, %s' % (op, c, self.d(), self.r(), self.r(), self.r())]
        op = rng.choice(['smulbb', 'smulbt', 'smultb', 'smultt', 'smulwb', 'smulwt', 'smuad',
                         'smuadx', 'smusd', 'smusdx', 'smmul', 'smmulr', 'usad8', 'sel',
                         'qadd', 'qsub', 'qdadd', 'qdsub'])
        return ['%s%s %s, %s, %s' % (op, c, self.d(), self.r(), self.r())]

    def g_par(self, c):
        return ['%s%s %s, %s, %s' % (self.rng.choice(PAR), c, self.d(), self.r(), self.r())]

    def g_sat(self, c):
        rng = self.rng
        k = rng.randrange(4)
        if k == 0:
            op = rng.choice(['ssat', 'usat'])
            n = rng.randrange(1, 33) if op == 'ssat' else rng.randrange(0, 32)
            if rng.randrange(2):
                return ['%s%s %s, #%d, %s, lsl #%d' % (op, c, self.d(), n, self.r(), rng.randrange(32))]
            return ['%s%s %s, #%d, %s, asr #%d' % (op, c, self.d(), n, self.r(),
                                                  rng.randrange(1, 32 if self.thumb else 33))]
        if k == 1:
            op = rng.choice(['ssat16', 'usat16'])
            n = rng.randrange(1, 17) if op == 'ssat16' else rng.randrange(0, 16)
            return ['%s%s %s, #%d, %s' % (op, c, self.d(), n, self.r())]
        if k == 2:
            if rng.randrange(2):
                return ['pkhbt%s %s, %s, %s, lsl #%d' % (c, self.d(), self.r(), self.r(), rng.randrange(32))]
            return ['pkhtb%s %s, %s, %s, asr #%d' % (c, self.d(), self.r(), self.r(),
                                                    rng.randrange(1, 32 if self.thumb else 33))]
        return ['%s%s %s, #%d' % (rng.choice(['movw', 'movt']), c, self.d(), rng.randrange(65536))]

    def g_misc(self, c):
        rng = self.rng
        k = rng.randrange(5)
        if k == 0:
            op = rng.choice(['clz', 'rbit', 'rev', 'rev16', 'revsh'])
            return ['%s%s %s, %s' % (op, c, self.d(), self.r())]
        if k == 1:
            lsb = rng.randrange(32)
            w = rng.randrange(1, 33 - lsb)
            op = rng.choice(['ubfx', 'sbfx', 'bfi'])
            return ['%s%s %s, %s, #%d, #%d' % (op, c, self.d(), self.r(), lsb, w)]
        if k == 2:
            lsb = rng.randrange(32)
            return ['bfc%s %s, #%d, #%d' % (c, self.d(), lsb, rng.randrange(1, 33 - lsb))]
        if k == 3:
            op = rng.choice(['sxtb', 'sxth', 'uxtb', 'uxth', 'sxtb16', 'uxtb16'])
            return ['%s%s %s, %s, ror #%d' % (op, c, self.d(), self.r(), rng.choice([0, 8, 16, 24]))]
        op = rng.choice(['sxtab', 'sxtah', 'uxtab', 'uxtah', 'sxtab16', 'uxtab16'])
        return ['%s%s %s, %s, %s, ror #%d' % (op, c, self.d(), self.r(), self.r(),
                                             rng.choice([0, 8, 16, 24]))]

    def g_psr(self, c):
        if self.rng.randrange(2):
            return ['mrs%s %s, APSR' % (c, self.d())]
        return ['msr%s APSR_%s, %s' % (c, self.rng.choice(['nzcvq', 'g', 'nzcvqg']), self.r())]

    def g_hint(self, c):
        op = self.rng.choice(['nop', 'yield', 'dmb ish', 'dsb sy', 'isb', 'pld [r11, #%d]', 'pli [r11]',
                              'msr APSR_nzcvq, #0x%08x'])
        if op.startswith('pld'):
            return [op % self.rng.randrange(0, 64)] if not c else ['nop%s' % c]
        if op.startswith('msr'):   # A32 only; T32 MSR has no immediate form
            if self.thumb:
                return ['nop%s' % c]
            return ['msr%s APSR_nzcvq, #0x%08x' % (c, self.rng.getrandbits(5) << 27)]
        if c or op.startswith(('dmb', 'dsb', 'isb', 'pli')):
            return [op] if not c else ['nop%s' % c]
        return [op]

    def g_pcrel(self, c):
        """Reads of pc: the code is at the same address under both runners,
        so the values are deterministic. (A32 pc reads as insn + 8, T32 as
        insn + 4, word-aligned for ADR and literal loads.)"""
        rng = self.rng
        k = rng.randrange(3)
        if k == 0:
            return ['adr%s %s, case_start_%s' % (c, self.d(), self.prefix)] if not self.thumb else \
                ['add%s %s, pc' % (c, self.d())] if c else ['adr %s, 1f' % self.low(), 'nop', '.balign 4', '1:']
        if k == 1:
            if self.thumb:
                return ['ldr%s %s, [pc, #%d]' % (c, self.low(), rng.randrange(0, 64) * 4)]
            return ['ldr%s %s, [pc, #%d]' % (c, self.d(), rng.randrange(-16, 16) * 4)]
        if self.thumb:
            return ['mov%s %s, pc' % (c, self.d())]
        return ['%s%s %s, pc, #%d' % (rng.choice(['add', 'sub']), c, self.d(), rng.randrange(256))]

    def g_ldrt(self, c):
        """LDRT/STRT (post-indexed, unprivileged = normal in user mode)."""
        op = self.rng.choice(['ldrt', 'strt', 'ldrbt', 'strbt'])
        off = self.rng.randrange(-WB_MAX // 4, WB_MAX // 4 + 1) * 4
        fix = self.base_fix(WB_MAX)
        self.base_move(off, c)
        return fix + ['%s%s %s, [r11], #%d' % (op, c, self.d(), off)]

    def g_interwork(self, c):
        """Calls into the other instruction set and back (BLX imm / reg)."""
        other = 'asub' if self.thumb else 'tsub'
        if self.rng.randrange(2):
            return ['blx %s' % other]
        return ['ldr r12, =%s' % other, 'blx%s r12' % c]

    # -- memory --

    def g_mem_imm(self, c):
        rng = self.rng
        op = rng.choice(['ldr', 'str', 'ldrb', 'strb'])
        word = op in ('ldr', 'str')
        rt = self.d()
        form = rng.randrange(3)
        if form == 0:
            off = rng.randrange(0, 64) * 4 if word else rng.randrange(0, 256)
            if rng.randrange(2):
                off = -off
            return ['%s%s %s, [r11, #%d]' % (op, c, rt, off)]
        off = rng.randrange(-WB_MAX // 4, WB_MAX // 4 + 1) * 4
        fix = self.base_fix(WB_MAX)
        self.base_move(off, c)
        addr = '[r11, #%d]!' % off if form == 1 else '[r11], #%d' % off
        return fix + ['%s%s %s, %s' % (op, c, rt, addr)]

    def g_mem_half(self, c):
        rng = self.rng
        op = rng.choice(['ldrh', 'strh', 'ldrsh', 'ldrsb'])
        off = rng.randrange(0, 64) * 2 * rng.choice([1, -1])
        if rng.randrange(2):
            return ['%s%s %s, [r11, #%d]' % (op, c, self.d(), off)]
        off = rng.randrange(-WB_MAX // 4, WB_MAX // 4 + 1) * 4
        fix = self.base_fix(WB_MAX)
        self.base_move(off, c)
        addr = '[r11, #%d]!' % off if rng.randrange(2) else '[r11], #%d' % off
        return fix + ['%s%s %s, %s' % (op, c, self.d(), addr)]

    def g_ldrd(self, c):
        rng = self.rng
        op = rng.choice(['ldrd', 'strd'])
        if self.thumb:
            rt, rt2 = rng.sample(DST, 2)
        else:
            rt = rng.choice([0, 2, 4, 6, 8])
            rt2 = rt + 1
        if rng.randrange(2):
            off = rng.randrange(-31, 32) * 8   # A32 LDRD: imm8
            return ['%s%s r%d, r%d, [r11, #%d]' % (op, c, rt, rt2, off)]
        off = rng.randrange(-WB_MAX // 8, WB_MAX // 8 + 1) * 8
        fix = self.base_fix(WB_MAX)
        self.base_move(off, c)
        addr = '[r11, #%d]!' % off if rng.randrange(2) else '[r11], #%d' % off
        return fix + ['%s%s r%d, r%d, %s' % (op, c, rt, rt2, addr)]

    def g_ldm(self, c):
        rng = self.rng
        op = rng.choice(['ldm', 'stm']) + rng.choice(['ia', 'db'] if self.thumb else ['ia', 'ib', 'da', 'db'])
        regs = sorted(rng.sample(DST, rng.randrange(2 if self.thumb else 1, 9)))
        wb = rng.randrange(2) == 0
        fix = []
        if wb:
            fix = self.base_fix(WB_MAX)
            step = 4 * len(regs)
            self.base_move(step if op.endswith(('ia', 'ib')) else -step, c)
        return fix + ['%s%s r11%s, {%s}' % (op, c, '!' if wb else '', ', '.join('r%d' % x for x in regs))]

    def g_mem_reg(self, c):
        """Register offset: r12 = small multiple of 4, then [r11, +-r12, shift]."""
        rng = self.rng
        op = rng.choice(['ldr', 'str', 'ldrb', 'strb', 'ldrh', 'strh', 'ldrsb', 'ldrsh'])
        half = op in ('ldrh', 'strh', 'ldrsh', 'ldrsb')
        rt = rng.choice([x for x in DST if x != 12])
        if self.thumb:
            sh = 0 if half else rng.randrange(4)
            # offsets up to 240 bytes, multiples of 4 after the shift
            pre = 'and r12, %s, #0x%x' % (self.r(), 0x1e if sh == 3 else 0x3c)
            return [pre, '%s %s, [r11, r12%s]' % (op, 'r%d' % rt, ', lsl #%d' % sh if sh else '')]
        sign = rng.choice(['', '-'])
        sh = '' if half else rng.choice(['', ', lsl #2', ', lsr #1', ', asr #1', ', ror #1'])
        if rng.randrange(3) == 0:
            # A32 register offset with writeback, pre- or post-indexed: the
            # step is at most 28 bytes, of unknown sign and size.
            # (mask, shift) pairs whose result is a multiple of 4 up to 28,
            # so r11 stays word aligned
            mask, sh = rng.choice([(0x1c, '')] if half else [(0x1c, ''), (0x38, ', lsr #1'), (0x70, ', asr #2')])
            fix = self.base_fix(WB_MAX)
            self.lo -= 28
            self.hi += 28
            addr = rng.choice(['[r11, %sr12%s]!', '[r11], %sr12%s']) % (sign, sh)
            return fix + ['and r12, %s, #0x%x' % (self.r(), mask), '%s%s r%d, %s' % (op, c, rt, addr)]
        if not half and rng.randrange(4) == 0:
            rt2 = rng.choice([0, 2, 4, 6, 8])
            return ['and r12, %s, #0x38' % self.r(), '%s%s r%d, r%d, [r11, %sr12]' % (
                rng.choice(['ldrd', 'strd']), c, rt2, rt2 + 1, sign)]
        pre = 'and r12, %s, #0x38' % self.r()   # any shift keeps it word aligned
        return [pre, '%s%s r%d, [r11, %sr12%s]' % (op, c, rt, sign, sh)]

    def g_excl(self, c):
        rng = self.rng
        sz = rng.choice(['', 'b', 'h', 'd'])
        lines = ['ldr r12, =buf + %d' % (rng.randrange(0, 16) * 8)]
        if sz == 'd':
            if self.thumb:
                rt, rt2, rs = rng.sample([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 3)
            else:
                rt = rng.choice([0, 2, 4, 6, 8])
                rt2 = rt + 1
                rs = rng.choice([x for x in range(11) if x not in (rt, rt2)])
            lines += ['ldrexd r%d, r%d, [r12]' % (rt, rt2),
                      'adds r%d, r%d, %s' % (rt, rt, self.r([x for x in DST if x != 12])),
                      'adc r%d, r%d, #0' % (rt2, rt2)]
            if rng.randrange(4) == 0:
                lines.append('clrex')
            lines.append('strexd%s r%d, r%d, r%d, [r12]' % (self.cond(), rs, rt, rt2))
            return lines
        rt, rs = rng.sample(range(11), 2)
        # T32 LDREX/STREX (word) take an imm8*4 offset; A32 has none.
        addr = '[r12, #%d]' % (rng.randrange(8) * 4) if self.thumb and sz == '' else '[r12]'
        lines += ['ldrex%s r%d, %s' % (sz, rt, addr), 'add r%d, r%d, %s' % (rt, rt, self.r(range(11)))]
        if rng.randrange(4) == 0:
            lines.append('clrex')
        lines.append('strex%s%s r%d, r%d, %s' % (sz, self.cond(), rs, rt, addr))
        return lines

    # -- control flow --

    def new_label(self):
        self.label += 1
        return '%s_%d' % (self.prefix, self.label)

    def g_branch(self, c):
        rng = self.rng
        lab = self.new_label()
        if self.thumb and rng.randrange(3) == 0:
            return ['%s %s, %s' % (rng.choice(['cbz', 'cbnz']), self.low(), lab)] + \
                self.g_dp('') + ['%s:' % lab]
        wide = '.w' if self.thumb and rng.randrange(3) == 0 else ''   # T32 32-bit B<c>.W
        return ['b%s%s %s' % (rng.choice(CONDS + ['']), wide, lab)] + self.g_dp('') + ['%s:' % lab]

    def g_call(self, c):
        return ['bl%s sub1' % self.cond()]

    def g_it(self, c):
        """An IT block of 1-4 single instructions; a branch may end it."""
        rng = self.rng
        first = rng.choice(CONDS)
        n = rng.randrange(1, 5)
        pattern = ''.join(rng.choice('te') for _ in range(n - 1))
        fix = self.base_fix(4 * WB_MAX)   # writebacks inside the block are conditional
        lines = fix + ['it%s %s' % (pattern, first)]
        self.in_it = True
        conds = [first] + [first if p == 't' else INVERSE[first] for p in pattern]
        for i, cc in enumerate(conds):
            if i == n - 1 and rng.randrange(5) == 0:
                if rng.randrange(2):
                    lines.append('bl%s sub1' % cc)
                else:
                    lab = self.new_label()
                    lines += ['b%s %s' % (cc, lab), 'nop', '%s:' % lab]
                continue
            lines += rng.choice(self.single)(cc)
        self.in_it = False
        return lines

    # -- T32 16-bit encodings --

    def g_t16(self, c):
        """Forms that the assembler encodes in 16 bits (low registers,
        flag-setting outside IT blocks, non-flag-setting inside); one in
        four is forced to its 32-bit encoding with .w, so both decoders of
        the same operation are compared."""
        lines = self.t16_forms(c)
        if self.rng.randrange(4) == 0 and not lines[0].startswith(('mul', 'lsl', 'mov')):
            op, _, rest = lines[0].partition(' ')
            lines = ['%s.w %s' % (op, rest)]
        return lines

    def t16_forms(self, c):
        rng = self.rng
        s = '' if c else 's'
        k = rng.randrange(9)
        a, b = self.low(), self.low()
        if k == 0:
            return ['%s%s%s %s, %s, %s' % (rng.choice(['add', 'sub']), s, c, a, b, self.low())]
        if k == 1:
            return ['%s%s%s %s, %s, #%d' % (rng.choice(['add', 'sub']), s, c, a, b, rng.randrange(8))]
        if k == 2:
            return ['%s%s%s %s, #%d' % (rng.choice(['add', 'sub', 'mov']), s, c, a, rng.randrange(256))]
        if k == 3:
            return ['cmp%s %s, #%d' % (c, a, rng.randrange(256))]
        if k == 4:
            sh = rng.choice(['lsl', 'lsr', 'asr'])
            n = rng.randrange(0 if sh == 'lsl' else 1, 32 if sh == 'lsl' else 33)
            return ['%s%s%s %s, %s, #%d' % (sh, s, c, a, b, n)]
        if k == 5:
            op = rng.choice(['and', 'eor', 'lsl', 'lsr', 'asr', 'adc', 'sbc', 'ror', 'orr',
                             'bic', 'mul'])
            if op == 'mul':   # 16-bit MULS is Rdm = Rn * Rdm
                return ['mul%s%s %s, %s, %s' % (s, c, a, b, a)]
            return ['%s%s%s %s, %s, %s' % (op, s, c, a, a, b)]
        if k == 6:
            op = rng.choice(['tst', 'cmp', 'cmn', 'mvn' + s, 'rsb' + s])
            if op.startswith('rsb'):
                return ['%s%s %s, %s, #0' % (op, c, a, b)]
            return ['%s%s %s, %s' % (op, c, a, b)]
        if k == 7:
            op = rng.choice(['sxtb', 'sxth', 'uxtb', 'uxth', 'rev', 'rev16', 'revsh'])
            return ['%s%s %s, %s' % (op, c, a, b)]
        # high-register forms: ADD/MOV/CMP with any of r0-r12
        op = rng.choice(['add', 'mov', 'cmp'])
        if op == 'add':
            d = self.d()
            return ['add%s %s, %s, %s' % (c, d, d, self.r())]
        if op == 'mov':
            return ['mov%s %s, %s' % (c, self.d(), self.r())]
        return ['cmp%s %s, %s' % (c, self.r(), self.r())]

    def g_t16_mem(self, c):
        """16-bit loads/stores need a low base: copy r11 to r7 first."""
        rng = self.rng
        op = rng.choice(['ldr', 'str', 'ldrb', 'strb', 'ldrh', 'strh'])
        scale = {'ldr': 4, 'str': 4, 'ldrh': 2, 'strh': 2}.get(op, 1)
        rt = rng.randrange(7)
        k = rng.randrange(5)
        if k == 0:   # 16-bit LDM/STM with writeback (base not in the list)
            regs = sorted(rng.sample(range(7), rng.randrange(1, 5)))
            return ['mov r7, r11', '%s r7!, {%s}' % (rng.choice(['ldmia', 'stmia']),
                                                      ', '.join('r%d' % x for x in regs))]
        if k == 1:   # 16-bit SP-relative access to words this sequence pushed
            return ['push {r0-r3}', '%s r%d, [sp, #%d]' % (rng.choice(['ldr', 'str']), rng.randrange(4, 8),
                                                            rng.randrange(4) * 4), 'pop {r0-r3}']
        if k == 2:
            return ['mov r7, r11', '%s r%d, [r7, #%d]' % (op, rt, rng.randrange(32) * scale)]
        op = rng.choice([op, 'ldrsb', 'ldrsh'])
        return ['mov r7, r11', 'movs r6, #%d' % (rng.randrange(32) * 4),
                '%s r%d, [r7, r6]' % (op, rng.randrange(6))]

    def g_pushpop(self, c):
        rng = self.rng
        n = rng.randrange(1, 5)
        a = sorted(rng.sample(range(8), n))
        b = sorted(rng.sample(range(8), n))
        return ['push {%s}' % ', '.join('r%d' % x for x in a),
                'pop {%s}' % ', '.join('r%d' % x for x in b)]

    # -- driver --

    def sequence(self, n, known):
        lines = []
        while len(lines) < n:
            for _ in range(50):
                c = self.cond()
                g = self.rng.choice(self.all)
                save = (self.lo, self.hi, self.rng.getstate())
                ins = g(c)
                if not any(p.search(x) for p in known for x in ins):
                    break
                self.lo, self.hi = save[0], save[1]
            lines += ins
        return lines
