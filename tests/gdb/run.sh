#!/usr/bin/env bash
# The GDB stub and -perfmap of user mode, end to end, for one guest:
# tests/gdb/prog.c is built static with debug info, run under
# `xrun-<guest> -g PORT`, and driven by gdb-multiarch in batch mode (or, for
# Ctrl-C, by a raw protocol client in python3). What differs per guest (the
# translator, compiler, sysroot, register checks, sessions of its own) is
# in tests/gdb/user-$GUEST.sh; everything else runs the same on each.
# Each check prints PASS/FAIL; the last line is "gdb: N passed, N failed"
# (GUEST=arm) or "gdb-aarch64: ...". Every run has a timeout, so a hang
# fails.
#
#   make check-gdb            or   bash tests/gdb/run.sh
#   make check-gdb-aarch64    or   GUEST=aarch64 bash tests/gdb/run.sh
set -u

BUILD=${BUILD:-build}
GUEST=${GUEST:-arm}
GDB=${GDB:-gdb-multiarch}
SRC=tests/gdb/prog.c
OUT=$BUILD/tests/gdb
T=20 # seconds for any one run

SUITE=gdb
[ "$GUEST" = arm ] || SUITE=gdb-$GUEST
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
GUEST_SH=$(dirname "${BASH_SOURCE[0]}")/user-$GUEST.sh
[ -f "$GUEST_SH" ] || { bad "guest" "no guest '$GUEST' ($GUEST_SH missing)"; finish; }
# shellcheck source=/dev/null
. "$GUEST_SH"

# The source line holding marker L:NAME.
line_of() { grep -n "L:$1 " "$SRC" | head -n 1 | cut -d: -f1; }

NM=${CROSS%gcc}nm
for tool in "$CROSS" "$GDB" python3 "$NM"; do
    command -v "$tool" >/dev/null || { bad "tools" "$tool not found (install it with tools/deps.sh)"; finish; }
done
[ -x "$XRUN" ] || { bad "xrun" "$XRUN missing (run make)"; finish; }

# build_prog BIN CFLAGS...: prog.c, static, with debug info.
build_prog() {
    local bin=$1
    shift
    if ! "$CROSS" -g -O0 -static "$@" -pthread -o "$bin" "$SRC" 2>"$tmp/cc.err"; then
        bad "build $(basename "$bin")" "$(head -c 400 "$tmp/cc.err")"
        return 1
    fi
}
mkdir -p "$OUT"
guest_build || finish

# start_xrun NAME PROG ARGS...: runs xrun -g on a free port (sets PORT) in
# the background, as start_stub does.
start_xrun() {
    local name=$1
    shift
    PORT=$(free_port)
    start_stub "$name" "$XRUN" -g "$PORT" "$@"
}

run_gdb() { # run_gdb NAME PROG gdb-args...   (PROG "": gdb asks the stub for it)
    local name=$1 prog=$2
    shift 2
    timeout $T "$GDB" -batch -nx -ex "set architecture $GDB_ARCH" -ex "target remote :$PORT" "$@" ${prog:+"$prog"} \
        >"$tmp/$name.gdb" 2>&1 </dev/null
}

L_FIRST=$(line_of func-first)
L_CALL=$(line_of func-call)
L_AFTER=$(line_of func-after)
L_TWICE=$(line_of twice)
L_THREAD=$(line_of thread)
L_SEGV=$(line_of segv)

# -- 1. The main session: breakpoint, registers, memory, step/next/finish, threads, kill --

