"""Case files: the issue's example is accepted as is; bad input gets file, line, field and fix."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from jurisdiction.errors import CaseError
from jurisdiction.input.loader import load, load_text
from jurisdiction.input.model import HighSeas, OnBoard
from jurisdiction.resources import scenarios_dir

GOOD = textwrap.dedent("""\
    schema: jurex/v1
    id: t
    title: test
    date: 2019-06-01
    people:
      viewer: {nationality: [GBR], habitual_residence: GBR, present_in: GBR}
      child:  {nationality: [PHL], age: 11}
    vessels:
      mv-aurora: {type: ship, registered_in: PAN}
    offences:
      - id: o
        category: csam_production
        offenders: [{person: viewer, role: instigation}]
        victims: [child]
        acts:
          - {what: ordered, by: viewer, in: GBR}
          - {what: on board, in: {vessel: mv-aurora, waters: PHL}}
          - {what: at sea, in: {high_seas: true}}
    """)


def problems(text: str) -> list[tuple[int | None, str, str, str]]:
    with pytest.raises(CaseError) as caught:
        load_text(text, "case.yaml")
    assert caught.value.file == "case.yaml"
    return [(p.line, p.path, p.message, p.fix) for p in caught.value.problems]


def test_the_issue_example_is_accepted_as_is() -> None:
    case = load(scenarios_dir() / "livestream-gbr-phl.yaml")
    assert case.people["company"].kind == "legal"
    assert case.offences[0].offenders[0].role == "instigation"
    assert case.offences[0].acts[2].element == "result"
    assert case.extradition_treaties == [("GBR", "PHL")]
    assert case.assume["PHL"].extradites_nationals is False


def test_places_take_three_shapes() -> None:
    acts = load_text(GOOD).offences[0].acts
    assert acts[0].in_ == "GBR"
    assert acts[1].in_ == OnBoard(vessel="mv-aurora", waters="PHL")
    assert acts[2].in_ == HighSeas(high_seas=True)


def test_missing_schema() -> None:
    [(_line, path, message, fix)] = problems(GOOD.replace("schema: jurex/v1\n", ""))
    assert path == "schema" and "schema" in message and "jurex/v2" in fix


def test_unknown_schema() -> None:
    [(line, path, message, _fix)] = problems(GOOD.replace("jurex/v1", "jurex/v9"))
    assert (line, path) == (1, "schema") and "jurex/v9" in message


def test_unknown_state_code_names_line_field_and_a_suggestion() -> None:
    [(line, path, message, fix)] = problems(GOOD.replace("nationality: [GBR]", "nationality: [UK]"))
    assert (line, path) == (6, "people.viewer.nationality[0]")
    assert "'UK'" in message and "GBR" in fix


def test_undeclared_person_and_vessel() -> None:
    found = problems(GOOD.replace("by: viewer", "by: viewr").replace("vessel: mv-aurora", "vessel: mv-aurra"))
    assert (16, "offences[0].acts[0].by") in [(line, path) for line, path, *_ in found]
    assert (17, "offences[0].acts[1].in.vessel") in [(line, path) for line, path, *_ in found]
    fixes = " ".join(fix for *_, fix in found)
    assert "'viewer'" in fixes and "'mv-aurora'" in fixes


@pytest.mark.parametrize("bad", ["2019-13-01", "June 2019", "2019-06-01T10:00:00"])
def test_a_date_that_is_not_a_date(bad: str) -> None:
    [(line, path, _message, fix)] = problems(GOOD.replace("2019-06-01", bad))
    assert (line, path) == (4, "date") and "YYYY-MM-DD" in fix


def test_unknown_field_suggests_the_nearest() -> None:
    [(_line, path, _message, fix)] = problems(GOOD.replace("present_in: GBR", "present: GBR"))
    assert path == "people.viewer.present" and "present_in" in fix


def test_unknown_category_suggests_the_nearest() -> None:
    [(line, path, _message, fix)] = problems(GOOD.replace("csam_production", "csam_prodution"))
    assert (line, path) == (12, "offences[0].category") and "csam_production" in fix


def test_a_victim_of_19_loads_and_the_rules_say_they_are_not_a_child() -> None:
    # Whether a victim is a child is the rules' question (logic/victims.lp): the age may count on another date.
    case = load_text(GOOD.replace("age: 11", "age: 19"), "case.yaml")
    assert case.people["child"].age == 19


def test_a_request_for_someone_who_is_not_an_offender() -> None:
    found = problems(GOOD + "requests:\n  - {by: GBR, to: PHL, person: child}\n")
    assert [(line, path) for line, path, *_ in found] == [(20, "requests[0].person")]


def test_duplicate_keys_are_reported_not_silently_merged() -> None:
    found = problems(GOOD.replace("title: test\n", "title: test\ntitle: again\n"))
    assert [(line, path) for line, path, *_ in found] == [(4, "title")]


def test_malformed_yaml_has_a_line() -> None:
    [(line, _path, message, _fix)] = problems(GOOD.replace("acts:\n", "acts: [\n"))
    assert line is not None and "YAML" in message


def test_every_problem_is_reported_at_once() -> None:
    bad = GOOD.replace("[GBR]", "[UK]").replace("csam_production", "nope").replace("instigation", "boss")
    assert len(problems(bad)) == 3


def test_files_that_are_not_case_files(tmp_path: Path) -> None:
    for name, content, words in [
        ("empty.yaml", b"", "empty"),
        ("latin1.yaml", "date: é".encode("latin-1"), "UTF-8"),
        ("list.yaml", b"- a\n- b\n", "mapping"),
    ]:
        path = tmp_path / name
        path.write_bytes(content)
        with pytest.raises(CaseError) as caught:
            load(path)
        assert caught.value.file == str(path)
        assert words in caught.value.problems[0].message
    with pytest.raises(CaseError, match="no such file"):
        load(tmp_path / "missing.yaml")


def test_json_case_files_load_too(tmp_path: Path) -> None:
    import json

    import yaml

    path = tmp_path / "case.json"
    path.write_text(json.dumps(yaml.safe_load(GOOD), default=str), encoding="utf-8")
    assert load(path).id == "t"


def test_a_deportation_is_not_an_extradition_request() -> None:
    [(_line, path, message, _fix)] = problems(
        GOOD + "requests:\n  - {by: GBR, to: PHL, person: viewer, measure: deportation}\n"
    )
    assert path == "requests[0].measure" and "not extradition" in message and "5(5)" in message


def test_prior_judgments_must_name_an_offender_of_the_offence() -> None:
    found = problems(
        GOOD + "prior_judgments:\n  - {state: PHL, person: child, offence: o}\n"
        "  - {state: PHL, person: viewer, offence: nope}\n"
    )
    assert [path for _, path, *_ in found] == ["prior_judgments[0].person", "prior_judgments[1].offence"]


def test_assume_accepts_the_profile_fields_and_checks_their_values() -> None:
    ok = GOOD + "assume:\n  PHL: {extradites_for_secondary_roles: false, criminalises: [grooming], age_of_child: 16}\n"
    assert load_text(ok).assume["PHL"].age_of_child == 16
    [(_line, path, message, _fix)] = problems(GOOD + "assume:\n  PHL: {criminalises: [csam_production]}\n")
    assert path == "assume.PHL.criminalises" and "optional" in message


def test_a_request_for_a_legal_person_is_refused_with_what_to_write_instead() -> None:
    natural = "viewer: {nationality: [GBR], habitual_residence: GBR, present_in: GBR}"
    company = GOOD.replace(natural, "viewer: {kind: legal, nationality: [GBR]}")
    assert company != GOOD
    [(_line, path, message, fix)] = problems(company + "requests:\n  - {by: PHL, to: GBR, person: viewer}\n")
    assert path == "requests[0].person" and "legal person" in message and "mutual legal assistance" in message
    assert "natural persons" in fix
