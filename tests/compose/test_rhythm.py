"""The lyric-to-rhythm search on hand-made lines with known best answers, and every style's
rhythm vocabulary in use."""

import numpy as np
import pytest

from studio.compose.form import plan_vocal
from studio.compose.rhythm import augmented, bars_for, fit_rhythm, is_weak, line_slots, metrical_levels, place_line
from studio.compose.styles import RhythmStyle, get_style, list_styles
from studio.core.lyrics import analyse_lyrics
from studio.core.theory import Meter

FOUR = Meter(4, 4)
SHARP = 40.0  # sharp enough that the search returns its best rhythm


def best(text, bars=2, style=None, meter=FOUR, **fields):
    style = style or RhythmStyle()
    slots = line_slots(analyse_lyrics(text).lines[0])
    return slots, place_line(slots, style, meter, bars, np.random.default_rng(0), SHARP, **fields)


def test_levels_of_the_bar():
    assert list(metrical_levels(FOUR, 120, 16, 0)) == [4, 0, 1, 0, 2, 0, 1, 0, 3, 0, 1, 0, 2, 0, 1, 0]
    assert list(metrical_levels(Meter(6, 8), 120, 12, 0)) == [4, 0, 1, 0, 1, 0, 3, 0, 1, 0, 1, 0]
    assert list(metrical_levels(Meter(3, 4), 240, 6, -2)) == [2, 1, 4, 1, 2, 1]  # a pickup of a beat


def test_primary_stresses_land_on_strong_beats_and_weak_syllables_off_them():
    slots, placed = best("remember yesterday tomorrow")
    for slot, (onset, _) in zip(slots, placed):
        if slot.kind == "primary":
            assert onset % 8 == 0, (slot.syllable.text, onset)  # beat 1 or 3 (sixteenth steps)
        if slot.kind == "unstressed":
            assert onset % 8 != 0, (slot.syllable.text, onset)  # off the strong beats


def test_a_line_that_starts_unstressed_takes_a_pickup():
    slots, placed = best("the morning comes again", earliest=-8)
    assert placed[0][0] < 0  # "the" before the bar line
    assert next(o for s, (o, _) in zip(slots, placed) if s.syllable.text == "morn") == 0  # "mor" on the downbeat


def test_a_stressed_opening_starts_on_the_bar_line():
    _, placed = best("morning comes again", earliest=-8)
    assert placed[0][0] == 0


def test_the_line_ends_long_in_its_last_bar_and_leaves_a_breath():
    style = RhythmStyle()
    _, placed = best("I walked along the river in the light", style=style)
    onset, length = placed[-1]
    assert onset >= 16 and length >= style.line_end
    assert onset + length <= 2 * 16 - style.breath
    assert all(a + la == b for (a, la), (b, _) in zip(placed, placed[1:]))  # legato inside the line


def test_held_syllables_get_room_for_their_notes():
    _, placed = best("love___ me")
    assert placed[0][1] >= 4


def test_a_long_line_takes_more_bars_and_a_short_one_still_makes_a_phrase():
    style = get_style("pop").rhythm
    short = line_slots(analyse_lyrics("hey").lines[0])
    long = line_slots(analyse_lyrics(" ".join(["la"] * 40)).lines[0])
    assert bars_for(short, style, FOUR) == 2
    assert bars_for(long, style, FOUR) % 4 == 0 and bars_for(long, style, FOUR) > 4
    with pytest.raises(ValueError):
        place_line(long, style, FOUR, 1, np.random.default_rng(0), 1.0)


def test_a_short_line_stretched_over_twice_its_bars_keeps_its_stresses_and_its_weak_syllables_short():
    # "LOU-der, LOU-der" in two bars of quarters, stretched over four: each stressed onset
    # moves to a stronger beat, the weak ones stay a beat long and the stress holds the rest
    slots, placed = best("louder louder", bars=2)
    stretched = augmented(slots, placed, 4, 16)
    levels = metrical_levels(FOUR, 120, 80, -8)
    for (onset, _), (before, _) in zip(stretched, placed):
        assert levels[onset + 8] >= levels[before + 8]  # as strong as before or stronger
    assert all(length <= 4 for slot, (_, length) in zip(slots, stretched) if is_weak(slot))
    assert stretched[-1][0] >= 16 and all(a[0] + a[1] <= b[0] for a, b in zip(stretched, stretched[1:]))


@pytest.mark.parametrize("style", list_styles(), ids=lambda s: s.id)
def test_every_style_sets_words_with_its_own_vocabulary(style):
    text = "[Verse]\nI walked along the river in the morning light\nremember how the water used to shine\n"
    _, timed = plan_vocal(analyse_lyrics(text), style, 0, 1, style.temperature)
    step = style.meter.beat_ticks // style.rhythm.grid
    assert all(t.start % step == 0 and t.duration % step == 0 for t in timed)
    syllables = []  # [steps, ends a line] of each syllable, a melisma's notes counted together
    for t in timed:
        if t.syllable is not None:
            syllables.append([0, False])
        syllables[-1][0] += t.duration // step
        syllables[-1][1] = t.line_end
    inside = [steps for steps, ends in syllables if not ends]
    assert set(inside) <= set(style.rhythm.lengths)
    assert len(set(inside)) >= 2  # a rhythm, not a metronome
    line_ends = [steps for steps, ends in syllables if ends]
    assert len(line_ends) == 2 and all(steps >= style.rhythm.line_end for steps in line_ends)


