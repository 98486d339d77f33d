#!/usr/bin/env bash
# t_figures.sh - Markdown images: a PNG or JPEG alone in its paragraph is a
# figure (embedded once, scaled to the frame, its alt text the caption);
# what cannot be drawn says so with file:line; an image is an input of
# mujaz build's up-to-date check; the bytes stay reproducible.
set -u
MZ_ROOT=${MZ_ROOT:-$(cd "$(dirname "$0")/.." && pwd)}
MZ_BIN=${MZ_BIN:-$MZ_ROOT/build/mujaz}
[ -x "$MZ_BIN" ] || { echo "FAIL figures: $MZ_BIN not built"; exit 1; }
for t in pdfimages qpdf pdftotext; do
    command -v $t >/dev/null || { echo "FAIL figures: $t missing (poppler-utils, qpdf)"; exit 1; }
done
export SOURCE_DATE_EPOCH=1700000000
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
check() { if [ "$2" -eq 0 ]; then echo "PASS figures: $1"; else echo "FAIL figures: $1: $3"; fi; }
run() { "$MZ_BIN" "$@" >"$tmp/out" 2>"$tmp/err"; rc=$?; err=$(cat "$tmp/err"); }
D=$MZ_ROOT/tests/data

run -q "$D/figures.md" -o "$tmp/f.pdf"
pdfimages -list "$tmp/f.pdf" >"$tmp/list" 2>&1
n=$(awk 'NR > 2' "$tmp/list" | wc -l)
png=$(awk 'NR > 2 && $4 == 199 && $5 == 281 && $9 == "image"' "$tmp/list" | wc -l)
jpg=$(awk 'NR > 2 && $4 == 199 && $5 == 281 && $9 == "jpeg"' "$tmp/list" | wc -l)
[ $rc -eq 0 ] && [ "$n" -eq 2 ] && [ "$png" -eq 1 ] && [ "$jpg" -eq 1 ]
check "a PNG and a JPEG figure, embedded at their pixel size (PNG deflated, JPEG as is)" $? "rc=$rc $err $(cat "$tmp/list")"
ratio=$(awk 'NR > 2 && $9 == "image" {sub("%", "", $16); print $16}' "$tmp/list" | head -1)
[ -n "$ratio" ] && [ "${ratio%.*}" -lt 30 ]
check "the PNG's pixels are deflated, not raw (164 KB raw)" $? "ratio $ratio%"
qpdf --check "$tmp/f.pdf" >"$tmp/q" 2>&1
check "qpdf finds nothing wrong" $? "$(tail -2 "$tmp/q")"
pdftotext "$tmp/f.pdf" - | tr -d '\f' >"$tmp/txt"
grep -q 'غلاف ورقة الإحاطة' "$tmp/txt" && grep -q 'الصفحة الثانية من ورقة الإحاطة' "$tmp/txt"
check "each caption (the alt text) is text under its figure" $? "$(head -c 300 "$tmp/txt")"
"$MZ_BIN" --dump=pages "$D/figures.md" | grep -c '^  image ' >"$tmp/ni"
[ "$(cat "$tmp/ni")" -eq 2 ]
check "--dump=pages lists the two image items" $? "$(cat "$tmp/ni")"
run -q --pdfa "$D/figures.md" -o "$tmp/a.pdf"
/usr/bin/python3 "$MZ_ROOT/tests/pdfa_check.py" "$tmp/a.pdf" >"$tmp/pa" 2>&1
check "with figures the PDF/A-2b clauses still hold" $? "$(tail -3 "$tmp/pa")"
run -q "$D/figures.md" -o "$tmp/g.pdf"
cmp -s "$tmp/f.pdf" "$tmp/g.pdf"
check "reproducible: the same bytes twice" $? "differ"

