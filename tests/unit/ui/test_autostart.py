"""Start at login: a valid XDG autostart entry, written and removed."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from followup_desktop.ui import autostart

VALIDATOR = shutil.which("desktop-file-validate")
GIO = shutil.which("gio")
AWKWARD = [
    '/home/zoë/my "data" $HOME\\backup\t100% `x`',
    "",
    "a'b;c&d|e>f<g~h*i?j#k(l)m",
]


@pytest.fixture(autouse=True)
def config_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "config"
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home))
    monkeypatch.setattr(autostart, "_platform", lambda: "linux")
    return home


def validate(path: Path) -> str:
    if VALIDATOR is None:
        pytest.skip("desktop-file-validate is not installed (Debian: desktop-file-utils)")
    result = subprocess.run([VALIDATOR, str(path)], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout + result.stderr


def parse_exec(value: str) -> list[str]:
    """Read an Exec value back as the Desktop Entry Specification says a launcher does."""
    # First the general string-value escapes...
    unescaped, i = [], 0
    while i < len(value):
        if value[i] == "\\" and i + 1 < len(value):
            unescaped.append({"s": " ", "n": "\n", "t": "\t", "r": "\r", "\\": "\\"}[value[i + 1]])
            i += 2
        else:
            unescaped.append(value[i])
            i += 1
    text = "".join(unescaped)
    # ...then the Exec quoting, and %% for a percent sign.
    args: list[str] = []
    current: list[str] | None = None
    i = 0
    while i < len(text):
        ch = text[i]
        if ch == " ":
            if current is not None:
                args.append("".join(current))
                current = None
            i += 1
        elif ch == '"':
            current = current if current is not None else []
            i += 1
            while text[i] != '"':
                if text[i] == "\\":
                    assert text[i + 1] in '"`$\\', f"bad escape in {value!r}"
                    i += 1
                current.append(text[i])
                i += 1
            i += 1
        else:
            current = current if current is not None else []
            assert ch not in "\"'\\><~|&;$*?#()`\t", f"unquoted {ch!r} in {value!r}"
            current.append(ch)
            i += 1
    if current is not None:
        args.append("".join(current))
    return [a.replace("%%", "%") for a in args]


def entry_values(path: Path) -> dict[str, str]:
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "[Desktop Entry]"
    return dict(line.split("=", 1) for line in lines[1:] if line)


def test_the_entry_lives_in_the_xdg_autostart_folder(config_home: Path) -> None:
    expected = config_home / "autostart" / "io.github.followup_desktop.FollowUpDesktop.desktop"
    assert autostart.autostart_path() == expected


def test_without_xdg_config_home_it_is_under_dot_config(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.delenv("XDG_CONFIG_HOME")
    assert autostart.autostart_path().parent == tmp_path / ".config" / "autostart"
    # A relative value is invalid per the Base Directory spec and ignored.
    monkeypatch.setenv("XDG_CONFIG_HOME", "relative/config")
    assert autostart.autostart_path().parent == tmp_path / ".config" / "autostart"


def test_enabling_writes_a_valid_entry_and_disabling_removes_it() -> None:
    path = autostart.autostart_path()
    assert not autostart.is_enabled()

    autostart.set_enabled(True, ["/usr/bin/followup-desktop"])
    assert autostart.is_enabled()
    assert validate(path) == ""
    values = entry_values(path)
    assert values["Type"] == "Application"
    assert values["Name"] == "FollowUp"
    assert values["Exec"] == "/usr/bin/followup-desktop"
    assert values["Icon"] == "io.github.followup_desktop.FollowUpDesktop"
    assert values["X-GNOME-Autostart-enabled"] == "true"
    assert values["Comment"]
    assert [p.name for p in path.parent.iterdir()] == [path.name]  # no temp file left

    autostart.set_enabled(False, ["/usr/bin/followup-desktop"])
    assert not path.exists()
    assert not autostart.is_enabled()
    autostart.set_enabled(False, [])  # already off: nothing to do


def test_awkward_arguments_are_quoted_so_a_launcher_reads_them_back() -> None:
    command = [
        "/opt/Follow Up/bin/python3",
        "-m",
        "followup_desktop",
        "--data-dir",
        *AWKWARD,
    ]
    autostart.set_enabled(True, command)
    path = autostart.autostart_path()
    validate(path)
    assert parse_exec(entry_values(path)["Exec"]) == command


@pytest.mark.skipif(GIO is None, reason="needs GLib's gio (Debian: libglib2.0-bin)")
def test_a_real_launcher_runs_the_command_with_the_same_arguments(tmp_path: Path) -> None:
    out = tmp_path / "argv.json"
    part = f"{out}.part"
    record = (
        f"import json, os, sys; open({part!r}, 'w').write(json.dumps(sys.argv[1:])); "
        f"os.replace({part!r}, {str(out)!r})"
    )
    autostart.set_enabled(True, [sys.executable, "-c", record, *AWKWARD])
    assert GIO is not None
    subprocess.run([GIO, "launch", str(autostart.autostart_path())], check=True, timeout=30)
    deadline = time.monotonic() + 15
    while not out.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert json.loads(out.read_text(encoding="utf-8")) == AWKWARD


def test_enabling_again_replaces_the_command() -> None:
    autostart.set_enabled(True, ["/old/followup-desktop"])
    autostart.set_enabled(True, ["/new/followup-desktop"])
    assert entry_values(autostart.autostart_path())["Exec"] == "/new/followup-desktop"


@pytest.mark.parametrize("switched_off", ["Hidden=true", "X-GNOME-Autostart-enabled=false"])
def test_an_entry_switched_off_by_the_desktop_counts_as_off(switched_off: str) -> None:
    autostart.set_enabled(True, ["followup-desktop"])
    path = autostart.autostart_path()
    path.write_text(path.read_text(encoding="utf-8") + switched_off + "\n", encoding="utf-8")
    assert not autostart.is_enabled()


@pytest.mark.parametrize("command", [[], [""], ["followup-desktop", "two\nlines"]])
def test_a_command_that_cannot_be_written_is_refused(command: list[str]) -> None:
    with pytest.raises(ValueError, match="start-at-login"):
        autostart.set_enabled(True, command)
    assert not autostart.autostart_path().exists()


def test_elsewhere_it_is_off_and_says_why(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(autostart, "_platform", lambda: "win32")
    assert not autostart.is_supported()
    assert not autostart.is_enabled()
    with pytest.raises(autostart.AutostartUnsupportedError, match="Linux only"):
        autostart.set_enabled(True, ["followup-desktop"])


def test_the_launch_command_is_the_script_that_was_started(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    script = tmp_path / "bin" / "followup-desktop"
    script.parent.mkdir()
    script.write_text("#!/bin/sh\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(sys, "argv", ["bin/followup-desktop", "--demo"])
    assert autostart.launch_command() == [str(script)]
    monkeypatch.setattr(sys, "argv", ["/somewhere/else/pytest"])
    assert autostart.launch_command() == [sys.executable, "-m", "followup_desktop"]


def test_in_a_bundle_the_launch_command_is_the_bundle_program(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Started by name from PATH (argv[0] has no folder), a bundle names its own program."""
    monkeypatch.setattr(sys, "argv", ["followup-desktop"])
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "executable", "/home/ana/.local/lib/followup-desktop/followup-desktop")
    assert autostart.launch_command() == ["/home/ana/.local/lib/followup-desktop/followup-desktop"]
