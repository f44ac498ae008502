"""The installed distribution: rules and cases inside the package, nothing generic in site-packages."""

from __future__ import annotations

import subprocess
import sys
from importlib.metadata import distribution
from pathlib import Path

import pytest

import jurisdiction

DIST = distribution("jurex")
FROM_SOURCE = (Path(jurisdiction.__file__).parent.parent / "pyproject.toml").exists()


@pytest.mark.skipif(FROM_SOURCE, reason="running on the source tree (editable install); CI checks a real install")
def test_only_the_jurisdiction_package_is_installed() -> None:
    files = [str(f) for f in DIST.files or []]
    top = {f.split("/")[0] for f in files if not f.startswith("..")}
    assert {t for t in top if not t.endswith(".dist-info")} == {"jurisdiction"}
    assert "jurisdiction/cli/app.py" in files
    assert "jurisdiction/logic/regimes/opsc.lp" in files
    assert "jurisdiction/logic/provisions/opsc.yaml" in files
    assert "jurisdiction/scenarios/livestream-gbr-phl.yaml" in files
    assert "jurisdiction/data/opsc_parties.csv" in files


@pytest.mark.skipif(not FROM_SOURCE, reason="an installed copy: there is no checkout to edit")
def test_an_editable_install_runs_the_checkouts_own_files(tmp_path: Path) -> None:
    """`pip install -e .`: the command line, the rules and the cases come from this checkout (so that a
    developer's edits are what pytest and `jurex` run), also for a process started outside the tree."""
    checkout = Path(jurisdiction.__file__).resolve().parent.parent
    code = (
        "import jurisdiction.cli.app, jurisdiction.cli.common\n"
        "from jurisdiction.resources import logic_dir, scenarios_dir\n"
        "for path in (jurisdiction.cli.app.__file__, jurisdiction.cli.common.__file__, logic_dir(), scenarios_dir()):\n"
        "    print(__import__('pathlib').Path(path).resolve())\n"
    )
    found = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path, check=True)
    assert found.stdout.splitlines() == [
        str(checkout / "cli" / "app.py"),
        str(checkout / "cli" / "common.py"),
        str(checkout / "logic"),
        str(checkout / "scenarios"),
    ]


def test_the_console_command_is_jurex() -> None:
    scripts = {ep.name: ep.value for ep in DIST.entry_points if ep.group == "console_scripts"}
    assert scripts == {"jurex": "jurisdiction.cli.app:main"}


def test_the_rules_and_cases_are_found() -> None:
    from jurisdiction.resources import logic_dir, scenarios_dir

    assert (logic_dir() / "conclusions.lp").is_file()
    assert (scenarios_dir() / "livestream-gbr-phl.yaml").is_file()
