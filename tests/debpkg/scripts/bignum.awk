# tests/debpkg/scripts/bignum.awk — gawk -M: arbitrary precision through
# GNU MPFR and GMP.
BEGIN {
    f = 1; for (i = 1; i <= 60; i++) f *= i; print f
    print 2^200, 3^100 % 1000007, -7 % 3
    PREC = 200; printf "%.50f\n", atan2(0, -1)
    printf "%.40f\n", sqrt(2)
    printf "%.30e\n", exp(1) ^ 50
}
