"""Case memos: the analysis as a Markdown document to paste into a file, or one self-contained HTML page.

Both are written from one document model, so that they say the same thing. Every provision cited is a
footnote quoting jurex's own short paraphrase (logic/provisions/), never the treaty text.
"""

from __future__ import annotations

import html
import re

from jurisdiction import __version__, words
from jurisdiction.engine.provisions import provisions
from jurisdiction.findings.types import Analysis, JurisdictionFinding
from jurisdiction.input.model import Immunity
from jurisdiction.render.bottom_line import bottom_line, limits, unknowns
from jurisdiction.render.document import Block, Cell, Cite, Document, Heading, Items, Paragraph, Strong, Table, cells
from jurisdiction.render.table import jurisdiction_notes, obstacle_words

__all__ = ["Block", "Cell", "Cite", "Document", "Heading", "Items", "Paragraph", "Strong", "Table", "build",
           "render_report"]  # fmt: skip


def _diplomat(immunity: Immunity) -> str:
    lifted = " (waived)" if immunity.waived else " (ended)" if immunity.ended else ""
    return f"; diplomat of {immunity.sending_state}, immune in {immunity.receiving_state}{lifted}"


def build(analysis: Analysis) -> Document:
    """The memo's content, section by section."""
    case, regime = analysis.case, analysis.regime
    instrument = regime.instrument
    doc = Document(words.MEMO_TITLE.format(title=case.title), case.id)
    add = doc.blocks.append
    meta = words.MEMO_META.format(
        case=case.id, date=case.date.isoformat(), regime=regime.label, version=__version__, data=analysis.data_version
    )
    add(Paragraph([meta], meta=True))
    if regime.recommended:
        add(Paragraph([words.regime_heading(regime.title, regime.label, True)]))
    # The bottom line first: a reader who reads nothing else reads this.
    add(Heading(2, words.BOTTOM_LINE))
    add(Items("bottom-line", bottom_line(analysis)))
    lead, conditions = unknowns(analysis)
    add(Paragraph([lead]))
    if conditions:
        add(Items("conditions", conditions))
    add(Heading(2, words.LIMITS))
    add(Items("limits", limits(analysis)))
    if case.narrative:
        add(Heading(2, "The case"))
        add(Paragraph([case.narrative.strip()]))

    add(Heading(2, "Facts"))
    add(Heading(3, "People"))
    people = Table("people", ["Person", "Kind", "Nationality", "Habitual residence", "Present in", "Age or birth"])
    for pid, p in case.people.items():
        people.rows.append(
            [
                [pid],
                [p.kind + (_diplomat(p.diplomatic_immunity) if p.diplomatic_immunity else "")],
                [", ".join(p.nationality) or "—"],
                [p.habitual_residence or "—"],
                [p.present_in or "—"],
                [str(p.age) if p.age is not None else f"born {p.born}" if p.born else "—"],
            ]
        )
    add(people)
    if case.vessels:
        add(Heading(3, "Ships and aircraft"))
        vessels = Table("vessels", ["Vessel", "Type", "Registered in"])
        for vid, v in case.vessels.items():
            vessels.rows.append([[vid], [v.type], [v.registered_in]])
        add(vessels)
    add(Heading(3, "Offences and acts"))
    acts = Table("acts", ["Offence", "Category", "Act", "Date", "What", "By", "Where", "Element"])
    for o in case.offences:
        for i, a in enumerate(o.acts, start=1):
            acts.rows.append(
                [
                    [o.id],
                    # the category only: the catalogue's provisions are the OPSC's, and the memo may be
                    # for another regime; the rows below cite what the regime itself says of the offence
                    [words.category(o.category) + (f"; material made on {o.depicted_on}" if o.depicted_on else "")]
                    if i == 1
                    else [""],
                    [str(i)],
                    [str(a.date or case.date)],
                    [a.what or ""],
                    [a.by or "—"],
                    [words.place(a.in_) + (f", on {a.premises_of}'s premises" if a.premises_of else "")],
                    [a.element],
                ]
            )
    add(acts)
    roles = Table("offenders", ["Offence", "Offender", "Role", "Victims"])
    for o in case.offences:
        for r in o.offenders:
            roles.rows.append([[o.id], [r.person], [r.role], [", ".join(o.victims) or "—"]])
    add(roles)
    if case.requests or case.extradition_treaties or case.prior_judgments:
        add(Heading(3, "Requests, treaties, judgments"))
        other = Table("procedure", ["Fact", "Details"])
        for r in case.requests:
            other.rows.append([["extradition request"], [f"{r.by} asked {r.to} for {r.person}"]])
        for a, b in case.extradition_treaties:
            other.rows.append([["bilateral extradition treaty"], [f"{a} – {b}"]])
        for j in case.prior_judgments:
            other.rows.append([["prior judgment"], [f"{j.state} tried {j.person} for {j.offence}"]])
        add(other)

    add(Heading(2, "Jurisdiction"))
    juris = Table(
        "jurisdiction", ["State", "Basis", "Modality", "Provision", "Offence", "Offender", "Own law", "Notes"]
    )
    for j in analysis.jurisdiction:
        notes = jurisdiction_notes(j, instrument)
        who: Cell = [j.person]
        if j.role != "perpetration" or j.cites:
            who += [f" ({j.role}"]
            for c in j.cites:
                who += [", ", Cite(c)]
            who += [")"]
        juris.rows.append(
            [
                [j.state],
                [words.basis(j.basis)],
                [words.modality(j.modality, recommended=regime.recommended)],
                [Cite(j.provision)],
                [j.offence],
                who,
                [_own_law(j, instrument)],
                ["; ".join(notes)],
            ]
        )
    if not analysis.jurisdiction:
        add(Paragraph([f"{instrument} gives no state a basis of jurisdiction in this case (see the warnings)."]))
    else:
        add(juris)

    add(Heading(2, "Extradition"))
    if analysis.extradition:
        routes = Table(
            "extradition", ["Person", "Requesting → requested", "Trigger", "Offence", "Basis", "Provision", "Obstacles"]
        )
        for r in analysis.extradition:
            basis = words.route(r.basis)
            if r.conditions:
                basis += " (" + words.conditions(r.conditions, instrument) + ")"
            obstacles: Cell = []
            for o in r.obstacles:
                text = obstacle_words(o, r, instrument)
                if o.conditions:
                    text += ": " + words.conditions(o.conditions, instrument)
                obstacles += [("; " if obstacles else "") + text]
                for c in o.cites:
                    obstacles += [" ", Cite(c)]
            if r.place_fiction:
                obstacles += [
                    ("; " if obstacles else "") + f"treated as committed in {r.requesting}",
                    " ",
                    Cite(r.place_fiction),
                ]
            routes.rows.append(
                [
                    [r.person],
                    [f"{r.requesting} → {r.requested}"],
                    [words.TRIGGER[r.trigger]],
                    [r.offence],
                    [basis],
                    [Cite(r.provision)] if r.provision else [words.NO_PROVISION],
                    obstacles or [words.NO_OBSTACLE],
                ]
            )
        add(routes)
    else:
        add(Paragraph(["No extradition request, and no offender elsewhere than in a state with a basis."]))

    add(Heading(2, "Obligations (aut dedere aut judicare)"))
    if analysis.obligations:
        duties = Table("obligations", ["State", "Must", "Provision", "Person", "Offence", "Triggered by", "Condition"])
        for o in analysis.obligations:
            duties.rows.append(
                [
                    [o.state],
                    [words.duty(o.duty)]
                    + (
                        ["; " + words.discharged([words.premise(b, instrument) for b in o.discharged_by])]
                        if o.discharged
                        else []
                    ),
                    [Cite(o.provision)],
                    [o.person],
                    [o.offence],
                    [words.duty_trigger(o.trigger, o.requesting)],
                    [words.conditions(o.conditions, instrument)],
                ]
            )
        add(duties)
    else:
        add(Paragraph(["No state must have jurisdiction or submit the case for prosecution because it refuses to "
                       "extradite its national."]))  # fmt: skip

    add(Heading(2, "States and their law"))
    states = Table("states", ["State", "Name", words.STATUS_COLUMN.format(instrument=instrument), "Why"])
    for s in analysis.states:
        states.rows.append([[s.state], [s.name], [words.party_status(s.party_status, instrument)], [s.detail]])
    add(states)
    if analysis.facts_used or analysis.assumptions:
        add(Heading(3, "National law the answer depends on"))
        law = Table("national-law", list(words.NATIONAL_LAW_HEADERS))
        for f in analysis.facts_used:
            law.rows.append(
                [
                    [f.state],
                    [words.law_term(f.state, f.field)],
                    [words.value(f.value)],
                    [words.period(f.since, f.until) if f.since else words.UNDATED],
                    [f.source],
                ]
            )
        for f in analysis.assumptions:
            if f.origin == "unknown":
                default = None if f.default is None else words.value(f.default)
                row = [words.UNKNOWN_VALUE, "", words.unknown_law(f.field, default, f.periods)]
            else:
                row = [words.value(f.value), "", words.ASSUMED]
            law.rows.append([[f.state], [words.law_term(f.state, f.field)], *([c] for c in row)])
        add(law)

    add(Heading(2, "Warnings"))
    if analysis.warnings:
        for w in analysis.warnings:
            add(Paragraph([w.message, " ", Cite(w.provision)] if w.provision else [w.message]))
    else:
        add(Paragraph(["None."]))
    # Number the footnotes in reading order.
    for block in doc.blocks:
        for cell in cells(block):
            for part in cell:
                if isinstance(part, Cite):
                    doc.number(part.provision)
    return doc


