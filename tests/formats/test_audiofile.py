import numpy as np
import pytest

from studio.core.errors import AudioError, ExportError
from studio.formats.audiofile import read_audio, write_audio


@pytest.mark.parametrize(("suffix", "bits"), [(".wav", 16), (".wav", 24), (".flac", 16), (".flac", 24)])
def test_round_trip(tmp_path, suffix, bits):
    t = np.arange(4410) / 44100
    tone = (0.5 * np.sin(2 * np.pi * 440 * t)).astype(np.float32)
    stereo = np.stack([tone, -tone], axis=1)
    path = tmp_path / f"tone{suffix}"
    write_audio(path, stereo, 44100, bits)
    data, rate = read_audio(path)
    assert rate == 44100 and data.shape == stereo.shape
    assert np.abs(data - stereo).max() < 2 / 2 ** (bits - 1)


def test_unknown_extension_is_refused(tmp_path):
    with pytest.raises(ExportError, match=r"\.wav or \.flac"):
        write_audio(tmp_path / "song.mp3", np.zeros((10, 2)), 44100)


def test_unreadable_audio(tmp_path):
    path = tmp_path / "bad.wav"
    path.write_bytes(b"RIFF nonsense")
    with pytest.raises(AudioError):
        read_audio(path)