if start_xrun "$GUEST" "$PROG"; then
    run_gdb "$GUEST" "$PROG" -ex 'break func' -ex continue -ex 'info registers' "${REG_CMDS[@]}" \
        -ex 'x/4wx &array' -ex step -ex step -ex finish -ex next -ex finish \
        -ex 'set var array[1] = 0x600df00d' -ex 'x/2wx &array' -ex 'break thread_func' -ex continue \
        -ex 'info threads' -ex 'p arg' -ex 'thread 1' -ex bt -ex kill
    G=$tmp/$GUEST.gdb
    check "$GUEST: breakpoint at func, first line" "$G" "^Breakpoint 1, func \(a=4660, b=22136\) at .*prog.c:$L_FIRST"
    guest_check_regs "$G"
    check "$GUEST: memory of array" "$G" '<array>:[[:space:]]+0xdeadbeef[[:space:]]+0xcafef00d[[:space:]]+0x01234567[[:space:]]+0x89abcdef'
    check "$GUEST: step to the next line" "$G" "^$L_CALL[[:space:]]+s = twice\(s\);"
    check "$GUEST: step into twice" "$G" "^twice \(x=26796\) at .*prog.c:$L_TWICE"
    check "$GUEST: finish out of twice" "$G" 'Value returned is \$[0-9]+ = 53592'
    check "$GUEST: next over a line" "$G" "^$L_AFTER[[:space:]]+s \+= 1;"
    check "$GUEST: finish out of func" "$G" 'Value returned is \$[0-9]+ = 53593'
    check "$GUEST: memory write through gdb" "$G" '<array>:[[:space:]]+0xdeadbeef[[:space:]]+0x600df00d'
    check "$GUEST: second thread stops in thread_func" "$G" "hit Breakpoint 2, thread_func \(arg=0x5\) at .*prog.c:$L_THREAD"
    check "$GUEST: thread argument" "$G" '^\$[0-9]+ = \(void \*\) 0x5'
    if [ "$(grep -cE '^\*? +[0-9]+ +Thread [0-9]+' "$G")" = 2 ] && grep -qE '^\* +2 +Thread [0-9]+ .*thread_func' "$G"; then
        ok "$GUEST: info threads lists both, current in thread_func"
    else
        bad "$GUEST: info threads" "$(grep -A3 'Target Id' "$G")"
    fi
    # Thread 1 is in a system call (clone or pthread_join's futex): its frame
    # is wherever that call is.
    check "$GUEST: switch to thread 1" "$G" '^\[Switching to thread 1 \(Thread [0-9]+\)\]'
    check "$GUEST: thread 1 has a backtrace" "$G" '^#1 +0x[0-9a-f]+ in [a-z_]'
    wait_xrun
    if [ "$XRC" != 124 ] && grep -q 'killed' "$G"; then ok "$GUEST: kill ends xrun (status $XRC)"; else bad "$GUEST: kill" "xrun status $XRC"; fi
fi

# -- 2. The guest's own sessions (user-$GUEST.sh) --

guest_sessions

# -- 3. A fault is a stop; continuing delivers it, and the death is reported --

if start_xrun segv "$PROG" segv; then
    run_gdb segv "$PROG" -ex continue -ex 'x/i $pc' -ex continue
    G=$tmp/segv.gdb
    check "segv: reported as a stop" "$G" '^Program received signal SIGSEGV'
    check "segv: at the faulting line" "$G" "^$L_SEGV[[:space:]]+\*p = 1;"
    check "segv: pc at the faulting store" "$G" '^=> 0x[0-9a-f]+ <main\+[0-9]+>:[[:space:]]+str'
    check "segv: death reported (X)" "$G" 'Program terminated with signal SIGSEGV'
    wait_xrun
    if [ "$XRC" = 139 ]; then ok "segv: xrun dies of SIGSEGV"; else bad "segv: status" "$XRC, expected 139"; fi
fi

# A signal for the guest (here raised by itself) stops it first; continue
# delivers it to its handler, "signal 0" drops it.
for how in continue "signal 0"; do
    name=usr1-${how% *}
    if start_xrun "$name" "$PROG" usr1; then
        run_gdb "$name" "$PROG" -ex continue -ex "$how"
        check "$name: SIGUSR1 reported as a stop" "$tmp/$name.gdb" '^Program received signal SIGUSR1'
        wait_xrun
        want=yes
        [ "$how" = continue ] || want=no
        if [ "$XRC" = 0 ] && grep -q "usr1 handler ran: $want" "$tmp/$name.out"; then
            ok "$name: handler ran: $want"
        else
            bad "$name: guest" "status $XRC, output '$(cat "$tmp/$name.out")'"
        fi
    fi
done

# gdb given no program file finds it through qXfer:exec-file.
if start_xrun execfile "$PROG"; then
    run_gdb execfile "" -ex 'break func' -ex continue -ex kill
    check "exec-file: gdb loads the program named by the stub" "$tmp/execfile.gdb" '^Breakpoint 1, func \(a=4660, b=22136\)'
    wait_xrun
