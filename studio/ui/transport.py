"""Transport (play, stop, loop, position, drag-out) and the mixer (mute, solo, volume)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QMimeData, Qt, QUrl, Signal
from PySide6.QtGui import QDrag
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QPushButton, QToolButton, QWidget

from studio.core.song import Song


def position_text(song: Song, seconds: float) -> str:
    """'bar.beat  m:ss.s' as a DAW's counter shows it."""
    tick = int(song.tempo_map.seconds_to_tick(seconds))
    meter = song.meter
    bar, beat = divmod(tick, meter.bar_ticks)
    minutes, rest = divmod(seconds, 60)
    return f"{bar + 1}.{beat // meter.beat_ticks + 1}   {int(minutes)}:{rest:04.1f}"


class DragOut(QToolButton):
    """Press and drag into a DAW or a file manager: the file is written at the start of
    the drag (``make_file`` returns its path, or None when there is nothing to drag)."""

    def __init__(self, text: str, tip: str, make_file: Callable[[], Path | None]):
        super().__init__(text=text)
        self.setToolTip(tip)
        self._make_file = make_file
        self._pressed = None

    def mousePressEvent(self, event) -> None:
        self._pressed = event.position()

    def mouseMoveEvent(self, event) -> None:
        if self._pressed is None or (event.position() - self._pressed).manhattanLength() < 6:
            return
        self._pressed = None
        path = self._make_file()
        if path is None:
            return
        mime = QMimeData()
        mime.setUrls([QUrl.fromLocalFile(str(path))])
        drag = QDrag(self)
        drag.setMimeData(mime)
        drag.exec(Qt.DropAction.CopyAction)

    def mouseReleaseEvent(self, event) -> None:
        self._pressed = None


class TransportBar(QWidget):
    play_pause = Signal()
    stop = Signal()
    loop_toggled = Signal(bool)
    record_toggled = Signal(bool)  # Rec: seed notes from the MIDI keyboard

    def __init__(self, make_midi: Callable, make_wav: Callable, parent=None):
        super().__init__(parent)
        self.play_button = QPushButton("▶ Play")
        self.play_button.setToolTip("Play / pause (Space)")
        self.play_button.clicked.connect(self.play_pause)
        self.stop_button = QPushButton("■ Stop")
        self.stop_button.clicked.connect(self.stop)
        self.record = QPushButton("● Rec")
        self.record.setCheckable(True)
        self.record.setToolTip("Record seed notes from the MIDI keyboard (Settings) from the playhead's bar")
        self.record.toggled.connect(self.record_toggled)
        self.loop = QCheckBox("Loop selection")
        self.loop.toggled.connect(self.loop_toggled)
        self.position = QLabel("1.1   0:00.0")
        self.position.setMinimumWidth(120)
        self.drag_midi = DragOut("⇲ MIDI", "Drag the song into your DAW as a MIDI file", make_midi)
        self.drag_wav = DragOut("⇲ WAV", "Drag the mix into your DAW as a WAV file", make_wav)
        layout = QHBoxLayout(self)
        for widget in (self.play_button, self.stop_button, self.record, self.loop, self.position):
            layout.addWidget(widget)
        layout.addStretch(1)
        layout.addWidget(QLabel("Drag out:"))
        layout.addWidget(self.drag_midi)
        layout.addWidget(self.drag_wav)

    def set_recording(self, on: bool) -> None:
        """The Rec button's state without announcing it (a take that could not start)."""
        self.record.blockSignals(True)
        self.record.setChecked(on)
        self.record.blockSignals(False)

    def set_playing(self, playing: bool) -> None:
        self.play_button.setText("❚❚ Pause" if playing else "▶ Play")
