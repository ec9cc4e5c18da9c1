"""The piano roll: one track's notes as items on a QGraphicsScene, the others as ghosts.

Scene units are ticks across and semitone rows down (row 0 is pitch 127); zoom is the
view's transform, so zooming 5,000 notes changes one matrix instead of 5,000 items. Notes
paint themselves in device pixels so text and borders stay sharp at any zoom. The grid,
ghost notes and the keyboard are painted by the view for the exposed area only.

Gestures follow DAWs: draw / select / erase tools (D, S, E); drag a note to move it, its
right edge to resize it; snap to the grid unless Alt is held; rubber-band selection on
empty space; arrow keys transpose (Shift: an octave) and move; wheel scrolls, Shift+wheel
scrolls sideways, Ctrl+wheel or + and - zoom time, Alt with either zooms pitch, F fits
the whole song. Every change is a core command, so undo works; a drag is one step.
"""

from __future__ import annotations

import bisect
import itertools
from dataclasses import replace

from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QPainter, QPen
from PySide6.QtWidgets import (
    QGraphicsLineItem,
    QGraphicsScene,
    QGraphicsView,
    QInputDialog,
)

from studio.core.commands import ReplaceNotes, add_notes, delete_notes, move_notes, set_lyric
from studio.core.song import Note, Song, Track
from studio.core.theory import PPQ
from studio.ui.chord_lane import LANE_HEIGHT, ChordLane
from studio.ui.piano_painting import (
    BLACK_KEYS,
    KEYS_WIDTH,
    RULER_HEIGHT,
    Margin,
    NoteItem,
    paint_grid,
    paint_keys,
    paint_ruler,
)

EDGE_PX = 6  # px at a note's right end that resize instead of move
SNAPS = {
    "1/4": PPQ,
    "1/8": PPQ // 2,
    "1/16": PPQ // 4,
    "1/32": PPQ // 8,
    "1/8 triplet": PPQ // 3,
    "1/16 triplet": PPQ // 6,
}
TOOLS = ("draw", "select", "erase")
READABLE_BARS = 4  # bars a fitted view holds: an eighth note wide enough for its syllable
FIT_MIN_ROWS = 14  # semitones a fitted view shows at least
FIT_MARGIN_ROWS = 3  # semitones above and below the track's range
MIN_FIT_ROW_PX, MAX_ROW_PX = 10.0, 28.0  # a note tall enough for its lyric, not a cartoon
MAX_TICK_PX = 2.0
ZOOM_STEP = 1.25  # one press of + or -
_drag_ids = itertools.count(1)


