"""The chord lane under the piano roll's bar ruler: the song's chord symbols where they
sound. Click a chord to pick another (the key's chords and the style's, or any symbol typed
in, such as F#m7); drag its right edge to change how long it lasts, the next chord giving
way; click an empty bar to put a chord there. Each change is announced as the song's whole
chord list and the ticks it touched: the window has the band play those bars again."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import QInputDialog, QMenu, QWidget

from studio.core.song import ChordLabel
from studio.core.theory import chord_from_symbol

LANE_HEIGHT = 22  # px
EDGE_PX = 6  # px at a chord's right end that drag its length
COLOURS = (QColor("#2f4f6f"), QColor("#3b5f83"))


class ChordLane(QWidget):
    changed = Signal(object, int, int)  # the song's chords after the edit; ticks [start, end) it changed
    message = Signal(str)

    def __init__(self, roll):
        super().__init__(roll)
        self._roll = roll
        self.choices: list[str] = []  # the symbols the menu offers (the window sets them per song)
        self.menu: QMenu | None = None
        self._drag: dict | None = None
        self.setMouseTracking(True)
        self.setToolTip("Chords: click one to change it, drag its right edge to change its length")

    @property
    def chords(self) -> tuple[ChordLabel, ...]:
        return tuple(sorted(self._roll.song.chords, key=lambda c: c.start))

    def _x(self, tick: int) -> float:
        return self._roll.mapFromScene(QPointF(tick, 0)).x()

    def _tick(self, x: float) -> int:
        return max(0, int(self._roll.mapToScene(int(x), 0).x()))

    def paintEvent(self, event) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor("#262626"))
        chords = self._drag["chords"] if self._drag else self.chords
        for index, chord in enumerate(chords):
            left, right = self._x(chord.start), self._x(chord.start + chord.duration)
            if right < 0 or left > self.width():
                continue
            box = QRectF(left + 1, 2, max(1.0, right - left - 2), self.height() - 4)
            painter.fillRect(box, COLOURS[index % 2])
            painter.setPen(QColor("#f0f0f0"))
            painter.drawText(box.adjusted(4, 0, -2, 0), Qt.AlignmentFlag.AlignVCenter, chord.symbol)
        painter.end()

    # -- gestures ---------------------------------------------------------------------
    def _at(self, x: float) -> tuple[int | None, bool]:
        """The chord under x and whether x is on its right edge."""
        for index, chord in enumerate(self.chords):
            left, right = self._x(chord.start), self._x(chord.start + chord.duration)
            if abs(x - right) <= EDGE_PX:
                return index, True
            if left <= x < right:
                return index, False
        return None, False

    def mousePressEvent(self, event) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            return
        x = event.position().x()
        index, edge = self._at(x)
        if edge:
            self._drag = {"index": index, "chords": self.chords}
        else:
            self.open_menu(index, self._tick(x), event.globalPosition().toPoint())

    def mouseMoveEvent(self, event) -> None:
        x = event.position().x()
        if self._drag is None:
            _, edge = self._at(x)
            self.setCursor(Qt.CursorShape.SizeHorCursor if edge else Qt.CursorShape.ArrowCursor)
            return
        self._drag["chords"] = self.resized(self._drag["index"], self._tick(x))
        self.update()

    def mouseReleaseEvent(self, event) -> None:
        if self._drag is None:
            return
        index, chords = self._drag["index"], self._drag["chords"]
        self._drag = None
        before = self.chords
        if chords != before:
            ends = sorted((before[index].start + before[index].duration, chords[index].start + chords[index].duration))
            self.changed.emit(chords, ends[0], ends[1])
        self.update()

    def resized(self, index: int, end: int) -> tuple[ChordLabel, ...]:
        """The chords with chord ``index`` ending at ``end`` (snapped to the beat), the next
        one starting there; each keeps at least a beat."""
        chords = list(self.chords)
        beat = self._roll.song.meter.beat_ticks
        chord = chords[index]
        later = chords[index + 1] if index + 1 < len(chords) else None
        limit = later.start + later.duration - beat if later else max(self._roll.song.end_tick, chord.start + beat)
        end = max(chord.start + beat, min(limit, round(end / beat) * beat))
        chords[index] = replace(chord, duration=end - chord.start)
        if later is not None and later.start == chord.start + chord.duration:  # adjoining: it gives way
            chords[index + 1] = replace(later, start=end, duration=later.start + later.duration - end)
        return tuple(chords)

    def open_menu(self, index: int | None, tick: int, where) -> QMenu:
        """The chords to choose from, for the chord ``index`` (None: a new one at ``tick``)."""
        self.menu = QMenu(self)
        for symbol in self.choices:
            self.menu.addAction(symbol, lambda symbol=symbol: self.choose(index, symbol, tick))
        self.menu.addSeparator()
        self.menu.addAction("Other chord...", lambda: self._ask(index, tick))
        self.menu.popup(where)
        return self.menu

    def _ask(self, index: int | None, tick: int) -> None:
        current = self.chords[index].symbol if index is not None else ""
        text, ok = QInputDialog.getText(self, "Chord", "Chord symbol (Am, F#m7, Bb, Csus4, G/B):", text=current)
        if ok:
            self.choose(index, text.strip(), tick)

    def choose(self, index: int | None, symbol: str, tick: int = 0) -> None:
        """Put ``symbol`` in place of chord ``index``, or in the bar at ``tick``."""
        if chord_from_symbol(symbol, 0) is None:
            self.message.emit(f"{symbol!r} is not a chord symbol Studio can play (try Am, F#m7, Bb, Csus4)")
            return
        chords = list(self.chords)
        if index is None:
            bar = self._roll.song.meter.bar_ticks
            start = tick // bar * bar
            if any(c.start < start + bar and start < c.start + c.duration for c in chords):
                self.message.emit("that bar already has a chord: click it to change it")
                return
            chord = ChordLabel(start, bar, symbol)
            chords.append(chord)
        else:
            chord = chords[index] = replace(chords[index], symbol=symbol)
        if tuple(chords) != self.chords:
            self.changed.emit(tuple(sorted(chords, key=lambda c: c.start)), chord.start, chord.start + chord.duration)
