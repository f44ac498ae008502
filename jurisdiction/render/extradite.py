"""`jurex extradite`: one request's answer on the screen, its routes and the requested state's duties."""

from __future__ import annotations

from typing import TYPE_CHECKING

from jurisdiction import words
from jurisdiction.render.table import extradition_table, obligations_table, text

if TYPE_CHECKING:
    from rich.console import RenderableType

    from jurisdiction.apps.extradite import ExtraditionAnswer


def request_answer(answer: ExtraditionAnswer) -> list[RenderableType]:
    """The request (said if the case does not list it), its routes, then the duties if it is refused (each table
    laid out for the width it is shown at: render.fit)."""
    shown: list[RenderableType] = [
        f"[bold]{answer.requesting} asks {answer.requested} to extradite {text(answer.person)}[/bold]"
        + ("" if answer.requested_in_case else " [dim](as if requested: the case lists no such request)[/dim]")
    ]
    instrument = answer.regime.instrument
    if answer.routes:
        shown.append(extradition_table(answer.routes, instrument))
    if answer.obligations:
        shown.append(obligations_table(answer.obligations, instrument))
    else:
        shown.append(words.no_duty(answer.requested, instrument))
    return shown
