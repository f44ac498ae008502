"""Many cases: read JSON Lines or a folder, answer them in chunks (one clingo run per chunk), in input order.

A chunk is loaded, encoded with each case's number as the last argument of its facts, solved in one run of
the rewritten rules (multicase.py) and decoded into each case's summary: the same reviewed one-line-per-
conclusion form as the golden answers (golden.py), one entry per regime. Chunks run in worker processes, or
on a Dask cluster; a bad case becomes an error line and the batch goes on.

A batch loses nothing: a chunk that fails as a whole (its worker ran out of memory, was killed or crashed, or
the chunk ran out of time) is split in two and each half run again in a fresh process, and so on down to the
one case that fails, which gets an error line with the reason; every other case gets its answer.
"""

from __future__ import annotations

import json
import os
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cache, partial
from pathlib import Path
from typing import Any

CHUNK = 250  # cases per clingo run: large enough to amortise the fixed costs, small enough for flat memory
# clingo keeps every symbol it has ever seen for the life of the process (about 35 MB per chunk of generated
# cases): a worker process is replaced after this many chunks, so that memory stays flat on any batch size.
CHUNKS_PER_WORKER = 4
MAX_CHUNK = 2_000  # more cases per run than this: a worker holds hundreds of megabytes of symbols (--force)
WORKER_MEMORY_MB = 2_048  # a worker's usual peak is about 250 MB; a chunk of MAX_CHUNK fits well within
MIN_WORKER_MEMORY_MB = 256  # below this a worker cannot even import clingo and the rules
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
    with path.open("rb") as lines:
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
    with path.open("rb") as lines:
        return sum(1 for line in lines if line.strip())


def _stdin() -> Iterable[bytes]:
    import sys

    return getattr(sys.stdin, "buffer", sys.stdin)  # bytes, decoded strictly below (not by the locale)


def _lines(lines: Iterable[bytes | str], name: str) -> Iterator[Item]:
    """One item per line that is not blank. Each line is decoded strictly, as a case file is: replacing a bad
    byte would make two different names one, so such a line gets an error and the others go on."""
    from jurisdiction.errors import CaseError, Problem

    index = 0
    for number, raw in enumerate(lines, start=1):
        if not raw.strip():
            continue
        source = f"{name}:{number}"
        try:
            line = raw if isinstance(raw, str) else raw.decode("utf-8-sig" if number == 1 else "utf-8")
        except UnicodeDecodeError as exc:
            problem = Problem(
                "",
                f"line {number} is not UTF-8 text (byte {exc.start + 1} of the line)",
                "save the file as UTF-8",
                number,
            )
            yield Item(index, source, None, error_of(CaseError(source, [problem])))
        else:
            yield Item(index, source, line)
        index += 1


class Line(dict[str, Any]):
    """A result line that also holds its answers as the JSON text they were read from (a sweep's renamed answer),
    so that json_line writes that text rather than serialise them again: the same bytes, since json.dumps of
    what json.loads read from json.dumps' own text is that text. Not to be changed once made."""

    def __init__(self, line: dict[str, Any], answers_text: str) -> None:
        super().__init__(line)
        self.answers_text = answers_text

    def json(self) -> str:
        *head, last = self
        if last != "answers":  # the answers not last: not the layout this text is spliced into
            return json.dumps(dict(self), ensure_ascii=False)
        start = json.dumps({k: self[k] for k in head}, ensure_ascii=False)[:-1]
        return f'{start}, "answers": {self.answers_text}}}'


def json_line(line: dict[str, Any]) -> str:
    """A result as one line of JSON Lines, ending in a newline. Non-ASCII text is kept as it is, except the
    characters that some readers take for the end of a line (U+2028, U+2029, and NEL, U+0085: Python's
    str.splitlines, JavaScript): escaped, so that every reader sees one record a line. They can only be inside
    strings, where the escape means the same character."""
    text = line.json() if isinstance(line, Line) else json.dumps(line, ensure_ascii=False)
    if any(c in text for c in _LINE_BREAKS):
        for c, escape in _LINE_BREAKS.items():
            text = text.replace(c, escape)
    return text + "\n"


