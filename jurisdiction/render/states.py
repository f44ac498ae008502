"""What jurex knows about real states (`jurex states`): each state's status under every regime on a day, one
state's records."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from rich.table import Table

from jurisdiction import words

if TYPE_CHECKING:
    from jurisdiction.apps.states import StatusAt
    from jurisdiction.engine.regimes import Regime

# The fields of a party record, in the order they are listed.
RECORD_FIELDS = (
    "status",
    "status_as_of",
    "signed",
    "instrument",
    "instrument_kind",
    "entry_into_force",
    "non_party_as_of",
    "member_since",
    "member_until",
    "transition_until",
    "source",
    "status_source",
    "remarks",
)


def status_table(day: dt.date, rows: Sequence[StatusAt], regimes: Sequence[Regime], one: Regime | None = None) -> Table:
    """Every regime's status of each state (`one`: that regime's status and why)."""
    if one is not None:
        title = words.STATES_TITLE_ONE.format(instrument=one.instrument, date=day.isoformat(), n=len(rows))
        t = Table(title=title, title_justify="left")
        for col in ("State", "Name", "Status", "Why"):
            t.add_column(col, overflow="fold")
        for r in rows:
            status, detail = _of(r, one)
            t.add_row(r.state, r.name, status, detail)
        return t
    t = Table(title=words.STATES_TITLE.format(date=day.isoformat(), n=len(rows)), title_justify="left")
    for col in ("State", "Name", *(r.name for r in regimes)):
        t.add_column(col, overflow="fold")
    for r in rows:
        t.add_row(r.state, r.name, *(_of(r, g)[0] for g in regimes))
    return t


def _of(row: StatusAt, regime: Regime) -> tuple[str, str]:
    if regime.name in row.regimes:
        return row.regimes[regime.name]["status"], row.regimes[regime.name]["detail"]
    return row.status, row.detail


def status_json(day: dt.date, rows: Sequence[StatusAt]) -> dict[str, Any]:
    return {"as_of": day.isoformat(), "states": [r.__dict__ for r in rows]}


def profile_text(p: dict[str, Any]) -> str:
    """One state (`jurisdiction.apps.states.describe`): party records, reservations, national law, with sources."""
    opsc = words.STATES_OPSC_LINE.format(date=p["as_of"], status=p["opsc_status"], detail=p["opsc_detail"])
    lines = [f"{p['state']} — {p['name']}", "", opsc]
    lines += _record_lines(p.get("party_record") or {})
    for r in p.get("regimes", []):
        lines += [
            "",
            words.STATES_REGIME_LINE.format(title=r["title"], date=p["as_of"], status=r["status"], detail=r["detail"]),
        ]
        lines += _record_lines(r["record"]) if r["record"] else [words.STATES_NO_RECORD]
    lines += ["", words.STATES_RESERVATIONS_HEADING]
    lines += [
        f"  - {r['kind']}"
        + (f" ({r['regime']})" if r.get("regime", "opsc") != "opsc" else "")
        + f": {r['summary']}\n    {words.STATES_SOURCE}: {r['source']}"
        for r in p["reservations"]
    ] or [f"  {words.STATES_NONE_KNOWN}"]
    lines += ["", words.STATES_LAW_HEADING]
    for v in p["profile"]:
        flag = "" if v["verified"] else f"  [{words.STATES_UNVERIFIED}]"
        when = words.period(v["from"], v["until"] or "") if v.get("from") else words.UNDATED
        lines.append(
            f"  - {v['field']}: {words.plain(v['value'])}{flag}\n    {words.STATES_IN_FORCE}: {when}"
            + f"\n    {words.STATES_SOURCE}: {v['source']}"
            + (f"\n    {words.STATES_NOTE}: {v['note']}" if v.get("note") else "")
        )
    if not p["profile"]:
        lines.append(f"  {words.STATES_NOTHING_KNOWN}")
    return "\n".join(lines) + "\n"


def _record_lines(record: dict[str, Any]) -> list[str]:
    return [f"  {key}: {record[key]}" for key in RECORD_FIELDS if record.get(key)]
