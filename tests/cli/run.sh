#!/usr/bin/env bash
# Command-line checks for xrun: every bad input must give exactly one clear
# "xrun: ..." line on stderr, nothing on stdout and exit status 1; -version
# and -h must succeed. Run from the repository root (make check-cli), with
# XRUN pointing at xrun-arm (default build/xrun-arm); plain `xrun` is taken
# from the same directory.
set -u

XRUN=${XRUN:-$(pwd)/build/xrun-arm}
XRUN_PLAIN=$(dirname "$XRUN")/xrun
CROSS=${CROSS:-arm-linux-gnueabihf-gcc}
pass=0
fail=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

ok() { pass=$((pass + 1)); echo "ok   $1"; }
bad() { fail=$((fail + 1)); echo "FAIL $1: $2"; }

# expect_error NAME EXPECTED_SUBSTRING CMD...: one stderr line containing
# the text, empty stdout, exit status 1.
expect_error() {
    local name=$1 want=$2
    shift 2
    "$@" >"$tmp/out" 2>"$tmp/err" </dev/null
    local rc=$? lines
    lines=$(wc -l <"$tmp/err")
    if [ "$rc" != 1 ]; then
        bad "$name" "exit status $rc, expected 1 (stderr: $(head -c 300 "$tmp/err"))"
    elif [ "$lines" != 1 ]; then
        bad "$name" "$lines stderr lines, expected 1: $(head -c 300 "$tmp/err")"
    elif ! grep -qF -- "$want" "$tmp/err"; then
        bad "$name" "stderr '$(cat "$tmp/err")' lacks '$want'"
    elif ! head -c 6 "$tmp/err" | grep -q '^xrun: '; then
        bad "$name" "stderr does not start with 'xrun: '"
    elif [ -s "$tmp/out" ]; then
        bad "$name" "unexpected stdout: $(head -c 200 "$tmp/out")"
    else
        ok "$name"
    fi
}

# expect_ok NAME EXPECTED_STDOUT_SUBSTRING CMD...: exit 0, text on stdout.
expect_ok() {
    local name=$1 want=$2
    shift 2
    "$@" >"$tmp/out" 2>"$tmp/err" </dev/null
    local rc=$?
    if [ "$rc" != 0 ]; then
        bad "$name" "exit status $rc (stderr: $(head -c 300 "$tmp/err"))"
    elif ! grep -qF -- "$want" "$tmp/out"; then
        bad "$name" "stdout lacks '$want': $(head -c 300 "$tmp/out")"
    else
        ok "$name"
    fi
}

if [ ! -x "$XRUN" ]; then
    echo "FAIL: $XRUN is missing (build it with make)"
    echo "cli: 0 passed, 1 failed"
    exit 1
fi

# Fixtures
printf 'just some text\n' >"$tmp/text"
: >"$tmp/empty"
mkdir "$tmp/dir"
host_elf=$(type -P ls)
arm_elf=""
if command -v "$CROSS" >/dev/null 2>&1; then
    printf 'int main(void){return 0;}\n' >"$tmp/t.c"
    "$CROSS" -static -O2 "$tmp/t.c" -o "$tmp/arm" && arm_elf="$tmp/arm"
fi

expect_error "missing file" "xrun: ./nope: No such file or directory" \
    bash -c "cd '$tmp' && exec '$XRUN' ./nope"
expect_error "missing file (xrun)" "No such file or directory" "$XRUN_PLAIN" "$tmp/nope"
expect_error "not an ELF" "$tmp/text: not an ELF file" "$XRUN" "$tmp/text"
expect_error "not an ELF (xrun)" "not an ELF file" "$XRUN_PLAIN" "$tmp/text"
expect_error "empty file" "$tmp/empty: empty file" "$XRUN" "$tmp/empty"
expect_error "directory" "$tmp/dir: Is a directory" "$XRUN" "$tmp/dir"
expect_error "x86-64 ELF (xrun-arm)" "ELF for x86-64 (EM 62) is not supported; supported: ARM" \
    "$XRUN" "$host_elf"
expect_error "x86-64 ELF (xrun)" "$host_elf: ELF for x86-64 (EM 62) is not supported; supported: ARM" \
    "$XRUN_PLAIN" "$host_elf"
