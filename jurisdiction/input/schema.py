"""The JSON Schema of case files, generated from the pydantic models (one source of truth)."""

from __future__ import annotations

from typing import Any

from jurisdiction.engine.catalogue import catalogue
from jurisdiction.input.model import Case
from jurisdiction.vocabulary import SCHEMA


def json_schema() -> dict[str, Any]:
    schema = Case.model_json_schema(by_alias=True)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = f"https://jurex.invalid/schema/{SCHEMA}.json"
    schema["title"] = f"jurex case file ({SCHEMA})"
    # The catalogue lives in the rules; publish it here as the enum editors can check.
    offence = schema["$defs"]["Offence"]["properties"]["category"]
    offence["enum"] = list(catalogue())
    return schema
