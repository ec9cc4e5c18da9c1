"""A take in seconds as seed notes in ticks: the song's tempo, the grid, one line, the key."""

from studio.core.song import SEED_NOTES_MAX, Song, TempoChange
from studio.core.takes import TakeNote, seed_notes, top_line
from studio.core.theory import Key

TEMPO = Song(tempos=(TempoChange(0, 120.0),)).tempo_map  # a beat is 0.5 s


def test_a_recording_starts_at_the_seed_place_and_lands_on_the_grid():
    take = [TakeNote(62, 3.02, 3.49), TakeNote(64, 3.51, 4.27)]  # slightly early, slightly late
    notes = seed_notes(take, TEMPO, Key(0), 120, at=1920)
    assert [(n.pitch, n.start, n.duration) for n in notes] == [(62, 1920, 480), (64, 2400, 720)]
    assert all(n.seed for n in notes)


def test_a_keyboard_take_keeps_its_place_after_the_record_start():
    notes = seed_notes([TakeNote(60, 1.0, 1.5)], TEMPO, Key(0), 120, at=1920, from_first=False)
    assert notes[0].start == 1920 + 960


def test_a_note_between_two_keys_goes_to_the_scale_and_a_long_take_gives_its_opening():
    unsure = [TakeNote(61, 0.0, 0.5, neighbour=62), TakeNote(61, 0.5, 1.0)]  # C#: D heard nearly as well
    assert [n.pitch for n in seed_notes(unsure, TEMPO, Key(0), 120)] == [62, 61]
    long = [TakeNote(60, 0.5 * i, 0.5 * i + 0.4) for i in range(40)]
    assert len(seed_notes(long, TEMPO, Key(0), 120)) == SEED_NOTES_MAX


def test_a_chord_gives_its_top_note_and_a_held_note_ends_at_the_next():
    played = [TakeNote(48, 0.0, 2.0), TakeNote(64, 0.01, 1.0), TakeNote(60, 0.02, 1.0), TakeNote(67, 0.8, 1.5)]
    assert [(n.pitch, n.start, n.end) for n in top_line(played)] == [(64, 0.01, 0.8), (67, 0.8, 1.5)]
