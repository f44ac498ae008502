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
    assert any(r.startswith("not United States (USA)") for r in marks[q_must.id].reasons)
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


def aliases(depth: int) -> str:
    """A list that expands to 8 ** depth values through anchors and aliases: a few hundred bytes."""
    text = "&a0 [x, x, x, x, x, x, x, x]"
    for i in range(1, depth):
        text = f"[{text}, " + ", ".join([f"*a{i - 1}"] * 7) + "]"
        text = f"&a{i} " + text
    return text


@pytest.fixture
def exercise_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "ex"
    write(new(seed=3, level=1, case_id="livestream-gbr-phl"), folder)
    return folder


ANSWERS = {
    # 8 ** 6 = 262,144 values in 200 bytes; str() of the old reader's answer grew with every level (8 ** 10: GBs).
    "aliases": (lambda: f"q1: {aliases(6)}\n".encode(), ("expands to more than 50000 values", "without anchors")),
    "not UTF-8": (lambda: "q1: [caf\xe9]\n".encode("latin-1"), ("not UTF-8", "save it as UTF-8")),
    "mixed key types": (
        lambda: b"1: [GBR]\nqx: [PHL]\n",
        ("answers.yaml:1: 1: no such question", "answers.yaml:2: qx"),
    ),
    "an answer that is a mapping": (lambda: b"q1: {GBR: yes}\n", ("q1: an answer is a list of codes",)),
    "duplicate question": (lambda: b"q1: [GBR]\nq1: [PHL]\n", ("answers.yaml:2: q1: this key appears twice",)),
    "empty": (lambda: b"", ("the file is empty", "one line per question")),
}


@pytest.mark.parametrize("name", ANSWERS)
def test_an_answers_file_is_read_within_the_case_files_bounds(exercise_dir: Path, name: str) -> None:
    from jurisdiction.cli.app import app

    content, says = ANSWERS[name]
    answers = exercise_dir.parent / "answers.yaml"
    answers.write_bytes(content())
    key_before = (exercise_dir / "exercise.yaml").read_bytes()
    result = CliRunner().invoke(app, ["exercise", "check", str(exercise_dir), str(answers)])
    assert result.exit_code == 2, result.stderr
    assert f"{answers}: " in result.stderr and "in the answers file" in result.stderr
    for fragment in says:
        assert fragment in result.stderr
    assert "internal error" not in result.stderr and not result.stdout
    assert (exercise_dir / "exercise.yaml").read_bytes() == key_before and answers.read_bytes() == content()


KEYS = {
    "aliases": (
        lambda: f"questions: {aliases(6)}\n".encode(),
        ("expands to more than 50000 values", "jurex exercise new"),
    ),
    "not UTF-8": (lambda: "questions: [caf\xe9]\n".encode("latin-1"), ("not UTF-8", "save it as UTF-8")),
    "no questions": (lambda: b"seed: 3\n", ("questions: no list of questions", "jurex exercise new")),
    "a question without its answer": (
        lambda: b"questions:\n  - {id: q1, accepted: [], explanation: {}}\n",
        ("exercise.yaml:2: questions[0].expected: missing, or not a list", "jurex exercise new"),
    ),
}


@pytest.mark.parametrize("name", KEYS)
def test_the_exercise_key_is_read_within_the_case_files_bounds(exercise_dir: Path, name: str) -> None:
    from jurisdiction.cli.app import app

    content, says = KEYS[name]
    (exercise_dir / "exercise.yaml").write_bytes(content())
    answers = exercise_dir.parent / "answers.yaml"
    answers.write_text("q1: [GBR]\n")
    result = CliRunner().invoke(app, ["exercise", "check", str(exercise_dir), str(answers)])
    assert result.exit_code == 2, result.stderr
    assert str(exercise_dir / "exercise.yaml") in result.stderr and "in the exercise key" in result.stderr
    for fragment in says:
        assert fragment in result.stderr
    assert "internal error" not in result.stderr


def test_a_folder_without_a_key_or_an_answers_folder_is_named(exercise_dir: Path, tmp_path: Path) -> None:
    answers = tmp_path / "answers.yaml"
    answers.write_text("q1: [GBR]\n")
    with pytest.raises(CaseError) as no_key:
        check(tmp_path, answers)
    assert "no exercise.yaml here" in str(no_key.value)
    with pytest.raises(CaseError) as folder:
        check(exercise_dir, tmp_path)
    assert "this is a folder, not an answers file" in str(folder.value)


