"""The `jurex` command: arguments in, one library call, a renderer out.

Exit codes: 0 answered; 1 internal error (a bug: please report it); 2 the input cannot be used
(the message names the file, the field, the line and the fix; also a case too large to ground);
3 cut short by --timeout; 130 interrupted.
"""

from __future__ import annotations

import os
import sys
from contextlib import contextmanager, suppress
from enum import StrEnum
from pathlib import Path
from typing import Annotated, NoReturn

import typer

EXIT_INPUT = 2
EXIT_INTERNAL = 1
EXIT_TIME_LIMIT = 3
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
    md = "md"
    html = "html"


FORMAT_HELP = "table: for reading; json: for tools; md: a case memo; html: the memo as one web page."


class _State:
    debug = bool(os.environ.get("JUREX_DEBUG"))
    case_file: Path | None = None  # the case being worked on, to name it in a message about the work


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
    _State.case_file = path
    if path.exists():
        return path
    from jurisdiction.resources import scenarios_dir

    for suffix in (".yaml", ".yml", ".json"):
        bundled = scenarios_dir() / f"{case}{suffix}"
        if bundled.is_file() and "/" not in case:
            _State.case_file = bundled
            return bundled
    return path  # the loader reports it as missing


def _run(action):  # type: ignore[no-untyped-def]
    """Run a command body with the exit-code contract: 2 for bad input, 1 for bugs, 130 on Ctrl-C."""
    from jurisdiction.engine.solver import LimitReached
    from jurisdiction.errors import CaseError

    try:
        return action()
    except CaseError as exc:
        _fail(str(exc), EXIT_INPUT)
    except LimitReached as exc:
        where = f"{_State.case_file}: " if _State.case_file else "jurex: "
        _fail(f"{where}{exc.message}\n    fix: {exc.fix}", EXIT_TIME_LIMIT if exc.cut_short else EXIT_INPUT)
    except (KeyboardInterrupt, typer.Abort):
        _fail("interrupted (or the input ended): nothing was written", EXIT_INTERRUPTED)
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
    from jurisdiction.apps.output import write_atomically

    write_atomically(output, text)


CaseArg = Annotated[
    str, typer.Argument(help="A case file (YAML or JSON), or the id of a bundled case.", metavar="CASE")
]
OutputOpt = Annotated[Path | None, typer.Option("--output", "-o", help="Write to this file instead of the screen.")]
RegimeOpt = Annotated[
    str,
    typer.Option(
        "--regime",
        "-r",
        metavar="REGIME",
        help="opsc (default), opsc-guidelines[:absolute|presence|subsidiary], lanzarote, budapest, eu-2011-93.",
    ),
]
TimeoutOpt = Annotated[
    float,
    typer.Option(
        "--timeout",
        min=0.01,
        metavar="SECONDS",
        help="Stop solving after this many seconds and say so (exit 3). A case needs milliseconds.",
    ),
]


def _limit_time(seconds: float) -> None:
    from jurisdiction.engine import solver

    solver._LIMITS.set(solver.Limits(timeout=seconds))  # interim: the CLI split puts limits in typer's context


AllPartiesOpt = Annotated[
    bool,
    typer.Option(
        "--assume-all-parties",
        help="Treat every state whose party status jurex does not know as a party (said in the answer).",
    ),
]


@app.command()
def analyse(
    case: CaseArg,
    format: Annotated[Format, typer.Option("--format", "-f", help=FORMAT_HELP)] = Format.table,
    output: OutputOpt = None,
    set_: Annotated[
        list[str] | None,
        typer.Option(
            "--set",
            metavar="PATH=VALUE",
            help="What if: change a fact and show what changes, e.g. --set people.viewer.present_in=THA "
            "(repeatable; VALUE is YAML; an empty VALUE removes the field).",
        ),
    ] = None,
    regime: RegimeOpt = "opsc",
    assume_all_parties: AllPartiesOpt = False,
    timeout: TimeoutOpt = 60.0,
) -> None:
    """Which states must, may or are encouraged to take jurisdiction, on which basis and provision.

    Every row cites its provision (OPSC art. 4, CRC/C/156 paras 83 and 87) and, in JSON, the case facts it
    rests on. A basis that depends on something unknown is shown with its condition, never silently chosen.
    Then: extradition routes and obstacles (art. 5), duties to prosecute or have jurisdiction (arts. 4(3), 5(5)),
    and warnings where impunity threatens.
    """

    def body() -> None:
        from jurisdiction.apps.analysis import analyse as run
        from jurisdiction.engine.regimes import parse
        from jurisdiction.input.loader import load

        _limit_time(timeout)
        chosen = parse(regime)
        path = _resolve_case(case)
        if set_:
            _what_if(path, set_, format, output, chosen, assume_all_parties)
            return
        analysis = run(load(path), regime=chosen, assume_all_parties=assume_all_parties)
        if format is Format.json:
            from jurisdiction.render.as_json import to_json

            _write(to_json(analysis.to_dict()), output)
        elif format in (Format.md, Format.html):
            from jurisdiction.render.memo import render_report

            _write(render_report(analysis, format.value), output)
        else:
            _write(_table_text(analysis, output), output)

    _run(body)


