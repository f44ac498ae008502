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
CLEAR = "-"  # when editing a case: the answer that empties a field, or ends a list there


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

    def __init__(
        self,
        ask: Ask,
        say: Say,
        *,
        replay: Sequence[str] = (),
        record: Record | None = None,
        base: dict[str, Any] | None = None,
    ) -> None:
        """`replay`: answers given before (a draft's), taken in order in place of asking, each checked again;
        `record`: told of every answer so far after each one asked, to keep them (the draft); `base`: a case
        to edit, whose values are the defaults (empty keeps one, `-` clears it) and whose fields no question
        asks about are kept."""
        self.ask, self.say = ask, say
        self.base = base
        self.answers: list[str] = []  # every accepted answer, as typed, in order: what a draft keeps
        self._replay = list(replay)
        self._record = record

    def get(self, question: str, check: Callable[[str], Any] = lambda t: t.strip(), default: str = "") -> Any:
        while True:
            replayed = bool(self._replay)
            answer = self._replay.pop(0) if replayed else self.ask(question, default)
            if self.base is not None and answer.strip() == CLEAR:
                answer = ""
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
        case = self._run()
        return case if self.base is None else _keep_unasked(self.base, case)

    def _run(self) -> dict[str, Any]:
        say = self.say
        base = self.base or {}
        was_people = list((base.get("people") or {}).items())
        was_vessels = list((base.get("vessels") or {}).items())
        was_offences, was_requests = base.get("offences") or [], base.get("requests") or []
        case: dict[str, Any] = {"schema": SCHEMA}
        case["id"] = self.get(
            "Case id", lambda t: t.strip() or _fail("an id is needed"), _text(base.get("id", "new-case"))
        )
        case["title"] = self.get(
            "Title (one line)", lambda t: t.strip() or _fail("a title is needed"), _text(base.get("title"))
        )
        case["date"] = self.get("Date of the conduct (YYYY-MM-DD)", _date, _text(base.get("date")))
        narrative = self.get("Narrative (optional)", default=_text(base.get("narrative")))
        if narrative:
            case["narrative"] = narrative

        say("People (the offenders, the child victims, and anyone else). An empty name ends the list.")
        people: dict[str, Any] = {}
        while name := self.get("  Name of a person", default=_nth_key(was_people, len(people))):
            if name in people:
                say(f"  ! {name} is already in the case")
                continue
            was = _nth(was_people, len(people))
            kind = self.get(
                f"  {name}: natural or legal person", _choice(("natural", "legal")), was.get("kind", "natural")
            )
            person: dict[str, Any] = {"kind": kind} if kind == "legal" else {}
            person["nationality"] = self.get(
                f"  {name}: nationalities (names or codes, comma-separated; empty if stateless or unknown)",
                _states,
                _text(was.get("nationality")),
            )
            if kind == "natural":
                if residence := self.get(
                    f"  {name}: habitual residence (empty if unknown)",
                    lambda t: resolve_state(t) if t.strip() else "",
                    _text(was.get("habitual_residence")),
                ):
                    person["habitual_residence"] = residence
                if present := self.get(
                    f"  {name}: where is {name} now (empty if unknown)",
                    lambda t: resolve_state(t) if t.strip() else "",
                    _text(was.get("present_in")),
                ):
                    person["present_in"] = present
                if born := self.get(
                    f"  {name}: if a victim, date of birth (YYYY-MM-DD) or age at the case's date (empty otherwise)",
                    _age_or_birth,
                    _text(was.get("born", was.get("age"))),
                ):
                    person[born[0]] = born[1]
            people[name] = person
        if not people:
            say("  ! a case needs at least one person; the first one you name will be asked for again")
            return self._run()
        case["people"] = people

        say("Ships and aircraft on board which something happened. An empty id ends the list.")
        vessels: dict[str, Any] = {}
        while vid := self.get("  Vessel id", default=_nth_key(was_vessels, len(vessels))):
            was = _nth(was_vessels, len(vessels))
            vtype = self.get(f"  {vid}: ship or aircraft", _choice(("ship", "aircraft")), _text(was.get("type")))
            vessels[vid] = {
                "type": vtype,
                "registered_in": self.get(f"  {vid}: registered in", resolve_state, _text(was.get("registered_in"))),
            }
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
        while oid := self.get("  Offence id", default=_text(_at(was_offences, len(offences)).get("id"))):
            was_offence = _at(was_offences, len(offences))
            offence: dict[str, Any] = {
                "id": oid,
                "category": self.get(
                    f"  {oid}: category (? for the list)", _category, _text(was_offence.get("category"))
                ),
            }
            offenders: list[dict[str, Any]] = []
            while who := self.get(
                f"  {oid}: an offender (empty to finish)",
                lambda t: person_check(t) if t.strip() else "",
                _text(_at(was_offence.get("offenders"), len(offenders)).get("person")),
            ):
                role = self.get(
                    f"  {oid}: role of {who}",
                    _choice(("perpetration", "attempt", "instigation", "complicity", "participation")),
                    _at(was_offence.get("offenders"), len(offenders)).get("role", "perpetration"),
                )
                offenders.append({"person": who, "role": role})
            if not offenders:
                say("  ! an offence needs an offender; this one is dropped")
                continue
            offence["offenders"] = offenders
            offence["victims"] = self.get(
                f"  {oid}: child victims (names, comma-separated; empty if none)",
                lambda t: [person_check(v) for v in t.split(",") if v.strip()],
                _text(was_offence.get("victims")),
            )
            if depicted := self.get(
                f"  {oid}: if abuse material, when it was made (YYYY-MM-DD; empty if not, or unknown)",
                _optional_date,
                _text(was_offence.get("depicted_on")),
            ):
                offence["depicted_on"] = depicted
            acts: list[dict[str, Any]] = []
            while what := self.get(
                f"  {oid}: what was done (empty to finish)",
                default=_text(_at(was_offence.get("acts"), len(acts)).get("what")),
            ):
                was_act = _at(was_offence.get("acts"), len(acts))
                act: dict[str, Any] = {"what": what}
                if by := self.get(
                    "    by whom (empty if no one in particular)",
                    lambda t: person_check(t) if t.strip() else "",
                    _text(was_act.get("by")),
                ):
                    act["by"] = by
                act["in"] = self.get(
                    '    where: a state, "vessel ID", "vessel ID in STATE", or "high seas"',
                    place,
                    _place_text(was_act.get("in")),
                )
                element = self.get(
                    "    a conduct or a result", _choice(("conduct", "result")), was_act.get("element", "conduct")
                )
                if element != "conduct":
                    act["element"] = element
                if when := self.get(
                    "    when (YYYY-MM-DD; empty: the case's date)", _optional_date, _text(was_act.get("date"))
                ):
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
        while by := self.get(
            "  Requesting state",
            lambda t: resolve_state(t) if t.strip() else "",
            _text(_at(was_requests, len(requests)).get("by")),
        ):
            was = _at(was_requests, len(requests))
            to = self.get("  Requested state", resolve_state, _text(was.get("to")))
            who = self.get(
                "  The person sought",
                lambda t: (
                    t.strip() if t.strip() in offenders_all else _fail("an offender: " + ", ".join(offenders_all))
                ),
                _text(was.get("person")),
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
                _text(was.get("offences")),
            ):
                request["offences"] = asked
            if decided := self.get(
                "  When the requested state decided on it (YYYY-MM-DD; empty: not yet, its law of today applies)",
                _optional_date,
                _text(was.get("decided_on")),
            ):
                request["decided_on"] = decided
            requests.append(request)
        if requests:
            case["requests"] = requests
        return case


