"""Reading a case file within bounds: at most MAX_BYTES of UTF-8, at most MAX_NODES values after alias
expansion (counted while composing), duplicate keys refused, every field path with its line.

Every YAML that reaches jurex from outside goes through here, not only case files: an exercise's key and a
trainee's answers (apps/exercise.py), a `--set` value (apps/whatif.py). `Kind` gives each its own words."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from jurisdiction.errors import CaseError, Problem, dotted
from jurisdiction.vocabulary import SCHEMA

MAX_BYTES = 5_000_000  # a real case is a few kilobytes
MAX_NODES = 50_000  # values after alias expansion ("billion laughs"); a case of 10,000 acts still fits


@dataclass(frozen=True)
class Kind:
    """What is being read, in the words of its messages (the bounds are the same for every kind)."""

    name: str = "a case file"  # "this is a folder, not a case file"
    where: str = "in the case file"  # "2 problems in the case file"
    noun: str = "the file"  # "the file is empty"
    empty_fix: str = f"start from a bundled case: `jurex schema`, or schema: {SCHEMA}"
    aliases_fix: str = "write the case out without anchors and aliases, or split it"
    too_big_fix: str = "check that this is a case file; split a batch into one case per file"
    suffix_fix: str = "name a .yaml or .json file"


CASE_FILE = Kind()


class BoundedLoader(yaml.SafeLoader):
    """Counts nodes while composing, so a huge list is refused before PyYAML has built all of it."""

    nodes = 0

    def compose_node(self, parent: yaml.Node | None, index: object) -> yaml.Node | None:
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise TooBig
        return super().compose_node(parent, index)  # type: ignore[no-any-return]


# libyaml parses a case in a millisecond where the pure-Python reader takes twenty; above this size the Python
# reader is used, because it can stop counting nodes as it composes (libyaml builds the whole tree first).
C_READER_MAX_CHARS = 200_000


class Tree:
    """Plain Python values built from the YAML node tree, with the line of every field path."""

    def __init__(self, loader: yaml.SafeLoader) -> None:
        self.loader = loader
        self.lines: dict[tuple[Any, ...], int] = {}
        self.nodes = 0
        self.problems: list[Problem] = []

    def build(self, node: yaml.Node, path: tuple[Any, ...] = ()) -> Any:
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise TooBig
        self.lines.setdefault(path, node.start_mark.line + 1)
        if isinstance(node, yaml.MappingNode):
            out: dict[str, Any] = {}
            for key_node, value_node in node.value:
                if not isinstance(key_node, yaml.ScalarNode):
                    self.problems.append(
                        Problem(
                            dotted(path),
                            "a key must be a plain name",
                            "write the key as text",
                            key_node.start_mark.line + 1,
                        )
                    )
                    continue
                key = key_node.value  # the text as written: `NO:` stays "NO", not False
                if _SURROGATE.search(key):
                    key = self._without_surrogates(key, path, key_node)
                if key == "<<":
                    self.problems.append(
                        Problem(
                            dotted(path),
                            "merge keys (<<) are not supported",
                            "write the fields out",
                            key_node.start_mark.line + 1,
                        )
                    )
                    continue
                if key in out:
                    self.problems.append(
                        Problem(
                            dotted((*path, key)),
                            "this key appears twice",
                            "keep one of them",
                            key_node.start_mark.line + 1,
                        )
                    )
                    continue
                out[key] = self.build(value_node, (*path, key))
            return out
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, (*path, i)) for i, item in enumerate(node.value)]
        try:
            value = self.loader.construct_object(node, deep=True)
        except (ValueError, OverflowError, yaml.constructor.ConstructorError):
            return node.value  # e.g. 2019-13-01: the field's own check then says what is wrong
        if isinstance(value, str) and _SURROGATE.search(value):
            return self._without_surrogates(value, path, node)
        return value

    def _without_surrogates(self, value: str, path: tuple[Any, ...], node: yaml.Node) -> str:
        """JSON writes a character beyond U+FFFF as two \\u escapes; YAML reads them as two halves: join them."""
        try:
            return value.encode("utf-16", "surrogatepass").decode("utf-16")
        except UnicodeDecodeError:
            self.problems.append(
                Problem(
                    dotted(path),
                    "the text holds half of a character (an unpaired \\ud800-\\udfff escape)",
                    "write the character itself, or both halves of its escape",
                    node.start_mark.line + 1,
                )
            )
            return ""

    def line(self, path: tuple[Any, ...]) -> int | None:
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return self.lines.get(())


_SURROGATE = re.compile("[\ud800-\udfff]")


class TooBig(Exception):
    pass


def parse(text: str, file: str, kind: Kind = CASE_FILE) -> tuple[Any, Tree]:
    """YAML (JSON is YAML too) to plain values, with the line of each path. Keys are always text, as written."""
    with _said(kind):
        if yaml.__with_libyaml__ and len(text) <= C_READER_MAX_CHARS:
            try:
                return _parse(text, file, yaml.CSafeLoader, kind)
            except CaseError:
                pass  # the Python reader says what is wrong in the words the tests and the docs use
        return _parse(text, file, BoundedLoader, kind)


@contextmanager
def _said(kind: Kind) -> Iterator[None]:
    """A problem reading a file other than a case file says what the file is (CaseError's `where`)."""
    try:
        yield
    except CaseError as exc:
        if kind != CASE_FILE and not exc.where:
            exc.where = kind.where
        raise


def _parse(text: str, file: str, reader: type[Any], kind: Kind) -> tuple[Any, Tree]:
    try:
        loader = reader(text)  # the reader rejects control characters (NUL...) here already
    except yaml.YAMLError as exc:
        raise CaseError(
            file,
            [
                Problem(
                    "", f"not valid YAML or JSON: {exc}", f"remove the control character (e.g. NUL) from {kind.noun}"
                )
            ],
        ) from None
    tree = Tree(loader)
    try:
        node = loader.get_single_node()
        if node is None:
            raise CaseError(
                file,
                [Problem("", f"{kind.noun} is empty", kind.empty_fix)],
            )
        data = tree.build(node)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        raise CaseError(
            file,
            [
                Problem(
                    "",
                    f"not valid YAML or JSON: {exc.problem or exc}",
                    "check indentation, colons and quotes near that line",
                    line,
                )
            ],
        ) from None
    except yaml.YAMLError as exc:
        raise CaseError(file, [Problem("", f"not valid YAML or JSON: {exc}", "check its syntax")]) from None
    except TooBig:
        raise CaseError(
            file,
            [
                Problem(
                    "",
                    f"{kind.noun} expands to more than {MAX_NODES} values (aliases or huge lists)",
                    kind.aliases_fix,
                )
            ],
        ) from None
    except RecursionError:
        raise CaseError(file, [Problem("", f"{kind.noun} is nested too deeply", "flatten the structure")]) from None
    finally:
        loader.dispose()
    if tree.problems:
        raise CaseError(file, tree.problems)
    return data, tree


def _duplicates_refused(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out = dict(pairs)
    if len(out) != len(pairs):
        raise ValueError("duplicate key")  # the YAML path then names it, with its line
    return out


def _too_many(value: Any) -> bool:
    count, stack = 0, [value]
    while stack:
        count += 1
        if count > MAX_NODES:
            return True
        item = stack.pop()
        if isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return False


def json_fast(text: str) -> dict[str, Any] | None:
    """A JSON case (a line of a batch) read by the json module, in C: 30 times faster than the YAML reader.
    None whenever anything is unusual, so that the YAML path reports it with its line."""
    if not text.lstrip().startswith("{") or "\\ud" in text.lower():
        return None
    try:
        data = json.loads(text, object_pairs_hook=_duplicates_refused)
    except (ValueError, RecursionError):
        return None
    return data if isinstance(data, dict) and not _too_many(data) else None


def read_text(path: str | Path, kind: Kind = CASE_FILE) -> str:
    """A file's text: at most MAX_BYTES, UTF-8 (a BOM is allowed). Raises CaseError naming the file."""
    with _said(kind):
        return _read_text(Path(path), kind)


def _read_text(path: Path, kind: Kind) -> str:
    file = str(path)
    try:
        # Bounded by the bytes actually read, not by what stat() says: /dev/zero, a FIFO or a growing file
        # would say 0 and never end.
        with open(path, "rb") as fh:
            raw = fh.read(MAX_BYTES + 1)
    except FileNotFoundError:
        raise CaseError(file, [Problem("", "no such file", "check the path")]) from None
    except IsADirectoryError:
        raise CaseError(file, [Problem("", f"this is a folder, not {kind.name}", kind.suffix_fix)]) from None
    except PermissionError:
        raise CaseError(
            file, [Problem("", "cannot read the file (permission denied)", "check its permissions")]
        ) from None
    except OSError as exc:
        raise CaseError(file, [Problem("", f"cannot read the file: {exc.strerror or exc}", "check the path")]) from None
    return decoded(raw, file, kind)


def decoded(raw: bytes, file: str, kind: Kind = CASE_FILE) -> str:
    """The text of a file's bytes (read from disk, or uploaded): at most MAX_BYTES, UTF-8 (a BOM is allowed).
    Raises CaseError naming the file."""
    if len(raw) > MAX_BYTES:
        message = f"the file is more than {MAX_BYTES:,} bytes; {kind.name} is at most {MAX_BYTES:,}"
        raise CaseError(file, [Problem("", message, kind.too_big_fix)])
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise CaseError(
            file, [Problem("", f"the file is not UTF-8 text (byte {exc.start})", "save it as UTF-8", line)]
        ) from None
