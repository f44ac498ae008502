"""Every sentence a person reads about a case, written once: the table, the memo, the explanation, the graph,
the exercises and the JSON messages all take their words from here.

The words are regime-neutral: where a sentence names the instrument, it takes the regime's own name
(logic/regimes.yaml: `instrument`), and where it cites a provision, the provision comes from the rules. So no
sentence says "OPSC" of the Lanzarote Convention. This module sits beside vocabulary.py, below every stage,
because the findings' JSON carries some of these sentences (warnings, party-status details) too. It is long on
purpose: one table of sentences, so that every sentence is found, and changed, in one place.
"""

from __future__ import annotations

from typing import Any

# --- Modalities


MODALITY = {"obligatory": "must", "optional": "may", "encouraged": "encouraged", "none": "not bound"}
# The same, as a verb phrase in a sentence ("GBR must establish jurisdiction ...").
MODALITY_VERB = {
    "obligatory": "must",
    "optional": "may",
    "encouraged": "is encouraged to",
    "none": "is not bound by {instrument} to",
}
# What a regime that is not a treaty (logic/regimes.yaml: recommended) says in every view.
RECOMMENDED_NOTE = "not a treaty: its 'must' is what the Committee recommends, not a duty in force"


def modality(name: str, *, recommended: bool = False, conditional: bool = False) -> str:
    """ "obligatory" -> "must"; under a recommendation-only regime "must (recommended)"."""
    word = MODALITY.get(name, name)
    if recommended and name == "obligatory":
        word += " (recommended)"
    return word + (" (if)" if conditional else "")


def modality_verb(name: str, instrument: str, *, recommended: bool = False) -> str:
    verb = MODALITY_VERB.get(name, name).format(instrument=instrument)
    return "is recommended to" if recommended and name == "obligatory" else verb


def regime_heading(title: str, label: str, recommended: bool) -> str:
    """The regime as an answer names it in its heading."""
    return f"{label}: {title}" + (f" — {RECOMMENDED_NOTE}" if recommended else "")


# --- Party status


PARTY_STATUS = {
    "party": "a party to {instrument}",
    "not_party": "not a party to {instrument}",
    "uncertain": "possibly a party to {instrument}",
    "unknown": "of unknown status under {instrument}",
}
STATUS_COLUMN = "Status under {instrument} on the conduct date"


def party_status(status: str, instrument: str) -> str:
    return PARTY_STATUS.get(status, status).format(instrument=instrument)


def date_text(n: object) -> str:
    """A date as the rules write it (YYYYMMDD) in ISO form."""
    n = int(n)  # type: ignore[call-overload]
    return f"{n // 10000:04d}-{n // 100 % 100:02d}-{n % 100:02d}"


# Why a state has its party status (party_status_because/3): the reason's name and its arguments.
PARTY_DETAIL = {
    "in_force_since": "in force for it since {date}",
    "instrument_year": "instrument deposited in {year}, day unknown",
    "party_by": "a party by {date}, earlier date unknown",
    "non_party_as_of": "not a party as of {date}, later status unknown",
    "party_undated": "listed as a party, no date known",
    "assumed_not_party": "not a party (case assume:)",
    "assumed_party": "a party (case assume:)",
    "all_parties_assumed": "assumed a party (--assume-all-parties)",
    "no_data": "jurex holds no sourced status for it under {instrument}",
    "before_protocol": "{instrument} was not yet in force",
    "before_in_force": "{instrument} was not yet in force",
    "denounced": "its denunciation took effect on {date} (a year after its notice): not a party since",
    "between": "not a party as of {date}, a party by {date2}: in between, uncertain",
    # Directive 2011/93/EU: it binds member states (regimes/common.lp).
    "member_state": "an EU member state since {year}, bound from the entry into force of {instrument} "
    "(17 to 21 December 2011)",
    "acceded": "an EU member state since {date}, bound from its accession",
    "not_member_state": "not an EU member state: {instrument} binds member states only",
    "not_bound": "not bound by {instrument} (its own position: see the source of its data)",
    "bound_until": "bound as to acts up to {date} only",
}


def party_detail(name: str, args: list[object], instrument: str) -> str:
    template = PARTY_DETAIL.get(name)
    if template is None:
        return name.replace("_", " ")
    first = args[0] if args else ""
    second = args[1] if len(args) > 1 else ""
    return template.format(
        date=date_text(first) if "{date}" in template else "",
        date2=date_text(second) if "{date2}" in template else "",
        year=first,
        instrument=instrument,
    )


# `jurex states`: every regime's status on a day, one state's records.
STATES_TITLE = "Party status on {date} under every regime ({n} states)"
STATES_TITLE_ONE = "Status under {instrument} on {date} ({n} states)"
STATES_REGIME_LINE = "{title} on {date}: {status} ({detail})"
STATES_NO_RECORD = "  no row in its list"


# --- Places and acts


def place(where: object) -> str:
    """Where an act took place: "in GBR", "on board V in the waters or airspace of FRA", "on the high seas"."""
    vessel = getattr(where, "vessel", None)
    if vessel is not None:
        waters, high_seas = getattr(where, "waters", None), getattr(where, "high_seas", False)
        return f"on board {vessel}" + (
            f" in the waters or airspace of {waters}" if waters else (" on the high seas" if high_seas else "")
        )
    if getattr(where, "high_seas", False):
        return "on the high seas"
    return f"in {where}"


def act(what: str | None, by: str | None, where: object, element: str) -> str:
    """One act in words: '"ordered the show", by viewer, in GBR (conduct)'."""
    text = f'"{what}"' if what else "an act"
    return text + (f", by {by}" if by else "") + f", {place(where)} ({element})"


# --- Conditions


CONDITION = {
    "refuses_to_extradite_national": "if it refuses to extradite its national",
    "no_return_guarantee": "if its conditions for extraditing a national (for trial, with a guarantee of return to "
    "serve the sentence there) are not met",
    "party_at_date": "if it was a party to {instrument} at the conduct date",
    "requires_treaty": "if it needs a treaty to extradite",
    "no_treaty_required": "if it extradites without a treaty",
    "does_not_extradite_for_secondary_roles": "if it extradites only perpetrators",
    "does_not_criminalise": "if its law does not make {category} a crime",
    "criminalises": "if its law makes {category} a crime",
    "requires_double_criminality": "if it requires double criminality for {basis}",
    "no_own_basis": "if its own law gives it no basis either",
    "foreign_judgment_bars": "if its law bars extradition of a person another state has already tried",
    "judgment_not_a_conviction": "if its judgment was not a conviction (a sentence the request would enforce)",
    "own_law_reaches_flag": "if its law reaches the offence on board its ship or aircraft (its reservation to art. "
    "4(1))",
    "immunity_waived_or_ended": "if the person's diplomatic immunity is waived or ends (it bars the exercise until "
    "then)",
}


def condition(text: str, instrument: str) -> str:
    """ "PHL:refuses_to_extradite_national" -> "if PHL refuses to extradite its national"; a bare name is
    said of "it" (a row whose state is the row's own)."""
    state, _, name = text.rpartition(":")
    head, _, arg = name.partition("(")
    template = CONDITION.get(head)
    if template is None:
        words = "if " + name.replace("_", " ")
    else:
        arg = arg.rstrip(")")
        words = template.format(instrument=instrument, category=category(arg), basis=basis(arg))
    if state:
        words = words.replace("if it ", f"if {state} ", 1).replace("if its ", f"if {state}'s ", 1)
    return words


def conditions(texts: list[str] | tuple[str, ...], instrument: str) -> str:
    return " and ".join(condition(c, instrument) for c in texts)


CONTESTABLE = "contestable: rests only on a result element"


# --- Extradition


ROUTE = {
    "bilateral_treaty": "bilateral treaty (offence deemed included)",
    "convention_legal_basis": "the convention as legal basis",
    "recognised_extraditable": "recognised as extraditable",
    "internal_law": "outside the regime: internal law only",
}
TRIGGER = {"request": "request", "hypothetical": "possible request"}


def route(basis: str) -> str:
    return ROUTE.get(basis, basis.replace("_", " "))


def obstacle(kind: str, *, state: str | None, requested: str, requesting: str, person: str, offence: str,
             instrument: str, possible: bool = False) -> str:  # fmt: skip
    """An obstacle to a route, as the requested state's counsel would put it."""
    text = {
        "nationality": f"{requested} does not extradite {person}, its national",
        "double_criminality": f"double criminality: {offence} is not a crime in {state}",
        "secondary_role": f"{requested} extradites only perpetrators",
        "not_party": f"{state} was not a party to {instrument}",
        "no_basis_in_requesting_state": f"{requesting} has no basis to try {person} for {offence}: neither "
        f"{instrument} nor its own law, as far as known, gives it one",
        "diplomatic_immunity": f"{requested} may not arrest or surrender {person}, a diplomat of {state} immune from "
        f"its jurisdiction, unless {state} waives the immunity or it ends",
        "ne_bis_in_idem": f"ne bis in idem: {requested} has already tried {person} for {offence}"
        if state in (None, requested)
        else f"ne bis in idem: {state} has already tried {person} for {offence}, and {requested}'s law lets that "
        "judgment bar extradition",
        "place_of_offence": f"{requested} extradites only for offences committed in {requesting}",
    }.get(kind, kind.replace("_", " "))
    return f"possibly: {text} (not known)" if possible else text


