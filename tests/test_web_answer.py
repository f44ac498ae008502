"""The answer, why not, what if, compare and memo pages of `jurex serve`, as a browser gets them (TestClient).

Each page is checked against the library it presents: the sentences on the page are the ones the CLI's
renderers write for the same case (render.bottom_line, render.whatif, apps.explain, apps.compare)."""

from __future__ import annotations

import html
import io
import re
from pathlib import Path

import pytest
from browser import chromium
from fastapi.testclient import TestClient
from webclient import client

from jurisdiction import words
from jurisdiction.apps.analysis import analyse
from jurisdiction.apps.compare import compare
from jurisdiction.apps.explain import explain
from jurisdiction.engine.provisions import provisions
from jurisdiction.engine.regimes import parse
from jurisdiction.errors import CaseError
from jurisdiction.input.loader import load, load_text
from jurisdiction.render.bottom_line import bottom_line
from jurisdiction.render.document import Strong
from jurisdiction.resources import scenarios_dir
from jurisdiction.web.workspace import Workspace, key_of

LIVESTREAM = scenarios_dir() / "livestream-gbr-phl.yaml"
URL = "/cases/b/livestream-gbr-phl"


@pytest.fixture(scope="module")
def c(tmp_path_factory: pytest.TempPathFactory) -> TestClient:
    return client(tmp_path_factory.mktemp("ws"))


def text_of(page: str) -> str:
    """The page as a reader sees it: tags gone, entities read, spaces collapsed."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


def conclusion_block(page: str, sentence: str) -> str:
    """The <details> of the conclusion whose summary says `sentence` (escaped as the page writes it)."""
    for block in page.split('<details class="conclusion">')[1:]:
        summary = block.split("</summary>", 1)[0]
        if sentence in text_of(summary):
            return block.split('<details class="conclusion">', 1)[0]
    raise AssertionError(f"no conclusion says {sentence!r}")


def in_workspace(c: TestClient, name: str, text: str) -> str:
    """A case file put in the client's workspace; its URL."""
    workspace: Workspace = c.app.state.jurex.workspace  # type: ignore[attr-defined]
    workspace.write(name, text)
    return f"/cases/w/{key_of(name)}"


def test_the_answer_opens_with_the_bottom_line_and_cites_each_conclusions_provision(c: TestClient) -> None:
    r = c.get(URL)
    assert r.status_code == 200
    page, seen = r.text, text_of(r.text)
    analysis = analyse(load(LIVESTREAM))
    # the bottom line comes first, with every lead the memo's bottom line has
    assert seen.index(words.BOTTOM_LINE) < seen.index(words.WEB_SECTIONS["jurisdiction"])
    leads = [p.text for item in bottom_line(analysis) for p in item if isinstance(p, Strong)]
    assert leads and all(lead in seen for lead in leads)
    # a conclusion: GBR's territorial basis, its modality in words and its provision with jurex's paraphrase
    sentence = "GBR must establish jurisdiction over live-abuse as to facilitator (territory)"
    block = conclusion_block(page, sentence)
    assert '<span class="modality">must</span>' in block
    paraphrase = provisions()["OPSC art. 4(1)"].paraphrase
    # on hover (title) in the summary; and on click, from the opened explanation, to the entry in the page's list
    hover = re.search(r'<abbr class="cite" title="([^"]*)">OPSC art. 4\(1\)</abbr>', block)
    assert hover and paraphrase in html.unescape(hover.group(1))
    link = re.search(r'<a class="cite" href="#([a-z0-9-]+)" title="([^"]*)">OPSC art. 4\(1\)</a>', block)
    assert link and paraphrase in html.unescape(link.group(2))
    entry = re.search(rf'<dt id="{link.group(1)}">OPSC art. 4\(1\)</dt><dd>(.*?)</dd>', page)
    assert entry and paraphrase in html.unescape(entry.group(1))
    # every section is there, each conclusion of the analysis once as a row
    for heading in words.WEB_SECTIONS.values():
        assert heading in seen
    assert page.count('<details class="conclusion">') == (
        len(analysis.jurisdiction) + len(analysis.extradition) + len(analysis.obligations)
    )
    # the picture inline, and the links
    assert "<svg" in page and "</svg>" in page
    for link in ("/whatif", "/compare", "/memo.md", "/memo.pdf", "/memo.docx", "/download", "/duplicate"):
        assert f'"{URL}{link}"' in page
    assert f'"{URL}/edit"' not in page  # a bundled case is not edited in place


