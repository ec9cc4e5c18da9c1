"""Settings: the audio output, the MIDI keyboard, the SoundFont and where the models run."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
)

from studio.app.midi_input import input_ports
from studio.audio.playback import output_devices
from studio.core.errors import MidiError
from studio.core.settings import COMPUTE_DEVICES, Settings


class SettingsDialog(QDialog):
    def __init__(self, settings: Settings, parent=None):
        super().__init__(parent)
        self.setWindowTitle("Settings")
        self._settings = settings
        self.device = QComboBox()
        self.device.addItem("system default", "")
        devices = output_devices()
        for name in devices:
            self.device.addItem(name, name)
        if not devices:
            self.device.addItem("(no output device found)", settings.audio_device)
        self.device.setCurrentIndex(max(0, self.device.findData(settings.audio_device)))
        self.midi_input = QComboBox()
        self.midi_input.addItem("the first keyboard there is", "")
        try:
            ports = input_ports()
        except MidiError as exc:  # no MIDI system: say so in the list, keep the choice
            ports = []
            self.midi_input.setToolTip(str(exc))
        for name in ports:
            self.midi_input.addItem(name, name)
        if settings.midi_input and settings.midi_input not in ports:
            self.midi_input.addItem(f"{settings.midi_input} (not connected)", settings.midi_input)
        self.midi_input.setCurrentIndex(max(0, self.midi_input.findData(settings.midi_input)))
        self.soundfont = QLineEdit(settings.soundfont)
        self.soundfont.setPlaceholderText("automatic: FluidR3 or MuseScore General if installed, else TimGM6mb")
        browse = QPushButton("Browse...")
        browse.clicked.connect(self._browse)
        font_row = QHBoxLayout()
        font_row.addWidget(self.soundfont, 1)
        font_row.addWidget(browse)
        self.compute = QComboBox()
        for name in COMPUTE_DEVICES:
            self.compute.addItem({"auto": "auto (GPU when there is one)", "cpu": "CPU"}.get(name, name.upper()), name)
        self.compute.setCurrentIndex(max(0, self.compute.findData(settings.compute_device)))
        form = QFormLayout(self)
        form.addRow("Audio output", self.device)
        form.addRow("MIDI keyboard", self.midi_input)
        form.addRow("SoundFont (.sf2)", font_row)
        form.addRow("Models run on", self.compute)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def _browse(self) -> None:
        chosen, _ = QFileDialog.getOpenFileName(self, "SoundFont", "", "SoundFont 2 (*.sf2)")
        if chosen:
            self.soundfont.setText(chosen)

    def settings(self) -> Settings:
        return replace(
            self._settings,
            audio_device=self.device.currentData() or "",
            midi_input=self.midi_input.currentData() or "",
            soundfont=self.soundfont.text().strip(),
            compute_device=self.compute.currentData(),
        )
