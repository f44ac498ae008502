"""Exercises: seeded handouts and keys, and grading with reasons."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from jurisdiction.apps.analysis import analyse
from jurisdiction.apps.exercise import check, new, write
from jurisdiction.errors import CaseError
from jurisdiction.input.loader import load
from jurisdiction.resources import scenarios_dir


def test_the_same_seed_gives_the_same_exercise(tmp_path: Path) -> None:
    a, b = tmp_path / "a", tmp_path / "b"
    write(new(seed=7, level=3), a)
    write(new(seed=7, level=3), b)
    for f in a.iterdir():
        assert f.read_bytes() == (b / f.name).read_bytes(), f.name
    other = new(seed=8, level=3)
    assert (other.case.id, [q.text for q in other.questions]) != (
        new(seed=7, level=3).case.id,
        [q.text for q in new(seed=7, level=3).questions],
    )


def test_levels_and_topics_shape_the_questions() -> None:
    assert [q.kind for q in new(seed=1, level=1).questions] == ["must", "may"]
    extradition = new(seed=2, level=1, topic="extradition")
    assert {"extradite_basis", "obstacles", "prosecute"} <= {q.kind for q in extradition.questions}
    assert "extradition" in extradition.case.topics
    with pytest.raises(CaseError):
        new(topic="astrology")
    with pytest.raises(CaseError):
        new(level=4)


def test_the_key_agrees_with_the_analysis() -> None:
    ex = new(seed=0, level=3, case_id="livestream-gbr-phl")
    analysis = analyse(load(scenarios_dir() / "livestream-gbr-phl.yaml"))
    must = next(q for q in ex.questions if q.kind == "must")
    offence, person = "live-abuse", must.text.split(" as to ")[1].split(" under")[0]
    expected = {
        j.state
        for j in analysis.jurisdiction
        if j.person == person
        and j.offence == offence
        and j.modality == "obligatory"
        and not j.conditions
        and j.state != "*"
    }
    assert set(must.expected) == expected


def test_grading_gives_points_and_reasons(tmp_path: Path) -> None:
    ex = new(seed=3, level=3, case_id="national-prosecuted-at-home")
    write(ex, tmp_path)
    key = {q.id: q for q in ex.questions}
    perfect = tmp_path / "perfect.yaml"
    perfect.write_text(yaml.safe_dump({q.id: q.expected for q in ex.questions}))
    marks = check(tmp_path, perfect)
    assert all(m.points == m.out_of for m in marks), [m.reasons for m in marks]
    wrong = tmp_path / "wrong.yaml"
    q_must = next(q for q in ex.questions if q.kind == "must")
    wrong.write_text(f"{q_must.id}: [USA]\n")
    marks = {m.question: m for m in check(tmp_path, wrong)}
    assert marks[q_must.id].points == 0
    assert any(r.startswith("missing") for r in marks[q_must.id].reasons)
    assert any(r.startswith("not USA") for r in marks[q_must.id].reasons)
    assert all(marks[q].reasons == ["not answered"] for q in key if q != q_must.id)


def test_the_commands(tmp_path: Path) -> None:
    from jurisdiction.cli.app import app

    runner = CliRunner()
    out = tmp_path / "ex"
    made = runner.invoke(
        app, ["exercise", "new", "--seed", "5", "--level", "2", "--topic", "extradition", "-o", str(out)]
    )
    assert made.exit_code == 0, made.stderr
    assert {p.name for p in out.iterdir()} == {
        "handout.md",
        "handout.html",
        "answers.md",
        "answers.html",
        "exercise.yaml",
        "answers-template.yaml",
    }
    handout = (out / "handout.md").read_text()
    assert "## Questions" in handout and "Answer:" not in handout
    assert "Answer:" in (out / "answers.md").read_text()
    answers = tmp_path / "answers.yaml"
    answers.write_text("q1: none\n")
    graded = runner.invoke(app, ["exercise", "check", str(out), str(answers)])
    assert graded.exit_code == 0 and "points" in graded.stdout
    bad = tmp_path / "bad.yaml"
    bad.write_text("q99: [GBR]\n")
    assert runner.invoke(app, ["exercise", "check", str(out), str(bad)]).exit_code == 2