fi

# -- 4. Detach: the guest goes on by itself --

if start_xrun detach "$PROG"; then
    run_gdb detach "$PROG" -ex 'break func' -ex 'break twice' -ex continue -ex detach
    wait_xrun
    if [ "$XRC" = 0 ] && grep -q "func: 53593" "$tmp/detach.out" && grep -q "counter: 5" "$tmp/detach.out"; then
        ok "detach: guest finishes without stopping again"
    else
        bad "detach" "status $XRC, output '$(cat "$tmp/detach.out")', gdb: $(tail -n 3 "$tmp/detach.gdb")"
    fi
fi

# -- 5. Ctrl-C, raw packets: interrupt a busy loop, write memory (M), unmapped read (E14) --

STOP_ADDR=$("$NM" "$PROG" | awk '$3 == "stop" { print $1 }')
if start_xrun ctrlc "$PROG" spin; then
    timeout $T python3 - "$PORT" "$STOP_ADDR" >"$tmp/ctrlc.log" 2>&1 <<'EOF'
import socket, sys, time
port, stop_addr = int(sys.argv[1]), int(sys.argv[2], 16)
s = socket.create_connection(("127.0.0.1", port))
buf = b""
def send(data):
    pkt = b"$" + data + b"#" + b"%02x" % (sum(data) & 0xff)
    s.sendall(pkt)
def recv():
    global buf
    while True:
        i = buf.find(b"$")
        j = buf.find(b"#", i)
        if i >= 0 and j >= 0 and len(buf) >= j + 3:
            body = buf[i + 1:j]
            buf = buf[j + 3:]
            s.sendall(b"+")
            return body.decode()
        chunk = s.recv(4096)
        if not chunk:
            return None
        buf += chunk
def ask(data):
    send(data.encode())
    return recv()
print("stop:", ask("?"))
print("unmapped:", ask("m0,4"))
send(b"vCont;c")
time.sleep(0.5)
s.sendall(b"\x03")
print("interrupt:", recv())
print("write:", ask("M%x,4:01000000" % stop_addr))
print("end:", ask("vCont;c"))
EOF
    L=$tmp/ctrlc.log
    check "ctrlc: initial stop is T05 with a thread" "$L" '^stop: T05thread:[0-9a-f]+;'
    check "ctrlc: unmapped memory gives E14" "$L" '^unmapped: E14$'
    check "ctrlc: 0x03 stops the running guest with SIGINT" "$L" '^interrupt: T02thread:[0-9a-f]+;'
    check "ctrlc: M writes guest memory" "$L" '^write: OK$'
    check "ctrlc: the guest then exits (W00)" "$L" '^end: W00$'
    wait_xrun
    if [ "$XRC" = 0 ] && grep -q spun "$tmp/ctrlc.out"; then ok "ctrlc: loop left after the write"; else bad "ctrlc: guest" "status $XRC"; fi
fi

# -- 6. Breakpoints and code writes on code that is already translated --

if start_xrun retrans "$PROG" loop; then
    run_gdb retrans "$PROG" -ex 'break marker' -ex continue -ex 'break twice' -ex continue \
        -ex 'delete' -ex continue
    G=$tmp/retrans.gdb
    check "retranslate: first stop in marker" "$G" '^Breakpoint 1, marker \(i=0\)'
    check "retranslate: breakpoint in twice (run before) hits" "$G" '^Breakpoint 2, twice \(x=1\)'
    check "retranslate: exit after delete" "$G" 'exited normally'
    wait_xrun
    if grep -q "sum: 6" "$tmp/retrans.out"; then ok "retranslate: guest result intact"; else bad "retranslate: guest" "$(cat "$tmp/retrans.out")"; fi
fi

