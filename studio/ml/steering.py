"""Steering the melody model toward a tune a songwriter would keep: logits added to each
candidate pitch of a planned note.

The model proposes; these bonuses say what the song needs at this note: the phrase's arch
around its section's register, motion by thirds and fourths, the chord under the strong beats
the note sounds over, non-chord tones reached and left by step, the step back after a leap,
the chorus holding the song's high note, a cadence's tones and the step that reaches them,
the earlier verse's note, and a Mandarin syllable's tone direction.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from studio.core.form import TimedNote

GUIDE_BONUS = 3.0  # logits toward the earlier verse's note at the same place (new words, same tune)
CONTOUR_WEIGHT = 0.4  # logits per semitone outside the band around the phrase's arch
CONTOUR_BAND = 3.0  # semitones either side of the arch the line moves in freely
ARCH_SEMITONES = 5.0  # how far the middle of a phrase rises above its ends
MOTION_BONUS = {3: 0.9, 4: 0.9, 5: 0.7, 7: 0.4}  # logits for a third, fourth or fifth: a line that moves
TONE_PENALTY = 2.0  # logits against a step that goes against a Mandarin tone (2 falling, 3 or 4 rising)
# logits for a tone of the chord under the note's start: (a weak note, one struck on a strong
# beat or ending a line); at 2.4 on strong beats the ballad's wide arch (17 semitones) pulled
# 0.17 of them off the chord
CHORD_TONE_BONUS = (0.3, 4.5)
HELD_CHORD_BONUS = 3.0  # a note held over later strong beats: shared among their chords
PASSING_LEAP_COST = 1.5  # a non-chord tone reached by a leap is heard as a wrong note, not a passing one
RESOLUTION_BONUS = 1.5  # after a non-chord tone, the step that resolves it
LEAP = 7  # semitones: a leap is wider than a fifth
RECOVERY_BONUS = 6.0  # after a leap, the step back the other way (gap-fill), over a cadence's pull
LEAP_COST = 3.0  # a leap inside a line it did not plan (planned: sixths and octaves at its opening or climax)
RECOVERY_COST = 2.0  # after a leap, going on in its direction
# A held vowel (melisma) moves by step, as a singer slides to a neighbour, and does not stay
# on its pitch (that is one long note cut in two). Bach's sopranos move by step in 0.96 of
# their melisma notes, the English songs 0.85; at 2.0 with no cost ours did in 0.62 (ballad)
# to 0.80 (chorale), 0.14 of the ballad's stayed put and 0.23 jumped a third or more.
HELD_STEP_BONUS = 3.5
HELD_SAME_COST = 4.0
PEAK_ROOM = 4  # semitones under the top of the range verses and bridges keep below, left for the chorus
CEILING_COST = 2.0  # logits per semitone a verse goes above its ceiling
CLIMAX_BONUS = 5.0  # the chorus's climax note reaching above everything sung so far
LEAP_ROOM_COST = 1.5  # per semitone: a line that will leap starts low enough for the leap to fit
# the note before a planned leap, on a pitch from which the leap lands on a tone of the chord
# there: without it two thirds of the planned leaps found no chord tone a sixth or an octave up
LEAP_FROM_BONUS = 2.0
# A varied hook's ending, the same so far: logits against the hook's own note there. At 6 the
# model, having just heard the hook, sang a short one's last note again ("Louder, louder"):
# songs whose hook returns varied 0.88 -> 0.92 with the hook fixes in studio.compose.form.
AVOID_COST = 10.0
# Three notes on one pitch are a figure; from the fourth on, inside a line, they are a chant
# (celtic harbour-folk's verse sang "Down by the harbour the fishermen wait" on C4). The
# style's run_cost is charged per note past RUN_FREE; a line's last RUN_EXEMPT notes are
# its cadence's approach and may stay home.
RUN_FREE = 3
RUN_EXEMPT = 2
# Two pitches in turn (C D C D C) are a trill, not a tune: 0.019 of our notes were the fifth
# or later of such a run, 0.005 of the held-out Essen tunes' and 0.003 of Bach's. The note
# that would go on with it pays this per note of the run past two (a b a: 1x for b again).
ZIGZAG_COST = 1.5
# A line's last note, where the next line opens on a pitch already decided (a returning hook,
# a repeated chorus): logits against ending a leap away from it. The copy cannot step back,
# so a chorus ending on C5 before a hook that opens on E4 sang a leap no one resolved.
LEAP_AHEAD_COST = 3.0
# The note before a line's cadence, on a pitch a step from the cadence's home tone: a line
# comes home by step (2-1, 7-1), as 0.76 of the Essen tunes and 0.88 of Bach's chorales end,
# where ours fell onto the tonic from a third or a fifth in 0.41 of their section ends.
APPROACH_BONUS = 4.0
CADENCE_TONES = {  # logits per pitch class (from the tonic) for a line's last note
    "full": {0: 6.0, 4: 0.5, 3: 0.5, 7: 0.5},  # home: the tonic, or its chord
    "half": {7: 2.5, 2: 2.0, 11: 1.5},  # on the dominant chord
}


@dataclass(frozen=True)
class NoteContext:
    """What the steering knows about the note being chosen."""

    timed: TimedNote
    previous: int | None = None  # the pitch before (from the tonic), across a breath too
    before: int | None = None  # the pitch before that: previous - before is the last interval
    guide: int | None = None  # the earlier verse's note here
    in_line: bool = False  # not the first note of its line
    onset_chord: tuple[int, ...] = ()  # pitch classes (from the tonic) of the chord where it starts
    held_over: tuple[tuple[int, ...], ...] = ()  # the chords of the strong beats it is held across
    previous_off_chord: bool = False  # the note before was not a tone of its chord
    ceiling: int | None = None  # the highest pitch this section reaches without a cost
    climax: int | None = None  # the chorus's climax: a bonus above this pitch
    avoid: int | None = None  # a pitch to go elsewhere from (the hook's, at a varied ending)
    leap_room: int | None = None  # a leap is planned: the highest pitch from which it still fits
    leap_from: frozenset[int] = frozenset()  # the next note leaps: pitch classes a tone of its chord lies a leap above
    run: int = 0  # notes in a row the line has sung on ``previous`` (0 in its cadence's approach)
    next_given: int | None = None  # the pitch the next note is copied from, where it is one
    approach: frozenset[int] = frozenset()  # the next note is a cadence: pitches a step from its home
    zigzag: tuple[int, int] | None = None  # (pitch, notes): the line's last notes alternate, this pitch goes on


def pitch_bonus(
    allowed, values, context: NoteContext, repeat_penalty: float, span, run_cost: float = 0.0
) -> dict[int, float]:
    """Logits added to each allowed pitch token (``values`` its pitch from the tonic).

    The arch is left at the final cadence (which goes home wherever the arch is); over a
    planned chord its tones are preferred, most where a strong beat hears them, and a
    cadence rests on that chord."""
    timed, previous = context.timed, context.previous
    low, high = span
    tone = timed.syllable.tone if timed.syllable is not None and context.in_line else None
    centre = (low + high) / 2 - 2 + timed.lift
    target = centre + ARCH_SEMITONES * (math.sin(math.pi * timed.place) - 0.5)
    cadence = cadence_tones(timed.cadence, context.onset_chord)
    last = previous - context.before if previous is not None and context.before is not None else 0
    free = timed.cadence == "full"
    same_again = repeat_penalty + run_cost * max(0, context.run + 1 - RUN_FREE)
    bonus = {}
    for token, pitch in zip(allowed, values):
        value = 0.0 if free else -CONTOUR_WEIGHT * max(0.0, abs(pitch - target) - CONTOUR_BAND)
        value += cadence.get(pitch % 12, 0.0) + _harmony(pitch, previous, context)
        if previous is not None:
            move = pitch - previous
            value += MOTION_BONUS.get(abs(move), 0.0) - same_again * (move == 0)
            # a new line may start anywhere; a cadence comes home within a fifth, as the tune
            # before it was steered to stand a step from home
            value -= LEAP_COST * (abs(move) > LEAP and context.in_line)
            if abs(last) > LEAP:  # gap-fill: a leap is answered by a step back, unless a varied
                # hook's ending must leave that very note (then it falls back further, by a third)
                back = 1 <= abs(move) <= 2 and move * last < 0 and pitch != context.avoid
                value += RECOVERY_BONUS * back - RECOVERY_COST * (move * last > 0)
            if timed.syllable is None:  # the vowel goes on to a neighbouring note
                value += HELD_STEP_BONUS * (1 <= abs(move) <= 2) - HELD_SAME_COST * (move == 0)
            if tone is not None:
                against = move < 0 if tone == 2 else move > 0 if tone in (3, 4) else False
                value -= TONE_PENALTY * against
        if context.ceiling is not None and pitch > context.ceiling:
            value -= CEILING_COST * (pitch - context.ceiling)
        if context.climax is not None and pitch > context.climax:
            value += CLIMAX_BONUS
        if context.guide is not None and pitch == context.guide:
            value += GUIDE_BONUS
        if context.avoid is not None and pitch == context.avoid:
            value -= AVOID_COST
        if context.leap_room is not None and pitch > context.leap_room:
            value -= LEAP_ROOM_COST * (pitch - context.leap_room)
        if pitch % 12 in context.leap_from:
            value += LEAP_FROM_BONUS
        if context.next_given is not None and abs(context.next_given - pitch) > LEAP:
            value -= LEAP_AHEAD_COST
        if pitch in context.approach:
            value += APPROACH_BONUS
        if context.zigzag is not None and pitch == context.zigzag[0]:
            value -= ZIGZAG_COST * (context.zigzag[1] - 2)
        bonus[token] = value
    return bonus


def cadence_tones(cadence: str, chord: tuple[int, ...]) -> dict[int, float]:
    """Logits per pitch class (from the tonic) for a line's last note resting on ``cadence``
    ("", "half", "full") over ``chord`` (its pitch classes, root first; empty when unplanned)."""
    if chord and cadence:
        # home on the chord's tonic first: at 5.0 a third of pop's section ends rested on the
        # third or fifth of I when the model leaned there
        return {tone: (6.5 if tone == 0 else 2.5 if tone == chord[0] else 1.0) for tone in chord}
    return CADENCE_TONES.get(cadence, {})


def home_tone(cadence: str, chord: tuple[int, ...]) -> int | None:
    """The pitch class (from the tonic) a cadence over ``chord`` rests on most; None for none."""
    tones = cadence_tones(cadence, chord)
    return max(tones, key=tones.get) if tones else None


def _harmony(pitch: int, previous: int | None, context: NoteContext) -> float:
    """The chord's pull: a note struck on a strong beat or ending a line is a chord tone, and
    so is a note held across a strong beat; a weak note off the chord passes or turns by step
    (reached by step, and left by step once it sounds)."""
    pc, timed, chord = pitch % 12, context.timed, context.onset_chord
    step = previous is not None and 1 <= abs(pitch - previous) <= 2
    value = RESOLUTION_BONUS * step if context.previous_off_chord else 0.0
    if context.held_over:
        value += HELD_CHORD_BONUS * sum(pc in held for held in context.held_over) / len(context.held_over)
    if not chord:
        return value
    if timed.strong or timed.line_end:
        return value + CHORD_TONE_BONUS[1] * (pc in chord)
    if pc in chord:
        return value + CHORD_TONE_BONUS[0]
    return value - PASSING_LEAP_COST * (previous is not None and not step)


def scale_shift(pitch: int, steps: int, mode: str) -> int | None:
    """The pitch (from the tonic) moved by ``steps`` degrees of the scale; None off the scale."""
    scale = (0, 2, 4, 5, 7, 9, 11) if mode == "major" else (0, 2, 3, 5, 7, 8, 10)
    octave, pc = divmod(pitch, 12)
    if pc not in scale:
        return None
    octave_steps, degree = divmod(scale.index(pc) + steps, 7)
    return 12 * (octave + octave_steps) + scale[degree]
