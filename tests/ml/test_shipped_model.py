"""The real weights under models/: they load safely and sing every lyric by the rules.

Golden statistics are ranges, not exact values, so a retrained model that still writes
singable melodies passes, and one that has collapsed (monotone, random leaps) fails.
"""

import math
from collections import Counter

import pytest

from studio.core.lyrics import analyse_lyrics
from studio.core.paths import resource_path
from studio.core.theory import Key, Meter
from studio.ml.generate import MelodyRequest, generate_melody
from studio.ml.model import load_shipped_model

LYRICS = [
    resource_path("lyrics", "demo.txt").read_text(encoding="utf-8"),
    "[Verse]\nI don't know_ what 24/7 means\nbeau-ti-ful remember yesterday\n\n[Chorus]\n我爱你 sing along",
]


@pytest.fixture(scope="module")
def model():
    return load_shipped_model()[0]


@pytest.mark.parametrize("text", LYRICS)
@pytest.mark.parametrize(
    ("key", "meter", "style"), [(Key(0), Meter(4, 4), "essen"), (Key(9, "minor"), Meter(3, 4), "bach")]
)
def test_shipped_model_sings_every_syllable_by_the_rules(model, text, key, meter, style):
    lyrics = analyse_lyrics(text)
    request = MelodyRequest(lyrics=lyrics, key=key, meter=meter, style=style, seed=3)
    notes = generate_melody(model, request).notes
    syllables = lyrics.syllables
    sung = [n for n in notes if n.lyric]
    assert [n.lyric for n in sung] == [s.text for s in syllables]
    assert len(notes) == sum(s.notes for s in syllables)
    assert all(b.start >= a.end for a, b in zip(notes, notes[1:]))
    words = [w for line in lyrics.lines for w in line.words]
    long_stressed = {id(s) for w in words if len(w.syllables) > 1 for s in w.syllables if s.stress == 1}
    for syllable, note in zip(syllables, sung):
        if id(syllable) in long_stressed:
            assert note.start % meter.beat_ticks == 0
        if syllable.line_end and syllable.notes == 1:
            assert note.duration >= meter.beat_ticks
    assert max(n.pitch for n in notes) - min(n.pitch for n in notes) <= request.range_semitones
    scale = set(key.scale) | ({(key.tonic + 11) % 12} if key.mode == "minor" else set())
    assert all(n.pitch % 12 in scale for n in notes)


def test_shipped_model_writes_melodies_not_noise(model):
    lyrics = analyse_lyrics(LYRICS[0])
    notes = generate_melody(model, MelodyRequest(lyrics=lyrics, seed=1)).notes
    intervals = [abs(b.pitch - a.pitch) for a, b in zip(notes, notes[1:])]
    mean_interval = sum(intervals) / len(intervals)
    assert 1.0 <= mean_interval <= 4.0  # corpus melodies: 1.9-2.4 semitones
    assert sum(1 for i in intervals if i > 7) / len(intervals) < 0.1  # few leaps over a fifth
    counts = Counter(n.pitch % 12 for n in notes)
    entropy = -sum(c / len(notes) * math.log2(c / len(notes)) for c in counts.values())
    assert 1.8 <= entropy <= 3.0  # corpus melodies: about 2.5 bits; a drone is 0
    assert len({n.duration for n in notes}) >= 2  # some rhythm, not a metronome


def test_the_model_card_records_the_checksum_that_is_checked():
    from studio.core.paths import model_path
    from studio.ml.model import file_sha256

    recorded = model_path("melody.pt.sha256").read_text(encoding="utf-8").split()[0]
    assert recorded == file_sha256(model_path("melody.pt"))
    assert f"`{recorded}`" in model_path("melody.md").read_text(encoding="utf-8")
