"""Fixtures for the unit tests: the CLI run with a fixed clock in a fresh data folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from followup_desktop.cli import main
from followup_desktop.domain.clock import FixedClock


@pytest.fixture
def run(tmp_path: Path, clock: FixedClock, capsys: pytest.CaptureFixture[str]):  # type: ignore[no-untyped-def]
    data = tmp_path / "data"

    def _run(*args: str) -> tuple[int, str, str]:
        code = main(["--data-dir", str(data), *args], clock=clock)
        out, err = capsys.readouterr()
        return code, out, err

    _run.data = data  # type: ignore[attr-defined]
    return _run
