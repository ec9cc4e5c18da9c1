"""Start the Qt application and show the studio window (or take a screenshot of it)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from studio.core.errors import StudioError
from studio.core.paths import resource_path

SCREENSHOT_TIMEOUT_MS = 300_000  # a generation on a slow machine, with room to spare


def demo_lyrics() -> str:
    path = resource_path("lyrics", "demo.txt")
    return path.read_text(encoding="utf-8") if path.is_file() else ""


def has_display() -> bool:
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")) or not sys.platform.startswith("linux")


def check_display() -> None:
    """Qt aborts the process when it finds no display; say so in one line instead."""
    if not has_display() and not os.environ.get("QT_QPA_PLATFORM"):
        raise StudioError("no display to open the window on; use the command line (studio --help)")


def run_app(settings, argv: list[str], screenshot: Path | None = None, lyrics: str | None = None,
            style: str | None = None, generate: bool = False) -> int:  # fmt: skip
    if screenshot is not None and not has_display():
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # a screenshot needs no screen
    check_display()
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(argv)
    app.setApplicationName("Studio")
    window = build_window(settings, demo_lyrics() if lyrics is None else lyrics)
    if style:
        window.style_panel.select_style(style)
    window.show()
    if screenshot is not None:
        return take_screenshot(app, window, screenshot, generate)
    window.recover_untitled()
    return app.exec()


def build_window(settings, lyrics: str = "", warm_up: bool = True):
    """The window with what it drives: its engine in a process of its own and the player."""
    from studio.app.engine_process import EngineProcess
    from studio.audio.playback import Player
    from studio.ui.main_window import MainWindow
    from studio.ui.services import WindowServices

    services = WindowServices.over(EngineProcess(settings), Player(settings.audio_device))
    return MainWindow(settings, services, lyrics, warm_up)


def take_screenshot(app, window, path: Path, generate: bool) -> int:
    """Optionally generate and wait for the song, then save the whole window as a PNG."""
    from PySide6.QtCore import QEventLoop, QTimer

    outcome = {"error": None}
    if generate:
        loop = QEventLoop()
        window.song_ready.connect(loop.quit)
        window.generation_failed.connect(lambda message: (outcome.update(error=message), loop.quit()))
        QTimer.singleShot(SCREENSHOT_TIMEOUT_MS, loop.quit)
        window.generate()
        loop.exec()
        if outcome["error"] or window.rendering is None:
            window.worker.shutdown()
            raise StudioError(outcome["error"] or "the song was not ready in time for the screenshot")
    for _ in range(3):
        app.processEvents()
    image = window.grab()
    if not image.save(str(path)):
        window.worker.shutdown()
        raise StudioError(f"cannot write the screenshot {path}")
    print(f"wrote {path} ({image.width()}x{image.height()})")
    window.document.undo_stack.setClean()  # nothing to ask on the way out
    window.close()
    return 0
