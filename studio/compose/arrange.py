"""Arrangement: chords, bass, drums (and a style's pad or lead) around the vocal melody.

Everything is driven by the style's patterns (one character per step of a bar) and the
chord chosen for each harmony slot. Each kind of section has its own band (``[band.*]``:
the comping and bass patterns, who plays, how loud, how wide): the verse is sparse, the
chorus lifts (its own drum pattern, louder and wider chords, the pad or lead joins), each
section's last bar gets a fill, a crash marks each chorus, and the song ends on a held tonic.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass

from studio.compose.styles import DRUM_KEYS, DRUM_VELOCITY, Style
from studio.core.song import DRUM_CHANNEL, Note, Track
from studio.core.theory import Key, chord_root_quality, chord_tones

CHANNELS = {"vocal": 0, "chords": 1, "bass": 2, "pad": 3, "lead": 4}
CHORD_RING = 960  # ticks a struck chord is heard under the vocal (a half note)
SPREAD_FLOOR = 48  # C3: a doubled root lower than this muddies the bass
BASS_STEPS = {"1": 0, "2": 2, "3": None, "4": 5, "5": 7, "6": 9, "7": 10, "8": 12}  # None: the chord's third


@dataclass(frozen=True)
class Span:
    """A stretch of the song: a section, with its kind for the arrangement."""

    start: int
    end: int
    kind: str  # intro, verse, chorus, bridge, outro, ...
    label: str


@dataclass(frozen=True)
class ChordSlot:
    start: int
    end: int
    state: int  # chord relative to the key (core.theory chord states)


def chord_at(slots: list[ChordSlot], tick: int) -> ChordSlot:
    """The slot sounding at ``tick`` (slots are in time order and touch end to start)."""
    index = bisect_right(slots, tick, key=lambda slot: slot.start) - 1
    return slots[max(0, min(index, len(slots) - 1))]


def _pitch_near(pitch_class: int, low: int) -> int:
    """The lowest pitch of a pitch class at or above ``low``."""
    return low + (pitch_class - low) % 12


def _voicing(state: int, key: Key, octave: int, previous: list[int] | None) -> list[int]:
    """Close position in the octave, inverted to move as little as possible from the last chord."""
    tones = [(key.tonic + t) % 12 for t in chord_tones(state)]
    base = 12 * (octave + 1)
    options = []
    for inversion in range(len(tones)):
        rotated = tones[inversion:] + tones[:inversion]
        pitches, low = [], base
        for pc in rotated:
            pitch = _pitch_near(pc, low)
            pitches.append(pitch)
            low = pitch + 1
        options.append(pitches)
    if not previous:
        return options[0]
    return min(options, key=lambda p: sum(abs(a - b) for a, b in zip(sorted(p), sorted(previous))))


def _steps(pattern: str, bar_start: int, bar_ticks: int, swing: float):
    """(tick, char, length in steps) for each event in a pattern; swing delays odd steps."""
    step = bar_ticks // len(pattern)
    for i, char in enumerate(pattern):
        if char in ".-":
            continue
        length = 1
        while i + length < len(pattern) and pattern[i + length] == "-":
            length += 1
        delay = round(swing * step) if i % 2 else 0
        yield bar_start + i * step + delay, char, length * step - (delay if i % 2 else 0)


def _bars(span: Span, bar_ticks: int):
    return range(span.start, span.end, bar_ticks)


def arrange(
    style: Style, key: Key, melody: tuple[Note, ...], spans: list[Span], slots: list[ChordSlot], bar_ticks: int
) -> list[Track]:
    chords: list[Note] = []
    bass: list[Note] = []
    drums: list[Note] = []
    pad: list[Note] = []
    lead: list[Note] = []
    previous: list[int] | None = None
    last_span = spans[-1]
    for index, span in enumerate(spans):
        part = style.band_for(span.kind)
        final = span is last_span and span.kind == "outro"
        for bar in _bars(span, bar_ticks):
            if "chords" in part.plays or final:
                notes, previous = _chord_bar(style, key, part, slots, melody, bar, bar_ticks, previous, final)
                chords += notes
            if "bass" in part.plays or final:
                bass += _bass_bar(style, key, part, slots, bar, bar_ticks, final, last_span.end)
            if "drums" in part.plays or final:
                drums += _drum_bar(style, span, bar, bar_ticks, index, spans)
            if "pad" in part.plays and "pad" in style.instruments:
                slot = chord_at(slots, bar)
                pad += [Note(p + 12, bar, bar_ticks, 64) for p in _voicing(slot.state, key, style.chord_octave, None)]
        if "lead" in part.plays and "lead" in style.instruments:
            lead += [
                Note(min(127, n.pitch + 12), n.start, n.duration, 80)
                for n in melody
                if span.start <= n.start < span.end
            ]
    tracks = [
        Track("Chords", style.instruments["chords"], CHANNELS["chords"], tuple(chords), volume=0.8),
        Track("Bass", style.instruments["bass"], CHANNELS["bass"], tuple(bass), volume=0.9),
    ]
    if drums:
        tracks.append(Track("Drums", 0, DRUM_CHANNEL, tuple(drums), volume=0.9))
    if pad:
        tracks.append(Track("Pad", style.instruments["pad"], CHANNELS["pad"], tuple(pad), volume=0.6))
    if lead:
        tracks.append(Track("Lead", style.instruments["lead"], CHANNELS["lead"], tuple(lead), volume=0.6))
    return tracks


def _chord_bar(style, key, part, slots, melody, bar, bar_ticks, previous, final) -> tuple[list[Note], list[int]]:
    """One bar of the chords in the section's comping pattern (the last bar of the song held)."""
    pattern = part.chords if not final else "x" + "-" * (len(part.chords) - 1)
    notes = []
    for tick, _, length in _steps(pattern, bar, bar_ticks, style.swing):
        slot = chord_at(slots, tick)
        length = min(length, slot.end - tick) if style.chord_voicing != "pad" else slot.end - tick
        voiced = _chord_notes(style, key, slot.state, previous, melody, tick)
        previous = voiced
        if part.spread and style.chord_voicing != "choir":
            voiced = _spread(voiced, slot.state, key, _sung_under(melody, tick))
        if style.chord_voicing == "arpeggio" and not final:
            position = (tick - bar) * len(pattern) // bar_ticks
            voiced = [voiced[position % len(voiced)]]
        notes += [Note(p, tick, max(1, length), part.velocity) for p in voiced]
    return notes, previous


