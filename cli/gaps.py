"""`jurex gaps`: the solver generates the simplest abstract cases in which a regime leaves impunity."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from jurisdiction.cli import terminal
from jurisdiction.cli.common import Format, FormatOpt, RegimeOpt, guarded, known_category


@guarded
def gaps(
    ctx: typer.Context,
    regime: RegimeOpt = "opsc",
    vs: Annotated[
        str | None,
        typer.Option("--vs", metavar="REGIME", help="Only patterns this second regime closes (it leaves no gap)."),
    ] = None,
    states: Annotated[int, typer.Option("--states", min=1, max=8, help="At most this many abstract states.")] = 4,
    category: Annotated[str, typer.Option("--category", help="The offence category.")] = "csam_production",
    limit: Annotated[int, typer.Option("--limit", min=1, help="At most this many patterns.")] = 5,
    timeout: Annotated[
        float, typer.Option("--timeout", min=0.1, help="Stop the search after this many seconds.")
    ] = 30.0,
    all_parties: Annotated[
        bool, typer.Option("--all-parties", help="Every generated state is a party: gaps of the regime itself.")
    ] = False,
    save_dir: Annotated[Path | None, typer.Option("--save-dir", help="Write each pattern as a case file here.")] = None,
    format: FormatOpt = Format.table,
) -> None:
    """Let the solver generate abstract cases in which a regime leaves impunity, simplest first.

    Up to --states anonymous states (XAA, XAB, ...): the solver chooses where the offence took place (a state, a
    ship or aircraft), the nationalities and residences of offender and child, where the offender is, and each
    state's party status and law (extradites nationals, needs a treaty, requires double criminality). It keeps
    the cases where no state is obliged to act, or the offender is beyond reach; with --vs, only those the second
    regime closes. Fewest states first, then fewest facts. Saved patterns are case files `jurex analyse` confirms.
    """
    from jurisdiction.apps.gaps import save, search
    from jurisdiction.engine.regimes import parse
    from jurisdiction.render.gaps import gaps_json, gaps_text

    known_category(category)
    chosen, other = parse(regime), parse(vs) if vs else None
    # The search's own --timeout bounds its optimisation (it reports a search cut short, rather than failing).
    result = search(
        chosen, vs=other, states=states, category=category, limit=limit, timeout=timeout, parties_only=all_parties
    )
    saved = save(result, save_dir) if save_dir else []
    if format is Format.json:
        from jurisdiction.render.as_json import to_json

        terminal.write(to_json(gaps_json(result, saved)), None)
        return
    terminal.write(gaps_text(result, saved, terminal.width()), None)
