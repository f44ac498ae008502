"""What jurex knows about real states: party dates under each regime (the OPSC, Lanzarote, Budapest; EU
membership for Directive 2011/93/EU), reservations and national-law profiles, each value with its source.

The case's `assume:` section overrides a value for that case only; the answer then lists the override.
A value the notes mark unverified is kept (and shown) but not reasoned on: the rules treat it as unknown.
"""

from __future__ import annotations

import csv
import hashlib
import itertools
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from jurisdiction.resources import data_dir, read_yaml

PARTY_FILE = "opsc_parties.csv"
# The other regimes' party lists, by the regime's constant in the rules (same columns as PARTY_FILE, and
# non_party_as_of). A row "*" says the list is complete as of its status_as_of: a state it does not name was not
# a party then (logic/regimes/common.lp).
REGIME_PARTY_FILES = {"lanzarote": "lanzarote_parties.csv", "budapest": "budapest_parties.csv"}
EU_FILE = "eu_2011_93_members.csv"  # the EU member states and their dates, for Directive 2011/93/EU
LIST_COMPLETE = "*"
PROFILE_DIR = "profiles"  # one XXX.yaml per state; its README.md says the format
RESERVATION_FILE = "reservations.yaml"
# National-law fields a profile (bundled or `assume:`) may give; see logic/vocabulary.lp for their meaning.
PROFILE_FIELDS = (
    "territoriality",
    "extradites_nationals",
    "extradites_nationals_except_to",
    "extradites_nationals_on_return_guarantee",
    "extradition_requires_treaty",
    "extradites_for_secondary_roles",
    "extradites_only_for_offences_in_requesting_state",
    "foreign_judgment_bars",
    "double_criminality_for_extraterritorial",
    "criminalises",
    "age_of_child",
    "universal_jurisdiction",
)
RULE_FIELD = "jurisdiction"  # a list of rules, each with its own source


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
    denounced: str = ""  # date a denunciation was notified (art. 15); no state has denounced
    non_party_as_of: str = ""  # a date on which the state was known not to be a party (other regimes' lists)


@dataclass(frozen=True)
class EuMember:
    """One row of jurisdiction/data/eu_2011_93_members.csv: an EU member state and its dates."""

    state: str
    name: str
    status: str  # member | not_bound (a member state the Directive does not bind, e.g. by an opt-out)
    member_since: str  # YYYY or YYYY-MM-DD
    member_until: str  # the date its withdrawal took effect, "" if still a member
    transition_until: str  # the end of a transition period in which Union law still applied to it
    source: str
    remarks: str


@dataclass(frozen=True)
class ProfileValue:
    """One value of a state's law in one period (a case's `assume:` value holds at every date)."""

    state: str
    field: str
    value: Any
    source: str
    verified: bool
    origin: str  # "data" (bundled profile) or "case" (the case's assume:)
    note: str = ""
    since: str = ""  # YYYY-MM-DD, the first day it is known to hold ("" for a case's value: every date)
    until: str = ""  # YYYY-MM-DD, the last day it held ("" if it still holds)


@dataclass(frozen=True)
class Reservation:
    state: str
    kind: str
    summary: str
    source: str
    verified: bool
    regime: str = "opsc"  # the regime (its constant in the rules) whose treaty the reservation is made to
    provision: str = ""  # the provision id the conclusions it changes cite (logic/provisions/); "" if not acted on


@dataclass(frozen=True)
class StateData:
    parties: dict[str, PartyRecord]
    profiles: dict[str, dict[str, list[ProfileValue]]]  # each field's periods, oldest first
    rules: dict[str, list[ProfileValue]]  # jurisdiction rules per state, in order (value: the rule's fields)
    reservations: list[Reservation]
    version: str
    profiled: tuple[str, ...] = field(default=())
    derived: dict[object, object] = field(default_factory=dict, repr=False, compare=False)  # memo of facts.py
    regime_parties: dict[str, dict[str, PartyRecord]] = field(default_factory=dict)  # by regime constant
    list_complete: dict[str, PartyRecord] = field(default_factory=dict)  # each list's "*" row, by regime
    eu_members: dict[str, EuMember] = field(default_factory=dict)

    def party(self, state: str) -> PartyRecord | None:
        return self.parties.get(state)

    def regime_party(self, regime: str, state: str) -> PartyRecord | None:
        """A state's row in a non-OPSC regime's party list (regime: its constant in the rules)."""
        return self.regime_parties.get(regime, {}).get(state)

    def profile(self, state: str) -> dict[str, list[ProfileValue]]:
        """A state's values: each field's periods, oldest first."""
        return self.profiles.get(state, {})

    def reservations_of(self, state: str, regime: str | None = "opsc") -> list[Reservation]:
        """The state's reservations to one regime's treaty (None: to any)."""
        return [r for r in self.reservations if r.state == state and (regime is None or r.regime == regime)]


