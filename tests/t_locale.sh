#!/usr/bin/env bash
# t_locale.sh - what mujaz writes itself, by the document's lang (the theme's
# words: the contents' title, "page n of N"), its digits (native: ar U+0660..,
# fa and ur U+06F0.., en European; arabic-indic, extended-arabic-indic and
# european still chosen by name), and body_digits: the text's own European
# digits in the same digits, not in Latin words, code or URLs, and the PDF's
# text (pdftotext) says the digits drawn.
set -u
cd "$(dirname "$0")/.."
BIN=${MZ_BIN:-$PWD/build/mujaz}
if [ ! -x "$BIN" ]; then echo "FAIL t_locale: $BIN not built"; exit 0; fi
command -v pdftotext >/dev/null || { echo "FAIL t_locale: pdftotext missing (make deps installs it)"; exit 0; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
check() { if [ "$2" = 0 ]; then echo "PASS $1"; else echo "FAIL $1: ${3:-}"; fi; }
# the text layer without bidi marks (LRM RLM, LRE..RLO, PDF readers add them)
text() { pdftotext -enc UTF-8 "$1" - | LC_ALL=C sed -e 's/\xe2\x80[\x8e\x8f\xaa-\xae]//g'; }
has() { grep -qF -- "$2" <<<"$1"; }

doc() { # lang, extra front matter -> $tmp/LANG.md
    printf -- '---\ntitle: T\nlang: %s\ntoc: true\n%s---\n\n# عنوان\n\nفي عام 1981 نشرت COVID-19 و`v2 = 42` في https://example.org/2024 هنا.\n\n1. بند\n2. بند\n' \
        "$1" "$2" >"$tmp/$1.md"
}
# lang: contents, page n of N with n = 1 in the language's default digits
while IFS='|' read -r lang contents page; do
    doc "$lang" ""
    "$BIN" "$tmp/$lang.md" -o "$tmp/$lang.pdf" 2>"$tmp/err"; rc=$?
    t=$(text "$tmp/$lang.pdf")
    check "t_locale_${lang}_words" "$([ $rc = 0 ] && has "$t" "$contents" && has "$t" "$page"; echo $?)" \
        "rc $rc, want '$contents' and '$page' in: $(tr '\n' '|' <<<"$t") $(cat "$tmp/err")"
    check "t_locale_${lang}_body_untouched" "$(has "$t" "1981"; echo $?)" "$(tr '\n' '|' <<<"$t")"
done <<'W'
ar|المحتويات|صفحة ١ من ١
fa|فهرست|صفحه ۱ از ۱
ur|فہرست|صفحہ ۱ از ۱
W
# a left-to-right English document: European
printf -- '---\nlang: en\ndir: ltr\ntoc: true\n---\n\n# Heading\n\nIn 1981.\n' >"$tmp/en.md"
"$BIN" "$tmp/en.md" -o "$tmp/en.pdf"; t=$(text "$tmp/en.pdf")
check t_locale_en_words "$(has "$t" "Contents" && has "$t" "Page 1 of 1"; echo $?)" "$(tr '\n' '|' <<<"$t")"

# digits by name and native, front matter and command line
doc fa $'digits: european\n'
"$BIN" "$tmp/fa.md" -o "$tmp/x.pdf"; t=$(text "$tmp/x.pdf")
check t_locale_fa_european "$(has "$t" "صفحه 1 از 1"; echo $?)" "$(tr '\n' '|' <<<"$t")"
"$BIN" --digits=arabic-indic "$tmp/fa.md" -o "$tmp/x.pdf"; t=$(text "$tmp/x.pdf")
check t_locale_cli_arabic_indic "$(has "$t" "صفحه ١ از ١"; echo $?)" "$(tr '\n' '|' <<<"$t")"
doc ar $'digits: extended-arabic-indic\n'
"$BIN" "$tmp/ar.md" -o "$tmp/x.pdf"; t=$(text "$tmp/x.pdf")
check t_locale_extended_by_name "$(has "$t" "صفحة ۱ من ۱"; echo $?)" "$(tr '\n' '|' <<<"$t")"
printf -- '---\nlang: en\ndir: ltr\ndigits: native\nbody_digits: true\n---\n\nIn 1981.\n' >"$tmp/en2.md"
"$BIN" "$tmp/en2.md" -o "$tmp/x.pdf"; t=$(text "$tmp/x.pdf")
check t_locale_en_native_european "$(has "$t" "In 1981." && has "$t" "Page 1 of 1"; echo $?)" "$(tr '\n' '|' <<<"$t")"

# body digits: the issue's 1981 beside the timeline's ١٩٨١
doc ar ""
"$BIN" --digits=arabic-indic --body-digits "$tmp/ar.md" -o "$tmp/b.pdf" 2>"$tmp/err"; rc=$?
t=$(text "$tmp/b.pdf")
check t_locale_body_digits_ar "$([ $rc = 0 ] && has "$t" "في عام ١٩٨١ نشرت" && ! has "$t" 1981; echo $?)" "$(tr '\n' '|' <<<"$t") $(cat "$tmp/err")"
check t_locale_body_digits_keep_latin "$(has "$t" "COVID-19"; echo $?)" "$(tr '\n' '|' <<<"$t")"
check t_locale_body_digits_keep_code "$(has "$t" "v2 = 42"; echo $?)" "$(tr '\n' '|' <<<"$t")"
# the URL may wrap after its // (a break a reader expects in a URL): read across the line end
check t_locale_body_digits_keep_url "$(has "$(tr -d '\n' <<<"$t")" "https://example.org/2024"; echo $?)" "$(tr '\n' '|' <<<"$t")"
doc fa $'body_digits: true\n'
"$BIN" "$tmp/fa.md" -o "$tmp/b.pdf"; t=$(text "$tmp/b.pdf")
check t_locale_body_digits_fa_front_matter "$(has "$t" "في عام ۱۹۸۱ نشرت"; echo $?)" "$(tr '\n' '|' <<<"$t")"
"$BIN" --no-body-digits "$tmp/fa.md" -o "$tmp/b.pdf"; t=$(text "$tmp/b.pdf")
check t_locale_no_body_digits_wins "$(has "$t" "في عام 1981 نشرت"; echo $?)" "$(tr '\n' '|' <<<"$t")"
# the model as read keeps the source's digits
"$BIN" --body-digits --dump=doc "$tmp/fa.md" >"$tmp/dump"
check t_locale_dump_doc_as_read "$(grep -q 1981 "$tmp/dump" && grep -q 'body-digits: yes' "$tmp/dump"; echo $?)" "$(head -20 "$tmp/dump")"

# a table: measured and set with the same digits (no overflow warning)
printf -- '---\nbody_digits: true\n---\n\n| السنة | العدد |\n|---|---|\n| 1981 | 12345678901234567890 |\n' >"$tmp/t.md"
"$BIN" "$tmp/t.md" -o "$tmp/t.pdf" 2>"$tmp/err"; rc=$?; t=$(text "$tmp/t.pdf")
check t_locale_body_digits_table "$([ $rc = 0 ] && [ ! -s "$tmp/err" ] && has "$t" "١٩٨١"; echo $?)" "rc $rc $(cat "$tmp/err") $(tr '\n' '|' <<<"$t")"

# bad values: file:line messages
printf -- '---\ndigits: hindi\n---\nنص\n' >"$tmp/bad.md"
"$BIN" "$tmp/bad.md" -o "$tmp/bad.pdf" 2>"$tmp/err"; rc=$?
check t_locale_bad_digits "$([ $rc = 1 ] && grep -q "bad.md:2: 'digits' must be native, arabic-indic" "$tmp/err"; echo $?)" "rc $rc $(cat "$tmp/err")"
"$BIN" --digits=hindi "$tmp/fa.md" -o "$tmp/bad.pdf" 2>"$tmp/err"; rc=$?
check t_locale_bad_digits_cli "$([ $rc = 2 ]; echo $?)" "rc $rc $(cat "$tmp/err")"
printf 'extends: briefing\nwords:\n  fa:\n    digits: "۰۱۲"\n' >"$tmp/th.yaml"
"$BIN" --theme "$tmp/th.yaml" "$tmp/fa.md" -o "$tmp/bad.pdf" 2>"$tmp/err"; rc=$?
check t_locale_bad_theme_digits "$([ $rc = 1 ] && grep -q "th.yaml:4: 'words.fa.digits' must be the ten digits" "$tmp/err"; echo $?)" "rc $rc $(cat "$tmp/err")"
