"""Stems -> mix, with fader, pan and a gentle look-ahead limiter, block by block.

The limiter's gain curve is computed on the mix and applied to every stem as well, so the
stems still add up to the mix (gain is linear; to float rounding) and no sample reaches
0 dBFS. Only the curve's corner points (one per 64 frames) are song-long; the audio itself
is read and written in blocks (studio.audio.stems), so a long song costs no more memory.
"""

from __future__ import annotations

import math

import numpy as np

from studio.audio.peaks import MIX, PeakTracker
from studio.audio.stems import CHUNK_FRAMES, Stem, chunks

CEILING_DB = -1.0
_BLOCK = 64  # frames per gain step: 1.5 ms at 44.1 kHz


def pan_gains(volume: float, pan: float) -> tuple[float, float]:
    """Constant-power pan: centre is -3 dB per side, so moving a track keeps it as loud."""
    angle = (pan + 1.0) * math.pi / 4.0
    return volume * math.cos(angle) * math.sqrt(2.0), volume * math.sin(angle) * math.sqrt(2.0)


def block_peaks(audio: np.ndarray) -> np.ndarray:
    """The largest |sample| of each _BLOCK frames (the last block padded with silence)."""
    padded = np.zeros((-(-len(audio) // _BLOCK) * _BLOCK, audio.shape[1]), np.float32)
    padded[: len(audio)] = audio
    return np.abs(padded).reshape(-1, _BLOCK * audio.shape[1]).max(axis=1)


def limiter_edges(
    peaks: np.ndarray, rate: int, ceiling: float, attack_s: float = 0.005, release_s: float = 0.3
) -> np.ndarray | None:
    """The limiter's gain at each _BLOCK edge (len(peaks) + 1 points, straight lines between),
    given each block's peak; None when nothing needs turning down."""
    need = np.minimum(1.0, ceiling / np.maximum(peaks, 1e-12))
    if len(need) == 0 or need.min() >= 1.0:
        return None
    attack_step = _BLOCK / (attack_s * rate)
    release_step = _BLOCK / (release_s * rate)
    gain = need.copy()
    for k in range(len(gain) - 2, -1, -1):  # look ahead: start turning down before the peak
        gain[k] = min(gain[k], gain[k + 1] + attack_step)
    for k in range(1, len(gain)):  # then recover slowly
        gain[k] = min(gain[k], gain[k - 1] + release_step)
    # Gain at each block edge is the smaller of its two blocks, so the straight line across
    # a block never rises above that block's own limit.
    return np.minimum(np.concatenate(([gain[0]], gain)), np.concatenate((gain, [gain[-1]]))).astype(np.float32)


def gain_curve(edges: np.ndarray, start: int, stop: int) -> np.ndarray:
    """Per-frame gain for frames [start, stop) from the edge points (start a multiple of _BLOCK)."""
    first, last = start // _BLOCK, -(-stop // _BLOCK)
    ramp = np.arange(_BLOCK, dtype=np.float32) / _BLOCK
    low, high = edges[first:last], edges[first + 1 : last + 1]
    return (low[:, None] + (high - low)[:, None] * ramp).reshape(-1)[: stop - start]


def limiter_gain(mix: np.ndarray, rate: int, ceiling: float) -> np.ndarray:
    """Per-frame gain <= 1 with |mix * gain| <= ceiling everywhere, ramped to avoid clicks."""
    edges = limiter_edges(block_peaks(mix), rate, ceiling)
    return np.ones(len(mix), np.float32) if edges is None else gain_curve(edges, 0, len(mix))


def mix_down(stems: dict[str, Stem], mix: Stem, rate: int, chunk: int = CHUNK_FRAMES) -> dict:
    """Sum the placed ``stems`` into ``mix``, limit, and apply the same gain to every stem.
    Returns the waveform peaks of the mix (under MIX) and of each stem, as limited."""
    assert chunk % _BLOCK == 0
    frames = mix.frames
    peaks = np.zeros(-(-frames // _BLOCK), np.float32)
    for start, stop in chunks(frames, chunk):
        total = None
        for stem in stems.values():
            block = stem.read(start, stop)
            total = block.copy() if total is None else np.add(total, block, out=total)
        if total is None:
            break
        mix.write(start, total)
        peaks[start // _BLOCK : start // _BLOCK + -(-len(total) // _BLOCK)] = block_peaks(total)
    edges = limiter_edges(peaks, rate, 10 ** (CEILING_DB / 20))
    trackers = {name: PeakTracker(frames, rate) for name in (MIX, *stems)}
    for start, stop in chunks(frames, chunk):
        gain = None if edges is None else gain_curve(edges, start, stop)[:, None]
        for name, stem in ((MIX, mix), *stems.items()):
            block = stem.read(start, stop)
            if gain is not None:
                block *= gain
                stem.write(start, block)
            trackers[name].add(block)
    return {name: tracker.peaks() for name, tracker in trackers.items()}