_LINE_BREAKS = {"\u2028": "\\u2028", "\u2029": "\\u2029", "\x85": "\\u0085"}


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
    peak_mb: int = 0  # the peak resident memory of the process that answered it, when it had


def peak_mb() -> int:
    """This process's peak resident memory in MB (Linux's VmHWM, which a forked process does not inherit; else
    getrusage's, which it may)."""
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) // 1024
    except (OSError, ValueError, IndexError):
        pass
    import resource
    import sys

    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak // 2**20 if sys.platform == "darwin" else peak // 1024  # bytes on macOS, KB elsewhere


@cache
def summary_hidden(files: tuple[str, ...]) -> frozenset[str]:
    """The shown predicates a summary does not read: the facts each conclusion rests on, and its citations."""
    from jurisdiction.engine.multicase import shown

    return frozenset(name for name, _ in shown(files) if name.endswith(("_because", "_cites")))


def evaluate_chunk(
    items: Sequence[Item],
    regime_names: Sequence[str],
    assume_all_parties: bool = False,
    timeout: float | None = None,
    cache: bool | str = True,
    templates: bool = False,
) -> ChunkResult:
    """Answer one chunk in one clingo run. A module-level function, so that processes and Dask can run it.

    One chunk at a time per process: clingo's AST, its ProgramBuilder and the rewritten program cached in
    multicase.py are shared objects that are not safe to use from two threads at once (a Dask worker runs
    several tasks in threads of one process). The lock costs nothing in a worker process, which has one thread;
    a threaded Dask worker gains nothing from more than one thread (start it with --nthreads 1).

    `cache`: answers are reused between cases with the same canonical form (apps/canonical.py) within this
    process; a folder's path: across runs too, in that folder. `templates`: each line reused this way also
    carries, under TEMPLATE, its answers in placeholders and the renaming back (for sweep.py)."""
    from jurisdiction.engine.solver import Limits, limited, limits

    with _CLINGO, limited(Limits(timeout=timeout) if timeout is not None else limits()):
        return _evaluate(items, regime_names, assume_all_parties, cache, templates)


_CLINGO = threading.Lock()


TEMPLATE = "_template"  # a line's answers in placeholders and the renaming back, when asked for (sweep.py)
ANSWERS: dict[str, str] = {}  # canonical key -> the answers in placeholders (JSON text), for this process
MAX_ANSWERS = 200_000  # about 2 KB each: the memo is emptied past this, so that a worker's memory stays bounded


# Whether canonical forms pay in this process. A case put in canonical form costs about as much again as its
# clingo run; a batch of cases that are all different gains nothing from it. So, unless told to keep answers
# (a folder) or to give templates (a sweep), a process that has found fewer than one case in REUSE_RARE in the
# cache after its first REUSE_PROBE answers the rest directly: the same bytes either way, only sooner.
REUSE = {"tried": 0, "found": 0}
REUSE_PROBE = 250
REUSE_RARE = 50


def clear_cache() -> None:
    ANSWERS.clear()
    REUSE.update(tried=0, found=0)


def _reuse_pays() -> bool:
    return REUSE["tried"] < REUSE_PROBE or REUSE["found"] * REUSE_RARE >= REUSE["tried"]


