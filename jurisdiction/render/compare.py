"""Regimes compared on one case (`jurex compare`): the table of modalities, then each regime against the first."""

from __future__ import annotations

from io import StringIO
from typing import TYPE_CHECKING

from rich.console import Console
from rich.table import Table

from jurisdiction.render.fit import Fitted
from jurisdiction.render.table import text

if TYPE_CHECKING:
    from jurisdiction.apps.compare import Comparison

WIDTH = 160  # columns of a file or a pipe: a column per regime beside the state and the basis


def comparison_text(result: Comparison, *, plain: bool = False) -> str:
    """The comparison as text of WIDTH columns (`plain`: without colour, as for a file)."""
    buffer = StringIO()
    comparison(result, Console(file=buffer, width=WIDTH, no_color=plain))
    return buffer.getvalue()


def comparison(result: Comparison, console: Console) -> None:
    """The comparison on `console`, its table as wide as the console allows, else stacked (render.fit)."""
    console.print(f"[bold]{text(result.case.title)}[/bold]  ({text(result.case.id)}, conduct on {result.case.date})")
    if result.assume_all_parties:
        console.print("[yellow]Every state of unknown status is assumed a party to every regime.[/yellow]")
    t = Table(title="Jurisdiction by regime", title_justify="left")
    t.add_column("State", no_wrap=True)
    t.add_column("Basis", no_wrap=True)
    for label in result.regimes:
        t.add_column(label, overflow="fold")
    for (state, basis), cells in result.rows.items():
        t.add_row(state, basis, *(cells[label].text() for label in result.regimes))
    console.print(Fitted(t))
    for label in result.regimes[1:]:
        console.print(f"[bold]{label} against {result.regimes[0]}[/bold]")
        for line in result.adds[label]:
            console.print(f"  [green]+[/green] {text(line)}")  # a line may name a person of the case
        for line in result.lacks[label]:
            console.print(f"  [red]-[/red] {text(line)}")
        if not result.adds[label] and not result.lacks[label]:
            console.print("  no difference on this case")
