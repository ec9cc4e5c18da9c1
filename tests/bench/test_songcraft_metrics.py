"""The songcraft instrument on hand-made MIDI files whose answers are known."""

import math

import pytest

from bench.songcraft.band import arrangement, harmony, roman
from bench.songcraft.melody import chanted, pitch, rhythm, trilled
from bench.songcraft.phrasing import phrasing
from bench.songcraft.prosody import position, prosody
from bench.songcraft.score import Meter, assign_lines, read_song_midi
from bench.songcraft.summary import aggregate
from tests.bench.midi_fixtures import PPQ, write_song

Q, BAR = PPQ, 4 * PPQ


def read(tmp_path, vocal, lines=None, **kwargs):
    piece = read_song_midi(write_song(tmp_path / "song.mid", vocal, **kwargs))
    if lines:
        assign_lines(piece, lines)
    return piece


def test_stress_on_the_strong_beats_of_a_bar_of_quarters(tmp_path):
    # HAP-py WIN-dow: stressed syllables on beats 1 and 3, unstressed on 2 and 4
    vocal = [(60, 0, Q, "hap-"), (62, Q, Q, "py"), (64, 2 * Q, Q, "win-"), (65, 3 * Q, Q, "dow")]
    p = prosody(read(tmp_path, vocal))
    assert p["stressed_on_strong"] == 1.0 and p["stressed_on_beat"] == 1.0
    assert p["unstressed_on_beat"] == 1.0  # beats 2 and 4 are beats, just not strong ones
    assert p["stress_syllables"] == 4


