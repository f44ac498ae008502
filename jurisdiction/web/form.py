"""The case form, generated from the case file's pydantic models (input/model.py).

One walk over a model's fields and their types gives both the form (a tree of `Node`s the template draws) and,
back from what the browser sent, the case's fields (a dict for the CLI's loader). A field added to a model appears
in the form with no template edit: its type picks the input (text, date, number, a state by name, a choice of the
listed values, a group of fields, a repeatable section), and a type the walk does not know is written as a small
YAML or JSON value in a text box, which the loader then checks like any other.

What the browser sends is kept as a "raw" tree before it is a case: nested dicts of strings, lists as dicts keyed
"0", "1"... (form names are paths: `offences.0.acts.1.in.state`). The raw tree is also the draft: what was typed,
valid or not, so nothing is lost. Case values never go into a form name (a person's name is the value of
`people.0._key`, never part of a path); the loader's problems are mapped back from the case's paths
(people.viewer.nationality[0]) to the inputs they concern.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import types
from dataclasses import dataclass, field
from functools import cache
from typing import Annotated, Any, Literal, Union, get_args, get_origin

from pydantic import AfterValidator, BaseModel, Discriminator, Tag
from pydantic.fields import FieldInfo
from pydantic_core import PydanticUndefined

from jurisdiction import words
from jurisdiction.errors import Problem
from jurisdiction.input import model
from jurisdiction.input.countries import check_state_code, is_state_code, name_of, state_named

Raw = dict[str, Any]  # nested: str keys; leaves str, or list[str] for a choice of several values
Path = tuple[str | int, ...]  # a case path as the loader's Problem names it (people, "viewer", nationality, 0)
KEY = "_key"  # a mapping's entry: its name (a person's name, a state's code)
SHAPE = "_shape"  # a field of several shapes: which one
GIVEN = "_given"  # a list that may be unknown (None) or known and empty ([]): "yes" when known
TEXT_CHECK = model.Text.__metadata__[0]  # the check that marks free text (lines allowed): a text area
MULTILINE = {"narrative"}  # the one text a case writes at length (a taller box)
# Names a field refers to, offered as the person types (a <datalist>; the loader still checks each reference):
# (model, field) -> what is offered: the case's people, vessels or offences, or the offence catalogue.
SUGGEST = {
    ("OffenderRef", "person"): "people",
    ("Act", "by"): "people",
    ("Offence", "victims"): "people",
    ("Request", "person"): "people",
    ("PriorJudgment", "person"): "people",
    ("OnBoard", "vessel"): "vessels",
    ("Request", "offences"): "offences",
    ("PriorJudgment", "offence"): "offences",
    ("Offence", "category"): "categories",
}
_OMIT = object()  # an empty input: the field is left out, as a file that does not mention it


@dataclass
class Node:
    """One part of the form. kind: text, textarea, number, date, check, tri, select, state, yaml, choices (of
    several values), group (fields of a model), list (repeatable items, keyed for a mapping), union (shapes)."""

    kind: str
    name: str  # the form name: a path of field names and item numbers
    label: str
    hint: str = ""
    value: Any = ""
    required: bool = False
    options: list[tuple[str, str]] = field(default_factory=list)  # (value, label)
    children: list[Node] = field(default_factory=list)
    key: Node | None = None  # a mapping's item: the input for its name
    noun: str = ""  # a list's items: "person", "act"
    suggest: str = ""  # the datalist of names this field refers to (SUGGEST)
    optional_group: bool = False  # a group that may be left out whole (diplomatic_immunity)
    given: str | None = None  # a list that may be unknown: "yes" (known, as listed) or "" (not known)

    @property
    def id(self) -> str:
        return field_id(self.name)

    @property
    def filled(self) -> bool:
        """Anything typed in this part (an optional group opens when it holds something)."""
        if self.kind in {"group", "list", "union"}:
            return any(c.filled for c in self.children) or (self.key is not None and self.key.filled)
        if self.kind == "check":
            return self.value is True
        return bool(self.value)


def field_id(name: str) -> str:
    return "f-" + name.replace(".", "-") if name else "f-case"


# --- Types: what a field's annotation asks for


@dataclass(frozen=True)
class Shape:
    kind: str  # as Node.kind, or "model", "list", "dict", "tuple"
    optional: bool = False
    inner: Any = None  # the model class, the item type, the literal values...
    extra: Any = None  # dict: the key type; union: [(tag, type)] and the discriminator


def _unwrap(ann: Any) -> tuple[Any, list[Any]]:
    meta: list[Any] = []
    while get_origin(ann) is Annotated:
        meta += list(ann.__metadata__)
        ann = get_args(ann)[0]
    return ann, meta


def shape_of(ann: Any, meta: list[Any] | None = None) -> Shape:
    ann, more = _unwrap(ann)
    meta = [*(meta or []), *more]
    origin = get_origin(ann)
    if origin in (Union, types.UnionType):
        members = [a for a in get_args(ann) if a is not type(None)]
        optional = len(members) < len(get_args(ann))
        if len(members) == 1:
            inner = shape_of(members[0], meta)
            return Shape(inner.kind, True, inner.inner, inner.extra)
        discriminator = next((m for m in meta if isinstance(m, Discriminator)), None)
        tagged = [(next((m.tag for m in _unwrap(a)[1] if isinstance(m, Tag)), None), a) for a in members]
        if discriminator is not None and all(tag for tag, _ in tagged):
            return Shape("union", optional, tagged, discriminator)
        return Shape("yaml", optional)  # several shapes with no name for each: written as a value
    if origin is Literal:
        return Shape("select", False, list(get_args(ann)))
    if origin is list:
        (item,) = get_args(ann)
        item_ann, _ = _unwrap(item)
        if get_origin(item_ann) is Literal:
            return Shape("choices", False, list(get_args(item_ann)))
        return Shape("list", False, item)
    if origin is dict:
        key, value = get_args(ann)
        if isinstance(_unwrap(value)[0], type) and issubclass(_unwrap(value)[0], BaseModel):
            return Shape("dict", False, value, key)
        return Shape("yaml")
    if origin is tuple and ... not in get_args(ann):
        return Shape("tuple", False, list(get_args(ann)))
    if isinstance(ann, type) and issubclass(ann, BaseModel):
        return Shape("model", False, ann)
    if ann is bool:
        return Shape("check")
    if ann is int:
        return Shape("number")
    if ann is dt.date:
        return Shape("date")
    if ann is str:
        if any(isinstance(m, AfterValidator) and m.func is check_state_code for m in meta):
            return Shape("state")
        return Shape("textarea" if TEXT_CHECK in meta else "text")
    return Shape("yaml")


def _field_type(f: FieldInfo) -> tuple[Any, list[Any]]:
    return f.annotation, list(f.metadata)


def fields_of(cls: type[BaseModel]) -> list[tuple[str, str, FieldInfo]]:
    """(attribute, name in the file, field) in the model's order."""
    return [(attr, f.alias or attr, f) for attr, f in cls.model_fields.items()]