def place_fiction(provision: str, requesting: str, overcomes: bool) -> str:
    return f"{provision}: treated as committed in {requesting}" + (
        " — overcomes the place-of-offence rule" if overcomes else ""
    )


NO_OBSTACLE = "none known"
NO_PROVISION = "—"  # a route the regime does not govern: no provision of it applies


# --- Duties


DUTY = {
    "prosecute_if_not_extradited": "submit the case for prosecution if it does not extradite",
    "establish_jurisdiction": "have jurisdiction over the offence",
}


DISCHARGED = "discharged: {premise}"  # a duty the state has already performed (it tried the person itself)


def duty(name: str) -> str:
    return DUTY.get(name, name.replace("_", " "))


def discharged(premises: list[str]) -> str:
    """A duty already performed, with the judgment that performed it: "discharged: KOR already tried ..."."""
    return DISCHARGED.format(premise="; ".join(premises))


def duty_trigger(trigger: str, requesting: str) -> str:
    return f"request from {requesting}" if trigger == "request" else f"a request from {requesting} (none made yet)"


def no_duty(requested: str, instrument: str) -> str:
    return (
        f"No duty for {requested} under {instrument} to have jurisdiction or to submit the case for prosecution: "
        "it would not refuse on the ground of nationality (or the regime's extradition clauses do not apply)."
    )


# --- The facts a conclusion rests on (findings' `because` premises)


PREMISE = {
    "nationality": "{person} is a national of {state}",
    "habitual_residence": "{person} habitually resides in {state}",
    "present_in": "{person} is in {state}",
    "role": "{person} took part in {offence} by {role}",
    "vessel_registered": "{vessel} is a {type} registered in {state}",
    "party_status": "{state}: {status_words}",
    "extradites_nationals": "{state} extradites its nationals: {value}",
    "extradition_requires_treaty": "{state} extradites only under a treaty: {value}",
    "extradites_only_for_offences_in_requesting_state": "{state} extradites only for offences committed in the "
    "requesting state: {value}",
    "extradites_nationals_except_to": "{state}'s bar on extraditing nationals may not apply to requests from "
    "{other_state}",
    "extradites_nationals_on_return_guarantee": "{state} extradites a national for trial on a guarantee that they "
    "may serve the sentence at home: {value}",
    "extradition_treaty": "a bilateral extradition treaty binds {state} and {other_state}",
    "no_extradition_treaty": "no bilateral extradition treaty between {state} and {other_state} is known",
    "offence_category": "{offence} is in category {category}",
    "prior_judgment": "{state} already tried {person} for {offence}: {outcome_words}",
    "request_offence": "{requesting}'s request to {requested} for {person} names {offence}",
    "foreign_judgment_bars": "{state} refuses to extradite a person another state has already tried for the "
    "conduct: {value}",
    "request": "{requesting} asked {requested} to extradite {person}",
    "not_criminalised": "the law of {state} does not make {category} a crime",
    "victim_over_age": "{person} was {age}; the law of {state} protects only children under {age_of_child}",
    "reservation": "{state}'s reservation or declaration: {kind}",
    "diplomatic_premises": "an act of {offence} took place on the premises of {sending_state}'s mission in "
    "{receiving_state}: {receiving_state}'s territory, not {sending_state}'s",
    "diplomatic_immunity": "{person}, a diplomat of {sending_state}, is immune from the criminal jurisdiction of "
    "{receiving_state} until {sending_state} waives the immunity or it ends",
    "immunity_waived": "{sending_state} waived {person}'s immunity from the criminal jurisdiction of "
    "{receiving_state}: no bar remains",
    "immunity_ended": "{person}'s immunity in {receiving_state} has ended; it survives only for official acts, "
    "which this offence is not",
    "immunity_official_acts_only": "{person} is a national of {receiving_state}: immune there only for official "
    "acts, which this offence is not",
    "immunity_binds_only": "{person}'s diplomatic immunity binds only {receiving_state}: it does not exempt them "
    "from the jurisdiction of {sending_state}",
}


def not_bound_on(state: str, dates: tuple[str, ...], instrument: str) -> str:
    """A conclusion that does not reach the acts of some dates (jurisdiction_unreached/6, VCLT art. 28)."""
    return f"not for the acts of {', '.join(dates)}: {state} was not bound by {instrument} then"


# An offence's acts on several dates: the state's status on one act's date (VCLT art. 28, OPSC art. 14(2)).
PARTY_ON = "{state}: {status_words} on {date}, the date of an act of {offence}: {act}"


# The outcome of a prior judgment, as its premise says it.
JUDGMENT_OUTCOME = {"conviction": "a conviction", "acquittal": "an acquittal", "not_stated": "outcome not stated"}


def premise(p: dict[str, Any], instrument: str) -> str:
    """A fact a conclusion rests on (findings.premise), in words."""
    kind = str(p.get("fact"))
    if kind == "act":
        return f"an act of {p.get('offence')}: " + act(p.get("what"), p.get("by"), _place_of(p.get("in")),
                                                       str(p.get("element", "conduct")))  # fmt: skip
    if kind == "law":
        return f"{p.get('state')}: {p.get('field')}" + (f" (source: {p['source']})" if p.get("source") else "")
    if kind == "party_on":
        return PARTY_ON.format(
            state=p.get("state"),
            status_words=party_status(str(p.get("status")), instrument),
            date=p.get("date"),
            offence=p.get("offence"),
            act=act(p.get("what"), p.get("by"), _place_of(p.get("in")), str(p.get("element", "conduct"))),
        )
    template = PREMISE.get(kind)
    if template is None:
        return kind.replace("_", " ")
    values = {k: ("yes" if v is True else "no" if v is False else v) for k, v in p.items()}
    if kind == "request" and p.get("decided_on"):
        return template.format(**values) + DECIDED_ON.format(date=p["decided_on"])
    if kind == "reservation":
        values["kind"] = str(p.get("kind", "")).replace("_", " ")
    if kind == "party_status":
        values["status_words"] = party_status(str(p.get("status")), instrument)
    if kind == "prior_judgment":
        values["outcome_words"] = JUDGMENT_OUTCOME.get(str(p.get("outcome")), str(p.get("outcome")))
    try:
        return template.format(**values)
    except (KeyError, IndexError):
        return kind.replace("_", " ")


class _Where:
    """A place as the JSON premise writes it (a state code, or {vessel, waters, high_seas})."""

    def __init__(self, raw: dict[str, Any]) -> None:
        self.vessel = raw.get("vessel")
        self.waters = raw.get("waters")
        self.high_seas = raw.get("high_seas", False)


def _place_of(raw: object) -> object:
    return _Where(raw) if isinstance(raw, dict) else raw


# --- National law


DECIDED_ON = ", decided on {date} (its law of that date applies)"
UNKNOWN_LAW = {
    "extradition_requires_treaty": "not known: both routes shown, each under its condition",
    "territoriality": "not known: read as ubiquity (conduct or result); result-only links marked contestable",
}


def unknown_law(field: str, default: object, periods: tuple[tuple[str, str], ...] = ()) -> str:
    minimum = f"reasoned as {plain(default)} (treaty minimum)" if default is not None else "reported as unknown"
    said = UNKNOWN_LAW.get(field, f"not known: {minimum}, under a condition where it matters")
    if periods:  # jurex has the value, but not for the dates the rules read it on
        known = ", ".join(period(a, b) for a, b in periods)
        said += f"; jurex knows it only {known}, not on the dates the rules read it on"
    return said


STATES_LAW_HEADING = (
    "National law (verified values are reasoned on; unverified ones are shown only).\n"
    "Each holds in its period. jurex reads the law of crimes and jurisdiction on each act's date, and the law\n"
    "of extradition on the date the request is decided; on a date no period covers, the value is unknown:"
)
UNDATED = "not dated (taken to hold at every date)"


def period(since: str, until: str = "") -> str:
    """The period a bundled value holds in."""
    return f"from {since} to {until}" if until else f"from {since}"


def sourced_in(source: str, since: str = "", until: str = "") -> str:
    """A value's source, after the value, with the period of the law it was read in."""
    return f" (source: {source}; in force {period(since, until)})" if since else f" (source: {source})"


def sourced(source: str, since: str = "", until: str = "") -> str:
    """The origin column of a sourced value: its source and, for a dated one, its period."""
    return SOURCED.format(source=source) + (f"; in force {period(since, until)}" if since else f"; {UNDATED}")


