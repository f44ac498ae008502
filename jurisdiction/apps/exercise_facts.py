"""The handout's facts: every fact an exercise's answer key rests on, one sentence each, states by name and code.

Two sources, one wording. `handout_facts` reads the case and what the analysis read of the data (party status,
reservations, national law); `grounds` turns a premise a conclusion cites (findings `because`) into the handout
facts it rests on. A test checks, over the library, that the second is always within the first: the handout
then gives every fact the key relies on."""

from __future__ import annotations

from typing import Any

from jurisdiction import words
from jurisdiction.data.states import bundled
from jurisdiction.findings.types import Analysis, ProfileFact
from jurisdiction.input.countries import name_of
from jurisdiction.input.model import Case, OnBoard

# The premise fields that hold a state code: named in full where a trainee reads them.
STATE_KEYS = ("state", "other_state", "requesting", "requested", "sending_state", "receiving_state")
# Premises that are national law: the field the analysis read them as (profile/3).
LAW_PREMISES = (
    "extradites_nationals",
    "extradition_requires_treaty",
    "extradites_only_for_offences_in_requesting_state",
    "extradites_nationals_on_return_guarantee",
    "foreign_judgment_bars",
)

Fact = dict[str, Any]


def state(code: str) -> str:
    """A state as a trainee reads it: "Thailand (THA)"."""
    name = name_of(code)
    return code if name == code else f"{name} ({code})"


def _where(raw: object) -> object:
    """A place as words.place reads it, its states named: from a premise's dict or the case's model."""
    if isinstance(raw, OnBoard):
        raw = raw.model_dump(exclude_defaults=True)
    if isinstance(raw, dict):
        if raw.get("vessel"):
            waters = state(raw["waters"]) if raw.get("waters") else None
            return _Place(raw["vessel"], waters, bool(raw.get("high_seas")))
        return _Place(high_seas=True)
    return state(str(raw))


class _Place:
    def __init__(self, vessel: str | None = None, waters: str | None = None, high_seas: bool = False) -> None:
        if vessel is not None:
            self.vessel = vessel
        self.waters, self.high_seas = waters, high_seas


def sentence(f: Fact, instrument: str) -> str:
    """One handout fact in words."""
    kind = f["fact"]
    values = {k: (state(v) if k in STATE_KEYS and isinstance(v, str) else v) for k, v in f.items()}
    if kind == "law":
        # The field and its value in words (words.law_term): no identifier or Python literal reaches the trainee.
        name, _, args = str(f["field"]).partition("(")
        value = words.value(f["value"])
        # A dated value says the period of the law it is (the rules read each on its own date).
        since, until = f.get("from"), f.get("until") or ""
        period = words.EXERCISE_LAW_PERIOD.format(period=words.period(since, until)) if since else ""
        if name == "extradites_nationals_except_to":  # its argument is a state, named like every other
            other = state(args.rstrip(")").strip('"'))
            return words.LAW_FIELD[name].format(state=values["state"], o=other, value=value) + period
        return f"{words.law_term(values['state'], str(f['field']))}: {value}{period}"
    if kind == "act":
        return words.EXERCISE_FACT["act"].format(
            offence=f["offence"], act=words.act(f.get("what"), f.get("by"), _where(f.get("in")), f["element"])
        )
    if kind == "party":
        values["status_words"] = words.party_status(f["status"], instrument)
    if kind == "party_detail":
        values["instrument"] = instrument
    if kind == "prior_judgment":
        values["outcome_words"] = words.JUDGMENT_OUTCOME.get(str(f.get("outcome")), "outcome not stated")
    if kind == "category":
        values["category"] = words.category(str(f["category"]))
    # A sentence of the data may end with its own full stop: the handout adds one.
    return words.EXERCISE_FACT[kind].format(**values).rstrip(".")


def _act(offence: str, a: Any) -> Fact:
    where = a.in_ if isinstance(a.in_, str) else a.in_.model_dump(exclude_defaults=True)
    return {"fact": "act", "offence": offence, "what": a.what, "by": a.by, "in": where, "element": a.element}