def test_a_conclusion_opens_into_its_explanation_tree(c: TestClient) -> None:
    block = conclusion_block(c.get(URL).text, "GBR must establish jurisdiction over live-abuse as to facilitator")
    seen = text_of(block)
    # as the README's `jurex explain livestream-gbr-phl --state GBR` shows it
    assert 'act 3 of live-abuse: "stream received", in GBR (result)' in seen
    assert "facilitator is an alleged perpetrator of live-abuse" in seen
    # and every reason of the library's tree for that conclusion, nested as it is nested
    node = explain(load(LIVESTREAM), "GBR").conclusions[0]
    assert node.text in seen
    for child in node.children:
        assert child.text in seen
        for grandchild in child.children:
            assert grandchild.text in seen
    assert block.count("<details open>") == sum(1 for ch in node.children if ch.children)


def test_why_not_for_a_state_outside_the_case(c: TestClient) -> None:
    r = c.get(f"{URL}/explain", params={"state": "USA"})
    assert r.status_code == 200
    seen = text_of(r.text)
    assert words.NO_CONCLUSION.format(state="USA") in seen
    e = explain(load(LIVESTREAM), "USA")
    assert e.missing
    for node in e.missing:
        assert node.text in seen
    assert "no act or result of live-abuse took place in USA" in seen
    # the form offers every state by name; htmx gets the explanation alone
    answer = c.get(URL).text
    assert '<option value="USA">United States (USA)</option>' in answer
    assert '<label for="state">' in answer
    part = c.get(f"{URL}/explain", params={"state": "USA"}, headers={"HX-Request": "true"})
    assert "<html" not in part.text and words.NO_CONCLUSION.format(state="USA") in part.text


def test_why_not_refuses_what_is_no_state(c: TestClient) -> None:
    r = c.get(f"{URL}/explain", params={"state": "Atlantis"})
    assert r.status_code == 400
    assert "Atlantis" in text_of(r.text)


def test_what_if_marks_what_changes_and_keeps_the_case_file(c: TestClient) -> None:
    """The README's what-if: the viewer in Thailand takes away the UK's art. 4(3) basis and duties."""
    text = LIVESTREAM.read_text(encoding="utf-8")
    url = in_workspace(c, "livestream.yaml", text)
    assert c.get(f"{url}/whatif").status_code == 200
    r = c.post(f"{url}/whatif", data={"path_0": "people.viewer.present_in", "value_0": "THA"})
    assert r.status_code == 200
    page = r.text
    assert words.WHATIF_HEADING.format(settings="people.viewer.present_in=THA") in text_of(page)
    deleted = [text_of(d) for d in re.findall(r"<del>(.*?)</del>", page, re.S)]
    inserted = [text_of(i) for i in re.findall(r"<ins>(.*?)</ins>", page, re.S)]
    gone = "GBR must establish jurisdiction over live-abuse as to viewer (offender present, not extradited)"
    assert any(d.startswith(gone) and d.endswith("OPSC art. 4(3)") for d in deleted)
    assert any(i.startswith("impunity may threaten: viewer in live-abuse") for i in inserted)
    assert any(i.startswith("GBR may ask THA to extradite viewer") for i in inserted)
    # each change said in words too, not only marked up
    assert f'<strong class="kind">{words.WEB_CHANGE["removed"]}</strong>' in page
    assert f'<strong class="kind">{words.WEB_CHANGE["added"]}</strong>' in page
    # the new answer beside the old
    assert "GBR: territory; offender present, not extradited (if)" in text_of(page.split('id="after"')[0])
    assert "viewer from THA to GBR or PHL" in text_of(page.split('id="after"')[1])
    workspace: Workspace = c.app.state.jurex.workspace  # type: ignore[attr-defined]
    assert (workspace.root / "livestream.yaml").read_text(encoding="utf-8") == text


def test_what_if_is_posted_by_the_browsers_own_page(c: TestClient) -> None:
    """A form post of the page itself (Referrer-Policy: no-referrer makes its Origin "null") is answered; the
    same post from another site is refused."""
    data = {"path_0": "people.viewer.present_in", "value_0": "THA"}
    own = {"origin": "null", "sec-fetch-site": "same-origin"}
    assert c.post(f"{URL}/whatif", data=data, headers=own).status_code == 200
    other = {"origin": "https://elsewhere.example", "sec-fetch-site": "cross-site"}
    assert c.post(f"{URL}/whatif", data=data, headers=other).status_code == 403
    assert c.post(f"{URL}/whatif", data=data, headers={"origin": "null"}).status_code == 403


