"""The case library: at least 30 cases, every situation of CRC/C/156 section VII covered, and every topic a
case claims borne out by its facts and its answer (so that a trainer can trust `jurex cases --topic`)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from jurisdiction.apps.analysis import analyse
from jurisdiction.apps.library import case_files, expected_file, library
from jurisdiction.engine.catalogue import catalogue
from jurisdiction.findings.types import Analysis
from jurisdiction.input.loader import load
from jurisdiction.input.model import Case, OnBoard

ENTRIES = library()
SECTION_VII = {  # paras 80-89
    "territory",
    "ship",
    "aircraft",
    "offender_nationality",
    "offender_residence",
    "victim_nationality",
    "victim_residence",
    "travel_tourism",
    "presence",
    "live_streaming",
    "darknet",
    "organ_sale",
    "illegal_adoption",
    "double_criminality",
    "extradition_without_treaty",
    "attempt",
    "complicity",
    "non_party",
    "legal_person",
}


def bases(a: Analysis) -> set[str]:
    return {j.basis for j in a.jurisdiction if j.modality != "none" or j.basis != "territory"}


def on_board(case: Case, kind: str) -> bool:
    return any(
        isinstance(act.in_, OnBoard) and case.vessels[act.in_.vessel].type == kind
        for o in case.offences
        for act in o.acts
    )


def words(case: Case) -> str:
    return " ".join([case.narrative or "", *(a.what or "" for o in case.offences for a in o.acts)]).lower()


CHECKS: dict[str, Callable[[Case, Analysis], bool]] = {
    "territory": lambda c, a: "territory" in {j.basis for j in a.jurisdiction},
    "ship": lambda c, a: on_board(c, "ship"),
    "aircraft": lambda c, a: on_board(c, "aircraft"),
    "offender_nationality": lambda c, a: "offender_nationality" in bases(a),
    "offender_residence": lambda c, a: "offender_residence" in bases(a),
    "victim_nationality": lambda c, a: "victim_nationality" in bases(a),
    "victim_residence": lambda c, a: "victim_residence" in bases(a),
    "presence": lambda c, a: "presence_no_extradition" in bases(a),
    "travel_tourism": lambda c, a: any(
        (p := c.people[r.person]).habitual_residence
        and any(isinstance(act.in_, str) and act.in_ != p.habitual_residence for act in o.acts)
        for o in c.offences
        for r in o.offenders
    ),
    "live_streaming": lambda c, a: "stream" in words(c),
    "darknet": lambda c, a: any(o.category in {"csam_distribution", "csam_sale", "csam_export"} for o in c.offences),
    "organ_sale": lambda c, a: any(o.category == "sale_organ_transfer" for o in c.offences),
    "illegal_adoption": lambda c, a: any(o.category == "improper_adoption_consent" for o in c.offences),
    "double_criminality": lambda c, a: (
        any(o.obstacle == "double_criminality" for r in a.extradition for o in r.obstacles)
        or any("double_criminality" in w.code for w in a.warnings)
    ),
    "extradition": lambda c, a: bool(a.extradition),
    "extradition_without_treaty": lambda c, a: any(
        r.basis in {"convention_legal_basis", "recognised_extraditable"} or "reservation" in r.provision
        for r in a.extradition
    ),
    "attempt": lambda c, a: any(r.role == "attempt" for o in c.offences for r in o.offenders),
    "complicity": lambda c, a: any(
        r.role in {"complicity", "instigation", "participation"} for o in c.offences for r in o.offenders
    ),
    "non_party": lambda c, a: any(s.party_status == "not_party" for s in a.states),
    "legal_person": lambda c, a: any(c.people[r.person].kind == "legal" for o in c.offences for r in o.offenders),
    "urged_conduct": lambda c, a: any(catalogue()[o.category].requirement != "opsc_required" for o in c.offences),
    "reservation": lambda c, a: any(
        "reservation" in p or "declaration" in p
        for p in [
            *(r.provision for r in a.extradition),
            *(x for r in a.extradition for x in r.cites),
            *(x for r in a.extradition for o in r.obstacles for x in o.cites),
            *(x for j in a.jurisdiction for x in j.cites),
        ]
    ),
    "party_dates": lambda c, a: (
        any(
            s.party_status in {"uncertain", "not_party"}
            or "denounced" in s.detail
            or any(f.field == "opsc_party_since" for f in a.assumptions)
            for s in a.states
        )
        or any(p.opsc_denounced for p in c.assume.values())
        or any(j.not_bound_on for j in a.jurisdiction)
    ),
    "regimes": lambda c, a: any(catalogue()[o.category].requirement != "opsc_required" for o in c.offences),
    "ne_bis_in_idem": lambda c, a: any(o.obstacle == "ne_bis_in_idem" for r in a.extradition for o in r.obstacles),
    "impunity": lambda c, a: any(
        w.code
        in {
            "offender_beyond_reach",
            "no_state_obliged",
            "double_criminality_blocks",
            "double_criminality_may_block",
            "basis_only_in_non_party",
        }
        for w in a.warnings
    ),
    # a person with diplomatic immunity, whose answer cites the Vienna Convention for it
    "diplomatic_immunity": lambda c, a: any(p.diplomatic_immunity for p in c.people.values())
    and any(c.startswith("VCDR") for j in a.jurisdiction for c in j.cites),
}


def test_the_library_has_at_least_30_cases_each_with_title_narrative_and_answer() -> None:
    assert len(ENTRIES) >= 30
    for e in ENTRIES:
        assert e.title and len(e.narrative) > 80 and e.topics, e.id
        assert expected_file(e.path).exists(), e.id
    assert len({e.id for e in ENTRIES}) == len(ENTRIES)


def test_every_situation_of_section_vii_is_covered() -> None:
    covered = {t for e in ENTRIES for t in e.topics}
    assert covered >= SECTION_VII, SECTION_VII - covered


@pytest.mark.parametrize("path", case_files(), ids=[p.stem for p in case_files()])
def test_every_topic_a_case_claims_is_borne_out(path) -> None:  # type: ignore[no-untyped-def]
    case = load(path)
    answer = analyse(case)
    for topic in case.topics:
        assert CHECKS[topic](case, answer), f"{path.name} claims {topic!r}"