# A national-law field (profile/3) and its value in words; {b}: basis, {c}: category, {o}: the other state.
LAW_FIELD = {
    "territoriality": "{state} reads where an offence is committed as: {value}",
    "extradites_nationals": "{state} extradites its nationals: {value}",
    "extradites_nationals_except_to": "{state} extradites its nationals to {o}: {value}",
    "extradites_nationals_on_return_guarantee": "{state} extradites a national for trial on a guarantee that they "
    "may serve the sentence at home: {value}",
    "extradition_requires_treaty": "{state} extradites only under a treaty: {value}",
    "extradites_for_secondary_roles": "{state} extradites for attempt, complicity and participation: {value}",
    "extradites_only_for_offences_in_requesting_state": "{state} extradites only for offences committed in the "
    "requesting state: {value}",
    "foreign_judgment_bars": "{state} refuses to extradite a person another state has already tried for the "
    "conduct: {value}",
    "double_criminality_for_extraterritorial": "{state} requires double criminality for {b} jurisdiction over "
    "{c}: {value}",
    "jurisdiction": "{state}'s own law gives it {b} jurisdiction over {c}: {value}",
    "prosecution_condition": "{state} prosecutes {c} on the {b} basis only with: {value}",
    "victim_under": "{state}'s {b} jurisdiction over {c} reaches victims under: {value}",
    "universal_jurisdiction": "{state}'s universal jurisdiction over {c}: {value}",
    "criminalises": "{state}'s law makes {c} a crime: {value}",
    "age_of_child": "{state}'s law protects as children, for {c}, those under: {value}",
}


def law(state: str, field: str, value: object) -> str:
    """A national-law value in words: "GBR requires double criminality for offender residence jurisdiction over
    producing child sexual abuse material: yes"."""
    name, _, rest = field.partition("(")
    args = [a.strip().strip('"') for a in rest.rstrip(")").split(",")] if rest else []
    template = LAW_FIELD.get(name)
    if template is None:
        return f"{state}: {field.replace('_', ' ')}: {plain(value)}"
    first = args[0] if args else ""
    values = {"b": first.replace("_", " "), "c": category(args[-1]) if args else "", "o": first}
    return template.format(state=state, value=plain(value).replace("_", " "), **values)


ESTABLISHED = {
    "yes": "{state}'s own law gives it this basis (established)",
    "no": "{state}'s own law is known not to give it this basis here",
    "unknown": "whether {state}'s own law gives it this basis is not in jurex's data",
}
SOURCED = "sourced: {source}"
ASSUMED = "assumed in the case (assume:)"


def plain(value: object) -> str:
    """A value for a cell: lists joined, booleans as true/false."""
    if isinstance(value, list):
        return ", ".join(map(plain, value))
    if isinstance(value, dict):  # a per-category value, or a jurisdiction rule
        return "; ".join(f"{k}: {plain(v)}" for k, v in value.items())
    return str(value).lower() if isinstance(value, bool) else str(value)


# --- Warnings: regime-neutral; the provision comes from the rules (warning/4), the instrument from the regime.


WARNING = {
    "not_an_opsc_offence": "offence {subject} is not an offence {instrument} requires states to criminalise: it "
    "gives no basis of jurisdiction over it; a state's own law may ({provision}).",
    "urged_conduct_only": "offence {subject} is a conduct the Committee urges states to criminalise ({provision}), "
    "not one {instrument} requires: it gives no basis and no extradition route; a state's own law may.",
    "party_status_uncertain": "the status of {subject} under {instrument} on the conduct date is uncertain "
    "({detail}): its treaty bases hold only if it was a party ({provision}). Settle it in the case with assume:.",
    "party_status_unknown": "jurex has no party data for {subject} under {instrument} ({detail}): its treaty bases "
    "hold only if it was a party ({provision}). Settle it in the case with assume:.",
    "no_state_obliged": "no state is obliged by the regime to establish jurisdiction over offence {subject} "
    "({provision}): only optional or encouraged bases, or none.",
    "outside_regime": "offence {subject} is outside what the regime reaches ({provision}): it gives no basis and no "
    "route for it; a state's own law may.",
    "offender_beyond_reach": "impunity threatens: {subject} is in a state with no basis over them, and no open "
    "extradition route leads to a state that has one ({provision} encourages universal jurisdiction).",
    "offender_may_be_beyond_reach": "impunity may threaten: {subject} is in a state with no basis over them, and "
    "every route to a state with one depends on something unknown (see the conditions).",
    "basis_only_in_non_party": "only states that were not parties to {instrument} are linked to {subject}: it binds "
    "none of them; only their own law may act ({provision}).",
    "double_criminality_blocks": "impunity threatens: for {subject}, the conduct is not a crime where it was "
    "committed, and every other linked state requires double criminality for its extraterritorial jurisdiction "
    "({provision} urges removing that requirement).",
    "double_criminality_may_block": "impunity may threaten: for {subject}, the conduct is not a crime where it "
    "was committed, and every other linked state may require double criminality for its extraterritorial "
    "jurisdiction (not known: jurex takes the treaty minimum; {provision} urges removing the requirement).",
    "request_where_not_present": "note: the request {subject} goes to a state where the case does not place the "
    "person: extradition is asked of the state where they are found.",
    "request_after_own_conviction": "note: the request {subject} comes from a state that has already convicted "
    "the person for an offence it is for: it may seek to enforce that sentence, which ne bis in idem does not bar; "
    "a second trial would be for that state's own law to allow.",
    "request_presence_unknown": "note: the case does not say where the person of the request {subject} is: jurex "
    "takes them to be in the requested state.",
    "no_victim_named": "note: offence {subject} names no child victim: the bases that rest on a victim (the "
    "victim's nationality or residence) cannot be seen.",
    "victim_not_a_child": "{subject}: the victim was 18 or older on the date that counts (the depiction, for abuse "
    "material; else the offence's first act): not a child ({provision}), so no basis rests on them.",
    "victim_age_uncertain": "note: {subject}: whether the victim was under 18 on the date that counts cannot be told "
    "from the age at the case's date: taken as a child ({provision}). Give born: (and depicted_on:) to settle it.",
    "request_without_basis": "the request {subject} comes from a state with no link to the offence as to that "
    "person: only its own law (e.g. universal jurisdiction) could found it ({provision}).",
    "act_on_diplomatic_premises": "note: {subject}: the act took place in the receiving state. A mission's "
    "premises are not the sending state's territory, which takes no territorial basis from them. They are "
    "inviolable ({provision}: the receiving state's agents may enter only with the head of mission's consent; "
    "consular premises are protected more narrowly): that bears on investigating there, not on jurisdiction.",
    "diplomatic_immunity": "{subject}: immune from the receiving state's criminal jurisdiction ({provision}). "
    "That state's jurisdiction exists, but it may not arrest, try or extradite them unless the sending state "
    "expressly waives the immunity (art. 32) or the immunity ends (art. 39(2)). The immunity does not exempt "
    "them from the sending state's jurisdiction (art. 31(4)) and binds no other state. Without a waiver the "
    "receiving state may declare them persona non grata; the sending state's courts, or those of a state where "
    "they are later found, are then the ones able to act.",
    "immune_but_away": "note: {subject} is not in the receiving state now: if their functions there have ended, "
    "the immunity ended when they left or a reasonable time after ({provision}), except for official acts, which "
    "these offences are not. Say so in the case (diplomatic_immunity: ended: true).",
    "immunity_official_acts_only": "{subject}: a national of the receiving state, so the immunity there covers "
    "only official acts ({provision}), which these offences are not, so it does not bar that state's jurisdiction.",
}


def warning(code: str, *, subject: str, provision: str, detail: str, instrument: str) -> str:
    template = WARNING.get(code)
    if template is None:
        return f"{code.replace('_', ' ')}: {subject} ({provision})"
    return template.format(subject=subject, provision=provision, detail=detail, instrument=instrument)


def subject(kind: str, args: list[object]) -> str:
    """A warning's subject: of(Person, Offence) -> "P in O"; req(R, Q, P) -> "R -> Q for P"; premises(O, R, S)
    and diplomat(P, R, S) name the receiving state R and the sending state S."""
    if kind == "of" and len(args) == 2:
        return f"{args[0]} in {args[1]}"
    if kind == "req" and len(args) == 3:
        return f"{args[0]} -> {args[1]} for {args[2]}"
    if kind == "premises" and len(args) == 3:
        return f"{args[0]}, on the premises of {args[2]}'s mission in {args[1]}"
    if kind == "diplomat" and len(args) == 3:
        return f"{args[0]}, a diplomat of {args[2]} in {args[1]}"
    return kind


# --- Explanations (why and why not)


LINK = {
    "territory": "the offence {o} was committed in whole or in part in {s}",
    "flag_ship": "an act of {o} took place on board a ship registered in {s}",
    "flag_aircraft": "an act of {o} took place on board an aircraft registered in {s}",
    "offender_nationality": "{p} is a national of {s}",
    "offender_residence": "{p} habitually resides in {s}",
    "victim_nationality": "a child victim of {o} is a national of {s}",
    "victim_residence": "a child victim of {o} habitually resides in {s}",
    "presence_national": "{p}, a national of {s}, is present in {s}",
}
WHY_NOT = {
    "no_element_in": "no act or result of {o} took place in {s} (nor on board a vessel in its waters)",
    "elements_not_counted": "the only elements of {o} in {s} are results, and {s} counts {x} elements",
    "no_act_on_board": "no act of {o} took place on board a ship or aircraft ({x}) registered in {s}",
    "no_offender_national": "no offender of {o} is a national of {s}",
    "no_offender_resident": "no offender of {o} habitually resides in {s}",
    "no_victim_national": "no child victim of {o} is a national of {s}",
    "no_victim_resident": "no child victim of {o} habitually resides in {s}",
    "no_national_present": "no offender of {o} who is a national of {s} is present in {s}",
    "extradites_nationals": "{s} extradites its nationals, so {art} does not oblige it",
    "not_party": "{s} has the link, but was not a party to {instrument} on the conduct date",
    "offence_not_covered": "{o} ({x}) is not an {art} offence: {instrument} gives no basis for it",
    "premises_not_territory": "an act of {o} took place on the premises of {s}'s mission in {x}: they are {x}'s "
    "territory, not {s}'s",
}


