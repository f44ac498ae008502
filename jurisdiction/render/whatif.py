"""What-if (`jurex analyse --set`): the changes that the settings make to an answer, each said in words, then the
new answer in short."""

from __future__ import annotations

from collections.abc import Sequence
from itertools import groupby
from typing import TYPE_CHECKING, Any

from jurisdiction import words
from jurisdiction.render.table import jurisdiction_notes, obstacle_words
from jurisdiction.vocabulary import ANY_STATE

if TYPE_CHECKING:
    from jurisdiction.apps.whatif import Change
    from jurisdiction.findings.types import Analysis


def changes_text(settings: Sequence[str], changes: Sequence[Change], after: Analysis, width: int = 0) -> str:
    """+ a conclusion the settings add, - one they remove, ~ one they change (what it was, below); then the answer
    as it now is, in short. `width`: lines wrapped to that many columns, each under its own start (0: not
    wrapped)."""
    lines = [words.WHATIF_HEADING.format(settings=", ".join(settings))]
    if not changes:
        lines.append("  " + words.WHATIF_NOTHING)
    for c in changes:
        section = words.WHATIF_SECTION.get(c.section, c.section)
        if c.kind == "added":
            lines.append(f"  + {section}: {said(c.section, c.now, after)}")
        elif c.kind == "removed":
            lines.append(f"  - {section}: {said(c.section, c.was, after)}")
        else:
            was = words.WHATIF_WAS.format(was=said(c.section, c.was, after))
            lines.append(f"  ~ {section}: {said(c.section, c.now, after)}\n      {was}")
    lines += ["", *summary_lines(after)]
    wrapped = "\n".join(_wrapped(line, width) for text in lines for line in text.split("\n")) + "\n"
    return wrapped.replace(KEEP, " ")


def _wrapped(line: str, width: int) -> str:
    """A line folded at spaces to `width` columns, its continuation indented under its text (never inside a word:
    `live-abuse`, `presence_no_extradition` stay whole)."""
    import textwrap

    if not width or len(line) <= width:
        return line
    stripped = line.lstrip(" ")
    lead = line[: len(line) - len(stripped)]
    mark = stripped.split(" ", 1)[0] if stripped[:1] in "+-~!" else ""
    hang = lead + " " * (len(mark) + 1 if mark else 2)
    return textwrap.fill(
        line, width, subsequent_indent=hang, break_long_words=False, break_on_hyphens=False
    )


KEEP = "\u00a0"  # a space a line is not folded at (textwrap breaks at ASCII white space only): put back after


def _whole(provision: str) -> str:
    """A provision kept on one line when the text is folded: `OPSC art. 5(2)`, not `OPSC art.` / `5(2)`."""
    return provision.replace(" ", KEEP)


def said(section: str, finding: Any, analysis: Analysis) -> str:
    """One conclusion as a sentence, with its conditions and its provision."""
    regime = analysis.regime
    instrument = regime.instrument
    if section == "jurisdiction":
        verb = words.modality_verb(finding.modality, instrument, recommended=regime.recommended)
        state = words.EVERY_STATE if finding.state == ANY_STATE else finding.state
        notes = jurisdiction_notes(finding, instrument)
        sentence = words.conclusion(state, verb, finding.offence, finding.person, finding.basis)
        return sentence + "".join(f"; {n}" for n in notes) + f" — {_whole(finding.provision)}"
    if section == "extradition":
        sentence = words.route_conclusion(
            finding.requesting, finding.requested, finding.person, finding.offence, finding.basis
        )
        if finding.conditions:
            sentence += f" ({words.conditions(finding.conditions, instrument)})"
        sentence += f", {words.TRIGGER[finding.trigger]}"
        obstacles = [obstacle_words(o, finding, instrument) for o in finding.obstacles]
        return sentence + "".join(f"; {o}" for o in obstacles) + f" — {_whole(finding.provision or words.NO_PROVISION)}"
    if section == "obligations":
        sentence = words.duty_sentence(
            finding.state,
            finding.duty,
            finding.person,
            finding.offence,
            finding.trigger,
            finding.requesting,
            done=finding.discharged,
        )
        if finding.conditions:
            sentence += f", {words.conditions(finding.conditions, instrument)}"
        return sentence + f" — {_whole(finding.provision)}"
    return str(finding.message)


def summary_lines(analysis: Analysis) -> list[str]:
    """The new answer in short: each modality's states and bases, where each wanted person may be extradited,
    the duties, and the warnings."""
    regime = analysis.regime
    lines = [words.WHATIF_NOW.format(regime=regime.label, date=analysis.case.date.isoformat())]
    by_modality: dict[str, dict[str, list[str]]] = {}
    for j in analysis.jurisdiction:
        state = words.EVERY_STATE if j.state == ANY_STATE else j.state
        bases = by_modality.setdefault(j.modality, {}).setdefault(state, [])
        basis = words.basis(j.basis) + (" (if)" if j.conditions else "")
        if basis not in bases:
            bases.append(basis)
    for modality in [m for m in words.MODALITY if m in by_modality] + sorted(set(by_modality) - set(words.MODALITY)):
        label = words.modality(modality, recommended=regime.recommended)
        lines.append(f"  {label}:")  # a state a line: a basis in words may hold a comma itself
        lines += [f"    {s}: {'; '.join(b)}" for s, b in by_modality[modality].items()]
    if not analysis.jurisdiction:
        lines.append("  " + words.NO_BASIS_NOW)
    routes = []
    key = lambda r: (r.person, r.requested)  # noqa: E731
    for (person, requested), group in groupby(sorted(analysis.extradition, key=key), key=key):
        found = list(group)
        requesting = sorted({r.requesting for r in found})
        obstacles = min(len(r.obstacles) for r in found)  # the route with fewest obstacles
        routes.append(words.whatif_route(person, requested, requesting, obstacles))
    lines.append(f"  {words.SUMMARY_ROUTES}:" + ("" if routes else f" {words.NO_ROUTE_NOW}"))
    lines += [f"    {r}" for r in routes]
    duties = sorted({f"{o.state} must {words.duty(o.duty)} ({o.person})" for o in analysis.obligations})
    lines.append(f"  {words.SUMMARY_DUTIES}:" + ("" if duties else f" {words.NO_DUTY_NOW}"))
    lines += [f"    {d}" for d in duties]
    lines.append(f"  {words.SUMMARY_WARNINGS}:" + ("" if analysis.warnings else f" {words.NO_WARNING_NOW}"))
    lines += [f"    ! {w.message}" for w in analysis.warnings]
    return lines


def changes_json(settings: Sequence[str], changes: Sequence[Change], after: Analysis) -> dict[str, Any]:
    return {"settings": list(settings), "changes": [c.to_dict() for c in changes], "after": after.to_dict()}