def _evaluate(
    items: Sequence[Item],
    regime_names: Sequence[str],
    assume_all_parties: bool,
    cache: bool | str = True,
    templates: bool = False,
) -> ChunkResult:
    from jurisdiction.apps.analysis import encode_case
    from jurisdiction.apps.canonical import Canonical, canonical, rename_back, tagged
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
    store = AnswerStore(Path(cache), data.version, files) if isinstance(cache, str) else None
    lines: dict[int, dict[str, Any]] = {}
    # One entry per clingo case: the case to decode and its encoding (in placeholders where canonical), and the
    # items it answers, each with its case and renaming back (None: answered directly).
    valid: list[tuple[Any, Any, list[tuple[Item, Any, Canonical | None]]]] = []
    waiting: dict[str, list[tuple[Item, Any, Canonical | None]]] = {}  # canonical key -> items, solved in this chunk
    facts: list[Any] = []
    signatures: set[tuple[str, int]] = set()

    def reuse(item: Item, case: Any, canon: Canonical, text: str) -> None:
        lines[item.index] = _line(item, case, json.loads(rename_back(text, canon.renaming)))
        if templates:
            lines[item.index][TEMPLATE] = [text, canon.renaming]

    for item in items:
        if item.error is not None or item.text is None:
            lines[item.index] = {"index": item.index, "source": item.source, "error": item.error}
            continue
        try:
            case = load_text(item.text, item.source)
            encoding = encode_case(case, data, regimes, (), assume_all_parties)
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
        wanted = cache and (templates or store is not None or _reuse_pays())
        canon = canonical(case, data, regimes, assume_all_parties, encoding) if wanted else None
        if canon is not None:
            REUSE["tried"] += 1
            text = ANSWERS.get(canon.key)
            if text is None and store is not None:
                text = store.get(canon.key)
            if text is not None:
                REUSE["found"] += 1
                reuse(item, case, canon, text)
                continue
            if canon.key in waiting:
                REUSE["found"] += 1
                waiting[canon.key].append((item, case, canon))
                continue
            waiting[canon.key] = [(item, case, canon)]
            symbols, solved_case, encoding = canon.encoding.symbols, canon.case, canon.encoding
        else:
            symbols, solved_case = encoding.symbols, case
        valid.append((solved_case, encoding, waiting[canon.key] if canon is not None else [(item, case, None)]))
        facts.extend(tagged(symbols, Number(len(valid) - 1)))
        signatures |= encoding.signatures
    clingo_seconds = 0.0
    if valid:
        sizes = [encoding.size for _, encoding, _ in valid]
        known = sizes if all(s is not None for s in sizes) else None  # each case's dimensions, from its encoding
        answers = solve_tagged(facts, len(valid), files, summary_hidden(files), signatures, known)
        clingo_seconds = answers.clingo_seconds
        for (solved_case, encoding, answered), terms in zip(valid, answers.cases, strict=True):
            by_regime = {}
            for regime in regimes:
                analysis = decode(tuple(terms), solved_case, encoding, data, regime, assume_all_parties)
                answer = summary(analysis)
                del answer["case"], answer["as_of"]
                by_regime[regime.label] = answer
            item, case, canon = answered[0]
            if canon is None:
                lines[item.index] = _line(item, case, by_regime)
                continue
            text = json.dumps(by_regime, ensure_ascii=False)
            if len(ANSWERS) >= MAX_ANSWERS:
                ANSWERS.clear()
            ANSWERS[canon.key] = text
            if store is not None:
                store.put(canon.key, text)
            for item, case, canon in answered:
                reuse(item, case, canon, text)
    return ChunkResult([lines[i.index] for i in items], clingo_seconds, time.perf_counter() - started, peak_mb())


def _line(item: Item, case: Any, answers: dict[str, Any]) -> dict[str, Any]:
    return {
        "index": item.index,
        "source": item.source,
        "case": case.id,
        "as_of": case.date.isoformat(),
        "answers": answers,
    }


