#!/usr/bin/env bash
# A Debian armhf root filesystem under xrun: debootstrap's second stage and
# ordinary work inside the chroot.
#
#   1. first stage, host-native: `debootstrap --foreign --arch=armhf
#      --variant=minbase bookworm ROOT` unpacked from a cached tarball
#      (tests/cache/debootstrap/, made once with --make-tarball; needs the
#      network only that first time);
#   2. second stage under xrun: `chroot ROOT /debootstrap/debootstrap
#      --second-stage` (timed), then apt, dpkg, perl, bash, coreutils, find,
#      tar, gzip and /proc checks inside the chroot, compared with the host's
#      own tools run on the same files where an answer is not fixed.
#
# How guest programs reach xrun (printed as "mode: ..."):
#   binfmt  the static xrun registered with binfmt_misc (flag F) under the
#           test-only name xrun-rootfs-test; the newest entry is the one the
#           kernel tries first, so it wins over any other ARM entry while it
#           exists. A stale entry of that name is replaced; on exit (or
#           INT/TERM/HUP) a trap removes it, which leaves the host's entries as
#           they were; a binfmt_misc the test had to mount is in its private
#           mount namespace and goes away with it. (A user namespace's own
#           binfmt_misc would be private, but the second stage needs mknod,
#           which a user namespace forbids.)
#   copy    the static xrun copied to ROOT/usr/local/bin/xrun-arm and every
#           command started through it (execve'd foreign programs run under
#           xrun again). Used when binfmt_misc cannot be mounted, or with
#           ROOTFS_MODE=copy.
# Both run in a private mount + pid namespace, so the chroot's mounts vanish
# with it. A few copy-mode checks run in binfmt mode too.
#
# Run from the repository root as root (make check-rootfs); the static xrun
# is XRUN_STATIC (default build-static/xrun). XRUN_LOG=unimp is set for every
# guest program, and any "xrun: unsupported" line in the outputs is a failure.
# KEEP=1 keeps the work directory.
set -u

