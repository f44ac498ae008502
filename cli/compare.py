"""`jurex compare`: one case under several regimes, side by side, and what each adds or lacks."""

from __future__ import annotations

from typing import Annotated

import typer
from jurisdiction.cli import terminal
from jurisdiction.cli.common import AllPartiesOpt, CaseArg, Format, FormatOpt, OutputOpt, Session, TimeoutOpt, guarded


@guarded
def compare(
    ctx: typer.Context,
    case: CaseArg,
    regimes: Annotated[
        str,
        typer.Option(
            "--regimes",
            help="Comma-separated, the first is the yardstick, e.g. opsc,lanzarote,budapest,opsc-guidelines:absolute.",
        ),
    ] = "opsc,opsc-guidelines",
    assume_all_parties: AllPartiesOpt = False,
    format: FormatOpt = Format.table,
    output: OutputOpt = None,
    timeout: TimeoutOpt = 60.0,
) -> None:
    """One table: a row per state and basis, a column per regime (the modality, or — where it gives none);
    below it, what each regime adds or lacks against the first (bases, duties, impunity it opens or closes)."""
    from jurisdiction.apps.compare import compare as run
    from jurisdiction.engine.regimes import parse_list
    from jurisdiction.input.loader import load

    session = Session.of(ctx)
    with session.limited():
        result = run(load(session.resolve(case)), parse_list(regimes), assume_all_parties=assume_all_parties)
    if format is Format.json:
        from jurisdiction.render.as_json import to_json

        terminal.write(to_json(result.to_dict()), output)
        return
    from jurisdiction.render.compare import WIDTH, comparison

    terminal.draw(lambda console: comparison(result, console), output, width=WIDTH)
