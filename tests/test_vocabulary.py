"""jurisdiction/vocabulary.py mirrors logic/vocabulary.lp: the same names, and the rules' own order of strength."""

from __future__ import annotations

from jurisdiction import vocabulary
from jurisdiction.engine.solver import function_args, solve


def _facts() -> dict[str, set[tuple[object, ...]]]:
    answer = solve([], ("vocabulary.lp", "offences.lp"), shown_only=False)
    out: dict[str, set[tuple[object, ...]]] = {}
    for sym in answer.symbols:
        out.setdefault(sym.name, set()).add(tuple(str(a) for a in function_args(sym)))
    return out


def test_every_enumeration_python_knows_is_the_rules_own() -> None:
    facts = _facts()
    pairs = {
        "basis": vocabulary.BASES,
        "route_basis": vocabulary.ROUTE_BASES,
        "obstacle_kind": vocabulary.OBSTACLES,
        "duty": vocabulary.DUTIES,
        "role": vocabulary.ROLES,
        "party_status_value": vocabulary.PARTY_STATUSES,
        "trigger": vocabulary.TRIGGERS,
        "judgment_outcome_value": vocabulary.JUDGMENT_OUTCOMES,
    }
    for predicate, names in pairs.items():
        assert {(n,) for n in names} == facts.get(predicate, set()), predicate
        assert len(set(names)) == len(names), predicate


def test_the_modality_order_is_the_rules_order_of_strength() -> None:
    ranks = {m: int(n) for m, n in _facts()["modality_rank"]}  # type: ignore[call-overload]
    assert set(ranks) == set(vocabulary.MODALITIES)
    assert sorted(ranks, key=ranks.__getitem__, reverse=True) == list(vocabulary.MODALITIES)
    assert [vocabulary.rank(m) for m in vocabulary.MODALITIES] == [ranks[m] for m in vocabulary.MODALITIES]


def test_the_extraterritorial_bases_are_those_of_the_profile_rules() -> None:
    answer = solve([], ("vocabulary.lp", "offences.lp", "profiles.lp"), shown_only=False)
    found = {str(function_args(s)[0]) for s in answer.symbols if s.name == "extraterritorial_basis"}
    assert found == set(vocabulary.EXTRATERRITORIAL_BASES)


def test_the_case_model_offers_the_rules_roles_and_schema() -> None:
    from typing import get_args

    from jurisdiction.input import model

    assert get_args(model.Role) == vocabulary.ROLES
    assert get_args(model.Case.model_fields["schema_"].annotation) == vocabulary.SCHEMAS_READ
    assert vocabulary.SCHEMAS_READ[-1] == vocabulary.SCHEMA


def test_the_age_of_a_child_is_one_number_for_the_case_model_and_the_rules() -> None:
    from jurisdiction.engine.facts import const, fact
    from jurisdiction.resources import child_age

    facts = [fact("state", "XAA"), fact("offence", "o", const("csam_production"))]
    answer = solve(facts, ("vocabulary.lp", "offences.lp", "parties.lp", "victims.lp", "profiles.lp"), shown_only=False)
    defaults = {str(s.arguments[3]) for s in answer.symbols if s.name == "value" and "age_of_child" in str(s)}
    assert defaults == {str(child_age()[0])}


def test_the_regimes_a_case_may_assume_a_party_to_are_those_without_a_party_list() -> None:
    from typing import get_args

    from jurisdiction.engine.regimes import REGIMES
    from jurisdiction.input.model import Profile

    answer = solve([], ("vocabulary.lp", "regimes/common.lp"), shown_only=False)
    listless = {str(s.arguments[0]) for s in answer.symbols if s.name == "listed_regime"}
    assumable = get_args(get_args(Profile.model_fields["party_to"].annotation)[0])[0]
    assert {REGIMES[name].asp for name in get_args(assumable)} == listless


def test_the_case_model_offers_the_rules_judgment_outcomes() -> None:
    from typing import get_args

    from jurisdiction.input import model

    # The case gives conviction or acquittal; the rules say not_stated where it gives none.
    offered = get_args(get_args(model.PriorJudgment.model_fields["outcome"].annotation)[0])
    assert (*offered, "not_stated") == vocabulary.JUDGMENT_OUTCOMES
