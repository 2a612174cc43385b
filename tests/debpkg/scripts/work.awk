# tests/debpkg/scripts/work.awk — gawk: fields, arrays, printf, gawk
# extensions (asort, gensub, bitwise ops, strftime in UTC) over in/data.txt.
{
    n[$1]++; s[$1] += $2; f[$1] += $3
    total += $2 * $3
    if (length($0) > maxlen) { maxlen = length($0); longest = $0 }
    key[NR % 17] = key[NR % 17] $4 " "
}
END {
    PROCINFO["sorted_in"] = "@ind_str_asc"
    for (k in n) printf "%-8s %5d %10d %14.4f %g\n", k, n[k], s[k], f[k], f[k] / n[k]
    printf "total=%.6e maxlen=%d longest=%s\n", total, maxlen, longest
    m = asort(s, sorted)
    printf "asort %d: %d %d %d\n", m, sorted[1], sorted[int(m / 2)], sorted[m]
    print gensub(/([a-z]+)([0-9]+)/, "\\2-\\1", "g", "abc12 def345 x9")
    print and(0xff00ff, 0x0ff0f0), or(1, 6), xor(12, 10), lshift(1, 40), rshift(2^40, 3), compl(0) % 1000
    print strftime("%Y-%m-%d %H:%M:%S %j %a %b", 1234567890, 1), mktime("2024 02 29 12 00 00", 1)
    print toupper(substr(longest, 1, 12)), index(longest, "a"), match("foo123bar", /[0-9]+/), RSTART, RLENGTH
    x = 1; for (i = 0; i < 100; i++) x = x * 1.01 + sin(i) / 3; printf "%.15g %.15g %.15g\n", x, exp(1), atan2(1, 2)
    printf "%c%c%c %5.1f%% %o %x %X %i\n", 65, 66, 67, 99.44, 511, 48879, 48879, -3.9
    split("a:b::c", parts, ":"); print length(parts), parts[3] == "", parts[4]
    print sprintf("%*d|%-*s|", 6, 42, 5, "ab"), int(-3.7), int("12abc"), "10" < "9", 10 < 9
}
