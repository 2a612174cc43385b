"""tests/diff/a64/a64_crypto.py — random A64 cryptographic extension sequences (mode a64crypto).

AES (AESE AESD AESMC AESIMC), SHA1 (SHA1C SHA1P SHA1M SHA1H SHA1SU0
SHA1SU1), SHA256 (SHA256H SHA256H2 SHA256SU0 SHA256SU1), SHA512 (SHA512H
SHA512H2 SHA512SU0 SHA512SU1, ARMv8.2), SHA3 (EOR3 RAX1 XAR BCAX), SM3 and
SM4, polynomial multiplies PMULL/PMULL2 in both sizes (.1Q from .1D/.2D
and .8H from .8B/.16B). Sequences also chain rounds the way real code
does (AESE then AESMC on the same register, SHA256H then SHA256H2), and
move data in and out of the scratch buffer with LDR/STR Q so a round's
input is sometimes memory-derived.

Nothing is excluded: none of these encodings has an UNPREDICTABLE form.
"""
from a64_base import BaseGen


class CryptoGen(BaseGen):
    def __init__(self, rng, prefix):
        super().__init__(rng, prefix)
        self.gens = [(self.g_aes, 4), (self.g_sha1, 3), (self.g_sha256, 3), (self.g_sha512, 3),
                     (self.g_sha3, 2), (self.g_sm, 2), (self.g_pmull, 3), (self.g_mem, 1)]

    def q(self):
        return self.rng.randrange(32)

    def g_aes(self):
        rng = self.rng
        a, b = self.q(), self.q()
        k = rng.randrange(3)
        if k == 0:   # a full round: the MixColumns step on the round's result
            enc = rng.randrange(2)
            return ['%s v%d.16b, v%d.16b' % ('aese' if enc else 'aesd', a, b),
                    '%s v%d.16b, v%d.16b' % ('aesmc' if enc else 'aesimc', a, a)]
        op = rng.choice(['aese', 'aesd', 'aesmc', 'aesimc'])
        return ['%s v%d.16b, v%d.16b' % (op, a, b)]

    def g_sha1(self):
        rng = self.rng
        k = rng.randrange(4)
        if k == 0:
            return ['%s q%d, s%d, v%d.4s' % (rng.choice(['sha1c', 'sha1p', 'sha1m']), self.q(), self.q(),
                                             self.q())]
        if k == 1:
            return ['sha1h s%d, s%d' % (self.q(), self.q())]
        if k == 2:
            return ['sha1su0 v%d.4s, v%d.4s, v%d.4s' % (self.q(), self.q(), self.q())]
        return ['sha1su1 v%d.4s, v%d.4s' % (self.q(), self.q())]

    def g_sha256(self):
        rng = self.rng
        k = rng.randrange(4)
        if k == 0:
            a, b, c = self.q(), self.q(), self.q()
            return ['sha256h q%d, q%d, v%d.4s' % (a, b, c), 'sha256h2 q%d, q%d, v%d.4s' % (b, a, c)]
        if k == 1:
            return ['%s q%d, q%d, v%d.4s' % (rng.choice(['sha256h', 'sha256h2']), self.q(), self.q(),
                                             self.q())]
        if k == 2:
            return ['sha256su0 v%d.4s, v%d.4s' % (self.q(), self.q())]
        return ['sha256su1 v%d.4s, v%d.4s, v%d.4s' % (self.q(), self.q(), self.q())]

    def g_sha512(self):
        rng = self.rng
        k = rng.randrange(3)
        if k == 0:
            return ['%s q%d, q%d, v%d.2d' % (rng.choice(['sha512h', 'sha512h2']), self.q(), self.q(),
                                             self.q())]
        if k == 1:
            return ['sha512su0 v%d.2d, v%d.2d' % (self.q(), self.q())]
        return ['sha512su1 v%d.2d, v%d.2d, v%d.2d' % (self.q(), self.q(), self.q())]

    def g_sha3(self):
        rng = self.rng
        k = rng.randrange(4)
        if k == 0:
            return ['eor3 v%d.16b, v%d.16b, v%d.16b, v%d.16b' % (self.q(), self.q(), self.q(), self.q())]
        if k == 1:
            return ['bcax v%d.16b, v%d.16b, v%d.16b, v%d.16b' % (self.q(), self.q(), self.q(), self.q())]
        if k == 2:
            return ['rax1 v%d.2d, v%d.2d, v%d.2d' % (self.q(), self.q(), self.q())]
        return ['xar v%d.2d, v%d.2d, v%d.2d, #%d' % (self.q(), self.q(), self.q(), rng.randrange(64))]

    def g_sm(self):
        rng = self.rng
        k = rng.randrange(6)
        if k == 0:
            return ['sm3ss1 v%d.4s, v%d.4s, v%d.4s, v%d.4s' % (self.q(), self.q(), self.q(), self.q())]
        if k == 1:
            return ['%s v%d.4s, v%d.4s, v%d.s[%d]' % (rng.choice(['sm3tt1a', 'sm3tt1b', 'sm3tt2a', 'sm3tt2b']),
                                                     self.q(), self.q(), self.q(), rng.randrange(4))]
        if k == 2:
            return ['%s v%d.4s, v%d.4s, v%d.4s' % (rng.choice(['sm3partw1', 'sm3partw2']), self.q(),
                                                   self.q(), self.q())]
        if k == 3:
            return ['sm4e v%d.4s, v%d.4s' % (self.q(), self.q())]
        return ['sm4ekey v%d.4s, v%d.4s, v%d.4s' % (self.q(), self.q(), self.q())]

    def g_pmull(self):
        rng = self.rng
        two = rng.randrange(2)
        if rng.randrange(2):
            return ['pmull%s v%d.1q, v%d.%s, v%d.%s' % ('2' if two else '', self.q(), self.q(),
                                                          '2d' if two else '1d', self.q(), '2d' if two else '1d')]
        return ['pmull%s v%d.8h, v%d.%s, v%d.%s' % ('2' if two else '', self.q(), self.q(),
                                                      '16b' if two else '8b', self.q(), '16b' if two else '8b')]

    def g_mem(self):
        rng = self.rng
        off = rng.randrange(-8, 8) * 16
        return ['%s q%d, [x28, #%d]' % (rng.choice(['ldr', 'str']), self.q(), off)]
