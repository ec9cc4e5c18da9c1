"""Song form and the vocal line's timing: sections of whole phrases, one phrase per line.

Each line takes the style's phrase length that holds it (2 or 4 bars in most styles); the
two lines of a pair take the same length, and a section is rounded up to 4, 8 or 16 bars by
holding its last phrase longer. The words of each line are then set to rhythm inside their
phrase (``studio.compose.rhythm``): a line that repeats an earlier one takes its rhythm, a
line in the same place of an earlier section of the same kind (verse 2 against verse 1), or
the second line of a pair, leans toward the onsets of the line it answers.

Seed notes the musician drew keep their times exactly; the words they carry are taken off
the front of the lyrics, the rest of their line continues after them, and the form moves on
by whole bars.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from studio.compose.rhythm import SyllableSlot, bars_for, line_slots, metrical_levels, opens_weak, place_line
from studio.compose.styles import Style
from studio.core.form import FormSection, Phrase, SongForm, TimedNote
from studio.core.lyrics import LyricsAnalysis
from studio.core.song import Note

WHOLE_SECTIONS = (4, 8, 16)  # bars; longer sections are whole multiples of 8
SECTION_LIFT = {"chorus": 1.0, "prechorus": 0.5, "bridge": 0.5}  # share of the style's chorus lift


def section_bars(bars: list[int]) -> list[int]:
    """Pairs of lines equal, and the section whole: its last phrase held longer if needed."""
    bars = list(bars)
    for k in range(0, len(bars) - 1, 2):
        bars[k] = bars[k + 1] = max(bars[k], bars[k + 1])
    total = sum(bars)
    target = next((t for t in WHOLE_SECTIONS if t >= total), -(-total // 8) * 8)
    if bars:
        bars[-1] += target - total
    return bars


def _cadence(line: int, lines: int) -> str:
    """A period: the first half of the section rests on the dominant, its end on the tonic."""
    if line == lines - 1:
        return "full"
    return "half" if line == lines // 2 - 1 else ""


def plan_vocal(
    analysis: LyricsAnalysis,
    style: Style,
    start: int,
    seed: int,
    temperature: float,
    seed_notes: tuple[Note, ...] = (),
) -> tuple[SongForm, tuple[TimedNote, ...]]:
    """The form from ``start`` (a bar line) and every note of the vocal line, timed."""
    meter, rhythm = style.meter, style.rhythm
    bar = meter.bar_ticks
    step = meter.beat_ticks // rhythm.grid
    bar_steps = bar // step
    rng = np.random.default_rng(seed)
    sharpness = rhythm.focus / max(temperature, 0.05)
    seeds = sorted(seed_notes, key=lambda n: n.start)
    sections, phrases, timed = [], [], []
    repeated: dict[tuple[str, int], list[tuple[int, int]]] = {}  # (line text, bars) -> rhythm
    answers: dict[tuple[str, int], frozenset[int]] = {}  # (section kind, line) -> onsets
    cursor, free = start, 0  # next phrase's bar line; first tick free after the last line
    all_slots = [[line_slots(line) for line in section.lines] for section in analysis.sections]
    following = [opens_weak(s) for lines in all_slots for s in lines][1:] + [False]
    line_index = 0
    for number, section in enumerate(analysis.sections):
        slots = all_slots[number]
        bars = section_bars([bars_for(s, rhythm, meter) for s in slots])
        section_start = cursor
        lift = round(style.chorus_lift * SECTION_LIFT.get(section.kind, 0.0))
        for k, (line_slots_, line_bars) in enumerate(zip(slots, bars)):
            fixed, line_slots_ = _take_seeds(line_slots_, seeds)
            if fixed:  # the line's phrase holds the musician's notes, the rest follows them
                free = fixed[-1][0].end
                line_bars = max(line_bars, -(-(free - cursor) // bar))
            earliest = -(-(free - cursor) // step)
            reserve = rhythm.pickup if following[line_index] else 0  # room for the next line's pickup
            line_index += 1
            placed: list[tuple[int, int]] = []
            if line_slots_:
                placed, line_bars = _rhythm_of(
                    line_slots_, section, k, line_bars, style, rng, sharpness, earliest,
                    repeated, answers, fixed, number, reserve,
                )  # fmt: skip
            if k == len(slots) - 1:  # a line that needed more bars than planned: the section stays whole
                so_far = (cursor - section_start) // bar
                line_bars = section_bars([so_far + line_bars])[0] - so_far
            end = cursor + line_bars * bar
            phrases.append(Phrase(cursor, end, number, k))
            cadence = _cadence(k, len(slots))
            notes = [_seed_timed(n, syl, number, cursor, end, lift) for n, syl in fixed]
            for slot, (onset, length) in zip(line_slots_, placed):
                notes += _syllable_notes(slot, cursor + onset * step, length * step, step, number, cursor, end, lift)
            notes = _strong_marked(notes, meter, step, bar_steps)
            if notes:
                notes[-1] = _replace(notes[-1], line_end=True, cadence=cadence)
                free = notes[-1].end + rhythm.breath * step
            timed += notes
            cursor = end
        sections.append(FormSection(section.label, section.kind, section_start, cursor))
    return SongForm(bar, tuple(sections), tuple(phrases)), tuple(timed)


def _take_seeds(slots: list[SyllableSlot], seeds: list[Note]) -> tuple[list, list[SyllableSlot]]:
    """Seed notes for the line's first syllables (one per note, as drawn) and the rest."""
    fixed = []
    while slots and seeds:
        fixed.append((seeds.pop(0), slots[0].syllable))
        slots = slots[1:]
    return fixed, slots