def _what_if(path: Path, settings: list[str], format: Format, output: Path | None, regime, all_parties: bool) -> None:  # type: ignore[no-untyped-def]
    from jurisdiction.apps.analysis import analyse as run
    from jurisdiction.apps.whatif import Setting, compare, editor
    from jurisdiction.input.loader import load

    parsed = [Setting.parse(s) for s in settings]
    before = run(load(path), regime=regime, assume_all_parties=all_parties)
    after = run(load(path, editor(parsed)), regime=regime, assume_all_parties=all_parties)
    changes = compare(before, after)
    if format is Format.json:
        from jurisdiction.render.as_json import to_json

        payload = {"settings": settings, "changes": [c.to_dict() for c in changes], "after": after.to_dict()}
        _write(to_json(payload), output)
        return
    lines = [f"What if {', '.join(settings)}:"]
    if not changes:
        lines.append("  nothing changes in the answer.")
    for c in changes:
        if c.kind == "added":
            lines.append(f"  + {c.section}: {c.after}")
        elif c.kind == "removed":
            lines.append(f"  - {c.section}: {c.before}")
        else:
            lines.append(f"  ~ {c.section}: {c.before}\n      now: {c.after}")
    _write("\n".join(lines) + "\n", output)


def _table_text(analysis, output: Path | None) -> str:  # type: ignore[no-untyped-def]
    from io import StringIO

    from rich.console import Console

    from jurisdiction.render.table import table

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
    timeout: TimeoutOpt = 60.0,
) -> None:
    """Can one state ask another to extradite a person, on what basis, what will it object, and what then?

    Answers for the request as if it were made (whether or not the case lists it): the legal basis under OPSC
    art. 5, the obstacles in the requested state's law, and its duties if it refuses (arts. 4(3), 5(5)).
    """

    def body() -> None:
        from jurisdiction.apps.extradite import ask_extradition
        from jurisdiction.input.loader import load

        _limit_time(timeout)
        answer = ask_extradition(load(_resolve_case(case)), from_state, to_state, person)
        if format is Format.json:
            from jurisdiction.render.as_json import to_json

            _write(to_json(answer.to_dict()), None)
            return
        from rich.console import Console

        from jurisdiction import words
        from jurisdiction.render.table import extradition_table, obligations_table

        console = Console()
        console.print(
            f"[bold]{answer.requesting} asks {answer.requested} to extradite {answer.person}[/bold]"
            + ("" if answer.requested_in_case else " [dim](as if requested: the case lists no such request)[/dim]")
        )
        if answer.routes:
            console.print(extradition_table(answer.routes, answer.regime.instrument))
        if answer.obligations:
            console.print(obligations_table(answer.obligations, answer.regime.instrument))
        else:
            console.print(words.no_duty(answer.requested, answer.regime.instrument))

    _run(body)


@app.command()
def explain(
    case: CaseArg,
    state: Annotated[str, typer.Option("--state", "-s", help="The state to explain (ISO alpha-3).", metavar="STATE")],
    format: Annotated[Format, typer.Option("--format", "-f")] = Format.table,
    timeout: TimeoutOpt = 60.0,
) -> None:
    """Why: every conclusion about a state, as a tree of reasons down to the case facts and provisions.

    Why not: for each basis the state lacks, what is missing ("no act took place in USA..."), and for the
    encouraged bases whether its own law is known to provide them. Works for any state, in the case or not.
    """

    def body() -> None:
        from jurisdiction.apps.explain import explain as run
        from jurisdiction.input.loader import load

        _limit_time(timeout)
        result = run(load(_resolve_case(case)), state)
        if format is Format.json:
            from jurisdiction.render.as_json import to_json

            _write(to_json(result.to_dict()), None)
        else:
            _write(result.text(), None)

    _run(body)


@app.command()
def graph(
    case: CaseArg,
    output: Annotated[
        Path, typer.Option("--output", "-o", help="case.svg, case.png or case.dot (the suffix decides).")
    ],
    timeout: TimeoutOpt = 60.0,
) -> None:
    """A picture of the case: states, people where they are, acts where they happened, nationality and
    residence, jurisdiction (green: must, blue: may, amber: encouraged, grey: not bound), extradition routes
    (red: with obstacles). SVG and PNG need Graphviz's `dot` (apt-get install graphviz)."""

    def body() -> None:
        from jurisdiction.apps.analysis import analyse as run
        from jurisdiction.apps.output import write_atomically
        from jurisdiction.errors import CaseError, Problem
        from jurisdiction.input.loader import load
        from jurisdiction.render.graph import GraphvizMissing, render

        _limit_time(timeout)
        fmt = output.suffix.lower().lstrip(".")
        if fmt not in ("svg", "png", "dot"):
            raise CaseError(
                "--output", [Problem(str(output), "unknown picture format", "end the name in .svg, .png or .dot")]
            )
        try:
            picture = render(run(load(_resolve_case(case))), fmt)
        except GraphvizMissing as exc:
            _fail(f"jurex graph: {exc}", EXIT_INPUT)
        write_atomically(output, picture)
        sys.stderr.write(f"wrote {output}\n")

    _run(body)


