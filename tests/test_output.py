"""Output files never destroy anything: whatever `-o` names, it is written, written through, or refused with the
path and the reason, and nothing else is replaced or left behind."""

from __future__ import annotations

import os
import stat
import threading
from pathlib import Path

import pytest

from jurisdiction.apps.output import write_atomically
from jurisdiction.errors import CaseError


def _left_over(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def test_a_regular_file_is_replaced_whole_and_keeps_its_mode(tmp_path: Path) -> None:
    target = tmp_path / "memo.md"
    target.write_text("old")
    target.chmod(0o640)
    write_atomically(target, "new")
    assert target.read_text() == "new" and stat.S_IMODE(target.stat().st_mode) == 0o640
    assert not _left_over(tmp_path)


def test_a_symlink_is_followed_and_stays_a_link(tmp_path: Path) -> None:
    real = tmp_path / "real.md"
    real.write_text("old")
    link = tmp_path / "link.md"
    link.symlink_to(real)
    write_atomically(link, "new")
    assert link.is_symlink() and real.read_text() == "new"


def test_a_hard_link_keeps_both_names_on_the_new_content(tmp_path: Path) -> None:
    first = tmp_path / "a.md"
    first.write_text("old content, longer than the new")
    second = tmp_path / "b.md"
    os.link(first, second)
    write_atomically(second, "new")
    assert first.read_text() == "new" and second.read_text() == "new"
    assert first.stat().st_ino == second.stat().st_ino


def test_a_fifo_is_written_through_not_replaced(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()))
    reader.start()
    write_atomically(fifo, "through the pipe")
    reader.join(timeout=30)
    assert got == [b"through the pipe"]
    assert stat.S_ISFIFO(fifo.stat().st_mode)


def test_a_device_is_written_through_and_a_full_one_is_refused(tmp_path: Path) -> None:
    """/dev/null and /dev/full, made afresh in a temporary folder (as root), so that a regression replaces
    nothing of the machine's own."""
    try:
        os.mknod(tmp_path / "null", 0o666 | stat.S_IFCHR, os.makedev(1, 3))
        os.mknod(tmp_path / "full", 0o666 | stat.S_IFCHR, os.makedev(1, 7))
    except PermissionError:
        pytest.skip("making device nodes needs root (CI runs as root)")
    write_atomically(tmp_path / "null", "gone")
    assert stat.S_ISCHR((tmp_path / "null").stat().st_mode)
    with pytest.raises(CaseError) as refused:
        write_atomically(tmp_path / "full", "x" * 100_000)
    assert str(tmp_path / "full") in str(refused.value) and "disk is full" in str(refused.value)
    assert stat.S_ISCHR((tmp_path / "full").stat().st_mode)


@pytest.mark.parametrize(
    ("make", "reason"),
    [
        (lambda d: (d / "folder").mkdir(), "this is a folder"),
        (lambda d: None, "the folder does not exist"),
        (lambda d: (d / "file").write_text("x"), "is a file, not a folder"),
    ],
)
def test_what_cannot_be_written_is_refused_with_the_path_and_the_reason(tmp_path: Path, make, reason: str) -> None:  # type: ignore[no-untyped-def]
    make(tmp_path)
    target = {
        "this is a folder": tmp_path / "folder",
        "the folder does not exist": tmp_path / "missing" / "out.md",
        "is a file, not a folder": tmp_path / "file" / "out.md",
    }[reason]
    with pytest.raises(CaseError) as refused:
        write_atomically(target, "x")
    assert str(target) in str(refused.value) and reason in str(refused.value) and "fix:" in str(refused.value)
    assert not _left_over(tmp_path)


def test_a_file_the_user_may_not_write_is_never_replaced(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A write-protected file in a shared (sticky, world-writable) folder: renaming over it would succeed, so the
    writer must refuse on its own. Root may write anything, so the user's lack of permission is simulated."""
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o1777)
    protected = shared / "theirs.md"
    protected.write_text("theirs")
    protected.chmod(0o444)
    real_access = os.access
    monkeypatch.setattr(
        os, "access", lambda p, mode, **kw: False if Path(p) == protected and mode == os.W_OK else real_access(p, mode)
    )
    with pytest.raises(CaseError) as refused:
        write_atomically(protected, "mine")
    assert "permission denied" in str(refused.value) and str(protected) in str(refused.value)
    assert protected.read_text() == "theirs" and not _left_over(shared)


@pytest.mark.parametrize(
    ("args", "reason"),
    [
        (["analyse", "livestream-gbr-phl", "-o", "{tmp}"], "this is a folder, not a file"),
        (["analyse", "livestream-gbr-phl", "-f", "md", "-o", "{tmp}/missing/memo.md"], "the folder does not exist"),
        (["gaps", "--states", "2", "--save-dir", "{tmp}/a-file"], "a file is there where a folder is needed"),
        (["graph", "livestream-gbr-phl", "-o", "{tmp}/a-file/case.dot"], "is a file, not a folder"),
    ],
)
def test_the_command_line_says_which_path_and_why_with_exit_2(args: list[str], reason: str, tmp_path: Path) -> None:
    from jurisdiction.cli.app import app
    from typer.testing import CliRunner

    (tmp_path / "a-file").write_text("x")
    result = CliRunner().invoke(app, [a.format(tmp=tmp_path) for a in args])
    assert result.exit_code == 2, result.output
    assert reason in result.stderr and "internal error" not in result.stderr and str(tmp_path) in result.stderr
