"""Tables that fit the terminal, or are stacked: no cell is ever cut, emptied or split letter by letter.

rich shrinks a table that is too wide by narrowing its widest columns, with no regard for the words in them: a
field name comes out as `extradites_for_secondary_ro` / `les`, a no-wrap column as `…`. Here a table is laid out
only where every column can keep its longest word whole; else the next layout is tried (a table may offer a
narrower one, e.g. two cells a row), and at last the table is stacked: one record per row, `field: value`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.console import Group
from rich.measure import Measurement
from rich.table import Table
from rich.text import Text

if TYPE_CHECKING:
    from rich.console import Console, ConsoleOptions, RenderResult


class Fitted:
    """A table shown at the first of its layouts that fits the width it is given, else stacked."""

    def __init__(self, table: Table, *narrower: Table) -> None:
        self.layouts = (table, *narrower)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        width = options.max_width
        for layout in self.layouts:
            if fit_columns(layout, console, options):
                yield layout
                return
        yield stacked(self.layouts[0], width)


def _label(column_header: object) -> str:
    """A column's header as plain text, on one line (for a stacked record)."""
    header = column_header if isinstance(column_header, Text) else Text.from_markup(str(column_header))
    return " ".join(header.plain.split())


def value_width(table: Table, width: int) -> int:
    """The room a stacked record leaves a value: what a word longer than that is folded to in any layout."""
    labels = [_label(c.header) for c in table.columns]
    return max(width - max((len(x) for x in labels), default=0) - 3, 1)


def fit_columns(table: Table, console: Console, options: ConsoleOptions) -> bool:
    """Give each column of `table` a width that keeps its longest word whole (a word that would be folded in any
    layout aside) and a column of sentences READABLE, within `options.max_width`; False (and the table
    untouched) where that cannot be."""
    width = options.max_width
    cap = value_width(table, width)
    n = len(table.columns)
    left, right = table.padding[3], table.padding[1]
    room = width - (n + 1 if table.box and table.show_edge else max(n - 1, 0) if table.box else 0) - n * (left + right)
    lows, highs = [], []
    for column in table.columns:
        cells = [column.header, *column.cells]
        sizes = [Measurement.get(console, options.update_width(width), c) for c in cells if c != ""]
        high = max((s.maximum for s in sizes), default=1)
        low = high if column.no_wrap else max((s.minimum for s in sizes), default=1)
        if low > cap:  # a word no layout can show whole (a long web address): folded, never cut to `…`
            low, column.overflow = cap, "fold"
        low = max(low, min(high, READABLE))
        lows.append(min(low, high))
        highs.append(high)
    if sum(lows) > room:
        return False
    widths = highs if sum(highs) <= room else _share(lows, highs, room)
    for column, w in zip(table.columns, widths, strict=True):
        column.width = w
    return True


READABLE = 14  # columns: the least a column of sentences gets, or it reads a word a line (then: another layout)
SHORT = 24  # columns: a column whose longest line is no longer (a code, a provision, a name) is kept on one line


def _share(lows: list[int], highs: list[int], room: int) -> list[int]:
    """Widths from each column's longest word (`lows`) towards its longest line (`highs`), within `room`. Short
    columns (a provision, a date) get all they need first, the least needy first, out of half the room left; the rest is
    shared equally among the others, a column that needs less than its share getting just what it needs."""
    widths = list(lows)
    spare = room - sum(lows)
    budget = spare // 2  # the short columns take at most half: the long ones must not be left at one word a line
    for i in sorted(range(len(lows)), key=lambda i: highs[i] - lows[i]):
        if highs[i] <= SHORT and highs[i] - lows[i] <= budget:
            budget -= highs[i] - lows[i]
            spare -= highs[i] - lows[i]
            widths[i] = highs[i]
    open_ = [i for i in range(len(lows)) if highs[i] > widths[i]]
    while open_ and spare > 0:
        share = spare // len(open_)
        done = [i for i in open_ if highs[i] - widths[i] <= share]
        if not done:  # every column could use more than its share: each gets it, the first ones the remainder
            for k, i in enumerate(open_):
                widths[i] += share + (1 if k < spare - share * len(open_) else 0)
            break
        for i in done:
            spare -= highs[i] - widths[i]
            widths[i] = highs[i]
            open_.remove(i)
    return widths


def stacked(table: Table, width: int) -> Group:
    """The table as records, one per row, numbered: a line `field: value` per cell that has content."""
    out = Table.grid(padding=(0, 1))
    out.add_column(style="bold", overflow="fold")  # a label is one word or two: it wraps only in a tiny terminal
    out.add_column(overflow="fold", max_width=value_width(table, width))
    labels = [_label(c.header) for c in table.columns]
    rows = list(zip(*(list(c.cells) for c in table.columns), strict=True))
    for i, row in enumerate(rows):
        if i:
            out.add_row("", "")
        out.add_row(f"[dim]{i + 1}/{len(rows)}[/dim]", "")
        for label, cell in zip(labels, row, strict=True):
            if cell != "" and not (isinstance(cell, Text) and not cell.plain):
                out.add_row(f"{label}:", cell)
    title = table.title if isinstance(table.title, Text) else Text.from_markup(str(table.title or ""))
    title.stylize(table.title_style or "table.title")
    return Group(title, out) if title.plain else Group(out)
