"""Driving the window as a musician would."""

from PySide6.QtCore import Qt

LYRICS = "[Verse]\nsing a song of love\nbeautiful fire\n"
GENERATE_MS = 60_000


def generate(qtbot, win):
    with qtbot.waitSignal(win.song_ready, timeout=GENERATE_MS):
        qtbot.mouseClick(win.generate_button, Qt.MouseButton.LeftButton)
