"""What jurex knows about real states: OPSC party dates and national-law profiles, each value with its source.

The case's `assume:` section overrides a value for that case only; the answer then lists the override.
"""

from __future__ import annotations

import csv
import hashlib
from dataclasses import dataclass
from functools import cache
from typing import Any

import yaml

from jurisdiction.resources import data_dir

PARTY_FILE = "opsc_parties.csv"
PROFILE_FILE = "profiles.yaml"
# National-law fields a profile (bundled or `assume:`) may give; see logic/vocabulary.lp for their meaning.
PROFILE_FIELDS = (
    "territoriality",
    "extradites_nationals",
    "extradites_nationals_except_to",
    "extradition_requires_treaty",
    "extradites_for_secondary_roles",
    "extradites_only_for_offences_in_requesting_state",
    "double_criminality_for_extraterritorial",
    "criminalises",
    "age_of_child",
)


@dataclass(frozen=True)
class PartyRecord:
    """One row of jurisdiction/data/opsc_parties.csv."""

    state: str
    name: str
    status: str  # party | signatory | none
    status_as_of: str  # the date the status was read, "" if not known
    signed: str
    instrument: str  # YYYY-MM-DD, or YYYY where only the year is known
    instrument_kind: str
    entry_into_force: str
    source: str
    status_source: str
    remarks: str


@dataclass(frozen=True)
class ProfileValue:
    state: str
    field: str
    value: Any
    source: str
    verified: bool
    origin: str  # "data" (bundled profile) or "case" (the case's assume:)
    note: str = ""


@dataclass(frozen=True)
class StateData:
    parties: dict[str, PartyRecord]
    profiles: dict[str, dict[str, ProfileValue]]
    version: str

    def party(self, state: str) -> PartyRecord | None:
        return self.parties.get(state)

    def profile(self, state: str) -> dict[str, ProfileValue]:
        return self.profiles.get(state, {})


def _read_profiles(raw: dict[str, Any]) -> dict[str, dict[str, ProfileValue]]:
    out: dict[str, dict[str, ProfileValue]] = {}
    for state, fields in raw.items():
        for name, entry in fields.items():
            if name not in PROFILE_FIELDS:
                raise ValueError(f"{PROFILE_FILE}: {state}.{name}: unknown profile field")
            out.setdefault(state, {})[name] = ProfileValue(
                state,
                name,
                entry["value"],
                entry["source"],
                bool(entry.get("verified", False)),
                "data",
                entry.get("note", ""),
            )
    return out


@cache
def bundled() -> StateData:
    """The state data shipped with jurex."""
    folder = data_dir()
    party_bytes = (folder / PARTY_FILE).read_bytes()
    profile_bytes = (folder / PROFILE_FILE).read_bytes()
    rows = csv.DictReader(party_bytes.decode("utf-8").splitlines())
    parties = {r["state"]: PartyRecord(**r) for r in rows}
    profiles = _read_profiles(yaml.safe_load(profile_bytes) or {})
    version = hashlib.sha256(party_bytes + profile_bytes).hexdigest()[:12]
    return StateData(parties, profiles, version)