# A watchpoint: the stub has no hardware ones (Z2-Z4), so gdb watches in
# software, single-stepping; counter += 0 in marker(0) changes nothing,
# marker(1) does.
if start_xrun watch "$PROG" loop; then
    run_gdb watch "$PROG" -ex 'break marker' -ex continue -ex 'set can-use-hw-watchpoints 0' \
        -ex 'watch counter' -ex 'delete 1' -ex continue -ex delete -ex continue
    G=$tmp/watch.gdb
    check "watch: software watchpoint set" "$G" '^Watchpoint 2: counter'
    check "watch: the write of marker(1) seen" "$G" '^New value = 1$'
    check "watch: stop in marker after the write" "$G" '^marker \(i=1\) at .*prog.c:'
    check "watch: exit after delete" "$G" 'exited normally'
    guest_ends "watch: guest result intact" "$tmp/watch.out" '^sum: 6$'
fi

# twice returns 100 (PATCH_WORDS) after it ran once.
if start_xrun patch "$PROG" loop; then
    run_gdb patch "$PROG" -ex 'break marker' -ex continue -ex 'delete' \
        -ex "set var *(unsigned int *)twice = ${PATCH_WORDS[0]}" \
        -ex "set var *((unsigned int *)twice + 1) = ${PATCH_WORDS[1]}" -ex 'x/2wx twice' -ex continue
    wait_xrun
    check "patch: code written through gdb" "$tmp/patch.gdb" "<twice>:[[:space:]]+${PATCH_WORDS[0]}[[:space:]]+${PATCH_WORDS[1]}"
    if [ "$XRC" = 0 ] && grep -q "sum: 200" "$tmp/patch.out"; then
        ok "patch: translated code of twice was dropped"
    else
        bad "patch: guest" "status $XRC, output '$(cat "$tmp/patch.out")'"
    fi
fi

# All-stop: while main is stopped or single-stepped alone, the busy ticker
# thread does not run; after continue it does.
if start_xrun ticks "$PROG" ticks; then
    run_gdb ticks "$PROG" -ex 'break marker' -ex continue -ex 'set scheduler-locking step' \
        -ex 'p ticks' -ex stepi -ex stepi -ex stepi -ex 'p ticks' -ex 'set scheduler-locking off' \
        -ex delete -ex continue
    G=$tmp/ticks.gdb
    check "all-stop: main stops in marker" "$G" 'hit Breakpoint 1, marker \(i=7\)'
    t1=$(sed -n 's/^\$1 = \([0-9]*\)$/\1/p' "$G")
    t2=$(sed -n 's/^\$2 = \([0-9]*\)$/\1/p' "$G")
    if [ -n "$t1" ] && [ "$t1" -ge 1000 ] && [ "$t1" = "$t2" ]; then
        ok "all-stop: the other thread stays stopped while main steps ($t1 ticks)"
    else
        bad "all-stop: ticks" "before '$t1', after three stepi '$t2'"
    fi
    check "all-stop: both threads resume and finish" "$G" 'exited normally'
    wait_xrun
fi

# Four threads hit one breakpoint at once: gdb steps each over it in turn
# (vCont;s:TID) and must only hear from the thread it resumed.
if start_xrun workers "$PROG" workers; then
    run_gdb workers "$PROG" -ex 'break twice' -ex continue -ex continue -ex continue -ex continue \
        -ex continue -ex continue -ex next -ex next -ex delete -ex continue
    G=$tmp/workers.gdb
    hits=$(grep -cE '^Thread [0-9]+ hit Breakpoint 1, twice \(x=[0-9]+\)' "$G")
    # next may end early at another thread's hit: six or more.
    if [ "$hits" -ge 6 ]; then ok "workers: $hits breakpoint hits across threads"; else bad "workers: hits" "$hits, expected 6 or more"; fi
    if grep -qE "internal-error|received signal" "$G"; then
        bad "workers: gdb" "$(grep -m1 -E 'internal-error|received signal' "$G")"
    else
        ok "workers: no stray stop reaches gdb"
    fi
    check "workers: exit reported" "$G" 'exited normally'
    wait_xrun
    if [ "$XRC" = 0 ] && grep -q "workers: 15992000" "$tmp/workers.out"; then ok "workers: guest result intact"; else bad "workers: guest" "status $XRC, output '$(cat "$tmp/workers.out")'"; fi
fi

# -- 7. A dynamic PIE: ld.so and libc found through the auxv --

