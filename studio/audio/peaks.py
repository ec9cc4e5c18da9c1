"""Waveform peaks: the min and max of each block of samples, computed once per render so
the waveform view draws thousands of points instead of millions."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

FRAMES_PER_PEAK = 256  # 172 peaks a second at 44.1 kHz, for short songs
MAX_PEAKS = 6000  # a few screens wide: drawing more only costs the GUI thread time
MIX = "Mix"


@dataclass(frozen=True)
class Peaks:
    times: np.ndarray  # seconds at the start of each block
    low: np.ndarray
    high: np.ndarray


class PeakTracker:
    """Peaks of audio that arrives in blocks of any size, in order; ``frames`` in all.
    Channels are folded to their mean."""

    def __init__(self, frames: int, rate: int, frames_per_peak: int = FRAMES_PER_PEAK):
        self.rate = rate
        self.frames_per_peak = max(frames_per_peak, -(-frames // MAX_PEAKS))
        self._left_over = np.zeros(0, np.float32)  # the start of a peak's block not yet complete
        self._low: list[np.ndarray] = []
        self._high: list[np.ndarray] = []

    def add(self, block: np.ndarray) -> None:
        if block.ndim == 2:  # summed column by column: mean(axis=1) is 20x slower on two columns
            mono = block[:, 0].astype(np.float32)
            for channel in range(1, block.shape[1]):
                mono += block[:, channel]
            mono *= 1 / block.shape[1]
        else:
            mono = block.astype(np.float32, copy=False)
        mono = np.concatenate((self._left_over, mono))
        whole = len(mono) // self.frames_per_peak * self.frames_per_peak
        groups = mono[:whole].reshape(-1, self.frames_per_peak)
        self._low.append(groups.min(axis=1))
        self._high.append(groups.max(axis=1))
        self._left_over = mono[whole:].copy()

    def peaks(self) -> Peaks:
        low, high = list(self._low), list(self._high)
        if len(self._left_over):  # the last block, padded with silence
            last = np.pad(self._left_over, (0, self.frames_per_peak - len(self._left_over)))
            low.append(last.min(keepdims=True))
            high.append(last.max(keepdims=True))
        low = np.concatenate(low) if low else np.zeros(0, np.float32)
        high = np.concatenate(high) if high else np.zeros(0, np.float32)
        return Peaks(np.arange(len(low)) * self.frames_per_peak / self.rate, low, high)