def link(kind: str, state: str, offence: str, person: str) -> str:
    return LINK.get(kind, kind.replace("_", " ")).format(s=state, o=offence, p=person)


def why_not(kind: str, *, state: str, offence: str, extra: str, article: str, instrument: str) -> str:
    template = WHY_NOT.get(kind)
    if template is None:
        return kind.replace("_", " ")
    return template.format(s=state, o=offence, x=extra, art=article, instrument=instrument)


def no_basis(name: str, instrument: str) -> str:
    return f"outside {instrument}" if name == "any" else f"{basis(name)}: no basis"


def not_in_data(name: str, provision: str, modality_name: str, state: str, offence: str) -> str:
    return (
        f"{basis(name)} ({provision}, {modality_name}): whether the law of {state} provides it for "
        f"{category(offence)} is not in jurex's data"
    )


def explanation_heading(state: str, instrument: str, case_id: str, date: str) -> str:
    return f"{state}: what {instrument} says of it in {case_id} (conduct on {date})"


NO_CONCLUSION = "No conclusion concerns {state}."


def conclusion(state: str, verb: str, offence: str, person: str, name: str) -> str:
    """A jurisdiction conclusion in a sentence; `name`: the basis (vocabulary.BASES)."""
    return f"{state} {verb} establish jurisdiction over {offence} as to {person} ({basis(name)})"


def route_conclusion(requesting: str, requested: str, person: str, offence: str, basis: str) -> str:
    return f"{requesting} may ask {requested} to extradite {person} for {offence}: {route(basis)}"


def duty_conclusion(state: str, duty_name: str, person: str, offence: str, trigger: str, *,
                    done: bool = False) -> str:  # fmt: skip
    said = f"has discharged its duty to {duty(duty_name)}" if done else f"must {duty(duty_name)}"
    return f"{state} {said} ({person}, {offence}, {TRIGGER.get(trigger, trigger)})"


# The reasons of an explanation tree (explain.lp's why/2) that are not premises of the answer.
REASON = {
    "act": "act {n} of {offence}: {act}",
    "perpetrator": "{person} is an alleged perpetrator of {offence}",
    "role": "{person} took part in {offence} by {role}",
    "party_status": "{state} was {status} on {date}",
    "contestable": "contestable: the link of {state} rests only on a result element",
    "extradites_nationals": "{state} {verb} its nationals{source}",
    "unknown": "not known: holds only {condition} (jurex takes the treaty minimum)",
    "request": "{requesting} asked {requested} to extradite {person}",
    "no_request_yet": "no request yet: this is what a request from {requesting} to {requested} for {person} would "
    "trigger",
    "extradition_requires_treaty": "{state} {verb}",
    "law": "{law}{source}",
    "on_condition": "only on condition: {condition}",
    "discharged_by": "discharged: {premise}",
}


# --- Comparing regimes: what one adds or lacks against another


def compared_duty(state: str, duty_name: str, person: str, provision: str) -> str:
    return f"{state} must {duty_name.replace('_', ' ')} as to {person} ({provision})"


def compared_basis(state: str, name: str, cell: str, provisions: tuple[str, ...], yardstick: str, other: str,
                   *, stronger: bool) -> str:  # fmt: skip
    """A row where a regime gives more (stronger) or less than the yardstick; the provisions are the stronger's.
    `name`: the basis (vocabulary.BASES); a cell "—" (no such conclusion) is said "no basis"."""
    cited = f" ({', '.join(provisions)})"
    cell, other = (NO_CONCLUSION_CELL if c == "—" else c for c in (cell, other))
    if stronger:
        return f"{state} {basis(name)}: {cell}{cited} where {yardstick} has {other}"
    return f"{state} {basis(name)}: {cell} where {yardstick} has {other}{cited}"


NO_CONCLUSION_CELL = "no basis"


COMPARED = {
    "no_duty": "no duty: {line}",
    "closes": "closes: warning {code}: {subject}",
    "opens": "opens: warning {code}: {subject}",
}


# --- Case-file checks that rest on the law


MEASURE_FIELD = "only extradition: other measures are outside OPSC art. 5 and its counterparts"
NOT_EXTRADITION = (
    "'{value}' is not extradition: OPSC art. 5 (and the other regimes' extradition clauses) does not govern it, "
    "and it triggers no art. 5(5) duty to submit the case for prosecution"
)


LEGAL_PERSON_REQUEST = (
    "{person!r} is a legal person, and a company is not extradited: its liability (OPSC art. 3(4)) is enforced by "
    "the state of its incorporation, and other states reach it through mutual legal assistance (art. 6)"
)
LEGAL_PERSON_FIX = (
    "request the natural persons who acted for it (add them to people: and to the offence's offenders:); keep "
    "the company as an offender, where its state of incorporation has the basis"
)


# --- Exercises: why an answer is wrong

NO_CONVENTION_BAR = "the regime applies (both states parties, an offence it covers)"
BOTH_PARTIES = "both states were parties"
NO_NATIONALITY_REFUSAL = "no refusal on the ground of nationality: the duty to submit for prosecution is not triggered"
ONLY_NATIONALITY_REFUSAL = (
    "only a refusal because the person is its national triggers the duty to submit for prosecution"
)


# --- Gap search


GAP = {
    "no_state_obliged": "no state is obliged to establish jurisdiction over the offender",
    "offender_beyond_reach": "the offender is in a state with no basis, and no open route under the regime leads "
    "to a state with one (only internal law could)",
}


# --- Case memo: names in words, the bottom line, the limits


# A basis of jurisdiction (vocabulary.BASES) as a reader names it.
BASIS = {
    "territory": "territory",
    "flag_ship": "flag of a ship",
    "flag_aircraft": "flag of an aircraft",
    "offender_nationality": "offender's nationality",
    "offender_residence": "offender's habitual residence",
    "victim_nationality": "victim's nationality",
    "victim_residence": "victim's habitual residence",
    "presence_no_extradition": "offender present, not extradited",
    "universal": "universal jurisdiction",
}
# An offence category (logic/offences.lp) as a reader names it.
CATEGORY = {
    "advertising": "advertising child sexual exploitation",
    "attending_live_performance": "attending a live performance of child sexual abuse",
    "causing_to_witness": "causing a child to witness sexual abuse",
    "child_prostitution": "child prostitution",
    "csam_accessing": "accessing child sexual abuse material",
    "csam_dissemination": "disseminating child sexual abuse material",
    "csam_distribution": "distributing child sexual abuse material",
    "csam_export": "exporting child sexual abuse material",
    "csam_import": "importing child sexual abuse material",
    "csam_mere_possession": "mere possession of child sexual abuse material",
    "csam_offering": "offering child sexual abuse material",
    "csam_possession_for_purpose": "possessing child sexual abuse material to distribute it",
    "csam_production": "producing child sexual abuse material",
    "csam_sale": "selling child sexual abuse material",
    "grooming": "grooming",
    "improper_adoption_consent": "improperly inducing consent to an adoption",
    "not_opsc": "an offence outside the catalogue",
    "sale_forced_labour": "sale of a child for forced labour",
    "sale_organ_transfer": "sale of a child for transfer of organs",
    "sale_sexual_exploitation": "sale of a child for sexual exploitation",
    "sexual_extortion": "sexual extortion",
}
# A national-law value as a reader says it.
VALUE = {True: "yes", False: "no", None: "unknown"}
UNIVERSAL_MODE = {"presence": "if the offender is found there", "absolute": "wherever the offender is"}


def basis(name: str) -> str:
    return BASIS.get(name, name.replace("_", " "))


def category(name: str) -> str:
    return CATEGORY.get(name, name.replace("_", " "))


def value(v: object) -> str:
    """A national-law value in words: yes / no / unknown, names without underscores, lists and rules joined."""
    if isinstance(v, bool) or v is None:
        return VALUE[v]
    if isinstance(v, list):
        return ", ".join(map(value, v))
    if isinstance(v, dict):
        return "; ".join(f"{category(str(k))}: {value(x)}" for k, x in v.items())
    text = str(v)
    return CATEGORY.get(text) or UNIVERSAL_MODE.get(text) or text.replace("_", " ")


def law_term(state: str, field: str) -> str:
    """A national-law field in words, without its value: "GBR requires double criminality for offender's
    nationality jurisdiction over producing child sexual abuse material"."""
    name, _, rest = field.partition("(")
    args = [a.strip().strip('"') for a in rest.rstrip(")").split(",")] if rest else []
    template = LAW_FIELD.get(name)
    if template is None:
        return f"{state}: {name.replace('_', ' ')}" + (f" ({', '.join(value(a) for a in args)})" if args else "")
    first = args[0] if args else ""
    values = {"b": basis(first), "c": category(args[-1]) if args else "", "o": first}
    return template.format(state=state, value="", **values).removesuffix(": ")