def _fail(message: str) -> Any:
    raise Invalid(message)


# What each question of the interview sets, by where it sits: `--edit` keeps every other field of the case (and
# its schema: moving a case to a newer one is `jurex validate --upgrade`'s work).
ASKED = {
    "case": {"id", "title", "date", "narrative", "people", "vessels", "offences", "requests"},
    "person": {"kind", "nationality", "habitual_residence", "present_in", "age", "born"},
    "vessel": {"type", "registered_in"},
    "offence": {"id", "category", "offenders", "victims", "depicted_on", "acts"},
    "act": {"what", "by", "in", "element", "date"},
    "request": {"by", "to", "person", "offences", "decided_on"},
}


def _kept(was: Any, now: dict[str, Any], asked: str) -> dict[str, Any]:
    """`now`, with the fields of `was` (the same place in the case before) that no question asked about."""
    if not isinstance(was, dict):
        return now
    return {**now, **{k: v for k, v in was.items() if k not in ASKED[asked]}}


def _keep_unasked(base: dict[str, Any], case: dict[str, Any]) -> dict[str, Any]:
    """The edited case: each person, vessel, offence, act and request keeps what the questions do not cover,
    matched by its place in the list (the interview walks them in order)."""
    out = _kept(base, case, "case")
    people = list((base.get("people") or {}).values())
    out["people"] = {n: _kept(_at(people, i), p, "person") for i, (n, p) in enumerate(case["people"].items())}
    if "vessels" in case:
        vessels = list((base.get("vessels") or {}).values())
        out["vessels"] = {n: _kept(_at(vessels, i), v, "vessel") for i, (n, v) in enumerate(case["vessels"].items())}
    offences = []
    for i, offence in enumerate(case["offences"]):
        was = _at(base.get("offences"), i)
        acts = [_kept(_at(was.get("acts"), j), a, "act") for j, a in enumerate(offence["acts"])]
        offences.append({**_kept(was, offence, "offence"), "acts": acts})
    out["offences"] = offences
    if "requests" in case:
        out["requests"] = [_kept(_at(base.get("requests"), i), r, "request") for i, r in enumerate(case["requests"])]
    return out


