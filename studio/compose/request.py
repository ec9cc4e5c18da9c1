"""What a musician asks for when they press Generate, and the one place its rules live:
the window's controls take their ranges from here, the command line its checks, and both
show the message a bad value gets. A module of its own, light to import: the window builds
requests at start-up without loading torch (the pipeline does)."""

from __future__ import annotations

from dataclasses import dataclass

from studio.core.errors import RequestError
from studio.core.song import VOICES, Note
from studio.core.theory import Key

TEMPO_RANGE = (30, 300)  # BPM
TEMPERATURE_RANGE = (0.1, 2.0)  # the melody model's: 0.1 safe, 2 wild
MAX_FRAME_BARS = 16  # an intro or outro longer than this is a song of its own
DEFAULT_INTRO_BARS = 2
DEFAULT_OUTRO_BARS = 1
MAX_SEED = 2**31 - 1


@dataclass(frozen=True)
class SongRequest:
    lyrics: str
    style: str = "pop"
    key: Key | None = None  # None: the seed notes' key, else the voice's (core.song.DEFAULT_KEYS)
    tempo: float | None = None  # None: the middle of the style's range
    temperature: float | None = None  # None: the style's
    seed: int = 0
    seed_notes: tuple[Note, ...] = ()
    title: str = "Untitled"
    voice: str | None = None  # None: the style's
    intro_bars: int = DEFAULT_INTRO_BARS  # the band alone before the singing starts
    outro_bars: int = DEFAULT_OUTRO_BARS  # and after it ends
    vocal: bool = True  # False: a backing track, the melody kept but muted

    def __post_init__(self) -> None:
        from studio.compose.styles import get_style

        get_style(self.style)  # an unknown style is said now, before any work is done
        low, high = TEMPO_RANGE
        if self.tempo is not None and not low <= self.tempo <= high:
            raise RequestError(f"tempo {self.tempo:g} is out of range ({low}-{high} BPM)")
        low, high = TEMPERATURE_RANGE
        if self.temperature is not None and not low <= self.temperature <= high:
            raise RequestError(f"temperature {self.temperature:g} is out of range ({low:g}-{high:g})")
        if not 0 <= self.seed <= MAX_SEED:
            raise RequestError(f"seed must be 0-{MAX_SEED}, not {self.seed}")
        if self.voice is not None and self.voice not in VOICES:
            raise RequestError(f"voice must be one of {', '.join(VOICES)}, not {self.voice!r}")
        for name in ("intro_bars", "outro_bars"):
            if not 0 <= getattr(self, name) <= MAX_FRAME_BARS:
                raise RequestError(f"{name.replace('_', ' ')} must be 0-{MAX_FRAME_BARS}, not {getattr(self, name)}")
