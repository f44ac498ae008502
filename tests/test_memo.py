"""The case memo's bottom line, limits and words, and its printed forms (PDF, Word).

The bottom line is checked against the findings it is built from: every state the rules oblige is named as
one that must act, every duty and impunity warning is there, every condition is listed with the fact that
settles it. No internal term (`double_criminality_for_extraterritorial(...)`, `offender_nationality`) reaches
a memo of any bundled case."""

from __future__ import annotations

import html
import re
import shutil
import subprocess
from functools import cache
from pathlib import Path

import pytest
from browser import chromium
from typer.testing import CliRunner

from jurisdiction import words
from jurisdiction.apps.analysis import analyse
from jurisdiction.engine.catalogue import categories
from jurisdiction.findings.types import Analysis
from jurisdiction.input.loader import load
from jurisdiction.render.memo import build, render_report
from jurisdiction.resources import scenarios_dir
from jurisdiction.vocabulary import ANY_STATE, BASES, DUTIES, OBSTACLES, PARTY_STATUSES, ROUTE_BASES

ARTEFACTS = Path(__file__).parent / "artefacts"
CASES = ("livestream-gbr-phl", "trafficking-to-brothel", "denmark-consensual-possession", "offender-beyond-reach",
         "accomplice-not-extradited")  # fmt: skip


def _bundled() -> list[str]:
    return sorted(
        p.stem for p in scenarios_dir().glob("*.yaml") if not p.name.endswith((".expected.yaml", ".comparison.yaml"))
    )


@cache
def _analysis(case_id: str) -> Analysis:
    return analyse(load(scenarios_dir() / f"{case_id}.yaml"))


def _bottom_line(case_id: str) -> str:
    md = render_report(_analysis(case_id), "md")
    section = md[md.index(f"## {words.BOTTOM_LINE}") : md.index(f"## {words.LIMITS}")]
    return re.sub(r"\[\^\d+\]", "", section).replace("\\", "").replace("**", "")


def _qualified(condition: str, state: str) -> str:
    return condition if ":" in condition else f"{state}:{condition}"


@pytest.mark.parametrize("case_id", CASES)
def test_the_bottom_line_says_what_the_findings_say(case_id: str) -> None:
    a, line = _analysis(case_id), _bottom_line(case_id)
    must = {j.state for j in a.jurisdiction if j.modality == "obligatory"}
    for state in must:
        assert words.BL_MUST.format(state=words.BL_EVERY_STATE if state == ANY_STATE else state) in line
    others = {j.state for j in a.jurisdiction} - must
    assert not any(words.BL_MUST.format(state=s) in line for s in others), "only obliged states must act"
    if not must:
        assert words.BL_MUST_NONE.format(instrument=a.regime.instrument) in line
    for d in a.obligations:
        assert f"{d.state} must {words.duty(d.duty)} as to {d.person}" in line
    impunity = [w for w in a.warnings if w.impunity]
    for w in impunity:
        assert w.message.split("(")[0] in line  # the message, up to the provision it names (a citation)
    assert (words.BL_NO_IMPUNITY in line) == (not impunity)
    for o in a.case.offences:
        for r in o.offenders:
            person = a.case.people[r.person]
            if person.kind == "natural" and person.present_in:
                assert words.BL_IS_IN.format(person=r.person, state=person.present_in) in line
    conditions = {_qualified(c, j.state) for j in a.jurisdiction if j.modality == "obligatory" for c in j.conditions}
    conditions |= {_qualified(c, d.state) for d in a.obligations for c in d.conditions}
    for c in conditions:
        said = words.condition(c, a.regime.instrument)
        assert said in line or said[:1].upper() + said[1:] in line
    assert (words.BL_NO_UNKNOWNS in line) == (not conditions and not any(r.conditions for r in a.extradition))


