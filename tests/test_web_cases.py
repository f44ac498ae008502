"""The Cases page and the case form of `jurex serve`, used as a browser would: a page's form is read back from
its HTML (what a browser sends for it: each input's name and value, ticked boxes only, a select's chosen
option) and sent again."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from pydantic import Field
from webclient import client, token

from jurisdiction import words
from jurisdiction.apps.library import library
from jurisdiction.errors import CaseError
from jurisdiction.input import model
from jurisdiction.input.loader import load_text
from jurisdiction.web import form as case_form
from jurisdiction.web.workspace import key_of

BUNDLED = library()


class Forms(HTMLParser):
    """Each <form> of a page: its action and what a browser would send, and every element's attributes by id."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[dict] = []
        self.by_id: dict[str, dict[str, str]] = {}
        self.text_of: dict[str, str] = {}
        self._select: list | None = None
        self._textarea: list | None = None
        self._open: list[tuple[str, str, list[str]]] = []  # (tag, id, text) of elements with an id

    def handle_starttag(self, tag: str, attrs: list) -> None:
        a = {k: v or "" for k, v in attrs}
        if "id" in a:
            self.by_id[a["id"]] = {"tag": tag, **a}
            self._open.append((tag, a["id"], []))
        if tag == "form":
            self.forms.append({"action": a.get("action", ""), "fields": [], "buttons": []})
        elif not self.forms:
            return
        fields = self.forms[-1]["fields"]
        if tag == "input":
            kind = a.get("type", "text")
            if kind in {"checkbox", "radio"}:
                if "checked" in a:
                    fields.append((a["name"], a.get("value", "on")))
            elif kind not in {"file", "submit", "button"} and "name" in a:
                fields.append((a["name"], a.get("value", "")))
        elif tag == "select":
            self._select = [a["name"], None, None]  # name, first option, selected option
        elif tag == "option" and self._select is not None:
            value = a.get("value", "")
            self._select[1] = value if self._select[1] is None else self._select[1]
            if "selected" in a:
                self._select[2] = value
        elif tag == "textarea":
            self._textarea = [a["name"], ""]
        elif tag == "button" and "name" in a:
            self.forms[-1]["buttons"].append((a["name"], a.get("value", "")))

    def handle_endtag(self, tag: str) -> None:
        if tag == "select" and self._select is not None:
            name, first, chosen = self._select
            self.forms[-1]["fields"].append((name, chosen if chosen is not None else first or ""))
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            text = self._textarea[1]
            self.forms[-1]["fields"].append((self._textarea[0], text[1:] if text.startswith("\n") else text))
            self._textarea = None
        while self._open and self._open[-1][0] == tag:
            _, ident, text = self._open.pop()
            self.text_of[ident] = "".join(text)
            break

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            self._textarea[1] += data
        for _, _, text in self._open:
            text.append(data)


def page_forms(html: str) -> Forms:
    parser = Forms()
    parser.feed(html)
    parser.close()
    return parser


def case_form_of(html: str) -> dict:
    return next(f for f in page_forms(html).forms if any(v == "save" for _, v in f["buttons"]))


def send(c: TestClient, url: str, fields: list[tuple[str, str]], action: str = "save"):  # type: ignore[no-untyped-def]
    return c.post(url, data=_as_data([*fields, ("_action", action)]), follow_redirects=False)