def handout_facts(case: Case, analysis: Analysis) -> dict[str, list[str]]:
    """The handout's facts, section by section: the case's own, and the data the analysis read."""
    instrument = analysis.regime.instrument
    out: dict[str, list[Fact]] = {k: [] for k in words.EXERCISE_SECTIONS}
    for pid, p in case.people.items():
        people = out["people"]
        if p.kind == "legal":
            people.append({"fact": "legal_person", "person": pid})
        people += [{"fact": "nationality", "person": pid, "state": s} for s in p.nationality]
        if p.habitual_residence:
            people.append({"fact": "habitual_residence", "person": pid, "state": p.habitual_residence})
        if p.present_in:
            people.append({"fact": "present_in", "person": pid, "state": p.present_in})
        if p.age is not None:
            people.append({"fact": "age", "person": pid, "age": p.age})
        if p.born is not None:
            people.append({"fact": "born", "person": pid, "born": p.born.isoformat()})
        if (i := p.diplomatic_immunity) is not None:
            immunity = {"person": pid, "sending_state": i.sending_state, "receiving_state": i.receiving_state}
            people.append({"fact": "diplomat", **immunity})
            people += [{"fact": k, **immunity} for k, on in (("immunity_waived", i.waived), ("immunity_ended", i.ended))
                       if on]  # fmt: skip
    for vid, v in case.vessels.items():
        out["vessels"].append({"fact": "vessel", "vessel": vid, "type": v.type, "state": v.registered_in})
    for o in case.offences:
        done = out["offences"]
        done.append({"fact": "category", "offence": o.id, "category": o.category})
        done += [{"fact": "role", "offence": o.id, "person": r.person, "role": r.role} for r in o.offenders]
        done += [{"fact": "victim", "offence": o.id, "person": v} for v in o.victims]
        for a in o.acts:
            done.append({**_act(o.id, a), "date": (a.date or case.date).isoformat()})
            if a.premises_of:
                done.append(
                    {"fact": "premises", "offence": o.id, "sending_state": a.premises_of, "receiving_state": a.in_}
                )
    legal = out["requests"]
    for r in case.requests:
        pair = {"requesting": r.by, "requested": r.to, "person": r.person}
        legal.append({"fact": "request", **pair})
        legal += [{"fact": "request_offence", **pair, "offence": o} for o in r.offences or ()]
        if r.decided_on:
            legal.append({"fact": "decided_on", **pair, "date": r.decided_on.isoformat()})
    legal += [_treaty(a, b) for a, b in case.extradition_treaties]
    legal.append({"fact": "no_other_treaty"})
    legal += [
        {"fact": "prior_judgment", "state": j.state, "person": j.person, "offence": j.offence, "outcome": j.outcome}
        for j in case.prior_judgments
    ]
    data = bundled()
    for s in analysis.states:
        out["states"].append({"fact": "party", "state": s.state, "status": s.party_status, "date": str(case.date)})
        out["states"].append({"fact": "party_detail", "state": s.state, "detail": s.detail})
        out["states"] += [
            {"fact": "reservation", "state": s.state, "summary": r.summary}
            for r in data.reservations_of(s.state, analysis.regime.asp)
        ]
    for f in [*analysis.facts_used, *analysis.assumptions]:
        value = f.value if f.origin != "unknown" else words.EXERCISE_UNKNOWN
        out["law"].append({"fact": "law", "state": f.state, "field": f.field, "value": value, **_period_of(f)})
    return {k: list(dict.fromkeys(_with_date(f, instrument) for f in fs)) for k, fs in out.items() if fs}


def _period_of(f: ProfileFact) -> Fact:
    """The period of a dated bundled value, as the handout states it."""
    return {"from": f.since, "until": f.until} if f.since else {}


def _period_used(law: Fact, p: Fact, analysis: Analysis) -> Fact:
    """The period of the value a premise rests on (the premise names its start): the national-law fact used."""
    for f in analysis.facts_used:
        if (f.state, f.field, f.since) == (law["state"], law["field"], p.get("from", "")) and f.since:
            return _period_of(f)
    return {}