def universal_known(state: str, mode: str, established: str) -> str:
    """A state whose own law is known to give it universal jurisdiction, and whether it applies here."""
    how = UNIVERSAL_MODE.get(mode, mode.replace("_", " "))
    return f"{state} ({how}; applies here: {established})"


MEMO_TITLE = "Case memo — {title}"
MEMO_META = "Case {case} · conduct on {date} · regime {regime} · jurex {version}, data {data}"
# The page header of a printed memo (PDF, Word): the case on every page.
MEMO_RUNNING_HEAD = "jurex case memo · case {case}"
MEMO_PAGE = "Page {page} of {pages}"

BOTTOM_LINE = "Bottom line"
BL_MUST = "Must act — {state}: "
BL_MUST_RECOMMENDED = "Recommended to act — {state}: "  # a regime that is not a treaty: its "must" recommends
BL_MUST_NONE = "No state must establish jurisdiction under {instrument} in this case."
BL_MAY = "May act: "
BL_ENCOURAGED = "Encouraged to act: "
BL_STATE = "{state} ({bases})"
BL_AS_TO = " as to {people}"
BL_EVERY_STATE = "every state"
BL_OWN_LAW = "Not bound by {instrument}, but its own law gives it a basis: "
BL_WHERE = "Where the offenders are: "
BL_IS_IN = "{person} is in {state}"
BL_IS_NOWHERE = "the case does not say where {person} is"
BL_TRIABLE_THERE = ", which has a basis over them and can try them there"
BL_TRIABLE_FOR = (
    # {instrument} is filled after {triable} and {rest}, with the other sentences of the list
    ", which has a basis over them for {triable}, not for {rest} (under {{instrument}} or in its own law as far as "
    "known)"
)
BL_NOT_TRIABLE_THERE = ", which has no basis over them under {instrument} or in its own law as far as known"
BL_ROUTE_LEAD = "Route: "
BL_ROUTE = "{person} from {requested} to {requesting} for {offence} ({trigger}; {basis}"
BL_ROUTE_OPEN = "): no obstacle known"
BL_ROUTE_BLOCKED = "): {obstacles}"
BL_NO_ROUTE = "No extradition route to a state with a basis is in view."
BL_DUTY_LEAD = "Duty: "
BL_DUTY = "{state} must {duty} as to {person}, on {trigger} "
BL_NO_DUTY = "No state owes a duty to extradite or prosecute on the facts given."
BL_IMPUNITY = "Warning: "
BL_OR = ", or "
BL_NO_IMPUNITY = "No impunity warning: the rules see a state able to act for every offender and offence."
BL_UNKNOWNS = "What would change the answer (each condition, and the fact that would settle it):"
BL_NO_UNKNOWNS = "No conclusion above depends on an unknown fact."
BL_CONDITION = "{condition}: {settles}"
# The fact that settles each condition (words.CONDITION), and where to state it.
SETTLES = {
    "refuses_to_extradite_national": "whether {state}'s law extradites its nationals (state it in the case with "
    "assume:)",
    "no_return_guarantee": "whether {state} extradites a national for trial on a guarantee of return to serve "
    "the sentence",
    "party_at_date": "{state}'s party status on the conduct date (assume: its date of becoming a party)",
    "requires_treaty": "whether {state} extradites only under a treaty",
    "no_treaty_required": "whether {state} extradites only under a treaty",
    "does_not_extradite_for_secondary_roles": "whether {state} extradites for attempt, complicity and "
    "participation",
    "does_not_criminalise": "whether {state}'s law makes the conduct a crime",
    "criminalises": "whether {state}'s law makes the conduct a crime",
    "requires_double_criminality": "whether {state} requires double criminality for that basis",
    "no_own_basis": "whether {state}'s own law gives it a basis",
    "foreign_judgment_bars": "whether {state}'s law lets a foreign judgment bar extradition",
    "judgment_not_a_conviction": "the outcome of the prior judgment (conviction or not)",
    "own_law_reaches_flag": "whether {state}'s law reaches offences on board its ships and aircraft",
    "immunity_waived_or_ended": "whether the sending state has waived the immunity, or it has ended",
}

LIMITS = "Limits of this memo"
LIMITS_AID = (
    "This memo is an aid to legal analysis, not legal advice. It applies jurex's reading of {instrument} "
    "(written as rules, with its own short paraphrases of the provisions, not their text) to the facts of the "
    "case file alone."
)
LIMITS_DATA = (
    "Data: version {data} of jurex's bundled data (jurex {version}), party lists and national law as read from "
    "the sources named below, each value dated by its own source; the answer is for conduct on {date}{decided}."
)
LIMITS_DECIDED = ", and the law of extradition of each request on the date it is decided ({dates})"
EXERCISE_LAW_PERIOD = " (its law in force {period})"
LIMITS_UNDECIDED = "today, for a request not yet decided"
LIMITS_ASSUMED = "Assumed: {items}."
LIMITS_ASSUMED_NONE = "Assumed: nothing beyond the case file and the bundled data."
LIMITS_UNKNOWN = (
    "Unknown: {n} national-law value(s) the answer depends on are not in jurex's data (see National law); "
    "where one matters, the conclusion is stated under its condition, never silently chosen."
)
LIMITS_UNKNOWN_NONE = "Unknown: no national-law value the answer depends on is missing from jurex's data."
LIMITS_ALL_PARTIES = "every state of unknown status taken as a party (--assume-all-parties)"
LIMITS_CASE_VALUE = "{law}: {value} (the case's assume:)"
LIMITS_READINGS = (
    "jurex's readings are stated in its rules: where an offence is committed (ubiquity unless a state's law is "
    "known to say otherwise), what reaches an accomplice, and that a child is under 18."
)

NATIONAL_LAW_HEADERS = ["State", "National law", "Value", "In force", "Source"]
UNKNOWN_VALUE = "unknown"

# --- Exercises: the handout's facts, each one sentence a trainee reads and the key cites (states named in full)

EXERCISE_TITLE = "Exercise: {categories}, involving {states}"
EXERCISE_SECTIONS = {
    "people": "The people",
    "vessels": "Ships and aircraft",
    "offences": "What was done",
    "requests": "Requests, treaties and judgments",
    "states": "The states and the treaty",
    "law": "The national law to assume",
}
EXERCISE_FACT = {
    "nationality": "{person} is a national of {state}",
    "habitual_residence": "{person} habitually resides in {state}",
    "present_in": "{person} is now in {state}",
    "age": "{person} was {age} at the date of the conduct",
    "born": "{person} was born on {born}",
    "legal_person": "{person} is a legal person (a company), incorporated where its nationality says",
    "diplomat": "{person} is a member of the diplomatic staff of {sending_state}, accredited to {receiving_state}",
    "immunity_waived": "{sending_state} has expressly waived {person}'s immunity",
    "immunity_ended": "{person}'s functions have ended and they have left {receiving_state}",
    "vessel": "{vessel} is a {type} registered in (flying the flag of) {state}",
    "category": "{offence} is an offence of the category {category}",
    "role": "{person} took part in {offence} by {role}",
    "victim": "{person} is a victim of {offence}",
    "act": "{offence}: {act}",
    "act_date": ", on {date}",
    "premises": "an act of {offence} took place on the premises of {sending_state}'s mission in {receiving_state}",
    "request": "{requesting} asked {requested} to extradite {person}",
    "request_offence": "{requesting}'s request to {requested} for {person} names {offence}",
    "decided_on": "{requested} decides on the request from {requesting} on {date}",
    "treaty": "a bilateral extradition treaty binds {state} and {other_state}",
    "no_other_treaty": "no bilateral extradition treaty other than those listed here is known",
    "prior_judgment": "{state} already tried {person} for {offence}: {outcome_words}",
    "party": "{state} was {status_words} on {date}",
    "party_detail": "{state} and {instrument}: {detail}",
    "reservation": "{state}'s reservation or declaration: {summary}",
    "law_unknown": "{state}: {field}: not known",
}
EXERCISE_NO_LAW = "No national law beyond the treaty's minimum is to be assumed."
EXERCISE_UNKNOWN = "not known (the treaty minimum applies; answers that turn on it hold under a condition)"
EXERCISE_QUESTION = {
    "must": "Which states must establish jurisdiction over {offence} as to {person} under {instrument}? "
    "Name them (name or code), or none.",
    "may": "Which states may (but need not) establish jurisdiction over {offence} as to {person} under "
    "{instrument}? Name them, or none.",
    "extradite_basis": "Can {requesting} ask {requested} to extradite {person}, and on what legal basis? "
    "Name the basis ({options}), or none.",
    "obstacles": "What may {requested} object to a request from {requesting} for {person}? Name the obstacles "
    "({options}), or none.",
    "prosecute": "If {requested} refuses the request from {requesting} for {person}, must it submit the case for "
    "prosecution? Name the state that must, or none.",
    "impunity": "Does impunity threaten for {person}? Answer yes or no.",
}
EXERCISE_NO_STATE = "no state in this case"
EXERCISE_THERE_IS = "there is an answer: {answer}"
EXERCISE_NO_DUTY = "no duty, only: {bases}"
EXERCISE_NOT_MERELY_MAY = "not merely may: {bases}"
EXERCISE_NO_TREATY = "no bilateral extradition treaty between them is known"
EXERCISE_NOT_NATIONAL = "{person} is not a national of {state}"
EXERCISE_PERPETRATOR = "{person} is charged as a perpetrator"
EXERCISE_SEE_ANALYSIS = "see the analysis"
EXERCISE_NO_IMPUNITY = "some state must act, and the offender is within its reach"
EXERCISE_HEAD = "Level {level} · seed {seed} · the conduct took place on {date}"
EXERCISE_KEY_TITLE = "Answer key — {title}"
EXERCISE_KEY_HEAD = "Level {level} · seed {seed} · library case {case}: {case_title}"
EXERCISE_ALSO_RIGHT = " (also right, under a condition: {items})"
EXERCISE_RESTS_ON = "rests on the handout's fact"
EXERCISE_KEY_FOOT = (
    "The full analysis: `jurex analyse {case}`; the reasons state by state: `jurex explain {case} --state XXX`."
)
EXERCISE_HOW_TO_ANSWER = (
    "Answer in a YAML file, one line per question: states by name or code (`q1: [United Kingdom, PHL]`), a legal "
    "basis or an obstacle in words (`q3: convention legal basis`), or yes/no (`q6: no`); then run "
    "`jurex exercise check <this folder> answers.yaml`."
)


