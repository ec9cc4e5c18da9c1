"""Chords first: loops from the style data, cadences, minor-key degrees, the melody on them."""

import numpy as np
import pytest

from studio.compose.arrange import Span
from studio.compose.harmony import HarmonyModel
from studio.compose.pipeline import Models, generate
from studio.compose.progression import plan_chords
from studio.compose.regenerate import regenerate_range
from studio.compose.request import SongRequest
from studio.compose.styles import get_style, list_styles, roman_to_state
from studio.core.paths import model_path
from studio.core.theory import Key, chord_from_symbol, chord_state, chord_symbol, chord_tones
from studio.ml.model import load_shipped_model

FORM = [Span(0, 8 * 1920, "verse", "Verse"), Span(8 * 1920, 12 * 1920, "prechorus", "Pre-Chorus"),
        Span(12 * 1920, 20 * 1920, "chorus", "Chorus")]  # fmt: skip


@pytest.fixture(scope="module")
def models():
    return Models(load_shipped_model()[0], HarmonyModel.load(model_path("harmony.json")))


def test_loop_styles_and_melody_first_styles():
    styles = {s.id: s for s in list_styles()}
    chords_first = {"pop", "rock", "electronic", "hip-hop", "ballad", "folk", "celtic"}
    assert {k for k, s in styles.items() if s.loops} == chords_first  # the chorale harmonises its melody
    assert roman_to_state("I V vi IV".split()[2]) in styles["pop"].loops["verse"][0]


def test_sections_play_their_loops_and_end_on_cadences():
    style, key = get_style("pop"), Key(0)
    slots = plan_chords(style, key, FORM, np.random.default_rng(1))
    assert [s.end - s.start for s in slots] == [1920] * 20
    verse = [s.state for s in slots[:8]]
    assert verse[:4] in [list(loop) for loop in style.loops["verse"]] and verse[4:7] == verse[:3]
    assert verse[-1] == chord_state(0, "maj")  # home at the verse's end
    assert slots[11].state == chord_state(7, "maj")  # the pre-chorus sets the chorus up
    assert slots[-1].state == chord_state(0, "maj")  # the song ends home
    assert len({s.state for s in slots}) >= 4


@pytest.mark.parametrize("style_id", ["folk", "celtic"])
def test_folk_and_celtic_plan_their_chords_from_style_data(models, style_id):
    """Each verse bar plays its loop's chord until the verse's singing comes home to the tonic."""
    style = get_style(style_id)
    text = "[Verse]\nI walked along the salt road when the tide was going out\nthe gulls were crying over me\n"
    text += "my father built a boat here\nwith his hands and borrowed wood\n\n[Chorus]\ncarry me home\n"
    song = generate(SongRequest(text, style_id, seed=3), models)
    key, bar = song.key, song.meter.bar_ticks
    spans = [(s.start, (song.sections + (None,))[i + 1]) for i, s in enumerate(song.sections) if s.kind == "verse"]
    verse_start, after = spans[0]
    verse_bars = range(verse_start, after.start, bar)
    states = [next(chord_from_symbol(c.symbol, key.tonic) for c in song.chords if c.start <= t < c.start + c.duration)
              for t in verse_bars]  # fmt: skip
    loop = next(loop for loop in style.loops["verse"] if list(loop) == states[: len(loop)])
    home = len(states)  # from the bar of the verse's last sung note on: the tonic
    while home > 1 and states[home - 1] == chord_state(0, "maj"):
        home -= 1
    assert states[:home] == [loop[k % len(loop)] for k in range(home)] and home < len(states)
    assert len({c.symbol for c in song.chords}) >= 4


def test_minor_key_degrees_are_the_minor_scale():
    style, key = get_style("hip-hop"), Key(9, "minor")
    slots = plan_chords(style, key, FORM, np.random.default_rng(3))
    symbols = {chord_symbol(s.state, key.tonic) for s in slots}
    assert symbols <= {"Am", "Dm", "Em", "E", "F", "G", "C"}  # A minor's own chords
    assert "F#m" not in symbols and "Bm" not in symbols