def _treaty(a: str, b: str) -> Fact:
    """A treaty binds both ways: its states in one order, whichever the case or the rules name first."""
    first, second = sorted((a, b))
    return {"fact": "treaty", "state": first, "other_state": second}


def _with_date(f: Fact, instrument: str) -> str:
    text = sentence({k: v for k, v in f.items() if not (f["fact"] == "act" and k == "date")}, instrument)
    return text + (words.EXERCISE_FACT["act_date"].format(date=f["date"]) if f["fact"] == "act" else "")


def grounds(p: Fact, analysis: Analysis) -> list[Fact]:
    """The handout facts a premise of a conclusion rests on (a premise may be a step of reasoning: the facts
    under it are what the trainee is given)."""
    kind, case = p.get("fact"), analysis.case
    person = {"person": p.get("person")}
    immunity = {**person, "sending_state": p.get("sending_state"), "receiving_state": p.get("receiving_state")}
    if kind in LAW_PREMISES:
        law = {"fact": "law", "state": p["state"], "field": kind, "value": p.get("value")}
        return [{**law, **_period_used(law, p, analysis)}]
    if kind == "extradites_nationals_except_to":
        law = {"fact": "law", "state": p["state"], "field": f'{kind}("{p["other_state"]}")', "value": True}
        return [{**law, **_period_used(law, p, analysis)}]
    if kind == "not_criminalised":
        return [{"fact": "law", "state": p["state"], "field": f"criminalises({p['category']})", "value": False}]
    if kind == "victim_over_age":
        return [{"fact": "age", **person, "age": p["age"]}]  # the law's age: under a field per category
    if kind == "party_status":
        return [{"fact": "party", "state": p["state"], "status": p["status"], "date": str(case.date)}]
    if kind == "party_on":
        act = {k: p.get(k) for k in ("offence", "what", "by", "in", "element")}
        return [{"fact": "act", **act}, {"fact": "party_detail", "state": p["state"], "detail": _detail(p, analysis)}]
    if kind == "no_extradition_treaty":
        return [{"fact": "no_other_treaty"}]
    if kind == "extradition_treaty":
        return [_treaty(p["state"], p["other_state"])]
    if kind == "vessel_registered":
        return [{"fact": "vessel", "vessel": p["vessel"], "type": p["type"], "state": p["state"]}]
    if kind == "offence_category":
        return [{"fact": "category", "offence": p["offence"], "category": p["category"]}]
    if kind == "reservation":
        summaries = [r.summary for r in bundled().reservations if r.state == p["state"] and r.kind == p["kind"]]
        return [{"fact": "reservation", "state": p["state"], "summary": s} for s in summaries[:1]]
    if kind == "diplomatic_immunity" or kind == "immunity_binds_only":
        return [{"fact": "diplomat", **immunity}]
    if kind in ("immunity_waived", "immunity_ended"):
        return [{"fact": "diplomat", **immunity}, {"fact": kind, **immunity}]
    if kind == "immunity_official_acts_only":
        return [{"fact": "diplomat", **immunity}, {"fact": "nationality", **person, "state": p["receiving_state"]}]
    if kind == "diplomatic_premises":
        return [{"fact": "premises", "offence": p["offence"], **{k: p[k] for k in STATE_KEYS[-2:]}}]
    if kind == "prior_judgment":
        return [{k: p.get(k) for k in ("fact", "state", "person", "offence", "outcome")}]
    return [dict(p)]


def _detail(p: Fact, analysis: Analysis) -> str:
    """The party detail the handout gives the state: the dates a party_on premise is read from."""
    return next((s.detail for s in analysis.states if s.state == p["state"]), "")


def cited(because: tuple[Fact, ...] | list[Fact], analysis: Analysis) -> list[str]:
    """The handout sentences a conclusion's premises rest on, in order, each once."""
    instrument = analysis.regime.instrument
    return list(dict.fromkeys(sentence(g, instrument) for p in because for g in grounds(p, analysis)))