def _every_case_and_some_seeds() -> list[tuple[str | None, str | None, int]]:
    from jurisdiction.apps.library import library

    # every case as it is; drawn by topic, some seeds; and, past the topic's cases, cases with a fact changed
    every = [(e.id, None, 0) for e in sorted(library(), key=lambda e: e.id)]
    return every + [(None, "extradition", s) for s in range(6)] + [(None, "ship", s) for s in range(4, 10)]


@pytest.mark.parametrize(("case_id", "topic", "seed"), _every_case_and_some_seeds())
def test_the_handout_gives_every_fact_the_key_rests_on(
    tmp_path: Path, case_id: str | None, topic: str | None, seed: int
) -> None:
    # The key's cited facts come from the analysis' premises (findings `because`), the handout's from the case and
    # the data the analysis read: two sources, so a fact the handout leaves out fails here.
    ex = new(seed=seed, level=3, topic=topic, case_id=case_id)
    write(ex, tmp_path)
    handout = (tmp_path / "handout.md").read_text(encoding="utf-8")
    key = yaml.safe_load((tmp_path / "exercise.yaml").read_text(encoding="utf-8"))
    missing = [
        (q["id"], item, fact)
        for q in key["questions"]
        for item, facts in q["cites"].items()
        for fact in facts
        if fact not in handout
    ]
    assert not missing, missing
    # a key that cites nothing would pass vacuously: every question with a state for answer cites a fact
    assert any(q["cites"] for q in key["questions"]) or all(
        q["expected"] == ["none"] for q in key["questions"] if q["kind"] in ("must", "may")
    )


RAW = ("{", "}", "[", "]", "True", "False", "None", "': ", "model_dump", "_")


@pytest.mark.parametrize("case_id", [c for c, _, _ in _every_case_and_some_seeds() if c])
def test_the_handout_has_a_neutral_title_and_no_raw_values(tmp_path: Path, case_id: str) -> None:
    from jurisdiction.apps.exercise import title

    ex = new(seed=0, level=3, case_id=case_id)
    write(ex, tmp_path)
    handout = (tmp_path / "handout.md").read_text(encoding="utf-8")
    # the library's title says what the case turns on; the handout's names only the kind of offence and the states
    assert ex.case.title not in handout and ex.case.id not in title(ex)
    assert title(ex).startswith("Exercise: ") and all(s in title(ex) for s in ex.case.states())
    facts = handout.split("## Facts")[1].split("## Questions")[0]
    # no Python or YAML value in the facts (person and vessel ids are the case's own names: masked first)
    names = sorted([*ex.case.people, *ex.case.vessels, *(o.id for o in ex.case.offences)], key=len, reverse=True)
    for name in names:
        facts = facts.replace(name, "X")
    raw = [line for line in facts.splitlines() if any(r in line for r in RAW)]
    assert not raw, raw


