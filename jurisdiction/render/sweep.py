"""Many cases at once (`jurex batch`, `jurex sweep`): the sweep's counts, and the figures of a run."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from rich.table import Table

from jurisdiction.render.table import text

if TYPE_CHECKING:
    from jurisdiction.apps.batch import BatchStats
    from jurisdiction.apps.sweep import Tally
    from jurisdiction.engine.regimes import Regime


def tally_table(counts: Tally, regimes: Sequence[Regime], title: str) -> Table:
    """A row per outcome, a column per regime: how many combinations raise it."""
    table = Table(title=text(title))  # the title names the template's file
    table.add_column("outcome (combinations raising it)", overflow="fold")  # an outcome is one word: never split
    for r in regimes:
        table.add_column(r.label, justify="right", no_wrap=True)
    for outcome in counts.outcomes():
        table.add_row(outcome, *(f"{counts.counts.get(r.label, {}).get(outcome, 0):,}" for r in regimes))
    return table


def invalid_text(counts: Tally) -> str:
    """The combinations that are not valid cases, counted by their first problem, most frequent first."""
    return "".join(f"not a valid case ({n:,}): {problem}\n" for problem, n in counts.invalid.most_common())


def stats_line(stats: BatchStats) -> str:
    """How many cases, how fast, how much of it clingo, and how many could not be used."""
    seconds = stats.seconds
    rate = stats.cases / seconds if seconds else 0.0
    share = f", clingo {stats.clingo_seconds / stats.worker_seconds:.0%} of the work" if stats.worker_seconds else ""
    errors = f", {stats.errors} could not be used (their lines say why)" if stats.errors else ""
    memory = f"; peak memory: {stats.peak_mb:,} MB in jurex" + (
        f", {stats.worker_peak_mb:,} MB in a worker" if stats.worker_peak_mb else ""
    )
    return f"{stats.cases} cases in {seconds:.1f} s ({rate:,.0f}/s){share}{errors}{memory}\n"