def _own_law(j: JurisdictionFinding, instrument: str) -> str:
    """What the state's own law is known to do (established), in words."""
    if j.state == "*":
        by = [words.universal_known(e["state"], e["mode"], e["established"]) for e in j.established_by]
        return "known in: " + ", ".join(by) if by else "none known"
    text = j.established or ""
    conditions = [c if ":" in c else f"{j.state}:{c}" for c in j.established_conditions]
    return text + (" " + words.conditions(conditions, instrument) if conditions else "")


# --- Markdown


_MD_ANYWHERE = re.compile(r"([\\`*_\[\]<>|~&])")  # markup anywhere in a line: emphasis, code, links, HTML
_MD_LINE_START = re.compile(r"^(\s*)([#>+-]|\d+[.)])")  # markup only at the start: headings, quotes, lists


def _md_text(text: str) -> str:
    """Case text as Markdown that shows it literally: one line, every markup character escaped, so that a
    narrative cannot add HTML (`<script>`, `<!--`), a heading, a footnote or a link."""
    line = _MD_ANYWHERE.sub(r"\\\1", " ".join(text.split("\n")))
    return _MD_LINE_START.sub(lambda m: m.group(1) + "\\" + m.group(2), line)


def _md_cell(doc: Document, cell: Cell) -> str:
    out = ""
    for part in cell:
        if isinstance(part, Cite):
            out += f"{_md_text(part.provision)}[^{doc.number(part.provision)}]"
        elif isinstance(part, Strong):
            out += f"**{_md_text(part.text.rstrip())}**" + part.text[len(part.text.rstrip()) :]
        else:
            out += _md_text(part)
    return out


