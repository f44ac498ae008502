"""`jurex serve` on the command line: where it listens, what it says, and what it refuses."""

from __future__ import annotations

import socket
from pathlib import Path
from typing import Any

import pytest
from jurisdiction.cli.app import app
from typer.testing import CliRunner


def _serve(monkeypatch: pytest.MonkeyPatch, *args: str) -> tuple[Any, dict[str, Any]]:
    """Run `jurex serve ARGS` with uvicorn's run replaced: what it would have served, and how."""
    import uvicorn

    seen: dict[str, Any] = {}
    monkeypatch.setattr(uvicorn, "run", lambda app, **options: seen.update(app=app, **options))
    return CliRunner().invoke(app, ["serve", *args]), seen


def test_it_listens_on_this_computer_alone_with_no_access_log(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    result, seen = _serve(monkeypatch, "--workspace", str(tmp_path / "ws"), "--port", "8765")
    assert result.exit_code == 0, result.output
    assert seen["host"] == "127.0.0.1" and seen["port"] == 8765 and seen["access_log"] is False
    assert "http://127.0.0.1:8765/" in result.stdout and str((tmp_path / "ws").resolve()) in result.stdout
    assert (tmp_path / "ws").is_dir() and "warning" not in result.stderr


def test_another_address_is_warned_about(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    result, seen = _serve(monkeypatch, "--workspace", str(tmp_path), "--host", "0.0.0.0", "--port", "8766")
    assert result.exit_code == 0 and seen["host"] == "0.0.0.0"
    assert "warning: serving on 0.0.0.0" in result.stderr and "child victims" in result.stderr


def test_a_port_in_use_is_refused_with_its_fix(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result, seen = _serve(monkeypatch, "--workspace", str(tmp_path), "--port", str(port))
    assert result.exit_code == 2 and not seen
    assert f"cannot listen on 127.0.0.1:{port}" in result.stderr and f"--port {port + 1}" in result.stderr
