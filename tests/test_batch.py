"""Batch and sweep: one line per case in input order, equal to one-case analysis; bad cases do not stop it."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from jurisdiction.cli.app import app
from typer.testing import CliRunner
from workers import deadline

from jurisdiction.apps.analysis import analyse
from jurisdiction.apps.batch import BatchStats, Item, evaluate_chunk, read_items, run
from jurisdiction.apps.library import case_files
from jurisdiction.engine.regimes import REGIMES
from jurisdiction.input.loader import load
from jurisdiction.render.golden import summary
from jurisdiction.resources import scenarios_dir

runner = CliRunner()


def expected(path: Path, regime: str) -> dict[str, object]:
    answer = summary(analyse(load(path), regime=REGIMES[regime]))
    del answer["case"], answer["as_of"]
    return answer


def test_every_bundled_case_in_one_chunk_equals_its_own_analysis() -> None:
    items = list(read_items(scenarios_dir()))
    assert [Path(i.source).name for i in items] == [p.name for p in case_files()]  # answers beside them skipped
    result = evaluate_chunk(items, ["opsc", "lanzarote"])
    for path, line in zip(case_files(), result.lines, strict=True):
        assert line["source"] == str(path)
        for regime in ("opsc", "lanzarote"):
            assert line["answers"][regime] == expected(path, regime), (path.name, regime)
    assert 0 < result.clingo_seconds < result.seconds


def jsonl(tmp_path: Path, cases: list[str]) -> Path:
    out = tmp_path / "cases.jsonl"
    out.write_text("\n".join(cases) + "\n")
    return out


def bundled_json(name: str) -> str:
    import yaml

    return json.dumps(yaml.safe_load((scenarios_dir() / f"{name}.yaml").read_text()), default=str)


def test_a_bad_case_gives_an_error_line_and_the_batch_goes_on_in_order(tmp_path: Path) -> None:
    good = [bundled_json(n) for n in ("livestream-gbr-phl", "attempted-procuring", "lao-reservation")]
    lines = [good[0], '{"schema": "jurex/v1", "id": "x"', good[1], '{"schema": "jurex/v1", "id": "y", "title": 1}']
    lines += [good[2]] * 5
    source = jsonl(tmp_path, lines)
    out = tmp_path / "results.jsonl"
    result = runner.invoke(app, ["batch", str(source), "-o", str(out), "--workers", "2", "--chunk", "2"])
    assert result.exit_code == 2, result.stderr
    assert "9 cases" in result.stderr and "2 could not be used" in result.stderr
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert [r["index"] for r in rows] == list(range(9))
    assert [r["source"] for r in rows] == [f"{source}:{n}" for n in range(1, 10)]
    assert "not valid YAML or JSON" in rows[1]["error"]["problems"][0]["problem"]
    assert rows[3]["error"]["problems"][0]["field"] == "title"
    assert rows[0]["answers"]["opsc"] == expected(scenarios_dir() / "livestream-gbr-phl.yaml", "opsc")
    assert rows[2]["case"] == "attempted-procuring" and rows[8]["case"] == "lao-reservation"
    assert "\x1b[" not in result.stderr  # no progress bar when stderr is not a terminal


def test_workers_and_chunks_do_not_change_a_byte(tmp_path: Path) -> None:
    items = list(read_items(scenarios_dir()))
    one = list(run(items, ["opsc"], workers=1, chunk_size=1000))
    assert list(run(items, ["opsc"], workers=2, chunk_size=3)) == one


def test_workers_replaced_after_every_chunk_give_the_one_process_answers_in_order() -> None:
    items = list(read_items(scenarios_dir()))
    assert len(items) > 30
    one = list(run(items, ["opsc"], processes=False, chunk_size=len(items)))
    stats = BatchStats()
    advanced: list[int] = []
    with deadline(600):  # a hang fails here; the batch itself takes seconds
        recycled = list(
            run(items, ["opsc"], workers=2, chunk_size=3, chunks_per_worker=1, stats=stats, progress=advanced.append)
        )
    assert recycled == one
    assert stats.chunks == len(advanced) == -(-len(items) // 3) and sum(advanced) == stats.cases == len(items)
    assert 0 < stats.clingo_seconds < stats.worker_seconds


def test_standard_input_and_standard_output(tmp_path: Path) -> None:
    text = bundled_json("attempted-procuring") + "\n\n" + bundled_json("livestream-gbr-phl") + "\n"
    result = runner.invoke(app, ["batch", "-", "--workers", "1"], input=text)
    assert result.exit_code == 0, result.stderr
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["source"] for r in rows] == ["<stdin>:1", "<stdin>:3"]


def test_a_folder_with_an_unreadable_file(tmp_path: Path) -> None:
    folder = tmp_path / "cases"
    folder.mkdir()
    shutil.copy(scenarios_dir() / "attempted-procuring.yaml", folder / "a.yaml")
    (folder / "b.yaml").write_bytes(b"title: caf\xe9\n")
    result = runner.invoke(app, ["batch", str(folder), "-o", str(tmp_path / "out.jsonl")])
    assert result.exit_code == 2
    rows = [json.loads(line) for line in (tmp_path / "out.jsonl").read_text().splitlines()]
    assert rows[0]["case"] == "attempted-procuring" and "not UTF-8" in rows[1]["error"]["message"] + str(rows[1])


def test_sweep_counts_every_combination_under_each_regime() -> None:
    result = runner.invoke(
        app,
        [
            "sweep", "attempted-procuring", "--vary", "traveller.nationality=AUS,IDN,FRA",
            "--vary", "acts[0].in=AUS,IDN", "--regimes", "opsc,lanzarote", "-f", "json", "--workers", "1",
        ],
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    counts = json.loads(result.stdout)
    assert counts["combinations"] == 6
    for regime in ("opsc", "lanzarote"):
        # each combination raises some warnings, or none: every combination is counted at least once
        assert sum(row[regime] for row in counts["outcomes"].values()) >= 6
        assert counts["outcomes"].get("(no warning)", {regime: 0})[regime] <= 6


def test_a_swept_combination_is_the_template_with_those_fields(tmp_path: Path) -> None:
    out = tmp_path / "lines.jsonl"
    result = runner.invoke(
        app,
        ["sweep", "attempted-procuring", "--vary", "traveller.nationality=FRA", "--vary", "acts[0].in=IDN",
         "--regimes", "opsc", "-o", str(out), "--workers", "1"],
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    (line,) = [json.loads(x) for x in out.read_text().splitlines()]
    assert line["source"].endswith("[people.traveller.nationality=FRA,offences[0].acts[0].in=IDN]")
    from jurisdiction.apps.whatif import Setting
    from jurisdiction.input.loader import load_text

    def edit(data: dict) -> None:  # type: ignore[type-arg]
        Setting.parse("people.traveller.nationality=[FRA]").apply(data)
        Setting.parse("offences[0].acts[0].in=IDN").apply(data)

    case = load_text((scenarios_dir() / "attempted-procuring.yaml").read_text(), "t.yaml", edit)
    direct = summary(analyse(case))
    del direct["case"], direct["as_of"]
    assert line["answers"]["opsc"] == direct


def test_sweep_refuses_a_bad_variation() -> None:
    result = runner.invoke(app, ["sweep", "attempted-procuring", "--vary", "traveller.nationality"])
    assert result.exit_code == 2 and "PATH=VALUES" in result.stderr


def test_a_dask_cluster_gives_the_local_answers() -> None:
    distributed = pytest.importorskip("distributed")
    items = list(read_items(scenarios_dir()))[:12]
    local = list(run(items, ["opsc", "budapest"], workers=1, chunk_size=5))
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as c:
        remote = list(run(items, ["opsc", "budapest"], chunk_size=5, dask_address=c.scheduler_address))
    assert remote == local


def test_items_keep_their_position() -> None:
    items = [Item(i, f"s{i}", None, {"message": "m", "problems": []}) for i in range(3)]
    assert [line["index"] for line in evaluate_chunk(items, ["opsc"]).lines] == [0, 1, 2]
