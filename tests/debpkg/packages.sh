# tests/debpkg/packages.sh — the Debian packages of the debpkg suite, sourced
# by run.sh.
#
# DEBPKG_PROGRAMS are the programs under test; DEBPKG_LIBS is the closure of
# their run-time dependencies (Depends and Pre-Depends, without the ones that
# hold no file a program loads: dpkg, readline-common). Both architectures
# get the same version of each package: the candidate in the apt lists for
# arm64 (the amd64 one is the same source build). libc6 is not fetched for
# amd64: the native side runs on the host's C library (run.sh checks that
# its version is the same).
DEBPKG_PROGRAMS="lua5.4 gawk sqlite3 xz-utils openssl bc perl-base perl"
DEBPKG_LIBS="libc6 libreadline8 libtinfo6 libgmp10 libmpfr6 libsigsegv2
    libsqlite3-0 zlib1g liblzma5 libssl3 libcrypt1 libbz2-1.0 libdb5.3
    libgdbm-compat4 libgdbm6 libperl5.36 perl-modules-5.36"