def _rhythm_of(slots, section, k, bars, style, rng, sharpness, earliest, repeated, answers, fixed, number, reserve):
    """The line's (onset, length) steps and bars: repeated, answering, or newly set."""
    key = (section.lines[k].text.strip().lower(), bars)
    if not fixed and key in repeated and (earliest is None or repeated[key][0][0] >= earliest):
        return repeated[key], bars
    motif = answers.get((section.kind, k)) or (answers.get((f"{number}", k - 1)) if k % 2 else None)
    while True:
        try:
            placed = place_line(
                slots, style.rhythm, style.meter, bars, rng, sharpness, earliest, motif or frozenset(), reserve
            )
            break
        except ValueError:  # too many syllables for the phrase: another phrase's worth of bars
            bars += style.rhythm.phrase_bars[-1]
    onsets = frozenset(onset for onset, _ in placed)
    answers.setdefault((section.kind, k), onsets)
    answers[(f"{number}", k)] = onsets
    if not fixed:
        repeated.setdefault(key, placed)
    return placed, bars


def _syllable_notes(slot, start, length, step, section, phrase_start, phrase_end, lift) -> list[TimedNote]:
    """A held syllable (``love_``) is split into its notes on the grid, the first the longest."""
    count = slot.notes
    each = max(1, length // step // count) * step
    sizes = [length - each * (count - 1)] + [each] * (count - 1)
    notes, tick = [], start
    for j, size in enumerate(sizes):
        place = (tick - phrase_start) / (phrase_end - phrase_start)
        notes.append(TimedNote(tick, size, slot.syllable if j == 0 else None, section, place=place, lift=lift))
        tick += size
    return notes


def _seed_timed(note: Note, syllable, section, phrase_start, phrase_end, lift) -> TimedNote:
    place = min(1.0, max(0.0, (note.start - phrase_start) / (phrase_end - phrase_start)))
    return TimedNote(note.start, note.duration, syllable, section, place=place, lift=lift)


def _strong_marked(notes: list[TimedNote], meter, step: int, bar_steps: int) -> list[TimedNote]:
    if not notes:
        return notes
    origin = notes[0].start // step
    levels = metrical_levels(meter, step, notes[-1].start // step - origin + 1, origin)
    return [_replace(n, strong=n.start % step == 0 and levels[n.start // step - origin] >= 3) for n in notes]


def _replace(note: TimedNote, **changes) -> TimedNote:
    return replace(note, **changes)