@app.command()
def validate(
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
) -> None:
    """Check case files without analysing them. Exit 0 if all are valid, 2 if any is not."""

    def body() -> None:
        from jurisdiction.errors import CaseError
        from jurisdiction.input.loader import load

        if normalise:
            from jurisdiction.input.writer import to_yaml

            for number, item in enumerate(cases):
                path = _resolve_case(item)
                text = to_yaml(load(path))  # a bad file stops here, exit 2, before anything is printed for it
                sys.stdout.write(("---\n" if number else "") + text)
            return
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
        from jurisdiction.input.schema import json_schema
        from jurisdiction.render.as_json import to_json

        _write(to_json(json_schema()), output)

    _run(body)


@app.command()
def catalogue(
    format: Annotated[Format, typer.Option("--format", "-f")] = Format.table,
) -> None:
    """The offence categories a case may use, and whether the OPSC requires states to criminalise each."""

    def body() -> None:
        from jurisdiction.engine.catalogue import catalogue as cat

        entries = cat()
        if format is Format.json:
            from jurisdiction.render.as_json import to_json

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
def regimes(
    matrix: Annotated[bool, typer.Option("--matrix", help="The basis x regime table, derived from the rules.")] = False,
    category: Annotated[str, typer.Option("--category", help="The offence category the matrix probes with.")] = (
        "csam_production"
    ),
    format: Annotated[Format, typer.Option("--format", "-f")] = Format.table,
) -> None:
    """The regimes jurex reasons with, and their provisions; with --matrix, what each gives for each basis.

    The matrix is not written by hand: for each basis, jurex builds a minimal case in which an abstract state's
    only link is that basis, solves it under every regime at once (every state assumed a party), and reports
    what each regime's rules conclude.
    """

    def body() -> None:
        from jurisdiction.engine.regimes import REGIMES

        chosen = list(REGIMES.values())
        if matrix:
            from jurisdiction.apps.matrix import matrix as build
            from jurisdiction.apps.matrix import to_dict
            from jurisdiction.engine.catalogue import categories
            from jurisdiction.errors import CaseError, Problem, nearest

            if category not in categories():
                raise CaseError(
                    "--category",
                    [Problem(category, "unknown category", nearest(category, categories(), "see `jurex catalogue`"))],
                )
            table = build(chosen, category)
            if format is Format.json:
                from jurisdiction.render.as_json import to_json

                _write(to_json(to_dict(table, category)), None)
                return
            from rich.console import Console
            from rich.table import Table

            t = Table(title=f"Bases by regime (derived from the rules; probed with {category})", title_justify="left")
            t.add_column("Basis", no_wrap=True)
            for r in chosen:
                t.add_column(r.label, overflow="fold")
            for basis, row in table.items():
                t.add_row(basis, *(row[r.label].text() for r in chosen))
            Console().print(t)
            return
        from jurisdiction.engine.provisions import cited_in_rules, provisions

        cited = cited_in_rules()
        table = provisions()
        listing = []
        for r in chosen:
            ids = sorted(pid for pid, files in cited.items() if r.rule_file in files)
            listing.append(
                {
                    "regime": r.label,
                    "title": r.title,
                    "verified": r.verified,
                    "provisions": [
                        {
                            "id": pid,
                            "modality": table[pid].modality,
                            "paraphrase": table[pid].paraphrase,
                            "verified": table[pid].verified,
                        }
                        for pid in ids
                        if pid in table
                    ],
                }
            )
        if format is Format.json:
            from jurisdiction.render.as_json import to_json

            _write(to_json(listing), None)
            return
        lines = []
        for entry in listing:
            flag = "" if entry["verified"] else "  [text UNVERIFIED]"
            lines.append(f"{entry['regime']}: {entry['title']}{flag}")
            lines += [f"  {p['id']} ({p['modality']}): {p['paraphrase']}" for p in entry["provisions"]]
            lines.append("")
        _write("\n".join(lines), None)

    _run(body)


