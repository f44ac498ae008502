"""What jurex knows about real states (`jurex states`): the OPSC status of each on a day, one state's record."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from rich.table import Table

if TYPE_CHECKING:
    from jurisdiction.apps.states import StatusAt

# The fields of a party record, in the order they are listed.
RECORD_FIELDS = (
    "status",
    "status_as_of",
    "signed",
    "instrument",
    "instrument_kind",
    "entry_into_force",
    "source",
    "status_source",
    "remarks",
)


def status_table(day: dt.date, rows: Sequence[StatusAt]) -> Table:
    t = Table(title=f"OPSC status on {day.isoformat()} ({len(rows)} states)", title_justify="left")
    for col in ("State", "Name", "Status", "Why"):
        t.add_column(col, overflow="fold")
    for r in rows:
        t.add_row(r.state, r.name, r.status, r.detail)
    return t


def status_json(day: dt.date, rows: Sequence[StatusAt]) -> dict[str, Any]:
    return {"as_of": day.isoformat(), "states": [r.__dict__ for r in rows]}


def profile_text(p: dict[str, Any]) -> str:
    """One state (`jurisdiction.data.states.describe`): party record, reservations, national law, with sources."""
    lines = [f"{p['state']} — {p['name']}", "", f"OPSC on {p['as_of']}: {p['opsc_status']} ({p['opsc_detail']})"]
    record = p.get("party_record") or {}
    for key in RECORD_FIELDS:
        if record.get(key):
            lines.append(f"  {key}: {record[key]}")
    lines += ["", "Reservations and declarations that change jurex's answer:"]
    lines += [f"  - {r['kind']}: {r['summary']}\n    source: {r['source']}" for r in p["reservations"]] or [
        "  none known"
    ]
    lines += ["", "National law (verified values are reasoned on; unverified ones are shown only):"]
    for v in p["profile"]:
        flag = "" if v["verified"] else "  [UNVERIFIED: not reasoned on]"
        lines.append(
            f"  - {v['field']}: {v['value']}{flag}\n    source: {v['source']}"
            + (f"\n    note: {v['note']}" if v.get("note") else "")
        )
    if not p["profile"]:
        lines.append(
            "  nothing known: every value is unknown (jurex reasons with the treaty minimum, under conditions)"
        )
    return "\n".join(lines) + "\n"