def label_of(name: str) -> str:
    return name.replace("_", " ")


def _is_model(ann: Any) -> bool:
    base, _ = _unwrap(ann)
    return isinstance(base, type) and issubclass(base, BaseModel)


def noun_of(ann: Any) -> str:
    """What one item of a list or mapping is called on its buttons: from its model's name (OffenderRef ->
    offender), else "entry"."""
    base, _ = _unwrap(ann)
    if isinstance(base, type) and issubclass(base, BaseModel):
        spaced = re.sub(r"(?<!^)(?=[A-Z])", " ", base.__name__).lower()
        return words.WEB_FORM_NOUNS.get(spaced, spaced)
    return words.WEB_FORM_ENTRY


def _hint(f: FieldInfo | None, ann: Any) -> str:
    if f is not None and f.description:
        return f.description
    base, _ = _unwrap(ann)
    if isinstance(base, type) and issubclass(base, BaseModel) and base.__doc__:
        return " ".join(base.__doc__.split("\n\n")[0].split())
    return ""


def _default(f: FieldInfo | None) -> Any:
    if f is None or f.default is PydanticUndefined:
        return None
    return f.default


# --- States by name


@cache
def state_options() -> list[tuple[str, str]]:
    """Every ISO 3166 state as the form offers it: ("Philippines (PHL)", code), by name."""
    import pycountry

    named = [(f"{name_of(c.alpha_3)} ({c.alpha_3})", c.alpha_3) for c in pycountry.countries]
    return sorted(named, key=lambda p: p[0].casefold())


def state_shown(code: str) -> str:
    return f"{name_of(code)} ({code})" if code and is_state_code(code) else code


