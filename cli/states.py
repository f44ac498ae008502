"""`jurex states`: what jurex knows about real states, the status of each under every regime on a day, one state
in full."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import typer
from jurisdiction.cli import terminal
from jurisdiction.cli.common import DateOpt, Format, FormatOpt, guarded

group = typer.Typer(
    help="What jurex knows about real states: party status under every regime on a date, reservations, national law.",
    no_args_is_help=False,
)


def _day(at: str | None) -> dt.date:
    from jurisdiction import words
    from jurisdiction.errors import CaseError, Problem

    if at is None:
        return dt.date.today()  # the one place that reads the clock: a listing "as of now" when none is given
    try:
        return dt.date.fromisoformat(at)
    except ValueError:
        problem = Problem("at", words.STATES_NOT_A_DATE.format(value=at), words.STATES_DATE_FIX)
        raise CaseError("--at", [problem]) from None


@group.callback(invoke_without_command=True)
@guarded
def states_list(
    ctx: typer.Context,
    at: DateOpt = None,
    status: Annotated[
        str | None, typer.Option("--status", help="Only: party, not_party, uncertain, unknown (under --regime).")
    ] = None,
    regime: Annotated[
        str | None,
        typer.Option("--regime", help="One regime's status and why (opsc, lanzarote, budapest, eu-2011-93)."),
    ] = None,
    format: FormatOpt = Format.table,
) -> None:
    """List the states with their party status under every regime on a date (`--at 2015-06-01`), by the rules of
    each instrument's entry into force; `--regime R` shows why, `--status S` keeps one status (under R, else the
    OPSC)."""
    if ctx.invoked_subcommand is not None:
        return
    from jurisdiction.apps.states import SHOWN, status_at
    from jurisdiction.render.states import status_json, status_table

    day = _day(at)
    one = _regime(regime)
    rows = [r for r in status_at(day) if status is None or r.status_under(one.name if one else "opsc") == status]
    if format is Format.json:
        from jurisdiction.render.as_json import to_json

        terminal.write(to_json(status_json(day, rows)), None)
        return
    terminal.show(status_table(day, rows, SHOWN, one))


def _regime(name: str | None):  # type: ignore[no-untyped-def]
    """The regime --regime names, one whose status `jurex states` shows (else a CaseError)."""
    if name is None:
        return None
    from jurisdiction import words
    from jurisdiction.apps.states import SHOWN
    from jurisdiction.engine.regimes import parse
    from jurisdiction.errors import CaseError, Problem

    chosen = parse(name)
    if chosen.name not in {r.name for r in SHOWN}:
        names = ", ".join(r.name for r in SHOWN)
        problem = Problem(name, words.STATES_NO_REGIME, words.STATES_ONE_OF.format(names=names))
        raise CaseError("--regime", [problem])
    return chosen


@group.command("show")
@guarded
def states_show(
    ctx: typer.Context,
    state: Annotated[str, typer.Argument(help="ISO alpha-3 code or name, e.g. DEU or Germany.", metavar="STATE")],
    at: DateOpt = None,
    format: FormatOpt = Format.table,
) -> None:
    """Everything jurex knows about one state: party record, reservations, national law, each with its source."""
    from jurisdiction.apps.states import bundled, describe
    from jurisdiction.input.countries import state_argument
    from jurisdiction.render.states import profile_text

    profile = describe(state_argument(state, "STATE"), _day(at), bundled())
    if format is Format.json:
        from jurisdiction.render.as_json import to_json

        terminal.write(to_json(profile), None)
    else:
        terminal.write(profile_text(profile), None)
