"""The `jurex` command as a user runs it: output, exit codes, errors on stderr."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from jurisdiction.cli.app import app
from typer.testing import CliRunner

runner = CliRunner()


def run(*args: str):  # type: ignore[no-untyped-def]
    return runner.invoke(app, list(args))


def test_analyse_json_has_the_documented_shape() -> None:
    result = run("analyse", "livestream-gbr-phl", "--format", "json")
    assert result.exit_code == 0, result.stderr
    answer = json.loads(result.stdout)
    assert (answer["schema"], answer["case"], answer["regime"]) == ("jurex/v2", "livestream-gbr-phl", "opsc")
    wanted = {
        "state": "GBR",
        "basis": "territory",
        "modality": "obligatory",
        "provision": "OPSC art. 4(1)",
        "offence": "live-abuse",
        "person": "viewer",
    }
    assert any(wanted.items() <= row.items() for row in answer["jurisdiction"])
    universal = [row for row in answer["jurisdiction"] if row["basis"] == "universal"]
    assert {row["state"] for row in universal} == {"*"}
    conditional = [row for row in answer["jurisdiction"] if row["condition"]]
    assert [(r["state"], r["condition"]) for r in conditional] == [("GBR", "refuses_to_extradite_national")]


def test_analyse_table_reads_like_an_answer() -> None:
    result = run("analyse", "livestream-gbr-phl")
    assert result.exit_code == 0, result.stderr
    for words in (
        "Jurisdiction",
        "GBR",
        "PHL",
        "territory",
        "must",
        "OPSC art. 4(1)",
        "CRC/C/156 para. 87",
        "refuses to",
    ):
        assert words in result.stdout


def test_analyse_writes_to_a_file(tmp_path: Path) -> None:
    out = tmp_path / "answer.json"
    result = run("analyse", "cruise-ship-high-seas", "-f", "json", "-o", str(out))
    assert result.exit_code == 0 and result.stdout == ""
    assert json.loads(out.read_text())["case"] == "cruise-ship-high-seas"


def test_the_same_case_gives_byte_identical_json() -> None:
    first = run("analyse", "darknet-hosting-company", "-f", "json").stdout
    assert first == run("analyse", "darknet-hosting-company", "-f", "json").stdout


def test_bad_input_exits_2_with_the_problem_on_stderr(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("schema: jurex/v1\nid: x\ntitle: t\ndate: 2019-02-30\npeople: {}\noffences: []\n")
    result = run("analyse", str(bad))
    assert result.exit_code == 2
    assert result.stdout == ""
    assert f"{bad}:4: date" in result.stderr and "fix:" in result.stderr
    assert "Traceback" not in result.stderr


def test_missing_file_exits_2() -> None:
    result = run("analyse", "no-such-case.yaml")
    assert result.exit_code == 2 and "no such file" in result.stderr


def test_validate_reports_each_file(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("schema: jurex/v1\n")
    result = run("validate", "livestream-gbr-phl", str(bad))
    assert result.exit_code == 2
    assert "livestream-gbr-phl.yaml: valid" in result.stdout
    assert "bad.yaml" in result.stderr and "id: Field required" in result.stderr
    assert run("validate", "livestream-gbr-phl").exit_code == 0


def test_schema_is_a_json_schema_with_the_catalogue() -> None:
    result = run("schema")
    assert result.exit_code == 0
    schema = json.loads(result.stdout)
    assert schema["$schema"].startswith("https://json-schema.org/")
    assert "csam_production" in schema["$defs"]["Offence"]["properties"]["category"]["enum"]
    assert schema["properties"]["schema"]["enum"] == ["jurex/v1", "jurex/v2"]
    assert schema["title"] == "jurex case file (jurex/v2)"
    # jurex/v2's fields are in it (the JSON Schema is generated from the model: one source).
    assert {"date", "premises_of"} <= set(schema["$defs"]["Act"]["properties"])
    assert {"born", "diplomatic_immunity"} <= set(schema["$defs"]["Person"]["properties"])
    assert "offences" in schema["$defs"]["Request"]["properties"]


def test_an_internal_error_exits_1_without_a_traceback(monkeypatch: pytest.MonkeyPatch) -> None:
    import jurisdiction.apps.analysis

    def broken(*_: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(jurisdiction.apps.analysis, "analyse", broken)
    result = run("analyse", "livestream-gbr-phl")
    assert result.exit_code == 1
    assert "internal error" in result.stderr and "--debug" in result.stderr and "Traceback" not in result.stderr


def test_catalogue_lists_categories_with_their_requirement() -> None:
    result = run("catalogue", "--format", "json")
    entries = {e["category"]: e for e in json.loads(result.stdout)}
    assert entries["csam_possession_for_purpose"]["requirement"] == "opsc_required"
    assert entries["csam_mere_possession"] == {
        "category": "csam_mere_possession",
        "requirement": "urged",
        "provision": "CRC/C/156 para. 65",
    }
    assert entries["not_opsc"]["requirement"] == "not_covered"


def test_cases_lists_the_bundled_cases() -> None:
    result = run("cases")
    assert result.exit_code == 0 and "livestream-gbr-phl" in result.stdout
    shown = run("cases", "show", "livestream-gbr-phl")
    assert shown.exit_code == 0 and "expected answer" in shown.stdout and "OPSC art. 4(1)" in shown.stdout
    assert run("cases", "show", "livestream").exit_code == 2
    topical = json.loads(run("cases", "--topic", "organ_sale", "-f", "json").stdout)
    assert {c["id"] for c in topical} >= {"organ-sale-non-party"}


def test_extradite_answers_one_question() -> None:
    result = run(
        "extradite", "livestream-gbr-phl", "--from", "GBR", "--to", "PHL", "--person", "facilitator", "-f", "json"
    )
    assert result.exit_code == 0, result.stderr
    answer = json.loads(result.stdout)
    assert answer["requested_in_case"] is True
    [route] = answer["extradition"]
    assert (route["basis"], route["provision"], route["obstacles"]) == (
        "bilateral_treaty",
        "OPSC art. 5(1)",
        ["nationality"],
    )
    duties = {(o["state"], o["duty"], o["provision"], o["trigger"]) for o in answer["obligations"]}
    assert duties == {
        ("PHL", "prosecute_if_not_extradited", "OPSC art. 5(5)", "request"),
        ("PHL", "establish_jurisdiction", "OPSC art. 4(3)", "request"),
    }


def test_extradite_a_request_the_case_does_not_list() -> None:
    result = run("extradite", "livestream-gbr-phl", "--from", "PHL", "--to", "GBR", "--person", "viewer")
    assert result.exit_code == 0, result.stderr
    assert "as if requested" in result.stdout and "possibly" in result.stdout


def test_extradite_rejects_someone_who_is_not_an_offender() -> None:
    result = run("extradite", "livestream-gbr-phl", "--from", "PHL", "--to", "GBR", "--person", "child")
    assert result.exit_code == 2 and "not an offender" in result.stderr


def test_analyse_json_has_extradition_obligations_and_warnings() -> None:
    answer = json.loads(run("analyse", "livestream-gbr-phl", "-f", "json").stdout)
    wanted = {
        "person": "facilitator",
        "requesting": "GBR",
        "requested": "PHL",
        "basis": "bilateral_treaty",
        "provision": "OPSC art. 5(1)",
        "obstacles": ["nationality"],
    }
    assert any(wanted.items() <= r.items() for r in answer["extradition"])
    wanted_duty = {
        "state": "PHL",
        "duty": "prosecute_if_not_extradited",
        "provision": "OPSC art. 5(5)",
        "person": "facilitator",
        "trigger": "request",
    }
    assert any(wanted_duty.items() <= o.items() for o in answer["obligations"])
    assert answer["warnings"] == []


def test_each_run_has_its_own_session(monkeypatch: pytest.MonkeyPatch) -> None:
    """--debug lives in typer's context, not in a module global: the next run in the same process is without it."""
    import jurisdiction.apps.analysis

    def broken(*_: object, **__: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(jurisdiction.apps.analysis, "analyse", broken)
    debugged = run("--debug", "analyse", "livestream-gbr-phl")
    assert isinstance(debugged.exception, RuntimeError)  # --debug: the exception itself, for its traceback
    plain = run("analyse", "livestream-gbr-phl")
    assert plain.exit_code == 1 and "internal error" in plain.stderr


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX pipes")
@pytest.mark.parametrize("args", [["analyse", "livestream-gbr-phl"], ["cases"]], ids=" ".join)
def test_a_reader_that_stops_reading_is_no_error(args: list[str], tmp_path: Path) -> None:
    """`jurex analyse CASE | head -3`: the reader closes the pipe early, and jurex ends quietly with 0. First
    with the pipe closed before jurex starts (its first write fails, every time), then closed after a first
    line, as head does, wherever jurex then is in its output (closing early is intermittent: a few times)."""
    cmd = [sys.executable, "-m", "jurisdiction.cli", *args]
    for attempt in range(4):
        read, write = os.pipe()
        if attempt == 0:
            os.close(read)
        # cwd: away from the source tree, whose jurisdiction/ would shadow an installed package (without cli/).
        proc = subprocess.Popen(cmd, stdout=write, stderr=subprocess.PIPE, cwd=tmp_path)
        os.close(write)
        if attempt:
            with os.fdopen(read, "rb") as reader:
                assert reader.readline()
        _, stderr = proc.communicate(timeout=120)
        assert (proc.returncode, stderr.decode()) == (0, ""), f"attempt {attempt}"
