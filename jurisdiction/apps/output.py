"""Write output files without destroying anything: a reader sees the old file or the whole new one.

What `-o PATH` may find there, and what happens:
- nothing, or a regular file the user may write: a temporary file beside it takes its place (atomic rename);
- a symbolic link: it is followed, and its target is written as above (the link stays a link);
- a regular file with other hard links: written in place, so that every name sees the new content (the content
  is complete in memory first, so only a crash mid-write could leave it short);
- a device or a FIFO (/dev/null, /dev/stdout, a named pipe): written straight through, never replaced;
- a file the user may not write, a folder, a missing folder, a full disk: refused with the path, the reason and
  the fix (CaseError, exit 2); nothing is replaced and no temporary file is left behind.

A batch's lines go through a Journal instead: kept as they finish in OUTPUT.partial, promoted the same way at the
end, and resumable after a run cut short. `refuse_overwriting` stops an output from replacing an input.
"""

from __future__ import annotations

import errno
import json
import os
import stat
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, BinaryIO

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


PARTIAL = ".partial"


def refuse_overwriting(output: Path, source: Path | str, option: str = "--output") -> None:
    """Refuse an output that would replace an input (the same file, a symlink or hard link to it) or land
    inside an input folder (where it would be read as a case), and an output whose partial file would."""
    try:
        real_source = Path(os.path.realpath(source))
        source_status = real_source.stat()
    except OSError:  # no such input: that is reported where it is read
        return
    for candidate in (Path(output), partial_path(Path(output))):
        real = Path(os.path.realpath(candidate))
        try:
            same = real == real_source or os.path.samestat(real.stat(), source_status)
        except OSError:
            same = False
        inside = stat.S_ISDIR(source_status.st_mode) and real.is_relative_to(real_source)
        if not (same or inside):
            continue
        named = "" if candidate == Path(output) else f" (through its partial file {candidate})"
        problem = (
            f"the output{named} would be written inside the input folder {source}, among the cases"
            if inside and not same
            else f"the output{named} is the input {source}: the results would replace it"
        )
        raise CaseError(
            str(output),
            [Problem(option, problem, "write the results elsewhere: -o OTHER.jsonl, outside the input")],
            where="with this path",
        )


def partial_path(path: Path) -> Path:
    """Where a batch keeps its finished lines until the whole output is there: OUTPUT.partial, beside the file
    that will receive the output (a symlink's target)."""
    target, _ = _target(Path(path))
    return target.with_name(target.name + PARTIAL)


class Journal:
    """The lines of a batch, kept as they finish in OUTPUT.partial (each written whole and flushed), and
    promoted to OUTPUT at the end by one rename, as atomic_file does: a reader of OUTPUT sees the old file or
    the whole new one. When the run is cut short (Ctrl-C, SIGTERM, a crash, even SIGKILL), the partial file
    stays and a later run with `resume` continues after its last whole line; a torn last line is dropped.

    A device or a FIFO (/dev/stdout) is written straight through, and cannot be resumed."""

    def __init__(self, path: Path, *, resume: bool = False) -> None:
        self.path = Path(path)
        self.kept: list[dict[str, Any]] = []  # the lines of an earlier run, read back when resuming
        self.resumed = False  # an earlier run's partial file was there to resume
        self._fh: BinaryIO | None = None
        try:
            self.target, self.status = _target(self.path)
            if self.status is not None and stat.S_ISDIR(self.status.st_mode):
                raise IsADirectoryError(errno.EISDIR, "is a folder")
            self.partial: Path | None = self.target.with_name(self.target.name + PARTIAL)
            if self.status is not None and not stat.S_ISREG(self.status.st_mode):
                if resume:
                    raise CaseError(
                        str(self.path),
                        [Problem("--resume", "a device or a pipe cannot be resumed", "name a regular file")],
                        where="with this path",
                    )
                self._fh = open(self.target, "wb")  # noqa: SIM115 -- closed by close()
                self.partial = None
                return
            if self.status is not None and not os.access(self.target, os.W_OK):
                raise PermissionError(errno.EACCES, "not writable")
            if resume and self.partial.exists():
                self._reopen()
            else:
                self._fh = self._create()
        except OSError as exc:
            raise refused(self.path, exc) from None

    def _create(self) -> BinaryIO:
        assert self.partial is not None
        try:
            fd = os.open(self.partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        except FileExistsError:
            n = sum(1 for _ in _whole_lines(self.partial.read_bytes()))
            raise CaseError(
                str(self.partial),
                [
                    Problem(
                        "",
                        f"a run that was cut short (or is still running) left {n:,} finished "
                        f"line{'s' if n != 1 else ''} here",
                        "add --resume to continue that run, or delete this file to start again (once no run "
                        "writes it)",
                    )
                ],
                where="beside the output",
            ) from None
        return os.fdopen(fd, "wb")

    def _reopen(self) -> None:
        """Take back an earlier run's whole lines; cut a torn last line off (its run was killed mid-write)."""
        assert self.partial is not None
        data = self.partial.read_bytes()
        end = 0
        for number, (line, line_end) in enumerate(_whole_lines(data)):
            try:
                record = json.loads(line)
            except ValueError:
                record = None
            if not isinstance(record, dict) or record.get("index") != number:
                raise CaseError(
                    str(self.partial),
                    [
                        Problem(
                            "",
                            f"line {number + 1} is not the result line of case {number} that jurex wrote",
                            "delete this file and run again without --resume",
                            number + 1,
                        )
                    ],
                    where="beside the output",
                )
            self.kept.append(record)
            end = line_end
        self.resumed = True
        self._fh = open(self.partial, "r+b")  # noqa: SIM115 -- closed by close()
        self._fh.truncate(end)
        self._fh.seek(end)

    def write(self, data: bytes) -> None:
        """One whole line, flushed at once: a run cut short keeps every line that finished."""
        assert self._fh is not None
        try:
            self._fh.write(data)
            self._fh.flush()
        except OSError as exc:
            raise refused(self.path, exc) from None

    def promote(self) -> None:
        """The partial file becomes the output (flushed to disk first)."""
        assert self._fh is not None
        try:
            fh, self._fh = self._fh, None
            with fh:
                fh.flush()
                os.fsync(fh.fileno())
            if self.partial is None:  # a device: written already
                return
            if self.status is not None and self.status.st_nlink > 1:
                # several names: write into the same inode, so that every name sees the new content
                with open(self.target, "r+b") as out:
                    out.write(self.partial.read_bytes())
                    out.truncate()
                    out.flush()
                    os.fsync(out.fileno())
                self.partial.unlink()
                return
            os.chmod(self.partial, self.status.st_mode & 0o7777 if self.status is not None else _new_mode())
            os.replace(self.partial, self.target)
        except OSError as exc:
            raise refused(self.path, exc) from None

    def close(self) -> None:
        """After a run cut short: the partial file keeps what it has (or goes, if it has nothing)."""
        if self._fh is None:
            return
        fh, self._fh = self._fh, None
        try:
            fh.close()
            if self.partial is not None and self.partial.stat().st_size == 0:
                self.partial.unlink()
        except OSError:
            pass  # the run is ending on another error already: that one is told


def _whole_lines(data: bytes) -> Iterator[tuple[bytes, int]]:
    """Each line that ends in a newline, and the offset after it; a last line without one is torn."""
    start = 0
    while True:
        end = data.find(b"\n", start)
        if end < 0:
            return
        yield data[start:end], end + 1
        start = end + 1
