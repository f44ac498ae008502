"""The answer as JSON for tools: stable, so that the same answer always gives the same bytes."""

from __future__ import annotations

import json
from typing import Any


def to_json(payload: Any) -> str:
    return json.dumps(payload, indent=2, ensure_ascii=False) + "\n"
