"""The vocal's channel strip: level, EQ and a light room reverb, in one pass of FFTs.

eSpeak speaks at 22,050 Hz; the song plays at the SoundFont's rate. Resampling, EQ and the
reverb's convolution are all products in the frequency domain, so the dry stem goes
through one forward FFT and one inverse FFT per output channel (about 0.1 s for a
three-minute song). The EQ is zero-phase: the vocal's timing stays where the notes are.
"""

from __future__ import annotations

import functools

import numpy as np

LEVEL_DBFS = -20.0  # RMS of the sung parts before the fader: the vocal leads, the band sits below
REVERB_SECONDS = 1.4  # RT60 of a small hall
REVERB_PREDELAY = 0.022
REVERB_SEND = 0.22  # wet level against the dry vocal
HIGH_PASS_HZ = 110.0  # below this a voice only adds rumble
PRESENCE_HZ, PRESENCE_DB = 3000.0, 3.0  # diction cuts through the band
MUD_HZ, MUD_DB = 320.0, -2.0
_SEED = 20261121  # the reverb's noise is fixed: the same song renders the same file


def finish_vocal(dry: np.ndarray, rate_in: int, rate_out: int) -> np.ndarray:
    """A mono dry vocal at ``rate_in`` as a stereo stem at ``rate_out``: (frames, 2) float32."""
    frames_out = int(round(len(dry) * rate_out / rate_in))
    if frames_out == 0:
        return np.zeros((0, 2), np.float32)
    dry = _levelled(dry.astype(np.float32))
    n_in = _fft_size(len(dry) + int((REVERB_SECONDS + REVERB_PREDELAY) * rate_in) + 1)
    n_out = int(round(n_in * rate_out / rate_in))
    # EQ and reverb at the speech rate (a voice has nothing above it), then zero-padding the
    # spectrum resamples to the song's rate in the same inverse FFT.
    spectrum = np.fft.rfft(dry, n_in) * _eq(np.fft.rfftfreq(n_in, 1 / rate_in)).astype(np.float32)
    out = np.empty((frames_out, 2), np.float32)
    for channel, room in enumerate(_room_spectra(rate_in, n_in)):
        wet = spectrum * (1 + REVERB_SEND * room)
        wet = np.pad(wet, (0, max(0, n_out // 2 + 1 - len(wet))))[: n_out // 2 + 1]
        out[:, channel] = np.fft.irfft(wet, n_out)[:frames_out] * (n_out / n_in)
    return out


def _fft_size(n: int) -> int:
    """The smallest 2^k or 3 * 2^k that holds n: fast for pocketfft, and little padding."""
    power_of_two = 1 << max(0, (n - 1).bit_length())
    three_times = 3 << max(0, (-(-n // 3) - 1).bit_length())
    return min(power_of_two, three_times)


def _levelled(dry: np.ndarray) -> np.ndarray:
    sung = np.abs(dry) > 1e-3
    if not sung.any():
        return dry
    rms = np.sqrt(np.mean(dry[sung] ** 2))
    return dry * (10 ** (LEVEL_DBFS / 20) / rms)


def _eq(hz: np.ndarray) -> np.ndarray:
    hz = np.maximum(hz, 1.0)
    high_pass = 1 / np.sqrt(1 + (HIGH_PASS_HZ / hz) ** 4)  # 2nd-order Butterworth magnitude

    def bell(centre, gain_db, width_octaves):
        return gain_db * np.exp(-0.5 * (np.log2(hz / centre) / width_octaves) ** 2)

    return high_pass * 10 ** ((bell(PRESENCE_HZ, PRESENCE_DB, 0.6) + bell(MUD_HZ, MUD_DB, 0.5)) / 20)


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