def state_code(text: str) -> str:
    """The code the person chose: "Philippines (PHL)", "PHL", "phl" or "Philippines"; what is none of these is
    passed on as typed, for the loader to name (with its did-you-mean)."""
    text = text.strip()
    found = re.search(r"\(([A-Za-z]{3})\)\s*$", text)
    if found and is_state_code(found.group(1).upper()):
        return found.group(1).upper()
    if len(text) == 3 and is_state_code(text.upper()):
        return text.upper()
    return state_named(text) or text if text else ""


# --- The form from a raw tree


def form(raw: Raw, cls: type[BaseModel] = model.Case) -> Node:
    """The whole case form, filled from `raw` (`cls`: the model it is drawn from)."""
    return _model_node(cls, raw, "", "case")


def _model_node(cls: type[BaseModel], raw: Any, name: str, label: str, hint: str = "") -> Node:
    raw = raw if isinstance(raw, dict) else {}
    children = [
        _node(ann, meta, raw.get(key), _join(name, key), label_of(key), _hint(f, ann), f.is_required(), _default(f),
              SUGGEST.get((cls.__name__, key), ""))
        for _, key, f in fields_of(cls)
        for ann, meta in [_field_type(f)]
    ]  # fmt: skip
    return Node("group", name, label, hint, children=children)


def _join(name: str, part: str | int) -> str:
    return f"{name}.{part}" if name else str(part)


def _items(raw: Any) -> list[tuple[str, Any]]:
    """A raw list's items in their order (numbered keys; a removed item leaves a gap)."""
    if not isinstance(raw, dict):
        return []
    return sorted(((k, v) for k, v in raw.items() if k.isdigit()), key=lambda kv: int(kv[0]))


def _node(
    ann: Any,
    meta: list[Any],
    raw: Any,
    name: str,
    label: str,
    hint: str,
    required: bool,
    default: Any,
    suggest: str = "",
) -> Node:
    s = shape_of(ann, meta)
    if s.kind == "model":
        node = _model_node(s.inner, raw, name, label, hint)
        node.required, node.optional_group = required, s.optional
        return node
    if s.kind in {"list", "dict"}:
        item_ann = s.inner
        items = []
        noun = noun_of(item_ann) if _is_model(item_ann) else label
        for n, (i, item_raw) in enumerate(_items(raw), 1):
            item = _node(item_ann, [], item_raw, _join(name, i), f"{noun} {n}", "", True, None, suggest)
            if s.kind == "dict":
                key_raw = item_raw.get(KEY, "") if isinstance(item_raw, dict) else ""
                key_label = words.WEB_FORM_KEY_STATE if shape_of(s.extra).kind == "state" else words.WEB_FORM_KEY
                item.key = _node(s.extra, [], key_raw, _join(item.name, KEY), key_label, "", True, None)
            items.append(item)
        node = Node("list", name, label, hint, required=required, children=items, noun=noun)
        if s.optional:  # "none" and "not known" differ (a state's law criminalises none of them / we don't know)
            node.given = "yes" if (isinstance(raw, dict) and raw.get(GIVEN) == "yes") or items else ""
            node.options = [("", words.WEB_FORM_UNKNOWN), ("yes", words.WEB_FORM_LISTED)]
        return node
    if s.kind == "tuple":
        raw = raw if isinstance(raw, dict) else {}
        parts = [
            _node(a, [], raw.get(str(i)), _join(name, i), f"{label} {i + 1}", "", True, None)
            for i, a in enumerate(s.inner)
        ]
        return Node("group", name, label, hint, required=required, children=parts)
    if s.kind == "union":
        raw = raw if isinstance(raw, dict) else {}
        tags = [tag for tag, _ in s.inner]
        chosen = raw.get(SHAPE) or tags[0]
        members = []
        for tag, member in s.inner:
            inner = _node(member, [], raw.get(tag), _join(name, tag), label_of(tag), _hint(None, member), True, None)
            members.append(inner)
        options = [(t, label_of(t)) for t in tags]
        return Node("union", name, label, hint, chosen, required, options, members)
    if s.kind == "choices":
        chosen = [raw] if isinstance(raw, str) else list(raw or [])
        values = [str(v) for v in s.inner]
        # The chosen first, in the order they were given (the file's order is kept), then the others.
        order = [v for v in chosen if v in values] + [v for v in values if v not in chosen]
        return Node("choices", name, label, hint, chosen, required, [(v, label_of(v)) for v in order])
    if s.kind == "check" and s.optional:
        s = Shape("tri")
    if s.kind == "check":
        values = raw if isinstance(raw, list) else [raw] if isinstance(raw, str) else None
        checked = bool(default) if values is None else "true" in values
        return Node("check", name, label, hint, checked, required)
    if s.kind == "tri":
        options = [("", words.WEB_FORM_UNKNOWN), ("true", words.WEB_FORM_YES), ("false", words.WEB_FORM_NO)]
        return Node("tri", name, label, hint, raw if isinstance(raw, str) else "", required, options)
    if s.kind == "select":
        values = [str(v) for v in s.inner]
        value = raw if isinstance(raw, str) else ("" if default is None else str(default))
        options = [(v, label_of(v)) for v in values]
        if default is None:  # no value unless one is chosen: the loader says what is missing
            options.insert(0, ("", words.WEB_FORM_CHOOSE))
        return Node("select", name, label, hint, value, required, options)
    value = raw if isinstance(raw, str) else ""
    if s.kind == "yaml":
        hint = f"{hint}; {words.WEB_FORM_VALUE_HINT}" if hint else words.WEB_FORM_VALUE_HINT
    return Node(s.kind, name, label, hint, value, required, suggest=suggest if s.kind == "text" else "")