@app.command("compare")
def compare_cmd(
    case: CaseArg,
    regimes: Annotated[
        str,
        typer.Option(
            "--regimes",
            help="Comma-separated, the first is the yardstick, e.g. opsc,lanzarote,budapest,opsc-guidelines:absolute.",
        ),
    ] = "opsc,opsc-guidelines",
    assume_all_parties: AllPartiesOpt = False,
    format: Annotated[Format, typer.Option("--format", "-f")] = Format.table,
    output: OutputOpt = None,
    timeout: TimeoutOpt = 60.0,
) -> None:
    """One table: a row per state and basis, a column per regime (the modality, or — where it gives none);
    below it, what each regime adds or lacks against the first (bases, duties, impunity it opens or closes)."""

    def body() -> None:
        from jurisdiction.apps.compare import compare
        from jurisdiction.engine.regimes import parse_list
        from jurisdiction.input.loader import load

        _limit_time(timeout)
        result = compare(load(_resolve_case(case)), parse_list(regimes), assume_all_parties=assume_all_parties)
        if format is Format.json:
            from jurisdiction.render.as_json import to_json

            _write(to_json(result.to_dict()), output)
            return
        from io import StringIO

        from rich.console import Console
        from rich.table import Table

        buffer = StringIO()
        console = Console(file=buffer, width=160, no_color=output is not None)
        console.print(f"[bold]{result.case.title}[/bold]  ({result.case.id}, conduct on {result.case.date})")
        if assume_all_parties:
            console.print("[yellow]Every state of unknown status is assumed a party to every regime.[/yellow]")
        t = Table(title="Jurisdiction by regime", title_justify="left")
        t.add_column("State", no_wrap=True)
        t.add_column("Basis", no_wrap=True)
        for label in result.regimes:
            t.add_column(label, overflow="fold")
        for (state, basis), cells in result.rows.items():
            t.add_row(state, basis, *(cells[label].text() for label in result.regimes))
        console.print(t)
        for label in result.regimes[1:]:
            console.print(f"[bold]{label} against {result.regimes[0]}[/bold]")
            for line in result.adds[label]:
                console.print(f"  [green]+[/green] {line}")
            for line in result.lacks[label]:
                console.print(f"  [red]-[/red] {line}")
            if not result.adds[label] and not result.lacks[label]:
                console.print("  no difference on this case")
        _write(buffer.getvalue(), output)

    _run(body)


@app.command()
def gaps(
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
    format: Annotated[Format, typer.Option("--format", "-f")] = Format.table,
) -> None:
    """Let the solver generate abstract cases in which a regime leaves impunity, simplest first.

    Up to --states anonymous states (XAA, XAB, ...): the solver chooses where the offence took place (a state, a
    ship or aircraft), the nationalities and residences of offender and child, where the offender is, and each
    state's party status and law (extradites nationals, needs a treaty, requires double criminality). It keeps
    the cases where no state is obliged to act, or the offender is beyond reach; with --vs, only those the second
    regime closes. Fewest states first, then fewest facts. Saved patterns are case files `jurex analyse` confirms.
    """

    def body() -> None:
        from jurisdiction.apps.gaps import save, search
        from jurisdiction.engine.catalogue import categories
        from jurisdiction.engine.regimes import parse
        from jurisdiction.errors import CaseError, Problem, nearest

        if category not in categories():
            raise CaseError(
                "--category",
                [Problem(category, "unknown category", nearest(category, categories(), "see `jurex catalogue`"))],
            )
        chosen, other = parse(regime), parse(vs) if vs else None
        result = search(
            chosen, vs=other, states=states, category=category, limit=limit, timeout=timeout, parties_only=all_parties
        )
        saved = save(result, save_dir) if save_dir else []
        if format is Format.json:
            from jurisdiction.render.as_json import to_json

            payload = result.to_dict()
            payload["saved"] = [str(p) for p in saved]
            _write(to_json(payload), None)
            return
        head = (
            f"Gaps under {chosen.label}"
            + (f" that {other.label} closes" if other else "")
            + (f", {category}, at most {states} states" + (", all parties" if all_parties else ""))
        )
        lines = [head + f" ({result.seconds:.2f} s)", ""]
        for i, p in enumerate(result.patterns, start=1):
            lines.append(f"{i}. [{len(p.states())} state(s)] {p.words(chosen.key)}")
            if saved:
                lines.append(
                    f"   saved: {saved[i - 1]}  (confirm: jurex analyse {saved[i - 1]} --regime {chosen.label})"
                )
        if not result.patterns:
            lines.append(
                "No pattern: "
                + (
                    "the search was cut short by --timeout."
                    if result.cut_short
                    else f"no such gap exists with {states} states or fewer (search complete)."
                )
            )
        elif result.cut_short:
            lines.append("Cut short by --timeout: simpler patterns may exist; allow more time.")
        _write("\n".join(lines) + "\n", None)

    _run(body)


states_app = typer.Typer(
    help="What jurex knows about real states: OPSC party status on a date, reservations, national-law profiles.",
    no_args_is_help=False,
)
app.add_typer(states_app, name="states")

DateOpt = Annotated[
    str | None,
    typer.Option("--at", help="The date (YYYY-MM-DD) to give the OPSC status for. Default: today.", metavar="DATE"),
]


def _day(at: str | None):  # type: ignore[no-untyped-def]
    import datetime as dt

    from jurisdiction.errors import CaseError, Problem

    if at is None:
        return dt.date.today()  # the one place that reads the clock: a listing "as of now" when none is given
    try:
        return dt.date.fromisoformat(at)
    except ValueError:
        raise CaseError("--at", [Problem("at", f"{at!r} is not a date", "write YYYY-MM-DD, e.g. 2015-06-01")]) from None