def _as_data(fields: list[tuple[str, str]]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for name, value in fields:
        out.setdefault(name, []).append(value)
    return out


@pytest.fixture
def c(tmp_path: Path) -> TestClient:
    return client(tmp_path / "ws")


# --- The case form


@pytest.mark.parametrize("entry", BUNDLED, ids=[e.id for e in BUNDLED])
def test_every_bundled_case_goes_through_the_form_unchanged(c: TestClient, entry) -> None:  # type: ignore[no-untyped-def]
    made = c.post(f"/cases/b/{entry.id}/duplicate", data=token(c), follow_redirects=False)
    assert made.status_code == 303
    edit = made.headers["location"]
    sent = send(c, edit, case_form_of(c.get(edit).text)["fields"])
    assert sent.status_code == 303, re.findall(r'role="alert">(.*?)</div>', sent.text, re.S)
    key = edit.split("/")[3]
    assert sent.headers["location"] == f"/cases/w/{key}"
    saved = next(p for p in (c.app.state.jurex.workspace.root).iterdir() if key_of(p.name) == key)
    assert load_text(saved.read_text(encoding="utf-8"), saved.name) == load_text(entry.text(), entry.path.name)


def _new_case_fields() -> list[tuple[str, str]]:
    """A small valid case as a person fills in the new-case form."""
    return [
        ("schema", "jurex/v2"),
        ("id", "typed-in"),
        ("title", "A viewer in Sweden pays for abuse streamed from the Philippines"),
        ("date", "2021-03-01"),
        ("people.0._key", "viewer"),
        ("people.0.nationality.0", "Sweden (SWE)"),
        ("people.0.present_in", "Sweden"),
        ("people.1._key", "child"),
        ("people.1.nationality.0", "PHL"),
        ("people.1.age", "12"),
        ("offences.0.id", "o1"),
        ("offences.0.category", "csam_production"),
        ("offences.0.offenders.0.person", "viewer"),
        ("offences.0.victims.0", "child"),
        ("offences.0.acts.0.by", "viewer"),
        ("offences.0.acts.0.in._shape", "state"),
        ("offences.0.acts.0.in.state", "Philippines (PHL)"),
    ]


def test_a_case_built_from_scratch_is_saved_as_a_file_the_cli_reads(c: TestClient) -> None:
    page = c.get("/new")
    assert page.status_code == 200
    sent = send(c, "/new", [*token(c).items(), *_new_case_fields()])
    assert sent.status_code == 303
    (saved,) = c.app.state.jurex.workspace.entries()
    assert sent.headers["location"] == f"/cases/w/{saved.key}"
    assert saved.name == "typed-in.yaml"
    case = load_text(saved.path.read_text(encoding="utf-8"), saved.name)
    assert case.people["viewer"].nationality == ["SWE"] and case.people["viewer"].present_in == "SWE"
    assert case.offences[0].acts[0].in_ == "PHL" and case.people["child"].age == 12


def test_a_problem_is_shown_beside_its_field_with_the_clis_message_and_the_draft_is_kept(c: TestClient) -> None:
    fields = [(k, "Sweedn" if k == "people.0.nationality.0" else v) for k, v in _new_case_fields()]
    sent = send(c, "/new", [*token(c).items(), *fields])
    assert sent.status_code == 422
    assert c.app.state.jurex.workspace.entries() == []  # not saved
    page = page_forms(sent.text)
    box = page.by_id["f-people-0-nationality-0"]
    assert "f-people-0-nationality-0-error" in box["aria-describedby"].split()
    assert box["aria-invalid"] == "true"
    alert = page.by_id["f-people-0-nationality-0-error"]
    assert alert["role"] == "alert"
    # The same message and fix as the command line gives for the same value in a file.
    with pytest.raises(CaseError) as cli:
        load_text(Path("scenarios/livestream-gbr-phl.yaml").read_text().replace("[GBR]", "[Sweedn]", 1), "x.yaml")
    problem = next(p for p in cli.value.problems if "Sweedn" in p.message)
    said = " ".join(page.text_of["f-people-0-nationality-0-error"].split())
    assert problem.message in said and f"{words.WEB_FORM_FIX}: {problem.fix}" in said
    assert "#f-people-0-nationality-0" in sent.text  # the summary links to the field
    # Nothing typed is lost: the form opens again on the draft, with what was typed.
    again = page_forms(c.get("/new").text)
    assert again.by_id["f-people-0-nationality-0"]["value"] == "Sweedn"
    assert again.by_id["f-people-0-nationality-0-error"]["role"] == "alert"  # and its problem, still beside it
    assert again.by_id["f-title"]["tag"] == "textarea" and "Sweden pays" in again.text_of["f-title"]
    assert words.WEB_FORM_DRAFT_OPEN in c.get("/new").text
    # Fixed, it saves, and the draft is gone.
    fixed = send(c, "/new", [*token(c).items(), *_new_case_fields()])
    assert fixed.status_code == 303
    assert words.WEB_FORM_DRAFT_OPEN not in c.get("/new").text


def test_the_draft_can_be_discarded(c: TestClient) -> None:
    send(c, "/new", [*token(c).items(), ("id", "half")])
    assert 'value="half"' in c.get("/new").text
    assert send(c, "/new", list(token(c).items()), action="discard").status_code == 303
    assert 'value="half"' not in c.get("/new").text


def test_a_problem_with_a_section_is_shown_at_the_section(c: TestClient) -> None:
    fields = [(k, v) for k, v in _new_case_fields() if not k.startswith("offences.0.acts")]
    sent = send(c, "/new", [*token(c).items(), *fields])
    page = page_forms(sent.text)
    assert "f-offences-0-acts-error" in page.by_id["f-offences-0-acts"]["aria-describedby"]
    assert page.by_id["f-offences-0-acts-error"]["role"] == "alert"


def test_two_people_of_one_name_are_refused_beside_the_second(c: TestClient) -> None:
    fields = [(k, "viewer" if k == "people.1._key" else v) for k, v in _new_case_fields()]
    sent = send(c, "/new", [*token(c).items(), *fields])
    assert sent.status_code == 422
    assert words.WEB_FORM_TWICE.format(name="viewer") in page_forms(sent.text).text_of["f-people-1-_key-error"]


def test_add_and_remove_a_repeatable_item_redraw_the_form_keeping_what_was_typed(c: TestClient) -> None:
    fields = [*token(c).items(), *_new_case_fields()]
    added = send(c, "/new", fields, action="add:offences.0.acts")
    assert added.status_code == 200
    form = case_form_of(added.text)
    names = [n for n, _ in form["fields"]]
    assert "offences.0.acts.1.by" in names and ("offences.0.acts.0.by", "viewer") in form["fields"]
    removed = send(c, "/new", form["fields"], action="remove:people.1")
    names = [n for n, _ in case_form_of(removed.text)["fields"]]
    assert "people.1._key" not in names and "people.0._key" in names
    assert c.app.state.jurex.workspace.entries() == []  # redrawing saves nothing but the draft


def test_states_are_picked_by_name_with_their_codes(c: TestClient) -> None:
    html = c.get("/new").text
    assert '<option value="Philippines (PHL)">' in html
    page = page_forms(html)
    assert page.by_id["f-people-0-present_in"]["list"] == "states"
    assert case_form.state_code("Philippines (PHL)") == "PHL" and case_form.state_code("sweden") == "SWE"
    assert case_form.state_code("phl") == "PHL" and case_form.state_code("Philipines") == "Philipines"


def test_a_field_added_to_a_model_appears_in_the_form_without_a_template_edit() -> None:
    class Wider(model.Case):
        reviewed_on: model.dt.date | None = Field(None, description="when a colleague last read the case")
        reviewer: model.Identifier | None = None

    root = case_form.form(case_form.new_raw(), Wider)
    added = {n.name: n for n in root.children}
    assert added["reviewed_on"].kind == "date" and added["reviewed_on"].hint == "when a colleague last read the case"
    assert added["reviewer"].kind == "text"
    built = case_form.case_data({"reviewed_on": "2024-01-02", "reviewer": "ana"}, Wider)
    assert built.data["reviewed_on"] == "2024-01-02" and built.data["reviewer"] == "ana"


def test_every_field_of_every_model_has_an_input() -> None:
    """The walk reaches every model of the case file: with one item in each section, each field has its input."""
    raw = case_form.new_raw()
    for section in ("vessels", "requests", "extradition_treaties", "prior_judgments", "assume",
                    "offences.0.victims", "people.0.nationality", "assume.0.jurisdiction"):  # fmt: skip
        case_form.change(raw, f"add:{section}")
    raw["offences"]["0"]["acts"]["0"]["in"] = {"_shape": "vessel"}
    names: set[str] = set()

    def walk(node: case_form.Node) -> None:
        names.add(node.name)
        for child in [*node.children, *([node.key] if node.key else [])]:
            walk(child)

    walk(case_form.form(raw))
    tails = {n.rsplit(".", 1)[-1] for n in names}
    for cls in (model.Case, model.Person, model.Immunity, model.Vessel, model.Offence, model.OffenderRef,
                model.Act, model.OnBoard, model.Request, model.PriorJudgment, model.Profile,
                model.JurisdictionRule):  # fmt: skip
        for name, f in cls.model_fields.items():
            assert (f.alias or name) in tails, f"{cls.__name__}.{name}"


def test_a_problems_path_names_its_input() -> None:
    raw = case_form.raw_from_form(_new_case_fields())
    built = case_form.case_data(raw)
    assert built.name_for("people.viewer.nationality[0]") == "people.0.nationality.0"
    assert built.name_for("people.child.age") == "people.1.age"
    assert built.name_for("offences[0].acts[0].in") == "offences.0.acts.0.in"
    assert built.name_for("offences[0].victims[0]") == "offences.0.victims.0"
    assert built.name_for("people.nobody.age") == "people"


def test_the_form_needs_its_token(c: TestClient) -> None:
    sent = c.post("/new", data={"_action": "save", **dict(_new_case_fields())}, follow_redirects=False)
    assert sent.status_code == 403
    assert c.app.state.jurex.workspace.entries() == []


# --- The list


def _put(c: TestClient, name: str, text: str) -> str:
    return c.app.state.jurex.workspace.write(name, text).key


def test_the_list_shows_the_workspace_and_the_library_with_their_links(c: TestClient) -> None:
    entry = BUNDLED[0]
    key = _put(c, "mine.yaml", entry.text())
    html = c.get("/").text
    assert f'href="/cases/w/{key}"' in html and f'href="/cases/w/{key}/edit"' in html
    assert f'href="/cases/w/{key}/delete"' in html
    for e in BUNDLED:
        assert f'href="/cases/b/{e.id}"' in html
    assert "mine.yaml" in html and "/cases/w/mine" not in html  # the file name is shown, never an address


def test_search_narrows_both_lists_by_title_and_topic_in_a_post_body(c: TestClient) -> None:
    _put(c, "mine.yaml", next(e for e in BUNDLED if e.id == "livestream-gbr-phl").text())
    found = c.post("/search", data={"q": "cruise ship"})
    assert found.status_code == 200 and "<html" in found.text
    ids = set(re.findall(r'href="/cases/b/([^"/]+)"', found.text))
    assert ids == {e.id for e in BUNDLED if "cruise" in e.title.casefold() and "ship" in (e.title + str(e.topics))}
    by_topic = c.post("/search", data={"q": "ne bis in idem"}, headers={"HX-Request": "true"})
    assert "<html" not in by_topic.text and 'id="case-lists"' in by_topic.text  # htmx gets the lists alone
    ids = set(re.findall(r'href="/cases/b/([^"/]+)"', by_topic.text))
    assert ids == {e.id for e in BUNDLED if "ne_bis_in_idem" in e.topics} and ids
    assert "mine.yaml" not in by_topic.text
    live = c.post("/search", data={"q": "LIVE streaming"}).text
    assert "mine.yaml" in live


def test_a_title_is_shown_as_text(c: TestClient) -> None:
    text = BUNDLED[0].text()
    _put(c, "hostile.yaml", re.sub(r"(?m)^title:.*$", 'title: "<script>alert(1)</script>"', text, count=1))
    html = c.get("/").text
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_a_broken_file_is_listed_and_opens_in_the_form(c: TestClient) -> None:
    key = _put(c, "broken.yaml", "schema: jurex/v2\nid: [unclosed\n")
    assert "broken.yaml" in c.get("/").text
    assert c.get(f"/cases/w/{key}/edit").status_code == 200


def test_upload_saves_a_valid_file_as_written(c: TestClient) -> None:
    entry = BUNDLED[1]
    sent = c.post("/upload", data=token(c), files={"file": ("upload-me.yaml", entry.text().encode())},
                  follow_redirects=False)  # fmt: skip
    assert sent.status_code == 303
    (saved,) = c.app.state.jurex.workspace.entries()
    assert saved.name == "upload-me.yaml" and saved.path.read_text(encoding="utf-8") == entry.text()
    again = c.post("/upload", data=token(c), files={"file": ("upload-me.yaml", entry.text().encode())},
                   follow_redirects=False)  # fmt: skip
    assert again.status_code == 303 and len(c.app.state.jurex.workspace.entries()) == 2  # never overwritten


def test_upload_refuses_an_invalid_file_with_the_loaders_problems(c: TestClient) -> None:
    bad = BUNDLED[0].text().replace("schema: jurex/v", "schema: jurex/v9", 1)
    sent = c.post("/upload", data=token(c), files={"file": ("bad.yaml", bad.encode())})
    assert sent.status_code == 400
    with pytest.raises(CaseError) as cli:
        load_text(bad, "bad.yaml")
    import html as h

    shown = h.unescape(sent.text)
    for p in cli.value.problems:
        assert p.message in shown and p.fix in shown
    assert words.WEB_CASES_UPLOAD_REFUSED in shown and 'role="alert"' in sent.text
    assert c.app.state.jurex.workspace.entries() == []
    assert c.post("/upload", files={"file": ("x.yaml", BUNDLED[0].text().encode())}).status_code == 403


def test_download_gives_the_file_as_written_under_its_name(c: TestClient) -> None:
    entry = BUNDLED[2]
    got = c.get(f"/cases/b/{entry.id}/download")
    assert got.text == entry.text()
    assert got.headers["content-disposition"] == f'attachment; filename="{entry.path.name}"'
    key = _put(c, "mine.json", '{"schema": "jurex/v2"}')
    got = c.get(f"/cases/w/{key}/download")
    assert got.text == '{"schema": "jurex/v2"}' and got.headers["content-type"].startswith("application/json")
    assert c.get("/cases/w/0123456789abcdef/download").status_code == 404


def test_duplicate_puts_a_copy_in_the_workspace(c: TestClient) -> None:
    entry = BUNDLED[3]
    made = c.post(f"/cases/b/{entry.id}/duplicate", data=token(c), follow_redirects=False)
    (copy,) = c.app.state.jurex.workspace.entries()
    assert made.headers["location"] == f"/cases/w/{copy.key}/edit"
    assert copy.name == entry.path.name and copy.path.read_text(encoding="utf-8") == entry.text()
    c.post(f"/cases/w/{copy.key}/duplicate", data=token(c))
    assert {e.name for e in c.app.state.jurex.workspace.entries()} == {copy.name, f"{entry.path.stem}-2.yaml"}
    assert c.post(f"/cases/b/{entry.id}/duplicate").status_code == 403


def test_delete_asks_first_then_removes_the_file(c: TestClient) -> None:
    key = _put(c, "gone.yaml", BUNDLED[0].text())
    ask = c.get(f"/cases/w/{key}/delete")
    assert ask.status_code == 200 and words.WEB_CASES_DELETE_HEADING.format(name="gone.yaml") in ask.text
    assert len(c.app.state.jurex.workspace.entries()) == 1  # asking deletes nothing
    assert c.post(f"/cases/w/{key}/delete").status_code == 403
    done = c.post(f"/cases/w/{key}/delete", data=token(c), follow_redirects=False)
    assert done.status_code == 303 and c.app.state.jurex.workspace.entries() == []
    assert c.get(f"/cases/w/{key}/delete").status_code == 404


def test_a_reference_is_offered_from_the_names_the_case_declares(c: TestClient) -> None:
    sent = send(c, "/new", [*token(c).items(), *_new_case_fields()], action="add:requests")
    page = page_forms(sent.text)
    assert page.by_id["f-offences-0-offenders-0-person"]["list"] == "names-people"
    assert page.by_id["f-requests-0-person"]["list"] == "names-people"
    assert page.by_id["f-offences-0-category"]["list"] == "names-categories"
    people = re.search(r'<datalist id="names-people">(.*?)</datalist>', sent.text).group(1)
    assert re.findall(r'value="([^"]*)"', people) == ["child", "viewer"]
    assert '<option value="csam_production">' in sent.text


def test_a_file_with_problems_opens_in_the_form_with_each_beside_its_field(c: TestClient) -> None:
    text = next(e for e in BUNDLED if e.id == "livestream-gbr-phl").text().replace("[GBR]", "[GRB]", 1)
    key = _put(c, "typo.yaml", text)
    page = c.get(f"/cases/w/{key}/edit")
    assert page.status_code == 200
    assert words.WEB_FORM_FILE_PROBLEMS.format(problems=words.count(1, "problem")) in page.text
    errors = [i for i in page_forms(page.text).by_id if i.endswith("-error")]
    assert len(errors) == 1 and "nationality" in errors[0]
    with pytest.raises(CaseError) as cli:
        load_text(text, "typo.yaml")
    (problem,) = cli.value.problems
    assert problem.fix in page_forms(page.text).text_of[errors[0]]
    clean = c.get(f"/cases/w/{_put(c, 'fine.yaml', BUNDLED[0].text())}/edit").text
    assert 'role="alert"' not in clean


def _unlabelled(html: str) -> list[str]:
    """The inputs a person could not be told the purpose of: no <label for> names them."""
    labelled = set(re.findall(r'<label for="([^"]+)"', html))
    controls = [m for m in re.findall(r"<(?:input|select|textarea)\b[^>]*>", html) if 'type="hidden"' not in m]
    ids = [re.search(r'\bid="([^"]+)"', m) for m in controls]
    return [m.group(1) if m else c for m, c in zip(ids, controls, strict=True) if not m or m.group(1) not in labelled]


def test_every_input_of_the_form_and_the_list_has_a_label(c: TestClient) -> None:
    made = c.post("/cases/b/cruise-ship-high-seas/duplicate", data=token(c))
    assert made.status_code == 200
    assert _unlabelled(made.text) == []
    assert _unlabelled(c.get("/new").text) == []
    assert _unlabelled(c.get("/").text) == []
    assert len(re.findall(r'<label for="', made.text)) > 50