def test_grading_accepts_what_a_trainee_would_write(tmp_path: Path) -> None:
    # a seed whose request meets an obstacle (the person asked about is the requested state's national)
    drawn = (new(seed=s, level=3, topic="extradition", case_id="livestream-gbr-phl") for s in range(10))
    ex = next(e for e in drawn if {x.kind: x.expected for x in e.questions}["obstacles"] == ["nationality"])
    write(ex, tmp_path)
    q = {x.kind: x for x in ex.questions}
    assert q["must"].expected == ["GBR", "PHL"] and q["extradite_basis"].expected == ["bilateral_treaty"]
    assert q["obstacles"].expected == ["nationality"]
    answers = tmp_path / "trainee.yaml"
    # names (common and in the handout's form) and codes, mixed case; a basis and an obstacle in words
    answers.write_text(
        f"{q['must'].id}: United Kingdom, philippines\n"
        f"{q['may'].id}: [{', '.join(q['may'].expected)}]\n"
        f"{q['extradite_basis'].id}: Bilateral treaty\n"
        f"{q['obstacles'].id}: [the nationality]\n"
        f"{q['prosecute'].id}: {', '.join(f'{c.lower()}' for c in q['prosecute'].expected)}\n"
        f"{q['impunity'].id}: {q['impunity'].expected[0]}\n"
    )
    marks = check(tmp_path, answers)
    assert all(m.points == 2 for m in marks), [m.reasons for m in marks]
    # a wrong item says why it is wrong, a missing one what the key expected, an unknown one that it was not read
    answers.write_text(
        f"{q['must'].id}: [Philippines (PHL), Atlantis]\n"
        f"{q['extradite_basis'].id}: convention legal basis\n"
    )
    marks = {m.question: m for m in check(tmp_path, answers)}
    must = marks[q["must"].id]
    assert must.points == 0 and must.wrong == ["Atlantis"]
    assert any(r.startswith("missing United Kingdom (GBR): the key expected United Kingdom (GBR), Philippines")
               for r in must.reasons), must.reasons  # fmt: skip
    assert any(r.startswith("not understood: 'Atlantis' is no state") for r in must.reasons)
    basis = marks[q["extradite_basis"].id]
    assert basis.points == 0 and basis.wrong == ["convention_legal_basis"]
    assert any(r.startswith("not convention legal basis: the rules find no route on this basis") for r in basis.reasons)
    assert any("the key expected bilateral treaty" in r for r in basis.reasons)


def test_a_folder_of_answers_is_graded_as_a_class(tmp_path: Path) -> None:
    import csv

    from jurisdiction.cli.app import app

    ex_dir, answers, out = tmp_path / "ex", tmp_path / "answers", tmp_path / "report"
    ex = new(seed=0, level=3, topic="extradition", case_id="livestream-gbr-phl")
    write(ex, ex_dir)
    q = {x.kind: x.id for x in ex.questions}
    answers.mkdir()
    (answers / "ana.yaml").write_text("\n".join(f"{x.id}: [{', '.join(x.expected)}]" for x in ex.questions) + "\n")
    (answers / "ben.yaml").write_text(f"{q['must']}: [Philippines]\n{q['extradite_basis']}: convention legal basis\n")
    (answers / "carla.yml").write_text(f"{q['extradite_basis']}: the convention as legal basis\n")
    (answers / "dan.yaml").write_text(f"{q['must']}: {{GBR: 1}}\n")  # unreadable: reported, the class still graded
    (answers / "notes.txt").write_text("not an answers file\n")
    result = CliRunner().invoke(app, ["exercise", "check", str(ex_dir), str(answers), "--report", str(out)])
    assert result.exit_code == 0, result.stderr
    assert "Per question (4 trainees)" in result.stdout and "Per trainee" in result.stdout
    rows = list(csv.DictReader((out / "class-report.csv").open(encoding="utf-8")))
    assert {r["trainee"] for r in rows} == {"ana", "ben", "carla", "dan"}
    assert all(r["points"] == "2" for r in rows if r["trainee"] == "ana")
    ben = {r["question"]: r for r in rows if r["trainee"] == "ben"}
    assert ben[q["must"]]["points"] == "1" and "missing United Kingdom (GBR)" in ben[q["must"]]["reasons"]
    assert ben[q["extradite_basis"]]["wrong"] == "convention_legal_basis"
    assert "could not be read" in next(r["reasons"] for r in rows if r["trainee"] == "dan")
    page = (out / "class-report.html").read_text(encoding="utf-8")
    # the common wrong answer to the basis: two trainees wrote the convention, in two wordings
    assert "convention legal basis (2)" in page
    as_json = CliRunner().invoke(app, ["exercise", "check", str(ex_dir), str(answers), "--format", "json"])
    report = yaml.safe_load(as_json.stdout)
    basis = next(x for x in report["questions"] if x["question"] == q["extradite_basis"])
    assert (basis["right"], basis["wrong"], basis["unanswered"]) == (1, 2, 1)
    assert basis["common_wrong"] == [{"answer": "convention legal basis", "trainees": 2}]
    assert (ex_dir / "class-report.csv").exists()  # by default, beside the key
    empty = tmp_path / "empty"
    empty.mkdir()
    none = CliRunner().invoke(app, ["exercise", "check", str(ex_dir), str(empty)])
    assert none.exit_code == 2 and "no answers files" in none.stderr


