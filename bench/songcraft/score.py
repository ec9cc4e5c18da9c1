"""A sung melody as the songcraft metrics see it, read from a song.mid the way an outside
tool reads it (mido, nothing of Studio's song model), or built from a corpus melody.

The MIDI gives the notes, the lyric events (one per syllable, "-" when the word goes on),
the section markers, the meter, key and tempo. Which notes make which lyric line is not
in a MIDI file: the lyric text the song was made from says it (``assign_lines``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from pathlib import Path

import mido

SHARP_KEYS = {"C": 0, "G": 7, "D": 2, "A": 9, "E": 4, "B": 11, "F#": 6, "C#": 1,
              "F": 5, "Bb": 10, "Eb": 3, "Ab": 8, "Db": 1, "Gb": 6, "Cb": 11}  # fmt: skip
VOCAL_NAMES = ("vocal", "vocals", "melody", "lead")


@dataclass(frozen=True)
class SungNote:
    pitch: int
    start: int  # ticks
    end: int
    syllable: str | None = None  # the lyric text it starts ("beau-" keeps its hyphen); None: held on
    flags: int = 0  # corpus melodies: studio.ml.corpus flag bits (a line end from a fermata)

    @property
    def joins_next(self) -> bool:
        return bool(self.syllable) and self.syllable.endswith("-")


@dataclass(frozen=True)
class Meter:
    numerator: int = 4
    denominator: int = 4

    def bar_ticks(self, ppq: int) -> int:
        return self.numerator * ppq * 4 // self.denominator

    @property
    def compound(self) -> bool:
        return self.denominator == 8 and self.numerator % 3 == 0 and self.numerator > 3

    def beat_ticks(self, ppq: int) -> int:
        """A quarter in x/4, a dotted quarter in 6/8 and 12/8, a half in 2/2."""
        unit = ppq * 4 // self.denominator
        return unit * 3 if self.compound else unit

    def strong_beats(self) -> frozenset[int]:
        """Beat numbers (from 0) that are strong: 1 and 3 of 4/4, 1 of 3/4, 1 and 4 of 6/8."""
        beats = self.numerator // 3 if self.compound else self.numerator
        if beats == 4:
            return frozenset({0, 2})
        if beats == 6:
            return frozenset({0, 3})
        if beats == 2 and self.compound:
            return frozenset({0, 1})  # 6/8: the two dotted quarters
        return frozenset({0})


@dataclass
class Piece:
    """One melody with what the metrics need around it."""

    name: str
    ppq: int
    meter: Meter
    tonic: int  # pitch class
    mode: str  # "major" / "minor"
    notes: list[SungNote]
    sections: list[tuple[int, str]] = field(default_factory=list)  # (tick, label) from the markers
    tempos: list[tuple[int, int]] = field(default_factory=lambda: [(0, 500000)])  # (tick, microseconds/beat)
    band: dict[str, list[tuple[int, int, int]]] = field(default_factory=dict)  # track -> (pitch, start, end)
    drums: list[tuple[int, int]] = field(default_factory=list)  # (key, start) on channel 10
    chord_symbols: list[tuple[int, str]] = field(default_factory=list)  # text/marker events that name chords
    lines: list[list[int]] = field(default_factory=list)  # note indices per lyric line
    line_sections: list[str] = field(default_factory=list)  # the section label of each line
    words_expected: int = 0
    words_sung: int = 0

    @property
    def bar(self) -> int:
        return self.meter.bar_ticks(self.ppq)

    @property
    def beat(self) -> int:
        return self.meter.beat_ticks(self.ppq)

    def seconds(self, tick: int) -> float:
        """Tick to seconds through the tempo map."""
        total, last_tick, tempo = 0.0, 0, self.tempos[0][1]
        for change_tick, change_tempo in self.tempos:
            if change_tick >= tick:
                break
            total += (change_tick - last_tick) * tempo / self.ppq / 1e6
            last_tick, tempo = change_tick, change_tempo
        return total + (tick - last_tick) * tempo / self.ppq / 1e6

    @property
    def end_tick(self) -> int:
        ends = [n.end for n in self.notes] + [e for part in self.band.values() for _, _, e in part]
        return max(ends, default=0)


def _key_from_signature(name: str) -> tuple[int, str]:
    minor = name.endswith("m")
    root = name[:-1] if minor else name
    return SHARP_KEYS.get(root, 0), "minor" if minor else "major"


def _notes_of(track: mido.MidiTrack) -> tuple[list[tuple[int, int, int, int]], list[tuple[int, str]]]:
    """(pitch, start, end, channel) for every note, and (tick, text) for lyric events."""
    now, open_notes, notes, lyrics = 0, {}, [], []
    for msg in track:
        now += msg.time
        if msg.type == "lyrics":
            lyrics.append((now, msg.text))
        elif msg.type == "note_on" and msg.velocity > 0:
            open_notes.setdefault((msg.channel, msg.note), []).append(now)
        elif msg.type in ("note_off", "note_on"):
            starts = open_notes.get((msg.channel, msg.note))
            if starts:
                notes.append((msg.note, starts.pop(0), now, msg.channel))
    return sorted(notes, key=lambda n: (n[1], -n[0])), lyrics


def read_song_midi(path: Path | str, name: str = "") -> Piece:
    """A song.mid as a Piece: the vocal track's notes with their lyric events, the band's
    notes by track, the conductor's meter, key, tempo and section markers."""
    midi = mido.MidiFile(str(path), charset="utf-8")  # lyrics are UTF-8 (DESIGN.md)
    meter, key, tempos, sections, symbols = Meter(), (0, "major"), [], [], []
    vocal: list[SungNote] = []
    band: dict[str, list[tuple[int, int, int]]] = {}
    drums: list[tuple[int, int]] = []
    for track in midi.tracks:
        now, track_name = 0, ""
        for msg in track:
            now += msg.time
            if msg.type == "time_signature" and now == 0:
                meter = Meter(msg.numerator, msg.denominator)
            elif msg.type == "key_signature" and now == 0:
                key = _key_from_signature(msg.key)
            elif msg.type == "set_tempo":
                tempos.append((now, msg.tempo))
            elif msg.type == "marker":
                sections.append((now, msg.text))
            elif msg.type == "text":
                symbols.append((now, msg.text))
            elif msg.type == "track_name":
                track_name = msg.name
        notes, lyrics = _notes_of(track)
        if not notes:
            continue
        if track_name.lower() in VOCAL_NAMES and not vocal:
            vocal = _vocal_line(notes, lyrics)
        elif all(n[3] == 9 for n in notes):
            drums += [(pitch, start) for pitch, start, _, _ in notes]
        else:
            band[track_name or f"track {len(band) + 1}"] = [(p, s, e) for p, s, e, _ in notes]
    return Piece(
        name or Path(path).parent.name, midi.ticks_per_beat, meter, key[0], key[1], vocal, sorted(sections),
        sorted(tempos) or [(0, 500000)], band, sorted(drums, key=lambda d: d[1]), sorted(symbols),
    )  # fmt: skip


