"""Start the Qt application and show the main window."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication

from studio.core.lyrics import analyse_lyrics
from studio.paths import resource_path
from studio.ui.main_window import MainWindow


def demo_lyrics() -> str:
    path = resource_path("lyrics", "demo.txt")
    return path.read_text(encoding="utf-8") if path.is_file() else ""


def run_app(settings, argv: list[str]) -> int:
    app = QApplication.instance() or QApplication(argv)
    app.setApplicationName("Studio")
    window = MainWindow(demo_lyrics(), analyse_lyrics)
    window.show()
    return app.exec()