@states_app.callback(invoke_without_command=True)
def states_list(
    ctx: typer.Context,
    at: DateOpt = None,
    status: Annotated[str | None, typer.Option("--status", help="Only: party, not_party, uncertain, unknown.")] = None,
    format: Annotated[Format, typer.Option("--format", "-f")] = Format.table,
) -> None:
    """List the states with their OPSC party status on a date (`--at 2015-06-01`), by the rules of art. 14."""
    if ctx.invoked_subcommand is not None:
        return

    def body() -> None:
        from jurisdiction.apps.states import status_at

        day = _day(at)
        rows = [r for r in status_at(day) if status is None or r.status == status]
        if format is Format.json:
            from jurisdiction.render.as_json import to_json

            _write(to_json({"as_of": day.isoformat(), "states": [r.__dict__ for r in rows]}), None)
            return
        from rich.console import Console
        from rich.table import Table

        t = Table(title=f"OPSC status on {day.isoformat()} ({len(rows)} states)", title_justify="left")
        for col in ("State", "Name", "Status", "Why"):
            t.add_column(col, overflow="fold")
        for r in rows:
            t.add_row(r.state, r.name, r.status, r.detail)
        Console().print(t)

    _run(body)


@states_app.command("show")
def states_show(
    state: Annotated[str, typer.Argument(help="ISO alpha-3 code, e.g. DEU.", metavar="STATE")],
    at: DateOpt = None,
    format: Annotated[Format, typer.Option("--format", "-f")] = Format.table,
) -> None:
    """Everything jurex knows about one state: party record, reservations, national law, each with its source."""

    def body() -> None:
        from jurisdiction.apps.states import bundled, describe
        from jurisdiction.errors import CaseError, Problem
        from jurisdiction.input.countries import is_state_code, suggest

        if not is_state_code(state):
            raise CaseError("STATE", [Problem("state", f"unknown state code {state!r}", suggest(state))])
        profile = describe(state, _day(at), bundled())
        if format is Format.json:
            from jurisdiction.render.as_json import to_json

            _write(to_json(profile), None)
        else:
            _write(_profile_text(profile), None)

    _run(body)


def _profile_text(p: dict) -> str:  # type: ignore[type-arg]
    lines = [f"{p['state']} — {p['name']}", "", f"OPSC on {p['as_of']}: {p['opsc_status']} ({p['opsc_detail']})"]
    record = p.get("party_record") or {}
    for key in (
        "status",
        "status_as_of",
        "signed",
        "instrument",
        "instrument_kind",
        "entry_into_force",
        "source",
        "status_source",
        "remarks",
    ):
        if record.get(key):
            lines.append(f"  {key}: {record[key]}")
    lines += ["", "Reservations and declarations that change jurex's answer:"]
    lines += [f"  - {r['kind']}: {r['summary']}\n    source: {r['source']}" for r in p["reservations"]] or [
        "  none known"
    ]
    lines += ["", "National law (verified values are reasoned on; unverified ones are shown only):"]
    for v in p["profile"]:
        flag = "" if v["verified"] else "  [UNVERIFIED: not reasoned on]"
        lines.append(
            f"  - {v['field']}: {v['value']}{flag}\n    source: {v['source']}"
            + (f"\n    note: {v['note']}" if v.get("note") else "")
        )
    if not p["profile"]:
        lines.append(
            "  nothing known: every value is unknown (jurex reasons with the treaty minimum, under conditions)"
        )
    return "\n".join(lines) + "\n"


cases_app = typer.Typer(help="The case library bundled with jurex: realistic, anonymised cases with their answers.")
app.add_typer(cases_app, name="cases")


@cases_app.callback(invoke_without_command=True)
def cases_list(
    ctx: typer.Context,
    topic: Annotated[
        str | None, typer.Option("--topic", help="Only the cases on this topic (e.g. extradition).")
    ] = None,
    format: Annotated[Format, typer.Option("--format", "-f")] = Format.table,
) -> None:
    """List the bundled cases (use an id wherever a CASE is asked for)."""
    if ctx.invoked_subcommand is not None:
        return

    def body() -> None:
        from jurisdiction.apps.library import library

        entries = [e for e in library() if topic is None or topic in e.topics]
        if format is Format.json:
            from jurisdiction.render.as_json import to_json

            _write(to_json([e.to_dict() for e in entries]), None)
            return
        for e in entries:
            sys.stdout.write(f"{e.id:32} {e.title}\n{'':32} [{', '.join(e.topics)}]\n")
        if topic and not entries:
            sys.stderr.write(
                f"no case on topic {topic!r}; topics: {', '.join(sorted({t for e in library() for t in e.topics}))}\n"
            )
            raise typer.Exit(EXIT_INPUT)

    _run(body)


