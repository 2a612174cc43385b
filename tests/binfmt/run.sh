#!/usr/bin/env bash
# binfmt_misc end to end (make check-binfmt), for every user-mode guest
# (GUESTS, default "arm aarch64"): its programs, static and dynamic,
# started as ./prog through xrun's entry with each flag (P, O, C, F), guest
# execve with and without an entry; the entries of all guests registered
# together; `xrun --binfmt status|install|uninstall` (refusal over a
# foreign entry, --force), and `make install DESTDIR=...`. The cases of
# one guest are a function run once per guest (guest_cases), with the
# guest's compiler, sysroot and ELF pattern from use_guest.
#
# The binfmt_misc registry is machine-wide and other ARM programs may be
# starting while this runs, so: every entry made here has a test-only name
# (xrt<pid>-...), lives only for one case, and on exit (trap, also when a
# case fails) the registry is put back exactly as it was found, disabled
# state included. The only entry of someone else's this may touch is none:
# the --force case runs only when the fake entry made here is the sole
# other claimant of ARM programs.
#
# Needs root (registering, chroot, set-uid files); without root only the
# installation cases run and the rest is reported as skipped.
set -u

BUILD=${BUILD:-build}
ROOT=$(pwd)
XRUN=$ROOT/$BUILD/xrun
XRUN_STATIC=$ROOT/build-static/xrun
GUESTS=${GUESTS:-arm aarch64}
DIR=/proc/sys/fs/binfmt_misc
PFX="xrt$$-"
FAKE="${PFX}fake"
# The ELF header pattern of every guest's entry: class and e_machine vary.
MASK='\xff\xff\xff\xff\xff\xff\xff\x00\xff\xff\xff\xff\xff\xff\xff\xff\xfe\xff\xff\xff'
T=30 # seconds any one program may take

# use_guest G: the guest's compiler (CROSS), sysroot and triplet, dynamic
# linker (LDSO), binfmt_misc pattern (MAGIC), what xrun calls its programs
# (DESC), its entry name (NAME), its own xrun link (GXRUN) and the
# directory its programs are built and run in (W).
use_guest() {
    G=$1
    local class machine
    case $G in
    arm)
        CROSS=${ARM_CROSS:-arm-linux-gnueabihf-gcc} TRIPLET=arm-linux-gnueabihf LDSO=ld-linux-armhf.so.3
        class='\x01' machine='\x28\x00' DESC="ARM (32-bit" ;;
    aarch64)
        CROSS=${AARCH64_CROSS:-aarch64-linux-gnu-gcc} TRIPLET=aarch64-linux-gnu LDSO=ld-linux-aarch64.so.1
        class='\x02' machine='\xb7\x00' DESC="AArch64 (64-bit ARM" ;;
    *) return 1 ;;
    esac
    SYSROOT=/usr/$TRIPLET
    MAGIC='\x7f\x45\x4c\x46'$class'\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x02\x00'$machine
    NAME=$PFX$G
    GXRUN=$ROOT/$BUILD/xrun-$G
    W=$tmp/$G
}

pass=0
fail=0
ok() { pass=$((pass + 1)); echo "ok   $1"; }
bad() { fail=$((fail + 1)); echo "FAIL $1: $2"; }
finish() {
    echo "binfmt: $pass passed, $fail failed"
    [ "$fail" = 0 ]
    exit
}

# check NAME FILE WANT...: FILE holds every WANT line (exact lines).
check() {
    local name=$1 file=$2 w missing=""
    shift 2
    for w in "$@"; do
        grep -qxF -- "$w" "$file" || missing="$missing [$w]"
    done
    if [ -z "$missing" ]; then ok "$name"; else
        bad "$name" "missing$missing; got: $(tr '\n' '|' <"$file" | head -c 600)"
    fi
}

tmp=$(mktemp -d "$ROOT/$BUILD/binfmt-test.XXXXXX") || { echo "FAIL: cannot make a temp dir"; fail=1; finish; }
chmod 755 "$tmp"
chroot_proc=""

# -- The registry, saved and restored --

entries() { ls "$DIR" 2>/dev/null | grep -vxE 'register|status' | sort; }

