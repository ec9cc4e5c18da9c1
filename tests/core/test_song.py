import pytest

from studio.core.song import Note, Song, TempoChange, Track
from studio.core.timing import TempoMap


@pytest.mark.parametrize(
    "kwargs", [dict(pitch=128), dict(pitch=-1), dict(start=-5), dict(duration=0), dict(velocity=0), dict(velocity=200)]
)
def test_note_refuses_impossible_values(kwargs):
    values = dict(pitch=60, start=0, duration=480) | kwargs
    with pytest.raises(ValueError):
        Note(**values)


def test_track_keeps_notes_sorted_so_equality_ignores_edit_order():
    a, b = Note(60, 480, 240), Note(62, 0, 240)
    assert Track("x", notes=(a, b)) == Track("x", notes=(b, a))
    assert Track("x", notes=(a, b)).notes[0] == b


def test_drum_track_is_channel_ten():
    assert Track("Drums", channel=9).is_drums
    assert not Track("Bass", channel=1).is_drums


def test_tempo_map_converts_both_ways_across_changes():
    tempo = TempoMap([(0, 120.0), (1920, 60.0)])
    assert tempo.tick_to_seconds(480) == pytest.approx(0.5)
    assert tempo.tick_to_seconds(1920) == pytest.approx(2.0)
    assert tempo.tick_to_seconds(2400) == pytest.approx(3.0)
    for seconds in (0.0, 0.7, 2.0, 5.5):
        assert tempo.tick_to_seconds(tempo.seconds_to_tick(seconds)) == pytest.approx(seconds)


def test_song_duration_and_beat_strength(four_track_song):
    song = four_track_song
    assert song.end_tick == 4 * 1920
    # two bars at 100 BPM, two at 110 BPM
    assert song.duration_seconds == pytest.approx(8 * 0.6 + 8 * 60 / 110)
    assert song.beat_strength(1920 * 3) == 1.0  # first bar of 3/4
    assert song.beat_strength(1920 * 3 + 480) == 0.5  # 3/4 beat 2


def test_song_refuses_impossible_tempo():
    with pytest.raises(ValueError):
        Song(tempos=(TempoChange(0, 0.0),))
