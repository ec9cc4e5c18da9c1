"""Keys, pitch names and metrical beat strength.

Beat strength follows music21's convention so that our numbers compare with the corpus
statistics in shared/notes: 1.0 on the downbeat, halving at each metrical level below it
(4/4: beat 3 = 0.5, beats 2 and 4 = 0.25, eighth off-beats = 0.125).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

PPQ = 480  # ticks per quarter note, everywhere in Studio

_SHARP_NAMES = ("C", "C#", "D", "D#", "E", "F", "F#", "G", "G#", "A", "A#", "B")
_FLAT_NAMES = ("C", "Db", "D", "Eb", "E", "F", "Gb", "G", "Ab", "A", "Bb", "B")
_LETTER_PC = {"C": 0, "D": 2, "E": 4, "F": 5, "G": 7, "A": 9, "B": 11}
# Major keys (by tonic pitch class) written with flats; minor keys use their relative major.
_FLAT_MAJOR_TONICS = {5, 10, 3, 8, 1, 6}
MAJOR_SCALE = (0, 2, 4, 5, 7, 9, 11)
MINOR_SCALE = (0, 2, 3, 5, 7, 8, 10)  # natural minor

_KEY_RE = re.compile(r"^\s*([A-Ga-g])([#b♯♭]?)\s*(m|min|minor|maj|major|M)?\s*$")


def pitch_class_name(pc: int, flats: bool = False) -> str:
    return (_FLAT_NAMES if flats else _SHARP_NAMES)[pc % 12]


def note_name(pitch: int, flats: bool = False) -> str:
    """MIDI pitch to scientific pitch name: 60 -> 'C4'."""
    return f"{pitch_class_name(pitch, flats)}{pitch // 12 - 1}"


@dataclass(frozen=True, slots=True)
class Key:
    tonic: int  # pitch class 0-11, C = 0
    mode: str = "major"  # "major" or "minor"

    def __post_init__(self) -> None:
        if not 0 <= self.tonic <= 11:
            raise ValueError(f"key tonic must be a pitch class 0-11, not {self.tonic}")
        if self.mode not in ("major", "minor"):
            raise ValueError(f"key mode must be major or minor, not {self.mode!r}")

    @property
    def relative(self) -> Key:
        """The key of the same notes in the other mode: A minor for C major, C major for A minor."""
        if self.mode == "major":
            return Key((self.tonic + 9) % 12, "minor")
        return Key((self.tonic + 3) % 12, "major")

    @property
    def uses_flats(self) -> bool:
        major = self if self.mode == "major" else self.relative
        return major.tonic in _FLAT_MAJOR_TONICS

    @property
    def name(self) -> str:
        """'A minor', 'Bb major'."""
        return f"{pitch_class_name(self.tonic, self.uses_flats)} {self.mode}"

    @property
    def midi_name(self) -> str:
        """The key name mido uses for key_signature: 'Am', 'Bb'."""
        return pitch_class_name(self.tonic, self.uses_flats) + ("m" if self.mode == "minor" else "")

    @property
    def scale(self) -> tuple[int, ...]:
        steps = MAJOR_SCALE if self.mode == "major" else MINOR_SCALE
        return tuple((self.tonic + s) % 12 for s in steps)

    @classmethod
    def parse(cls, text: str) -> Key:
        """Read 'C', 'Am', 'F# minor', 'Bb major', 'ebm'. Raises ValueError with a short reason."""
        match = _KEY_RE.match(text)
        if not match:
            raise ValueError(f"{text!r} is not a key (try 'C', 'Am', 'F# minor')")
        letter, accidental, mode = match.groups()
        pc = _LETTER_PC[letter.upper()] + {"#": 1, "♯": 1, "b": -1, "♭": -1}.get(accidental, 0)
        minor = mode in ("m", "min", "minor")
        return cls(pc % 12, "minor" if minor else "major")


@dataclass(frozen=True, slots=True)
class Meter:
    numerator: int = 4
    denominator: int = 4

    def __post_init__(self) -> None:
        if not 1 <= self.numerator <= 32:
            raise ValueError(f"time signature numerator must be 1-32, not {self.numerator}")
        if self.denominator not in (1, 2, 4, 8, 16, 32):
            raise ValueError(f"time signature denominator must be a power of two, not {self.denominator}")

    @property
    def bar_ticks(self) -> int:
        return self.numerator * PPQ * 4 // self.denominator

    @property
    def is_compound(self) -> bool:
        return self.numerator in (6, 9, 12) and self.denominator >= 4

    @property
    def beat_ticks(self) -> int:
        """The felt beat: a dotted quarter in 6/8, a quarter in 4/4."""
        unit = PPQ * 4 // self.denominator
        return unit * 3 if self.is_compound else unit

    def strong_beats(self) -> frozenset[int]:
        """Beats (from 0) a stressed syllable belongs on: 1 and 3 of 4/4, both of 6/8, 1 of 3/4."""
        beats = self.bar_ticks // self.beat_ticks
        if beats == 4:
            return frozenset({0, 2})
        if beats == 6:
            return frozenset({0, 3})
        if beats == 2 and self.is_compound:
            return frozenset({0, 1})
        return frozenset({0})

    def divisions(self) -> list[int]:
        """How each metrical level splits the one above it, from the bar down."""
        beats = self.numerator // 3 if self.is_compound else self.numerator
        levels = _factor(beats)
        if self.is_compound:
            levels.append(3)
        return levels

    def beat_strength(self, tick_in_bar: int) -> float:
        """music21-style strength of a position measured from the start of its bar."""
        span = self.bar_ticks
        level = 0
        if tick_in_bar % span == 0:
            return 1.0
        for divisor in self.divisions() + [2] * 8:
            if span % divisor:
                break
            span //= divisor
            level += 1
            if tick_in_bar % span == 0:
                return 0.5**level
        return 0.5 ** (level + 1)

    def __str__(self) -> str:
        return f"{self.numerator}/{self.denominator}"


def _factor(n: int) -> list[int]:
    """Split a beat count into metrical groupings, larger groups first: 4 -> [2, 2], 6 -> [2, 3]."""
    if n == 1:
        return []
    for p in (2, 3, 5, 7):
        if n % p == 0 and n != p:
            return [p] + _factor(n // p)
    return [n]


# Krumhansl-Kessler key profiles (probe-tone ratings), C major and C minor.
_MAJOR_PROFILE = (6.35, 2.23, 3.48, 2.33, 4.38, 4.09, 2.52, 5.19, 2.39, 3.66, 2.29, 2.88)
_MINOR_PROFILE = (6.33, 2.68, 3.52, 5.38, 2.60, 3.53, 2.54, 4.75, 3.98, 2.69, 3.34, 3.17)


def estimate_key(weighted_pitches) -> Key:
    """Krumhansl-Schmuckler: the key whose profile best correlates with the duration-weighted
    pitch-class histogram of ``(pitch, weight)`` pairs. For MIDI files without a key signature."""
    histogram = [0.0] * 12
    for pitch, weight in weighted_pitches:
        histogram[pitch % 12] += weight
    best, best_score = Key(0), float("-inf")
    for mode, profile in (("major", _MAJOR_PROFILE), ("minor", _MINOR_PROFILE)):
        for tonic in range(12):
            rotated = [profile[(pc - tonic) % 12] for pc in range(12)]
            score = _correlation(histogram, rotated)
            if score > best_score:
                best, best_score = Key(tonic, mode), score
    return best


def _correlation(a, b) -> float:
    mean_a, mean_b = sum(a) / len(a), sum(b) / len(b)
    cov = sum((x - mean_a) * (y - mean_b) for x, y in zip(a, b))
    spread = (sum((x - mean_a) ** 2 for x in a) * sum((y - mean_b) ** 2 for y in b)) ** 0.5
    return cov / spread if spread else 0.0


# Chords as harmony states: a root in semitones above the tonic and a quality.
CHORD_QUALITIES = ("maj", "min", "dim", "7")
CHORD_STEPS = {"maj": (0, 4, 7), "min": (0, 3, 7), "dim": (0, 3, 6), "7": (0, 4, 7, 10)}
CHORD_STATES = 12 * len(CHORD_QUALITIES)


def chord_state(root: int, quality: str) -> int:
    return (root % 12) * len(CHORD_QUALITIES) + CHORD_QUALITIES.index(quality)


def chord_root_quality(state: int) -> tuple[int, str]:
    return state // len(CHORD_QUALITIES), CHORD_QUALITIES[state % len(CHORD_QUALITIES)]


def chord_tones(state: int) -> tuple[int, ...]:
    """Pitch classes of a chord state, relative to the tonic."""
    root, quality = chord_root_quality(state)
    return tuple((root + step) % 12 for step in CHORD_STEPS[quality])


FLAT_DEGREES = frozenset({1, 3, 8, 10})  # bII, bIII, bVI, bVII: named with a flat in any key


def chord_symbol(state: int, tonic: int, flats: bool = False) -> str:
    """Lead-sheet name in a key: the state of V7 in A major -> 'E7'; a chord borrowed on a
    flat degree is spelled as one (bVII in C major is 'Bb', not 'A#')."""
    root, quality = chord_root_quality(state)
    spelled = flats or root % 12 in FLAT_DEGREES
    return pitch_class_name(root + tonic, spelled) + {"maj": "", "min": "m", "dim": "dim", "7": "7"}[quality]


# a lead-sheet suffix: a head (m, maj, dim, sus, ...), an extension number, alterations
_SUFFIX = re.compile(
    r"(?P<head>maj|min|dim|aug|sus|m|M|°|ø|\+)?(?P<number>\d*)(?P<rest>(?:(?:add|sus|b|#|no)\d+|\([^)]*\))*)"
)


def _quality(suffix: str) -> str | None:
    """What the band plays for a suffix: its triad, or the dominant seventh (the four chord
    qualities the harmony knows); 'Am7' plays A minor, 'Cmaj9' C major, 'Bm7b5' B diminished."""
    match = _SUFFIX.fullmatch(suffix)
    if match is None:
        return None
    head, number, rest = match["head"], match["number"], match["rest"]
    if head in ("dim", "°", "ø") or (head in ("m", "min") and "b5" in rest):
        return "dim"
    if head in ("m", "min"):
        return "min"
    if head is None and number in ("7", "9", "11", "13"):
        return "7"
    return "maj"


def chord_from_symbol(symbol: str, tonic: int) -> int | None:
    """The state the band plays for a lead-sheet symbol ('F#m' in D -> iii, 'F#m7/E' too), or
    None when it is not a chord symbol."""
    symbol = symbol.strip().split("/")[0]  # over a bass note: the chord above it
    for length in (2, 1):
        name, suffix = symbol[:length], symbol[length:]
        if name in _SHARP_NAMES or name in _FLAT_NAMES:
            root = _SHARP_NAMES.index(name) if name in _SHARP_NAMES else _FLAT_NAMES.index(name)
            quality = _quality(suffix)
            return None if quality is None else chord_state(root - tonic, quality)
    return None


# the chords a musician reaches for in a key, as states (root from the tonic, quality): the
# diatonic triads (vii° left out: songs seldom sit on it), V7, and the borrowed bVII and iv
_KEY_CHORDS = {
    "major": (
        (0, "maj"),
        (2, "min"),
        (4, "min"),
        (5, "maj"),
        (7, "maj"),
        (9, "min"),
        (7, "7"),
        (10, "maj"),
        (5, "min"),
    ),
    "minor": (
        (0, "min"),
        (3, "maj"),
        (5, "min"),
        (7, "min"),
        (7, "maj"),
        (8, "maj"),
        (10, "maj"),
        (7, "7"),
        (2, "dim"),
    ),
}


def chord_choices(key: Key, also: tuple[int, ...] = ()) -> list[str]:
    """Chord symbols to offer in ``key``: its own chords, then the states in ``also`` (a
    style's loops), each once, in that order."""
    states = [chord_state(root, quality) for root, quality in _KEY_CHORDS[key.mode]] + list(also)
    symbols = [chord_symbol(state, key.tonic, key.uses_flats) for state in states]
    return list(dict.fromkeys(symbols))
