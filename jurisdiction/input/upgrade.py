"""A case file in an older schema, rewritten in the current one (`jurex validate --upgrade`).

Only the `schema:` line changes: what the user wrote, with its comments and layout, stays as it was. jurex/v2
changed no v1 field's meaning, so the upgraded file is the same case; `upgraded` checks that it is.
"""

from __future__ import annotations

from jurisdiction.errors import CaseError, Problem
from jurisdiction.input.loader import load_text
from jurisdiction.input.reader import parse
from jurisdiction.vocabulary import SCHEMA, SCHEMAS_READ


def upgraded(text: str, file: str) -> str | None:
    """`text` with its schema line in the current schema; None if it is already in it. Raises CaseError if the
    file is not a case jurex reads, before or after (a v1 file that already uses v2 fields is read after)."""
    data, tree = parse(text, file)
    old = data.get("schema") if isinstance(data, dict) else None
    if old == SCHEMA:
        load_text(text, file)  # still say so if the file is not valid
        return None
    line = tree.line(("schema",)) if old in SCHEMAS_READ else None
    if line is None:
        load_text(text, file)  # the loader's own message: no schema, or one jurex does not read
        raise CaseError(file, [Problem("schema", f"cannot find the schema line {old!r}", f"write `schema: {SCHEMA}`")])
    try:
        before = load_text(text, file)
    except CaseError:
        before = None  # e.g. v2 fields under a v1 schema line: the upgrade is what the file needs
    lines = text.splitlines(keepends=True)
    lines[line - 1] = lines[line - 1].replace(str(old), SCHEMA, 1)
    result = "".join(lines)
    after = load_text(result, file)
    if before is not None and after.model_copy(update={"schema_": before.schema_}) != before:
        raise AssertionError(f"{file}: the upgrade changed the case")  # a defect of jurex, never of the file
    return result