def _bass_bar(style, key, part, slots, bar, bar_ticks, final, song_end) -> list[Note]:
    """One bar of the bass in the section's pattern, walking into the next chord's root."""
    pattern = part.bass if not final else "1" + "-" * (len(part.bass) - 1)
    steps = list(_steps(pattern, bar, bar_ticks, style.swing))
    notes = []
    for k, (tick, char, length) in enumerate(steps):
        slot = chord_at(slots, tick)
        pitch = _bass_pitch(style, key, slot.state, char)
        last_in_slot = k + 1 == len(steps) or steps[k + 1][0] >= slot.end
        if style.bass_approach and last_in_slot and not final and slot.end < song_end:
            pitch = _approach(pitch, _bass_pitch(style, key, chord_at(slots, slot.end).state, "1"), key)
        notes.append(Note(pitch, tick, max(1, min(length, slot.end - tick)), 100))
    return notes


def _sung_under(melody: tuple[Note, ...], tick: int) -> list[int]:
    """The vocal's pitches while a chord struck at ``tick`` is heard."""
    return [n.pitch for n in melody if n.start < tick + CHORD_RING and n.end > tick]


def _spread(voiced: list[int], state: int, key: Key, sung: list[int]) -> list[int]:
    """A wider voicing: the chord's root doubled an octave under the close voicing where it
    stays clear of the bass (at or above C3), else over it where it stays under the vocal."""
    root = (key.tonic + chord_root_quality(state)[0]) % 12
    low = _pitch_near(root, min(voiced) - 12)
    if SPREAD_FLOOR <= low < min(voiced):
        return [low, *voiced]
    high = _pitch_near(root, max(voiced) + 1)
    return [*voiced, high] if not sung or high <= min(sung) - 2 else voiced


