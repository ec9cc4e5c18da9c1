"""Waveform peaks: the min and max of each block of samples, computed once per render so
the waveform view draws thousands of points instead of millions."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

FRAMES_PER_PEAK = 256  # 172 peaks a second at 44.1 kHz, for short songs
MAX_PEAKS = 6000  # a few screens wide: drawing more only costs the GUI thread time


@dataclass(frozen=True)
class Peaks:
    times: np.ndarray  # seconds at the start of each block
    low: np.ndarray
    high: np.ndarray


def peaks(audio: np.ndarray, rate: int, frames_per_peak: int = FRAMES_PER_PEAK) -> Peaks:
    """Peaks of mono or (frames, channels) audio, at most MAX_PEAKS of them; channels are
    folded to their mean."""
    mono = audio.mean(axis=1) if audio.ndim == 2 else audio
    frames_per_peak = max(frames_per_peak, -(-len(mono) // MAX_PEAKS))
    count = -(-len(mono) // frames_per_peak)
    padded = np.pad(mono, (0, count * frames_per_peak - len(mono))).reshape(count, frames_per_peak)
    times = np.arange(count) * frames_per_peak / rate
    return Peaks(times, padded.min(axis=1), padded.max(axis=1))


MIX = "Mix"


def song_peaks(mix: np.ndarray, stems: dict[str, np.ndarray], rate: int) -> dict[str, Peaks]:
    """Peaks of the mix (under MIX) and of every stem, for a waveform that can show either."""
    return {MIX: peaks(mix, rate), **{name: peaks(stem, rate) for name, stem in stems.items()}}
