#!/usr/bin/env bash
# tests/debian/run.sh — real Debian binaries under the translator.
#
# Runs busybox applets and bash scripts two ways and compares stdout and
# exit code:
#   native:  /bin/busybox, /bin/bash                     (amd64)
#   guest:   $XRUN tests/cache/root-armhf/bin/busybox    (busybox-static, armhf)
#            $XRUN -L tests/cache/root-armhf .../bin/bash (dynamic, with its
#            libc6 and libtinfo6 from the armhf archive)
# The armhf packages are fetched by tools/fetch-deb.sh (same version as the
# installed amd64 ones). Inputs are generated deterministically into a
# temporary directory; every case runs there with a fixed environment.
#
# A case is a bash snippet in which the function bb runs the busybox under
# test (e.g. "bb sort -n in/nums.txt") and xb the bash under test; `bb sh -c` cases also exercise the
# standalone shell, which runs applets by re-executing /proc/self/exe, and
# bb xargs runs its command through execve.
#
# Cases run JOBS (default 2) at a time, each in its own directory, with a
# TIMEOUT (default 60 s: the bash cases fork hundreds of emulated processes) per run.
# Usage: run.sh [case-name...]     XRUN=qemu-arm run.sh   (check the suite)
# GUEST=aarch64 runs the same cases on the arm64 packages (busybox-static,
# bash, libc6, libtinfo6 into tests/cache/root-arm64) under
# $BUILD/xrun-aarch64 (XRUN=qemu-aarch64 checks the suite); the default
# GUEST=arm is the armhf run described above.
# Output: PASS/FAIL per case (diff on failure), then "debian: N passed, N
# failed" ("debian-aarch64: ..." for GUEST=aarch64).
# XFAIL marks a known qemu-user limitation when XRUN is qemu-arm or
# qemu-aarch64; it counts as passed there and as an ordinary case under xrun.
set -u

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
BUILD=${BUILD:-build}
case $BUILD in /*) ;; *) BUILD=$ROOT/$BUILD ;; esac
GUEST=${GUEST:-arm}
case $GUEST in
    arm) DEB_ARCH=armhf NAME=debian ;;
    aarch64) DEB_ARCH=arm64 NAME=debian-aarch64 ;;
    *) echo "debian: unknown GUEST '$GUEST' (arm or aarch64)" >&2; echo "debian: 0 passed, 1 failed"; exit 1 ;;
esac
XRUN=${XRUN:-$BUILD/xrun-$GUEST}
TIMEOUT=${TIMEOUT:-60}
JOBS=${JOBS:-2}
NATIVE_BB=${NATIVE_BB:-/bin/busybox}
ARM_ROOT=$ROOT/tests/cache/root-$DEB_ARCH
ARM_BB=$ARM_ROOT/bin/busybox
ARM_BASH=$ARM_ROOT/bin/bash
NATIVE_BASH=${NATIVE_BASH:-/bin/bash}

. "$HERE/cases.sh"     # t, fail_setup, run_case, run_cases

# -- Setup: tools, the two busyboxes, the translator. --

for tool in python3 timeout diff cmp; do
    command -v "$tool" >/dev/null 2>&1 || fail_setup "required tool '$tool' not found (run 'make deps')"
done
[ -x "$NATIVE_BB" ] || fail_setup "$NATIVE_BB not found: install busybox-static (run 'make deps')"
if [ ! -x "$ARM_BB" ]; then
    bash "$ROOT/tools/fetch-deb.sh" busybox-static $DEB_ARCH ||
        fail_setup "cannot fetch the $DEB_ARCH busybox-static (tools/fetch-deb.sh busybox-static $DEB_ARCH)"
fi
[ -x "$ARM_BB" ] || fail_setup "$ARM_BB missing after tools/fetch-deb.sh"
native_ver=$(dpkg-query -W -f='${Version}' busybox-static 2>/dev/null || echo "?")
ls "$ARM_ROOT/.fetched/busybox-static=$native_ver" >/dev/null 2>&1 ||
    bash "$ROOT/tools/fetch-deb.sh" busybox-static $DEB_ARCH ||
    fail_setup "$DEB_ARCH busybox-static does not match the native version $native_ver"
for pkg in libc6 libtinfo6 bash; do
    bash "$ROOT/tools/fetch-deb.sh" "$pkg" $DEB_ARCH ||
        fail_setup "cannot fetch $pkg:$DEB_ARCH (tools/fetch-deb.sh $pkg $DEB_ARCH)"
done
[ -x "$ARM_BASH" ] || fail_setup "$ARM_BASH missing after tools/fetch-deb.sh"
xrun_cmd=${XRUN%% *}
command -v "$xrun_cmd" >/dev/null 2>&1 ||
    fail_setup "translator '$xrun_cmd' not found or not executable (set XRUN or run 'make')"

WORK=$(mktemp -d /tmp/xrun-debian.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
mkdir -p "$WORK/in" "$WORK/out"

# -- Deterministic inputs (a fixed LCG, no randomness). --

python3 - "$WORK/in" <<'EOF'
import os, sys
d = sys.argv[1]
state = 12345
def rnd():
    global state
    state = (state * 1103515245 + 12345) & 0x7fffffff
    return state
words = ["alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta",
         "iota", "kappa", "lambda", "mu", "nu", "xi", "omicron", "pi", "rho",
         "sigma", "tau", "upsilon", "phi", "chi", "psi", "omega", "Foo", "bar42"]
with open(f"{d}/data.txt", "w") as f:
    for i in range(2000):
        f.write(f"{words[rnd() % len(words)]} {rnd() % 1000} {rnd() % 100000 / 7:.4f} key{rnd() % 50}\n")
with open(f"{d}/nums.txt", "w") as f:
    for i in range(5000):
        f.write(f"{rnd() % 200000 - 100000}\n")
with open(f"{d}/words.txt", "w") as f:
    for i in range(3000):
        f.write(" ".join(words[rnd() % len(words)] for _ in range(1 + rnd() % 8)) + "\n")
with open(f"{d}/big.txt", "w") as f:
    for i in range(40000):
        f.write(f"line {i:6d} {words[rnd() % len(words)]} {rnd():010d} {'x' * (rnd() % 40)}\n")
with open(f"{d}/bin.dat", "wb") as f:
    f.write(bytes(rnd() & 255 for _ in range(4096)))
with open(f"{d}/a.txt", "w") as f:
    f.write("".join(f"{w}\n" for w in words))
with open(f"{d}/b.txt", "w") as f:
    f.write("".join(f"{w}\n" for w in words if len(w) != 3) + "extra\n")
with open(f"{d}/csv.txt", "w") as f:
    for i in range(300):
        f.write(f"{i}:{words[i % len(words)]}:{rnd() % 97}:{'/usr/lib/x' if i % 3 else '/bin/y'}\n")
for p in ["tree/a/b/c", "tree/a/d", "tree/e"]:
    os.makedirs(f"{d}/{p}", exist_ok=True)
for i, p in enumerate(["tree/a/one.txt", "tree/a/b/two.txt", "tree/a/b/c/three.dat",
                       "tree/a/d/four.txt", "tree/e/five.txt", "tree/six.dat"]):
    with open(f"{d}/{p}", "w") as f:
        f.write(f"file {i}\n" * (i * 50 + 1))
EOF
# Fixed times so tar/ls/gzip headers do not depend on when the test ran.
find "$WORK/in" -exec touch -h -d "2020-01-02 03:04:05 UTC" {} +

# -- The cases. --

# tq NAME SNIPPET WHY: a case that qemu-arm (used to check this suite) is
# known to get wrong; under XRUN=qemu-arm* a mismatch prints XFAIL.
tq() { t "$1" "$2" "$3"; }

# shell (ash builtins, functions, the standalone applets)
t sh-loop 'bb sh -c '\''i=0; s=0; while [ $i -lt 2000 ]; do s=$((s + i * i)); i=$((i + 1)); done; echo $s'\'''
t sh-func 'bb sh -c '\''fib() { if [ $1 -lt 2 ]; then echo $1; else echo $(( $(fib $(($1 - 1))) + $(fib $(($1 - 2))) )); fi; }; fib 7'\'''
t sh-strings 'bb sh -c '\''v=/usr/lib/libfoo.so.1.2; echo ${v#*/} ${v##*/} ${v%.*} ${v%%.*} ${#v}; case $v in *.so.*) echo lib;; *) echo other;; esac'\'''
t sh-read 'bb sh -c '\''n=0; while read w a b k; do n=$((n + a)); done < in/data.txt; echo $n'\'''
t sh-exit 'bb sh -c '\''f() { return 3; }; f; echo rc=$?; exit 42'\'''
t sh-args 'bb sh -c '\''set -- a "b c" d; echo $#; for x in "$@"; do echo "[$x]"; done; shift 2; echo "$@"'\'' sh'
t sh-pipeline 'bb sh -c '\''seq 1 200 | sort -r | head -n 3; echo "x y z" | tr " " "\n" | wc -l'\'''
t sh-subst 'bb sh -c '\''a=$(echo hello | tr a-z A-Z); printf "%s-%d\n" "$a" $((0x1f + 010)); echo $(( (1 << 40) / 3 )) $((-7 / 2)) $((-7 % 2))'\'''
t sh-heredoc 'bb sh -c '\''cat <<EOT
one $((1 + 1))
three
EOT'\'''
# awk
t awk-sum 'bb awk '\''{ s += $2; t += $3 } END { print s, NR; printf "%.4f\n", t }'\'' in/data.txt'
t awk-printf 'bb awk '\''BEGIN { for (i = 1; i <= 25; i++) printf "%d %.6f %e %g %x %5.2f%%\n", i, sqrt(i), exp(i), 1 / i, i * 1000, log(i) }'\'''
t awk-assoc 'bb awk '\''{ c[$1]++; m[$4] += $2 } END { for (k in c) print k, c[k], m["key" length(k)] }'\'' in/data.txt | bb sort'
t awk-strings 'bb awk -F: '\''{ n = split($4, p, "/"); s = substr($2, 2, 3); gsub(/a/, "A", $2); printf "%s %d %s %s %d %s\n", toupper(s), n, $2, index($2, "A"), length($0), sprintf("%03d", $3) }'\'' in/csv.txt | bb tail -n 20'
t awk-loop 'bb awk '\''BEGIN { for (i = 0; i < 300000; i++) s += i * i; print s; printf "%.0f %d\n", s, 2^31 + 5 }'\'''
t awk-math 'bb awk '\''BEGIN { for (x = -3; x <= 3; x += 0.37) printf "%.10g %.10g %.10g %.10g %d\n", sin(x), cos(x), atan2(x, 1.5), exp(x / 2), int(x * 10) }'\'''
# sed, grep
t sed-groups 'bb sed -E '\''s/([a-z]+)([0-9]+)/\2-\1/g; s/^(.)(.*)$/\2\1/'\'' in/data.txt | bb tail -n 30'
t sed-ranges 'bb sed -n '\''10,20p; /^omega/p; $p'\'' in/data.txt'
t sed-script 'bb sed -e '\''y/abc/xyz/'\'' -e '\''/^F/d'\'' -e '\''3i\inserted'\'' -e '\''$a\appended'\'' -e '\''s/ /_/2'\'' in/a.txt'
t grep-E 'bb grep -E -n '\''^(alpha|omega) [0-9]{2} '\'' in/data.txt | bb head -n 20; bb grep -c -v -i '\''FOO'\'' in/data.txt'
t grep-opts 'bb grep -o -E '\''key[0-9]+$'\'' in/data.txt | bb sort | bb uniq -c | bb sort -k1,1nr -k2 | bb head; bb grep -q nosuchword in/data.txt; echo rc=$?'
# sort, uniq
t sort-plain 'bb sort in/words.txt | bb md5sum'
t sort-n 'bb sort -n in/nums.txt | bb head -n 20; bb sort -n in/nums.txt | bb tail -n 5'
t sort-r 'bb sort -r -n in/nums.txt | bb sha256sum'
t sort-k 'bb sort -k2,2n -k1,1 -k3,3r in/data.txt | bb head -n 40'
t sort-tu 'bb sort -t: -k3,3n -u in/csv.txt | bb head -n 30'
t uniq-c 'bb cut -d" " -f1 in/data.txt | bb sort | bb uniq -c'
# checksums, compression, archives
t sha256sum 'bb sha256sum in/*.txt in/bin.dat'
t md5sum 'bb md5sum in/*.txt in/bin.dat; bb md5sum -c <(bb md5sum in/a.txt)'
t sha1-512 'bb sha1sum in/big.txt; bb sha512sum in/big.txt in/bin.dat; bb cksum in/bin.dat'
t gzip-roundtrip 'bb gzip -c -9 in/big.txt > out/big.gz; bb gunzip -c out/big.gz | cmp - in/big.txt && echo same; bb md5sum < out/big.gz; bb wc -c < out/big.gz; bb gzip -1 -c < in/bin.dat | bb md5sum'
t gzip-test 'bb gzip -c in/words.txt | bb gzip -t && echo ok; printf "garbage" | bb gunzip -c; echo rc=$?'
t bzip2 'bb bzip2 -c in/words.txt > out/w.bz2; bb bzcat out/w.bz2 | bb md5sum; bb md5sum < out/w.bz2'
t tar-ctx 'cd in && bb tar cf ../out/t.tar tree && bb tar tf ../out/t.tar | bb sort && bb tar tvf ../out/t.tar | bb sort -k6 | bb head -n 3 && mkdir ../out/x && bb tar xf ../out/t.tar -C ../out/x && diff -r tree ../out/x/tree && echo extracted-same'
t tar-gz 'cd in && bb tar czf - tree | bb tar tzf - | bb sort'
# text tools
t od 'bb od -A x -t x1z in/bin.dat | bb head -n 40; bb od -A d -t d4 -N 64 in/bin.dat'
t hexdump 'bb hexdump -C in/bin.dat | bb head -n 20; bb xxd -l 64 in/bin.dat'
t printf 'bb printf '\''%5d|%-5s|%x|%o|%c|%.3f|%e|%g|%s\n'\'' 42 ab 255 8 Z 3.14159 12345.678 0.0001 end; bb printf '\''%b\n'\'' '\''a\tb\x41'\'''
t seq 'bb seq 1 3 100 | bb tr "\n" " "; echo; bb seq -w 8 12; bb seq 10 -2 1; bb seq -s, 0.5 0.25 2'
t expr 'bb expr 7 \* 6; bb expr length "hello world"; bb expr "abc123" : "[a-z]*\([0-9]*\)"; bb expr 2147483647 + 1; bb expr 5 \< 3; echo rc=$?'
t wc 'bb wc in/*.txt; bb wc -l < in/big.txt'
t tr 'bb tr a-z A-Z < in/a.txt; bb tr -d aeiou < in/a.txt | bb head -n 5; echo "a   b    c" | bb tr -s " "; bb tr -c -d "0-9\n" < in/csv.txt | bb tail -n 3'
t cut 'bb cut -d: -f1,3 in/csv.txt | bb tail -n 10; bb cut -c 2-5,8- in/a.txt | bb head -n 10'
t find 'cd in && bb find tree -type f -name "*.txt" | bb sort; bb find tree -type d | bb sort; bb find tree -size +1k | bb sort'
tq xargs 'bb seq 1 20 | bb xargs -n 6 echo; bb find in/tree -name "*.dat" | bb sort | bb xargs wc -c' \
    "qemu-arm without binfmt_misc cannot execve an ARM binary (/proc/self/exe)"
t dc-bc 'bb dc -e "2 64 ^ p 10 3 / p 7 k 1 3 / p"; echo "scale=30; 4*a(1); 2^100; sqrt(2)" | bb bc -l'
t head-tail 'bb head -n 3 in/big.txt; bb tail -n 3 in/big.txt; bb head -c 50 in/bin.dat | bb md5sum; bb tail -c 20 in/big.txt; bb tail -n +39998 in/big.txt'
t basename-dirname 'bb basename /usr/lib/libfoo.so .so; bb basename /a/b/; bb dirname /usr/lib/libfoo.so; bb dirname foo; bb dirname /'
t date 'bb date -d @0 -u; bb date -u -d @1234567890 "+%Y-%m-%d %H:%M:%S %j %a %s"; bb date -u -d "2024-02-29 12:34:56" +%s'
t cmp-diff 'bb cmp in/a.txt in/b.txt; echo rc=$?; bb cmp in/a.txt in/a.txt; echo rc=$?; bb diff -u in/a.txt in/b.txt | bb tail -n +3; echo rc=$?'
t base64 'bb base64 in/bin.dat | bb head -n 5; bb base64 in/bin.dat | bb base64 -d | cmp - in/bin.dat && echo same'
t factor 'bb factor 600851475143 1234567890123 4294967291 4294967297 2 1'
t misc-text 'bb rev in/a.txt | bb head -n 5; bb nl in/a.txt | bb tail -n 3; bb fold -w 7 in/a.txt | bb head -n 6; bb paste in/a.txt in/b.txt | bb head -n 4; bb comm -3 in/a.txt in/b.txt'
t stat 'bb stat -c "%n %s %F %a" in/a.txt in/tree in/bin.dat; bb du -s in/tree'
t yes-head 'bb yes xrun | bb head -n 4; bb yes | bb head -c 9 | bb od -c'
t false-true 'bb false; echo rc=$?; bb true; echo rc=$?; bb test 3 -gt 2; echo rc=$?; bb sh -c "exit 7"; echo rc=$?'
# bash (dynamic armhf): command substitution forks a child per call, whose
# SIGCHLD lands while the parent runs translated code; three at once.
t bash-fib 'for i in 1 2 3; do xb -c '\''fib() { local n=$1; if [ $n -lt 2 ]; then echo $n; else echo $(( $(fib $((n-1))) + $(fib $((n-2))) )); fi; }; fib 12'\'' & done; wait'
t bash-arrays 'xb -c '\''a=(x y "z w"); a+=(v); declare -A m=([k1]=1 [k2]=22); m[k3]=333; echo ${#a[@]} "${a[2]}" ${a[@]:1:2}; for k in $(printf "%s\n" "${!m[@]}" | sort); do echo $k=${m[$k]}; done; s="Hello World"; echo ${s^^} ${s,,} ${s/World/There} ${s:6:3}; [[ $s =~ ^H(el+)o ]] && echo ${BASH_REMATCH[1]}; printf -v p "%05.1f" 3.14159; echo $p'\'''
t bash-io 'xb -c '\''mapfile -t L < in/a.txt; echo ${#L[@]} ${L[3]}; read -r x y <<< "one two three"; echo "$y"; while IFS=: read -r n w r p; do s=$((s + r)); done < in/csv.txt; echo $s; diff <(sort in/a.txt) <(sort -r in/a.txt | sort) && echo same; exec 3> out/f; echo to3 >&3; exec 3>&-; cat out/f'\'''
t bash-traps 'xb -c '\''trap "echo exit-trap" EXIT; trap "echo got-usr1" USR1; kill -USR1 $$; f() { return 5; }; f || echo rc=$?; (exit 3); echo sub=$?; sleep 0.2 & wait $!; echo waited=$?; set -e; false || echo not-fatal'\'''

# -- Run. --

# In a snippet, bb runs the busybox and xb the bash of the side under test.
PRELUDE='bb() { $BBCMD "$@"; }; xb() { $XBCMD "$@"; }; '

# run_one I: case I in its own directory (hard-linked copy of the inputs, a
# fresh out/ for each runner), verdict in $WORK/c$I/res, printed at once.
run_one() {
    local i=$1 name=${NAMES[$1]} dir=$WORK/c$1
    mkdir -p "$dir"
    cp -al "$WORK/in" "$dir/in"
    {
        mkdir "$dir/out"
        run_case "$dir" "${SNIPS[$i]}" "$PRELUDE" "$dir/expected" BBCMD="$NATIVE_BB" XBCMD="$NATIVE_BASH"
        rm -rf "$dir/out" && mkdir "$dir/out"
        run_case "$dir" "${SNIPS[$i]}" "$PRELUDE" "$dir/got" BBCMD="$XRUN $ARM_BB" XBCMD="$XRUN -L $ARM_ROOT $ARM_BASH"
        if cmp -s "$dir/expected" "$dir/got"; then
            echo "PASS $name"
        elif [ -n "${XFAIL[$i]}" ] &&
            case $(basename "$xrun_cmd") in qemu-arm* | qemu-aarch64*) true ;; *) false ;; esac then
            echo "XFAIL $name: ${XFAIL[$i]}"
        else
            echo "FAIL $name: output differs (- native, + guest)"
            diff -u "$dir/expected" "$dir/got" | sed -n '3,40p'
            if [ -s "$dir/got.err" ]; then
                echo "  stderr:"
                head -n 10 "$dir/got.err" | sed 's/^/  | /'
            fi
        fi
    } >"$dir/res" 2>&1
    cat "$dir/res"
}

run_cases "$@"
