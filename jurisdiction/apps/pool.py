"""Worker processes for batch: jobs answered in input order, each worker replaced after a set number of jobs.

clingo keeps every symbol it has seen for the life of its process, so a worker is retired after
`jobs_per_worker` jobs and a fresh one takes its place. Neither pool of the standard library does this safely:
concurrent.futures.ProcessPoolExecutor(max_tasks_per_child=...) can deadlock on Python 3.11 to 3.13 (a stale
idle-worker token stops the replacement of a retired worker, python/cpython#115634), and multiprocessing.Pool
waits for ever on a task whose worker died. So the parent runs its workers itself: each has a pipe of its own
and holds at most one job, which the parent records. The parent thus knows which job each worker holds, and tells
a worker that exited holding one (killed, out of memory, crashed) from one it retired; no thread is involved.

Workers start from a process that inherits nothing of the parent (not its threads, such as a progress bar's,
which make fork unsafe; not clingo's symbols; not the pipes of the other workers, so a worker waiting for a job
sees the end of its pipe as soon as the parent closes it or dies, and a busy one when it sends its answer). On
Linux that process is multiprocessing's fork server, a fresh interpreter started once per parent, with jurex's
batch modules imported before it forks any worker (PRELOAD): a replaced worker is ready in a few hundredths of
a second instead of the 0.4 s (0.7 s on a loaded machine) of a fresh interpreter importing jurex. Elsewhere, a
fresh interpreter each time ('spawn'). The fork server holds no worker's pipe: it closes each one's ends as
soon as it has forked it. A worker gets its parent's working directory and sys.path, as with spawn, but the
environment variables its parent had when the fork server started.

A worker never outlives its parent: on Linux the kernel kills it when the process that forked it dies
(PR_SET_PDEATHSIG), busy or not; that is the parent, or its fork server, which exits as soon as the parent dies
(the end of a pipe only the parent holds); elsewhere a watch thread notices within a second. It may be given a
memory bound (RLIMIT_AS), so that a job that would exhaust the machine's memory fails its own worker instead. A
worker whose job raised is replaced too: a MemoryError may leave it in any state.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import multiprocessing.forkserver as forkserver
import os
import pickle
import signal
import sys
import threading
import time
import traceback
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from multiprocessing.context import BaseContext
from multiprocessing.process import BaseProcess
from typing import Any, Generic, TypeVar

Job = TypeVar("Job")
Answer = TypeVar("Answer")

READY, ANSWER, ERROR = "ready", "answer", "error"  # what a worker sends: (kind, payload...)
# What the fork server imports before it forks a worker: what a batch chunk needs (batch._evaluate), not more.
# No clingo symbol is made by importing them, and none of them starts a thread.
PRELOAD = (
    "jurisdiction.apps.batch",
    "jurisdiction.apps.analysis",
    "jurisdiction.data.states",
    "jurisdiction.engine.multicase",
    "jurisdiction.engine.regimes",
    "jurisdiction.findings.decode",
    "jurisdiction.input.loader",
    "jurisdiction.render.golden",
)
START_FAILURES = 3  # workers killed in a row before they were ready: then no worker can start
STOP_SECONDS = 10.0  # how long workers told to stop may take to exit before they are killed


class WorkerLost(Exception):
    """A worker process exited holding a job (`job`, its number), or before it could take one (`job` None)."""

    def __init__(self, message: str, job: int | None = None, exitcode: int | None = None) -> None:
        super().__init__(message)
        self.job, self.exitcode = job, exitcode


class RemoteTraceback(Exception):
    """The worker's traceback, the cause of an exception raised again in the parent (as concurrent.futures)."""

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self.text = text

    def __str__(self) -> str:
        return self.text


@dataclass(frozen=True)
class Failed:
    """A job that gave no answer: the exception it raised (the worker's traceback as its cause), or WorkerLost."""

    exception: BaseException


def ordered_map(
    function: Callable[[Job], Answer],
    jobs: Iterable[Job],
    *,
    workers: int,
    jobs_per_worker: int,
    window: int | None = None,
    context: BaseContext | None = None,
    memory: int | None = None,
) -> Iterator[Answer]:
    """function(job) for each job, in order, in up to `workers` processes, each replaced after `jobs_per_worker`
    jobs. At most `window` jobs (two per worker unless told) are read and not yet given back: memory stays
    bounded on any input. `function` must be picklable (a module-level function or a partial of one). `memory`:
    each worker's bound on its address space, in bytes (None: no bound).

    A job that raises gives its exception here (the worker's traceback as its cause), when its turn comes: every
    answer before it is given first. A worker that exits holding a job gives WorkerLost the same way."""
    for outcome in ordered_outcomes(
        function, jobs, workers=workers, jobs_per_worker=jobs_per_worker, window=window, context=context, memory=memory
    ):
        if isinstance(outcome, Failed):
            raise outcome.exception
        yield outcome


