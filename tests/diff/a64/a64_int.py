"""tests/diff/a64/a64_int.py — random A64 integer instruction sequences (mode a64).

Covers data processing (immediate: ADD/SUB, logical with bitmask
immediates, MOVZ/MOVN/MOVK, bitfield and EXTR; register: shifted and
extended ADD/SUB, logical, ADC/SBC, variable shifts, the multiply family,
divides, CRC32/CRC32C, bit and byte reversal, CLZ/CLS), conditional
compare and select (CCMP/CCMN, CSEL/CSINC/CSINV/CSNEG and aliases), the
FlagM flag operations, ADR/ADRP (position independent: the difference of
two labels), loads and stores of every size and sign in every addressing
mode (scaled and unscaled immediate, pre- and post-index, register offset
with LSL/UXTW/SXTW/SXTX), pairs (LDP/STP/LDPSW/LDNP/STNP with writeback),
unprivileged LDTR/STTR, prefetch hints (PRFM/PRFUM, any address),
acquire/release (LDAR/STLR/LDAPR, LDAPUR/STLUR), exclusives
(LDXR/STXR and the pair forms, acquire/release), LSE atomics (LDADD..
LDUMIN, SWP, CAS, CASP, in all orderings and sizes), TPIDR_EL0 and NZCV
moves, forward branches (B.cond, CBZ/CBNZ, TBZ/TBNZ, B, BR) and calls
(BL, BLR).

Excluded on purpose:
  - SP as an operand and the ADD/SUB forms that read it, and PC-relative
    loads (LDR literal): their values depend on the emulator's stack and on
    where the code sits.
  - Writeback with Rt == Rn, LDP/LDXP with Rt == Rt2, STXR with Rs equal to
    Rt, Rt2 or Rn (CONSTRAINED UNPREDICTABLE): X28, the only base that
    writes back, is never a destination, and the status register is drawn
    apart from the others.
  - Unaligned exclusives, atomics and acquire/release (alignment faults);
    plain loads and stores do use unaligned offsets.
  - A store-exclusive that does not follow its load-exclusive directly
    except after CLREX (where it must fail): whether an intervening access
    clears the monitor is IMPLEMENTATION DEFINED.
"""
from a64_base import FREE, BaseGen

EXT = ['uxtb', 'uxth', 'uxtw', 'uxtx', 'sxtb', 'sxth', 'sxtw', 'sxtx']
LSE = ['ldadd', 'ldclr', 'ldeor', 'ldset', 'ldsmax', 'ldsmin', 'ldumax', 'ldumin', 'swp']


