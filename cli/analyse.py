"""`jurex analyse`: the answer for one case; with --set and --add, what changes in it when facts change."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from jurisdiction.cli import terminal
from jurisdiction.cli.common import (
    FORMAT_HELP,
    AllPartiesOpt,
    CaseArg,
    Format,
    OutputOpt,
    RegimeOpt,
    Session,
    TimeoutOpt,
    guarded,
)

if TYPE_CHECKING:
    from jurisdiction.engine.regimes import Regime

SetOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--set",
        metavar="PATH=VALUE",
        help="What if: change a fact and show what changes, e.g. --set people.viewer.present_in=THA "
        "(repeatable; VALUE is YAML; an empty VALUE removes the field). PATH names what the case has, or a field "
        "it left out; a person, vessel, state or list item it does not have is refused as a typo: see --add.",
    ),
]
AddOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--add",
        metavar="PATH=VALUE",
        help="What if, adding what the case does not have: a person, vessel, state under assume, or list item, "
        "e.g. --add people.friend.present_in=SWE or --add people.viewer.nationality.1=SWE "
        "(repeatable; applied before --set; refused if PATH is already in the case).",
    ),
]


class AnalyseFormat(StrEnum):
    """`analyse` writes what the other commands write, and the memo also as PDF and Word."""

    table = "table"
    json = "json"
    md = "md"
    html = "html"
    pdf = "pdf"
    docx = "docx"


ANALYSE_FORMAT_HELP = FORMAT_HELP + " pdf, docx: the memo printed (PDF needs Chromium; Word, python-docx)."
MEMO_FORMATS = ("md", "html", "pdf", "docx")


@guarded
def analyse(
    ctx: typer.Context,
    case: CaseArg,
    format: Annotated[AnalyseFormat, typer.Option("--format", "-f", help=ANALYSE_FORMAT_HELP)] = AnalyseFormat.table,
    output: OutputOpt = None,
    set_: SetOpt = None,
    add: AddOpt = None,
    regime: RegimeOpt = "opsc",
    assume_all_parties: AllPartiesOpt = False,
    timeout: TimeoutOpt = 60.0,
) -> None:
    """Which states must, may or are encouraged to take jurisdiction, on which basis and provision.

    Every row cites its provision (OPSC art. 4, CRC/C/156 paras 83 and 87) and, in JSON, the case facts it
    rests on. A basis that depends on something unknown is shown with its condition, never silently chosen.
    Then: extradition routes and obstacles (art. 5), duties to prosecute or have jurisdiction (arts. 4(3), 5(5)),
    and warnings where impunity threatens.
    """
    from jurisdiction.apps.analysis import analyse as run
    from jurisdiction.engine.regimes import parse
    from jurisdiction.input.loader import load

    session = Session.of(ctx)
    chosen = parse(regime)
    path = session.resolve(case)
    if set_ or add:
        # what changes is text or JSON: a memo format asks for the text
        shown = Format.json if format is AnalyseFormat.json else Format.table
        what_if(session, path, add or [], set_ or [], shown, output, chosen, assume_all_parties)
        return
    with session.limited():
        analysis = run(load(path), regime=chosen, assume_all_parties=assume_all_parties)
    if format is AnalyseFormat.json:
        from jurisdiction.render.as_json import to_json

        terminal.write(to_json(analysis.to_dict()), output)
    elif format.value in MEMO_FORMATS:
        from jurisdiction.render.printed import render_memo

        terminal.write(render_memo(analysis, format.value), output)
    else:
        from jurisdiction.render.table import table

        terminal.draw(lambda console: table(analysis, console), output)


def what_if(
    session: Session,
    path: Path,
    additions: list[str],
    settings: list[str],
    format: Format,
    output: Path | None,
    regime: Regime,
    all_parties: bool,
) -> None:
    """The case as it is and as the settings make it: the changes between the two answers. Additions go first, so
    that a --set may change what an --add made."""
    from jurisdiction.apps.analysis import analyse as run
    from jurisdiction.apps.whatif import Setting, compare, editor
    from jurisdiction.input.loader import load
    from jurisdiction.render.whatif import changes_json, changes_text

    parsed = [Setting.parse(a, adds=True) for a in additions] + [Setting.parse(s) for s in settings]
    labels = [p.label for p in parsed]
    with session.limited():
        before = run(load(path), regime=regime, assume_all_parties=all_parties)
        after = run(load(path, editor(parsed)), regime=regime, assume_all_parties=all_parties)
    changes = compare(before, after)
    if format is Format.json:
        from jurisdiction.render.as_json import to_json

        terminal.write(to_json(changes_json(labels, changes, after)), output)
        return
    terminal.write(changes_text(labels, changes, after, 0 if output else terminal.width()), output)
