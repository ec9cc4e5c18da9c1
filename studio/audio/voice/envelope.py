"""A take's levels: its moving mean in O(n) (what a compressor reads, the envelope air
follows) and the RMS of its sung parts."""

from __future__ import annotations

import math

import numpy as np

SILENCE = 1e-3  # -60 dBFS: quieter samples are the silence between phrases


def moving_mean(values: np.ndarray, frame: int) -> np.ndarray:
    """The mean of ``values`` over ``frame`` samples centred on each sample (fewer at the
    ends), as float64."""
    frame = max(1, int(frame))
    running = np.concatenate([[0.0], np.cumsum(values, dtype=np.float64)])
    at = np.arange(len(values))
    ahead, behind = np.minimum(at + frame // 2 + 1, len(values)), np.maximum(at - frame // 2, 0)
    return (running[ahead] - running[behind]) / (ahead - behind)


def sung_rms(take: np.ndarray) -> float:
    """RMS of the samples above SILENCE: the voice, not the silence between phrases."""
    energy, count = 0.0, 0
    for at in range(0, len(take), 1 << 20):  # in pieces: no song-long temporaries
        piece = np.asarray(take[at : at + (1 << 20)], np.float64)
        sung = piece[np.abs(piece) > SILENCE]
        energy, count = energy + float(np.dot(sung, sung)), count + len(sung)
    return math.sqrt(energy / count) if count else 0.0
