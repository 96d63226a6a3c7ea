"""The README's command-line examples run on demo data, and its reference is code."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest

from followup_desktop.cli import main
from followup_desktop.domain.clock import FixedClock

README = Path(__file__).resolve().parents[2] / "README.md"


def _examples() -> list[list[str]]:
    text = README.read_text(encoding="utf-8")
    section = re.search(r"<!-- cli-examples -->(.*?)<!-- /cli-examples -->", text, re.S)
    assert section, "the README marks its examples with <!-- cli-examples -->"
    return [
        shlex.split(line)
        for line in section.group(1).splitlines()
        if line.startswith("followup-desktop ")
    ]


def test_the_readme_examples_run_on_demo_data(
    tmp_path: Path, clock: FixedClock, capsys: pytest.CaptureFixture[str]
) -> None:
    examples = _examples()
    assert len(examples) >= 3
    assert any("demo" in args for args in examples)
    for args in examples:
        args = [str(tmp_path / "try") if a == "/tmp/try" else a for a in args[1:]]
        code = main(args, clock=clock)
        _out, err = capsys.readouterr()
        assert code == 0, f"{shlex.join(args)}: {err}"


def _code_lines() -> set[str]:
    """The lines of the README inside ``` fences."""
    inside, lines = False, set()
    for line in README.read_text(encoding="utf-8").splitlines():
        if line.startswith("```"):
            inside = not inside
        elif inside:
            lines.add(line)
    assert not inside, "an unclosed code fence"
    return lines


def test_the_command_reference_is_one_code_block() -> None:
    code = _code_lines()
    for command in ("due [--until WHEN", "import FILE...", "export --format vcard|csv|ics"):
        assert any(line.startswith(command) for line in code), command
