"""A case's answer and what follows from it: the answer page (bottom line, then each conclusion opening into its
explanation tree), why not for any state, what if, the regimes compared, and the memo in every format.

Every sentence comes from the CLI's renderers (render.bottom_line, render.whatif, apps.explain, apps.compare)
and jurisdiction.words; this module only gathers them into what the templates show. Library work runs through
common.run, under the time limit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from jurisdiction import words
from jurisdiction.errors import CaseError
from jurisdiction.render.document import Cell, Cite, Strong
from jurisdiction.vocabulary import ANY_STATE
from jurisdiction.web.common import Opened, case_problems, error_page, load_opened, not_found, open_case, render, run

if TYPE_CHECKING:
    from jurisdiction.apps.explain import Node
    from jurisdiction.findings.types import Analysis
    from jurisdiction.input.model import Case

router = APIRouter()

MEMO_TYPES = {
    "md": "text/markdown; charset=utf-8",
    "html": "text/html; charset=utf-8",
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}
SECTIONS = ("jurisdiction", "extradition", "obligations", "warnings")
WHATIF_ROWS = 3  # facts changed at once in the form (the CLI takes any number; three cover a question)
DEFAULT_REGIMES = ("opsc", "opsc-guidelines")  # as `jurex compare` without --regimes


# --- Cells (text with provisions cited) as the templates show them


def parts(cell: Cell) -> list[dict[str, str]]:
    """A cell of the memo's document model as parts: text, a provision (with jurex's paraphrase, shown on hover
    and in words beside it when opened), or a lead in bold."""
    from jurisdiction.render.memo import provision_note

    out: list[dict[str, str]] = []
    for part in cell:
        if isinstance(part, Cite):
            note = provision_note(part.provision)
            out.append({"kind": "cite", "text": part.provision, "note": note, "anchor": anchor(part.provision)})
        elif isinstance(part, Strong):
            out.append({"kind": "strong", "text": part.text})
        else:
            out.append({"kind": "text", "text": part})
    return out


def anchor(provision: str) -> str:
    """The id of a provision's entry in the page's list of provisions cited ("X art. 1(2)" -> "p-x-art-1-2")."""
    return "p-" + "-".join(re.findall(r"[a-z0-9]+", provision.lower()))


def _said(section: str, finding: Any, analysis: Analysis) -> Cell:
    """A conclusion as render.whatif says it, its closing provision made a citation."""
    from jurisdiction.render.whatif import KEEP, said

    sentence = said(section, finding, analysis)
    provision = getattr(finding, "provision", None)
    head, sep, tail = sentence.rpartition(" — ")
    if provision and sep and tail.replace(KEEP, " ") == provision:
        return [head.replace(KEEP, " "), " — ", Cite(provision)]
    return [sentence.replace(KEEP, " ")]


# --- The answer with its explanation trees


def _key(section: str, finding: Any) -> tuple[str, ...]:
    """What names a conclusion in its section (as apps.whatif keys them)."""
    f = finding
    if section == "jurisdiction":
        return (section, f.state, f.basis, f.offence, f.person)
    if section == "extradition":
        return (section, f.person, f.requesting, f.requested, f.offence, f.basis)
    if section == "obligations":
        return (section, f.state, f.duty, f.person, f.offence, f.requesting)
    return (section, f.code, f.subject)


def _states(analysis: Analysis) -> list[str]:
    """The named states the conclusions concern, in the answer's order."""
    seen: list[str] = []
    for s in [j.state for j in analysis.jurisdiction] + [
        x for r in analysis.extradition for x in (r.requesting, r.requested)
    ] + [o.state for o in analysis.obligations]:
        if s != ANY_STATE and s not in seen:
            seen.append(s)
    return seen


