"""What a style learns from a musician's files besides its weights: rhythm, tempo, meter, loops."""

import pytest

from studio.compose.style_learning import chord_rhythm, learn_style, plays_chords, roman, slot_chords
from studio.compose.styles import parse_style, read_style_table, roman_to_state, style_folder
from studio.core.song import ChordLabel, Note, Song, TempoChange, Track
from studio.core.theory import CHORD_STATES

BAR = 1920


def song_of(lengths, chords=(), bpm=90.0, chord_track=False, chord_ticks=BAR):
    """A melody of these note lengths (ticks, each followed by the next), with chord symbols
    or a track striking the chords' triads."""
    notes, tick = [], 0
    for k, length in enumerate(lengths):
        notes.append(Note(60 + k % 5, tick, length))
        tick += length
    tracks = [Track("Melody", 0, 0, tuple(notes))]
    labels = tuple(ChordLabel(k * chord_ticks, chord_ticks, symbol) for k, symbol in enumerate(chords))
    if chord_track:
        roots = {"C": 48, "G": 55, "Am": 57, "F": 53}
        struck = [Note(roots[s] + step, k * chord_ticks, chord_ticks) for k, s in enumerate(chords)
                  for step in ((0, 3, 7) if s.endswith("m") else (0, 4, 7))]  # fmt: skip
        tracks.append(Track("Piano", 0, 1, tuple(struck)))
        labels = ()
    return Song(tracks=tuple(tracks), tempos=(TempoChange(0, bpm),), chords=labels)


def pop_table():
    return read_style_table(style_folder() / "pop.toml")


def test_the_rhythm_vocabulary_is_the_melodies_note_lengths_and_onsets():
    songs = [song_of([480, 480, 240, 240] * 8)]  # quarters and eighths on pop's sixteenth grid
    table, learned = learn_style(songs, pop_table(), "Mine", "")
    rhythm = table["rhythm"]
    assert set(rhythm["lengths"]) == {"2", "4"} and min(rhythm["lengths"].values()) > 0.9  # the last note ends it
    assert rhythm["onsets"][0] == 1.0 and rhythm["onsets"][2] == 0.33 and rhythm["onsets"][1] == 0.05
    assert learned.melodies == 1 and learned.notes == 32
    style = parse_style(table, "mine")  # the table is a style the reader accepts
    assert set(style.rhythm.lengths) == {2, 4} and style.name == "Mine"


def test_tempo_and_meter_come_from_the_files():
    table, learned = learn_style([song_of([480] * 16, bpm=80), song_of([480] * 16, bpm=96)], pop_table(), "M", "")
    assert table["tempo"] == [76, 100] and table["meter"] == "4/4" and learned.tempos == (80, 96)


@pytest.mark.parametrize("chord_track", [False, True])
def test_chord_loops_come_from_symbols_or_a_chord_track(chord_track):
    chords = ["C", "G", "Am", "F"] * 3
    song = song_of([480] * 48, chords, chord_track=chord_track)
    table, learned = learn_style([song], pop_table(), "M", "")
    assert table["harmony"]["loops"]["verse"][0] == "I V vi IV"
    assert table["harmony"]["chord_rhythm"] == "bar" and learned.chord_bars == 12
    assert parse_style(table, "m").loops["verse"][0] == tuple(roman_to_state(n) for n in "I V vi IV".split())


def test_files_without_chords_keep_the_base_styles_loops():
    table, learned = learn_style([song_of([480] * 16)], pop_table(), "M", "")
    assert table["harmony"]["loops"] == pop_table()["harmony"]["loops"] and learned.loops == []


def test_every_chord_state_reads_back_from_its_numeral():
    assert all(roman_to_state(roman(state)) == state for state in range(CHORD_STATES))


def test_a_chord_track_is_told_from_a_melody():
    song = song_of([480] * 8, ["C", "G"], chord_track=True)
    assert [plays_chords(t) for t in song.tracks] == [False, True]
    assert slot_chords(song, BAR)[:2] == [roman_to_state("I"), roman_to_state("V")]


@pytest.mark.parametrize("chord_track", [False, True])
def test_chords_changing_every_half_bar_give_a_half_bar_harmonic_rhythm(chord_track):
    song = song_of([480] * 48, ["C", "G", "Am", "F"] * 6, chord_track=chord_track, chord_ticks=BAR // 2)
    table, learned = learn_style([song], pop_table(), "M", "")
    assert chord_rhythm([song]) == "half" and table["harmony"]["chord_rhythm"] == "half"
    assert table["harmony"]["loops"]["verse"][0] == "I V vi IV" and learned.chord_bars == 12
    assert parse_style(table, "m").chord_rhythm == "half"
