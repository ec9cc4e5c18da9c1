"""What the piano roll paints besides its notes: the grid and section names in the scene,
and the keyboard (left) and bar ruler (top). Those two sit outside the view's viewport,
so they are widgets of their own that hand clicks back to the roll."""

from __future__ import annotations

import functools

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPen, QTransform
from PySide6.QtWidgets import QGraphicsItem, QGraphicsRectItem, QWidget

from studio.core.song import Note

KEYS_WIDTH = 48  # px of keyboard at the left
RULER_HEIGHT = 34  # px at the top: the sections, and the bar numbers under them
SECTION_HEIGHT = 16
BLACK_KEYS = {1, 3, 6, 8, 10}
SECTION_COLOURS = {  # by kind, so that every chorus looks alike
    "intro": QColor("#555555"),
    "verse": QColor("#3d6b4f"),
    "pre-chorus": QColor("#6b6b3d"),
    "chorus": QColor("#7a3d5c"),
    "bridge": QColor("#3d4f7a"),
    "outro": QColor("#555555"),
}


def paint_grid(roll, painter: QPainter, rect: QRectF) -> None:
    """Beat and bar lines (bars only when beats would crowd) across the exposed area."""
    change = roll.song.meters[0]
    bar, beat = change.meter.bar_ticks, change.meter.beat_ticks
    step = beat if beat * roll.px_per_tick >= 8 else bar
    first = int(rect.left()) // step * step
    for tick in range(first, int(rect.right()) + step, step):
        colour = "#5a5a5a" if tick % bar == 0 else "#3a3a3a"
        painter.setPen(QPen(QColor(colour), 0))
        painter.drawLine(QPointF(tick, rect.top()), QPointF(tick, rect.bottom()))


def paint_keys(roll, painter: QPainter, height: int) -> None:
    painter.fillRect(0, 0, KEYS_WIDTH, height, QColor("#dddddd"))
    row = roll.px_per_row
    for pitch in range(128):
        y = roll.mapFromScene(QPointF(0, 127 - pitch)).y()
        if y + row < 0 or y > height:
            continue
        black = pitch % 12 in BLACK_KEYS
        painter.fillRect(0, int(y), KEYS_WIDTH * 2 // 3 if black else KEYS_WIDTH, max(1, int(row)),
                         QColor("#222222") if black else QColor("#f4f4f4"))  # fmt: skip
        if pitch % 12 == 0 and row >= 7:
            painter.setPen(QColor("#555555"))
            painter.drawText(2, int(y + row) - 2, f"C{pitch // 12 - 1}")