PERIOD_KEYS = ("source", "verified", "note", "from", "until")


def _profile_value(state: str, name: str, entry: dict[str, Any], value: Any) -> ProfileValue:
    return ProfileValue(
        state,
        name,
        value,
        entry["source"],
        bool(entry.get("verified", False)),
        "data",
        entry.get("note", ""),
        _iso(entry.get("from")),
        _iso(entry.get("until")),
    )


def _iso(v: object) -> str:
    return "" if v is None else str(v)  # YAML reads 2020-01-31 as a date; str() gives it back as written


def _check_periods(where: str, name: str, periods: list[ProfileValue]) -> None:
    """Oldest first and not overlapping: on any date one value holds, or none is known."""
    for earlier, later in itertools.pairwise(periods):
        if not earlier.since or not later.since or not earlier.until or earlier.until >= later.since:
            raise ValueError(
                f"{where}: {name}: its periods must be dated, oldest first, and not overlap "
                f"(give each `from:`, and each but the last an `until:` before the next `from:`)"
            )


def _read_profiles(
    files: dict[str, dict[str, Any]],
) -> tuple[dict[str, dict[str, list[ProfileValue]]], dict[str, list[ProfileValue]]]:
    """Each state's values (a list of periods per field, oldest first) and its jurisdiction rules, in order."""
    profiles: dict[str, dict[str, list[ProfileValue]]] = {}
    rules: dict[str, list[ProfileValue]] = {}
    for state, fields in files.items():
        where = f"{PROFILE_DIR}/{state}.yaml"
        for name, entry in (fields or {}).items():
            if name == RULE_FIELD:
                for rule in entry:
                    body = {k: v for k, v in rule.items() if k not in PERIOD_KEYS}
                    rules.setdefault(state, []).append(_profile_value(state, RULE_FIELD, rule, body))
                continue
            if name not in PROFILE_FIELDS:
                raise ValueError(f"{where}: {name}: unknown profile field")
            entries = entry if isinstance(entry, list) else [entry]
            periods = [_profile_value(state, name, p, p["value"]) for p in entries]
            _check_periods(where, name, periods)
            profiles.setdefault(state, {})[name] = periods
    return profiles, rules


@cache
def bundled() -> StateData:
    """The state data shipped with jurex."""
    folder = data_dir()
    party_bytes = (folder / PARTY_FILE).read_bytes()
    profile_paths = sorted((folder / PROFILE_DIR).glob("*.yaml"))
    profile_bytes = b"".join(p.name.encode() + p.read_bytes() for p in profile_paths)
    reservation_bytes = (folder / RESERVATION_FILE).read_bytes()
    parties = {r.state: r for r in _read_parties(party_bytes)}
    profiles, rules = _read_profiles({p.stem: read_yaml(p.read_bytes()) or {} for p in profile_paths})  # type: ignore[misc]
    reservations = [Reservation(**r) for r in read_yaml(reservation_bytes) or []]
    for r in reservations:
        if r.verified and not r.provision:  # the rules would cite "": the data must name what they cite
            raise ValueError(f"{RESERVATION_FILE}: {r.state} {r.kind}: a verified reservation names its provision")
    regime_bytes = {regime: (folder / name).read_bytes() for regime, name in REGIME_PARTY_FILES.items()}
    regime_parties: dict[str, dict[str, PartyRecord]] = {}
    list_complete: dict[str, PartyRecord] = {}
    for regime, raw in regime_bytes.items():
        for record in _read_parties(raw):
            if record.state == LIST_COMPLETE:
                list_complete[regime] = record
            else:
                regime_parties.setdefault(regime, {})[record.state] = record
    eu_bytes = (folder / EU_FILE).read_bytes()
    eu_members = {r["state"]: EuMember(**r) for r in csv.DictReader(eu_bytes.decode("utf-8").splitlines())}
    extra = b"".join(regime_bytes[r] for r in sorted(regime_bytes)) + eu_bytes
    version = hashlib.sha256(party_bytes + profile_bytes + reservation_bytes + extra).hexdigest()[:12]
    return StateData(
        parties,
        profiles,
        rules,
        reservations,
        version,
        tuple(sorted(set(profiles) | set(rules))),
        regime_parties=regime_parties,
        list_complete=list_complete,
        eu_members=eu_members,
    )


def _read_parties(raw: bytes) -> list[PartyRecord]:
    return [PartyRecord(**r) for r in csv.DictReader(raw.decode("utf-8").splitlines())]
