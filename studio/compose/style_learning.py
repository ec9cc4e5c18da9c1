"""What a style learns from a musician's MIDI files besides the melody model's weights: the
parts of a style file the new pipeline reads, measured from the files.

- ``[rhythm]``: the lengths its melodies' notes last (in the base style's grid steps), where
  in the beat they start, and how many notes a beat they sing while singing;
- ``tempo`` and ``meter``: the range of the files' tempos and their most common meter;
- ``[harmony]``: where the files carry chords (chord symbols, or a track playing three notes
  at once), how often they change (``chord_rhythm``) and the four-chord loops they play most.

Pure: songs (already read from the files) and the base style's table in, a new table and the
facts the style's card reports out. The caller writes the files (app.user_styles).
"""

from __future__ import annotations

import copy
from collections import Counter
from dataclasses import dataclass, field

from studio.compose.request import TEMPO_RANGE
from studio.core.song import Song, Track, monophonic
from studio.core.theory import CHORD_STATES, Key, chord_from_symbol, chord_root_quality, chord_tones

MIN_LENGTH_SHARE = 0.02  # a note length rarer than this in the files is left out of the vocabulary
LONGEST_STEPS = 16  # lengths past four beats (on a sixteenth grid) are held notes, not rhythm
REST_BEATS = 1.0  # a gap longer than this ends a phrase: what comes before it is not "while singing"
LOOP_CHORDS = 4  # a loop is four chords, as the shipped styles' loops are
LOOPS_KEPT = 3
MIN_CHORD_BARS = 8  # fewer bars of chords than this say nothing about a style's loops
NUMERALS = ("I", "bII", "II", "bIII", "III", "IV", "#IV", "V", "bVI", "VI", "bVII", "VII")


@dataclass
class Learned:
    """What the files taught, for the style's card."""

    melodies: int = 0
    notes: int = 0
    tempos: tuple[float, float] | None = None
    meter: str = ""
    loops: list[str] = field(default_factory=list)
    chord_rhythm: str = ""  # "bar", "half" or "beat" where the files' chords said
    chord_bars: int = 0


def learn_style(songs: list[Song], base: dict, name: str, description: str) -> tuple[dict, Learned]:
    """The base style's table with what the songs' melodies, tempos, meters and chords say."""
    table = copy.deepcopy(base)
    table["name"], table["description"] = name, description
    learned = Learned()
    tracks = [(song, song.melody_track()) for song in songs]
    lines = [(song, monophonic(track.notes)) for song, track in tracks if track is not None]
    learned.melodies = len(lines)
    learned.notes = sum(len(line) for _, line in lines)
    if not lines:
        return table, learned
    meters = Counter(f"{song.meter.numerator}/{song.meter.denominator}" for song, _ in lines)
    learned.meter = meters.most_common(1)[0][0]
    table["meter"] = learned.meter
    bpms = sorted(song.bpm for song, _ in lines)
    low, high = max(TEMPO_RANGE[0], round(bpms[0])), min(TEMPO_RANGE[1], round(bpms[-1]))
    learned.tempos = (bpms[0], bpms[-1])
    table["tempo"] = [max(TEMPO_RANGE[0], low - 4), min(TEMPO_RANGE[1], high + 4)]  # a little room either side
    rhythm = table.setdefault("rhythm", {})
    grid = int(rhythm.get("grid", 4))
    rhythm.update(_rhythm(lines, grid))
    changes = chord_rhythm(songs)
    loops, bars = _loops(songs, changes or table.get("harmony", {}).get("chord_rhythm", "bar"))
    learned.chord_bars = bars
    if loops:
        learned.loops, learned.chord_rhythm = loops, changes or ""
        table.setdefault("harmony", {})["loops"] = {"verse": loops}
        if changes:
            table["harmony"]["chord_rhythm"] = changes
    return table, learned


def _rhythm(lines, grid: int) -> dict:
    """``onsets``, ``lengths`` and ``syllables_per_beat`` of the melodies on a grid of
    ``grid`` steps a beat."""
    onsets, lengths = [0.0] * grid, Counter()
    sung_beats, sung_notes = 0.0, 0
    for song, line in lines:
        beat = song.meter.beat_ticks
        step = beat / grid
        for (note, _), following in zip(line, [n for n, _ in line[1:]] + [None]):
            position = round(note.start / step)
            onsets[position % grid] += 1
            if following is None:
                continue
            gap = following.start - note.start
            if gap > note.duration + REST_BEATS * beat:
                continue  # the phrase's last note: its length is the phrase's end, not the rhythm
            steps = round(gap / step)
            if 1 <= steps <= LONGEST_STEPS:
                lengths[steps] += 1
            sung_beats += gap / beat
            sung_notes += 1
    top = max(onsets) or 1.0
    weights = [round(max(0.05, count / top), 2) for count in onsets]
    weights[0] = max(weights[0], 0.05)
    total = sum(lengths.values()) or 1
    common = max(lengths.values(), default=1)
    kept = {str(s): round(n / common, 2) for s, n in sorted(lengths.items()) if n / total >= MIN_LENGTH_SHARE}
    learned = {"onsets": weights}
    if kept:
        learned["lengths"] = kept
    if sung_notes >= 8 and sung_beats > 0:
        learned["syllables_per_beat"] = round(min(4.0, max(0.5, sung_notes / sung_beats)), 2)
    return learned


