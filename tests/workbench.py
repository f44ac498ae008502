"""The workbench in a real browser: `jurex serve`'s app on a free port of 127.0.0.1, Debian's chromium driven by
Selenium through chromium-driver, axe-core (vendored from its npm package, tests/vendor/) for accessibility, and
a screenshot of each page kept in tests/artefacts/ for a person to look at."""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

ARTEFACTS = Path(__file__).parent / "artefacts"
AXE = Path(__file__).parent / "vendor" / "axe.min.js"
WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def _missing(what: str) -> None:
    """A skip where the browser is not installed; a failure where CI requires it (JUREX_REQUIRE_BROWSER=1)."""
    if os.environ.get("JUREX_REQUIRE_BROWSER"):
        pytest.fail(what)
    pytest.skip(what)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """The app on 127.0.0.1, as `jurex serve` runs it (uvicorn), on a fresh workspace: (base URL, workspace)."""
    import uvicorn

    from jurisdiction.web.app import create_app

    workspace = tmp_path_factory.mktemp("workspace")
    port = _free_port()
    config = uvicorn.Config(create_app(workspace), host="127.0.0.1", port=port, access_log=False, log_level="warning")
    running = uvicorn.Server(config)
    thread = threading.Thread(target=running.run, daemon=True)
    thread.start()
    for _ in range(200):  # until it listens (not a timing assumption: it waits as long as start-up takes, to 20 s)
        if running.started:
            break
        time.sleep(0.1)
    else:
        pytest.fail("the server did not start")
    yield f"http://127.0.0.1:{port}", workspace
    running.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Headless chromium under Selenium, downloads going to a folder of its own."""
    binary = shutil.which("chromium") or shutil.which("chromium-browser")
    driver_path = shutil.which("chromedriver")
    if binary is None or driver_path is None:
        _missing("headless Chromium or its driver is not installed (Debian: apt-get install chromium chromium-driver)")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    downloads = ARTEFACTS / "downloads"
    downloads.mkdir(parents=True, exist_ok=True)
    options = webdriver.ChromeOptions()
    options.binary_location = binary  # type: ignore[assignment]
    flags = ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1280,1600",
             "--disable-background-networking", "--disable-component-update", "--no-first-run")  # fmt: skip
    for flag in flags:
        options.add_argument(flag)
    options.add_experimental_option(
        "prefs", {"download.default_directory": str(downloads), "download.prompt_for_download": False}
    )
    driver = webdriver.Chrome(service=Service(driver_path), options=options)
    driver.set_page_load_timeout(120)
    try:
        yield driver
    finally:
        driver.quit()


def shoot(driver: Any, name: str) -> Path:
    """A screenshot of the whole page, kept as a test artefact, and of its first screen (web-NAME-top.png: what
    the README shows, docs/screenshots/)."""
    ARTEFACTS.mkdir(exist_ok=True)
    path = ARTEFACTS / f"web-{name}.png"
    driver.set_window_size(1280, 900)
    driver.save_screenshot(str(ARTEFACTS / f"web-{name}-top.png"))  # the first screen, or where a test scrolled
    height = driver.execute_script("return document.documentElement.scrollHeight")
    driver.set_window_size(1280, max(800, min(int(height) + 100, 6000)))
    driver.save_screenshot(str(path))
    return path


def axe_violations(driver: Any) -> list[dict[str, Any]]:
    """axe-core's WCAG 2.1 A and AA violations on the page as it is now (each: rule id, help, the nodes)."""
    driver.execute_script(AXE.read_text(encoding="utf-8"))
    result = driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "axe.run(document, {runOnly: {type: 'tag', values: arguments[0]}}).then(r => done(r.violations))"
        ".catch(e => done([{id: 'axe-error', help: String(e), nodes: []}]));",
        WCAG_AA,
    )
    return [
        {"id": v["id"], "help": v["help"], "nodes": [n.get("target") for n in v.get("nodes", [])][:5]} for v in result
    ]
