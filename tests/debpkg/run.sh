#!/usr/bin/env bash
# tests/debpkg/run.sh — dynamic Debian arm64 programs under the translator,
# against the amd64 build of the same Debian version.
#
# Programs: lua5.4, gawk (plain and -M, through MPFR/GMP), sqlite3, xz,
# openssl, bc, perl (with XS modules). Each case is a bash snippet in which
# `run PROG ARGS...` runs /usr/bin/PROG of the side under test:
#   native:  tests/cache/root-amd64-debpkg/usr/bin/PROG with that root's
#            libraries first on LD_LIBRARY_PATH (and its perl modules first
#            on PERL5LIB), on the host's C library
#   guest:   $XRUN -L tests/cache/root-arm64 tests/cache/root-arm64/usr/bin/PROG
# Both roots are unpacked by tools/fetch-deb.sh from the packages listed in
# packages.sh, at one version per package (the arm64 candidate; the amd64
# package of that version, or of a binary-only rebuild of the same source).
# The first run downloads them into tests/cache/deb; later runs need no
# network. Inputs are generated deterministically; every case runs in its
# own directory (scripts/ and in/ linked, a fresh out/) with a fixed
# environment, and stdout plus the exit code of the two sides must be equal.
#
# Usage: run.sh [case-name...]    XRUN=qemu-aarch64 run.sh   (check the suite)
#   XRUN     translator under test (default: $BUILD/xrun-aarch64)
#   JOBS     cases at a time (default 2), TIMEOUT per side (default 120 s)
#   KEEP=1   keep the work directory (/tmp/xrun-debpkg.*: each case's expected, got, .err)
# Output: PASS/FAIL per case (a diff on failure), then
# "debpkg-aarch64: N passed, N failed"; non-zero exit on any failure.
set -u

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
BUILD=${BUILD:-build}
case $BUILD in /*) ;; *) BUILD=$ROOT/$BUILD ;; esac
XRUN=${XRUN:-$BUILD/xrun-aarch64}
TIMEOUT=${TIMEOUT:-120}
JOBS=${JOBS:-2}
GUEST_ROOT=$ROOT/tests/cache/root-arm64
NATIVE_ROOT=$ROOT/tests/cache/root-amd64-debpkg
NAME=debpkg-aarch64

. "$ROOT/tests/debian/cases.sh"     # t, fail_setup, run_case, run_cases

# -- Setup: tools, the two roots, the translator. --

for tool in python3 timeout diff cmp sha256sum apt-cache dpkg-query; do
    command -v "$tool" >/dev/null 2>&1 || fail_setup "required tool '$tool' not found (run 'make deps')"
done
. "$HERE/packages.sh"
mkdir -p "$BUILD"     # for debpkg-fetch.log
# One apt-cache call for every version (each call reads all the package
# lists, seconds apiece): PKG:arm64, or PKG:all for an arch-independent one.
declare -A VER
while read -r p v; do
    p=${p%:arm64}
    [ "$v" != "(none)" ] && [ -z "${VER[$p]:-}" ] && VER[$p]=$v
done < <(apt-cache policy $(for p in $DEBPKG_PROGRAMS $DEBPKG_LIBS; do echo "$p:arm64 $p:all"; done) 2>/dev/null |
    awk '/^[^ ].*:$/ { p = $0; sub(/:$/, "", p) } /^ *Candidate:/ { print p, $2 }')
# have ROOT PKG VERSION: already unpacked (or a binary-only rebuild of it).
have() {
    local s
    for s in "$1/.fetched/$2=$3" "$1/.fetched/$2=${3%+b[0-9]*}"+b*; do
        [ -e "$s" ] && return 0
    done
    return 1
}
for pkg in $DEBPKG_PROGRAMS $DEBPKG_LIBS; do
    ver=${VER[$pkg]:-}
    [ -n "$ver" ] || fail_setup "no arm64 version of $pkg in the apt lists (run 'apt-get update')"
    have "$GUEST_ROOT" "$pkg" "$ver" || bash "$ROOT/tools/fetch-deb.sh" "$pkg" arm64 "$ver" 2>>"$BUILD/debpkg-fetch.log" ||
        fail_setup "cannot fetch $pkg:arm64=$ver (see $BUILD/debpkg-fetch.log)"
    [ "$pkg" = libc6 ] || have "$NATIVE_ROOT" "$pkg" "$ver" ||
        FETCH_ROOT=$NATIVE_ROOT bash "$ROOT/tools/fetch-deb.sh" "$pkg" amd64 "$ver" 2>>"$BUILD/debpkg-fetch.log" ||
        fail_setup "cannot fetch $pkg:amd64=$ver (see $BUILD/debpkg-fetch.log)"
done
# The native side runs on the host's C library: it must be the guest's version.
host_libc=$(dpkg-query -W -f='${Version}' libc6 2>/dev/null)
[ "$host_libc" = "${VER[libc6]}" ] ||
    fail_setup "host libc6 $host_libc differs from the arm64 libc6 ${VER[libc6]}: upgrade the host (apt-get install libc6)"
xrun_cmd=${XRUN%% *}
command -v "$xrun_cmd" >/dev/null 2>&1 ||
    fail_setup "translator '$xrun_cmd' not found or not executable (set XRUN or run 'make')"

WORK=$(mktemp -d /tmp/xrun-debpkg.XXXXXX)
[ "${KEEP:-0}" = 1 ] || trap 'rm -rf "$WORK"' EXIT
mkdir -p "$WORK/in"

# -- Deterministic inputs (a fixed LCG). --

python3 - "$WORK/in" <<'EOF'
import sys
d = sys.argv[1]
state = 4242
def rnd():
    global state
    state = (state * 1103515245 + 12345) & 0x7fffffff
    return state
words = ["alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta", "iota",
         "kappa", "lambda", "mu", "nu", "xi", "omicron", "pi", "rho", "sigma", "tau"]
with open(f"{d}/data.txt", "w") as f:
    for i in range(3000):
        f.write(f"{words[rnd() % len(words)]} {rnd() % 1000} {rnd() % 100000 / 7:.4f} key{rnd() % 40}\n")
with open(f"{d}/big.txt", "w") as f:
    for i in range(30000):
        f.write(f"line {i:6d} {words[rnd() % len(words)]} {rnd():010d} {'x' * (rnd() % 40)}\n")
with open(f"{d}/bin.dat", "wb") as f:
    f.write(bytes((rnd() >> 16) & 255 for _ in range(65536)))
EOF

# -- The cases. --

t lua-work 'run lua5.4 scripts/work.lua'
t lua-eval 'run lua5.4 -e "local t = {} for i = 1, 100000 do t[i] = i * i % 1009 end table.sort(t) print(t[1], t[50000], t[100000], #t)"'
t gawk-work 'run gawk -f scripts/work.awk in/data.txt'
t gawk-bignum 'run gawk -M -f scripts/bignum.awk'
t sqlite3 'run sqlite3 out/t.db < scripts/build.sql && run sqlite3 out/t.db < scripts/query.sql; sha256sum < out/t.db'
t xz-roundtrip 'run xz -9 -T1 -c in/big.txt > out/b.xz; sha256sum < out/b.xz; wc -c < out/b.xz
    run xz -d -c out/b.xz | cmp - in/big.txt && echo same; run xz -t out/b.xz && echo tested
    run xz -l --robot out/b.xz | cut -f 1-5
    run xz -6e -T1 --check=sha256 -c in/bin.dat | sha256sum; run xz --format=lzma -3 -c in/data.txt | sha256sum
    printf "not xz" | run xz -d -c; echo rc=$?'
t openssl-dgst 'for h in sha256 sha512 sha3-256 sha1 md5 blake2b512; do run openssl dgst -$h in/big.txt in/bin.dat; done
    run openssl dgst -sha256 -hmac xrun-key in/data.txt'
t openssl-enc 'K=000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f IV=f0e0d0c0b0a090807060504030201000
    run openssl enc -aes-256-cbc -K $K -iv $IV -nosalt -in in/big.txt -out out/e.bin; sha256sum < out/e.bin
    run openssl enc -d -aes-256-cbc -K $K -iv $IV -nosalt -in out/e.bin | cmp - in/big.txt && echo decrypted-same
    run openssl enc -aes-128-ctr -K ${K:0:32} -iv $IV -nosalt -in in/bin.dat | sha256sum
    run openssl enc -chacha20 -K $K -iv $IV -nosalt -in in/bin.dat | sha256sum
    run openssl enc -aes-192-cfb -K ${K:0:48} -iv $IV -nosalt -in in/data.txt | sha256sum
    run openssl enc -base64 -in in/bin.dat | head -n 3
    run openssl enc -d -aes-256-cbc -K $K -iv $IV -nosalt -in in/data.txt > /dev/null 2>&1; echo bad-decrypt-rc=$?'
t bc-math 'run bc -l scripts/work.bc'
t perl-work 'run perl scripts/work.pl'
t perl-oneliners 'run perl -ne '\''$c{(split)[0]} += (split)[1]; END { print map { "$_ $c{$_}\n" } sort keys %c }'\'' in/data.txt
    run perl -e '\''my $x = 0; $x += sin($_) * cos($_ / 3) for 1 .. 100000; printf "%.10f\n", $x'\''
    run perl -le '\''print for map { sprintf "%b %o %X", $_, $_, $_ * 7919 } 1 .. 5; print "ok" if "abcabc" =~ /^(abc)\1$/'\'''

# -- Run. --

NATIVE_ENV="LD_LIBRARY_PATH=$NATIVE_ROOT/usr/lib/x86_64-linux-gnu:$NATIVE_ROOT/lib/x86_64-linux-gnu"
NATIVE_ENV="$NATIVE_ENV PERL5LIB=$NATIVE_ROOT/usr/lib/x86_64-linux-gnu/perl-base:$NATIVE_ROOT/usr/lib/x86_64-linux-gnu/perl/5.36:$NATIVE_ROOT/usr/share/perl/5.36"

# In a snippet, `run PROG` runs "$PFX $RB/usr/bin/PROG" of the side under test.
PRELUDE='run() { local p=$1; shift; $PFX "$RB/usr/bin/$p" "$@"; }; '

# run_one I: case I in its own directory (inputs and scripts linked, a fresh
# out/ for each side), verdict in $WORK/c$I/res, printed at once.
run_one() {
    local i=$1 name=${NAMES[$1]} dir=$WORK/c$1
    mkdir -p "$dir/out"
    ln -s "$WORK/in" "$dir/in"
    ln -s "$HERE/scripts" "$dir/scripts"
    {
        run_case "$dir" "${SNIPS[$i]}" "$PRELUDE" "$dir/expected" PFX="env $NATIVE_ENV" RB="$NATIVE_ROOT"
        rm -rf "$dir/out" && mkdir "$dir/out"
        run_case "$dir" "${SNIPS[$i]}" "$PRELUDE" "$dir/got" PFX="$XRUN -L $GUEST_ROOT" RB="$GUEST_ROOT"
        # A native side that cannot run (a library or module missing from
        # its root) would make both sides fail alike: that is a failure too.
        if [ "$(grep -c -v '^\[exit [0-9]*\]$' "$dir/expected")" = 0 ] ||
            grep -q -e 'error while loading shared libraries' -e "Can't locate" "$dir/expected.err"; then
            echo "FAIL $name: the native side did not run"
            head -n 5 "$dir/expected.err" | sed 's/^/  native stderr: /'
        elif cmp -s "$dir/expected" "$dir/got"; then
            echo "PASS $name"
        else
            echo "FAIL $name: output differs (- native amd64, + guest arm64)"
            diff -u "$dir/expected" "$dir/got" | sed -n '3,40p'
            [ -s "$dir/got.err" ] && head -n 10 "$dir/got.err" | sed 's/^/  guest stderr: /'
        fi
    } >"$dir/res" 2>&1
    cat "$dir/res"
}

run_cases "$@"
