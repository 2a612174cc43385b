#!/usr/bin/env bash
# tests/system/kill9.sh — a flush the guest saw complete survives the
# emulator being killed.
#
#   bash tests/system/kill9.sh [--emu qemu|xrun] [--kernel armmp|armmp-lpae]
#                              [--drives mmio|pci]
#
# Boots the test kernel (same machine as run.sh, lib.sh) with
# xtest.mode=kill9: the guest's /init writes record 1, 2, 3, ... to both
# scratch disks (raw and qcow2; each record in a new 64 KiB qcow2 cluster,
# so the qcow2 metadata changes with every one), flushes each disk
# (dd conv=fsync) and only then prints "XTEST flush SEQ ID". Once the console
# shows KILL_AFTER (default 5) flushes, and after a further random 0-0.3 s
# so the kill lands anywhere in a write, the harness sends SIGKILL to the
# emulator. Then every record whose flush was printed must be in both
# images exactly, and qemu-img check must find the qcow2 image consistent
# (leaked clusters allowed: a cluster allocated by a write the kill cut
# short is wasted space, not damage).
# ROUNDS (default 2) repeats the whole thing with fresh disks.
# The last line is "system: N passed, N failed".
SUITE=system
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

KILL_AFTER=${KILL_AFTER:-5}
ROUNDS=${ROUNDS:-2}

# flushes: "SEQ" of each complete flush line of ID, in order.
flushes() {
    awk -v id="$1" '$2 == "flush" && $4 == id && NF == 4 { print $3 }' "$RESULTS"
}

# wait_flushes N SECONDS: true once the console shows N flushes; false when
# the emulator exits first or time runs out.
wait_flushes() {
    local limit=$(($2 * 20)) id
    while [ $limit -gt 0 ] && kill -0 "$EMU_PID" 2>/dev/null; do
        st_results "$WORK/console.log" "$RESULTS"
        id=$(xtest kill9 | sed -n 's/^id=\([0-9a-f]*\) .*/\1/p')
        [ -n "$id" ] && [ "$(flushes "$id" | wc -l)" -ge "$1" ] && return 0
        sleep 0.05
        limit=$((limit - 1))
    done
    return 1
}

# check_records ROLE FILE FMT ID SEQ...: every record SEQ of run ID is in
# the image.
check_records() {
    local role=$1 file=$2 fmt=$3 id=$4 seq view bad=""
    shift 4
    view=$(raw_view "$WORK/$file" "$fmt") || {
        fail "kill9 $role" "cannot read $file"
        return
    }
    for seq in "$@"; do
        xt_record XTKILL9 "$id" "$seq" >"$WORK/want.rec"
        dd if="$view" of="$WORK/got.rec" bs=$XT_RECORD_SIZE \
            skip=$((XT_WRITE_BLOCK + seq * XT_KILL9_STRIDE)) count=1 status=none
        cmp -s "$WORK/want.rec" "$WORK/got.rec" || bad="$bad $seq"
    done
    if [ -z "$bad" ]; then
        pass "kill9 $role: all $# flushed records in the image"
    else
        fail "kill9 $role" "flushed records missing or wrong:$bad"
    fi
}

# round N: one boot, one kill, the checks.
round() {
    local role file fmt sectors id seqs delay
    if [ "$1" -gt 1 ]; then
        while read -r role file fmt sectors; do
            cp "$IMG_DIR/$file" "$WORK/$file"
        done <<<"$DISK_TABLE"
        qemu-img rebase -u -f qcow2 -b "$IMG_DIR/disk.raw" -F raw "$WORK/disk-overlay.qcow2"
    fi
    st_start "$WORK/console.log"
    if ! wait_flushes "$KILL_AFTER" "$TIMEOUT"; then
        st_wait 0
        fail "round $1: $KILL_AFTER flushes" "not seen within ${TIMEOUT}s (see $WORK/console.log)"
        return
    fi
    # A random moment within the next writes, not just after a flush.
    delay=$(awk -v r="$RANDOM" 'BEGIN { printf "%.2f", (r % 30) / 100 }')
    sleep "$delay"
    kill -9 "$EMU_PID"
    st_wait 10
    check "round $1: emulator killed by SIGKILL" 137 "$EMU_STATUS"

    st_results "$WORK/console.log" "$RESULTS"
    id=$(xtest kill9 | sed -n 's/^id=\([0-9a-f]*\) .*/\1/p')
    read -r -a seqs <<<"$(flushes "$id" | tr '\n' ' ')"
    if [ "${seqs[*]}" = "$(seq -s ' ' 1 ${#seqs[@]})" ] && ! grep -q '^XTEST flush ERROR' "$RESULTS"; then
        pass "round $1: ${#seqs[@]} flushes in order before the kill (+${delay}s)"
    else
        fail "round $1: flushes" "'${seqs[*]}' $(grep '^XTEST flush ERROR' "$RESULTS")"
    fi
    while read -r role file fmt sectors; do
        case $role in scratch-*) ;; *) continue ;; esac
        check_records "round $1 $role" "$file" "$fmt" "$id" "${seqs[@]}"
        [ "$fmt" = qcow2 ] && qcow2_check "round $1 $role: qemu-img check" "$WORK/$file" leaks-ok
    done <<<"$DISK_TABLE"
}

st_parse_args "" "more: KILL_AFTER (flushes before the kill, default 5), ROUNDS (default 2)" "$@"
[ ${#ST_ARGS[@]} = 0 ] || st_die "unexpected argument '${ST_ARGS[0]}'"

if ! st_setup; then
    st_finish
    exit 1
fi
RESULTS=$WORK/results.txt
st_cmdline "xtest.mode=kill9"
echo "$SUITE: kill -9 after $KILL_AFTER flushes; $KERNEL under $EMU ($EMU_BIN), drives $DRIVES"
for r in $(seq "$ROUNDS"); do
    round "$r"
done
st_finish