DYN=$OUT/dyn-$GUEST
if "$CROSS" -g -O0 -o "$DYN" tests/gdb/dyn.c 2>"$tmp/cc.err"; then
    if start_xrun dyn "${DYN_OPTS[@]}" "$DYN"; then
        run_gdb dyn "$DYN" -ex "set sysroot $SYSROOT" -ex 'break work' -ex continue \
            -ex bt -ex 'info sharedlibrary' -ex 'break puts' -ex continue -ex continue
        G=$tmp/dyn.gdb
        check "dynamic: breakpoint in the PIE" "$G" '^Breakpoint 1, work \(x=14\)'
        check "dynamic: backtrace to main" "$G" '^#1 +0x[0-9a-f]+ in main \(\)'
        check "dynamic: libc listed" "$G" '^0x[0-9a-f]+ +0x[0-9a-f]+ +Yes.*libc\.so\.6'
        check "dynamic: breakpoint in libc's puts" "$G" '^Breakpoint 2, 0x[0-9a-f]+ in puts \(\) from .*libc\.so\.6'
        check "dynamic: exit reported" "$G" 'exited normally'
        wait_xrun
        if [ "$XRC" = 0 ] && grep -qx "42" "$tmp/dyn.out"; then ok "dynamic: guest output"; else bad "dynamic: guest" "status $XRC"; fi
    fi
else
    bad "dynamic: build" "$(head -c 300 "$tmp/cc.err")"
fi

# -- 8. Bad ports are user errors --

for badport in 0 70000 abc; do
    timeout $T "$XRUN" -g "$badport" "$PROG" >"$tmp/bp.out" 2>"$tmp/bp.err"
    rc=$?
    if [ "$rc" = 1 ] && [ "$(wc -l <"$tmp/bp.err")" = 1 ] && grep -q "^xrun: bad gdb port '$badport'" "$tmp/bp.err"; then
        ok "bad port $badport rejected"
    else
        bad "bad port $badport" "status $rc, stderr $(cat "$tmp/bp.err")"
    fi
done
# A port someone else listens on.
hold_port
busy=$BUSY
timeout $T "$XRUN" -g "$busy" "$PROG" >"$tmp/bp.out" 2>"$tmp/bp.err"
rc=$?
kill "$HOLDER" 2>/dev/null
if [ "$rc" = 1 ] && [ "$(wc -l <"$tmp/bp.err")" = 1 ] && grep -q "^xrun: gdb stub: cannot listen on localhost:$busy" "$tmp/bp.err"; then
    ok "port in use rejected"
else
    bad "port in use" "status $rc, stderr $(cat "$tmp/bp.err")"
fi
timeout $T env QEMU_GDB=notaport "$XRUN" "$PROG" >"$tmp/bp.out" 2>"$tmp/bp.err"
if [ $? = 1 ] && grep -q "QEMU_GDB" "$tmp/bp.err"; then ok "bad QEMU_GDB rejected"; else bad "bad QEMU_GDB" "$(cat "$tmp/bp.err")"; fi

# -- 9. -perfmap: one line per TB, named by the guest symbol containing it --

# The map is named after xrun's own pid: exec keeps the shell's.
timeout $T bash -c 'echo $$ >"$1"; exec "$2" -perfmap "$3"' sh "$tmp/pm.pid" "$XRUN" "$PROG" \
    >"$tmp/pm.out" 2>"$tmp/pm.err"
rc=$?
pm=$(cat "$tmp/pm.pid")
MAP=/tmp/perf-$pm.map
if [ "$rc" != 0 ] || [ ! -s "$MAP" ]; then
    bad "perfmap: map written" "status $rc, $MAP missing or empty"
else
    ok "perfmap: map written ($(wc -l <"$MAP") lines)"
    if grep -vqE '^[0-9a-f]+ [0-9a-f]+ xrun:([A-Za-z_.$][A-Za-z0-9_.$]*\+0x[0-9a-f]+ )?\[0x[0-9a-f]+\]$' "$MAP"; then
        bad "perfmap: line format" "$(grep -vE '^[0-9a-f]+ [0-9a-f]+ xrun:' "$MAP" | head -n 3)"
    else
        ok "perfmap: every line is 'START SIZE xrun:NAME'"
    fi
    # Each name must agree with nm: symbol address + offset = the TB's pc.
    "$NM" "$PROG" | awk '$2 ~ /^[TtWw]$/ { print $3, $1 }' | sort -u >"$tmp/nm.txt"
    python3 - "$MAP" "$tmp/nm.txt" >"$tmp/pm.check" <<'EOF'