# the same image twice is embedded once; the ID follows the image's bytes
mkdir "$tmp/d"; cp "$D/figure.png" "$tmp/d/a.png"
printf '![أ](a.png)\n\nنص\n\n![ب](a.png)\n' >"$tmp/d/twice.md"
run -q "$tmp/d/twice.md" -o "$tmp/t1.pdf"
[ $rc -eq 0 ] && [ "$(pdfimages -list "$tmp/t1.pdf" | awk 'NR > 2 {print $11}' | sort -u | wc -l)" -eq 1 ]
check "one image used twice: one XObject" $? "rc=$rc $(pdfimages -list "$tmp/t1.pdf")"
id1=$(grep -ao '/ID[^]]*\]' "$tmp/t1.pdf")
pdftoppm -r 24 -png -f 1 -l 1 "$tmp/f.pdf" "$tmp/alt" && cp "$tmp"/alt-1.png "$tmp/d/a.png" # same size, other pixels
run -q "$tmp/d/twice.md" -o "$tmp/t2.pdf"
id2=$(grep -ao '/ID[^]]*\]' "$tmp/t2.pdf")
[ $rc -eq 0 ] && [ -n "$id1" ] && [ "$id1" != "$id2" ]
check "another image under the same name gives another document ID" $? "$id1 / $id2"

# the kinds of PNG libpng reads: alpha (a soft mask), a palette with a
# transparent entry, 16-bit grey; and a damaged one
python3 - "$tmp/d" <<'PY'
import struct, sys, zlib
def chunk(t, d): return struct.pack('>I', len(d)) + t + d + struct.pack('>I', zlib.crc32(t + d) & 0xffffffff)
def png(name, w, h, depth, ctype, rows, extra=b''):
    raw = b''.join(b'\0' + r for r in rows)
    data = b'\x89PNG\r\n\x1a\n' + chunk(b'IHDR', struct.pack('>IIBBBBB', w, h, depth, ctype, 0, 0, 0)) + extra
    data += chunk(b'IDAT', zlib.compress(raw)) + chunk(b'IEND', b'')
    open(sys.argv[1] + '/' + name, 'wb').write(data)
    return data
