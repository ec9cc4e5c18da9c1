"""The tracks of the song as compact strips: a colour, the name (click: the piano roll edits
this track, the others show as ghosts), the General MIDI instrument by family, mute, solo,
volume and pan. Every change is announced; the window makes it an edit of the song."""

from __future__ import annotations

import functools

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDial,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSlider,
    QToolButton,
    QWidget,
)

from studio.core.song import Song, Track

COLOURS = ("#4a90d9", "#e8903a", "#5cb85c", "#c678dd", "#d9534f", "#17a2b8", "#b8a92e", "#8d6e63")
STRIP_WIDTH = 236  # px: six tracks in a 1400 px window


@functools.cache
def instruments() -> list[tuple[str, list[tuple[int, str]]]]:
    """General MIDI's 128 programs by family (pretty_midi's table), for the instrument menu."""
    import pretty_midi

    families: dict[str, list[tuple[int, str]]] = {}
    for program in range(128):
        family = pretty_midi.program_to_instrument_class(program)
        families.setdefault(family, []).append((program, pretty_midi.program_to_instrument_name(program)))
    return list(families.items())


class TrackStrip(QFrame):
    def __init__(self, index: int, track: Track, parent=None):
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setFixedWidth(STRIP_WIDTH)
        colour = COLOURS[index % len(COLOURS)]
        swatch = QLabel()
        swatch.setFixedSize(6, 40)
        swatch.setStyleSheet(f"background: {colour}; border-radius: 2px;")
        self.name = QPushButton(track.name)
        self.name.setCheckable(True)
        self.name.setFlat(True)
        self.name.setToolTip(f"Edit {track.name} in the piano roll")
        bold = "QPushButton { text-align: left; font-weight: bold; }"
        self.name.setStyleSheet(bold + f" QPushButton:checked {{ color: {colour}; }}")
        self.instrument = QComboBox()
        self.instrument.setToolTip(f"{track.name}'s instrument (General MIDI)")
        if track.is_drums:
            self.instrument.addItem("Drum kit", track.program)
            self.instrument.setEnabled(False)
        else:
            for family, programs in instruments():
                self.instrument.insertSeparator(self.instrument.count())
                for program, name in programs:
                    self.instrument.addItem(f"{name}  ({family})", program)
        self.mute = self._toggle("M", f"Mute {track.name}")
        self.solo = self._toggle("S", f"Solo {track.name}")
        self.volume = QSlider(Qt.Orientation.Horizontal, minimum=0, maximum=200)
        self.volume.setToolTip(f"{track.name} volume")
        self.pan = QDial(minimum=-100, maximum=100)
        self.pan.setFixedSize(30, 30)
        self.pan.setToolTip(f"{track.name} pan (left - right)")
        grid = QGridLayout(self)
        grid.setContentsMargins(4, 2, 4, 2)
        grid.setSpacing(2)
        grid.addWidget(swatch, 0, 0, 2, 1)
        grid.addWidget(self.name, 0, 1)
        grid.addWidget(self.instrument, 0, 2, 1, 2)
        controls = QHBoxLayout()
        for widget in (self.mute, self.solo, self.volume):
            controls.addWidget(widget)
        grid.addLayout(controls, 1, 1, 1, 2)
        grid.addWidget(self.pan, 1, 3)
        self.show_track(track)

    def _toggle(self, text: str, tip: str) -> QToolButton:
        button = QToolButton()
        button.setText(text)
        button.setCheckable(True)
        button.setToolTip(tip)
        return button

    def show_track(self, track: Track) -> None:
        """The track's values on the controls, without announcing them."""
        for widget, value in (
            (self.mute, track.muted),
            (self.volume, int(round(track.volume * 100))),
            (self.pan, int(round(track.pan * 100))),
        ):
            widget.blockSignals(True)
            widget.setChecked(value) if widget is self.mute else widget.setValue(value)
            widget.blockSignals(False)
        self.instrument.blockSignals(True)
        self.instrument.setCurrentIndex(max(0, self.instrument.findData(track.program)))
        self.instrument.blockSignals(False)


class TrackList(QWidget):
    selected = Signal(int)  # the track the piano roll edits
    muted = Signal(int, bool)
    soloed = Signal()
    volume = Signal(int, float, bool)  # track, 0-2, final (False while the slider moves)
    pan = Signal(int, float, bool)  # track, -1..1, final
    program = Signal(int, int)  # track, General MIDI program

    def __init__(self, parent=None):
        super().__init__(parent)
        self._row = QHBoxLayout(self)
        self._row.setContentsMargins(0, 0, 0, 0)
        self._row.addStretch(1)
        self.strips: list[TrackStrip] = []

    def set_song(self, song: Song, edited: int | None) -> None:
        if [t.name for t in song.tracks] != [s.name.text() for s in self.strips]:
            self._rebuild(song)
        for strip, track in zip(self.strips, song.tracks):
            strip.show_track(track)
        for i, strip in enumerate(self.strips):
            strip.name.setChecked(i == edited)

    def _rebuild(self, song: Song) -> None:
        for strip in self.strips:
            strip.deleteLater()
        self.strips = []
        for i, track in enumerate(song.tracks):
            strip = TrackStrip(i, track, self)
            strip.name.clicked.connect(lambda _=False, i=i: self.selected.emit(i))
            strip.mute.toggled.connect(lambda on, i=i: self.muted.emit(i, on))
            strip.solo.toggled.connect(lambda _: self.soloed.emit())
            strip.volume.valueChanged.connect(
                lambda v, s=strip, i=i: self.volume.emit(i, v / 100, not s.volume.isSliderDown())
            )
            strip.volume.sliderReleased.connect(lambda s=strip, i=i: self.volume.emit(i, s.volume.value() / 100, True))
            strip.pan.valueChanged.connect(lambda v, s=strip, i=i: self.pan.emit(i, v / 100, not s.pan.isSliderDown()))
            strip.pan.sliderReleased.connect(lambda s=strip, i=i: self.pan.emit(i, s.pan.value() / 100, True))
            strip.instrument.currentIndexChanged.connect(
                lambda _, s=strip, i=i: self.program.emit(i, s.instrument.currentData())
            )
            self._row.insertWidget(i, strip)
            self.strips.append(strip)

    def solo_set(self) -> set[int]:
        return {i for i, strip in enumerate(self.strips) if strip.solo.isChecked()}