class AnswerStore:
    """Answers in placeholders kept across runs: one file per canonical key, in a folder per jurex version, data
    version and rules (their text's hash), so that a change to any of them never serves a stale answer."""

    def __init__(self, folder: Path, data_version: str, files: Sequence[str]) -> None:
        import hashlib

        from jurisdiction import __version__
        from jurisdiction.apps.canonical import KEY_VERSION
        from jurisdiction.resources import logic_dir

        rules = hashlib.sha256()
        for name in files:
            rules.update((logic_dir() / name).read_bytes())
        self.folder = folder / f"jurex-{__version__}-data-{data_version}-rules-{rules.hexdigest()[:12]}-k{KEY_VERSION}"

    def get(self, key: str) -> str | None:
        try:
            return (self.folder / key[:2] / key).read_text("utf-8")
        except OSError:
            return None

    def put(self, key: str, text: str) -> None:
        path = self.folder / key[:2] / key
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(f"{key}.{os.getpid()}.partial")
        partial.write_text(text, "utf-8")
        os.replace(partial, path)  # whole or not at all: two workers may write the same key


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
    isolated: int = 0  # cases that failed alone, after their chunk had failed: out of memory, time limit, crash
    retried: int = 0  # runs of part of a failed chunk in a fresh process
    internal: int = 0  # cases that met a bug in jurex (an error line each; exit 1)
    worker_peak_mb: int = 0  # the largest peak resident memory of a process that answered a chunk
    peak_mb: int = 0  # this process's, when the figures were last brought up to date


# The reasons a case alone can fail, as its error line gives them (the first word is the class).
OUT_OF_MEMORY, TIME_LIMIT, CRASH, INTERNAL = "out of memory", "time limit", "crash", "internal error"


def failure_reason(exc: BaseException, memory_mb: int | None = None) -> tuple[str, str, str]:
    """What a failed run of one case was, in words: (class, problem, fix)."""
    from jurisdiction.apps.pool import WorkerLost, exit_text
    from jurisdiction.engine.solver import LimitReached

    bound = f" of {memory_mb:,} MB (--worker-memory)" if memory_mb else ""
    if isinstance(exc, MemoryError) or "bad_alloc" in str(exc):
        return (
            OUT_OF_MEMORY,
            f"out of memory: answering this case took more than its worker's bound{bound}",
            "split the case, or allow more with --worker-memory MB",
        )
    if isinstance(exc, LimitReached):
        return (TIME_LIMIT, f"time limit: {exc.message}", exc.fix)
    if isinstance(exc, WorkerLost) or type(exc).__name__ == "KilledWorker":  # Dask's, for a worker that died
        how = exit_text(exc.exitcode) if isinstance(exc, WorkerLost) else str(exc)
        return (
            CRASH,
            f"crash: the worker process answering this case ended ({how}), twice: once in its chunk, once alone",
            "if it ran out of memory, allow more with --worker-memory MB; otherwise please report the case",
        )
    return (
        INTERNAL,
        f"internal error: {type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}",
        "this is a bug in jurex, not in the case: please report the case",
    )


def failure_line(item: Item, exc: BaseException, memory_mb: int | None = None) -> dict[str, Any]:
    kind, problem, fix = failure_reason(exc, memory_mb)
    return {
        "index": item.index,
        "source": item.source,
        "error": {
            "message": f"{item.source}: not answered: {kind}",
            "problems": [{"field": "", "line": None, "problem": problem, "fix": fix}],
        },
    }


Runner = Callable[[list[list[Item]]], list["ChunkResult | BaseException"]]


