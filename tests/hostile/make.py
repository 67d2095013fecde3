#!/usr/bin/env python3
"""Make the hostile, broken and crafted inputs the tests run vendorkit on (standard library
only; the encrypted PDF needs qpdf). Deterministic.

    python3 tests/hostile/make.py OUT_DIR

writes the inputs into OUT_DIR with OUT_DIR/EXPECT, which lists for each the command that
reads it, the exit code it must give and a fragment of the message (`-` for none). Inputs that
are unusable give exit 2 with a message naming the problem or the limit; crafted inputs that
are still real documents (a list starting at 10^15, a PDF of a million and a half text
operators) are read normally, within the same time and memory bound. tests/hostile_cli.rs
makes them at test time (nothing binary is committed) and runs them all, alone and in one
batch with good files.
"""

import io
import pathlib
import subprocess
import sys
import zipfile
import zlib

ROOT = pathlib.Path(__file__).resolve().parent.parent.parent
OUT = pathlib.Path(sys.argv[1]) if len(sys.argv) > 1 else pathlib.Path.cwd() / "hostile"
OUT.mkdir(parents=True, exist_ok=True)
SAMPLE = (ROOT / "samples" / "payroll-spain.yaml").read_text(encoding="utf-8")
EXPECT = []


def put(name, data, command, fragment, code=2):
    path = OUT / name
    path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    EXPECT.append((name, command, code, fragment))


def sample_with(old, new):
    assert old in SAMPLE, old
    return SAMPLE.replace(old, new, 1)


# --- engagement files (review and packet) -------------------------------------------------
laughs = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"a{i}: &a{i} [*a{i-1}, *a{i-1}, *a{i-1}, *a{i-1}, *a{i-1}, *a{i-1}, *a{i-1}, *a{i-1}, *a{i-1}, *a{i-1}]\n"
    for i in range(1, 10)
)
put("alias-bomb.yaml", laughs, "review", "alias")
put("deep-nesting.yaml", "engagement: " + "[" * 500 + "]" * 500 + "\n", "review", "nest")
put("merge-key-bomb.yaml", "m0: &m0 {a: 1, b: 2}\n" + "".join(f"m{i}: &m{i} {{<<: *m{i-1}, k: *m{i-1}}}\n" for i in range(1, 40)), "review", "alias")
put("binary.yaml", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4, "review", "not UTF-8")
put("invalid-utf8.yaml", SAMPLE.encode("utf-8")[:200] + b"\xff\xfe bad" + SAMPLE.encode("utf-8")[200:400], "review", "invalid byte at offset 200")
put("utf16.yaml", SAMPLE.encode("utf-16"), "review", "not UTF-8")
put("empty.yaml", b"", "review", "empty")
put("only-comments.yaml", "# nothing here\n# at all\n", "review", "empty")
put("not-a-mapping.yaml", "- one\n- two\n", "review", "must be a YAML mapping")
put("scalar.yaml", "just a sentence\n", "review", "must be a YAML mapping")
put("tab-indent.yaml", "engagement:\n\tid: X\n", "review", "YAML")
put("unclosed-quote.yaml", sample_with("title: Outsourced payroll", 'title: "Outsourced payroll'), "review", "YAML")
put("unclosed-bracket.yaml", sample_with("renewal: { auto: true, notice_days: 60 }", "renewal: { auto: true, notice_days: 60"), "review", "YAML")
put("duplicate-key.yaml", sample_with("  title: Outsourced", "  status: draft\n  title: Outsourced"), "review", "duplicate key")
put("undefined-alias.yaml", sample_with("status: draft", "status: *nowhere"), "review", "alias")
put("huge-number.yaml", sample_with("term_months: 12", "term_months: 1e999999"), "review", "term_months")
put("negative-term.yaml", sample_with("term_months: 12", "term_months: -12"), "review", "term_months")
put("path-escape-id.yaml", sample_with("id: PEN-PY-2026-02", "id: ../../../etc/passwd"), "review", "engagement.id")
put("windows-path-id.yaml", sample_with("id: PEN-PY-2026-02", 'id: "C:\\\\Windows\\\\x"'), "review", "engagement.id")
put("reserved-name-id.yaml", sample_with("id: PEN-PY-2026-02", "id: .hidden"), "review", "engagement.id")
put("bidi-override-id.yaml", sample_with("id: PEN-PY-2026-02", "id: \"PEN\u202ePY\""), "review", "engagement.id")
put("ruby-tag.yaml", sample_with("status: draft", "status: !ruby/object:Gem::Installer {}"), "review", "status")
put("nul-bytes.yaml", SAMPLE[:300] + "\x00\x00\x00" + SAMPLE[300:], "review", "engagement")
put("long-line.yaml", sample_with("status: draft", "status: " + "A" * 50000), "review", "engagement.status")
put("big.yaml", SAMPLE + "".join(f"# padding line {i:06d} {'x' * 60}\n" for i in range(700)), "review --max-file-size 40KB", "40KB")
put("deep-block-nesting.yaml", "engagement:\n" + "- " * 5000 + "x\n", "review", "nesting deeper than 64")
put("long-legal-name.yaml", sample_with("legal_name: Estudio Peña & Muñoz S.L.", "legal_name: " + "A" * 3_850_000), "review", "2000-character limit")
put("two-documents.yaml", SAMPLE + "---\n" + SAMPLE, "review", "second YAML document")
# Not hostile: Windows editors start files with a byte-order mark; it reviews like the sample.
put("byte-order-mark.yaml", "\ufeff" + SAMPLE, "review", "-", code=0)

