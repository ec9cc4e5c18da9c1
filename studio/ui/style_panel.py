"""The style panel: which style, and the knobs a musician turns before Generate."""

from __future__ import annotations

import random

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QSpinBox,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from studio.compose.request import (
    DEFAULT_INTRO_BARS,
    DEFAULT_OUTRO_BARS,
    MAX_FRAME_BARS,
    TEMPERATURE_RANGE,
    TEMPO_RANGE,
    SongRequest,
)
from studio.compose.styles import Style
from studio.core.song import VOICES
from studio.core.theory import Key

KEYS = ["C", "Db", "D", "Eb", "E", "F", "F#", "G", "Ab", "A", "Bb", "B"]
AUTO = "auto"


class StylePanel(QWidget):
    changed = Signal()

    def __init__(self, styles: list[Style], parent=None):
        super().__init__(parent)
        self.styles: dict[str, Style] = {}
        self.list = QListWidget()
        self._fill(styles)
        self.description = QLabel(wordWrap=True)
        self.key = QComboBox()
        self.key.addItem("auto (the seed notes', else C major or A minor; G major for a man)", AUTO)
        for mode in ("major", "minor"):
            for name in KEYS:
                self.key.addItem(f"{name} {mode}", f"{name} {mode}")
        self.tempo = QSpinBox(minimum=TEMPO_RANGE[0], maximum=TEMPO_RANGE[1], suffix=" BPM")
        self.meter = QLabel()
        low, high = TEMPERATURE_RANGE
        self.creativity = QDoubleSpinBox(minimum=low, maximum=high, singleStep=0.05, decimals=2)
        self.creativity.setToolTip("The melody model's temperature: low is safe, high is adventurous")
        self.seed = QSpinBox(minimum=0, maximum=999_999)  # within MAX_SEED; six digits are easy to note
        self.lock = QCheckBox("lock")
        self.lock.setToolTip("Locked: Generate gives the same song again. Unlocked: a new seed each time.")
        self.dice = QToolButton(text="Roll")
        self.dice.setToolTip("A new random seed")
        self.dice.clicked.connect(self.roll)
        self.intro = QSpinBox(minimum=0, maximum=MAX_FRAME_BARS, value=DEFAULT_INTRO_BARS, suffix=" bars intro")
        self.outro = QSpinBox(minimum=0, maximum=MAX_FRAME_BARS, value=DEFAULT_OUTRO_BARS, suffix=" bars outro")
        for box in (self.intro, self.outro):
            box.setToolTip("The song is as long as the lyrics, plus the band alone before and after")
        self.voice = QComboBox()
        self.voice.addItem("the style's", AUTO)
        for voice in VOICES:
            self.voice.addItem(voice, voice)
        seed_row = QHBoxLayout()
        for widget in (self.seed, self.dice, self.lock):
            seed_row.addWidget(widget)
        form = QFormLayout()
        form.addRow("Key", self.key)
        form.addRow("Tempo", self.tempo)
        form.addRow("Meter", self.meter)
        length_row = QHBoxLayout()
        length_row.addWidget(self.intro)
        length_row.addWidget(self.outro)
        form.addRow("Length", length_row)
        form.addRow("Creativity", self.creativity)
        form.addRow("Seed", seed_row)
        form.addRow("Voice", self.voice)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("<b>Style</b>"))
        layout.addWidget(self.list, 1)
        layout.addWidget(self.description)
        layout.addLayout(form)
        self.list.currentItemChanged.connect(lambda *_: self._style_chosen())
        self.list.setCurrentRow(max(0, list(self.styles).index("pop") if "pop" in self.styles else 0))

    def _fill(self, styles: list[Style]) -> None:
        self.styles = {s.id: s for s in styles}
        self.list.clear()
        for style in styles:
            item = QListWidgetItem(style.name + (" (yours)" if style.folder is not None else ""))
            item.setData(Qt.ItemDataRole.UserRole, style.id)
            item.setToolTip(style.description)
            self.list.addItem(item)

    def set_styles(self, styles: list[Style], chosen: str = "") -> None:
        """The style list again (a style made, renamed or deleted), ``chosen`` or the one
        chosen before selected; pop when that one is gone."""
        keep = chosen or (self.style.id if self.list.currentItem() else "")
        self.list.blockSignals(True)
        self._fill(styles)
        self.list.blockSignals(False)
        self.list.setCurrentRow(-1)
        self.select_style(keep if keep in self.styles else "pop" if "pop" in self.styles else styles[0].id)

    @property
    def style(self) -> Style:
        return self.styles[self.list.currentItem().data(Qt.ItemDataRole.UserRole)]

    def select_style(self, style_id: str) -> None:
        for row in range(self.list.count()):
            if self.list.item(row).data(Qt.ItemDataRole.UserRole) == style_id:
                self.list.setCurrentRow(row)

    def _style_chosen(self) -> None:
        style = self.style
        self.description.setText(style.description)
        self.tempo.setValue(style.default_tempo)
        self.tempo.setToolTip(f"{style.name}: {style.tempo[0]}-{style.tempo[1]} BPM")
        self.meter.setText(str(style.meter))
        self.creativity.setValue(style.temperature)
        self.changed.emit()

    def roll(self) -> None:
        self.seed.setValue(random.randrange(1_000_000))

    def request(self, lyrics: str, title: str = "Untitled", seed_notes=()) -> SongRequest:
        """What Generate asks for. Unlocked, each request rolls a new seed first."""
        if not self.lock.isChecked():
            self.roll()
        key = self.key.currentData()
        voice = self.voice.currentData()
        return SongRequest(
            lyrics=lyrics,
            style=self.style.id,
            key=None if key == AUTO else Key.parse(key),
            tempo=float(self.tempo.value()),
            temperature=float(self.creativity.value()),
            seed=self.seed.value(),
            seed_notes=tuple(seed_notes),
            title=title,
            voice=None if voice == AUTO else voice,
            intro_bars=self.intro.value(),
            outro_bars=self.outro.value(),
        )