def isolate(
    chunk: list[Item],
    failure: BaseException,
    again: Runner,
    stats: BatchStats,
    memory_mb: int | None = None,
    *,
    alone: bool = False,
) -> ChunkResult:
    """The lines of a chunk that failed as a whole: its halves run again in fresh processes (`again`), a failed
    half halved in turn, down to the cases that fail alone, which get an error line with the reason each. A
    worker killed from outside thus costs nothing but time; a case that always fails costs about 2 log2(chunk)
    runs of smaller and smaller parts. `alone`: the chunk already failed in a run of its own."""
    if len(chunk) == 1 and not alone:  # a chunk of one case: once more in a fresh process before it is blamed
        stats.retried += 1
        (outcome,) = again([chunk])
        if not isinstance(outcome, BaseException):
            return outcome
        failure = outcome
    if len(chunk) == 1:
        stats.isolated += 1
        stats.internal += failure_reason(failure)[0] == INTERNAL
        return ChunkResult([failure_line(chunk[0], failure, memory_mb)])
    middle = len(chunk) // 2
    halves = [chunk[:middle], chunk[middle:]]
    stats.retried += len(halves)
    result = ChunkResult([])
    for half, outcome in zip(halves, again(halves), strict=True):
        failed = isinstance(outcome, BaseException)
        part = isolate(half, outcome, again, stats, memory_mb, alone=True) if failed else outcome
        result.lines.extend(part.lines)
        result.clingo_seconds += part.clingo_seconds
        result.seconds += part.seconds
    return result


class ClusterLost(Exception):
    """The Dask cluster has had no worker for longer than the batch was told to wait."""

    def __init__(self, message: str, fix: str) -> None:
        super().__init__(message)
        self.message, self.fix = message, fix


DASK_PATIENCE = 60.0  # seconds a batch waits for a cluster that has no worker before it gives up


def run(
    items: Iterable[Item],
    regime_names: Sequence[str] = ("opsc",),
    *,
    workers: int = 1,
    chunk_size: int = CHUNK,
    assume_all_parties: bool = False,
    timeout: float | None = None,
    dask_address: str | None = None,
    dask_patience: float = DASK_PATIENCE,
    dask_children: bool = False,
    processes: bool | None = None,
    chunks_per_worker: int | None = None,
    worker_memory: int | None = None,
    stats: BatchStats | None = None,
    progress: Callable[[int], None] | None = None,
    cache: bool | str = True,
    templates: bool = False,
) -> Iterator[dict[str, Any]]:
    """Every case's result line, in input order. Chunks are evaluated `workers` at a time in worker processes
    (each replaced after `chunks_per_worker` chunks, CHUNKS_PER_WORKER unless told: pool.py), or on the Dask
    scheduler at `dask_address`; at most two chunks per worker are in flight. `processes=False` runs in this
    process (for a few chunks: memory grows with each). `worker_memory`: each worker process's bound in MB
    (default_worker_memory unless told; 0: none). A chunk that fails is isolated (`isolate`): only the case
    that fails alone gets an error line. A Dask cluster without a worker for `dask_patience` seconds raises
    ClusterLost, after every line before it. `dask_children`: each Dask task answers its chunk in a child process
    of its worker (evaluate_chunk_in_child), with the memory bound. `cache` and `templates`: evaluate_chunk."""
    stats = stats if stats is not None else BatchStats()
    started = time.perf_counter()
    args = (tuple(regime_names), assume_all_parties, timeout)
    # passed only where not the default: a stand-in for evaluate_chunk (the tests') need not know them
    extra: dict[str, Any] = {}
    if cache is not True:
        extra["cache"] = cache
    if templates:
        extra["templates"] = True
    memory_mb = worker_memory if worker_memory is not None else default_worker_memory(workers)

    def collect(result: ChunkResult) -> Iterator[dict[str, Any]]:
        stats.chunks += 1
        stats.clingo_seconds += result.clingo_seconds
        stats.worker_seconds += result.seconds
        stats.worker_peak_mb = max(stats.worker_peak_mb, getattr(result, "peak_mb", 0))
        for line in result.lines:
            stats.cases += 1
            if "error" in line:
                stats.errors += 1
            yield line
        if progress:
            progress(len(result.lines))
        stats.seconds = time.perf_counter() - started
        stats.peak_mb = peak_mb()

    if dask_address is not None:
        task: tuple[Callable[..., ChunkResult], tuple[Any, ...]] = (
            (partial(evaluate_chunk_in_child, **extra), (*args, memory_mb))
            if dask_children
            else (partial(evaluate_chunk, **extra) if extra else evaluate_chunk, args)
        )
        for chunk, outcome, again in _on_dask(items, chunk_size, task, dask_address, dask_patience):
            if isinstance(outcome, BaseException):
                outcome = isolate(chunk, outcome, again, stats, memory_mb if dask_children else None)
            yield from collect(outcome)
        return
    if processes is None:
        processes = workers > 1
    if not processes:
        for chunk in chunks(items, chunk_size):
            try:
                result = evaluate_chunk(chunk, *args, **extra)
            except Exception as exc:
                result = isolate(chunk, exc, partial(_here, args=args, extra=extra), stats)
            yield from collect(result)
        return
    from jurisdiction.apps.pool import Failed, WorkerLost, ordered_outcomes

    # evaluate_chunk is looked up here, not bound at import: a test may put a stand-in in its place
    answer = partial(
        evaluate_chunk, regime_names=args[0], assume_all_parties=assume_all_parties, timeout=timeout, **extra
    )
    per_worker = chunks_per_worker if chunks_per_worker is not None else CHUNKS_PER_WORKER
    memory = memory_mb * 2**20 if memory_mb else None

    def again(parts: list[list[Item]]) -> list[ChunkResult | BaseException]:
        # fresh processes, one part each: whatever the failed worker had become (its memory) is not inherited
        outcomes = ordered_outcomes(answer, parts, workers=min(len(parts), workers), jobs_per_worker=1, memory=memory)
        return [o.exception if isinstance(o, Failed) else o for o in outcomes]

    held: deque[list[Item]] = deque()  # the chunks given to the pool whose outcome has not come back

    def read() -> Iterator[list[Item]]:
        for chunk in chunks(items, chunk_size):
            held.append(chunk)
            yield chunk

    for outcome in ordered_outcomes(answer, read(), workers=workers, jobs_per_worker=per_worker, memory=memory):
        chunk = held.popleft()
        if isinstance(outcome, Failed):
            if isinstance(outcome.exception, WorkerLost) and outcome.exception.job is None:
                raise outcome.exception  # no worker could start: every chunk would fail the same way
            outcome = isolate(chunk, outcome.exception, again, stats, memory_mb)
        yield from collect(outcome)


