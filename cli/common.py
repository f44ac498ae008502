"""What every command shares, written once: the exit codes, the options, the session that travels in typer's
context, the case argument, and the guard that turns what went wrong into an exit code and a message.

Exit codes: 0 answered; 1 internal error (a bug: please report it); 2 the input cannot be used
(the message names the file, the field, the line and the fix; also a case too large to ground);
3 cut short by --timeout (or, for a batch on Dask, by a cluster left without workers); 130 interrupted (Ctrl-C);
143 terminated (SIGTERM, as a scheduler ends a job: handled as Ctrl-C is, nothing half-written). A reader that
stops reading (`jurex ... | head`) is not an error: 0.
"""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Concatenate, NoReturn, ParamSpec, TypeVar

import typer

if TYPE_CHECKING:
    from jurisdiction.engine.solver import Limits

EXIT_INTERNAL = 1
EXIT_INPUT = 2
EXIT_TIME_LIMIT = 3
EXIT_INTERRUPTED = 130
EXIT_TERMINATED = 143  # 128 + SIGTERM, as a shell reports a process ended by it


class Terminated(KeyboardInterrupt):
    """SIGTERM, raised where the main thread is, as Ctrl-C is: every `finally` and `with` runs (the workers are
    ended, a partial output is kept, no temporary file is left)."""


def on_sigterm(signum: int, frame: object) -> None:
    import signal

    # once: a second SIGTERM must not cut short the cleaning up that the first one started
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    raise Terminated


def interrupted_code(exc: BaseException) -> int:
    return EXIT_TERMINATED if isinstance(exc, Terminated) else EXIT_INTERRUPTED


@dataclass
class Session:
    """One run of `jurex`, kept in typer's context (ctx.obj) rather than in module globals, so that runs in one
    process (the tests' CliRunner) never see each other's state."""

    debug: bool = field(default_factory=lambda: bool(os.environ.get("JUREX_DEBUG")))
    case_file: Path | None = None  # the case being worked on, to name it in a message about the work
    limits: Limits | None = None  # from --timeout; None: the solver's defaults

    @classmethod
    def of(cls, ctx: typer.Context) -> Session:
        """The session of this run (made on first use: a sub-app invoked on its own has no root callback)."""
        return ctx.ensure_object(cls)

    def resolve(self, case: str) -> Path:
        """A path to a case file, or the id of a case bundled with jurex (see `jurex cases`)."""
        path = Path(case)
        self.case_file = path
        if path.exists():
            return path
        from jurisdiction.resources import scenarios_dir

        for suffix in (".yaml", ".yml", ".json"):
            bundled = scenarios_dir() / f"{case}{suffix}"
            if bundled.is_file() and "/" not in case:
                self.case_file = bundled
                return bundled
        return path  # the loader reports it as missing

    @contextmanager
    def limited(self) -> Iterator[None]:
        """Do the command's work (reading, grounding, solving, decoding) under this run's bounds: --timeout is a
        deadline for all of it."""
        from jurisdiction.engine.solver import Limits, limited

        bounds = self.limits or Limits()
        with limited(bounds), _alarm(bounds.timeout):
            yield


@contextmanager
def _alarm(seconds: float) -> Iterator[None]:
    """A hard stop at the deadline, for the command line only. The engine checks the deadline itself before, while
    and after grounding and solving; what it cannot reach is a long stretch of Python in between (decoding the
    answer of a large case takes seconds). SIGALRM interrupts that at the deadline, with the same LimitReached:
    the guard exits 3 and, since output is only written after this block, nothing is written. A library caller
    gets the engine's checks alone: a signal handler is the process's, not a library's, to set; and it is set
    only where Python allows it (the main thread, on a system with setitimer)."""
    import signal
    import threading

    if not hasattr(signal, "setitimer") or threading.current_thread() is not threading.main_thread():
        yield
        return
    from jurisdiction.engine.solver import TIME_FIX, LimitReached

    def stop(signum: int, frame: object) -> None:
        raise LimitReached(f"cut short: no answer within the time limit of {seconds:g} s", TIME_FIX, cut_short=True)

    previous = signal.signal(signal.SIGALRM, stop)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def start(
    ctx: typer.Context,
    debug: Annotated[bool, typer.Option("--debug", help="Show Python tracebacks of internal errors.")] = False,
) -> None:
    # The root callback: every command's session starts here.
    session = Session.of(ctx)
    session.debug = session.debug or debug


def fail(message: str, code: int) -> NoReturn:
    from jurisdiction.errors import visible

    sys.stderr.write(visible(message.rstrip()) + "\n")
    raise typer.Exit(code)


def _quiet_stdout() -> None:
    """Point standard output at the null device: its reader has gone, and what is still buffered is flushed
    at exit, which must not fail a second time (or print "Exception ignored" on stderr)."""
    with suppress(OSError, ValueError):  # no file descriptor (the tests' CliRunner): nothing to redirect
        fd = sys.stdout.fileno()
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, fd)
        os.close(devnull)


P = ParamSpec("P")
R = TypeVar("R")