if [ -n "$arm_elf" ]; then
    for n in 10 40 52 100 300 2000; do
        head -c $n "$arm_elf" >"$tmp/trunc$n"
        expect_error "truncated ELF ($n bytes)" "$tmp/trunc$n: truncated or corrupt ELF" \
            "$XRUN" "$tmp/trunc$n"
    done
    # A corrupt program header offset, well past the end of the file.
    cp "$arm_elf" "$tmp/badphoff"
    printf '\xff\xff\xff\x7f' | dd of="$tmp/badphoff" bs=1 seek=28 conv=notrunc 2>/dev/null
    expect_error "corrupt e_phoff" "truncated or corrupt ELF" "$XRUN" "$tmp/badphoff"
    # e_machine patched to EM_RISCV (243), a machine with no guest: plain
    # xrun names it and lists the guests it has.
    cp "$arm_elf" "$tmp/rv"
    printf '\xf3\x00' | dd of="$tmp/rv" bs=1 seek=18 conv=notrunc 2>/dev/null
    expect_error "RISC-V ELF (xrun)" "$tmp/rv: ELF for RISC-V (EM 243) is not supported; supported: ARM, AArch64" \
        "$XRUN_PLAIN" "$tmp/rv"
    # A relocatable object is ARM but not a program.
    "$CROSS" -c "$tmp/t.c" -o "$tmp/t.o"
    expect_error "ARM object file" "$tmp/t.o: not an executable" "$XRUN" "$tmp/t.o"
else
    bad "truncated ELF" "$CROSS is not installed; cannot build the ARM fixture"
fi
expect_error "unknown option" "unknown option '-bogus'" "$XRUN" -bogus "$tmp/text"
expect_error "option without argument" "option '-L' needs an argument" "$XRUN" -L
expect_error "no program" "no program given" "$XRUN"
expect_error "unknown cpu" "unknown CPU model 'pentium'" "$XRUN" -cpu pentium "$tmp/text"
expect_error "unknown log item" "unknown log item 'nonsense'" "$XRUN" -d in_asm,nonsense "$tmp/text"
expect_error "bad stack size" "bad stack size" "$XRUN" -s 12q "$tmp/text"
expect_error "bad log file" "cannot open log file" "$XRUN" -D "$tmp/dir/no/such/log" "$tmp/text"
expect_ok "-version" "xrun version" "$XRUN" -version
expect_ok "--version" "xrun version" "$XRUN_PLAIN" --version
expect_ok "-h" "usage:" "$XRUN" -h
expect_ok "-help" "-strace" "$XRUN" -help
expect_ok "-cpu help" "cortex-a15" "$XRUN" -cpu help
expect_ok "-d help" "in_asm" "$XRUN" -d help

# Options that reach the guest: -0, -E, -U, -cpu, and the auxv the loader
# builds. Needs a working translator, so it runs a real ARM program.
if [ -n "$arm_elf" ]; then
    cat >"$tmp/show.c" <<'CEOF'
#include <stdio.h>
#include <stdlib.h>
#include <sys/auxv.h>
int main(int argc, char **argv)
{
    printf("argc=%d argv0=%s argv1=%s\n", argc, argv[0], argc > 1 ? argv[1] : "-");
    printf("FOO=%s HOME=%s\n", getenv("FOO") ? getenv("FOO") : "(unset)",
           getenv("HOME") ? "(set)" : "(unset)");
    unsigned long hw = getauxval(AT_HWCAP);
    printf("pagesz=%lu platform=%s idiva=%d neon=%d\n", getauxval(AT_PAGESZ),
           (char *)getauxval(AT_PLATFORM), !!(hw & (1 << 17)), !!(hw & (1 << 12)));
    printf("execfn=%s\n", (char *)getauxval(AT_EXECFN));
    return 0;
}
CEOF
    if "$CROSS" -static -O2 "$tmp/show.c" -o "$tmp/show"; then
        out=$(cd "$tmp" && HOME=/root "$XRUN" -0 myname -E FOO=bar -U HOME ./show one 2>&1)
        exp="argc=2 argv0=myname argv1=one
FOO=bar HOME=(unset)
pagesz=4096 platform=v7l idiva=1 neon=1
execfn=./show"
        if [ "$out" = "$exp" ]; then ok "guest sees -0/-E/-U and auxv"; else
            bad "guest sees -0/-E/-U and auxv" "got: $(printf '%s' "$out" | head -c 400)"; fi
        out=$("$XRUN" -cpu cortex-a9 "$tmp/show" 2>&1 | grep idiva)
        case "$out" in
        *"idiva=0 neon=1"*) ok "-cpu cortex-a9 has no idiva in AT_HWCAP" ;;
        *) bad "-cpu cortex-a9 has no idiva in AT_HWCAP" "got: $(printf '%s' "$out" | head -c 300)" ;;
        esac
    else
        bad "guest option checks" "cannot build the ARM fixture"
    fi
    # Static-pie: an ET_DYN without PT_INTERP, loaded at a bias. Debian's
    # armhf libc has no rcrt1.o, so the fixture is libc-free and position
    # independent: it prints a pc-relative string and where it runs.
    cat >"$tmp/pie.S" <<'SEOF'
    .syntax unified
    .arm
    .global _start
_start:
    adr r1, msg
    mov r0, #1
    mov r2, #4
    mov r7, #4
    svc #0
    adr r0, _start
    lsr r0, r0, #16          @ exit status: bits 16-23 of the load address (non-zero: biased)
    mov r7, #1
    svc #0
