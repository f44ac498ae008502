"""What jurex knows about real states, for `jurex states`: party status on a date (by the same rules as an
analysis) and one state's whole record, every value with its source."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from jurisdiction.data.states import StateData, bundled
from jurisdiction.engine.facts import Encoding, date_number, party_facts
from jurisdiction.engine.regimes import OPSC
from jurisdiction.engine.solver import function_args, solve
from jurisdiction.findings.decode import party_detail_of
from jurisdiction.input.countries import name_of


@dataclass(frozen=True)
class StatusAt:
    state: str
    name: str
    status: str  # party | not_party | uncertain | unknown
    detail: str


def status_at(day: Any, data: StateData | None = None, states: list[str] | None = None) -> list[StatusAt]:
    """OPSC party status of every state (or of `states`) on a day, by the same rules as an analysis."""
    data = data or bundled()
    codes = states if states is not None else sorted(data.parties)
    enc = Encoding()
    enc.add("conduct_date", date_number(day))
    for code in codes:
        enc.add("state", code)
        party_facts(enc, code, data, conduct=day)
    answer = solve(enc.symbols, ("vocabulary.lp", "parties.lp"))
    status: dict[str, str] = {}
    detail: dict[str, str] = {}
    for sym in answer.symbols:
        if sym.name == "party_status":
            status[str(function_args(sym)[1])] = str(function_args(sym)[2])
        elif sym.name == "party_status_because":
            detail[str(function_args(sym)[1])] = party_detail_of(sym.arguments[2], OPSC.instrument)
    return [
        StatusAt(c, data.party(c).name if data.party(c) else name_of(c), status[c], detail.get(c, "")) for c in codes
    ]


def describe(state: str, day: Any, data: StateData) -> dict[str, Any]:
    """One state's record, reservations and profile, every value with its source (`jurex states show`)."""
    from dataclasses import asdict

    [status] = status_at(day, data, [state])
    record = data.party(state)
    profile = [
        {"field": pv.field, "value": pv.value, "source": pv.source, "verified": pv.verified, "note": pv.note}
        for pv in data.profile(state).values()
    ]
    profile += [
        {"field": "jurisdiction", "value": pv.value, "source": pv.source, "verified": pv.verified, "note": pv.note}
        for pv in data.rules.get(state, [])
    ]
    return {
        "state": state,
        "name": record.name if record else name_of(state),
        "as_of": day.isoformat(),
        "opsc_status": status.status,
        "opsc_detail": status.detail,
        "party_record": asdict(record) if record else None,
        "reservations": [asdict(r) for r in data.reservations_of(state)],
        "profile": profile,
    }
