"""Guided entry of a case, step by step, each answer checked at once (`jurex new`).

For prosecutors who do not write YAML: states by name or code ("Philippines" -> PHL), people, vessels, offences
with their acts, requests; the result is a valid case file.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from jurisdiction import words
from jurisdiction.engine.catalogue import catalogue
from jurisdiction.vocabulary import SCHEMA

Ask = Callable[[str, str], str]  # (question, default) -> answer
Say = Callable[[str], None]
Record = Callable[[list[str]], None]  # called with every answer so far, after each answer asked
DRAFT_SCHEMA = "jurex-draft/1"


class Invalid(ValueError):
    """The answer cannot be used: the message says why and what to type."""


def resolve_state(text: str) -> str:
    """A state from its ISO code or its name, e.g. "Philippines" -> "PHL"."""
    import pycountry

    from jurisdiction.input.countries import is_state_code

    text = text.strip()
    if not text:
        raise Invalid("a state is needed")
    if is_state_code(text.upper()) and len(text) == 3:
        return text.upper()
    if len(text) == 2 and (hit := pycountry.countries.get(alpha_2=text.upper())):
        return hit.alpha_3
    lowered = text.lower()
    for c in pycountry.countries:
        names = {c.name, getattr(c, "common_name", ""), getattr(c, "official_name", "")}
        if lowered in {n.lower() for n in names if n}:
            return c.alpha_3
    try:
        hits = pycountry.countries.search_fuzzy(text)
    except LookupError:
        hits = []
    if len(hits) == 1:
        return hits[0].alpha_3
    if hits:
        options = ", ".join(f"{h.name} ({h.alpha_3})" for h in hits[:5])
        raise Invalid(f"{text!r} could be: {options}; type the code")
    raise Invalid(f"no state called {text!r}; type its name or ISO code, e.g. Philippines or PHL")


def _states(text: str) -> list[str]:
    return [resolve_state(part) for part in text.split(",") if part.strip()]


def _date(text: str) -> str:
    try:
        return dt.date.fromisoformat(text.strip()).isoformat()
    except ValueError:
        raise Invalid("write the date as YYYY-MM-DD, e.g. 2019-06-01") from None


def _choice(options: tuple[str, ...]) -> Callable[[str], str]:
    def check(text: str) -> str:
        if text.strip() not in options:
            raise Invalid("one of: " + ", ".join(options))
        return text.strip()

    return check


def _category(text: str) -> str:
    from jurisdiction.errors import nearest

    if text.strip() == "?":
        raise Invalid("the categories: " + ", ".join(catalogue()))
    if text.strip() not in catalogue():
        raise Invalid(f"unknown category: {nearest(text.strip(), set(catalogue()), 'type ? for the list')}")
    return text.strip()


def _age_or_birth(text: str) -> tuple[str, Any] | None:
    """A victim's date of birth (YYYY-MM-DD: the age on every date follows) or age in years at the case's date."""
    text = text.strip()
    if not text:
        return None
    if text.isdigit() and 0 <= int(text) <= 150:
        return ("age", int(text))
    try:
        return ("born", _date(text))
    except Invalid:
        raise Invalid("a date of birth (YYYY-MM-DD), or the age in years at the case's date; empty: unknown") from None


def _optional_date(text: str) -> str:
    return _date(text) if text.strip() else ""


class Interview:
    """The questions, in order; every answer is checked before the next question."""

    def __init__(self, ask: Ask, say: Say, *, replay: Sequence[str] = (), record: Record | None = None) -> None:
        """`replay`: answers given before (a draft's), taken in order in place of asking, each checked again;
        `record`: told of every answer so far after each one asked, to keep them (the draft)."""
        self.ask, self.say = ask, say
        self.answers: list[str] = []  # every accepted answer, as typed, in order: what a draft keeps
        self._replay = list(replay)
        self._record = record

    def get(self, question: str, check: Callable[[str], Any] = lambda t: t.strip(), default: str = "") -> Any:
        while True:
            replayed = bool(self._replay)
            answer = self._replay.pop(0) if replayed else self.ask(question, default)
            try:
                value = check(answer)
            except Invalid as exc:
                if replayed:  # the data or the checks changed since the draft: ask from here, never guess
                    self._replay.clear()
                    self.say(words.DRAFT_STALE.format(answer=answer, reason=exc))
                else:
                    self.say(f"  ! {exc}")
                continue
            self.answers.append(answer)
            if replayed:
                self.say(words.DRAFT_REPLAYED.format(question=question, answer=answer))
            elif self._record is not None:
                self._record(list(self.answers))
            return value

    def run(self) -> dict[str, Any]:
        say = self.say
        case: dict[str, Any] = {"schema": SCHEMA}
        case["id"] = self.get("Case id", lambda t: t.strip() or _fail("an id is needed"), "new-case")
        case["title"] = self.get("Title (one line)", lambda t: t.strip() or _fail("a title is needed"))
        case["date"] = self.get("Date of the conduct (YYYY-MM-DD)", _date)
        narrative = self.get("Narrative (optional)")
        if narrative:
            case["narrative"] = narrative

        say("People (the offenders, the child victims, and anyone else). An empty name ends the list.")
        people: dict[str, Any] = {}
        while name := self.get("  Name of a person"):
            if name in people:
                say(f"  ! {name} is already in the case")
                continue
            kind = self.get(f"  {name}: natural or legal person", _choice(("natural", "legal")), "natural")
            person: dict[str, Any] = {"kind": kind} if kind == "legal" else {}
            person["nationality"] = self.get(
                f"  {name}: nationalities (names or codes, comma-separated; empty if stateless or unknown)", _states
            )
            if kind == "natural":
                if residence := self.get(
                    f"  {name}: habitual residence (empty if unknown)", lambda t: resolve_state(t) if t.strip() else ""
                ):
                    person["habitual_residence"] = residence
                if present := self.get(
                    f"  {name}: where is {name} now (empty if unknown)", lambda t: resolve_state(t) if t.strip() else ""
                ):
                    person["present_in"] = present
                if born := self.get(
                    f"  {name}: if a victim, date of birth (YYYY-MM-DD) or age at the case's date (empty otherwise)",
                    _age_or_birth,
                ):
                    person[born[0]] = born[1]
            people[name] = person
        if not people:
            say("  ! a case needs at least one person; the first one you name will be asked for again")
            return self.run()
        case["people"] = people

        say("Ships and aircraft on board which something happened. An empty id ends the list.")
        vessels: dict[str, Any] = {}
        while vid := self.get("  Vessel id"):
            vtype = self.get(f"  {vid}: ship or aircraft", _choice(("ship", "aircraft")))
            vessels[vid] = {"type": vtype, "registered_in": self.get(f"  {vid}: registered in", resolve_state)}
        if vessels:
            case["vessels"] = vessels

        def person_check(text: str) -> str:
            if text.strip() not in people:
                raise Invalid("one of: " + ", ".join(people))
            return text.strip()

        def place(text: str) -> Any:
            text = text.strip()
            if text.lower() == "high seas":
                return {"high_seas": True}
            if text.lower().startswith("vessel "):
                parts = text.split()
                vid = parts[1] if len(parts) > 1 else ""
                if vid not in vessels:
                    raise Invalid("no such vessel; declare it first, or: " + ", ".join(vessels or {"(none yet)": 0}))
                if len(parts) >= 4 and parts[2] == "in":
                    return {"vessel": vid, "waters": resolve_state(" ".join(parts[3:]))}
                return {"vessel": vid, "high_seas": True} if "high" in parts else {"vessel": vid}
            return resolve_state(text)

        say("Offences. An empty id ends the list.")
        offences = []
        while oid := self.get("  Offence id"):
            offence: dict[str, Any] = {
                "id": oid,
                "category": self.get(f"  {oid}: category (? for the list)", _category),
            }
            offenders = []
            while who := self.get(
                f"  {oid}: an offender (empty to finish)", lambda t: person_check(t) if t.strip() else ""
            ):
                role = self.get(
                    f"  {oid}: role of {who}",
                    _choice(("perpetration", "attempt", "instigation", "complicity", "participation")),
                    "perpetration",
                )
                offenders.append({"person": who, "role": role})
            if not offenders:
                say("  ! an offence needs an offender; this one is dropped")
                continue
            offence["offenders"] = offenders
            offence["victims"] = self.get(
                f"  {oid}: child victims (names, comma-separated; empty if none)",
                lambda t: [person_check(v) for v in t.split(",") if v.strip()],
            )
            if depicted := self.get(
                f"  {oid}: if abuse material, when it was made (YYYY-MM-DD; empty if not, or unknown)", _optional_date
            ):
                offence["depicted_on"] = depicted
            acts = []
            while what := self.get(f"  {oid}: what was done (empty to finish)"):
                act: dict[str, Any] = {"what": what}
                if by := self.get(
                    "    by whom (empty if no one in particular)", lambda t: person_check(t) if t.strip() else ""
                ):
                    act["by"] = by
                act["in"] = self.get('    where: a state, "vessel ID", "vessel ID in STATE", or "high seas"', place)
                element = self.get("    a conduct or a result", _choice(("conduct", "result")), "conduct")
                if element != "conduct":
                    act["element"] = element
                if when := self.get("    when (YYYY-MM-DD; empty: the case's date)", _optional_date):
                    act["date"] = when
                acts.append(act)
            if not acts:
                say("  ! an offence needs at least one act; this one is dropped")
                continue
            offence["acts"] = acts
            offences.append(offence)
        case["offences"] = offences

        say("Extradition requests made. An empty requesting state ends the list.")
        requests = []
        offenders_all = sorted({r["person"] for o in offences for r in o["offenders"]})
        while by := self.get("  Requesting state", lambda t: resolve_state(t) if t.strip() else ""):
            to = self.get("  Requested state", resolve_state)
            who = self.get(
                "  The person sought",
                lambda t: (
                    t.strip() if t.strip() in offenders_all else _fail("an offender: " + ", ".join(offenders_all))
                ),
            )
            theirs = [o["id"] for o in offences if who in {r["person"] for r in o["offenders"]}]
            request: dict[str, Any] = {"by": by, "to": to, "person": who}
            if asked := self.get(
                f"  The offences it is for (comma-separated; empty: all of {who}'s: {', '.join(theirs)})",
                lambda t, theirs=theirs: [
                    v.strip() if v.strip() in theirs else _fail("offences of the person: " + ", ".join(theirs))
                    for v in t.split(",")
                    if v.strip()
                ],
            ):
                request["offences"] = asked
            if decided := self.get(
                "  When the requested state decided on it (YYYY-MM-DD; empty: not yet, its law of today applies)",
                _optional_date,
            ):
                request["decided_on"] = decided
            requests.append(request)
        if requests:
            case["requests"] = requests
        return case


def _fail(message: str) -> Any:
    raise Invalid(message)


def draft_path(output: Path | None) -> Path:
    """Where the answers are kept while a case is entered: beside the output (case.yaml -> case.draft.yaml)."""
    if output is None:
        return Path("jurex-new.draft.yaml")  # the case's id, hence its file name, is not known yet
    return output.with_name(output.name.removesuffix(".yaml").removesuffix(".yml") + ".draft.yaml")


def draft_text(output: Path | None, answers: list[str]) -> str:
    import yaml

    body = {"schema": DRAFT_SCHEMA, "output": str(output) if output else None, "answers": answers}
    return yaml.safe_dump(body, sort_keys=False, allow_unicode=True, width=110)


def read_draft(path: Path) -> tuple[Path | None, list[str]]:
    """A draft's output and answers; a file that is not one is refused, naming the file and what is wrong."""
    import yaml

    from jurisdiction.errors import CaseError, Problem

    def refused(where: str, message: str, line: int | None = None) -> CaseError:
        return CaseError(str(path), [Problem(where, message, words.DRAFT_FIX, line)], where=words.DRAFT_WHERE)

    try:
        data = path.read_bytes()
    except FileNotFoundError:  # for reading, not the output's "the folder does not exist"
        raise refused("", words.DRAFT_MISSING) from None
    try:
        body = yaml.safe_load(data.decode("utf-8"))
    except (yaml.YAMLError, ValueError) as exc:  # ValueError: bad UTF-8, or a date like 2020-13-01
        mark = getattr(exc, "problem_mark", None)
        reason = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise refused("", words.DRAFT_UNREADABLE.format(reason=reason), mark.line + 1 if mark else None) from None
    if not isinstance(body, dict) or body.get("schema") != DRAFT_SCHEMA:
        raise refused("", words.DRAFT_NOT_A_DRAFT.format(schema=DRAFT_SCHEMA))
    answers, output = body.get("answers"), body.get("output")
    if not isinstance(answers, list) or not all(isinstance(a, str) for a in answers):
        raise refused("answers", words.DRAFT_BAD_FIELD.format(what="a list of texts"))
    if output is not None and not isinstance(output, str):
        raise refused("output", words.DRAFT_BAD_FIELD.format(what="a file name, or empty"))
    return (Path(output) if output else None), answers