def _trees(case: Case, analysis: Analysis) -> dict[tuple[str, ...], Node]:
    """Each conclusion's explanation tree: `jurex explain` for every state the answer names. An explanation lists
    a state's conclusions in the answer's order (its bases, then the routes it asks or is asked for, then its
    duties: apps.explain), so they pair with the findings one by one."""
    from jurisdiction.apps.explain import explain

    trees: dict[tuple[str, ...], Node] = {}
    for state in _states(analysis):
        e = explain(case, state)
        a = e.analysis
        mine = (
            [("jurisdiction", j) for j in a.jurisdiction if j.state == state]
            + [("extradition", r) for r in a.extradition if state in (r.requesting, r.requested)]
            + [("obligations", o) for o in a.obligations if o.state == state]
        )
        for (section, finding), node in zip(mine, e.conclusions, strict=True):
            trees.setdefault(_key(section, finding), node)
    return trees


@dataclass
class Row:
    sentence: list[dict[str, str]]
    modality: str = ""  # in words ("must"), for jurisdiction rows
    tree: Node | None = None


@dataclass
class Answer:
    analysis: Analysis
    bottom: list[list[dict[str, str]]]
    unknowns_lead: str
    unknowns: list[list[dict[str, str]]]
    sections: list[tuple[str, str, list[Row]]] = field(default_factory=list)
    picture: str = ""
    no_picture: str = ""
    cited: list[dict[str, str]] = field(default_factory=list)  # every provision the page cites, in order


def _findings(analysis: Analysis, section: str) -> list[Any]:
    return list(getattr(analysis, section))


def _picture(analysis: Analysis) -> tuple[str, str]:
    """The case as inline SVG (`jurex graph`'s picture), or why there is none."""
    from jurisdiction.render.graph import GraphvizMissing
    from jurisdiction.render.graph import render as draw

    try:
        svg = draw(analysis, "svg").decode("utf-8")
    except GraphvizMissing as exc:
        return "", words.WEB_NO_PICTURE.format(reason=exc)
    # Graphviz writes every label as XML text (case text escaped: `<` as &lt;), with no script and no link: the
    # one HTML a page includes unescaped. The XML prologue and doctype go; the <svg> element stays.
    start = svg.find("<svg")
    return (svg[start:] if start >= 0 else ""), ""


def answer_of(case: Case) -> Answer:
    """Everything the answer page shows (one solve, then one explanation per state named)."""
    from jurisdiction.apps.analysis import analyse
    from jurisdiction.render.bottom_line import bottom_line, unknowns

    analysis = analyse(case)
    trees = _trees(case, analysis)
    lead, found = unknowns(analysis)
    out = Answer(analysis, [parts(c) for c in bottom_line(analysis)], lead, [parts(c) for c in found])
    recommended = analysis.regime.recommended
    for section in SECTIONS:
        rows = []
        for f in _findings(analysis, section):
            if section == "warnings":
                cell: Cell = [f.message, " ", Cite(f.provision)] if f.provision else [f.message]
                rows.append(Row(parts(cell)))
                continue
            modality = words.modality(f.modality, recommended=recommended) if section == "jurisdiction" else ""
            rows.append(Row(parts(_said(section, f, analysis)), modality, trees.get(_key(section, f))))
        out.sections.append((section, words.WEB_SECTIONS[section], rows))
    out.picture, out.no_picture = _picture(analysis)
    every = [*out.bottom, *out.unknowns, *(r.sentence for _, _, rows in out.sections for r in rows)]
    for cell_parts in every:
        for p in cell_parts:
            if p["kind"] == "cite" and all(c["text"] != p["text"] for c in out.cited):
                out.cited.append(p)
    return out


def _states_by_name() -> list[tuple[str, str]]:
    """Every state as (code, name), by name: the why-not form's choices."""
    import pycountry

    from jurisdiction.input.countries import name_of

    return sorted(((c.alpha_3, name_of(c.alpha_3)) for c in pycountry.countries), key=lambda s: s[1])


def _case_states(analysis: Analysis) -> list[tuple[str, str]]:
    return [(s.state, s.name) for s in analysis.states if s.state != ANY_STATE]


def _links(opened: Opened) -> dict[str, Any]:
    return {
        "url": opened.url,
        "editable": opened.editable,
        "memo": [(f, words.WEB_MEMO_FORMATS[f]) for f in MEMO_TYPES],
    }


