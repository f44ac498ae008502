"""Present an analysis: a readable table, or JSON to paste into other tools. Nothing else prints."""

from __future__ import annotations

import json
from itertools import groupby
from typing import Any

from jurisdiction.findings.types import Analysis, ObligationFinding, Obstacle, RouteFinding

MODALITY_STYLE = {"obligatory": "bold green", "optional": "cyan", "encouraged": "yellow", "none": "dim"}
MODALITY_WORD = {"obligatory": "must", "optional": "may", "encouraged": "encouraged", "none": "not bound"}
UNKNOWN_WORDS = {
    "extradition_requires_treaty": "not known: both routes shown, each under its condition",
    "territoriality": "not known: read as ubiquity (conduct or result); result-only links marked contestable",
}
CONDITION_WORDS = {
    "refuses_to_extradite_national": "if it refuses to extradite its national",
    "party_at_date": "if it was an OPSC party at the conduct date",
    "requires_treaty": "if it needs a treaty to extradite",
    "no_treaty_required": "if it extradites without a treaty",
    "does_not_extradite_for_secondary_roles": "if it extradites only perpetrators",
}
ROUTE_WORDS = {
    "bilateral_treaty": "bilateral treaty (offence deemed included)",
    "convention_legal_basis": "the convention as legal basis",
    "recognised_extraditable": "recognised as extraditable",
    "internal_law": "outside art. 5: internal law only",
}
DUTY_WORDS = {
    "prosecute_if_not_extradited": "submit for prosecution if it does not extradite",
    "establish_jurisdiction": "have jurisdiction over the offence",
}


PREMISE_WORDS = {
    "act": "an act of {offence}: {what}, in {in}",
    "nationality": "{person} is a national of {state}",
    "habitual_residence": "{person} habitually resides in {state}",
    "present_in": "{person} is in {state}",
    "role": "{person} took part in {offence} by {role}",
    "party_status": "{state}: OPSC {status}",
    "extradites_nationals": "{state} extradites its nationals: {value}",
    "extradition_treaty": "a bilateral extradition treaty binds {state} and {other_state}",
    "no_extradition_treaty": "no bilateral extradition treaty between {state} and {other_state} is known",
    "prior_judgment": "{state} already tried {person} for {offence}",
    "not_criminalised": "the law of {state} does not make {category} a crime",
    "victim_over_age": "{person} was {age}; the law of {state} protects only children under {age_of_child}",
    "reservation": "{state}'s reservation or declaration: {kind}",
}


def premise_words(premise: dict[str, Any]) -> str:
    """A fact a conclusion rests on (findings.premise), in words."""
    template = PREMISE_WORDS.get(str(premise.get("fact")))
    try:
        return template.format(**premise) if template else str(premise.get("fact"))
    except (KeyError, IndexError):
        return str(premise.get("fact"))


def to_json(payload: Any) -> str:
    """Stable JSON: the same answer always gives the same bytes."""
    return json.dumps(payload, indent=2, ensure_ascii=False) + "\n"


def condition_words(condition: str) -> str:
    """ "PHL:refuses_to_extradite_national" -> "if PHL refuses to extradite its national"."""
    state, _, name = condition.rpartition(":")
    words = CONDITION_WORDS.get(name)
    if words is None:
        if name.startswith("does_not_criminalise("):
            words = f"if its law does not make {name[len('does_not_criminalise(') : -1]} a crime"
        else:
            words = f"if {name}"
    return words.replace("if it ", f"if {state} ", 1).replace("if its ", f"if {state}'s ", 1) if state else words


def _who(j: Any) -> str:
    """The offender, with the role or kind that brings in a further provision."""
    extra = [j.role] if j.role != "perpetration" else []
    extra += [c.removeprefix("OPSC ") for c in j.cites]
    return f"{j.person} ({', '.join(extra)})" if extra else j.person


def _established(rows: list[Any]) -> str:
    """What the state's own law is known to do, for a group of rows (one word where they agree)."""
    if rows[0].state == "*":
        by = {
            f"{e['state']} ({e['mode']}{'' if e['established'] == 'yes' else ': ' + e['established']})"
            for r in rows
            for e in r.established_by
        }
        return ("known in: " + ", ".join(sorted(by))) if by else "[dim]none known[/dim]"
    words = set()
    for r in rows:
        text = r.established or ""
        if r.established_conditions:
            text += " if " + " and ".join(c.replace("_", " ") for c in r.established_conditions)
        words.add(text)
    style = {"yes": "green", "no": "red", "unknown": "dim"}
    return "; ".join(f"[{style.get(w.split()[0], '')}]{w}[/]" if w else "" for w in sorted(words))


def _notes(j: Any) -> list[str]:
    notes = [condition_words(c) for c in j.conditions]
    if j.contestable:
        notes.append("contestable: rests only on a result element")
    return notes


def _obstacle(o: Obstacle, route: RouteFinding) -> str:
    text = {
        "nationality": f"{route.requested} does not extradite its nationals",
        "double_criminality": f"not a crime in {o.state}",
        "secondary_role": f"{route.requested} extradites only perpetrators (para. 89 urges otherwise)",
        "not_party": f"{o.state} not an OPSC party",
        "ne_bis_in_idem": f"already tried in {route.requested}",
        "place_of_offence": f"{route.requested} extradites only for offences committed in the requesting state",
    }.get(o.obstacle, o.obstacle)
    return f"possibly: {text} (not known)" if o.conditions else text


