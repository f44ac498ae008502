"""The trainers' pages and the states pages of `jurex serve`: an exercise built in the browser is the one the
command line writes for the same seed; a class report from uploaded answers counts as `jurex exercise check`
does; hostile zips are refused whole; the states' status and one state's law, each value with its source."""

from __future__ import annotations

import csv
import datetime as dt
import html
import io
import re
import zipfile
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner
from webclient import client, token

from jurisdiction import words
from jurisdiction.web.pages import trainers

SEED, LEVEL, TOPIC = 7, 2, "extradition"  # the README's exercise


class Tables(HTMLParser):
    """The cells of every table of a page, by the table's id (a header cell as a cell)."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: dict[str, list[list[str]]] = {}
        self.table: str | None = None
        self.cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            self.table = dict(attrs).get("id") or f"table{len(self.tables)}"
            self.tables[self.table] = []
        elif tag == "tr" and self.table:
            self.tables[self.table].append([])
        elif tag in ("td", "th") and self.table:
            self.cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self.table and self.cell is not None:
            self.tables[self.table][-1].append("".join(self.cell).strip())
            self.cell = None
        elif tag == "table":
            self.table = None

    def handle_data(self, data: str) -> None:
        if self.cell is not None:
            self.cell.append(data)


def tables(page: str) -> dict[str, list[list[str]]]:
    parser = Tables()
    parser.feed(page)
    return parser.tables


def text_of(page: str) -> str:
    """A page's text as a reader sees it: tags gone, entities read, spaces collapsed."""
    inline = re.sub(r"</?(code|strong|em|b|a|span|abbr)\b[^>]*>", "", page)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", inline)).split())


def cli(*args: str) -> str:
    from jurisdiction.cli.app import app

    result = CliRunner().invoke(app, list(args))
    assert result.exit_code == 0, result.stderr
    return result.stdout


def build(c, **form: str) -> str:  # type: ignore[no-untyped-def]
    """Build an exercise on the trainers' page; its page's address."""
    made = c.post("/trainers/new", data={**token(c), **form}, follow_redirects=False)
    assert made.status_code == 303, made.text
    return made.headers["location"]


