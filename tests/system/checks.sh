# shellcheck shell=bash
# tests/system/checks.sh — the assertions of the checks suites: each
# assert_NAME judges the guest's "XTEST NAME ..." lines in RESULTS (and the
# disk images in WORK) against what the host computes or the command line
# asked for, one PASS/FAIL line per assertion. Sourced after lib.sh and
# compute.sh by tests/system/run.sh (arm) and tests/system/kvm/guest.sh
# (x86_64 under KVM); never run.

# Cortex-A15 is what qemu's virt board gives without -cpu.
declare -A CPU_PART=([cortex-a15]=0xc0f [cortex-a7]=0xc07 [cortex-a9]=0xc09 [cortex-a8]=0xc08)
# MemTotal for -m 512: all of it but the kernel image and early
# reservations, which take some 10-25 MiB on these kernels.
MEM_MIN_KB=$((448 * 1024))
MEM_MAX_KB=$((512 * 1024))
NET_BYTES=262144

assert_boot() {
    local kver
    case $EMU_STATUS in
    0) pass "exit status 0" ;;
    124) fail "exit status" "no poweroff within TIMEOUT=${TIMEOUT}s" ;;
    *) fail "exit status" "$EMU_STATUS" ;;
    esac
    if grep -aq 'reboot: Power down' "$WORK/console.log"; then
        pass "poweroff message"
    else
        fail "poweroff message" "no 'reboot: Power down' on the console"
    fi
    kver=$(xtest boot)
    case $kver in
    *-"$KERNEL") pass "kernel $kver" ;;
    *) fail "kernel" "expected a *-$KERNEL kernel, got '$kver'" ;;
    esac
    check "modules loaded" "$(grep -c '^kernel/' "$IMG_DIR/$MODULES_FILE")" "$(xtest modules)"
    check "virtio disks found" "$(echo "$DISK_TABLE" | wc -l)" "$(xtest disks)"
    check "init finished" 1 "$(grep -c '^XTEST done ' "$RESULTS")"
}

assert_cpu() {
    local cpu=${CPU:-cortex-a15} got
    if [ "$ST_ARCH" = x86_64 ]; then
        # The vendor is the host's (KVM passes it through): reported, not
        # asserted.
        got=$(xtest cpu)
        check "cpu x${SMP:-1} (${got#* })" "count=${SMP:-1}" "${got%% *}"
        return
    fi
    if [ -z "${CPU_PART[$cpu]:-}" ]; then
        fail "cpu" "no known CPU part number for CPU=$cpu"
        return
    fi
    check "cpu $cpu x${SMP:-1}" "count=${SMP:-1} implementer=0x41 part=${CPU_PART[$cpu]}" "$(xtest cpu)"
}

assert_memory() {
    local kb
    kb=$(xtest memory)
    if [[ $kb =~ ^[0-9]+$ ]] && [ "$kb" -ge $MEM_MIN_KB ] && [ "$kb" -le $MEM_MAX_KB ]; then
        pass "memory MemTotal ${kb} kB"
    else
        fail "memory" "MemTotal '$kb' kB is outside $MEM_MIN_KB..$MEM_MAX_KB for -m 512"
    fi
}

assert_hwrng() {
    local v bytes distinct current
    v=$(xtest hwrng)
    bytes=$(sed -n 's/.*bytes=\([0-9]*\).*/\1/p' <<<"$v")
    distinct=$(sed -n 's/.*distinct=\([0-9]*\).*/\1/p' <<<"$v")
    current=$(sed -n 's/.*current=\([^ ]*\).*/\1/p' <<<"$v")
    check "hwrng bytes read" 64 "$bytes"
    # 64 random bytes take about 56 distinct values; a stuck source takes 1.
    if [ -n "$distinct" ] && [ "$distinct" -ge 16 ]; then
        pass "hwrng bytes differ ($distinct distinct)"
    else
        fail "hwrng bytes differ" "'$v'"
    fi
    case $current in
    virtio_rng*) pass "hwrng source $current" ;;
    *) fail "hwrng source" "expected virtio_rng.N, got '$current'" ;;
    esac
}

assert_smc() {
    local i loop=0
    for ((i = 0; i < 1000; i++)); do
        loop=$((loop + i % 256))
    done
    check "smc" "first=42 second=99 loop=$loop" "$(xtest smc)"
}

assert_compute() {
    local host_bc=bc
    # The host's bc when there is one, else busybox's.
    command -v bc >/dev/null 2>&1 || host_bc="busybox bc"
    st_need awk busybox || return
    check "compute bc" "$(XT_BC=$host_bc compute_bc)" "$(xtest compute.bc)"
    check "compute awk" "$(compute_awk)" "$(xtest compute.awk)"
    check "compute gzip" "$(XT_GZIP="busybox gzip" compute_gzip)" "$(xtest compute.gzip)"
}