# --- Exercises: grading
EXERCISE_NONE = ("none", "no state", "no states", "nobody", "no one", "nothing", "-", "—")
EXERCISE_YES = ("yes", "y", "true")
EXERCISE_NO = ("no", "n", "false")
EXERCISE_NOT_ANSWERED = "not answered"
EXERCISE_MISSING = "missing {item}: the key expected {expected}; {item}: {why}"
EXERCISE_WRONG = "not {item}: {why}"
EXERCISE_NOT_HERE = "not the answer here"
EXERCISE_SEE_KEY = "see the answer key"
EXERCISE_UNREAD = "not understood: {item!r}{how}"
EXERCISE_HOW = {
    "must": " is no state: write its name or code (Philippines, PHL)",
    "may": " is no state: write its name or code (Philippines, PHL)",
    "prosecute": " is no state: write its name or code (Philippines, PHL)",
    "extradite_basis": " is no legal basis: bilateral treaty, convention legal basis, recognised extraditable, "
    "internal law, or none",
    "obstacles": " is no obstacle: name it as the question lists them, or none",
    "impunity": ": answer yes or no",
}
# Short forms a trainee writes for a legal basis or an obstacle (compared in lower case, without "the" or "a",
# hyphens as spaces), each to the name the rules give it; the rules' own names (in words) are understood anyway.
EXERCISE_SHORT_FORMS = {
    "extradite_basis": {
        "bilateral_treaty": ("treaty", "extradition treaty", "bilateral", "bilateral extradition treaty"),
        "convention_legal_basis": (
            "convention", "protocol", "optional protocol", "opsc", "convention as legal basis",
            "convention as the legal basis", "protocol as legal basis", "protocol as the legal basis",
            "opsc as legal basis", "opsc as the legal basis", "treaty of the regime",
        ),
        "recognised_extraditable": (
            "recognised", "recognized", "recognized extraditable", "recognised as extraditable",
            "recognized as extraditable", "extraditable offence", "extraditable offense",
        ),
        "internal_law": ("domestic law", "national law", "own law", "its own law", "internal law only"),
    },
    "obstacles": {
        "not_party": ("not a party", "non party", "no party", "not party to the treaty"),
        "diplomatic_immunity": ("immunity", "diplomatic"),
        "no_basis_in_requesting_state": ("no basis", "no jurisdiction", "no basis in the requesting state"),
        "nationality": ("national", "own national", "nationals", "nationality exception", "extradition of nationals"),
        "double_criminality": ("dual criminality", "double incrimination", "dual incrimination"),
        "secondary_role": ("secondary", "accessory", "accomplice", "secondary participation"),
        "ne_bis_in_idem": ("non bis in idem", "double jeopardy", "res judicata", "prior judgment"),
        "place_of_offence": ("place", "place of the offence", "place of the crime", "territoriality"),
    },
}
# Obstacles a trainee may name that the rules do not weigh: understood (so the mark says why they are not the
# answer), never expected. Each: the forms it is written in, and why no key holds it.
EXERCISE_UNWEIGHED = {
    "time_bar": (
        ("time bar", "time barred", "statute of limitations", "limitation", "limitations", "lapse of time",
         "prescription"),
        "the rules weigh no time bar (lapse of time): it is not among the obstacles they know, and the handout "
        "states no fact on one",
    ),
}


def could_be(states: list[str]) -> str:
    """What a name of several states ("Korea") may mean: each state as the trainee or user reads it."""
    return "names more than one state: " + " or ".join(states) + "; write the one meant, by its name or code"


EXERCISE_NOTHING = "none"
EXERCISE_NO_LINK = "no basis of the treaty links this state to {offence} as to {person} in this case"
EXERCISE_NO_ROUTE = (
    "the rules find no route on this basis from {requesting} to {requested} for {person}; they find: {found}"
)
EXERCISE_NO_OBSTACLE = "the rules find no such obstacle to a request from {requesting} for {person}; they find: {found}"
EXERCISE_NO_OTHER_DUTY = "only the requested state, {requested}, can owe this duty on refusing the request"
EXERCISE_NO_FIRM = "none holds without a condition; under a condition: {items}"
EXERCISE_NO_OBSTACLE_AT_ALL = (
    "the rules find no obstacle {requested} may raise to a request from {requesting} for {person}"
)


# --- Exercises: a class's report
CLASS_TITLE = "Class report: {folder}"
CLASS_QUESTIONS_TITLE = "Per question ({n} trainees)"
CLASS_QUESTION_COLUMNS = ("Question", "Key", "Got it", "Partly", "Not", "Common wrong answers (trainees)")
CLASS_TRAINEES_TITLE = "Per trainee"
CLASS_TRAINEE_COLUMNS = ("Trainee", "Score", "Points lost, and why")
CLASS_CSV_COLUMNS = ("trainee", "file", "question", "points", "out_of", "answer", "wrong", "reasons")
CLASS_NONE = "—"
CLASS_ALL_RIGHT = "all right"
CLASS_UNREADABLE = "the answers file could not be read: {problem}"
CLASS_NO_FILES = "no answers files (.yaml, .yml) in this folder"
CLASS_NO_FILES_FIX = "put one answers file per trainee here, named after the trainee (e.g. ana.yaml)"
CLASS_WRITTEN = "class report written: {files}"


# --- Exercises: a library case with one fact changed, for variety
EXERCISE_CHANGE = {
    "offender_nationality": "{subject}'s nationality: {after} (in the library's case, {before})",
    "offender_residence": "{subject}'s habitual residence: {after} (in the library's case, {before})",
    "victim_nationality": "{subject}'s nationality: {after} (in the library's case, {before})",
    "victim_age": "{subject}'s age: {after} (in the library's case, {before})",
    "vessel_flag": "{subject}'s flag: {after} (in the library's case, {before})",
}
EXERCISE_CHANGED = (
    "**Changed from the library's case, for variety:** {change}. The narrative below is the library's, before "
    "the change; the answers are jurex's for the changed case."
)


# --- What if (`jurex analyse --set`): the changes, then the answer as it now is

WHATIF_HEADING = "What if {settings}:"
WHATIF_NOTHING = "nothing changes in the answer."
WHATIF_NOW = "The answer now ({regime}, conduct on {date}):"
WHATIF_SECTION = {
    "jurisdiction": "jurisdiction",
    "extradition": "extradition",
    "obligations": "duty",
    "warnings": "warning",
}
WHATIF_WAS = "was: {was}"
EVERY_STATE = "every state"  # the universal row (state `*`)
NO_BASIS_NOW = "no state has a basis"
NO_ROUTE_NOW = "no route"
NO_DUTY_NOW = "no duty"
NO_WARNING_NOW = "no warning"
SUMMARY_ROUTES = "extradition"
SUMMARY_DUTIES = "duties"
SUMMARY_WARNINGS = "warnings"


def whatif_route(person: str, requested: str, requesting: list[str], obstacles: int) -> str:
    """One line of the summary: where a person may be extradited to from the state asked for them."""
    said = f"{person} from {requested} to {' or '.join(requesting)}"
    return said + (f" ({obstacles} obstacle{'s' * (obstacles != 1)})" if obstacles else " (no obstacle known)")


def duty_sentence(state: str, duty_name: str, person: str, offence: str, trigger: str, requesting: str, *,
                  done: bool = False) -> str:  # fmt: skip
    """A duty said in full: who must do what, for whom, on whose request."""
    said = f"has discharged its duty to {duty(duty_name)}" if done else f"must {duty(duty_name)}"
    return f"{state} {said} ({person}, {offence}), on {duty_trigger(trigger, requesting)}"


# --- Guided entry (`jurex new`): the draft that keeps the answers, so an entry can be resumed

