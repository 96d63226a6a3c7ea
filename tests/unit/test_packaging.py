"""Checks on the desktop integration files: .desktop entry, AppStream metainfo, icons."""

from __future__ import annotations

import configparser
import shutil
import struct
import subprocess
import tomllib
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
APP_ID = "io.github.followup_desktop.FollowUpDesktop"
PACKAGING = ROOT / "packaging"
DESKTOP_FILE = PACKAGING / f"{APP_ID}.desktop"
METAINFO_FILE = PACKAGING / f"{APP_ID}.metainfo.xml"
ICONS = ROOT / "resources" / "icons"
HICOLOR = ICONS / "hicolor"
APP_ICON_SOURCE = ROOT / "followup_desktop" / "resources" / "icons" / "followup-desktop.svg"
ICON_SIZES = (16, 24, 32, 48, 64, 128, 256)
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def _run_validator(*command: str) -> subprocess.CompletedProcess[str]:
    if shutil.which(command[0]) is None:
        pytest.skip(f"{command[0]} is not installed (Debian package: see scripts/_setup.sh)")
    return subprocess.run(
        command, capture_output=True, text=True, check=False, cwd=PACKAGING, timeout=120
    )


def _problem_lines(output: str) -> list[str]:
    return [
        line for line in output.splitlines() if "error" in line.lower() or "warning" in line.lower()
    ]


class _CaseSensitiveParser(configparser.ConfigParser):
    def optionxform(self, optionstr: str) -> str:
        return optionstr


def _desktop_entry() -> configparser.SectionProxy:
    parser = _CaseSensitiveParser(interpolation=None, delimiters=("=",))
    parser.read(DESKTOP_FILE, encoding="utf-8")
    return parser["Desktop Entry"]


def _metainfo() -> ET.Element:
    return ET.parse(METAINFO_FILE).getroot()


def _png_size(path: Path) -> tuple[int, int]:
    header = path.read_bytes()[:24]
    assert header[:8] == PNG_SIGNATURE, f"{path} is not a PNG file"
    length, chunk_type = struct.unpack(">I4s", header[8:16])
    assert chunk_type == b"IHDR", f"{path}: first chunk is {chunk_type!r}, not IHDR"
    assert length == 13
    width, height = struct.unpack(">II", header[16:24])
    return width, height


def test_desktop_file_passes_desktop_file_validate() -> None:
    result = _run_validator("desktop-file-validate", str(DESKTOP_FILE))
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert _problem_lines(output) == []


def test_metainfo_passes_appstreamcli_validate() -> None:
    result = _run_validator("appstreamcli", "validate", "--no-net", str(METAINFO_FILE))
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert _problem_lines(output) == []


@pytest.mark.parametrize("size", ICON_SIZES)
def test_png_icon_exists_with_right_dimensions(size: int) -> None:
    path = HICOLOR / f"{size}x{size}" / "apps" / f"{APP_ID}.png"
    assert path.is_file(), f"missing icon {path.relative_to(ROOT)}"
    assert _png_size(path) == (size, size)


def test_scalable_icon_is_a_copy_of_the_source_svg() -> None:
    scalable = HICOLOR / "scalable" / "apps" / f"{APP_ID}.svg"
    source = APP_ICON_SOURCE
    assert scalable.read_bytes() == source.read_bytes()


def test_source_svg_is_self_contained() -> None:
    root = ET.parse(APP_ICON_SOURCE).getroot()
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert root.get("viewBox") == "0 0 256 256"
    hrefs = [
        value
        for element in root.iter()
        for name, value in element.attrib.items()
        if name.endswith("href")
    ]
    assert all(href.startswith("#") for href in hrefs)
    assert not any(element.tag.endswith("}text") for element in root.iter())


def test_desktop_icon_matches_icon_file_names() -> None:
    entry = _desktop_entry()
    assert entry["Icon"] == APP_ID
    assert DESKTOP_FILE.stem == APP_ID
    icon_names = {path.stem for path in HICOLOR.glob("*/apps/*")}
    assert icon_names == {entry["Icon"]}


def test_desktop_entry_keys() -> None:
    entry = _desktop_entry()
    assert entry["Type"] == "Application"
    assert entry["Exec"] == "followup-desktop"
    assert entry["Terminal"] == "false"
    assert entry["StartupWMClass"] == "followup-desktop"
    assert "Office" in entry["Categories"].split(";")


def test_metainfo_launchable_points_at_desktop_file() -> None:
    root = _metainfo()
    assert root.findtext("id") == APP_ID
    launchables = root.findall("launchable")
    assert [(item.get("type"), item.text) for item in launchables] == [
        ("desktop-id", DESKTOP_FILE.name)
    ]


def test_metainfo_provides_the_desktop_exec_binary() -> None:
    binaries = [item.text for item in _metainfo().iterfind("provides/binary")]
    assert binaries == [_desktop_entry()["Exec"].split()[0]]


def test_every_package_resource_is_declared_as_package_data() -> None:
    """A file under followup_desktop/resources that no pattern names is left out of a wheel."""
    with (ROOT / "pyproject.toml").open("rb") as handle:
        patterns = tomllib.load(handle)["tool"]["setuptools"]["package-data"]["followup_desktop"]
    package = ROOT / "followup_desktop"
    resources = [path for path in (package / "resources").rglob("*") if path.is_file()]
    assert resources
    undeclared = [
        path.relative_to(package).as_posix()
        for path in resources
        if not any(path.relative_to(package).match(pattern) for pattern in patterns)
    ]
    assert undeclared == []
