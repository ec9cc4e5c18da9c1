"""The vocal's channel strip: a compressor, level, EQ and a light room reverb, in blocks of FFTs.

eSpeak speaks at 22,050 Hz; the song plays at the SoundFont's rate. Resampling, EQ and the
reverb's convolution are all products in the frequency domain, so each block of the dry
take goes through one forward FFT and one inverse FFT per output channel, and the blocks
overlap-add (about 0.2 s for a three-minute song). The EQ is linear-phase, and its delay
is taken back out: the vocal's timing stays where the notes are.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Iterator

import numpy as np

from studio.audio.voice.envelope import moving_mean, sung_rms

LEVEL_DBFS = -20.0  # RMS of the sung parts before the fader: the vocal leads, the band sits below
REVERB_SECONDS = 1.4  # RT60 of a small hall
REVERB_PREDELAY = 0.022
REVERB_SEND = 0.11  # wet level against the dry vocal (0.22 cost 0.05 in WER: docs/decisions.md)
HIGH_PASS_HZ = 110.0  # below this a voice only adds rumble
PRESENCE_HZ, PRESENCE_DB = 3000.0, 3.0  # diction cuts through the band
MUD_HZ, MUD_DB = 320.0, -2.0
EQ_TAPS = 4096  # the EQ as a linear-phase FIR of 0.19 s: within 0.02 dB of its curve above 60 Hz
BLOCK_IN = 1 << 17  # dry samples per FFT block: 5.9 s at 22,050 Hz
# Zeros after each block's result in its FFT: the resampling is circular, and what rings
# round from a block's hard edges must fall far enough away to be inaudible.
GUARD = 1 << 16
COMPRESS_OVER_DB = 3.0  # a syllable this far over the take's sung RMS is turned down ...
COMPRESS_RATIO = 3.0  # ... by this ratio above it: the loud words stop sticking out of the mix
COMPRESS_WINDOW = 0.02  # seconds: the level it reads (a vowel, not a pitch period)
COMPRESS_RELEASE = 0.05  # seconds its gain takes to change (no clicks, no pumping)
_SEED = 20261121  # the reverb's noise is fixed: the same song renders the same file


def finish_vocal(dry: np.ndarray, rate_in: int, rate_out: int, frames_out: int | None = None) -> np.ndarray:
    """A mono dry vocal at ``rate_in`` as a stereo stem at ``rate_out``: (frames, 2) float32,
    as long as the dry take unless ``frames_out`` says otherwise (the reverb rings on)."""
    frames_out = int(round(len(dry) * rate_out / rate_in)) if frames_out is None else frames_out
    out = np.empty((frames_out, 2), np.float32)
    for start, block in vocal_blocks(dry, rate_in, rate_out, frames_out):
        out[start : start + len(block)] = block
    return out


def vocal_blocks(
    dry: np.ndarray, rate_in: int, rate_out: int, frames_out: int, block_in: int = BLOCK_IN
) -> Iterator[tuple[int, np.ndarray]]:
    """The channel strip in blocks: (first frame, float32 (n, 2)) in order, covering
    [0, frames_out) at ``rate_out``. Each block of about ``block_in`` dry samples is one
    rfft and an irfft per channel (overlap-add), so an eight-minute vocal needs a few
    megabytes, not the half gigabyte of one song-long FFT."""
    step = rate_in // math.gcd(rate_in, rate_out)  # dry samples per whole number of output frames
    block_in = max(step, block_in // step * step)
    filters, n_in = _filters(rate_in, block_in, step)
    n_out, block_out = n_in * rate_out // rate_in, block_in * rate_out // rate_in
    delay_out = EQ_TAPS // 2 * rate_out // rate_in  # the EQ's linear-phase delay, taken back out
    dry = compress(dry, rate_in)
    gain = _level_gain(dry)
    carry = np.zeros((n_out - block_out, 2), np.float32)
    written, first = 0, -delay_out  # ``first``: the output frame where this block's result starts
    for at in range(0, len(dry), block_in):
        spectrum = np.fft.rfft(np.asarray(dry[at : at + block_in], np.float32) * gain, n_in)
        result = np.empty((n_out, 2), np.float32)
        for channel, response in enumerate(filters):
            wet = np.zeros(n_out // 2 + 1, np.complex64)
            wet[: len(spectrum)] = spectrum * response
            if n_out > n_in:  # the old Nyquist bin stands for +f and -f: half of it goes to each
                wet[n_in // 2] *= 0.5
            result[:, channel] = np.fft.irfft(wet, n_out) * (n_out / n_in)
        result[: len(carry)] += carry
        carry = result[block_out:]
        done, written = _clipped(result[:block_out], first, written, frames_out)
        if done is not None:
            yield done
        first += block_out
    done, written = _clipped(carry, first, written, frames_out)  # the last reverb tail
    if done is not None:
        yield done
    for start in range(written, frames_out, block_out):  # silence to the end of the song
        yield start, np.zeros((min(block_out, frames_out - start), 2), np.float32)


def compress(dry: np.ndarray, rate: int) -> np.ndarray:
    """The take with its loudest syllables brought down towards its usual level: RMS over
    COMPRESS_WINDOW, COMPRESS_RATIO above COMPRESS_OVER_DB over the sung RMS, the gain
    smoothed over COMPRESS_RELEASE. Quiet words then sit higher once the level is set."""
    reference = sung_rms(dry)
    if not reference:
        return dry
    level_db = 10 * np.log10(moving_mean(np.square(dry, dtype=np.float64), COMPRESS_WINDOW * rate) + 1e-12)
    over = np.maximum(level_db - 20 * np.log10(reference) - COMPRESS_OVER_DB, 0.0)
    gain_db = moving_mean(-over * (1 - 1 / COMPRESS_RATIO), COMPRESS_RELEASE * rate)
    return (dry * 10 ** (gain_db / 20)).astype(np.float32)


def _clipped(block: np.ndarray, first: int, written: int, frames_out: int):
    """The part of ``block`` (output frames from ``first``) not yet written and inside the song."""
    start, stop = max(first, written), min(first + len(block), frames_out)
    if stop <= start:
        return None, written
    return (start, block[start - first : stop - first]), stop


def _fft_size(n: int, step: int = 1) -> int:
    """The smallest step * 2^k that holds n: fast for pocketfft, and a whole number of
    output frames."""
    return step << max(0, (-(-n // step) - 1).bit_length())


def _level_gain(dry: np.ndarray) -> float:
    """The gain that brings the sung parts (above -60 dBFS) to LEVEL_DBFS RMS."""
    sung = sung_rms(dry)
    return 10 ** (LEVEL_DBFS / 20) / sung if sung else 1.0


@functools.lru_cache(maxsize=4)
def _filters(rate: int, block: int, step: int) -> tuple[tuple[np.ndarray, np.ndarray], int]:
    """The EQ and room of each channel as spectra for blocks of ``block`` dry samples, and
    the FFT size they need (block, EQ and room tail without wrapping round)."""
    taps = np.fft.irfft(_eq(np.fft.rfftfreq(EQ_TAPS, 1 / rate), rate), EQ_TAPS)
    eq_fir = np.roll(taps, EQ_TAPS // 2) * np.hanning(EQ_TAPS)  # zero-phase -> linear phase
    room_length = int((REVERB_SECONDS + REVERB_PREDELAY) * rate)
    size = _fft_size(block + EQ_TAPS + room_length + GUARD, step)
    eq = np.fft.rfft(eq_fir, size)
    left, right = _room_spectra(rate, size)
    channels = tuple((eq * (1 + REVERB_SEND * room)).astype(np.complex64) for room in (left, right))
    return channels, size


def _eq(hz: np.ndarray, rate: int) -> np.ndarray:
    hz = np.maximum(hz, 1.0)
    high_pass = 1 / np.sqrt(1 + (HIGH_PASS_HZ / hz) ** 4)  # 2nd-order Butterworth magnitude
    # A resampler's roll-off over the top tenth below the speech rate's Nyquist frequency.
    # Without it, the little the voice has up there rings from one block into the next:
    # -49 dB against -132 dB with it (white noise, blocks of 5.9 s against one FFT).
    top = np.clip((hz - 0.45 * rate) / (0.05 * rate), 0.0, 1.0)
    anti_image = 0.5 * (1 + np.cos(np.pi * top))

    def bell(centre, gain_db, width_octaves):
        return gain_db * np.exp(-0.5 * (np.log2(hz / centre) / width_octaves) ** 2)

    return anti_image * high_pass * 10 ** ((bell(PRESENCE_HZ, PRESENCE_DB, 0.6) + bell(MUD_HZ, MUD_DB, 0.5)) / 20)


@functools.lru_cache(maxsize=4)
def _room_spectra(rate: int, size: int) -> tuple[np.ndarray, np.ndarray]:
    """Two decorrelated room responses (left, right), as spectra of ``size`` points: decaying
    noise, slightly darkened. Cached, since a song is rendered again after each edit."""
    rng = np.random.default_rng(_SEED)
    length = int(REVERB_SECONDS * rate)
    envelope = np.exp(-6.91 * np.arange(length) / rate / REVERB_SECONDS)  # -60 dB at RT60
    predelay = np.zeros(int(REVERB_PREDELAY * rate), np.float32)
    spectra = []
    for _ in range(2):
        noise = np.convolve(rng.standard_normal(length) * envelope, np.ones(3) / 3, mode="same")
        impulse = np.concatenate([predelay, (noise / np.sqrt(np.sum(noise**2))).astype(np.float32)])
        spectra.append(np.fft.rfft(impulse, size))
    return spectra[0], spectra[1]
