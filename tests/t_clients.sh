#!/usr/bin/env bash
# t_clients.sh - the text layer in the PDF readers people use (pdf.js, MuPDF.js
# 1.28, poppler, mutool 1.21, pdfminer.six, Ghostscript): tests/t_clients.py.
# The clients are installed by `make deps` (Debian packages; npm ci in
# tests/clients); a missing one is named, and its checks fail.
set -u
cd "$(dirname "$0")/.."
missing=""
for t in node pdftotext mutool pdf2txt gs /usr/bin/python3; do
    command -v "$t" >/dev/null 2>&1 || missing="$missing $t"
done
[ -d tests/clients/node_modules/pdfjs-dist ] && [ -d tests/clients/node_modules/mupdf ] ||
    missing="$missing tests/clients/node_modules (npm ci)"
if [ -n "$missing" ]; then
    echo "FAIL clients: missing test tools:$missing (make deps installs them)"
    exit 0
fi
exec /usr/bin/python3 tests/t_clients.py
