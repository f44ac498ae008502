"""Where the commands' output goes: the screen (standard output, through rich where it is a table), a file
(written atomically: never half a file), and a progress bar on standard error. A batch's result lines go through
apps.output.Journal (kept as they finish, resumable)."""

from __future__ import annotations

import errno
import os
import sys
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rich.console import Console, RenderableType


@cache
def _screen_class() -> type[Console]:
    from rich.console import Console  # here, not at the top: `jurex ... -f json` never loads rich

    class Screen(Console):
        def on_broken_pipe(self) -> None:
            # rich's own answer is exit 1; a reader that stops reading is no error: the command's guard ends the
            # run quietly, exit 0.
            self.quiet = True
            raise BrokenPipeError(errno.EPIPE, os.strerror(errno.EPIPE))

    return Screen


PIPED_WIDTH = 140  # columns of a table piped or redirected (no terminal to measure), unless COLUMNS says


def screen(**options: Any) -> Console:
    """A rich console on standard output."""
    return _screen_class()(**options)


def _standard_output(width: int = PIPED_WIDTH) -> Console:
    """The console of standard output: the terminal's width, or `width` columns when piped (rich's own 80 would
    stack a table a pipe has room for), unless COLUMNS says otherwise."""
    console = screen()
    if not console.is_terminal and "COLUMNS" not in os.environ:
        console = screen(width=width)
    return console


def width() -> int:
    """The columns text on standard output may take: the terminal's, or PIPED_WIDTH when piped (or COLUMNS)."""
    return int(_standard_output().width)


def show(*renderables: RenderableType) -> None:
    """Print tables and markup lines on standard output, one after the other; a table as wide as it fits, else
    stacked (render.fit: no cell cut or split letter by letter)."""
    from rich.table import Table

    from jurisdiction.render.fit import Fitted

    console = _standard_output()
    for renderable in renderables:
        console.print(Fitted(renderable) if isinstance(renderable, Table) else renderable)


def write(text: str | bytes, output: Path | None) -> None:
    """Text (or a document's bytes: PDF, Word) to standard output, or into the file `output` (atomically)."""
    if output is None:
        if isinstance(text, bytes):
            sys.stdout.flush()
            sys.stdout.buffer.write(text)
            sys.stdout.buffer.flush()
        else:
            sys.stdout.write(text)
        return
    from jurisdiction.apps.output import write_atomically

    write_atomically(output, text)


def draw(paint: Callable[[Console], None], output: Path | None, *, width: int = PIPED_WIDTH) -> None:
    """Let `paint` print on a console: the screen (`width` columns when piped, unless COLUMNS says otherwise), or
    plain text of `width` columns into the file `output`."""
    if output is None:
        paint(_standard_output(width))
        return
    from io import StringIO

    from rich.console import Console

    buffer = StringIO()
    paint(Console(file=buffer, width=width, no_color=True))
    write(buffer.getvalue(), output)


class Progress:
    """A progress bar on a terminal (stderr); nothing when stderr is piped or redirected."""

    def __init__(self, label: str, total: int | None) -> None:
        self.label, self.total = label, total
        self.bar: Any = None
        self.task: Any = None

    def __enter__(self) -> Progress:
        if sys.stderr.isatty():
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, TextColumn, TimeRemainingColumn
            from rich.progress import Progress as Bar

            self.bar = Bar(
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

    def __exit__(self, *_: object) -> None:
        if self.bar is not None:
            self.bar.stop()
