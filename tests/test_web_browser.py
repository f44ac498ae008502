"""The workbench used as a person uses it, in headless chromium: each page looked at (a screenshot kept in
tests/artefacts/), checked by axe-core at WCAG 2.1 AA, and worked by keyboard."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from workbench import axe_violations, browser, server, shoot

__all__ = ["browser", "server"]  # fixtures

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def test_the_cases_page_opens_and_has_no_accessibility_violation(server: tuple[str, Any], browser: Any) -> None:
    base, _ = server
    browser.get(base + "/")
    assert browser.title.startswith("Cases")
    assert "livestream" in browser.page_source.lower() or "Philippines" in browser.page_source
    shoot(browser, "cases")
    assert axe_violations(browser) == []


def test_the_skip_link_is_the_first_stop_of_the_keyboard(server: tuple[str, Any], browser: Any) -> None:
    from selenium.webdriver.common.keys import Keys

    base, _ = server
    browser.get(base + "/")
    browser.find_element("tag name", "body").send_keys(Keys.TAB)
    focused = browser.switch_to.active_element
    assert focused.get_attribute("class") == "skip" and focused.is_displayed()
    focused.send_keys(Keys.ENTER)
    assert browser.switch_to.active_element.get_attribute("id") == "main"


def test_the_api_docs_show_every_route_from_the_vendored_swagger_ui(server: tuple[str, Any], browser: Any) -> None:
    from selenium.webdriver.support.ui import WebDriverWait

    base, _ = server
    browser.get(base + "/api/docs")
    WebDriverWait(browser, 60).until(lambda d: d.find_elements("css selector", ".opblock"))
    paths = {e.text for e in browser.find_elements("css selector", ".opblock-summary-path")}
    assert {"/api/v1/analyse", "/api/v1/schema"} <= paths, paths
    shoot(browser, "api-docs")
    # Swagger UI's own markup nests a copy button in each operation's summary control (upstream); that is the
    # one rule it may break here. Its colours below AA contrast are darkened by static/swagger/contrast.css.
    assert {v["id"] for v in axe_violations(browser)} <= {"nested-interactive"}


# --- The answer of a bundled case: read it, open a reason, ask why not, change a fact, compare, print

CASE = "/cases/b/livestream-gbr-phl"


def _wait(browser: Any, css: str, seconds: float = 90) -> Any:
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(browser, seconds).until(lambda d: d.find_elements("css selector", css))[0]


def test_an_answer_opens_into_its_reasons_by_keyboard(server: tuple[str, Any], browser: Any) -> None:
    from selenium.webdriver.common.keys import Keys

    base, _ = server
    browser.get(base + CASE)
    assert "Bottom line" in browser.find_element("id", "bottom-line").text
    conclusion = browser.find_element("css selector", "details.conclusion")
    summary = conclusion.find_element("tag name", "summary")
    assert conclusion.get_attribute("open") is None
    summary.send_keys(Keys.ENTER)  # a <summary> is a button: Enter opens it
    assert conclusion.get_attribute("open") is not None
    reasons = conclusion.text
    assert "OPSC art. 4(1)" in reasons and "was committed in whole or in part in GBR" in reasons, reasons
    shoot(browser, "answer-opened")
    assert axe_violations(browser) == []


def test_why_not_answers_for_a_state_outside_the_case(server: tuple[str, Any], browser: Any) -> None:
    from selenium.webdriver.support.ui import Select

    base, _ = server
    browser.get(base + CASE)
    Select(browser.find_element("id", "state")).select_by_value("USA")
    browser.find_element("css selector", "#why-not button[type=submit], form[action$='/explain'] button").click()
    shown = _wait(browser, "#why-not-answer > *")  # htmx puts the explanation under the form
    text = browser.find_element("id", "why-not-answer").text
    assert shown is not None and "territory: no basis" in text and "USA" in text, text
    shoot(browser, "answer-why-not")


def test_a_what_if_shows_the_new_answer_beside_the_old_without_saving(server: tuple[str, Any], browser: Any) -> None:
    base, _ = server
    browser.get(base + CASE + "/whatif")
    browser.find_element("id", "path_0").send_keys("people.viewer.present_in")
    browser.find_element("id", "value_0").send_keys("THA")
    browser.find_element("css selector", "form.whatif button[type=submit]").click()
    changes = _wait(browser, "#changes")
    assert changes.text
    page = browser.find_element("tag name", "main").text
    assert "THA" in page and ("added" in page or "removed" in page or "changed" in page)
    assert browser.find_elements("css selector", "ins, del")  # marked in the markup, not by colour alone
    shoot(browser, "whatif")
    assert axe_violations(browser) == []


def test_two_regimes_side_by_side(server: tuple[str, Any], browser: Any) -> None:
    base, _ = server
    browser.get(base + CASE + "/compare")
    boxes = {b.get_attribute("value"): b for b in browser.find_elements("css selector", "input[name=regime]")}
    for name, box in boxes.items():
        if (name in {"opsc", "lanzarote"}) != box.is_selected():
            box.click()
    browser.find_element("css selector", "form.regimes button[type=submit]").click()
    table = _wait(browser, "#table")
    assert table is not None
    text = browser.find_element("tag name", "main").text
    assert "opsc" in text and "lanzarote" in text and "CETS 201" in text
    shoot(browser, "compare")
    assert axe_violations(browser) == []


def test_the_pdf_memo_downloads_from_the_answer(server: tuple[str, Any], browser: Any) -> None:
    import time

    from workbench import ARTEFACTS

    base, _ = server
    target = ARTEFACTS / "downloads" / "livestream-gbr-phl-memo.pdf"
    target.unlink(missing_ok=True)
    browser.get(base + CASE)
    browser.find_element("css selector", "a[href$='/memo.pdf']").click()
    for _ in range(600):  # until the download is whole (chromium writes .crdownload first), to 60 s
        if target.exists() and target.stat().st_size > 0:
            break
        time.sleep(0.1)
    assert target.read_bytes().startswith(b"%PDF")


# --- A case built in the form from scratch: an error shown beside its field, fixed, saved, answered


def _type(browser: Any, element_id: str, text: str) -> None:
    field = browser.find_element("id", element_id)
    field.clear()
    field.send_keys(text)


def test_a_case_built_in_the_form_shows_its_error_beside_the_field_then_its_answer(
    server: tuple[str, Any], browser: Any
) -> None:
    from selenium.webdriver.support.ui import Select

    base, workspace = server
    browser.get(base + "/new")
    _type(browser, "f-id", "form-made")
    _type(browser, "f-title", "A viewer in Sweden orders abuse streamed from the Philippines")
    browser.execute_script("arguments[0].value = '2021-03-01'", browser.find_element("id", "f-date"))
    _type(browser, "f-people-0-_key", "viewer")
    _type(browser, "f-people-0-nationality-0", "Sweden (SWE)")
    _type(browser, "f-people-0-habitual_residence", "SWE")
    _type(browser, "f-people-0-present_in", "Sweedn")  # a typo the loader names, with its fix
    _type(browser, "f-offences-0-id", "live-abuse")
    _type(browser, "f-offences-0-category", "csam_production")
    _type(browser, "f-offences-0-offenders-0-person", "viewer")
    _type(browser, "f-offences-0-acts-0-what", "ordered and watched the abuse")
    _type(browser, "f-offences-0-acts-0-by", "viewer")
    Select(browser.find_element("id", "f-offences-0-acts-0-in-_shape")).select_by_value("state")
    _type(browser, "f-offences-0-acts-0-in-state", "Philippines (PHL)")
    browser.find_element("css selector", "button[value=save]").click()

    field = _wait(browser, "#f-people-0-present_in[aria-invalid=true]")
    described = field.get_attribute("aria-describedby").split()  # its hint and its error
    error = next(e for e in (browser.find_element("id", i) for i in described) if e.get_attribute("role") == "alert")
    assert error.get_attribute("role") == "alert" and "Sweedn" in error.text and "SWE" in error.text, error.text
    assert not list(workspace.glob("*.yaml"))  # nothing saved while the case is not valid
    shoot(browser, "form-error")
    assert axe_violations(browser) == []

    _type(browser, "f-people-0-present_in", "Sweden")
    browser.find_element("css selector", "button[value=save]").click()
    _wait(browser, "#bottom-line")
    assert "/cases/w/" in browser.current_url and "form-made" not in browser.current_url  # no case data in URLs
    assert "SWE" in browser.find_element("tag name", "main").text
    saved = workspace / "form-made.yaml"
    from jurisdiction.input.loader import load

    assert load(saved).people["viewer"].present_in == "SWE"  # a file the CLI reads
    shoot(browser, "form-answer")


# --- For trainers: an exercise built, a class's answers uploaded, the class report read


def test_a_trainer_builds_an_exercise_and_grades_a_class(server: tuple[str, Any], browser: Any) -> None:
    from pathlib import Path

    from selenium.webdriver.support.ui import Select

    base, _ = server
    browser.get(base + "/trainers")
    Select(browser.find_element("id", "topic")).select_by_value("extradition")
    _type(browser, "seed", "7")
    Select(browser.find_element("id", "level")).select_by_value("2")
    browser.find_element("css selector", "form[action='/trainers/new'] button[type=submit]").click()
    upload = _wait(browser, "#answers")
    answers = sorted((Path(__file__).parent / "data" / "readme" / "answers").glob("*.yaml"))
    upload.send_keys("\n".join(str(p) for p in answers))
    browser.find_element("css selector", "form[action$='/answers'] button[type=submit]").click()
    _wait(browser, "table")
    page = browser.find_element("tag name", "main").text
    assert all(p.stem in page for p in answers) and "q1" in page
    browser.execute_script("document.querySelector('table').closest('section, div').scrollIntoView()")
    shoot(browser, "trainers-report")
    assert axe_violations(browser) == []


def test_a_state_page_gives_its_law_with_sources(server: tuple[str, Any], browser: Any) -> None:
    base, _ = server
    browser.get(base + "/states/DEU")
    page = browser.find_element("tag name", "main").text
    assert "Germany" in page and "Grundgesetz" in page
    shoot(browser, "state-deu")
    assert axe_violations(browser) == []
    browser.get(base + "/states")
    assert "DEU" in browser.find_element("tag name", "main").text
    assert axe_violations(browser) == []


# --- Every other page: no accessibility violation, and every control reachable by the keyboard alone


def test_every_other_page_passes_axe(server: tuple[str, Any], browser: Any) -> None:
    base, workspace = server
    (workspace / "kept.yaml").write_text(
        (Path(__file__).parents[1] / "scenarios" / "livestream-gbr-phl.yaml").read_text(encoding="utf-8"),
        encoding="utf-8",
    )
    from jurisdiction.web.workspace import key_of

    key = key_of("kept.yaml")
    pages = [
        "/new",
        f"/cases/w/{key}",
        f"/cases/w/{key}/edit",
        f"/cases/w/{key}/delete",
        "/trainers",
        "/states?regime=lanzarote",
        "/cases/w/no-such-key",  # the error page
    ]
    found = {}
    for page in pages:
        browser.get(base + page)
        found[page] = axe_violations(browser)
    assert found == {page: [] for page in pages}


def test_the_answer_page_is_worked_by_the_keyboard_alone(server: tuple[str, Any], browser: Any) -> None:
    from selenium.webdriver.common.keys import Keys

    base, _ = server
    browser.get(base + CASE)
    controls = browser.execute_script(
        "return [...document.querySelectorAll('a[href], button, summary, select, input, textarea')]"
        ".filter(e => e.offsetParent !== null && !e.closest('details:not([open]) > :not(summary)'))"
    )
    reached = set()
    body = browser.find_element("tag name", "body")
    body.send_keys(Keys.TAB)
    for _ in range(len(controls) + 20):
        focused = browser.switch_to.active_element
        reached.add(focused.id)
        focused.send_keys(Keys.TAB)
    missed = [c.get_attribute("outerHTML")[:80] for c in controls if c.id not in reached]
    assert not missed, missed
