"""The `jurex` command: arguments in, one library call, a renderer out.

Exit codes: 0 answered; 1 internal error (a bug: please report it); 2 the input cannot be used
(the message names the file, the field, the line and the fix); 130 interrupted.
"""

from __future__ import annotations

import os
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated, NoReturn

import typer

EXIT_INPUT = 2
EXIT_INTERNAL = 1
EXIT_INTERRUPTED = 130

app = typer.Typer(
    name="jurex",
    help=(
        "Which states must, may or are encouraged to take criminal jurisdiction over a cross-border case of "
        "sale of children, child prostitution or child sexual abuse material, under the OPSC (2000) and the "
        "UN Committee on the Rights of the Child's 2019 guidelines (CRC/C/156).\n\n"
        "Start with a bundled case:  jurex analyse livestream-gbr-phl"
    ),
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)


class Format(StrEnum):
    table = "table"
    json = "json"


class _State:
    debug = bool(os.environ.get("JUREX_DEBUG"))


@app.callback()
def _main(
    debug: Annotated[bool, typer.Option("--debug", help="Show Python tracebacks of internal errors.")] = False,
) -> None:
    _State.debug = _State.debug or debug


def _fail(message: str, code: int) -> NoReturn:
    sys.stderr.write(message.rstrip() + "\n")
    raise typer.Exit(code)


def _resolve_case(case: str) -> Path:
    """A path to a case file, or the id of a case bundled with jurex (see `jurex cases`)."""
    path = Path(case)
    if path.exists():
        return path
    from jurisdiction.resources import scenarios_dir

    for suffix in (".yaml", ".yml", ".json"):
        bundled = scenarios_dir() / f"{case}{suffix}"
        if bundled.is_file() and "/" not in case:
            return bundled
    return path  # the loader reports it as missing


def _run(action):  # type: ignore[no-untyped-def]
    """Run a command body with the exit-code contract: 2 for bad input, 1 for bugs, 130 on Ctrl-C."""
    from jurisdiction.errors import CaseError

    try:
        return action()
    except CaseError as exc:
        _fail(str(exc), EXIT_INPUT)
    except KeyboardInterrupt:
        _fail("interrupted", EXIT_INTERRUPTED)
    except typer.Exit:
        raise
    except Exception as exc:
        if _State.debug:
            raise
        _fail(
            f"jurex: internal error: {type(exc).__name__}: {exc}\n"
            "This is a bug in jurex, not in your case file. Run again with --debug and report the traceback.",
            EXIT_INTERNAL,
        )


def _write(text: str, output: Path | None) -> None:
    if output is None:
        sys.stdout.write(text)
        return
    from jurisdiction.output import write_atomically

    write_atomically(output, text)


CaseArg = Annotated[
    str, typer.Argument(help="A case file (YAML or JSON), or the id of a bundled case.", metavar="CASE")
]
OutputOpt = Annotated[Path | None, typer.Option("--output", "-o", help="Write to this file instead of the screen.")]


@app.command()
def analyse(
    case: CaseArg,
    format: Annotated[
        Format, typer.Option("--format", "-f", help="table: for reading; json: for tools.")
    ] = Format.table,
    output: OutputOpt = None,
) -> None:
    """Which states must, may or are encouraged to take jurisdiction, on which basis and provision.

    Every row cites its provision (OPSC art. 4, CRC/C/156 paras 83 and 87) and, in JSON, the case facts it
    rests on. A basis that depends on something unknown is shown with its condition, never silently chosen.
    """

    def body() -> None:
        from jurisdiction.analysis import analyse as run
        from jurisdiction.loader import load

        analysis = run(load(_resolve_case(case)))
        if format is Format.json:
            from jurisdiction.render import to_json

            _write(to_json(analysis.to_dict()), output)
        else:
            _write(_table_text(analysis, output), output)

    _run(body)


def _table_text(analysis, output: Path | None) -> str:  # type: ignore[no-untyped-def]
    from io import StringIO

    from rich.console import Console

    from jurisdiction.render import table

    if output is None:
        console = Console()
        if not console.is_terminal and "COLUMNS" not in os.environ:
            console = Console(width=140)  # piped: do not squeeze the table into 80 columns
        table(analysis, console)
        return ""
    buffer = StringIO()
    table(analysis, Console(file=buffer, width=140, no_color=True))
    return buffer.getvalue()


