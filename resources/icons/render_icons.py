"""Regenerate the hicolor PNG icons from the application icon shipped in the package.

Run from anywhere with the project's virtual environment:

    QT_QPA_PLATFORM=offscreen .venv/bin/python resources/icons/render_icons.py

The source is followup_desktop/resources/icons/followup-desktop.svg. It writes
hicolor/<N>x<N>/apps/<APP_ID>.png for every size in SIZES and copies the SVG to
hicolor/scalable/apps/<APP_ID>.svg.
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

APP_ID = "io.github.followup_desktop.FollowUpDesktop"
SIZES = (16, 24, 32, 48, 64, 128, 256)
HERE = Path(__file__).resolve().parent
SOURCE = HERE.parents[1] / "followup_desktop" / "resources" / "icons" / "followup-desktop.svg"
HICOLOR = HERE / "hicolor"


def render(renderer: QSvgRenderer, size: int, target: Path) -> None:
    """Render the SVG into a transparent size x size PNG at target."""
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    renderer.render(painter)
    painter.end()
    target.parent.mkdir(parents=True, exist_ok=True)
    if not image.save(str(target)):
        raise OSError(f"could not write {target}")


def main() -> int:
    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    renderer = QSvgRenderer(str(SOURCE))
    if not renderer.isValid():
        print(f"invalid SVG: {SOURCE}", file=sys.stderr)
        return 1
    for size in SIZES:
        target = HICOLOR / f"{size}x{size}" / "apps" / f"{APP_ID}.png"
        render(renderer, size, target)
        print(f"wrote {target.relative_to(HERE)}")
    scalable = HICOLOR / "scalable" / "apps" / f"{APP_ID}.svg"
    scalable.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(SOURCE, scalable)
    print(f"wrote {scalable.relative_to(HERE)}")
    del app
    return 0


if __name__ == "__main__":
    sys.exit(main())