DRAFT_WHERE = "as a draft of `jurex new`"
DRAFT_MISSING = "there is no such file (`jurex new` said where it kept the draft when the entry stopped)"
DRAFT_UNREADABLE = "cannot be read: {reason}"
DRAFT_NOT_A_DRAFT = "is not a draft of `jurex new` (a mapping with schema: {schema})"
DRAFT_BAD_FIELD = "must be {what}"
DRAFT_FIX = "give a draft that `jurex new` wrote (NAME.draft.yaml), or start afresh with `jurex new`"
DRAFT_EXISTS = "a draft of an earlier entry is there, with {answers}"
DRAFT_EXISTS_FIX = "go on with `jurex new --resume {draft}`, or remove it to start afresh"
DRAFT_RESUMING = "resuming {draft}: {answers} given before, each checked again"
DRAFT_REPLAYED = "{question}: {answer}"
DRAFT_STALE = (
    "  ! the draft's answer {answer!r} no longer fits ({reason}); the draft's later answers are set aside and "
    "the questions asked again from here"
)
DRAFT_KEPT = (
    "interrupted (or the input ended): {answers} so far kept in {draft}; go on with `jurex new --resume {draft}`"
)


def count(n: int, noun: str) -> str:
    """A count in words: count(1, "answer") is "1 answer", count(3, "problem") "3 problems"."""
    return f"{n} {noun}{'s' * (n != 1)}"


# --- The workbench in the browser and the HTTP API (`jurex serve`)

WEB_WHERE = "in the workspace"
WEB_BAD_NAME = "is not a case file name a workspace holds"
WEB_BAD_NAME_FIX = "use letters, digits, '.', '-' and '_' only, ending in .yaml, .yml or .json (e.g. my-case.yaml)"
WEB_OUTSIDE = "leads outside the workspace"
WEB_SERVING = "jurex serve: the workbench is at {url} (workspace: {workspace}); Ctrl-C to stop"
WEB_NOT_LOCAL = (
    "warning: serving on {host}, not this computer alone: anyone who can reach it may read and change the "
    "workspace's cases, which concern child victims. Use --host 127.0.0.1 unless the network is yours alone."
)
WEB_MISSING = "the web workbench needs {package}, which is not installed"
WEB_MISSING_FIX = (
    "install jurex with its dependencies (pip install .), or: pip install fastapi uvicorn jinja2 python-multipart"
)
WEB_TOO_LARGE = "the request is more than {limit:,} bytes"
WEB_TOO_LARGE_FIX = "send one case file at a time; a case file is at most {limit:,} bytes"
WEB_FORBIDDEN_ORIGIN = "a page of another site sent this request"
WEB_FORBIDDEN_FIX = "use the workbench's own pages; jurex does not accept changes from other sites"
WEB_CSRF = "the form's token is missing or stale (it protects the workspace from other sites' pages)"
WEB_CSRF_FIX = "reload the page and send the form again"
WEB_NOT_FOUND = "there is no such case in the workspace"
WEB_NOT_FOUND_FIX = "go back to the list of cases"
WEB_TIMEOUT = "no answer within the time limit of {seconds:g} s"
WEB_TIMEOUT_FIX = "simplify the case, or run it with `jurex analyse --timeout` on the command line"
WEB_FOOTER = "an aid to legal analysis, not legal advice; cases stay on this computer"
WEB_ERROR_HEADING = "This cannot be done ({status})"
WEB_EMPTY_WORKSPACE = "no case here yet: make one with New case, or upload a file"
WEB_UNKNOWN_HOST = "this server answers only to the address it was started on (a request under another host name)"
WEB_UNKNOWN_HOST_FIX = "open the address `jurex serve` printed, e.g. http://127.0.0.1:8000/"

# --- The HTTP API (`jurex serve`, /api/v1/)

API_WHERE = "in the request"
API_BAD_REQUEST = "the request cannot be read"
API_BAD_FIELD_FIX = "see the request's schema in /openapi.json (or the interactive docs at /api/docs)"
API_MEDIA_TYPE = "the body is {media_type}, which this route does not read"
API_MEDIA_TYPE_FIX = "send JSON (application/json), or the case file itself (application/yaml)"
API_BATCH_TOO_MANY = "the batch has {n:,} cases; one request answers at most {limit:,}"
API_BATCH_TOO_MANY_FIX = "send at most {limit:,} cases a request, or answer them with `jurex batch` on the command line"
API_BATCH_TITLE = "too many cases in one request"
# --- The workbench's answer, what-if, compare and memo pages (web/pages/answer.py)

# The answer's sections, as the memo heads them.
WEB_SECTIONS = {
    "jurisdiction": "Jurisdiction",
    "extradition": "Extradition",
    "obligations": "Obligations (aut dedere aut judicare)",
    "warnings": "Warnings",
}
WEB_NONE = "None."
WEB_CASE_PROBLEMS = "This case cannot be answered as it is: {problems} to fix"
WEB_EDIT_TO_FIX = "Edit the case to fix them"
WEB_DUPLICATE_TO_FIX = "A bundled case cannot be edited: duplicate it into the workspace, then edit the copy"
WEB_WHY = "Why"
WEB_NO_TREE = "the rules record reasons for a named state: ask about one under “Why not” below"
WEB_WHY_NOT = "Why not: what a state would need"
WEB_WHY_NOT_HINT = "Any state, in the case or not: every conclusion about it, and what each basis it lacks would need."
WEB_STATE_LABEL = "State"
WEB_IN_CASE = "In this case"
WEB_ALL_STATES = "Every state"
WEB_EXPLAIN_BUTTON = "Explain"
WEB_PICTURE = "The case as a picture"
WEB_PICTURE_CAPTION = (
    "States, people where they are, acts where they happened; each jurisdiction edge is labelled with its "
    "modality, each extradition route with its obstacles."
)
WEB_NO_PICTURE = "No picture: {reason}"
WEB_ACTIONS = "This case"
WEB_ACTION = {
    "edit": "Edit",
    "whatif": "What if…",
    "compare": "Compare regimes",
    "duplicate": "Duplicate into the workspace",
    "download": "Download the case file",
    "answer": "Back to the answer",
}
WEB_MEMO = "Memo: {formats}"
WEB_MEMO_FORMATS = {"md": "Markdown", "html": "web page", "pdf": "PDF", "docx": "Word"}
WEB_PRINT_HINT = "Printing this page gives a clean memo, every explanation opened."
WEB_MEMO_CANNOT = "the memo cannot be printed as {format} here"
WEB_WHATIF_TITLE = "What if: {title}"
WEB_WHATIF_HINT = (
    "Change facts as `jurex analyse --set` does: a path in the case file's own field names and a new value "
    "(YAML; empty removes the field). Tick “add” for what the case does not have yet (a person, a list item), as "
    "--add does. The case file is not changed."
)
WEB_WHATIF_PATH = "Fact {n} (path)"
WEB_WHATIF_VALUE = "New value {n}"
WEB_WHATIF_ADD = "add (--add)"
WEB_WHATIF_RUN = "Show what changes"
WEB_WHATIF_NONE = "Name at least one fact to change."
WEB_WHATIF_CHANGES = "What changes"
WEB_CHANGE = {"added": "added", "removed": "removed", "changed": "changed"}
WEB_BEFORE = "The answer as the case is ({regime}, conduct on {date}):"
WEB_COMPARE_TITLE = "Compare regimes: {title}"
WEB_COMPARE_HINT = "Tick two or more; the first ticked is the yardstick the others are measured against."
WEB_COMPARE_REGIMES = "Regimes"
WEB_COMPARE_RUN = "Compare"
WEB_COMPARE_NONE = "Tick at least one regime."
WEB_COMPARE_TABLE = "Jurisdiction by regime"
WEB_COMPARE_AGAINST = "{label} against {first}"
WEB_COMPARE_ADDS = "adds"
WEB_COMPARE_LACKS = "lacks"
WEB_COMPARE_SAME = "no difference on this case"
WEB_COMPARE_ABSENT = "no basis"
WEB_PROVISIONS = "Provisions cited"
# The workbench's cases and case form (web/pages/cases.py, web/form.py)
WEB_CASES_HEADING = "Cases"
WEB_CASES_WORKSPACE = "In the workspace"
WEB_CASES_LIBRARY = "The bundled library"
WEB_CASES_SEARCH = "Search by title or topic"
WEB_CASES_SEARCH_BUTTON = "Search"
WEB_CASES_NONE_FOUND = "no case matches"
WEB_CASES_UNREADABLE = "(cannot be read as a case file; open it to see why)"
WEB_CASES_UPLOAD = "Upload a case file (YAML or JSON)"
WEB_CASES_UPLOAD_BUTTON = "Upload"
WEB_CASES_UPLOAD_REFUSED = "The file was not saved: it cannot be used as it is."
WEB_CASES_UPLOAD_NONE = "no file was chosen"
WEB_CASES_UPLOAD_NONE_FIX = "choose a .yaml, .yml or .json case file"
WEB_CASES_EDIT = "edit"
WEB_CASES_DOWNLOAD = "download"
WEB_CASES_DUPLICATE = "duplicate"
WEB_CASES_DUPLICATE_BUNDLED = "copy into the workspace"
WEB_CASES_DELETE = "delete"
WEB_CASES_DELETE_HEADING = "Delete {name}?"
WEB_CASES_DELETE_SAYS = (
    "The file {name} will be removed from the workspace (with any draft of its form); this cannot be undone."
)
WEB_CASES_DELETE_BUTTON = "Delete the file"
WEB_CASES_DELETE_CANCEL = "Keep it"
WEB_CASES_TOPICS = "topics"
WEB_FORM_NEW_HEADING = "New case"
WEB_FORM_EDIT_HEADING = "Edit {name}"
WEB_FORM_SAVE = "Save"
WEB_FORM_DRAFT_OPEN = (
    "This is the draft kept when the form was last sent and was not yet a valid case: nothing typed was lost."
)
WEB_FORM_DRAFT_KEPT = "Not saved: the case has {problems}. What you typed is kept as a draft."
WEB_FORM_DISCARD = "Discard the draft"
WEB_FORM_PROBLEMS = "Problems"
WEB_FORM_FIX = "fix"
WEB_FORM_ADD = "Add {noun}"
WEB_FORM_REMOVE = "Remove {label}"
WEB_FORM_KEY = "name"
WEB_FORM_ENTRY = "entry"
WEB_FORM_NOUNS = {"offender ref": "offender", "profile": "state's assumed law"}
WEB_FORM_UNKNOWN = "not known"
WEB_FORM_YES = "yes"
WEB_FORM_NO = "no"
WEB_FORM_CHOOSE = "(choose)"
WEB_FORM_REQUIRED = "required"
WEB_FORM_SHAPE = "which kind"
WEB_FORM_STATE_HINT = "type a state's name or code and pick it from the list, e.g. Philippines (PHL)"
WEB_FORM_VALUE_HINT = "a value as in a case file (YAML or JSON), e.g. true, 16 or {offender_nationality: true}"
WEB_FORM_TWICE = "two entries are named {name!r}"
WEB_FORM_TWICE_FIX = "give each entry a name of its own"