def _loops(songs: list[Song], changes: str) -> tuple[list[str], int]:
    """The most played four-chord progressions (a chord per bar, half bar or beat, as the
    style changes chords), as roman numerals, and how many bars of chords the files had; no
    loops when they had fewer than MIN_CHORD_BARS."""
    windows: Counter = Counter()
    bars = 0
    for song in songs:
        slot = _slot_ticks(song, changes)
        chords = slot_chords(song, slot)
        bars += sum(1 for c in chords if c is not None) * slot // song.meter.bar_ticks
        for k in range(0, len(chords) - LOOP_CHORDS + 1):
            window = chords[k : k + LOOP_CHORDS]
            if None not in window and len(set(window)) >= 3:  # a loop moves: "IV I I I" is a vamp
                windows[tuple(window)] += 1
    if bars < MIN_CHORD_BARS:
        return [], bars
    return [" ".join(roman(state) for state in loop) for loop, _ in windows.most_common(LOOPS_KEPT)], bars


def chord_rhythm(songs: list[Song]) -> str | None:
    """How often the files change chords (``harmony.chord_rhythm``): "bar", "half" or "beat",
    from the median length of their chords against the bar; None without chords."""
    shares = []
    for song in songs:
        bar = song.meter.bar_ticks
        shares += [length / bar for length in chord_lengths(song)]
    if len(shares) < MIN_CHORD_BARS:
        return None
    median = sorted(shares)[len(shares) // 2]
    return "bar" if median >= 0.75 else "half" if median >= 0.375 else "beat"


def chord_lengths(song: Song) -> list[int]:
    """Ticks each chord lasts: the chord symbols' own, or from one strike of a chord track to
    the next strike of other notes."""
    if song.chords:
        return [label.duration for label in song.chords]
    tracks = [t for t in song.tracks if plays_chords(t) and t is not song.melody_track()]
    strikes: dict[int, set[int]] = {}
    for track in tracks:
        for note in track.notes:
            strikes.setdefault(note.start, set()).add(note.pitch % 12)
    changes, last = [], None
    for tick, pitches in sorted(strikes.items()):
        if len(pitches) >= 3 and pitches != last:  # the same chord struck again goes on
            changes.append(tick)
            last = pitches
    return [b - a for a, b in zip(changes, changes[1:])]


def _slot_ticks(song: Song, changes: str) -> int:
    bar, beat = song.meter.bar_ticks, song.meter.beat_ticks
    return {"bar": bar, "half": bar // 2 if (bar // beat) % 2 == 0 else bar, "beat": beat}[changes]


def slot_chords(song: Song, slot: int) -> list[int | None]:
    """The chord state (from the tonic) at the start of each ``slot`` ticks: the song's chord
    symbols where it has them, else the pitches a chord track sounds there; None where
    neither says."""
    key = song.key
    count = max(1, -(-song.end_tick // slot))
    if song.chords:
        found = [None] * count
        for label in song.chords:
            state = chord_from_symbol(label.symbol, key.tonic)
            for k in range(label.start // slot, min(count, -(-(label.start + label.duration) // slot))):
                found[k] = state if found[k] is None else found[k]
        return found
    tracks = [t for t in song.tracks if plays_chords(t) and t is not song.melody_track()]
    return [_chord_under(tracks, k * slot, slot, key) for k in range(count)]


def plays_chords(track: Track) -> bool:
    """A track that mostly strikes three or more notes at once."""
    if track.is_drums or not track.notes:
        return False
    onsets = Counter(n.start for n in track.notes)
    return sum(1 for c in onsets.values() if c >= 3) >= len(onsets) / 2


def _chord_under(tracks: list[Track], start: int, length: int, key: Key) -> int | None:
    """The triad or seventh whose tones best cover the pitch classes sounding in the bar's
    first half (by duration), if it covers most of them."""
    weight = Counter()
    for track in tracks:
        for note in track.notes:
            overlap = min(note.end, start + length // 2) - max(note.start, start)
            if overlap > 0:
                weight[(note.pitch - key.tonic) % 12] += overlap
    total = sum(weight.values())
    if not total:
        return None
    best = max(range(CHORD_STATES), key=lambda s: (sum(weight[pc] for pc in chord_tones(s)), -len(chord_tones(s))))
    return best if sum(weight[pc] for pc in chord_tones(best)) >= 0.7 * total else None


def roman(state: int) -> str:
    """A chord state as a roman numeral the style reader reads back: V, vi, bVII, vii°, V7."""
    root, quality = chord_root_quality(state)
    numeral = NUMERALS[root]
    accidental, degree = (numeral[0], numeral[1:]) if numeral[0] in "b#" else ("", numeral)
    if quality in ("min", "dim"):
        degree = degree.lower()
    return accidental + degree + {"dim": "°", "7": "7"}.get(quality, "")
