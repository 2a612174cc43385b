#!/usr/bin/env bash
# bench/run.sh — the benchmark: native amd64 vs qemu-arm vs xrun.
#
# Workloads (each run by three runners and checked for identical output):
#   busybox:  sha256sum of a 64 MiB file, gzip -9 of a 16 MiB text file,
#             an awk arithmetic loop, sort of 1M lines
#             native = /bin/busybox (amd64); qemu/xrun = the armhf busybox
#             of the same version (tests/cache/root-armhf, tools/fetch-deb.sh)
#   programs: the guest tests listed in tests/guest/common/BENCH, built natively
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
# BENCH_GUEST=aarch64 runs the same workloads for the AArch64 guest: the
# arm64 busybox-static, the programs built with aarch64-linux-gnu-gcc -O2,
# qemu-aarch64 and build/xrun-aarch64, results under $BUILD/bench/aarch64/
# (no debootstrap workload there: its chroot is armhf).
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
BENCH_GUEST=${BENCH_GUEST:-arm}
case $BENCH_GUEST in
arm)
    OUT=$BUILD/bench
    XRUN=${XRUN:-$BUILD/xrun-arm}
    QEMU=${QEMU:-qemu-arm}
    DEB_ARCH=armhf
    ARM_CC=${ARM_CC:-arm-linux-gnueabihf-gcc}
    ARM_FLAGS="-static -march=armv7-a -mfpu=neon-vfpv4 -mfloat-abi=hard -mthumb -O2 -ffp-contract=off -w"
    ;;
aarch64)
    OUT=$BUILD/bench/aarch64
    XRUN=${XRUN:-$BUILD/xrun-aarch64}
    QEMU=${QEMU:-qemu-aarch64}
    DEB_ARCH=arm64
    ARM_CC=${ARM_CC:-aarch64-linux-gnu-gcc}
    ARM_FLAGS="-static -O2 -ffp-contract=off -w"
    ;;
*)
    echo "bench: FAIL: BENCH_GUEST must be arm or aarch64, not '$BENCH_GUEST'" >&2
    exit 1
    ;;
esac
REPS=${REPS:-3}
ONLY=${ONLY:-}
SCALE=${SCALE:-full}
RUN_TIMEOUT=${RUN_TIMEOUT:-600}
NATIVE_BB=${NATIVE_BB:-/bin/busybox}
ARM_BB=$ROOT/tests/cache/root-$DEB_ARCH/bin/busybox
GUEST=$ROOT/tests/guest/common
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
    bash "$ROOT/tools/fetch-deb.sh" busybox-static $DEB_ARCH || die "cannot fetch the $DEB_ARCH busybox-static"
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

