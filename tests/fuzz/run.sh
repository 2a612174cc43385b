#!/usr/bin/env bash
# Runs the virtqueue fuzzer once per virtio device (blk, rng, console),
# splitting FUZZ_SECONDS (default 20) between them. The seed is FUZZ_SEED,
# or drawn from the clock; it is printed so a failure replays with
#   FUZZ_SEED=<seed> make check-fuzz
# A case fails when the fuzzer crashes, a sanitizer reports anything, or it
# exits non-zero. Last line: "fuzz: N passed, N failed".
set -u
BUILD=${BUILD:-build}
BIN=$BUILD/tests/fuzz/virtqueue_fuzz
SECONDS_TOTAL=${FUZZ_SECONDS:-20}
SEED=${FUZZ_SEED:-$(date +%s%N)}
DEVICES="blk rng console"

pass=0
fail=0
if [ ! -x "$BIN" ]; then
    echo "FAIL fuzz: $BIN is missing (it did not build; see $BUILD/fuzz-build.log)"
    echo "fuzz: 0 passed, 3 failed"
    exit 1
fi
case $SECONDS_TOTAL in
    '' | *[!0-9]*) echo "FAIL fuzz: FUZZ_SECONDS must be a whole number of seconds, not '$SECONDS_TOTAL'"
        echo "fuzz: 0 passed, 1 failed"; exit 1 ;;
esac
per=$(awk -v t="$SECONDS_TOTAL" 'BEGIN { printf "%.2f", t / 3 }')
echo "fuzz: seed $SEED, ${per}s per device"
export ASAN_OPTIONS=${ASAN_OPTIONS:-abort_on_error=1:detect_leaks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
i=0
for dev in $DEVICES; do
    # Each device gets its own stream of the same seed.
    out=$("$BIN" "$dev" "$per" "$((SEED + i))" 2>&1)
    rc=$?
    i=$((i + 1))
    if [ $rc = 0 ] && ! printf '%s\n' "$out" | grep -qE 'AddressSanitizer|runtime error|LeakSanitizer'; then
        echo "PASS fuzz: $out"
        pass=$((pass + 1))
    else
        printf '%s\n' "$out" | tail -n 40
        echo "FAIL fuzz: virtio-$dev (exit $rc; replay: $BIN $dev $per $((SEED + i - 1)))"
        fail=$((fail + 1))
    fi
done
echo "fuzz: $pass passed, $fail failed"
[ $fail = 0 ]
