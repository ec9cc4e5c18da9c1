"""The window's engine in its own process: answers, audio through files, cancel, a crash."""

import numpy as np
import pytest

from studio.audio.soundfont import bundled_font
from studio.compose.engine_process import EngineProcess
from studio.compose.request import SongRequest
from studio.core.errors import Cancelled, StudioError
from studio.core.settings import Settings
from studio.core.song import Note, Song, Track


@pytest.fixture(scope="module")
def engine():
    process = EngineProcess(Settings(soundfont=str(bundled_font())))
    yield process
    process.close()


def song():
    notes = (Note(60, 0, 480, lyric="sing"), Note(64, 480, 480, lyric="a"), Note(67, 960, 960, lyric="song"))
    return Song(tracks=(Track("Vocal", 53, 0, notes), Track("Bass", 33, 2, (Note(36, 0, 1920),))))


def test_a_render_comes_back_as_memory_mapped_audio_with_peaks(engine):
    stages = []
    rendering, peaks = engine.call(("render", song()), lambda stage, f: stages.append(stage), lambda: False)
    assert set(rendering.stems) == {"Vocal", "Bass"}
    assert isinstance(rendering.mix, np.memmap) and rendering.mix.shape[1] == 2
    assert np.abs(rendering.stems["Vocal"]).max() > 0.01  # sung by the guide vocal
    assert set(peaks) == {"Mix", "Vocal", "Bass"} and len(peaks["Mix"].times) > 10 and stages


def test_a_generation_in_the_process_and_its_cancel(engine):
    request = SongRequest("[Verse]\nsing a song of love", "pop", seed=1)
    song_out, rendering, _ = engine.call(("generate", request), lambda *a: None, lambda: False)
    assert [n.lyric for n in song_out.melody_track().notes if n.lyric] == ["sing", "a", "song", "of", "love"]
    assert rendering.seconds > 5
    with pytest.raises(Cancelled):
        engine.call(("generate", request), lambda *a: None, lambda: True)


def test_errors_come_back_as_one_line_and_a_dead_engine_restarts(engine):
    with pytest.raises(StudioError, match="nothing to sing"):
        engine.call(("generate", SongRequest("🎵🎵", "pop")), lambda *a: None, lambda: False)
    engine._process.kill()  # died between two commands: the next one starts it again
    engine._process.join()
    rendering, _ = engine.call(("render", song()), lambda *a: None, lambda: False)
    assert rendering.seconds > 2

    def dies_while_working():
        engine._process.kill()
        return False

    with pytest.raises(StudioError, match="stopped unexpectedly"):
        engine.call(("render", song()), lambda *a: None, dies_while_working)
    assert engine.call(("render", song()), lambda *a: None, lambda: False)[0].seconds > 2