def _here(
    parts: list[list[Item]], args: tuple[Any, ...], extra: dict[str, Any] | None = None
) -> list[ChunkResult | BaseException]:
    """Parts of a failed chunk run again in this process (processes=False): for a time limit or a MemoryError."""
    out: list[ChunkResult | BaseException] = []
    for part in parts:
        try:
            out.append(evaluate_chunk(part, *args, **(extra or {})))
        except Exception as exc:
            out.append(exc)
    return out


def _on_dask(
    items: Iterable[Item],
    chunk_size: int,
    task: tuple[Callable[..., ChunkResult], tuple[Any, ...]],
    address: str,
    patience: float,
) -> Iterator[tuple[list[Item], ChunkResult | BaseException, Runner]]:
    """Each chunk with its outcome on the cluster, in order, and a way to run parts of it again there. `task`:
    the function that answers a chunk there, and its arguments after the chunk."""
    from distributed import Client

    function, args = task
    with Client(address) as client:

        def outcome(future: Any) -> ChunkResult | BaseException:
            _await(client, future, address, patience)
            if future.status == "finished":
                return future.result()  # type: ignore[no-any-return]
            try:
                return future.exception() or RuntimeError(f"the task ended as {future.status}")  # type: ignore
            except Exception as exc:  # cancelled, or lost with its worker: the reason as raised
                return exc

        def again(parts: list[list[Item]]) -> list[ChunkResult | BaseException]:
            futures = [client.submit(function, part, *args, pure=False) for part in parts]
            return [outcome(f) for f in futures]

        pending: deque[tuple[list[Item], Any]] = deque()
        limit = 2 * max(1, sum(client.nthreads().values()))
        for chunk in chunks(items, chunk_size):
            pending.append((chunk, client.submit(function, chunk, *args, pure=False)))
            while len(pending) >= limit:
                done, future = pending.popleft()
                yield done, outcome(future), again
        while pending:
            done, future = pending.popleft()
            yield done, outcome(future), again