msg: .ascii "pie\n"
SEOF
    if "$CROSS" -nostdlib -static-pie -fPIE "$tmp/pie.S" -o "$tmp/pie"; then
        out=$("$XRUN" "$tmp/pie" 2>&1); rc=$?
        if [ "$out" = "pie" ] && [ "$rc" != 0 ]; then ok "static-pie program (ET_DYN at a bias)"; else
            bad "static-pie program (ET_DYN at a bias)" "rc=$rc got: $(printf '%s' "$out" | head -c 300)"; fi
    else
        bad "static-pie program" "cannot build the static-pie fixture"
    fi
    # The kuser helpers at 0xffff0000, called the way old ARM code does.
    cat >"$tmp/kuser.c" <<'CEOF'
#include <stdio.h>
typedef int (*cmpxchg_fn)(int oldval, int newval, volatile int *ptr);
typedef void *(*get_tls_fn)(void);
typedef void (*barrier_fn)(void);
int main(void)
{
    volatile int x = 5;
    cmpxchg_fn cmpxchg = (cmpxchg_fn)0xffff0fc0;
    get_tls_fn get_tls = (get_tls_fn)0xffff0fe0;
    barrier_fn barrier = (barrier_fn)0xffff0fa0;
    void *tp;
    __asm__ volatile("mrc p15, 0, %0, c13, c0, 3" : "=r"(tp));
    int ok1 = cmpxchg(5, 7, &x) == 0 && x == 7;
    int fail1 = cmpxchg(5, 9, &x) != 0 && x == 7;
    barrier();
    printf("version>=2:%d cmpxchg:%d %d tls:%d\n", *(int *)0xffff0ffc >= 2, ok1, fail1, get_tls() == tp);
    return 0;
}
CEOF
    if "$CROSS" -static -O2 "$tmp/kuser.c" -o "$tmp/kuser"; then
        out=$("$XRUN" "$tmp/kuser" 2>&1)
        if [ "$out" = "version>=2:1 cmpxchg:1 1 tls:1" ]; then ok "kuser helpers"; else
            bad "kuser helpers" "got: $(printf '%s' "$out" | head -c 300)"; fi
    else
        bad "kuser helpers" "cannot build the kuser fixture"
    fi
    # Logging: -d items into -D file, and -strace.
    rm -f "$tmp/log"
    "$XRUN" -d in_asm,op,op_opt,out_asm,exec,cpu,int -D "$tmp/log" "$tmp/show" >/dev/null 2>&1
    missing_items=""
    for want in "IN:" "OP" "OP after optimization" "OUT:" "Trace:" "R00=" ; do
        grep -q "$want" "$tmp/log" 2>/dev/null || missing_items="$missing_items '$want'"
    done
    if [ -z "$missing_items" ]; then ok "-d items written to -D file"; else
        bad "-d items written to -D file" "log lacks$missing_items"; fi
    out=$("$XRUN" -strace "$tmp/show" 2>&1 >/dev/null)
    case "$out" in
    *"write(1,"*"exit_group(0)"*) ok "-strace" ;;
    *) bad "-strace" "got: $(printf '%s' "$out" | tail -c 300)" ;;
    esac
    # A dynamically linked program: PT_INTERP from the default sysroot
    # (/usr/arm-linux-gnueabihf, Debian's cross libc), then the same with -L.
    if "$CROSS" -O2 "$tmp/show.c" -o "$tmp/show-dyn"; then
        out=$("$XRUN" "$tmp/show-dyn" one 2>&1 | head -n 1)
        case "$out" in
        "argc=2 argv0=$tmp/show-dyn argv1=one") ok "dynamic program (default sysroot)" ;;
        *) bad "dynamic program (default sysroot)" "got: $(printf '%s' "$out" | head -c 300)" ;;
        esac
        out=$("$XRUN" -L /usr/arm-linux-gnueabihf "$tmp/show-dyn" 2>&1 | head -n 1)
        case "$out" in
        "argc=1 argv0=$tmp/show-dyn argv1=-") ok "dynamic program (-L)" ;;
        *) bad "dynamic program (-L)" "got: $(printf '%s' "$out" | head -c 300)" ;;
        esac
        out=$("$XRUN" -L "$tmp/dir" "$tmp/show-dyn" 2>&1)
        case "$out" in
        *ld-linux-armhf*) ok "dynamic program, missing interpreter named" ;;
        *) bad "dynamic program, missing interpreter named" "got: $(printf '%s' "$out" | head -c 300)" ;;
        esac
    else
        bad "dynamic program" "cannot build the dynamic ARM fixture"
    fi
fi

echo "cli: $pass passed, $fail failed"
[ "$fail" = 0 ]
