"""What every voice gives the singer: a word's sound with its phones timed, and which voice
says which words (``Speaker``); kept apart so that the voices and the singer share them
without importing each other."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import Protocol

import numpy as np

from studio.core.song import VOICES

DEFAULT_VOICE = VOICES[0]
PAUSES = frozenset({"_", "_:", "_|", "_!", "_!_", "||", "|"})
# eSpeak's mnemonics (ASCII) and the IPA the neural voice's phonemes are written in.
_VOWEL_STARTS = frozenset("aeiouyAEIOUVY@03&") | frozenset("æɐɑɒɔəɚɛɜɝɪʊʌøœɵɨʉɯɤᵻ")


@dataclass(frozen=True)
class Phone:
    name: str  # eSpeak's mnemonic without stress marks: "aI", "t#", "@L"
    start: int  # samples into the utterance
    end: int

    @property
    def is_vowel(self) -> bool:
        return self.name[:1] in _VOWEL_STARTS

    @property
    def is_pause(self) -> bool:
        return self.name in PAUSES


@dataclass(frozen=True)
class Utterance:
    rate: int
    samples: np.ndarray  # float32 mono, -1..1
    phones: tuple[Phone, ...]  # pauses removed


def language_for(text: str) -> str | None:
    """The eSpeak language that can say this word, from its script; None when none can."""
    scripts = {_script(ch) for ch in text if not unicodedata.category(ch).startswith(("P", "Z"))}
    scripts.discard("mark")
    if len(scripts) != 1:
        return None
    return {"latin": "en-us", "han": "cmn", "kana": "ja", "hangul": "ko"}.get(scripts.pop())


def _script(ch: str) -> str:
    if unicodedata.category(ch) == "Mn":
        return "mark"
    name = unicodedata.name(ch, "")
    if name.startswith("LATIN") or ch == "'":
        return "latin"
    if name.startswith("CJK UNIFIED IDEOGRAPH") or name.startswith("CJK COMPATIBILITY IDEOGRAPH"):
        return "han"
    if name.startswith(("HIRAGANA", "KATAKANA")):
        return "kana"
    if name.startswith("HANGUL"):
        return "hangul"
    return "other"


class Speaker(Protocol):
    """A voice that says words with their phones timed: Piper's joe, Festival's slt, eSpeak NG.
    ``pace`` times slower than its own rate; the words ``held`` on long notes in their strong
    forms (where the voice can)."""

    def say_words(
        self, words: tuple[str, ...], voice: str = DEFAULT_VOICE, pace: float = 1.0, held: tuple[bool, ...] = ()
    ) -> list[Utterance]: ...