def test_styles_deliver_at_their_own_rates():
    text = "[Verse]\n" + "\n".join(["the river runs along the valley to the sea and far away"] * 4)
    spacing = {}
    for style_id in ("hip-hop", "pop", "ballad"):
        style = get_style(style_id)
        _, timed = plan_vocal(analyse_lyrics(text), style, 0, 1, 0.9)
        inside = [t.duration for t in timed if not t.line_end]
        spacing[style_id] = sum(inside) / len(inside) / style.meter.beat_ticks
    assert spacing["hip-hop"] < spacing["pop"] < spacing["ballad"]


WEAK_ENDINGS = """[Verse]
every morning I'm awake before the alarm is ringing
the children in the garden and the water in the river
[Chorus]
oh the quiet in the kitchen
is the loudest sound I know
every morning I am missing
someone I have had to let go
"""


@pytest.mark.parametrize("style", [s.id for s in list_styles()])
def test_a_weak_syllable_is_never_a_phrases_longest_note(style):
    """The "-ing" of "ringing" is short; the length goes to the stressed vowel before it."""
    analysis = analyse_lyrics(WEAK_ENDINGS)
    for seed in range(4):
        _, timed = plan_vocal(analysis, get_style(style), 0, seed, 0.9)
        lines: dict[tuple[int, int], dict[int, tuple[int, object]]] = {}
        owner = None
        for note in timed:  # each syllable's length, its held notes included
            if note.syllable is not None:
                owner = note.start
                lines.setdefault((note.section, note.line), {})[owner] = (note.duration, note.syllable)
            else:
                length, syllable = lines[(note.section, note.line)][owner]
                lines[(note.section, note.line)][owner] = (length + note.duration, syllable)
        for key, syllables in lines.items():
            longest = max(length for length, _ in syllables.values())
            top = [s for length, s in syllables.values() if length == longest]
            weak = [s.stress == 0 and not (s.word_start and s.word_end) for s in top]
            assert not all(weak), (style, seed, key, [s.text for s in top])


TROCHEES = """[Verse]
Imagining the oceans they would carry them to Spain
And every little captain had a name and a parade

[Chorus]
Paper boats on a river of gold
Never sinking, never growing old
Paper boats on a river of light
Sailing on into the night
"""


@pytest.mark.parametrize("style", ["chorale", "ballad", "celtic"])
def test_inside_a_line_a_weak_syllable_does_not_outlast_the_stress_before_it(style):
    """ "Saaail-ing on", not "sail-iiing on": past a beat the stressed vowel is the long one."""
    analysis = analyse_lyrics(TROCHEES)
    slots = [slot for line in analysis.lines for slot in line_slots(line)]
    the_style = get_style(style)
    for seed in range(8):
        _, timed = plan_vocal(analysis, the_style, 0, seed, 0.9)
        sung = [t for t in timed if t.syllable is not None]
        beat = the_style.meter.beat_ticks
        for k in range(1, len(sung)):
            weak, before = slots[k], slots[k - 1]
            if is_weak(weak) and not is_weak(before) and not sung[k].line_end and sung[k].line == sung[k - 1].line:
                assert sung[k].duration <= max(beat, sung[k - 1].duration), (seed, weak.syllable.text)


def test_a_returning_hook_keeps_its_opening_when_a_syllable_is_added():
    """One more syllable splits a note after the hook's first notes, not among them."""
    hook = [(0, 2), (2, 2), (4, 4), (8, 2), (10, 2), (12, 4)]  # steps of an eighth grid
    slots = line_slots(analyse_lyrics("carry me home before the evening falls").lines[0])[:7]
    fitted = fit_rhythm(hook, slots, RhythmStyle(grid=2, lengths={1: 1.0, 2: 1.0, 4: 1.0}), FOUR)
    assert fitted is not None and fitted[:3] == hook[:3]


def test_a_hook_sings_its_own_lengths_again_even_where_the_style_has_none_such():
    """A hook whose stress swapped it a dotted pair (3 + 1 steps) takes that rhythm again:
    its own lengths count as the style's when its line returns."""
    hook = [(0, 3), (3, 1), (4, 4), (8, 3), (11, 1), (12, 4)]  # steps of an eighth grid
    slots = line_slots(analyse_lyrics("carry me, water me").lines[0])
    style = RhythmStyle(grid=2, lengths={1: 1.0, 2: 1.0, 4: 1.0})
    assert fit_rhythm(hook, slots, style, FOUR) == hook