@cases_app.command("show")
def cases_show(
    case_id: Annotated[str, typer.Argument(help="A bundled case id (see `jurex cases`).", metavar="ID")],
    format: Annotated[Format, typer.Option("--format", "-f")] = Format.table,
) -> None:
    """One bundled case: its narrative, its facts, and its reviewed expected answer."""

    def body() -> None:
        from jurisdiction.apps.library import library
        from jurisdiction.errors import CaseError, Problem, nearest

        entries = {e.id: e for e in library()}
        if case_id not in entries:
            raise CaseError(
                "ID",
                [Problem(case_id, "no bundled case with this id", nearest(case_id, set(entries), "see `jurex cases`"))],
            )
        entry = entries[case_id]
        if format is Format.json:
            from jurisdiction.render.as_json import to_json

            _write(to_json({**entry.to_dict(), "case": entry.text(), "expected": entry.expected_text()}), None)
            return
        _write(
            f"{entry.id}: {entry.title}\n\n{entry.narrative}\n\n--- case file ({entry.path.name})\n{entry.text()}"
            f"\n--- expected answer ({entry.expected.name})\n{entry.expected_text()}",
            None,
        )

    _run(body)


@app.command("new")
def new_case(
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Where to write the case (default: ID.yaml).")
    ] = None,
) -> None:
    """Write a case file by answering questions: people, vessels, offences and acts, requests. States by name or
    code ("Philippines" or PHL); each answer is checked at once; the file is checked whole before it is written."""

    def body() -> None:
        import yaml

        from jurisdiction.apps.guided import Interview
        from jurisdiction.apps.output import write_atomically
        from jurisdiction.input.loader import load_text

        _enable_completion()

        def ask(question: str, default: str) -> str:
            return str(typer.prompt(question, default=default, show_default=bool(default)))

        case = Interview(ask, typer.echo).run()
        text = yaml.safe_dump(case, sort_keys=False, allow_unicode=True, width=110)
        target = output or Path(f"{case['id']}.yaml")
        load_text(text, str(target))  # the whole case, cross-references and all, before anything is written
        write_atomically(target, text)
        typer.echo(f"wrote {target}: check it with `jurex validate {target}`, analyse it with `jurex analyse {target}`")

    _run(body)


def _enable_completion() -> None:
    """Tab-completes state names at the prompts, where the terminal allows it."""
    if not sys.stdin.isatty():
        return
    try:
        import readline

        import pycountry
    except ImportError:
        return
    names = sorted(
        {c.name for c in pycountry.countries} | {getattr(c, "common_name", c.name) for c in pycountry.countries}
    )

    def complete(text: str, state: int) -> str | None:
        hits = [n for n in names if n.lower().startswith(text.lower())]
        return hits[state] if state < len(hits) else None

    readline.set_completer(complete)
    readline.parse_and_bind("tab: complete")


exercise_app = typer.Typer(help="Exercises for trainers: a handout and an answer key, and the grading of answers.")
app.add_typer(exercise_app, name="exercise")


@exercise_app.command("new")
def exercise_new(
    output: Annotated[Path, typer.Option("--output", "-o", help="The folder to write the exercise into.")],
    seed: Annotated[int, typer.Option("--seed", help="The same seed gives the same exercise.")] = 0,
    level: Annotated[
        int,
        typer.Option(
            "--level", min=1, max=3, help="1: jurisdiction; 2: + extradition; 3: + prosecution duty, impunity."
        ),
    ] = 1,
    topic: Annotated[
        str | None, typer.Option("--topic", help="Draw the case from this topic (jurex cases --topic).")
    ] = None,
    case: Annotated[str | None, typer.Option("--case", help="Use this bundled case.")] = None,
) -> None:
    """Write a handout (Markdown and HTML: narrative, facts, questions), a separate answer key with the reasons,
    the key as YAML for `jurex exercise check`, and an answers template for the trainee."""

    def body() -> None:
        from jurisdiction.apps.exercise import new, write

        exercise = new(seed=seed, level=level, topic=topic, case_id=case)
        written = write(exercise, output)
        sys.stdout.write(f"exercise on {exercise.case.id} ({len(exercise.questions)} questions, level {level}):\n")
        sys.stdout.writelines(f"  {p}\n" for p in written)

    _run(body)


@exercise_app.command("check")
def exercise_check(
    folder: Annotated[Path, typer.Argument(help="The exercise folder (from `jurex exercise new`).")],
    answers: Annotated[Path, typer.Argument(help="The trainee's answers (YAML: q1: [GBR, PHL] ...).")],
    format: Annotated[Format, typer.Option("--format", "-f")] = Format.table,
) -> None:
    """Grade a trainee's answers question by question, with the reason for each point lost."""

    def body() -> None:
        from jurisdiction.apps.exercise import check

        marks = check(folder, answers)
        total, out_of = sum(m.points for m in marks), sum(m.out_of for m in marks)
        if format is Format.json:
            from jurisdiction.render.as_json import to_json

            _write(to_json({"points": total, "out_of": out_of, "marks": [m.to_dict() for m in marks]}), None)
            return
        lines = [f"{total}/{out_of} points"]
        for m in marks:
            lines.append(f"  {m.question}: {m.points}/{m.out_of}")
            lines += [f"      - {r}" for r in m.reasons]
        _write("\n".join(lines) + "\n", None)

    _run(body)


