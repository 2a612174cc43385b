# frontends/arm/thumb.mk: the Thumb (T16 + T32) instruction sets.
#
# Two decoders come from the .decode files through the generic rules of
# frontends/arm/module.mk: decode_t16 (16-bit insns, --insnwidth 16) and
# decode_t32 (32-bit insns as hw1 << 16 | hw2).  Both are included by
# translate-thumb.c, which also holds the Thumb-only trans_ handlers.

CORE_SRCS += frontends/arm/translate-thumb.c

DECODE_ARGS_t16 := --decode decode_t16 --insnwidth 16
DECODE_ARGS_t32 := --decode decode_t32

GEN_HDRS += $(BUILD)/gen/decode-t16.c.inc $(BUILD)/gen/decode-t32.c.inc

UNIT_TESTS += tests/unit/thumb_decode_test.c
