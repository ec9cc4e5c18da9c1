"""What a musician asks for when they press Generate. A module of its own, light to import:
the window builds requests at start-up without loading torch (the pipeline does)."""

from __future__ import annotations

from dataclasses import dataclass

from studio.core.song import Note
from studio.core.theory import Key

DEFAULT_INTRO_BARS = 2
MAX_FRAME_BARS = 16  # an intro or outro longer than this is a song of its own


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
    intro_bars: int = DEFAULT_INTRO_BARS  # the band alone before the singing starts
    outro_bars: int = 1  # and after it ends

    def __post_init__(self) -> None:
        for name in ("intro_bars", "outro_bars"):
            if not 0 <= getattr(self, name) <= MAX_FRAME_BARS:
                raise ValueError(f"{name.replace('_', ' ')} must be 0-{MAX_FRAME_BARS}, not {getattr(self, name)}")
