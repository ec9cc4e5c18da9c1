"""A spoken vowel laid over a sung note: which part of it is held, and how fast the rest goes.

As UTAU voicebanks mark a sample: the glide in from the consonant and the release keep
near their spoken speed, only a steady middle is stretched (stretching the whole vowel
would slow the formant transitions down too).
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from studio.audio.voice.phonemes import SyllableSound
from studio.audio.voice.types import Utterance

# The glide into a vowel and its release take up to these shares of a long note, at most
# SPOKEN_STRETCH times slower than spoken; only the middle between them is held. Against
# 0.3, 0.2 and 1.5, the recogniser missed 0.05 fewer words (24 ballad, pop and chorale
# songs, 0.294 -> 0.238): a long note whose vowel froze after 50 ms lost the word.
VOWEL_HEAD, VOWEL_TAIL = 0.4, 0.3
SPOKEN_STRETCH = 2.5
LOUDER_WINDOW = 2.0  # energy ratio (3 dB) at which the held part of a vowel moves to its loudest


class Piece(NamedTuple):
    """A stretch of a spoken word and where it goes in song time."""

    utterance: Utterance
    a: int  # source samples [a, b)
    b: int
    t0: float  # song seconds [t0, t1)
    t1: float
    steady: bool = False  # the sustained middle of a vowel: its level is evened out
    gain: float = 1.0  # the syllable's lift


def vowel_pieces(u: Utterance, sound: SyllableSound, t0: float, t1: float, gain: float) -> list[Piece]:
    """The vowel of ``sound`` over song seconds [t0, t1): glide in, held middle, release."""
    a, b, rate = sound.vowel_start, sound.vowel_end, u.rate
    held = int((1 - VOWEL_HEAD - VOWEL_TAIL) * (b - a))
    head_end = _loudest_window(u.samples[a:b], held, VOWEL_HEAD, rate) + a
    tail_start = head_end + held
    target = t1 - t0
    head = min(SPOKEN_STRETCH * (head_end - a) / rate, VOWEL_HEAD * target)
    tail = min(SPOKEN_STRETCH * (b - tail_start) / rate, VOWEL_TAIL * target)
    return [
        Piece(u, a, head_end, t0, t0 + head, gain=gain),
        Piece(u, head_end, tail_start, t0 + head, t1 - tail, steady=True, gain=gain),
        Piece(u, tail_start, b, t1 - tail, t1, gain=gain),
    ]


def _loudest_window(vowel: np.ndarray, length: int, usual_share: float, rate: int) -> int:
    """Where the part of a vowel to sustain starts: usually VOWEL_HEAD into it, but where a
    stretch of the vowel is much quieter (a glottal stop, a voice fading early), the
    loudest window of its length, so the held note is voice and not the gap."""
    usual = int(usual_share * len(vowel))
    frame = max(1, int(0.005 * rate))
    count = len(vowel) // frame
    if length < 2 * frame or count < 3:
        return usual
    energy = np.mean(np.square(vowel[: count * frame].reshape(count, frame), dtype=np.float64), axis=1)
    span = max(1, length // frame)
    sums = np.convolve(energy, np.ones(span), mode="valid")  # sums[i]: frames i .. i+span-1
    best = int(np.argmax(sums))
    at_usual = sums[min(usual // frame, len(sums) - 1)]
    # Only a clearly better window moves it: a vowel's normal swell stays where it was.
    return best * frame if sums[best] > LOUDER_WINDOW * at_usual else usual


def steady_level(block: np.ndarray, rate: int) -> np.ndarray:
    """The sustained part of a vowel at an even level. eSpeak's vowels swell and fade;
    stretched twenty times, each repeated pitch period would make an audible loudness step."""
    frame = int(0.01 * rate)
    if len(block) < 3 * frame:
        return block
    count = len(block) // frame
    rms = np.sqrt(np.mean(block[: count * frame].reshape(count, frame) ** 2, axis=1)) + 1e-6
    centres = (np.arange(count) + 0.5) * frame
    envelope = np.interp(np.arange(len(block)), centres, rms)
    return (block * np.clip(np.median(rms) / envelope, 0.25, 4.0)).astype(np.float32)
