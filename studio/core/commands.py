"""Every edit is a command with apply / revert / merge (OpenUtau's UCommand).

Commands are plain values: they hold what they remove and what they add, so they can be
undone without keeping a copy of the whole song, and the UI wraps them in one
QUndoCommand adapter. A drag is many small commands sharing a ``merge_key``; they fold
into one undo step.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace

from studio.core.errors import StudioError
from studio.core.song import Note, Song


class CommandError(StudioError):
    """A command does not fit the song it is applied to (a stale selection, for example)."""


class Command:
    description = "Edit"

    def apply(self, song: Song) -> Song:
        raise NotImplementedError

    def revert(self, song: Song) -> Song:
        raise NotImplementedError

    def merge(self, later: Command) -> Command | None:
        """One command doing both self and later, or None when they stay separate."""
        return None


def _swap_notes(song: Song, index: int, remove: tuple[Note, ...], add: tuple[Note, ...]) -> Song:
    if not 0 <= index < len(song.tracks):
        raise CommandError(f"there is no track {index + 1}")
    track = song.tracks[index]
    remaining = Counter(track.notes)
    missing = Counter(remove) - remaining
    if missing:
        raise CommandError(f"{sum(missing.values())} of the edited notes are no longer in {track.name}")
    remaining.subtract(remove)
    notes = list(remaining.elements()) + list(add)
    return song.with_track(index, track.with_notes(notes))


@dataclass(frozen=True)
class ReplaceNotes(Command):
    """Take some notes out of a track and put others in: add, delete, move, resize, lyric."""

    track: int
    removed: tuple[Note, ...]
    added: tuple[Note, ...]
    description: str = "Edit notes"
    merge_key: str | None = None  # equal keys on consecutive commands: one gesture

    def apply(self, song: Song) -> Song:
        return _swap_notes(song, self.track, self.removed, self.added)

    def revert(self, song: Song) -> Song:
        return _swap_notes(song, self.track, self.added, self.removed)

    def merge(self, later: Command) -> Command | None:
        if not (
            isinstance(later, ReplaceNotes)
            and self.merge_key is not None
            and later.merge_key == self.merge_key
            and later.track == self.track
            and Counter(later.removed) == Counter(self.added)
        ):
            return None
        return replace(self, added=later.added)


@dataclass(frozen=True)
class ReplaceSong(Command):
    """Swap the whole document: applying a generated song, changing tempo, key or a fader.

    Songs share their unchanged parts, so holding both versions costs little.
    """

    before: Song
    after: Song
    description: str = "Change song"
    merge_key: str | None = None

    def apply(self, song: Song) -> Song:
        return self.after

    def revert(self, song: Song) -> Song:
        return self.before

    def merge(self, later: Command) -> Command | None:
        if isinstance(later, ReplaceSong) and self.merge_key is not None and later.merge_key == self.merge_key:
            return replace(self, after=later.after)
        return None


@dataclass(frozen=True)
class SetLyrics(Command):
    """The lyric text as typed: a burst of typing is one command (equal merge keys), so one
    Undo takes back what was typed without a pause."""

    before: str
    after: str
    description: str = "Type lyrics"
    merge_key: str | None = None

    def apply(self, song: Song) -> Song:
        return replace(song, lyrics=self.after)

    def revert(self, song: Song) -> Song:
        return replace(song, lyrics=self.before)

    def merge(self, later: Command) -> Command | None:
        if isinstance(later, SetLyrics) and self.merge_key is not None and later.merge_key == self.merge_key:
            return replace(self, after=later.after)
        return None


def add_notes(track: int, notes) -> ReplaceNotes:
    return ReplaceNotes(track, (), tuple(notes), "Add notes")


def delete_notes(track: int, notes) -> ReplaceNotes:
    return ReplaceNotes(track, tuple(notes), (), "Delete notes")


def move_notes(track: int, notes, ticks: int, semitones: int, merge_key: str | None = None) -> ReplaceNotes:
    notes = tuple(notes)
    try:
        moved = tuple(n.moved(ticks, semitones) for n in notes)
    except ValueError as exc:  # off the keyboard or before the start
        raise CommandError(f"cannot move the notes there: {exc}") from None
    return ReplaceNotes(track, notes, moved, "Move notes", merge_key)


def resize_notes(track: int, notes, ticks: int, merge_key: str | None = None) -> ReplaceNotes:
    notes = tuple(notes)
    resized = tuple(replace(n, duration=max(1, n.duration + ticks)) for n in notes)
    return ReplaceNotes(track, notes, resized, "Resize notes", merge_key)


def set_lyric(track: int, note: Note, lyric: str, joins_next: bool = False) -> ReplaceNotes:
    return ReplaceNotes(track, (note,), (replace(note, lyric=lyric, joins_next=joins_next),), "Edit lyric")
