"""The case file, schemas `jurex/v1` and `jurex/v2`, as pydantic models.

`jurex/v2` adds fields (`V2_FIELDS`) and changes no v1 field's meaning, so a v1 file reads as it always did;
a v1 file that uses a v2 field is told to say `schema: jurex/v2` (`jurex validate --upgrade` writes it).

Field names are the vocabulary used everywhere (ASP predicates, JSON output, docs). The models check the
shape of each value; `references.py` checks that names used in one place are declared in another.
Over 400 lines because the JSON Schema (`jurex schema`) is generated from these classes: one file is one schema.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    StringConstraints,
    Tag,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from jurisdiction import words
from jurisdiction.input.countries import check_state_code
from jurisdiction.resources import child_age

CHILD_UNDER = child_age()[0]  # logic/child.yaml: a state's age of a child is at most this
ChildAge = Annotated[int, Field(ge=1, le=CHILD_UNDER)]


def _one_line(value: str) -> str:
    """Names are one line of printable text: a control character (NUL above all) would not survive as data."""
    bad = next((c for c in value if unicodedata.category(c) == "Cc"), None)
    if bad is not None:
        raise PydanticCustomError(
            "control_character",
            "contains a control character (U+{code}); names are one line of printable text",
            {"code": f"{ord(bad):04X}", "fix": "remove the control character (newline, tab, NUL...) from the name"},
        )
    return value


def _no_nul(value: str) -> str:
    """Text (a title, a narrative, an act's description) may have lines and tabs, but no other control character:
    an escape sequence would clear a reader's screen or plant a link in their terminal."""
    if "\x00" in value:
        raise PydanticCustomError(
            "nul_character", "contains a NUL character (U+0000)", {"fix": "remove the NUL character from the text"}
        )
    bad = next((c for c in value if unicodedata.category(c) == "Cc" and c not in "\n\t"), None)
    if bad is not None:
        raise PydanticCustomError(
            "control_character",
            "contains a control character (U+{code}): a terminal would obey it instead of showing it",
            {"code": f"{ord(bad):04X}", "fix": "remove the control character (escape, bell, carriage return...)"},
        )
    return value


StateCode = Annotated[str, AfterValidator(check_state_code)]
Identifier = Annotated[str, StringConstraints(min_length=1, max_length=200), AfterValidator(_one_line)]
Text = Annotated[str, AfterValidator(_no_nul)]
Role = Literal["perpetration", "attempt", "instigation", "complicity", "participation"]
Element = Literal["conduct", "result"]
Territoriality = Literal["ubiquity", "conduct", "result"]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True, frozen=True)


class Immunity(Strict):
    """A member of the diplomatic staff of `sending_state`, accredited to `receiving_state` (VCDR arts. 31, 32)."""

    receiving_state: StateCode = Field(description="the state whose criminal jurisdiction the person is immune from")
    sending_state: StateCode = Field(description="the state the person represents: it alone may waive (art. 32)")
    waived: bool = Field(False, description="the sending state expressly waived the immunity (VCDR art. 32)")
    ended: bool = Field(False, description="the functions ended and the person left (VCDR art. 39(2))")

    @model_validator(mode="after")
    def _two_states(self) -> Immunity:
        if self.receiving_state == self.sending_state:
            raise PydanticCustomError(
                "same_state",
                "a diplomat is immune in the receiving state, not in the state they represent",
                {"fix": "receiving_state is where the person serves, sending_state the state they serve"},
            )
        return self


class Person(Strict):
    """A natural or legal person. For a legal person (OPSC art. 3(4)), nationality = state of incorporation."""

    kind: Literal["natural", "legal"] = "natural"
    nationality: list[StateCode] = Field(default_factory=list, description="every nationality (dual nationals)")
    habitual_residence: StateCode | None = None
    present_in: StateCode | None = Field(None, description="where the person is now")
    age: Annotated[int, Field(ge=0, le=150)] | None = Field(None, description="age at the case's date")
    born: dt.date | None = Field(None, description="date of birth (v2): the age is then known at every act's date")
    diplomatic_immunity: Immunity | None = Field(
        None,
        description="immunity from the criminal jurisdiction of a receiving state (v2; the Vienna Convention on "
        "Diplomatic Relations, art. 31)",
    )

    @field_validator("nationality", mode="before")
    @classmethod
    def _one_nationality(cls, v: Any) -> Any:
        return [v] if isinstance(v, str) else v

    @model_validator(mode="after")
    def _legal_person_fields(self) -> Person:
        if self.kind == "legal":
            fields = ("habitual_residence", "present_in", "age", "born", "diplomatic_immunity")
            wrong = [f for f in fields if getattr(self, f) is not None]
            if wrong:
                raise PydanticCustomError(
                    "legal_person_field",
                    "a legal person has no {fields}",
                    {"fields": ", ".join(wrong), "fix": "remove it, or make the person kind: natural"},
                )
        if self.age is not None and self.born is not None:
            raise PydanticCustomError(
                "age_and_born",
                "the person has both age and born",
                {"fix": "keep born (the age at every date follows from it), or age (at the case's date)"},
            )
        if self.born is not None and self.born > dt.date.today():
            raise PydanticCustomError(
                "future_date",
                "{value} is in the future: born is a date of birth",
                {"value": self.born.isoformat(), "fix": "give the date of birth"},
            )
        return self