def ordered_outcomes(
    function: Callable[[Job], Answer],
    jobs: Iterable[Job],
    *,
    workers: int,
    jobs_per_worker: int,
    window: int | None = None,
    context: BaseContext | None = None,
    memory: int | None = None,
) -> Iterator[Answer | Failed]:
    """As ordered_map, but a job that fails gives Failed in its place and the others go on: the caller decides
    (batch retries it in fresh processes)."""
    context = context or worker_context()  # which: the module's docstring
    pool: _Pool[Job, Answer] = _Pool(function, workers, jobs_per_worker, context, memory)
    window = window if window is not None else 2 * workers
    if window < 1:
        raise ValueError(f"the window must hold at least one job, not {window}")
    source = iter(jobs)
    backlog: deque[tuple[int, Job]] = deque()  # read, not yet given to a worker
    answers: dict[int, Answer | Failed] = {}  # come back, waiting for the ones before them
    read = given_back = 0
    more = True
    try:
        while True:
            while more and read - given_back < window:
                try:
                    backlog.append((read, next(source)))
                except StopIteration:
                    more = False
                else:
                    read += 1
            pool.dispatch(backlog)  # before giving an answer back: the workers go on while the caller writes it
            if given_back in answers:
                answer = answers.pop(given_back)
                given_back += 1
                yield answer
                continue
            if not more and given_back == read:
                return
            answers.update(pool.collect())
    finally:
        pool.close()


class Kept(Generic[Job, Answer]):
    """One worker process kept between calls and replaced after `jobs_per_worker` jobs, for a caller that has
    one job at a time (a Dask task): run(job) answers it there, or gives Failed. clingo's memory is thus
    recycled with the child, while the process that calls run() lives on. Calls from several threads take
    turns."""

    def __init__(
        self,
        function: Callable[[Job], Answer],
        *,
        jobs_per_worker: int,
        memory: int | None = None,
        context: BaseContext | None = None,
    ) -> None:
        context = context or worker_context()
        self._pool: _Pool[Job, Answer] = _Pool(function, 1, jobs_per_worker, context, memory)
        self._lock = threading.Lock()
        self._count = 0

    def run(self, job: Job) -> Answer | Failed:
        with self._lock:
            number, self._count = self._count, self._count + 1
            backlog: deque[tuple[int, Job]] = deque([(number, job)])
            while True:
                self._pool.dispatch(backlog)
                out = self._pool.collect()
                if number in out:
                    return out[number]

    def close(self) -> None:
        with self._lock:
            self._pool.close()


def worker_context() -> BaseContext:
    """How workers are started: from the fork server with PRELOAD imported on Linux, else by 'spawn'."""
    if (
        sys.platform.startswith("linux")
        and "forkserver" in multiprocessing.get_all_start_methods()
        and hasattr(getattr(forkserver, "_forkserver", None), "_forkserver_alive_fd")  # see release_fork_server
    ):
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(list(PRELOAD))  # read when the server starts: once per parent process
        start_fork_server()
        return context
    return multiprocessing.get_context("spawn")


def start_fork_server() -> None:
    """Start the fork server (once per process) where it imports this jurex. It runs `python -c`, whose first
    import path is its working directory, before the parent's sys.path is given to a worker: started in a
    checkout of jurex beside an installed jurex, it would preload the checkout's source tree, which is not the
    installed package (a worker then fails to start). So where the working directory holds another
    `jurisdiction` folder, the server is started from the folder this jurex is imported from. A worker still
    gets the parent's working directory and sys.path (multiprocessing sends them with each process)."""
    import jurisdiction

    home = os.path.dirname(os.path.dirname(os.path.abspath(jurisdiction.__file__)))
    here = os.getcwd()
    shadow = os.path.isdir(os.path.join(here, "jurisdiction")) and os.path.realpath(here) != os.path.realpath(home)
    if not shadow:
        forkserver.ensure_running()
        return
    try:
        os.chdir(home)
        forkserver.ensure_running()
    finally:
        os.chdir(here)


def call(job: tuple[Callable[..., Any], tuple[Any, ...]]) -> Any:
    """A job that names its own function: (function, arguments). For a Kept worker that serves many kinds."""
    function, arguments = job
    return function(*arguments)


@dataclass(eq=False)
class _Worker:
    process: BaseProcess
    conn: Connection  # the parent's end of the worker's own pipe
    ready: bool = False  # started, and waiting for a job
    job: int | None = None  # the number of the job it holds
    answered: int = 0
    ended: bool = False  # its end of the pipe is closed: only its exit is still to come


