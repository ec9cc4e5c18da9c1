"""The open song as the window sees it: the Song, its file, and a QUndoStack of edits.

Every change goes through a core Command wrapped in one QUndoCommand adapter, so undo and
redo work the same for a dragged note and for a whole generated song. A drag is many
commands sharing a merge key; Qt folds them into one undo step through ``mergeWith``.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from studio.core.commands import Command, CommandError, ReplaceSong
from studio.core.song import Song

_MERGEABLE = 1  # Qt merges only commands with the same id; the core command decides the rest


class _Step(QUndoCommand):
    def __init__(self, document: SongDocument, command: Command):
        super().__init__(command.description)
        self._document = document
        self.command = command

    def redo(self) -> None:
        self._document._set(self.command.apply(self._document.song))

    def undo(self) -> None:
        self._document._set(self.command.revert(self._document.song))

    def id(self) -> int:
        return _MERGEABLE if getattr(self.command, "merge_key", None) else -1

    def mergeWith(self, other: QUndoCommand) -> bool:
        merged = self.command.merge(other.command) if isinstance(other, _Step) else None
        if merged is None:
            return False
        self.command = merged
        return True


class SongDocument(QObject):
    changed = Signal()  # the song is different (an edit, undo, redo, a new song)
    replaced = Signal()  # a different song altogether (new, open): views reset their scroll

    def __init__(self, song: Song | None = None, parent: QObject | None = None):
        super().__init__(parent)
        self.song = song or Song()
        self.path: Path | None = None
        self.undo_stack = QUndoStack(self)

    def apply(self, command: Command) -> str | None:
        """Do an edit as one undo step; returns a one-line message when it does not fit."""
        try:
            command.apply(self.song)  # a dry run: a stale command must not enter the stack
        except (CommandError, ValueError) as exc:
            return str(exc)
        self.undo_stack.push(_Step(self, command))
        return None

    def replace_song(self, song: Song, description: str, merge_key: str | None = None) -> None:
        """A new version of the whole song (a generation, a fader move) as one undo step."""
        self.apply(ReplaceSong(self.song, song, description, merge_key))

    def reset(self, song: Song, path: Path | None = None) -> None:
        """A different document (New, Open): history cleared, nothing to save."""
        self.undo_stack.clear()
        self.path = path
        self._set(song)
        self.undo_stack.setClean()
        self.replaced.emit()

    @property
    def modified(self) -> bool:
        return not self.undo_stack.isClean()

    def _set(self, song: Song) -> None:
        self.song = song
        self.changed.emit()
