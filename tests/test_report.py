"""Case memos in Markdown and HTML: the same content, every provision a footnote with our paraphrase."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

from typer.testing import CliRunner

from jurisdiction.apps.analysis import analyse
from jurisdiction.engine.provisions import provisions
from jurisdiction.input.loader import load
from jurisdiction.render.memo import render_report
from jurisdiction.resources import scenarios_dir

ANALYSIS = analyse(load(scenarios_dir() / "livestream-gbr-phl.yaml"))


def test_markdown_memo_has_facts_then_answers_then_provisions() -> None:
    md = render_report(ANALYSIS, "md")
    order = [
        md.index(h)
        for h in (
            "## Facts",
            "## Jurisdiction",
            "## Extradition",
            "## Obligations",
            "## Warnings",
            "## Provisions cited",
        )
    ]
    assert order == sorted(order)
    assert "| GBR | territory | must | OPSC art. 4(1)[^" in md
    assert "ordered and paid for the show" in md


def test_every_footnote_is_defined_once_with_our_paraphrase() -> None:
    md = render_report(ANALYSIS, "md")
    used = set(re.findall(r"\[\^(\d+)\](?!:)", md))
    defined = re.findall(r"^\[\^(\d+)\]: \*\*(.+?)\*\* — (.+)$", md, flags=re.M)
    assert used == {n for n, _, _ in defined}
    table = provisions()
    for _, pid, text in defined:
        assert table[pid].paraphrase in text.replace("\\|", "|")
    assert {pid for _, pid, _ in defined} >= {
        "OPSC art. 4(1)",
        "OPSC art. 4(3)",
        "OPSC art. 5(1)",
        "OPSC art. 5(5)",
        "CRC/C/156 para. 87",
    }


class _Tables(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tables: dict[str, int] = {}
        self.current: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            self.current = dict(attrs).get("id") or ""
            self.tables[self.current] = 0
        elif tag == "tr" and self.current is not None:
            self.tables[self.current] += 1


def test_html_memo_is_one_self_contained_page_with_the_same_tables() -> None:
    page = render_report(ANALYSIS, "html")
    assert page.startswith("<!DOCTYPE html>") and "<style>" in page
    assert not re.search(r"<(script|link|img)\b", page), "self-contained: no external resources"
    parser = _Tables()
    parser.feed(page)
    assert parser.tables["jurisdiction"] == len(ANALYSIS.jurisdiction) + 1  # with the header row
    assert parser.tables["extradition"] == len(ANALYSIS.extradition) + 1
    assert parser.tables["obligations"] == len(ANALYSIS.obligations) + 1


def test_case_text_is_escaped_in_both_formats(tmp_path: Path) -> None:
    text = (scenarios_dir() / "livestream-gbr-phl.yaml").read_text()
    text = text.replace("ordered and paid for the show", "<script>alert(1)</script> | pipe")
    path = tmp_path / "case.yaml"
    path.write_text(text)
    analysis = analyse(load(path))
    assert "<script>" not in render_report(analysis, "html")
    assert "\\| pipe" in render_report(analysis, "md")


def test_report_formats_on_the_command_line(tmp_path: Path) -> None:
    from jurisdiction.cli.app import app

    out = tmp_path / "memo.html"
    result = CliRunner().invoke(app, ["analyse", "livestream-gbr-phl", "-f", "html", "-o", str(out)])
    assert result.exit_code == 0, result.stderr
    assert out.read_text().count('<table id="jurisdiction">') == 1