class _Pool(Generic[Job, Answer]):
    def __init__(
        self,
        function: Callable[[Job], Answer],
        size: int,
        jobs_per_worker: int,
        context: BaseContext,
        memory: int | None = None,
    ) -> None:
        if size < 1 or jobs_per_worker < 1:
            raise ValueError(f"need at least one worker and one job per worker, not {size} and {jobs_per_worker}")
        self.function, self.size, self.jobs_per_worker, self.context = function, size, jobs_per_worker, context
        self.memory = memory
        self.workers: list[_Worker] = []
        self.retired: list[BaseProcess] = []  # told to stop, not yet reaped
        self.unstarted = 0  # workers killed before they were ready, since one last was

    def start(self) -> None:
        parent, child = self.context.Pipe()
        process = self.context.Process(
            target=_serve, args=(child, self.function, os.getpid(), self.memory), name="jurex-worker", daemon=True
        )
        process.start()
        child.close()  # only the worker holds its end now: its reads end when the parent closes (or dies)
        self.workers.append(_Worker(process, parent))

    def dispatch(self, backlog: deque[tuple[int, Job]]) -> None:
        """Give waiting jobs to idle workers, starting workers (up to `size`) only for jobs that have none."""
        starting = sum(not w.ready for w in self.workers)
        while len(self.workers) < self.size and len(backlog) > starting:
            self.start()
            starting += 1
        for worker in self.workers:
            if not backlog:
                return
            if worker.ready and worker.job is None and not worker.ended:
                number, job = backlog.popleft()
                worker.job = number
                try:
                    worker.conn.send_bytes(pickle.dumps(job, pickle.HIGHEST_PROTOCOL))
                except OSError:  # it died since its last message: collect() sees its exit and reports the job
                    worker.ended = True

    def collect(self) -> dict[int, Answer | Failed]:
        """Wait for a message or an exit; the jobs that came back (answers or failures), by number."""
        self.retired = [p for p in self.retired if p.exitcode is None]  # reaps the ones that have exited
        waiting: dict[Any, _Worker] = {}
        for worker in self.workers:
            waiting[worker.process.sentinel] = worker
            if not worker.ended:
                waiting[worker.conn] = worker
        if not waiting:  # nothing could ever wake a wait: a bug in the bookkeeping above, not a reason to hang
            raise RuntimeError("waiting on no worker")
        woken = list(dict.fromkeys(waiting[ready] for ready in wait(list(waiting))))
        out: dict[int, Answer | Failed] = {}
        for worker in woken:
            self.read(worker, out)
            if worker.answered >= self.jobs_per_worker:
                self.retire(worker)
            elif worker.process.exitcode is not None:
                self.lost(worker, out)
        return out

    def read(self, worker: _Worker, out: dict[int, Answer | Failed]) -> None:
        """Every message waiting on the worker's pipe, read before its exit is looked at: its last answer may be
        there still."""
        while not worker.ended and worker.conn.poll():
            try:
                kind, *payload = pickle.loads(worker.conn.recv_bytes())
            except (EOFError, OSError):
                worker.ended = True
                return
            except Exception as exc:  # an answer that cannot be read here (a class unknown to the parent)
                kind, payload = ERROR, [exc, traceback.format_exc()]
            if kind == READY:
                worker.ready = True
                self.unstarted = 0
                continue
            if worker.job is None:
                raise RuntimeError(f"a worker sent {kind!r} holding no job")
            if kind == ANSWER:
                out[worker.job] = payload[0]
            else:
                exception, text = payload
                exception.__cause__ = RemoteTraceback(text)
                out[worker.job] = Failed(exception)
                worker.answered = self.jobs_per_worker  # retired at once: see the module's docstring
            worker.job = None
            worker.answered += 1

    def retire(self, worker: _Worker) -> None:
        """Stop a worker that has done its share: it exits when it reads the end of its pipe."""
        self.workers.remove(worker)
        worker.conn.close()
        self.retired.append(worker.process)

    def lost(self, worker: _Worker, out: dict[int, Answer | Failed]) -> None:
        """A worker that exited unasked: its job fails; an idle one is replaced when a job needs it."""
        self.workers.remove(worker)
        worker.conn.close()
        worker.process.join()
        how = exit_text(worker.process.exitcode)
        if not worker.ready:
            # Killed by a signal before it was ready (from outside, or the kernel's OOM killer): another may start.
            # An exit of its own, or START_FAILURES of these in a row, would happen again: stop here.
            self.unstarted += 1
            if (worker.process.exitcode or 0) >= 0 or self.unstarted >= START_FAILURES:
                raise WorkerLost(f"a worker process could not start ({how})", None, worker.process.exitcode)
            return
        if worker.job is not None:
            message = f"the worker process answering job {worker.job} exited ({how})"
            out[worker.job] = Failed(WorkerLost(message, worker.job, worker.process.exitcode))

    def close(self) -> None:
        """End every worker: an idle one at the end of its pipe; a busy one (its answer is not wanted) or one still
        starting, at once."""
        for worker in self.workers:
            if worker.job is not None or not worker.ready:
                worker.process.terminate()
            worker.conn.close()
            self.retired.append(worker.process)
        self.workers.clear()
        deadline = time.monotonic() + STOP_SECONDS
        for process in self.retired:
            process.join(max(0.0, deadline - time.monotonic()))
            if process.exitcode is None:
                process.kill()
                process.join()
        self.retired.clear()


