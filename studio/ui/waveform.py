"""The waveform: the mix drawn from precomputed peaks with pyqtgraph, sections marked,
a playhead, click to seek, wheel to zoom in time."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox

from studio.audio.peaks import MIX, Peaks

EMPTY_SECONDS = 30.0  # the time axis before there is audio


class WaveformView(pg.PlotWidget):
    seek = Signal(float)  # seconds

    def __init__(self, parent=None):
        super().__init__(parent, background="#1e1e1e")
        self.choice = QComboBox()  # the mix or one stem; the window puts it in its toolbar
        self.choice.setToolTip("Show the mix or one track's stem (the drag-out buttons follow it)")
        self.choice.currentTextChanged.connect(lambda _: self._show())
        self._all: dict[str, Peaks] = {}
        self.setMouseEnabled(x=True, y=False)
        self.getPlotItem().vb.setLimits(xMin=0)  # no negative time
        self.setMenuEnabled(False)
        self.hideAxis("left")
        self.getPlotItem().setLabel("bottom", "seconds")
        self.setYRange(-1, 1, padding=0.02)
        # One vertical stroke from low to high per peak: a single path, built in C. Filling
        # between two curves (FillBetweenItem) took the GUI thread 120 ms for a song.
        self._strokes = self.plot(pen=pg.mkPen("#6fa8dc", width=1), connect="pairs")
        self._markers: list[pg.InfiniteLine] = []
        self.playhead = pg.InfiniteLine(0, pen=pg.mkPen("#e04040", width=2))
        self.addItem(self.playhead)
        self.scene().sigMouseClicked.connect(self._clicked)
        self.seconds = 0.0
        self.placeholder = pg.TextItem("", color="#9a9a9a", anchor=(0.5, 0.5))
        self.addItem(self.placeholder)
        self._show()

    def set_peaks(self, all_peaks: dict[str, Peaks] | None) -> None:
        """The mix's and each stem's peaks (Rendering.peaks); the choice is kept."""
        self._all = all_peaks or {}
        wanted = self.choice.currentText()
        self.choice.blockSignals(True)
        self.choice.clear()
        self.choice.addItems(list(self._all))
        self.choice.setCurrentText(wanted if wanted in self._all else MIX)
        self.choice.blockSignals(False)
        self._show()
        if self.seconds:
            self.setXRange(0, self.seconds, padding=0.01)

    @property
    def shown(self) -> str:
        """MIX or the name of the stem on screen."""
        return self.choice.currentText() or MIX

    def _show(self) -> None:
        peaks = self._all.get(self.shown)
        if peaks is None or not len(peaks.times):
            self._strokes.setData([], [])
            self.seconds = 0.0
            # no audio yet: a plain time axis from 0, not pyqtgraph's default around zero
            self.setXRange(0, EMPTY_SECONDS, padding=0)
            self.placeholder.setText("The waveform appears here once the song is rendered")
            self.placeholder.setPos(EMPTY_SECONDS / 2, 0)
            return
        self.placeholder.setText("")
        x = np.repeat(peaks.times, 2)
        y = np.empty(2 * len(peaks.times), np.float32)
        y[0::2], y[1::2] = peaks.low, np.maximum(peaks.high, peaks.low + 2e-3)  # silence: a hairline
        self._strokes.setData(x, y, connect="pairs")
        self.seconds = float(peaks.times[-1])
        self.setYRange(-1, 1, padding=0.02)

    @property
    def drawn_points(self) -> int:
        data = self._strokes.getData()[0]
        return 0 if data is None else int(np.size(data))

    def set_sections(self, sections: list[tuple[float, str]]) -> None:
        for marker in self._markers:
            self.removeItem(marker)
        self._markers = []
        for seconds, label in sections:
            marker = pg.InfiniteLine(seconds, pen=pg.mkPen("#888888", style=pg.QtCore.Qt.PenStyle.DashLine),
                                     label=label, labelOpts={"position": 0.92, "color": "#cccccc"})  # fmt: skip
            self.addItem(marker)
            self._markers.append(marker)

    def set_playhead(self, seconds: float) -> None:
        self.playhead.setValue(seconds)

    def _clicked(self, event) -> None:
        point = self.getPlotItem().vb.mapSceneToView(event.scenePos())
        if self.seconds and 0 <= point.x() <= self.seconds:
            self.seek.emit(float(point.x()))
