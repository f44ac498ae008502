"""The README's example outputs are what jurex prints: each `$ jurex ...` transcript is run and compared, files
the commands write read back as a person would (tools/readme_outputs.py; `python tools/readme_outputs.py --write`
rewrites them after a deliberate change)."""

from __future__ import annotations

import importlib.util
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

TOOL = Path(__file__).resolve().parent.parent / "tools" / "readme_outputs.py"
PDF_READER = "pdftotext -layout memo.pdf - | head -18"
DOCX_READER = """python -c "import docx; [print(p.text) for p in docx.Document('memo.docx').paragraphs[:5]]\""""


@pytest.fixture(scope="module")
def tool() -> ModuleType:
    spec = importlib.util.spec_from_file_location("readme_outputs", TOOL)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def readme(tool: ModuleType) -> str:
    return str(tool.README.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def ran(tool: ModuleType, readme: str) -> Iterator[list[Any]]:
    """Every README command run once (a PDF takes seconds): the edited copies below are checked against these."""
    columns = os.environ.pop("COLUMNS", None)  # as piped: 140 columns
    try:
        yield tool.outputs(readme)
    finally:
        if columns is not None:
            os.environ["COLUMNS"] = columns


def test_every_quoted_output_is_what_jurex_prints(tool: ModuleType, readme: str, ran: list[Any]) -> None:
    commands = {s.command for s in tool.steps(readme)}
    assert {
        "jurex analyse livestream-gbr-phl",
        "jurex explain livestream-gbr-phl --state GBR",
        "jurex analyse livestream-gbr-phl -f json",
        "jurex analyse case.yaml",
        "jurex analyse network.json",
        "jurex exercise check ex/ answers/",
        "head -4 ex/class-report.csv",
        PDF_READER,
        DOCX_READER,
    } <= commands
    assert any(c.startswith("jurex extradite ") for c in commands)
    assert any(c.startswith("head -") and c.endswith(" ex/handout.md") for c in commands)
    checked = tool.check(readme, ran)
    wrong = [s.command for s, _ in checked.wrong]
    assert not wrong, f"README.md quotes outputs jurex no longer prints: {wrong}; see tools/readme_outputs.py"
    if checked.unavailable:
        reasons = "; ".join(sorted({why for _, why in checked.unavailable}))
        if os.environ.get("JUREX_REQUIRE_BROWSER"):
            pytest.fail(f"README quotes not checked: {reasons}")
        pytest.skip(f"README quotes not checked: {reasons}")


# (what a stale README would say instead, in the first place it says it; the command whose quote it breaks)
EDITS = [
    ("│ GBR   │ territory ", "│ FRA   │ territory ", "jurex analyse livestream-gbr-phl"),  # a row it lacks
    ('"modality": "obligatory",', '"modality": "optional",', "jurex analyse livestream-gbr-phl -f json"),
    ("jurex case memo · case livestream-gbr-phl", "jurex case memo · case livestream-gbr-tha", PDF_READER),
    (
        "Must act — PHL: territory (OPSC art. 4(1)[1]) as to facilitator, viewer; offender present, not extradited",
        "Must act — PHL: territory (OPSC art. 4(1)[1]) as to viewer; offender present, not extradited",
        DOCX_READER,
    ),
    ("(5 questions, level 2):", "(4 questions, level 2):",
     "jurex exercise new --seed 7 --level 2 --topic extradition -o ex/"),
    ("- client is now in Brunei Darussalam (BRN).", "- client is now in Malaysia (MYS).", "head -14 ex/handout.md"),
    ("│ q4       │ double criminality             │ 2/3", "│ q4       │ double criminality             │ 3/3",
     "jurex exercise check ex/ answers/"),
    ("amira,amira.yaml,q2,2,2,MYS; THA,,", "amira,amira.yaml,q2,1,2,MYS,,", "head -4 ex/class-report.csv"),
    ("fix: did you mean GBR (United Kingdom)?", "fix: did you mean GAB (Gabon)?", "jurex analyse case.yaml"),
    ("    fix: did you mean GBR (United Kingdom)?\n(exit 2)", "    fix: did you mean GBR (United Kingdom)?\n(exit 1)",
     "jurex analyse case.yaml"),
    ("about 1,265,153 atoms", "about 1,262,328 atoms", "jurex analyse network.json"),  # the figure it once said
]  # fmt: skip


@pytest.mark.parametrize(("old", "new", "command"), EDITS, ids=[e[2].split(" | ")[0][:40] for e in EDITS])
def test_a_stale_quote_is_found_and_rewritten(
    tool: ModuleType, readme: str, ran: list[Any], old: str, new: str, command: str
) -> None:
    if any(output.unavailable for output in ran if output.command == command):
        pytest.skip(f"`{command}` cannot run here")
    stale = readme.replace(old, new, 1)
    assert stale != readme, old
    assert [s.command for s, _ in tool.check(stale, ran).wrong] == [command]
    assert tool.rewrite(stale, ran) == readme  # --write, then the check agrees


def test_a_quoted_beginning_may_not_skip_a_line(tool: ModuleType, readme: str, ran: list[Any]) -> None:
    cut = readme.replace("│ PHL   │ presence_no_extradition │", "", 1)
    assert [s.command for s, _ in tool.check(cut, ran).wrong] == ["jurex analyse livestream-gbr-phl"]
    cut = readme.replace('      "role": "perpetration",\n', "", 1)  # the JSON's beginning, a line left out
    assert [s.command for s, _ in tool.check(cut, ran).wrong] == ["jurex analyse livestream-gbr-phl -f json"]
    assert tool.check(tool.rewrite(cut, ran), ran).wrong == []  # as many lines as it quoted: one fewer, but whole


def test_a_blank_line_at_the_end_of_a_quote_is_a_line_too(tool: ModuleType, readme: str, ran: list[Any]) -> None:
    end = "- teen was 17 at the date of the conduct.\n```"
    assert end in readme
    padded = readme.replace(end, "- teen was 17 at the date of the conduct.\n\n```", 1)
    assert [s.command for s, _ in tool.check(padded, ran).wrong] == ["head -14 ex/handout.md"]
    assert tool.rewrite(padded, ran) == readme


def test_a_failure_is_quoted_only_with_its_exit_code(tool: ModuleType) -> None:
    unsaid = "```\n$ jurex analyse case.yaml\ncase.yaml: 1 problem in the case file\n```\n"
    with pytest.raises(RuntimeError, match="exit 2"):
        tool.check(unsaid)


def test_only_the_fixed_readers_run_and_only_inside_the_examples(tool: ModuleType) -> None:
    for command in ("rm -rf ex", "cat case.yaml", "head -3 ../../README.md", "head -3 /etc/passwd", "jurex cases | sh"):
        with pytest.raises(ValueError, match="README"), tool.scratch():
            tool.run(command)


def test_a_reader_not_installed_is_said_not_failed(tool: ModuleType, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tool.shutil, "which", lambda name: None)
    text = (
        "```\n$ jurex analyse livestream-gbr-phl -f pdf -o memo.pdf\n$ pdftotext -layout memo.pdf - | head -2\n"
        "some text\n```\n```\n$ jurex analyse case.yaml -f json | head -1\n"
        "case.yaml: 1 problem in the case file\n(exit 2)\n$ head -1 case.yaml\nschema: jurex/v2\n```\n"
    )
    checked = tool.check(text)
    assert checked.wrong == []
    assert [s.command for s, _ in checked.unavailable] == [
        "jurex analyse livestream-gbr-phl -f pdf -o memo.pdf",
        "pdftotext -layout memo.pdf - | head -2",
    ]
    assert "Chromium" in checked.unavailable[0][1]
    stale = text.replace("schema: jurex/v2", "schema: jurex/v1")
    assert [s.command for s, _ in tool.check(stale).wrong] == ["head -1 case.yaml"]
