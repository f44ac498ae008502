"""Many cases: read JSON Lines or a folder, answer them in chunks (one clingo run per chunk), in input order.

A chunk is loaded, encoded with each case's number as the last argument of its facts, solved in one run of
the rewritten rules (multicase.py) and decoded into each case's summary: the same reviewed one-line-per-
conclusion form as the golden answers (golden.py), one entry per regime. Chunks run in worker processes, or
on a Dask cluster; a bad case becomes an error line and the batch goes on.
"""

from __future__ import annotations

import os
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

CHUNK = 250  # cases per clingo run: large enough to amortise the fixed costs, small enough for flat memory
# clingo keeps every symbol it has ever seen for the life of the process (about 35 MB per chunk of generated
# cases): a worker process is replaced after this many chunks, so that memory stays flat on any batch size.
CHUNKS_PER_WORKER = 4
CASE_SUFFIXES = (".yaml", ".yml", ".json")
NOT_CASES = (".expected.yaml", ".comparison.yaml")  # the answers kept beside the bundled cases


@dataclass(frozen=True)
class Item:
    """One case of the input: its position, where it came from, and its text (or why it could not be read)."""

    index: int
    source: str
    text: str | None
    error: dict[str, Any] | None = None


def read_items(path: str | Path, stdin: Iterable[str] | None = None) -> Iterator[Item]:
    """Cases from a JSON Lines file (one case per line), `-` (the same, on standard input), or a folder of
    case files (sorted by name; the golden answers beside bundled cases are skipped)."""
    from jurisdiction.errors import CaseError
    from jurisdiction.input.reader import read_text

    if str(path) == "-":
        yield from _lines(stdin if stdin is not None else _stdin(), "<stdin>")
        return
    path = Path(path)
    if path.is_dir():
        for index, file in enumerate(case_paths(path)):
            try:
                yield Item(index, str(file), read_text(file))
            except CaseError as exc:
                yield Item(index, str(file), None, error_of(exc))
        return
    with path.open(encoding="utf-8", errors="replace") as lines:
        yield from _lines(lines, str(path))


def case_paths(folder: Path) -> list[Path]:
    """The case files of a folder, by name; the golden answers beside bundled cases are not cases."""
    return sorted(
        p for p in folder.iterdir() if p.suffix in CASE_SUFFIXES and not p.name.endswith(NOT_CASES) and p.is_file()
    )


def count_items(path: str | Path) -> int | None:
    """How many cases read_items will give (None for standard input: it can be read once only)."""
    if str(path) == "-":
        return None
    path = Path(path)
    if path.is_dir():
        return len(case_paths(path))
    with path.open(encoding="utf-8", errors="replace") as lines:
        return sum(1 for line in lines if line.strip())


def _stdin() -> Iterable[str]:
    import sys

    return sys.stdin


def _lines(lines: Iterable[str], name: str) -> Iterator[Item]:
    index = 0
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        yield Item(index, f"{name}:{number}", line)
        index += 1


def error_of(exc: Any) -> dict[str, Any]:
    return {
        "message": str(exc).splitlines()[0],
        "problems": [{"field": p.path, "line": p.line, "problem": p.message, "fix": p.fix} for p in exc.problems],
    }


@dataclass
class ChunkResult:
    lines: list[dict[str, Any]]
    clingo_seconds: float = 0.0
    seconds: float = 0.0


@cache
def _summary_hidden(files: tuple[str, ...]) -> frozenset[str]:
    """The shown predicates a summary does not read: the facts each conclusion rests on, and its citations."""
    from jurisdiction.engine.multicase import shown

    return frozenset(name for name, _ in shown(files) if name.endswith(("_because", "_cites")))


def evaluate_chunk(
    items: Sequence[Item], regime_names: Sequence[str], assume_all_parties: bool = False, timeout: float | None = None
) -> ChunkResult:
    """Answer one chunk in one clingo run. A module-level function, so that processes and Dask can run it."""
    from jurisdiction.engine.solver import Limits, limited, limits

    with limited(Limits(timeout=timeout) if timeout is not None else limits()):
        return _evaluate(items, regime_names, assume_all_parties)


