"""Reads are bounded by the bytes actually read: an endless or lying file is refused after MAX_BYTES + 1 bytes."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

import pytest

from jurisdiction.errors import CaseError
from jurisdiction.input import reader
from jurisdiction.input.loader import load


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom"])
def test_an_endless_file_is_refused_after_the_bound(
    device: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    if not Path(device).exists():
        pytest.skip(f"no {device} here")
    monkeypatch.setattr(reader, "MAX_BYTES", 10_000)  # the bound, not the machine's memory, is what is tested
    link = tmp_path / "case.yaml"
    link.symlink_to(device)
    with pytest.raises(CaseError) as refused:
        load(link)
    assert "more than 10,000 bytes" in str(refused.value) and str(link) in str(refused.value)


def test_a_file_whose_size_says_nothing_is_still_bounded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """stat() of a FIFO says 0 bytes; the writer sends more than the bound."""
    import threading

    monkeypatch.setattr(reader, "MAX_BYTES", 10_000)
    fifo = tmp_path / "case.yaml"
    os.mkfifo(fifo)

    def feed() -> None:
        # the reader stops at the bound and closes its end, as it should
        with contextlib.suppress(BrokenPipeError), open(fifo, "wb") as fh:
            fh.write(b"a: b\n" * 5_000)

    writer = threading.Thread(target=feed)
    writer.start()
    with pytest.raises(CaseError) as refused:
        load(fifo)
    writer.join(timeout=30)
    assert "more than 10,000 bytes" in str(refused.value)
