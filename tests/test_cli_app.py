"""`jurex` runs with only the command it names built (cli/app.py, for_command): every command and group answers
exactly as the whole app does, and anything that names no command gets the whole app."""

from __future__ import annotations

from pathlib import Path

import pytest
from jurisdiction.cli.app import app, for_command
from typer.testing import CliRunner

runner = CliRunner()

NAMES = [c.name for c in app.registered_commands] + [g.name for g in app.registered_groups]


def both(*args: str) -> tuple[tuple[int, str, str], tuple[int, str, str]]:
    whole = runner.invoke(app, list(args))
    one = runner.invoke(for_command(list(args)), list(args))
    return (whole.exit_code, whole.stdout, whole.stderr), (one.exit_code, one.stdout, one.stderr)


@pytest.mark.parametrize("name", NAMES)
def test_each_command_s_help_is_the_whole_app_s(name: str) -> None:
    whole, one = both(name, "--help")
    assert whole[0] == 0 and whole[1].startswith(f"Usage: jurex {name} ")  # really that command's help
    assert one == whole


@pytest.mark.parametrize(
    "args",
    [
        ("analyse", "livestream-gbr-phl"),
        ("analyse", "livestream-gbr-phl", "-f", "json"),
        ("validate", "livestream-gbr-phl"),
        ("states", "show", "GBR"),
        ("analyse", "no-such-case"),  # the error and its exit code
        ("analyse",),  # a missing argument
        ("states", "shw"),  # a misspelt command of a group: the group's own suggestion
    ],
)
def test_a_command_answers_as_in_the_whole_app(args: tuple[str, ...]) -> None:
    whole, one = both(*args)
    assert one == whole


def test_the_app_run_holds_the_command_named_alone() -> None:
    one = for_command(["analyse", "livestream-gbr-phl"])
    assert [c.name for c in one.registered_commands] == ["analyse"] and not one.registered_groups
    group = for_command(["states", "show", "GBR"])
    assert not group.registered_commands and [g.name for g in group.registered_groups] == ["states"]


@pytest.mark.parametrize("args", [[], ["--help"], ["--debug", "analyse", "x"], ["analyze", "x"], ["ANALYSE"]])
def test_without_a_command_named_first_the_whole_app_runs(args: list[str]) -> None:
    assert for_command(args) is app
    whole, one = both(*args)
    assert one == whole


@pytest.mark.parametrize(("args", "collecting"), [(["analyse", "livestream-gbr-phl"], "False"), (["cases"], "True")])
def test_a_one_case_command_runs_without_the_garbage_collector(
    args: list[str], collecting: str, tmp_path: Path
) -> None:
    import subprocess
    import sys

    probe = (
        "import atexit, gc, sys\n"
        "atexit.register(lambda: sys.stderr.write(f'collecting={gc.isenabled()}'))\n"
        f"sys.argv = ['jurex', *{args!r}]\n"
        "from jurisdiction.cli.app import main\n"
        "main()\n"
    )
    # run outside the checkout: `python -c` imports from its working directory first, where a checkout's source
    # tree is not the installed package
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=120, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stderr.endswith(f"collecting={collecting}") and done.stdout
