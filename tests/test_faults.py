"""Faults from outside: a full disk, a sound card that goes away, a GPU out of memory."""

import errno
import io
from pathlib import Path

import numpy as np
import pytest

from studio.app.engine import Engine
from studio.audio.playback import Player
from studio.compose.request import SongRequest
from studio.core.errors import AudioError, StudioError
from studio.core.project import load_project, save_project
from studio.core.settings import Settings


def test_a_full_disk_keeps_the_previous_project_and_says_why(tmp_path, four_track_song, monkeypatch):
    path = tmp_path / "song.studio"
    save_project(four_track_song, path)
    before = path.read_bytes()

    def full(self, *args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(Path, "write_text", full)
    with pytest.raises(StudioError, match="No space left on device"):
        save_project(four_track_song.__class__(title="new"), path)
    assert path.read_bytes() == before and load_project(path) == four_track_song
    assert [p.name for p in tmp_path.iterdir()] == ["song.studio"]  # no temporary file left behind


def test_the_player_mixes_with_gains_loops_and_notices_a_vanished_device():
    player = Player()
    left = np.ones((1000, 2), np.float32) * 0.25
    right = np.ones((1000, 2), np.float32) * 0.5
    player.load([left, right], 1000)
    player.set_gains([1.0, 0.0])  # the second stem muted
    out = np.zeros((100, 2), np.float32)
    player._callback(out, 100, None, None)
    assert np.allclose(out, 0.25) and player.position == pytest.approx(0.1)
    player.set_loop(0.2, 0.3)
    player.seek(0.25)
    player._callback(np.zeros((100, 2), np.float32), 100, None, None)
    assert 0.2 <= player.position <= 0.3  # wrapped around inside the loop
    player.set_loop(None)
    player._finished()  # PortAudio ended the stream before the song did: the device went away
    assert player.failure and "went away" in player.failure


class _FakeOutOfMemory(RuntimeError):
    pass


def test_a_gpu_out_of_memory_falls_back_to_the_cpu_and_says_so(monkeypatch):
    from studio.ml.model import MelodyConfig
    from studio.ml.train import new_model

    devices = []

    def load(device=None):
        devices.append(str(device))
        return new_model(MelodyConfig.debug()).eval(), {}

    monkeypatch.setattr("studio.ml.model.load_shipped_model", load)
    monkeypatch.setattr("studio.ml.device.pick_device", lambda preference="auto": preference)
    from studio.compose import pipeline

    real = pipeline.generate
    calls = []

    def generate_once_out_of_memory(*args, **kwargs):
        calls.append(1)
        if len(calls) == 1:
            raise _FakeOutOfMemory("CUDA out of memory. Tried to allocate 2.00 GiB")
        return real(*args, **kwargs)

    monkeypatch.setattr(pipeline, "generate", generate_once_out_of_memory)
    engine = Engine(Settings(compute_device="cuda"))
    song = engine.generate(SongRequest("[Verse]\nsing a song", "pop"))
    assert song.melody_track().notes and devices == ["cuda", "cpu"]
    assert engine.notices == ["the GPU ran out of memory, so Studio generates on the CPU now"]


def test_a_full_disk_while_rendering_is_one_line_and_leaves_no_files(tmp_path, four_track_song, monkeypatch):
    from studio.audio.render import render_song
    from studio.audio.soundfont import bundled_font
    from studio.audio.synth import SoundFontSynth
    from studio.formats import frame_files

    synth = SoundFontSynth(bundled_font())
    written = []

    class FillingFile(io.FileIO):  # a disk with room for three blocks
        def write(self, data):
            written.append(len(data))
            if len(written) > 3:
                raise OSError(errno.ENOSPC, "No space left on device")
            return super().write(data)

    monkeypatch.setattr(frame_files, "open", lambda path, mode: FillingFile(path, "w+"), raising=False)
    with pytest.raises(AudioError, match="cannot write the rendered audio to .*: No space left on device"):
        render_song(four_track_song, synth, store=frame_files.FrameFiles(tmp_path))
    assert list(tmp_path.iterdir()) == []
    with pytest.raises(AudioError, match="No such file or directory"):
        frame_files.FrameFiles(tmp_path / "gone").new(100)
