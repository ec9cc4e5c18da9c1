"""The window's file menu: open, save, autosave and recovery, imports, exports, drag-out."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from PySide6.QtWidgets import QFileDialog

from studio.app.commands import Export, UseSettings
from studio.app.export import export_kind, file_name
from studio.app.songs import open_song
from studio.core.errors import StudioError
from studio.core.project import save_project
from studio.core.settings import Settings, save_settings
from studio.core.song import Song
from studio.ui import files
from studio.ui.worker import Job


class FilesMixin:
    """Part of MainWindow (kept apart to keep each module small): needs ``document``,
    ``style_panel``, ``settings``, ``worker``, ``engine``, ``rendering`` and
    the window's message helpers."""

    # -- files ------------------------------------------------------------------------
    def new_song(self) -> None:
        if not self._may_discard():
            return
        files.discard_autosave(self.document.path)
        self.document.reset(Song())
        self._set_audio(None, None)

    # -- generation -------------------------------------------------------------------
    def _may_discard(self) -> bool:
        if not self.document.modified:
            return True
        answer = self.ask_save("The song has changes that are not saved. Save them first?")
        if answer == "save":
            return self.save()
        return answer == "discard"

    def open_file(self, path: Path | None = None, midi: bool = False) -> bool:
        if not self._may_discard():
            return False
        if path is None:
            pattern = "MIDI files (*.mid *.midi *.kar)" if midi else "Songs (*.studio *.mid *.midi *.kar)"
            chosen, _ = QFileDialog.getOpenFileName(self, "Open", "", pattern)
            if not chosen:
                return False
            path = Path(chosen)
        try:
            song = open_song(path)
        except StudioError as exc:
            self.status(str(exc))
            self.notice("Open", str(exc))
            return False
        is_project = path.suffix.lower() == ".studio"
        self._load(song, path if is_project else None)
        backup = files.recoverable(path) if is_project else None
        if backup and self.ask_yes_no(self, "Recover", f"An autosave of {path.name} is newer. Recover it?"):
            try:  # as an edit on top of the saved song: Undo goes back to the file
                self.document.replace_song(open_song(backup), "Recover autosave")
            except StudioError as exc:
                self.status(f"the autosave could not be read: {exc}")
        self.settings = files.add_recent(self.settings, path)
        self._refresh_recent()
        self.status(f"opened {path.name}")
        return True

    def _load(self, song: Song, path: Path | None) -> None:
        self.document.reset(song, path)
        if song.style:
            self.style_panel.select_style(song.style)
        self._set_audio(None, None)
        self.piano.fit()
        self.render_now()

    def recover_untitled(self) -> bool:
        """After a crash: offer the autosave of a song that was never saved."""
        backup = files.recoverable(None)
        if backup is None:
            return False
        if not self.ask_yes_no(self, "Recover", "Studio closed without saving a song. Recover it?"):
            files.discard_autosave(None)
            return False
        try:
            song = open_song(backup)
        except StudioError as exc:
            self.status(f"the autosave could not be read: {exc}")
            return False
        self._load(Song(), None)
        self.document.replace_song(song, "Recover autosave")  # unsaved: the title shows *
        self.status("recovered the unsaved song")
        return True

    def save(self) -> bool:
        if self.document.path is None:
            return self.save_as()
        return self._save_to(self.document.path)

    def save_as(self, path: Path | None = None) -> bool:
        if path is None:
            chosen, _ = QFileDialog.getSaveFileName(self, "Save song", "song.studio", "Studio songs (*.studio)")
            if not chosen:
                return False
            path = Path(chosen)
        if path.suffix.lower() != ".studio":
            path = path.with_suffix(".studio")
        return self._save_to(path)

    def _save_to(self, path: Path) -> bool:
        previous = self.document.path
        song = self.document.song
        try:
            save_project(song, path)
        except StudioError as exc:
            self.status(str(exc))
            self.notice("Save", str(exc))
            return False
        files.discard_autosave(previous)
        files.discard_autosave(path)
        self.document.path = path
        self.document.undo_stack.setClean()
        self.settings = files.add_recent(self.settings, path)
        self._refresh_recent()
        self._update_title()
        self.status(f"saved {path.name}")
        return True

    def autosave(self) -> None:
        if not self.document.modified:
            return
        song = self.document.song
        try:
            files.write_autosave(song, self.document.path)
        except (StudioError, OSError) as exc:
            self.status(f"autosave failed: {exc}")

    def _refresh_recent(self) -> None:
        self.recent_menu.clear()
        for name in self.settings.recent_files:
            self._action(self.recent_menu, name, lambda _=False, name=name: self.open_file(Path(name)))
        self.recent_menu.setEnabled(bool(self.settings.recent_files))

    def export(self, kind: str, target: Path | None = None) -> Job | None:
        song = self.document.song
        if not song.tracks:
            self.status("nothing to export yet: generate or open a song")
            return None
        if target is None:
            target = self._ask_target(kind, file_name(song.title, "song"))
            if target is None:
                return None
        held = self.held_audio(song) if kind in ("audio", "stems") else None
        if held is not None:  # the audio the window plays is this song's: written as it is
            job = Job("export", lambda report, stop: export_kind(kind, song, target, lambda *_: held, report, stop))
        else:
            command = Export(kind, song, target)
            job = Job("export", lambda report, stop: self.engine.call(command, report, stop))
        job.progress.connect(self._on_progress)
        job.done.connect(lambda written: self.status(f"exported {written}"))
        job.failed.connect(lambda message: self.status(f"export failed: {message}"))
        return self.worker.submit(job)

    def held_audio(self, song: Song):
        """The rendering the window holds when it is exactly what an export of ``song`` would
        render (every track audible, the same notes, faders, pan, style and voice), else None."""
        if self.rendering is None or self.rendered_song is None or any(t.muted for t in song.tracks):
            return None
        return self.rendering if files.sound_of(song) == files.sound_of(self.rendered_song) else None

    def _ask_target(self, kind: str, name: str) -> Path | None:
        if kind in ("stems", "folder"):
            chosen = QFileDialog.getExistingDirectory(self, "Export into folder")
            return Path(chosen) / name if chosen else None
        patterns = {
            "audio": (".wav", "Audio (*.wav *.flac)"),
            "midi": (".mid", "MIDI (*.mid)"),
            "musicxml": (".musicxml", "MusicXML (*.musicxml)"),
        }
        suffix, pattern = patterns[kind]
        chosen, _ = QFileDialog.getSaveFileName(self, "Export", name + suffix, pattern)
        return Path(chosen) if chosen else None

    def drag_midi_file(self) -> Path | None:
        """The song as MIDI, or only the track whose stem the waveform shows."""
        from studio.formats.midi_export import write_midi

        song = self.document.song
        if not song.tracks:
            self.status("nothing to drag yet: generate a song first")
            return None
        name = file_name(song.title, "song")
        index = song.track_index(self.waveform.shown)
        if index is not None:
            song = replace(song, tracks=(song.tracks[index],))
            name += f" - {file_name(self.waveform.shown)}"
        path = files.drag_folder() / f"{name}.mid"
        write_midi(song, path)
        return path

    def drag_wav_file(self) -> Path | None:
        from studio.formats.audiofile import write_audio

        if self.rendering is None:
            self.status("no audio yet: generate a song first")
            return None
        shown = self.waveform.shown
        stem = self.rendering.stems.get(shown)
        suffix = f" - {file_name(shown)}" if stem is not None else ""
        path = files.drag_folder() / f"{file_name(self.document.song.title, 'song')}{suffix}.wav"
        write_audio(path, stem if stem is not None else self.rendering.mix, self.rendering.rate, 16)
        return path

    def show_settings(self) -> None:
        from studio.ui.settings_dialog import SettingsDialog

        dialog = SettingsDialog(self.settings, self)
        if dialog.exec():
            self.apply_settings(dialog.settings())

    def apply_settings(self, settings: Settings) -> None:
        try:
            save_settings(settings)
        except OSError as exc:
            self.status(f"settings not saved: {exc}")
        self.settings = settings
        self.worker.submit(Job("settings", lambda report, stop: self.engine.call(UseSettings(settings), report, stop)))
        self.playback.device_changed(settings.audio_device)
        self.rendered_song = None  # another SoundFont or device: the audio held is not the song's now
        self.render_now()