async def _problems_page(request: Request, opened: Opened, exc: CaseError) -> HTMLResponse:
    """A case the loader refuses: its problems (the CLI's messages), and where to fix them."""
    problems = case_problems(exc)
    heading = words.WEB_CASE_PROBLEMS.format(problems=words.count(len(problems), "problem"))
    ctx = {"opened": opened, "heading": heading, "problems": problems, "message": str(exc), **_links(opened)}
    return render(request, "answer_problems.html", ctx, status=400)


async def _loaded(request: Request, opened: Opened) -> Any:
    """The case a page answers, or the page of its problems (the loader's messages) when it cannot be used."""
    try:
        return await run(request, load_opened, opened)
    except CaseError as exc:
        return await _problems_page(request, opened, exc)


@router.get("/cases/{where}/{key}", response_class=HTMLResponse)
async def answer(request: Request, where: str, key: str) -> HTMLResponse:
    opened = open_case(request, where, key)
    case = await _loaded(request, opened)
    if isinstance(case, HTMLResponse):  # the case file's problems, on a page
        return case
    shown = await run(request, answer_of, case)
    ctx = {
        "opened": opened,
        "case": case,
        "a": shown,
        "meta": _meta(shown.analysis),
        "case_states": _case_states(shown.analysis),
        "all_states": _states_by_name(),
        **_links(opened),
    }
    return render(request, "answer.html", ctx)


def _meta(analysis: Analysis) -> str:
    from jurisdiction import __version__

    case = analysis.case
    return words.MEMO_META.format(
        case=case.id, date=case.date.isoformat(), regime=analysis.regime.label, version=__version__,
        data=analysis.data_version,
    )  # fmt: skip


# --- Why (not), for any state


@router.get("/cases/{where}/{key}/explain", response_class=HTMLResponse)
async def why_not(request: Request, where: str, key: str, state: str = "") -> HTMLResponse:
    from jurisdiction.apps.explain import explain
    from jurisdiction.input.countries import state_argument

    opened = open_case(request, where, key)
    case = await _loaded(request, opened)
    if isinstance(case, HTMLResponse):  # the case file's problems, on a page
        return case
    try:
        code = state_argument(state.strip(), "state")
    except CaseError as exc:
        return error_page(request, 400, str(exc))
    e = await run(request, explain, case, code)
    ctx = {
        "opened": opened,
        "case": case,
        "e": e,
        "code": code,
        "heading": words.explanation_heading(code, e.regime.instrument, case.id, case.date.isoformat()),
        "no_conclusion": words.NO_CONCLUSION.format(state=code),
        **_links(opened),
    }
    # htmx asks for the explanation alone, to show it under the form; a plain request gets the whole page
    template = "answer_explain_part.html" if request.headers.get("hx-request") else "answer_explain.html"
    return render(request, template, ctx)


# --- What if


def _choices(opened: Opened) -> list[tuple[str, str]]:
    """The facts the case has, as --set paths with their values now, then each person's fields it leaves out."""
    from jurisdiction.input.model import Person
    from jurisdiction.input.reader import parse

    try:
        data, _ = parse(opened.text, opened.name)
    except CaseError:
        return []
    out: list[tuple[str, str]] = []

    def shown(value: Any) -> str:
        text = str(value) if not isinstance(value, list) else "[" + ", ".join(map(str, value)) + "]"
        return text if len(text) <= 60 else text[:57] + "..."

    def walk(value: Any, path: str) -> None:
        if isinstance(value, dict):
            for k, v in value.items():
                walk(v, f"{path}.{k}" if path else str(k))
        elif isinstance(value, list) and any(isinstance(v, dict | list) for v in value):
            for i, v in enumerate(value):
                walk(v, f"{path}[{i}]")
        elif path not in ("schema", "id"):
            out.append((path, shown(value)))

    if isinstance(data, dict):
        walk(data, "")
        for pid, person in (data.get("people") or {}).items():
            if isinstance(person, dict):
                out += [(f"people.{pid}.{f}", "") for f in Person.model_fields if f not in person]
    return out[:500]


@dataclass
class WhatIfRow:
    n: int
    path: str = ""
    value: str = ""
    add: bool = False
    error: str = ""


