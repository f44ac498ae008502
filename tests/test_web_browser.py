"""The workbench used as a person uses it, in headless chromium: each page looked at (a screenshot kept in
tests/artefacts/), checked by axe-core at WCAG 2.1 AA, and worked by keyboard."""

from __future__ import annotations

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