def to_markdown(doc: Document) -> str:
    lines = [f"# {_md_text(doc.title)}", ""]
    for block in doc.blocks:
        if isinstance(block, Heading):
            lines += ["#" * block.level + " " + _md_text(block.text), ""]
        elif isinstance(block, Paragraph):
            lines += [_md_cell(doc, block.parts), ""]
        elif isinstance(block, Items):
            lines += [f"- {_md_cell(doc, item)}" for item in block.items] + [""]
        else:
            lines.append("| " + " | ".join(_md_text(h) for h in block.headers) + " |")
            lines.append("|" + "---|" * len(block.headers))
            lines += ["| " + " | ".join(_md_cell(doc, c) for c in row) + " |" for row in block.rows]
            lines.append("")
    lines += ["## Provisions cited", ""]
    for i, pid in enumerate(doc.cited, start=1):
        lines.append(f"[^{i}]: **{_md_text(pid)}** — {_md_text(provision_note(pid))}")
    return "\n".join(lines) + "\n"


# --- HTML

_CSS = """
body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;max-width:1200px;margin:2em auto;padding:0 1em;
color:#1b1f24}
h1{font-size:1.5em}h2{font-size:1.2em;margin-top:1.6em;border-bottom:1px solid #d0d7de;padding-bottom:.2em}
h3{font-size:1.05em}
table{border-collapse:collapse;margin:.6em 0 1em;width:100%}th,td{border:1px solid #d0d7de;padding:.3em .5em;
text-align:left;vertical-align:top}th{background:#f6f8fa}tr:nth-child(even) td{background:#fbfcfd}
sup a{text-decoration:none}ol#provisions li{margin:.3em 0}.meta{color:#57606a}
ul#bottom-line{background:#f6f8fa;border-left:4px solid #0969da;padding:.6em 1em .6em 2em}
ul#bottom-line li,ul#conditions li,ul#limits li{margin:.3em 0}
@media print{body{margin:0;max-width:none}}
"""
# Printed (PDF): A4 pages whose margins carry the case id and the page number (CSS paged media, which
# Chromium's print-to-PDF lays out), tables small enough to fit a page, and no back-links (paper has none).
_PRINT_CSS = """
@page{size:A4;margin:18mm 14mm 16mm;
@top-left{content:"%(head)s";font:8pt system-ui,sans-serif;color:#57606a}
@bottom-right{content:%(page)s;font:8pt system-ui,sans-serif;color:#57606a}}
body{font-size:10pt;margin:0;max-width:none}table{font-size:8pt;page-break-inside:auto}tr{break-inside:avoid}
td{overflow-wrap:break-word}#national-law td:last-child{overflow-wrap:anywhere}
#national-law td:nth-child(4){white-space:nowrap}h2,h3{break-after:avoid}
ol#provisions li a{display:none}
"""


