#!/bin/bash
# tests/img/run.sh — `make check-img`: the block layer and xrun-img against
# Debian's qemu-img, in both directions.
#
#   qemu-img writes, xrun reads: v2 and v3 images, small clusters, backing
#     files, compressed clusters, zeroed and discarded clusters; the bytes
#     `xrun-img convert -O raw` gives must equal `qemu-img convert -O raw`.
#   xrun writes, qemu-img reads: random writes, write-zeroes, discards and
#     flushes through the block API (tests/img/blkwrite.c), on images that
#     xrun-img or qemu-img created; `qemu-img check` must find nothing and
#     `qemu-img convert -O raw` must give what blkwrite says was written.
#   xrun-img info/check agree with qemu-img (virtual size, backing file,
#     leaked clusters, exit codes); corrupt and truncated images fail with
#     one message naming the file.
#
# Prints PASS/FAIL lines and last "img: N passed, N failed"; exits non-zero
# on any failure. A missing qemu-img or qemu-io is a failure.
set -u
BUILD=${BUILD:-build}
XIMG=$(realpath "$BUILD/xrun-img")
BLKW=$(realpath "$BUILD/tests/img/blkwrite")
pass=0
fail=0
ok() { echo "PASS img: $1"; pass=$((pass + 1)); }
ko() { echo "FAIL img: $1"; fail=$((fail + 1)); }
finish() {
    echo "img: $pass passed, $fail failed"
    [ -n "${T:-}" ] && rm -rf "$T"
    [ "$fail" = 0 ]
    exit
}

for tool in qemu-img qemu-io; do
    command -v $tool >/dev/null || ko "$tool is not installed (bash tools/deps.sh installs qemu-utils)"
done
for f in "$XIMG" "$BLKW"; do
    [ -x "$f" ] || ko "$f is not built"
done
[ "$fail" = 0 ] || finish

T=$(mktemp -d /tmp/xrun-img-test.XXXXXX)
cd "$T" || finish

# mkdata FILE SIZE: random bytes, a run of zeroes and a compressible run.
mkdata() {
    head -c "$2" /dev/urandom >"$1"
    dd if=/dev/zero of="$1" bs=64k seek=3 count=5 conv=notrunc status=none
    yes "the quick brown fox jumps over the lazy qcow2 image" | head -c 300000 |
        dd of="$1" bs=4096 seek=300 conv=notrunc status=none
}

# same_read IMAGE DESC: xrun and qemu-img read IMAGE identically.
same_read() {
    rm -f x.raw q.raw
    if ! "$XIMG" convert -O raw "$1" x.raw 2>err.txt; then
        ko "$2: xrun-img convert failed: $(cat err.txt)"
    elif ! qemu-img convert -O raw "$1" q.raw 2>err.txt; then
        ko "$2: qemu-img convert failed: $(cat err.txt)"
    elif cmp -s x.raw q.raw; then
        ok "$2: xrun reads what qemu-img reads"
    else
        ko "$2: xrun reads different bytes than qemu-img ($(cmp x.raw q.raw 2>&1 | head -1))"
    fi
}

# xrun_writes IMAGE SEED COUNT DESC: blkwrite's operations pass qemu-img
# check and read back in qemu-img as written.
xrun_writes() {
    rm -f mirror.raw q.raw
    if ! "$BLKW" "$1" mirror.raw "$2" "$3" 2>err.txt; then
        ko "$4: blkwrite failed: $(cat err.txt)"
        return
    fi
    if [ "${1%.raw}" = "$1" ] && ! qemu-img check "$1" >check.txt 2>&1; then
        ko "$4: qemu-img check: $(grep -v '^$' check.txt | head -3 | tr '\n' ' ')"
        return
    fi
    qemu-img convert -O raw "$1" q.raw 2>err.txt
    if cmp -s q.raw mirror.raw; then
        ok "$4: qemu-img check clean and qemu-img reads what xrun wrote"
    else
        ko "$4: qemu-img reads different bytes than xrun wrote"
    fi
}

