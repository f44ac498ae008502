"""The picture of a case: DOT source always; SVG and PNG through Graphviz's dot."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from jurisdiction.apps.analysis import analyse
from jurisdiction.input.loader import load
from jurisdiction.render.graph import GraphvizMissing, build, render
from jurisdiction.resources import scenarios_dir

ANALYSIS = analyse(load(scenarios_dir() / "livestream-gbr-phl.yaml"))


def need_dot() -> None:
    if shutil.which("dot") is None:
        if os.environ.get("JUREX_REQUIRE_BROWSER"):
            pytest.fail("Graphviz's dot is not installed")
        pytest.skip("Graphviz's dot is not installed (apt-get install graphviz)")


def test_the_dot_source_has_states_people_acts_and_coloured_edges() -> None:
    source = build(ANALYSIS).source
    for words in (
        'label="GBR · a party to the OPSC"',
        "label=viewer",
        "live-abuse act 1",
        "national of",
        "obligatory: presence_no_extradition (if), territory",
        "request for facilitator",
    ):
        assert words in source, words
    assert source.count("cluster_") == len(ANALYSIS.states) + 1  # every state, and "no state's territory"


def test_svg_and_png(tmp_path: Path) -> None:
    need_dot()
    svg = render(ANALYSIS, "svg").decode()
    assert svg.lstrip().startswith("<?xml") and "<svg" in svg and "GBR" in svg
    assert render(ANALYSIS, "png")[:8] == b"\x89PNG\r\n\x1a\n"


def test_the_graph_command_writes_the_file(tmp_path: Path) -> None:
    from jurisdiction.cli.app import app

    out = tmp_path / "case.dot"
    result = CliRunner().invoke(app, ["graph", "livestream-gbr-phl", "-o", str(out)])
    assert result.exit_code == 0, result.stderr
    assert out.read_text().startswith("digraph")
    bad = CliRunner().invoke(app, ["graph", "livestream-gbr-phl", "-o", str(tmp_path / "case.gif")])
    assert bad.exit_code == 2 and ".svg" in bad.stderr


def test_a_missing_dot_is_a_clear_message(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    import graphviz
    from jurisdiction.cli.app import app

    def no_dot(*_: object, **__: object) -> bytes:
        raise graphviz.ExecutableNotFound(["dot"])

    monkeypatch.setattr(graphviz.Digraph, "pipe", no_dot)
    with pytest.raises(GraphvizMissing):
        render(ANALYSIS, "svg")
    result = CliRunner().invoke(app, ["graph", "livestream-gbr-phl", "-o", str(tmp_path / "case.svg")])
    assert result.exit_code == 2 and "apt-get install graphviz" in result.stderr
    assert not (tmp_path / "case.svg").exists()