import re, sys
syms = {}
for line in open(sys.argv[2]):
    f = line.split()
    if len(f) != 2:
        continue
    name, addr = f
    syms.setdefault(name, set()).add(int(addr, 16) & ~1)
named = wrong = 0
seen = set()
for line in open(sys.argv[1]):
    m = re.match(r"[0-9a-f]+ [0-9a-f]+ xrun:(\S+)\+0x([0-9a-f]+) \[0x([0-9a-f]+)\]", line)
    if not m:
        continue
    name, off, pc = m.group(1), int(m.group(2), 16), int(m.group(3), 16)
    named += 1
    seen.add(name)
    if pc - off not in syms.get(name, ()):
        wrong += 1
        print("mismatch:", line.strip())
print("named", named, "wrong", wrong, "main" in seen and "func" in seen and "twice" in seen)
EOF
    check "perfmap: names agree with nm (main, func, twice among them)" "$tmp/pm.check" '^named [1-9][0-9]* wrong 0 True$'
    rm -f "$MAP"
fi

# A program run by execve gets -perfmap too (same pid, so the same map,
# now naming the new image: marker only runs in "prog loop").
timeout $T bash -c 'echo $$ >"$1"; exec "$2" -perfmap "$3" exec' sh "$tmp/pme.pid" "$XRUN" "$PROG" \
    >"$tmp/pme.out" 2>&1
MAP=/tmp/perf-$(cat "$tmp/pme.pid").map
if grep -q "sum: 6" "$tmp/pme.out" && grep -q ' xrun:marker+0x' "$MAP" 2>/dev/null; then
    ok "perfmap: kept across execve"
else
    bad "perfmap: execve" "output '$(cat "$tmp/pme.out")', map $(wc -l <"$MAP" 2>/dev/null) lines"
fi
rm -f "$MAP"

# A dynamic PIE: its own symbols at its load address, and libc's, read when
# the first block of libc is translated.
if [ -x "$DYN" ]; then
    timeout $T bash -c 'echo $$ >"$1"; shift; exec "$@"' sh "$tmp/pmd.pid" "$XRUN" -perfmap "${DYN_OPTS[@]}" "$DYN" \
        >"$tmp/pmd.out" 2>&1
    MAP=/tmp/perf-$(cat "$tmp/pmd.pid").map
    if [ -s "$MAP" ]; then
        cp "$MAP" "$tmp/pmd.map"
        rm -f "$MAP"
        check "perfmap: PIE function named" "$tmp/pmd.map" ' xrun:work\+0x0 \[0x[0-9a-f]+\]$'
        check "perfmap: libc function named" "$tmp/pmd.map" ' xrun:__libc_start_main\+0x[0-9a-f]+ \[0x[0-9a-f]+\]$'
    else
        bad "perfmap: dynamic program" "no map (output: $(head -c 200 "$tmp/pmd.out"))"
    fi
fi

# perf itself, where the kernel lets us sample (optional: perf is not one of
# the suite's dependencies).
if ! command -v perf >/dev/null; then
    echo "SKIP perf report: perf is not installed"
elif ! timeout $T perf record -q -o "$tmp/perf.data" true >/dev/null 2>&1; then
    echo "SKIP perf report: perf record is not permitted here"
else
    timeout 60 perf record -q -o "$tmp/perf.data" bash -c 'echo $$ >"$1"; exec "$2" -perfmap "$3" work' sh \
        "$tmp/perf.pid" "$XRUN" "$PROG" >"$tmp/perf.out" 2>&1
    timeout 60 perf report -i "$tmp/perf.data" --stdio 2>/dev/null | grep -v '^#' | grep . | head -n 3 >"$tmp/perf.top"
    check "perf report: the hot loop is named xrun:spin_work" "$tmp/perf.top" '\[JIT\].* xrun:spin_work\+0x[0-9a-f]+ \[0x[0-9a-f]+\]'
    rm -f "/tmp/perf-$(cat "$tmp/perf.pid").map"
fi

finish
