import pytest

from studio.core.commands import CommandError, move_notes, set_lyric
from studio.core.song import Note, Song, Track


def song_with(*notes):
    return Song(tracks=(Track("Vocal", notes=tuple(notes)),))


def test_moving_below_the_keyboard_is_refused():
    with pytest.raises(CommandError):
        move_notes(0, [Note(1, 0, 480)], 0, -5)


def test_a_command_reverts_what_it_applied():
    note = Note(60, 0, 480)
    before = song_with(note)
    command = set_lyric(0, note, "love", joins_next=False)
    after = command.apply(before)
    assert after.tracks[0].notes[0].lyric == "love"
    assert command.revert(after) == before


def test_moves_of_one_gesture_merge_and_of_two_do_not():
    note = Note(60, 0, 480)
    first = move_notes(0, [note], 120, 0, merge_key="drag-1")
    second = move_notes(0, first.added, 120, 0, merge_key="drag-1")
    merged = first.merge(second)
    assert merged is not None and merged.apply(song_with(note)).tracks[0].notes == (Note(60, 240, 480),)
    assert first.merge(move_notes(0, first.added, 120, 0, merge_key="drag-2")) is None
