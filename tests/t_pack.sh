#!/usr/bin/env bash
# t_pack.sh - the file's layout (src/pdf/pdf_pack.c): every object but the
# streams in object streams, a cross-reference stream, qpdf-clean, text
# strings that read back as written (their bytes include the parentheses,
# the backslash and CR), the same bytes twice, and the tagging's cost in
# bytes on the seed x70 within the issue's 15%.
set -u
cd "$(dirname "$0")/.."
BIN=${MZ_BIN:-$PWD/build/mujaz}
PY=/usr/bin/python3
if [ ! -x "$BIN" ]; then echo "FAIL t_pack: $BIN not built"; exit 0; fi
command -v qpdf >/dev/null || { echo "FAIL t_pack: test tool qpdf missing (make deps installs it)"; exit 0; }
"$PY" -c 'import pikepdf' 2>/dev/null || { echo "FAIL t_pack: python3-pikepdf missing (make deps installs it)"; exit 0; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
check() { if [ "$2" = 0 ]; then echo "PASS $1"; else echo "FAIL $1: ${3:-}"; fi; }
export SOURCE_DATE_EPOCH=1700000000

# ب ة ٜ ؍ are U+0628 U+0629 U+065C U+060D: UTF-16BE bytes 28 29 5C 0D
cat >"$tmp/strings.md" <<'MD'
# باب ٜ؍ (أ) \ ة

نص فيه ب و ة و ٜ و ؍ و (قوسان) و \ مائلة.
MD
"$PY" bench/gen.py tests/data/seed.txt "$tmp/bench" >/dev/null || { echo "FAIL t_pack: bench/gen.py"; exit 0; }
cp "$tmp/bench/x70_auto.md" "$tmp/x70.md"

render() { # NAME SOURCE OPTIONS...
    local n=$1 src=$2
    shift 2
    "$BIN" "$@" "$src" -o "$tmp/$n.pdf" 2>"$tmp/$n.err"
}
fails=0
for c in "strings $tmp/strings.md" "constructs tests/data/constructs.md" "constructs-notags tests/data/constructs.md --no-tags" \
         "constructs-pdfa tests/data/constructs.md --pdfa" "x70 $tmp/x70.md" "x70-notags $tmp/x70.md --no-tags"; do
    # shellcheck disable=SC2086
    set -- $c
    render "$@" || { echo "FAIL t_pack_render_$1: $(head -c 300 "$tmp/$1.err")"; fails=1; continue; }
    qpdf --check "$tmp/$1.pdf" >"$tmp/$1.qpdf" 2>&1
    check "t_pack_qpdf_check_$1" $? "$(grep -v '^checking\|^PDF Version\|^File is not\|^No syntax' "$tmp/$1.qpdf" | head -c 300)"
    # where each object is: a stream in the file, anything else in an object stream
    out=$(qpdf --show-xref "$tmp/$1.pdf" | "$PY" -c '
import re, sys, pikepdf
pdf = pikepdf.open(sys.argv[1])
data = open(sys.argv[1], "rb").read()
bad, packed = [], 0
for line in sys.stdin:
    m = re.match(r"(\d+)/0: (uncompressed|compressed)", line)
    if not m:
        continue
    if m.group(2) == "compressed":
        packed += 1
    elif not isinstance(pdf.get_object(int(m.group(1)), 0), pikepdf.Stream):
        bad.append(m.group(1))
start = int(re.search(rb"startxref\s+(\d+)\s+%%EOF\s*$", data).group(1))
if not re.match(rb"\d+ 0 obj\s*<<\s*/Type\s*/XRef", data[start:start + 100]):
    print("the last cross-reference section is not a stream")
if bad:
    print("objects outside object streams that are not streams: %s" % bad[:10])
if not packed:
    print("no object in an object stream")
' "$tmp/$1.pdf" 2>&1)
    check "t_pack_layout_$1" "$([ -z "$out" ]; echo $?)" "$out"
done
[ "$fails" = 0 ] || exit 0

# text strings: the outline's titles (libharu's hex strings made literal)
# and the elements' /Alt (written as literals) read back as the source
out=$("$PY" - "$tmp/strings.pdf" <<'PY' 2>&1
import sys, pikepdf
pdf = pikepdf.open(sys.argv[1])
head = "باب ٜ؍ (أ) \\ ة"
para = "نص فيه ب و ة و ٜ و ؍ و (قوسان) و \\ مائلة."
titles = []
o = pdf.Root.Outlines.get("/First")
while o is not None:
    titles.append(str(o.Title))
    o = o.get("/Next")
alts = []
def walk(e):
    if isinstance(e, pikepdf.Dictionary):
        if "/Alt" in e:
            alts.append(str(e.Alt))
        k = e.get("/K")
        for c in (k if isinstance(k, pikepdf.Array) else [k] if k is not None else []):
            walk(c)
walk(pdf.Root.StructTreeRoot.K)
if head not in titles:
    print("outline titles %r, not %r" % (titles, head))
for want in (head, para):
    if want not in alts:
        print("no /Alt reads %r (have %r)" % (want, alts))
PY
)
check t_pack_strings_read_back "$([ -z "$out" ]; echo $?)" "$out"

render again "$tmp/x70.md"
cmp -s "$tmp/x70.pdf" "$tmp/again.pdf"
check t_pack_same_bytes_twice $? "two renders of the seed x70 differ"

t=$(stat -c %s "$tmp/x70.pdf") n=$(stat -c %s "$tmp/x70-notags.pdf")
check t_pack_tag_cost_15pct "$([ $((t * 100)) -le $((n * 115)) ]; echo $?)" "tagged $t bytes, --no-tags $n: over 115%"
echo "# seed x70: tagged $t bytes, --no-tags $n ($(( (t - n) * 1000 / n )) per mille more)"
