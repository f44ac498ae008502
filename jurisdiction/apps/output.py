"""Write output files without destroying anything: a reader sees the old file or the whole new one.

What `-o PATH` may find there, and what happens:
- nothing, or a regular file the user may write: a temporary file beside it takes its place (atomic rename);
- a symbolic link: it is followed, and its target is written as above (the link stays a link);
- a regular file with other hard links: written in place, so that every name sees the new content (the content
  is complete in memory first, so only a crash mid-write could leave it short);
- a device or a FIFO (/dev/null, /dev/stdout, a named pipe): written straight through, never replaced;
- a file the user may not write, a folder, a missing folder, a full disk: refused with the path, the reason and
  the fix (CaseError, exit 2); nothing is replaced and no temporary file is left behind.
"""

from __future__ import annotations

import errno
import os
import stat
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

from jurisdiction.errors import CaseError, Problem

_REASONS = {
    errno.ENOSPC: ("the disk is full", "free some space, or write elsewhere"),
    errno.EDQUOT: ("the disk quota is exhausted", "free some space, or write elsewhere"),
    errno.EACCES: ("permission denied", "choose a file and folder you may write"),
    errno.EPERM: ("permission denied", "choose a file and folder you may write"),
    errno.EROFS: ("the file system is read-only", "write elsewhere"),
    errno.ENOENT: ("the folder does not exist", "create the folder first, or name another file"),
    errno.ENOTDIR: ("a part of the path is a file, not a folder", "check the path"),
    errno.EISDIR: ("this is a folder, not a file", "name a file inside it"),
    errno.EEXIST: ("a file is there where a folder is needed", "name a folder, or move the file away"),
}


def refused(path: Path | str, exc: OSError, doing: str = "write the output") -> CaseError:
    """An OSError on a path, as an input problem: the path, the reason and the fix."""
    reason, fix = _REASONS.get(exc.errno or 0, (exc.strerror or str(exc), "check the path"))
    return CaseError(str(path), [Problem("", f"cannot {doing}: {reason}", fix)], where="with this path")


def write_atomically(path: Path, content: str | bytes) -> None:
    data = content.encode("utf-8") if isinstance(content, str) else content
    with atomic_file(path) as fh:
        fh.write(data)


def _target(path: Path) -> tuple[Path, os.stat_result | None]:
    """The file that will receive the output (a symlink's target), and its status if it exists."""
    target = Path(os.path.realpath(path)) if path.is_symlink() else path
    try:
        return target, target.stat()
    except FileNotFoundError:
        return target, None


@contextmanager
def atomic_file(path: Path) -> Iterator[BinaryIO]:
    """A file to write in steps (a batch's lines): it takes `path`'s place only if the block ends without error."""
    path = Path(path)
    try:
        target, status = _target(path)
        if status is not None and stat.S_ISDIR(status.st_mode):
            raise IsADirectoryError(errno.EISDIR, "is a folder")
        if status is not None and not stat.S_ISREG(status.st_mode):
            # A device or a pipe: write straight through; renaming over it would destroy it.
            with open(target, "wb") as fh:
                yield fh
            return
        if status is not None and not os.access(target, os.W_OK):
            # The folder may let us rename over it; the owner did not let us write it.
            raise PermissionError(errno.EACCES, "not writable")
        if status is not None and status.st_nlink > 1:
            yield from _in_place(target)
            return
        yield from _replaced(target, status)
    except OSError as exc:
        raise refused(path, exc) from None


def _replaced(target: Path, status: os.stat_result | None) -> Iterator[BinaryIO]:
    folder = target.parent if str(target.parent) else Path(".")
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    try:
        # mkstemp makes the file private (0600); the output keeps the mode of the file it replaces, or the usual one
        os.chmod(tmp, status.st_mode & 0o7777 if status is not None else _new_mode())
        with os.fdopen(fd, "wb") as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _in_place(target: Path) -> Iterator[BinaryIO]:
    """For a file with several names: collect the output, then write it into the same inode."""
    import io

    buffer = io.BytesIO()
    yield buffer
    with open(target, "r+b") as fh:
        fh.write(buffer.getvalue())
        fh.truncate()
        fh.flush()
        os.fsync(fh.fileno())


def _new_mode() -> int:
    """What a new file gets under the current umask."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask
