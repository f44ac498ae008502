"""Time in a case (jurex/v2): each act on its own date, a victim's age on the date that counts, and the upgrade of
v1 files. The rules are logic/parties.lp, logic/conclusions.lp (ground dates) and logic/victims.lp."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jurisdiction.cli.app import app
from typer.testing import CliRunner

from jurisdiction.apps.analysis import analyse
from jurisdiction.apps.library import case_files
from jurisdiction.input.loader import load, load_text
from jurisdiction.input.model import Case
from jurisdiction.input.upgrade import upgraded
from jurisdiction.render.golden import summary
from jurisdiction.resources import scenarios_dir


def scenario(name: str) -> dict[str, Any]:
    return yaml.safe_load((scenarios_dir() / f"{name}.yaml").read_text(encoding="utf-8"))


def rows(case: Case | dict[str, Any]) -> dict[tuple[str, str], Any]:
    found = analyse(case if isinstance(case, Case) else Case.model_validate(case))
    return {(j.state, j.basis): j for j in found.jurisdiction if j.offence == found.case.offences[0].id}


def codes(case: dict[str, Any]) -> set[str]:
    return {w.code for w in analyse(Case.model_validate(case)).warnings}


# --- Acts on different dates


def test_each_act_is_judged_on_its_own_date() -> None:
    found = rows(scenario("acts-across-ratification"))
    # Cambodia was bound for all three acts; Australia from 2007-02-08: bound as to the 2008 sale only.
    assert found[("KHM", "territory")].modality == "obligatory" and not found[("KHM", "territory")].not_bound_on
    assert found[("AUS", "territory")].modality == "obligatory"
    assert found[("AUS", "territory")].not_bound_on == ("2006-09-01",)
    assert "VCLT art. 28" in found[("AUS", "territory")].cites
    assert found[("AUS", "offender_nationality")].not_bound_on == ("2005-04-10", "2006-09-01")
    premises = [p for p in found[("AUS", "territory")].because if p["fact"] == "party_on"]
    assert {(p["date"], p["status"]) for p in premises} == {("2006-09-01", "not_party"), ("2008-02-01", "party")}


def test_without_the_act_after_ratification_the_state_is_not_bound() -> None:
    case = scenario("acts-across-ratification")
    del case["offences"][0]["acts"][2]
    found = rows(case)
    assert found[("AUS", "territory")].modality == "none"
    assert found[("KHM", "territory")].modality == "obligatory"


def test_an_act_without_a_date_takes_the_cases() -> None:
    case = scenario("acts-across-ratification")
    for act in case["offences"][0]["acts"]:
        act.pop("date")
    found = rows(case)  # every act on 2008-02-01: Australia bound for all of them
    assert found[("AUS", "territory")].modality == "obligatory" and not found[("AUS", "territory")].not_bound_on
    assert not [p for p in found[("AUS", "territory")].because if p["fact"] == "party_on"]


def test_a_denunciation_is_judged_per_act() -> None:
    case = scenario("acts-across-ratification")
    case["assume"] = {"KHM": {"opsc_denounced": "2005-01-01"}}  # effective one year later (art. 15(1))
    case["offences"][0]["acts"].append({"what": "sold a copy from Phnom Penh", "in": "KHM", "date": "2007-01-01"})
    found = rows(case)
    assert found[("KHM", "territory")].modality == "obligatory"  # the 2005 act, before the denunciation took effect
    assert found[("KHM", "territory")].not_bound_on == ("2007-01-01",)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.dates(min_value=dt.date(2003, 1, 1), max_value=dt.date(2012, 12, 31)))
def test_moving_one_acts_date_changes_only_the_conclusions_resting_on_it(day: dt.date) -> None:
    before = scenario("acts-across-ratification")
    after = scenario("acts-across-ratification")
    after["offences"][0]["acts"][1]["date"] = day.isoformat()  # the 2006 sale in Australia
    old, new = rows(before), rows(after)
    assert old.keys() == new.keys()  # a date makes no link and removes none
    # Cambodia's territorial conclusion rests on the act in Cambodia only: the moved act is not under it.
    assert (old[("KHM", "territory")].modality, old[("KHM", "territory")].not_bound_on) == (
        new[("KHM", "territory")].modality,
        new[("KHM", "territory")].not_bound_on,
    )
    # Australia's rests on the moved act and the 2008 sale: bound by the latter, whatever the former's date.
    assert new[("AUS", "territory")].modality == "obligatory"
    assert (day.isoformat() in new[("AUS", "territory")].not_bound_on) == (day < dt.date(2007, 2, 8))


# --- A victim's age when it counts


def test_abuse_material_counts_the_victims_age_when_it_was_made() -> None:
    case = scenario("filmed-at-17-sold-at-18")
    assert rows(case)[("PHL", "victim_nationality")].modality == "optional"
    assert "victim_not_a_child" not in codes(case)
    del case["offences"][0]["depicted_on"]  # then the sale's date: she was 18
    assert ("PHL", "victim_nationality") not in rows(case)
    assert "victim_not_a_child" in codes(case)


def test_an_age_given_at_another_date_leaves_a_year_of_doubt_and_says_so() -> None:
    case = scenario("filmed-at-17-sold-at-18")
    case["people"]["victim"] = {"nationality": ["PHL"], "age": 18}  # at the case's date, 2019-06-15
    assert rows(case)[("PHL", "victim_nationality")].modality == "optional"  # taken as a child
    assert "victim_age_uncertain" in codes(case)
    case["people"]["victim"]["age"] = 20
    assert ("PHL", "victim_nationality") not in rows(case) and "victim_not_a_child" in codes(case)


def test_a_v1_victim_of_19_is_answered_not_refused() -> None:
    case = yaml.safe_load((scenarios_dir() / "livestream-gbr-phl.yaml").read_text(encoding="utf-8"))
    case["people"]["child"]["age"] = 19
    assert ("PHL", "victim_nationality") not in rows(case)
    assert "victim_not_a_child" in codes(case)


# --- v1 files, v2 fields and the upgrade


def test_a_v1_file_that_uses_a_v2_field_is_told_to_upgrade(tmp_path: Path) -> None:
    text = (scenarios_dir() / "livestream-gbr-phl.yaml").read_text(encoding="utf-8")
    text = text.replace("age: 11}", "born: 2008-01-01}")
    target = tmp_path / "case.yaml"
    target.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(app, ["validate", str(target)])
    assert result.exit_code == 2
    assert "people.child.born" in result.output and "jurex validate --upgrade" in result.output
    result = CliRunner().invoke(app, ["validate", "--upgrade", str(target)])
    assert result.exit_code == 0 and "upgraded to jurex/v2" in result.output
    after = target.read_text(encoding="utf-8")
    assert after == text.replace("schema: jurex/v1", "schema: jurex/v2")  # comments and layout kept
    assert load(target).people["child"].born == dt.date(2008, 1, 1)


def test_every_bundled_v1_case_upgrades_to_the_same_case() -> None:
    v1 = [path for path in case_files() if load(path).schema_ == "jurex/v1"]
    assert len(v1) > 30  # the library keeps its v1 files: they must read as they always did
    for path in v1:
        text = upgraded(path.read_text(encoding="utf-8"), str(path))
        assert text is not None and "schema: jurex/v2" in text
        assert load_text(text, "x").model_copy(update={"schema_": "jurex/v1"}) == load(path)


def test_an_upgraded_case_gives_the_same_answer() -> None:
    path = scenarios_dir() / "livestream-gbr-phl.yaml"
    text = upgraded(path.read_text(encoding="utf-8"), str(path))
    assert text is not None
    assert summary(analyse(load_text(text, str(path)))) == summary(analyse(load(path)))


def test_a_v2_file_is_left_as_it_is(tmp_path: Path) -> None:
    target = tmp_path / "case.yaml"
    target.write_text((scenarios_dir() / "filmed-at-17-sold-at-18.yaml").read_text(encoding="utf-8"))
    before = target.stat().st_mtime_ns
    result = CliRunner().invoke(app, ["validate", "--upgrade", str(target)])
    assert result.exit_code == 0 and "already jurex/v2" in result.output
    assert target.stat().st_mtime_ns == before


def test_the_memo_gives_each_acts_date_the_birth_date_and_the_depiction() -> None:
    from jurisdiction.render.memo import render_report

    memo = render_report(analyse(load(scenarios_dir() / "acts-across-ratification.yaml")), "md")
    assert "| 2 | 2006-09-01 | sold copies online from Sydney |" in memo
    assert "born 1996-08-01" in memo and "material made on 2005-03-01" in memo
    assert "not for the acts of 2006-09-01: AUS was not bound by the OPSC then" in memo