class Vessel(Strict):
    type: Literal["ship", "aircraft"]
    registered_in: StateCode


class OnBoard(Strict):
    """An act on board a vessel; `waters` is the state whose territorial sea or airspace it was in."""

    vessel: Identifier
    waters: StateCode | None = None
    high_seas: bool = False

    @model_validator(mode="after")
    def _not_both(self) -> OnBoard:
        if self.waters and self.high_seas:
            raise PydanticCustomError(
                "place_conflict",
                "a vessel cannot be both in waters of a state and on the high seas",
                {"fix": "keep either waters: or high_seas: true"},
            )
        return self


class HighSeas(Strict):
    high_seas: Literal[True]


def _place_kind(v: Any) -> str:
    if isinstance(v, str):
        return "state"
    if isinstance(v, HighSeas):  # serialising: the value is already a model
        return "high_seas"
    if isinstance(v, dict) and "vessel" not in v and "high_seas" in v:
        return "high_seas"
    return "vessel" if isinstance(v, dict | OnBoard) else "state"


# One of three shapes, chosen by looking at the value, so an error speaks of the shape the user meant.
Place = Annotated[
    Annotated[StateCode, Tag("state")] | Annotated[OnBoard, Tag("vessel")] | Annotated[HighSeas, Tag("high_seas")],
    Discriminator(_place_kind),
]


class Act(Strict):
    what: Text | None = Field(None, description="what was done, in words")
    by: Identifier | None = Field(None, description="the person who did it")
    in_: Place = Field(
        alias="in", description="ISO 3166 alpha-3 code, {vessel: ID[, waters: ISO3]} or {high_seas: true}"
    )
    element: Element = "conduct"
    date: dt.date | None = Field(None, description="when this act took place (v2; default: the case's date)")
    premises_of: StateCode | None = Field(
        None, description="on the diplomatic or consular premises of this (sending) state, in the state of `in` (v2)"
    )

    @field_validator("date")
    @classmethod
    def _act_not_in_the_future(cls, v: dt.date | None) -> dt.date | None:
        return v if v is None else _not_future(v)

    @model_validator(mode="after")
    def _premises_in_a_state(self) -> Act:
        if self.premises_of is not None and not isinstance(self.in_, str):
            raise PydanticCustomError(
                "premises_place",
                "premises_of is for an act on land, in the receiving state",
                {"fix": "give `in:` the state where the embassy or consulate is"},
            )
        if self.premises_of is not None and self.premises_of == self.in_:
            raise PydanticCustomError(
                "premises_place",
                "premises_of names the sending state, not the state where the premises are",
                {"fix": "premises_of: the state whose embassy it is; in: the state where it stands"},
            )
        return self


class OffenderRef(Strict):
    person: Identifier
    role: Role = "perpetration"


class Offence(Strict):
    id: Identifier
    category: Identifier = Field(description="a category of the offence catalogue (`jurex catalogue`)")
    offenders: list[OffenderRef] = Field(min_length=1)
    victims: list[Identifier] = Field(default_factory=list)
    acts: list[Act] = Field(min_length=1)
    depicted_child_consented: bool = Field(
        False, description="possession only: the depicted child, 15 or older, consented (Denmark's declaration)"
    )
    depicted_on: dt.date | None = Field(
        None, description="abuse material: when it was made, or the live show took place (v2; the victim's age then)"
    )

    @field_validator("depicted_on")
    @classmethod
    def _depicted_not_in_the_future(cls, v: dt.date | None) -> dt.date | None:
        return v if v is None else _not_future(v)

    @field_validator("category")
    @classmethod
    def _known_category(cls, v: str) -> str:
        from jurisdiction.engine.catalogue import categories
        from jurisdiction.errors import nearest

        if v not in categories():
            raise PydanticCustomError(
                "unknown_category",
                "unknown offence category '{value}'",
                {"value": v, "fix": nearest(v, categories(), "use one of the catalogue: `jurex catalogue`")},
            )
        return v


