"""Load a case file (YAML or JSON): read within bounds (input.reader), validate, and report every problem at once,
each with its field, line and fix."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from jurisdiction.errors import CaseError, Problem, dotted, nearest
from jurisdiction.input.model import Case
from jurisdiction.input.reader import MAX_BYTES, Tree, json_fast, parse, read_text
from jurisdiction.vocabulary import SCHEMA, SCHEMAS_READ

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


def _problems_from(exc: ValidationError, tree: Tree, known_fields: dict[tuple[str, ...], list[str]]) -> list[Problem]:
    problems = []
    for err in exc.errors(include_url=False):
        loc = _user_loc(err["loc"])
        if err["type"] == "v2_field":
            loc = ("schema",)  # the line to change is the schema's; the message names the fields
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


def load_text(text: str, file: str = "<case>", edit: Callable[[dict[str, Any]], None] | None = None) -> Case:
    """Parse and validate case text; `edit` may change the parsed fields first (what-if: `--set`)."""
    from jurisdiction.input.references import check_references

    if len(text) > MAX_BYTES:
        raise CaseError(
            file,
            [Problem("", f"the case is {len(text):,} characters; a case is at most {MAX_BYTES:,}", "split it")],
        )
    fast = json_fast(text) if edit is None else None
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
    if data.get("schema") not in (None, *SCHEMAS_READ) and isinstance(data.get("schema"), str):
        raise CaseError(
            file,
            [
                Problem(
                    "schema",
                    f"unknown schema {data['schema']!r}",
                    f"this version of jurex reads `schema: {SCHEMA}` (and the older {', '.join(SCHEMAS_READ[:-1])})",
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


def load(path: str | Path, edit: Callable[[dict[str, Any]], None] | None = None) -> Case:
    """Read and validate a case file. Raises CaseError naming the file, each field, line and fix."""
    return load_text(read_text(path), str(path), edit)