def _chord_notes(style: Style, key: Key, state: int, previous, melody: tuple[Note, ...], tick: int) -> list[int]:
    if style.chord_voicing != "choir":
        voiced = _voicing(state, key, style.chord_octave, previous)
        sung = _sung_under(melody, tick)
        # leave the vocal's register free: a chord reaching into the sung notes moves down
        while sung and voiced and max(voiced) > min(sung) - 2 and min(voiced) - 12 >= 12 * style.chord_octave:
            voiced = [p - 12 for p in voiced]
        return voiced
    # Choir: alto, tenor and a third voice on chord tones just under the sung note.
    sung = next((n.pitch for n in melody if n.start <= tick < n.end), None)
    top = (sung - 2) if sung is not None else 12 * (style.chord_octave + 2)
    tones = {(key.tonic + t) % 12 for t in chord_tones(state)}
    voices = [p for p in range(top, top - 24, -1) if p % 12 in tones][:3]
    return sorted(voices)


def _approach(pitch: int, target: int, key: Key) -> int:
    """The note that leads into the next chord's root: a scale step below or above it (from
    the side the bass comes from), or the root itself when the chord does not change."""
    if pitch % 12 == target % 12:
        return pitch
    scale = {(key.tonic + d) % 12 for d in key.scale}
    direction = -1 if pitch < target else 1
    for distance in (1, 2):
        candidate = target + direction * distance
        if candidate % 12 in scale:
            return candidate
    return target + direction


def _bass_pitch(style: Style, key: Key, state: int, char: str) -> int:
    root, quality = chord_root_quality(state)
    step = BASS_STEPS[char]
    if step is None:
        step = 3 if quality in ("min", "dim") else 4
    low = 12 * (style.bass_octave + 1) + 4  # from E of the bass octave: the bass guitar's range
    return _pitch_near((key.tonic + root) % 12, low) + step


def _drum_bar(style: Style, span: Span, bar: int, bar_ticks: int, index: int, spans: list[Span]) -> list[Note]:
    if not style.drums:
        return []
    if span.kind == "outro" and span is spans[-1]:
        return [Note(DRUM_KEYS["crash"], bar, bar_ticks // 2, 110), Note(DRUM_KEYS["kick"], bar, bar_ticks // 4, 110)]
    last_bar = bar + bar_ticks >= span.end
    number = (bar - span.start) // bar_ticks  # bar of the section, from 0
    own = span.kind if span.kind in style.drums else ("chorus" if span.kind == "chorus" else "verse")
    if "fill" in style.drums and (last_bar and index + 1 < len(spans) or number % 8 == 7):
        patterns = style.drums["fill"]  # into the next section, and at each 8-bar boundary inside one
    elif number % 4 == 3 and "turn" in style.drums:
        patterns = style.drums["turn"]  # the fourth bar of each four turns the phrase round
    else:
        patterns = style.drums.get(own, style.drums["verse"])
    notes = []
    for instrument, pattern in patterns.hits.items():
        for tick, char, length in _steps(pattern, bar, bar_ticks, style.swing):
            notes.append(Note(DRUM_KEYS[instrument], tick, max(1, min(length, bar_ticks // 8)), DRUM_VELOCITY[char]))
    if bar == span.start and span.kind == "chorus" and "crash" not in patterns.hits:
        notes.append(Note(DRUM_KEYS["crash"], bar, bar_ticks // 4, 110))
    return notes
