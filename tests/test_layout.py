"""The house: data flows one way through the stages, with no cycle, no private name used across modules, and
clingo imported only by the engine."""

from __future__ import annotations

import ast
from pathlib import Path

import jurisdiction

PACKAGE = Path(jurisdiction.__file__).parent
# Each stage may import only from stages before it (and itself); the shared base comes first.
STAGES = ("base", "input", "data", "engine", "findings", "render", "apps")
BASE = {"errors", "resources", "vocabulary", "words"}
# The one way against the flow: the case model checks offence categories against the catalogue, whose one home
# is the rules (logic/offences.lp), read by the engine.
UPSTREAM = {("jurisdiction.input.model", "jurisdiction.engine.catalogue"), ("jurisdiction.input.schema",
            "jurisdiction.engine.catalogue")}  # fmt: skip


def _modules() -> dict[str, ast.Module]:
    out = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE).with_suffix("").parts
        name = ".".join(("jurisdiction", *parts)).removesuffix(".__init__")
        out[name] = ast.parse(path.read_text(encoding="utf-8"))
    return out


def _imports(tree: ast.Module) -> list[tuple[str, list[str]]]:
    """What a module imports at run time: an import under `if TYPE_CHECKING:` only names a type (a renderer
    of an app's result, say) and creates no dependency."""
    typing_only = {
        id(n)
        for block in ast.walk(tree)
        if isinstance(block, ast.If) and isinstance(block.test, ast.Name) and block.test.id == "TYPE_CHECKING"
        for stmt in block.body
        for n in ast.walk(stmt)
    }
    found = []
    for node in ast.walk(tree):
        if id(node) in typing_only:
            continue
        if isinstance(node, ast.ImportFrom) and node.module:
            found.append((node.module, [a.name for a in node.names]))
        elif isinstance(node, ast.Import):
            found += [(a.name, []) for a in node.names]
    return found


def _stage(module: str) -> int:
    parts = module.split(".")
    if len(parts) < 2 or parts[1] in BASE:
        return 0
    return STAGES.index(parts[1]) if parts[1] in STAGES else len(STAGES)


def test_every_stage_imports_only_the_stages_before_it() -> None:
    wrong = [
        f"{name} imports {module}"
        for name, tree in _modules().items()
        for module, _ in _imports(tree)
        if module.startswith("jurisdiction.") and _stage(module) > _stage(name) and (name, module) not in UPSTREAM
    ]
    assert not wrong


def test_no_import_cycle() -> None:
    modules = _modules()
    graph = {n: {m for m, _ in _imports(t) if m in modules and m != n} for n, t in modules.items()}
    state: dict[str, int] = {}
    cycles: list[str] = []

    def visit(node: str, path: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                cycles.append(" -> ".join([*path[path.index(nxt) :], nxt]))
            elif nxt not in state:
                visit(nxt, [*path, nxt])
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            visit(node, [node])
    assert not cycles


def test_no_private_name_is_used_across_modules() -> None:
    wrong = [
        f"{name}: from {module} import {n}"
        for name, tree in _modules().items()
        for module, names in _imports(tree)
        if module.startswith("jurisdiction")
        for n in names
        if n.startswith("_") and not n.startswith("__")
    ]
    assert not wrong


def test_only_the_engine_imports_clingo() -> None:
    wrong = [
        name
        for name, tree in _modules().items()
        if any(m.split(".")[0] == "clingo" for m, _ in _imports(tree)) and not name.startswith("jurisdiction.engine")
    ]
    assert not wrong


def test_every_stage_folder_says_what_it_is() -> None:
    for stage in STAGES[1:]:
        doc = ast.get_docstring(_modules()[f"jurisdiction.{stage}"])
        assert doc and doc.startswith(f"Stage {STAGES.index(stage)}, {stage}:"), stage


def _constants(tree: ast.Module) -> list[str]:
    """The string constants of a module, its docstrings left out (they may speak of the law)."""
    docs = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    strings = (n for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str))
    return [n.value for n in strings if id(n) not in docs]


def test_no_provision_id_or_state_code_is_written_in_python_but_in_the_words() -> None:
    """The law lives in logic/: which provision applies, and what a real state does, is the rules' and the data's."""
    import pycountry

    from jurisdiction.engine.provisions import instruments

    codes = {c.alpha_3 for c in pycountry.countries}
    allowed = {"jurisdiction.words", "jurisdiction.vocabulary"}
    cli = {f"jurisdiction.cli.{p.stem}": ast.parse(p.read_text()) for p in (PACKAGE.parent / "cli").glob("*.py")}
    wrong = []
    for name, tree in {**_modules(), **cli}.items():
        if name in allowed:
            continue
        for text in _constants(tree):
            if any(text.startswith(i + " ") or f" {i} " in text for i in instruments()):
                wrong.append(f"{name}: {text[:60]!r}")
            if text in codes:
                wrong.append(f"{name}: state code {text!r}")
    assert not wrong
