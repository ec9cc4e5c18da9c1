"""Style > New style from MIDI files: choose the files, name the style, pick the style it
starts from, see what was found and how long it will take, then learn it in the background
with progress and Cancel.

The work runs in a process of its own (``studio train --from-midi ... --progress json``,
app.user_styles.training_command): the window's GUI thread only reads its lines, so it stays
as responsive while a style trains as it is at rest, and torch never loads in the window.
"""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtCore import QProcess, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
)

from studio.app.user_styles import style_id_for, training_command, user_style_exists
from studio.compose.styles import Style
from studio.core.errors import StudioError

STOP_GRACE_MS = 5000  # a Cancel the command has not answered by then (Windows ignores SIGTERM) kills it


class NewStyleDialog(QDialog):
    made = Signal(str)  # the new style's id, once it is in the musician's style list

    def __init__(self, styles: list[Style], device: str = "auto", ask_yes_no=None, parent=None, again=None):
        """``again``: (a style of the musician's, the style it started from) to learn again
        from more files, keeping its name; None for a new style."""
        super().__init__(parent)
        self.setWindowTitle("New style from MIDI files" if again is None else f"Learn {again[0].name} again")
        self.device, self.ask_yes_no, self.again = device, ask_yes_no, again
        self.sources: list[Path] = []
        self.process: QProcess | None = None
        self._stage = ""  # "scan" or "learn" while the process runs
        self._error = ""
        self.where = QLineEdit(readOnly=True, placeholderText="a folder of .mid files, or some files")
        folder_button, files_button = QPushButton("Folder..."), QPushButton("Files...")
        folder_button.clicked.connect(self._choose_folder)
        files_button.clicked.connect(self._choose_files)
        self.name = QLineEdit(placeholderText="My songs")
        self.base = QComboBox()
        for style in styles:
            if style.folder is None:
                self.base.addItem(style.name, style.id)
        self.base.setToolTip("The band, the groove and the voice the new style starts from")
        if again is not None:
            self.name.setText(again[0].name)
            self.name.setReadOnly(True)
            self.base.setCurrentIndex(max(0, self.base.findData(again[1])))
        self.found = QLabel("Choose your MIDI files: Studio learns their melodies, rhythm, tempo and chords.",
                            wordWrap=True)  # fmt: skip
        self.progress = QProgressBar(maximum=1000, textVisible=True)
        self.progress.setFormat("")
        row = QHBoxLayout()
        for widget in (self.where, folder_button, files_button):
            row.addWidget(widget)
        form = QFormLayout()
        form.addRow("Learn from", row)
        form.addRow("Name", self.name)
        form.addRow("Starts from", self.base)
        self.buttons = QDialogButtonBox()
        self.learn = self.buttons.addButton("Learn the style", QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.learn.setEnabled(False)
        self.learn.clicked.connect(self.start_learning)
        self.cancel.clicked.connect(self.cancel_or_close)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.found)
        layout.addWidget(self.progress)
        layout.addWidget(self.buttons)
        self.resize(560, 0)

    # -- choosing ---------------------------------------------------------------------
    def _choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "A folder of MIDI files")
        if folder:
            self.choose([Path(folder)])

    def _choose_files(self) -> None:
        names, _ = QFileDialog.getOpenFileNames(self, "MIDI files", "", "MIDI files (*.mid *.midi *.kar)")
        if names:
            self.choose([Path(n) for n in names])

    def choose(self, sources: list[Path]) -> None:
        """Read what the files hold and time a few training steps (in the process)."""
        self.sources = sources
        self.where.setText(", ".join(str(p) for p in sources))
        if not self.name.text().strip():
            self.name.setText(sources[0].stem if sources[0].is_dir() else sources[0].parent.name)
        self.found.setText("Reading the files...")
        self.learn.setEnabled(False)
        self._run("scan", dry_run=True)

    # -- learning ---------------------------------------------------------------------
    def start_learning(self) -> None:
        name = self.name.text().strip()
        try:
            style_id = self.again[0].id if self.again else style_id_for(name)
        except StudioError as exc:
            self.found.setText(str(exc))
            return
        replace = user_style_exists(style_id)
        question = f"You have a style called {name!r} already. Learn it again from these files?"
        asked = self.again is not None or (self.ask_yes_no and self.ask_yes_no(self, "Replace the style?", question))
        if replace and not asked:
            return
        self.learn.setEnabled(False)
        self.progress.setFormat("starting")
        self._run("learn", replace=replace)

    def cancel_or_close(self) -> None:
        """While a style is learned: stop it (nothing is kept); otherwise close."""
        if self.process is not None:
            self.found.setText("Stopping...")
            process = self.process
            process.terminate()  # SIGTERM: the command stops after its step and removes its folder
            QTimer.singleShot(STOP_GRACE_MS, process, process.kill)  # not called once the process is gone
            return
        self.reject()

    def _run(self, stage: str, dry_run: bool = False, replace: bool = False) -> None:
        if self.process is not None:  # files chosen again while the last ones were read: that reading stops
            old, self.process = self.process, None
            old.finished.disconnect()
            old.kill()
            old.deleteLater()
        name = self.again[0].id if self.again else self.name.text().strip() or "new style"
        command = training_command(self.sources, name, self.base.currentData(), dry_run, replace, self.device)
        self.process = QProcess(self)
        self._stage, self._error = stage, ""
        self.process.readyReadStandardOutput.connect(self._read_lines)
        self.process.readyReadStandardError.connect(self._read_errors)
        self.process.finished.connect(self._finished)
        self.process.start(command[0], command[1:])

    def _read_lines(self) -> None:
        while self.process is not None and self.process.canReadLine():
            text = bytes(self.process.readLine()).decode("utf-8", "replace").strip()
            try:
                entry = json.loads(text)
            except ValueError:
                continue
            self.show_progress(entry)

    def _read_errors(self) -> None:
        text = bytes(self.process.readAllStandardError()).decode("utf-8", "replace")
        errors = [line for line in text.splitlines() if line.startswith("studio: error:")]
        if errors:
            self._error = errors[-1].removeprefix("studio: error:").strip()

    def show_progress(self, entry: dict) -> None:
        """One line of the command's progress, as the dialog shows it."""
        if "reading" in entry:
            self.progress.setValue(1000 * entry["reading"] // max(1, entry["files"]))
            self.progress.setFormat(f"reading {entry['reading']} of {entry['files']} files")
        elif "found" in entry:
            about = f" About {_minutes(entry['seconds'])} to learn on this computer." if "seconds" in entry else ""
            self.found.setText(f"{entry['found']}.{about}")
            self.progress.setFormat("")
            self.progress.setValue(0)
        elif "step" in entry:
            self.progress.setValue(1000 * entry["step"] // max(1, entry["steps"]))
            self.progress.setFormat(f"step {entry['step']} of {entry['steps']} · loss {entry['loss']:.2f} · "
                                    f"{_minutes(entry['seconds_left'])} left")  # fmt: skip
        elif "done" in entry:
            self.found.setText(f"{entry['name']} is in your styles.")
            self.made.emit(entry["done"])

    def _finished(self, code: int, _status) -> None:
        self.process.deleteLater()
        stage, self.process, self._stage = self._stage, None, ""
        if stage == "scan":
            self.learn.setEnabled(code == 0)
            if code:
                self.found.setText(self._error or "These files could not be read.")
        elif stage == "learn":
            if code == 0:
                self.accept()
                return
            self.found.setText(self._error or "Stopped; no style was made.")
            self.progress.setFormat("")
            self.progress.setValue(0)
            self.learn.setEnabled(True)

    def reject(self) -> None:
        if self.process is not None:  # closing the dialog stops the learning, as Cancel does
            self.cancel_or_close()
            return
        super().reject()


def _minutes(seconds: float) -> str:
    seconds = max(0, round(seconds))
    return f"{seconds} s" if seconds < 90 else f"{round(seconds / 60)} min"
