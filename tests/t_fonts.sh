#!/usr/bin/env bash
# t_fonts.sh - a font named by its fontconfig family (font: "Noto Naskh Arabic",
# --font) brings the family's own bold, italic and bold-italic faces (pdffonts
# names the files embedded), a face the family lacks is set in the nearest one
# with a warning naming both, explicit bold_font/italic_font still win, and
# mujaz build records the faces found as the document's inputs.
set -u
cd "$(dirname "$0")/.."
BIN=${MZ_BIN:-$PWD/build/mujaz}
if [ ! -x "$BIN" ]; then echo "FAIL t_fonts: $BIN not built"; exit 0; fi
command -v pdffonts >/dev/null || { echo "FAIL t_fonts: pdffonts missing (make deps installs it)"; exit 0; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
export SOURCE_DATE_EPOCH=1700000000 # single renders and builds compared byte for byte
check() { if [ "$2" = 0 ]; then echo "PASS $1"; else echo "FAIL $1: ${3:-}"; fi; }
# the families these tests need: Debian's fonts-noto-core, fonts-dejavu-core and fonts-dejavu-extra (Serif Italic)
has() { fc-list "$1" style | grep -qiw "$2"; }
for f in "Noto Naskh Arabic:Bold" "Noto Naskh Arabic:Regular" "DejaVu Serif:Bold" "DejaVu Serif:Italic"; do
    has "${f%%:*}" "${f#*:}" || { echo "FAIL t_fonts: the installed font '$f' is missing (fonts-noto-core, fonts-dejavu-core, fonts-dejavu-extra)"; exit 0; }
done
if has "Noto Naskh Arabic" Italic; then echo "FAIL t_fonts: Noto Naskh Arabic has an italic here: the warning test needs a family without"; exit 0; fi
emb() { pdffonts "$1" 2>&1 | tail -n +3 | awk '{ sub(/^[A-Z]+\+/, "", $1); print $1 }' | sort -u | tr '\n' ' '; }

# a bold heading and bold text in a family with Regular and Bold only
cat >"$tmp/naskh.md" <<'MD'
---
title: تقرير
font: Noto Naskh Arabic
---

# عنوان عريض

نص عادي و**نص عريض**.
MD
"$BIN" "$tmp/naskh.md" -o "$tmp/naskh.pdf" 2>"$tmp/err"; rc=$?
check t_fonts_family_renders "$rc" "exit $rc: $(head -c 300 "$tmp/err")"
got=$(emb "$tmp/naskh.pdf")
check t_fonts_family_bold_embedded "$(case $got in *NotoNaskhArabic-Bold*NotoNaskhArabic-Regular*) echo 0 ;; *) echo 1 ;; esac)" "$got"
check t_fonts_family_no_italic_no_warning "$([ ! -s "$tmp/err" ]; echo $?)" "$(cat "$tmp/err")"

# the same family on the command line
printf '# عنوان\n\nنص.\n' >"$tmp/plain.md"
"$BIN" --font "Noto Naskh Arabic" "$tmp/plain.md" -o "$tmp/cli.pdf" 2>"$tmp/err"
got=$(emb "$tmp/cli.pdf")
check t_fonts_cli_family_bold "$(case $got in *NotoNaskhArabic-Bold*) echo 0 ;; *) echo 1 ;; esac)" "$got"

# italic text in a family without an italic: said, and set in the regular face
printf -- '---\nfont: Noto Naskh Arabic\n---\n\nنص *مائل* هنا.\n' >"$tmp/it.md"
"$BIN" "$tmp/it.md" -o "$tmp/it.pdf" 2>"$tmp/err"; rc=$?
want="italic face of 'Noto Naskh Arabic' not installed; using Noto Naskh Arabic Regular"
check t_fonts_missing_italic_warns "$(grep -qF "$want" "$tmp/err"; echo $?)" "rc $rc: $(cat "$tmp/err")"
"$BIN" --strict "$tmp/it.md" -o "$tmp/it2.pdf" 2>"$tmp/err"; rc=$?
check t_fonts_missing_italic_strict "$([ "$rc" = 1 ]; echo $?)" "rc $rc: $(cat "$tmp/err")"

# a family with all four faces; bold-italic text too
printf -- '---\nlang: en\ndir: ltr\nfont: DejaVu Serif\n---\n\n# Heading\n\nPlain *italic* **bold** ***both***.\n' >"$tmp/four.md"
"$BIN" "$tmp/four.md" -o "$tmp/four.pdf" 2>"$tmp/err"
got=$(emb "$tmp/four.pdf")
check t_fonts_family_four_faces "$([ "$got" = "DejaVuSerif DejaVuSerif-Bold DejaVuSerif-BoldItalic DejaVuSerif-Italic " ]; echo $?)" "$got $(cat "$tmp/err")"

# an explicit bold_font wins over the family's bold
printf -- '---\nlang: en\ndir: ltr\nfont: DejaVu Serif\nbold_font: DejaVu Sans:bold\n---\n\n# Heading\n\nPlain **bold**.\n' >"$tmp/ex.md"
"$BIN" "$tmp/ex.md" -o "$tmp/ex.pdf" 2>"$tmp/err"
got=$(emb "$tmp/ex.pdf")
check t_fonts_explicit_bold_wins "$([ "$got" = "DejaVuSans-Bold DejaVuSerif " ]; echo $?)" "$got $(cat "$tmp/err")"

# mujaz build: the same PDF as a single render, and the bold file among the inputs
mkdir -p "$tmp/out"
"$BIN" build -q -o "$tmp/out" "$tmp/naskh.md" "$tmp/four.md" 2>"$tmp/err"; rc=$?
check t_fonts_build_renders "$rc" "$(cat "$tmp/err")"
check t_fonts_build_same_pdf "$(cmp -s "$tmp/out/naskh.pdf" "$tmp/naskh.pdf" && cmp -s "$tmp/out/four.pdf" "$tmp/four.pdf"; echo $?)"
check t_fonts_build_deps_bold "$(grep '^naskh.pdf' "$tmp/out/.mujaz-deps" | grep -q 'NotoNaskhArabic-Bold.ttf'; echo $?)" \
    "$(cat "$tmp/out/.mujaz-deps")"
"$BIN" build -q --font "DejaVu Serif" -o "$tmp/out2" "$tmp/four.md" "$tmp/plain.md" 2>"$tmp/err"
"$BIN" --font "DejaVu Serif" "$tmp/four.md" -o "$tmp/four2.pdf" 2>/dev/null
check t_fonts_build_cli_family_same_pdf "$(cmp -s "$tmp/out2/four.pdf" "$tmp/four2.pdf"; echo $?)"