# host_payload_sha: sha256 of payload.bin as the host reads it from the
# pristine raw image.
host_payload_sha() {
    debugfs -R "dump /payload.bin $WORK/payload.host" "$IMG_DIR/disk.raw" >/dev/null 2>&1
    sha256sum <"$WORK/payload.host" | cut -d' ' -f1
}

assert_disk() {
    local want role file fmt sectors dev got
    want=$(host_payload_sha)
    check "payload sha256 (host, image vs build)" "$(cat "$IMG_DIR/payload.sha256")" "$want"
    while read -r role file fmt sectors; do
        case $role in scratch-*) continue ;; esac
        read -r dev got _ <<<"$(disk_line disk "$sectors")"
        check "disk $role: payload sha256 (${dev:-no disk of $sectors sectors})" "$want" "$got"
    done <<<"$DISK_TABLE"
}

assert_write() {
    local role file fmt sectors dev id view
    while read -r role file fmt sectors; do
        case $role in
        scratch-*)
            read -r dev id _ <<<"$(disk_line write "$sectors")"
            xt_record XTWRITE "$id" 0 >"$WORK/want.rec"
            image_block "$WORK/$file" "$fmt" $XT_WRITE_BLOCK "$WORK/got.rec"
            if [ -n "$id" ] && cmp -s "$WORK/want.rec" "$WORK/got.rec"; then
                pass "write $role: record $id at block $XT_WRITE_BLOCK (${dev})"
            else
                fail "write $role" "record '${id:-none reported}' not found at block $XT_WRITE_BLOCK"
            fi
            ;;
        *)
            read -r dev id _ <<<"$(disk_line fswrite "$sectors")"
            xt_record XTFILE "$id" 0 >"$WORK/want.rec"
            view=$(raw_view "$WORK/$file" "$fmt")
            debugfs -R "cat /xtest-write" "$view" >"$WORK/got.rec" 2>/dev/null
            if [ -n "$id" ] && cmp -s "$WORK/want.rec" "$WORK/got.rec"; then
                pass "fswrite $role: /xtest-write holds record $id (${dev})"
            else
                fail "fswrite $role" "/xtest-write does not hold record '${id:-none reported}'"
            fi
            if e2fsck -fn "$view" >"$WORK/fsck-$role.log" 2>&1; then
                pass "fswrite $role: e2fsck -fn clean"
            else
                fail "fswrite $role" "e2fsck -fn found errors (see $WORK/fsck-$role.log)"
            fi
            ;;
        esac
        [ "$fmt" = qcow2 ] && qcow2_check "write $role: qemu-img check" "$WORK/$file"
    done <<<"$DISK_TABLE"
    check "overlay's backing file unchanged" "$BACKING_SHA" "$(sha256sum <"$IMG_DIR/disk.raw" | cut -d' ' -f1)"
}

assert_hvc0() {
    local id
    id=$(xtest hvc0)
    if [[ $id =~ ^[0-9a-f]{16}$ ]] && tr -d '\r' <"$WORK/hvc0.out" | grep -qx "XTEST-HVC0 $id"; then
        pass "hvc0 line $id reached the host"
    else
        fail "hvc0" "guest said '$id'; $WORK/hvc0.out holds '$(head -c 80 "$WORK/hvc0.out" 2>/dev/null | tr -d '\r\n')'"
    fi
}

assert_net() {
    check "net DHCP address" 10.0.2.15 "$(xtest net.ip)"
    check "net wget sha256" "$(sha256sum <"$WORK/www/net.bin" | cut -d' ' -f1) $NET_BYTES" "$(xtest net)"
}


# st_boot_and_check CHECK...: one boot that runs the CHECKs, then their
# assertions (and assert_boot's). False when the machine could not start.
st_boot_and_check() {
    local c
    st_setup && st_start_http || return 1
    head -c $NET_BYTES /dev/urandom >"$WORK/www/net.bin"
    st_cmdline "xtest.port=$HTTP_PORT xtest.checks=$(IFS=,; echo "$*")"
    echo "$SUITE: $KERNEL under $EMU ($EMU_BIN), drives $DRIVES, checks: $*"
    st_start "$WORK/console.log"
    st_wait "$TIMEOUT"
    RESULTS=$WORK/results.txt
    st_results "$WORK/console.log" "$RESULTS"

    assert_boot
    for c in "$@"; do
        "assert_$c"
    done
    echo "$SUITE: boot to poweroff ${EMU_SECONDS}s (guest uptime at the end: $(xtest "done")s)"
}