def _evaluate(items: Sequence[Item], regime_names: Sequence[str], assume_all_parties: bool) -> ChunkResult:
    from jurisdiction.apps.analysis import encode_case
    from jurisdiction.data.states import bundled
    from jurisdiction.engine.multicase import solve_tagged
    from jurisdiction.engine.regimes import parse
    from jurisdiction.engine.solver import LimitReached, Number, check_size, program
    from jurisdiction.errors import CaseError
    from jurisdiction.findings.decode import decode
    from jurisdiction.input.loader import load_text
    from jurisdiction.render.golden import summary

    started = time.perf_counter()
    data = bundled()
    regimes = [parse(name) for name in regime_names]
    files = program([r.rule_file for r in regimes])
    lines: dict[int, dict[str, Any]] = {}
    valid: list[tuple[Item, Any, Any]] = []
    facts: list[Any] = []
    signatures: set[tuple[str, int]] = set()
    for item in items:
        if item.error is not None or item.text is None:
            lines[item.index] = {"index": item.index, "source": item.source, "error": item.error}
            continue
        try:
            case = load_text(item.text, item.source)
            encoding = encode_case(case, data, regimes, (), assume_all_parties, tag=Number(len(valid)))
            check_size(len(encoding.symbols))
        except CaseError as exc:
            lines[item.index] = {"index": item.index, "source": item.source, "error": error_of(exc)}
            continue
        except LimitReached as exc:
            lines[item.index] = {
                "index": item.index,
                "source": item.source,
                "error": {"message": exc.message, "problems": [{"problem": exc.message, "fix": exc.fix}]},
            }
            continue
        valid.append((item, case, encoding))
        facts.extend(encoding.symbols)
        signatures |= encoding.signatures
    clingo_seconds = 0.0
    if valid:
        answers = solve_tagged(facts, len(valid), files, _summary_hidden(files), signatures)
        clingo_seconds = answers.clingo_seconds
        for (item, case, encoding), terms in zip(valid, answers.cases, strict=True):
            by_regime = {}
            for regime in regimes:
                analysis = decode(tuple(terms), case, encoding, data, regime, assume_all_parties)
                answer = summary(analysis)
                del answer["case"], answer["as_of"]
                by_regime[regime.label] = answer
            lines[item.index] = {
                "index": item.index,
                "source": item.source,
                "case": case.id,
                "as_of": case.date.isoformat(),
                "answers": by_regime,
            }
    return ChunkResult([lines[i.index] for i in items], clingo_seconds, time.perf_counter() - started)


def chunks(items: Iterable[Item], size: int) -> Iterator[list[Item]]:
    chunk: list[Item] = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


@dataclass
class BatchStats:
    cases: int = 0
    errors: int = 0
    chunks: int = 0
    clingo_seconds: float = 0.0
    worker_seconds: float = 0.0
    seconds: float = 0.0
    by_error: dict[str, int] = field(default_factory=dict)


def run(
    items: Iterable[Item],
    regime_names: Sequence[str] = ("opsc",),
    *,
    workers: int = 1,
    chunk_size: int = CHUNK,
    assume_all_parties: bool = False,
    timeout: float | None = None,
    dask_address: str | None = None,
    processes: bool | None = None,
    chunks_per_worker: int | None = None,
    stats: BatchStats | None = None,
    progress: Callable[[int], None] | None = None,
) -> Iterator[dict[str, Any]]:
    """Every case's result line, in input order. Chunks are evaluated `workers` at a time in worker processes
    (each replaced after `chunks_per_worker` chunks, CHUNKS_PER_WORKER unless told: pool.py), or on the Dask
    scheduler at `dask_address`; at most two chunks per worker are in flight. `processes=False` runs in this
    process (for a few chunks: memory grows with each)."""
    stats = stats if stats is not None else BatchStats()
    started = time.perf_counter()
    args = (tuple(regime_names), assume_all_parties, timeout)

    def collect(result: ChunkResult) -> Iterator[dict[str, Any]]:
        stats.chunks += 1
        stats.clingo_seconds += result.clingo_seconds
        stats.worker_seconds += result.seconds
        for line in result.lines:
            stats.cases += 1
            if "error" in line:
                stats.errors += 1
            yield line
        if progress:
            progress(len(result.lines))
        stats.seconds = time.perf_counter() - started

    if dask_address is not None:
        from distributed import Client

        pending: deque[Any] = deque()
        with Client(dask_address) as client:
            limit = 2 * max(1, sum(client.nthreads().values()))
            for chunk in chunks(items, chunk_size):
                pending.append(client.submit(evaluate_chunk, chunk, *args, pure=False))
                while len(pending) >= limit:
                    yield from collect(pending.popleft().result())
            while pending:
                yield from collect(pending.popleft().result())
        return
    if processes is None:
        processes = workers > 1
    if not processes:
        for chunk in chunks(items, chunk_size):
            yield from collect(evaluate_chunk(chunk, *args))
        return
    from functools import partial

    from jurisdiction.apps.pool import ordered_map

    answer = partial(evaluate_chunk, regime_names=args[0], assume_all_parties=assume_all_parties, timeout=timeout)
    per_worker = chunks_per_worker if chunks_per_worker is not None else CHUNKS_PER_WORKER
    for result in ordered_map(answer, chunks(items, chunk_size), workers=workers, jobs_per_worker=per_worker):
        yield from collect(result)


def default_workers() -> int:
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1))