def test_impunity_is_in_the_bottom_line_where_the_rules_see_it() -> None:
    line = _bottom_line("offender-beyond-reach")
    assert "impunity threatens: seller in sale-for-labour is in a state with no basis over them" in line
    assert "seller is in SOM, which has no basis over them" in line
    assert words.BL_MUST_NONE.format(instrument="the OPSC") in line


def test_where_an_offender_is_the_bottom_line_says_for_which_offences_that_state_can_try_them() -> None:
    # The UK's own law is known for the November filming only (s. 72 from July 2008): the traveller is in the UK.
    analysis = _analysis("uk-law-before-and-after-2008")
    triable = {j.offence for j in analysis.jurisdiction if j.state == "GBR" and j.established == "yes"}
    assert triable == {"november-filming"}
    text = " ".join(_bottom_line("uk-law-before-and-after-2008").split())
    assert "a basis over them for november-filming, not for may-filming" in text
    # Not bound by the OPSC in 2008, the UK can still act under its own law: the bottom line says so.
    assert "Not bound by the OPSC, but its own law gives it a basis: GBR (offender's nationality" in text


def test_under_recommendations_the_bottom_line_recommends_rather_than_obliges() -> None:
    from jurisdiction.engine.regimes import parse

    a = analyse(load(scenarios_dir() / "livestream-gbr-phl.yaml"), regime=parse("opsc-guidelines"))
    md = render_report(a, "md").replace("**", "")
    line = md[md.index(f"## {words.BOTTOM_LINE}") : md.index(f"## {words.LIMITS}")]
    assert words.RECOMMENDED_NOTE in line and words.BL_MUST_RECOMMENDED.format(state="PHL") in line
    assert "Must act" not in line


def test_a_condition_comes_with_the_fact_that_settles_it() -> None:
    line = _bottom_line("livestream-gbr-phl")
    assert "If GBR refuses to extradite its national: whether GBR's law extradites its nationals" in line
    assert "Must act — GBR: territory (OPSC art. 4(1)) as to facilitator, viewer" in line
    assert "Route: facilitator from PHL to GBR for live-abuse (request;" in line
    assert "PHL does not extradite facilitator" in line


def test_the_limits_say_version_date_assumptions_and_not_advice() -> None:
    a = _analysis("livestream-gbr-phl")
    md = render_report(a, "md").replace("\\", "")
    limits = md[md.index(f"## {words.LIMITS}") :].split("\n## ")[0]
    assert "not legal advice" in limits and a.data_version in limits and "conduct on 2019-06-01" in limits
    assert "Assumed: PHL extradites its nationals: no (the case's assume:)" in limits
    unknown = sum(f.origin == "unknown" for f in a.assumptions)
    assert words.LIMITS_UNKNOWN.format(n=unknown) in limits


# Names of the rules' vocabulary with an underscore: none of them may be read in a memo.
INTERNAL = {n for n in (*BASES, *ROUTE_BASES, *OBSTACLES, *DUTIES, *PARTY_STATUSES, *categories(),
                        *words.LAW_FIELD) if "_" in n}  # fmt: skip
TERM = re.compile(r"\b[a-z]+(?:_[a-z0-9]+)+\s*\(")  # a rules' term with arguments: field(basis, category)


def _read_texts(a: Analysis) -> list[str]:
    """What a person reads of the memo, without what the case file and the data sources wrote themselves."""
    md = render_report(a, "md").replace("\\", "")
    page = render_report(a, "html")
    page = html.unescape(re.sub(r"<[^>]+>", " ", page.split("</style>", 1)[1]))
    own = [a.case.title, " ".join((a.case.narrative or "").split()), *(f.source for f in a.facts_used)]
    own += [s.detail for s in a.states] + [act.what or "" for o in a.case.offences for act in o.acts]
    texts = []
    for text in (md, " ".join(page.split())):
        for o in sorted(filter(None, own), key=len, reverse=True):
            text = text.replace(o, "")
        texts.append(text)
    return texts


