"""What-if (`jurex analyse --set`): the changes that the settings make to an answer, one line each."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from jurisdiction.apps.whatif import Change
    from jurisdiction.findings.types import Analysis


def changes_text(settings: Sequence[str], changes: Sequence[Change]) -> str:
    """+ a conclusion the settings add, - one they remove, ~ one they change (with what it is now)."""
    lines = [f"What if {', '.join(settings)}:"]
    if not changes:
        lines.append("  nothing changes in the answer.")
    for c in changes:
        if c.kind == "added":
            lines.append(f"  + {c.section}: {c.after}")
        elif c.kind == "removed":
            lines.append(f"  - {c.section}: {c.before}")
        else:
            lines.append(f"  ~ {c.section}: {c.before}\n      now: {c.after}")
    return "\n".join(lines) + "\n"


def changes_json(settings: Sequence[str], changes: Sequence[Change], after: Analysis) -> dict[str, Any]:
    return {"settings": list(settings), "changes": [c.to_dict() for c in changes], "after": after.to_dict()}
