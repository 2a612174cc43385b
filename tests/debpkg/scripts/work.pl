# tests/debpkg/scripts/work.pl — perl: strings, regexes, hashes, sprintf,
# pack/unpack, sort, and XS modules loaded with dlopen (List::Util,
# Digest::MD5, POSIX, Data::Dumper, Storable).
use strict;
use warnings;
use List::Util qw(sum max min reduce shuffle first);
use Digest::MD5 qw(md5_hex);
use Digest::SHA qw(sha256_hex);
use POSIX qw(floor ceil fmod strftime);
use Data::Dumper;
use Storable qw(freeze thaw);
$Data::Dumper::Sortkeys = 1;
$Data::Dumper::Indent = 1;

my $s = 7;
sub lcg { $s = ($s * 1103515245 + 12345) % 2147483648; return $s }
my @n = map { lcg() % 100000 } 1 .. 5000;
my @sorted = sort { $a <=> $b } @n;
print join(" ", sum(@n), max(@n), min(@n), @sorted[0 .. 4], $sorted[2500]), "\n";
print reduce { ($a * 31 + $b) % 1000000007 } @n;
print "\n";
my %h;
open(my $fh, '<', 'in/data.txt') or die "in/data.txt: $!";
while (<$fh>) {
    chomp;
    my ($w, $a, $f, $k) = split / /;
    $h{$w}{count}++;
    $h{$w}{sum} += $a;
    $h{$w}{keys}{$k} = 1;
}
close $fh;
for my $w (sort keys %h) {
    printf "%-8s %4d %8d %3d\n", $w, $h{$w}{count}, $h{$w}{sum}, scalar keys %{$h{$w}{keys}};
}
my $text = "The year 1999 and 2024, then 31337; ok";
my @nums = $text =~ /(\d+)/g;
(my $t2 = $text) =~ s/(\d+)/<@{[$1 * 2]}>/g;
print "@nums | $t2 | ", scalar(() = $text =~ /\w+/g), "\n";
print join(",", map { sprintf "%.6g", $_ } (1 / 3, 1e21, -0.0, 2**0.5, exp(1), atan2(1, 1) * 4)), "\n";
printf "%s %s %s %s\n", floor(-2.5), ceil(-2.5), fmod(7, -3), strftime("%Y-%m-%d %H:%M:%S", gmtime(1234567890));
print md5_hex("xrun" x 1000), " ", sha256_hex(join("", @sorted[0 .. 99])), "\n";
print unpack("H*", pack("N n C a4 w", 0xdeadbeef, 513, 65, "ab", 300)), " ", join(",", unpack("s< l> q<", pack("s< l> q<", -2, -70000, -5000000000))), "\n";
print Dumper({ list => [1, 'two', 3.5], nested => { a => undef, b => \"ref" } });
my $copy = thaw(freeze({ x => [1 .. 5], y => 'z' }));
print join(",", @{$copy->{x}}, $copy->{y}), "\n";
my $str = "Hello, World";
print lc($str), uc($str), ucfirst(lc("ABC")), reverse($str) . "", length($str), index($str, "World"),
    substr($str, 7, 3), sprintf("%05.1f|%-6s|%x|%o|%e", 3.14159, "ab", 255, 8, 12345.678), "\n";
my @words = split /\s+/, "one two three four five six";
print join("-", sort { length($a) <=> length($b) or $a cmp $b } @words), " ", join("", map { chr(ord($_) + 1) } split //, "HAL"), "\n";
print "int overflow: ", 2**63, " ", 9223372036854775807 + 0, " ", -17 % 5, " ", 17 % -5, " ", int(-7 / 2), "\n";