@contextmanager
def _json_lines(output: Path | None, *, to_stdout: bool):  # type: ignore[no-untyped-def]
    """A writer of result lines: to `output` (atomically: never half a file), else to stdout or nowhere."""
    import json

    if output is None:
        yield (
            (lambda line: sys.stdout.write(json.dumps(line, ensure_ascii=False) + "\n"))
            if to_stdout
            else (lambda line: None)
        )
        sys.stdout.flush()
        return
    from jurisdiction.apps.output import atomic_file

    with atomic_file(output) as fh:
        yield lambda line: fh.write((json.dumps(line, ensure_ascii=False) + "\n").encode("utf-8"))


class _Progress:
    """A progress bar on a terminal (stderr); nothing when stderr is piped or redirected."""

    def __init__(self, label: str, total: int | None) -> None:
        self.label, self.total, self.bar = label, total, None

    def __enter__(self):  # type: ignore[no-untyped-def]
        if sys.stderr.isatty():
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

            self.bar = Progress(
                TextColumn("{task.description}"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeRemainingColumn(),
                console=Console(stderr=True),
                transient=True,
            )
            self.bar.start()
            self.task = self.bar.add_task(self.label, total=self.total)
        return self

    def advance(self, n: int) -> None:
        if self.bar is not None:
            self.bar.advance(self.task, n)

    def __exit__(self, *_) -> None:  # type: ignore[no-untyped-def]
        if self.bar is not None:
            self.bar.stop()


WorkersOpt = Annotated[
    int | None,
    typer.Option("--workers", "-w", min=1, help="Worker processes (default: one per core)."),
]
ChunkOpt = Annotated[
    int, typer.Option("--chunk", min=1, help="Cases per clingo run (larger: faster, more memory per worker).")
]
DaskOpt = Annotated[
    str | None,
    typer.Option(
        "--dask",
        metavar="tcp://HOST:PORT",
        help="Run the chunks on this Dask scheduler instead of local processes (pip install 'jurex[dask]'). "
        "clingo keeps every symbol a process has seen: start long-serving workers with --lifetime 30m "
        "--lifetime-restart.",
    ),
]


def _dask_available(address: str | None) -> None:
    if address is None:
        return
    try:
        import distributed  # noqa: F401
    except ImportError:
        _fail("jurex: --dask needs the Dask extra: pip install 'jurex[dask]'", EXIT_INPUT)


def _answer_all(items, regime_names, *, label, total, output, to_stdout, workers, chunk, options, each=None):  # type: ignore[no-untyped-def]
    """Run the batch engine over `items` with a progress bar, writing every line; returns the run's figures."""
    import time

    from jurisdiction.apps.batch import BatchStats, default_workers, run

    stats = BatchStats()
    started = time.perf_counter()
    with _json_lines(output, to_stdout=to_stdout) as write, _Progress(label, total) as bar:
        for line in run(
            items,
            regime_names,
            workers=workers or default_workers(),
            processes=total is None or total > chunk,  # one chunk: no worker process to start
            chunk_size=chunk,
            stats=stats,
            progress=bar.advance,
            **options,
        ):
            if each is not None:
                each(line)
            write(line)
    stats.seconds = time.perf_counter() - started
    return stats


def _stats_line(stats) -> str:  # type: ignore[no-untyped-def]
    seconds = stats.seconds
    rate = stats.cases / seconds if seconds else 0.0
    share = f", clingo {stats.clingo_seconds / stats.worker_seconds:.0%} of the work" if stats.worker_seconds else ""
    errors = f", {stats.errors} could not be used (their lines say why)" if stats.errors else ""
    return f"{stats.cases} cases in {seconds:.1f} s ({rate:,.0f}/s){share}{errors}\n"


@app.command()
def batch(
    source: Annotated[
        str,
        typer.Argument(
            help="cases.jsonl (one case per line, as JSON), a folder of case files, or - for standard input.",
            metavar="INPUT",
        ),
    ],
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="results.jsonl (default: standard output).")
    ] = None,
    regimes: Annotated[
        str, typer.Option("--regimes", help="Comma-separated regimes, each answered for every case.")
    ] = "opsc",
    workers: WorkersOpt = None,
    chunk: ChunkOpt = 250,
    assume_all_parties: AllPartiesOpt = False,
    timeout: TimeoutOpt = 600.0,
    dask: DaskOpt = None,
) -> None:
    """Answer many cases: one JSON line per case, in input order, with its summary under each regime.

    Each line: {"index", "source", "case", "as_of", "answers": {REGIME: {"jurisdiction": [...], "extradition":
    [...], "obligations": [...], "states": {...}, "national_law": [...], "warnings": [...]}}} — the summary
    lines of `jurex analyse`'s golden answers. A case that cannot be used gets {"index", "source", "error":
    {"message", "problems": [{"field", "line", "problem", "fix"}]}} and the batch goes on; the exit code is
    then 2, with every line written. Cases are grouped into chunks of --chunk, each answered in one clingo run,
    over --workers processes (or a Dask cluster with --dask). --timeout bounds each chunk's solving.
    """

    def body() -> None:
        from jurisdiction.apps.batch import count_items, read_items
        from jurisdiction.engine.regimes import parse_list

        _dask_available(dask)
        names = [r.name for r in parse_list(regimes)]
        if source != "-" and not Path(source).exists():
            _fail(f"{source}: no such file or folder\n    fix: name a .jsonl file, a folder of case files, or -", 2)
        stats = _answer_all(
            read_items(source),
            names,
            label="cases",
            total=count_items(source),
            output=output,
            to_stdout=True,
            workers=workers,
            chunk=chunk,
            options={"assume_all_parties": assume_all_parties, "timeout": timeout, "dask_address": dask},
        )
        sys.stderr.write(_stats_line(stats))
        if stats.errors:
            raise typer.Exit(EXIT_INPUT)

    _run(body)