def test_seeds_on_a_topic_give_different_exercises(tmp_path: Path) -> None:
    from jurisdiction.apps.library import library

    ship = sorted(e.id for e in library() if "ship" in e.topics)
    exercises = [new(seed=s, level=2, topic="ship") for s in range(6)]
    # each case of the topic once before any twice, then a case with one fact changed
    assert sorted(ex.case.id for ex in exercises[: len(ship)]) == ship
    assert all(ex.change is None for ex in exercises[: len(ship)])
    handouts = set()
    for i, ex in enumerate(exercises):
        write(ex, tmp_path / str(i))
        handouts.add((tmp_path / str(i) / "handout.md").read_text(encoding="utf-8").split("## Facts")[1])
    assert len(handouts) == 6
    changed = [ex for ex in exercises if ex.change]
    assert changed, "past the topic's cases, a fact is changed"
    for ex in changed:
        c = ex.change
        assert c is not None and c.before != c.after
        key = (tmp_path / str(exercises.index(ex)) / "answers.md").read_text(encoding="utf-8")
        assert "Changed from the library's case" in key and c.subject in key


@pytest.mark.parametrize(
    ("kind", "written", "read"),
    [
        ("must", "UK", "GBR"),
        ("must", "U.K.", "GBR"),
        ("must", "US", "USA"),
        ("must", "USA", "USA"),
        ("may", "the USA", "USA"),
        ("must", "Britain", "GBR"),
        ("must", "Holland", "NLD"),
        ("must", "Czech Republic", "CZE"),
        ("prosecute", "Ivory Coast", "CIV"),
        ("must", "Trinidad and Tobago", "TTO"),
        ("prosecute", "no", "none"),  # "must it submit...? no": an answer, not Norway
        ("prosecute", "NO", "NOR"),  # an alpha-2 code in capitals is the state
        ("extradite_basis", "treaty", "bilateral_treaty"),
        ("extradite_basis", "a treaty", "bilateral_treaty"),
        ("extradite_basis", "the convention", "convention_legal_basis"),
        ("extradite_basis", "the OPSC", "convention_legal_basis"),
        ("extradite_basis", "recognized", "recognised_extraditable"),
        ("extradite_basis", "domestic law", "internal_law"),
        ("obstacles", "nationality", "nationality"),
        ("obstacles", "double criminality", "double_criminality"),
        ("obstacles", "dual criminality", "double_criminality"),
        ("obstacles", "double jeopardy", "ne_bis_in_idem"),
        ("obstacles", "time bar", "time_bar"),  # understood, so the mark can say why it is not the answer
        ("obstacles", "the statute of limitations", "time_bar"),
    ],
)
def test_the_short_forms_a_trainee_writes_are_read(kind: str, written: str, read: str) -> None:
    from jurisdiction.apps.exercise import read_item

    assert read_item(kind, written) == (read, "")


def test_a_name_of_several_states_is_not_guessed() -> None:
    from jurisdiction.apps.exercise import read_item
    from jurisdiction.input.countries import state_argument, state_named, states_named

    item, how = read_item("must", "Korea")
    assert item is None and "South Korea (KOR) or North Korea (PRK)" in how and "write the one meant" in how
    assert states_named("korea") == ("KOR", "PRK") and state_named("Korea") is None
    assert read_item("must", "South Korea") == ("KOR", "")
    with pytest.raises(CaseError) as cli:  # the command line says the same, instead of a did-you-mean guess
        state_argument("Korea", "--from")
    assert "South Korea (KOR) or North Korea (PRK)" in str(cli.value) and "did you mean" not in str(cli.value)
    assert state_argument("UK", "--to") == "GBR" and state_argument("Holland", "--to") == "NLD"


