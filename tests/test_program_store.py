"""The rewritten many-case program is stored on disk, keyed by what it depends on, and never served stale."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from jurisdiction.engine import multicase
from jurisdiction.engine.solver import program
from jurisdiction.resources import logic_dir

FILES = program()


CACHED = (multicase.multi_program, multicase.shown, multicase.parsed_program)


def fresh_process() -> None:
    """As a new worker starts: nothing made in this process yet."""
    for cached in CACHED:
        cached.cache_clear()


@pytest.fixture
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    folder = tmp_path / "store"
    monkeypatch.setenv(multicase.CACHE_ENV, str(folder))
    fresh_process()
    yield folder
    fresh_process()  # nothing made from a test's rule files outlives the test


def refuse(*args: object) -> None:
    raise AssertionError("the rules were parsed or rewritten again")


def test_a_stored_program_is_read_back_without_parsing_or_rewriting(
    store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    hidden = frozenset(n for n, _ in multicase.shown(FILES) if n.endswith("_because"))
    made = multicase.multi_program(FILES, hidden)
    assert sorted(p.name.split("-")[0] for p in store.iterdir()) == ["program", "shown"]
    fresh_process()
    monkeypatch.setattr(multicase, "_rewritten", refuse)
    monkeypatch.setattr(multicase, "parsed_program", refuse)
    assert ("jurisdiction", 7) in multicase.shown(FILES)
    read = multicase.multi_program(FILES, hidden)
    assert read == made and read.text == made.text and read.dependent and read.dependent == made.dependent


def test_a_changed_rule_file_is_a_new_program(store: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    rules = tmp_path / "logic"
    shutil.copytree(logic_dir(), rules)
    monkeypatch.setattr(multicase, "rule_files", lambda names: [rules / n for n in names])
    before = multicase.multi_program(FILES)
    with (rules / "conclusions.lp").open("a") as f:
        f.write("\njurex_store_probe.\n")
    fresh_process()
    after = multicase.multi_program(FILES)
    assert "jurex_store_probe" in after.text and "jurex_store_probe" not in before.text
    assert len(list(store.glob("program-*.json"))) == 2


@pytest.mark.parametrize("spoil", ["torn", "edited"])
def test_a_torn_or_edited_entry_is_made_again(store: Path, spoil: str) -> None:
    made = multicase.multi_program(FILES)
    [entry] = store.glob("program-*.json")
    if spoil == "torn":
        entry.write_text(entry.read_text()[:1000])
    else:
        stored = json.loads(entry.read_text())
        stored["body"]["text"] = stored["body"]["text"].replace("jurisdiction(", "jurisdictional(")
        entry.write_text(json.dumps(stored))
    fresh_process()
    assert multicase.multi_program(FILES) == made
    assert json.loads(entry.read_text())["body"]["text"] == made.text  # and stored whole again


def test_a_store_that_cannot_be_written_is_done_without(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocked = tmp_path / "a-file"
    blocked.write_text("")
    for where in (str(blocked / "store"), "off"):
        monkeypatch.setenv(multicase.CACHE_ENV, where)
        fresh_process()
        assert "jurisdiction(" in multicase.multi_program(FILES).text
    fresh_process()
