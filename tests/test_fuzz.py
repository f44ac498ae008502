"""Fuzzing the loader (hypothesis): mutated case files either load or give a CaseError; never anything else.

A file that loads is analysed too: the rules must give one answer for anything the loader lets in. The budget
is fixed (`JUREX_FUZZ_EXAMPLES` per target, default below; CI sets it) and each target checks it was spent,
so the figure the README quotes is the number of executions that ran.
"""

from __future__ import annotations

import json
import os
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from strategies import ASP_LOOKING

from jurisdiction.apps.analysis import analyse
from jurisdiction.apps.library import case_files
from jurisdiction.errors import CaseError
from jurisdiction.input.loader import load_text

BUDGET = int(os.environ.get("JUREX_FUZZ_EXAMPLES", "300"))
FUZZ = settings(
    max_examples=BUDGET,
    deadline=None,
    database=None,  # the same budget each run: no replay of stored examples on top of it
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much, HealthCheck.data_too_large],
)
TEXTS = [p.read_text(encoding="utf-8") for p in case_files()]
TOKENS = [
    ":", "-", "- ", "[", "]", "{", "}", ",", "&a ", "*a", "!!binary ", "!!str ", "!!python/name:os.system ", "\t",
    "null", "~", "yes", "no", "NO", "1e999", "-0", "9" * 40, ".nan", ".inf", "'", '"', "\n  ", "\n", "#", "---\n",
    "...\n", "<<: ", "? ", "|\n", ">-\n", "2019-13-45", "0000-00-00", "2999-01-01", "%YAML 1.1\n", "\ufeff",
    "\u202e", "\x85", "\\", "\\0", *ASP_LOOKING,
]  # fmt: skip
executions = {"text": 0, "structure": 0}


def load_or_refuse(text: str) -> None:
    """The contract: a Case (which then analyses) or a CaseError whose every problem has a message."""
    try:
        case = load_text(text, "fuzz.yaml")
    except CaseError as exc:
        assert exc.problems and all(p.message for p in exc.problems), exc
        str(exc)  # the message renders
        return
    analyse(case)


@st.composite
def mutated_texts(draw: st.DrawFn) -> str:
    text = draw(st.sampled_from(TEXTS))
    for _ in range(draw(st.integers(1, 5))):
        at = draw(st.integers(0, len(text)))
        op = draw(st.sampled_from(["insert", "delete", "replace", "duplicate", "truncate"]))
        piece = draw(st.sampled_from(TOKENS) | st.text(max_size=8))
        span = draw(st.integers(1, 40))
        if op == "insert":
            text = text[:at] + piece + text[at:]
        elif op == "delete":
            text = text[:at] + text[at + span :]
        elif op == "replace":
            text = text[:at] + piece + text[at + span :]
        elif op == "duplicate":
            text = text[:at] + text[at : at + span] + text[at:]
        else:
            text = text[:at]
    return text


@FUZZ
@given(mutated_texts())
def test_fuzz_mutated_case_files(text: str) -> None:
    executions["text"] += 1
    load_or_refuse(text)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=12) | st.sampled_from(TOKENS),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=12,
)


def paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [prefix]
    if isinstance(value, dict):
        for k, v in value.items():
            out += paths(v, (*prefix, k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            out += paths(v, (*prefix, i))
    return out


@st.composite
def mutated_structures(draw: st.DrawFn) -> str:
    import yaml

    data = yaml.safe_load(draw(st.sampled_from(TEXTS)))
    for _ in range(draw(st.integers(1, 3))):
        path = draw(st.sampled_from(paths(data)[1:]))
        *parent_path, last = path
        parent = data
        for step in parent_path:
            parent = parent[step]
        if draw(st.booleans()) and isinstance(parent, dict):
            del parent[last]
        else:
            parent[last] = draw(json_values)
    return json.dumps(data, default=str)


@FUZZ
@given(mutated_structures())
def test_fuzz_mutated_structures(text: str) -> None:
    executions["structure"] += 1
    load_or_refuse(text)


def test_the_fuzz_budget_was_spent() -> None:
    # Runs after the targets (file order): a target that ran must have spent its whole budget.
    ran = {target: count for target, count in executions.items() if count}
    if not ran:
        pytest.skip("no fuzz target ran in this session")
    for target, count in ran.items():
        assert count >= BUDGET, f"{target}: {count} executions, budget {BUDGET}"
