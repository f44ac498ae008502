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



def edited_yaml(original: str, before: Case, after: Case) -> str:
    """A case file's text (`original`, read as `before`) changed to say `after`, keeping what its author wrote
    around the values: comments, key order, quoting, block or flow style, folded text. Only what differs in the
    model is rewritten, so a value written another way that means the same (a date, a default left out) stays as
    it was (ruamel.yaml's round trip; PyYAML would drop every comment). What the round trip loses: spaces that
    align values in columns."""
    from io import StringIO

    from ruamel.yaml import YAML

    yaml = YAML()  # round-trip mode
    yaml.width = 4096  # an unchanged long line stays one line
    yaml.preserve_quotes = True
    offset = _sequence_offset(original)
    yaml.indent(mapping=2, sequence=2 + offset, offset=offset)
    tree = _changed(yaml.load(original), case_fields(before), case_fields(after))
    out = StringIO()
    yaml.dump(tree, out)
    return out.getvalue()


def _sequence_offset(text: str) -> int:
    """How far the file indents a list's dashes under its key (`key:` then `  - a`: 2); 0 if it does not."""
    from itertools import pairwise

    for key, item in pairwise(text.splitlines()):
        if key.rstrip().endswith(":") and item.lstrip().startswith("- "):
            return (len(item) - len(item.lstrip())) - (len(key) - len(key.lstrip()))
    return 0


def _changed(node: Any, old: Any, new: Any) -> Any:
    """`node` (the round-trip tree of what reads as `old`) made to read as `new`: unchanged parts left alone."""
    if old == new or (isinstance(old, str) and isinstance(new, str) and old.strip() == new.strip()):
        return node  # a folded text's last line break is no change
    if isinstance(node, dict) and isinstance(old, dict) and isinstance(new, dict):
        for key in [k for k in old if k not in new and k in node]:
            del node[key]
        for key, value in new.items():
            node[key] = _changed(node[key], old.get(key), value) if key in node else value
        return node
    if isinstance(node, list) and isinstance(old, list) and isinstance(new, list) and len(node) == len(old):
        del node[len(new):]
        for i, value in enumerate(new):
            if i < len(node):
                node[i] = _changed(node[i], old[i], value)
            else:
                node.append(value)
        return node
    return new
