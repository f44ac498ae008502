"""The HTML memo in a real browser: headless Chromium renders it and shows the jurisdiction table.

The screenshot is kept as a test artefact in tests/artefacts/ for a person to look at.
"""

from __future__ import annotations

import re
from pathlib import Path

from browser import dump_dom, screenshot

from jurisdiction.apps.analysis import analyse
from jurisdiction.input.loader import load
from jurisdiction.render.memo import render_report
from jurisdiction.resources import scenarios_dir

ARTEFACTS = Path(__file__).parent / "artefacts"


def test_the_html_memo_opens_in_chromium_and_shows_the_jurisdiction_table(tmp_path: Path) -> None:
    analysis = analyse(load(scenarios_dir() / "livestream-gbr-phl.yaml"))
    page = tmp_path / "memo.html"
    page.write_text(render_report(analysis, "html"), encoding="utf-8")

    dom = dump_dom(page)
    table = re.search(r'<table id="jurisdiction">(.*?)</table>', dom, flags=re.S)
    assert table, "the browser's DOM has no jurisdiction table"
    rows = re.findall(r"<tr>(.*?)</tr>", table.group(1), flags=re.S)
    assert len(rows) == len(analysis.jurisdiction) + 1
    assert "OPSC art. 4(1)" in rows[1] and "GBR" in rows[1]

    ARTEFACTS.mkdir(exist_ok=True)
    png = ARTEFACTS / "memo-livestream-gbr-phl.png"
    png.unlink(missing_ok=True)
    screenshot(page, png)
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert png.stat().st_size > 20_000, "a blank page would be much smaller"