WEB_CASES_UPLOAD_FILE = "Case file"
WEB_CASES_TITLE = "title"
WEB_CASES_FILE = "file"
WEB_CASES_ACTIONS = "actions"
WEB_FORM_KEY_STATE = "state"
WEB_FORM_KNOWN = "known?"
WEB_FORM_LISTED = "yes: as listed (none if the list is empty)"
WEB_FORM_TO_ANSWER = "the answer (as last saved)"
WEB_FORM_FILE_PROBLEMS = "The file has {problems}: each is shown beside its field."
WEB_CITES = "Provisions (each opens in the list below):"
# --- The workbench: for trainers (exercises and class reports) and the states

# The options of `jurex exercise new`, as its --help says them (cli/exercise.py writes them out itself, so that the
# command line's start-up does not import this module; tests/test_web_trainers.py keeps the two the same).
EXERCISE_SEED_HELP = "The same seed gives the same exercise."
EXERCISE_LEVEL_HELP = "1: jurisdiction; 2: + extradition; 3: + prosecution duty, impunity."
EXERCISE_TOPIC_HELP = "Draw the case from this topic (jurex cases --topic)."
EXERCISE_CASE_HELP = "Use this bundled case."
WEB_TRAINERS_TITLE = "For trainers"
WEB_TRAINERS_INTRO = (
    "Build an exercise from the bundled library: a handout for the trainees and a separate answer key, the same "
    "for the same seed (as `jurex exercise new`). Then upload the trainees' answers files and read the class "
    "report (as `jurex exercise check`)."
)
WEB_EXERCISE_NEW = "New exercise"
WEB_EXERCISE_CASE = "Bundled case"
WEB_EXERCISE_ANY_CASE = "any case (of the topic, if one is chosen)"
WEB_EXERCISE_TOPIC = "Topic"
WEB_EXERCISE_ANY_TOPIC = "any topic"
WEB_EXERCISE_SEED = "Seed"
WEB_EXERCISE_LEVEL = "Level"
WEB_EXERCISE_BUILD = "Build the exercise"
WEB_EXERCISES_HERE = "Exercises made here"
WEB_NO_EXERCISES = "none yet: build one above, or upload an exercise's folder as a zip below"
WEB_EXERCISE_IMPORT = "An exercise made elsewhere"
WEB_EXERCISE_IMPORT_LABEL = "The exercise's folder, zipped (the folder `jurex exercise new -o` wrote)"
WEB_EXERCISE_IMPORT_BUTTON = "Add the exercise"
WEB_EXERCISE_NOT_FOUND = "there is no such exercise in the workspace"
WEB_EXERCISE_NOT_FOUND_FIX = "build it again on the trainers' page (the same seed gives the same exercise)"
WEB_EXERCISE_NO_KEY = "holds no {key}"
WEB_EXERCISE_NO_KEY_FIX = "zip the folder `jurex exercise new -o` wrote, with its {key}"
WEB_EXERCISE_KEPT = "kept in the workspace at {folder}"
WEB_DOWNLOADS = "Downloads"
WEB_FILES = {
    "handout.html": "Handout (HTML)",
    "handout.md": "Handout (Markdown)",
    "answers.html": "Answer key (HTML)",
    "answers.md": "Answer key (Markdown)",
    "answers-template.yaml": "Answers template for the trainees (YAML)",
    "exercise.zip": "The exercise's folder (zip), as `jurex exercise new -o` writes it",
    "class-report.csv": "Class report (CSV)",
    "class-report.html": "Class report (HTML)",
}
WEB_HANDOUT = "The handout"
WEB_KEY_SUMMARY = "The answer key (not for the trainees' eyes)"
WEB_GRADE = "Grade a class"
WEB_GRADE_FILES = "Trainees' answers files (one per trainee, named after the trainee, e.g. ana.yaml), or a zip of them"
WEB_GRADE_FOLDER = "Or a folder of answers files"
WEB_GRADE_BUTTON = "Grade the class"
WEB_GRADE_REPLACES = "A new upload replaces the class graded before; the answers are kept in the workspace at {folder}."
WEB_REPORT = "Class report"
WEB_NOT_A_NUMBER = "{value!r} is not a whole number"
WEB_NOT_A_NUMBER_FIX = "write a whole number, e.g. 7"
WEB_UPLOAD_NONE = "no file was chosen"
WEB_UPLOAD_NONE_FIX = "choose the trainees' answers files, a zip of them, or their folder"
WEB_UPLOAD_BAD_NAME = "{name!r} is not a name an uploaded file may have"
WEB_UPLOAD_BAD_NAME_FIX = "name each trainee's file after the trainee, e.g. ana.yaml"
WEB_UPLOAD_SAME_NAME = "two answers files are named {name}"
WEB_UPLOAD_SAME_NAME_FIX = "name each trainee's file after the trainee, once (e.g. ana.yaml, ben.yaml)"
WEB_ZIP_UNREADABLE = "{name} is not a zip file jurex can read"
WEB_ZIP_OUTSIDE = "{name}: the member {member!r} would be written outside its folder (an absolute path, a drive or ..)"
WEB_ZIP_LINK = "{name}: the member {member!r} is a link"
WEB_ZIP_ENCRYPTED = "{name}: the member {member!r} is encrypted"
WEB_ZIP_TOO_MANY = "{name} has more than {limit:,} members"
WEB_ZIP_TOO_BIG = "{name} holds more than {limit:,} bytes once unpacked"
WEB_ZIP_FIX = "zip the folder of files itself, without links or passwords (e.g. zip -r answers.zip answers/)"
WEB_STATES_INTRO = (
    "Each state's party status under every regime on a date, by the rules of each instrument's entry into force "
    "(as `jurex states`); a state's page gives its records, reservations and national law, each with its source."
)
WEB_STATES_DATE = "Date"
WEB_STATES_DATE_HELP = "the status on this day (YYYY-MM-DD); today if left empty"
WEB_STATES_REGIME = "Why, under"
WEB_STATES_EVERY_REGIME = "every regime (status only)"
WEB_STATES_STATUS = "Only the states whose status is"
WEB_STATES_ANY_STATUS = "any status"
WEB_STATES_SHOW = "Show"
WEB_STATES_UNKNOWN = "unknown state {code!r}"
WEB_STATES_BACK = "All states on {date}"
STATES_NOT_A_DATE = "{value!r} is not a date"
STATES_DATE_FIX = "write YYYY-MM-DD, e.g. 2015-06-01"
STATES_RESERVATIONS_HEADING = "Reservations and declarations that change jurex's answer:"
STATES_NONE_KNOWN = "none known"
STATES_UNVERIFIED = "UNVERIFIED: not reasoned on"
STATES_IN_FORCE = "in force"
STATES_SOURCE = "source"
STATES_NOTE = "note"
STATES_NOTHING_KNOWN = (
    "nothing known: every value is unknown (jurex reasons with the treaty minimum, under conditions)"
)
STATES_OPSC_LINE = "OPSC on {date}: {status} ({detail})"
WEB_EXERCISE_FILE_TOO_BIG = "{name}: {member} is more than {limit:,} bytes"
STATES_NO_REGIME = "jurex states shows no such regime"
STATES_NO_STATUS = "{value!r} is not a party status"
STATES_ONE_OF = "one of: {names}"
WEB_STATES_LAW = "National law"
WEB_STATES_RESERVATIONS = "Reservations and declarations"
WEB_STATES_TITLE = "States"
WEB_CANNOT_LISTEN = "cannot listen on {host}:{port} ({reason})"
WEB_CANNOT_LISTEN_FIX = "another program uses that port: give another with --port {port}, or stop that program"
