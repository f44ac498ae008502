"""The workspace: a folder of ordinary case files (the CLI's schema), the browser's only store.

A case saved in the browser is a file the CLI can analyse and a person can read, copy or put under version
control; nothing else is kept. Pages and the API name a workspace case by a key (a hash of its file name), never
by the name itself: a file name is often the case's id, and what identifies a case stays out of URLs, browser
history and logs. Every path is resolved inside the folder: a name with a separator, `..`, or a link that leads
out is refused.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from jurisdiction.apps.output import write_atomically
from jurisdiction.errors import CaseError, Problem
from jurisdiction.input.reader import decoded, read_text

NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,120}\.(yaml|yml|json)$")
DRAFTS = ".drafts"  # a form not yet valid, kept until it is (one file per case key)


def default_folder() -> Path:
    return Path.home() / "jurex-cases"


def key_of(name: str) -> str:
    return hashlib.sha256(name.encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True)
class Entry:
    key: str
    name: str
    path: Path


class Workspace:
    def __init__(self, root: Path) -> None:
        root.mkdir(parents=True, exist_ok=True)
        self.root = root.resolve()

    def entries(self) -> list[Entry]:
        """The case files of the folder, by name (no subfolders: a workspace is flat)."""
        out = []
        for path in sorted(self.root.iterdir()):
            if NAME.match(path.name) and path.is_file() and self._inside(path):
                out.append(Entry(key_of(path.name), path.name, path))
        return out

    def find(self, key: str) -> Entry | None:
        return next((e for e in self.entries() if e.key == key), None)

    def path_for(self, name: str) -> Path:
        """The path of a new or existing file called `name`; CaseError if the name could lead anywhere else."""
        from jurisdiction import words

        if not NAME.match(name):
            raise CaseError(name, [Problem("", words.WEB_BAD_NAME, words.WEB_BAD_NAME_FIX)], where=words.WEB_WHERE)
        path = self.root / name
        if not self._inside(path):
            raise CaseError(name, [Problem("", words.WEB_OUTSIDE, words.WEB_BAD_NAME_FIX)], where=words.WEB_WHERE)
        return path

    def _inside(self, path: Path) -> bool:
        """The file, links followed, is in the folder itself."""
        return path.resolve().parent == self.root

    def read(self, entry: Entry) -> str:
        return read_text(entry.path)

    def write(self, name: str, text: str) -> Entry:
        """Save a case file whole or not at all (an interrupted save never leaves half a file)."""
        path = self.path_for(name)
        write_atomically(path, text)
        return Entry(key_of(name), name, path)

    def write_bytes(self, name: str, raw: bytes) -> Entry:
        return self.write(name, decoded(raw, name))

    def delete(self, entry: Entry) -> None:
        entry.path.unlink(missing_ok=True)
        self.draft_path(entry.key).unlink(missing_ok=True)

    def unused_name(self, stem: str) -> str:
        """`stem.yaml`, or `stem-2.yaml`, ... the first name no file has."""
        stem = re.sub(r"[^A-Za-z0-9._-]+", "-", stem).strip("-.") or "case"
        name, n = f"{stem}.yaml", 1
        while (self.root / name).exists():
            n += 1
            name = f"{stem}-{n}.yaml"
        return name

    # Drafts: what a form held when it was not yet a valid case.

    def draft_path(self, key: str) -> Path:
        if not re.fullmatch(r"[a-z0-9-]{1,40}", key):  # a key names a draft; it is never a path
            raise ValueError(f"not a draft key: {key!r}")
        return self.root / DRAFTS / f"{key}.yaml"

    def save_draft(self, key: str, text: str) -> None:
        folder = self.root / DRAFTS
        folder.mkdir(exist_ok=True)
        write_atomically(self.draft_path(key), text)

    def draft(self, key: str) -> str | None:
        path = self.draft_path(key)
        return path.read_text(encoding="utf-8") if path.is_file() else None

    def drop_draft(self, key: str) -> None:
        self.draft_path(key).unlink(missing_ok=True)
