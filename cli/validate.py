"""`jurex validate`, `jurex schema`, `jurex catalogue`: case files checked, their schema, the offence categories."""

from __future__ import annotations

import sys
from typing import Annotated

import typer
from jurisdiction.cli import terminal
from jurisdiction.cli.common import EXIT_INPUT, Format, FormatOpt, OutputOpt, Session, guarded


@guarded
def validate(
    ctx: typer.Context,
    cases: Annotated[
        list[str], typer.Argument(help="One or more case files (or bundled case ids).", metavar="CASE...")
    ],
    normalise: Annotated[
        bool,
        typer.Option(
            "--normalise",
            help="Print each valid case as jurex reads it (defaults left out, YAML), ready to paste or diff.",
        ),
    ] = False,
    upgrade: Annotated[
        bool,
        typer.Option(
            "--upgrade",
            help="Rewrite each file in the current schema (jurex/v2), in place: only its `schema:` line changes, "
            "comments and layout stay. A jurex/v1 file gives the same answer after it.",
        ),
    ] = False,
) -> None:
    """Check case files without analysing them. Exit 0 if all are valid, 2 if any is not."""
    from jurisdiction.errors import CaseError, visible
    from jurisdiction.input.loader import load

    session = Session.of(ctx)
    if upgrade:
        _upgrade(cases)
        return
    if normalise:
        from jurisdiction.input.writer import to_yaml

        for number, item in enumerate(cases):
            text = to_yaml(load(session.resolve(item)))  # a bad file stops here, exit 2, before it is printed
            sys.stdout.write(("---\n" if number else "") + text)
        return
    from jurisdiction.render.listings import valid_line

    failed = 0
    for item in cases:
        path = session.resolve(item)
        try:
            loaded = load(path)
        except CaseError as exc:
            failed += 1
            sys.stderr.write(visible(str(exc)) + "\n")
            continue
        sys.stdout.write(valid_line(path, loaded))
    if failed:
        raise typer.Exit(EXIT_INPUT)


def _upgrade(cases: list[str]) -> None:
    from pathlib import Path

    from jurisdiction.apps.output import refused, write_atomically
    from jurisdiction.errors import CaseError, visible
    from jurisdiction.input.reader import read_text
    from jurisdiction.input.upgrade import upgraded
    from jurisdiction.vocabulary import SCHEMA

    failed = 0
    for item in cases:
        path = Path(item)  # files only: a bundled case is jurex's own, and is already current
        try:
            text = upgraded(read_text(path), item)
        except CaseError as exc:
            failed += 1
            sys.stderr.write(visible(str(exc)) + "\n")
            continue
        if text is None:
            sys.stdout.write(f"{visible(item)}: already {SCHEMA}\n")
            continue
        try:
            write_atomically(path, text)
        except OSError as exc:
            raise refused(path, exc, "write the upgraded file") from None
        sys.stdout.write(f"{visible(item)}: upgraded to {SCHEMA}\n")
    if failed:
        raise typer.Exit(EXIT_INPUT)


@guarded
def schema(ctx: typer.Context, output: OutputOpt = None) -> None:
    """Print the JSON Schema of case files (jurex/v2, which reads jurex/v1 files too), for editors."""
    from jurisdiction.input.schema import json_schema
    from jurisdiction.render.as_json import to_json

    terminal.write(to_json(json_schema()), output)


@guarded
def catalogue(ctx: typer.Context, format: FormatOpt = Format.table) -> None:
    """The offence categories a case may use, and whether the OPSC requires states to criminalise each."""
    from jurisdiction.engine.catalogue import catalogue as read
    from jurisdiction.render.listings import catalogue_json, catalogue_table

    entries = read().values()
    if format is Format.json:
        from jurisdiction.render.as_json import to_json

        terminal.write(to_json(catalogue_json(entries)), None)
        return
    terminal.show(catalogue_table(entries))
