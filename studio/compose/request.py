"""What a musician asks for when they press Generate. A module of its own, light to import:
the window builds requests at start-up without loading torch (the pipeline does)."""

from __future__ import annotations

from dataclasses import dataclass

from studio.core.song import Note
from studio.core.theory import Key


@dataclass(frozen=True)
class SongRequest:
    lyrics: str
    style: str = "pop"
    key: Key | None = None  # None: C major (A minor for a minor-mode style)
    tempo: float | None = None  # None: the middle of the style's range
    temperature: float | None = None  # None: the style's
    seed: int = 0
    seed_notes: tuple[Note, ...] = ()
    title: str = "Untitled"
    voice: str | None = None  # None: the style's
