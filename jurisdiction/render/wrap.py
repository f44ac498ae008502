"""Plain text wrapped to a width, so that a terminal's soft wrap never breaks a line at its left margin (a tree's
guides, a numbered list's indent)."""

from __future__ import annotations

import textwrap


def wrapped(text: str, width: int | None, indent: str = "") -> list[str]:
    """`text` as lines of at most `width` columns, later lines after `indent`; unwrapped without a width. A word
    longer than the width stays whole (a provision id or a file path is not cut)."""
    if width is None or len(text) <= width:
        return [text]
    return textwrap.wrap(
        text, width=max(width, 20), subsequent_indent=indent, break_long_words=False, break_on_hyphens=False
    ) or [text]