# Line to register a saved entry file again (magic or extension entries).
saved_line() {
    local name=$1 f=$2 interp flags off magic mask ext
    interp=$(sed -n 's/^interpreter //p' "$f")
    flags=$(sed -n 's/^flags: *//p' "$f")
    ext=$(sed -n 's/^extension \.//p' "$f")
    if [ -n "$ext" ]; then
        printf ':%s:E::%s::%s:%s' "$name" "$ext" "$interp" "$flags"
        return
    fi
    off=$(sed -n 's/^offset //p' "$f")
    magic=$(sed -n 's/^magic //p' "$f" | sed 's/../\\x&/g')
    mask=$(sed -n 's/^mask //p' "$f" | sed 's/../\\x&/g')
    printf ':%s:M:%s:%s:%s:%s:%s' "$name" "$off" "$magic" "$mask" "$interp" "$flags"
}

restored=0
restore() {
    [ "$restored" = 1 ] && return
    restored=1
    [ -n "$chroot_proc" ] && umount "$chroot_proc" 2>/dev/null
    [ -d "$DIR" ] || return
    local e n
    for e in "$DIR/$PFX"*; do
        [ -e "$e" ] && echo -1 >"$e" 2>/dev/null
    done
    for e in "$tmp"/before/*; do
        [ -f "$e" ] || continue
        n=$(basename "$e")
        if [ ! -e "$DIR/$n" ]; then
            saved_line "$n" "$e" >"$DIR/register" 2>/dev/null
        fi
        if head -n 1 "$e" | grep -qx enabled; then
            head -n 1 "$DIR/$n" 2>/dev/null | grep -qx disabled && echo 1 >"$DIR/$n"
        else
            head -n 1 "$DIR/$n" 2>/dev/null | grep -qx enabled && echo 0 >"$DIR/$n"
        fi
    done
}
cleanup() {
    restore
    rm -rf "$tmp"
}
trap cleanup EXIT
trap 'echo "FAIL: interrupted"; exit 1' INT TERM

# -- Fixtures --

if [ ! -x "$XRUN" ]; then
    bad "xrun" "$XRUN is missing (run make)"
    finish
fi
# The system python, which user nobody can run too.
PY=/usr/bin/python3
[ -x "$PY" ] || PY=$(command -v python3)
for tool in "$PY" setpriv unshare chroot readelf timeout; do
    command -v "$tool" >/dev/null || { bad "tools" "$tool is missing (python3, util-linux, coreutils, binutils)"; finish; }
done
# Per guest, in W: show and chain static and dynamic, a file with the
# guest's magic that no loader can run, and a sysroot whose dynamic linker
# is garbage (using it must fail).
for g in $GUESTS; do
    use_guest "$g" || { bad "guests" "no guest '$g' in this suite"; finish; }
    if ! command -v "$CROSS" >/dev/null; then
        bad "fixtures" "$CROSS is missing (tools/deps.sh installs the cross compilers)"
        finish
    fi
    mkdir -p "$W/evil/lib"
    chmod 755 "$W"
    for p in show chain; do
        "$CROSS" -O2 -static "tests/binfmt/$p.c" -o "$W/$p" &&
            "$CROSS" -O2 "tests/binfmt/$p.c" -o "$W/$p-dyn" ||
            { bad "fixtures" "cannot cross-compile tests/binfmt/$p.c for $g"; finish; }
    done
    head -c 52 "$W/show" >"$W/corrupt"
    chmod 755 "$W/corrupt"
    printf 'not a linker\n' >"$W/evil/lib/$LDSO"
done
# A RISC-V header (a machine xrun has no guest for).
printf '\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x02\x00\xf3\x00\x01\x00\x00\x00' >"$tmp/rv"
head -c 64 /dev/zero >>"$tmp/rv"
chmod 755 "$tmp/rv"

# run OUT CMD...: runs with a time limit in the guest's W, output (both
# streams) to OUT.
run() {
    local out=$1
    shift
    (cd "$W" && timeout $T "$@") >"$out" 2>&1 </dev/null
}
NOBODY=(setpriv --reuid=nobody --regid=nogroup --clear-groups)
# exec_as ARGV0 PROG ARGS...: a plain execve (no shell fallback on ENOEXEC,
# no path rewriting), with the given argv[0].
EXEC_AS=("$PY" -c 'import os, sys; os.execv(sys.argv[2], [sys.argv[1]] + sys.argv[3:])')
# Descriptors every program run from here inherits (the caller's): a
# program started through binfmt_misc must see no more than these.
use_guest arm
run "$tmp/base" "$GXRUN" ./show
base_fds=$(grep '^fds=' "$tmp/base")

# -- Installation (needs no root) --

dest=$tmp/dest
if make --no-print-directory -s install DESTDIR="$dest" PREFIX=/usr/local BUILD="$BUILD" >"$tmp/install.log" 2>&1; then
    missing=""
    for f in bin/xrun bin/xrun-static share/man/man1/xrun.1; do
        [ -f "$dest/usr/local/$f" ] || missing="$missing $f"
    done
    for g in $GUESTS; do
        [ -f "$dest/usr/local/lib/binfmt.d/xrun-$g.conf" ] || missing="$missing lib/binfmt.d/xrun-$g.conf"
        [ "$(readlink "$dest/usr/local/bin/xrun-$g")" = xrun ] || missing="$missing bin/xrun-$g(->xrun)"
    done
    [ -x "$dest/usr/local/bin/xrun" ] && [ -x "$dest/usr/local/bin/xrun-static" ] || missing="$missing (not executable)"
    if [ -z "$missing" ]; then ok "make install DESTDIR: layout"; else bad "make install DESTDIR: layout" "missing:$missing"; fi
    if readelf -l "$dest/usr/local/bin/xrun-static" 2>/dev/null | grep -q INTERP; then
        bad "make install: xrun-static" "has a PT_INTERP (not static)"
    else ok "make install: xrun-static is static"; fi
    # conf_line_G: each guest's installed line, registered again below.
    for g in $GUESTS; do
        use_guest "$g"
        conf=$dest/usr/local/lib/binfmt.d/xrun-$g.conf
        line=$(grep '^:' "$conf")
        printf -v "conf_line_$g" '%s' "$line"
        want=":xrun-$g:M:0:$MAGIC:$MASK:/usr/local/bin/xrun-static:POF"
        if [ "$line" = "$want" ] && [ "$(grep -c '^:' "$conf")" = 1 ]; then
            ok "binfmt.d file: xrun-$g entry, installed xrun-static, flags POF"
        else bad "binfmt.d file xrun-$g.conf" "got '$line'"; fi
    done
    man=$dest/usr/local/share/man/man1/xrun.1
    if command -v groff >/dev/null && command -v man >/dev/null; then
        MANWIDTH=80 man -l "$man" >"$tmp/man.txt" 2>"$tmp/man.err"
        if [ -s "$tmp/man.err" ]; then bad "man -l xrun.1" "warnings: $(head -c 300 "$tmp/man.err")"
        elif grep -q '^NAME' "$tmp/man.txt" && grep -q '^BINFMT_MISC' "$tmp/man.txt" &&
            grep -qE 'xrun, +xrun-arm, +xrun-aarch64, +xrun-static' "$tmp/man.txt"; then ok "man -l renders xrun.1"
        else bad "man -l xrun.1" "sections missing: $(head -c 300 "$tmp/man.txt")"; fi
    else
        echo "note: groff/man absent, checking the page's sections with grep"
        if grep -q '^\.SH NAME' "$man" && grep -q '^\.SH SYNOPSIS' "$man" && grep -q '^\.SH BINFMT_MISC' "$man"; then
            ok "xrun.1 sections"
        else bad "xrun.1 sections" "NAME/SYNOPSIS/BINFMT_MISC missing"; fi
    fi
    # Every option -h prints is in the man page.
    missing=""
    for o in $("$XRUN" -h | grep -oE '(^| )--?[a-z0-9][a-z-]*' | sort -u); do
        grep -qF -- "$(printf '%s' "$o" | sed 's/-/\\-/g')" docs/xrun.1 || missing="$missing $o"
    done
    if [ -z "$missing" ]; then ok "xrun.1 documents every option of -h"; else bad "xrun.1 options" "missing:$missing"; fi
    make --no-print-directory -s uninstall DESTDIR="$dest" PREFIX=/usr/local >>"$tmp/install.log" 2>&1
    left=$(find "$dest" -type f -o -type l)
    if [ -z "$left" ]; then ok "make uninstall removes every file"; else bad "make uninstall" "left: $left"; fi
else
    bad "make install DESTDIR" "failed: $(tail -n 5 "$tmp/install.log")"
fi

# -- Command line errors (no registry change) --

# err NAME WANT CMD...: exit 1, one stderr line "xrun: ..." containing WANT.
err() {
    local name=$1 want=$2
    shift 2
    "$@" >"$tmp/o" 2>"$tmp/e" </dev/null
    local rc=$?
    if [ "$rc" = 1 ] && [ "$(wc -l <"$tmp/e")" = 1 ] && grep -q '^xrun: ' "$tmp/e" &&
        grep -qF -- "$want" "$tmp/e"; then ok "$name"
    else bad "$name" "rc=$rc stderr: $(head -c 300 "$tmp/e")"; fi
}
err "bad --flags" "bad binfmt_misc flags" "$XRUN" --binfmt install --flags PX --name-prefix "$PFX"
err "repeated flag" "bad binfmt_misc flags" "$XRUN" --binfmt install --flags PP --name-prefix "$PFX"
err "missing --path" "No such file or directory" "$XRUN" --binfmt install --path "$tmp/nope" --name-prefix "$PFX"
printf '#!/bin/sh\n' >"$tmp/script"
chmod 755 "$tmp/script"
err "--path a script" "not an ELF executable" "$XRUN" --binfmt install --path "$tmp/script" --name-prefix "$PFX"
err "unknown command" "unknown command 'frob'" "$XRUN" --binfmt frob
err "unknown option" "unknown option '--bogus'" "$XRUN" --binfmt status --bogus
err "no command" "needs install, uninstall or status" "$XRUN" --binfmt
err "bad name prefix" "--name-prefix 'a/b'" "$XRUN" --binfmt install --name-prefix a/b
err "--binfmt not first" "--binfmt must come first" "$XRUN" -strace --binfmt status
if [ "$(id -u)" = 0 ]; then
    err "install as non-root" "needs root" "${NOBODY[@]}" "$XRUN" --binfmt install --name-prefix "$PFX"
    err "uninstall as non-root" "needs root" "${NOBODY[@]}" "$XRUN" --binfmt uninstall --name-prefix "$PFX"
fi

if [ "$(id -u)" != 0 ]; then
    echo "skip: the binfmt_misc cases need root (registering entries, chroot, set-uid files)"
    finish
fi

# -- binfmt_misc: mounted, state saved --

if [ ! -e "$DIR/register" ]; then
    if ! mount -t binfmt_misc binfmt_misc "$DIR" 2>"$tmp/mount.err"; then
        echo "skip: binfmt_misc cannot be mounted on $DIR: $(cat "$tmp/mount.err")"
        finish
    fi
fi
# In a private mount namespace (nothing propagates out): status mounts
# binfmt_misc when it is missing, and without root says it cannot.
if unshare -m sh -c "umount $DIR && '$XRUN' --binfmt status && test -e $DIR/register" >"$tmp/o" 2>&1 &&
    grep -q "^binfmt_misc on $DIR: enabled" "$tmp/o"; then ok "status mounts binfmt_misc when it is not mounted"
else bad "status mounts binfmt_misc" "$(head -c 300 "$tmp/o")"; fi
err "not mounted, not root" "binfmt_misc is not mounted on $DIR (mounting it needs root)" \
    unshare -m sh -c "umount $DIR && exec ${NOBODY[*]} '$XRUN' --binfmt status"
mkdir "$tmp/before"
for n in $(entries); do cat "$DIR/$n" >"$tmp/before/$n"; done
entries >"$tmp/before.list"
for n in $(entries); do head -n 1 "$DIR/$n"; done >"$tmp/before.state"

# others_of G: other enabled entries that claim G's programs (qemu-arm,
# say): the refusal/--force cases and "no entry -> ENOEXEC" need there to
# be none, and with some the test entries are registered directly.
others_of() {
    "$XRUN" --binfmt status | awk -v g="$1" 'NR > 2 && $2 == "enabled" && $4 ~ "(^|,)" g "(,|$)" {print $1}'
}

# reg FLAGS [PATH]: registers the test entries (xrun --binfmt install:
# one per guest), or only the current guest's, written by hand, when
# another entry would make install refuse.
reg() {
    local flags=$1 path=${2:-$XRUN}
    unreg
    if [ -z "$others" ] &&
        "$XRUN" --binfmt install --name-prefix "$PFX" --flags "$flags" --path "$path" >"$tmp/reg.log" 2>&1; then
        return
    fi
    # Refused: an entry of someone else's appeared since the start.
    grep -q 'already handles' "$tmp/reg.log" 2>/dev/null && others=${others:-late}
    printf ':%s:M:0:%s:%s:%s:%s' "$NAME" "$MAGIC" "$MASK" "$path" "$flags" >"$DIR/register"
}
unreg() {
    local g
    for g in $GUESTS; do
        [ -e "$DIR/$PFX$g" ] && echo -1 >"$DIR/$PFX$g"
    done
}

# guest_cases: every case of one guest (use_guest first). Check names
# start with the guest.
guest_cases() {
    local v rc rc1 rc2 rc3 rc4 croot
    others=$(others_of "$G")
    if [ -n "$others" ]; then
        echo "note: other enabled entries claim $G programs ($others); test entries are registered directly"
    fi

    # -- P: argv[0] preserved --

    for v in "" -dyn; do
        reg P
        run "$tmp/out" "${EXEC_AS[@]}" my-name "./show$v" one 'two words'
        unreg
        check "$G: P$v: argv[0] kept, path in exe/AT_EXECFN" "$tmp/out" \
            "argc=3" "argv[0]=my-name" "argv[1]=one" "argv[2]=two words" \
            "exe=$W/show$v" "execfn=./show$v" "execfd=0" "$base_fds"
    done
    reg ""
    run "$tmp/out" "${EXEC_AS[@]}" my-name ./show one
    unreg
    check "$G: no P: argv[0] is the path" "$tmp/out" "argc=2" "argv[0]=./show" "argv[1]=one" "exe=$W/show"

    # -- O: the program from AT_EXECFD, even execute-only --

    cp "$W/show" "$W/show-xo"
    cp "$W/show-dyn" "$W/show-dyn-xo"
    chmod 711 "$W/show-xo" "$W/show-dyn-xo"
    for v in "" -dyn; do
        reg PO
        run "$tmp/out" "${NOBODY[@]}" "./show$v-xo" a
        unreg
        check "$G: O$v: execute-only program runs, no fd leaks" "$tmp/out" \
            "argv[0]=./show$v-xo" "argv[1]=a" "exe=$W/show$v-xo" "execfn=./show$v-xo" \
            "uid=65534 euid=65534" "execfd=0" "$base_fds"
    done
    # With stdin closed the kernel's descriptor for the program is 0.
    reg O
    run "$tmp/out" "${NOBODY[@]}" "$PY" -c 'import os, sys; os.close(0); os.execv(sys.argv[1], sys.argv[1:])' ./show-xo a
    unreg
    check "$G: O: program descriptor 0 (stdin closed)" "$tmp/out" "argv[0]=./show-xo" "argv[1]=a" "exe=$W/show-xo" "execfd=0"
    reg P
    run "$tmp/out" "${NOBODY[@]}" ./show-xo a
    rc=$?
    unreg
    if [ "$rc" != 0 ] && grep -q 'Permission denied' "$tmp/out"; then ok "$G: without O an execute-only program cannot be read"
    else bad "$G: without O" "rc=$rc: $(head -c 300 "$tmp/out")"; fi

    # -- C: credentials from the program --

    cp "$W/show" "$W/show-suid"
    cp "$W/show-dyn" "$W/show-dyn-suid"
    chown root:root "$W/show-suid" "$W/show-dyn-suid"
    chmod 4755 "$W/show-suid" "$W/show-dyn-suid"
    for v in "" -dyn; do
        reg POC
        run "$tmp/out" "${NOBODY[@]}" "./show$v-suid"
        unreg
        check "$G: C$v: set-uid root program runs with euid 0, AT_SECURE 1" "$tmp/out" \
            "uid=65534 euid=0" "secure=1" "exe=$W/show$v-suid" "execfd=0" "$base_fds"
    done
    reg PO
    run "$tmp/out" "${NOBODY[@]}" ./show-suid
    unreg
    check "$G: without C the set-uid bit is not applied" "$tmp/out" "uid=65534 euid=65534" "secure=0"
    # A set-uid start must not let the caller pick the guest's dynamic linker.
    reg PO
    run "$tmp/out" env XRUN_LD_PREFIX="$W/evil" ./show-dyn
    rc=$?
    unreg
    if [ "$rc" != 0 ]; then ok "$G: XRUN_LD_PREFIX is honoured on an ordinary start"
    else bad "$G: XRUN_LD_PREFIX" "the garbage linker under it was not used"; fi
    reg POC
    run "$tmp/out" "${NOBODY[@]}" env XRUN_LD_PREFIX="$W/evil" ./show-dyn-suid
    unreg
    check "$G: C: XRUN_LD_PREFIX ignored for a set-uid start" "$tmp/out" "uid=65534 euid=0" "secure=1"

    # -- execve from a guest --

    reg POF
    run "$tmp/out" ./chain ./show-dyn ./show-dyn x
    rc1=$?
    run "$tmp/out2" "$GXRUN" ./chain-dyn ./show ./show y
    rc2=$?
    run "$tmp/out3" ./chain ./corrupt ./corrupt
    rc3=$?
    run "$tmp/out4" ./corrupt
    rc4=$?
    unreg
    check "$G: execve under binfmt: started by the kernel" "$tmp/out" "chain: exec ./show-dyn" "argv[0]=./show-dyn" "argv[1]=x" "exe=$W/show-dyn"
    [ "$rc1" = 0 ] || bad "$G: execve under binfmt" "exit $rc1"
    check "$G: execve under binfmt: started as xrun-$G" "$tmp/out2" "argv[0]=./show" "argv[1]=y" "exe=$W/show"
    [ "$rc2" = 0 ] || bad "$G: execve, xrun-$G with binfmt" "exit $rc2"
    if [ "$rc3" = 1 ] && [ "$(grep -c '^xrun: ./corrupt: ' "$tmp/out3")" = 1 ] && [ "$(wc -l <"$tmp/out3")" = 2 ]; then ok "$G: execve of an unloadable file fails once, no loop"
    else bad "$G: execve of an unloadable file" "rc=$rc3 (124 = timeout): $(head -c 300 "$tmp/out3")"; fi
    if [ "$rc4" = 1 ] && [ "$(wc -l <"$tmp/out4")" = 1 ]; then ok "$G: binfmt start of an unloadable file: one error, no loop"
    else bad "$G: binfmt start of an unloadable file" "rc=$rc4: $(head -c 300 "$tmp/out4")"; fi

    # A set-uid program goes to the kernel first, so an entry with C applies.
    reg POC
    run "$tmp/out5" "${NOBODY[@]}" ./chain ./show-suid ./show-suid
    unreg
    check "$G: execve of a set-uid program under a C entry: euid 0" "$tmp/out5" "chain: exec ./show-suid" "uid=65534 euid=0" "secure=1"
    run "$tmp/out" "$GXRUN" ./chain ./show-dyn ./show-dyn z
    check "$G: execve without binfmt re-runs xrun" "$tmp/out" "argv[0]=./show-dyn" "argv[1]=z" "exe=$W/show-dyn"
    if [ -z "$others" ]; then
        run "$tmp/out" "$GXRUN" ./chain ../rv ../rv
        check "$G: execve of a machine without a guest goes to the kernel" "$tmp/out" "chain: execve: Exec format error"
        run "$tmp/out" "${EXEC_AS[@]}" ./show ./show
        rc=$?
        if [ "$rc" != 0 ] && grep -q 'Exec format error' "$tmp/out"; then ok "$G: no entry: ./prog is refused by the kernel"
        else bad "$G: no entry" "rc=$rc: $(head -c 200 "$tmp/out")"; fi
    fi

    # -- F: a chroot with no xrun in it --

    if [ ! -x "$XRUN_STATIC" ]; then
        bad "$G: F" "$XRUN_STATIC is missing (make static)"
        return
    fi
    croot=$W/root
    mkdir -p "$croot/bin" "$croot/lib/$TRIPLET" "$croot/proc"
    cp "$W/show" "$W/chain" "$W/show-dyn" "$croot/bin/"
    cp "$SYSROOT/lib/$LDSO" "$croot/lib/"
    cp "$SYSROOT/lib/libc.so.6" "$croot/lib/$TRIPLET/"
    reg POF "$XRUN_STATIC"
    run "$tmp/out" chroot "$croot" /bin/show a
    run "$tmp/out2" chroot "$croot" /bin/show-dyn b
    unreg
    check "$G: F: static program in a chroot without xrun" "$tmp/out" "argv[0]=/bin/show" "argv[1]=a" "execfn=/bin/show" "exe=/bin/show"
    check "$G: F: dynamic program in a chroot without xrun" "$tmp/out2" "argv[0]=/bin/show-dyn" "argv[1]=b"
    # Without P in the entry, the kernel replaces argv[0] by the path while
    # xrun re-running itself keeps it: that tells which way execve went.
    reg F "$XRUN_STATIC"
    run "$tmp/out3" chroot "$croot" /bin/chain /bin/show my-c c
    printf '#!/bin/show hello\n' >"$croot/bin/scr"
    chmod 755 "$croot/bin/scr"
    run "$tmp/out5" chroot "$croot" /bin/chain /bin/scr my-e e
    mount -t proc proc "$croot/proc" && chroot_proc=$croot/proc
    run "$tmp/out4" chroot "$croot" /bin/chain /bin/show-dyn my-d d
    [ -n "$chroot_proc" ] && umount "$chroot_proc" && chroot_proc=""
    unreg
    check "$G: F: guest execve in a chroot without /proc goes through the kernel" "$tmp/out3" "chain: exec /bin/show" "argv[0]=/bin/show" "argv[1]=c"
    check "$G: F: guest execve of a script for the guest's interpreter in a chroot without /proc" "$tmp/out5" "chain: exec /bin/scr" "argv[0]=/bin/show" "argv[1]=hello" "argv[2]=/bin/scr" "argv[3]=e"
    check "$G: F: guest execve in a chroot with /proc re-runs xrun (/proc/self/exe)" "$tmp/out4" "chain: exec /bin/show-dyn" "argv[0]=my-d" "argv[1]=d" "exe=/bin/show-dyn"
    reg PO "$XRUN_STATIC"
    run "$tmp/out" chroot "$croot" /bin/show a
    rc=$?
    unreg
    if [ "$rc" != 0 ]; then ok "$G: without F the chroot cannot reach xrun"
    else bad "$G: without F" "the program ran: $(head -c 200 "$tmp/out")"; fi
}

for g in $GUESTS; do
    use_guest "$g"
    guest_cases
done

# -- The guests' entries together --

# One install registers an entry per guest; a program of each runs
# through its own entry, side by side, and uninstall removes them all.
if [ -z "$(for g in $GUESTS; do others_of "$g"; done)" ]; then
    "$XRUN" --binfmt install --name-prefix "$PFX" --flags POF --path "$XRUN_STATIC" >"$tmp/o" 2>&1
    "$XRUN" --binfmt status >"$tmp/status"
    for g in $GUESTS; do
        use_guest "$g"
        if grep -qE "^$NAME +enabled +POF +$g +$XRUN_STATIC\$" "$tmp/status"; then ok "together: $NAME registered for $g"
        else bad "together: $NAME" "not in status: $(head -c 600 "$tmp/status")"; fi
        run "$tmp/out-$g" ./show-dyn "$g"
        check "together: a dynamic $g program runs through its entry" "$tmp/out-$g" "argv[0]=./show-dyn" "argv[1]=$g" "exe=$W/show-dyn"
    done
    "$XRUN" --binfmt uninstall --name-prefix "$PFX" >"$tmp/un" 2>&1
    left=""
    for g in $GUESTS; do
        [ -e "$DIR/$PFX$g" ] && left="$left $PFX$g"
    done
    if [ -z "$left" ] && [ "$(grep -c "^removed $PFX" "$tmp/un")" = "$(echo $GUESTS | wc -w)" ]; then
        ok "together: uninstall removes every guest's entry"
    else bad "together: uninstall" "left:$left; $(cat "$tmp/un")"; fi
else
    echo "skip: entries together: other enabled entries claim the guests' programs"
fi

# -- status, refusal over a foreign entry, --force, uninstall --

# The foreign entry claims the first guest's programs.
use_guest "${GUESTS%% *}"
others=$(others_of "$G")
if [ -z "$others" ]; then
    printf ':%s:M:0:%s:%s:/bin/false:' "$FAKE" "$MAGIC" "$MASK" >"$DIR/register"
    "$XRUN" --binfmt install --name-prefix "$PFX" >"$tmp/o" 2>"$tmp/e"
    rc=$?
    "$XRUN" --binfmt install --name-prefix "$PFX" --force --path "$XRUN" --flags POF >"$tmp/o2" 2>"$tmp/e2"
    rc2=$?
    fake_state=$(head -n 1 "$DIR/$FAKE")
    "$XRUN" --binfmt status >"$tmp/status"
    n_entries=$(entries | wc -l)
    run "$tmp/out" ./show s
    "$XRUN" --binfmt uninstall --name-prefix "$PFX" >"$tmp/un" 2>&1
    rc3=$?
    "$XRUN" --binfmt uninstall --name-prefix "$PFX" >"$tmp/un2" 2>&1
    rc4=$?
    gone=1
    [ -e "$DIR/$NAME" ] && gone=0
    echo -1 >"$DIR/$FAKE"
    if [ "$rc" = 1 ] && [ "$(wc -l <"$tmp/e")" = 1 ] && grep -qF "entry '$FAKE' (interpreter /bin/false) already handles $DESC" "$tmp/e" &&
        [ ! -s "$tmp/o" ]; then ok "install refuses over an enabled foreign entry"
    else bad "install refusal" "rc=$rc: $(cat "$tmp/e" "$tmp/o" | head -c 300)"; fi
    if [ "$rc2" = 0 ] && [ "$fake_state" = disabled ] && grep -q "disabled binfmt_misc entry $FAKE" "$tmp/o2"; then
        ok "--force disables the foreign entry and registers"
    else bad "--force" "rc=$rc2 fake=$fake_state: $(cat "$tmp/o2" "$tmp/e2" | head -c 300)"; fi
    if grep -qE "^$NAME +enabled +POF +$G +$XRUN\$" "$tmp/status" &&
        grep -qE "^$FAKE +disabled +- +$G +/bin/false\$" "$tmp/status" &&
        grep -q "^binfmt_misc on $DIR: enabled, [0-9]* entr" "$tmp/status"; then
        ok "status lists xrun's and foreign entries with state, flags, guest, interpreter"
    else bad "status" "$(head -c 600 "$tmp/status")"; fi
    n_listed=$(($(wc -l <"$tmp/status") - 2))
    if [ "$n_listed" = "$n_entries" ] && grep -q "^binfmt_misc on $DIR: enabled, $n_entries entr" "$tmp/status"; then
        ok "status lists every entry ($n_entries)"
    else bad "status count" "$n_listed listed, $n_entries registered"; fi
    check "after --force our entry runs the program" "$tmp/out" "argv[1]=s" "exe=$W/show"
    if [ "$rc3" = 0 ] && [ "$gone" = 1 ] && grep -qx "removed $NAME" "$tmp/un" &&
        [ "$rc4" = 0 ] && grep -qx "$NAME: not registered" "$tmp/un2"; then ok "uninstall removes the entry (and again is harmless)"
    else bad "uninstall" "rc=$rc3/$rc4 gone=$gone: $(cat "$tmp/un" "$tmp/un2")"; fi
else
    echo "skip: refusal/--force cases: other enabled entries claim $G programs ($others)"
fi

# Each installed binfmt.d line registers the same entry as --binfmt install.
for g in $GUESTS; do
    use_guest "$g"
    others=$(others_of "$G")
    line_var=conf_line_$g
    [ -n "${!line_var:-}" ] || continue
    printf '%s' "${!line_var}" | sed "s|^:xrun-$g:|:${PFX}conf:|; s|:/usr/local/bin/xrun-static:|:$XRUN_STATIC:|" >"$tmp/conf.line"
    reg POF "$XRUN_STATIC"
    cat "$tmp/conf.line" >"$DIR/register" && echo 0 >"$DIR/${PFX}conf"
    if [ -e "$DIR/${PFX}conf" ] && diff <(tail -n +2 "$DIR/$NAME") <(tail -n +2 "$DIR/${PFX}conf") >"$tmp/d"; then
        ok "$g: binfmt.d line == xrun --binfmt install entry"
    else bad "$g: binfmt.d line vs install" "$(cat "$tmp/d")"; fi
    echo -1 >"$DIR/${PFX}conf" 2>/dev/null
    unreg
done

# -- The registry as found --

restore
entries >"$tmp/after.list"
for n in $(entries); do head -n 1 "$DIR/$n"; done >"$tmp/after.state"
if cmp -s "$tmp/before.list" "$tmp/after.list" && cmp -s "$tmp/before.state" "$tmp/after.state"; then
    ok "binfmt_misc entries restored as found ($(wc -l <"$tmp/before.list") entries)"
else bad "restore" "before: $(tr '\n' ' ' <"$tmp/before.list") after: $(tr '\n' ' ' <"$tmp/after.list")"; fi
finish