def suggestions(raw: Raw) -> dict[str, list[str]]:
    """What the SUGGEST datalists offer: the names the case declares so far, and the offence catalogue."""
    from jurisdiction.engine.catalogue import categories

    def named(section: str, field_name: str | None) -> list[str]:
        items = _items(raw.get(section))
        got = [(item.get(field_name) if field_name else item.get(KEY)) for _, item in items if isinstance(item, dict)]
        return sorted({g.strip() for g in got if isinstance(g, str) and g.strip()})

    return {
        "people": named("people", None),
        "vessels": named("vessels", None),
        "offences": named("offences", "id"),
        "categories": sorted(categories()),
    }


# --- The raw tree from a case's fields (a file, parsed but not validated) and from what the browser sent


def raw_of(data: Any) -> Raw:
    """A case's fields (as parsed from its file, valid or not) as the form shows them."""
    return _raw(model.Case, [], data) if isinstance(data, dict) else {}


def _raw(ann: Any, meta: list[Any], value: Any) -> Any:
    s = shape_of(ann, meta)
    if value is None:
        return None
    if s.kind == "model" and isinstance(value, dict):
        out = {}
        for _, key, f in fields_of(s.inner):
            if key in value:
                ann2, meta2 = _field_type(f)
                out[key] = _raw(ann2, meta2, value[key])
        return out
    if s.kind == "list" and isinstance(value, list):
        items = {str(i): _raw(s.inner, [], v) for i, v in enumerate(value)}
        return {GIVEN: "yes", **items} if s.optional else items
    if s.kind == "dict" and isinstance(value, dict):
        out = {}
        for i, (k, v) in enumerate(value.items()):
            item = _raw(s.inner, [], v)
            item = item if isinstance(item, dict) else {}
            item[KEY] = _raw(s.extra, [], k)
            out[str(i)] = item
        return out
    if s.kind == "tuple" and isinstance(value, list | tuple):
        return {str(i): _raw(a, [], v) for i, (a, v) in enumerate(zip(s.inner, value, strict=False))}
    if s.kind == "union":
        tag = s.extra.discriminator(value) if callable(s.extra.discriminator) else None
        member = dict(s.inner).get(tag)
        if member is None:
            return {SHAPE: s.inner[0][0]}
        return {SHAPE: tag, tag: _raw(member, [], value)}
    if s.kind == "choices":
        return [str(v) for v in value] if isinstance(value, list) else [str(value)]
    if s.kind == "check":
        if value is False and not s.optional:
            return ""  # an unticked box (a yes-or-no-or-unknown field says "false")
        return _text(value)
    if s.kind == "state":
        return state_shown(value) if isinstance(value, str) else _text(value)
    if s.kind == "yaml":
        return json.dumps(value, ensure_ascii=False, default=str)
    return _text(value)


def _text(value: Any) -> str:
    if value is True or value is False:
        return "true" if value else "false"
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False, default=str)
    return str(value)


