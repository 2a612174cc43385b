"""tests/diff/a64/a64_values.py — initial register values for the A64 cases.

Integer values are biased to the edges that flag and overflow logic get
wrong (0, -1, the signed limits of 8/16/32/64 bits, single bits); floating
values come from the same edge tables as the AArch32 VFP generator
(../isa_vfp.py: NaNs quiet and signalling, infinities, denormals, zeros,
integer-conversion limits) plus their half-precision counterparts, so each
lane of a V register may hold a half, single or double edge.
"""
import os
import sys

sys.path.append(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import isa_vfp  # noqa: E402

M64 = 2**64 - 1
EDGE64 = [0, 1, 2, M64, M64 - 1, 2**63, 2**63 - 1, 2**63 + 1, 2**32, 2**32 - 1, 2**31,
          2**31 - 1, 0xffffffff80000000, 0x8000, 0x7fff, 0xffff, 0x80, 0x7f, 0xff,
          0x3f, 0x40, 0x41, 0x1f, 0x20]
HALF_EDGE = [0x0000, 0x8000, 0x3c00, 0xbc00, 0x7c00, 0xfc00, 0x7e00, 0xfe00, 0x7c01,
             0x7d00, 0x0001, 0x83ff, 0x0400, 0x7bff, 0xfbff, 0x3800, 0x3e00, 0x5640,
             0x7800, 0x0200, 0x3555]


def rand_x(rng):
    k = rng.randrange(10)
    if k < 4:
        return rng.getrandbits(64)
    if k < 6:
        return rng.choice(EDGE64)
    if k < 7:
        return rng.getrandbits(rng.choice([8, 16, 32]))
    if k < 8:
        return rng.getrandbits(8) << rng.randrange(57)
    if k < 9:   # a sign-extended 32-bit value (W results)
        w = rng.getrandbits(32)
        return w | (0xffffffff00000000 if w >> 31 else 0)
    return (rng.choice(EDGE64) + rng.randrange(-2, 3)) & M64


def rand_half(rng):
    k = rng.randrange(6)
    if k < 3:
        return rng.choice(HALF_EDGE)
    if k < 5:   # exponent near 1.0
        return rng.getrandbits(1) << 15 | rng.randrange(10, 22) << 10 | rng.getrandbits(10)
    return rng.getrandbits(16)


def rand_lane64(rng):
    """64 bits holding a double, two singles or four halves (edges likely)."""
    k = rng.randrange(4)
    if k == 0:
        return isa_vfp.rand_double(rng)
    if k == 1:
        return isa_vfp.rand_single(rng) | isa_vfp.rand_single(rng) << 32
    if k == 2:
        return sum(rand_half(rng) << (16 * i) for i in range(4))
    return rng.getrandbits(64) if rng.randrange(2) else rand_x(rng)


def rand_v(rng):
    """One 128-bit V register for the FP and SIMD modes."""
    return rand_lane64(rng) | rand_lane64(rng) << 64


def rand_fpcr(rng, num):
    """RMode, FZ and DN from the case number, so any 16 consecutive cases
    run under all 16 combinations; AHP and FZ16 sometimes. The trap
    enables stay 0 (they are RES0 on cores without trapping, and qemu does
    not trap)."""
    v = (num & 3) << 22 | (num >> 2 & 1) << 24 | (num >> 3 & 1) << 25
    if rng.randrange(4) == 0:
        v |= 1 << 26                      # AHP
    if rng.randrange(3) == 0:
        v |= 1 << 19                      # FZ16
    return v


def rand_fpsr(rng):
    """Cumulative exception flags and QC: ops must only ever set them."""
    if rng.randrange(3):
        return 0
    return rng.choice([0x01, 0x02, 0x04, 0x08, 0x10, 0x80, 0x9f]) | rng.getrandbits(1) << 27
