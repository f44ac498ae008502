"""The `jurex` command: builds the typer app from one module per command (or group) and holds `main`.

Each command module is thin: arguments in, one library call, a renderer out. What they share (options, exit
codes, the session in typer's context, the error guard) is in common.py; where output goes, in terminal.py.
"""

from __future__ import annotations

import os
import sys
from contextlib import suppress
from typing import NoReturn

import typer
from jurisdiction.cli import (
    analyse,
    batch,
    cases,
    compare,
    exercise,
    explain,
    extradite,
    gaps,
    graph,
    new,
    regimes,
    serve,
    states,
    validate,
)
from jurisdiction.cli.common import interrupted_code, on_sigterm, start


def _typer() -> typer.Typer:
    """The app's settings and its root callback, without commands."""
    made = typer.Typer(
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
    made.callback()(start)
    return made


app = _typer()

# The order here is the order of `jurex --help` (commands first, then the groups).
app.command("analyse")(analyse.analyse)
app.command("extradite")(extradite.extradite)
app.command("explain")(explain.explain)
app.command("graph")(graph.graph)
app.command("validate")(validate.validate)
app.command("schema")(validate.schema)
app.command("catalogue")(validate.catalogue)
app.command("regimes")(regimes.regimes)
app.command("compare")(compare.compare)
app.command("gaps")(gaps.gaps)
app.command("new")(new.new)
app.command("batch")(batch.batch)
app.command("sweep")(batch.sweep)
app.command("serve")(serve.serve)
app.add_typer(states.group, name="states")
app.add_typer(cases.group, name="cases")
app.add_typer(exercise.group, name="exercise")


# Commands that answer one case (or request) and end. They run without the cyclic garbage collector: its passes
# over the objects that the imports make (pydantic's schemas, rich's styles) took about 30 ms of a 0.6 s analysis
# and freed almost nothing (the peak memory was 0.4 MB higher without them). A command that may run long (a
# batch, a sweep, the server, a gap search, a list of files to validate) keeps it.
ONE_CASE = frozenset({"analyse", "extradite", "explain", "graph"})


def main() -> None:
    import signal

    if sys.argv[1:2] and sys.argv[1] in ONE_CASE:
        import gc

        gc.disable()
    signal.signal(signal.SIGTERM, on_sigterm)  # a scheduler's SIGTERM ends a run as Ctrl-C does: cleanly
    try:
        for_command(sys.argv[1:])()
    except KeyboardInterrupt as exc:
        sys.stderr.write("interrupted\n")
        _leave(interrupted_code(exc))
    except SystemExit as done:  # typer always ends this way, with the command's exit code
        _leave(done.code)


def for_command(args: list[str]) -> typer.Typer:
    """The app with only the command (or group) that `args` name first: typer builds the options of every
    command it holds on each run, some 40 ms for all of them, where a run uses one. With no command named first
    (none, an option, an unknown or misspelt name), the whole app: its help lists every command, and its error
    suggests the nearest name."""
    name = args[0] if args else ""
    commands = [c for c in app.registered_commands if c.name == name]
    groups = [g for g in app.registered_groups if g.name == name]
    if not commands and not groups:
        return app
    one = _typer()
    one.registered_commands, one.registered_groups = commands, groups
    return one


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
