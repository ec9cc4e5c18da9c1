"""Regenerating a stretch: new notes inside, everything outside and every word unchanged."""

from dataclasses import replace

import pytest

from studio.compose.harmony import HarmonyModel
from studio.compose.pipeline import Models, SongRequest, generate
from studio.compose.regenerate import regenerate_range, sung_syllables
from studio.core.errors import StudioError
from studio.core.paths import model_path
from studio.ml.model import MelodyConfig
from studio.ml.train import new_model

LYRICS = "[Verse]\nI walked along the river in the morning light\nthe city still asleep, the water running bright\n"


@pytest.fixture(scope="module")
def models():
    return Models(new_model(MelodyConfig.debug()).eval(), HarmonyModel.load(model_path("harmony.json")))


@pytest.fixture(scope="module")
def song(models):
    return generate(SongRequest(LYRICS, "pop", seed=3), models)


def test_only_the_range_changes_and_the_words_and_rhythm_stay(models, song):
    bar = song.meter.bar_ticks
    start, end = 4 * bar, 6 * bar  # bars 5 and 6
    new = regenerate_range(song, SongRequest(LYRICS, "pop", seed=99), models, start, end)
    before, after = song.melody_track().notes, new.melody_track().notes
    assert [(n.start, n.duration, n.lyric, n.joins_next) for n in before] == [
        (n.start, n.duration, n.lyric, n.joins_next) for n in after
    ]
    outside = [(a.pitch, b.pitch) for a, b in zip(before, after) if not start <= a.start < end]
    assert all(a == b for a, b in outside)
    inside = [(a.pitch, b.pitch) for a, b in zip(before, after) if start <= a.start < end]
    assert inside and any(a != b for a, b in inside)  # a new seed writes new notes there
    for old_track, new_track in zip(song.tracks[1:], new.tracks[1:]):
        keep = lambda track: [n for n in track.notes if not start <= n.start < end]  # noqa: E731
        assert keep(old_track) == keep(new_track), old_track.name
    assert [c for c in song.chords if c.start < start] == [c for c in new.chords if c.start < start]


def test_a_range_without_sung_notes_or_changed_lyrics_is_one_clear_message(models, song):
    with pytest.raises(StudioError, match="no sung note starts in the selection"):
        regenerate_range(song, SongRequest(LYRICS, "pop"), models, 0, 10)
    changed = replace(song, lyrics="[Verse]\nsomething else entirely")
    with pytest.raises(StudioError, match="lyrics changed"):
        regenerate_range(changed, SongRequest(LYRICS, "pop"), models, 4 * 1920, 6 * 1920)


def test_syllables_group_a_melisma_with_its_lyric(song):
    groups = sung_syllables(song.melody_track().notes)
    assert all(group[0].lyric for group in groups)
    assert sum(len(g) for g in groups) == len(song.melody_track().notes)
