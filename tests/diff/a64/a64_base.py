"""tests/diff/a64/a64_base.py — what every A64 generator shares.

A generator is a subclass of BaseGen that fills self.gens with (method,
weight) pairs; each method returns a list of assembly lines. BaseGen draws
methods by weight until the sequence is long enough, redrawing any result
that matches a KNOWN_BUGS pattern, and keeps two invariants:

  - X28 is the scratch base. Writeback moves it by multiples of 16 only, so
    it stays 16-byte aligned (exclusives, atomics and LDAR need natural
    alignment); the generator tracks the range [lo, hi] of its offset from
    the buffer centre and reloads it when a step could leave +-BASE_LIMIT.
    Offsets used with it stay within +-256, so every access lands inside
    the 1 KiB buffer.
  - Branches only go forward to a label inside the same case, so every case
    terminates; instructions a branch may skip widen [lo, hi] instead of
    moving it.
"""

FREE = list(range(28)) + [29, 30]       # X28 is the base, SP is never used
BASE_LIMIT = 192
CONDS = ['eq', 'ne', 'cs', 'cc', 'mi', 'pl', 'vs', 'vc', 'hi', 'ls', 'ge', 'lt', 'gt', 'le',
         'al', 'nv']


class BaseGen:
    def __init__(self, rng, prefix):
        self.rng = rng
        self.prefix = prefix
        self.label = 0
        self.lo = self.hi = 0
        self.gens = []

    # -- operands --

    def xr(self, avoid=()):
        return 'x%d' % self.rng.choice([r for r in FREE if r not in avoid])

    def wr(self, avoid=()):
        return 'w%d' % self.rng.choice([r for r in FREE if r not in avoid])

    def reg(self, sf, avoid=()):
        """A free register number and its name in width sf (True: X)."""
        n = self.rng.choice([r for r in FREE if r not in avoid])
        return n, ('x%d' if sf else 'w%d') % n

    def rz(self, sf):
        """A source operand that may also be the zero register."""
        if self.rng.randrange(12) == 0:
            return 'xzr' if sf else 'wzr'
        return self.xr() if sf else self.wr()

    def cond(self):
        return self.rng.choice(CONDS[:14])

    def new_label(self):
        self.label += 1
        return '%s_%d' % (self.prefix, self.label)

    # -- scratch base --

    def base_fix(self, step):
        """Lines that reload X28 when a move of +-step could leave range."""
        if max(-self.lo, self.hi) + step <= BASE_LIMIT:
            return []
        self.lo = self.hi = 0
        return ['adrp x28, buf + 512', 'add x28, x28, :lo12:buf + 512']

    def base_move(self, delta):
        if self.shadow:
            self.lo = min(self.lo, self.lo + delta)
            self.hi = max(self.hi, self.hi + delta)
        else:
            self.lo += delta
            self.hi += delta

    def wb_step(self):
        """A writeback amount: a non-zero multiple of 16 in -64..64."""
        return self.rng.choice([-64, -48, -32, -16, 16, 32, 48, 64])

    def ptr(self, align, span=128):
        """(lines, register) for a pointer at X28 + an offset aligned to
        align (within +-span), in a fresh temporary register."""
        rng = self.rng
        off = rng.randrange(-span // align, span // align + 1) * align
        n, t = self.reg(True)
        if off >= 0:
            return ['add %s, x28, #%d' % (t, off)], n
        return ['sub %s, x28, #%d' % (t, -off)], n

    # -- branches --

    def g_branch(self):
        """A forward branch over one to three instructions of self.shadow_gens."""
        rng = self.rng
        lab = self.new_label()
        k = rng.randrange(4)
        if k == 0:
            first = 'b.%s %s' % (rng.choice(CONDS), lab)
        elif k == 1:
            first = '%s %s, %s' % (rng.choice(['cbz', 'cbnz']), self.rz(rng.randrange(2)), lab)
        elif k == 2:
            sf = rng.randrange(2)
            first = '%s %s, #%d, %s' % (rng.choice(['tbz', 'tbnz']), self.xr() if sf else self.wr(),
                                        rng.randrange(64 if sf else 32), lab)
        else:
            first = 'b %s' % lab
        out = [first]
        self.shadow = True
        for _ in range(rng.randrange(1, 4)):
            out += rng.choice(self.shadow_gens)()
        self.shadow = False
        return out + ['%s:' % lab]

    # -- the sequence --

    shadow = False
    shadow_gens = []

    def sequence(self, n, known):
        table = [g for g, w in self.gens for _ in range(w)]
        lines = []
        while len([x for x in lines if not x.endswith(':')]) < n:
            for _ in range(50):
                save = (self.lo, self.hi)
                ins = self.rng.choice(table)()
                if not any(p.search(x) for p in known for x in ins):
                    break
                self.lo, self.hi = save
            lines += ins
        return lines
