"""`jurex cases`: the case library bundled with jurex, listed, and one case in full with its answer."""

from __future__ import annotations

import sys
from typing import Annotated

import typer
from jurisdiction.cli import terminal
from jurisdiction.cli.common import EXIT_INPUT, Format, FormatOpt, guarded

group = typer.Typer(help="The case library bundled with jurex: realistic, anonymised cases with their answers.")


@group.callback(invoke_without_command=True)
@guarded
def cases_list(
    ctx: typer.Context,
    topic: Annotated[
        str | None, typer.Option("--topic", help="Only the cases on this topic (e.g. extradition).")
    ] = None,
    format: FormatOpt = Format.table,
) -> None:
    """List the bundled cases (use an id wherever a CASE is asked for)."""
    if ctx.invoked_subcommand is not None:
        return
    from jurisdiction.apps.library import library
    from jurisdiction.render.listings import cases_text

    entries = [e for e in library() if topic is None or topic in e.topics]
    if format is Format.json:
        from jurisdiction.render.as_json import to_json

        terminal.write(to_json([e.to_dict() for e in entries]), None)
        return
    terminal.write(cases_text(entries), None)
    if topic and not entries:
        topics = sorted({t for e in library() for t in e.topics})
        sys.stderr.write(f"no case on topic {topic!r}; topics: {', '.join(topics)}\n")
        raise typer.Exit(EXIT_INPUT)


@group.command("show")
@guarded
def cases_show(
    ctx: typer.Context,
    case_id: Annotated[str, typer.Argument(help="A bundled case id (see `jurex cases`).", metavar="ID")],
    format: FormatOpt = Format.table,
) -> None:
    """One bundled case: its narrative, its facts, and its reviewed expected answer."""
    from jurisdiction.apps.library import library
    from jurisdiction.errors import CaseError, Problem, nearest
    from jurisdiction.render.listings import case_json, case_text

    entries = {e.id: e for e in library()}
    if case_id not in entries:
        raise CaseError(
            "ID",
            [Problem(case_id, "no bundled case with this id", nearest(case_id, set(entries), "see `jurex cases`"))],
        )
    if format is Format.json:
        from jurisdiction.render.as_json import to_json

        terminal.write(to_json(case_json(entries[case_id])), None)
        return
    terminal.write(case_text(entries[case_id]), None)
