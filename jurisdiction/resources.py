"""Where the rules, bundled scenarios and data live, installed or in a source checkout."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

_PACKAGE = Path(__file__).resolve().parent


def _find(name: str) -> Path:
    # Installed: the wheel maps logic/ and scenarios/ into the package. Source checkout: they are siblings.
    for candidate in (_PACKAGE / name, _PACKAGE.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"jurex cannot find its {name}/ folder next to {_PACKAGE}; reinstall jurex")


@cache
def logic_dir() -> Path:
    return _find("logic")


@cache
def scenarios_dir() -> Path:
    return _find("scenarios")


def data_dir() -> Path:
    return _PACKAGE / "data"


STORE_ENV = "JUREX_PROGRAM_CACHE"  # a folder for the store of derived files; "off" for none


def store_dir() -> Path | None:
    """Where jurex keeps what it derives from its own files, to be read back by the next process instead of made
    again: the rewritten many-case programs (engine/multicase.py) and the parsed YAML files (read_yaml)."""
    where = os.environ.get(STORE_ENV, "")
    if where == "off":
        return None
    if where:
        return Path(where)
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "jurex" / "programs"


@cache
def child_age() -> tuple[int, str]:
    """The age under which a person is a child, and the provision that says so (logic/child.yaml)."""
    table = read_yaml((logic_dir() / "child.yaml").read_bytes())
    return int(table["under"]), str(table["provision"])  # type: ignore[index]


def read_yaml(text: str | bytes) -> object:
    """One of jurex's own YAML files (data, provisions, bundled cases), as parsed: read back from the store (see
    `store_dir`) where an earlier process parsed the same text, else parsed with libyaml's safe loader where the
    platform has it (several times faster than PyYAML's own) and stored. An analysis reads 35 of these files;
    building their Python objects is most of a YAML load, and JSON gives the same objects about twenty times faster
    (2 ms against 36 ms on this project's machine)."""

    def parse() -> object:
        import yaml

        return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))

    key = (b"s" + text.encode("utf-8", "surrogatepass")) if isinstance(text, str) else b"b" + text
    return stored("yaml", [key], parse)


def stored(kind: str, key: list[bytes], make: Callable[[], Any]) -> Any:
    """`make()`, or what it gave an earlier process for the same key, read back from the store. For values
    derived from jurex's own files only: `key` holds everything the value depends on (the files' contents)."""
    folder = store_dir()
    if folder is None:
        return make()
    digest = hashlib.sha256(f"{kind}/{STORE_FORMAT}".encode())
    for part in key:
        digest.update(len(part).to_bytes(8, "big") + part)
    entry = folder / f"{kind}-{digest.hexdigest()}.json"
    found = _read_entry(entry)
    if found is not None:
        return found[0]
    value = make()
    _write_entry(entry, value)
    return value


# The store of derived values (parsed YAML files, the offence catalogue). An entry's name is a digest of its kind
# and key (the exact text it comes from, and STORE_FORMAT), so a changed file is a new entry, never a stale value;
# its first line is a digest of the rest, and an entry that does not match it (torn, edited) is made again. A
# value is stored only if JSON gives it back equal (dates are tagged); one that it would not (a number as a
# mapping's key, a set, a time of day) is made again each time.
STORE_FORMAT = 1
_DATE = "\x00date"  # the tag of a date: a key no YAML file of jurex's holds (a NUL character)


def _to_json(value: object) -> object:
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return {_DATE: value.isoformat()}
    raise TypeError(f"not stored: {type(value).__name__}")


def _from_json(mapping: dict[str, object]) -> object:
    if len(mapping) == 1 and _DATE in mapping:
        return dt.date.fromisoformat(str(mapping[_DATE]))
    return mapping


def _read_entry(path: Path) -> tuple[object] | None:
    """The stored value (in a tuple: it may be None), or None if the entry is absent or does not match its digest."""
    try:
        digest, _, body = path.read_bytes().partition(b"\n")
        if digest.decode("ascii") != hashlib.sha256(body).hexdigest():
            return None
        return (json.loads(body, object_hook=_from_json),)
    except (OSError, ValueError):
        return None


def _write_entry(path: Path, value: object) -> None:
    try:
        body = json.dumps(value, default=_to_json, ensure_ascii=False).encode("utf-8")
    except (TypeError, ValueError):
        return
    if json.loads(body, object_hook=_from_json) != value:
        return  # e.g. a number as a key would come back as text
    import tempfile  # here: only a process that makes a value again writes one

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("wb", dir=path.parent, suffix=".part", delete=False) as out:
            out.write(hashlib.sha256(body).hexdigest().encode("ascii") + b"\n" + body)
        os.replace(out.name, path)  # whole or not at all, even with several processes writing it at once
    except OSError:
        pass  # a read-only or full disk: made again next time, as without the store
