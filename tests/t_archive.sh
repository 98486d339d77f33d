#!/usr/bin/env bash
# t_archive.sh - archival output: byte-reproducible PDFs under
# SOURCE_DATE_EPOCH, a content-hash /ID, and the PDF/A-2b clauses mujaz relies
# on (tests/pdfa_check.py reads the file through qpdf's JSON).
set -u
cd "$(dirname "$0")/.."
BIN=${MZ_BIN:-$PWD/build/mujaz}
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
check() { if [ "$2" = 0 ]; then echo "PASS $1"; else echo "FAIL $1: ${3:-}"; fi; }

for doc in data/briefing.md tests/data/small.md; do
    n=$(basename "$doc" .md)
    SOURCE_DATE_EPOCH=1700000000 "$BIN" -q "$doc" -o "$tmp/$n.1.pdf"
    SOURCE_DATE_EPOCH=1700000000 "$BIN" -q "$doc" -o "$tmp/$n.2.pdf"
    cmp -s "$tmp/$n.1.pdf" "$tmp/$n.2.pdf"
    check "archive $n: two renders are byte-identical under SOURCE_DATE_EPOCH" $? ""
    SOURCE_DATE_EPOCH=1800000000 "$BIN" -q "$doc" -o "$tmp/$n.3.pdf"
    id1=$(grep -a -o '/ID \[[^]]*\]' "$tmp/$n.1.pdf"); id3=$(grep -a -o '/ID \[[^]]*\]' "$tmp/$n.3.pdf")
    [ -n "$id1" ] && [ "$id1" = "$id3" ]
    check "archive $n: /ID hashes the content, not the time" $? "$id1 / $id3"
    pdfinfo "$tmp/$n.3.pdf" | grep -q 'CreationDate: .*2027'
    check "archive $n: CreationDate comes from SOURCE_DATE_EPOCH" $? "$(pdfinfo "$tmp/$n.3.pdf" | grep CreationDate)"
done
# the word cache is an optimisation only: the same bytes with it and without,
# on the briefing, a kashida-justified seed and the harakat/bidi mix
printf -- '---\njustify: kashida\n---\n\n' >"$tmp/k.md"; cat tests/data/seed.txt tests/data/seed.txt >>"$tmp/k.md"
for doc in data/briefing.md "$tmp/k.md" tests/data/mix.txt; do
    n=$(basename "$doc")
    SOURCE_DATE_EPOCH=1700000000 "$BIN" -q "$doc" -o "$tmp/wc1.pdf"
    SOURCE_DATE_EPOCH=1700000000 "$BIN" -q --no-word-cache "$doc" -o "$tmp/wc2.pdf"
    cmp -s "$tmp/wc1.pdf" "$tmp/wc2.pdf"
    check "archive $n: the word cache changes no byte of the PDF" $? "differs from --no-word-cache"
done

echo "# without SOURCE_DATE_EPOCH the dates are the time of the render; everything else, /ID included, is the same"

# PDF/A-2b: the briefing (pdfa: true) and a document with a link and XML-special metadata
SOURCE_DATE_EPOCH=1700000000 "$BIN" -q data/briefing.md -o "$tmp/b.pdf"
python3 tests/pdfa_check.py "$tmp/b.pdf"
"$BIN" -q tests/data/linked.md -o "$tmp/l.pdf"
python3 tests/pdfa_check.py "$tmp/l.pdf" --expect-annotations | sed 's/^\(PASS\|FAIL\) pdfa/\1 pdfa (linked)/'
qpdf --check "$tmp/l.pdf" >/dev/null 2>&1
check "archive linked: qpdf --check" $? ""

# the checks can fail: output not asked to be PDF/A is not labelled PDF/A
"$BIN" -q tests/data/small.md -o "$tmp/s.pdf"
n=$(python3 tests/pdfa_check.py "$tmp/s.pdf" 2>/dev/null | grep -c '^FAIL pdfa 6.6')
[ "$n" -gt 0 ]
check "archive: a non-PDF/A document fails the PDF/A metadata clauses" $? "no clause failed"

# --pdfa and --no-pdfa override the document
"$BIN" -q --pdfa tests/data/small.md -o "$tmp/sp.pdf"
n=$(python3 tests/pdfa_check.py "$tmp/sp.pdf" | grep -c '^FAIL')
check "archive: --pdfa makes a document PDF/A-2b" "$n" "$n clauses fail"
"$BIN" -q --no-pdfa data/briefing.md -o "$tmp/np.pdf"
grep -a -q '/OutputIntents' "$tmp/np.pdf"
[ $? -ne 0 ]
check "archive: --no-pdfa writes plain PDF even when the document asks for PDF/A" $? ""
