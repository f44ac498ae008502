"""`jurex explain`: why a state has (or lacks) each conclusion, down to the facts and provisions."""

from __future__ import annotations

from typing import Annotated

import typer
from jurisdiction.cli import terminal
from jurisdiction.cli.common import CaseArg, Format, FormatOpt, RegimeOpt, Session, TimeoutOpt, guarded


@guarded
def explain(
    ctx: typer.Context,
    case: CaseArg,
    state: Annotated[
        str,
        typer.Option("--state", "-s", help="The state to explain: ISO alpha-3 code or name (USA).", metavar="STATE"),
    ],
    format: FormatOpt = Format.table,
    regime: RegimeOpt = "opsc",
    timeout: TimeoutOpt = 60.0,
) -> None:
    """Why: every conclusion about a state, as a tree of reasons down to the case facts and provisions.

    Why not: for each basis the state lacks, what is missing ("no act took place in USA..."), and for the
    encouraged bases whether its own law is known to provide them. Works for any state, in the case or not.
    """
    from jurisdiction.apps.explain import explain as run
    from jurisdiction.engine.regimes import parse
    from jurisdiction.input.countries import state_argument
    from jurisdiction.input.loader import load

    session = Session.of(ctx)
    chosen = parse(regime)
    code = state_argument(state, "--state")
    with session.limited():
        result = run(load(session.resolve(case)), code, regime=chosen)
    if format is Format.json:
        from jurisdiction.render.as_json import to_json

        terminal.write(to_json(result.to_dict()), None)
    else:
        terminal.write(result.text(terminal.width()), None)