def test_short_forms_are_graded_with_their_reasons(tmp_path: Path) -> None:
    drawn = (new(seed=s, level=3, topic="extradition", case_id="livestream-gbr-phl") for s in range(10))
    ex = next(e for e in drawn if {x.kind: x.expected for x in e.questions}["obstacles"] == ["nationality"])
    write(ex, tmp_path)
    q = {x.kind: x for x in ex.questions}
    assert q["must"].expected == ["GBR", "PHL"] and q["extradite_basis"].expected == ["bilateral_treaty"]
    answers = tmp_path / "trainee.yaml"
    answers.write_text(
        f"{q['must'].id}: UK and the Philippines\n{q['extradite_basis'].id}: treaty\n{q['obstacles'].id}: nationality\n"
    )
    marks = {m.question: m for m in check(tmp_path, answers)}
    for kind in ("must", "extradite_basis", "obstacles"):
        assert marks[q[kind].id].points == 2, marks[q[kind].id].reasons
    answers.write_text(
        f"{q['must'].id}: Korea, UK, Philippines\n"
        f"{q['extradite_basis'].id}: the convention\n"
        f"{q['obstacles'].id}: nationality, time bar\n"
    )
    marks = {m.question: m for m in check(tmp_path, answers)}
    must = marks[q["must"].id]
    # the two states are right, Korea costs a point: not guessed, its candidates named
    assert must.points == 1 and must.answer == ["GBR", "PHL"] and must.wrong == ["Korea"]
    assert must.reasons == [
        "not understood: 'Korea' names more than one state: South Korea (KOR) or North Korea (PRK); "
        "write the one meant, by its name or code"
    ]
    basis = marks[q["extradite_basis"].id]
    assert basis.points == 0 and basis.wrong == ["convention_legal_basis"]
    assert any(r.startswith("missing bilateral treaty: the key expected bilateral treaty") for r in basis.reasons)
    obstacles = marks[q["obstacles"].id]
    assert obstacles.points == 1 and obstacles.wrong == ["time_bar"]
    assert obstacles.reasons[0].startswith("not time bar: the rules weigh no time bar (lapse of time)")
    assert "they find: nationality" in obstacles.reasons[0]


def _topics() -> list[str]:
    from jurisdiction.apps.library import library

    return sorted({t for e in library() for t in e.topics})


@pytest.mark.parametrize("topic", _topics())
def test_every_question_drawn_has_an_answer_with_its_reason(topic: str) -> None:
    from jurisdiction.apps.exercise import LEVELS, TOPIC_QUESTIONS

    for seed in (0, 1, 2, 5):
        ex = new(seed=seed, level=3, topic=topic)
        for q in ex.questions:
            assert q.expected, (seed, q.id, q.kind)
            # each item of the answer ("none" too) has the reason the key states for it
            assert all(q.explanation.get(item, "").strip() for item in q.expected), (seed, q.to_dict())
            if q.kind == "extradite_basis":  # asked of a pair the rules find a route for: never "none"
                assert "none" not in q.expected, (seed, q.to_dict())
        if topic in TOPIC_QUESTIONS:  # the topic's own questions are always asked
            wanted = {*LEVELS[3], *TOPIC_QUESTIONS[topic]}
            assert {q.kind for q in ex.questions} == wanted, (seed, ex.case.id)


def test_an_extradition_draw_keeps_an_offence_with_a_route() -> None:
    # request-for-one-offence: the request is for one offence only; an offence without a route gave no question
    for seed in range(8):
        ex = new(seed=seed, level=1, topic="extradition")
        kinds = {q.kind: q for q in ex.questions}
        assert {"extradite_basis", "obstacles", "prosecute"} <= set(kinds), (seed, ex.case.id)
    # where the rules show a route only under each alternative (the requested state needs a treaty, or not),
    # the key expects both, each with its condition, and "none" is wrong
    ex = new(seed=0, level=2, case_id="sextortion-coerced-filming")
    basis = next(q for q in ex.questions if q.kind == "extradite_basis")
    assert basis.expected == ["convention_legal_basis", "recognised_extraditable"]
    assert "needs a treaty" in basis.explanation["convention_legal_basis"]
    assert basis.wrong["none"].startswith("there is an answer")


def test_none_with_only_conditional_obstacles_says_so_and_grades_them_right(tmp_path: Path) -> None:
    ex = new(seed=0, level=2, case_id="attempted-procuring")
    q = next(x for x in ex.questions if x.kind == "obstacles")
    assert q.expected == ["none"] and q.accepted
    assert q.explanation["none"].startswith("none holds without a condition; under a condition: ")
    write(ex, tmp_path)
    answers = tmp_path / "a.yaml"
    answers.write_text(f"{q.id}: [{', '.join(q.accepted)}]\n")  # only what holds under a condition: also right
    assert next(m for m in check(tmp_path, answers) if m.question == q.id).points == 2