@app.command()
def extradite(
    case: CaseArg,
    from_state: Annotated[str, typer.Option("--from", help="The requesting state (ISO alpha-3).", metavar="STATE")],
    to_state: Annotated[str, typer.Option("--to", help="The requested state (ISO alpha-3).", metavar="STATE")],
    person: Annotated[str, typer.Option("--person", help="The offender sought (a name under people:).")],
    format: Annotated[Format, typer.Option("--format", "-f")] = Format.table,
) -> None:
    """Can one state ask another to extradite a person, on what basis, what will it object, and what then?

    Answers for the request as if it were made (whether or not the case lists it): the legal basis under OPSC
    art. 5, the obstacles in the requested state's law, and its duties if it refuses (arts. 4(3), 5(5)).
    """

    def body() -> None:
        from jurisdiction.loader import load
        from jurisdiction.questions import ask_extradition

        answer = ask_extradition(load(_resolve_case(case)), from_state, to_state, person)
        if format is Format.json:
            from jurisdiction.render import to_json

            _write(to_json(answer.to_dict()), None)
            return
        from rich.console import Console

        from jurisdiction.render import extradition_table, obligations_table

        console = Console()
        console.print(
            f"[bold]{answer.requesting} asks {answer.requested} to extradite {answer.person}[/bold]"
            + ("" if answer.requested_in_case else " [dim](as if requested: the case lists no such request)[/dim]")
        )
        if answer.routes:
            console.print(extradition_table(answer.routes))
        if answer.obligations:
            console.print(obligations_table(answer.obligations))
        else:
            console.print(
                f"No duty for {answer.requested} under OPSC arts. 4(3) or 5(5): it would not refuse on "
                "the ground of nationality (or art. 5 does not apply)."
            )

    _run(body)


@app.command()
def validate(
    cases: Annotated[
        list[str], typer.Argument(help="One or more case files (or bundled case ids).", metavar="CASE...")
    ],
) -> None:
    """Check case files without analysing them. Exit 0 if all are valid, 2 if any is not."""

    def body() -> None:
        from jurisdiction.errors import CaseError
        from jurisdiction.loader import load

        failed = 0
        for item in cases:
            path = _resolve_case(item)
            try:
                loaded = load(path)
            except CaseError as exc:
                failed += 1
                sys.stderr.write(str(exc) + "\n")
                continue
            sys.stdout.write(
                f"{path}: valid ({loaded.id}: {len(loaded.people)} people, "
                f"{len(loaded.offences)} offence{'s' if len(loaded.offences) != 1 else ''})\n"
            )
        if failed:
            raise typer.Exit(EXIT_INPUT)

    _run(body)


@app.command()
def schema(output: OutputOpt = None) -> None:
    """Print the JSON Schema of case files (jurex/v1), for editors that validate YAML and JSON."""

    def body() -> None:
        from jurisdiction.render import to_json
        from jurisdiction.schema import json_schema

        _write(to_json(json_schema()), output)

    _run(body)


@app.command()
def catalogue(
    format: Annotated[Format, typer.Option("--format", "-f")] = Format.table,
) -> None:
    """The offence categories a case may use, and whether the OPSC requires states to criminalise each."""

    def body() -> None:
        from jurisdiction.catalogue import catalogue as cat

        entries = cat()
        if format is Format.json:
            from jurisdiction.render import to_json

            _write(
                to_json(
                    [
                        {"category": c.name, "requirement": c.requirement, "provision": c.provision}
                        for c in entries.values()
                    ]
                ),
                None,
            )
            return
        from rich.console import Console
        from rich.table import Table

        t = Table(title="Offence catalogue (category: for case files)", title_justify="left")
        for col in ("Category", "Requirement", "Provision"):
            t.add_column(col)
        for c in entries.values():
            t.add_row(c.name, c.requirement, c.provision)
        Console().print(t)

    _run(body)


@app.command()
def cases() -> None:
    """List the case files bundled with jurex (use an id wherever a CASE is asked for)."""

    def body() -> None:
        from jurisdiction.library import bundled_cases

        for case_id, title in bundled_cases():
            sys.stdout.write(f"{case_id:32} {title}\n")

    _run(body)


def main() -> None:
    try:
        app()
    except KeyboardInterrupt:
        sys.stderr.write("interrupted\n")
        sys.exit(EXIT_INTERRUPTED)
