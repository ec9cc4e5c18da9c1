"""Stems -> mix, with fader, pan and a gentle look-ahead limiter.

The limiter's gain curve is computed on the mix and applied to every stem as well, so the
stems still add up to the mix (gain is linear; to float rounding) and no sample reaches 0 dBFS.
"""

from __future__ import annotations

import math

import numpy as np

CEILING_DB = -1.0
_BLOCK = 64  # samples per gain step: 1.5 ms at 44.1 kHz
_CHUNK_BLOCKS = 16384  # blocks per pass when finding peaks (1M frames)


def pan_gains(volume: float, pan: float) -> tuple[float, float]:
    """Constant-power pan: centre is -3 dB per side, so moving a track keeps it as loud."""
    angle = (pan + 1.0) * math.pi / 4.0
    return volume * math.cos(angle) * math.sqrt(2.0), volume * math.sin(angle) * math.sqrt(2.0)


def limiter_gain(
    mix: np.ndarray, rate: int, ceiling: float, attack_s: float = 0.005, release_s: float = 0.3
) -> np.ndarray:
    """Per-frame gain <= 1 with |mix * gain| <= ceiling everywhere, ramped to avoid clicks."""
    frames = len(mix)
    if frames == 0:
        return np.ones(0, dtype=np.float32)
    blocks = -(-frames // _BLOCK)
    block_peak = np.zeros(blocks, dtype=np.float32)
    for first in range(0, blocks, _CHUNK_BLOCKS):  # in chunks: no full-length copy of the mix
        chunk = mix[first * _BLOCK : (first + _CHUNK_BLOCKS) * _BLOCK]
        padded = np.zeros((-(-len(chunk) // _BLOCK) * _BLOCK, chunk.shape[1]), np.float32)
        padded[: len(chunk)] = chunk
        block_peak[first : first + len(padded) // _BLOCK] = np.abs(padded).reshape(-1, _BLOCK * chunk.shape[1]).max(1)
    need = np.minimum(1.0, ceiling / np.maximum(block_peak, 1e-12))
    if need.min() >= 1.0:
        return np.ones(frames, dtype=np.float32)
    attack_step = _BLOCK / (attack_s * rate)
    release_step = _BLOCK / (release_s * rate)
    gain = need.copy()
    for k in range(blocks - 2, -1, -1):  # look ahead: start turning down before the peak
        gain[k] = min(gain[k], gain[k + 1] + attack_step)
    for k in range(1, blocks):  # then recover slowly
        gain[k] = min(gain[k], gain[k - 1] + release_step)
    # Gain at each block edge is the smaller of its two blocks, so the straight line across
    # a block never rises above that block's own limit.
    edges = np.minimum(np.concatenate(([gain[0]], gain)), np.concatenate((gain, [gain[-1]]))).astype(np.float32)
    # A straight line across each block, built block-wise in float32 (np.interp over every
    # frame made a float64 array as long as the song: 160 MB for eight minutes).
    ramp = np.arange(_BLOCK, dtype=np.float32) / _BLOCK
    curve = (edges[:-1, None] + (edges[1:] - edges[:-1])[:, None] * ramp).reshape(-1)
    return curve[:frames]


def mix_stems(
    stems: dict[str, np.ndarray], faders: dict[str, tuple[float, float]], rate: int
) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """Apply each stem's (volume, pan), sum, limit. Returns the mix and the stems as mixed."""
    placed = {}
    for name, stem in stems.items():
        left, right = pan_gains(*faders.get(name, (1.0, 0.0)))
        stem *= np.array([left, right], dtype=np.float32)  # the raw stem is ours to change
        placed[name] = stem
    if not placed:
        return np.zeros((0, 2), dtype=np.float32), {}
    mix = _sum(placed.values())
    gain = limiter_gain(mix, rate, 10 ** (CEILING_DB / 20))[:, None]
    stems_out = {name: np.multiply(stem, gain, out=stem) for name, stem in placed.items()}
    # The gain is linear, so the limited mix is the sum times the gain: no second sum (and no
    # second song-long array); the stems add up to it to float rounding.
    return np.multiply(mix, gain, out=mix), stems_out


def _sum(stems) -> np.ndarray:
    # In place, in order: np.sum over a stacked copy is 10x slower on long songs.
    total = None
    for stem in stems:
        total = stem.copy() if total is None else np.add(total, stem, out=total)
    return total