# --- contract text (lint) -----------------------------------------------------------------
put("empty.txt", b"", "lint", "empty")
put("whitespace.txt", "   \n\n\t\n", "lint", "has no text")
put("binary.txt", b"\x7fELF\x02\x01\x01" + bytes(4000), "lint", "binary")
put("invalid-utf8.txt", "The Provider shall ".encode() + b"\xc3\x28" + " comply.".encode(), "lint", "invalid byte at offset 19")
put("utf16.txt", "The Provider shall keep data confidential.".encode("utf-16"), "lint", "not UTF-8")
put("pdf-named-txt.txt", b"%PDF-1.4\n% not text\n", "lint", "is a PDF")
put("zip-named-md.md", b"PK\x03\x04" + bytes(100), "lint", "zip file")
put("big.txt", ("The Provider shall perform the Services. " * 2000), "lint --max-file-size 40KB", "40KB")
# Crafted but real: linted (findings, exit 1) in linear time.
words = "the provider shall perform services client data within days notice term fees".split()
put("unpunctuated.txt", " ".join(words[(i * 7) % len(words)] for i in range(1_200_000)), "lint", "-", code=1)
put("placeholders.txt", "[TBD " * 1_000_000, "lint", "DRAFT-001", code=1)


# --- Word (.docx) -------------------------------------------------------------------------
def docx(parts, method=zipfile.ZIP_DEFLATED):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", method) as z:
        for name, data in parts:
            info = zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0))
            info.compress_type = method
            z.writestr(info, data)
    return buf.getvalue()


W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def document(body):
    return f'<?xml version="1.0" encoding="UTF-8"?><w:document {W}><w:body>{body}</w:body></w:document>'