@app.command()
def sweep(
    template: Annotated[str, typer.Argument(help="A case file (or bundled case id) to vary.", metavar="TEMPLATE")],
    vary: Annotated[
        list[str],
        typer.Option(
            "--vary",
            metavar="PATH=VALUES",
            help="A field and its values: ALL (every ISO 3166 state) or A,B,C. The path is as in --set; it may "
            "start with a person's name (offender.nationality) or, with one offence, with acts (acts[0].in). "
            "Repeatable: every combination is one case.",
        ),
    ],
    regimes: Annotated[
        str, typer.Option("--regimes", help="Comma-separated regimes to count under.")
    ] = "opsc,opsc-guidelines,lanzarote,budapest",
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Also write every combination's result line here.")
    ] = None,
    format: Annotated[Format, typer.Option("--format", "-f")] = Format.table,
    workers: WorkersOpt = None,
    chunk: ChunkOpt = 250,
    assume_all_parties: AllPartiesOpt = False,
    timeout: TimeoutOpt = 600.0,
    dask: DaskOpt = None,
) -> None:
    """Sweep a template case over states and count, under each regime, the combinations that raise each
    warning (no state obliged, offender beyond reach, ...) and those that raise none.

    Example: jurex sweep travelling-offender --vary offender.nationality=ALL --vary acts[0].in=ALL
    (62,001 combinations). Combinations that are not valid cases (a request to oneself) are counted apart.
    """

    def body() -> None:
        from jurisdiction.apps.sweep import Tally, combinations, items, parse_vary
        from jurisdiction.engine.regimes import parse_list
        from jurisdiction.input.loader import load, parse, read_text

        _dask_available(dask)
        chosen = parse_list(regimes)
        path = _resolve_case(template)
        load(path)  # the template itself must be a valid case
        raw, _ = parse(read_text(path), str(path))
        varies = [parse_vary(v, raw) for v in vary]
        counts = Tally([r.label for r in chosen])
        stats = _answer_all(
            items(raw, str(path), varies),
            [r.name for r in chosen],
            label="combinations",
            total=combinations(varies),
            output=output,
            to_stdout=False,
            workers=workers,
            chunk=chunk,
            options={"assume_all_parties": assume_all_parties, "timeout": timeout, "dask_address": dask},
            each=counts.add,
        )
        if format is Format.json:
            from jurisdiction.render.as_json import to_json

            _write(to_json(counts.to_dict()), None)
        else:
            from rich.console import Console
            from rich.table import Table

            table = Table(title=f"{counts.combinations:,} combinations of {path.name}: " + "; ".join(vary))
            table.add_column("outcome (combinations raising it)", no_wrap=True)
            for r in chosen:
                table.add_column(r.label, justify="right", no_wrap=True)
            for outcome in counts.outcomes():
                table.add_row(outcome, *(f"{counts.counts.get(r.label, {}).get(outcome, 0):,}" for r in chosen))
            Console().print(table)
            for problem, n in counts.invalid.most_common():
                sys.stdout.write(f"not a valid case ({n:,}): {problem}\n")
        sys.stdout.flush()
        sys.stderr.write(_stats_line(stats))

    _run(body)


def main() -> None:
    try:
        app()
    except KeyboardInterrupt:
        sys.stderr.write("interrupted\n")
        _leave(EXIT_INTERRUPTED)
    except SystemExit as done:  # typer always ends this way, with the command's exit code
        _leave(done.code)


def _leave(code: object) -> NoReturn:
    """Exit without the interpreter's teardown: freeing every object of pydantic, clingo and rich one by one
    takes about 40 ms, an eighth of a whole `jurex analyse`, and the system frees the memory at once anyway.
    Output is flushed and exit handlers run first; with other threads alive, Python's own exit is kept."""
    import atexit
    import threading

    if isinstance(code, str):  # sys.exit("message"): the message on standard error, exit code 1
        sys.stderr.write(code + "\n")
        code = 1
    status = code if isinstance(code, int) else 0 if code is None else 1
    if threading.active_count() > 1:
        sys.exit(status)
    atexit._run_exitfuncs()  # e.g. logging's and multiprocessing's shutdown, as a normal exit would run them
    for stream in (sys.stdout, sys.stderr):
        with suppress(OSError, ValueError):  # a closed pipe (`jurex ... | head`) or stream: nothing left to keep
            stream.flush()
    os._exit(status)