def zipped(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for name, data in members.items():
            z.writestr(name, data)
    return out.getvalue()


def test_an_exercise_built_here_is_the_one_the_command_line_writes(tmp_path: Path) -> None:
    c = client(tmp_path / "ws")
    page_url = build(c, seed=str(SEED), level=str(LEVEL), topic=TOPIC, case="")
    folder = tmp_path / "cli"
    cli("exercise", "new", "--seed", str(SEED), "--level", str(LEVEL), "--topic", TOPIC, "-o", str(folder))
    handout = (folder / "handout.md").read_text(encoding="utf-8")

    page = c.get(page_url)
    assert page.status_code == 200
    shown = text_of(page.text)
    # the handout as the page shows it: its title, every fact and every question, nothing of the key outside it
    title = handout.splitlines()[0].removeprefix("# ")
    assert f"<h1>{html.escape(title, quote=False)}</h1>" in page.text.replace("&#39;", "'")
    for line in handout.splitlines()[1:]:
        said = " ".join(re.sub(r"^(#+|-) |\*\*|`", "", line).split())
        assert said in shown, said
    # the downloads: the handout and key, byte for byte, and the folder as a zip of what the command line wrote
    for name in ("handout.md", "handout.html", "answers.md", "answers.html"):
        got = c.get(f"{page_url}/{name}")
        assert got.status_code == 200 and "attachment" in got.headers["content-disposition"]
        assert got.content == (folder / name).read_bytes(), name
    archive = zipfile.ZipFile(io.BytesIO(c.get(f"{page_url}/exercise.zip").content))
    members = {Path(n).name: archive.read(n) for n in archive.namelist()}
    assert members == {p.name: p.read_bytes() for p in folder.iterdir()}
    # kept in the workspace as the command line's folder: `jurex exercise check` can read it there
    exercise_id = page_url.rsplit("/", 1)[1]
    kept = tmp_path / "ws" / trainers.EXERCISES / exercise_id
    assert (kept / "handout.md").read_text(encoding="utf-8") == handout
    # the same choices again: the same exercise, the same folder; the list names it by its title
    assert build(c, seed=str(SEED), level=str(LEVEL), topic=TOPIC, case="") == page_url
    assert title in text_of(c.get("/trainers").text)
    # another seed, another exercise
    assert build(c, seed=str(SEED + 1), level=str(LEVEL), topic=TOPIC, case="") != page_url


def test_the_choices_are_checked_beside_their_fields(tmp_path: Path) -> None:
    c = client(tmp_path)
    bad = c.post("/trainers/new", data={**token(c), "seed": "seven", "level": "1", "case": "", "topic": ""})
    assert bad.status_code == 400
    assert re.search(r'id="seed"[^>]*aria-describedby="seed-help seed-error"[^>]*aria-invalid="true"', bad.text)
    said = r'id="seed-error" class="field-error" role="alert">&#39;seven&#39; is not a whole number'
    assert re.search(said, bad.text)
    topic = c.post("/trainers/new", data={**token(c), "seed": "0", "level": "1", "case": "", "topic": "boats"})
    assert topic.status_code == 400
    assert re.search(r'id="topic-error"[^>]*role="alert">no case on this topic \(fix: one of: aircraft', topic.text)
    level = c.post("/trainers/new", data={**token(c), "seed": "0", "level": "4", "case": "", "topic": ""})
    assert level.status_code == 400 and 'id="level-error"' in level.text and "no such level" in level.text
    # a form without the browser's token changes nothing
    assert c.post("/trainers/new", data={"seed": "0", "level": "1"}).status_code == 403
    assert not (tmp_path / trainers.EXERCISES).exists()


@pytest.fixture
def exercise(tmp_path: Path) -> tuple[object, str, dict[str, str], Path]:
    """An exercise built on the page (the client, its address, its question ids by kind, the exercise's folder
    as the zip download gives it), and a class's answers, as test_exercise grades them on the command line."""
    c = client(tmp_path / "ws")
    url = build(c, seed="0", level="3", topic="extradition", case="livestream-gbr-phl")
    folder = tmp_path / "ex"
    folder.mkdir()
    archive = zipfile.ZipFile(io.BytesIO(c.get(f"{url}/exercise.zip").content))
    for name in archive.namelist():
        (folder / Path(name).name).write_bytes(archive.read(name))
    key = yaml.safe_load((folder / "exercise.yaml").read_text(encoding="utf-8"))
    q = {x["kind"]: x["id"] for x in key["questions"]}
    answers = tmp_path / "answers"
    answers.mkdir()
    (answers / "ana.yaml").write_text("".join(f"{x['id']}: [{', '.join(x['expected'])}]\n" for x in key["questions"]))
    (answers / "ben.yaml").write_text(f"{q['must']}: [Philippines]\n{q['extradite_basis']}: convention legal basis\n")
    (answers / "carla.yml").write_text(f"{q['extradite_basis']}: the convention as legal basis\n")
    (answers / "dan.yaml").write_text(f"{q['must']}: {{GBR: 1}}\n")  # unreadable: reported, the class still graded
    (answers / "notes.txt").write_text("not an answers file\n")
    return c, url, q, folder


def test_a_class_report_from_uploaded_answers_counts_as_the_command_line(
    exercise: tuple[object, str, dict[str, str], Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    c, url, q, _ = exercise
    answers = tmp_path / "answers"
    members = {f"answers/{p.name}": p.read_bytes() for p in answers.iterdir()}
    members["__MACOSX/answers/._ana.yaml"] = b"\x00\x05\x16\x07"  # a Mac's zip: not a trainee
    sent = c.post(  # type: ignore[attr-defined]
        f"{url}/answers",
        data=token(c),  # type: ignore[arg-type]
        files=[("answers", ("class.zip", zipped(members), "application/zip"))],
        follow_redirects=False,
    )
    assert sent.status_code == 303 and sent.headers["location"].endswith("#report")
    page = c.get(url).text  # type: ignore[attr-defined]

    # the command line on the folders the page keeps, run in the workspace
    monkeypatch.chdir(tmp_path / "ws")
    kept = f"{trainers.EXERCISES}/{url.rsplit('/', 1)[1]}"
    report_dir = tmp_path / "report"
    report = yaml.safe_load(cli("exercise", "check", kept, f"{kept}/{trainers.ANSWERS}", "--format", "json"))
    cli("exercise", "check", kept, f"{kept}/{trainers.ANSWERS}", "--report", str(report_dir))
    assert report["exercise"] == kept and {t["trainee"] for t in report["trainees"]} == {"ana", "ben", "carla", "dan"}
    n = len(report["trainees"])
    expected = [
        [
            x["question"],
            ", ".join(x["expected"]),
            f"{x['right']}/{n}",
            str(x["partly"]),
            str(x["wrong"] + x["unanswered"]),
            "; ".join(f"{w['answer']} ({w['trainees']})" for w in x["common_wrong"]) or words.CLASS_NONE,
        ]
        for x in report["questions"]
    ]
    shown = tables(page)
    assert shown["per-question"] == [list(words.CLASS_QUESTION_COLUMNS), *expected]
    basis = next(row for row in shown["per-question"] if row[0] == q["extradite_basis"])
    assert basis[2:5] == ["1/4", "0", "3"] and basis[5] == "convention legal basis (2)"
    trainees = {row[0]: row for row in shown["per-trainee"][1:]}
    assert set(trainees) == {"ana", "ben", "carla", "dan"}
    assert trainees["ana"][1] == f"{report['out_of']}/{report['out_of']}" and "could not be read" in trainees["dan"][2]
    # the downloads: the command line's CSV, byte for byte; the HTML page with the same table
    got = c.get(f"{url}/class-report.csv")  # type: ignore[attr-defined]
    assert got.status_code == 200 and got.headers["content-type"].startswith("text/csv")
    assert got.content == (report_dir / "class-report.csv").read_bytes()
    assert {r["trainee"] for r in csv.DictReader(io.StringIO(got.text))} == {"ana", "ben", "carla", "dan"}
    page_html = c.get(f"{url}/class-report.html")  # type: ignore[attr-defined]
    assert page_html.content == (report_dir / "class-report.html").read_bytes()
    assert tables(page_html.text)["table0"] == shown["per-question"]
    assert str(tmp_path) not in page_html.text + page  # the files named as in the workspace, no path of this computer

    # the same class as loose files (or a folder's): the same report; a new upload replaces the old class
    loose = [("answers", (p.name, p.read_bytes(), "text/yaml")) for p in answers.iterdir() if p.name != "dan.yaml"]
    again = c.post(f"{url}/answers", data=token(c), files=loose, follow_redirects=False)  # type: ignore[attr-defined]
    assert again.status_code == 303
    rows = tables(c.get(url).text)["per-trainee"][1:]  # type: ignore[attr-defined]
    assert [r[0] for r in rows] == ["ana", "ben", "carla"]


def test_an_exercise_made_elsewhere_comes_in_as_its_zipped_folder(
    exercise: tuple[object, str, dict[str, str], Path], tmp_path: Path
) -> None:
    _, url, _, folder = exercise
    other = client(tmp_path / "other-ws")
    members = {f"ex/{p.name}": p.read_bytes() for p in folder.iterdir()} | {"ex/notes.txt": b"kept out"}
    sent = other.post(
        "/trainers/import",
        data=token(other),
        files=[("exercise", ("ex.zip", zipped(members), "application/zip"))],
        follow_redirects=False,
    )
    assert sent.status_code == 303 and sent.headers["location"] == url  # the same key, the same exercise
    kept = tmp_path / "other-ws" / trainers.EXERCISES / url.rsplit("/", 1)[1]
    assert sorted(p.name for p in kept.iterdir()) == sorted(trainers.EXERCISE_FILES)
    assert words.WEB_HANDOUT in other.get(url).text
    broken = {"ex/exercise.yaml": b"questions: nope\n"}
    refused = other.post(
        "/trainers/import", data=token(other), files=[("exercise", ("b.zip", zipped(broken), "application/zip"))]
    )
    assert refused.status_code == 400 and 'id="exercise-error"' in refused.text
    assert "no list of questions" in refused.text


def _link_zip() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        info = zipfile.ZipInfo("answers/ana.yaml")
        info.external_attr = 0o120777 << 16  # a symbolic link to /etc/passwd, as unzip would make it
        z.writestr(info, "/etc/passwd")
    return out.getvalue()


ABSOLUTE = "/jurex-test-web-trainers"  # where an absolute member would land, were it unpacked as named
HOSTILE = {
    "dot-dot": (lambda: zipped({"../x.yaml": b"q1: none\n"}), "would be written outside its folder"),
    "deep dot-dot": (lambda: zipped({"answers/../../x.yaml": b"q1: none\n"}), "would be written outside"),
    "absolute": (lambda: zipped({f"{ABSOLUTE}/x.yaml": b"q1: none\n"}), "would be written outside its folder"),
    "drive": (lambda: zipped({"C:\\x.yaml": b"q1: none\n"}), "would be written outside its folder"),
    "backslashes": (lambda: zipped({"..\\x.yaml": b"q1: none\n"}), "would be written outside its folder"),
    "link": (_link_zip, "is a link"),
    "not a zip": (lambda: b"PK\x03\x04 but nothing after", "is not a zip file jurex can read"),
    "too many": (lambda: zipped({f"a{i}.yaml": b"q1: none\n" for i in range(12)}), "has more than 10 members"),
    "a bomb": (lambda: zipped({"a.yaml": b"q1: " + b"x" * 5000 + b"\n"}), "holds more than 1,000 bytes once unpacked"),
    "two of a name": (lambda: zipped({"a/ana.yaml": b"q1: none\n", "b/ana.yaml": b"q1: none\n"}), "two answers"),
    "no answers": (lambda: zipped({"notes.txt": b"hello"}), "no answers files"),
}


@pytest.mark.parametrize("kind", HOSTILE)
def test_a_hostile_zip_is_refused_whole(
    exercise: tuple[object, str, dict[str, str], Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kind: str
) -> None:
    c, url, _, _ = exercise
    monkeypatch.setattr(trainers, "MAX_MEMBERS", 10)
    monkeypatch.setattr(trainers, "MAX_UNPACKED", 1000)
    make, message = HOSTILE[kind]
    sent = c.post(  # type: ignore[attr-defined]
        f"{url}/answers", data=token(c), files=[("answers", ("class.zip", make(), "application/zip"))]  # type: ignore[arg-type]
    )
    assert sent.status_code == 400
    error = re.search(r'<p id="answers-error" class="field-error" role="alert">(.*?)</p>', sent.text, re.S)
    assert error and message in html.unescape(error.group(1)), sent.text[-3000:]
    assert re.search(r'id="answers"[^>]*aria-describedby="answers-help answers-error"', sent.text)
    folder = tmp_path / "ws" / trainers.EXERCISES / url.rsplit("/", 1)[1]
    assert not (folder / trainers.ANSWERS).exists()  # nothing kept
    assert not list(tmp_path.rglob("x.yaml")) and not Path(ABSOLUTE).exists()
    assert [p.name for p in folder.iterdir() if p.name.startswith(".")] == []  # the temporary folder is gone


def test_a_hostile_file_name_is_refused(exercise: tuple[object, str, dict[str, str], Path]) -> None:
    c, url, _, _ = exercise
    for name in ("../ana.yaml", "/etc/ana.yaml"):
        sent = c.post(f"{url}/answers", data=token(c), files=[("answers", (name, b"q1: none\n", "text/yaml"))])  # type: ignore[attr-defined]
        assert sent.status_code == 400 and "would be written outside its folder" in html.unescape(sent.text)
    nothing = c.post(f"{url}/answers", data=token(c), files=[("answers", ("", b"", "text/yaml"))])  # type: ignore[attr-defined]
    assert nothing.status_code == 400 and words.WEB_UPLOAD_NONE in nothing.text


def test_exercise_urls_name_no_path(tmp_path: Path) -> None:
    c = client(tmp_path)
    for url in ("/trainers/0123456789abcdef", "/trainers/..%2F..%2Fetc", "/trainers/0123456789abcdef/handout.md"):
        assert c.get(url).status_code == 404
    assert c.post("/trainers/0123456789abcdef/answers", data=token(c)).status_code == 404


def test_the_handout_is_shown_with_every_character_escaped() -> None:
    shown = str(trainers.markdown("# Title\n\n## Facts\n\n<script>alert(1)</script> [x](javascript:alert(1)) & co\n"))
    assert "<script>" not in shown and "&lt;script&gt;" in shown and 'href="javascript' not in shown
    assert "<h3>Facts</h3>" in shown and "Title" not in shown and "&amp; co" in shown


def test_the_page_offers_the_options_of_the_command_line() -> None:
    import typer
    from jurisdiction.cli.app import app

    new = typer.main.get_command(app).commands["exercise"].commands["new"]  # type: ignore[attr-defined]
    helps = {p.name: p.help for p in new.params}
    assert helps["seed"] == words.EXERCISE_SEED_HELP and helps["level"] == words.EXERCISE_LEVEL_HELP
    assert helps["topic"] == words.EXERCISE_TOPIC_HELP and helps["case"] == words.EXERCISE_CASE_HELP
    assert trainers.KEY_FILE == __import__("jurisdiction.apps.exercise", fromlist=["KEY_FILE"]).KEY_FILE


# --- States


def test_the_states_page_lists_each_state_with_its_status_under_every_regime(tmp_path: Path) -> None:
    from jurisdiction.apps.states import SHOWN, status_at

    c = client(tmp_path)
    page = c.get("/states", params={"at": "2020-01-01"})
    assert page.status_code == 200
    rows = tables(page.text)["states"]
    assert rows[0] == ["State", "Name", *(r.name for r in SHOWN)]
    by_code = {r[0]: r for r in rows[1:]}
    truth = status_at(dt.date(2020, 1, 1))
    assert len(by_code) == len(truth)
    for s in truth:  # the same status as `jurex states --at 2020-01-01`, each written in words
        assert by_code[s.state] == [s.state, s.name, *(s.status_under(r.name) for r in SHOWN)]
    assert by_code["DEU"][2] == "party"  # a known party (the OPSC in force for Germany since 2009)
    assert '<a href="/states/DEU?at=2020-01-01">DEU</a>' in page.text
    assert any("unknown" in r for r in by_code.values())  # unknown is said, not left blank
    # before the Protocol's entry into force no state is a party to it
    early = {r[0]: r for r in tables(c.get("/states", params={"at": "2001-01-01"}).text)["states"][1:]}
    assert early["DEU"][2] == "not_party"
    # one regime's status and why, one status only (`--regime`, `--status`)
    one = tables(c.get("/states", params={"at": "2020-01-01", "regime": "lanzarote", "status": "party"}).text)
    assert one["states"][0] == ["State", "Name", "Status", "Why"] and len(one["states"]) > 2
    assert all(r[2] == "party" and r[3] for r in one["states"][1:])
    assert "DEU" in {r[0] for r in one["states"]}


def test_a_bad_date_is_said_beside_its_field(tmp_path: Path) -> None:
    c = client(tmp_path)
    bad = c.get("/states", params={"at": "2020-13-45"})
    assert bad.status_code == 400
    assert re.search(r'id="at"[^>]*aria-describedby="at-help at-error"', bad.text)
    assert '<p id="at-error" class="field-error" role="alert">&#39;2020-13-45&#39; is not a date' in bad.text
    assert c.get("/states", params={"regime": "nato"}).status_code == 400
    today = c.get("/states")
    assert today.status_code == 200 and f'value="{dt.date.today().isoformat()}"' in today.text


def test_a_state_page_shows_its_law_each_value_with_its_source(tmp_path: Path) -> None:
    from jurisdiction.apps.states import describe
    from jurisdiction.data.states import bundled
    from jurisdiction.render.states import profile_text

    c = client(tmp_path)
    page = c.get("/states/DEU", params={"at": "2020-01-01"})
    assert page.status_code == 200
    items = [text_of(li) for li in re.findall(r"<li>(.*?)</li>", page.text, re.S)]
    profile = describe("DEU", dt.date(2020, 1, 1), bundled())
    for v in profile["profile"]:  # every value, with its period and its source, in one item
        period = words.period(v["from"], v["until"] or "") if v.get("from") else words.UNDATED
        assert any(
            item.startswith(f"{v['field']}: {words.plain(v['value'])}")
            and f"{words.STATES_IN_FORCE} {period}" in item
            and f"{words.STATES_SOURCE} {' '.join(v['source'].split())}" in item
            for item in items
        ), v["field"]
    nationals = next(i for i in items if i.startswith("extradites_nationals: false"))
    assert "from 1949-05-24" in nationals and "Grundgesetz Art. 16(2)" in nationals
    # the words of `jurex states show`: every line of its status and regime lines is on the page
    shown = text_of(page.text)
    lines = profile_text(profile).splitlines()
    for line in lines[:3] + [line for line in lines if " on 2020-01-01: " in line]:
        assert " ".join(line.split()) in shown, line
    # a value that holds at every date, and one not reasoned on, are said to be so
    france = text_of(c.get("/states/FRA", params={"at": "2020-01-01"}).text)
    assert f"{words.STATES_IN_FORCE} {words.UNDATED}" in france
    assert f"[{words.STATES_UNVERIFIED}]" in text_of(c.get("/states/GBR").text)
    # a state jurex has no record of (a user-assigned code, as a case may use): unknown, and nothing known
    unknown = text_of(c.get("/states/XYZ", params={"at": "2020-01-01"}).text)
    assert "OPSC on 2020-01-01: unknown" in unknown and words.STATES_NOTHING_KNOWN in unknown
    # a code no state has, or anything that is not one, is not a state
    for code in ("ABC", "deu", "DEUX", "%2E%2E"):
        assert c.get(f"/states/{code}").status_code == 404