png('rgba.png', 40, 30, 8, 6, [bytes([x * 6, y * 8, 128, (x * 255) // 39]) * 1 for y in range(30) for x in [0]][:0] or
    [b''.join(bytes([x * 6, y * 8, 128, (x * 255) // 39]) for x in range(40)) for y in range(30)])
png('pal.png', 16, 16, 8, 3, [bytes([(x + y) % 4 for x in range(16)]) for y in range(16)],
    chunk(b'PLTE', bytes([200, 30, 30, 30, 200, 30, 30, 30, 200, 250, 250, 250])) + chunk(b'tRNS', bytes([255, 255, 255, 0])))
png('gray16.png', 20, 10, 16, 0, [b''.join(struct.pack('>H', x * 3000) for x in range(20)) for y in range(10)])
d = png('bad.png', 40, 30, 8, 2, [bytes(120) for y in range(30)])
open(sys.argv[1] + '/bad.png', 'wb').write(d[:60])  # header whole, pixels cut
PY
printf '![أ](rgba.png)\n\n![ب](pal.png)\n\n![ج](gray16.png)\n' >"$tmp/d/kinds.md"
run -q "$tmp/d/kinds.md" -o "$tmp/k.pdf"
pdfimages -list "$tmp/k.pdf" >"$tmp/kl" 2>&1
masks=$(awk 'NR > 2 && $3 == "smask"' "$tmp/kl" | wc -l)
gray=$(awk 'NR > 2 && $3 == "image" && $6 == "gray" && $8 == 8' "$tmp/kl" | wc -l)
[ $rc -eq 0 ] && [ "$masks" -eq 2 ] && [ "$gray" -eq 1 ] && qpdf --check "$tmp/k.pdf" >/dev/null 2>&1
check "PNG with alpha and a palette with transparency get soft masks; 16-bit grey becomes 8-bit grey" $? \
    "rc=$rc $err $(cat "$tmp/kl")"
printf '![د](bad.png)\n' >"$tmp/d/bad.md"
run "$tmp/d/bad.md" -o "$tmp/b.pdf"
[ $rc -eq 1 ] && printf '%s' "$err" | grep -q "image '.*bad.png'" && [ ! -e "$tmp/b.pdf" ]
check "a damaged PNG (its pixels cut off): exit 1, named, no output, no crash" $? "rc=$rc $err"

# what cannot be drawn
printf '# ع\n\n![خريطة](missing.png)\n' >"$tmp/d/missing.md"
run "$tmp/d/missing.md" -o "$tmp/m.pdf"
[ $rc -eq 1 ] && printf '%s' "$err" | grep -q "missing.md:3: image 'missing.png': No such file" && [ ! -e "$tmp/m.pdf" ]
check "a missing image: exit 1, file:line, no output" $? "rc=$rc $err"
printf 'not an image\n' >"$tmp/d/fake.png"; printf '![x](fake.png)\n' >"$tmp/d/fake.md"
run "$tmp/d/fake.md" -o "$tmp/x.pdf"
[ $rc -eq 1 ] && printf '%s' "$err" | grep -q "fake.md:1: image 'fake.png' is not a PNG or JPEG file"
check "a file that is not a PNG or JPEG: exit 1, named" $? "rc=$rc $err"
python3 - "$tmp/d/huge.png" <<'PY'
import struct, sys, zlib
def chunk(t, d): return struct.pack('>I', len(d)) + t + d + struct.pack('>I', zlib.crc32(t + d) & 0xffffffff)
open(sys.argv[1], 'wb').write(b'\x89PNG\r\n\x1a\n' + chunk(b'IHDR', struct.pack('>IIBBBBB', 30000, 10, 8, 2, 0, 0, 0)) + chunk(b'IEND', b''))
PY
printf '![x](huge.png)\n' >"$tmp/d/huge.md"
run "$tmp/d/huge.md" -o "$tmp/h.pdf"
[ $rc -eq 5 ] && printf '%s' "$err" | grep -q "huge.md:1: image 'huge.png' is over 20000 pixels a side"
check "an image over 20 000 px a side: the documented limit, exit 5" $? "rc=$rc $err"
printf 'نص ![رمز](a.png) في السطر\n\n![بعيد](https://example.org/x.png)\n' >"$tmp/d/warn.md"
run "$tmp/d/warn.md" -o "$tmp/w.pdf"
[ $rc -eq 0 ] && printf '%s' "$err" | grep -q "warn.md:1: image 'a.png' inside a paragraph is not drawn" &&
    printf '%s' "$err" | grep -q "warn.md:3: image 'https://example.org/x.png' is not a local file"
check "an image inside text and a remote one: drawn as their alt text, each with a file:line warning" $? "rc=$rc $err"
run --strict "$tmp/d/warn.md" -o "$tmp/w2.pdf"
[ $rc -eq 1 ]
check "--strict makes those warnings errors" $? "rc=$rc"

# mujaz build re-renders a document when its image changes
mkdir "$tmp/b"; cp "$D/figure.png" "$tmp/b/f.png"; printf '![ش](f.png)\n' >"$tmp/b/doc.md"
"$MZ_BIN" build -q -o "$tmp/b/out" "$tmp/b/doc.md"
"$MZ_BIN" build -o "$tmp/b/out" "$tmp/b/doc.md" 2>"$tmp/e1"
sleep 1; touch "$tmp/b/f.png"
"$MZ_BIN" build -o "$tmp/b/out" "$tmp/b/doc.md" 2>"$tmp/e2"
grep -q '0 rendered, 1 up to date' "$tmp/e1" && grep -q '1 rendered, 0 up to date' "$tmp/e2" &&
    grep -q "$(realpath "$tmp/b/f.png")" "$tmp/b/out/.mujaz-deps"
check "mujaz build: the image is an input (touching it re-renders)" $? "$(cat "$tmp/e1" "$tmp/e2")"
# an image without alt text: a warning with file:line (a Figure's /Alt is
# what a screen reader says for it), an input error under --strict
cp "$MZ_ROOT/tests/data/figure.png" "$tmp/na.png"
printf '# صورة\n\n![](na.png)\n' >"$tmp/na.md"
run "$tmp/na.md" -o "$tmp/na.pdf"
check "an image without alt text: a PDF and a file:line warning" \
    "$([ "$rc" = 0 ] && grep -q "na.md:3: image 'na.png' has no alt text" "$tmp/err"; echo $?)" "rc=$rc $err"
run --strict "$tmp/na.md" -o "$tmp/na2.pdf"
check "an image without alt text under --strict: exit 1, no PDF" \
    "$([ "$rc" = 1 ] && [ ! -e "$tmp/na2.pdf" ]; echo $?)" "rc=$rc $err"

exit 0

