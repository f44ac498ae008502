"""`jurex extradite`: one request, R asks Q to extradite P, answered as if it were made."""

from __future__ import annotations

from typing import Annotated

import typer
from jurisdiction.cli import terminal
from jurisdiction.cli.common import CaseArg, Format, FormatOpt, Session, TimeoutOpt, guarded


@guarded
def extradite(
    ctx: typer.Context,
    case: CaseArg,
    from_state: Annotated[
        str, typer.Option("--from", help="The requesting state: ISO alpha-3 code or name (Sweden).", metavar="STATE")
    ],
    to_state: Annotated[
        str, typer.Option("--to", help="The requested state: ISO alpha-3 code or name (Thailand).", metavar="STATE")
    ],
    person: Annotated[str, typer.Option("--person", help="The offender sought (a name under people:).")],
    format: FormatOpt = Format.table,
    timeout: TimeoutOpt = 60.0,
) -> None:
    """Can one state ask another to extradite a person, on what basis, what will it object, and what then?

    Answers for the request as if it were made (whether or not the case lists it): the legal basis under OPSC
    art. 5, the obstacles in the requested state's law, and its duties if it refuses (arts. 4(3), 5(5)).
    """
    from jurisdiction.apps.extradite import ask_extradition
    from jurisdiction.input.countries import state_argument
    from jurisdiction.input.loader import load

    session = Session.of(ctx)
    requesting, requested = state_argument(from_state, "--from"), state_argument(to_state, "--to")
    with session.limited():
        answer = ask_extradition(load(session.resolve(case)), requesting, requested, person)
    if format is Format.json:
        from jurisdiction.render.as_json import to_json

        terminal.write(to_json(answer.to_dict()), None)
        return
    from jurisdiction.render.extradite import request_answer

    terminal.show(*request_answer(answer))
