"""The window's Song menu: generate, write a selection or a section again, change chords,
cancel; the notes go on screen as soon as they are composed and the audio follows."""

from __future__ import annotations

import functools
import random
from dataclasses import replace

import numpy as np
from PySide6.QtWidgets import QMenu

from studio.app.commands import Rechord
from studio.compose.progression import another_loop
from studio.compose.styles import get_style
from studio.core.errors import StudioError
from studio.core.rearrange import duplicate_section, move_section
from studio.core.song import Song
from studio.core.theory import Key, chord_choices
from studio.ui import files
from studio.ui.worker import Job


@functools.lru_cache(maxsize=32)
def style_loops(style: str) -> dict:
    """The style's chord loops by section kind; none for a song without a style, or from a
    style that is not installed here."""
    try:
        return get_style(style).loops if style else {}
    except StudioError:
        return {}


@functools.lru_cache(maxsize=32)
def chords_to_offer(style: str, key: Key) -> list[str]:
    """The key's chords and those of the style's loops, for the chord lane's menu."""
    loops = style_loops(style)
    return chord_choices(key, tuple(state for options in loops.values() for loop in options for state in loop))


class GenerationMixin:
    """Part of MainWindow (kept apart to keep each module small): needs ``document``,
    ``generation``, ``style_panel``, ``piano``, ``engine``, ``worker``, ``render_now`` and the
    window's message helpers and widgets."""

    def generate(self) -> None:
        if self.generation.running:
            return
        song = self.document.song
        title = song.title if song.title != "Untitled" or not self.document.path else self.document.path.stem
        try:
            request = self.style_panel.request(song.lyrics, title, files.seed_request_notes(song))
        except StudioError as exc:  # a setting out of range: the request's own message
            self._fail(str(exc))
            return
        self.generation.generate(request)

    def rechord(self, chords, start: int, end: int) -> None:
        """The musician's chords: the band plays the bars of [start, end) again, the melody
        stays; one undo step."""
        if self.generation.running:
            self.status("wait for the generation to finish, then change the chords")
            return
        song = self.document.song
        job = Job("chords", lambda report, stop: self.engine.call(Rechord(song, chords, start, end), report, stop))
        job.done.connect(lambda changed: self._rechorded(song, changed))
        job.failed.connect(self.status)
        self.worker.submit(job)

    def _rechorded(self, before: Song, song: Song) -> None:
        if self.document.song is not before:
            self.status("the song changed meanwhile: change the chord again")
            return
        self.document.replace_song(song, "Change chords")

    def regenerate_selection(self) -> None:
        """New notes where the selected notes are; everything outside stays as it is."""
        notes = self.piano.selected_notes()
        if self.generation.running or not notes:
            self.status("select the notes to write again (drag a box around them), then Regenerate")
            return
        self._regenerate(min(n.start for n in notes), max(n.start for n in notes) + 1)

    def _regenerate(self, start: int, end: int) -> None:
        song = self.document.song
        try:
            request = self.style_panel.request(song.lyrics, song.title)
        except StudioError as exc:
            self._fail(str(exc))
            return
        request = replace(request, seed=random.randrange(1_000_000))  # the same seed would write the same notes
        self.generation.regenerate(song, request, start, end)

    # -- sections as units ------------------------------------------------------------
    def section_span(self, index: int) -> tuple[int, int]:
        sections, song = self.document.song.sections, self.document.song
        return sections[index].start, sections[index + 1].start if index + 1 < len(sections) else song.end_tick

    def section_menu(self, index: int, where) -> QMenu:
        """A right click on a section of the ruler: write it again, melody or chords."""
        label = self.document.song.sections[index].label
        menu = self.section_actions = QMenu(self)
        menu.addAction(f"New melody for {label} (same words)", lambda: self.regenerate_section(index))
        chords = menu.addAction(f"New chords for {label}", lambda: self.new_chords_for_section(index))
        loops = style_loops(self.document.song.style)
        chords.setEnabled(bool(loops))
        if not loops:
            chords.setToolTip("this style harmonises its melody: change single chords in the chord lane")
        menu.addSeparator()
        menu.addAction(f"Duplicate {label}", lambda: self.rearrange_section(duplicate_section, index, "Duplicate"))
        menu.addAction(f"Move {label} earlier", lambda: self.rearrange_section(move_section, index, "Move", -1))
        menu.addAction(f"Move {label} later", lambda: self.rearrange_section(move_section, index, "Move", 1))
        menu.popup(where)
        return menu

    def rearrange_section(self, edit, index: int, verb: str, *how) -> None:
        """Duplicate or move a sung section: its notes, chords, phrases and words; one undo step."""
        if self.generation.running:
            self.status("wait for the generation to finish, then rearrange the sections")
            return
        song = self.document.song
        try:
            changed = edit(song, index, *how)
        except StudioError as exc:
            self.status(str(exc))
            return
        self.document.replace_song(changed, f"{verb} {song.sections[index].label}")

    def regenerate_section(self, index: int) -> None:
        """The section's melody written again with a new seed: the same words and rhythm, the
        band re-arranged under it; one undo step."""
        if self.generation.running:
            return
        self._regenerate(*self.section_span(index))

    def new_chords_for_section(self, index: int) -> None:
        """Another of the style's loops for the section; the melody stays, the band follows."""
        song = self.document.song
        start, end = self.section_span(index)
        section = song.sections[index]
        chords = another_loop(get_style(song.style), song.key, song.chords, section.kind, start, end,
                              np.random.default_rng())  # fmt: skip
        if not chords:
            self.status(f"{song.style or 'this song'} has no chord loops to choose from: change chords in the lane")
            return
        self.rechord(chords, start, end)

    def cancel_generation(self) -> None:
        if self.generation.running:
            self.generation.cancel()
            self.progress.setFormat("cancelling...")

    def _generation_started(self) -> None:
        self._render_timer.stop()
        self.generate_button.setEnabled(False)
        self.cancel_button.setEnabled(True)
        self.progress.setFormat("starting")

    def _on_progress(self, stage: str, fraction: float) -> None:
        self.progress.setValue(int(1000 * fraction))
        self.progress.setFormat(f"{stage} %p%")

    def _generation_over(self, message: str) -> None:
        self.generate_button.setEnabled(True)
        self.cancel_button.setEnabled(False)
        self.progress.setValue(0)
        self.progress.setFormat("ready")
        self.status(message)

    def _fail(self, message: str) -> None:
        self._generation_over(message)
        self.generation_failed.emit(message)

    def _on_generated(self, song: Song, description: str, whole_song: bool) -> None:
        """The notes go on screen at once; the audio follows from the renderer."""
        self._generation_over(f"composed {song.title}; rendering its audio")
        self._generated = f"generated {song.title} in {song.style}"
        self.document.replace_song(song, description)  # the roll shows it (the melody track)
        if whole_song:
            self.piano.fit()
        self.composed.emit()
        self._render_timer.stop()
        self.render_now()
