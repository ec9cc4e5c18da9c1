"""The window's engine in its own process: answers, audio through files, cancel, a crash."""

import numpy as np
import pytest

from studio.app.commands import Export, Generate, Render
from studio.app.engine_process import EngineProcess
from studio.audio.soundfont import bundled_font
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
    rendering = engine.call(Render(song()), lambda stage, f: stages.append(stage), lambda: False)
    peaks = rendering.peaks
    assert set(rendering.stems) == {"Vocal", "Bass"}
    assert isinstance(rendering.mix, np.memmap) and rendering.mix.shape[1] == 2
    assert np.abs(rendering.stems["Vocal"]).max() > 0.01  # sung by the guide vocal
    assert set(peaks) == {"Mix", "Vocal", "Bass"} and len(peaks["Mix"].times) > 10 and stages


def test_a_generation_in_the_process_and_its_cancel(engine):
    request = SongRequest("[Verse]\nsing a song of love", "pop", seed=1)
    song_out = engine.call(Generate(request), lambda *a: None, lambda: False)
    assert [n.lyric for n in song_out.melody_track().notes if n.lyric] == ["sing", "a", "song", "of", "love"]
    rendering = engine.call(Render(song_out), lambda *a: None, lambda: False)
    assert rendering.seconds > 5
    files = set(engine._folder.iterdir())
    assert {rendering.mix.filename, *(stem.filename for stem in rendering.stems.values())} <= {str(f) for f in files}
    with pytest.raises(Cancelled):
        engine.call(Generate(request), lambda *a: None, lambda: True)
    with pytest.raises(Cancelled):
        engine.call(Render(song_out), lambda *a: None, lambda: True)
    assert set(engine._folder.iterdir()) == files  # a cancelled render leaves no files behind


def test_errors_come_back_as_one_line_and_a_dead_engine_restarts(engine):
    with pytest.raises(StudioError, match="nothing to sing"):
        engine.call(Generate(SongRequest("🎵🎵", "pop")), lambda *a: None, lambda: False)
    engine._process.kill()  # died between two commands: the next one starts it again
    engine._process.join()
    rendering = engine.call(Render(song()), lambda *a: None, lambda: False)
    assert rendering.seconds > 2

    def dies_while_working():
        engine._process.kill()
        return False

    with pytest.raises(StudioError, match="stopped unexpectedly"):
        engine.call(Render(song()), lambda *a: None, dies_while_working)
    assert engine.call(Render(song()), lambda *a: None, lambda: False).seconds > 2


def test_an_export_leaves_no_audio_behind_in_the_engine(engine, tmp_path):
    import soundfile

    engine.call(Render(song()), lambda *a: None, lambda: False)
    files = set(engine._folder.iterdir())
    message = engine.call(Export("stems", song(), tmp_path / "stems"), lambda *a: None, lambda: False)
    assert message.startswith("2 stems") and set(engine._folder.iterdir()) == files
    audio, rate = soundfile.read(tmp_path / "stems" / "Vocal.wav")
    assert rate == 44100 and audio.shape[1] == 2 and abs(audio).max() > 0.01