NOT_EXTRADITION = {
    "deportation",
    "expulsion",
    "hand_over",
    "handover",
    "informal_hand_over",
    "transfer",
    "transfer_of_sentenced_persons",
    "surrender",
}


class Request(Strict):
    """An extradition request. Deportation, expulsion, informal hand-over and transfer of sentenced persons are
    other measures: OPSC art. 5 does not govern them and they trigger no art. 5(5) duty."""

    by: StateCode
    to: StateCode
    person: Identifier
    measure: str = Field("extradition", description=words.MEASURE_FIELD)
    offences: list[Identifier] | None = Field(
        None, min_length=1, description="the offences it is for (v2; default: every offence of the person)"
    )
    decided_on: dt.date | None = Field(
        None, description="when the requested state decides on it: its law of that date applies (v2; default: today)"
    )

    @field_validator("decided_on")
    @classmethod
    def _decided_not_in_the_future(cls, v: dt.date | None) -> dt.date | None:
        # National law is known up to today: a decision still to come is judged on today's law (leave it out).
        if v is not None and v > dt.date.today():
            raise PydanticCustomError(
                "future_date",
                "{value} is in the future: decided_on is when the requested state decided",
                {"value": v.isoformat(), "fix": "leave it out for a decision still to come: today's law applies"},
            )
        return v

    @field_validator("measure")
    @classmethod
    def _extradition_only(cls, v: str) -> str:
        if v != "extradition":
            raise PydanticCustomError(
                "not_extradition",
                words.NOT_EXTRADITION,
                {"value": v, "fix": "list only extradition requests here; describe other measures in the narrative"},
            )
        return v

    @model_validator(mode="after")
    def _two_states(self) -> Request:
        if self.by == self.to:
            raise PydanticCustomError(
                "same_state",
                "a state cannot request extradition from itself",
                {"fix": "`by` is the requesting state, `to` the requested one"},
            )
        return self


ExtraterritorialBasis = Literal["offender_nationality", "offender_residence", "victim_nationality", "victim_residence"]


# The bases a state's own law may give (art. 4(3)'s basis is read through offender_nationality).
LawBasis = Literal["flag", "offender_nationality", "offender_residence", "victim_nationality", "victim_residence"]
UniversalMode = Literal["absolute", "presence", "subsidiary", "none"]
ProsecutionCondition = Literal[
    "complaint_or_denunciation",
    "attorney_general_consent",
    "conditioned_extraterritoriality",
    "conditioned_extraterritoriality_victim",
    "none",
]


def check_category_patterns(patterns: list[str]) -> list[str]:
    """Category names or shell patterns ("csam_*", "*"), each matching at least one catalogue category."""
    import fnmatch

    from jurisdiction.engine.catalogue import categories
    from jurisdiction.errors import nearest

    for pattern in patterns:
        if not fnmatch.filter(sorted(categories()), pattern):
            raise PydanticCustomError(
                "unknown_category",
                "'{value}' matches no offence category",
                {"value": pattern, "fix": nearest(pattern, categories(), "see `jurex catalogue`")},
            )
    return patterns


class JurisdictionRule(Strict):
    """What a state's own law says of one basis, for some offence categories (the first matching rule wins)."""

    basis: LawBasis
    categories: Annotated[list[str], AfterValidator(check_category_patterns)] = Field(default_factory=lambda: ["*"])
    established: bool = Field(description="its law gives it this basis for these categories")
    double_criminality: bool | None = Field(None, description="only if the conduct is a crime where committed")
    prosecution_condition: ProsecutionCondition | None = None
    victim_under: Annotated[int, Field(ge=1, le=CHILD_UNDER)] | None = Field(
        None, description="only for victims under this age"
    )
    source: Text = "case assume:"
    verified: bool = True
    note: Text = ""