# -- qemu-img writes, xrun reads --
mkdata data.raw $((3 * 1024 * 1024))
qemu-img convert -f raw -O qcow2 -o compat=1.1 data.raw q3.qcow2
same_read q3.qcow2 "qemu v3 image"
qemu-img convert -f raw -O qcow2 -o compat=0.10 data.raw q2.qcow2
same_read q2.qcow2 "qemu v2 image"
qemu-img convert -f raw -O qcow2 -o cluster_size=512 data.raw q512.qcow2
same_read q512.qcow2 "qemu image with 512-byte clusters"
qemu-img convert -f raw -O qcow2 -o cluster_size=2M data.raw q2m.qcow2
same_read q2m.qcow2 "qemu image with 2 MiB clusters"
qemu-img convert -c -f raw -O qcow2 data.raw qc.qcow2
same_read qc.qcow2 "qemu compressed v3 image"
qemu-img convert -c -f raw -O qcow2 -o compat=0.10,cluster_size=4096 data.raw qc2.qcow2
same_read qc2.qcow2 "qemu compressed v2 image, 4 KiB clusters"
qemu-img convert -f raw -O qcow2 -o refcount_bits=1 data.raw qr1.qcow2
same_read qr1.qcow2 "qemu image with 1-bit refcounts"

qemu-img create -q -f qcow2 -b data.raw -F raw qb.qcow2
qemu-io -c "write -P 0xa5 100k 200k" -c "write -z 1M 256k" -c "discard 2M 128k" \
    -c "write -P 0x11 3000k 5k" qb.qcow2 >/dev/null
same_read qb.qcow2 "qemu overlay on a raw backing file, with zero and discarded clusters"
qemu-img create -q -f qcow2 -o compat=0.10 -b q3.qcow2 -F qcow2 qb2.qcow2
qemu-io -c "write -P 0x3c 1000 70000" qb2.qcow2 >/dev/null
same_read qb2.qcow2 "qemu v2 overlay on a qcow2 backing file"

cp q3.qcow2 qsnap.qcow2
qemu-img snapshot -c one qsnap.qcow2 && qemu-io -c "write -P 0x77 100k 300k" qsnap.qcow2 >/dev/null &&
    qemu-img snapshot -c two qsnap.qcow2 && qemu-io -c "write -P 0x78 1M 64k" qsnap.qcow2 >/dev/null
same_read qsnap.qcow2 "qemu image with internal snapshots"
"$XIMG" check qsnap.qcow2 >/dev/null && ok "check counts the snapshots' tables (clean)" || ko "check of a snapshot image"
"$BLKW" qsnap.qcow2 m.raw 1 1 2>err.txt && ko "snapshot image opened read-write" ||
    { grep -q "qsnap.qcow2: image has 2 internal snapshots" err.txt && ok "snapshot image: $(cat err.txt)" ||
        ko "snapshot image: $(cat err.txt)"; }

# -- xrun writes, qemu-img reads --
"$XIMG" create -f qcow2 x3.qcow2 8M >/dev/null
xrun_writes x3.qcow2 1 300 "xrun v3 image"
"$XIMG" create -f qcow2 -o compat=0.10,cluster_size=4096 x2.qcow2 8M >/dev/null
xrun_writes x2.qcow2 2 300 "xrun v2 image, 4 KiB clusters"
"$XIMG" create -f qcow2 -o cluster_size=512 x512.qcow2 16M >/dev/null
xrun_writes x512.qcow2 3 120 "xrun image with 512-byte clusters (refcount table grows)"
qemu-img create -q -f qcow2 qx.qcow2 8M
xrun_writes qx.qcow2 4 300 "qemu-created v3 image written by xrun"
qemu-img create -q -f qcow2 -o compat=0.10 qx2.qcow2 8M
xrun_writes qx2.qcow2 5 300 "qemu-created v2 image written by xrun"
cp qc.qcow2 qcw.qcow2
xrun_writes qcw.qcow2 6 100 "qemu compressed image rewritten by xrun"
cp qb.qcow2 qbw.qcow2
xrun_writes qbw.qcow2 7 200 "qemu overlay with a backing file written by xrun"
"$XIMG" create -f qcow2 -b data.raw -F raw xb.qcow2 >/dev/null
xrun_writes xb.qcow2 8 200 "xrun overlay with a backing file"
"$XIMG" create -f raw xr.raw 4M >/dev/null
xrun_writes xr.raw 9 100 "raw image"