def table(analysis: Analysis, console: Any) -> None:
    """Print the analysis with rich: jurisdiction, extradition, obligations, states, national law, warnings."""
    from rich.table import Table

    case = analysis.case
    console.print(f"[bold]{case.title}[/bold]")
    console.print(
        f"case {case.id} · conduct on {case.date.isoformat()} · regime {analysis.regime}"
        f" · data {analysis.data_version}"
        + (" · [yellow]every state of unknown status assumed a party[/yellow]" if analysis.assume_all_parties else "")
    )

    t = Table(title="Jurisdiction", title_justify="left")
    t.add_column("State", no_wrap=True)
    t.add_column("Basis", no_wrap=True)
    t.add_column("Modality", no_wrap=True)
    t.add_column("Provision", no_wrap=True)
    t.add_column("Offence", overflow="fold")
    t.add_column("Offenders", overflow="fold")
    t.add_column("Own law", overflow="fold")
    t.add_column("Notes", overflow="fold")

    # One line per state, basis and offence; the offenders it reaches listed together.
    def group_key(j: Any) -> tuple[str, ...]:
        return (j.state, j.basis, j.modality, j.provision, j.offence)

    for (state, basis, modality, provision, offence), rows in groupby(analysis.jurisdiction, key=group_key):
        rows = list(rows)
        style = MODALITY_STYLE.get(modality, "")
        word = MODALITY_WORD.get(modality, modality) + (" (if)" if any(r.conditions for r in rows) else "")
        notes = [(r.person, n) for r in rows for n in _notes(r)]
        same = len({n for _, n in notes}) == 1 and len(notes) == len(rows)
        note_text = notes[0][1] if same else "; ".join(f"{p}: {n}" for p, n in notes)
        t.add_row(
            state,
            basis,
            f"[{style}]{word}[/{style}]",
            provision,
            offence,
            ", ".join(_who(r) for r in rows),
            _established(rows),
            note_text,
        )
    if not analysis.jurisdiction:
        t.add_row("—", "no OPSC basis for any state", "", "", "", "", "", "see the warnings")
    console.print(t)

    if analysis.extradition:
        console.print(extradition_table(analysis.extradition))
    if analysis.obligations:
        console.print(obligations_table(analysis.obligations))

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
            a.add_row(f.state, f.field, _plain(f.value), f"sourced: {f.source}")
        for f in analysis.assumptions:
            if f.origin == "unknown":
                words = UNKNOWN_WORDS.get(
                    f.field,
                    f"not known: reasoned as {_plain(f.default)} (treaty minimum), under a condition where it matters",
                )
                a.add_row(f.state, f.field, "[yellow]unknown[/yellow]", f"[yellow]{words}[/yellow]")
            else:
                a.add_row(f.state, f.field, _plain(f.value), "[yellow]assumed in the case (assume:)[/yellow]")
        console.print(a)

    if analysis.warnings:
        console.print("[bold]Warnings[/bold]")
        for w in analysis.warnings:
            console.print(f"  [yellow]![/yellow] {w.message}")


def _plain(value: Any) -> str:
    if isinstance(value, list):
        return ", ".join(map(str, value))
    return str(value).lower() if isinstance(value, bool) else str(value)


def extradition_table(routes: list[RouteFinding]) -> Any:
    from rich.table import Table

    t = Table(title="Extradition", title_justify="left")
    for col, wrap in (
        ("Person", False),
        ("From → to", False),
        ("Offence", True),
        ("Basis", True),
        ("Provision", False),
        ("Obstacles and notes", True),
    ):
        t.add_column(col, no_wrap=not wrap, overflow="fold")
    for r in routes:
        basis = ROUTE_WORDS.get(r.basis, r.basis)
        if r.conditions:
            basis += " (" + " and ".join(condition_words(c) for c in r.conditions) + ")"
        obstacles = [_obstacle(o, r) for o in r.obstacles]
        if r.place_fiction:
            obstacles.append(
                f"{r.place_fiction}: treated as committed in {r.requesting}"
                + (" — overcomes the place-of-offence rule" if r.place_fiction_overcomes else "")
            )
        trigger = "request" if r.trigger == "request" else "possible request"
        t.add_row(
            r.person,
            f"{r.requesting} → {r.requested}\n[dim]{trigger}[/dim]",
            r.offence,
            basis,
            r.provision,
            "\n".join(obstacles) or "[green]none known[/green]",
        )
    return t


def obligations_table(obligations: list[ObligationFinding]) -> Any:
    from rich.table import Table

    t = Table(title="Obligations (aut dedere aut judicare)", title_justify="left")
    for col in ("State", "Must", "Provision", "Person", "Offence", "Triggered by", "Condition"):
        t.add_column(col, overflow="fold")

    def key(o: ObligationFinding) -> tuple[str, ...]:
        return (o.state, o.duty, o.provision, o.person, o.offence, o.trigger, " and ".join(o.conditions))

    ordered = sorted(obligations, key=lambda o: (o.trigger != "request", *key(o), o.requesting))
    for (state, duty, provision, person, offence, trigger, _), rows in groupby(ordered, key=key):
        rows = list(rows)
        by = ", ".join(r.requesting for r in rows)
        what = f"request from {by}" if trigger == "request" else f"a request from {by} (none made yet)"
        conds = " and ".join(condition_words(c) for c in rows[0].conditions)
        t.add_row(state, DUTY_WORDS.get(duty, duty), provision, person, offence, what, conds)
    return t
