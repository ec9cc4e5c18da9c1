import numpy as np
import pytest

from studio.compose.harmony import HarmonyModel
from studio.core.errors import StudioError
from studio.core.theory import chord_state, chord_symbol, chord_tones
from studio.ml.harmony_data import label_chord

TONIC, SUBDOMINANT, DOMINANT7, RELATIVE_MINOR = (
    chord_state(0, "maj"),
    chord_state(5, "maj"),
    chord_state(7, "7"),
    chord_state(9, "min"),
)


def weights(*pcs):
    w = [0.0] * 12
    for pc in pcs:
        w[pc] += 1.0
    return w


def toy_chorales():
    """I-IV-V7-I cadences in major, each beat's melody a chord tone."""
    beats = [
        [TONIC, weights(0)],
        [SUBDOMINANT, weights(5)],
        [DOMINANT7, weights(2)],
        [TONIC, weights(4)],
        [RELATIVE_MINOR, weights(9)],
        [DOMINANT7, weights(11)],
    ]
    return [{"work": f"toy/{k}", "mode": "major", "beats": beats + [[TONIC, weights(0)]]} for k in range(20)]


def test_chord_names_and_tones():
    assert chord_symbol(DOMINANT7, tonic=9) == "E7"
    assert chord_symbol(RELATIVE_MINOR, tonic=0) == "Am"
    assert chord_symbol(SUBDOMINANT, tonic=10, flats=True) == "Eb"
    assert chord_tones(DOMINANT7) == (7, 11, 2, 5)


def test_template_labelling():
    assert label_chord(weights(0, 4, 7, 0), bass=0) == TONIC
    assert label_chord(weights(7, 11, 2, 5), bass=7) == DOMINANT7
    assert label_chord(weights(9, 0, 4), bass=9) == RELATIVE_MINOR


def test_viterbi_follows_learned_progressions():
    model = HarmonyModel.fit(toy_chorales())
    melody = np.array([weights(0), weights(5), weights(2), weights(4)])
    assert model.harmonize(melody, "major") == [TONIC, SUBDOMINANT, DOMINANT7, TONIC]


def test_style_preference_changes_the_choice():
    model = HarmonyModel.fit(toy_chorales())
    melody = np.array([weights(0), weights(4)])  # both fit TONIC and vi (C, E)
    prefer_vi = np.zeros(48)
    prefer_vi[RELATIVE_MINOR] = 20.0
    assert model.harmonize(melody, "major", prefer_vi) == [RELATIVE_MINOR, RELATIVE_MINOR]


def test_round_trip_and_damaged_file(tmp_path):
    model = HarmonyModel.fit(toy_chorales())
    path = tmp_path / "harmony.json"
    path.write_text(model.to_json(), encoding="utf-8")
    again = HarmonyModel.load(path)
    melody = np.array([weights(0), weights(5), weights(2)])
    assert again.harmonize(melody, "major") == model.harmonize(melody, "major")
    path.write_text('{"format": "studio-harmony", "tables": {"major": {"transition": [1]}}}', encoding="utf-8")
    with pytest.raises(StudioError, match="damaged"):
        HarmonyModel.load(path)
    with pytest.raises(StudioError, match="missing"):
        HarmonyModel.load(tmp_path / "absent.json")


@pytest.mark.parametrize("accented", [71, 65, 69])  # B, F, A on the downbeat of a waltz bar
def test_melody_first_chords_fit_the_accented_note(accented):
    """Passing notes after the downbeat (here C and E, the tonic's) must not outvote the note
    the listener hears against the chord: the middle bar's chord holds its first note."""
    from studio.compose.pipeline import harmonize
    from studio.compose.styles import parse_style
    from studio.core.song import Note
    from studio.core.theory import Key

    model = HarmonyModel.load("models/harmony.json")
    style = parse_style(
        {"name": "Waltz", "description": "t", "tempo": [90, 100], "meter": "3/4",
         "instruments": {"chords": 0, "bass": 33}, "chords": {"voicing": "comp", "pattern": "x.x.x."},
         "bass": {"pattern": "1....."}},
        "waltz",
    )  # fmt: skip
    beat = 480
    bars = [(60, 64, 67), (accented, 72, 64), (64, 62, 60)]
    melody = tuple(Note(p, (3 * b + k) * beat, beat) for b, pitches in enumerate(bars) for k, p in enumerate(pitches))
    slots = harmonize(model, style, Key(0), melody, 0, 9 * beat, 3 * beat, 0)
    assert accented % 12 in chord_tones(slots[1].state), chord_symbol(slots[1].state, 0, False)


def test_the_song_s_last_note_is_struck_over_the_tonic():
    """A final note held over several one-beat slots (a chorale's) starts over I, not over a V
    that turns to I under it: the tonic is preferred from the slot it is struck in."""
    from studio.compose.pipeline import harmonize
    from studio.compose.styles import get_style
    from studio.core.song import Note
    from studio.core.theory import Key

    model = HarmonyModel.load("models/harmony.json")
    style = get_style("chorale")
    beat = style.meter.beat_ticks
    pitches = [67, 71, 74, 71, 72, 71, 69, 71]  # two bars leaning on the dominant, then G held a bar
    melody = tuple(Note(p, k * beat, beat) for k, p in enumerate(pitches)) + (Note(67, 8 * beat, 4 * beat),)
    slots = harmonize(model, style, Key(0), melody, 0, 12 * beat, 4 * beat, 0)
    under = next(s for s in slots if s.start <= 8 * beat < s.end)
    assert chord_symbol(under.state, 0, False) == "C", [chord_symbol(s.state, 0, False) for s in slots]