def guarded(command: Callable[Concatenate[typer.Context, P], R]) -> Callable[Concatenate[typer.Context, P], R]:
    """Run a command with the exit-code contract: 2 for bad input, 3 for a time limit, 1 for bugs, 130 on
    Ctrl-C, and 0, quietly, when the reader of standard output stops reading. The command takes typer's
    context first (typer fills it in, it is no option): the session is in it."""

    @functools.wraps(command)  # typer reads the options from the wrapped signature
    def run(ctx: typer.Context, *args: P.args, **kwargs: P.kwargs) -> R:
        from jurisdiction.errors import CaseError

        session = Session.of(ctx)
        try:
            return command(ctx, *args, **kwargs)
        except CaseError as exc:
            fail(str(exc), EXIT_INPUT)
        except BrokenPipeError:  # `jurex ... | head`: the reader has all it wanted
            _quiet_stdout()
            raise typer.Exit(0) from None
        except OSError as exc:  # a file or folder named on the command line: the path and the reason, not a bug
            from jurisdiction.apps.output import refused

            fail(str(refused(exc.filename or "jurex", exc, "use this path")), EXIT_INPUT)
        except KeyboardInterrupt as exc:  # a batch says what it kept (its note); other commands write at the end
            note = getattr(exc, "note", None) or "interrupted: nothing was written"
            fail(
                ("terminated" + note[len("interrupted") :]) if isinstance(exc, Terminated) else note,
                interrupted_code(exc),
            )
        except typer.Abort:
            fail("interrupted (or the input ended): nothing was written", EXIT_INTERRUPTED)
        except typer.Exit:
            raise
        except Exception as exc:
            # A bound reached (LimitReached: no subclass of the exceptions above, nor they of it). Its class is
            # looked up, not imported: a command that solves nothing (validate, states, cases) never loads the
            # solver and clingo, and where the solver is not loaded, none was raised.
            solver = sys.modules.get("jurisdiction.engine.solver")
            if solver is not None and isinstance(exc, solver.LimitReached):
                where = f"{session.case_file}: " if session.case_file else "jurex: "
                fail(f"{where}{exc.message}\n    fix: {exc.fix}", EXIT_TIME_LIMIT if exc.cut_short else EXIT_INPUT)
            if session.debug:
                raise
            fail(
                f"jurex: internal error: {type(exc).__name__}: {exc}\n"
                "This is a bug in jurex, not in your case file. Run again with --debug and report the traceback.",
                EXIT_INTERNAL,
            )

    return run


def known_category(category: str) -> str:
    """The offence category of --category, refused with the nearest spelling if the rules do not know it."""
    from jurisdiction.engine.catalogue import categories
    from jurisdiction.errors import CaseError, Problem, nearest

    if category not in categories():
        raise CaseError(
            "--category",
            [Problem(category, "unknown category", nearest(category, categories(), "see `jurex catalogue`"))],
        )
    return category


class Format(StrEnum):
    table = "table"
    json = "json"
    md = "md"
    html = "html"


FORMAT_HELP = "table: for reading; json: for tools; md: a case memo; html: the memo as one web page."


def _bound_time(ctx: typer.Context, seconds: float) -> float:
    # --timeout becomes the session's limits; the command applies them around its solve (Session.limited).
    from jurisdiction.engine.solver import Limits

    Session.of(ctx).limits = Limits(timeout=seconds)
    return seconds


CaseArg = Annotated[
    str, typer.Argument(help="A case file (YAML or JSON), or the id of a bundled case.", metavar="CASE")
]
FormatOpt = Annotated[Format, typer.Option("--format", "-f")]
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
        help="Stop the work (reading, grounding, solving, decoding) after this many seconds and say so (exit 3). "
        "A case needs milliseconds.",
        callback=_bound_time,
    ),
]
AllPartiesOpt = Annotated[
    bool,
    typer.Option(
        "--assume-all-parties",
        help="Treat every state whose party status jurex does not know as a party (said in the answer).",
    ),
]
DateOpt = Annotated[
    str | None,
    typer.Option("--at", help="The date (YYYY-MM-DD) to give the OPSC status for. Default: today.", metavar="DATE"),
]
WorkersOpt = Annotated[
    int | None,
    typer.Option("--workers", "-w", min=1, help="Worker processes (default: one per core; more only with --force)."),
]
ChunkOpt = Annotated[
    int,
    typer.Option(
        "--chunk",
        min=1,
        help="Cases per clingo run (larger: faster, more memory per worker; at most 2,000 unless --force).",
    ),
]
ForceOpt = Annotated[
    bool, typer.Option("--force", help="Use --workers above the number of cores, and --chunk above 2,000, as given.")
]
WorkerMemoryOpt = Annotated[
    int | None,
    typer.Option(
        "--worker-memory",
        min=0,
        metavar="MB",
        help="Each worker process's bound on memory: a case that needs more gets an error line ('out of memory') "
        "and the batch goes on. Default: 2,048, or less where the workers would have more than three quarters of "
        "the machine's memory; 0: no bound; at least 256.",
    ),
]
ResumeOpt = Annotated[
    bool,
    typer.Option(
        "--resume",
        help="Continue an interrupted run from the finished lines kept in OUTPUT.partial (same input and "
        "options): the output is the same, byte for byte, as an uninterrupted run's.",
    ),
]
DaskChildrenOpt = Annotated[
    bool,
    typer.Option(
        "--dask-children",
        help="With --dask: each task answers its chunk in a child process of the Dask worker, replaced every 4 "
        "chunks and bounded by --worker-memory: the workers stay small without restarts (start them with "
        "DASK_DISTRIBUTED__WORKER__DAEMON=False).",
    ),
]
DaskTimeoutOpt = Annotated[
    float,
    typer.Option(
        "--dask-timeout",
        min=1.0,
        metavar="SECONDS",
        help="With --dask: give up (exit 3, finished lines kept for --resume) when the cluster has had no "
        "worker for this long.",
    ),
]
DaskOpt = Annotated[
    str | None,
    typer.Option(
        "--dask",
        metavar="tcp://HOST:PORT",
        help="Run the chunks on this Dask scheduler instead of local processes (pip install 'jurex[dask]'). "
        "clingo keeps every symbol a process has seen: see the README for workers that stay small.",
    ),
]
