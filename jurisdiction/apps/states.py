"""What jurex knows about real states, for `jurex states`: party status on a date under every regime (by the
same rules as an analysis) and one state's whole record, every value with its source."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from jurisdiction.data.states import ProfileValue, StateData, bundled
from jurisdiction.engine.facts import Encoding, const, date_number, list_facts, party_facts, regime_party_facts
from jurisdiction.engine.regimes import OPSC, REGIMES, Regime
from jurisdiction.engine.solver import function_args, solve
from jurisdiction.findings.decode import party_detail_of
from jurisdiction.input.countries import name_of
from jurisdiction.vocabulary import EU_REGIME, LISTED_REGIMES

# The regimes a listing shows: the OPSC, then those with their own party data, as regimes.yaml names them.
SHOWN: tuple[Regime, ...] = (OPSC, *(r for r in REGIMES.values() if r.asp in LISTED_REGIMES))


@dataclass(frozen=True)
class StatusAt:
    state: str
    name: str
    status: str  # under the OPSC: party | not_party | uncertain | unknown
    detail: str
    regimes: dict[str, dict[str, str]] = field(default_factory=dict)  # regime name -> {"status", "detail"}

    def status_under(self, regime: str) -> str:
        return self.regimes[regime]["status"] if regime in self.regimes else self.status


def listed_states(data: StateData) -> list[str]:
    """Every state some party list or the EU member list names."""
    codes = set(data.parties) | set(data.eu_members)
    for rows in data.regime_parties.values():
        codes |= set(rows)
    return sorted(codes)


def status_at(day: Any, data: StateData | None = None, states: list[str] | None = None) -> list[StatusAt]:
    """Party status of every state (or of `states`) on a day under every regime, by the same rules as an
    analysis."""
    data = data or bundled()
    codes = states if states is not None else listed_states(data)
    enc = Encoding()
    enc.add("conduct_date", date_number(day))
    for regime in SHOWN[1:]:
        enc.add("regime", const(regime.asp))
    list_facts(enc, data)
    for code in codes:
        enc.add("state", code)
        party_facts(enc, code, data, conduct=day)
        regime_party_facts(enc, code, data)
    answer = solve(enc.symbols, ("vocabulary.lp", "parties.lp", "regimes/common.lp"))
    by_asp = {r.asp: r for r in SHOWN}
    status: dict[tuple[str, str], str] = {}
    detail: dict[tuple[str, str], str] = {}
    for sym in answer.symbols:
        if sym.name not in ("party_status", "party_status_because"):
            continue
        regime = by_asp.get(str(sym.arguments[0]))
        if regime is None:
            continue
        key = (regime.name, str(function_args(sym)[1]))
        if sym.name == "party_status":
            status[key] = str(function_args(sym)[2])
        else:
            detail[key] = party_detail_of(sym.arguments[2], regime.instrument)
    out = []
    for c in codes:
        record = data.party(c)
        regimes = {r.name: {"status": status[(r.name, c)], "detail": detail.get((r.name, c), "")} for r in SHOWN[1:]}
        name = record.name if record else name_of(c)
        out.append(StatusAt(c, name, status[(OPSC.name, c)], detail.get((OPSC.name, c), ""), regimes))
    return out


def _value_row(pv: ProfileValue) -> dict[str, Any]:
    return {
        "field": pv.field,
        "value": pv.value,
        "from": pv.since or None,
        "until": pv.until or None,
        "source": pv.source,
        "verified": pv.verified,
        "note": pv.note,
    }


def describe(state: str, day: Any, data: StateData) -> dict[str, Any]:
    """One state's records, reservations and profile, every value with its source (`jurex states show`)."""
    [status] = status_at(day, data, [state])
    record = data.party(state)
    profile = [_value_row(pv) for periods in data.profile(state).values() for pv in periods]
    profile += [_value_row(pv) for pv in data.rules.get(state, [])]
    regimes = []
    for r in SHOWN[1:]:
        row: Any = data.eu_members.get(state) if r.asp == EU_REGIME else data.regime_party(r.asp, state)
        regimes.append(
            {
                "regime": r.name,
                "title": r.title,
                "status": status.regimes[r.name]["status"],
                "detail": status.regimes[r.name]["detail"],
                "record": asdict(row) if row is not None else None,
            }
        )
    return {
        "state": state,
        "name": record.name if record else name_of(state),
        "as_of": day.isoformat(),
        "opsc_status": status.status,
        "opsc_detail": status.detail,
        "party_record": asdict(record) if record else None,
        "regimes": regimes,
        "reservations": [asdict(r) for r in data.reservations_of(state, None)],
        "profile": profile,
    }
