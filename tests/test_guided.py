"""Guided entry: `jurex new` asks, checks each answer at once, and writes a valid case file."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from jurisdiction.apps.guided import Invalid, resolve_state
from jurisdiction.input.loader import load

ANSWERS = (
    "\n".join(
        [
            "guided-test",
            "A test entered by hand",
            "2020-13-01",
            "2020-03-01",
            "",  # id, title, bad date, date, narr.
            "viewer",
            "",
            "United Kingdom",
            "United Kingdom",
            "gb",
            "",  # viewer
            "child",
            "",
            "Phillipines",
            "Philippines",
            "Philippines",
            "",
            "2008-02-30",
            "2008-02-03",
            "",  # child (a typo first, a bad birth date), end
            "",  # no vessel
            "abuse",
            "csam_prodution",
            "csam_production",
            "viewr",
            "viewer",
            "instigation",
            "",  # offence, offenders
            "child",
            "2020-02-20",  # victims, when the material was made
            "ordered the show",
            "viewer",
            "United Kingdom",
            "conduct",
            "2020-02-19",  # act 1, on its own date
            "abused the child",
            "",
            "Philippines",
            "conduct",
            "",
            "",
            "",  # act 2 (the case's date), end acts, end offences
            "United Kingdom",
            "Philippines",
            "viewer",
            "abus",
            "abuse",
            "2020-06-01",
            "",  # a request (a typo in its offences first), decided on, end
        ]
    )
    + "\n"
)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Philippines", "PHL"),
        ("PHL", "PHL"),
        ("ph", "PHL"),
        ("united kingdom", "GBR"),
        ("Germany", "DEU"),
        ("XAA", "XAA"),
    ],
)
def test_states_by_name_or_code(text: str, code: str) -> None:
    assert resolve_state(text) == code


def test_an_unknown_state_says_what_to_type() -> None:
    with pytest.raises(Invalid, match="type its name or ISO code"):
        resolve_state("Atlantis")


def test_a_case_entered_step_by_step_is_valid(tmp_path: Path) -> None:
    from jurisdiction.cli.app import app

    target = tmp_path / "case.yaml"
    result = CliRunner().invoke(app, ["new", "-o", str(target)], input=ANSWERS)
    assert result.exit_code == 0, result.output
    assert "write the date as YYYY-MM-DD" in result.output
    assert "no state called 'Phillipines'" in result.output
    assert "did you mean 'csam_production'" in result.output
    assert "one of: viewer, child" in result.output
    case = load(target)
    assert case.people["child"].nationality == ["PHL"] and case.people["viewer"].present_in == "GBR"
    assert case.offences[0].offenders[0].role == "instigation"
    assert [a.in_ for a in case.offences[0].acts] == ["GBR", "PHL"]
    assert case.requests[0].by == "GBR"
    # jurex/v2: a birth date, the depiction's date, an act on its own date, a request for named offences.
    assert "a date of birth (YYYY-MM-DD), or the age" in result.output
    assert "offences of the person: abuse" in result.output
    assert case.schema_ == "jurex/v2" and str(case.people["child"].born) == "2008-02-03"
    assert str(case.offences[0].depicted_on) == "2020-02-20"
    assert [str(a.date) if a.date else None for a in case.offences[0].acts] == ["2020-02-19", None]
    assert case.requests[0].offences == ["abuse"]
    assert str(case.requests[0].decided_on) == "2020-06-01"


def test_input_that_ends_early_writes_nothing(tmp_path: Path) -> None:
    from jurisdiction.cli.app import app

    target = tmp_path / "case.yaml"
    result = CliRunner().invoke(app, ["new", "-o", str(target)], input="only-an-id\n")
    assert result.exit_code == 130 and not target.exists()


# --- Drafts: every answer kept as it is given, so an entry that stops can be resumed (`--resume DRAFT`)

LINES = ANSWERS.splitlines(keepends=True)


def _new(*args: str, input: str) -> tuple[int, str]:
    from jurisdiction.cli.app import app

    result = CliRunner().invoke(app, ["new", *args], input=input)
    return result.exit_code, result.output


@pytest.mark.parametrize("cut", [1, 25, 41])  # after the id; after a typo in an offender's name; between acts
def test_an_entry_that_stops_keeps_a_draft_and_resuming_gives_the_same_case(tmp_path: Path, cut: int) -> None:
    import yaml

    whole, resumed = tmp_path / "whole.yaml", tmp_path / "resumed.yaml"
    assert _new("-o", str(whole), input=ANSWERS)[0] == 0
    assert not (tmp_path / "whole.draft.yaml").exists()  # a finished entry leaves no draft

    code, output = _new("-o", str(resumed), input="".join(LINES[:cut]))
    draft = tmp_path / "resumed.draft.yaml"
    assert code == 130 and not resumed.exists() and draft.exists()
    assert f"jurex new --resume {draft}" in output
    kept = yaml.safe_load(draft.read_text(encoding="utf-8"))
    assert kept["schema"] == "jurex-draft/1" and kept["output"] == str(resumed)
    assert kept["answers"][0] == "guided-test" and "2020-13-01" not in kept["answers"]  # only accepted answers

    code, output = _new("--resume", str(draft), input="".join(LINES[cut:]))
    assert code == 0, output
    assert f"resuming {draft}: {len(kept['answers'])} answer" in output
    assert resumed.read_text(encoding="utf-8") == whole.read_text(encoding="utf-8").replace("whole", "resumed")
    assert not draft.exists()


def test_a_draft_stopped_twice_resumes_twice(tmp_path: Path) -> None:
    target, draft = tmp_path / "case.yaml", tmp_path / "case.draft.yaml"
    assert _new("-o", str(target), input="".join(LINES[:12]))[0] == 130
    assert _new("--resume", str(draft), input="".join(LINES[12:30]))[0] == 130
    code, output = _new("--resume", str(draft), input="".join(LINES[30:]))
    assert code == 0, output
    assert load(target).requests[0].offences == ["abuse"] and not draft.exists()


def test_ctrl_c_keeps_the_draft(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import typer

    given = iter(["guided-test", "A title"])

    def prompt(question: str, default: str = "", show_default: bool = True) -> str:
        try:
            return next(given)
        except StopIteration:
            raise KeyboardInterrupt from None

    monkeypatch.setattr(typer, "prompt", prompt)
    code, output = _new("-o", str(tmp_path / "case.yaml"), input="")
    assert code == 130 and "2 answers so far kept in" in output
    assert "A title" in (tmp_path / "case.draft.yaml").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("answers: [unclosed\n", "cannot be read"),
        ("- just\n- a list\n", "is not a draft of `jurex new`"),
        ("schema: jurex/v2\nanswers: []\n", "is not a draft of `jurex new`"),
        ("schema: jurex-draft/1\nanswers: {id: x}\n", "answers: must be a list of texts"),
        ("schema: jurex-draft/1\nanswers: [x, 3]\n", "answers: must be a list of texts"),
        ("schema: jurex-draft/1\noutput: [a]\nanswers: []\n", "output: must be a file name"),
        ("schema: jurex-draft/1\nanswers: [2020-13-01]\n", "cannot be read"),  # a date YAML cannot make
        (b"\xff\xfe", "cannot be read"),
    ],
)
def test_a_corrupt_draft_is_refused_naming_the_file(tmp_path: Path, text: str | bytes, said: str) -> None:
    draft = tmp_path / "bad.draft.yaml"
    draft.write_bytes(text if isinstance(text, bytes) else text.encode())
    code, output = _new("--resume", str(draft), input=ANSWERS)
    assert code == 2, output
    assert f"{draft}: 1 problem as a draft of `jurex new`" in output and said in output
    assert "Traceback" not in output


def test_a_missing_draft_is_said_so(tmp_path: Path) -> None:
    code, output = _new("--resume", str(tmp_path / "gone.draft.yaml"), input=ANSWERS)
    assert code == 2 and "gone.draft.yaml: there is no such file" in output


def test_a_new_entry_does_not_overwrite_a_draft(tmp_path: Path) -> None:
    target, draft = tmp_path / "case.yaml", tmp_path / "case.draft.yaml"
    assert _new("-o", str(target), input="".join(LINES[:5]))[0] == 130
    before = draft.read_text(encoding="utf-8")
    code, output = _new("-o", str(target), input=ANSWERS)
    assert code == 2 and f"jurex new --resume {draft}" in output and "4 answers" in output
    assert draft.read_text(encoding="utf-8") == before and not target.exists()


def test_a_draft_answer_that_no_longer_fits_is_asked_again(tmp_path: Path) -> None:
    draft = tmp_path / "case.draft.yaml"
    # A draft whose date no longer passes its check (written by hand here): that answer and the later ones are
    # set aside, and the questions asked again from the date on.
    draft.write_text(
        "schema: jurex-draft/1\noutput: null\nanswers: [guided-test, A title, '2020-13-01', '', viewer]\n",
        encoding="utf-8",
    )
    target = tmp_path / "case.yaml"
    code, output = _new("--resume", str(draft), "-o", str(target), input="".join(LINES[3:]))
    assert code == 0, output
    assert "the draft's answer '2020-13-01' no longer fits (write the date as YYYY-MM-DD" in output
    assert str(load(target).date) == "2020-03-01" and load(target).title == "A title"


# --- `--edit CASE`: the case's values are the defaults (empty keeps one, `-` clears it); the rest is kept

SCENARIOS = Path(__file__).resolve().parents[1] / "scenarios"


def _edited(tmp_path: Path, answers: dict[int, str], name: str = "embassy-diplomat-immune.yaml") -> Path:
    """A copy of a bundled case walked with --edit: Enter everywhere but at the answers given (by position)."""
    case = tmp_path / name
    case.write_text((SCENARIOS / name).read_text(encoding="utf-8"), encoding="utf-8")
    typed = "".join(answers.get(i, "") + "\n" for i in range(300))
    code, output = _new("--edit", str(case), input=typed)
    assert code == 0, output
    assert not (tmp_path / name.replace(".yaml", ".draft.yaml")).exists()
    return case


def _facts(path: Path, *, without: tuple[str, ...] = ()) -> dict[str, object]:
    facts = load(path).model_dump()
    facts["narrative"] = (facts.get("narrative") or "").strip()  # a folded block's final line break aside
    return {k: v for k, v in facts.items() if k not in without}


def test_an_edited_case_keeps_the_unchanged_fields(tmp_path: Path) -> None:
    case = _edited(tmp_path, {1: "A new title"})
    assert load(case).title == "A new title"
    assert _facts(case, without=("title",)) == _facts(SCENARIOS / case.name, without=("title",))
    # What no question asks about stays: the case's topics, a person's immunity, an act's embassy premises.
    edited = load(case)
    assert edited.people["attache"].diplomatic_immunity is not None
    assert edited.offences[0].acts[0].premises_of == "FRA" and "topics:" in case.read_text(encoding="utf-8")


def test_an_edit_changes_and_clears_fields(tmp_path: Path) -> None:
    # 3: the narrative, cleared; 15: the girl's age (after the two people's fields before it).
    case = _edited(tmp_path, {3: "-", 15: "15"})
    edited, before = load(case), load(SCENARIOS / case.name)
    assert not edited.narrative and edited.people["girl"].age == 15 and before.people["girl"].age == 14
    unchanged = ("narrative", "people")
    assert _facts(case, without=unchanged) == _facts(SCENARIOS / case.name, without=unchanged)


@pytest.mark.parametrize("name", sorted(p.name for p in SCENARIOS.glob("*.yaml") if p.name.count(".") == 1)[:12])
def test_walking_a_case_with_enter_changes_nothing(tmp_path: Path, name: str) -> None:
    assert _facts(_edited(tmp_path, {}, name)) == _facts(SCENARIOS / name)


def test_an_interrupted_edit_resumes_with_the_same_defaults(tmp_path: Path) -> None:
    case = tmp_path / "case.yaml"
    case.write_text((SCENARIOS / "embassy-diplomat-immune.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    code, output = _new("--edit", str(case), input="\nAnother title\n\n\n")
    draft = tmp_path / "case.draft.yaml"
    assert code == 130 and f"jurex new --resume {draft}" in output
    code, output = _new("--resume", str(draft), input="\n" * 300)
    assert code == 0, output
    assert load(case).title == "Another title"
    assert _facts(case, without=("title",)) == _facts(SCENARIOS / "embassy-diplomat-immune.yaml", without=("title",))


@pytest.mark.parametrize("name", sorted(p.name for p in SCENARIOS.glob("*.yaml") if p.name.count(".") == 1)[:12])
def test_walking_a_case_with_enter_leaves_its_file_as_it_was(tmp_path: Path, name: str) -> None:
    # The same data, not only the same case (no default written in, no date turned into a string), and as many
    # lines: the round trip changes at most the spacing of a line, never the layout.
    edited, original = _edited(tmp_path, {}, name).read_text(encoding="utf-8"), (SCENARIOS / name).read_text("utf-8")
    assert yaml.safe_load(edited) == yaml.safe_load(original)
    assert len(edited.splitlines()) == len(original.splitlines())


def test_an_edit_keeps_the_comments_and_changes_only_the_line_it_changed(tmp_path: Path) -> None:
    name = "embassy-diplomat-immune.yaml"
    original = (SCENARIOS / name).read_text(encoding="utf-8").replace("\npeople:", "\n# who is who\npeople:", 1)
    assert "# who is who" in original
    (tmp_path / name).write_text(original, encoding="utf-8")
    before = original.splitlines()
    typed = "".join({1: "A new title"}.get(i, "") + "\n" for i in range(300))
    code, output = _new("--edit", str(tmp_path / name), input=typed)
    assert code == 0, output
    after = (tmp_path / name).read_text(encoding="utf-8").splitlines()
    changed = [(a, b) for a, b in zip(before, after, strict=True) if a != b]
    assert [b for _, b in changed] == ["title: A new title"], changed
