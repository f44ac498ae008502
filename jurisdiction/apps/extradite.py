"""Direct questions about one case: "can R ask Q to extradite P?"."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

from jurisdiction.apps.analysis import analyse
from jurisdiction.engine.regimes import OPSC, Regime
from jurisdiction.errors import CaseError, Problem, nearest
from jurisdiction.findings.types import ObligationFinding, RouteFinding
from jurisdiction.input.model import Case, Request


@dataclass
class ExtraditionAnswer:
    person: str
    requesting: str
    requested: str
    requested_in_case: bool
    regime: Regime = OPSC
    routes: list[RouteFinding] = field(default_factory=list)
    obligations: list[ObligationFinding] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "person": self.person,
            "requesting": self.requesting,
            "requested": self.requested,
            "requested_in_case": self.requested_in_case,
            "extradition": [r.to_dict() for r in self.routes],
            "obligations": [o.to_dict() for o in self.obligations],
        }


def ask_extradition(
    case: Case, requesting: str, requested: str, person: str, regime: Regime = OPSC
) -> ExtraditionAnswer:
    """Analyse the request R -> Q for P, adding it to the case if the case does not list it."""
    offenders = {r.person for o in case.offences for r in o.offenders}
    if person not in offenders:
        raise CaseError(
            "--person",
            [
                Problem(
                    "person",
                    f"{person!r} is not an offender in the case",
                    nearest(person, offenders, "name one of: " + ", ".join(sorted(offenders))),
                )
            ],
        )
    try:
        request = Request(by=requesting, to=requested, person=person)
    except ValidationError as exc:  # the request's own check (two different states), said without pydantic's detail
        raise CaseError(
            "--from/--to",
            [Problem("", exc.errors()[0]["msg"], "name two different states, e.g. --from GBR --to PHL")],
        ) from None
    listed = request in case.requests
    if not listed:
        case = case.model_copy(update={"requests": [*case.requests, request]})
    analysis = analyse(case, regime=regime)
    answer = ExtraditionAnswer(person, requesting, requested, listed, regime)
    answer.routes = [
        r for r in analysis.extradition if (r.person, r.requesting, r.requested) == (person, requesting, requested)
    ]
    answer.obligations = [
        o for o in analysis.obligations if (o.person, o.requesting, o.state) == (person, requesting, requested)
    ]
    return answer