"$XIMG" convert -c -O qcow2 data.raw xc.qcow2
if qemu-img check xc.qcow2 >check.txt 2>&1 && qemu-img convert -O raw xc.qcow2 q.raw && cmp -s q.raw data.raw &&
    [ "$(stat -c %s xc.qcow2)" -lt "$(stat -c %s data.raw)" ]; then
    ok "xrun-img convert -c: smaller, qemu-img check clean, same bytes"
else
    ko "xrun-img convert -c: $(head -3 check.txt | tr '\n' ' ')"
fi
"$XIMG" convert -O qcow2 -o compat=0.10 qb.qcow2 xflat.qcow2 && qemu-img convert -O raw qb.qcow2 a.raw &&
    qemu-img convert -O raw xflat.qcow2 b.raw && cmp -s a.raw b.raw && qemu-img check xflat.qcow2 >/dev/null &&
    ok "xrun-img convert qcow2 overlay -> standalone v2 qcow2" || ko "xrun-img convert qcow2 -> qcow2"

# A process killed in the middle of writing leaves leaks at worst.
"$XIMG" create -f qcow2 -o cluster_size=4096 kill.qcow2 16M >/dev/null
crash_ok=1
for round in 1 2 3 4 5; do
    "$BLKW" kill.qcow2 mirror.raw $round 1000000 2>/dev/null &
    pid=$!
    sleep 0.$((RANDOM % 4 + 1))
    kill -9 $pid 2>/dev/null
    wait $pid 2>/dev/null
    qemu-img check kill.qcow2 >check.txt 2>&1; qrc=$?
    "$XIMG" check kill.qcow2 >/dev/null 2>&1; xrc=$?
    if { [ $qrc != 0 ] && [ $qrc != 3 ]; } || [ $xrc != $qrc ]; then
        crash_ok=0
        ko "killed writer, round $round: qemu-img check rc=$qrc, xrun-img check rc=$xrc: $(grep -m2 ERROR check.txt | tr '\n' ' ')"
        break
    fi
    "$XIMG" check -r leaks kill.qcow2 >/dev/null 2>&1
done
[ $crash_ok = 1 ] && ok "killed writer (5 rounds): no corruption, xrun-img check agrees with qemu-img"

# qemu's lazy refcounts left dirty by an abort: repaired on a read-write open.
qemu-img create -q -f qcow2 -o lazy_refcounts=on lazy.qcow2 4M
(qemu-io -c "write -P 0x42 0 300k" -c "write -P 0x43 1M 64k" -c abort lazy.qcow2 >/dev/null 2>&1; true) 2>/dev/null
qemu-img info --output=json lazy.qcow2 | grep -q '"dirty-flag": true' && ok "qemu-io abort left the image dirty" ||
    ko "qemu-io abort did not leave the image dirty"
xrun_writes lazy.qcow2 10 50 "qemu image left dirty by lazy refcounts"
qemu-img info --output=json lazy.qcow2 | grep -q '"dirty-flag": false' && ok "dirty bit cleared" || ko "dirty bit still set"

# info and check need no backing file.
head -c 1M /dev/zero >gone.raw
"$XIMG" create -f qcow2 -b gone.raw -F raw orphan.qcow2 >/dev/null
rm -f gone.raw
"$XIMG" info orphan.qcow2 >info.txt 2>&1 && grep -q "backing file: gone.raw" info.txt && "$XIMG" check orphan.qcow2 >/dev/null &&
    ok "info and check of an overlay whose backing file is gone" || ko "info of an orphan overlay: $(cat info.txt)"
