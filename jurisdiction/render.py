"""Present an analysis: a readable table, or JSON to paste into other tools. Nothing else prints."""

from __future__ import annotations

import json
from typing import Any

from jurisdiction.findings import Analysis

MODALITY_STYLE = {"obligatory": "bold green", "optional": "cyan", "encouraged": "yellow", "none": "dim"}
MODALITY_WORD = {"obligatory": "must", "optional": "may", "encouraged": "encouraged", "none": "not bound"}
UNKNOWN_WORDS = {
    "extradites_nationals": "not known: the answer shows the basis under a condition",
    "territoriality": "not known: jurex reads it as ubiquity (conduct or result), marked contestable",
}
CONDITION_WORDS = {
    "refuses_to_extradite_national": "if it refuses to extradite its national",
    "party_at_date": "if it was an OPSC party at the conduct date",
}


def to_json(payload: dict[str, Any]) -> str:
    """Stable JSON: the same answer always gives the same bytes."""
    return json.dumps(payload, indent=2, ensure_ascii=False) + "\n"


def _who(j: Any) -> str:
    """The offender, with the role or kind that brings in a further provision."""
    extra = [j.role] if j.role != "perpetration" else []
    extra += [c.removeprefix("OPSC ") for c in j.cites]
    return f"{j.person} ({', '.join(extra)})" if extra else j.person


def _notes(j: Any) -> list[str]:
    notes = [CONDITION_WORDS.get(c, c) for c in j.conditions]
    if j.contestable:
        notes.append("contestable: rests only on a result element")
    return notes


def table(analysis: Analysis, console: Any) -> None:
    """Print the analysis with rich: jurisdiction, states, what was assumed, warnings."""
    from itertools import groupby

    from rich.table import Table

    case = analysis.case
    console.print(f"[bold]{case.title}[/bold]")
    console.print(
        f"case {case.id} · conduct on {case.date.isoformat()} · regime {analysis.regime.upper()}"
        f" · data {analysis.data_version}"
    )

    t = Table(title="Jurisdiction", title_justify="left")
    t.add_column("State", no_wrap=True)
    t.add_column("Basis", no_wrap=True)
    t.add_column("Modality", no_wrap=True)
    t.add_column("Provision", no_wrap=True)
    t.add_column("Offence", overflow="fold")
    t.add_column("Offenders", overflow="fold")
    t.add_column("Notes", overflow="fold")
    # One line per state, basis and offence; the offenders it reaches listed together.
    group_key = lambda j: (j.state, j.basis, j.modality, j.provision, j.offence)  # noqa: E731
    for (state, basis, modality, provision, offence), rows in groupby(analysis.jurisdiction, key=group_key):
        rows = list(rows)
        style = MODALITY_STYLE.get(modality, "")
        word = MODALITY_WORD.get(modality, modality) + (" (if)" if any(r.conditions for r in rows) else "")
        notes = [(r.person, n) for r in rows for n in _notes(r)]
        same = len({n for _, n in notes}) == 1 and len(notes) == len(rows)
        note_text = notes[0][1] if same else "; ".join(f"{p}: {n}" for p, n in notes)
        t.add_row(
            state, basis, f"[{style}]{word}[/{style}]", provision, offence, ", ".join(_who(r) for r in rows), note_text
        )
    if not analysis.jurisdiction:
        t.add_row("—", "no OPSC basis for any state", "", "", "", "", "see the warnings")
    console.print(t)

    s = Table(title="States in the case", title_justify="left")
    for col in ("State", "Name", "OPSC status at conduct date", "Why"):
        s.add_column(col, overflow="fold")
    for st in analysis.states:
        s.add_row(st.state, st.name, st.opsc_party_status, st.detail)
    console.print(s)

    if analysis.assumptions or analysis.facts_used:
        a = Table(title="National law the answer depends on", title_justify="left")
        for col in ("State", "Field", "Value", "Origin"):
            a.add_column(col, overflow="fold")
        for f in analysis.facts_used:
            a.add_row(f.state, f.field, str(f.value).lower(), f"sourced: {f.source}")
        for f in analysis.assumptions:
            if f.origin == "unknown":
                a.add_row(
                    f.state,
                    f.field,
                    "[yellow]unknown[/yellow]",
                    f"[yellow]{UNKNOWN_WORDS.get(f.field, 'not known')}[/yellow]",
                )
            else:
                a.add_row(f.state, f.field, str(f.value).lower(), "[yellow]assumed in the case (assume:)[/yellow]")
        console.print(a)

    if analysis.warnings:
        console.print("[bold]Warnings[/bold]")
        for w in analysis.warnings:
            console.print(f"  [yellow]![/yellow] {w.message}")
