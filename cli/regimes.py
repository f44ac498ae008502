"""`jurex regimes`: the regimes and the provisions their rules cite; with --matrix, what each gives a basis."""

from __future__ import annotations

from typing import Annotated

import typer
from jurisdiction.cli import terminal
from jurisdiction.cli.common import Format, FormatOpt, guarded, known_category


@guarded
def regimes(
    ctx: typer.Context,
    matrix: Annotated[bool, typer.Option("--matrix", help="The basis x regime table, derived from the rules.")] = False,
    category: Annotated[str, typer.Option("--category", help="The offence category the matrix probes with.")] = (
        "csam_production"
    ),
    format: FormatOpt = Format.table,
) -> None:
    """The regimes jurex reasons with, and their provisions; with --matrix, what each gives for each basis.

    The matrix is not written by hand: for each basis, jurex builds a minimal case in which an abstract state's
    only link is that basis, solves it under every regime at once (every state assumed a party), and reports
    what each regime's rules conclude.
    """
    from jurisdiction.engine.regimes import REGIMES
    from jurisdiction.render.as_json import to_json

    chosen = list(REGIMES.values())
    if matrix:
        from jurisdiction.apps.matrix import matrix as build
        from jurisdiction.apps.matrix import to_dict
        from jurisdiction.render.regimes import matrix_table

        table = build(chosen, known_category(category))
        if format is Format.json:
            terminal.write(to_json(to_dict(table, category)), None)
        else:
            terminal.show(matrix_table(chosen, table, category))
        return
    from jurisdiction.engine.provisions import cited_by_regimes, provisions
    from jurisdiction.render.regimes import listing, listing_text

    entries = listing(chosen, cited_by_regimes(), provisions())
    terminal.write(to_json(entries) if format is Format.json else listing_text(entries), None)