def raw_from_form(items: list[tuple[str, str]]) -> Raw:
    """What the browser sent (name, value pairs) as a raw tree; a name sent twice (the choices, a checkbox
    with its hidden "false") holds a list."""
    out: Raw = {}
    for name, value in items:
        if name.startswith(("csrf", "_action")) or not re.fullmatch(r"[A-Za-z0-9_.]{1,300}", name):
            continue
        *path, last = name.split(".")
        node = out
        for part in path:
            nxt = node.setdefault(part, {})
            if not isinstance(nxt, dict):
                nxt = node[part] = {}
            node = nxt
        if last in node and not isinstance(node[last], dict):
            node[last] = [*(node[last] if isinstance(node[last], list) else [node[last]]), value]
        elif last not in node:
            node[last] = value
    return out


# --- The case's fields from a raw tree, and where each came from


class _Ids(dict[Path, str]):
    """A case path -> the form name of its input; and the problems only the form can see (two entries of one
    name in a mapping), each named by the form name of its input."""

    def __init__(self, problems: list[Problem] | None = None) -> None:
        super().__init__()
        self.problems: list[Problem] = [] if problems is None else problems

    def sub(self) -> _Ids:
        return _Ids(self.problems)


@dataclass
class Built:
    data: dict[str, Any]
    ids: dict[Path, str]  # a case path -> the form name of its input
    problems: list[Problem]  # the form's own problems (their path is a form name)

    def name_for(self, path: str) -> str | None:
        """The input a problem's path (people.viewer.nationality[0]) concerns: the deepest one the form has."""
        parts = parse_path(path)
        while parts:
            if parts in self.ids:
                return self.ids[parts]
            parts = parts[:-1]
        return None


def parse_path(path: str) -> Path:
    out: list[str | int] = []
    for name, index in re.findall(r"([^.\[\]]+)|\[(\d+)\]", path):
        out.append(int(index) if index else name)
    return tuple(out)


def case_data(raw: Raw, cls: type[BaseModel] = model.Case) -> Built:
    """The case's fields from a raw tree, for the loader, with where each one's input is."""
    ids = _Ids()
    data = _value(cls, [], raw, "", (), ids, required=True)
    return Built(data if isinstance(data, dict) else {}, dict(ids), ids.problems)


def _value(ann: Any, meta: list[Any], raw: Any, name: str, path: Path, ids: _Ids, required: bool) -> Any:
    """The value of one field (or _OMIT), recording where each case path's input is."""
    ids.setdefault(path, name)
    s = shape_of(ann, meta)
    if s.kind == "model":
        raw = raw if isinstance(raw, dict) else {}
        out = {}
        for _, key, f in fields_of(s.inner):
            ann2, meta2 = _field_type(f)
            v = _value(ann2, meta2, raw.get(key), _join(name, key), (*path, key), ids, f.is_required())
            if v is not _OMIT:
                out[key] = v
        if s.optional and not any(v is not False for v in out.values()):
            return _OMIT  # nothing given of an optional group: no such thing (no immunity)
        return out
    if s.kind in {"list", "dict"}:
        out_list: list[Any] = []
        out_dict: dict[Any, Any] = {}
        for i, item_raw in _items(raw):
            item_name = _join(name, i)
            if s.kind == "list":
                found = ids.sub()
                v = _value(s.inner, [], item_raw, item_name, (*path, len(out_list)), found, True)
                if v is not _OMIT:  # an empty line of a list of names or states says nothing
                    out_list.append(v)
                    ids.update({p: n for p, n in found.items() if p not in ids})
                continue
            key_raw = item_raw.get(KEY, "") if isinstance(item_raw, dict) else ""
            key = _value(s.extra, [], key_raw, _join(item_name, KEY), path, ids.sub(), True)
            key = "" if key is _OMIT else key
            if key in out_dict:  # a mapping cannot hold two entries of one name: say so, lose neither
                ids.problems.append(Problem(_join(item_name, KEY), words.WEB_FORM_TWICE.format(name=key),
                                        words.WEB_FORM_TWICE_FIX))
                continue
            ids[(*path, key)] = item_name
            out_dict[key] = _value(s.inner, [], item_raw, item_name, (*path, key), ids, True)
        if s.kind == "list":
            given = s.optional and isinstance(raw, dict) and raw.get(GIVEN) == "yes"
            return out_list if out_list or required or given else _OMIT
        return out_dict if out_dict or required else _OMIT
    if s.kind == "tuple":
        raw = raw if isinstance(raw, dict) else {}
        parts = [_value(a, [], raw.get(str(i)), _join(name, i), (*path, i), ids, True) for i, a in enumerate(s.inner)]
        if all(p is _OMIT for p in parts):
            return _OMIT  # an empty row (a treaty not filled in) says nothing
        return ["" if p is _OMIT else p for p in parts]
    if s.kind == "union":
        raw = raw if isinstance(raw, dict) else {}
        tags = dict(s.inner)
        tag = raw.get(SHAPE) if raw.get(SHAPE) in tags else s.inner[0][0]
        ids.setdefault((*path, SHAPE), _join(name, SHAPE))
        member_ids = ids.sub()
        v = _value(tags[tag], [], raw.get(tag), _join(name, tag), path, member_ids, True)
        ids.update({p: n for p, n in member_ids.items() if p != path})  # the union's own path stays its choice
        return v
    if s.kind == "choices":
        chosen = [raw] if isinstance(raw, str) else list(raw or [])
        values = {str(v): v for v in s.inner}
        out_choices = [values.get(c, c) for c in chosen if c]
        return out_choices if out_choices or required else _OMIT
    if s.kind == "check":
        values = raw if isinstance(raw, list) else [raw] if isinstance(raw, str) else []
        if s.optional:
            text = values[-1] if values else ""
            return {"true": True, "false": False}.get(text, text or _OMIT)
        return "true" in values
    text = raw if isinstance(raw, str) else ""
    text = text.replace("\r\n", "\n")  # a browser sends a text area's lines as CR LF
    if s.kind not in {"textarea"}:
        text = text.strip()
    if not text:
        return _OMIT
    if s.kind == "select":
        values = {str(v): v for v in s.inner}
        return values.get(text, text)
    if s.kind == "number":
        return int(text) if re.fullmatch(r"[+-]?\d{1,12}", text) else text
    if s.kind == "state":
        return state_code(text)
    if s.kind == "yaml":
        return _parsed(text)
    return text


