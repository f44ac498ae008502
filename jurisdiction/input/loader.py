"""Load a case file (YAML or JSON): parse with line numbers, validate, and report every problem at once."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from jurisdiction.errors import CaseError, Problem, dotted, nearest
from jurisdiction.input.model import Case
from jurisdiction.vocabulary import SCHEMA

MAX_BYTES = 5_000_000  # a real case is a few kilobytes
MAX_NODES = 50_000  # values after alias expansion ("billion laughs"); a case of 10,000 acts still fits


class _BoundedLoader(yaml.SafeLoader):
    """Counts nodes while composing, so a huge list is refused before PyYAML has built all of it."""

    nodes = 0

    def compose_node(self, parent: yaml.Node | None, index: object) -> yaml.Node | None:
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise _TooBig
        return super().compose_node(parent, index)  # type: ignore[no-any-return]


# libyaml parses a case in a millisecond where the pure-Python reader takes twenty; above this size the Python
# reader is used, because it can stop counting nodes as it composes (libyaml builds the whole tree first).
C_READER_MAX_CHARS = 200_000


class _Tree:
    """Plain Python values built from the YAML node tree, with the line of every field path."""

    def __init__(self, loader: yaml.SafeLoader) -> None:
        self.loader = loader
        self.lines: dict[tuple[Any, ...], int] = {}
        self.nodes = 0
        self.problems: list[Problem] = []

    def build(self, node: yaml.Node, path: tuple[Any, ...] = ()) -> Any:
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise _TooBig
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


class _TooBig(Exception):
    pass


def parse(text: str, file: str) -> tuple[Any, _Tree]:
    """YAML (JSON is YAML too) to plain values, with the line of each path."""
    if yaml.__with_libyaml__ and len(text) <= C_READER_MAX_CHARS:
        try:
            return _parse(text, file, yaml.CSafeLoader)
        except CaseError:
            pass  # the Python reader says what is wrong in the words the tests and the docs use
    return _parse(text, file, _BoundedLoader)


def _parse(text: str, file: str, reader: type[Any]) -> tuple[Any, _Tree]:
    try:
        loader = reader(text)  # the reader rejects control characters (NUL...) here already
    except yaml.YAMLError as exc:
        raise CaseError(
            file,
            [Problem("", f"not valid YAML or JSON: {exc}", "remove the control character (e.g. NUL) from the file")],
        ) from None
    tree = _Tree(loader)
    try:
        node = loader.get_single_node()
        if node is None:
            raise CaseError(
                file,
                [Problem("", "the file is empty", f"start from a bundled case: `jurex schema`, or schema: {SCHEMA}")],
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
        raise CaseError(file, [Problem("", f"not valid YAML or JSON: {exc}", "check the file's syntax")]) from None
    except _TooBig:
        raise CaseError(
            file,
            [
                Problem(
                    "",
                    f"the file expands to more than {MAX_NODES} values (aliases or huge lists)",
                    "write the case out without anchors and aliases, or split it",
                )
            ],
        ) from None
    except RecursionError:
        raise CaseError(file, [Problem("", "the file is nested too deeply", "flatten the structure")]) from None
    finally:
        loader.dispose()
    if tree.problems:
        raise CaseError(file, tree.problems)
    return data, tree


# Fixes for pydantic's error types, in the user's words.
_FIXES = {
    "missing": "add this field",
    "date_from_datetime_parsing": "write the date as YYYY-MM-DD, e.g. 2019-06-01",
    "date_parsing": "write the date as YYYY-MM-DD, e.g. 2019-06-01",
    "date_type": "write the date as YYYY-MM-DD, e.g. 2019-06-01",
    "date_from_datetime_inexact": "write the date as YYYY-MM-DD, without a time",
    "literal_error": "use one of the values listed",
    "string_type": "write this as text (quote it if YAML reads it as a number, date or yes/no)",
    "list_type": "write this as a list, e.g. [GBR]",
    "dict_type": "write this as a mapping of names to fields",
    "int_parsing": "write a whole number",
    "int_type": "write a whole number",
    "bool_type": "write true or false",
    "bool_parsing": "write true or false",
    "too_short": "add at least one entry",
    "too_long": "shorten the list",
    "string_too_long": "shorten it to at most {max_length} characters",
    "string_too_short": "write at least one character",
    "greater_than_equal": "use a number of at least {ge}",
    "less_than_equal": "use a number of at most {le}",
    "union_tag_invalid": "see `jurex schema` for the shapes this field accepts",
}
GENERAL_FIX = "see `jurex schema` for what this field accepts"


def _problems_from(exc: ValidationError, tree: _Tree, known_fields: dict[tuple[str, ...], list[str]]) -> list[Problem]:
    problems = []
    for err in exc.errors(include_url=False):
        loc = _user_loc(err["loc"])
        path = dotted(loc)
        ctx = err.get("ctx") or {}
        kind = err["type"]
        message = err["msg"]
        fix = str(ctx.get("fix", "")) or _FIXES.get(kind, GENERAL_FIX).format_map(_Missing(ctx))
        if kind == "extra_forbidden":
            field = str(loc[-1])
            choices = _fields_at(loc[:-1], known_fields)
            message = f"unknown field {field!r}"
            fix = (
                nearest(field, choices, "remove it; known fields here: " + ", ".join(choices))
                if choices
                else "remove it"
            )
            if fix.startswith("did you mean"):
                fix += " (known fields here: " + ", ".join(choices) + ")"
        elif kind == "literal_error":
            message = f"{message}, not {err.get('input')!r}"
        elif kind == "missing" and loc == ("schema",):
            message = "the file does not say which schema it follows"
            fix = f"add `schema: {SCHEMA}` as the first line"
        elif kind == "literal_error" and loc == ("schema",):
            fix = f"this version of jurex reads `schema: {SCHEMA}`"
        problems.append(Problem(path, message, fix, tree.line(loc)))
    return problems


class _Missing(dict):  # type: ignore[type-arg]
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


_PLACE_TAGS = {"state", "vessel", "high_seas"}


def _user_loc(loc: tuple[Any, ...]) -> tuple[Any, ...]:
    """The path as the user wrote it: drop the member pydantic chose in a tagged union (after `in`)."""
    out: list[Any] = []
    skip_tag = False
    for part in loc:
        if skip_tag and part in _PLACE_TAGS:
            skip_tag = False
            continue
        skip_tag = part == "in"
        if isinstance(part, str) and part.startswith("function-"):
            continue
        out.append(part)
    return tuple(out)


def _fields_at(loc: tuple[Any, ...], known: dict[tuple[str, ...], list[str]]) -> list[str]:
    shape = tuple("*" if isinstance(p, int) else p for p in loc)
    for pattern, fields in known.items():
        if len(pattern) == len(shape) and all(a == "*" or a == b for a, b in zip(pattern, shape, strict=True)):
            return fields
    return []


def _known_fields() -> dict[tuple[str, ...], list[str]]:
    from jurisdiction.input import model

    def names(m: type) -> list[str]:
        return [f.alias or n for n, f in m.model_fields.items()]  # type: ignore[attr-defined]

    return {
        (): names(model.Case),
        ("people", "*"): names(model.Person),
        ("vessels", "*"): names(model.Vessel),
        ("offences", "*"): names(model.Offence),
        ("offences", "*", "offenders", "*"): names(model.OffenderRef),
        ("offences", "*", "acts", "*"): names(model.Act),
        ("offences", "*", "acts", "*", "in"): names(model.OnBoard),
        ("requests", "*"): names(model.Request),
        ("prior_judgments", "*"): names(model.PriorJudgment),
        ("assume", "*"): names(model.Profile),
    }


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


def _json_fast(text: str) -> dict[str, Any] | None:
    """A JSON case (a line of a batch) read by the json module, in C: 30 times faster than the YAML reader.
    None whenever anything is unusual, so that the YAML path reports it with its line."""
    if not text.lstrip().startswith("{") or "\\ud" in text.lower():
        return None
    try:
        data = json.loads(text, object_pairs_hook=_duplicates_refused)
    except (ValueError, RecursionError):
        return None
    return data if isinstance(data, dict) and not _too_many(data) else None


def load_text(text: str, file: str = "<case>", edit: Callable[[dict[str, Any]], None] | None = None) -> Case:
    """Parse and validate case text; `edit` may change the parsed fields first (what-if: `--set`)."""
    from jurisdiction.input.references import check_references

    if len(text) > MAX_BYTES:
        raise CaseError(
            file,
            [Problem("", f"the case is {len(text):,} characters; a case is at most {MAX_BYTES:,}", "split it")],
        )
    fast = _json_fast(text) if edit is None else None
    if fast is not None:
        try:
            case = Case.model_validate(fast)
        except ValidationError:
            pass  # the YAML path below reports the problems, with their lines
        else:
            if not check_references(case):
                return case
    data, tree = parse(text, file)
    if edit is not None and isinstance(data, dict):
        edit(data)
    if not isinstance(data, dict):
        raise CaseError(
            file,
            [
                Problem(
                    "",
                    "a case file is a mapping of fields (schema, id, people, offences, ...)",
                    f"start with `schema: {SCHEMA}`",
                )
            ],
        )
    if data.get("schema") not in (None, SCHEMA) and isinstance(data.get("schema"), str):
        raise CaseError(
            file,
            [
                Problem(
                    "schema",
                    f"unknown schema {data['schema']!r}",
                    f"this version of jurex reads `schema: {SCHEMA}`",
                    tree.line(("schema",)),
                )
            ],
        )
    try:
        case = Case.model_validate(data)
    except ValidationError as exc:
        found = _problems_from(exc, tree, _known_fields())
        raise CaseError(file, sorted(found, key=lambda p: p.line or 0)) from None
    problems = check_references(case)
    if problems:
        found = [Problem(p.path, p.message, p.fix, tree.line(p.loc)) for p in problems]
        raise CaseError(file, sorted(found, key=lambda p: p.line or 0))
    return case


def read_text(path: str | Path) -> str:
    """A case file's text: at most MAX_BYTES, UTF-8 (a BOM is allowed). Raises CaseError naming the file."""
    path = Path(path)
    file = str(path)
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise CaseError(
                file,
                [
                    Problem(
                        "",
                        f"the file is {size:,} bytes; a case file is at most {MAX_BYTES:,}",
                        "check that this is a case file; split a batch into one case per file",
                    )
                ],
            )
        raw = path.read_bytes()
    except FileNotFoundError:
        raise CaseError(file, [Problem("", "no such file", "check the path")]) from None
    except IsADirectoryError:
        raise CaseError(
            file, [Problem("", "this is a folder, not a case file", "name a .yaml or .json file")]
        ) from None
    except PermissionError:
        raise CaseError(
            file, [Problem("", "cannot read the file (permission denied)", "check its permissions")]
        ) from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise CaseError(
            file, [Problem("", f"the file is not UTF-8 text (byte {exc.start})", "save it as UTF-8", line)]
        ) from None


def load(path: str | Path, edit: Callable[[dict[str, Any]], None] | None = None) -> Case:
    """Read and validate a case file. Raises CaseError naming the file, each field, line and fix."""
    return load_text(read_text(path), str(path), edit)
