"""The HTTP API (/api/v1/), as a tool uses it: the command line's JSON for every route, problem details for
every error, the version on every answer, the hostile files refused as the command line refuses them, and the
guard's refusals (another site, another host name, a body too large, a path out of the workspace)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from jurisdiction.cli.app import app as cli
from test_hostile import HOSTILE, Hostile
from test_limits import network
from typer.testing import CliRunner
from webclient import BASE, client

from jurisdiction import __version__
from jurisdiction.data.states import bundled
from jurisdiction.errors import CaseError, Problem, visible
from jurisdiction.resources import scenarios_dir
from jurisdiction.web import api
from jurisdiction.web.guard import MAX_REQUEST
from jurisdiction.web.workspace import Workspace

runner = CliRunner()
CASE = "livestream-gbr-phl"
TEXT = (scenarios_dir() / f"{CASE}.yaml").read_text(encoding="utf-8")
YAML = {"content-type": "application/yaml"}


@pytest.fixture(scope="module")
def c(tmp_path_factory: pytest.TempPathFactory) -> TestClient:
    return client(tmp_path_factory.mktemp("ws"))


def jurex(*args: str) -> str:
    result = runner.invoke(cli, list(args))
    assert result.exit_code == 0, result.stderr
    return result.stdout


def case_object() -> dict[str, Any]:
    import yaml

    data = yaml.safe_load(TEXT)
    data["date"] = str(data["date"])
    return data  # type: ignore[no-any-return]


def ok(response: Any) -> Any:
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/json"
    return response.json()


# --- Every route answers with the command line's JSON


def test_analyse_is_the_command_lines_json_byte_for_byte_whichever_way_the_case_is_sent(c: TestClient) -> None:
    expected = jurex("analyse", CASE, "-f", "json", "--regime", "lanzarote")
    sent = [
        c.post("/api/v1/analyse", json={"case": TEXT, "regime": "lanzarote"}),
        c.post("/api/v1/analyse", json={"case": case_object(), "regime": "lanzarote"}),
        c.post("/api/v1/analyse?regime=lanzarote", content=TEXT.encode(), headers=YAML),
        c.post(
            "/api/v1/analyse?regime=lanzarote",
            content=json.dumps(case_object()).encode(),
            headers={"content-type": "application/json"},
        ),
    ]
    for response in sent:
        ok(response)
        assert response.text == expected
    api.Analysis.model_validate(sent[0].json())  # the OpenAPI document describes what is sent
    assert sent[0].json()["regime"] == "lanzarote"


def test_the_default_regime_and_all_parties_are_the_command_lines(c: TestClient) -> None:
    response = c.post("/api/v1/analyse", json={"case": TEXT, "assume_all_parties": True})
    assert ok(response) == json.loads(jurex("analyse", CASE, "-f", "json", "--assume-all-parties"))
    assert response.json()["regime"] == "opsc" and response.json()["assume_all_parties"] is True


def test_explain_why_and_why_not(c: TestClient) -> None:
    expected = jurex("explain", CASE, "--state", "GBR", "-f", "json")
    by_json = c.post("/api/v1/explain", json={"case": TEXT, "state": "GBR"})
    by_file = c.post("/api/v1/explain?state=gbr", content=TEXT.encode(), headers=YAML)
    assert ok(by_json) and by_json.text == expected
    assert ok(by_file) and by_file.text == expected
    answer = api.Explanation.model_validate(by_json.json())
    assert answer.state == "GBR" and answer.why and answer.why_not


def test_extradite(c: TestClient) -> None:
    body = {"case": TEXT, "from": "PHL", "to": "GBR", "person": "viewer"}
    response = c.post("/api/v1/extradite", json=body)
    assert ok(response) and response.text == jurex(
        "extradite", CASE, "--from", "PHL", "--to", "GBR", "--person", "viewer", "-f", "json"
    )
    answer = api.Extradition.model_validate(response.json())
    assert (answer.requesting, answer.requested, answer.person) == ("PHL", "GBR", "viewer")


def test_compare_several_regimes(c: TestClient) -> None:
    expected = jurex("compare", CASE, "--regimes", "opsc,lanzarote,budapest", "-f", "json")
    as_list = c.post("/api/v1/compare", json={"case": TEXT, "regimes": ["opsc", "lanzarote", "budapest"]})
    as_query = c.post("/api/v1/compare?regimes=opsc,lanzarote,budapest", content=TEXT.encode(), headers=YAML)
    assert ok(as_list) and as_list.text == expected and as_query.text == expected
    assert api.Comparison.model_validate(as_list.json()).regimes == ["opsc", "lanzarote", "budapest"]


def test_what_if_takes_the_settings_of_analyse_set_and_add(c: TestClient) -> None:
    settings = ["people.viewer.present_in=THA"]
    response = c.post("/api/v1/what-if", json={"case": TEXT, "set": settings})
    assert ok(response) and response.text == jurex("analyse", CASE, "--set", settings[0], "-f", "json")
    answer = api.WhatIf.model_validate(response.json())
    assert answer.settings == settings and answer.changes
    added = c.post("/api/v1/what-if", json={"case": case_object(), "add": ["people.viewer.nationality.1=SWE"]})
    assert ok(added)["settings"] == ["--add people.viewer.nationality.1=SWE"]


def test_what_if_refuses_a_typo_as_the_command_line_does(c: TestClient) -> None:
    response = c.post("/api/v1/what-if", json={"case": TEXT, "set": ["people.veiwer.present_in=THA"]})
    assert response.status_code == 400
    problems = response.json()["problems"]
    cli_said = runner.invoke(cli, ["analyse", CASE, "--set", "people.veiwer.present_in=THA"]).stderr
    assert problems and all(p["problem"] in cli_said and p["fix"] in cli_said for p in problems)
    assert "viewer" in problems[0]["fix"]
    empty = c.post("/api/v1/what-if", json={"case": TEXT})
    assert empty.status_code == 400 and empty.json()["problems"][0]["field"] == "set"


def test_validate_a_valid_case(c: TestClient) -> None:
    answer = api.Valid.model_validate(ok(c.post("/api/v1/validate", content=TEXT.encode(), headers=YAML)))
    assert answer.case == CASE and answer.people == 4 and answer.offences == 1
    assert answer.normalised == jurex("validate", "--normalise", CASE)
    assert f"valid ({CASE}: 4 people, 1 offence)" in jurex("validate", CASE)


def test_schema_is_jurex_schema(c: TestClient) -> None:
    response = c.get("/api/v1/schema")
    assert ok(response) and response.text == jurex("schema")


def test_states_at_a_date_and_one_states_law(c: TestClient) -> None:
    listing = c.get("/api/v1/states?at=2015-06-01")
    assert ok(listing) and listing.text == jurex("states", "--at", "2015-06-01", "-f", "json")
    assert api.StatusList.model_validate(listing.json()).states
    one = c.get("/api/v1/states/deu?at=2015-06-01")
    assert ok(one) and one.text == jurex("states", "show", "DEU", "--at", "2015-06-01", "-f", "json")
    profile = api.StateProfile.model_validate(one.json())
    assert profile.state == "DEU" and all(row["source"] for row in profile.profile)
    unknown = c.get("/api/v1/states/Atlantis")
    assert unknown.status_code == 400 and unknown.json()["problems"][0]["field"] == "code"
    bad_day = c.get("/api/v1/states?at=2015-02-30")
    assert bad_day.status_code == 422 and bad_day.json()["problems"][0]["field"] == "at"


def test_regimes_and_provisions(c: TestClient) -> None:
    listing = c.get("/api/v1/regimes")
    assert ok(listing) and listing.text == jurex("regimes", "-f", "json")
    regimes = [api.RegimeOut.model_validate(r) for r in listing.json()]
    table = {p["id"]: api.ProvisionEntry.model_validate(p) for p in ok(c.get("/api/v1/provisions"))}
    for regime in regimes:
        for cited in regime.provisions:
            assert regime.regime in table[cited.id].cited_by, (regime.regime, cited.id)
            assert table[cited.id].paraphrase == cited.paraphrase
    assert len({p.instrument for p in table.values()}) >= 3


def test_batch_answers_each_case_in_its_own_slot(c: TestClient, tmp_path: Path) -> None:
    bad = {**case_object(), "people": {}}
    response = c.post("/api/v1/batch", json={"cases": [TEXT, bad, "title: [x", case_object()], "regimes": "opsc"})
    lines = [api.BatchLine.model_validate(line) for line in ok(response)]
    assert [line.index for line in lines] == [0, 1, 2, 3]
    (tmp_path / f"{CASE}.yaml").write_text(TEXT)
    [cli_line] = [json.loads(line) for line in jurex("batch", str(tmp_path)).splitlines()]
    assert lines[0].answers == lines[3].answers == cli_line["answers"]
    assert lines[1].error and lines[2].error and lines[1].answers is None
    problems = lines[1].error["problems"]
    assert problems and all(p["line"] is None and p["fix"] for p in problems)  # an object: no line of jurex's own
    assert lines[2].error["problems"][0]["line"] == 1 and "not valid YAML" in lines[2].error["problems"][0]["problem"]


def test_a_batch_over_its_bound_is_413_and_says_the_bound(c: TestClient) -> None:
    response = c.post("/api/v1/batch", json={"cases": ["x"] * (api.MAX_BATCH + 1)})
    assert response.status_code == 413
    [problem] = response.json()["problems"]
    assert f"at most {api.MAX_BATCH}" in problem["problem"] and problem["field"] == "cases"
    assert f"at most {api.MAX_BATCH}" in api.batch.__doc__  # type: ignore[operator]


# --- Problem details, the version stamp, the OpenAPI document


def test_a_case_with_problems_is_400_with_each_field_line_problem_and_fix(c: TestClient) -> None:
    text = TEXT.replace("age: ", "agee: ", 1)
    response = c.post("/api/v1/analyse", json={"case": text, "name": "mine.yaml"})
    assert response.status_code == 400
    assert response.headers["content-type"] == "application/problem+json"
    body = api.ProblemDetails.model_validate(response.json())
    assert body.status == 400 and body.detail == "mine.yaml: 1 problem in the case file"
    [p] = body.problems
    assert p.field.startswith("people.") and p.line == text.splitlines().index(
        next(line for line in text.splitlines() if "agee:" in line)) + 1  # fmt: skip
    assert "unknown field 'agee'" in p.problem and "did you mean 'age'" in p.fix


def test_options_and_the_requests_own_fields_are_named_as_the_request_names_them(c: TestClient) -> None:
    regime = c.post("/api/v1/analyse", json={"case": TEXT, "regime": "lanzarotte"})
    assert regime.status_code == 400
    assert regime.json()["problems"][0]["field"] == "regime" and "lanzarote" in regime.json()["problems"][0]["fix"]
    assert regime.json()["detail"] == "regime: 1 problem in the request"
    typo = c.post("/api/v1/analyse", json={"case": TEXT, "regim": "opsc"})
    assert typo.status_code == 422 and typo.json()["problems"][0]["field"] == "regim"
    wrong = c.post("/api/v1/analyse", json={"case": 5})
    assert wrong.status_code == 422
    [p] = wrong.json()["problems"]
    assert p["field"] == "case" and p["fix"]
    state = c.post("/api/v1/explain", json={"case": TEXT, "state": "Atlantis"})
    assert state.status_code == 400 and state.json()["problems"][0]["field"] == "state"
    other = c.post("/api/v1/analyse", content=b"<case/>", headers={"content-type": "application/xml"})
    assert other.status_code == 415 and "application/xml" in other.json()["problems"][0]["problem"]


ROUTES = [
    ("post", "/api/v1/analyse", {"case": TEXT}),
    ("post", "/api/v1/explain", {"case": TEXT, "state": "PHL"}),
    ("post", "/api/v1/extradite", {"case": TEXT, "from": "PHL", "to": "GBR", "person": "viewer"}),
    ("post", "/api/v1/compare", {"case": TEXT}),
    ("post", "/api/v1/what-if", {"case": TEXT, "set": ["people.viewer.present_in=THA"]}),
    ("post", "/api/v1/validate", {"case": TEXT}),
    ("post", "/api/v1/batch", {"cases": [TEXT]}),
    ("get", "/api/v1/schema", None),
    ("get", "/api/v1/states", None),
    ("get", "/api/v1/states/PHL", None),
    ("get", "/api/v1/regimes", None),
    ("get", "/api/v1/provisions", None),
    ("get", "/openapi.json", None),
]


def test_every_answer_and_every_refusal_carries_the_versions(c: TestClient) -> None:
    data_version = bundled().version
    refusals = [
        c.post("/api/v1/analyse", json={"case": "title: [x"}),  # 400
        c.post("/api/v1/extradite", json={"case": TEXT}),  # 422: no from, to, person
        c.get("/api/v1/nothing"),  # 404
        c.post("/api/v1/analyse", json={"case": TEXT}, headers={"origin": "http://evil.example"}),  # 403
        c.get("/api/v1/regimes", headers={"host": "evil.example"}),  # 421
    ]
    answers = [getattr(c, method)(path, **({"json": body} if body else {})) for method, path, body in ROUTES]
    assert [r.status_code for r in answers] == [200] * len(ROUTES)
    assert [r.status_code for r in refusals] == [400, 422, 404, 403, 421]
    for response in answers + refusals:
        assert response.headers["x-jurex-version"] == __version__
        assert response.headers["x-jurex-data-version"] == data_version
    for response in refusals:
        assert response.headers["content-type"] == "application/problem+json"
        assert all({"field", "problem", "fix"} <= set(p) for p in response.json()["problems"])


def test_the_openapi_document_validates_and_describes_every_route(c: TestClient) -> None:
    from openapi_spec_validator import validate

    document = ok(c.get("/openapi.json"))
    validate(document)
    paths = document["paths"]
    assert {path for _, path, _ in ROUTES if path.startswith("/api/")} - {"/api/v1/states/PHL"} | {
        "/api/v1/states/{code}"} <= set(paths)  # fmt: skip
    analyse = paths["/api/v1/analyse"]["post"]
    assert set(analyse["requestBody"]["content"]) == {"application/json", "application/yaml"}
    assert "extradite" not in {p for p in paths if "application/yaml" in str(paths[p])}  # names stay in bodies
    assert analyse["responses"]["200"]["content"]["application/json"]["schema"]["$ref"].endswith("/Analysis")
    assert analyse["responses"]["400"]["content"]["application/json"]["schema"]["$ref"].endswith("/ProblemDetails")
    assert "or the case file itself (application/yaml)" in " ".join(analyse["description"].split())


# --- The limits: a case too large to ground, a solve past the time limit, a body too large


def test_a_case_too_large_to_ground_is_413_before_grounding(c: TestClient) -> None:
    response = c.post("/api/v1/analyse", json={"case": network(20, 30, 8, 15)})
    assert response.status_code == 413
    [problem] = response.json()["problems"]
    assert "the case would ground about" in problem["problem"] and "jurex grounds at most" in problem["problem"]
    assert problem["fix"]


def test_a_solve_past_the_time_limit_is_503_and_the_server_answers_the_next_request(tmp_path: Path) -> None:
    # A microsecond: reading the case alone takes a thousand times longer, so the limit is passed whatever the
    # machine; the case is large (80 requests) besides.
    slow = client(tmp_path, timeout=1e-6)
    response = slow.post("/api/v1/analyse", json={"case": network(4, 6, 4, 5)})
    assert response.status_code == 503, response.text
    assert response.headers["x-jurex-version"] == __version__
    [problem] = response.json()["problems"]
    assert "no answer within the time limit" in problem["problem"] and problem["fix"]
    assert response.json()["title"] == "no answer within the time limit"
    assert slow.get("/api/v1/regimes").status_code == 200


def test_a_body_over_the_limit_is_413_unread(c: TestClient) -> None:
    response = c.post("/api/v1/validate", content=b"#" * (MAX_REQUEST + 1), headers=YAML)
    assert response.status_code == 413
    assert f"{MAX_REQUEST:,} bytes" in response.json()["problems"][0]["problem"]
    assert ok(c.post("/api/v1/validate", json={"case": TEXT}))["valid"] is True


# --- Hostile files: the command line's messages, a 400, and the server goes on


def cli_says(hostile: Hostile, folder: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    name = f"case{hostile.suffix}"
    (folder / name).write_bytes(hostile.content())
    monkeypatch.chdir(folder)
    result = runner.invoke(cli, ["analyse", name, "-f", "json"])
    assert result.exit_code == 2
    return result.stderr.rstrip("\n")


def as_the_cli_says_it(body: dict[str, Any]) -> str:
    """The problem details rendered as the command line renders the error it comes from."""
    file = body["detail"].split(": ", 1)[0]
    problems = [Problem(p["field"], p["problem"], p["fix"], p["line"]) for p in body["problems"]]
    return visible("\n".join([body["detail"], *(p.render(file) for p in problems)]))


@pytest.mark.parametrize("hostile", HOSTILE, ids=[h.name for h in HOSTILE])
def test_a_hostile_file_is_400_with_the_command_lines_messages(
    hostile: Hostile, c: TestClient, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    raw = hostile.content()
    media = {"content-type": "application/json" if hostile.suffix == ".json" else "application/yaml"}
    sent = [c.post(f"/api/v1/{route}", content=raw, headers=media) for route in ("analyse", "validate")]
    if len(raw) > MAX_REQUEST:  # 50 MB: refused by its length, before it is read (the command line reads 5 MB)
        assert [r.status_code for r in sent] == [413, 413]
    else:
        said = cli_says(hostile, tmp_path, monkeypatch)
        for response in sent:
            assert response.status_code == 400, response.text
            assert as_the_cli_says_it(response.json()) == said
            for fragment in hostile.says:
                assert fragment in said
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            pass  # JSON carries text only: such a file is sent as itself, above
        else:  # as text in a JSON request, the same problems
            in_json = c.post("/api/v1/analyse", json={"case": text, "name": f"case{hostile.suffix}"})
            assert in_json.status_code == 400 and as_the_cli_says_it(in_json.json()) == said
    assert c.post("/api/v1/analyse", json={"case": TEXT}).status_code == 200  # the server answers the next one


# --- Security: other sites, other host names, paths out of the workspace


def test_a_change_from_another_site_is_403(c: TestClient) -> None:
    for headers in ({"origin": "http://evil.example"}, {"origin": "null"}, {"sec-fetch-site": "cross-site"}):
        response = c.post("/api/v1/analyse", json={"case": TEXT}, headers=headers)
        assert response.status_code == 403, headers
        assert response.json()["problems"][0]["problem"]
    same = c.post("/api/v1/analyse", json={"case": TEXT}, headers={"origin": BASE, "sec-fetch-site": "same-origin"})
    assert same.status_code == 200


def test_an_unknown_host_name_is_421(c: TestClient) -> None:
    for host in ("evil.example", "127.0.0.1.evil.example:8000", "attacker.test:8000"):
        assert c.get("/api/v1/states", headers={"host": host}).status_code == 421, host
    assert c.get("/api/v1/regimes", headers={"host": "localhost:8000"}).status_code == 200


def test_no_api_route_takes_a_name_or_a_path(c: TestClient) -> None:
    """Cases travel in bodies: the one path parameter is a state's code, read as a state or refused."""
    paths = ok(c.get("/openapi.json"))["paths"]
    assert [p for p in paths if "{" in p] == ["/api/v1/states/{code}"]
    for code in ("..%2F..%2Fetc%2Fpasswd", "..", "%2e%2e"):
        response = c.get(f"/api/v1/states/{code}")
        assert response.status_code in (400, 404), code
        assert "root:" not in response.text