class PianoRoll(QGraphicsView):
    edited = Signal(object)  # a core Command to apply
    message = Signal(str)  # a one-line notice for the status bar
    preview = Signal(int)  # a pitch the musician clicked: play it
    seek = Signal(float)  # seconds, from a click on the ruler
    section_menu = Signal(int, object)  # a right click on a section of the ruler: its index, where (QPoint)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setScene(QGraphicsScene(self))
        self.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.MinimalViewportUpdate)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setResizeAnchor(QGraphicsView.ViewportAnchor.AnchorViewCenter)  # the docks settle: the notes stay
        self.setViewportMargins(KEYS_WIDTH, RULER_HEIGHT + LANE_HEIGHT, 0, 0)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.song = Song()
        self.track_index: int | None = None
        self.tool = "select"
        self.snap = SNAPS["1/8"]
        self._items: list[NoteItem] = []
        self._ghosts: list[tuple[int, int, int]] = []  # (start, end, pitch) of the other tracks
        self._ghost_starts: list[int] = []
        self._longest_ghost = 0
        self._drag: dict | None = None
        self._clipboard: list[Note] = []
        self.playhead = QGraphicsLineItem(0, 0, 0, 128)
        self.playhead.setPen(QPen(QColor("#e04040"), 0))
        self.playhead.setZValue(10)
        self.scene().addItem(self.playhead)
        self._keys = Margin(self, paint_keys, self.key_clicked)
        self._ruler = Margin(self, paint_ruler, self.ruler_clicked, self.ruler_menu)
        self.chord_lane = ChordLane(self)
        self.px_per_tick, self.px_per_row = 0.12, 12.0
        self._apply_zoom()
        self.set_song(Song(), None)
        self.centerOn(0, 127 - 67)

    # -- the song ---------------------------------------------------------------------
    def set_song(self, song: Song, track_index: int | None) -> None:
        """Show a song, editing one track (None: the melody track)."""
        self.song = song
        if track_index is None or track_index >= len(song.tracks):
            melody = song.melody_track() or next((t for t in song.tracks if not t.is_drums), None)
            track_index = song.tracks.index(melody) if melody is not None else None
        self.track_index = track_index
        selected = {item.note for item in self._items if item.isSelected()}
        for item in self._items:
            self.scene().removeItem(item)
        self._items = []
        for note in self.track.notes if self.track else ():
            item = NoteItem(note)
            self.scene().addItem(item)
            item.setSelected(note in selected)
            self._items.append(item)
        self._ghosts = sorted(
            (n.start, n.end, n.pitch)
            for i, t in enumerate(song.tracks)
            if i != track_index and not t.is_drums
            for n in t.notes
        )
        self._ghost_starts = [g[0] for g in self._ghosts]
        self._longest_ghost = max((g[1] - g[0] for g in self._ghosts), default=0)
        end = max(song.end_tick, 64 * PPQ) + 16 * PPQ
        self.scene().setSceneRect(0, 0, end, 128)
        self.viewport().update()
        self._update_margins()

    def fit(self, whole: bool = False) -> None:
        """Zoom onto the edited track: its range fills the height (notes a readable size), and
        the width holds the song up to its first bars with notes (``whole``: all of it)."""
        notes = self.track.notes if self.track else ()
        low, high = (min(n.pitch for n in notes), max(n.pitch for n in notes)) if notes else (60, 72)
        height = max(100, self.viewport().height())
        rows = max(FIT_MIN_ROWS, high - low + 2 * FIT_MARGIN_ROWS)
        self.px_per_row = min(MAX_ROW_PX, max(MIN_FIT_ROW_PX, height / rows))
        bar = max(1, self.song.meter.bar_ticks)
        song_bars = max(1, -(-self.song.end_tick // bar))
        first = min((n.start for n in notes), default=0) // bar * bar
        bars = song_bars if whole else min(READABLE_BARS, song_bars)
        width = max(200, self.viewport().width())
        self.px_per_tick = min(MAX_TICK_PX, width / (bars * bar))
        self._apply_zoom()
        left = 0 if whole else first
        self.centerOn(left + width / 2 / self.px_per_tick, 127 - (low + high) / 2 + 0.5)
        self.horizontalScrollBar().setValue(int(left * self.px_per_tick))

    @property
    def track(self) -> Track | None:
        return self.song.tracks[self.track_index] if self.track_index is not None else None

    def selected_notes(self) -> list[Note]:
        return [item.note for item in self._items if item.isSelected()]

    def set_playhead(self, tick: int) -> None:
        self.playhead.setLine(tick, 0, tick, 128)

    # -- coordinates ------------------------------------------------------------------
    def _apply_zoom(self) -> None:
        self.setTransform(self.transform().fromScale(self.px_per_tick, self.px_per_row))

    def zoom(self, time_factor: float = 1.0, pitch_factor: float = 1.0) -> None:
        self.px_per_tick = min(MAX_TICK_PX, max(0.005, self.px_per_tick * time_factor))
        self.px_per_row = min(40.0, max(4.0, self.px_per_row * pitch_factor))
        self._apply_zoom()

    def _snapped(self, tick: float, modifiers) -> int:
        if modifiers & Qt.KeyboardModifier.AltModifier or not self.snap:
            return max(0, int(round(tick)))
        return max(0, int(round(tick / self.snap)) * self.snap)

    def _scene_point(self, event) -> QPointF:
        return self.mapToScene(event.position().toPoint())

    def _note_at(self, point: QPointF) -> NoteItem | None:
        for item in self.scene().items(point):
            if isinstance(item, NoteItem):
                return item
        return None

    # -- mouse ------------------------------------------------------------------------
    def mousePressEvent(self, event) -> None:
        point = self._scene_point(event)
        pitch = 127 - int(point.y())
        item = self._note_at(point)
        if event.button() != Qt.MouseButton.LeftButton or self.track is None:
            return super().mousePressEvent(event)
        if self.tool == "erase":
            if item is not None:
                self.edited.emit(delete_notes(self.track_index, [item.note]))
            return
        if item is not None:
            if not item.isSelected():
                if not event.modifiers() & Qt.KeyboardModifier.ControlModifier:
                    self.scene().clearSelection()
                item.setSelected(True)
            edge = self.mapFromScene(QPointF(item.note.end, 0)).x() - event.position().x()
            self._drag = {
                "mode": "resize" if 0 <= edge <= EDGE_PX else "move",
                "origin": point,
                "notes": self.selected_notes(),
                "key": f"drag-{next(_drag_ids)}",
                "applied": (0, 0),
            }
            self.preview.emit(item.note.pitch)
            return
        if self.tool == "draw" and 0 <= pitch <= 127:
            start = self._snapped(point.x() - (self.snap or 0) / 2 if self.snap else point.x(), event.modifiers())
            note = Note(pitch, start, self.snap or PPQ // 2, 96, seed=True)
            key = f"draw-{next(_drag_ids)}"
            self.edited.emit(ReplaceNotes(self.track_index, (), (note,), "Draw note", key))
            self._drag = {"mode": "resize", "origin": point, "notes": [note], "key": key, "applied": (0, 0)}
            self.preview.emit(pitch)
            return
        self.setDragMode(QGraphicsView.DragMode.RubberBandDrag)
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event) -> None:
        if self._drag is None:
            item = self._note_at(self._scene_point(event))
            near_edge = (
                item is not None
                and 0 <= self.mapFromScene(QPointF(item.note.end, 0)).x() - (event.position().x()) <= EDGE_PX
            )
            self.viewport().setCursor(Qt.CursorShape.SizeHorCursor if near_edge else Qt.CursorShape.ArrowCursor)
            return super().mouseMoveEvent(event)
        point = self._scene_point(event)
        drag = self._drag
        delta_ticks = point.x() - drag["origin"].x()
        free = event.modifiers() & Qt.KeyboardModifier.AltModifier or not self.snap
        ticks = int(round(delta_ticks)) if free else int(round(delta_ticks / self.snap)) * self.snap
        semitones = int(round(drag["origin"].y() - point.y())) if drag["mode"] == "move" else 0
        if (ticks, semitones) == drag["applied"]:
            return
        before = [self._shifted(n, drag, *drag["applied"]) for n in drag["notes"]]
        after = [self._shifted(n, drag, ticks, semitones) for n in drag["notes"]]
        if all(a is not None for a in after):
            self.edited.emit(ReplaceNotes(self.track_index, tuple(before), tuple(after), "Edit notes", drag["key"]))
            drag["applied"] = (ticks, semitones)
            self._reselect(after)
            if semitones and after:
                self.preview.emit(after[0].pitch)

    def _shifted(self, note: Note, drag: dict, ticks: int, semitones: int) -> Note | None:
        if drag["mode"] == "resize":
            return replace(note, duration=max(1, note.duration + ticks))
        if note.start + ticks < 0 or not 0 <= note.pitch + semitones <= 127:
            return None
        return note.moved(ticks, semitones)

    def mouseReleaseEvent(self, event) -> None:
        self._drag = None
        super().mouseReleaseEvent(event)
        self.setDragMode(QGraphicsView.DragMode.NoDrag)

    def mouseDoubleClickEvent(self, event) -> None:
        item = self._note_at(self._scene_point(event))
        if item is None or self.track is None:
            return super().mouseDoubleClickEvent(event)
        self.edit_lyric(item.note)

    def edit_lyric(self, note: Note) -> None:
        text, ok = QInputDialog.getText(self, "Lyric", "Syllable (end with - when the word goes on):", text=note.lyric)
        if ok:
            text = text.strip()
            self.edited.emit(set_lyric(self.track_index, note, text.rstrip("-"), text.endswith("-")))

    def wheelEvent(self, event) -> None:
        modifiers, steps = event.modifiers(), event.angleDelta().y() / 120
        if modifiers & Qt.KeyboardModifier.ControlModifier:
            self.zoom(time_factor=1.2**steps)
        elif modifiers & Qt.KeyboardModifier.AltModifier:
            self.zoom(pitch_factor=1.15 ** (event.angleDelta().x() / 120 or steps))
        elif modifiers & Qt.KeyboardModifier.ShiftModifier:
            bar = self.horizontalScrollBar()
            bar.setValue(bar.value() - int(steps * 120))
        else:
            super().wheelEvent(event)

    # -- keyboard ---------------------------------------------------------------------
    def keyPressEvent(self, event) -> None:
        key, modifiers = event.key(), event.modifiers()
        ctrl = modifiers & Qt.KeyboardModifier.ControlModifier
        notes = self.selected_notes()
        if key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and notes:
            self.edited.emit(delete_notes(self.track_index, notes))
        elif key in (Qt.Key.Key_Up, Qt.Key.Key_Down) and notes:
            step = (12 if modifiers & Qt.KeyboardModifier.ShiftModifier else 1) * (1 if key == Qt.Key.Key_Up else -1)
            self._move(notes, 0, step)
        elif key in (Qt.Key.Key_Left, Qt.Key.Key_Right) and notes:
            self._move(notes, (self.snap or PPQ // 4) * (1 if key == Qt.Key.Key_Right else -1), 0)
        elif ctrl and key == Qt.Key.Key_A:
            for item in self._items:
                item.setSelected(True)
        elif ctrl and key == Qt.Key.Key_C:
            self.copy()
        elif ctrl and key == Qt.Key.Key_V:
            self.paste()
        elif not ctrl and key == Qt.Key.Key_F:
            self.fit(whole=True)
        elif key in (Qt.Key.Key_Plus, Qt.Key.Key_Equal, Qt.Key.Key_Minus):
            factor = ZOOM_STEP if key != Qt.Key.Key_Minus else 1 / ZOOM_STEP
            pitch = bool(modifiers & Qt.KeyboardModifier.AltModifier)  # Alt: the rows, not time
            self.zoom(time_factor=1.0 if pitch else factor, pitch_factor=factor if pitch else 1.0)
        elif not ctrl and key in (Qt.Key.Key_D, Qt.Key.Key_S, Qt.Key.Key_E):
            self.tool = {Qt.Key.Key_D: "draw", Qt.Key.Key_S: "select", Qt.Key.Key_E: "erase"}[key]
            self.message.emit(f"{self.tool} tool")
        else:
            super().keyPressEvent(event)

    def _move(self, notes: list[Note], ticks: int, semitones: int) -> None:
        try:
            command = move_notes(self.track_index, notes, ticks, semitones)
        except ValueError as exc:
            self.message.emit(str(exc))
            return
        self.edited.emit(command)
        self._reselect(command.added)

    def _reselect(self, notes) -> None:
        wanted = set(notes)
        for item in self._items:
            item.setSelected(item.note in wanted)

    def copy(self) -> None:
        self._clipboard = sorted(self.selected_notes(), key=lambda n: n.start)
        if self._clipboard:
            self.message.emit(f"copied {len(self._clipboard)} notes")

    def paste(self) -> None:
        """The copied notes again, starting at the playhead (or after the copied ones)."""
        if not self._clipboard or self.track is None:
            return
        first = self._clipboard[0].start
        at = int(self.playhead.line().x1())
        if at <= first:
            at = max(n.end for n in self._clipboard)
        pasted = [n.moved(at - first) for n in self._clipboard]
        self.edited.emit(add_notes(self.track_index, pasted))
        self._reselect(pasted)

    # -- painting ---------------------------------------------------------------------
    def drawBackground(self, painter: QPainter, rect: QRectF) -> None:
        painter.fillRect(rect, QColor("#2b2b2b"))
        top, bottom = max(0, int(rect.top())), min(128, int(rect.bottom()) + 1)
        for row in range(top, bottom):
            if (127 - row) % 12 in BLACK_KEYS:
                painter.fillRect(QRectF(rect.left(), row, rect.width(), 1), QColor("#252525"))
        painter.setPen(QPen(QColor("#333333"), 0))
        for row in range(top, bottom):
            if (127 - row) % 12 == 0:
                painter.drawLine(QPointF(rect.left(), row + 1), QPointF(rect.right(), row + 1))
        paint_grid(self, painter, rect)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QBrush(QColor(120, 120, 120, 90)))
        first = bisect.bisect_left(self._ghost_starts, int(rect.left()) - self._longest_ghost)
        last = bisect.bisect_right(self._ghost_starts, int(rect.right()))
        for start, end, pitch in self._ghosts[first:last]:
            if end >= rect.left():
                painter.drawRect(QRectF(start, 127 - pitch + 0.15, end - start, 0.7))

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        viewport = self.viewport().geometry()
        self._keys.setGeometry(0, viewport.top(), KEYS_WIDTH, viewport.height())
        self._ruler.setGeometry(viewport.left(), 0, viewport.width(), RULER_HEIGHT)
        self.chord_lane.setGeometry(viewport.left(), RULER_HEIGHT, viewport.width(), LANE_HEIGHT)

    def _update_margins(self) -> None:
        """The keyboard, the ruler and the chord lane follow the view's scroll and zoom."""
        for margin in (getattr(self, name, None) for name in ("_keys", "_ruler", "chord_lane")):
            if margin is not None:  # setTransform runs once before they exist
                margin.update()

    def scrollContentsBy(self, dx: int, dy: int) -> None:
        super().scrollContentsBy(dx, dy)
        self._update_margins()

    def setTransform(self, matrix, combine: bool = False) -> None:
        super().setTransform(matrix, combine)
        self._update_margins()

    def key_clicked(self, y: float) -> None:
        pitch = 127 - int(self.mapToScene(0, int(y)).y())
        self.preview.emit(max(0, min(127, pitch)))

    def ruler_clicked(self, x: float) -> None:
        tick = max(0, int(self.mapToScene(int(x), 0).x()))
        self.seek.emit(self.song.tempo_map.tick_to_seconds(tick))

    def ruler_menu(self, x: float, where) -> None:
        tick = max(0, int(self.mapToScene(int(x), 0).x()))
        starts = [s.start for s in self.song.sections]
        index = bisect.bisect_right(starts, tick) - 1
        if index >= 0:
            self.section_menu.emit(index, where)
