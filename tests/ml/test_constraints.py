from studio.core.theory import Meter
from studio.ml.constraints import durations, pitches, positions
from studio.ml.tokens import VOCABULARY


def words(tokens):
    return [VOCABULARY[t] for t in tokens]


def test_positions_respect_the_earliest_onset_and_beats():
    assert len(positions(Meter(4, 4), 0)) == 96 and len(positions(Meter(6, 8), 0)) == 72
    assert words(positions(Meter(3, 4), 70))[:2] == ["pos:70", "pos:71"]
    assert positions(Meter(3, 4), 72) == []  # past the bar: the decoder must write <bar>


def test_pitches_stay_in_key_and_range():
    major = words(pitches("major", 0, 12))
    assert major == ["pitch:+0", "pitch:+2", "pitch:+4", "pitch:+5", "pitch:+7", "pitch:+9", "pitch:+11", "pitch:+12"]
    minor = words(pitches("minor", 0, 11))
    assert "pitch:+3" in minor and "pitch:+11" in minor and "pitch:+4" not in minor
    assert len(pitches("major", -5, 5, in_key=False)) == 11


def test_durations_within_bounds_or_the_nearest():
    assert words(durations(480, 480)) == ["dur:24"]
    assert all(int(w[4:]) * 20 >= 960 for w in words(durations(960)))
    assert words(durations(10_000, 10_000)) == ["dur:384"]