def test_stress_moved_off_the_strong_beats(tmp_path):
    # hap-PY: the stressed syllable on beat 2, the unstressed one off the beat
    vocal = [(60, Q // 2, Q // 2, "hap-"), (62, Q, Q, "py"),
             (64, 3 * Q, Q // 2, "win-"), (65, 3 * Q + Q // 2, Q, "dow")]  # fmt: skip
    p = prosody(read(tmp_path, vocal))
    assert p["stressed_on_strong"] == 0.0
    assert p["stressed_on_beat"] == 0.5  # "win" on beat 4
    assert p["unstressed_on_beat"] == 0.5  # "py" on beat 2, "dow" off the beat


def test_one_syllable_and_unknown_words_are_not_counted(tmp_path):
    vocal = [(60, 0, Q, "love"), (62, Q, Q, "zorb-"), (64, 2 * Q, Q, "lat")]
    assert prosody(read(tmp_path, vocal))["stressed_on_strong"] is None


@pytest.mark.parametrize(
    "meter, tick, expected",
    [((4, 4), 0, (True, True)), ((4, 4), 2 * Q, (True, True)), ((4, 4), Q, (True, False)),
     ((4, 4), Q // 2, (False, False)), ((3, 4), 0, (True, True)), ((3, 4), 2 * Q, (True, False)),
     ((6, 8), 3 * Q // 2, (True, True)), ((6, 8), Q // 2, (False, False)), ((6, 8), Q, (False, False))],
)  # fmt: skip
def test_beats_and_strong_beats_per_meter(tmp_path, meter, tick, expected):
    piece = read(tmp_path, [(60, 0, Q, "la")], meter=meter)
    assert position(piece, tick) == expected


def test_compound_meter_beats_are_dotted_quarters():
    assert Meter(6, 8).beat_ticks(PPQ) == 3 * PPQ // 2 and Meter(6, 8).compound
    assert Meter(3, 4).beat_ticks(PPQ) == PPQ and not Meter(3, 8).compound


TWO_LINES = [("Verse", ["sing", "a", "song"]), ("Verse", ["of", "love"])]


def test_a_line_with_a_breath_after_it(tmp_path):
    vocal = [(60, 0, Q, "sing"), (62, Q, Q, "a"), (64, 2 * Q, Q + Q // 2, "song"),  # ends at 3.5 beats
             (65, BAR, Q, "of"), (67, BAR + Q, 3 * Q, "love")]  # fmt: skip
    p = phrasing(read(tmp_path, vocal, TWO_LINES))
    assert p["breath_after_line"] == 1.0  # an eighth rest before "of"
    assert p["lines_on_grid"] == 1.0
    assert p["phrase_bars_median"] == 1.0


def test_a_line_running_into_the_next_has_no_breath(tmp_path):
    vocal = [(60, 0, Q, "sing"), (62, Q, Q, "a"), (64, 2 * Q, 2 * Q - 120, "song"),  # a sixteenth's gap
             (65, BAR, Q, "of"), (67, BAR + Q, 3 * Q, "love")]  # fmt: skip
    assert phrasing(read(tmp_path, vocal, TWO_LINES))["breath_after_line"] == 0.0


def test_a_pickup_of_a_beat_is_on_the_grid_and_a_line_in_mid_bar_is_not(tmp_path):
    pickup = [(60, 3 * Q, Q, "sing"), (62, BAR, Q, "a"), (64, BAR + Q, Q, "song"),
              (65, 2 * BAR + 2 * Q, Q, "of"), (67, 2 * BAR + 3 * Q, Q, "love")]  # fmt: skip
    facts = phrasing(read(tmp_path, pickup, TWO_LINES))
    assert facts["lines_on_grid"] == 0.5  # "sing" is a pickup; "of" starts on beat 3


def test_lines_follow_the_words_when_one_is_dropped(tmp_path):
    vocal = [(60, 0, Q, "sing"), (64, Q, Q, "song"), (65, BAR, Q, "of"), (67, BAR + Q, Q, "love")]
    piece = read(tmp_path, vocal, TWO_LINES)
    assert piece.lines == [[0, 1], [2, 3]]
    assert piece.words_sung == 4 and piece.words_expected == 5


def test_section_lengths_from_the_markers(tmp_path):
    vocal = [(60, BAR, Q, "la"), (62, 9 * BAR, Q, "la")]
    piece = read(tmp_path, vocal, [("Verse", ["la"]), ("Chorus", ["la"])],
                 markers=[(0, "Intro"), (BAR, "Verse"), (9 * BAR, "Chorus")], chords=[(48, 0, 13 * BAR)])  # fmt: skip
    p = phrasing(piece)
    assert p["section_bars"] == [8.0, 4.0] and p["sections_whole"] == 1.0


def test_a_rest_of_two_bars_inside_a_section_is_counted_and_one_between_sections_is_not(tmp_path):
    # verse: line 1 in bar 0, line 2 after two empty bars; chorus: line 3 three bars after the verse
    vocal = [(60, 0, Q, "sing"), (62, Q, Q, "now"), (64, 3 * BAR, Q, "of"), (65, 3 * BAR + Q, Q, "love"),
             (67, 7 * BAR, Q, "and"), (65, 7 * BAR + Q, Q, "rain"),
             (64, 8 * BAR, Q, "in"), (62, 8 * BAR + Q, Q, "spain")]  # fmt: skip
    lines = [("Verse", ["sing", "now"]), ("Verse", ["of", "love"]),
             ("Chorus", ["and", "rain"]), ("Chorus", ["in", "spain"])]  # fmt: skip
    piece = read(tmp_path, vocal, lines, markers=[(0, "Verse"), (4 * BAR, "Chorus")], chords=[(48, 0, 12 * BAR)])
    assert phrasing(piece)["long_rest_in_section"] == 0.5  # after "now"; "spain" follows "rain" at once


def test_a_strong_beat_held_across_is_a_strong_beat_not_sung(tmp_path):
    # a 3-bar line in 4/4: beat 3 of bar 1 held across from beat 2; the last note's hold is not counted
    vocal = [(60, 0, Q, "when"), (62, 2 * Q, Q, "the"), (64, BAR, Q, "rain"), (65, BAR + Q, 2 * Q, "falls"),
             (64, 2 * BAR, 4 * Q, "down")]  # fmt: skip
    piece = read(tmp_path, vocal, [("Verse", ["when", "the", "rain", "falls", "down"])], chords=[(48, 0, 3 * BAR)])
    assert phrasing(piece)["strong_beats_sung"] == 0.8  # 0, 2Q, BAR, 2 BAR sung; BAR + 2Q held


def test_a_bar_of_quarters_has_no_length_entropy_and_no_syncopation(tmp_path):
    r = rhythm(read(tmp_path, [(60, i * Q, Q, "la") for i in range(4)]))
    assert r["length_entropy"] == 0.0 and r["common_length_share"] == 1.0
    assert r["syncopation"] == 0.0 and r["notes_per_beat"] == 1.0


def test_a_syncopated_bar(tmp_path):
    # quarter, dotted quarter from the "and" of 2, quarter, eighth: 3 of 4 onsets off the beat
    vocal = [(60, 0, Q + Q // 2, "la"), (62, Q + Q // 2, Q + Q // 2, "la"), (64, 3 * Q, Q // 2, "la"),
             (65, 3 * Q + Q // 2, Q // 2, "la")]  # fmt: skip
    r = rhythm(read(tmp_path, vocal))
    assert r["syncopation"] == 0.5
    assert r["length_entropy"] == pytest.approx(1.0)  # two lengths, half each
    assert r["common_length_share"] == 0.5


def test_intervals_repeats_leaps_and_the_chorus_lift(tmp_path):
    vocal = [(60, 0, Q, "a"), (60, Q, Q, "b"), (62, 2 * Q, Q, "c"), (71, 3 * Q, Q, "d"),
             (72, BAR, Q, "e"), (72, BAR + Q, Q, "f")]  # fmt: skip
    piece = read(tmp_path, vocal, markers=[(0, "Verse 1"), (BAR, "Chorus 1")])
    p = pitch(piece)
    assert p["mean_interval"] == pytest.approx((0 + 2 + 9 + 1 + 0) / 5)
    assert p["repeated_notes"] == pytest.approx(2 / 5) and p["leaps_over_fifth"] == pytest.approx(1 / 5)
    assert p["range"] == 12
    assert p["chorus_minus_verse"] == pytest.approx(72 - (60 + 60 + 62 + 71) / 4)
    assert p["sections_end_on_tonic"] == 0.5  # the chorus ends on C, the verse on B
    assert p["n_chanted"] == 0 and p["n_pitched"] == 6
    # the verse's B comes by a leap from D, the chorus's last C by a unison: neither by step
    assert p["n_endings_by_step"] == 0 and p["n_endings"] == 2


def test_a_section_end_reached_by_step_is_counted(tmp_path):
    vocal = [(64, 0, Q, "a"), (62, Q, Q, "b"), (60, 2 * Q, Q, "c"), (67, BAR, Q, "d"), (60, BAR + Q, Q, "e")]
    p = pitch(read(tmp_path, vocal, markers=[(0, "Verse 1"), (BAR, "Chorus 1")]))
    assert p["n_endings_by_step"] == 1 and p["n_endings"] == 2  # 2-1 in the verse; the chorus falls a fifth
    assert p["song_ends_on_tonic"] == 1.0 and p["n_trilled"] == 0
    assert aggregate([{"n_endings_by_step": 1, "n_endings": 2}, {"n_endings_by_step": 3, "n_endings": 3}])[
        "endings_by_step"
    ] == pytest.approx(0.8)


def test_a_chant_is_counted_from_its_fifth_note():
    assert chanted([60, 60, 60, 60, 62, 60, 60, 60, 60, 60, 60, 64]) == 2  # four are a figure, six a chant
    assert aggregate([{"n_chanted": 2, "n_pitched": 12}, {"n_chanted": 0, "n_pitched": 8}])["chanted_notes"] == 0.1


def test_melisma_notes_reached_by_step_are_counted(tmp_path):
    vocal = [(64, 0, Q, "love"), (62, Q, Q, None), (62, 2 * Q, Q, None), (60, 3 * Q, Q, "me"), (67, BAR, Q, None)]
    p = pitch(read(tmp_path, vocal))
    assert p["n_held"] == 3 and p["n_held_by_step"] == 1  # E-D slides; D-D stays; C-G jumps
    assert (
        aggregate([{"n_held_by_step": 1, "n_held": 3}, {"n_held_by_step": 3, "n_held": 3}])["melisma_by_step"] == 4 / 6
    )


def test_a_trill_is_counted_from_its_fifth_note():
    """C D C D is a figure, C D C D C a trill; a repeat or a third pitch ends it."""
    assert trilled([60, 62, 60, 62]) == 0 and trilled([60, 62, 60, 62, 60, 62]) == 2
    assert trilled([60, 60, 62, 60, 62, 60, 64, 62, 64, 62, 64]) == 2  # C D C D C, then E D E D E
    assert trilled([60, 62, 60, 62, 62, 60, 62, 60]) == 0
    assert aggregate([{"n_trilled": 1, "n_pitched": 10}, {"n_trilled": 0, "n_pitched": 10}])["trilled_notes"] == 0.05


C_MAJOR, G_MAJOR, F_MAJOR = (48, 52, 55), (43, 47, 50), (41, 45, 48)


def block_chords(*chords, length=2 * Q):
    return [(p, i * length, length) for i, chord in enumerate(chords) for p in chord]


def test_chords_per_half_bar_named_and_numbered(tmp_path):
    vocal = [(64, 0, Q, "a"), (67, 2 * Q, Q, "b"), (65, BAR, Q, "c"), (60, BAR + 2 * Q, Q, "d")]
    piece = read(tmp_path, vocal, chords=block_chords(C_MAJOR, G_MAJOR, F_MAJOR, C_MAJOR))
    h = harmony(piece)
    assert h["distinct_chords"] == 3 and h["progression"] == "C G F C"
    assert h["vocabulary"] == {"I": 2, "V": 1, "IV": 1}
    assert h["top_chord_share"] == 0.5
    # E over C, G over G, F over F, C over C: every strong-beat note is a chord tone
    assert h["strong_beat_chord_tones"] == 1.0
    assert h["chord_changes_per_bar"] == 1.5


def test_minor_key_degrees_are_relative_to_the_minor_scale():
    assert roman(0, "", 9, "minor") == "III"  # C major in A minor
    assert roman(5, "", 9, "minor") == "VI"
    assert roman(4, "7", 9, "minor") == "V7"
    assert roman(9, "m", 9, "minor") == "i"
    assert roman(8, "dim", 9, "minor") == "#vii°"
    assert roman(10, "", 0, "major") == "bVII" and roman(5, "m", 0, "major") == "iv"


def test_a_fuller_chorus_and_a_repeating_groove(tmp_path):
    kick = [(36, b * BAR) for b in range(16)]
    chorus_hats = [(42, b * BAR + s * Q) for b in range(8, 16) for s in range(4)]
    piece = read(tmp_path, [(60, 0, Q, "la")], markers=[(0, "Verse 1"), (8 * BAR, "Chorus 1")],
                 chords=block_chords(*[C_MAJOR] * 32), drums=kick + chorus_hats)  # fmt: skip
    a = arrangement(piece)
    assert a["chorus_minus_verse_drum_hits"] == 4.0
    assert a["chorus_minus_verse_notes_per_bar"] == 4.0
    assert a["repeated_8_bar_spans"] == 0.0  # the hats come in with the chorus
    steady = read(tmp_path, [(60, 0, Q, "la")], drums=kick, chords=block_chords(*[C_MAJOR] * 32))
    assert arrangement(steady)["repeated_8_bar_spans"] == 1.0


def test_entropy_of_lengths_in_bits():
    from bench.songcraft.melody import length_entropy

    entropy, common = length_entropy([1, 2, 4, 8])
    assert entropy == pytest.approx(2.0) and common == 0.25
    assert math.isclose(length_entropy([4, 4, 4, 2])[0], 0.8112781, rel_tol=1e-6)


def test_chords_that_change_by_the_beat_are_named_by_the_beat(tmp_path):
    vocal = [(64, 0, Q, "a"), (67, 2 * Q, Q, "b")]
    piece = read(tmp_path, vocal, chords=block_chords(C_MAJOR, G_MAJOR, F_MAJOR, C_MAJOR, length=Q))
    assert harmony(piece)["progression"] == "C G F C"
    arpeggio = [(p, i * Q // 2, Q // 2) for i, p in enumerate((48, 52, 55, 52, 43, 47, 50, 47))]
    assert harmony(read(tmp_path, vocal, chords=arpeggio))["progression"] == "C G"  # one chord per half bar
