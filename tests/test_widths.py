"""Every command's terminal output at 80, 100, 120 and 200 columns keeps every word of its widest layout whole:
no cell is cut (`…`), emptied, or split letter by letter; where a table cannot fit, it is stacked (render.fit)."""

from __future__ import annotations

import re
from collections import Counter
from io import StringIO

import pytest
from jurisdiction.cli.app import app
from rich.cells import cell_len
from rich.console import Console
from rich.table import Table
from typer.testing import CliRunner

from jurisdiction.render.fit import Fitted

WIDTHS = (80, 100, 120, 200)
REFERENCE = 1000  # columns at which no table needs to wrap anything: every word as the command writes it

# (command, whether it is drawn by rich: then no line may be wider than the terminal)
COMMANDS = {
    "analyse": (["analyse", "livestream-gbr-phl"], True),
    "analyse-dates": (["analyse", "acts-across-ratification"], True),
    "analyse-brexit": (["analyse", "germans-requested-across-brexit"], True),
    "extradite": (["extradite", "livestream-gbr-phl", "--from", "GBR", "--to", "PHL", "--person", "facilitator"], True),
    "compare": (
        [
            "compare",
            "livestream-gbr-phl",
            "--regimes",
            "opsc,lanzarote,budapest,opsc-guidelines",
            "--assume-all-parties",
        ],
        True,
    ),
    "states": (["states", "--at", "2015-06-01"], True),
    "states-regime": (["states", "--regime", "lanzarote", "--at", "2015-06-01"], True),
    "states-show": (["states", "show", "THA", "--at", "2015-06-01"], False),
    "catalogue": (["catalogue"], True),
    "matrix": (["regimes", "--matrix"], True),
    "sweep": (["sweep", "livestream-gbr-phl", "--vary", "viewer.present_in=SWE,FRA", "--workers", "1"], True),
    "gaps": (["gaps", "--states", "3", "--limit", "2"], False),
    "what-if": (["analyse", "livestream-gbr-phl", "--set", "people.viewer.present_in=THA"], True),
    "explain": (["explain", "livestream-gbr-phl", "--state", "GBR"], False),
}

SEPARATORS = re.compile(r"[\s\u2500-\u257f]+")  # white space and box-drawing characters


def words_of(output: str) -> Counter[str]:
    """The words of an output, whatever the layout: a stacked record's `State:` is a table's `State`, a two-cell
    row's `live-abuse:` its `live-abuse`."""
    output = re.sub(r"\(\d+\.\d+ s\)", "", output)  # how long a search took differs from run to run
    found = (w.strip(":·,;").lower() for w in SEPARATORS.split(output))
    return Counter(w for w in found if w)


_outputs: dict[tuple[str, int], str] = {}


def output(name: str, width: int) -> str:
    if (name, width) not in _outputs:
        result = CliRunner().invoke(app, COMMANDS[name][0], env={"COLUMNS": str(width)})
        assert result.exit_code == 0, result.output
        _outputs[name, width] = result.stdout
    return _outputs[name, width]


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_no_word_is_cut_or_split(name: str, width: int) -> None:
    wide, narrow = words_of(output(name, REFERENCE)), words_of(output(name, width))
    # a word longer than a stacked record leaves its value (a long web address) is folded in any layout
    missing = {w: n for w, n in wide.items() if len(w) <= width - 30 and narrow[w] < n}
    assert not missing, f"at {width} columns, words cut, split or dropped: {sorted(missing)[:12]}"
    assert "…" not in output(name, width)
    if COMMANDS[name][1]:
        too_wide = [line for line in output(name, width).splitlines() if cell_len(line) > width]
        assert not too_wide, f"lines wider than {width} columns: {too_wide[:2]}"


def test_the_reference_is_a_table_and_80_columns_are_not() -> None:
    # the national-law table (long field names, long sources) is a table when there is room, stacked at 80
    assert "┃ State ┃ Field" in output("analyse", REFERENCE)
    assert "Field:  jurisdiction(offender_nationality, csam_production)" in output("analyse", 80)


def _drawn(renderable: object, width: int) -> str:
    buffer = StringIO()
    Console(file=buffer, width=width, no_color=True).print(renderable)
    return buffer.getvalue()


def test_a_table_that_cannot_keep_its_words_is_stacked() -> None:
    t = Table(title="Records")
    for name in ("Code", "Field", "Value"):
        t.add_column(name)
    t.add_row("GBR", "extradites_for_secondary_roles_under_treaty_law", "unknown, read as the treaty minimum")
    t.add_row("PHL", "territoriality", "")
    at_60, at_120 = _drawn(Fitted(t), 60), _drawn(Fitted(t), 120)
    assert "extradites_for_secondary_roles_under_treaty_law" in at_60 and "┃" not in at_60
    assert "Field: territoriality" in at_60 and "Value:" in at_60.split("2/2")[0]
    assert at_60.count("Value:") == 1  # the empty cell is left out, not shown empty
    assert "┃ Code ┃" in at_120 and "extradites_for_secondary_roles_under_treaty_law" in at_120


def test_a_narrower_layout_is_taken_before_stacking() -> None:
    wide, two = Table(), Table()
    for i in range(6):
        wide.add_column(f"column{i}")
    two.add_column("all")
    wide.add_row(*(f"word{i}word{i}word{i}" for i in range(6)))
    two.add_row(" ".join(f"word{i}word{i}word{i}" for i in range(6)))
    assert "┃ column0" in _drawn(Fitted(wide, two), 200)
    assert "┃ all" in _drawn(Fitted(wide, two), 60)
    tiny = _drawn(Fitted(wide, two), 16)  # 15-letter words in a 16-column terminal: stacked, folded, not cut
    assert "1/1" in tiny and "…" not in tiny
    assert "word5word5word5" in "".join(line.split(":")[-1].strip() for line in tiny.splitlines())
