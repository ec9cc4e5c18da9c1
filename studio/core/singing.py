"""How a style sings its guide vocal: when vibrato starts and how wide it is, how notes
glide into each other, how a phrase swells, how breathy the voice is and whether it
breathes audibly at rests. A style's ``[vocal]`` table (resources/styles/*.toml) gives
these; the singer (studio.audio.voice.singer) carries them out. Pure data, checked here.
"""

from __future__ import annotations

from dataclasses import dataclass, fields


@dataclass(frozen=True)
class Singing:
    vibrato_delay: float = 0.28  # seconds into a note before vibrato begins ...
    vibrato_ramp: float = 0.25  # ... and how long it takes to reach full depth
    vibrato_depth: float = 0.22  # semitones each way
    vibrato_rate: float = 5.5  # Hz
    glide: float = 0.05  # seconds of portamento between joined notes a step or two apart
    glide_interval: float = 5.0  # semitones: a wider leap is taken in a third of the glide
    swell_db: float = 3.0  # a phrase's dynamics: its peak this much over its quietest notes
    breathiness: float = 0.0  # aspiration noise under the voice, 0 (none) to 1 (airy)
    breath_db: float = -28.0  # an inhale before a phrase after a rest, against the voice; off at -60 or below

    def __post_init__(self) -> None:
        for name, (low, high) in LIMITS.items():
            value = getattr(self, name)
            if not isinstance(value, int | float) or isinstance(value, bool) or not low <= value <= high:
                raise ValueError(f"{name} should be a number from {low} to {high}, not {value!r}")

    @property
    def breathes(self) -> bool:
        return self.breath_db > BREATH_OFF_DB


BREATH_OFF_DB = -60.0
LIMITS = {
    "vibrato_delay": (0.0, 2.0),
    "vibrato_ramp": (0.0, 2.0),
    "vibrato_depth": (0.0, 1.0),
    "vibrato_rate": (3.0, 9.0),
    "glide": (0.0, 0.2),
    "glide_interval": (0.0, 24.0),
    "swell_db": (0.0, 12.0),
    "breathiness": (0.0, 1.0),
    "breath_db": (-96.0, -6.0),
}


def singing_from_table(table: dict) -> Singing:
    """A style's ``[vocal]`` table as Singing: keys left out keep their defaults; an unknown
    key or a value out of range is a ValueError naming it."""
    known = {f.name for f in fields(Singing)}
    unknown = sorted(set(table) - known)
    if unknown:
        raise ValueError(f"unknown setting {unknown[0]!r} (known: {', '.join(sorted(known))})")
    return Singing(**table)
