"""`jurex batch` and `jurex sweep`: many cases through the batch engine, one result line each; the sweep varies
a template case over states and counts the outcomes."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from jurisdiction.cli import terminal
from jurisdiction.cli.common import (
    EXIT_INPUT,
    AllPartiesOpt,
    ChunkOpt,
    DaskOpt,
    Format,
    FormatOpt,
    Session,
    TimeoutOpt,
    WorkersOpt,
    fail,
    guarded,
)

if TYPE_CHECKING:
    from jurisdiction.apps.batch import BatchStats


@guarded
def batch(
    ctx: typer.Context,
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
    from jurisdiction.apps.batch import count_items, read_items
    from jurisdiction.engine.regimes import parse_list
    from jurisdiction.render.sweep import stats_line

    _dask_available(dask)
    names = [r.name for r in parse_list(regimes)]
    if source != "-" and not Path(source).exists():
        fail(f"{source}: no such file or folder\n    fix: name a .jsonl file, a folder of case files, or -", EXIT_INPUT)
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
    sys.stderr.write(stats_line(stats))
    if stats.errors:
        raise typer.Exit(EXIT_INPUT)


@guarded
def sweep(
    ctx: typer.Context,
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
    format: FormatOpt = Format.table,
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
    from jurisdiction.apps.sweep import Tally, combinations, items, parse_vary
    from jurisdiction.engine.regimes import parse_list
    from jurisdiction.input.loader import load
    from jurisdiction.input.reader import parse, read_text
    from jurisdiction.render.sweep import invalid_text, stats_line, tally_table

    _dask_available(dask)
    chosen = parse_list(regimes)
    path = Session.of(ctx).resolve(template)
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

        terminal.write(to_json(counts.to_dict()), None)
    else:
        title = f"{counts.combinations:,} combinations of {path.name}: " + "; ".join(vary)
        terminal.show(tally_table(counts, chosen, title))
        terminal.write(invalid_text(counts), None)
    sys.stdout.flush()
    sys.stderr.write(stats_line(stats))


def _dask_available(address: str | None) -> None:
    if address is None:
        return
    try:
        import distributed  # noqa: F401
    except ImportError:
        fail("jurex: --dask needs the Dask extra: pip install 'jurex[dask]'", EXIT_INPUT)


def _answer_all(
    items: Iterable[Any],
    regime_names: Sequence[str],
    *,
    label: str,
    total: int | None,
    output: Path | None,
    to_stdout: bool,
    workers: int | None,
    chunk: int,
    options: dict[str, Any],
    each: Callable[[dict[str, Any]], None] | None = None,
) -> BatchStats:
    """Run the batch engine over `items` with a progress bar, writing every line; returns the run's figures."""
    import time

    from jurisdiction.apps.batch import BatchStats, default_workers, run

    stats = BatchStats()
    started = time.perf_counter()
    with terminal.json_lines(output, to_stdout=to_stdout) as write, terminal.Progress(label, total) as bar:
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