RELEASE=bookworm
MIRROR=${MIRROR:-http://deb.debian.org/debian}
CACHE_DIR=${ROOTFS_CACHE:-tests/cache/debootstrap}
TARBALL=$CACHE_DIR/$RELEASE-armhf-minbase.tgz
XRUN_STATIC=${XRUN_STATIC:-build-static/xrun}
BINFMT_NAME=xrun-rootfs-test
# The second stage takes 1.5 min on an idle 2-core machine, far longer on a busy one.
STAGE2_TIMEOUT=${STAGE2_TIMEOUT:-2400}
GUEST_PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin

# -- Inside the namespace: second stage and checks --------------------------

# run_inner MODE ROOT WORK: prints PASS/FAIL lines; exit 3 if binfmt_misc
# cannot be set up (the caller then falls back to copy mode).
run_inner() {
    local mode=$1 root=$2 work=$3
    local pass=0 fail=0

    if [ "$mode" = binfmt ]; then
        local bm=/proc/sys/fs/binfmt_misc
        if [ ! -e "$bm/register" ]; then
            mount -t binfmt_misc binfmt_misc "$bm" 2>/dev/null || exit 3
            [ -e "$bm/register" ] || exit 3
        fi
        [ -e "$bm/$BINFMT_NAME" ] && echo -1 >"$bm/$BINFMT_NAME"
        # ARM ELF32 little-endian executables and shared objects (ET_EXEC,
        # ET_DYN), as binfmt_misc matches them: magic and mask of 20 bytes.
        local magic='\x7fELF\x01\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x02\x00\x28\x00'
        local mask='\xff\xff\xff\xff\xff\xff\xff\x00\xff\xff\xff\xff\xff\xff\xff\xff\xfe\xff\xff\xff'
        echo ":$BINFMT_NAME:M::$magic:$mask:$work/xrun:F" >"$bm/register" 2>/dev/null || exit 3
        trap 'echo -1 > /proc/sys/fs/binfmt_misc/'"$BINFMT_NAME"' 2>/dev/null' EXIT
        trap 'exit 1' INT TERM HUP
        echo "mode: binfmt (entry $BINFMT_NAME, flags F, interpreter $work/xrun)"
    else
        echo "mode: copy (chroot ROOT /usr/local/bin/xrun-arm PROGRAM ...)"
    fi

    pass() { pass=$((pass + 1)); echo "PASS $1"; }
    fail() { fail=$((fail + 1)); echo "FAIL $1: $2"; }

    # g OUT CMD...: runs CMD in the chroot through the mode's path; stdout to
    # OUT, stderr to OUT.err (both kept for the unsupported-call check).
    # The time limit is $limit seconds (raised for the second stage).
    local limit=300
    g() {
        local out=$1
        shift
        local pre=()
        if [ "$mode" = copy ]; then
            pre=(/usr/local/bin/xrun-arm)
            local cmd=$1 d
            shift
            # xrun takes a program path, as execve does: PATH is ours to search.
            if [[ $cmd != */* ]]; then
                for d in ${GUEST_PATH//:/ }; do
                    if [ -f "$root$d/$cmd" ] && [ -x "$root$d/$cmd" ]; then
                        cmd=$d/$cmd
                        break
                    fi
                done
            fi
            set -- "$cmd" "$@"
        fi
        env -i PATH=$GUEST_PATH HOME=/root LC_ALL=C TZ=UTC XRUN_LOG=unimp \
            timeout $limit chroot "$root" "${pre[@]}" "$@" >"$out" 2>"$out.err" </dev/null
    }
    # gcopy OUT CMD...: the same through the copied xrun, whatever the mode.
    gcopy() {
        local out=$1
        shift
        env -i PATH=$GUEST_PATH HOME=/root LC_ALL=C TZ=UTC XRUN_LOG=unimp \
            timeout 300 chroot "$root" /usr/local/bin/xrun-arm "$@" >"$out" 2>"$out.err" </dev/null
    }
    # same NAME FILE_GUEST FILE_HOST: the guest's answer equals the host's.
    same() {
        if [ ! -s "$2" ]; then
            fail "$1" "no output ($(head -c 300 "$2.err" 2>/dev/null))"
        elif cmp -s "$2" "$3"; then
            pass "$1"
        else
            fail "$1" "differs from the host: $(diff "$2" "$3" | head -5 | tr '\n' '|')"
        fi
    }
    # has NAME FILE REGEX: FILE has a line matching REGEX (grep -E).
    has() {
        if grep -qE -- "$3" "$2"; then
            pass "$1"
        else
            fail "$1" "no line matching '$3' in: $(head -c 300 "$2" | tr '\n' '|') $(head -c 200 "$2.err" 2>/dev/null)"
        fi
    }

    mkdir -p "$root/usr/local/bin"
    cp "$work/xrun" "$root/usr/local/bin/xrun-arm"
    local o=$work/out
    mkdir -p "$o"

    # -- Second stage --
    local t0 t1 rc
    t0=$(date +%s)
    limit=$STAGE2_TIMEOUT
    if [ "$mode" = copy ]; then
        g "$o/stage2" /bin/sh /debootstrap/debootstrap --second-stage
    else
        g "$o/stage2" /debootstrap/debootstrap --second-stage
    fi
    rc=$?
    limit=300
    t1=$(date +%s)
    echo "second stage: $((t1 - t0)) s under xrun (exit status $rc$([ $rc = 124 ] && echo ", timed out after $STAGE2_TIMEOUT s"))"
    if [ $rc = 0 ] && grep -q "Base system installed successfully" "$o/stage2"; then
        pass "second stage completes"
    else
        fail "second stage completes" "exit status $rc; $(tail -n 5 "$o/stage2" "$o/stage2.err" | tr '\n' '|')"
        tail -n 30 "$root/debootstrap/debootstrap.log" 2>/dev/null | sed 's/^/    /'
        echo "rootfs-inner: $pass passed, $fail failed"
        exit 1
    fi
    if [ -L "$root/proc" ] || [ ! -d "$root/proc" ]; then
        fail "/proc in the chroot" "ROOT/proc is not a directory after the second stage"
    else
        mount -t proc proc "$root/proc"
    fi

    # -- Packages --
    g "$o/status" dpkg-query -W -f '${db:Status-Abbrev}${binary:Package}\n'
    local n_ii n_all
    n_ii=$(grep -c '^ii ' "$o/status")
    n_all=$(grep -c . "$o/status")
    if [ "$n_all" -ge 80 ] && [ "$n_ii" = "$n_all" ]; then
        pass "dpkg: all $n_all packages installed (ii)"
    else
        fail "dpkg: all packages installed" "$n_ii of $n_all are ii: $(grep -v '^ii ' "$o/status" | head -3 | tr '\n' ' ')"
    fi
    g "$o/apt" apt-get --version
    has "apt-get --version" "$o/apt" '^apt [0-9.]+ \(armhf\)$'
    g "$o/dpkgl" dpkg -l
    has "dpkg -l" "$o/dpkgl" '^ii +dpkg +[0-9.]+ +armhf '
    g "$o/arch" dpkg --print-architecture
    has "dpkg --print-architecture" "$o/arch" '^armhf$'

    # -- Interpreters --
    local perl_prog='use List::Util qw(sum max); my %h = map { $_ => $_ ** 2 } 1..20; printf "%d %d %s %.4f\n", sum(values %h), max(keys %h), join(",", sort { $b <=> $a } grep { /1/ } keys %h), atan2(1, 1) * 4; print scalar(reverse("xrun")), "\n"'
    g "$o/perl" perl -e "$perl_prog"
    perl -e "$perl_prog" >"$o/perl.host"
    same "perl one-liner" "$o/perl" "$o/perl.host"

    cat >"$root/tmp/script.sh" <<'EOS'
#!/bin/bash
set -e
declare -A seen
words=(pear apple fig apple kiwi pear apple)
for w in "${words[@]}"; do seen[$w]=$(( ${seen[$w]:-0} + 1 )); done
for k in $(printf '%s\n' "${!seen[@]}" | sort); do echo "$k=${seen[$k]}"; done
fib() { local n=$1; if (( n < 2 )); then echo $n; else echo $(( $(fib $((n-1))) + $(fib $((n-2))) )); fi; }
echo "fib(12)=$(fib 12)"
x=$(printf 'a b c\n' | tr ' ' '\n' | wc -l)
echo "lines=$x"
while read -r a b; do echo "[$b:$a]"; done <<EOF
one 1
two 2
EOF
s="Hello, World"; echo "${s,,} ${s^^} ${s/World/xrun} ${#s}"
trap 'echo trapped' EXIT
EOS
    chmod 755 "$root/tmp/script.sh"
    if [ "$mode" = copy ]; then g "$o/bash" /bin/bash /tmp/script.sh; else g "$o/bash" /tmp/script.sh; fi
    (cd "$root/tmp" && LC_ALL=C bash ./script.sh) >"$o/bash.host" 2>&1
    same "bash script" "$o/bash" "$o/bash.host"

    # -- Coreutils, find, tar, gzip: answers compared with the host's --
    g "$o/ls" ls -1a /usr/bin
    (cd "$root/usr/bin" && LC_ALL=C ls -1a) >"$o/ls.host"
    same "ls" "$o/ls" "$o/ls.host"
    g "$o/lsl" ls -l --time-style=+%s /etc/passwd
    LC_ALL=C ls -l --time-style=+%s "$root/etc/passwd" | sed "s|$root||" >"$o/lsl.host"
    same "ls -l" "$o/lsl" "$o/lsl.host"
    g "$o/sort" sort -t: -k3,3n -k1,1r /etc/passwd
    LC_ALL=C sort -t: -k3,3n -k1,1r "$root/etc/passwd" >"$o/sort.host"
    same "sort" "$o/sort" "$o/sort.host"
    g "$o/sha" sha256sum /usr/bin/dpkg /etc/passwd
    (cd "$root" && sha256sum usr/bin/dpkg etc/passwd) | sed 's|  |  /|' >"$o/sha.host"
    same "sha256sum" "$o/sha" "$o/sha.host"
    g "$o/date" date -u -d @1234567890 '+%F %T %A %j'
    echo "2009-02-13 23:31:30 Friday 044" >"$o/date.host"
    same "date -d" "$o/date" "$o/date.host"
    g "$o/now" date +%s
    local now
    now=$(date +%s)
    if [ -s "$o/now" ] && [ $(($(cat "$o/now") - now)) -le 60 ] && [ $((now - $(cat "$o/now"))) -le 60 ]; then
        pass "date +%s (the clock)"
    else
        fail "date +%s (the clock)" "guest $(cat "$o/now"), host $now"
    fi
    g "$o/stat" stat -c '%s %a %F %U %G %h %Y' /etc/passwd /usr/bin /bin
    (cd "$root" && stat -c '%s %a %F %U %G %h %Y' etc/passwd usr/bin bin) >"$o/stat.host"
    # user and group names come from the chroot's files on both sides
    same "stat" "$o/stat" "$o/stat.host"
    g "$o/id" id
    echo "uid=0(root) gid=0(root) groups=0(root)" >"$o/id.host"
    same "id" "$o/id" "$o/id.host"
    g "$o/idn" id -un _apt
    has "id -un _apt (passwd lookup)" "$o/idn" '^_apt$'

    # File operations: done by the guest, verified by the host.
    cat >"$root/tmp/ops.sh" <<'EOS'
set -e
cd /tmp
rm -rf ops; mkdir -p ops/src/sub
echo payload > ops/src/sub/file
chmod 640 ops/src/sub/file
touch -d '2001-02-03 04:05:06' ops/src/sub/file
cp -a ops/src ops/copy
mv ops/copy/sub/file ops/copy/sub/moved
ln -s sub/moved ops/copy/link
mkdir -p ops/gone/a/b; echo x > ops/gone/a/b/c
rm -r ops/gone
chmod u+x,g-r ops/copy/sub/moved
EOS
    g "$o/ops" /bin/sh /tmp/ops.sh
    local ops=$root/tmp/ops
    if [ "$(stat -c '%a %Y' "$ops/copy/sub/moved" 2>/dev/null)" = "700 $(TZ=UTC date -d '2001-02-03 04:05:06' +%s)" ]; then
        pass "touch -d, cp -a (mode, mtime), mv, chmod"
    else
        fail "touch -d, cp -a, mv, chmod" "moved file: $(stat -c '%a %Y' "$ops/copy/sub/moved" 2>&1); $(head -c 200 "$o/ops.err")"
    fi
    if [ "$(stat -c %a "$ops/src/sub/file" 2>/dev/null)" = 640 ] && [ "$(cat "$ops/src/sub/file" 2>/dev/null)" = payload ]; then
        pass "chmod 640, source kept"
    else
        fail "chmod 640, source kept" "$(stat -c %a "$ops/src/sub/file" 2>&1)"
    fi
    if [ "$(readlink "$ops/copy/link")" = sub/moved ] && [ "$(cat "$ops/copy/link")" = payload ]; then
        pass "ln -s"
    else
        fail "ln -s" "link -> '$(readlink "$ops/copy/link" 2>&1)'"
    fi
    if [ -d "$ops" ] && [ ! -e "$ops/gone" ] && [ ! -e "$ops/copy/sub/file" ]; then
        pass "rm -r, mv removes the source"
    else
        fail "rm -r, mv removes the source" "$(ls -R "$ops" 2>&1 | head -c 200)"
    fi

    g "$o/df" df -P /
    has "df" "$o/df" ' /$'
    g "$o/du" du -sk /etc /usr/share/doc
    (cd "$root" && du -sk etc usr/share/doc | sed 's|\t|\t/|') >"$o/du.host"
    same "du" "$o/du" "$o/du.host"
    g "$o/find" find /etc /usr/lib/apt -name '*.conf' -o -type l -name '*.so*'
    (cd "$root" && find etc usr/lib/apt -name '*.conf' -o -type l -name '*.so*' | sed 's|^|/|') >"$o/find.host"
    same "find" "$o/find" "$o/find.host"

    # tar + gzip made by the guest, read by the host; and the other way.
    g "$o/tar" tar -czf /tmp/etc-apt.tgz -C / etc/apt usr/share/perl5/Debian
    mkdir -p "$work/untar"
    if tar -xzf "$root/tmp/etc-apt.tgz" -C "$work/untar" 2>"$o/untar.err" &&
        diff -r --no-dereference "$work/untar/etc/apt" "$root/etc/apt" >/dev/null &&
        diff -r --no-dereference "$work/untar/usr/share/perl5/Debian" "$root/usr/share/perl5/Debian" >/dev/null; then
        pass "tar -czf (read back by the host)"
    else
        fail "tar -czf" "$(head -c 200 "$o/tar.err") $(head -c 200 "$o/untar.err")"
    fi
    tar -czf "$root/tmp/host.tgz" -C "$root" usr/share/dpkg usr/lib/apt/methods
    g "$o/untar-guest" /bin/sh -c 'rm -rf /tmp/x && mkdir /tmp/x && tar -xzf /tmp/host.tgz -C /tmp/x && tar -tzf /tmp/host.tgz | sort | md5sum'
    (tar -tzf "$root/tmp/host.tgz" | LC_ALL=C sort | md5sum) >"$o/untar-guest.host"
    if cmp -s "$o/untar-guest" "$o/untar-guest.host" &&
        diff -r --no-dereference "$root/tmp/x/usr/share/dpkg" "$root/usr/share/dpkg" >/dev/null &&
        diff -r --no-dereference "$root/tmp/x/usr/lib/apt/methods" "$root/usr/lib/apt/methods" >/dev/null; then
        pass "tar -xzf, tar -tzf (a host tarball)"
    else
        fail "tar -xzf, tar -tzf" "$(head -c 300 "$o/untar-guest.err")"
    fi
    g "$o/gz" /bin/sh -c 'gzip -9 -c /usr/bin/dpkg > /tmp/dpkg.gz && gzip -t /tmp/dpkg.gz && gzip -dc /tmp/dpkg.gz | sha256sum'
    (sha256sum <"$root/usr/bin/dpkg") >"$o/gz.host"
    if cmp -s "$o/gz" "$o/gz.host" && gzip -dc "$root/tmp/dpkg.gz" | cmp -s - "$root/usr/bin/dpkg"; then
        pass "gzip -9, gzip -t, gzip -d"
    else
        fail "gzip" "$(head -c 300 "$o/gz.err")"
    fi

    # -- What the guest sees of the machine --
    g "$o/exe" readlink /proc/self/exe
    echo /usr/bin/readlink >"$o/exe.host"
    same "/proc/self/exe (readlink)" "$o/exe" "$o/exe.host"
    g "$o/exe2" sha256sum /proc/self/exe
    (sha256sum <"$root/usr/bin/sha256sum" | sed 's|-$|/proc/self/exe|') >"$o/exe2.host"
    same "/proc/self/exe (contents)" "$o/exe2" "$o/exe2.host"
    g "$o/maps" cat /proc/self/maps
    if grep -qE '^[0-9a-f]{8}-[0-9a-f]{8} r-xp [0-9a-f]{8} [0-9a-f]{2,}:[0-9a-f]{2,} [0-9]+ +/usr/bin/cat$' "$o/maps" &&
        grep -q '\[stack\]$' "$o/maps" && ! grep -q xrun "$o/maps" &&
        ! grep -qE '^[0-9a-f]{9,}' "$o/maps"; then
        pass "/proc/self/maps (32-bit guest map, /usr/bin/cat, [stack], no xrun)"
    else
        fail "/proc/self/maps" "$(head -c 400 "$o/maps" | tr '\n' '|')"
    fi
    g "$o/cpuinfo" cat /proc/cpuinfo
    if grep -qE '^model name[[:space:]]*: ARMv7 ' "$o/cpuinfo" && grep -qE '^CPU architecture: 7$' "$o/cpuinfo" &&
        grep -qE '^Features[[:space:]]*:.* neon' "$o/cpuinfo" &&
        [ "$(grep -c '^processor' "$o/cpuinfo")" = "$(getconf _NPROCESSORS_ONLN)" ]; then
        pass "/proc/cpuinfo (ARMv7, neon, one block per online CPU)"
    else
        fail "/proc/cpuinfo" "$(head -c 300 "$o/cpuinfo" | tr '\n' '|')"
    fi
    g "$o/uname" uname -m
    echo armv7l >"$o/uname.host"
    same "uname -m" "$o/uname" "$o/uname.host"

    # -- The copy path, whatever the mode --
    gcopy "$o/copy-uname" /bin/uname -m
    same "copy path: uname -m" "$o/copy-uname" "$o/uname.host"
    gcopy "$o/copy-status" /usr/bin/dpkg-query -W -f '${db:Status-Abbrev}${binary:Package}\n'
    same "copy path: dpkg-query (same answer)" "$o/copy-status" "$o/status"
    gcopy "$o/copy-sh" /bin/sh -c 'readlink /proc/self/exe; ls /proc/self/fd >/dev/null && echo fd-ok'
    printf '/usr/bin/readlink\nfd-ok\n' >"$o/copy-sh.host"
    same "copy path: sh -> exec of a foreign program" "$o/copy-sh" "$o/copy-sh.host"

    # -- Nothing unsupported on the way --
    # Control: the log reaches programs started by other guest programs (a
    # made-up ioctl request, through sh and perl, must be reported).
    g "$work/control" /bin/sh -c 'perl -e "ioctl(STDIN, 0x7e5a17c5, 0); print qq(done\n)"'
    if grep -q 'xrun: unsupported ioctl 0x7e5a17c5' "$work/control.err"; then
        pass "XRUN_LOG=unimp reaches every guest program (control)"
    else
        fail "XRUN_LOG=unimp reaches every guest program (control)" "$(head -c 300 "$work/control.err")"
    fi
    local unsup
    unsup=$(cat "$o"/*.err "$o/stage2" "$root/var/log/bootstrap.log" 2>/dev/null | grep -a 'xrun: unsupported' | sort | uniq -c | sort -rn)
    if [ -z "$unsup" ]; then
        pass "no unsupported syscall or ioctl logged"
    else
        fail "no unsupported syscall or ioctl logged" "$(echo "$unsup" | head -10 | tr '\n' '|')"
    fi

    umount "$root/proc" 2>/dev/null
    echo "rootfs-inner: $pass passed, $fail failed"
    [ $fail = 0 ]
}

# -- Outside: prerequisites, cache, first stage, namespaces ------------------

# One function, read whole before it runs (bash reads a script as it goes).
run_outer() {
    pass=0
    fail=0
    summary() {
        echo "rootfs: $pass passed, $fail failed"
        [ $fail = 0 ]
        exit $?
    }
    die_fail() {
        fail=$((fail + 1))
        echo "FAIL $1"
        summary
    }

    [ "$(id -u)" = 0 ] || die_fail "needs root (chroot, mount, namespaces); run as root"
    for t in debootstrap chroot unshare mount perl sha256sum tar gzip; do
        command -v $t >/dev/null || die_fail "$t is missing (run tools/deps.sh)"
    done
    [ -x "$XRUN_STATIC" ] || die_fail "$XRUN_STATIC is missing (build it with make static)"
    if readelf -l "$XRUN_STATIC" 2>/dev/null | grep -q INTERP; then
        die_fail "$XRUN_STATIC is not static (it has a PT_INTERP)"
    fi

    WORK=$(mktemp -d /tmp/xrun-rootfs.XXXXXX)
    cleanup() {
        if [ "${KEEP:-0}" = 1 ]; then
            echo "kept $WORK"
        else
            rm -rf "$WORK"
        fi
    }
    trap cleanup EXIT
    ROOT=$WORK/root
    cp "$XRUN_STATIC" "$WORK/xrun"

    # The first stage's packages, downloaded once.
    if [ ! -s "$TARBALL" ]; then
        echo "caching the $RELEASE armhf minbase packages in $TARBALL (network)"
        mkdir -p "$CACHE_DIR"
        if debootstrap --arch=armhf --variant=minbase --make-tarball="$WORK/debs.tgz" \
            "$RELEASE" "$WORK/mk" "$MIRROR" >"$WORK/make-tarball.log" 2>&1; then
            mv "$WORK/debs.tgz" "$TARBALL.tmp.$$" && mv "$TARBALL.tmp.$$" "$TARBALL"
        else
            tail -n 5 "$WORK/make-tarball.log"
            die_fail "debootstrap --make-tarball failed (no network and no cache?)"
        fi
    fi

    t0=$(date +%s)
    if debootstrap --foreign --arch=armhf --variant=minbase --unpack-tarball="$(realpath "$TARBALL")" \
        "$RELEASE" "$ROOT" "$MIRROR" >"$WORK/stage1.log" 2>&1; then
        pass=$((pass + 1))
        echo "PASS first stage from the cache ($(($(date +%s) - t0)) s, host-native)"
    else
        tail -n 5 "$WORK/stage1.log"
        die_fail "first stage (debootstrap --foreign --unpack-tarball)"
    fi

    run_binfmt() {
        unshare --mount --pid --fork --kill-child=TERM --propagation private \
            bash "$0" --inner binfmt "$ROOT" "$WORK" >"$WORK/inner.log" 2>&1
    }

    mode=${ROOTFS_MODE:-auto}
    rc=0
    if [ "$mode" != copy ]; then
        run_binfmt
        rc=$?
        if [ $rc = 3 ]; then
            if [ "$mode" = binfmt ]; then
                die_fail "binfmt_misc cannot be mounted here (ROOTFS_MODE=binfmt)"
            fi
            echo "binfmt_misc cannot be mounted here: copy mode"
            mode=copy
        else
            mode=binfmt
        fi
    fi
    if [ "$mode" = copy ]; then
        unshare --mount --pid --fork --kill-child=TERM --propagation private \
            bash "$0" --inner copy "$ROOT" "$WORK" >"$WORK/inner.log" 2>&1
        rc=$?
    fi

    grep -E '^(PASS|FAIL|mode:|second stage:|    )' "$WORK/inner.log"
    pass=$((pass + $(grep -c '^PASS' "$WORK/inner.log")))
    fail=$((fail + $(grep -c '^FAIL' "$WORK/inner.log")))
    if [ $rc != 0 ] && ! grep -q '^FAIL' "$WORK/inner.log"; then
        fail=$((fail + 1))
        echo "FAIL the checks in the chroot stopped (exit status $rc): $(tail -n 3 "$WORK/inner.log" | tr '\n' '|')"
    fi
    summary
}

if [ "${1:-}" = --inner ]; then
    run_inner "$2" "$3" "$4"
    exit $?
fi
run_outer
