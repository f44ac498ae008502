"""The case memo as a printed document: PDF (headless Chromium prints the HTML memo) and Word (python-docx).

Both carry the case id on every page (a running head), page numbers, and the provisions as numbered endnotes
quoting jurex's own paraphrase, like the Markdown and HTML memos they are written from (memo.build).
Neither format is written by hand: Chromium lays out the pages of the PDF (CSS paged media), python-docx writes
the Office Open XML.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from io import BytesIO
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jurisdiction import words
from jurisdiction.errors import CaseError, Problem
from jurisdiction.render.document import Cell, Cite, Document, Heading, Items, Paragraph, Strong, Table
from jurisdiction.render.memo import build, provision_note, render_report, to_html

if TYPE_CHECKING:
    from docx.text.paragraph import Paragraph as DocxParagraph

    from jurisdiction.findings.types import Analysis

CHROMIUM = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
PDF_TIMEOUT = 120.0  # seconds: a cold Chromium on a busy machine takes a few


def _missing(what: str, fix: str) -> CaseError:
    return CaseError("--format", [Problem("", f"{what} is not installed", fix)], where="cannot be written")


def to_pdf(doc: Document) -> bytes:
    """The HTML memo, printed to PDF by headless Chromium (A4, running head and page numbers in the margins)."""
    browser = next((found for name in CHROMIUM if (found := shutil.which(name))), None)
    if browser is None:
        raise _missing("headless Chromium (for PDF)", "apt-get install chromium (Debian/Ubuntu), or use -f html")
    with tempfile.TemporaryDirectory(prefix="jurex-pdf-") as tmp:
        page, pdf = Path(tmp) / "memo.html", Path(tmp) / "memo.pdf"
        page.write_text(to_html(doc, printed=True), encoding="utf-8")
        subprocess.run(
            [
                browser,
                "--headless",
                "--no-sandbox",  # run as root in containers; the page is our own, with no script
                "--disable-gpu",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                f"--user-data-dir={Path(tmp) / 'profile'}",
                "--no-pdf-header-footer",  # the memo's own margins carry the case id and the page number
                f"--print-to-pdf={pdf}",
                page.as_uri(),
            ],
            capture_output=True,
            timeout=PDF_TIMEOUT,
            check=True,
        )
        return pdf.read_bytes()


# --- Word


def _runs(paragraph: DocxParagraph, doc: Document, cell: Cell) -> None:
    for part in cell:
        if isinstance(part, Cite):
            paragraph.add_run(part.provision)
            paragraph.add_run(f"[{doc.number(part.provision)}]").font.superscript = True
        elif isinstance(part, Strong):
            paragraph.add_run(part.text).bold = True
        else:
            paragraph.add_run(part)


def _field(paragraph: DocxParagraph, instruction: str) -> None:
    """A Word field (PAGE, NUMPAGES): Word fills in its value when it lays out the pages."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    run = paragraph.add_run()
    for kind, text in (("begin", None), (None, instruction), ("separate", None), (None, "1"), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        elif text == "1":
            element = OxmlElement("w:t")
            element.text = text
        else:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = f" {text} "
        run._r.append(element)


def _page_footer(paragraph: DocxParagraph) -> None:
    """words.MEMO_PAGE with Word's page fields in place of {page} and {pages}."""
    before, rest = words.MEMO_PAGE.split("{page}")
    middle, after = rest.split("{pages}")
    paragraph.add_run(before)
    _field(paragraph, "PAGE")
    paragraph.add_run(middle)
    _field(paragraph, "NUMPAGES")
    paragraph.add_run(after)


def _table(word: Any, doc: Document, block: Table) -> None:
    from docx.shared import Pt

    table = word.add_table(rows=1, cols=len(block.headers))
    table.style = "Table Grid"
    for cell, header in zip(table.rows[0].cells, block.headers, strict=True):
        cell.paragraphs[0].add_run(header).bold = True
    for row in block.rows:
        cells = table.add_row().cells
        for cell, content in zip(cells, row, strict=True):
            _runs(cell.paragraphs[0], doc, content)
    for row in table.rows:
        for cell in row.cells:
            for p in cell.paragraphs:
                for run in p.runs:
                    run.font.size = Pt(7.5)
    word.add_paragraph()


def to_docx(doc: Document) -> bytes:
    """The memo as a Word document: A4, the case id in every page's header, page numbers in the footer, the
    provisions as numbered endnotes."""
    try:
        import docx
        from docx.shared import Mm, Pt
    except ImportError:
        raise _missing("python-docx (for Word)", "pip install 'jurex[print]' (or pip install python-docx)") from None
    word = docx.Document()
    word.core_properties.title = doc.title
    word.core_properties.subject = doc.case_id
    word.styles["Normal"].font.size = Pt(10)
    section = word.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = section.right_margin = Mm(15)
    section.top_margin = section.bottom_margin = Mm(18)
    section.header.paragraphs[0].text = words.MEMO_RUNNING_HEAD.format(case=doc.case_id)
    _page_footer(section.footer.paragraphs[0])
    word.add_heading(doc.title, level=0)
    for block in doc.blocks:
        if isinstance(block, Heading):
            word.add_heading(block.text, level=block.level - 1)
        elif isinstance(block, Paragraph):
            _runs(word.add_paragraph(), doc, block.parts)
        elif isinstance(block, Items):
            for item in block.items:
                _runs(word.add_paragraph(style="List Bullet"), doc, item)
        else:
            _table(word, doc, block)
    word.add_heading("Provisions cited", level=1)
    for i, pid in enumerate(doc.cited, start=1):
        p = word.add_paragraph()
        p.add_run(f"[{i}] ").font.superscript = True
        p.add_run(pid).bold = True
        p.add_run(f" — {provision_note(pid)}")
    out = BytesIO()
    word.save(out)
    return out.getvalue()


def render_memo(analysis: Analysis, kind: str) -> str | bytes:
    """The memo in any of its formats: md, html (text), pdf, docx (bytes)."""
    if kind in ("md", "html"):
        return render_report(analysis, kind)
    return to_pdf(build(analysis)) if kind == "pdf" else to_docx(build(analysis))