def _await(client: Any, future: Any, address: str, patience: float) -> None:
    """Wait for a task; raise ClusterLost once the cluster has had no worker for `patience` seconds (the
    scheduler would keep the task for ever, waiting for a worker to come)."""
    from distributed import wait

    alone_since: float | None = None
    while True:
        try:
            wait(future, timeout=1.0)
            return
        except TimeoutError:
            pass
        if client.nthreads():
            alone_since = None
            continue
        alone_since = alone_since if alone_since is not None else time.monotonic()
        if time.monotonic() - alone_since >= patience:
            raise ClusterLost(
                f"the Dask cluster at {address} has had no worker for {patience:g} s",
                "start workers (dask worker ADDRESS) and run the same command again with --resume; or wait "
                "longer with --dask-timeout SECONDS",
            )


# Each thread of a Dask worker keeps its own child process, by thread; ended by close_children, and at exit. (A
# worker forked by the fork server is not ended with the thread that started it, as a spawned one was.)
_CHILDREN: dict[int, Any] = {}
_CHILDREN_LOCK = threading.Lock()


def close_children() -> None:
    """End the child processes kept for Dask tasks (evaluate_chunk_in_child); a later task starts its own."""
    with _CHILDREN_LOCK:
        kept = list(_CHILDREN.values())
        _CHILDREN.clear()
    for one in kept:
        one.close()


def evaluate_chunk_in_child(
    items: Sequence[Item],
    regime_names: Sequence[str],
    assume_all_parties: bool = False,
    timeout: float | None = None,
    memory_mb: int | None = None,
    cache: bool | str = True,
    templates: bool = False,
) -> ChunkResult:
    """evaluate_chunk in a child process of this one, kept for CHUNKS_PER_WORKER chunks and then replaced (pool.Kept),
    with the memory bound of a local worker: for a Dask task (`--dask-children`), so that a long-lived Dask worker
    stays small without being restarted, and a case that exhausts memory or crashes fails the child, not the
    Dask worker. The worker process must be allowed children: DASK_DISTRIBUTED__WORKER__DAEMON=False."""
    import atexit

    from jurisdiction.apps.pool import Failed, Kept, call

    with _CHILDREN_LOCK:
        kept = _CHILDREN.get(threading.get_ident())
        if kept is None:
            if not _CHILDREN:
                atexit.unregister(close_children)  # once, however many threads and closings
                atexit.register(close_children)
            memory = memory_mb * 2**20 if memory_mb else None
            kept = _CHILDREN[threading.get_ident()] = Kept(call, jobs_per_worker=CHUNKS_PER_WORKER, memory=memory)
    extra: dict[str, Any] = {}  # only where not the default: a stand-in for evaluate_chunk need not know them
    if cache is not True:
        extra["cache"] = cache
    if templates:
        extra["templates"] = True
    function = partial(evaluate_chunk, **extra) if extra else evaluate_chunk
    outcome = kept.run((function, (list(items), tuple(regime_names), assume_all_parties, timeout)))
    if isinstance(outcome, Failed):
        raise outcome.exception
    return outcome


def default_workers() -> int:
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1))


def physical_memory_mb() -> int | None:
    try:
        return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") // 2**20
    except (ValueError, OSError, AttributeError):
        return None


def default_worker_memory(workers: int) -> int:
    """WORKER_MEMORY_MB, or less where the workers together would have more than three quarters of the
    machine: a case that exhausts its worker's memory must not exhaust the machine's."""
    total = physical_memory_mb()
    if total is None:
        return WORKER_MEMORY_MB
    return max(MIN_WORKER_MEMORY_MB, min(WORKER_MEMORY_MB, total * 3 // 4 // max(1, workers)))