def test_the_melody_sits_on_the_planned_chords(models):
    text = "[Verse]\nwe used to fold the paper boats\nand send them down the drain\n"
    text += "imagining the oceans\nthey would carry them to Spain\n\n[Chorus]\nsail away\nsail away tonight"
    song = generate(SongRequest(text, "pop", seed=4), models)
    key, meter = song.key, song.meter
    chords = [(c.start, c.start + c.duration, chord_from_symbol(c.symbol, key.tonic)) for c in song.chords]
    strong_ticks = {b * meter.beat_ticks for b in meter.strong_beats()}
    strong = [n for n in song.melody_track().notes if n.start % meter.bar_ticks in strong_ticks]
    on_chord = 0
    for note in strong:
        state = next(state for start, end, state in chords if start <= note.start < end)
        on_chord += (note.pitch - key.tonic) % 12 in chord_tones(state)
    assert len(strong) >= 8 and on_chord >= 0.75 * len(strong)


def test_regenerating_a_stretch_keeps_a_loop_styles_chords(models):
    text = "[Verse]\nwe used to fold the paper boats\nand send them down the drain\n\n[Chorus]\nsail away tonight"
    song = generate(SongRequest(text, "rock", seed=2), models)
    again = regenerate_range(song, SongRequest(text, "rock", seed=9), models, 0, song.end_tick)
    assert [(c.start, c.symbol) for c in again.chords] == [(c.start, c.symbol) for c in song.chords]
    assert [n.pitch for n in again.melody_track().notes] != [n.pitch for n in song.melody_track().notes]


def test_a_borrowed_flat_seventh_is_spelled_as_a_flat():
    assert chord_symbol(roman_to_state("bVII"), 0) == "Bb"  # in C major, not A#
    assert chord_symbol(roman_to_state("bVI"), 4) == "C"  # in E major
    assert chord_symbol(roman_to_state("V"), 4) == "B" and chord_symbol(roman_to_state("iii"), 2) == "F#m"


def test_a_section_comes_home_where_its_singing_does():
    """Its last sung note in bar 6 of 8: the tonic from that bar on, not only in the last."""
    style, key = get_style("pop"), Key(0)
    slots = plan_chords(style, key, FORM[:1], np.random.default_rng(1), cadences=(5 * 1920 + 960,))
    tonic = chord_state(0, "maj")
    assert [s.state for s in slots[5:]] == [tonic] * 3
    states = [s.state for s in slots[:5]]
    loop = next(loop for loop in style.loops["verse"] if list(loop) == states[:4])  # the loop until then
    assert states[4] == loop[0]


def test_chord_symbols_read_back():
    for state in (chord_state(0, "maj"), chord_state(9, "min"), chord_state(10, "maj"), chord_state(7, "7")):
        for tonic in (0, 3, 9):
            assert chord_from_symbol(chord_symbol(state, tonic, tonic == 3), tonic) == state
    # what a musician types: the band plays its triad or dominant seventh
    assert chord_from_symbol("Cmaj9", 0) == chord_state(0, "maj")
    assert chord_from_symbol("F#m7", 2) == chord_state(4, "min")
    assert chord_from_symbol("Bm7b5", 0) == chord_state(11, "dim")
    assert chord_from_symbol("G13", 0) == chord_state(7, "7")
    assert chord_from_symbol("Csus4/G", 0) == chord_state(0, "maj")
    assert chord_from_symbol("Hm", 0) is None and chord_from_symbol("Cxyz", 0) is None


def test_the_intro_plays_the_verses_loop_and_turns_round_to_it(models):
    song = generate(SongRequest("[Verse]\nwe used to fold the paper boats\nand send them down the drain", "pop",
                                seed=3, intro_bars=4), models)  # fmt: skip
    bar = song.meter.bar_ticks
    by_bar = {}
    for chord in song.chords:
        for tick in range(chord.start, chord.start + chord.duration, bar):
            by_bar[tick // bar] = chord.symbol
    assert [by_bar[b] for b in range(3)] == [by_bar[b] for b in range(4, 7)]  # the verse's loop
    assert by_bar[3] == "G"  # the turnaround into the verse
