"""What if: changed facts, rerun, and the answer's changes conclusion by conclusion."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from jurisdiction.apps.analysis import analyse
from jurisdiction.apps.whatif import Setting, compare, editor
from jurisdiction.errors import CaseError
from jurisdiction.input.loader import load
from jurisdiction.resources import scenarios_dir

LIVESTREAM = scenarios_dir() / "livestream-gbr-phl.yaml"


def changes(*settings: str):  # type: ignore[no-untyped-def]
    parsed = [Setting.parse(s) for s in settings]
    return compare(analyse(load(LIVESTREAM)), analyse(load(LIVESTREAM, editor(parsed))))


def test_moving_the_viewer_removes_the_uk_art_4_3_basis_and_duties() -> None:
    found = changes("people.viewer.present_in=THA")
    removed = [c.before for c in found if c.kind == "removed"]
    assert any(line.startswith("GBR | presence_no_extradition") for line in removed if line)
    assert any(line.startswith("GBR | prosecute_if_not_extradited") for line in removed if line)
    added = [c.after for c in found if c.kind == "added" and c.section == "extradition"]
    assert any("GBR -> THA" in line for line in added if line)


def test_a_modality_change_is_reported_as_a_change() -> None:
    found = changes("offences[0].acts[0].in=FRA")
    [changed] = [c for c in found if c.kind == "changed" and c.section == "jurisdiction"]
    assert changed.before.startswith("GBR | territory") and "| contestable" in changed.after


def test_nothing_changes_when_the_fact_is_the_same() -> None:
    assert changes("people.viewer.present_in=GBR") == []


def test_values_are_yaml_and_an_empty_value_removes_the_field() -> None:
    assert Setting.parse("people.viewer.nationality=[GBR, FRA]").value == ["GBR", "FRA"]
    assert Setting.parse("assume.GBR.extradites_nationals=false").value is False
    found = changes("people.viewer.present_in=")
    assert any(c.kind == "removed" and c.before.startswith("GBR | presence_no_extradition") for c in found)


@pytest.mark.parametrize("bad", ["nonsense", "people..viewer=1", "offences[9].acts[0].in=GBR"])
def test_bad_settings_are_input_errors(bad: str) -> None:
    with pytest.raises(CaseError) as caught:
        changes(bad)
    assert caught.value.file == "--set"


def test_a_setting_that_makes_the_case_invalid_is_reported_like_a_bad_file() -> None:
    with pytest.raises(CaseError) as caught:
        changes("people.viewer.present_in=ABC")
    assert caught.value.problems[0].path == "people.viewer.present_in"


def test_the_command_line() -> None:
    from jurisdiction.cli.app import app

    runner = CliRunner()
    result = runner.invoke(app, ["analyse", "livestream-gbr-phl", "--set", "people.viewer.present_in=THA"])
    assert result.exit_code == 0, result.stderr
    assert "What if people.viewer.present_in=THA" in result.stdout and "- jurisdiction: GBR" in result.stdout
    as_json = runner.invoke(
        app, ["analyse", "livestream-gbr-phl", "--set", "people.viewer.present_in=THA", "-f", "json"]
    )
    payload = json.loads(as_json.stdout)
    assert payload["after"]["case"] == "livestream-gbr-phl" and payload["changes"]


def expanding(depth: int) -> str:
    """A YAML value that expands to 8 ** depth values through anchors and aliases, in a few hundred bytes."""
    text = "&a0 [x, x, x, x, x, x, x, x]"
    for i in range(1, depth):
        text = f"&a{i} [{text}, " + ", ".join([f"*a{i - 1}"] * 7) + "]"
    return text


@pytest.mark.parametrize(
    ("value", "says"),
    [
        (expanding(6), ("the value expands to more than 50000 values", "without anchors and aliases")),
        ("{GBR: {extradites_nationals: true}, GBR: {}}", ("in the value, GBR: this key appears twice", "keep one")),
        ("[a", ("not valid YAML or JSON", "quote it")),
        ("[" * 5_000 + "]" * 5_000, ("the value is nested too deeply", "flatten")),
    ],
)
def test_a_set_value_is_read_within_the_case_files_bounds(value: str, says: tuple[str, ...]) -> None:
    from jurisdiction.cli.app import app

    setting = f"assume={value}"
    result = CliRunner().invoke(app, ["analyse", "livestream-gbr-phl", "--set", setting])
    assert result.exit_code == 2, result.stderr
    assert result.stderr.startswith("--set: 1 problem on the command line")
    for fragment in says:
        assert fragment in result.stderr
    assert not result.stdout


def test_a_set_value_has_text_keys_as_a_case_file_has() -> None:
    # YAML would read `1:` as a number and `yes:` as true; a case file's reader keeps keys as written.
    assert Setting.parse("assume={NO: {extradites_nationals: yes}}").value == {"NO": {"extradites_nationals": True}}


def test_a_path_through_lists_may_use_dots_or_brackets() -> None:
    dotted, bracketed = Setting.parse("offences.0.acts.1.in=SWE"), Setting.parse("offences[0].acts[1].in=SWE")
    assert dotted.path == bracketed.path == ("offences", 0, "acts", 1, "in")
    found = changes("offences.0.acts.1.in=SWE")
    added = [c.after for c in found if c.kind == "added" and c.section == "jurisdiction"]
    assert any(line.startswith("SWE | territory") for line in added if line)


def test_digits_on_a_mapping_name_a_key_not_an_index() -> None:
    data: dict = {"people": {"1": {"present_in": "GBR"}}}  # type: ignore[type-arg]
    Setting.parse("people.1.present_in=THA").apply(data)
    assert data == {"people": {"1": {"present_in": "THA"}}}


def whatif(*args: str, case: str = "livestream-gbr-phl"):  # type: ignore[no-untyped-def]
    from jurisdiction.cli.app import app

    return CliRunner().invoke(app, ["analyse", case, *args])


def test_a_misspelt_name_is_refused_not_added() -> None:
    # The case has a person `viewer`: `viewr` is a typo, which used to add a person and report no change.
    result = whatif("--set", "people.viewr.present_in=SWE")
    assert result.exit_code == 2, result.stdout
    assert not result.stdout
    first, problem, fix = result.stderr.splitlines()
    assert first == "--set: 1 problem on the command line"
    assert problem == "--set: people.viewr.present_in=SWE: the case has no people.viewr"
    assert "did you mean 'viewer'?" in fix and "to add 'viewr', write --add people.viewr.present_in=SWE" in fix


def test_a_misspelt_removal_is_refused_too() -> None:
    result = whatif("--set", "people.viewr.present_in=")
    assert result.exit_code == 2 and "the case has no people.viewr" in result.stderr
    assert "did you mean 'viewer'?" in result.stderr and "--add" not in result.stderr  # nothing to add


def test_a_misspelt_field_names_the_setting_and_the_field() -> None:
    # The model's validation would catch it too, but would point at the case file's line, which has no typo.
    result = whatif("--set", "people.viewer.presnt_in=SWE")
    assert result.exit_code == 2
    assert "--set: people.viewer.presnt_in=SWE: people.viewer has no field 'presnt_in'" in result.stderr
    assert "did you mean 'present_in'?" in result.stderr and "livestream-gbr-phl.yaml" not in result.stderr


def test_add_adds_a_person_and_the_answer_changes() -> None:
    # A Swedish victim gives Sweden the victim-nationality basis (OPSC art. 4(2)(b)); a --set may then change
    # what the --add made, since additions go first.
    result = whatif(
        "--set",
        "people.friend.age=12",
        "--add",
        "people.friend.nationality=[SWE]",
        "--add",
        "offences.0.victims.1=friend",
    )
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines()[0] == (
        "What if --add people.friend.nationality=[SWE], --add offences.0.victims.1=friend, people.friend.age=12:"
    )
    added = "  + jurisdiction: SWE may establish jurisdiction over live-abuse as to viewer (victim's nationality)"
    assert added in result.stdout
    without = whatif("--add", "people.friend.nationality=[SWE]")  # a person in no offence changes nothing
    assert without.exit_code == 0 and "nothing changes in the answer" in without.stdout


def test_add_refuses_what_the_case_already_has() -> None:
    result = whatif("--add", "people.viewer.present_in=SWE")
    assert result.exit_code == 2
    assert "--add: people.viewer.present_in=SWE: people.viewer.present_in is already in the case" in result.stderr
    assert "write --set people.viewer.present_in=SWE" in result.stderr


@pytest.mark.parametrize(
    ("setting", "says"),
    [
        ("offences[0].acts[9].in=SWE", "there is no item 9 in offences[0].acts: it has 3 items"),
        ("offences.0.acts.3.in=SWE", "there is no item 3 in offences[0].acts: it has 3 items"),
        ("offences[1].id=x", "there is no item 1 in offences: it has 1 item"),
    ],
)
def test_an_index_out_of_range_says_how_many_items_there_are(setting: str, says: str) -> None:
    result = whatif("--set", setting)
    assert result.exit_code == 2 and not result.stdout
    assert says in result.stderr


def test_an_index_out_of_range_suggests_adding_after_the_last() -> None:
    result = whatif("--set", "offences[0].acts[9].in=SWE")
    assert "count from 0: the items are 0 to 2; to add one after the last, write --add offences[0].acts[3].in=SWE" in (
        result.stderr
    )
    added = whatif("--add", "offences[0].acts[3].in=SWE")
    assert added.exit_code == 0, added.stderr
    assert "+ jurisdiction: SWE must establish jurisdiction over live-abuse as to" in added.stdout
    assert "(territory) — OPSC art. 4(1)" in added.stdout


def test_a_field_the_file_left_out_is_set_without_add(tmp_path: Path) -> None:
    case = tmp_path / "case.yaml"
    text = LIVESTREAM.read_text()
    left_out = text.replace(
        "viewer:      {nationality: [GBR], habitual_residence: GBR,", "viewer:      {nationality: [GBR],"
    )
    assert left_out != text
    case.write_text(left_out)
    result = whatif("--set", "people.viewer.habitual_residence=FRA", case=str(case))
    assert result.exit_code == 0, result.stderr
    said = "+ jurisdiction: FRA may establish jurisdiction over live-abuse as to viewer (offender's habitual residence)"
    assert said in result.stdout


def test_names_inside_a_field_the_setting_makes_are_not_typos() -> None:
    # age_of_child is a field of a state's profile, absent here; the category named inside it is new by intent.
    found: dict = {"assume": {"PHL": {}}}  # type: ignore[type-arg]
    Setting.parse("assume.PHL.age_of_child.csam_production=16").apply(found, checked=True)
    assert found == {"assume": {"PHL": {"age_of_child": {"csam_production": 16}}}}


def test_an_empty_value_removes_a_list_item() -> None:
    data: dict = {"people": {"p": {"nationality": ["GBR", "FRA"]}}}  # type: ignore[type-arg]
    Setting.parse("people.p.nationality.0=").apply(data, checked=True)
    assert data == {"people": {"p": {"nationality": ["FRA"]}}}


def test_the_what_if_says_the_changes_in_words_and_the_new_answer_in_short() -> None:
    from jurisdiction.cli.app import app

    wide = {"COLUMNS": "1000"}  # each sentence on one line (folding them is test_widths.py's)
    moved = ["analyse", "livestream-gbr-phl", "--set", "people.viewer.present_in=THA"]
    result = CliRunner().invoke(app, moved, env=wide)
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    said = "- jurisdiction: GBR must establish jurisdiction over live-abuse as to viewer (offender present, not "
    said += "extradited)"
    assert said in out and "if it refuses to extradite its national — OPSC art. 4(3)" in out
    assert "+ extradition: GBR may ask THA to extradite viewer for live-abuse" in out
    assert "- duty: GBR must submit the case for prosecution if it does not extradite (viewer, live-abuse)" in out
    assert "GBR | presence_no_extradition" not in out  # the reviewed lines are the JSON's, not the reader's
    summary = out.split("The answer now (opsc, conduct on 2019-06-01):\n", 1)[1]
    # the viewer is gone from the UK: its art. 4(3) basis too, and the viewer may be sought in Thailand
    assert "  must:\n    GBR: territory\n    PHL: territory; offender present, not extradited\n  may:\n" in summary
    assert "viewer from THA to GBR or PHL" in summary and "GBR must" not in summary.split("duties:")[1]
    assert "    ! impunity may threaten: viewer in live-abuse" in summary


def test_a_changed_conclusion_says_what_it_was() -> None:
    from jurisdiction.cli.app import app

    wide = {"COLUMNS": "1000"}
    result = CliRunner().invoke(app, ["analyse", "livestream-gbr-phl", "--set", "offences[0].acts[0].in=FRA"], env=wide)
    assert result.exit_code == 0, result.stderr
    changed, was = result.stdout.split("  ~ jurisdiction: ", 1)[1].splitlines()[:2]
    assert changed.startswith("GBR must establish jurisdiction over live-abuse as to viewer (territory); contestable")
    before = "GBR must establish jurisdiction over live-abuse as to viewer (territory) — OPSC art. 4(1)"
    assert was.strip() == f"was: {before}"