def _css_string(text: str) -> str:
    """Text inside a CSS string: every character but letters, digits and spaces as a hex escape, so that case
    text cannot end the string or the rule. The space after each escape ends it (and is not shown)."""
    return "".join(c if c.isascii() and (c.isalnum() or c == " ") else f"\\{ord(c):06x} " for c in text)


def _page_counter() -> str:
    """The page number as CSS content: words.MEMO_PAGE with the page counters in place of its fields."""
    before, rest = words.MEMO_PAGE.split("{page}")
    middle, after = rest.split("{pages}")
    return f'"{_css_string(before)}" counter(page) "{_css_string(middle)}" counter(pages) "{_css_string(after)}"'


def provision_note(pid: str) -> str:
    """A footnote's text: jurex's paraphrase of the provision, never the treaty's text."""
    p = provisions().get(pid)
    return f"{p.paraphrase} ({p.modality}; jurex's paraphrase)" if p else "(not in the provisions table)"


def _html_cell(doc: Document, cell: Cell) -> str:
    out = ""
    for part in cell:
        if isinstance(part, Cite):
            n = doc.number(part.provision)
            out += f'{html.escape(part.provision)}<sup><a href="#fn-{n}" id="ref-{n}">[{n}]</a></sup>'
        elif isinstance(part, Strong):
            out += f"<strong>{html.escape(part.text)}</strong>"
        else:
            out += html.escape(part)
    return out


def to_html(doc: Document, *, printed: bool = False) -> str:
    css = _CSS
    if printed:
        head = _css_string(words.MEMO_RUNNING_HEAD.format(case=doc.case_id))
        css += _PRINT_CSS % {"head": head, "page": _page_counter()}
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{html.escape(doc.title)}</title>",
        f"<style>{css}</style>",
        "</head>",
        "<body>",
        f"<h1>{html.escape(doc.title)}</h1>",
    ]
    for block in doc.blocks:
        if isinstance(block, Heading):
            parts.append(f"<h{block.level}>{html.escape(block.text)}</h{block.level}>")
        elif isinstance(block, Paragraph):
            cls = ' class="meta"' if block.meta else ""
            parts.append(f"<p{cls}>{_html_cell(doc, block.parts)}</p>")
        elif isinstance(block, Items):
            parts.append(f'<ul id="{block.id}">')
            parts += [f"<li>{_html_cell(doc, item)}</li>" for item in block.items]
            parts.append("</ul>")
        else:
            parts.append(
                f'<table id="{block.id}"><thead><tr>'
                + "".join(f"<th>{html.escape(h)}</th>" for h in block.headers)
                + "</tr></thead><tbody>"
            )
            for row in block.rows:
                parts.append("<tr>" + "".join(f"<td>{_html_cell(doc, c)}</td>" for c in row) + "</tr>")
            parts.append("</tbody></table>")
    parts.append("<h2>Provisions cited</h2>")
    parts.append('<ol id="provisions">')
    for i, pid in enumerate(doc.cited, start=1):
        parts.append(
            f'<li id="fn-{i}"><strong>{html.escape(pid)}</strong> — {html.escape(provision_note(pid))} '
            f'<a href="#ref-{i}">↩</a></li>'
        )
    parts += ["</ol>", "</body>", "</html>"]
    return "\n".join(parts) + "\n"


def render_report(analysis: Analysis, kind: str) -> str:
    doc = build(analysis)
    return to_markdown(doc) if kind == "md" else to_html(doc)