OUT_OF_THE_WORKSPACE = ["../x.yaml", "../../etc/passwd", "a/../../b.yaml", "/etc/passwd.yaml", "..",
                        ".hidden.yaml", "sub/x.yaml", "x.yaml/../../y.yaml", "..\\x.yaml", "x.yaml\0.txt", "x.txt"]


@pytest.mark.parametrize("name", OUT_OF_THE_WORKSPACE)
def test_a_name_that_leads_out_of_the_workspace_is_refused(name: str, tmp_path: Path) -> None:
    workspace = Workspace(tmp_path / "ws")
    with pytest.raises(CaseError):
        workspace.path_for(name)
    with pytest.raises(CaseError):
        workspace.write(name, TEXT)
    assert not (tmp_path / "x.yaml").exists() and not (tmp_path / "y.yaml").exists()
    assert [p.name for p in (tmp_path / "ws").iterdir()] == []


def test_a_link_out_of_the_workspace_is_neither_listed_nor_written_through(tmp_path: Path) -> None:
    outside = tmp_path / "outside.yaml"
    outside.write_text(TEXT)
    workspace = Workspace(tmp_path / "ws")
    (tmp_path / "ws" / "link.yaml").symlink_to(outside)
    (tmp_path / "ws" / "mine.yaml").write_text(TEXT)
    assert [e.name for e in workspace.entries()] == ["mine.yaml"]
    with pytest.raises(CaseError):
        workspace.write("link.yaml", "changed")
    assert outside.read_text() == TEXT
    assert workspace.path_for("mine.yaml") == (tmp_path / "ws" / "mine.yaml").resolve()


# --- The other commands do not load the web stack


def test_the_other_commands_do_not_import_the_web_stack(tmp_path: Path) -> None:
    script = (
        "import sys\n"
        "from typer.testing import CliRunner\n"
        "from jurisdiction.cli.app import app\n"
        f"result = CliRunner().invoke(app, ['analyse', '{CASE}', '-f', 'json'])\n"
        "assert result.exit_code == 0, result.output\n"
        "assert '\"jurisdiction\"' in result.stdout\n"
        "print(sorted(m for m in ('fastapi', 'uvicorn', 'jinja2', 'starlette') if m in sys.modules))\n"
    )
    # Run outside the checkout: there, `-c` would import the source folder, which a real install lays out otherwise
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"
