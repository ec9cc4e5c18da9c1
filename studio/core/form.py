"""The song's form and the vocal line's timing, decided before any pitch.

A song is sections of whole phrases; each lyric line is one phrase of whole bars. The
rhythm of the words (``TimedNote``) is placed inside those phrases by the songwriting
layer and handed to the melody model, which only chooses pitches for it.
"""

from __future__ import annotations

from dataclasses import dataclass

from studio.core.lyrics import Syllable

CADENCES = ("", "half", "full")  # open, on the dominant, home on the tonic


@dataclass(frozen=True, slots=True)
class Phrase:
    start: int  # tick of the bar line the phrase belongs to (its pickup may come earlier)
    end: int  # tick of the bar line where the next phrase begins
    section: int  # index into the lyric sections
    line: int  # index of the line inside its section


@dataclass(frozen=True, slots=True)
class FormSection:
    label: str  # "Chorus 2"
    kind: str  # verse, chorus, prechorus, bridge, ...
    start: int  # on a bar line
    end: int


@dataclass(frozen=True, slots=True)
class SongForm:
    bar: int  # ticks per bar
    sections: tuple[FormSection, ...] = ()
    phrases: tuple[Phrase, ...] = ()

    @property
    def end(self) -> int:
        return self.sections[-1].end if self.sections else 0


@dataclass(frozen=True, slots=True)
class TimedNote:
    """One note of the vocal line with its time decided: it starts a syllable, or holds the
    previous one (``syllable`` None, as in ``love_``)."""

    start: int
    duration: int
    syllable: Syllable | None
    section: int  # index into the lyric sections
    line: int = 0  # index of its line inside the section
    echo: int = -1  # the line of the section whose tune (and rhythm) this line sings again, or -1
    shift: int = 0  # scale steps the echo moves its tune by: 0 the hook again, -1 a sequence a step lower
    line_end: bool = False  # the last note of its line: a breath follows
    cadence: str = ""  # where the line comes to rest: "", "half", "full"
    place: float = 0.0  # 0-1 through its phrase, for the phrase's contour
    lift: int = 0  # semitones the section's register sits above the verse's
    strong: bool = False  # on a strong beat of the bar

    @property
    def end(self) -> int:
        return self.start + self.duration
