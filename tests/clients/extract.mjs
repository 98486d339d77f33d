// extract.mjs - what pdf.js (Firefox's viewer) and MuPDF.js (current MuPDF:
// SumatraPDF, zathura, mupdf-gl) give a reader of a PDF: the text a
// select-all copy puts on the clipboard, and how many times their find
// returns each of a list of words.
//
//   node extract.mjs text   pdfjs|mupdf FILE.pdf           -> text on stdout, pages separated by \f
//   node extract.mjs search pdfjs|mupdf FILE.pdf WORDS.txt -> "count<TAB>word" per line of WORDS.txt
//
// pdf.js: text items joined as Firefox's text layer copies them (item
// strings concatenated, a newline after items with hasEOL, then pdf.js's own
// normalizeUnicode and NUL removal, as its copy handler does); find is pdf.js's own
// PDFFindController with Firefox's defaults (case- and diacritic-
// insensitive, not whole words), counting the matches on every page.
// MuPDF: the structured text of each page with default options, as
// mutool's and SumatraPDF's text; find is Page.search.
import fs from "node:fs";
import { createRequire } from "node:module";

// Debian 12's Node 18 has no process.getBuiltinModule (Node 20.16), through
// which pdf.js reaches fs and its other Node modules
if (!process.getBuiltinModule) {
    const require = createRequire(import.meta.url);
    process.getBuiltinModule = (name) => require(name);
}

const [mode, client, file, wordsFile] = process.argv.slice(2);
if (!["text", "search"].includes(mode) || !["pdfjs", "mupdf"].includes(client) || !file ||
    (mode === "search" && !wordsFile)) {
    process.stderr.write("usage: node extract.mjs text|search pdfjs|mupdf FILE.pdf [WORDS.txt]\n");
    process.exit(2);
}
const data = new Uint8Array(fs.readFileSync(file));
const words = mode === "search" ? fs.readFileSync(wordsFile, "utf8").split("\n").filter((w) => w) : [];

// ---- pdf.js --------------------------------------------------------------------------------

// The viewer module touches window and document when it loads; the find
// controller itself needs neither.
function stubBrowser() {
    const el = () => ({ style: {}, classList: { add() {}, remove() {}, toggle() {} }, append() {},
                        setAttribute() {}, addEventListener() {} });
    globalThis.window = globalThis;
    // Firefox has RegExp.escape; Node 20 does not (the find controller uses it on the query)
    if (!RegExp.escape) RegExp.escape = (s) => s.replace(/[\\^$.*+?()[\]{}|/]/g, "\\$&");
    globalThis.requestAnimationFrame = (f) => setTimeout(f, 0);
    globalThis.document = { documentElement: { style: {}, getAttribute() { return null; } },
                            createElement: el, addEventListener() {},
                            getElementsByTagName() { return []; }, querySelector() { return null; } };
}

async function pdfjsOpen() {
    const lib = await import("pdfjs-dist/legacy/build/pdf.mjs");
    const doc = await lib.getDocument({ data, verbosity: 0, useSystemFonts: false }).promise;
    return { lib, doc };
}

async function pdfjsText() {
    const { lib, doc } = await pdfjsOpen();
    const pages = [];
    for (let i = 1; i <= doc.numPages; i++) {
        const page = await doc.getPage(i);
        const tc = await page.getTextContent();
        let s = "";
        for (const it of tc.items) {
            if (typeof it.str !== "string") continue; // marked-content markers
            s += it.str;
            if (it.hasEOL) s += "\n";
        }
        // Firefox's copy handler: removeNullCharacters(normalizeUnicode(selection))
        pages.push(lib.normalizeUnicode(s).replaceAll("\x00", ""));
    }
    return pages.join("\n\f");
}

async function pdfjsSearch() {
    stubBrowser();
    const { lib, doc } = await pdfjsOpen();
    globalThis.pdfjsLib = lib;
    // the legacy build, as for the library: Debian 12's Node 18 lacks the regex v flag
    const viewer = await import("pdfjs-dist/legacy/web/pdf_viewer.mjs");
    const eventBus = new viewer.EventBus();
    const linkService = { pagesCount: doc.numPages, page: 1 };
    const fc = new viewer.PDFFindController({ linkService, eventBus, updateMatchesCountOnProgress: false });
    fc.setDocument(doc);
    const out = [];
    for (const query of words) {
        const done = new Promise((resolve) => {
            const h = () => { eventBus._off("updatefindmatchescount", h); resolve(); };
            eventBus._on("updatefindmatchescount", h);
        });
        eventBus.dispatch("find", { source: null, type: "again", query, caseSensitive: false,
                                    entireWord: false, highlightAll: true, findPrevious: false,
                                    matchDiacritics: false });
        await done;
        let n = 0;
        for (const m of fc.pageMatches) n += m ? m.length : 0;
        out.push(`${n}\t${query}`);
    }
    return out.join("\n");
}

// ---- MuPDF ---------------------------------------------------------------------------------

async function mupdfOpen() {
    const mupdf = await import("mupdf");
    return mupdf.Document.openDocument(data, "application/pdf");
}

async function mupdfText() {
    const doc = await mupdfOpen();
    const pages = [];
    for (let i = 0; i < doc.countPages(); i++) pages.push(doc.loadPage(i).toStructuredText().asText());
    return pages.join("\f");
}

async function mupdfSearch() {
    const doc = await mupdfOpen();
    const pages = [];
    for (let i = 0; i < doc.countPages(); i++) pages.push(doc.loadPage(i));
    return words.map((w) => {
        let n = 0;
        for (const p of pages) n += p.search(w).length;
        return `${n}\t${w}`;
    }).join("\n");
}

const run = { pdfjs: { text: pdfjsText, search: pdfjsSearch }, mupdf: { text: mupdfText, search: mupdfSearch } };
try {
    process.stdout.write((await run[client][mode]()) + "\n");
} catch (e) {
    process.stderr.write(`extract.mjs: ${client} ${mode} ${file}: ${e && e.message ? e.message : e}\n`);
    process.exit(1);
}
