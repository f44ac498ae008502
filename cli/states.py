"""`jurex states`: what jurex knows about real states, the OPSC status of each on a day, one state in full."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import typer
from jurisdiction.cli import terminal
from jurisdiction.cli.common import DateOpt, Format, FormatOpt, guarded

group = typer.Typer(
    help="What jurex knows about real states: OPSC party status on a date, reservations, national-law profiles.",
    no_args_is_help=False,
)


def _day(at: str | None) -> dt.date:
    from jurisdiction.errors import CaseError, Problem

    if at is None:
        return dt.date.today()  # the one place that reads the clock: a listing "as of now" when none is given
    try:
        return dt.date.fromisoformat(at)
    except ValueError:
        raise CaseError("--at", [Problem("at", f"{at!r} is not a date", "write YYYY-MM-DD, e.g. 2015-06-01")]) from None


@group.callback(invoke_without_command=True)
@guarded
def states_list(
    ctx: typer.Context,
    at: DateOpt = None,
    status: Annotated[str | None, typer.Option("--status", help="Only: party, not_party, uncertain, unknown.")] = None,
    format: FormatOpt = Format.table,
) -> None:
    """List the states with their OPSC party status on a date (`--at 2015-06-01`), by the rules of art. 14."""
    if ctx.invoked_subcommand is not None:
        return
    from jurisdiction.apps.states import status_at
    from jurisdiction.render.states import status_json, status_table

    day = _day(at)
    rows = [r for r in status_at(day) if status is None or r.status == status]
    if format is Format.json:
        from jurisdiction.render.as_json import to_json

        terminal.write(to_json(status_json(day, rows)), None)
        return
    terminal.show(status_table(day, rows))


@group.command("show")
@guarded
def states_show(
    ctx: typer.Context,
    state: Annotated[str, typer.Argument(help="ISO alpha-3 code, e.g. DEU.", metavar="STATE")],
    at: DateOpt = None,
    format: FormatOpt = Format.table,
) -> None:
    """Everything jurex knows about one state: party record, reservations, national law, each with its source."""
    from jurisdiction.apps.states import bundled, describe
    from jurisdiction.errors import CaseError, Problem
    from jurisdiction.input.countries import is_state_code, suggest
    from jurisdiction.render.states import profile_text

    if not is_state_code(state):
        raise CaseError("STATE", [Problem("state", f"unknown state code {state!r}", suggest(state))])
    profile = describe(state, _day(at), bundled())
    if format is Format.json:
        from jurisdiction.render.as_json import to_json

        terminal.write(to_json(profile), None)
    else:
        terminal.write(profile_text(profile), None)
