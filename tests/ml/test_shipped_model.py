"""The real weights under models/: they load safely and sing every lyric by the rules.

Golden statistics are ranges, not exact values, so a retrained model that still writes
singable melodies passes, and one that has collapsed (monotone, random leaps) fails.
"""

import math
from collections import Counter

import pytest

from studio.compose.form import plan_vocal
from studio.compose.styles import get_style
from studio.core.lyrics import analyse_lyrics
from studio.core.paths import resource_path
from studio.core.theory import Key
from studio.ml.generate import MelodyRequest, generate_melody
from studio.ml.model import load_shipped_model

LYRICS = [
    resource_path("lyrics", "demo.txt").read_text(encoding="utf-8"),
    "[Verse]\nI don't know_ what 24/7 means\nbeau-ti-ful remember yesterday\n\n[Chorus]\n我爱你 sing along",
]


@pytest.fixture(scope="module")
def model():
    return load_shipped_model()[0]


def planned(text, style_id, **fields):
    lyrics = analyse_lyrics(text)
    style = get_style(style_id)
    _, rhythm = plan_vocal(lyrics, style, 0, fields.get("seed", 0), 0.9)
    return MelodyRequest(lyrics=lyrics, meter=style.meter, rhythm=rhythm, **fields), style


@pytest.mark.parametrize("text", LYRICS)
@pytest.mark.parametrize(("key", "style_id", "token"), [(Key(0), "pop", "essen"), (Key(9, "minor"), "folk", "bach")])
def test_shipped_model_sings_every_syllable_by_the_rules(model, text, key, style_id, token):
    request, style = planned(text, style_id, key=key, style=token, seed=3)
    lyrics, meter = request.lyrics, style.meter
    notes = generate_melody(model, request).notes
    syllables = lyrics.syllables
    sung = [n for n in notes if n.lyric]
    assert [n.lyric for n in sung] == [s.text for s in syllables]
    assert len(notes) == sum(s.notes for s in syllables)
    assert all(b.start >= a.end for a, b in zip(notes, notes[1:]))
    words = [w for line in lyrics.lines for w in line.words]
    long_stressed = {id(s) for w in words if len(w.syllables) > 1 for s in w.syllables if s.stress == 1}
    strong = [note.start % meter.beat_ticks == 0 for s, note in zip(syllables, sung) if id(s) in long_stressed]
    assert sum(strong) >= 0.8 * len(strong)
    step = meter.beat_ticks // style.rhythm.grid
    for syllable, note in zip(syllables, sung):
        if syllable.line_end and syllable.notes == 1:
            assert note.duration >= min(style.rhythm.line_end, 2) * step
    assert max(n.pitch for n in notes) - min(n.pitch for n in notes) <= request.range_semitones
    scale = set(key.scale) | ({(key.tonic + 11) % 12} if key.mode == "minor" else set())
    assert all(n.pitch % 12 in scale for n in notes)


def test_shipped_model_writes_melodies_not_noise(model):
    request, _ = planned(LYRICS[0], "pop", seed=1)
    notes = generate_melody(model, request).notes
    intervals = [abs(b.pitch - a.pitch) for a, b in zip(notes, notes[1:])]
    mean_interval = sum(intervals) / len(intervals)
    assert 1.5 <= mean_interval <= 3.5  # corpus melodies: 1.9-2.4 semitones
    assert sum(1 for i in intervals if i > 7) / len(intervals) < 0.1  # few leaps over a fifth
    assert sum(1 for i in intervals if i == 0) / len(intervals) < 0.3  # not a chant on one note
    counts = Counter(n.pitch % 12 for n in notes)
    entropy = -sum(c / len(notes) * math.log2(c / len(notes)) for c in counts.values())
    assert 1.8 <= entropy <= 3.0  # corpus melodies: about 2.5 bits; a drone is 0


def test_sections_come_home_to_the_tonic(model):
    request, _ = planned(LYRICS[0], "pop", seed=2)
    notes = generate_melody(model, request).notes
    endings = [n.pitch % 12 for n, t in zip(notes, request.rhythm) if t.cadence == "full"]
    assert endings and sum(p == 0 for p in endings) >= 0.75 * len(endings)


def test_the_model_card_records_the_checksum_that_is_checked():
    from studio.core.paths import model_path
    from studio.ml.model import file_sha256

    recorded = model_path("melody.pt.sha256").read_text(encoding="utf-8").split()[0]
    assert recorded == file_sha256(model_path("melody.pt"))
    assert f"`{recorded}`" in model_path("melody.md").read_text(encoding="utf-8")


HIGHER = (
    "[Verse]\nWe carried amplifiers up the stairs into the night\n"
    "The window shook and every neighbour came to see the light\n\n"
    "[Chorus]\nHigher, higher\nShake the ceiling till it falls\nHigher, higher\nWe are singing through the walls"
)


def test_a_short_hook_returns_with_its_ending_varied(model):
    """ "Higher, higher" sung again keeps its first three notes and ends elsewhere: having just
    heard the hook, the model sang its last note again (chorale, seed 2) unless steered off it."""
    from studio.compose.harmony import HarmonyModel
    from studio.compose.pipeline import Models, generate
    from studio.compose.request import SongRequest
    from studio.core.paths import model_path

    models = Models(model, HarmonyModel.load(model_path("harmony.json")))
    for style in ("chorale", "rock"):
        for seed in range(4):
            notes = generate(SongRequest(HIGHER, style, seed=seed), models).tracks[0].notes
            opens = [k for k, n in enumerate(notes) if n.lyric == "High"]  # the hook's first and third lines
            ends = [next(j for j in range(k + 1, len(notes)) if notes[j].lyric in ("Shake", "We")) for k in opens]
            first, again = ([(n.pitch, n.duration) for n in notes[k:end]] for k, end in zip(opens, ends))
            assert again[:3] == first[:3] and again != first, (style, seed, first, again)