def paint_ruler(roll, painter: QPainter, width: int) -> None:
    """The sections as named blocks along the top, the bar numbers under them."""
    painter.fillRect(0, 0, width, RULER_HEIGHT, QColor("#3c3c3c"))
    sections = roll.song.sections
    for index, section in enumerate(sections):
        end = sections[index + 1].start if index + 1 < len(sections) else roll.song.end_tick
        left = roll.mapFromScene(QPointF(section.start, 0)).x()
        right = roll.mapFromScene(QPointF(end, 0)).x()
        if right < 0 or left > width:
            continue
        box = QRectF(left, 1, max(1.0, right - left - 1), SECTION_HEIGHT - 2)
        painter.fillRect(box, SECTION_COLOURS.get(section.kind, SECTION_COLOURS["verse"]))
        painter.setPen(QColor("#f4f4f4"))
        painter.drawText(box.adjusted(4, 0, -2, 0), Qt.AlignmentFlag.AlignVCenter, section.label)
    _paint_phrases(roll, painter, width)
    painter.setPen(QColor("#d0d0d0"))
    bar = roll.song.meter.bar_ticks
    every = max(1, int(40 / max(1e-6, bar * roll.px_per_tick)))
    left, right = int(roll.mapToScene(0, 0).x()), int(roll.mapToScene(width, 0).x())
    for number in range(max(0, left // bar), right // bar + 2):
        if number % every == 0:
            x = roll.mapFromScene(QPointF(number * bar, 0)).x()
            if x >= 0:
                painter.drawText(int(x) + 2, RULER_HEIGHT - 4, str(number + 1))


def _paint_phrases(roll, painter: QPainter, width: int) -> None:
    """The phrases (one per sung line) as a strip of alternating shades along the foot of
    their section's block: where each line begins and how long it runs."""
    phrases = roll.song.phrases
    edges = sorted({*phrases, *(s.start for s in roll.song.sections), roll.song.end_tick})
    for index, start in enumerate(phrases):
        end = next((edge for edge in edges if edge > start), start + 1)  # the next phrase or section
        left = roll.mapFromScene(QPointF(start, 0)).x()
        right = roll.mapFromScene(QPointF(end, 0)).x()
        if right < 0 or left > width:
            continue
        shade = QColor(255, 255, 255, 90 if index % 2 else 45)
        painter.fillRect(QRectF(left + 1, SECTION_HEIGHT - 5, max(1.0, right - left - 2), 3), shade)


class Margin(QWidget):
    """The keyboard (left) or the bar ruler (top): painted by the roll, clicks (and right
    clicks, where ``context`` takes them) go back to it."""

    def __init__(self, roll, paint, click, context=None):
        super().__init__(roll)
        self._paint, self._click, self._context = paint, click, context

    def paintEvent(self, event) -> None:
        painter = QPainter(self)
        self._paint(self.parent(), painter, self.height() if self.width() == KEYS_WIDTH else self.width())
        painter.end()

    def mousePressEvent(self, event) -> None:
        position = event.position()
        along = position.y() if self.width() == KEYS_WIDTH else position.x()
        if event.button() == Qt.MouseButton.RightButton and self._context is not None:
            self._context(along, event.globalPosition().toPoint())
        else:
            self._click(along)


NOTE_COLOURS = {"generated": QColor("#4a90d9"), "seed": QColor("#e8903a"), "selected": QColor("#f5d547")}


_OUTLINE = QPen(QColor("#1b1b1b"), 1)
_TEXT = QColor("#101010")


@functools.cache
def _font(size: int) -> QFont:
    return QFont("Sans", size)


_DEVICE = QTransform()


class NoteItem(QGraphicsRectItem):
    """A note: a rectangle of duration x 1 row in scene units. The rectangle (and so the
    bounding box) lives in C++: the scene asks for it about six times per paint, and a
    Python boundingRect made that 94,000 calls into Python per 40 redraws."""

    def __init__(self, note: Note):
        super().__init__(0, 0, note.duration, 1)
        self.note = note
        self.setPen(Qt.PenStyle.NoPen)  # no pen: the bounding box is the note itself
        self.setPos(note.start, 127 - note.pitch)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsSelectable)
        self.setZValue(1)
        self.setToolTip(f"{note.lyric or '(no lyric)'} - pitch {note.pitch}{' - seed' if note.seed else ''}")

    def paint(self, painter: QPainter, option, widget=None) -> None:
        world = painter.worldTransform()
        rect = world.mapRect(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5)
        kind = "selected" if self.isSelected() else "seed" if self.note.seed else "generated"
        painter.setWorldTransform(_DEVICE)  # device pixels: sharp edges and text at any zoom
        if rect.width() < 4:  # a sliver at this zoom: no outline or rounding to see
            painter.fillRect(rect, NOTE_COLOURS[kind])
            painter.setWorldTransform(world)
            return
        painter.setBrush(NOTE_COLOURS[kind])
        painter.setPen(_OUTLINE)
        painter.drawRoundedRect(rect, 2, 2)
        if self.note.lyric and rect.width() > 14 and rect.height() > 8:
            painter.setPen(_TEXT)
            painter.setFont(_font(max(6, min(10, int(rect.height()) - 3))))
            text = self.note.lyric + ("-" if self.note.joins_next else "")
            painter.drawText(rect.adjusted(3, 0, -2, 0), Qt.AlignmentFlag.AlignVCenter, text)
        painter.setWorldTransform(world)
