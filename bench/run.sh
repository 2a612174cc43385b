#!/usr/bin/env bash
# bench/run.sh — the benchmark: native amd64 vs qemu-arm vs xrun.
#
# Workloads (each run by three runners and checked for identical output):
#   busybox:  sha256sum of a 64 MiB file, gzip -9 of a 16 MiB text file,
#             an awk arithmetic loop, sort of 1M lines
#             native = /bin/busybox (amd64); qemu/xrun = the armhf busybox
#             of the same version (tests/cache/root-armhf, tools/fetch-deb.sh)
#   programs: the guest tests listed in tests/guest/arm/BENCH, built natively
#             (gcc -O2) and for ARM (Thumb-2 -O2, like Debian), run with the
#             arguments given there
# The runs are interleaved: each repetition goes round every workload and
# runner, so a load spike hits all three alike; the median of REPS runs is
# reported. A run whose output differs from the native one, or that fails,
# is reported as such and left out of the ratios (a fast wrong answer is
# not a result).
#
# Output: a table on stdout (times, xrun/qemu and xrun/native ratios,
# geometric means), $BUILD/bench/results.md and $BUILD/bench/results.svg
# (written by bench/report.py), raw timings in $BUILD/bench/times.tsv.
#
# Variables: XRUN (default build/xrun-arm), QEMU (default qemu-arm),
# REPS (default 3), ONLY="sha256 awk" (a subset of workload names),
# SCALE=small (quick inputs, for checking the harness itself), METRIC=wall
# (elapsed time instead of CPU time).
set -u
set -f # commands are split on spaces; never glob them (awk programs hold "*")

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
BUILD=${BUILD:-build}
case $BUILD in /*) ;; *) BUILD=$ROOT/$BUILD ;; esac
OUT=$BUILD/bench
XRUN=${XRUN:-$BUILD/xrun-arm}
QEMU=${QEMU:-qemu-arm}
REPS=${REPS:-3}
ONLY=${ONLY:-}
SCALE=${SCALE:-full}
RUN_TIMEOUT=${RUN_TIMEOUT:-600}
NATIVE_BB=${NATIVE_BB:-/bin/busybox}
ARM_BB=$ROOT/tests/cache/root-armhf/bin/busybox
GUEST=$ROOT/tests/guest/arm
ARM_CC=${ARM_CC:-arm-linux-gnueabihf-gcc}
HOST_CC=${HOST_CC:-gcc}

die() {
    echo "bench: FAIL: $*" >&2
    exit 1
}

# -- Tools and binaries. --

for tool in python3 "$ARM_CC" "$HOST_CC" timeout md5sum; do
    command -v "$tool" >/dev/null 2>&1 || die "required tool '$tool' not found (run 'make deps')"
done
command -v "${QEMU%% *}" >/dev/null 2>&1 || die "'$QEMU' not found (install qemu-user: run 'make deps')"
command -v "${XRUN%% *}" >/dev/null 2>&1 || die "translator '${XRUN%% *}' not found (set XRUN or run 'make')"
[ -x "$NATIVE_BB" ] || die "$NATIVE_BB not found (install busybox-static: run 'make deps')"
if [ ! -x "$ARM_BB" ]; then
    bash "$ROOT/tools/fetch-deb.sh" busybox-static armhf || die "cannot fetch the armhf busybox-static"
fi

mkdir -p "$OUT/bin" "$OUT/data" "$OUT/out"

# -- Inputs, generated once and deterministically. --

if [ "$SCALE" = small ]; then
    SHA_MIB=4 GZ_MIB=1 SORT_LINES=50000 AWK_N=200000
else
    SHA_MIB=64 GZ_MIB=16 SORT_LINES=1000000 AWK_N=3000000
fi
python3 - "$OUT/data" "$SHA_MIB" "$GZ_MIB" "$SORT_LINES" <<'EOF'
import os, random, sys
d, sha_mib, gz_mib, sort_lines = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
def make(name, size_hint, gen):
    path = f"{d}/{name}"
    if os.path.exists(path):
        return
    with open(path + ".tmp", "wb") as f:
        gen(f)
    os.rename(path + ".tmp", path)
def binary(f):
    r = random.Random(1)
    block = r.randbytes(1 << 20)
    for i in range(sha_mib):
        f.write(i.to_bytes(8, "little") + block[8:])
words = ("the of and to in is was for on that with as by at from his her an "
         "translator block chain guest host register flag carry overflow").split()
def text(f):
    r = random.Random(2)
    size, lines = 0, []
    while size < gz_mib << 20:
        line = " ".join(r.choice(words) for _ in range(r.randrange(3, 14)))
        line += f" {r.randrange(1 << 20)}\n"
        lines.append(line)
        size += len(line)
        if len(lines) == 4096:
            f.write("".join(lines).encode()); lines = []
    f.write("".join(lines).encode())
def sortin(f):
    r = random.Random(3)
    out = []
    for i in range(sort_lines):
        out.append(f"{r.choice(words)}{r.randrange(1000000):06d} {r.randrange(1 << 30)}\n")
    f.write("".join(out).encode())
make(f"sha-{sha_mib}m.bin", 0, binary)
make(f"text-{gz_mib}m.txt", 0, text)
make(f"sort-{sort_lines}.txt", 0, sortin)
EOF
[ $? = 0 ] || die "cannot generate the input files"
SHA_IN=$OUT/data/sha-${SHA_MIB}m.bin
GZ_IN=$OUT/data/text-${GZ_MIB}m.txt
SORT_IN=$OUT/data/sort-${SORT_LINES}.txt

# -- Guest benchmark programs (rebuilt when the source is newer). --

ARM_FLAGS="-static -march=armv7-a -mfpu=neon-vfpv4 -mfloat-abi=hard -mthumb -O2 -ffp-contract=off -w"
HOST_FLAGS="-O2 -ffp-contract=off -w"
PROGS=()
while read -r name args; do
    case $name in '' | '#'*) continue ;; esac
    src=$GUEST/$name.c
    [ -f "$src" ] || die "tests/guest/arm/BENCH names '$name' but $src does not exist"
    libs=$(sed -n 's/.*XRUN-LIBS: *\(.*\)$/\1/p' "$src" | head -n 1 | sed 's| *\*/ *$||')
    for kind in arm native; do
        bin=$OUT/bin/$name.$kind
        if [ ! -x "$bin" ] || [ "$src" -nt "$bin" ] || [ "$GUEST/xt.h" -nt "$bin" ]; then
            if [ $kind = arm ]; then
                # shellcheck disable=SC2086
                $ARM_CC $ARM_FLAGS -o "$bin" "$src" $libs || die "cannot build $name for ARM"
            else
                # shellcheck disable=SC2086
                $HOST_CC $HOST_FLAGS -o "$bin" "$src" $libs || die "cannot build $name natively"
            fi
        fi
    done
    [ "$SCALE" = small ] && args=""
    PROGS+=("$name|$args")
