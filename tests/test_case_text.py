"""Case text is data in every output: each class of hostile string, put where a stranger's case file can put it
(title, narrative, an act's description, a person's name), is shown literally by the terminal table, the
Markdown and HTML memos, the graph and the explanation; nothing of it runs, in the terminal or in Chromium."""

from __future__ import annotations

import shutil
from io import StringIO
from pathlib import Path

import pytest
from browser import dump_dom
from markdown_it import MarkdownIt
from rich.console import Console

from jurisdiction.apps.analysis import analyse
from jurisdiction.apps.explain import explain
from jurisdiction.errors import CaseError
from jurisdiction.input.loader import load, load_text
from jurisdiction.render.memo import render_report
from jurisdiction.render.table import table

HOSTILE = {
    "rich markup": ["[/bold]x", "[i][/i]viewer", "[link=https://example.invalid]click[/link]", "[red]alarm"],
    "html": ["<script>document.title='ran'</script>", "<img src=x onerror=\"document.title='ran'\">", "<!--"],
    "markdown": ["# Forged heading", "[^1]: forged footnote", "*bold* _it_ `code`", "1. a list", "> quote"],
    "dot label": ['<IMG SRC="/etc/passwd"/>', "\\N", "trailing \\", "<b>bold</b>"],
    "bidi": ["\u202eevil\u202c", "\u2067isolate\u2069"],
}
STRINGS = [s for group in HOSTILE.values() for s in group]


def _case(text: str) -> str:
    quoted = text.replace("\\", "\\\\").replace('"', '\\"')
    return f"""schema: jurex/v1
id: hostile
title: "{quoted}"
narrative: "{quoted}"
date: 2019-06-01
people:
  "{quoted}": {{nationality: [GBR], present_in: GBR}}
  child: {{nationality: [PHL], age: 11}}
offences:
  - id: o
    category: csam_production
    offenders: [{{person: "{quoted}"}}]
    victims: [child]
    acts: [{{what: "{quoted}", by: "{quoted}", in: PHL}}]
"""


@pytest.mark.parametrize("text", STRINGS)
def test_every_output_shows_case_text_literally(text: str) -> None:
    case = load_text(_case(text), "hostile.yaml")
    analysis = analyse(case)
    console = StringIO()
    table(analysis, Console(file=console, width=300, no_color=True, force_terminal=False))
    shown = console.getvalue()
    assert text in shown, "the terminal table shows the name as written"
    memo = render_report(analysis, "md")
    page = MarkdownIt("commonmark").enable("table").render(memo)
    assert "<script" not in page and "<img" not in page and "<!--" not in page
    assert "<h1>Forged" not in page and page.count("<h1>") == 1
    assert not any(line.startswith("[^1]: forged") for line in memo.splitlines())
    html = render_report(analysis, "html")
    assert "<script" not in html.split("<style>")[0] + html.split("</style>")[-1].replace("&lt;script", "")
    from jurisdiction.render.graph import build

    graph = build(analysis)
    assert "label=<" not in graph.source  # a quoted label, never an HTML-like one
    if "\\" in text:
        assert text.replace("\\", "\\\\") in graph.source  # a backslash stays a backslash, not an escape
    if shutil.which("dot"):
        graph.pipe(format="svg")  # dot accepts every label (a trailing backslash used to break it)
    from jurisdiction.apps.compare import compare
    from jurisdiction.engine.regimes import REGIMES
    from jurisdiction.render.compare import comparison_text

    assert text in comparison_text(compare(case, [REGIMES["opsc"], REGIMES["lanzarote"]]), plain=True)
    why = explain(case, "GBR").text()
    assert text in why or text.replace("\n", " ") in why


@pytest.mark.parametrize("sequence", ["\x1b[2J", "\x1b]8;;https://example.invalid\x07link\x1b]8;;\x07", "\x07", "\r"])
def test_terminal_control_sequences_are_refused_with_the_field_and_the_fix(sequence: str, tmp_path: Path) -> None:
    for field in ("title", "narrative"):
        text = _case("ok").replace(f'{field}: "ok"', f'{field}: "{sequence.encode("unicode_escape").decode()}"')
        path = tmp_path / "case.yaml"
        path.write_text(text, encoding="utf-8")
        with pytest.raises(CaseError) as refused:
            load(path)
        message = str(refused.value)
        assert field in message and "control character" in message and "fix:" in message


def test_nothing_of_the_case_runs_in_chromium(tmp_path: Path) -> None:
    text = "<script>document.title='ran'</script><img src=x onerror=\"document.title='ran'\">"
    analysis = analyse(load_text(_case(text), "hostile.yaml"))
    html_page = tmp_path / "memo.html"
    html_page.write_text(render_report(analysis, "html"), encoding="utf-8")
    md_page = tmp_path / "memo-md.html"
    md_page.write_text(
        MarkdownIt("commonmark").enable("table").render(render_report(analysis, "md")), encoding="utf-8"
    )
    for page in (html_page, md_page):
        dom = dump_dom(page)
        assert "<title>ran</title>" not in dom and "&lt;script&gt;" in dom


@pytest.mark.parametrize("command", ["analyse", "validate"])
def test_an_error_message_shows_a_control_character_quoted_from_the_file_as_its_code(
    command: str, tmp_path: Path
) -> None:
    from jurisdiction.cli.app import app
    from typer.testing import CliRunner

    path = tmp_path / "case.yaml"
    path.write_text(_case("ok").replace("nationality: [GBR]", 'nationality: ["\\e]8;;https://x\\aUK"]'))
    result = CliRunner().invoke(app, [command, str(path)])
    assert result.exit_code == 2
    assert "\x1b" not in result.stderr and "\x07" not in result.stderr
    assert "\\x1b]8;;https://x\\x07UK" in result.stderr
