"""Hostile input, as a user meets it: every bad file gets exit 2, the file, the field, the fix — and no output.

Each entry is a file's bytes and what the message must say. They run through the `jurex analyse` command with
`-o`, so each also proves that an error leaves an earlier output file untouched and writes nothing new.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from jurisdiction.cli.app import app
from test_loader import GOOD
from typer.testing import CliRunner

runner = CliRunner()

# The loader tests' valid case, with a request (for the request-for-a-non-offender case).
BASE = GOOD + "requests:\n  - {by: PHL, to: GBR, person: viewer}\n"


def swap(old: str, new: str) -> Callable[[], bytes]:
    def make() -> bytes:
        assert old in BASE, old
        return BASE.replace(old, new, 1).encode()

    return make


def raw(data: bytes | str) -> Callable[[], bytes]:
    return lambda: data if isinstance(data, bytes) else data.encode()


def laughs() -> bytes:
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"a{i}: &a{i} [*a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}]" for i in range(1, 12)]
    return (BASE + "\n".join(lines) + "\n").encode()


def many_acts() -> bytes:
    act = "      - {what: ordered, by: viewer, in: GBR}\n"
    head, _, tail = BASE.partition("    acts:\n")
    return (head + "    acts:\n" + act * 100_000 + "requests:" + tail.partition("requests:")[2]).encode()


def future() -> bytes:
    return BASE.replace("2019-06-01", (dt.date.today() + dt.timedelta(days=400)).isoformat()).encode()


@dataclass(frozen=True)
class Hostile:
    name: str
    content: Callable[[], bytes]
    says: tuple[str, ...]  # every fragment must appear in stderr
    suffix: str = ".yaml"


HOSTILE = [
    Hostile("malformed YAML", swap("title: test", "title: [test"), ("not valid YAML or JSON", "fix:")),
    Hostile("malformed JSON", raw('{"schema": "jurex/v1", "id": "t",, }'), ("not valid YAML or JSON",), ".json"),
    Hostile("JSON truncated", lambda: json.dumps({"schema": "jurex/v1", "id": "t"})[:-3].encode(), ("YAML",), ".json"),
    Hostile(
        "not UTF-8", raw("schema: jurex/v1\ntitle: caf\xe9\n".encode("latin-1")), ("not UTF-8", "save it as UTF-8")
    ),
    Hostile("UTF-16", raw(BASE.encode("utf-16")), ("not UTF-8",)),
    Hostile("empty file", raw(b""), ("the file is empty",)),
    Hostile("only a comment", raw("# nothing here\n"), ("the file is empty",)),
    Hostile("a list, not a mapping", raw("- a\n- b\n"), ("a case file is a mapping",)),
    Hostile("a bare string", raw("hello\n"), ("a case file is a mapping",)),
    Hostile("50 MB", raw(b"# " + b"x" * 50_000_000 + b"\n"), ("bytes; a case file is at most",)),
    Hostile("billion laughs", laughs, ("expands to more than", "aliases")),
    Hostile("10,000 deep (flow)", raw("title: " + "[" * 10_000 + "]" * 10_000 + "\n"), ("nested too deeply",)),
    Hostile("10,000 deep (JSON)", raw('{"a": ' * 10_000 + "1" + "}" * 10_000), ("nested too deeply",), ".json"),
    Hostile("100,000 acts", many_acts, ("expands to more than", "split it")),
    Hostile("duplicate keys", swap("title: test", "title: test\ntitle: again"), ("title", "appears twice")),
    Hostile("merge key", swap("vessels:", "x: &x {a: 1}\nvessels:\n  <<: *x"), ("merge keys",)),
    Hostile("unknown top field", swap("title:", "titel: x\ntitle:"), ("unknown field 'titel'", "did you mean 'title'")),
    Hostile("unknown person field", swap("age: 11", "agee: 11"), ("people.child", "did you mean 'age'")),
    Hostile("not a state", swap("present_in: GBR", "present_in: Atlantis"), ("people.viewer.present_in", "Atlantis")),
    Hostile("state as a number", swap("present_in: GBR", "present_in: 826"), ("people.viewer.present_in",)),
    Hostile("v2 field in a v1 file", swap("age: 11", "born: 2008-01-01"), ("people.child.born", "jurex/v2")),
    Hostile("negative age", swap("age: 11", "age: -1"), ("people.child.age",)),
    Hostile("future date", future, ("date", "in the future")),
    Hostile("impossible date", swap("2019-06-01", "2019-02-30"), ("date", "YYYY-MM-DD")),
    Hostile("vessel without flag", swap("{type: ship, registered_in: PAN}", "{type: ship}"), ("registered_in", "add")),
    Hostile("act on a missing vessel", swap("vessel: mv-aurora,", "vessel: mv-boreas,"), ("mv-boreas", "vessels")),
    Hostile("request for a non-offender", swap("person: viewer}\n", "person: child}\n"), ("requests[0]", "offender")),
    Hostile("undeclared person", swap("victims: [child]", "victims: [kid]"), ("kid", "people")),
    Hostile("unknown category", swap("csam_production", "csam_producton"), ("did you mean 'csam_production'",)),
    Hostile("most fields missing", raw("schema: jurex/v1\nid: t\n"), ("title", "offences", "add this field")),
    Hostile("no offences", swap("offences:", "offences: []\nx_offences:"), ("offences",)),
    Hostile("missing schema", lambda: BASE.replace("schema: jurex/v1\n", "").encode(), ("schema: jurex/v2",)),
    Hostile("other schema", swap("jurex/v1", "jurex/v9"), ("unknown schema 'jurex/v9'",)),
    Hostile("identifier with NUL", swap("id: o\n", 'id: "o\\0x"\n'), ("offences[0].id", "control character")),
    Hostile("identifier with a newline", swap("id: o\n", 'id: "o\\nx"\n'), ("offences[0].id", "control character")),
    Hostile("10,000-char identifier", swap("id: o\n", f"id: {'o' * 10_000}\n"), ("offences[0].id", "200")),
    Hostile("NUL in the title", swap("title: test", 'title: "te\\0st"'), ("title", "NUL")),
    Hostile("raw NUL byte", raw(BASE.replace("title: test", "title: te\0st").encode()), ("not valid YAML",)),
    Hostile("a key that is a list", swap("title: test", "[a, b]: test"), ("a key must be a plain name",)),
]
# Python objects are not allowed by the safe loader: its error is one more kind of malformed YAML.
HOSTILE.append(
    Hostile("python object tag", swap("title: test", "title: !!python/object/apply:os.system [ls]"), ("YAML",))
)


@pytest.mark.parametrize("hostile", HOSTILE, ids=[h.name for h in HOSTILE])
def test_hostile_input_exits_2_naming_file_field_and_fix(hostile: Hostile, tmp_path: Path) -> None:
    case = tmp_path / f"hostile{hostile.suffix}"
    case.write_bytes(hostile.content())
    output = tmp_path / "answer.json"
    output.write_text("an earlier answer\n")
    result = runner.invoke(app, ["analyse", str(case), "-f", "json", "-o", str(output)])
    assert result.exit_code == 2, result.stdout + result.stderr
    assert result.stdout == ""
    assert str(case) in result.stderr
    assert "Traceback" not in result.stderr
    for fragment in hostile.says:
        assert fragment in result.stderr, result.stderr
    assert output.read_text() == "an earlier answer\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([case.name, output.name])  # no temp file left


def test_every_message_has_a_fix() -> None:
    from jurisdiction.errors import CaseError
    from jurisdiction.input.loader import load_text

    for hostile in HOSTILE:
        if hostile.name in {"50 MB", "not UTF-8", "UTF-16", "raw NUL byte"}:
            continue  # checked through the file loader above
        with pytest.raises(CaseError) as caught:
            load_text(hostile.content().decode("utf-8"), "case.yaml")
        for problem in caught.value.problems:
            assert problem.fix, (hostile.name, problem)


def test_json_escapes_of_characters_beyond_the_basic_plane_load_and_halves_are_refused(tmp_path: Path) -> None:
    import yaml

    from jurisdiction.errors import CaseError
    from jurisdiction.input.loader import load_text

    data = yaml.safe_load(BASE)
    data["date"] = "2019-06-01"
    data["title"] = "\U0001f600 in the title"
    text = json.dumps(data)  # ensure_ascii: the emoji becomes two \\u escapes
    assert "\\ud83d\\ude00" in text
    assert load_text(text, "case.json").title == data["title"]
    with pytest.raises(CaseError) as caught:
        load_text(text.replace("\\ude00", ""), "case.json")
    assert "half of a character" in str(caught.value)
    str(caught.value).encode("utf-8")  # the message itself can be printed