def _vocal_line(notes, lyrics) -> list[SungNote]:
    """The sung line: one note per onset (the highest), each with the lyric event at its tick."""
    at = {}
    for tick, text in lyrics:
        at.setdefault(tick, text)
    line, seen = [], set()
    for pitch, start, end, _ in notes:
        if start in seen:
            continue
        seen.add(start)
        line.append(SungNote(pitch, start, end, at.get(start)))
    return line


def normalise_word(text: str) -> str:
    return re.sub(r"[^a-z'\u4e00-\u9fff]", "", text.lower()).strip("'")


def sung_words(notes: list[SungNote]) -> list[tuple[str, list[int]]]:
    """Words as the lyric events spell them: (word, indices of its syllables' notes)."""
    words: list[tuple[str, list[int]]] = []
    current, indices = "", []
    for i, note in enumerate(notes):
        if note.syllable is None:
            continue
        current += note.syllable.rstrip("-")
        indices.append(i)
        if not note.joins_next:
            words.append((current, indices))
            current, indices = "", []
    if indices:
        words.append((current, indices))
    return words


def assign_lines(piece: Piece, lines: list[tuple[str, list[str]]]) -> None:
    """Split the piece's notes into lyric lines. ``lines``: (section label, the line's words
    as sung) in singing order. The sung words are aligned to the text's words (difflib), so
    a dropped or an extra word shifts nothing; each line takes the notes from its first
    matched word's first note up to the next line's."""
    expected = [(li, normalise_word(w)) for li, (_, words) in enumerate(lines) for w in words]
    sung = sung_words(piece.notes)
    matcher = SequenceMatcher(None, [w for _, w in expected], [normalise_word(w) for w, _ in sung], autojunk=False)
    first_note: dict[int, int] = {}
    matched = 0
    for block in matcher.get_matching_blocks():
        for k in range(block.size):
            line_index = expected[block.a + k][0]
            note_index = sung[block.b + k][1][0]
            first_note[line_index] = min(first_note.get(line_index, note_index), note_index)
            matched += 1
    starts = sorted((note, li) for li, note in first_note.items())
    piece.lines, piece.line_sections = [], []
    for k, (note, li) in enumerate(starts):
        stop = starts[k + 1][0] if k + 1 < len(starts) else len(piece.notes)
        piece.lines.append(list(range(note, stop)))
        piece.line_sections.append(lines[li][0])
    piece.words_expected, piece.words_sung = len(expected), matched
