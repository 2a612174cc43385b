# shellcheck shell=sh
# tests/system/records.sh — the 4 KiB records the guest writes to the
# scratch disks and the host looks for afterwards; sourced by the guest's
# /init and by the harness so both build the same bytes.
#
# A record is 64 lines of 64 bytes: "TAG id=ID seq=SEQ line=N", padded with
# spaces, then a newline. Every line names the record, so a torn or shifted
# write shows as a mismatch anywhere in the block.

XT_RECORD_SIZE=4096
# Scratch-disk block (of 4 KiB) of the write check's record: 1 MiB in,
# clear of the header sector.
XT_WRITE_BLOCK=256
# The kill9 loop's record SEQ lives at block XT_WRITE_BLOCK + SEQ * 16 (one
# 64 KiB qcow2 cluster apart, so every record allocates a new cluster).
XT_KILL9_STRIDE=16

# xt_record TAG ID SEQ: writes one record on stdout.
xt_record() {
    _n=0
    while [ $_n -lt 64 ]; do
        printf '%-63s\n' "$1 id=$2 seq=$3 line=$_n"
        _n=$((_n + 1))
    done
}