"$XIMG" convert -O raw orphan.qcow2 o.raw 2>err.txt && ko "convert of an orphan overlay succeeded" ||
    { grep -q "gone.raw" err.txt && ok "convert of an orphan overlay: $(cat err.txt)" || ko "orphan convert: $(cat err.txt)"; }

# -- info and check agree with qemu-img --
json_field() { python3 -c "import json,sys; print(json.load(open(sys.argv[1])).get(sys.argv[2]))" "$1" "$2"; }
for img in q3.qcow2 qb.qcow2 x2.qcow2 xb.qcow2 xr.raw; do
    "$XIMG" info --output=json "$img" >xi.json && qemu-img info --output=json "$img" >qi.json
    same=1
    for field in virtual-size format backing-filename cluster-size; do
        [ "$(json_field xi.json $field)" = "$(json_field qi.json $field)" ] || same=0
    done
    [ $same = 1 ] && ok "info $img agrees with qemu-img" || ko "info $img: $(cat xi.json | tr '\n' ' ')"
done
"$XIMG" info q2.qcow2 | grep -q "compat: 0.10" && ok "info shows compat 0.10" || ko "info compat"

# A leak: raise the header cluster's refcount (16-bit, first refcount block).
cp x3.qcow2 leak.qcow2
rb=$(od -An -tx1 -j $((0x10000)) -N8 leak.qcow2 | tr -d ' \n')
printf '\x00\x05' | dd of=leak.qcow2 bs=1 seek=$((16#$rb)) conv=notrunc status=none
qemu-img check leak.qcow2 >qc.txt 2>&1; qrc=$?
"$XIMG" check leak.qcow2 >xc.txt 2>&1; xrc=$?
ql=$(grep -o '^[0-9]* leaked clusters' qc.txt); xl=$(grep -o '^[0-9]* leaked clusters' xc.txt)
if [ $qrc = 3 ] && [ $xrc = 3 ] && [ -n "$ql" ] && [ "$ql" = "$xl" ]; then
    ok "check finds the leak as qemu-img does ($xl, exit 3)"
else
    ko "check leak: qemu rc=$qrc '$ql', xrun rc=$xrc '$xl'"
fi
"$XIMG" check -r leaks leak.qcow2 >/dev/null 2>&1; xrc=$?
qemu-img check leak.qcow2 >/dev/null 2>&1; qrc=$?
[ $xrc = 0 ] && [ $qrc = 0 ] && ok "check -r leaks repairs (qemu-img check clean)" || ko "check -r leaks: xrun rc=$xrc qemu rc=$qrc"
# A corruption: the header cluster's refcount 0.
printf '\x00\x00' | dd of=leak.qcow2 bs=1 seek=$((16#$rb)) conv=notrunc status=none
qemu-img check leak.qcow2 >/dev/null 2>&1; qrc=$?
"$XIMG" check leak.qcow2 >xc.txt 2>&1; xrc=$?
[ $xrc = 2 ] && [ $qrc = 2 ] && ok "check reports corruption as qemu-img does (exit 2)" || ko "check corruption: xrun rc=$xrc qemu rc=$qrc"
"$XIMG" check -r all leak.qcow2 >/dev/null 2>&1; xrc=$?
qemu-img check leak.qcow2 >/dev/null 2>&1; qrc=$?
[ $xrc = 0 ] && [ $qrc = 0 ] && ok "check -r all repairs" || ko "check -r all: xrun rc=$xrc qemu rc=$qrc"
"$XIMG" check qc.qcow2 >/dev/null && "$XIMG" check q512.qcow2 >/dev/null && "$XIMG" check qr1.qcow2 >/dev/null &&
    ok "check finds qemu's images clean" || ko "check of qemu's images"

# -- Corrupt images: one message naming the file, non-zero exit --
# bad_image NAME OFFSET HEXBYTES DESC
bad_image() {
    cp q3.qcow2 "$1"
    printf "$3" | dd of="$1" bs=1 seek="$2" conv=notrunc status=none
    if "$XIMG" convert -O raw "$1" out.raw 2>err.txt; then
        ko "$4: accepted"
    elif [ "$(wc -l <err.txt)" = 1 ] && grep -q "$1" err.txt; then
        ok "$4: $(cat err.txt)"
    else
        ko "$4: message: $(cat err.txt)"
    fi
}
bad_image bad-version.qcow2 7 '\x07' "version 7"
bad_image bad-cluster.qcow2 23 '\x1f' "cluster_bits 31"
bad_image bad-l1.qcow2 40 '\x7f' "L1 table offset past the file"
bad_image bad-rt.qcow2 48 '\x00\x00\x00\x00\x00\x00\x00\x10' "refcount table offset unaligned"
bad_image bad-feature.qcow2 72 '\x80' "unknown incompatible feature"
bad_image bad-crypt.qcow2 35 '\x02' "encryption"
cp q3.qcow2 trunc.qcow2
truncate -s $(($(stat -c %s q3.qcow2) / 2)) trunc.qcow2
if "$XIMG" convert -O raw trunc.qcow2 out.raw 2>err.txt; then
    ko "truncated image: convert succeeded"
elif grep -q "trunc.qcow2" err.txt && grep -q "beyond the end of the file" err.txt; then
    ok "truncated image: $(tail -1 err.txt)"
else
    ko "truncated image: $(cat err.txt)"
fi
head -c 40 q3.qcow2 >short.qcow2
"$XIMG" info short.qcow2 2>err.txt && ko "40-byte image accepted" ||
    { grep -q short.qcow2 err.txt && ok "40-byte image: $(cat err.txt)" || ko "40-byte image: $(cat err.txt)"; }
"$XIMG" info missing.qcow2 2>err.txt && ko "missing file accepted" ||
    { grep -q "missing.qcow2: No such file" err.txt && ok "missing file: $(cat err.txt)" || ko "missing file: $(cat err.txt)"; }

# An image in use by a writer is not recreated under it, but can be described.
"$XIMG" create -f qcow2 busy.qcow2 1M >/dev/null
"$BLKW" busy.qcow2 m.raw 1 100000000 2>/dev/null &
bpid=$!
sleep 0.3
"$XIMG" create -f qcow2 busy.qcow2 1M >/dev/null 2>err.txt && ko "create over an image in use succeeded" ||
    { grep -q "busy.qcow2: the image is in use" err.txt && ok "create over an image in use: $(cat err.txt)" ||
        ko "create over an image in use: $(cat err.txt)"; }
"$XIMG" info busy.qcow2 >/dev/null 2>err.txt && ok "info of an image in use" || ko "info of an image in use: $(cat err.txt)"
kill $bpid 2>/dev/null
wait $bpid 2>/dev/null

# -- The command line --
"$XIMG" --help >help.txt && grep -q "usage: xrun-img" help.txt && ok "--help" || ko "--help"
"$XIMG" create -f qcow2 -Z x.qcow2 1M 2>err.txt && ko "bad option accepted" || ok "bad option: $(head -1 err.txt)"
"$XIMG" create -f qcow2 x.qcow2 12Q 2>err.txt && ko "bad size accepted" || ok "bad size: $(cat err.txt)"
"$XIMG" create -f qcow2 -o cluster_size=3000 x.qcow2 1M 2>err.txt && ko "bad cluster size accepted" ||
    ok "bad cluster size: $(cat err.txt)"
"$XIMG" frobnicate 2>err.txt && ko "unknown command accepted" || ok "unknown command: $(cat err.txt)"
"$XIMG" create -f qcow2 -o compat=0.10,cluster_size=4096 sz.qcow2 1G >/dev/null &&
    [ "$(qemu-img info --output=json sz.qcow2 | python3 -c 'import json,sys; print(json.load(sys.stdin)["virtual-size"])')" = 1073741824 ] &&
    ok "create 1G: qemu-img sees 1073741824 bytes" || ko "create 1G"

finish