def _parsed(text: str) -> Any:
    """A value written in the box of a field of several shapes: YAML (so JSON too); as typed if it is not."""
    import yaml

    try:
        return yaml.safe_load(text)
    except yaml.YAMLError:
        return text


# --- Adding and removing an item of a repeatable section


def change(raw: Raw, action: str) -> bool:
    """Apply "add:NAME" or "remove:NAME" (NAME: a list's or an item's form name) to `raw`; False if it is neither."""
    verb, _, name = action.partition(":")
    if verb not in {"add", "remove"} or not re.fullmatch(r"[A-Za-z0-9_.]{1,300}", name):
        return False
    *path, last = name.split(".")
    node: Any = raw
    for part in path:
        node = node.setdefault(part, {}) if isinstance(node, dict) else None
        if not isinstance(node, dict):
            return False
    if verb == "remove":
        node.pop(last, None)
        return True
    target = node.setdefault(last, {})
    if not isinstance(target, dict):
        target = node[last] = {}
    numbers = [int(k) for k in target if k.isdigit()]
    target[str(max(numbers, default=-1) + 1)] = {}
    return True


def problems_by_field(problems: list[Problem], built: Built) -> tuple[dict[str, list[Problem]], list[Problem]]:
    """Each problem beside the input it concerns; those that concern the case as a whole (or no input) apart."""
    beside: dict[str, list[Problem]] = {}
    apart: list[Problem] = []
    for p in built.problems:
        beside.setdefault(p.path, []).append(p)
    for p in problems:
        name = built.name_for(p.path) if p.path else None
        if name:
            beside.setdefault(name, []).append(p)
        else:
            apart.append(p)
    return beside, apart


def new_raw() -> Raw:
    """An empty case: the schema this version writes, one person (a nationality to give) and one offence with
    one offender and one act."""
    from jurisdiction.vocabulary import SCHEMA

    return {
        "schema": SCHEMA,
        "people": {"0": {"nationality": {"0": ""}}},
        "offences": {"0": {"offenders": {"0": {}}, "acts": {"0": {}}}},
    }


def to_draft(raw: Raw, checked: bool) -> str:
    """The draft of a form: what was typed, and whether it was sent to be saved (its problems are then shown
    again when it reopens)."""
    return json.dumps({"form": raw, "checked": checked}, ensure_ascii=False, indent=1)


def from_draft(text: str | None) -> tuple[Raw, bool] | None:
    try:
        data = json.loads(text) if text else None
    except ValueError:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("form"), dict):
        return None
    return data["form"], data.get("checked") is True

