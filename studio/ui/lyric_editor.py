"""The lyric editor: section tags highlighted, syllable counts in a margin, and the split
with its stress on hover, all from the same analysis the generator uses."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QRect, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QFont, QKeySequence, QPainter, QSyntaxHighlighter, QTextCharFormat
from PySide6.QtWidgets import QPlainTextEdit, QToolTip, QWidget

from studio.core.errors import StudioError
from studio.core.lyrics import LyricsAnalysis, analyse_lyrics, format_syllables

ANALYSIS_DELAY_MS = 250  # re-analyse when typing pauses, not on every key
BURST_PAUSE_MS = 1000  # typing that pauses this long starts a new undo step
MARGIN_WIDTH = 34


class _Highlighter(QSyntaxHighlighter):
    def __init__(self, document):
        super().__init__(document)
        self.tag = QTextCharFormat()
        self.tag.setForeground(QColor("#c678dd"))
        self.tag.setFontWeight(QFont.Weight.Bold)
        self.override = QTextCharFormat()
        self.override.setForeground(QColor("#e5a50a"))

    def highlightBlock(self, text: str) -> None:
        stripped = text.strip()
        if stripped.startswith("[") and stripped.endswith("]"):
            self.setFormat(0, len(text), self.tag)
            return
        for i, ch in enumerate(text):
            if ch in "-_" and i > 0 and text[i - 1].isalpha():  # beau-ti-ful, love_
                self.setFormat(i, 1, self.override)


class _CountMargin(QWidget):
    def __init__(self, editor: LyricEditor):
        super().__init__(editor)
        self._editor = editor

    def sizeHint(self) -> QSize:
        return QSize(MARGIN_WIDTH, 0)

    def paintEvent(self, event) -> None:
        painter = QPainter(self)
        painter.fillRect(event.rect(), QColor("#efefef"))
        editor = self._editor
        block = editor.firstVisibleBlock()
        offset = editor.contentOffset()
        painter.setPen(QColor("#707070"))
        while block.isValid():
            geometry = editor.blockBoundingGeometry(block).translated(offset)
            if geometry.top() > event.rect().bottom():
                break
            count = editor.counts.get(block.blockNumber() + 1)
            if count:
                rect = QRect(0, int(geometry.top()), MARGIN_WIDTH - 6, editor.fontMetrics().height())
                painter.drawText(rect, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, str(count))
            block = block.next()


class LyricEditor(QPlainTextEdit):
    """The lyrics as the musician types them. The text belongs to the song document: every
    edit is announced (``edited``) for the document's undo stack, and the editor's own undo is
    off so that Ctrl+Z is the window's, one history for words and notes alike."""

    analysed = Signal(object)  # LyricsAnalysis, or a StudioError when the text cannot be read
    edited = Signal(str, int)  # the text after a keystroke, paste or cut; the burst it belongs to

    def __init__(self, text: str = "", parent=None):
        super().__init__(parent)
        self.setPlaceholderText(
            "Type your lyrics. [Verse] and [Chorus] tags mark sections; beau-ti-ful splits, love_ holds."
        )
        self.setFont(QFont("Sans", 11))
        self.counts: dict[int, int] = {}  # 1-based line number -> syllables
        self.splits: dict[int, str] = {}  # 1-based line number -> "BEAU·ti·ful DAY"
        self.analysis: LyricsAnalysis | StudioError | None = None  # what ``analysed`` last said
        self._highlighter = _Highlighter(self.document())
        self._margin = _CountMargin(self)
        self.setViewportMargins(MARGIN_WIDTH, 0, 0, 0)
        self.updateRequest.connect(lambda rect, dy: self._margin.update())
        self._timer = QTimer(self, singleShot=True, interval=ANALYSIS_DELAY_MS)
        self._timer.timeout.connect(self.refresh)
        self.textChanged.connect(self._timer.start)
        self.burst = 0
        self._showing = False
        self._burst_timer = QTimer(self, singleShot=True, interval=BURST_PAUSE_MS)
        self._burst_timer.timeout.connect(self.end_burst)
        self.textChanged.connect(self._typed)
        self.setUndoRedoEnabled(False)
        self.setMouseTracking(True)
        self.show_text(text)
        self.refresh()

    def show_text(self, text: str) -> None:
        """Show the document's lyrics (a song opened, an undo): not an edit of its own. The
        cursor stays where it was, as near as the new text allows."""
        if text == self.toPlainText():
            return
        position = self.textCursor().position()
        self._showing = True
        try:
            self.setPlainText(text)
        finally:
            self._showing = False
        cursor = self.textCursor()
        cursor.setPosition(min(position, len(text)))
        self.setTextCursor(cursor)
        self.end_burst()

    def end_burst(self) -> None:
        """What is typed from now on is a new undo step."""
        self._burst_timer.stop()
        self.burst += 1

    def _typed(self) -> None:
        if self._showing:
            return
        self._burst_timer.start()
        self.edited.emit(self.toPlainText(), self.burst)

    def event(self, event) -> bool:
        # Undo and redo are the window's (the document's stack): let their shortcuts through
        if event.type() == QEvent.Type.ShortcutOverride and (
            event.matches(QKeySequence.StandardKey.Undo) or event.matches(QKeySequence.StandardKey.Redo)
        ):
            event.ignore()
            return False
        return super().event(event)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        area = self.contentsRect()
        self._margin.setGeometry(QRect(area.left(), area.top(), MARGIN_WIDTH, area.height()))

    def refresh(self) -> None:
        self._timer.stop()  # this analysis is the one a pause in typing would have asked for
        try:
            analysis = analyse_lyrics(self.toPlainText())
        except StudioError as exc:
            self.analysis = exc
            self.analysed.emit(exc)
            return
        self.analysis = analysis
        self.counts = {line.number: len(line.syllables) for line in analysis.lines}
        self.splits = {line.number: format_syllables(line) for line in analysis.lines}
        self._margin.update()
        self.analysed.emit(analysis)

    def line_tip(self, line_number: int) -> str:
        split = self.splits.get(line_number)
        return f"{split}  ({self.counts[line_number]} syllables; capitals are stressed)" if split else ""

    def mouseMoveEvent(self, event) -> None:
        super().mouseMoveEvent(event)
        block = self.cursorForPosition(event.position().toPoint()).block()
        tip = self.line_tip(block.blockNumber() + 1)
        if tip:
            QToolTip.showText(event.globalPosition().toPoint(), tip, self)
        else:
            QToolTip.hideText()
