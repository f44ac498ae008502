"""Variety for exercises: a bundled case with one fact changed (a nationality, a residence, a flag, a victim's
age), drawn from the seed, so six seeds on a topic give six exercises and not three. The answer key follows from
the analysis of the changed case, as it always does: jurex decides, not this module; a change that makes the case
invalid is not made."""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jurisdiction import words
from jurisdiction.errors import CaseError
from jurisdiction.input.loader import load
from jurisdiction.input.model import Case

Edit = Callable[[dict[str, Any]], None]
VICTIM_AGES = range(10, 18)  # a child under every state's age of a child, but old enough to vary


@dataclass(frozen=True)
class Change:
    what: str  # words.EXERCISE_CHANGE's key
    subject: str  # the person or vessel
    before: str
    after: str

    def text(self, name: Callable[[str], str]) -> str:
        before, after = (name(v) if self.what != "victim_age" else v for v in (self.before, self.after))
        return words.EXERCISE_CHANGE[self.what].format(subject=self.subject, before=before, after=after)


def _changes(case: Case, rng: random.Random) -> list[tuple[Change, Edit]]:
    """Every change this case allows, each with the edit of the case file that makes it."""
    states = sorted(case.states())
    natural = {pid for pid, p in case.people.items() if p.kind == "natural"}
    offenders = sorted({r.person for o in case.offences for r in o.offenders if r.person in natural})
    victims = sorted({v for o in case.offences for v in o.victims if v in case.people})
    out: list[tuple[Change, Edit]] = []

    def person_field(pid: str, key: str, what: str, current: str | None) -> None:
        others = [s for s in states if s != current]
        if current is None or not others:
            return
        new = rng.choice(others)

        def edit(d: dict[str, Any]) -> None:
            d["people"][pid][key] = [new] if key == "nationality" else new

        out.append((Change(what, pid, current, new), edit))

    for pid in offenders:
        p = case.people[pid]
        if len(p.nationality) == 1 and p.diplomatic_immunity is None:
            person_field(pid, "nationality", "offender_nationality", p.nationality[0])
        person_field(pid, "habitual_residence", "offender_residence", p.habitual_residence)
    for pid in victims:
        p = case.people[pid]
        if len(p.nationality) == 1:
            person_field(pid, "nationality", "victim_nationality", p.nationality[0])
        if p.age is not None and p.age in VICTIM_AGES:
            age = rng.choice([a for a in VICTIM_AGES if a != p.age])

            def edit_age(d: dict[str, Any], pid: str = pid, age: int = age) -> None:
                d["people"][pid]["age"] = age

            out.append((Change("victim_age", pid, str(p.age), str(age)), edit_age))
    for vid, v in sorted(case.vessels.items()):
        flags = [s for s in states if s != v.registered_in]
        if flags:
            flag = rng.choice(flags)

            def edit_flag(d: dict[str, Any], vid: str = vid, flag: str = flag) -> None:
                d["vessels"][vid]["registered_in"] = flag

            out.append((Change("vessel_flag", vid, v.registered_in, flag), edit_flag))
    return out


def varied(path: Path, rng: random.Random) -> tuple[Case, Change | None]:
    """The case of `path` with one fact changed, or as it is when no change keeps it a valid case."""
    case = load(path)
    options = _changes(case, rng)
    rng.shuffle(options)
    for change, edit in options:
        try:
            return load(path, edit), change
        except CaseError:
            continue  # e.g. a check of the case model the change would break: try another
    return case, None