def exit_text(code: int | None) -> str:
    """How a process ended, in words: "killed by SIGKILL, perhaps for want of memory", "exit code 1"."""
    if code is not None and code < 0:
        try:
            name = signal.Signals(-code).name
        except ValueError:
            name = f"signal {-code}"
        return f"killed by {name}" + (", perhaps for want of memory" if name == "SIGKILL" else "")
    return f"exit code {code}"


def _serve(conn: Connection, function: Callable[[Any], Any], parent: int, memory: int | None = None) -> None:
    """A worker's life: answer each job it is sent until the parent closes its end of the pipe."""
    # Ctrl-C reaches the whole process group: the parent alone handles it, ending its workers.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # an ignored SIGTERM is inherited across exec: terminate() ends it
    die_with(parent)
    release_fork_server()
    if memory is not None:
        bound_memory(memory)
    try:
        conn.send_bytes(pickle.dumps((READY,)))
    except OSError:  # the parent closed the pool while this worker started
        return
    while True:
        try:
            job = pickle.loads(conn.recv_bytes())
        except EOFError:  # retired, or the parent is gone
            return
        try:
            conn.send_bytes(_answer_of(function, job))
        except OSError:  # the parent is gone
            return


def die_with(parent: int) -> None:
    """End this process when `parent` dies, even in the middle of a job: a worker must not outlive a batch that
    was killed (SIGKILL, a scheduler's SIGTERM) and go on using a core for an answer no one will read."""
    if sys.platform.startswith("linux"):
        import ctypes

        PR_SET_PDEATHSIG = 1
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            if libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) == 0:
                forker = os.getppid()  # the parent, or its fork server (which ends when the parent does)
                if forker != parent and parent_of(forker) != parent:
                    os._exit(1)  # one of them died before the kernel was told: nothing will send the signal
                return
        except (OSError, AttributeError):
            pass

    def watch() -> None:  # elsewhere (or if prctl failed): look every second
        while os.getppid() == parent:
            time.sleep(1.0)
        os._exit(1)

    threading.Thread(target=watch, name="jurex-parent-watch", daemon=True).start()


def release_fork_server() -> None:
    """Close this worker's copy of the fork server's 'alive' pipe. multiprocessing gives one to every process the
    server forks, and the server runs until every copy is closed: held by the workers, it would outlive a parent
    that died (SIGKILL), and so would they, since the kernel ends a worker when the server ends (die_with). A
    worker starts no process of its own, so it needs no fork server. (multiprocessing's private state, checked by
    worker_context; a spawned worker has none.)"""
    server = getattr(forkserver, "_forkserver", None)
    fd = getattr(server, "_forkserver_alive_fd", None)
    if fd is not None:
        server._forkserver_alive_fd = None  # type: ignore[union-attr]
        with contextlib.suppress(OSError):
            os.close(fd)


def parent_of(pid: int) -> int | None:
    """The parent of process `pid` (Linux: /proc), None if there is no such process."""
    try:
        with open(f"/proc/{pid}/stat") as fh:
            return int(fh.read().rsplit(")", 1)[1].split()[1])  # after the name, which may hold anything
    except (OSError, ValueError, IndexError):
        return None


def bound_memory(limit: int) -> None:
    """At most `limit` bytes of address space for this process (RLIMIT_AS): an allocation beyond fails here
    (MemoryError, or clingo aborts), not on the machine. Never above the hard limit already in force."""
    try:
        import resource
    except ImportError:  # Windows: no such bound
        return
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


def _answer_of(function: Callable[[Any], Any], job: Any) -> bytes:
    """The message for one job: its answer, or the exception it raised (one that can be read in the parent)."""
    try:
        return pickle.dumps((ANSWER, function(job)), pickle.HIGHEST_PROTOCOL)
    except Exception as exc:
        return pickle.dumps((ERROR, _portable(exc), traceback.format_exc()), pickle.HIGHEST_PROTOCOL)


def _portable(exc: BaseException) -> BaseException:
    """The exception itself if it survives pickling both ways, else a RuntimeError that says what it was."""
    try:
        pickle.loads(pickle.dumps(exc))
    except Exception:
        return RuntimeError(f"{type(exc).__name__}: {exc}")
    return exc
