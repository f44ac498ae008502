"""The analysis as rich tables for a terminal. Sentences come from jurisdiction.words; case text is escaped,
so a name like `[bold]` is shown as written, never read as markup."""

from __future__ import annotations

from itertools import groupby
from typing import Any

from jurisdiction import words
from jurisdiction.findings.types import Analysis, ObligationFinding, Obstacle, RouteFinding
from jurisdiction.vocabulary import ANY_STATE

WIDE = 120  # terminal columns from which the short columns of a table stay on one line
MODALITY_STYLE = {"obligatory": "bold green", "optional": "cyan", "encouraged": "yellow", "none": "dim"}


def text(value: object) -> str:
    """Case text (a name, a title, a narrative) for a rich console: shown as written, never read as markup."""
    from rich.markup import escape

    return escape(str(value))


def _who(j: Any) -> str:
    """The offender, with the role or kind that brings in a further provision."""
    extra = [j.role] if j.role != "perpetration" else []
    extra += list(j.cites)
    return text(j.person) + (f" ({', '.join(extra)})" if extra else "")


def _established(rows: list[Any]) -> str:
    """What the state's own law is known to do, for a group of rows (one word where they agree)."""
    if rows[0].state == ANY_STATE:
        by = {
            f"{e['state']} ({e['mode']}{'' if e['established'] == 'yes' else ': ' + e['established']})"
            for r in rows
            for e in r.established_by
        }
        return ("known in: " + ", ".join(sorted(by))) if by else "[dim]none known[/dim]"
    found = set()
    for r in rows:
        word = r.established or ""
        if r.established_conditions:
            word += " if " + " and ".join(c.replace("_", " ") for c in r.established_conditions)
        found.add(word)
    style = {"yes": "green", "no": "red", "unknown": "dim"}
    return "; ".join(f"[{style.get(w.split()[0], '')}]{w}[/]" if w else "" for w in sorted(found))


def jurisdiction_notes(j: Any, instrument: str) -> list[str]:
    notes = [words.condition(c, instrument) for c in j.conditions]
    if j.contestable:
        notes.append(words.CONTESTABLE)
    if j.not_bound_on:
        notes.append(words.not_bound_on(j.state, j.not_bound_on, instrument))
    return notes


def obstacle_words(o: Obstacle, route: RouteFinding, instrument: str) -> str:
    return words.obstacle(
        o.obstacle,
        state=o.state,
        requested=route.requested,
        requesting=route.requesting,
        person=route.person,
        offence=route.offence,
        instrument=instrument,
        possible=bool(o.conditions),
    )


def table(analysis: Analysis, console: Any) -> None:
    """Print the analysis with rich: jurisdiction, extradition, obligations, states, national law, warnings."""
    from rich.table import Table

    case, regime = analysis.case, analysis.regime
    instrument = regime.instrument
    console.print(f"[bold]{text(case.title)}[/bold]")
    console.print(
        f"case {text(case.id)} · conduct on {case.date.isoformat()} · regime {regime.label}"
        f" · data {analysis.data_version}"
        + (" · [yellow]every state of unknown status assumed a party[/yellow]" if analysis.assume_all_parties else "")
    )
    if regime.recommended:
        console.print(f"[yellow]{words.regime_heading(regime.title, regime.label, True)}[/yellow]")

    t = Table(title="Jurisdiction", title_justify="left")
    # On a narrow terminal (under WIDE columns) eight columns leave each too little: the row is stacked in two,
    # what the state must do and of what, so that no column is squeezed to nothing.
    wide = console.width >= WIDE
    if wide:
        t.add_column("State", no_wrap=True)
        t.add_column("Basis", no_wrap=True)
        t.add_column("Modality", no_wrap=True)
        t.add_column("Provision", no_wrap=True)
        t.add_column("Offence", overflow="fold")
        t.add_column("Offenders", overflow="fold")
        t.add_column("Own law", overflow="fold")
        t.add_column("Notes", overflow="fold")
    else:
        t.add_column("State · basis · modality · provision", overflow="fold", ratio=1)
        t.add_column("Offence: offenders · own law · notes", overflow="fold", ratio=1)

    # One line per state, basis and offence; the offenders it reaches listed together.
    def group_key(j: Any) -> tuple[str, ...]:
        return (j.state, j.basis, j.modality, j.provision, j.offence)

    for (state, basis, modality, provision, offence), group in groupby(analysis.jurisdiction, key=group_key):
        rows = list(group)
        style = MODALITY_STYLE.get(modality, "")
        word = words.modality(
            modality, recommended=regime.recommended, conditional=any(r.conditions for r in rows)
        )
        notes = [(r.person, n) for r in rows for n in jurisdiction_notes(r, instrument)]
        same = len({n for _, n in notes}) == 1 and len(notes) == len(rows)
        note_text = notes[0][1] if same else "; ".join(f"{p}: {n}" for p, n in notes)
        cells = [
            state,
            basis,
            f"[{style}]{word}[/{style}]",
            provision,
            text(offence),
            ", ".join(_who(r) for r in rows),
            _established(rows),
            text(note_text),
        ]
        if wide:
            t.add_row(*cells)
        else:
            left = f"{state} {basis}\n{cells[2]} · {provision}"
            right = f"{cells[4]}: {cells[5]}\nown law: {cells[6]}" + (f"\n{cells[7]}" if note_text else "")
            t.add_row(left, right)
    if not analysis.jurisdiction:
        empty = ["—", "no basis for any state", "", "", "", "", "", "see the warnings"]
        t.add_row(*(empty if wide else ["no basis for any state", "see the warnings"]))
    console.print(t)

    if analysis.extradition:
        console.print(extradition_table(analysis.extradition, instrument, wide))
    if analysis.obligations:
        console.print(obligations_table(analysis.obligations, instrument, wide))

    s = Table(title="States in the case", title_justify="left")
    for col in ("State", "Name", words.STATUS_COLUMN.format(instrument=instrument), "Why"):
        s.add_column(col, overflow="fold")
    for st in analysis.states:
        s.add_row(st.state, st.name, st.party_status, st.detail)
    console.print(s)

    if analysis.assumptions or analysis.facts_used:
        a = Table(title="National law the answer depends on", title_justify="left")
        for col in ("State", "Field", "Value", "Origin"):
            a.add_column(col, overflow="fold")
        for f in analysis.facts_used:
            a.add_row(f.state, f.field, text(words.plain(f.value)), text(words.sourced(f.source, f.since, f.until)))
        for f in analysis.assumptions:
            if f.origin == "unknown":
                unknown = words.unknown_law(f.field, f.default, f.periods)
                a.add_row(f.state, f.field, "[yellow]unknown[/yellow]", f"[yellow]{unknown}[/yellow]")
            else:
                a.add_row(f.state, f.field, text(words.plain(f.value)), f"[yellow]{words.ASSUMED}[/yellow]")
        console.print(a)

    if analysis.warnings:
        console.print("[bold]Warnings[/bold]")
        for w in analysis.warnings:
            console.print(f"  [yellow]![/yellow] {text(w.message)}")


