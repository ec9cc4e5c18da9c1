"""WAV and FLAC through soundfile (libsndfile), written atomically.

Audio inside Studio is float32, shape (frames, channels), -1..1. Files are 16- or 24-bit
PCM; the format follows the file extension.
"""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import soundfile

from studio.core.atomic import atomic_write
from studio.core.errors import AudioError, ExportError
from studio.formats.frame_files import read_frames

FORMATS = {".wav": "WAV", ".flac": "FLAC"}
SUBTYPES = {16: "PCM_16", 24: "PCM_24"}
WRITE_FRAMES = 1 << 16


def write_audio(path: str | os.PathLike, samples: np.ndarray, rate: int, bits: int = 16) -> None:
    path = Path(path)
    kind = FORMATS.get(path.suffix.lower())
    if kind is None:
        raise ExportError(f"{path.name}: audio can be written as .wav or .flac, not {path.suffix or 'no extension'}")
    if bits not in SUBTYPES:
        raise ExportError(f"audio can be 16 or 24 bit, not {bits}")
    channels = samples.shape[1] if samples.ndim == 2 else 1

    def write(tmp) -> None:
        # In blocks: a song's stems may be memory-mapped files longer than memory wants.
        with soundfile.SoundFile(str(tmp), "w", rate, channels, SUBTYPES[bits], format=kind) as file:
            for start in range(0, len(samples), WRITE_FRAMES):
                block = read_frames(samples, start, start + WRITE_FRAMES)
                file.write(np.clip(np.asarray(block, dtype=np.float32), -1.0, 1.0))

    try:
        atomic_write(path, write)
    except (OSError, soundfile.LibsndfileError) as exc:
        raise ExportError(f"cannot write {path}: {getattr(exc, 'strerror', None) or exc}") from None


def read_audio(path: str | os.PathLike) -> tuple[np.ndarray, int]:
    """Samples as float32 (frames, channels) and the sample rate."""
    try:
        data, rate = soundfile.read(path, dtype="float32", always_2d=True)
    except (OSError, soundfile.LibsndfileError) as exc:
        raise AudioError(f"cannot read {path}: {exc}") from None
    return data, rate
