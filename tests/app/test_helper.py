"""The command line's helper process: the same files and vocal as without it, and its
failures raised in the command."""

import numpy as np
import pytest
import soundfile

from studio.app.engine import Engine
from studio.app.helper import Helper
from studio.app.songs import generate_into
from studio.audio.soundfont import bundled_font
from studio.compose.request import SongRequest
from studio.core.errors import MidiError
from studio.core.settings import Settings
from studio.core.song import Note, Song, Track


@pytest.fixture(scope="module")
def helper():
    process = Helper()
    yield process
    process.close()


def test_a_song_written_with_the_helper_is_the_one_written_without(helper, tmp_path):
    (tmp_path / "audio").mkdir()
    engine = Engine(Settings(soundfont=str(bundled_font())), audio_folder=tmp_path / "audio")
    request = SongRequest("sing a song of love\nbeautiful fire tonight", "pop", seed=3)
    generate_into(engine, request, tmp_path / "alone")
    generate_into(engine, request, tmp_path / "helped", helper=helper)
    alone, helped = tmp_path / "alone", tmp_path / "helped"
    assert sorted(p.relative_to(alone) for p in alone.rglob("*")) == sorted(
        p.relative_to(helped) for p in helped.rglob("*")
    )
    for name in ("song.mid", "song.studio"):
        assert (alone / name).read_bytes() == (helped / name).read_bytes(), name
    # The audio is the same but for eSpeak's glottal phase, which depends on what the
    # process said before (this test process has sung other songs; the helper has not).
    for name in ("song.wav", "stems/Vocal.wav", "stems/Bass.wav"):
        a, b = soundfile.read(alone / name)[0], soundfile.read(helped / name)[0]
        assert a.shape == b.shape and np.sqrt(np.mean(b**2)) == pytest.approx(np.sqrt(np.mean(a**2)), rel=0.03), name


def test_a_failure_in_the_helper_is_raised_in_the_command(helper, tmp_path):
    notes = (Note(60, 0, 480, lyric="la"),)
    song = Song(tracks=(Track("Vocal", 53, 0, notes),))
    [written] = helper.start(song, tmp_path / "no such folder")
    with pytest.raises(MidiError, match="cannot write"):
        written.result()
    take = helper.singer().sing(song.tracks[0], song.tempo_map, song.voice)
    assert take.samples.size > 0  # the helper still answers after a failed job