def extradition_table(routes: list[RouteFinding], instrument: str, wide: bool = True) -> Any:
    from rich.table import Table

    t = Table(title="Extradition", title_justify="left")
    if wide:
        for col, wrap in (
            ("Person", False),
            ("From → to", False),
            ("Offence", True),
            ("Basis", True),
            ("Provision", False),
            ("Obstacles and notes", True),
        ):
            t.add_column(col, no_wrap=not wrap, overflow="fold")
    else:  # stacked in two cells, as the jurisdiction table (WIDE)
        t.add_column("Person · from → to · offence", overflow="fold", ratio=1)
        t.add_column("Basis · provision · obstacles and notes", overflow="fold", ratio=1)
    for r in routes:
        basis = words.route(r.basis)
        if r.conditions:
            basis += " (" + words.conditions(r.conditions, instrument) + ")"
        obstacles = [obstacle_words(o, r, instrument) for o in r.obstacles]
        if r.place_fiction:
            obstacles.append(words.place_fiction(r.place_fiction, r.requesting, r.place_fiction_overcomes))
        cells = [
            text(r.person),
            f"{r.requesting} → {r.requested}\n[dim]{words.TRIGGER[r.trigger]}[/dim]",
            text(r.offence),
            basis,
            r.provision or words.NO_PROVISION,
            text("\n".join(obstacles)) if obstacles else f"[green]{words.NO_OBSTACLE}[/green]",
        ]
        if wide:
            t.add_row(*cells)
        else:
            t.add_row(f"{cells[0]}: {cells[1]}\n{cells[2]}", f"{cells[3]} · {cells[4]}\n{cells[5]}")
    return t


def obligations_table(obligations: list[ObligationFinding], instrument: str, wide: bool = True) -> Any:
    from rich.table import Table

    t = Table(title="Obligations (aut dedere aut judicare)", title_justify="left")
    if wide:
        for col in ("State", "Must", "Provision", "Person", "Offence", "Triggered by", "Condition"):
            t.add_column(col, overflow="fold")
    else:  # stacked in two cells, as the jurisdiction table (WIDE)
        t.add_column("State must · provision", overflow="fold", ratio=1)
        t.add_column("Person · offence · triggered by · condition", overflow="fold", ratio=1)

    def key(o: ObligationFinding) -> tuple[str, ...]:
        done = words.discharged([words.premise(p, instrument) for p in o.discharged_by]) if o.discharged else ""
        return (o.state, o.duty, o.provision, o.person, o.offence, o.trigger, " and ".join(o.conditions), done)

    ordered = sorted(obligations, key=lambda o: (o.trigger != "request", *key(o), o.requesting))
    for (state, duty, provision, person, offence, trigger, _, done), group in groupby(ordered, key=key):
        rows = list(group)
        by = ", ".join(r.requesting for r in rows)
        conds = words.conditions(rows[0].conditions, instrument)
        must = words.duty(duty) + (f"\n[green]{text(done)}[/green]" if done else "")
        trigger_words = words.duty_trigger(trigger, by)
        if wide:
            t.add_row(state, must, provision, text(person), text(offence), trigger_words, conds)
        else:
            t.add_row(
                f"{state}: {must}\n{provision}",
                f"{text(person)} · {text(offence)}\n{trigger_words}" + (f"\n{conds}" if conds else ""),
            )
    return t