done <"$GUEST/BENCH"

# -- Workloads: name, then the command after the runner prefix. --
# For busybox workloads "BB" stands for the busybox binary of the runner.

WL_NAMES=()
WL_CMDS=()
wl() {
    if [ -n "$ONLY" ] && [ "${ONLY/$1/}" = "$ONLY" ]; then return; fi
    WL_NAMES+=("$1")
    WL_CMDS+=("$2")
}
wl sha256sum "BB sha256sum $SHA_IN"
wl gzip-9 "BB gzip -9 -c $GZ_IN"
wl awk-loop "BB awk BEGIN{for(i=0;i<$AWK_N;i++)s+=i*i;print(s)}"
wl sort "BB sort $SORT_IN"
for p in "${PROGS[@]}"; do
    wl "${p%%|*}" "PROG:${p%%|*} ${p#*|}"
done
[ ${#WL_NAMES[@]} -gt 0 ] || die "no workload selected (ONLY='$ONLY')"

# command_for RUNNER INDEX -> the full command line (words, no quoting needed)
command_for() {
    local runner=$1 cmd=${WL_CMDS[$2]} prog args
    if [ "${cmd#PROG:}" != "$cmd" ]; then
        cmd=${cmd#PROG:}
        prog=${cmd%% *}
        args=${cmd#"$prog"}
        case $runner in
        native) echo "$OUT/bin/$prog.native$args" ;;
        qemu) echo "$QEMU $OUT/bin/$prog.arm$args" ;;
        xrun) echo "$XRUN $OUT/bin/$prog.arm$args" ;;
        esac
    else
        case $runner in
        native) echo "$NATIVE_BB${cmd#BB}" ;;
        qemu) echo "$QEMU $ARM_BB${cmd#BB}" ;;
        xrun) echo "$XRUN $ARM_BB${cmd#BB}" ;;
        esac
    fi
}

