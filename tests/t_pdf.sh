#!/usr/bin/env bash
# t_pdf.sh - end to end through the CLI: fonts embedded as CID subsets with
# ToUnicode, qpdf-clean, and pdftotext returns each paragraph in logical order.
set -u
cd "$(dirname "$0")/.."
BIN=${MZ_BIN:-$PWD/build/mujaz}
if [ ! -x "$BIN" ]; then echo "FAIL t_pdf: $BIN not built"; exit 0; fi
for t in pdffonts qpdf pdftotext; do
    command -v "$t" >/dev/null || { echo "FAIL t_pdf: test tool $t missing (make deps installs it)"; exit 0; }
done
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
check() { if [ "$2" = 0 ]; then echo "PASS $1"; else echo "FAIL $1: ${3:-}"; fi; }

cat >"$tmp/in.txt" <<'TXT'
بِسْمِ اللَّهِ الرَّحْمَٰنِ الرَّحِيمِ
لا إله إلا الله
التقرير رقم 2024 بتاريخ ١٤٤٥ (سري) PDF
خدمة I-24/7 متاحة منذ عام 1999 [مؤقتا]
كتـــاب جميل وقلم
TXT
"$BIN" "$tmp/in.txt" -o "$tmp/out.pdf" 2>"$tmp/err"; rc=$?
check t_pdf_cli_writes "$rc" "exit $rc: $(head -c 300 "$tmp/err")"
[ "$rc" = 0 ] || exit 0

fonts=$(pdffonts "$tmp/out.pdf" 2>&1 | tail -n +3)
bad=$(printf '%s\n' "$fonts" | grep -v 'CID TrueType *Identity-H *yes yes yes' | grep -c .)
check t_pdf_fonts_cid_subset_uni "$([ -n "$fonts" ] && [ "$bad" = 0 ]; echo $?)" "$fonts"

qpdf --check "$tmp/out.pdf" >"$tmp/qpdf" 2>&1; rc=$?
check t_pdf_qpdf_check "$rc" "$(head -c 300 "$tmp/qpdf")"

# normalise: drop tatweel, ZW*/LRM/RLM and LRE..RLO, fold whitespace
norm() { LC_ALL=C sed -e 's/\xd9\x80//g' -e 's/\xe2\x80[\x8b-\x8f\xaa-\xae]//g' | tr -s ' \t\f' ' ' |
         sed -e 's/^ //' -e 's/ $//'; }
pdftotext -enc UTF-8 "$tmp/out.pdf" - | norm >"$tmp/got"
missing=0
while IFS= read -r line; do
    want=$(printf '%s\n' "$line" | norm)
    grep -qF -- "$want" "$tmp/got" || { missing=$((missing + 1)); echo "# not found: $want"; }
done <"$tmp/in.txt"
check t_pdf_pdftotext_logical_order "$missing" "$missing paragraphs not extracted intact"
