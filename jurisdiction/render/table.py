"""The analysis as rich tables for a terminal. Sentences come from jurisdiction.words; case text is escaped,
so a name like `[bold]` is shown as written, never read as markup."""

from __future__ import annotations

from itertools import groupby
from typing import TYPE_CHECKING, Any

from jurisdiction import words
from jurisdiction.findings.types import Analysis, ObligationFinding, Obstacle, RouteFinding
from jurisdiction.vocabulary import ANY_STATE

if TYPE_CHECKING:  # rich is loaded only to draw: the memo takes its words from here without it
    from jurisdiction.render.fit import Fitted

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


def field_name(name: str) -> str:
    """A national-law field as the table shows it: a space after each comma of its arguments, so that a narrow
    column breaks `jurisdiction(offender_nationality, csam_production)` there rather than inside a word."""
    return name.replace(",", ", ")


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

    from jurisdiction.render.fit import Fitted

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

    # Eight columns, or (where they do not fit, e.g. under 120 columns) each row stacked in two cells, what the
    # state must do and of what; else one record per row (render.fit): no column is squeezed to nothing.
    t = Table(title="Jurisdiction", title_justify="left")
    t.add_column("State", no_wrap=True)
    t.add_column("Basis", no_wrap=True)
    t.add_column("Modality", no_wrap=True)
    t.add_column("Provision", no_wrap=True)
    t.add_column("Offence", overflow="fold")
    t.add_column("Offenders", overflow="fold")
    t.add_column("Own law", overflow="fold")
    t.add_column("Notes", overflow="fold")
    two = Table(title="Jurisdiction", title_justify="left")
    two.add_column("State · basis · modality · provision", overflow="fold")
    two.add_column("Offence: offenders · own law · notes", overflow="fold")

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
        t.add_row(*cells)
        left = f"{state} {basis}\n{cells[2]} · {provision}"
        right = f"{cells[4]}: {cells[5]}\nown law: {cells[6]}" + (f"\n{cells[7]}" if note_text else "")
        two.add_row(left, right)
    if not analysis.jurisdiction:
        t.add_row("—", "no basis for any state", "", "", "", "", "", "see the warnings")
        two.add_row("no basis for any state", "see the warnings")
    console.print(Fitted(t, two))

    if analysis.extradition:
        console.print(extradition_table(analysis.extradition, instrument))
    if analysis.obligations:
        console.print(obligations_table(analysis.obligations, instrument))

    s = Table(title="States in the case", title_justify="left")
    for col in ("State", "Name", words.STATUS_COLUMN.format(instrument=instrument), "Why"):
        s.add_column(col, overflow="fold")
    for st in analysis.states:
        s.add_row(st.state, st.name, st.party_status, st.detail)
    console.print(Fitted(s))

    if analysis.assumptions or analysis.facts_used:
        a = Table(title="National law the answer depends on", title_justify="left")
        for col in ("State", "Field", "Value", "Origin"):
            a.add_column(col, overflow="fold")
        for f in analysis.facts_used:
            origin = text(words.sourced(f.source, f.since, f.until))
            a.add_row(f.state, field_name(f.field), text(words.plain(f.value)), origin)
        for f in analysis.assumptions:
            if f.origin == "unknown":
                unknown = words.unknown_law(f.field, f.default, f.periods)
                a.add_row(f.state, field_name(f.field), "[yellow]unknown[/yellow]", f"[yellow]{unknown}[/yellow]")
            else:
                a.add_row(f.state, field_name(f.field), text(words.plain(f.value)), f"[yellow]{words.ASSUMED}[/yellow]")
        console.print(Fitted(a))

    if analysis.warnings:
        console.print("[bold]Warnings[/bold]")
        for w in analysis.warnings:
            console.print(f"  [yellow]![/yellow] {text(w.message)}")


def extradition_table(routes: list[RouteFinding], instrument: str) -> Fitted:
    """A column per field, or (where they do not fit) two cells a row, or one record per route."""
    from rich.table import Table

    from jurisdiction.render.fit import Fitted

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
    two = Table(title="Extradition", title_justify="left")
    two.add_column("Person · from → to · offence", overflow="fold")
    two.add_column("Basis · provision · obstacles and notes", overflow="fold")
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
        t.add_row(*cells)
        two.add_row(f"{cells[0]}: {cells[1]}\n{cells[2]}", f"{cells[3]} · {cells[4]}\n{cells[5]}")
    return Fitted(t, two)


def obligations_table(obligations: list[ObligationFinding], instrument: str) -> Fitted:
    """A column per field, or (where they do not fit) two cells a row, or one record per duty."""
    from rich.table import Table

    from jurisdiction.render.fit import Fitted

    t = Table(title="Obligations (aut dedere aut judicare)", title_justify="left")
    for col in ("State", "Must", "Provision", "Person", "Offence", "Triggered by", "Condition"):
        t.add_column(col, overflow="fold")
    two = Table(title="Obligations (aut dedere aut judicare)", title_justify="left")
    two.add_column("State must · provision", overflow="fold")
    two.add_column("Person · offence · triggered by · condition", overflow="fold")

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
        t.add_row(state, must, provision, text(person), text(offence), trigger_words, conds)
        two.add_row(
            f"{state}: {must}\n{provision}",
            f"{text(person)} · {text(offence)}\n{trigger_words}" + (f"\n{conds}" if conds else ""),
        )
    return Fitted(t, two)
