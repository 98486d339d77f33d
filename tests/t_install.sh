#!/usr/bin/env bash
# t_install.sh - `make install` into a DESTDIR, then a program built the way an
# embedder builds one (pkg-config --cflags --libs mujaz) against the installed
# shared library renders a PDF; the library exports the public API only.
set -u
cd "$(dirname "$0")/.."
t=$(mktemp -d); trap 'rm -rf "$t"' EXIT
pass() { echo "PASS $1"; }
fail() { echo "FAIL $1"; }
P=/usr/local
if ! make -s --no-print-directory install DESTDIR="$t/root" PREFIX=$P >"$t/install.log" 2>&1; then
    fail "make install DESTDIR=...: $(tail -3 "$t/install.log" | tr '\n' ' ')"; exit 0
fi
L=$t/root$P/lib
missing=""
for f in bin/mujaz include/mujaz.h lib/libmujaz.a lib/libmujaz.so lib/libmujaz.so.0 lib/pkgconfig/mujaz.pc \
         share/mujaz/fonts/Amiri-Regular.ttf share/man/man1/mujaz.1; do
    [ -e "$t/root$P/$f" ] || missing="$missing $P/$f"
done
[ -z "$missing" ] && pass "make install puts the program, both libraries, header, .pc, fonts and man page in place" ||
    fail "make install left out:$missing"
[ "$(readlink "$L/libmujaz.so.0")" = "libmujaz.so.$(sed -n 's/^#define MZ_VERSION "\(.*\)"/\1/p' include/mujaz.h)" ] &&
    pass "libmujaz.so.0 is a link to the versioned file" || fail "libmujaz.so.0 is a link to the versioned file"
soname=$(readelf -d "$L/libmujaz.so.0" | sed -n 's/.*Library soname: \[\(.*\)\]/\1/p')
[ "$soname" = libmujaz.so.0 ] && pass "soname libmujaz.so.0" || fail "soname libmujaz.so.0 (got '$soname')"
# exported: exactly the functions the public header declares
nm -D --defined-only "$L/libmujaz.so.0" | awk '$2 == "T" || $2 == "D" || $2 == "B" {print $3}' | sort >"$t/exported"
grep -v '^#' include/mujaz.h | grep -o 'MZ_API [^(]*(' | sed 's/.*[ *]\([a-z_0-9]*\)($/\1/' | sort >"$t/declared"
if cmp -s "$t/exported" "$t/declared"; then pass "the shared library exports the $(wc -l <"$t/declared") public functions and nothing else"
else fail "exports differ from the public header: $(diff "$t/declared" "$t/exported" | grep '^[<>]' | head -5 | tr '\n' ' ')"; fi
# what an embedder types; the sysroot points pkg-config's paths into DESTDIR
flags=$(PKG_CONFIG_PATH="$L/pkgconfig" PKG_CONFIG_SYSROOT_DIR="$t/root" pkg-config --cflags --libs mujaz 2>"$t/pc.err")
if [ -z "$flags" ]; then fail "pkg-config --cflags --libs mujaz: $(cat "$t/pc.err")"; exit 0; fi
if cc -o "$t/embed" tests/install/embed.c $flags 2>"$t/cc.err"; then pass "an embedder's program links with pkg-config --libs mujaz"
else fail "an embedder's program links with pkg-config --libs mujaz: $(head -3 "$t/cc.err" | tr '\n' ' ')"; exit 0; fi
LD_LIBRARY_PATH=$L ldd "$t/embed" | grep -q "libmujaz.so.0 => $L/libmujaz.so.0" &&
    pass "it runs on the installed libmujaz.so.0" || fail "it runs on the installed libmujaz.so.0: $(LD_LIBRARY_PATH=$L ldd "$t/embed" | grep mujaz)"
if LD_LIBRARY_PATH=$L "$t/embed" "$t/root$P/share/mujaz/fonts" data/briefing.md "$t/b.pdf" 2>"$t/e.err" &&
   pdfinfo "$t/b.pdf" >"$t/info" 2>&1 && grep -q '^Pages: *[1-9]' "$t/info"; then
    pass "the program renders the briefing through the shared library ($(sed -n 's/^Pages: *//p' "$t/info") pages)"
else fail "the program renders the briefing through the shared library: $(cat "$t/e.err" "$t/info" 2>/dev/null | head -3 | tr '\n' ' ')"; fi
# the same bytes as the in-tree program
SOURCE_DATE_EPOCH=1700000000 "${MZ_BIN:-build/mujaz}" -q --font-dir="$t/root$P/share/mujaz/fonts" data/briefing.md -o "$t/c.pdf"
cmp -s "$t/b.pdf" "$t/c.pdf" && pass "byte for byte the PDF the mujaz program writes" ||
    fail "the shared library's PDF differs from the program's"
