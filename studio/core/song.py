"""The song document: immutable value objects in integer ticks (PPQ 480).

Everything here is frozen so that a snapshot handed to a worker thread can never change
under it (DESIGN rule 4); edits build new objects and share the unchanged parts.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from statistics import median

from studio.core.theory import PPQ, Key, Meter
from studio.core.timing import TempoMap

DRUM_CHANNEL = 9  # General MIDI channel 10, counted from zero
VOICES = ("female", "male")  # the guide vocal's singers (studio.audio.voice.espeak says how)
# The range each guide voice sings a melody in (MIDI notes): a man's C3-G4, a woman's A3-E5,
# the compass of untrained singers in their comfortable register. A melody is written
# inside it, so the Vocal track holds the notes the vocal stem sings.
VOICE_RANGES = {"female": (57, 76), "male": (48, 67)}
# where each voice sounds best (MIDI note of a line's median), for a line that fits its range
# in two octaves: a treble melody of C4-G4 is sung by a man an octave down
SEED_NOTES_MAX = 16  # the opening a seed gives (a MIDI file, a take): up to 16 notes of its melody
VOICE_CENTRES = {"female": 65, "male": 53}
# The key of a song the musician gave none, per voice, for a major- and a minor-mode style: the
# melody spans a fourth or fifth below the tonic upwards (studio.ml.generate), so C major puts a
# man up to G4, the top of his range, where the guide voice is understood worst; G major starts
# the same melody on D3 (docs/decisions.md: "A key for the singer"). A woman's C major: A3-C5.
DEFAULT_KEYS = {
    "female": {"major": Key(0, "major"), "minor": Key(9, "minor")},
    "male": {"major": Key(7, "major"), "minor": Key(9, "minor")},
}


def octave_for_voice(pitches, voice: str) -> int:
    """Semitones (a multiple of 12) that put most of the line inside the voice's range: 0 for
    a line written there (the singer sings the Vocal track's own notes), else the octave
    whose median is nearest the voice's centre among those that fit best. A short line fits
    two octaves of a range (male 48-67 holds 60-67 and 48-55): it stays where it is written."""
    low, high = VOICE_RANGES.get(voice, VOICE_RANGES[VOICES[0]])
    centre, middle = VOICE_CENTRES.get(voice, VOICE_CENTRES[VOICES[0]]), median(pitches)

    def fit(shift: int) -> tuple[int, bool, float]:
        return sum(low <= p + shift <= high for p in pitches), shift == 0, -abs(middle + shift - centre)

    return max((12 * k for k in range(-4, 5)), key=fit)


@dataclass(frozen=True, slots=True)
class Note:
    pitch: int  # MIDI note number 0-127
    start: int  # ticks from the start of the song
    duration: int  # ticks, at least 1
    velocity: int = 96  # 1-127
    lyric: str = ""  # the syllable this note starts; "" for none or a melisma continuation
    joins_next: bool = False  # the word goes on in the next syllable ("beau-" in "beau-ti-ful")
    seed: bool = False  # drawn by the musician rather than generated

    def __post_init__(self) -> None:
        if not 0 <= self.pitch <= 127:
            raise ValueError(f"pitch must be 0-127, not {self.pitch}")
        if self.start < 0:
            raise ValueError(f"note start must not be negative ({self.start})")
        if self.duration < 1:
            raise ValueError(f"note duration must be at least one tick ({self.duration})")
        if not 1 <= self.velocity <= 127:
            raise ValueError(f"velocity must be 1-127, not {self.velocity}")

    @property
    def end(self) -> int:
        return self.start + self.duration

    def moved(self, ticks: int = 0, semitones: int = 0) -> Note:
        return replace(self, start=self.start + ticks, pitch=self.pitch + semitones)


def monophonic(notes) -> list[tuple[Note, int]]:
    """One note at a time, as a singer would: the highest at each onset, each cut where the
    next begins. Returns (note, sounding length in ticks) pairs in time order."""
    by_start: dict[int, Note] = {}
    for note in notes:
        if note.start not in by_start or note.pitch > by_start[note.start].pitch:
            by_start[note.start] = note
    line = [by_start[s] for s in sorted(by_start)]
    return [
        (note, (min(note.end, following.start) if following else note.end) - note.start)
        for note, following in zip(line, line[1:] + [None])
    ]


def _note_order(note: Note) -> tuple:
    return (note.start, note.pitch, note.duration, note.velocity, note.lyric)


@dataclass(frozen=True, slots=True)
class Track:
    name: str
    program: int = 0  # General MIDI program 0-127 (for drums: the kit number)
    channel: int = 0  # MIDI channel 0-15; 9 plays the General MIDI drum kit
    notes: tuple[Note, ...] = ()
    volume: float = 1.0  # linear fader gain 0-2
    pan: float = 0.0  # -1 left .. +1 right
    muted: bool = False

    def __post_init__(self) -> None:
        if not 0 <= self.program <= 127:
            raise ValueError(f"program must be 0-127, not {self.program}")
        if not 0 <= self.channel <= 15:
            raise ValueError(f"channel must be 0-15, not {self.channel}")
        if not 0.0 <= self.volume <= 2.0:
            raise ValueError(f"volume must be 0-2, not {self.volume}")
        if not -1.0 <= self.pan <= 1.0:
            raise ValueError(f"pan must be -1..1, not {self.pan}")
        # Sorted notes make equality and playback order independent of edit history.
        object.__setattr__(self, "notes", tuple(sorted(self.notes, key=_note_order)))

    @property
    def is_drums(self) -> bool:
        return self.channel == DRUM_CHANNEL

    @property
    def end(self) -> int:
        return max((n.end for n in self.notes), default=0)

    def with_notes(self, notes) -> Track:
        return replace(self, notes=tuple(notes))


def _not_before_start(tick: int) -> None:
    if tick < 0:
        raise ValueError(f"nothing can start before the song (tick {tick})")


@dataclass(frozen=True, slots=True)
class TempoChange:
    tick: int
    bpm: float

    def __post_init__(self) -> None:
        _not_before_start(self.tick)
        if not 1.0 <= self.bpm <= 1000.0:
            raise ValueError(f"tempo must be 1-1000 BPM, not {self.bpm}")


@dataclass(frozen=True, slots=True)
class MeterChange:
    tick: int
    meter: Meter

    def __post_init__(self) -> None:
        _not_before_start(self.tick)


@dataclass(frozen=True, slots=True)
class KeyChange:
    tick: int
    key: Key

    def __post_init__(self) -> None:
        _not_before_start(self.tick)


@dataclass(frozen=True, slots=True)
class Section:
    start: int  # tick where the section begins
    kind: str  # verse, chorus, bridge, intro, outro, ...
    label: str  # what the musician sees: "Verse 2"

    def __post_init__(self) -> None:
        _not_before_start(self.start)


@dataclass(frozen=True, slots=True)
class ChordLabel:
    start: int
    duration: int
    symbol: str  # a chord symbol as a lead sheet writes it: "Am7", "F/C"

    def __post_init__(self) -> None:
        _not_before_start(self.start)
        if self.duration < 1:
            raise ValueError(f"a chord lasts at least one tick ({self.duration})")


def _by_tick(items) -> tuple:
    return tuple(sorted(items, key=lambda item: item.tick))


@dataclass(frozen=True, slots=True)
class Song:
    title: str = "Untitled"
    tracks: tuple[Track, ...] = ()
    tempos: tuple[TempoChange, ...] = (TempoChange(0, 120.0),)
    meters: tuple[MeterChange, ...] = (MeterChange(0, Meter(4, 4)),)
    keys: tuple[KeyChange, ...] = (KeyChange(0, Key(0, "major")),)
    sections: tuple[Section, ...] = ()
    chords: tuple[ChordLabel, ...] = ()
    lyrics: str = ""  # the lyric text as the musician typed it
    style: str = ""  # style id, empty when none was chosen
    voice: str = VOICES[0]  # who sings the guide vocal
    phrases: tuple[int, ...] = ()  # ticks (bar lines) where the sung phrases begin: one per lyric line
    _tempo_map: TempoMap | None = field(default=None, init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        if self.voice not in VOICES:
            raise ValueError(f"voice must be one of {', '.join(VOICES)}, not {self.voice!r}")
        for name in ("tracks", "sections", "chords"):
            object.__setattr__(self, name, tuple(getattr(self, name)))
        object.__setattr__(self, "tempos", _by_tick(self.tempos) or (TempoChange(0, 120.0),))
        object.__setattr__(self, "meters", _by_tick(self.meters) or (MeterChange(0, Meter()),))
        object.__setattr__(self, "keys", _by_tick(self.keys) or (KeyChange(0, Key(0)),))
        object.__setattr__(self, "sections", tuple(sorted(self.sections, key=lambda s: s.start)))
        object.__setattr__(self, "chords", tuple(sorted(self.chords, key=lambda c: c.start)))
        object.__setattr__(self, "phrases", tuple(sorted(set(self.phrases))))
        if any(tick < 0 for tick in self.phrases):
            raise ValueError("a phrase cannot begin before the song")
        object.__setattr__(self, "_tempo_map", TempoMap([(t.tick, t.bpm) for t in self.tempos]))

    @property
    def ppq(self) -> int:
        return PPQ

    @property
    def tempo_map(self) -> TempoMap:
        return self._tempo_map

    @property
    def bpm(self) -> float:
        return self.tempos[0].bpm

    @property
    def meter(self) -> Meter:
        return self.meters[0].meter

    @property
    def key(self) -> Key:
        return self.keys[0].key

    @property
    def end_tick(self) -> int:
        return max((t.end for t in self.tracks), default=0)

    @property
    def duration_seconds(self) -> float:
        return self.tempo_map.tick_to_seconds(self.end_tick)

    def meter_at(self, tick: int) -> MeterChange:
        current = self.meters[0]
        for change in self.meters:
            if change.tick > tick:
                break
            current = change
        return current

    def beat_strength(self, tick: int) -> float:
        """Metrical strength of a tick, counting bars from the meter change before it."""
        change = self.meter_at(tick)
        return change.meter.beat_strength((tick - change.tick) % change.meter.bar_ticks)

    def melody_track(self) -> Track | None:
        """The vocal if there is one, else the first track with lyrics, else the first pitched track."""
        pitched = [t for t in self.tracks if not t.is_drums and t.notes]
        for track in pitched:
            if track.name.lower() in ("vocal", "vocals", "melody", "lead"):
                return track
        return next((t for t in pitched if any(n.lyric for n in t.notes)), pitched[0] if pitched else None)

    def track_index(self, name: str) -> int | None:
        for i, track in enumerate(self.tracks):
            if track.name == name:
                return i
        return None

    def with_track(self, index: int, track: Track) -> Song:
        tracks = list(self.tracks)
        tracks[index] = track
        return replace(self, tracks=tuple(tracks))
