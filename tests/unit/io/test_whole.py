"""Files written whole or not at all: a full disk leaves the earlier file, in words."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

import pytest

from followup_desktop.domain.errors import os_error_words
from followup_desktop.io.whole import write_whole


def test_a_full_disk_reported_at_fsync_keeps_the_earlier_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Some file systems only say the disk is full when the bytes are flushed."""
    target = tmp_path / "everyone.csv"
    write_whole(target, b"earlier\n")

    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(OSError, match="No space left") as caught:
        write_whole(target, b"later\n" * 1000)
    assert os_error_words(caught.value) == "the disk is full"
    assert target.read_bytes() == b"earlier\n"
    assert [p.name for p in tmp_path.iterdir()] == [target.name]


def test_a_new_file_is_private_and_a_replaced_one_keeps_its_mode(tmp_path: Path) -> None:
    target = tmp_path / "everyone.vcf"
    umask = os.umask(0)
    try:
        write_whole(target, b"one")
        assert stat.S_IMODE(target.stat().st_mode) == 0o600
        target.chmod(0o640)
        write_whole(target, b"two")
        assert stat.S_IMODE(target.stat().st_mode) == 0o640
        assert target.read_bytes() == b"two"
    finally:
        os.umask(umask)
