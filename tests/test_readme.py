"""The README's example outputs are what jurex prints: each `$ jurex ...` block is run and compared
(tools/readme_outputs.py; `python tools/readme_outputs.py --write` rewrites them after a deliberate change)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

TOOL = Path(__file__).resolve().parent.parent / "tools" / "readme_outputs.py"


@pytest.fixture(scope="module")
def tool() -> ModuleType:
    spec = importlib.util.spec_from_file_location("readme_outputs", TOOL)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def test_every_quoted_output_is_what_jurex_prints(tool: ModuleType, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("COLUMNS", raising=False)
    text = tool.README.read_text(encoding="utf-8")
    commands = [b.command for b in tool.blocks(text)]
    assert {"jurex analyse livestream-gbr-phl", "jurex explain livestream-gbr-phl --state GBR"} <= set(commands)
    assert any(c.startswith("jurex extradite ") for c in commands)
    wrong = [b.command for b, _ in tool.check(text)]
    assert not wrong, f"README.md quotes outputs jurex no longer prints: {wrong}; see tools/readme_outputs.py"


def test_a_stale_quote_is_found_and_rewritten(tool: ModuleType, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("COLUMNS", raising=False)
    text = tool.README.read_text(encoding="utf-8")
    stale = text.replace("│ GBR   │ territory ", "│ FRA   │ territory ", 1)  # a row the answer does not have
    assert stale != text
    assert [b.command for b, _ in tool.check(stale)] == ["jurex analyse livestream-gbr-phl"]
    assert tool.rewrite(stale) == text
    cut = text.replace("│ PHL   │ presence_no_extradition │", "", 1)  # a quoted beginning that skips a line
    assert [b.command for b, _ in tool.check(cut)] == ["jurex analyse livestream-gbr-phl"]
