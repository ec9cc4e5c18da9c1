"""The studio window: lyrics at the left, the piano roll and the waveform in the middle,
the style at the right, transport and the tracks below. Generation, rendering and exports run
on the worker thread; the GUI thread only draws and edits.
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QDockWidget,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QSplitter,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from studio.app.commands import Render, WarmUp
from studio.app.engine import all_unmuted
from studio.compose.styles import list_styles
from studio.core.commands import SetLyrics
from studio.core.errors import StudioError
from studio.core.settings import Settings
from studio.core.song import Song
from studio.ui import files
from studio.ui.dialogs import ask_save_discard_cancel, ask_yes_no
from studio.ui.document import SongDocument
from studio.ui.lyric_editor import LyricEditor
from studio.ui.piano_roll import SNAPS, TOOLS, ZOOM_STEP, PianoRoll
from studio.ui.services import WindowServices
from studio.ui.style_panel import StylePanel
from studio.ui.track_list import TrackList
from studio.ui.transport import TransportBar
from studio.ui.waveform import WaveformView
from studio.ui.window_files import FilesMixin
from studio.ui.window_generation import GenerationMixin, chords_to_offer
from studio.ui.window_playback import PlaybackMixin
from studio.ui.window_seeds import SeedsMixin
from studio.ui.window_styles import StylesMixin
from studio.ui.worker import Job

AUTOSAVE_MS = 30_000
RENDER_DELAY_MS = 700  # after an edit, render when the musician pauses


class MainWindow(FilesMixin, SeedsMixin, GenerationMixin, PlaybackMixin, StylesMixin, QMainWindow):
    composed = Signal()  # a generated song's notes are in the window; its audio is rendering
    song_ready = Signal()  # a generated song and its audio are in the window
    generation_failed = Signal(str)  # the message the status bar shows
    audio_ready = Signal()  # fresh audio for the current song

    def __init__(self, settings: Settings, services: WindowServices, lyrics: str = "", warm_up: bool = True):
        """``services``: the engine, player, worker, generation and playback controllers, built by the
        composition root (ui.app.build_window) and closed with the window."""
        super().__init__()
        self.settings = settings
        self.services = services
        self.engine, self.player, self.worker = services.engine, services.player, services.worker
        self.generation, self.playback = services.generation, services.playback
        try:
            self._build(settings, lyrics, warm_up)
        except BaseException:
            self.worker.shutdown()  # a running QThread must not outlive a window that failed
            raise

    def _build(self, settings: Settings, lyrics: str, warm_up: bool) -> None:
        self.document = SongDocument(Song(lyrics=lyrics), parent=self)  # the words are the song's
        self._shown: Song | None = None  # the song the views show
        self._generated: str | None = None  # what to say when a generated song's audio is in
        self.rendering = None
        self.rendered_song: Song | None = None
        self.ask_yes_no = ask_yes_no  # replaced in tests
        self.ask_save = ask_save_discard_cancel
        self.notices: list[QMessageBox] = []  # open non-blocking messages
        self.setWindowTitle("Studio")
        self.resize(1400, 860)
        self._build_widgets(lyrics)
        self._build_actions()
        self._connect()
        self._on_analysed(self.editor.analysis)  # read by the editor before the window listened
        self._autosave = QTimer(self, interval=AUTOSAVE_MS, timeout=self.autosave)
        self._autosave.start()
        self._render_timer = QTimer(self, singleShot=True, interval=RENDER_DELAY_MS, timeout=self.render_now)
        self._on_song_changed()
        if warm_up:  # imports hold Python's lock: do them now, not during the first Generate
            self.worker.submit(Job("loading", lambda report, stop: self.engine.call(WarmUp(), report, stop)))

    # -- building ---------------------------------------------------------------------
    def _build_widgets(self, lyrics: str) -> None:
        self.editor = LyricEditor(lyrics)
        self.generate_button = QPushButton("Generate")
        self.generate_button.setToolTip("Write a song for these lyrics in the chosen style (Ctrl+G)")
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setEnabled(False)
        self.progress = QProgressBar(maximum=1000, textVisible=True)
        self.progress.setFormat("ready")
        left = QWidget()
        column = QVBoxLayout(left)
        column.addWidget(QLabel("<b>Lyrics</b>"))
        column.addWidget(self.editor, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.generate_button, 1)
        buttons.addWidget(self.cancel_button)
        column.addLayout(buttons)
        column.addWidget(self.progress)
        self._dock("Lyrics", left, Qt.DockWidgetArea.LeftDockWidgetArea)

        self.style_panel = StylePanel(list_styles())
        self._dock("Style", self.style_panel, Qt.DockWidgetArea.RightDockWidgetArea)

        self.piano = PianoRoll()
        self.waveform = WaveformView()
        self.snap_box = QComboBox()
        for name, ticks in SNAPS.items():
            self.snap_box.addItem(name, ticks)
        self.snap_box.setCurrentText("1/8")
        self.tool_box = QComboBox()
        for tool in TOOLS:
            self.tool_box.addItem(tool.capitalize(), tool)
        self.tool_box.setCurrentIndex(TOOLS.index("select"))
        roll_bar = QToolBar("Piano roll")
        roll_bar.addWidget(QLabel(" Tool "))
        roll_bar.addWidget(self.tool_box)
        roll_bar.addWidget(QLabel("  Snap "))
        roll_bar.addWidget(self.snap_box)
        roll_bar.addWidget(QLabel("  Waveform "))
        roll_bar.addWidget(self.waveform.choice)
        roll_bar.addWidget(QLabel("   Alt: no snap · Ctrl+wheel, +/-: zoom · F: fit · double-click: lyric"))
        centre = QWidget()
        centre_layout = QVBoxLayout(centre)
        centre_layout.setContentsMargins(0, 0, 0, 0)
        centre_layout.addWidget(roll_bar)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.piano)
        splitter.addWidget(self.waveform)
        splitter.setSizes([560, 180])
        centre_layout.addWidget(splitter, 1)
        self.setCentralWidget(centre)

        self.transport = TransportBar(self.drag_midi_file, self.drag_wav_file)
        self.tracks = TrackList()
        bottom = QWidget()
        bottom_layout = QVBoxLayout(bottom)
        bottom_layout.addWidget(self.transport)
        bottom_layout.addWidget(self.tracks)
        self._dock("Transport and tracks", bottom, Qt.DockWidgetArea.BottomDockWidgetArea)

    def _dock(self, title: str, widget: QWidget, area) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(title)
        dock.setWidget(widget)
        dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetMovable)
        self.addDockWidget(area, dock)
        return dock

    def _action(self, menu, text: str, slot, shortcut=None) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        menu.addAction(action)
        return action

    def _build_actions(self) -> None:
        bar = self.menuBar()
        file = bar.addMenu("&File")
        keys = QKeySequence.StandardKey
        self._action(file, "&New", self.new_song, keys.New)
        self._action(file, "&Open...", lambda: self.open_file(), keys.Open)
        self.recent_menu = file.addMenu("Open &Recent")
        self._action(file, "&Save", self.save, keys.Save)
        self._action(file, "Save &As...", lambda: self.save_as(), keys.SaveAs)
        file.addSeparator()
        self._action(file, "Import MIDI as &seed notes...", lambda: self.import_seed())
        self._action(file, "Import a &hummed or played take as seed notes...", lambda: self.import_audio_seed())
        self._action(file, "Import MIDI as a whole &song...", lambda: self.open_file(midi=True))
        file.addSeparator()
        self._action(file, "Export &audio (WAV/FLAC)...", lambda: self.export("audio"), "Ctrl+E")
        self._action(file, "Export s&tems...", lambda: self.export("stems"))
        self._action(file, "Export &MIDI...", lambda: self.export("midi"))
        self._action(file, "Export Music&XML...", lambda: self.export("musicxml"))
        self._action(file, "Export every file to a &folder...", lambda: self.export("folder"))
        file.addSeparator()
        self._action(file, "Se&ttings...", self.show_settings)
        self._action(file, "&Quit", self.close, keys.Quit)
        edit = bar.addMenu("&Edit")
        undo = self.document.undo_stack.createUndoAction(self, "&Undo")
        undo.setShortcut(keys.Undo)
        redo = self.document.undo_stack.createRedoAction(self, "&Redo")
        redo.setShortcut(keys.Redo)
        edit.addAction(undo)
        edit.addAction(redo)
        edit.addSeparator()
        self._action(edit, "&Copy notes", self.piano.copy)
        self._action(edit, "&Paste notes", self.piano.paste)
        song = bar.addMenu("&Song")
        self._action(song, "&Generate", self.generate, "Ctrl+G")
        self._action(song, "&Regenerate the selected notes", self.regenerate_selection, "Ctrl+R")
        self._action(song, "&Cancel generation", self.cancel_generation, "Esc")
        self._build_style_menu(bar)
        view = bar.addMenu("&View")
        self._action(view, "&Fit the whole song (F in the roll)", lambda: self.piano.fit(whole=True))
        self._action(view, "Fit the &sung line", lambda: self.piano.fit())
        self._action(view, "Zoom &in (+ in the roll)", lambda: self.piano.zoom(ZOOM_STEP), keys.ZoomIn)
        self._action(view, "Zoom &out (- in the roll)", lambda: self.piano.zoom(1 / ZOOM_STEP), keys.ZoomOut)
        play = bar.addMenu("&Play")
        self._action(play, "Play / &Pause", self.playback.play_pause, "Space")
        self._action(play, "&Stop", self.playback.stop, "Ctrl+Space")
        self._refresh_recent()

    def _connect(self) -> None:
        self.generation.started.connect(self._generation_started)
        self.generation.progress.connect(self._on_progress)
        self.generation.finished.connect(lambda *result: self._on_generated(*result))
        self.generation.failed.connect(self._fail)
        self.generation.cancelled.connect(lambda: self._generation_over("generation cancelled; your song is as it was"))
        self.generate_button.clicked.connect(self.generate)
        self.cancel_button.clicked.connect(self.cancel_generation)
        self.editor.analysed.connect(self._on_analysed)
        self.editor.edited.connect(self._lyrics_typed)
        self.document.changed.connect(self._on_song_changed)
        self.document.undo_stack.cleanChanged.connect(lambda _: self._update_title())
        self.piano.edited.connect(self.edit)
        self.piano.chord_lane.changed.connect(self.rechord)
        self.piano.chord_lane.message.connect(self.status)
        self.piano.section_menu.connect(self.section_menu)
        self.piano.message.connect(self.status)
        self.piano.preview.connect(self.preview_note)
        self.piano.seek.connect(self.playback.seek)
        self.waveform.seek.connect(self.playback.seek)
        self.snap_box.currentIndexChanged.connect(lambda _: setattr(self.piano, "snap", self.snap_box.currentData()))
        self.tool_box.currentIndexChanged.connect(lambda _: setattr(self.piano, "tool", self.tool_box.currentData()))
        self.transport.play_pause.connect(self.playback.play_pause)
        self.transport.stop.connect(self.playback.stop)
        self.playback.position.connect(self._show_position)
        self.playback.playing.connect(self.transport.set_playing)
        self.playback.message.connect(self.status)
        self.playback.notice.connect(lambda text: self.notice("Playback", text))
        self.transport.loop_toggled.connect(lambda _: self._update_loop())
        self.transport.record_toggled.connect(self.record_keyboard)
        self.tracks.muted.connect(self._set_muted)
        self.tracks.soloed.connect(self._update_gains)
        self.tracks.volume.connect(self._set_volume)
        self.tracks.pan.connect(self._set_pan)
        self.tracks.program.connect(self._set_program)
        self.tracks.selected.connect(self.edit_track)

    # -- messages ---------------------------------------------------------------------
    def status(self, text: str) -> None:
        self.statusBar().showMessage(text, 8000)

    def notice(self, title: str, text: str) -> None:
        """A message that does not block: the window keeps working behind it."""
        box = QMessageBox(QMessageBox.Icon.Information, title, text, parent=self)
        box.setModal(False)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.show()
        self.notices.append(box)
        box.finished.connect(lambda _: self.notices.remove(box) if box in self.notices else None)

    def _on_analysed(self, result) -> None:
        if isinstance(result, StudioError):
            self.status(str(result))
        elif result.warnings:
            self.status(result.warnings[0])
        else:
            self.status(f"{len(result.syllables)} syllables in {len(result.lines)} lines")

    def _update_title(self) -> None:
        name = self.document.path.name if self.document.path else "Untitled"
        self.setWindowTitle(f"{name}{' *' if self.document.modified else ''} - Studio")

    # -- the song ---------------------------------------------------------------------
    def edit(self, command) -> None:
        problem = self.document.apply(command)
        if problem:
            self.status(problem)

    def _lyrics_typed(self, text: str, burst: int) -> None:
        self.edit(SetLyrics(self.document.song.lyrics, text, merge_key=f"lyrics {burst}"))

    def _on_song_changed(self) -> None:
        song = self.document.song
        self.editor.show_text(song.lyrics)
        self._update_title()
        if self._shown is not None and replace(self._shown, lyrics=song.lyrics) == song:
            self._shown = song
            return  # only the words changed: the notes, the tracks and the audio are as they were
        self._shown = song
        self.piano.chord_lane.choices = chords_to_offer(song.style, song.key)
        same_tracks = [t.name for t in self.piano.song.tracks] == [t.name for t in song.tracks]
        self.piano.set_song(song, self.piano.track_index if same_tracks else None)  # an edit keeps the track
        self.tracks.set_song(song, self.piano.track_index)
        bar_seconds = [(song.tempo_map.tick_to_seconds(s.start), s.label) for s in song.sections]
        self.waveform.set_sections(bar_seconds)
        self._update_gains()
        if song.tracks and not self._audio_is_of(song) and not self.generation.running:
            self._render_timer.start()

    # -- audio ------------------------------------------------------------------------
    def render_now(self) -> None:
        """Render the current song in the worker (after an edit, when the musician pauses)."""
        song = self.document.song
        if not song.tracks or self.generation.running:
            return
        key = files.sound_of(song, faders=False)

        song_for_render = all_unmuted(song)
        job = Job("rendering", lambda report, stop: self.engine.call(Render(song_for_render), report, stop))
        job.progress.connect(self._on_progress)
        job.done.connect(lambda result: self._on_rendered(key, song_for_render, result))
        job.failed.connect(self._render_failed)
        self.worker.submit(job)

    def _render_failed(self, message: str) -> None:
        self._generated = None  # the notes stand; the audio comes with the next render
        self.status(f"could not render: {message}")

    def _on_rendered(self, key, song: Song, result) -> None:
        rendering = result
        self.progress.setValue(0)
        self.progress.setFormat("ready")
        if key != files.sound_of(self.document.song, faders=False):
            self._render_timer.start()  # edited again meanwhile: this audio is already old
            return
        self._set_audio(song, rendering)
        for warning in rendering.warnings[:1]:
            self.status(warning)
        self.audio_ready.emit()
        if self._generated is not None:
            self.status(f"{self._generated}: {rendering.seconds:.0f} s")
            self._generated = None
            self.song_ready.emit()

    def _audio_is_of(self, song: Song) -> bool:
        """Whether the audio held was rendered from this song (faders and mutes act at playback)."""
        held = self.rendered_song
        return held is not None and files.sound_of(held, faders=False) == files.sound_of(song, faders=False)

    def _set_audio(self, song: Song | None, rendering) -> None:
        self.rendering, self.rendered_song = rendering, song  # the song as rendered: every track audible
        self.waveform.set_peaks(rendering.peaks if rendering is not None else None)
        if rendering is None:
            self.playback.unload()
            return
        self.playback.load(rendering.stems, rendering.rate, {t.name: t.volume for t in song.tracks})
        self._update_gains()
        self._update_loop()

    # -- closing ----------------------------------------------------------------------
    def closeEvent(self, event) -> None:
        if not self._may_discard():
            event.ignore()
            return
        if self.keyboard_take is not None:
            self.keyboard_take.stop()  # the port is let go; what was played is not kept
        self.services.close()
        if not self.document.modified:
            files.discard_autosave(self.document.path)
        event.accept()