def test_what_if_adds_what_the_case_lacks(c: TestClient) -> None:
    """--add, ticked: a second nationality for the viewer (the README's example) gives SWE a basis over them."""
    data = {"path_0": "people.viewer.nationality.1", "value_0": "SWE", "add_0": "on"}
    r = c.post(f"{URL}/whatif", data=data)
    assert r.status_code == 200
    assert words.WHATIF_HEADING.format(settings="--add people.viewer.nationality.1=SWE") in text_of(r.text)
    inserted = [text_of(i) for i in re.findall(r"<ins>(.*?)</ins>", r.text, re.S)]
    assert any(i.startswith("SWE may establish jurisdiction over live-abuse as to viewer") for i in inserted)
    unticked = c.post(f"{URL}/whatif", data={k: v for k, v in data.items() if k != "add_0"})
    assert unticked.status_code == 400 and "--add" in text_of(unticked.text)


def test_what_if_says_a_typo_beside_its_field(c: TestClient) -> None:
    r = c.post(
        f"{URL}/whatif",
        data={"path_0": "people.viewer.present_in", "value_0": "THA", "path_1": "people.viewr.present_in",
              "value_1": "SWE"},
    )  # fmt: skip
    assert r.status_code == 400
    page = r.text
    assert 'aria-describedby="error_1"' in page and 'aria-describedby="error_0"' not in page
    error = re.search(r'<p class="field-error" role="alert" id="error_1">(.*?)</p>', page, re.S)
    assert error and "the case has no people.viewr" in html.unescape(error.group(1))
    assert "did you mean 'viewer'?" in html.unescape(error.group(1))
    assert 'value="people.viewr.present_in"' in page  # what was typed is kept


def test_compare_two_regimes_side_by_side(c: TestClient) -> None:
    r = c.get(f"{URL}/compare", params=[("regime", "opsc"), ("regime", "lanzarote"), ("go", "1")])
    assert r.status_code == 200
    page, seen = r.text, text_of(r.text)
    assert '<th scope="col">opsc</th>' in page and '<th scope="col">lanzarote</th>' in page
    result = compare(load(LIVESTREAM), [parse("opsc"), parse("lanzarote")])
    assert len(page.split("<tbody>")[1].split("</tbody>")[0].split("<tr>")) - 1 == len(result.rows)
    assert words.WEB_COMPARE_AGAINST.format(label="lanzarote", first="opsc") in seen
    assert result.adds["lanzarote"] or result.lacks["lanzarote"]
    for line in result.adds["lanzarote"]:
        assert f"{words.WEB_COMPARE_ADDS}: {line}" in seen
    for line in result.lacks["lanzarote"]:
        assert f"{words.WEB_COMPARE_LACKS}: {line}" in seen
    # the regimes are checkboxes, the two asked for ticked
    assert re.search(r'value="lanzarote" checked', page) and not re.search(r'value="budapest" checked', page)
    none = c.get(f"{URL}/compare", params={"go": "1"})
    assert none.status_code == 400 and words.WEB_COMPARE_NONE in text_of(none.text)


@pytest.mark.parametrize("fmt", ["md", "html", "docx"])
def test_memo_downloads(c: TestClient, fmt: str) -> None:
    r = c.get(f"{URL}/memo.{fmt}")
    assert r.status_code == 200
    assert r.headers["content-disposition"] == f'attachment; filename="livestream-gbr-phl-memo.{fmt}"'
    title = words.MEMO_TITLE.format(title=load(LIVESTREAM).title)
    if fmt == "md":
        assert r.headers["content-type"] == "text/markdown; charset=utf-8"
        assert r.text.startswith(f"# {title}") and f"## {words.BOTTOM_LINE}" in r.text
    elif fmt == "html":
        assert r.headers["content-type"].startswith("text/html")
        assert f"<h2>{words.BOTTOM_LINE}</h2>" in r.text
    else:
        import docx

        assert r.headers["content-type"] == (
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        )
        document = docx.Document(io.BytesIO(r.content))
        said = [p.text for p in document.paragraphs]
        assert title in said and words.BOTTOM_LINE in said


