"""What jurex derives from its own files is made once and read back from the store (resources.stored): its YAML
files as parsed (read_yaml) and the offence catalogue; the same values as made again, never a stale or tampered
entry, and nothing stored that JSON would not give back equal."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml

from jurisdiction import resources
from jurisdiction.resources import data_dir, logic_dir, read_yaml


@pytest.fixture
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "store"
    monkeypatch.setenv(resources.STORE_ENV, str(folder))
    return folder


def parsed(text: str | bytes) -> object:
    return yaml.load(text, Loader=yaml.SafeLoader)


OWN_FILES = sorted(
    [*(data_dir() / "profiles").glob("*.yaml"), data_dir() / "reservations.yaml", logic_dir() / "regimes.yaml"]
)


def test_every_own_file_reads_back_from_the_store_as_parsed(store: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    texts = [p.read_bytes() for p in OWN_FILES]
    first = [read_yaml(t) for t in texts]
    assert len(list(store.glob("yaml-*.json"))) == len(set(texts))
    monkeypatch.setattr(yaml, "load", lambda *a, **k: pytest.fail("parsed again"))
    again = [read_yaml(t) for t in texts]
    monkeypatch.undo()
    assert again == first == [parsed(t) for t in texts]
    uk = again[OWN_FILES.index(data_dir() / "profiles" / "GBR.yaml")]
    assert uk["extradites_nationals"]["from"] == dt.date(2004, 1, 1)  # a date comes back as a date, not as text


def test_a_changed_text_is_a_new_entry(store: Path) -> None:
    assert read_yaml("a: 1\n") == {"a": 1}
    assert read_yaml("a: 2\n") == {"a": 2}
    assert read_yaml(b"a: 1\n") == {"a": 1}  # bytes and text are stored apart
    assert len(list(store.glob("yaml-*.json"))) == 3


def test_an_entry_that_does_not_match_its_digest_is_parsed_again(store: Path) -> None:
    read_yaml("since: 2019-06-01\n")
    [entry] = store.glob("yaml-*.json")
    digest, _, body = entry.read_bytes().partition(b"\n")
    entry.write_bytes(digest + b"\n" + body.replace(b"2019", b"2020"))  # edited
    assert read_yaml("since: 2019-06-01\n") == {"since": dt.date(2019, 6, 1)}
    entry.write_bytes(digest + b"\n" + body[: len(body) // 2])  # torn
    assert read_yaml("since: 2019-06-01\n") == {"since": dt.date(2019, 6, 1)}


@pytest.mark.parametrize(
    "text",
    ["1: one\n", "!!set {a, b}\n", "at: 2019-06-01 10:00:00\n", "x: .nan\n", "true: yes\n", "!!binary aGk=\n"],
)
def test_a_value_json_would_change_is_not_stored(store: Path, text: str) -> None:
    value = read_yaml(text)
    assert not list(store.glob("yaml-*.json"))
    again = read_yaml(text)
    assert type(again) is type(value)
    assert repr(again) == repr(value) == repr(parsed(text))


def test_no_store_when_told(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(resources.STORE_ENV, "off")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert read_yaml("a: [1, 2]\n") == {"a": [1, 2]}
    assert not list(tmp_path.rglob("*"))


def test_a_store_that_cannot_be_written_is_done_without(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    monkeypatch.setenv(resources.STORE_ENV, str(blocked / "store"))
    assert read_yaml("a: 1\n") == {"a": 1}


def test_the_catalogue_is_solved_once_then_read_back(store: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from jurisdiction.engine import catalogue as module
    from jurisdiction.engine import solver

    module.catalogue.cache_clear()
    try:
        solved = module.catalogue()
        assert len(list(store.glob("catalogue-*.json"))) == 1
        module.catalogue.cache_clear()
        monkeypatch.setattr(solver, "solve", lambda *a, **k: pytest.fail("solved again"))
        assert module.catalogue() == solved and solved["csam_production"].requirement == "opsc_required"
    finally:
        module.catalogue.cache_clear()  # the next test reads it as it would without this one