def bitmask_imm(rng, width):
    """A value encodable as a logical immediate: a rotated run of ones in an
    element of 2..width bits, replicated."""
    e = rng.choice([s for s in (2, 4, 8, 16, 32, 64) if s <= width])
    ones = rng.randrange(1, e)
    rot = rng.randrange(e)
    elem = (1 << ones) - 1
    elem = ((elem >> rot) | (elem << (e - rot))) & ((1 << e) - 1)
    v = 0
    for i in range(width // e):
        v |= elem << (i * e)
    return v


class IntGen(BaseGen):
    def __init__(self, rng, prefix):
        super().__init__(rng, prefix)
        self.gens = [(self.g_addsub_imm, 4), (self.g_logic_imm, 3), (self.g_mov, 2),
                     (self.g_bitfield, 4), (self.g_addsub_reg, 4), (self.g_logic_reg, 4),
                     (self.g_adc, 2), (self.g_shiftv, 2), (self.g_mul, 3), (self.g_div, 2),
                     (self.g_crc, 1), (self.g_bits, 2), (self.g_ccmp, 2), (self.g_csel, 3),
                     (self.g_flagm, 1), (self.g_adr, 1), (self.g_sysreg, 1),
                     (self.g_ldst_imm, 5), (self.g_ldst_reg, 2), (self.g_ldst_pair, 3),
                     (self.g_acqrel, 2), (self.g_prefetch, 1), (self.g_excl, 2), (self.g_lse, 3),
                     (self.g_branch, 3), (self.g_call, 1)]
        self.shadow_gens = [self.g_addsub_imm, self.g_logic_reg, self.g_csel, self.g_bitfield,
                            self.g_mul, self.g_addsub_reg]

    # -- data processing, immediate --

    def g_addsub_imm(self):
        rng = self.rng
        sf = rng.randrange(2)
        op = rng.choice(['add', 'adds', 'sub', 'subs', 'cmp', 'cmn'])
        imm = '#%d' % rng.randrange(4096)
        if rng.randrange(3) == 0:
            imm += ', lsl #12'
        if op in ('cmp', 'cmn'):
            return ['%s %s, %s' % (op, self.reg(sf)[1], imm)]
        return ['%s %s, %s, %s' % (op, self.reg(sf)[1], self.reg(sf)[1], imm)]

    def g_logic_imm(self):
        rng = self.rng
        sf = rng.randrange(2)
        v = bitmask_imm(rng, 64 if sf else 32)
        op = rng.choice(['and', 'orr', 'eor', 'ands', 'tst'])
        if op == 'tst':
            return ['tst %s, #0x%x' % (self.reg(sf)[1], v)]
        return ['%s %s, %s, #0x%x' % (op, self.reg(sf)[1], self.rz(sf), v)]

    def g_mov(self):
        rng = self.rng
        sf = rng.randrange(2)
        op = rng.choice(['movz', 'movn', 'movk', 'movk'])
        sh = 16 * rng.randrange(4 if sf else 2)
        return ['%s %s, #0x%x, lsl #%d' % (op, self.reg(sf)[1], rng.getrandbits(16), sh)]

    def g_bitfield(self):
        rng = self.rng
        sf = rng.randrange(2)
        w = 64 if sf else 32
        d, s = self.reg(sf)[1], self.rz(sf)
        op = rng.choice(['sbfm', 'bfm', 'ubfm', 'sbfx', 'ubfx', 'bfxil', 'sbfiz', 'ubfiz', 'bfi',
                         'bfc', 'lsl', 'lsr', 'asr', 'ror', 'extr', 'sxtb', 'sxth', 'sxtw',
                         'uxtb', 'uxth'])
        if op in ('sbfm', 'bfm', 'ubfm'):
            return ['%s %s, %s, #%d, #%d' % (op, d, s, rng.randrange(w), rng.randrange(w))]
        if op in ('sbfx', 'ubfx', 'bfxil', 'sbfiz', 'ubfiz', 'bfi'):
            lsb = rng.randrange(w)
            return ['%s %s, %s, #%d, #%d' % (op, d, s, lsb, rng.randrange(1, w - lsb + 1))]
        if op == 'bfc':
            lsb = rng.randrange(w)
            return ['bfc %s, #%d, #%d' % (d, lsb, rng.randrange(1, w - lsb + 1))]
        if op in ('lsl', 'lsr', 'asr', 'ror'):
            return ['%s %s, %s, #%d' % (op, d, s, rng.randrange(w))]
        if op == 'extr':
            return ['extr %s, %s, %s, #%d' % (d, s, self.rz(sf), rng.randrange(w))]
        if op == 'sxtw':
            return ['sxtw %s, %s' % (self.xr(), self.wr())]
        if op.startswith('s'):
            return ['%s %s, %s' % (op, d, self.wr())]
        return ['%s %s, %s' % (op, self.wr(), self.wr())]

    # -- data processing, register --

    def g_addsub_reg(self):
        rng = self.rng
        sf = rng.randrange(2)
        w = 64 if sf else 32
        op = rng.choice(['add', 'adds', 'sub', 'subs', 'cmp', 'cmn', 'neg', 'negs'])
        if op in ('neg', 'negs'):
            return ['%s %s, %s, %s #%d' % (op, self.reg(sf)[1], self.rz(sf),
                                           rng.choice(['lsl', 'lsr', 'asr']), rng.randrange(w))]
        if rng.randrange(2) and op not in ('neg', 'negs'):
            # extended register: the extended operand is W for 8/16/32-bit
            # extends, X for UXTX/SXTX
            ext = rng.choice(EXT)
            src = self.xr() if (ext.endswith('x') and sf) else self.wr()
            if not sf and ext.endswith('x'):
                ext = ext[:-1] + 'w'
            tail = '%s, %s #%d' % (src, ext, rng.randrange(5))
        else:
            tail = '%s, %s #%d' % (self.rz(sf), rng.choice(['lsl', 'lsr', 'asr']), rng.randrange(w))
        if op in ('cmp', 'cmn'):
            return ['%s %s, %s' % (op, self.reg(sf)[1], tail)]
        return ['%s %s, %s, %s' % (op, self.reg(sf)[1], self.reg(sf)[1], tail)]

    def g_logic_reg(self):
        rng = self.rng
        sf = rng.randrange(2)
        w = 64 if sf else 32
        op = rng.choice(['and', 'bic', 'orr', 'orn', 'eor', 'eon', 'ands', 'bics', 'mvn', 'tst', 'mov'])
        sh = '%s #%d' % (rng.choice(['lsl', 'lsr', 'asr', 'ror']), rng.randrange(w))
        if op == 'mov':
            return ['mov %s, %s' % (self.reg(sf)[1], self.rz(sf))]
        if op in ('mvn', 'tst'):
            return ['%s %s, %s, %s' % (op, self.reg(sf)[1], self.rz(sf), sh)]
        return ['%s %s, %s, %s, %s' % (op, self.reg(sf)[1], self.rz(sf), self.rz(sf), sh)]

    def g_adc(self):
        sf = self.rng.randrange(2)
        op = self.rng.choice(['adc', 'adcs', 'sbc', 'sbcs', 'ngc', 'ngcs'])
        if op.startswith('ngc'):
            return ['%s %s, %s' % (op, self.reg(sf)[1], self.rz(sf))]
        return ['%s %s, %s, %s' % (op, self.reg(sf)[1], self.rz(sf), self.rz(sf))]

    def g_shiftv(self):
        sf = self.rng.randrange(2)
        op = self.rng.choice(['lslv', 'lsrv', 'asrv', 'rorv', 'lsl', 'lsr', 'asr', 'ror'])
        return ['%s %s, %s, %s' % (op, self.reg(sf)[1], self.rz(sf), self.rz(sf))]

    def g_mul(self):
        rng = self.rng
        sf = rng.randrange(2)
        op = rng.choice(['madd', 'msub', 'mul', 'mneg', 'smaddl', 'smsubl', 'umaddl', 'umsubl',
                         'smull', 'umull', 'smnegl', 'umnegl', 'smulh', 'umulh'])
        if op in ('madd', 'msub'):
            return ['%s %s, %s, %s, %s' % (op, self.reg(sf)[1], self.rz(sf), self.rz(sf), self.rz(sf))]
        if op in ('mul', 'mneg'):
            return ['%s %s, %s, %s' % (op, self.reg(sf)[1], self.rz(sf), self.rz(sf))]
        if op in ('smulh', 'umulh'):
            return ['%s %s, %s, %s' % (op, self.xr(), self.xr(), self.xr())]
        if op in ('smaddl', 'smsubl', 'umaddl', 'umsubl'):
            return ['%s %s, %s, %s, %s' % (op, self.xr(), self.wr(), self.wr(), self.xr())]
        return ['%s %s, %s, %s' % (op, self.xr(), self.wr(), self.wr())]

    def g_div(self):
        sf = self.rng.randrange(2)
        op = self.rng.choice(['udiv', 'sdiv'])
        return ['%s %s, %s, %s' % (op, self.reg(sf)[1], self.rz(sf), self.rz(sf))]

    def g_crc(self):
        op = self.rng.choice(['crc32b', 'crc32h', 'crc32w', 'crc32x', 'crc32cb', 'crc32ch',
                              'crc32cw', 'crc32cx'])
        src = self.xr() if op.endswith('x') else self.wr()
        return ['%s %s, %s, %s' % (op, self.wr(), self.wr(), src)]

    def g_bits(self):
        sf = self.rng.randrange(2)
        ops = ['rbit', 'rev', 'rev16', 'clz', 'cls'] + (['rev32'] if sf else [])
        return ['%s %s, %s' % (self.rng.choice(ops), self.reg(sf)[1], self.rz(sf))]

    def g_ccmp(self):
        rng = self.rng
        sf = rng.randrange(2)
        op = rng.choice(['ccmp', 'ccmn'])
        b = '#%d' % rng.randrange(32) if rng.randrange(2) else self.rz(sf)
        return ['%s %s, %s, #%d, %s' % (op, self.reg(sf)[1], b, rng.randrange(16), self.cond())]

    def g_csel(self):
        rng = self.rng
        sf = rng.randrange(2)
        op = rng.choice(['csel', 'csinc', 'csinv', 'csneg', 'cset', 'csetm', 'cinc', 'cinv', 'cneg'])
        d = self.reg(sf)[1]
        if op in ('cset', 'csetm'):
            return ['%s %s, %s' % (op, d, self.cond())]
        if op in ('cinc', 'cinv', 'cneg'):
            return ['%s %s, %s, %s' % (op, d, self.rz(sf), self.cond())]
        return ['%s %s, %s, %s, %s' % (op, d, self.rz(sf), self.rz(sf), rng.choice(['eq', 'ne', 'cs', 'cc', 'mi',
                                                                                    'pl', 'vs', 'vc', 'hi',
                                                                                    'ls', 'ge', 'lt', 'gt',
                                                                                    'le', 'al', 'nv']))]

    def g_flagm(self):
        rng = self.rng
        k = rng.randrange(3)
        if k == 0:
            return ['cfinv']
        if k == 1:
            return ['%s %s' % (rng.choice(['setf8', 'setf16']), self.wr())]
        return ['rmif %s, #%d, #%d' % (self.xr(), rng.randrange(64), rng.randrange(16))]

    def g_adr(self):
        """ADR/ADRP results depend on where the code is: keep their difference."""
        rng = self.rng
        a, b = self.xr(), self.xr()
        lab = self.new_label()
        if rng.randrange(2):
            return ['adr %s, %s' % (a, lab), '%s:' % lab, 'adr %s, %s' % (b, lab),
                    'sub %s, %s, %s' % (a, a, b)]
        return ['adrp %s, buf' % a, 'adrp %s, tmpl' % b, 'sub %s, %s, %s' % (a, a, b)]

    def g_sysreg(self):
        rng = self.rng
        if rng.randrange(2):
            a = self.xr()
            return ['msr tpidr_el0, %s' % a, 'mrs %s, tpidr_el0' % self.xr(), 'msr tpidr_el0, xzr']
        if rng.randrange(2):
            return ['mrs %s, nzcv' % self.xr()]
        return ['msr nzcv, %s' % self.xr()]

    # -- loads and stores --

    SIZES = [('ldr', 'x', 8), ('ldr', 'w', 4), ('ldrb', 'w', 1), ('ldrh', 'w', 2),
             ('ldrsb', 'w', 1), ('ldrsb', 'x', 1), ('ldrsh', 'w', 2), ('ldrsh', 'x', 2),
             ('ldrsw', 'x', 4), ('str', 'x', 8), ('str', 'w', 4), ('strb', 'w', 1), ('strh', 'w', 2)]

    def g_ldst_imm(self):
        rng = self.rng
        op, r, size = rng.choice(self.SIZES)
        t = '%s%d' % (r, rng.choice([x for x in range(31) if x != 28]))
        k = rng.randrange(5)
        if k == 0:   # unsigned scaled offset
            return ['%s %s, [x28, #%d]' % (op, t, size * rng.randrange(256 // size))]
        if k == 1:   # unscaled, any alignment
            u = op.replace('ldr', 'ldur').replace('str', 'stur')
            return ['%s %s, [x28, #%d]' % (u, t, rng.randrange(-256, 256))]
        if k == 2:   # unprivileged: an ordinary access at EL0
            u = op.replace('ldr', 'ldtr').replace('str', 'sttr')
            return ['%s %s, [x28, #%d]' % (u, t, rng.randrange(-256, 256))]
        step = self.wb_step()
        out = self.base_fix(abs(step))
        self.base_move(step)
        if k == 3:
            return out + ['%s %s, [x28, #%d]!' % (op, t, step)]
        return out + ['%s %s, [x28], #%d' % (op, t, step)]

    def g_prefetch(self):
        """Hints: no architectural effect, but they must decode and not fault."""
        rng = self.rng
        op = '%s%s%s' % (rng.choice(['pld', 'pli', 'pst']), rng.choice(['l1', 'l2', 'l3']),
                         rng.choice(['keep', 'strm']))
        k = rng.randrange(3)
        if k == 0:
            return ['prfm %s, [x28, #%d]' % (op, 8 * rng.randrange(32))]
        if k == 1:
            return ['prfum %s, [x28, #%d]' % (op, rng.randrange(-256, 256))]
        return ['prfm %s, [x28, %s]' % (op, self.xr())]

    def g_ldst_reg(self):
        """Register offset: the index is set to a small value first."""
        rng = self.rng
        op, r, size = rng.choice(self.SIZES)
        shift = rng.choice([0, size.bit_length() - 1])
        n, ix = self.reg(True)
        t = '%s%d' % (r, rng.choice([x for x in range(31) if x not in (28, n)]))
        ext = rng.choice(['lsl', 'uxtw', 'sxtw', 'sxtx'])
        v = rng.randrange(0 if ext == 'uxtw' else -24, 25)
        xi = ('w%d' % n) if ext.endswith('w') else ix
        if ext == 'lsl' and shift == 0 and rng.randrange(2):
            tail = ''
        elif ext != 'lsl' and shift == 0 and rng.randrange(2):
            tail = ', ' + ext
        else:
            tail = ', %s #%d' % (ext, shift)
        return ['mov %s, #%d' % (ix, v), '%s %s, [x28, %s%s]' % (op, t, xi, tail)]

    def g_ldst_pair(self):
        rng = self.rng
        op, size = rng.choice([('ldp', 8), ('ldp', 4), ('stp', 8), ('stp', 4), ('ldpsw', 4),
                               ('ldnp', 8), ('stnp', 4)])
        r = 'x' if size == 8 or op == 'ldpsw' else 'w'
        a = rng.choice([x for x in range(31) if x != 28])
        b = rng.choice([x for x in range(31) if x not in (28, a)] if op.startswith('ld') else
                       [x for x in range(31) if x != 28])
        regs = '%s%d, %s%d' % (r, a, r, b)
        k = rng.randrange(3) if not op.endswith('np') else 0
        if k == 0:
            return ['%s %s, [x28, #%d]' % (op, regs, size * rng.randrange(-16, 16))]
        step = self.wb_step()
        out = self.base_fix(abs(step))
        self.base_move(step)
        if k == 1:
            return out + ['%s %s, [x28, #%d]!' % (op, regs, step)]
        return out + ['%s %s, [x28], #%d' % (op, regs, step)]

    def g_acqrel(self):
        rng = self.rng
        if rng.randrange(3) == 0:   # LDAPUR/STLUR: signed offset, aligned to the size
            op, r, size = rng.choice([('ldapur', 'x', 8), ('ldapur', 'w', 4), ('ldapurb', 'w', 1),
                                      ('ldapurh', 'w', 2), ('ldapursb', 'x', 1), ('ldapursh', 'w', 2),
                                      ('ldapursw', 'x', 4), ('stlur', 'x', 8), ('stlur', 'w', 4),
                                      ('stlurb', 'w', 1), ('stlurh', 'w', 2)])
            t = '%s%d' % (r, rng.choice([x for x in range(31) if x != 28]))
            return ['%s %s, [x28, #%d]' % (op, t, size * rng.randrange(-256 // size, 256 // size))]
        op, r = rng.choice([('ldar', 'x'), ('ldar', 'w'), ('ldarb', 'w'), ('ldarh', 'w'),
                            ('stlr', 'x'), ('stlr', 'w'), ('stlrb', 'w'), ('stlrh', 'w'),
                            ('ldapr', 'x'), ('ldapr', 'w'), ('ldaprb', 'w')])
        lines, n = self.ptr(8)
        return lines + ['%s %s%d, [x%d]' % (op, r, rng.choice([x for x in range(31) if x not in (28, n)]), n)]

    def g_excl(self):
        rng = self.rng
        pair = rng.randrange(3) == 0
        sz = rng.choice(['', 'b', 'h']) if not pair else ''
        r = 'w' if sz or rng.randrange(2) else 'x'
        lines, n = self.ptr(16)
        others = [x for x in FREE if x != n]
        rt, rt2, rs = rng.sample(others, 3)
        acq = rng.choice(['', 'a'])
        rel = rng.choice(['', 'l'])
        if pair:
            ld = 'ld%sxp %s%d, %s%d, [x%d]' % (acq, r, rt, r, rt2, n)
            st = 'st%sxp w%d, %s%d, %s%d, [x%d]' % (rel, rs, r, rt, r, rt2, n)
        else:
            ld = 'ld%sxr%s %s%d, [x%d]' % (acq, sz, r, rt, n)
            st = 'st%sxr%s w%d, %s%d, [x%d]' % (rel, sz, rs, r, rt2, n)
        if rng.randrange(6) == 0:
            return lines + ['clrex', st]
        # A changed value between the two is fine: the monitor is the address.
        mid = ['add %s%d, %s%d, #1' % (r, rt2, r, rt2)] if rng.randrange(2) else []
        return lines + [ld] + mid + [st]

    def g_lse(self):
        rng = self.rng
        k = rng.randrange(6)
        order = rng.choice(['', 'a', 'l', 'al'])
        if k == 5:   # CASP: even register pairs, X or W
            r = rng.choice(['x', 'w'])
            lines, n = self.ptr(16)
            evens = [x for x in range(0, 28, 2) if x not in (n, n - 1)]
            s, t = rng.sample(evens, 2)
            return lines + ['casp%s %s%d, %s%d, %s%d, %s%d, [x%d]' % (order, r, s, r, s + 1, r, t, r, t + 1, n)]
        sz = rng.choice(['', '', 'b', 'h'])
        r = 'w' if sz or rng.randrange(2) else 'x'
        lines, n = self.ptr(8)
        s, t = rng.sample([x for x in FREE if x != n], 2)
        if k == 4:
            return lines + ['cas%s%s %s%d, %s%d, [x%d]' % (order, sz, r, s, r, t, n)]
        op = rng.choice(LSE)
        if k == 3 and op != 'swp':   # ST<op>: the no-result alias
            return lines + ['%s%s%s %s%d, [x%d]' % ('st' + op[2:], order[-1:] if order in ('l', 'al') else '',
                                                      sz, r, s, n)]
        return lines + ['%s%s%s %s%d, %s%d, [x%d]' % (op, order, sz, r, s, r, t, n)]

    # -- branches and calls --

    def g_call(self):
        rng = self.rng
        if rng.randrange(2):
            return ['bl sub1']
        t = self.xr(avoid=(0, 1))
        lab = self.new_label()
        if rng.randrange(2):
            return ['adrp %s, sub1' % t, 'add %s, %s, :lo12:sub1' % (t, t), 'blr %s' % t]
        return ['adr %s, %s' % (t, lab), 'br %s' % t, 'mov %s, #1' % self.xr(), '%s:' % lab]