# time_one RUNNER INDEX -> "seconds status" where status is ok/wrong/fail.
# METRIC=cpu (default) measures the run's user+sys CPU time with GNU time:
# on a shared machine, wall time mostly measures the neighbours. METRIC=wall
# measures elapsed time instead.
time_one() {
    local runner=$1 i=$2 cmd s e rc sum ref secs
    cmd=$(command_for "$runner" "$i")
    s=$EPOCHREALTIME
    # shellcheck disable=SC2086
    env -i PATH=/usr/bin:/bin LC_ALL=C TZ=UTC /usr/bin/time -f "%U %S" -o "$OUT/out/$runner.$i.time" \
        timeout -k 5 "$RUN_TIMEOUT" $cmd \
        </dev/null >"$OUT/out/$runner.$i" 2>"$OUT/out/$runner.$i.err"
    rc=$?
    e=$EPOCHREALTIME
    if [ "${METRIC:-cpu}" = wall ]; then
        secs=$(python3 -c "print(f'{$e - $s:.3f}')")
    else
        secs=$(awk 'END { printf "%.3f", $1 + $2 }' "$OUT/out/$runner.$i.time")
    fi
    sum=$(md5sum <"$OUT/out/$runner.$i" | cut -d' ' -f1)
    if [ $rc != 0 ]; then
        echo "$secs fail"
        return
    fi
    if [ "$runner" = native ]; then
        echo "$sum" >"$OUT/out/ref.$i"
    fi
    ref=$(cat "$OUT/out/ref.$i" 2>/dev/null)
    if [ "$sum" = "$ref" ]; then
        echo "$secs ok"
    else
        echo "$secs wrong"
    fi
}

# -- Interleaved runs. --

TSV=$OUT/times.tsv
printf 'workload\trunner\trep\tseconds\tstatus\n' >"$TSV"
echo "bench: ${#WL_NAMES[@]} workloads x 3 runners x $REPS repetitions (XRUN=$XRUN)" >&2
for rep in $(seq 1 "$REPS"); do
    for i in "${!WL_NAMES[@]}"; do
        for runner in native qemu xrun; do
            read -r secs status < <(time_one "$runner" "$i")
            printf '%s\t%s\t%s\t%s\t%s\n' "${WL_NAMES[$i]}" "$runner" "$rep" "$secs" "$status" >>"$TSV"
            printf '  rep %d %-12s %-7s %8ss %s\n' "$rep" "${WL_NAMES[$i]}" "$runner" "$secs" "$status" >&2
            if [ "$status" != ok ] && [ -s "$OUT/out/$runner.$i.err" ]; then
                head -n 3 "$OUT/out/$runner.$i.err" | sed 's/^/      | /' >&2
            fi
        done
    done
done

python3 "$HERE/report.py" "$TSV" "$OUT/results.md" "$OUT/results.svg" || die "report failed"
