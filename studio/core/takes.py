"""A take (notes heard in a recording or played on a MIDI keyboard, timed in seconds) as seed
notes of a song: in its tempo, on the snap grid, one line, in its key where the take was
unsure between two keys."""

from __future__ import annotations

from dataclasses import dataclass

from studio.core.song import SEED_NOTES_MAX, Note
from studio.core.theory import Key
from studio.core.timing import TempoMap

TOGETHER_SECONDS = 0.035  # keys struck this close together are a chord: the top one is the tune


@dataclass(frozen=True)
class TakeNote:
    pitch: int
    start: float  # seconds from the take's start
    end: float
    neighbour: int | None = None  # a key a semitone away heard nearly as well, if any
    velocity: int = 96


def top_line(notes: list[TakeNote]) -> list[TakeNote]:
    """One line: of notes struck together the highest, each note ending where the next begins."""
    ordered = sorted(notes, key=lambda n: n.start)
    line: list[TakeNote] = []
    index = 0
    while index < len(ordered):
        chord = [n for n in ordered[index:] if n.start - ordered[index].start < TOGETHER_SECONDS]
        index += len(chord)
        top = max(chord, key=lambda n: n.pitch)
        if line and line[-1].end > top.start:
            last = line[-1]
            line[-1] = TakeNote(last.pitch, last.start, top.start, last.neighbour, last.velocity)
        line.append(top)
    return line


def seed_notes(
    take: list[TakeNote], tempo_map: TempoMap, key: Key, snap: int, at: int = 0, from_first: bool = True
) -> tuple[Note, ...]:
    """The take as seed notes: its first note at tick ``at`` (``from_first``: a recording,
    in the song's tempo but not its clock) or its second 0 there (a keyboard played along
    from ``at``); onsets and lengths on the ``snap`` grid; a note off the key's scale moved
    to its neighbour on the scale when that was heard nearly as well; the first
    SEED_NOTES_MAX notes."""
    if not take:
        return ()
    zero = take[0].start if from_first else 0.0
    origin = tempo_map.tick_to_seconds(at)
    scale = set(key.scale)
    notes, last_end = [], at
    for n in take[:SEED_NOTES_MAX]:
        start = max(last_end, _on_grid(tempo_map, origin + n.start - zero, snap))
        end = max(start + snap, _on_grid(tempo_map, origin + n.end - zero, snap))
        pitch = n.pitch
        if pitch % 12 not in scale and n.neighbour in (pitch - 1, pitch + 1) and n.neighbour % 12 in scale:
            pitch = n.neighbour
        notes.append(Note(pitch, start, end - start, max(1, min(127, n.velocity)), seed=True))
        last_end = end
    return tuple(notes)


def _on_grid(tempo_map: TempoMap, seconds: float, snap: int) -> int:
    return int(round(tempo_map.seconds_to_tick(max(0.0, seconds)) / snap)) * snap