class Profile(Strict):
    """Case-level assumptions about a state: they override the bundled profile for this case only.

    Unknown values are reasoned on as the treaty minimum, and every conclusion resting on one is shown under
    a condition."""

    extradites_nationals: bool | None = None
    extradites_nationals_except_to: list[StateCode] | None = Field(
        None, description="requesting states to which the bar on extraditing nationals may not apply"
    )
    extradites_nationals_on_return_guarantee: bool | None = Field(
        None,
        description="v2: its law lifts the bar on extraditing nationals for a request for prosecution where their "
        "return to serve the sentence at home is guaranteed",
    )
    extradition_requires_treaty: bool | None = None
    extradites_for_secondary_roles: bool | None = Field(
        None, description="extradites for attempt, instigation, complicity and participation too"
    )
    extradites_only_for_offences_in_requesting_state: bool | None = None
    double_criminality_for_extraterritorial: bool | dict[ExtraterritorialBasis, bool] | None = Field(
        None, description="true: its extraterritorial jurisdiction needs the conduct to be a crime where committed"
    )
    criminalises: list[Identifier] | None = Field(
        None, description="the conducts the OPSC does not require (catalogue: urged) that its law makes crimes"
    )
    age_of_child: Annotated[int, Field(ge=1, le=CHILD_UNDER)] | dict[Identifier, ChildAge] | None = (
        Field(None, description="its law protects children under this age (18 unless it says otherwise)")
    )
    territoriality: Territoriality | None = None
    jurisdiction: list[JurisdictionRule] | None = Field(
        None, description="the bases its own law gives it (established), first matching rule first"
    )
    universal_jurisdiction: UniversalMode | dict[str, UniversalMode] | None = Field(
        None, description="its universal jurisdiction, for all categories or per category (patterns allowed)"
    )
    opsc_party_since: dt.date | None = Field(None, description="the OPSC binds the state from this date")
    opsc_denounced: dt.date | None = Field(None, description="it notified a denunciation of the OPSC on this date")
    party_to: dict[Literal["lanzarote", "budapest", "eu-2011-93"], bool] | None = Field(
        None, description="bound (true) or not (false) by these regimes at the conduct date; jurex holds no list"
    )
    opsc_party: bool | None = Field(None, description="false: not a party at the conduct date")
    foreign_judgment_bars: bool | None = Field(
        None, description="v2: its law refuses extradition of a person already tried for the conduct in another state"
    )

    @field_validator("criminalises")
    @classmethod
    def _urged_categories(cls, v: list[str] | None) -> list[str] | None:
        from jurisdiction.engine.catalogue import catalogue
        from jurisdiction.errors import nearest

        urged = {c.name for c in catalogue().values() if c.requirement == "urged"}
        for name in v or []:
            if name not in urged:
                required = name in catalogue()
                raise PydanticCustomError(
                    "not_urged",
                    "'{value}' is not one of the conducts the OPSC leaves optional",
                    {
                        "value": name,
                        "fix": "list only these: " + ", ".join(sorted(urged))
                        if required
                        else nearest(name, urged, "list only these: " + ", ".join(sorted(urged))),
                    },
                )
        return v

    @field_validator("universal_jurisdiction")
    @classmethod
    def _universal_categories(cls, v: object) -> object:
        if isinstance(v, dict):
            check_category_patterns(list(v))
        return v

    @field_validator("age_of_child")
    @classmethod
    def _age_categories(cls, v: int | dict[str, int] | None) -> int | dict[str, int] | None:
        from jurisdiction.engine.catalogue import categories
        from jurisdiction.errors import nearest

        for name in v if isinstance(v, dict) else []:
            if name not in categories():
                raise PydanticCustomError(
                    "unknown_category",
                    "unknown offence category '{value}'",
                    {"value": name, "fix": nearest(name, categories(), "see `jurex catalogue`")},
                )
        return v

    @model_validator(mode="after")
    def _consistent_party(self) -> Profile:
        if self.opsc_party is False and self.opsc_party_since is not None:
            raise PydanticCustomError(
                "party_conflict", "opsc_party: false contradicts opsc_party_since", {"fix": "keep one of the two"}
            )
        return self


class PriorJudgment(Strict):
    """The courts of `state` already tried `person` for `offence` (ne bis in idem)."""

    state: StateCode
    person: Identifier
    offence: Identifier
    outcome: Literal["conviction", "acquittal"] | None = Field(None, description="the judgment's outcome (v2)")


# What a case illustrates, for the library and the exercises (CRC/C/156 section VII and the steps of jurex).
Topic = Literal[
    "territory",
    "ship",
    "aircraft",
    "offender_nationality",
    "offender_residence",
    "victim_nationality",
    "victim_residence",
    "presence",
    "travel_tourism",
    "live_streaming",
    "darknet",
    "organ_sale",
    "illegal_adoption",
    "double_criminality",
    "extradition",
    "extradition_without_treaty",
    "attempt",
    "complicity",
    "non_party",
    "legal_person",
    "urged_conduct",
    "reservation",
    "party_dates",
    "regimes",
    "ne_bis_in_idem",
    "impunity",
    "diplomatic_immunity",
]


