"""Where the shared corpus of real contact files lives (beside the project)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CORPUS = Path(os.environ.get("FOLLOWUP_CORPUS", ROOT.parent / "shared" / "corpus"))


def corpus_file(relative: str) -> Path:
    """A corpus file; in CI its absence is a failure, elsewhere a skip with the reason."""
    path = CORPUS / relative
    if not path.exists():
        message = f"the contact corpus is not at {CORPUS} (set FOLLOWUP_CORPUS)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return path
