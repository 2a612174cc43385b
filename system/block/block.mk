# system/block/block.mk — the block layer: raw and qcow2 images behind
# system/block/block.h (xrun-img and its checks are in img.mk).
SYS_SRCS += system/block/block.c system/block/raw.c system/block/qcow2.c \
            system/block/qcow2_cache.c system/block/qcow2_refcount.c \
            system/block/qcow2_cluster.c system/block/qcow2_check.c
UNIT_TESTS += tests/unit/block_test.c
