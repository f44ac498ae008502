"""The case file, schema `jurex/v1`, as pydantic models.

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


class Person(Strict):
    """A natural or legal person. For a legal person (OPSC art. 3(4)), nationality = state of incorporation."""

    kind: Literal["natural", "legal"] = "natural"
    nationality: list[StateCode] = Field(default_factory=list, description="every nationality (dual nationals)")
    habitual_residence: StateCode | None = None
    present_in: StateCode | None = Field(None, description="where the person is now")
    age: Annotated[int, Field(ge=0, le=150)] | None = Field(None, description="age at the conduct date")

    @field_validator("nationality", mode="before")
    @classmethod
    def _one_nationality(cls, v: Any) -> Any:
        return [v] if isinstance(v, str) else v

    @model_validator(mode="after")
    def _legal_person_fields(self) -> Person:
        if self.kind == "legal":
            wrong = [f for f in ("habitual_residence", "present_in", "age") if getattr(self, f) is not None]
            if wrong:
                raise PydanticCustomError(
                    "legal_person_field",
                    "a legal person has no {fields}",
                    {"fields": ", ".join(wrong), "fix": "remove it, or make the person kind: natural"},
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
ProsecutionCondition = Literal["complaint_or_denunciation", "attorney_general_consent", "none"]


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
]


class Case(Strict):
    schema_: Literal["jurex/v1"] = Field(alias="schema")
    id: Identifier
    title: Text
    narrative: Text | None = None
    topics: list[Topic] = Field(default_factory=list, description="what the case illustrates (library, exercises)")
    date: dt.date = Field(description="when the conduct took place")
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
        # The party lists and national law are known up to today; a conduct date after it has no answer.
        if v > dt.date.today():
            raise PydanticCustomError(
                "future_date",
                "{value} is in the future: the date is when the conduct took place",
                {"value": v.isoformat(), "fix": "give the date of the conduct, today or earlier"},
            )
        return v

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
        return found