def test_memo_pdf(c: TestClient) -> None:
    chromium()
    r = c.get(f"{URL}/memo.pdf")
    assert r.status_code == 200 and r.headers["content-type"] == "application/pdf"
    assert r.content.startswith(b"%PDF")
    assert r.headers["content-disposition"] == 'attachment; filename="livestream-gbr-phl-memo.pdf"'


def test_memo_pdf_without_chromium_says_what_to_install(c: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    import jurisdiction.render.printed as printed

    monkeypatch.setattr(printed.shutil, "which", lambda name: None)
    r = c.get(f"{URL}/memo.pdf")
    assert r.status_code == 503
    assert "apt-get install chromium" in text_of(r.text)
    assert c.get(f"{URL}/memo.txt").status_code == 404


def test_without_graphviz_the_page_says_so_in_place_of_the_picture(
    c: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    import jurisdiction.render.graph as graph

    def missing(analysis: object, fmt: str) -> bytes:
        raise graph.GraphvizMissing("Graphviz's `dot` program is not installed.")

    monkeypatch.setattr(graph, "render", missing)
    r = c.get(URL)
    assert r.status_code == 200 and "<svg" not in r.text
    assert words.WEB_NO_PICTURE.format(reason="Graphviz's `dot` program is not installed.") in text_of(r.text)


def test_a_case_title_of_script_shows_as_text(c: TestClient) -> None:
    text = LIVESTREAM.read_text(encoding="utf-8").replace(
        "title: Abuse in the Philippines", "title: <script>alert(1)</script> Abuse in the Philippines", 1
    )
    url = in_workspace(c, "hostile-title.yaml", text)
    pages = [
        c.get(url),
        c.get(f"{url}/explain", params={"state": "GBR"}),
        c.get(f"{url}/compare"),
        c.post(f"{url}/whatif", data={"path_0": "people.viewer.present_in", "value_0": "THA"}),
    ]
    for r in pages:
        assert r.status_code == 200
        assert "<script>alert(1)" not in r.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in pages[0].text  # the title, and the picture's label
    assert f'"{url}/edit"' in pages[0].text  # a workspace case is edited in place


def test_a_case_with_problems_shows_them_and_where_to_fix_them(c: TestClient) -> None:
    text = LIVESTREAM.read_text(encoding="utf-8").replace("present_in: GBR}", "present_in: GBX}", 1)
    url = in_workspace(c, "broken.yaml", text)
    r = c.get(url)
    assert r.status_code == 400
    seen = text_of(r.text)
    with pytest.raises(CaseError) as raised:
        load_text(text, "broken.yaml")
    problems = raised.value.problems
    assert problems and all(p.message in seen for p in problems)
    assert 'role="alert"' in r.text and f'href="{url}/edit"' in r.text


def test_the_page_carries_no_inline_script(c: TestClient) -> None:
    """The pages' CSP allows scripts from the site only: no inline <script> body, no on* attributes."""
    for url in (URL, f"{URL}/whatif", f"{URL}/compare", f"{URL}/explain?state=USA"):
        page = c.get(url).text
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", page)
        assert not re.search(r"\son[a-z]+\s*=", page.split("<svg")[0])


def test_the_browsers_print_opens_every_explanation(tmp_path: Path) -> None:
    """Printed by Chromium from a running server, the answer page shows the reasons inside closed <details>."""
    import shutil
    import socket
    import subprocess
    import threading
    import time

    import uvicorn

    from jurisdiction.web.app import create_app

    browser = chromium()
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(create_app(tmp_path / "ws"), port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        for _ in range(100):
            if server.started:
                break
            time.sleep(0.1)
        pdf = tmp_path / "answer.pdf"
        subprocess.run(
            [browser, "--headless", "--no-sandbox", "--disable-gpu", f"--user-data-dir={tmp_path / 'profile'}",
             "--no-pdf-header-footer", f"--print-to-pdf={pdf}", f"http://127.0.0.1:{port}{URL}"],
            capture_output=True, timeout=120, check=True,
        )  # fmt: skip
    finally:
        server.should_exit = True
        thread.join(10)
    printed = " ".join(subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout.split())
    assert words.BOTTOM_LINE in printed
    assert "facilitator is an alleged perpetrator of live-abuse" in printed  # a reason, inside a closed <details>
    assert words.WEB_WHY_NOT not in printed  # the forms are not printed
