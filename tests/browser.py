"""Headless Chromium for the real browser tests (Debian's `chromium` package)."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def chromium() -> str:
    """The browser, or a skip (a failure where CI requires it: JUREX_REQUIRE_BROWSER=1)."""
    found = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
    if found is None:
        message = "headless Chromium is not installed (Debian: apt-get install chromium)"
        if os.environ.get("JUREX_REQUIRE_BROWSER"):
            pytest.fail(message)
        pytest.skip(message)
    return found


def run(*args: str) -> str:
    with tempfile.TemporaryDirectory() as profile:
        done = subprocess.run(
            [chromium(), *FLAGS, f"--user-data-dir={profile}", *args],
            capture_output=True,
            text=True,
            timeout=120,
            check=True,
        )
    return done.stdout


def dump_dom(page: Path) -> str:
    return run("--dump-dom", page.resolve().as_uri())


def screenshot(page: Path, png: Path, size: str = "1280,1800") -> None:
    run(f"--window-size={size}", f"--screenshot={png.resolve()}", page.resolve().as_uri())
