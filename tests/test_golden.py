"""Golden cases: every bundled scenario's answer equals the reviewed answer beside it.

After a deliberate change of the rules: `pytest tests/test_golden.py --update-golden`, then read `git diff`.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from jurisdiction import vocabulary
from jurisdiction.apps.analysis import analyse
from jurisdiction.apps.library import case_files, expected_file
from jurisdiction.input.loader import load
from jurisdiction.render.golden import summary

CASES = case_files()


def test_there_are_enough_golden_cases() -> None:
    assert len(CASES) >= 12


@pytest.mark.parametrize("case_file", CASES, ids=[p.stem for p in CASES])
def test_golden(case_file: Path, update_golden: bool) -> None:
    got = summary(analyse(load(case_file)))
    expected_path = expected_file(case_file)
    if update_golden:
        header = f"# Expected answer for {case_file.name}. Regenerate: pytest tests/test_golden.py --update-golden\n"
        expected_path.write_text(
            header + yaml.safe_dump(got, sort_keys=False, width=200, allow_unicode=True), encoding="utf-8"
        )
    assert expected_path.exists(), f"no expected answer beside {case_file.name}: run with --update-golden and review it"
    assert got == yaml.safe_load(expected_path.read_text(encoding="utf-8"))


def test_the_golden_cases_cover_every_basis_and_modality() -> None:
    answers = [analyse(load(p)) for p in CASES]
    bases = {j.basis for a in answers for j in a.jurisdiction}
    modalities = {j.modality for a in answers for j in a.jurisdiction}
    roles = {j.role for a in answers for j in a.jurisdiction}
    assert bases == set(vocabulary.BASES)  # every basis the rules know is shown by some case
    assert modalities == set(vocabulary.MODALITIES)
    assert {"attempt", "complicity", "instigation", "perpetration"} <= roles
    people = [p for a in answers for p in a.case.people.values()]
    assert any(len(p.nationality) > 1 for p in people), "a dual national"
    assert any(p.kind == "legal" for p in people), "a legal person"


def test_the_golden_cases_cover_every_route_obstacle_and_duty() -> None:
    answers = [analyse(load(p)) for p in CASES]
    routes = {r.basis for a in answers for r in a.extradition}
    obstacles = {o.obstacle for a in answers for r in a.extradition for o in r.obstacles}
    duties = {(o.duty, o.trigger) for a in answers for o in a.obligations}
    warnings = {w.code for a in answers for w in a.warnings}
    assert routes == set(vocabulary.ROUTE_BASES)
    assert obstacles == set(vocabulary.OBSTACLES)  # every obstacle the rules know is shown by some case
    assert duties == {
        (d, t) for d in ("prosecute_if_not_extradited", "establish_jurisdiction") for t in ("request", "hypothetical")
    }
    assert {"offender_beyond_reach", "double_criminality_blocks", "basis_only_in_non_party"} <= warnings
    assert any(r.place_fiction_overcomes for a in answers for r in a.extradition)


def test_the_golden_cases_cover_real_dates_reservations_and_national_law() -> None:
    answers = {p.stem: analyse(load(p)) for p in CASES}
    statuses = {s.party_status for a in answers.values() for s in a.states}
    assert {"party", "not_party", "uncertain"} <= statuses
    cited = {c for a in answers.values() for r in a.extradition for c in (r.provision, *r.cites)}
    cited |= {c for a in answers.values() for r in a.extradition for o in r.obstacles for c in o.cites}
    cited |= {c for a in answers.values() for j in a.jurisdiction for c in j.cites}
    assert {
        "OPSC reservation: LAO, art. 5(2)",
        "OPSC declaration: SLV, art. 5",
        "OPSC declaration: DNK, art. 2(c)",
    } <= cited
    established = {j.established for a in answers.values() for j in a.jurisdiction}
    assert {"yes", "no", "unknown"} <= established
    assert any(j.established_conditions for a in answers.values() for j in a.jurisdiction)
    assert any(
        d.startswith("denounced") or "since" in d for a in answers.values() for d in [s.detail for s in a.states]
    )
    assert answers["denunciation-survives"].states[0].party_status == "party"
