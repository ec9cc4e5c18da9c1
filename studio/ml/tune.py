"""The melody's memory while it is written: what it has sung so far and what that asks of
the next note (``steering.NoteContext``).

A section that repeats word for word sings the same notes; a verse with new words is
guided by the first verse; a chorus's hook returns with its ending varied; a line that
answers the one before may sing its opening again a step or a third lower or higher (a
sequence) where that lands on its chords; a line may open with a leap, and the chorus keeps
the song's high note.
"""

from __future__ import annotations

import random
from bisect import bisect_right

from studio.core.form import TimedNote
from studio.core.lyrics import LyricsAnalysis
from studio.ml.steering import LEAP, PEAK_ROOM, RUN_EXEMPT, NoteContext, home_tone, scale_shift

SEQUENCE_SHIFTS = (-1, 1, -2, 2)  # scale steps a sequence may move its opening by, nearest first
SEQUENCE_NOTES = 4  # notes of the opening a sequence moves, at least
LEAP_SIZES = (8, 9, 12)  # a minor or major sixth, an octave: the model alone seldom leaps past a fifth
LEAP_WEIGHTS = (0.35, 0.35, 0.3)
LEAP_WITHIN = 6  # a line's opening leap lands on one of its first notes after the first


class Tune:
    """What the melody has sung so far, and what that asks of the next note: the tune a
    repeated section or a hook copies, the chords it is heard against, the leap planned at a
    line's opening and the step back after it, and the song's high note kept for the chorus."""

    def __init__(self, request, span: tuple[int, int], singable: set[int]):
        self.request, self.span, self.singable = request, span, singable
        self.rhythm = request.rhythm
        sections = request.lyrics.sections if request.lyrics else ()
        self.kinds = [s.kind for s in sections]
        self.has_chorus = "chorus" in self.kinds
        # the leaps: the seed and the words (a string seeds the same stream in every run),
        # so that songs sharing a seed do not all leap in the same lines
        words = " ".join(t.syllable.text for t in request.rhythm if t.syllable is not None)
        self.rng = random.Random(f"{request.seed}:{words}")
        self.written: dict[int, list[int]] = {}  # section -> pitches in order
        # (section, line) -> (onset from the line's first note, pitch) of each note sung
        self.lines: dict[tuple[int, int], list[tuple[int, int]]] = {}
        self.starts: dict[int, int] = {}  # section -> first onset tick
        self.pitches: list[int] = []
        self.off_chord = False
        self.leap = 0
        self.shift: int | None = None  # the scale steps this line's sequence moves by
        self.sequence_notes = 0  # how many of its notes it moves
        self.chorus_top: int | None = None
        self.climax = climax_note(request.rhythm, self.kinds)

    def _line(self, timed: TimedNote) -> list[tuple[int, int]]:
        return self.lines.setdefault((timed.section, timed.line), [])

    def _line_pitches(self, timed: TimedNote) -> list[int]:
        return [pitch for _, pitch in self._line(timed)]

    def _line_start(self, index: int) -> int:
        timed = self.rhythm[index]
        line = self.lines.get((timed.section, timed.line))
        return self.rhythm[index - len(line)].start if line else timed.start

    def _source(self, section: int) -> tuple[int, bool] | None:
        return repeated_section(self.request.lyrics, section, self.written)

    def _earlier_note(self, section: int, place: int, same_words: bool = False) -> int | None:
        """The note at ``place`` in the section that ``section`` repeats or follows (verse 1
        for verse 2); with ``same_words``, only in one it repeats word for word."""
        source = self._source(section)
        if source is None or (same_words and not source[1]):
            return None
        earlier = self.written[source[0]]
        return earlier[place] if place < len(earlier) else None

    def given(self, index: int) -> int | None:
        """The pitch this note must sing, copied: the same words again (a repeated chorus), the
        hook's opening again, or a sequence of the line before; None to choose one."""
        timed = self.rhythm[index]
        if not self._line(timed):
            self._open_line(index)
        copied = self._earlier_note(timed.section, len(self.written.get(timed.section, [])), same_words=True)
        if copied is not None:
            return copied
        if index == self.climax and self.pitches and not self._after_leap():
            target = self._leap_target(timed, above=max(self.pitches))  # the climax, reached by a leap
            if target is not None:
                self.leap = 0  # the line's leap: its opening no longer keeps low for another one
                return target
        if self.leap and 1 <= len(self._line(timed)) <= LEAP_WITHIN and timed.echo < 0 and lands_leap(timed):
            target = self._leap_target(timed)  # in the line's opening, where a chord tone lies a leap away
            if target is not None:
                self.leap = 0
                return target
        hook = self.lines.get((timed.section, timed.echo), []) if timed.echo >= 0 else []
        position = len(self._line(timed))
        if position >= len(hook) or hook[position][0] != timed.start - self._line_start(index):
            return None  # the echo's rhythm went its own way: so does its tune
        if timed.shift == 0:  # the hook: its opening again, its ending varied
            return hook[position][1] if position < len(hook) - varied_end(len(hook)) else None
        if self.shift is not None and position < self.sequence_notes:
            return scale_shift(hook[position][1], self.shift, self.request.key.mode)
        return None

    def _leap_target(self, timed: TimedNote, above: int | None = None) -> int | None:
        """Where a leap lands: a sixth or an octave (the planned size first) up, or else down,
        onto a tone of the chord heard there, under a verse's ceiling (and above ``above`` for
        the chorus's climax); None when no such note is singable."""
        previous, ceiling = self.pitches[-1], self._ceiling(timed)
        heard = self._heard(timed) or (chord_at(self.request.chords, timed.start),)
        sizes = sorted(LEAP_SIZES, key=lambda s: s != self.leap)
        for move in sizes + ([] if above is not None else [-s for s in sizes]):
            pitch = previous + move
            if pitch not in self.singable or (ceiling is not None and pitch > ceiling):
                continue
            if above is not None and pitch <= above:
                continue
            if not self.request.chords or all(pitch % 12 in chord for chord in heard):
                return pitch
        return None

    def _ceiling(self, timed: TimedNote) -> int | None:
        """The highest pitch a verse or bridge takes without a cost: under the chorus's top
        once it has been sung, under the top of the range before; None in a chorus."""
        if not self.has_chorus or self.kinds[timed.section] == "chorus":
            return None
        return self.chorus_top - 1 if self.chorus_top is not None else self.span[1] - PEAK_ROOM

    def _open_line(self, index: int) -> None:
        """A line begins: whether it leaps at its opening, and how a sequence moves."""
        timed = self.rhythm[index]
        self.leap = 0
        if self.request.leap and self.rng.random() < self.request.leap:
            self.leap = self.rng.choices(LEAP_SIZES, LEAP_WEIGHTS)[0]
        self.shift = None
        hook = self.lines.get((timed.section, timed.echo), []) if timed.echo >= 0 and timed.shift else []
        if len(hook) >= SEQUENCE_NOTES + 1:
            self.shift = self._sequence_shift(index, hook, timed.shift)

    def _sequence_shift(self, index: int, hook: list[tuple[int, int]], wanted: int) -> int | None:
        """The scale steps that move the hook onto this line's chords: every moved note
        singable and in the hook's rhythm, every strong beat it sounds over a chord tone. The
        whole line is tried first, then its opening alone (SEQUENCE_NOTES), the rest free;
        None when no step fits (the line keeps the rhythm and finds its own notes)."""
        opening = self.rhythm[index]
        line = [t for t in self.rhythm[index:] if (t.section, t.line) == (opening.section, opening.line)]
        whole = min(len(line), len(hook), max(SEQUENCE_NOTES, len(hook) - 2))
        for count in dict.fromkeys((whole, min(whole, SEQUENCE_NOTES))):
            if any(offset != t.start - opening.start for t, (offset, _) in zip(line, hook[:count])):
                continue  # the rhythm is the hook's for its opening only (rhythm.fit_opening)
            for shift in sorted(SEQUENCE_SHIFTS, key=lambda s: (s != wanted, abs(s))):
                moved = [scale_shift(pitch, shift, self.request.key.mode) for _, pitch in hook[:count]]
                if any(p is None or p not in self.singable for p in moved):
                    continue
                if all(p % 12 in chord for t, p in zip(line, moved) for chord in self._heard(t)):
                    self.sequence_notes = count
                    return shift
        return None

    def _heard(self, timed: TimedNote, struck: bool = True) -> tuple[tuple[int, ...], ...]:
        """The chords of the strong beats the note sounds over: struck on, or held across (all
        of them; only those it is held across when ``struck`` is False)."""
        meter = self.request.meter
        beat, strong = meter.beat_ticks, meter.strong_beats()
        first = -(-(timed.start + (not struck)) // beat) * beat
        ticks = [t for t in range(first, timed.end, beat) if (t % meter.bar_ticks) // beat in strong]
        return tuple(c for c in (chord_at(self.request.chords, t) for t in ticks) if c)

    def context(self, index: int) -> NoteContext:
        timed = self.rhythm[index]
        previous = self.pitches[-1] if self.pitches else None
        position = len(self._line(timed))
        hook = self.lines.get((timed.section, timed.echo), []) if timed.echo >= 0 and not timed.shift else []
        return NoteContext(
            timed,
            previous=previous,
            before=self.pitches[-2] if len(self.pitches) > 1 else None,
            guide=self._earlier_note(timed.section, len(self.written.get(timed.section, []))),
            in_line=index > 0 and not self.rhythm[index - 1].line_end,
            onset_chord=chord_at(self.request.chords, timed.start),
            held_over=self._heard(timed, struck=False),
            previous_off_chord=self.off_chord,
            ceiling=self._ceiling(timed),
            climax=max(self.pitches) if index == self.climax and self.pitches and not self._after_leap() else None,
            avoid=hook[position][1] if position < len(hook) and self._line(timed) == hook[:position] else None,
            leap_room=self._leap_room(timed) if self.leap and position < LEAP_WITHIN else None,
            leap_from=self._leap_from(index, position),
            run=self._run(index),
            next_given=self._next_given(index),
            approach=self._approach(index),
            zigzag=self._zigzag(index),
        )

    def _approach(self, index: int) -> frozenset[int]:
        """Where the next note ends this line on a cadence: the singable pitches a step (one or
        two semitones) from its home tone where the cadence may sing it (under a verse's
        ceiling); empty elsewhere, and after a leap, whose step back comes first."""
        timed = self.rhythm[index]
        following = self.rhythm[index + 1] if index + 1 < len(self.rhythm) else None
        if timed.line_end or following is None or not (following.line_end and following.cadence):
            return frozenset()
        home = home_tone(following.cadence, chord_at(self.request.chords, following.start))
        if home is None or self._after_leap():
            return frozenset()
        ceiling = self._ceiling(following)
        homes = [p for p in self.singable if p % 12 == home and (ceiling is None or p <= ceiling)]
        return frozenset(h + step for h in homes for step in (-2, -1, 1, 2)) & self.singable

    def _next_given(self, index: int) -> int | None:
        """At a line's end, the pitch the next line opens on where an earlier one decides
        it: the same place in the section this one repeats (copied) or follows with new words
        (guided, as verse 2 follows verse 1), or a returning hook's opening (not a sequence's,
        whose step is chosen when it opens); None elsewhere."""
        if index + 1 >= len(self.rhythm) or not self.rhythm[index].line_end:
            return None
        following = self.rhythm[index + 1]
        # the next note's place in its section: this note is not written yet
        place = len(self.written.get(following.section, [])) + (following.section == self.rhythm[index].section)
        decided = self._earlier_note(following.section, place)
        if decided is not None:
            return decided
        hook = self.lines.get((following.section, following.echo), []) if following.echo >= 0 else []
        if following.shift == 0 and len(hook) > varied_end(len(hook)):
            return hook[0][1]
        return None

    def _run(self, index: int) -> int:
        """Notes in a row the line has sung on its last pitch; 0 where the note is one of its
        line's last RUN_EXEMPT, which approach the cadence."""
        timed = self.rhythm[index]
        ahead = self.rhythm[index + 1 : index + 1 + RUN_EXEMPT]
        if len(ahead) < RUN_EXEMPT or any((t.section, t.line) != (timed.section, timed.line) for t in ahead):
            return 0
        sung = self._line_pitches(timed)
        run = 0
        while run < len(sung) and sung[-1 - run] == sung[-1]:
            run += 1
        return run

    def _zigzag(self, index: int) -> tuple[int, int] | None:
        """Where the line's last notes alternate between two pitches (three or more of them),
        the pitch that would go on alternating and how many notes the alternation has."""
        sung = self._line_pitches(self.rhythm[index])
        if len(sung) < 3 or sung[-1] == sung[-2]:
            return None
        count = 2  # the last two differ; each note before them that matches the one two later extends the run
        while count < len(sung) and sung[-count - 1] == sung[-count + 1]:
            count += 1
        return (sung[-2], count) if count >= 3 else None

    def _leap_from(self, index: int, position: int) -> frozenset[int]:
        """Pitch classes this note may take so that the planned leap onto the next note lands
        on a tone of the chord heard there; empty unless the next note is where it would land."""
        following = self.rhythm[index + 1] if index + 1 < len(self.rhythm) else None
        timed = self.rhythm[index]
        if not self.leap or following is None or timed.line_end or position + 1 > LEAP_WITHIN:
            return frozenset()
        if following.echo >= 0 or not lands_leap(following):
            return frozenset()
        heard = self._heard(following) or (chord_at(self.request.chords, following.start),)
        heard = [chord for chord in heard if chord]
        if not heard:
            return frozenset()
        return frozenset(pc for pc in range(12) if all((pc + self.leap) % 12 in chord for chord in heard))

    def _leap_room(self, timed: TimedNote) -> int:
        """The highest note the line's opening may sing and still leap up the planned size
        within the range (and under a verse's ceiling)."""
        ceiling = self._ceiling(timed)
        return (self.span[1] if ceiling is None else min(self.span[1], ceiling)) - self.leap

    def _after_leap(self) -> bool:
        """The last interval was a leap: the step back comes before any climax."""
        return len(self.pitches) > 1 and abs(self.pitches[-1] - self.pitches[-2]) > LEAP

    def sung(self, index: int, pitch: int) -> None:
        timed = self.rhythm[index]
        self.starts.setdefault(timed.section, timed.start)
        self.written.setdefault(timed.section, []).append(pitch)
        self._line(timed).append((timed.start - self._line_start(index), pitch))
        self.pitches.append(pitch)
        heard = self._heard(timed)
        chord = heard[0] if heard else chord_at(self.request.chords, timed.start)
        self.off_chord = bool(chord) and pitch % 12 not in chord
        if self.kinds and self.kinds[timed.section] == "chorus":
            self.chorus_top = pitch if self.chorus_top is None else max(self.chorus_top, pitch)


def lands_leap(timed: TimedNote) -> bool:
    """A leap lands on a stressed syllable on a strong beat: the ear takes a jump onto "the"
    as a wrong note, onto "LOVE" as the line's lift. Not on a Mandarin syllable whose tone
    moves (2 rising, 3 dipping, 4 falling): a jump against it is heard as another word. Not on
    a line's last note, where no step can answer it (a short line's opening is its whole)."""
    syllable = timed.syllable
    stressed = syllable is not None and syllable.stress > 0 and syllable.tone in (None, 1)
    return timed.strong and stressed and not timed.line_end


def varied_end(notes: int) -> int:
    """Notes at the end of a returning hook sung anew: two of a long line, one of a short."""
    return 2 if notes >= 5 else 1 if notes >= 4 else 0


def climax_note(rhythm: tuple[TimedNote, ...], kinds: list[str]) -> int | None:
    """The first chorus's high point: the first strong note past the first quarter of its
    second line (its only line if it has one)."""
    if "chorus" not in kinds:
        return None
    chorus = kinds.index("chorus")
    lines = {t.line for t in rhythm if t.section == chorus}
    line = 1 if len(lines) > 1 else 0
    for index, timed in enumerate(rhythm):
        if timed.section == chorus and timed.line == line and timed.strong and timed.place >= 0.25:
            return index
    return None


def chord_at(chords, tick: int) -> tuple[int, ...]:
    index = bisect_right(chords, tick, key=lambda chord: chord[0]) - 1
    return chords[index][2] if index >= 0 and tick < chords[index][1] else ()


def repeated_section(lyrics: LyricsAnalysis | None, section: int, written: dict) -> tuple[int, bool] | None:
    """(earlier section to follow, whether its words are the same) once its notes are written.

    A section that repeats word for word sings the same notes; a later section of the same
    kind with new words (verse 2) is guided by the first one of its kind.
    """
    if lyrics is None:
        return None
    current = lyrics.sections[section]
    if current.repeat_of is not None:
        source = next(i for i, s in enumerate(lyrics.sections) if s.label == current.repeat_of)
        if source in written and source != section:
            return source, True
    earlier = [i for i, s in enumerate(lyrics.sections[:section]) if s.kind == current.kind and i in written]
    return (earlier[0], False) if earlier else None
