"""The main window. Until the studio window lands (issue 6) it holds the lyric editor and a
live view of the syllable analysis, so a musician can already check how words will sing."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QMainWindow, QPlainTextEdit, QSplitter

from studio.core.errors import StudioError
from studio.core.lyrics import format_syllables

ANALYSIS_DELAY_MS = 250  # re-analyse after typing pauses, not on every key


class MainWindow(QMainWindow):
    def __init__(self, lyrics: str, analyse: Callable):
        super().__init__()
        self._analyse = analyse
        self.setWindowTitle("Studio")
        self.resize(1000, 640)
        self.editor = QPlainTextEdit(lyrics)
        self.editor.setPlaceholderText("Type your lyrics. [Verse] and [Chorus] tags mark sections.")
        self.analysis = QPlainTextEdit(readOnly=True)
        splitter = QSplitter()
        splitter.addWidget(self.editor)
        splitter.addWidget(self.analysis)
        self.setCentralWidget(splitter)
        self._timer = QTimer(self, singleShot=True, interval=ANALYSIS_DELAY_MS)
        self._timer.timeout.connect(self.refresh_analysis)
        self.editor.textChanged.connect(self._timer.start)
        self.refresh_analysis()

    def refresh_analysis(self) -> None:
        try:
            result = self._analyse(self.editor.toPlainText())
        except StudioError as exc:
            self.statusBar().showMessage(str(exc))
            return
        lines = []
        for section in result.sections:
            lines.append(f"[{section.label}]")
            lines += [f"{format_syllables(line)}  ({len(line.syllables)})" for line in section.lines]
        self.analysis.setPlainText("\n".join(lines))
        count = len(result.syllables)
        self.statusBar().showMessage(result.warnings[0] if result.warnings else f"{count} syllables")
