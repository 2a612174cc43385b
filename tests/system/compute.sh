# shellcheck shell=sh
# tests/system/compute.sh — the deterministic computations of the "compute"
# check, sourced by the guest's /init and by run.sh on the host, so both
# sides run the very same programs and only the tools differ (busybox in the
# guest; the host's bc and awk, and busybox gzip, whose output bytes depend
# on the implementation). Each function prints one value on one line.
#
# XT_BC and XT_GZIP name the bc and gzip to run (default: bc, gzip).

# Fixed-point square root and a modular power: exact answers in any bc.
compute_bc() {
    printf 'scale=30\nsqrt(2)\nscale=0\n(2^127-1) %% 1000003\n' | ${XT_BC:-bc} | tr '\n' ',' | sed 's/,$//'
    echo
}

# A polynomial hash over 1..50000; every intermediate stays below 2^53, so
# the double arithmetic of every awk gives the same integer.
compute_awk() {
    awk 'BEGIN { h = 7; for (i = 1; i <= 50000; i++) h = (h * 31 + i * i) % 1000000007; print h }'
}

# compute_gen: the generated input of compute_gzip (about 300 KB of text).
# Values stay below 2^31: awks differ in how printf converts larger ones.
compute_gen() {
    awk 'BEGIN { for (i = 1; i <= 20000; i++) printf "%d %d %05d\n", i, (i * i) % 9973, (i * 40503) % 65536 }'
}

# sha256 of the gzip of the generated input, read from a pipe so no file
# name or time stamp enters the header.
compute_gzip() {
    compute_gen | ${XT_GZIP:-gzip} -9 -c | sha256sum | cut -d' ' -f1
}
