"""`jurex batch` and `jurex sweep`: many cases through the batch engine, one result line each; the sweep varies
a template case over states and counts the outcomes.

Both keep every finished line: with -o the lines go to OUTPUT.partial as they finish and become OUTPUT at the
end; a run cut short (Ctrl-C, SIGTERM, a cluster without workers) keeps them, and --resume continues it."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from jurisdiction.cli import terminal
from jurisdiction.cli.common import (
    EXIT_INPUT,
    EXIT_INTERNAL,
    AllPartiesOpt,
    ChunkOpt,
    DaskChildrenOpt,
    DaskOpt,
    DaskTimeoutOpt,
    ForceOpt,
    Format,
    FormatOpt,
    ResumeOpt,
    Session,
    TimeoutOpt,
    WorkerMemoryOpt,
    WorkersOpt,
    fail,
    guarded,
)

if TYPE_CHECKING:
    from jurisdiction.apps.batch import BatchStats, Item
    from jurisdiction.apps.output import Journal

MAX_COMBINATIONS = 1_000_000  # a sweep above this many cases runs only when confirmed (--yes, --max-combinations)
NoCacheOpt = Annotated[
    bool,
    typer.Option(
        "--no-cache",
        help="Answer every case anew: no answer is reused between cases that differ only in which states, with the "
        "same data, play which part (README, Performance). The answers are the same either way.",
    ),
]
CacheDirOpt = Annotated[
    Path | None,
    typer.Option(
        "--cache-dir",
        metavar="FOLDER",
        help="Also keep the reusable answers in FOLDER for later runs (a subfolder per jurex, data and rules "
        "version: a change to any of them is never answered from an earlier run).",
    ),
]


def _cache(no_cache: bool, folder: Path | None) -> bool | str:
    return False if no_cache else (str(folder) if folder is not None else True)



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
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="results.jsonl (default: standard output). Lines are kept in results.jsonl.partial as they "
            "finish, and renamed at the end.",
        ),
    ] = None,
    regimes: Annotated[
        str, typer.Option("--regimes", help="Comma-separated regimes, each answered for every case.")
    ] = "opsc",
    workers: WorkersOpt = None,
    chunk: ChunkOpt = 250,
    assume_all_parties: AllPartiesOpt = False,
    timeout: TimeoutOpt = 600.0,
    dask: DaskOpt = None,
    dask_timeout: DaskTimeoutOpt = 60.0,
    dask_children: DaskChildrenOpt = False,
    worker_memory: WorkerMemoryOpt = None,
    resume: ResumeOpt = False,
    force: ForceOpt = False,
    no_cache: NoCacheOpt = False,
    cache_dir: CacheDirOpt = None,
) -> None:
    """Answer many cases: one JSON line per case, in input order, with its summary under each regime.

    Each line: {"index", "source", "case", "as_of", "answers": {REGIME: {"jurisdiction": [...], "extradition":
    [...], "obligations": [...], "states": {...}, "national_law": [...], "warnings": [...]}}} — the summary
    lines of `jurex analyse`'s golden answers. A case that cannot be used gets {"index", "source", "error":
    {"message", "problems": [{"field", "line", "problem", "fix"}]}} and the batch goes on; the exit code is
    then 2, with every line written. So does a case whose worker ran out of memory (--worker-memory), out of
    time (--timeout) or crashed: its chunk is run again in parts until that case alone is left. Cases are
    grouped into chunks of --chunk, each answered in one clingo run, over --workers processes (or a Dask
    cluster with --dask). Ctrl-C exits 130 and SIGTERM 143, keeping the finished lines for --resume.
    """
    from jurisdiction.apps.batch import count_items, read_items
    from jurisdiction.engine.regimes import parse_list
    from jurisdiction.render.sweep import stats_line

    _dask_available(dask)
    chosen = parse_list(regimes)
    if source != "-" and not Path(source).exists():
        fail(f"{source}: no such file or folder\n    fix: name a .jsonl file, a folder of case files, or -", EXIT_INPUT)
    if output is not None and source != "-":
        from jurisdiction.apps.output import refuse_overwriting

        refuse_overwriting(output, source)
    if resume and output is None:
        fail("--resume: there is nothing to resume without --output\n    fix: add -o results.jsonl", EXIT_INPUT)
    stats = _answer_all(
        read_items(source),
        [r.name for r in chosen],
        [r.label for r in chosen],
        label="cases",
        total=count_items(source),
        output=output,
        to_stdout=True,
        workers=workers,
        chunk=chunk,
        force=force,
        resume=resume,
        options={
            **_engine_options(assume_all_parties, timeout, dask, dask_timeout, dask_children, worker_memory),
            "cache": _cache(no_cache, cache_dir),
        },
    )
    sys.stderr.write(stats_line(stats))
    _exit(stats)


@guarded
def sweep(
    ctx: typer.Context,
    template: Annotated[str, typer.Argument(help="A case file (or bundled case id) to vary.", metavar="TEMPLATE")],
    vary: Annotated[
        list[str],
        typer.Option(
            "--vary",
            metavar="PATH=VALUES",
            help="A field and its values: ALL (the 195 states of the OPSC's list, parties or not), ALL_ISO (every "
            "ISO 3166 entry, territories too: 249) or A,B,C (codes or names: Sweden). The path is as in --set; it may "
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
    dask_timeout: DaskTimeoutOpt = 60.0,
    dask_children: DaskChildrenOpt = False,
    worker_memory: WorkerMemoryOpt = None,
    resume: ResumeOpt = False,
    force: ForceOpt = False,
    no_cache: NoCacheOpt = False,
    cache_dir: CacheDirOpt = None,
    yes: Annotated[
        bool, typer.Option("--yes", help=f"Run a sweep of more than {MAX_COMBINATIONS:,} combinations.")
    ] = False,
    max_combinations: Annotated[
        int,
        typer.Option(
            "--max-combinations", min=1, metavar="N", help="Refuse a sweep of more than N combinations (exit 2)."
        ),
    ] = MAX_COMBINATIONS,
) -> None:
    """Sweep a template case over states and count, under each regime, the combinations that raise each
    warning (no state obliged, offender beyond reach, ...) and those that raise none.

    Example: jurex sweep attempted-procuring --vary traveller.nationality=ALL --vary acts[0].in=ALL
    (38,025 combinations). Combinations that are not valid cases (a request to oneself) are counted apart.
    The number of combinations is said first; above 1,000,000 the sweep runs only with --yes (or a higher
    --max-combinations).
    """
    from jurisdiction.apps.sweep import Tally, combinations, items, parse_vary, sweep_engine
    from jurisdiction.engine.regimes import parse_list
    from jurisdiction.input.loader import load
    from jurisdiction.input.reader import parse, read_text
    from jurisdiction.render.sweep import invalid_text, stats_line, tally_table

    _dask_available(dask)
    chosen = parse_list(regimes)
    path = Session.of(ctx).resolve(template)
    load(path)  # the template itself must be a valid case
    if output is not None:
        from jurisdiction.apps.output import refuse_overwriting

        refuse_overwriting(output, path)
    if resume and output is None:
        fail("--resume: there is nothing to resume without --output\n    fix: add -o lines.jsonl", EXIT_INPUT)
    raw, _ = parse(read_text(path), str(path))
    varies = [parse_vary(v, raw) for v in vary]
    total = combinations(varies)
    sys.stderr.write(f"{total:,} combinations of {path.name} under {len(chosen)} regime{'s' * (len(chosen) > 1)}\n")
    if total > max_combinations and not yes:
        fail(
            f"--vary: {total:,} combinations is more than {max_combinations:,} (at a few hundred a second, "
            f"{_duration(total / 300)})\n    fix: vary fewer fields or values; or confirm with --yes, or "
            f"--max-combinations {total}",
            EXIT_INPUT,
        )
    counts = Tally([r.label for r in chosen])
    stats = _answer_all(
        items(raw, str(path), varies, texts=no_cache),  # sweep_engine makes the cases it answers
        [r.name for r in chosen],
        [r.label for r in chosen],
        label="combinations",
        total=total,
        output=output,
        to_stdout=False,
        workers=workers,
        chunk=chunk,
        force=force,
        resume=resume,
        options={
            **_engine_options(assume_all_parties, timeout, dask, dask_timeout, dask_children, worker_memory),
            "cache": _cache(no_cache, cache_dir),
        },
        each=counts.add,
        engine=sweep_engine(raw, str(path), varies) if not no_cache else None,
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
    if stats.internal:
        _exit(stats)


def _duration(seconds: float) -> str:
    for unit, size in (("years", 365 * 86400), ("days", 86400), ("hours", 3600), ("minutes", 60)):
        if seconds >= size:
            return f"about {seconds / size:,.0f} {unit}"
    return f"about {seconds:.0f} seconds"


def _engine_options(
    assume_all_parties: bool,
    timeout: float,
    dask: str | None,
    dask_timeout: float,
    dask_children: bool,
    worker_memory: int | None,
) -> dict[str, object]:
    """What batch and sweep pass alike to the batch engine."""
    return {
        "assume_all_parties": assume_all_parties,
        "timeout": timeout,
        "dask_address": dask,
        "dask_patience": dask_timeout,
        "dask_children": dask_children,
        "worker_memory": _memory(worker_memory),
    }


def _memory(megabytes: int | None) -> int | None:
    from jurisdiction.apps.batch import MIN_WORKER_MEMORY_MB

    if megabytes is not None and 0 < megabytes < MIN_WORKER_MEMORY_MB:
        fail(
            f"--worker-memory {megabytes}: a worker needs at least {MIN_WORKER_MEMORY_MB} MB to start\n"
            f"    fix: give at least --worker-memory {MIN_WORKER_MEMORY_MB} (0: no bound)",
            EXIT_INPUT,
        )
    return megabytes


def _exit(stats: BatchStats) -> None:
    if stats.internal:
        fail(
            f"jurex: {stats.internal} case{'s' * (stats.internal > 1)} met an internal error (their lines say "
            "'internal error'): a bug in jurex, not in the cases; please report them. Every other line is written.",
            EXIT_INTERNAL,
        )
    if stats.errors:
        raise typer.Exit(EXIT_INPUT)


def _dask_available(address: str | None) -> None:
    if address is None:
        return
    try:
        import distributed  # noqa: F401
    except ImportError:
        fail("jurex: --dask needs the Dask extra: pip install 'jurex[dask]'", EXIT_INPUT)


def _capped(workers: int | None, chunk: int, force: bool, dask: bool) -> tuple[int, int]:
    """More workers than cores only slows each down (and multiplies memory); a huge chunk holds hundreds of
    megabytes per worker: both are brought down to the bound, and said, unless --force."""
    from jurisdiction.apps.batch import MAX_CHUNK, default_workers

    cores = default_workers()
    if workers is None:
        workers = cores
    elif workers > cores and not force and not dask:
        sys.stderr.write(
            f"jurex: --workers {workers} is more than the {cores} core{'s' * (cores > 1)} here: using {cores} "
            f"(--force to start {workers})\n"
        )
        workers = cores
    if chunk > MAX_CHUNK and not force:
        sys.stderr.write(
            f"jurex: --chunk {chunk:,} would hold about {chunk * 140 // 1000:,} MB per worker: using {MAX_CHUNK:,} "
            f"(--force to use {chunk:,})\n"
        )
        chunk = MAX_CHUNK
    return workers, chunk


def _resumed(items: Iterable[Item], journal: Journal, labels: Sequence[str]) -> Iterator[Item]:
    """The items after those whose lines an earlier run kept, each kept line checked against its item: a
    partial file of another input, or of other regimes, is refused rather than continued."""
    from jurisdiction.errors import CaseError, Problem

    kept = journal.kept

    def refuse(number: int, problem: str) -> CaseError:
        return CaseError(
            str(journal.partial),
            [Problem("--resume", problem, "resume with the same input and options, or delete this file", number)],
            where="beside the output",
        )

    count = 0
    for item in items:
        count += 1
        if item.index >= len(kept):
            yield item
            continue
        line = kept[item.index]
        if line.get("source") != item.source:
            raise refuse(item.index + 1, f"line {item.index + 1} is for {line.get('source')}, not {item.source}")
        if "answers" in line and sorted(line["answers"]) != sorted(labels):
            raise refuse(item.index + 1, f"line {item.index + 1} answers under {', '.join(line['answers'])}")
    if count < len(kept):
        raise refuse(count + 1, f"it holds {len(kept):,} lines; the input has only {count:,} cases")


def _answer_all(
    items: Iterable[Item],
    regime_names: Sequence[str],
    regime_labels: Sequence[str],
    *,
    label: str,
    total: int | None,
    output: Path | None,
    to_stdout: bool,
    workers: int | None,
    chunk: int,
    force: bool,
    resume: bool,
    options: dict[str, Any],
    each: Callable[[dict[str, Any]], None] | None = None,
    engine: Callable[..., Iterator[dict[str, Any]]] | None = None,
) -> BatchStats:
    """Run the batch engine over `items` with a progress bar, writing every line as it finishes; returns the
    run's figures. A run cut short keeps its lines in OUTPUT.partial and says so."""
    import time

    from jurisdiction.apps.batch import BatchStats, ClusterLost, json_line, peak_mb, run
    from jurisdiction.apps.output import Journal

    workers, chunk = _capped(workers, chunk, force, options.get("dask_address") is not None)
    stats = BatchStats()
    started = time.perf_counter()
    journal = Journal(output, resume=resume) if output is not None else None
    written = 0  # lines written (or kept from the run resumed), for the message of a run cut short

    def write(line: dict[str, Any]) -> None:
        nonlocal written
        if journal is not None:
            journal.write(json_line(line).encode("utf-8"))
        elif to_stdout:
            sys.stdout.write(json_line(line))
        written += 1

    try:
        if journal is not None and resume:
            if not journal.resumed:
                sys.stderr.write(f"jurex: no {journal.partial} to resume: starting from the first case\n")
            items = _resumed(items, journal, regime_labels)
            for line in journal.kept:
                written += 1
                stats.cases += 1
                stats.errors += "error" in line
                stats.internal += "error" in line and "internal error" in line["error"]["message"]
                if each is not None:
                    each(line)
        with terminal.Progress(label, total) as bar:
            bar.advance(stats.cases)
            for line in (engine or run)(
                items,
                regime_names,
                workers=workers,
                processes=True,  # even for one chunk: its worker has the memory bound, this process has none
                chunk_size=chunk,
                stats=stats,
                progress=bar.advance,
                **options,
            ):
                if each is not None:
                    each(line)
                write(line)
    except KeyboardInterrupt as exc:
        _cut_short(journal)
        exc.note = f"interrupted: {_kept(journal, written)}"  # type: ignore[attr-defined]
        raise
    except ClusterLost as exc:
        from jurisdiction.engine.solver import LimitReached

        _cut_short(journal)
        raise LimitReached(f"{exc.message}: {_kept(journal, written)}", exc.fix, cut_short=True) from None
    except BaseException:
        _cut_short(journal)
        raise
    if journal is not None:
        journal.promote()
    else:
        sys.stdout.flush()
    stats.seconds = time.perf_counter() - started
    stats.peak_mb = peak_mb()
    return stats


def _cut_short(journal: Journal | None) -> None:
    if journal is not None:
        journal.close()


def _kept(journal: Journal | None, written: int) -> str:
    if journal is None or journal.partial is None:
        return f"{written:,} lines were written" if written else "nothing was written"
    if not written:
        return f"no case had finished; {journal.path} is untouched"
    return (
        f"the {written:,} finished lines are kept in {journal.partial} ({journal.path} is untouched)\n"
        "    fix: run the same command again with --resume to continue"
    )
