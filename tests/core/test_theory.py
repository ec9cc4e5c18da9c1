import pytest

from studio.core.theory import Key, Meter, note_name


@pytest.mark.parametrize(
    ("text", "name", "midi"),
    [("C", "C major", "C"), ("Am", "A minor", "Am"), ("F# minor", "F# minor", "F#m"), ("bb", "Bb major", "Bb"),
     ("Ebm", "Eb minor", "Ebm"), ("Db major", "Db major", "Db"), ("G♯m", "G# minor", "G#m")],
)  # fmt: skip
def test_key_names_round_trip(text, name, midi):
    key = Key.parse(text)
    assert key.name == name
    assert key.midi_name == midi
    assert Key.parse(key.name) == key == Key.parse(key.midi_name)


def test_bad_key_is_a_value_error():
    with pytest.raises(ValueError, match="not a key"):
        Key.parse("H major")


def test_scale_of_a_minor():
    assert Key(9, "minor").scale == (9, 11, 0, 2, 4, 5, 7)


def test_note_name():
    assert note_name(60) == "C4"
    assert note_name(70, flats=True) == "Bb4"


@pytest.mark.parametrize(
    ("meter", "positions"),
    [
        (Meter(4, 4), {0: 1.0, 960: 0.5, 480: 0.25, 1440: 0.25, 240: 0.125, 120: 0.0625}),
        (Meter(3, 4), {0: 1.0, 480: 0.5, 960: 0.5, 240: 0.25}),
        (Meter(6, 8), {0: 1.0, 720: 0.5, 240: 0.25, 480: 0.25, 120: 0.125}),
        (Meter(2, 2), {0: 1.0, 960: 0.5, 480: 0.25}),
    ],
)
def test_beat_strength_matches_music21(meter, positions):
    for tick, strength in positions.items():
        assert meter.beat_strength(tick) == strength, (str(meter), tick)


def test_meter_rejects_impossible_signatures():
    with pytest.raises(ValueError):
        Meter(4, 3)
    with pytest.raises(ValueError):
        Meter(0, 4)


def test_key_estimation_from_pitches():
    from studio.core.theory import estimate_key

    a_minor = [(57, 2), (60, 1), (64, 1), (69, 2), (67, 1), (65, 1), (64, 2), (62, 1), (59, 1), (57, 3), (68, 1)]
    assert estimate_key(a_minor) == Key(9, "minor")
    d_major = [(62, 3), (66, 2), (69, 2), (71, 1), (73, 1), (74, 2), (67, 1), (64, 1)]
    assert estimate_key(d_major) == Key(2, "major")


def test_the_relative_key_has_the_same_notes_in_the_other_mode():
    assert Key(0, "major").relative == Key(9, "minor") and Key(9, "minor").relative == Key(0, "major")
    assert Key(7, "major").relative.relative == Key(7, "major")