@pytest.mark.parametrize("case_id", _bundled())
def test_no_internal_notation_in_any_memo(case_id: str) -> None:
    for text in _read_texts(_analysis(case_id)):
        assert not TERM.search(text), TERM.search(text)
        found = {n for n in INTERNAL if re.search(rf"\b{n}\b", text)}
        assert not found


def test_the_national_law_table_is_in_words_with_period_and_source() -> None:
    md = render_report(_analysis("livestream-gbr-phl"), "md").replace("\\", "")
    lead = "| GBR | GBR requires double criminality for offender's nationality"
    row = next(r for r in md.splitlines() if r.startswith(lead))
    cells = [c.strip() for c in row.strip("|").split("|")]
    assert cells[1].endswith("jurisdiction over producing child sexual abuse material")
    assert cells[2:4] == ["no", "from 2008-07-31"] and cells[4].startswith("Sexual Offences Act 2003 s.72(1)")


# --- Printed


def _pages(pdf: Path) -> list[str]:
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True)
        return [p for p in text.stdout.split("\f") if p.strip()]
    pypdf = pytest.importorskip("pypdf", reason="neither pdftotext (poppler-utils) nor pypdf is installed")
    return [page.extract_text() for page in pypdf.PdfReader(str(pdf)).pages]


def test_the_pdf_memo_has_the_case_id_and_the_page_number_on_every_page(tmp_path: Path) -> None:
    chromium()  # skips without it (fails where CI requires the browser)
    from jurisdiction.cli.app import app

    out = tmp_path / "memo.pdf"
    result = CliRunner().invoke(app, ["analyse", "livestream-gbr-phl", "-f", "pdf", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_bytes().startswith(b"%PDF")
    pages = _pages(out)
    assert len(pages) > 1
    head = words.MEMO_RUNNING_HEAD.format(case="livestream-gbr-phl")
    for i, page in enumerate(pages, start=1):
        assert head in page, f"page {i}"
        assert words.MEMO_PAGE.format(page=i, pages=len(pages)) in page, f"page {i}"
    flat = " ".join(" ".join(pages).split())
    assert "not legal advice" in flat and "Must act — GBR:" in flat
    assert "OPSC art. 4(3) — A State Party must have jurisdiction" in flat  # the endnotes
    if shutil.which("pdftoppm"):  # a picture of the first page, to look at
        ARTEFACTS.mkdir(exist_ok=True)
        subprocess.run(["pdftoppm", "-r", "70", "-png", "-f", "1", "-l", "1", "-singlefile", str(out),
                        str(ARTEFACTS / "memo-livestream-gbr-phl-pdf")], check=True)  # fmt: skip


def test_the_word_memo_reads_back_with_the_bottom_line_head_pages_and_endnotes(tmp_path: Path) -> None:
    docx = pytest.importorskip("docx", reason="python-docx is not installed (pip install 'jurex[print]')")
    from jurisdiction.cli.app import app

    out = tmp_path / "memo.docx"
    result = CliRunner().invoke(app, ["analyse", "trafficking-to-brothel", "-f", "docx", "-o", str(out)])
    assert result.exit_code == 0, result.output
    word = docx.Document(str(out))
    texts = [p.text for p in word.paragraphs]
    a = _analysis("trafficking-to-brothel")
    lead = texts.index(words.BOTTOM_LINE)
    for state in {j.state for j in a.jurisdiction if j.modality == "obligatory"}:
        assert any(t.startswith(words.BL_MUST.format(state=state)) for t in texts[lead : lead + 30])
    assert "not legal advice" in " ".join(texts)
    assert word.sections[0].header.paragraphs[0].text == words.MEMO_RUNNING_HEAD.format(case=a.case.id)
    footer = word.sections[0].footer.paragraphs[0]._p.xml
    assert "PAGE" in footer and "NUMPAGES" in footer
    notes = texts[texts.index("Provisions cited") + 1 :]
    assert len(notes) == len(build(a).cited) and notes[0].startswith("[1] ")
