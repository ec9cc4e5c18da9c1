"""Start the Qt application and show the main window."""

from __future__ import annotations

import os
import sys

from PySide6.QtWidgets import QApplication

from studio.core.errors import StudioError
from studio.core.lyrics import analyse_lyrics
from studio.paths import resource_path
from studio.ui.main_window import MainWindow


def demo_lyrics() -> str:
    path = resource_path("lyrics", "demo.txt")
    return path.read_text(encoding="utf-8") if path.is_file() else ""


def check_display() -> None:
    """Qt aborts the process when it finds no display; say so in one line instead."""
    no_display = not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
    if sys.platform.startswith("linux") and no_display and not os.environ.get("QT_QPA_PLATFORM"):
        raise StudioError("no display to open the window on; use the command line (studio --help)")


def run_app(settings, argv: list[str]) -> int:
    check_display()
    app = QApplication.instance() or QApplication(argv)
    app.setApplicationName("Studio")
    window = MainWindow(demo_lyrics(), analyse_lyrics)
    window.show()
    return app.exec()
