"""The waveform: the mix drawn from precomputed peaks with pyqtgraph, sections marked,
a playhead, click to seek, wheel to zoom in time."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Signal

from studio.audio.peaks import Peaks


class WaveformView(pg.PlotWidget):
    seek = Signal(float)  # seconds

    def __init__(self, parent=None):
        super().__init__(parent, background="#1e1e1e")
        self.setMouseEnabled(x=True, y=False)
        self.setMenuEnabled(False)
        self.hideAxis("left")
        self.getPlotItem().setLabel("bottom", "seconds")
        self.setYRange(-1, 1, padding=0.02)
        self._high = self.plot(pen=pg.mkPen("#6fa8dc", width=1))
        self._low = self.plot(pen=pg.mkPen("#6fa8dc", width=1))
        self._fill = pg.FillBetweenItem(self._low, self._high, brush=pg.mkBrush("#3d6f9e"))
        self.addItem(self._fill)
        self._markers: list[pg.InfiniteLine] = []
        self.playhead = pg.InfiniteLine(0, pen=pg.mkPen("#e04040", width=2))
        self.addItem(self.playhead)
        self.scene().sigMouseClicked.connect(self._clicked)
        self.seconds = 0.0

    def set_peaks(self, peaks: Peaks | None) -> None:
        if peaks is None or not len(peaks.times):
            self._high.setData([], [])
            self._low.setData([], [])
            self.seconds = 0.0
            return
        self._high.setData(peaks.times, peaks.high)
        self._low.setData(peaks.times, peaks.low)
        self.seconds = float(peaks.times[-1])
        for curve in (self._high, self._low):
            curve.setDownsampling(auto=True, method="peak")
            curve.setClipToView(True)
        self.setXRange(0, self.seconds, padding=0.01)
        self.setYRange(-1, 1, padding=0.02)

    @property
    def drawn_points(self) -> int:
        data = self._high.getData()[0]
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
