"""A case written back as jurex reads it: the same model when loaded again (the round trip is tested)."""

from __future__ import annotations

from typing import Any

from jurisdiction.input.model import Case


def case_fields(case: Case) -> dict[str, Any]:
    """The case as plain values, field names as in the file, defaults left out."""
    return case.model_dump(mode="json", by_alias=True, exclude_defaults=True)


def to_yaml(case: Case) -> str:
    import yaml

    # Sort nothing: the file keeps the order of the model (schema, id, title, ...), the order a reader expects.
    return yaml.safe_dump(case_fields(case), sort_keys=False, allow_unicode=True, width=110)
