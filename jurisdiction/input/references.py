"""Cross-references inside a case: every name used is declared, and used as what it is."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from jurisdiction import words
from jurisdiction.errors import dotted, nearest
from jurisdiction.input.model import Case, OnBoard


@dataclass(frozen=True)
class RefProblem:
    loc: tuple[Any, ...]
    message: str
    fix: str

    @property
    def path(self) -> str:
        return dotted(self.loc)


def check_references(case: Case) -> list[RefProblem]:
    problems: list[RefProblem] = []
    people = set(case.people)
    vessels = set(case.vessels)

    def person(ref: str, loc: tuple[Any, ...]) -> bool:
        if ref in people:
            return True
        problems.append(
            RefProblem(
                loc,
                f"person {ref!r} is not declared under people:",
                nearest(ref, people, f"declare {ref!r} under people:"),
            )
        )
        return False

    seen_offences: set[str] = set()
    offenders: set[str] = set()
    for i, offence in enumerate(case.offences):
        base = ("offences", i)
        if offence.id in seen_offences:
            problems.append(
                RefProblem((*base, "id"), f"offence id {offence.id!r} is used twice", "give each offence its own id")
            )
        seen_offences.add(offence.id)
        names_here: set[str] = set()
        for j, ref in enumerate(offence.offenders):
            if person(ref.person, (*base, "offenders", j, "person")):
                offenders.add(ref.person)
            if ref.person in names_here:
                problems.append(
                    RefProblem(
                        (*base, "offenders", j, "person"),
                        f"{ref.person!r} is listed twice as an offender",
                        "list each offender once, with one role",
                    )
                )
            names_here.add(ref.person)
        for j, ref in enumerate(offence.victims):
            loc = (*base, "victims", j)
            if not person(ref, loc):
                continue
            victim = case.people[ref]
            if victim.kind == "legal":
                problems.append(RefProblem(loc, f"{ref!r} is a legal person; a victim is a child", "name the child"))
            if ref in names_here:
                problems.append(
                    RefProblem(
                        loc,
                        f"{ref!r} is both an offender and a victim of this offence",
                        "check the roles (children are victims, not offenders, of their own abuse material)",
                    )
                )
        for j, act in enumerate(offence.acts):
            loc = (*base, "acts", j)
            if act.by is not None:
                person(act.by, (*loc, "by"))
            if isinstance(act.in_, OnBoard) and act.in_.vessel not in vessels:
                problems.append(
                    RefProblem(
                        (*loc, "in", "vessel"),
                        f"vessel {act.in_.vessel!r} is not declared under vessels:",
                        nearest(
                            act.in_.vessel,
                            vessels,
                            f"declare {act.in_.vessel!r} under vessels: with type and registered_in",
                        ),
                    )
                )
    for i, request in enumerate(case.requests):
        loc = ("requests", i, "person")
        if person(request.person, loc) and request.person not in offenders:
            problems.append(
                RefProblem(
                    loc,
                    f"{request.person!r} is not an offender in any offence; extradition is sought for an offender",
                    "add the person to an offence's offenders:, or correct the name",
                )
            )
        elif request.person in people and case.people[request.person].kind == "legal":
            problems.append(RefProblem(loc, words.LEGAL_PERSON_REQUEST.format(person=request.person),
                                       words.LEGAL_PERSON_FIX))  # fmt: skip
        theirs = [o.id for o in case.offences if request.person in {r.person for r in o.offenders}]
        for j, offence_id in enumerate(request.offences or []):
            if offence_id not in theirs:
                problems.append(
                    RefProblem(
                        ("requests", i, "offences", j),
                        f"{request.person!r} is not an offender of an offence {offence_id!r}",
                        nearest(offence_id, set(theirs), "name offences of the person: " + ", ".join(theirs)),
                    )
                )
    # The rules read a request's offences per (by, to, person): a request for every offence beside one that names
    # some would be read as naming only those, so the two must be one request.
    seen: dict[tuple[str, str, str], int] = {}
    for i, request in enumerate(case.requests):
        key = (request.by, request.to, request.person)
        first = seen.setdefault(key, i)
        if first != i and (request.offences is None) != (case.requests[first].offences is None):
            problems.append(
                RefProblem(
                    ("requests", i),
                    f"requests[{first}] and this request are both from {request.by} to {request.to} for "
                    f"{request.person!r}, and only one names its offences",
                    "make them one request: list every offence it is for under offences:, or leave offences: out",
                )
            )
    offence_ids = {o.id: o for o in case.offences}
    judged: set[tuple[str, str, str]] = set()
    for i, judgment in enumerate(case.prior_judgments):
        loc = ("prior_judgments", i)
        triple = (judgment.state, judgment.person, judgment.offence)
        if triple in judged:  # two outcomes for one trial cannot both be true
            problems.append(
                RefProblem(
                    loc,
                    f"{judgment.state} already has a judgment of {judgment.person!r} for {judgment.offence!r}",
                    "list each state's judgment of a person for an offence once, with its outcome",
                )
            )
        judged.add(triple)
        offence = offence_ids.get(judgment.offence)
        if offence is None:
            problems.append(
                RefProblem(
                    (*loc, "offence"),
                    f"offence {judgment.offence!r} is not in offences:",
                    nearest(judgment.offence, set(offence_ids), "name an offence id"),
                )
            )
        elif person(judgment.person, (*loc, "person")) and judgment.person not in {r.person for r in offence.offenders}:
            problems.append(
                RefProblem(
                    (*loc, "person"),
                    f"{judgment.person!r} is not an offender of {offence.id!r}",
                    "name one of that offence's offenders",
                )
            )
    for i, (a, b) in enumerate(case.extradition_treaties):
        if a == b:
            problems.append(
                RefProblem(("extradition_treaties", i), "a treaty needs two different states", "name both parties")
            )
    return problems