def _rows(form: Any) -> list[WhatIfRow]:
    rows = []
    for i in range(WHATIF_ROWS):
        rows.append(
            WhatIfRow(
                i + 1,
                str(form.get(f"path_{i}", "")).strip() if form else "",
                str(form.get(f"value_{i}", "")) if form else "",
                bool(form and form.get(f"add_{i}")),
            )
        )
    return rows


def _problem_text(problems: list[Any]) -> str:
    return "\n".join(f"{p.message}\nfix: {p.fix}" if p.fix else p.message for p in problems)


@router.get("/cases/{where}/{key}/whatif", response_class=HTMLResponse)
async def whatif_form(request: Request, where: str, key: str) -> HTMLResponse:
    opened = open_case(request, where, key)
    return render(request, "whatif.html", _whatif_ctx(opened, _rows(None)))


def _whatif_ctx(opened: Opened, rows: list[WhatIfRow], **more: Any) -> dict[str, Any]:
    return {"opened": opened, "rows": rows, "choices": _choices(opened), **_links(opened), **more}


@router.post("/cases/{where}/{key}/whatif", response_class=HTMLResponse)
async def whatif(request: Request, where: str, key: str) -> HTMLResponse:
    """The answer as the case is and as the settings make it, and what changes; the case file stays as it is
    (a what-if changes nothing in the workspace, so it needs no form token)."""
    from jurisdiction.apps.whatif import Setting

    opened = open_case(request, where, key)
    rows = _rows(await request.form())
    settings: list[tuple[WhatIfRow, Setting]] = []
    for row in rows:
        if not row.path:
            continue
        try:
            settings.append((row, Setting.parse(f"{row.path}={row.value}", adds=row.add)))
        except CaseError as exc:
            row.error = _problem_text(exc.problems)
    if any(r.error for r in rows):
        return render(request, "whatif.html", _whatif_ctx(opened, rows), status=400)
    if not settings:
        return render(request, "whatif.html", _whatif_ctx(opened, rows, general=words.WEB_WHATIF_NONE), status=400)
    try:
        before, after, changes = await run(request, _what_if, opened, [s for _, s in settings])
    except CaseError as exc:
        # a setting the case refuses (a typo in a path, a person it lacks) is said beside its own row
        rest = []
        for p in exc.problems:
            row = next((r for r, s in settings if p.path == s.text), None)
            if row is not None:
                row.error = _problem_text([p])
            else:
                rest.append(p)
        general = _problem_text(rest) if rest else ""
        return render(request, "whatif.html", _whatif_ctx(opened, rows, general=general), status=400)
    from jurisdiction.render.whatif import summary_lines

    shown = []
    for c in changes:
        now = parts(_said(c.section, c.now, after)) if c.now is not None else []
        was = parts(_said(c.section, c.was, before)) if c.was is not None else []
        shown.append({"kind": c.kind, "section": words.WHATIF_SECTION.get(c.section, c.section), "now": now,
                      "was": was})  # fmt: skip
    labels = [s.label for _, s in settings]
    ctx = _whatif_ctx(
        opened,
        rows,
        heading=words.WHATIF_HEADING.format(settings=", ".join(labels)),
        changes=shown,
        before_heading=words.WEB_BEFORE.format(regime=before.regime.label, date=before.case.date.isoformat()),
        before=summary_lines(before)[1:],
        after=summary_lines(after),
    )
    return render(request, "whatif.html", ctx)


def _what_if(opened: Opened, settings: list[Any]) -> tuple[Analysis, Analysis, list[Any]]:
    from jurisdiction.apps.analysis import analyse
    from jurisdiction.apps.whatif import compare, editor
    from jurisdiction.input.loader import load_text

    before = analyse(load_opened(opened))
    after = analyse(load_text(opened.text, opened.name, editor(settings)))
    return before, after, compare(before, after)


# --- Regimes compared


def _regime_choices() -> list[tuple[str, str]]:
    """Every regime, and each universal-jurisdiction option beyond its default, as `--regimes` names them."""
    from jurisdiction.engine.regimes import REGIMES

    out = []
    for name, r in REGIMES.items():
        out.append((name, f"{name} — {r.title}"))
        out += [(f"{name}:{o}", f"{name}:{o} — {r.title}") for o in r.options[1:]]
    return out


