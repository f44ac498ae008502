"""What if: changed facts, rerun, and the answer's changes conclusion by conclusion."""

from __future__ import annotations

import json

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