HOST_FLAGS="-O2 -ffp-contract=off -w"
PROGS=()
while read -r name args; do
    case $name in '' | '#'*) continue ;; esac
    src=$GUEST/$name.c
    [ -f "$src" ] || die "tests/guest/common/BENCH names '$name' but $src does not exist"
    libs=$(sed -n 's/.*XRUN-LIBS: *\(.*\)$/\1/p' "$src" | head -n 1 | sed 's| *\*/ *$||')
    for kind in arm native; do
        bin=$OUT/bin/$name.$kind
        stale=0
        for dep in "$src" $(find "$GUEST" -maxdepth 1 -name '*.h'); do
            [ "$dep" -nt "$bin" ] && stale=1
        done
        if [ ! -x "$bin" ] || [ $stale = 1 ]; then
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
[ "$BENCH_GUEST" = arm ] && wl debootstrap "DEBOOTSTRAP"
[ ${#WL_NAMES[@]} -gt 0 ] || die "no workload selected (ONLY='$ONLY')"

# -- The debootstrap workload. --
# debootstrap's second stage of a Debian bookworm armhf minbase system in a
# fresh chroot: thousands of short dynamically linked processes (dpkg, perl
# maintainer scripts, sh, sed, ...), so it measures what a guest process
# costs: start-up, translating ld.so and libc afresh, fork, exec.
# Each run unpacks the first stage host-natively from the cached tarball
# (tests/cache/debootstrap/, the one make check-rootfs makes; not timed),
# then registers the runner's static build with binfmt_misc (flag F: the
# kernel opens it before the chroot hides it) under a bench-only name,
# disables every other enabled entry that claims ARM ELF files (the newest
# matching entry wins, so they would decide who runs), and times
# `chroot ROOT /debootstrap/debootstrap --second-stage` in a private mount +
# pid namespace. Then the entry goes and the others are enabled again; a
# trap does the same on any exit. The run counts only if the second stage
# reports success and every package is 'ii' (the host's dpkg-query reading
# ROOT's database). The time is always elapsed time (many short processes:
# CPU time would miss the start-up waits); CPU time goes to times.tsv too.
# No native runner: an amd64 debootstrap is a different job.

XRUN_STATIC=${XRUN_STATIC:-$ROOT/build-static/xrun}
QEMU_STATIC=${QEMU_STATIC:-/usr/bin/qemu-arm-static}
DB_TARBALL=${DB_TARBALL:-$ROOT/tests/cache/debootstrap/bookworm-armhf-minbase.tgz}
DB_TIMEOUT=${DB_TIMEOUT:-2400}
DB_PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
BM=/proc/sys/fs/binfmt_misc
DB_PREFIX=xrun-bench-
DB_WORK=

# db_restore: removes the bench's entries, enables what it disabled (listed
# in a file: runs happen in subshells, and the trap of the main shell must
# see them too).
db_restore() {
    local e
    for e in xrun qemu; do
        if [ -e "$BM/$DB_PREFIX$e" ]; then
            echo -1 >"$BM/$DB_PREFIX$e" || echo "bench: cannot remove binfmt_misc entry $DB_PREFIX$e" >&2
        fi
    done
    if [ -s "$DB_WORK/disabled" ]; then
        while read -r e; do
            # (its owner may have removed it meanwhile)
            [ -e "$BM/$e" ] || continue
            echo 1 >"$BM/$e" || echo "bench: cannot enable binfmt_misc entry $e again" >&2
        done <"$DB_WORK/disabled"
    fi
    [ -d "$DB_WORK" ] && : >"$DB_WORK/disabled"
}

# db_claims_arm ENTRY SAMPLE...: the enabled magic entry ENTRY matches the
# ELF header of one of the SAMPLE files, as the kernel matches it.
db_claims_arm() {
    python3 - "$@" <<'EOF'
import sys
entry, samples = sys.argv[1], sys.argv[2:]
lines = open(entry).read().splitlines()
if not lines or lines[0] != "enabled":
    sys.exit(1)
f = dict(l.split(" ", 1) for l in lines[1:] if " " in l)
if "magic" not in f:
    sys.exit(1)
off, magic = int(f.get("offset", "0")), bytes.fromhex(f["magic"])
mask = bytes.fromhex(f["mask"]) if "mask" in f else b"\xff" * len(magic)
for s in samples:
    with open(s, "rb") as fh:
        h = fh.read(off + len(magic))[off:]
    if len(h) == len(magic) and all((a ^ b) & m == 0 for a, b, m in zip(h, magic, mask)):
        sys.exit(0)
sys.exit(1)
EOF
}

# db_register RUNNER ROOT: the runner's entry in, other ARM entries off.
db_register() {
    local interp name=$DB_PREFIX$1 e base
    interp=$XRUN_STATIC
    [ "$1" = qemu ] && interp=$QEMU_STATIC
    # ARM ELF32 little-endian executables and shared objects, as qemu's entry.
    local magic='\x7fELF\x01\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x02\x00\x28\x00'
    local mask='\xff\xff\xff\xff\xff\xff\xff\x00\xff\xff\xff\xff\xff\xff\xff\xff\xfe\xff\xff\xff'
    for base in $(ls -1 "$BM"); do
        e=$BM/$base
        case $base in register | status | "$DB_PREFIX"*) continue ;; esac
        if db_claims_arm "$e" "$ARM_BB" "$2/usr/bin/dpkg"; then
            echo "$base" >>"$DB_WORK/disabled"
            echo 0 >"$e" || return 1
        fi
    done
    [ -e "$BM/$name" ] && echo -1 >"$BM/$name"
    echo ":$name:M::$magic:$mask:$interp:F" >"$BM/register"
}

# db_time_one RUNNER INDEX -> "seconds status cpu-seconds"
db_time_one() {
    local runner=$1 log=$OUT/out/$1.$2 root=$DB_WORK/root s e rc secs cpu n_all n_ii
    trap db_restore EXIT # this runs in a subshell, which has its own traps
    rm -rf "$root"
    if ! debootstrap --foreign --arch=armhf --variant=minbase --unpack-tarball="$DB_TARBALL" \
        bookworm "$root" http://deb.debian.org/debian >"$log.stage1" 2>&1; then
        tail -n 3 "$log.stage1" >"$log.err"
        echo "0 fail 0"
        return
    fi
    if ! db_register "$runner" "$root" 2>"$log.err"; then
        db_restore
        echo "0 fail 0"
        return
    fi
    s=$EPOCHREALTIME
    env -i PATH=$DB_PATH HOME=/root LC_ALL=C TZ=UTC /usr/bin/time -f "%U %S" -o "$log.time" \
        timeout -k 5 "$DB_TIMEOUT" unshare --mount --pid --fork --kill-child=TERM --propagation private \
        chroot "$root" /debootstrap/debootstrap --second-stage </dev/null >"$log" 2>"$log.err"
    rc=$?
    e=$EPOCHREALTIME
    db_restore
    secs=$(python3 -c "print(f'{$e - $s:.3f}')")
    cpu=$(awk 'END { printf "%.3f", $1 + $2 }' "$log.time")
    n_all=$(dpkg-query --admindir="$root/var/lib/dpkg" -W -f '${db:Status-Abbrev}\n' 2>/dev/null | grep -c .)
    n_ii=$(dpkg-query --admindir="$root/var/lib/dpkg" -W -f '${db:Status-Abbrev}\n' 2>/dev/null | grep -c '^ii ')
    if [ $rc = 0 ] && grep -q "Base system installed successfully" "$log" &&
        [ "$n_all" -ge 80 ] && [ "$n_ii" = "$n_all" ]; then
        echo "$secs ok $cpu"
    else
        {
            echo "second stage: exit status $rc, $n_ii of $n_all packages ii (log: $log.debootstrap.log)"
            grep -E '^dpkg: error|^E: |rror' "$root/debootstrap/debootstrap.log" 2>/dev/null | head -n 5
        } >>"$log.err"
        cp "$root/debootstrap/debootstrap.log" "$log.debootstrap.log" 2>/dev/null
        echo "$secs fail $cpu"
    fi
    rm -rf "$root"
}

# Left out of a full run by a non-root user (it needs root by nature);
# asked for by name, it must run.
if [ "$BENCH_GUEST" != arm ]; then
    : # no debootstrap workload
elif [ -z "$ONLY" ] && [ "$(id -u)" != 0 ]; then
    echo "bench: debootstrap left out: it needs root (chroot, binfmt_misc, namespaces)" >&2
    unset 'WL_NAMES[-1]' 'WL_CMDS[-1]'
elif [ "${ONLY/debootstrap/}" != "$ONLY" ] || [ -z "$ONLY" ]; then
    [ "$(id -u)" = 0 ] || die "the debootstrap workload needs root (chroot, binfmt_misc, namespaces)"
    for tool in debootstrap chroot unshare dpkg-query; do
        command -v $tool >/dev/null 2>&1 || die "required tool '$tool' not found (run 'make deps')"
    done
    [ -x "$XRUN_STATIC" ] || die "$XRUN_STATIC not found (build it with 'make static', or set XRUN_STATIC)"
    if readelf -l "$XRUN_STATIC" 2>/dev/null | grep -q INTERP; then
        die "$XRUN_STATIC is not static (binfmt_misc with flag F into a chroot needs a static interpreter)"
    fi
    [ -x "$QEMU_STATIC" ] || die "$QEMU_STATIC not found (install qemu-user-static: run 'make deps')"
    [ -s "$DB_TARBALL" ] || die "$DB_TARBALL not found (make check-rootfs makes it, with the network once)"
    if [ ! -e $BM/register ]; then
        mount -t binfmt_misc binfmt_misc $BM 2>/dev/null || die "cannot mount binfmt_misc on $BM"
    fi
    DB_WORK=$(mktemp -d /tmp/xrun-bench-debootstrap.XXXXXX) || die "cannot make a work directory in /tmp"
    trap 'db_restore; rm -rf "$DB_WORK"' EXIT
    trap 'exit 1' INT TERM HUP
    # Copies: a rebuild during the run must not change what is measured.
    cp "$XRUN_STATIC" "$DB_WORK/xrun" && cp "$QEMU_STATIC" "$DB_WORK/qemu-arm-static" ||
        die "cannot copy the interpreters to $DB_WORK"
    XRUN_STATIC=$DB_WORK/xrun
    QEMU_STATIC=$DB_WORK/qemu-arm-static
fi

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

# time_one RUNNER INDEX -> "seconds status cpu-seconds" where status is
# ok/wrong/fail.
# METRIC=cpu (default) measures the run's user+sys CPU time with GNU time:
# on a shared machine, wall time mostly measures the neighbours. METRIC=wall
# measures elapsed time instead.
time_one() {
    local runner=$1 i=$2 cmd s e rc sum ref secs cpu
    if [ "${WL_CMDS[$i]}" = DEBOOTSTRAP ]; then
        db_time_one "$runner" "$i"
        return
    fi
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
        echo "$secs fail $(awk 'END { printf "%.3f", $1 + $2 }' "$OUT/out/$runner.$i.time")"
        return
    fi
    if [ "$runner" = native ]; then
        echo "$sum" >"$OUT/out/ref.$i"
    fi
    ref=$(cat "$OUT/out/ref.$i" 2>/dev/null)
    cpu=$(awk 'END { printf "%.3f", $1 + $2 }' "$OUT/out/$runner.$i.time")
    if [ "$sum" = "$ref" ]; then
        echo "$secs ok $cpu"
    else
        echo "$secs wrong $cpu"
    fi
}

# -- Interleaved runs. --

TSV=$OUT/times.tsv
printf 'workload\trunner\trep\tseconds\tstatus\tcpu\n' >"$TSV"
echo "bench: ${#WL_NAMES[@]} workloads x 3 runners x $REPS repetitions (XRUN=$XRUN)" >&2
for rep in $(seq 1 "$REPS"); do
    for i in "${!WL_NAMES[@]}"; do
        for runner in native qemu xrun; do
            # debootstrap has no native runner (reported as "—")
            [ "${WL_CMDS[$i]}" = DEBOOTSTRAP ] && [ $runner = native ] && continue
            read -r secs status cpu < <(time_one "$runner" "$i")
            printf '%s\t%s\t%s\t%s\t%s\t%s\n' "${WL_NAMES[$i]}" "$runner" "$rep" "$secs" "$status" "$cpu" >>"$TSV"
            printf '  rep %d %-12s %-7s %8ss %s\n' "$rep" "${WL_NAMES[$i]}" "$runner" "$secs" "$status" >&2
            if [ "$status" != ok ] && [ -s "$OUT/out/$runner.$i.err" ]; then
                head -n 3 "$OUT/out/$runner.$i.err" | sed 's/^/      | /' >&2
            fi
        done
    done
done

BENCH_QEMU=$(basename "${QEMU%% *}") python3 "$HERE/report.py" "$TSV" "$OUT/results.md" "$OUT/results.svg" ||
    die "report failed"