# The fields jurex/v2 adds, by model: a v1 file that uses one is told to say `schema: jurex/v2`.
V2_FIELDS: dict[str, tuple[str, ...]] = {
    "Person": ("born", "diplomatic_immunity"),
    "Act": ("date", "premises_of"),
    "Request": ("offences", "decided_on"),
    "Offence": ("depicted_on",),
    "PriorJudgment": ("outcome",),
    "Profile": ("foreign_judgment_bars", "extradites_nationals_on_return_guarantee"),
}


def _not_future(v: dt.date) -> dt.date:
    # The party lists and national law are known up to today; a conduct date after it has no answer.
    if v > dt.date.today():
        raise PydanticCustomError(
            "future_date",
            "{value} is in the future: the date is when the conduct took place",
            {"value": v.isoformat(), "fix": "give the date of the conduct, today or earlier"},
        )
    return v


def v2_fields_used(value: BaseModel, at: tuple[str | int, ...] = ()) -> list[tuple[str | int, ...]]:
    """Where a model uses a field that jurex/v2 added (paths in the file's field names)."""
    found: list[tuple[str | int, ...]] = []
    for name in V2_FIELDS.get(type(value).__name__, ()):
        if name in value.model_fields_set and getattr(value, name) is not None:
            found.append((*at, name))
    for name, field in type(value).model_fields.items():
        key = field.alias or name
        child = getattr(value, name)
        items = child.items() if isinstance(child, dict) else enumerate(child) if isinstance(child, list) else ()
        if isinstance(child, BaseModel):
            found += v2_fields_used(child, (*at, key))
        for k, item in items:
            if isinstance(item, BaseModel):
                found += v2_fields_used(item, (*at, key, k))
    return found


class Case(Strict):
    schema_: Literal["jurex/v1", "jurex/v2"] = Field(alias="schema")
    id: Identifier
    title: Text
    narrative: Text | None = None
    topics: list[Topic] = Field(default_factory=list, description="what the case illustrates (library, exercises)")
    date: dt.date = Field(description="when the conduct took place (each act's date, unless the act gives its own)")
    people: dict[Identifier, Person]
    vessels: dict[Identifier, Vessel] = Field(default_factory=dict)
    offences: list[Offence] = Field(min_length=1)
    requests: list[Request] = Field(default_factory=list)
    extradition_treaties: list[tuple[StateCode, StateCode]] = Field(default_factory=list)
    prior_judgments: list[PriorJudgment] = Field(default_factory=list)
    assume: dict[StateCode, Profile] = Field(default_factory=dict)

    @field_validator("date")
    @classmethod
    def _not_in_the_future(cls, v: dt.date) -> dt.date:
        return _not_future(v)

    @model_validator(mode="after")
    def _v2_fields_need_v2(self) -> Case:
        used = v2_fields_used(self) if self.schema_ == "jurex/v1" else []
        if used:
            from jurisdiction.errors import dotted

            raise PydanticCustomError(
                "v2_field",
                "{fields}: added by schema jurex/v2, and the file says jurex/v1",
                {
                    "fields": ", ".join(dotted(p) for p in used),
                    "fix": "write `schema: jurex/v2` (`jurex validate --upgrade FILE` does it, keeping the rest)",
                },
            )
        return self

    def states(self) -> set[str]:
        """Every state code the case mentions."""
        found: set[str] = set()
        for p in self.people.values():
            found.update(p.nationality)
            found.update(s for s in (p.habitual_residence, p.present_in) if s)
        found.update(v.registered_in for v in self.vessels.values())
        for o in self.offences:
            for a in o.acts:
                if isinstance(a.in_, str):
                    found.add(a.in_)
                elif isinstance(a.in_, OnBoard) and a.in_.waters:
                    found.add(a.in_.waters)
        for r in self.requests:
            found.update((r.by, r.to))
        for pair in self.extradition_treaties:
            found.update(pair)
        found.update(j.state for j in self.prior_judgments)
        found.update(self.assume)
        for p in self.people.values():
            if p.diplomatic_immunity:
                found.update((p.diplomatic_immunity.receiving_state, p.diplomatic_immunity.sending_state))
        found.update(a.premises_of for o in self.offences for a in o.acts if a.premises_of)
        return found