@router.get("/cases/{where}/{key}/compare", response_class=HTMLResponse)
async def compare(request: Request, where: str, key: str) -> HTMLResponse:
    from jurisdiction.apps.compare import ABSENT
    from jurisdiction.apps.compare import compare as run_compare
    from jurisdiction.engine.regimes import parse

    opened = open_case(request, where, key)
    asked = request.query_params.getlist("regime")
    submitted = "go" in request.query_params or bool(asked)
    chosen_names = asked if submitted else list(DEFAULT_REGIMES)
    choices = _regime_choices()
    known = {name for name, _ in choices}
    ctx: dict[str, Any] = {"opened": opened, "choices": choices, "chosen": chosen_names, **_links(opened)}
    chosen_names = [n for n in chosen_names if n in known]  # a name the form did not offer is not asked for
    if not chosen_names:
        ctx["error"] = words.WEB_COMPARE_NONE
        return render(request, "compare.html", ctx, status=400)
    case = await _loaded(request, opened)
    if isinstance(case, HTMLResponse):  # the case file's problems, on a page
        return case
    regimes = [parse(n) for n in chosen_names]
    result = await run(request, run_compare, case, regimes)
    rows = []
    for (state, basis), cells in result.rows.items():
        shown = []
        for label in result.regimes:
            c = cells[label]
            if c.modality == ABSENT:
                shown.append({"text": words.WEB_COMPARE_ABSENT, "absent": True, "cites": []})
                continue
            text = words.modality(c.modality, recommended=c.recommended, conditional=c.conditional)
            cites: Cell = []
            for i, p in enumerate(c.provisions):
                cites += [", "] * bool(i) + [Cite(p)]
            shown.append({"text": text, "absent": False, "cites": parts(cites)})
        rows.append({"state": words.EVERY_STATE if state == ANY_STATE else state, "basis": words.basis(basis),
                     "cells": shown})  # fmt: skip
    first = result.regimes[0]
    against = [
        {
            "heading": words.WEB_COMPARE_AGAINST.format(label=label, first=first),
            "adds": result.adds[label],
            "lacks": result.lacks[label],
        }
        for label in result.regimes[1:]
    ]
    ctx.update(result=result, rows=rows, against=against, case=case)
    return render(request, "compare.html", ctx)


# --- The memo, in the CLI's formats


def _filename(case_id: str, fmt: str) -> str:
    """The memo's file name: the case's id, kept to characters every file system and header takes."""
    stem = re.sub(r"[^A-Za-z0-9._-]+", "-", case_id).strip("-.") or "case"
    return f"{stem}-memo.{fmt}"


@router.get("/cases/{where}/{key}/memo.{fmt}")
async def memo(request: Request, where: str, key: str, fmt: str) -> Response:
    import subprocess

    from jurisdiction.apps.analysis import analyse
    from jurisdiction.render.printed import render_memo

    if fmt not in MEMO_TYPES:
        raise not_found()
    opened = open_case(request, where, key)
    case = await _loaded(request, opened)
    if isinstance(case, HTMLResponse):  # the case file's problems, on a page
        return case
    analysis = await run(request, analyse, case)
    try:
        body = await run(request, render_memo, analysis, fmt)
    except CaseError as exc:  # the printer is not installed (Chromium, python-docx): say what to install
        head = words.WEB_MEMO_CANNOT.format(format=words.WEB_MEMO_FORMATS[fmt])
        return error_page(request, 503, f"{head}: {_problem_text(exc.problems)}")
    except (subprocess.CalledProcessError, subprocess.TimeoutExpired, OSError) as exc:
        return error_page(request, 500, f"{words.WEB_MEMO_CANNOT.format(format=words.WEB_MEMO_FORMATS[fmt])}: {exc}")
    disposition = f'attachment; filename="{_filename(case.id, fmt)}"'
    return Response(body, media_type=MEMO_TYPES[fmt], headers={"content-disposition": disposition})
