"""Seed notes from outside the window: a MIDI file, a hummed or played take (WAV/FLAC), or
a MIDI keyboard played while Rec is on. Each lands in the melody track as one undo step."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from PySide6.QtWidgets import QFileDialog

from studio.app.commands import Transcribe
from studio.app.midi_input import KeyboardTake
from studio.core.commands import add_notes
from studio.core.errors import StudioError
from studio.core.song import Track
from studio.core.takes import seed_notes
from studio.formats.midi_import import read_seed_notes
from studio.ui import files
from studio.ui.worker import Job


class SeedsMixin:
    """Part of MainWindow (kept apart to keep each module small): needs ``document``,
    ``piano``, ``settings``, ``engine``, ``worker``, ``transport``, ``edit`` and the window's
    message helpers."""

    keyboard_take: KeyboardTake | None = None

    def import_seed(self, path: Path | None = None) -> None:
        if path is None:
            chosen, _ = QFileDialog.getOpenFileName(self, "Seed notes", "", "MIDI files (*.mid *.midi *.kar)")
            if not chosen:
                return
            path = Path(chosen)
        try:
            notes = read_seed_notes(path, files.seed_start(self.document.song))
        except StudioError as exc:
            self.status(str(exc))
            return
        self._add_seed_notes(notes, path.name)

    def import_audio_seed(self, path: Path | None = None) -> Job | None:
        """A hummed, sung or played take (WAV/FLAC) heard as seed notes, in the engine."""
        if path is None:
            chosen, _ = QFileDialog.getOpenFileName(self, "Seed notes from audio", "", "Audio (*.wav *.flac *.ogg)")
            if not chosen:
                return None
            path = Path(chosen)
        song = self.document.song
        command = Transcribe(path, song, self.piano.snap or 120, files.seed_start(song))
        job = Job("transcribing", lambda report, stop: self.engine.call(command, report, stop))
        job.done.connect(lambda notes: self._add_seed_notes(notes, path.name))
        job.failed.connect(self.status)
        self.status(f"listening to {path.name}...")
        return self.worker.submit(job)

    def _add_seed_notes(self, notes, source: str) -> None:
        song = self.document.song
        melody = song.melody_track()
        if melody is None:
            song = replace(song, tracks=(Track("Vocal", 53, 0), *song.tracks))
            self.document.replace_song(song, "Add a vocal track")
            melody = song.tracks[0]
        self.edit(add_notes(self.document.song.tracks.index(melody), notes))
        self.status(f"{len(notes)} seed notes from {source}: Generate continues from them")

    # -- a MIDI keyboard ----------------------------------------------------------------
    def record_keyboard(self, on: bool) -> None:
        """Rec pressed: listen to the MIDI keyboard from the playhead; pressed again: what was
        played becomes seed notes there."""
        if on:
            try:
                self.keyboard_take = KeyboardTake(self.settings.midi_input)
            except StudioError as exc:
                self.transport.set_recording(False)
                self.status(str(exc))
                self.notice("MIDI keyboard", str(exc))
                return
            bar = self.document.song.meter.bar_ticks
            self._record_from = self.playhead_tick // bar * bar  # the bar the playhead is in
            self.status(f"recording from {self.keyboard_take.port_name}: play, then press Rec again")
            return
        take, self.keyboard_take = self.keyboard_take, None
        if take is None:
            return
        song = self.document.song
        notes = seed_notes(take.stop(), song.tempo_map, song.key, self.piano.snap or 120, self._record_from, False)
        if not notes:
            self.status("nothing was played: no seed notes")
            return
        self._add_seed_notes(notes, take.port_name)
