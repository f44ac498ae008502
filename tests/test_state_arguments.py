"""States on the command line: a code or a name (`--from Sweden`, `states show Thailand`), anything else refused
with the nearest state, by the argument's name; `sweep --vary X=ALL` ranges over states, ALL_ISO over ISO 3166."""

from __future__ import annotations

import pytest
from jurisdiction.cli.app import app
from typer.testing import CliRunner

from jurisdiction.apps.sweep import every_iso_code, every_state, parse_vary
from jurisdiction.errors import CaseError
from jurisdiction.input.countries import state_argument, state_named, suggest

runner = CliRunner()


@pytest.mark.parametrize(
    ("text", "code"),
    [("Sweden", "SWE"), ("thailand", "THA"), ("tha", "THA"), ("United Kingdom", "GBR"), ("the Netherlands", "NLD"),
     ("Turkey", "TUR"), ("Russia", "RUS"), ("Ivory Coast", "CIV"), ("Viet Nam", "VNM"), ("XAA", "XAA")],
)  # fmt: skip
def test_a_state_is_a_code_or_a_name(text: str, code: str) -> None:
    assert state_argument(text, "--from") == code


def test_a_near_miss_is_refused_with_the_nearest_state_and_the_argument_named() -> None:
    with pytest.raises(CaseError) as caught:
        state_argument("Swden", "--from")
    message = str(caught.value)
    assert message.startswith("--from: 1 problem on the command line")
    assert "unknown state 'Swden'" in message and "did you mean SWE (Sweden)?" in message
    assert "case file" not in message
    assert state_named("Swden") is None  # a near miss is never taken silently
    assert suggest("UK") == "did you mean GBR (United Kingdom)?"  # as a case file is told


def test_extradite_takes_names() -> None:
    by_name = runner.invoke(
        app, ["extradite", "livestream-gbr-phl", "--from", "United Kingdom", "--to", "Philippines", "--person",
              "facilitator", "-f", "json"],
    )  # fmt: skip
    by_code = runner.invoke(
        app, ["extradite", "livestream-gbr-phl", "--from", "GBR", "--to", "PHL", "--person", "facilitator", "-f",
              "json"],
    )  # fmt: skip
    assert by_name.exit_code == 0, by_name.stderr
    assert by_name.stdout == by_code.stdout


@pytest.mark.parametrize(
    ("args", "named"),
    [
        (["extradite", "livestream-gbr-phl", "--from", "Swden", "--to", "PHL", "--person", "facilitator"], "--from"),
        (["extradite", "livestream-gbr-phl", "--from", "GBR", "--to", "Phillipines", "--person", "viewer"], "--to"),
        (["explain", "livestream-gbr-phl", "--state", "Swden"], "--state"),
        (["states", "show", "Swden"], "STATE"),
    ],
)
def test_every_state_argument_names_itself_in_its_message(args: list[str], named: str) -> None:
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"{named}: 1 problem on the command line")
    assert "did you mean" in result.stderr and "case file" not in result.stderr
    assert "type=" not in result.stderr  # no pydantic detail


def test_states_show_and_explain_take_names() -> None:
    shown = runner.invoke(app, ["states", "show", "Thailand", "--at", "2015-06-01"])
    assert shown.exit_code == 0 and shown.stdout.startswith("THA — Thailand")
    explained = runner.invoke(app, ["explain", "livestream-gbr-phl", "--state", "united kingdom"])
    assert explained.exit_code == 0 and explained.stdout.startswith("GBR: what the OPSC says of it")


def test_a_request_to_oneself_is_said_plainly() -> None:
    result = runner.invoke(
        app, ["extradite", "livestream-gbr-phl", "--from", "GBR", "--to", "Great Britain", "--person", "viewer"]
    )
    assert result.exit_code == 2 and "a state cannot request extradition from itself" in result.stderr
    assert "type=" not in result.stderr and "input_value" not in result.stderr


def test_all_is_the_states_of_the_opsc_list_and_all_iso_every_iso_entry() -> None:
    template = {"people": {"offender": {"nationality": ["GBR"]}}, "offences": [{"acts": [{"in": "PHL"}]}]}
    states = parse_vary("offender.nationality=ALL", template).values
    assert len(states) == 195 and states == every_state()
    assert "ATA" not in states and "BVT" not in states  # Antarctica, Bouvet Island: no states
    assert "SWE" in states and "USA" in states  # a party and a non-party (the USA signed, never ratified)
    iso = parse_vary("offender.nationality=all_iso", template).values
    assert len(iso) == 249 and iso == every_iso_code() and set(states) <= set(iso)


def test_sweep_values_of_a_state_field_may_be_names() -> None:
    template = {"people": {"offender": {"nationality": ["GBR"], "role": "x"}}, "offences": [{"acts": [{"in": "PHL"}]}]}
    assert parse_vary("acts[0].in=Sweden, france,THA", template).values == ("SWE", "FRA", "THA")
    with pytest.raises(CaseError) as caught:
        parse_vary("acts[0].in=Swden", template)
    assert "did you mean SWE (Sweden)?" in str(caught.value) and caught.value.file.startswith("--vary")
    # a field that does not hold a state keeps its values as written
    assert parse_vary("offender.role=Sweden", template).values == ("Sweden",)