def _at(items: Any, i: int) -> dict[str, Any]:
    """The i-th item of a list of mappings in the case being edited, or nothing."""
    return items[i] if isinstance(items, list) and i < len(items) and isinstance(items[i], dict) else {}


def _nth(pairs: list[tuple[str, Any]], i: int) -> dict[str, Any]:
    return pairs[i][1] if i < len(pairs) and isinstance(pairs[i][1], dict) else {}


def _nth_key(pairs: list[tuple[str, Any]], i: int) -> str:
    return pairs[i][0] if i < len(pairs) else ""


def _text(value: Any) -> str:
    """A value of the case as it would be typed at the question: a list comma-separated, a date as YYYY-MM-DD."""
    if value is None:
        return ""
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)


def _place_text(where: Any) -> str:
    """An act's place as typed at its question: PHL, "high seas", "vessel V", "vessel V in STATE"."""
    if not isinstance(where, dict):
        return _text(where)
    if "vessel" not in where:
        return "high seas" if where.get("high_seas") else ""
    said = f"vessel {where['vessel']}"
    if where.get("waters"):
        return f"{said} in {where['waters']}"
    return f"{said} high seas" if where.get("high_seas") else said


def draft_path(output: Path | None) -> Path:
    """Where the answers are kept while a case is entered: beside the output (case.yaml -> case.draft.yaml)."""
    if output is None:
        return Path("jurex-new.draft.yaml")  # the case's id, hence its file name, is not known yet
    return output.with_name(output.name.removesuffix(".yaml").removesuffix(".yml") + ".draft.yaml")


def draft_text(output: Path | None, answers: list[str], edit: Path | None = None) -> str:
    """A draft: where the case goes, the case being edited (if so: its values are the defaults), the answers."""
    import yaml

    body: dict[str, Any] = {"schema": DRAFT_SCHEMA, "output": str(output) if output else None}
    if edit is not None:
        body["edit"] = str(edit)
    body["answers"] = answers
    return yaml.safe_dump(body, sort_keys=False, allow_unicode=True, width=110)


def read_draft(path: Path) -> tuple[Path | None, Path | None, list[str]]:
    """A draft's output, the case it edits, and its answers; a file that is not one is refused, naming the file
    and what is wrong."""
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
    except (yaml.YAMLError, ValueError) as exc:  # ValueError: bad UTF-8, or a date such as 2020-13-01
        mark = getattr(exc, "problem_mark", None)
        reason = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise refused("", words.DRAFT_UNREADABLE.format(reason=reason), mark.line + 1 if mark else None) from None
    if not isinstance(body, dict) or body.get("schema") != DRAFT_SCHEMA:
        raise refused("", words.DRAFT_NOT_A_DRAFT.format(schema=DRAFT_SCHEMA))
    answers, output, edit = body.get("answers"), body.get("output"), body.get("edit")
    if not isinstance(answers, list) or not all(isinstance(a, str) for a in answers):
        raise refused("answers", words.DRAFT_BAD_FIELD.format(what="a list of texts"))
    if output is not None and not isinstance(output, str):
        raise refused("output", words.DRAFT_BAD_FIELD.format(what="a file name, or empty"))
    if edit is not None and not (isinstance(edit, str) and edit):
        raise refused("edit", words.DRAFT_BAD_FIELD.format(what="the case file being edited"))
    return (Path(output) if output else None), (Path(edit) if edit else None), answers