para = "<w:p><w:r><w:t>The Provider shall keep Client data confidential.</w:t></w:r></w:p>"
put("zip-bomb.docx", docx([("word/document.xml", document(para) + " " * 60_000_000)]), "lint", "zip bomb")
put("zip-slip.docx", docx([("../../evil.xml", "x"), ("word/document.xml", document(para))]), "lint", "../../evil.xml")
put("absolute-entry.docx", docx([("/etc/evil.xml", "x"), ("word/document.xml", document(para))]), "lint", "/etc/evil.xml")
put("not-a-zip.docx", "This is plain text pretending to be Word.", "lint", "not a Word document")
put("truncated.docx", docx([("word/document.xml", document(para))])[:60], "lint", "not a Word document")
put("no-document.docx", docx([("word/styles.xml", "<w:styles/>")]), "lint", "no word/document.xml")
put("malformed-xml.docx", docx([("word/document.xml", f"<w:document {W}><w:body><w:p><w:r><w:t>x</w:r></w:p></w:body></w:document>")]), "lint", "malformed")
entity = (
    '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">' for i in range(1, 10))
    + f']><w:document {W}><w:body><w:p><w:r><w:t>&lol9;</w:t></w:r></w:p></w:body></w:document>'
)
put("entity-bomb.docx", docx([("word/document.xml", entity)]), "lint", "has no text")
put("external-entity.docx", docx([("word/document.xml", '<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>' + document("<w:p><w:r><w:t>&x;</w:t></w:r></w:p>")[21:])]), "lint", "has no text")
put("no-text.docx", docx([("word/document.xml", document("<w:p/><w:p></w:p>"))]), "lint", "has no text")
put("utf16-xml.docx", docx([("word/document.xml", document(para).encode("utf-16"))]), "lint", "not UTF-8")
put("ole-encrypted.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(2000), "lint", "password-protected or an old .doc")
put("cut-directory.docx", docx([("word/document.xml", document(para) * 2)])[:-30], "lint", "not a Word document")


def numbered(start, fmt):
    numbering = (f'<w:numbering {W}><w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:start w:val="{start}"/>'
                 f'<w:numFmt w:val="{fmt}"/><w:lvlText w:val="%1."/></w:lvl></w:abstractNum>'
                 '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num></w:numbering>')
    item = '<w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr></w:pPr><w:r><w:t>The Provider shall keep Client data confidential.</w:t></w:r></w:p>'
    return docx([("word/document.xml", document(item * 3)), ("word/numbering.xml", numbering)])


# Crafted but real: lists numbered from absurd starts read in digits (letters grew to 18 GB).
put("list-letters.docx", numbered(999999999999999, "lowerLetter"), "lint", "-", code=1)
put("list-max.docx", numbered(18446744073709551615, "decimal"), "lint", "-", code=1)
put("list-roman.docx", numbered(999999999999999, "upperRoman"), "lint", "-", code=1)
twice = docx([("word/document.xml", document(para)), ("word/documenX.xml", document(para))])
put("two-documents.docx", twice.replace(b"word/documenX.xml", b"word/document.xml"), "lint", "two zip entries")


# --- PDF ----------------------------------------------------------------------------------
def pdf(objects, trailer=""):
    out = b"%PDF-1.4\n"
    offsets = []
    for i, o in enumerate(objects):
        offsets.append(len(out))
        body = o if isinstance(o, bytes) else o.encode("latin-1")
        out += f"{i + 1} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for o in offsets:
        out += f"{o:010} 00000 n \n".encode()
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R {trailer}>>\nstartxref\n{xref}\n%%EOF\n".encode()
    return out


def stream(data, extra=""):
    return b"<< /Length %d %s>>\nstream\n" % (len(data), extra.encode()) + data + b"\nendstream"


font = "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"
text = b"BT /F1 12 Tf 72 700 Td (The Provider shall keep Client data confidential.) Tj ET"
page = "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>"
good = pdf(["<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [3 0 R] /Count 1 >>", page, stream(text), font])
put("not-a-pdf.pdf", "Dear vendor, this is an e-mail saved with the wrong name.", "lint", "not a readable PDF")
put("truncated.pdf", good[: len(good) // 3], "lint", "PDF")
put("garbage.pdf", b"%PDF-1.7\n" + bytes((i * 37) % 256 for i in range(3000)), "lint", "PDF")
put("empty.pdf", b"", "lint", "empty")
put("page-tree-loop.pdf", pdf(["<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [2 0 R] /Count 1 >>"]), "lint", "no readable pages")
put("no-pages.pdf", pdf(["<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [] /Count 0 >>"]), "lint", "no readable pages")
put("scanned.pdf", pdf(["<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [3 0 R] /Count 1 >>", page, stream(b"0 0 595 842 re f"), font]), "lint", "no text layer")
bomb = zlib.compress(b"BT " + b"0" * 60_000_000 + b" ET", 9)
put("flate-bomb.pdf", pdf(["<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [3 0 R] /Count 1 >>", page, stream(bomb, "/Filter /FlateDecode "), font]), "lint", "could be read")
(OUT / "plain.pdf.tmp").write_bytes(good)
try:
    subprocess.run(["qpdf", "--encrypt", "secret", "owner", "256", "--", str(OUT / "plain.pdf.tmp"), str(OUT / "encrypted.pdf")], check=False, capture_output=True)
finally:
    (OUT / "plain.pdf.tmp").unlink()
if (OUT / "encrypted.pdf").exists():
    EXPECT.append(("encrypted.pdf", "lint", 2, "encrypted"))

# A ToUnicode map of one range over every four-byte code (read code by code: 16 GB). Crafted
# but real: its text decodes through the range.
cmap = b"/CIDInit /ProcSet findresource begin 1 begincodespacerange <00000000> <FFFFFFFF> endcodespacerange 1 beginbfrange <00000000> <FFFFFFFF> <0041> endbfrange end"
range_font = "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding /ToUnicode 6 0 R >>"
put("cmap-range.pdf", pdf(["<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [3 0 R] /Count 1 >>", page, stream(text), range_font, stream(cmap)]), "lint", "-", code=1)

# A page tree nested 20,000 deep (the library's walk overflowed the stack).
depth = 20_000
tree = ["<< /Type /Catalog /Pages 2 0 R >>"]
for i in range(depth):
    tree.append(f"<< /Type /Pages /Kids [{i + 3} 0 R] /Count 1 >>")
tree.append(f"<< /Type /Page /MediaBox [0 0 595 842] /Contents {depth + 3} 0 R /Resources << /Font << /F1 {depth + 4} 0 R >> >> >>")
tree += [stream(text), font]
put("deep-page-tree.pdf", pdf(tree), "lint", "nested more than 256 levels")

# 2,000 pages sharing one 28 MB content stream (0.4 MB packed): 56 GB of drawing.
shared = zlib.compress(b"BT /F1 12 Tf 72 700 Td (x) Tj ET\n" + b"0 0 m\n" * 4_700_000, 9)
kids = " ".join(f"{i + 5} 0 R" for i in range(2000))
pages = [f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 3 0 R /Resources << /Font << /F1 4 0 R >> >> >>" for _ in range(2000)]
put("shared-content.pdf", pdf(["<< /Type /Catalog /Pages 2 0 R >>", f"<< /Type /Pages /Kids [{kids}] /Count 2000 >>", stream(shared, "/Filter /FlateDecode "), font] + pages), "lint", "the limit for one PDF")

# 1.5 million text operators in 117 KB: read as a stream (1.8 GB as a list of objects).
ops = zlib.compress(b"BT /F1 12 Tf 14 TL 72 700 Td " + b"(Fees)'\n" * 1_500_000 + b"ET", 9)
put("many-operators.pdf", pdf(["<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [3 0 R] /Count 1 >>", page, stream(ops, "/Filter /FlateDecode "), font]), "lint", "-", code=1)

# Over twenty million operators: the limit.
q = zlib.compress(b"q Q " * 6_000_000, 9)
four = " ".join(f"{i + 3} 0 R" for i in range(4))
qpage = "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 7 0 R /Resources << /Font << /F1 8 0 R >> >> >>"
put("operator-flood.pdf", pdf(["<< /Type /Catalog /Pages 2 0 R >>", f"<< /Type /Pages /Kids [{four}] /Count 4 >>", qpage, qpage, qpage, qpage, stream(q, "/Filter /FlateDecode "), font]), "lint", "drawing operators")

# Every page holds the same one line: that line is the text, not a running header.
same = stream(b"BT /F1 12 Tf 72 700 Td (The Provider shall keep all Client data confidential.) Tj ET")
three = " ".join(f"{i + 3} 0 R" for i in range(3))
spage = "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 6 0 R /Resources << /Font << /F1 7 0 R >> >> >>"
put("repeated-line.pdf", pdf(["<< /Type /Catalog /Pages 2 0 R >>", f"<< /Type /Pages /Kids [{three}] /Count 3 >>", spage, spage, spage, same, font]), "text", "keep all Client data confidential", code=0)

(OUT / "EXPECT").write_text(
    "# file\tcommand\texit code\tmessage fragment, or - (made by make.py)\n"
    + "".join(f"{n}\t{c}\t{k}\t{f}\n" for n, c, k, f in EXPECT),
    encoding="utf-8",
)
print(f"{len(EXPECT)} inputs in {OUT}")
