"""Song form and the vocal line's timing: sections of whole phrases, one phrase per line.

Each line takes the style's phrase length that holds it (2 or 4 bars in most styles); the
two lines of a pair take the same length, and a section is rounded up to 4, 8, 12 or 16 bars
by holding its last phrase longer. No phrase is held half empty: a section whose line needed
more bars than planned is planned again with them, a short line that its partner's length
leaves half empty is stretched to twice its lengths where it still sings at a syllable a
second, or else planned again in a phrase of its own length. The
words of each line are then set to rhythm inside their phrase (``studio.compose.rhythm``): a
line that repeats an earlier one takes its rhythm, a line in the same place of an earlier
section of the same kind (verse 2 against verse 1), or the second line of a pair, leans
toward the onsets of the line it answers.

Seed notes the musician drew keep their times exactly; the words they carry are taken off
the front of the lyrics, the rest of their line continues after them, and the form moves on
by whole bars.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from studio.compose.rhythm import (
    SyllableSlot,
    augmented,
    bars_for,
    fit_opening,
    fit_rhythm,
    line_slots,
    metrical_levels,
    opens_weak,
    place_line,
)
from studio.compose.styles import Style
from studio.core.form import FormSection, Phrase, SongForm, TimedNote
from studio.core.lyrics import LyricsAnalysis
from studio.core.song import Note
from studio.core.timing import tick_seconds
from studio.ml.tune import SEQUENCE_NOTES

WHOLE_SECTIONS = (4, 8, 12, 16)  # bars; longer sections are whole multiples of 8
REPLANS = 2  # times a section is planned again when a line needed more bars than planned
# syllables a second a stretched line still sings: a chorale's one a beat at 60 BPM; slower,
# the words dissolve into vowels (a ballad hook stretched to 0.6 a second was heard by the
# recogniser as other words, four times over)
MIN_STRETCHED_RATE = 1.0
SECTION_LIFT = {"chorus": 1.0, "prechorus": 0.5, "bridge": 0.5}  # share of the style's chorus lift


def section_bars(bars: list[int], alone: frozenset[int] = frozenset()) -> list[int]:
    """Pairs of lines equal (but for a line ``alone``: one too short for its partner's
    length), and the section whole: its last phrase held longer if needed."""
    bars = list(bars)
    for k in range(0, len(bars) - 1, 2):
        if not alone & {k, k + 1}:
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
    tempo: float | None = None,
) -> tuple[SongForm, tuple[TimedNote, ...]]:
    """The form from ``start`` (a bar line) and every note of the vocal line, timed, at
    ``tempo`` (BPM; the style's own when None)."""
    return _Planner(style, seed, temperature, seed_notes, tempo).plan(analysis, start)


class _Planner:
    """One song's planning state: the lines already set, for repeats, answers and the hook."""

    def __init__(self, style: Style, seed: int, temperature: float, seed_notes: tuple[Note, ...],
                 tempo: float | None = None):  # fmt: skip
        self.style, self.meter, self.rhythm = style, style.meter, style.rhythm
        self.bar = self.meter.bar_ticks
        self.step = self.meter.beat_ticks // self.rhythm.grid
        self.step_seconds = self.step * tick_seconds(tempo or style.default_tempo)
        self.rng = np.random.default_rng(seed)
        self.sharpness = self.rhythm.focus / max(temperature, 0.05)
        self.seeds = sorted(seed_notes, key=lambda n: n.start)
        self.repeated: dict[tuple[str, int], list[tuple[int, int]]] = {}  # (line text, bars) -> rhythm
        self.answers: dict[tuple[str, int], frozenset[int]] = {}  # (section kind or number, line) -> onsets
        self.placed: dict[tuple[int, int], tuple[int, list[tuple[int, int]]]] = {}  # (section, line) -> bars, rhythm
        self.melismas: dict[tuple, dict[int, int]] = {}  # (line text, rhythm) -> {syllable: notes}
        self.held: dict[tuple[int, int], dict[int, int]] = {}  # (section, line) -> its melisma
        self.kinds: list[str] = []

    def plan(self, analysis: LyricsAnalysis, start: int) -> tuple[SongForm, tuple[TimedNote, ...]]:
        sections, phrases, timed = [], [], []
        cursor, free = start, 0  # next phrase's bar line; first tick free after the last line
        all_slots = [[line_slots(line) for line in section.lines] for section in analysis.sections]
        self.kinds = [section.kind for section in analysis.sections]
        opening_weak = [opens_weak(s) for lines in all_slots for s in lines][1:] + [False]
        first_line = 0  # the song's index of each section's first line
        for number, section in enumerate(analysis.sections):
            slots = all_slots[number]
            following = opening_weak[first_line : first_line + len(slots)]  # does the next line open weakly
            needed, alone = [bars_for(s, self.rhythm, self.meter) for s in slots], frozenset()
            shrunk: set[int] = set()  # lines given a shorter phrase than their words were sized for
            for _ in range(REPLANS + 1):
                saved = self._saved()
                planned = section_bars(needed, alone)
                set_phrases, notes, end, after, taken, sparse = self._section(number, section, slots, planned,
                                                                              cursor, free, following)  # fmt: skip
                # a line that took more bars than planned, one its partner's length left half
                # empty (two words against nine), or one that sang in half its own phrase: the
                # section is planned again around it
                grown = [max(n, t) if t > p else n for n, t, p in zip(needed, taken, planned)]
                lonely = alone | {k for k, (n, p) in enumerate(zip(needed, planned)) if sparse[k] and p > n}
                shorter = {k: self._shorter(n) for k, (n, p) in enumerate(zip(needed, planned))
                           if sparse[k] and p == n and k not in shrunk and self._shorter(n)}  # fmt: skip
                if grown == needed and lonely == alone and not shorter:
                    break
                self._restore(saved)
                needed = [shorter.get(k, n) for k, n in enumerate(grown)]
                alone, shrunk = frozenset(lonely), shrunk | set(shorter)
            phrases += set_phrases
            timed += notes
            sections.append(FormSection(section.label, section.kind, cursor, end))
            cursor, free = end, after
            first_line += len(slots)
        return SongForm(self.bar, tuple(sections), tuple(phrases)), tuple(timed)

    def _section(self, number, section, slots, planned, cursor, free, following):
        """The section's phrases and notes in ``planned`` bars a line, its end and the first
        tick free after it, the bars each line took (more than planned when its words or the
        hook it returns to would not fit) and whether each line left half its phrase empty."""
        bar, step, rhythm = self.bar, self.step, self.rhythm
        phrases, timed, taken, sparse = [], [], [], []
        section_start = cursor
        lift = round(self.style.chorus_lift * SECTION_LIFT.get(section.kind, 0.0))
        for k, (line, line_bars) in enumerate(zip(slots, planned)):
            fixed, line = _take_seeds(line, self.seeds)
            if fixed:  # the line's phrase holds the musician's notes, the rest follows them
                free = fixed[-1][0].end
                line_bars = max(line_bars, -(-(free - cursor) // bar))
            earliest = -(-(free - cursor) // step)
            reserve = rhythm.pickup if following[k] else 0  # room for the next line's pickup
            reserve = max(reserve, self._hook_pickup(section, number, k + 1))
            placed, echo, shift, held = [], -1, 0, {}
            if line:
                placed, line_bars, echo, shift = self.line_rhythm(line, section, number, k, line_bars,
                                                                  earliest, reserve, bool(fixed))  # fmt: skip
                held = self.melisma(section.lines[k].text, line, placed, self._echoed(number, echo))
                self.held[(number, k)] = held
            taken.append(line_bars)
            sparse.append(self._half_empty(placed, line_bars))
            if k == len(slots) - 1:  # a line that took more bars than planned: the section stays whole
                so_far = (cursor - section_start) // bar
                line_bars = section_bars([so_far + line_bars])[0] - so_far
            end = cursor + line_bars * bar
            phrases.append(Phrase(cursor, end, number, k))
            where = dict(section=number, line=k, lift=lift, echo=echo, shift=shift)
            notes = [_seed_timed(n, syl, cursor, end, where) for n, syl in fixed]
            for j, (slot, (onset, length)) in enumerate(zip(line, placed)):
                notes += _syllable_notes(slot, held.get(j, slot.notes), cursor + onset * step, length * step,
                                         step, cursor, end, where)  # fmt: skip
            notes = _strong_marked(notes, self.meter, step)
            if notes:
                notes[-1] = replace(notes[-1], line_end=True, cadence=_cadence(k, len(slots)))
                free = notes[-1].end + rhythm.breath * step
            timed += notes
            cursor = end
        return phrases, timed, cursor, free, taken, sparse

    def _saved(self):
        """What planning a section changes, to plan it again from."""
        dicts = (self.repeated, self.answers, self.placed, self.melismas, self.held)
        return [dict(d) for d in dicts], list(self.seeds)

    def _restore(self, saved) -> None:
        (self.repeated, self.answers, self.placed, self.melismas, self.held), self.seeds = saved

    def line_rhythm(self, slots, section, number, k, bars, earliest, reserve, seeded):
        """The line's (onset, length) steps, its bars, the line of its section whose tune it
        sings again (-1 for none) and the scale steps it moves it by: a repeated line takes
        its rhythm; the third line of a chorus returns to the first (the hook) in its rhythm
        when its words fit it (one syllable more or fewer too), else in its opening's; a line
        answering the one before may take its rhythm, or its opening's, for a sequence (the
        style's chance); other answering lines lean on the onsets of the line they answer."""
        key = (section.lines[k].text.strip().lower(), bars)
        hook = self._sung_before(section, number, k, key, earliest) if not seeded else None
        if hook is not None:  # the chorus sings a line of its own again: the hook, its ending varied
            bars, placed = self.placed[(number, hook)]  # in its bars, too: a hook keeps its length
            self._remember(number, k, (key[0], bars), bars, placed, seeded)
            return placed, bars, hook, 0
        if not seeded and key in self.repeated and self._room(self.repeated[key], bars, earliest, reserve):
            self._remember(number, k, key, bars, self.repeated[key], seeded)
            return self.repeated[key], bars, -1, 0
        echo = 0 if section.kind == "chorus" and k == 2 else -1
        if echo < 0 and k % 2 and self.rhythm.sequence and self.rng.random() < self.rhythm.sequence:
            echo = k - 1
        model = self.placed.get((number, echo)) if echo >= 0 and not seeded else None
        sequence = echo >= 0 and not (section.kind == "chorus" and k == 2)
        motif = self.answers.get((section.kind, k)) or (self.answers.get((f"{number}", k - 1)) if k % 2 else None)
        if model and model[1][0][0] >= earliest:
            fitted = fit_rhythm(model[1], slots, self.rhythm, self.meter) if model[0] == bars else None
            if fitted is not None and self._room(fitted, bars, earliest, reserve):
                self._remember(number, k, key, bars, fitted, seeded)
                return fitted, bars, echo, 0 if echo == 0 else -1
            opening = fit_opening(model[1], slots, self.rhythm, self.meter, SEQUENCE_NOTES)
            # the hook's or the answered line's opening, the rest finding its own rhythm in the
            # line's bars: an opening that leaves the rest too little room is not sung
            free = opening[-1][0] + opening[-1][1] if opening is not None else 0
            rest = self._placed(slots[len(opening) :], bars, free, motif, reserve, grow=False) if opening else None
            if rest is not None:
                self._remember(number, k, key, bars, opening + rest[0], seeded)
                return opening + rest[0], bars, echo, -1 if sequence else 0
        placed, bars = self._placed(slots, bars, earliest, motif, reserve)
        placed = self._augmented(slots, placed, bars, earliest, motif, reserve) or placed
        self._remember(number, k, key, bars, placed, seeded)
        return placed, bars, -1, 0

    def _room(self, placed, bars, earliest, reserve) -> bool:
        """A rhythm taken from another line starts after this one's earliest step and ends
        in time for its breath and the next line's pickup."""
        onset, length = placed[-1]
        return (
            placed[0][0] >= earliest and onset + length <= bars * self.bar // self.step - self.rhythm.breath - reserve
        )

    def _shorter(self, bars: int) -> int | None:
        """The style's next shorter phrase length, None when there is none."""
        return max((b for b in self.rhythm.phrase_bars if b < bars), default=None)

    def _half_empty(self, placed, bars) -> bool:
        """The line's rhythm ends in the first half of its phrase or on its middle."""
        return bool(placed) and 2 * (placed[-1][0] + placed[-1][1]) <= bars * self.bar // self.step

    def _augmented(self, slots, placed, bars, earliest, motif, reserve):
        """A line whose rhythm leaves half its phrase or more empty (a short line paired with
        a long one, or a section's last line held longer), placed again in half the bars and
        sung at twice the lengths: the phrase is sung, not held half empty. None when the
        rhythm fills its phrase, the line does not fit half of it, or stretched it would sing
        slower than ``MIN_STRETCHED_RATE``."""
        half = bars // 2
        if bars % 2 or half < self.rhythm.phrase_bars[0] or not self._half_empty(placed, bars):
            return None
        low = max(earliest, -self.rhythm.pickup)
        halved = frozenset(onset // 2 for onset in motif or () if onset % 2 == 0)
        short = self._placed(slots, half, -(-low // 2), halved, -(-reserve // 2), grow=False)
        if short is None:
            return None
        stretched = augmented(slots, short[0], self.rhythm.grid, self.bar // self.step)
        seconds = (stretched[-1][0] + stretched[-1][1] - stretched[0][0]) * self.step_seconds
        return stretched if len(slots) >= MIN_STRETCHED_RATE * seconds else None

    def _placed(self, slots, bars, earliest, motif, reserve, grow=True):
        """place_line's rhythm for the syllables, and the bars it took: a line with too many
        syllables for its phrase takes the next phrase length (None when it may not grow)."""
        while True:
            try:
                placed = place_line(slots, self.rhythm, self.meter, bars, self.rng, self.sharpness, earliest,
                                    motif or frozenset(), reserve)  # fmt: skip
                return placed, bars
            except ValueError:  # the next phrase length, then another of the longest
                if not grow:
                    return None
                bars = next((b for b in self.rhythm.phrase_bars if b > bars), bars + self.rhythm.phrase_bars[-1])

    def _hook_pickup(self, section, number, k) -> int:
        """Steps before its bar line that line ``k`` will start when it returns to an earlier
        line's tune (the hook: the chorus's third line, or the same words again) and that line
        began on a pickup: the line before it leaves the room, or the hook loses its opening."""
        if section.kind != "chorus" or k >= len(section.lines):
            return 0
        earlier = _same_words_before(section, k)
        model = self.placed.get((number, 0 if earlier is None and k == 2 else earlier))
        return max(0, -model[1][0][0]) if model and model[1] else 0

    def _sung_before(self, section, number, k, key, earliest) -> int | None:
        """The earlier line of this chorus with the same words ("Up from the underground"
        twice), when its rhythm fits here; None otherwise."""
        j = _same_words_before(section, k) if section.kind == "chorus" else None
        earlier = self.placed.get((number, j))
        return j if earlier and earlier[1][0][0] >= earliest else None

    def _remember(self, number, k, key, bars, placed, seeded) -> None:
        onsets = frozenset(onset for onset, _ in placed)
        kind = f"{number}"
        self.answers.setdefault((self.kinds[number], k), onsets)
        self.answers[(kind, k)] = onsets
        self.placed[(number, k)] = (bars, placed)
        if not seeded:
            self.repeated.setdefault(key, placed)

    def _echoed(self, number: int, echo: int) -> tuple[dict[int, int], list[tuple[int, int]]] | None:
        """The melisma and rhythm of the line this one sings again; None when it sings none."""
        if echo < 0 or (number, echo) not in self.held:
            return None
        return self.held[(number, echo)], self.placed[(number, echo)][1]

    def melisma(self, text: str, slots, placed, echoed=None) -> dict[int, int]:
        """{syllable index: notes} for a line that sings one long stressed vowel over two
        notes (three over three beats or more), at the style's chance; the same line sung
        again takes the same decision, so a repeated chorus sings the same notes. A line
        that sings another's tune again (``echoed``: that line's melisma and rhythm) holds the same
        vowel where its rhythm is that line's up to it, and adds none of its own: the hook's
        opening "Uu-up from" returns with its three notes on "Up"."""
        if echoed is not None:
            held, model = echoed
            return {j: n for j, n in held.items() if placed[: j + 1] == model[: j + 1]}
        key = (text.strip().lower(), tuple(placed))
        if not self.rhythm.melisma or key in self.melismas:
            return self.melismas.get(key, {})
        # long enough for two notes of at least an eighth each (a quarter in 4/4 and in 6/8)
        grid, eighth = self.rhythm.grid, self.rhythm.grid // (3 if self.meter.is_compound else 2)
        stressed = [j for j, (s, (_, length)) in enumerate(zip(slots, placed))
                    if s.kind in ("primary", "content") and s.notes == 1 and length >= 2 * eighth]  # fmt: skip
        chosen = {}
        if stressed and self.rng.random() < self.rhythm.melisma:
            j = max(stressed, key=lambda i: placed[i][1])
            chosen = {j: 3 if placed[j][1] >= 3 * grid else 2}
        self.melismas[key] = chosen
        return chosen


def _same_words_before(section, k: int) -> int | None:
    """The first earlier line of the section with line ``k``'s words; None when there is none."""
    text = section.lines[k].text.strip().lower()
    return next((j for j in range(k) if section.lines[j].text.strip().lower() == text), None)


def _take_seeds(slots: list[SyllableSlot], seeds: list[Note]) -> tuple[list, list[SyllableSlot]]:
    """Seed notes for the line's first syllables (one per note, as drawn) and the rest."""
    fixed = []
    while slots and seeds:
        fixed.append((seeds.pop(0), slots[0].syllable))
        slots = slots[1:]
    return fixed, slots


def _syllable_notes(slot, count, start, length, step, phrase_start, phrase_end, where) -> list[TimedNote]:
    """A syllable held over ``count`` notes (``love_``, a melisma) is split into its notes on
    the grid, the first the longest."""
    each = max(1, length // step // count) * step
    sizes = [length - each * (count - 1)] + [each] * (count - 1)
    notes, tick = [], start
    for j, size in enumerate(sizes):
        place = (tick - phrase_start) / (phrase_end - phrase_start)
        notes.append(TimedNote(tick, size, slot.syllable if j == 0 else None, place=place, **where))
        tick += size
    return notes


def _seed_timed(note: Note, syllable, phrase_start, phrase_end, where) -> TimedNote:
    place = min(1.0, max(0.0, (note.start - phrase_start) / (phrase_end - phrase_start)))
    return TimedNote(note.start, note.duration, syllable, place=place, **(where | {"echo": -1}))


def _strong_marked(notes: list[TimedNote], meter, step: int) -> list[TimedNote]:
    if not notes:
        return notes
    origin = notes[0].start // step
    levels = metrical_levels(meter, step, notes[-1].start // step - origin + 1, origin)
    return [replace(n, strong=bool(n.start % step == 0 and levels[n.start // step - origin] >= 3)) for n in notes]
